-- value_text states the claim's value: one number, or a range's two ends in order joined by
-- " to "; each is in the quote read whole (no letter or digit glued to it, nor a decimal point
-- or thousands separator with a digit beyond) and reads as the value: digits with thousands
-- separators cast here, anything else as numbers.py reads it (temp.value_reading, filled by
-- setbased.py for the texts that are not plain digits). The first occurrence of each number
-- is looked at with fixed patterns; only a number whose first occurrence is not whole is
-- searched with a pattern of its own (a regular expression compiled per row cost a second
-- for 20,000 claims).
with claims as (
    select seed_file, claim_id, quote, qualifier, value, value_low, value_high,
        string_split(value_text, ' to ') as pieces
    from claim
    where value_text is not null
),
pieces as (
    select seed_file, claim_id, quote, qualifier, value, value_low, value_high,
        len(pieces) as n, unnest(pieces) as piece, generate_subscripts(pieces, 1) as i
    from claims
),
placed as (
    select *, strpos(quote, piece) as pos, strpos(quote, piece) + length(piece) as past
    from pieces
),
read as (
    select p.*,
        pos > 0
        and (pos = 1 or not regexp_full_match(substr(quote, pos - 1, 1), '[0-9A-Za-z]'))
        and (pos <= 2 or not regexp_full_match(substr(quote, pos - 2, 2), '[0-9][.,]'))
        and not regexp_full_match(substr(quote, past, 1), '[0-9A-Za-z]')
        and not regexp_full_match(substr(quote, past, 2), '[.,][0-9]') as first_whole,
        case
            when regexp_full_match(p.piece, '[0-9]{1,3}(,[0-9]{3})+|[0-9]+')
                then cast(replace(p.piece, ',', '') as decimal(38, 4))
            else r.value
        end as read_value,
        case
            when p.qualifier = 'range' then case p.i when 1 then p.value_low else p.value_high end
            else coalesce(p.value, p.value_low, p.value_high)
        end as wanted,
        case when p.qualifier = 'range' then 2 else 1 end as wanted_pieces
    from placed as p
    left join temp.value_reading as r on r.piece = p.piece
),
judged as (
    select *,
        case  -- a case, not an or: DuckDB evaluates both sides of an or
            when first_whole then true
            else regexp_matches(quote, '(^|[^0-9A-Za-z.,]|[^0-9][.,])' || regexp_escape(piece)
                || '($|[^0-9A-Za-z.,]|[.,]($|[^0-9]))')
        end as whole
    from read
)
select distinct seed_file as file, claim_id as record,
    case
        when n <> wanted_pieces then
            'value_text states ' || n || ' number(s); a ' || qualifier || ' claim states '
            || wanted_pieces
        when not whole then 'value_text''s ' || piece || ' is not in the quote read whole'
        when read_value is null then 'value_text''s ' || piece || ' does not read as one number'
        else 'value_text''s ' || piece || ' reads '
            || regexp_replace(cast(read_value as varchar), '(\.[0-9]*[1-9])0+$|\.0+$', '\1')
            || ', not the claim''s '
            || coalesce(regexp_replace(cast(wanted as varchar), '(\.[0-9]*[1-9])0+$|\.0+$', '\1'), 'no value')
    end as message
from judged
where n <> wanted_pieces or not whole or read_value is distinct from wanted
