-- The claim's quote is its document's text at its offsets (runs of white space folded, as
-- the quote is found) and its context is the 120 characters either side. Comparing the texts
-- as they are first spares the regular expressions for almost every row.
with placed as (
    select
        c.seed_file, c.claim_id, c.quote, c.quote_start, c.quote_end, c.context_before,
        c.context_after, d.report_id is null as no_document,
        substr(d.text, c.quote_start + 1, c.quote_end - c.quote_start) as at_offsets,
        substr(d.text, greatest(c.quote_start - 120, 0) + 1,
            c.quote_start - greatest(c.quote_start - 120, 0)) as before_text,
        substr(d.text, c.quote_end + 1, 120) as after_text
    from claim as c
    left join document as d on d.report_id = c.report_id
)
select seed_file as file, claim_id as record,
    case
        when no_document then 'the claim''s report has no document in the database'
        when at_offsets is distinct from quote then
            'the quote is not the document''s text at characters ' || quote_start || ' to '
            || quote_end || ', which reads: '
            || regexp_replace(left(at_offsets, 80), '[\s\p{Z}]+', ' ', 'g')
        else 'the context stored with the quote is not the document''s text around it'
    end as message
from placed
where no_document
    or (at_offsets <> quote
        and regexp_replace(at_offsets, '[\s\p{Z}]+', ' ', 'g')
            <> regexp_replace(quote, '[\s\p{Z}]+', ' ', 'g'))
    or before_text <> context_before
    or after_text <> context_after
