-- One row per set of figures the seeds declare add up (claim_sum): a total and its parts, a
-- breakdown or a sum across indicators, complete or partial, and whether they agree. Complete
-- parts must add up to their total; partial parts must not exceed it (they are incomplete,
-- never "falling short"); a document's own figures that do not add up (the government chart's
-- bars against its stated total) show here, with has_low_confidence_part. A breakdown without
-- a stated total has no check: its total is derived (stg_figure_value, reconciled). Nothing is
-- corrected: a mismatch is shown.
--
-- grain: sum_id
--
-- columns:
--   sum_id:
--   report_id: The document of the total and its parts.
--   kind: breakdown (the total's indicator broken down) or across_indicators (other indicators that add up to the total).
--   dimension: For a breakdown, the breakdown column(s) the parts divide the whole by.
--   is_complete: True when the parts cover the whole (the document says so: evidence); false when only some of it (reason).
--   country_iso3: Country the figures are about.
--   indicator_code: The whole's indicator.
--   year_from: First year of the period.
--   year_to: Last year of the period.
--   breakdown: The whole's breakdown, or all.
--   unit: Unit of the total and its parts.
--   total_claim_id:
--   part_claim_ids: The parts' claims, comma-separated.
--   parts:
--   n_parts:
--   n_valued_parts: Number of parts that give a value (not an absence).
--   total_value: The stated total, for counts (a whole number).
--   parts_sum_value: The parts' sum, for counts.
--   difference_value: parts_sum_value minus total_value.
--   total_amount: The stated total, for other units (exact).
--   parts_sum_amount: The parts' sum, for other units.
--   difference_amount: parts_sum_amount minus total_amount.
--   has_low_confidence_part: True when a part could not be read with certainty.
--   result: adds_up (complete parts equal the total), parts_exceed_total, parts_fall_short (complete parts sum to less), partial_within_total (partial parts do not exceed it), no_stated_total (nothing to check: the total is derived), total_not_reported, parts_not_all_given (a complete sum with a part that gives no value), or not_exact (an approximate or bounded total or part: cannot be checked).
--   is_consistent: True for adds_up and partial_within_total, false for parts_exceed_total and parts_fall_short, null when nothing can be checked.
--   evidence:
--   reason:
with

sums as (
    select * from stg_sum
),

units as (
    select unit, kind from unit
),

judged as (
    select
        sums.*,
        units.kind as unit_kind,
        case
            when sums.total_claim_id is null then 'no_stated_total'
            when sums.total_value is null then 'total_not_reported'
            when sums.is_complete and sums.n_valued_parts < sums.n_parts then 'parts_not_all_given'
            when sums.n_valued_parts = 0 then 'parts_not_all_given'
            when sums.parts_sum > sums.total_value
                and (sums.total_qualifier = 'exact' or not sums.is_complete) then 'parts_exceed_total'
            when sums.total_qualifier <> 'exact' or sums.n_exact_parts < sums.n_parts then 'not_exact'
            when not sums.is_complete then 'partial_within_total'
            when sums.parts_sum = sums.total_value then 'adds_up'
            else 'parts_fall_short'
        end as result
    from sums
    inner join units on units.unit = sums.unit
),

final as (
    select
        sum_id,
        report_id,
        kind,
        dimension,
        is_complete,
        country_iso3,
        indicator_code,
        year_from,
        year_to,
        breakdown,
        unit,
        total_claim_id,
        part_claim_ids,
        parts,
        n_parts,
        n_valued_parts,
        case when unit_kind = 'count' then cast(total_value as bigint) end as total_value,
        case when unit_kind = 'count' then cast(parts_sum as bigint) end as parts_sum_value,
        case when unit_kind = 'count' then cast(parts_sum - total_value as bigint) end as difference_value,
        case when unit_kind <> 'count' then total_value end as total_amount,
        case when unit_kind <> 'count' then parts_sum end as parts_sum_amount,
        case when unit_kind <> 'count' then parts_sum - total_value end as difference_amount,
        has_low_confidence_part,
        result,
        case
            when result in ('adds_up', 'partial_within_total') then true
            when result in ('parts_exceed_total', 'parts_fall_short') then false
        end as is_consistent,
        evidence,
        reason
    from judged
)

select * from final
