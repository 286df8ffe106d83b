-- One row per total and breakdown dimension that has parts: the total, the sum of its parts,
-- the number of parts and a status. parts_add_up: the parts sum to the total;
-- parts_exceed_total: they sum to more; parts_fall_short: two or more exact parts sum to less;
-- parts_incomplete: a lone part ("including one child") or a part or total that is not an
-- exact value, so the sum cannot be checked. Nothing is corrected: a mismatch is shown.
--
-- columns:
--   total_claim_id: The claim of the total.
--   report_id: The document of the total and its parts.
--   country_iso3: Country the figure is about.
--   indicator_code: What the total counts.
--   year_from: First year of the total's period.
--   year_to: Last year of the total's period.
--   total_breakdown: The total's own breakdown, or all.
--   dimension: The breakdown dimension(s) the parts add to the total (e.g. destination_iso3, or sex+exploitation_form).
--   total_value: The total's value.
--   parts_sum: The sum of the parts' values.
--   n_parts: Number of parts in this dimension.
--   parts: Each part with its breakdown and value.
--   difference: parts_sum minus total_value.
--   status: parts_add_up, parts_exceed_total, parts_fall_short or parts_incomplete.
with

figures as (
    select * from claim_figure
),

parts as (
    select
        part.part_of_claim_id as total_claim_id,
        part.claim_id,
        part.breakdown,
        part.value,
        part.qualifier,
        -- Each differing dimension preceded by '+'; the first '+' is cut below (no concat_ws:
        -- it is not portable to other engines).
        (case when part.sex <> total.sex then '+sex' else '' end)
            || (case when part.age_band <> total.age_band then '+age_band' else '' end)
            || (case when part.exploitation_form <> total.exploitation_form then '+exploitation_form' else '' end)
            || (case when part.citizenship <> total.citizenship then '+citizenship' else '' end)
            || (case when part.destination_iso3 <> total.destination_iso3 then '+destination_iso3' else '' end)
            || (case when part.origin_iso3 <> total.origin_iso3 then '+origin_iso3' else '' end)
            || (case when part.category <> total.category then '+category' else '' end)
            as dimensions,
        -- The value as DuckDB writes a DECIMAL(20,4), four decimals, spelt out so that every
        -- engine writes it alike (some drop trailing zeros when casting a decimal to text).
        case when part.value < 0 then '-' else '' end
            || cast(cast(floor(abs(part.value)) as bigint) as varchar) || '.'
            || substring(cast(cast(10000 + (abs(part.value) - floor(abs(part.value))) * 10000 as bigint) as varchar), 2)
            as value_text
    from figures as part
    inner join figures as total on part.part_of_claim_id = total.claim_id
),

grouped as (
    select
        total_claim_id,
        substring(dimensions, 2) as dimension,
        count(*) as n_parts,
        sum(value) as parts_sum,
        count(*) filter (where qualifier = 'exact' and value is not null) as n_exact_parts,
        string_agg(breakdown || ': ' || coalesce(value_text, qualifier), '; ' order by claim_id nulls first) as parts
    from parts
    group by total_claim_id, dimensions
),

final as (
    select
        grouped.total_claim_id,
        total.report_id,
        total.country_iso3,
        total.indicator_code,
        total.year_from,
        total.year_to,
        total.breakdown as total_breakdown,
        grouped.dimension,
        total.value as total_value,
        grouped.parts_sum,
        grouped.n_parts,
        grouped.parts,
        grouped.parts_sum - total.value as difference,
        case
            when total.qualifier <> 'exact' or total.value is null or grouped.n_exact_parts < grouped.n_parts
                then 'parts_incomplete'
            when grouped.parts_sum = total.value then 'parts_add_up'
            when grouped.parts_sum > total.value then 'parts_exceed_total'
            when grouped.n_parts = 1 then 'parts_incomplete'
            else 'parts_fall_short'
        end as status
    from grouped
    inner join figures as total on total.claim_id = grouped.total_claim_id
)

select * from final
