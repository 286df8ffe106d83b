-- Each quote's recorded span is at least as long as the quote with its white space folded.
-- (Folding never lengthens a quote, so only a span shorter than the quote itself can break
-- the rule; the first condition spares the regular expression at a million claims.)
select claim_id, quote_start, quote_end, length(quote) as quote_length
from claim
where quote_end - quote_start < length(quote)
  and quote_end - quote_start < length(regexp_replace(quote, '\s+', ' ', 'g'))
