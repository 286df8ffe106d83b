-- Each quote's recorded span is at least as long as the quote with its white space folded.
select claim_id, quote_start, quote_end, length(quote) as quote_length
from claim
where quote_end - quote_start < length(regexp_replace(quote, '\s+', ' ', 'g'))
