-- One row per sum the seeds declare (a total and its parts, or parts without a stated total):
-- its parts' values added up, and the figure the whole is about. Read by consistency_check
-- and by stg_figure_value, which derives the totals the documents imply but do not state.
--
-- grain: sum_id
-- stored: stg_figure_value, consistency_check and the checks read it; computed once per build.
-- partition: country_iso3
--
-- columns:
--   sum_id:
--   report_id: The document whose figures these are.
--   seed_file: The claims file the sum is declared in.
--   kind: breakdown (the parts are the total's indicator broken down) or across_indicators (other indicators that add up to the total).
--   dimension: For a breakdown: the breakdown column(s) the parts divide the whole by; null across indicators.
--   is_complete: True when the parts cover the whole; false when only some of it (their sum is a lower bound).
--   evidence:
--   reason:
--   total_claim_id:
--   total_qualifier: How the total is stated (exact, approximate, ...); null without a total.
--   total_value: The total's value (or lower bound); null without a total or without a value.
--   country_iso3: Country of the whole.
--   indicator_code: Indicator of the whole (the total's, or the parts' for a breakdown without a total).
--   year_from: First year of the whole's period.
--   year_to: Last year of the whole's period.
--   breakdown: Breakdown of the whole as text (the total's, or the parts' shared breakdown without the dimension), or all.
--   sex: The whole's breakdown by sex, or all.
--   age_band: The whole's breakdown by age band, or all.
--   exploitation_form: The whole's breakdown by form of exploitation, or all.
--   citizenship: The whole's breakdown by citizenship, or all.
--   destination_iso3: The whole's breakdown by destination country, or all.
--   origin_iso3: The whole's breakdown by country of origin, or all.
--   category: The whole's category, or all.
--   unit: Unit of the whole.
--   figure_key: The figure the whole is about (country | indicator | period | breakdown | unit).
--   n_parts:
--   n_valued_parts: Number of parts that give a value (exact or a bound), not an absence.
--   n_exact_parts: Number of parts that give an exact value.
--   parts_sum: The sum of the parts' values (or lower bounds) that have one.
--   has_low_confidence_part: True when a part is low-confidence (e.g. chart values read with uncertainty).
--   part_claim_ids: The parts' claims, comma-separated in claim id order.
--   parts:
--   source_id: The parts' originator (whose figures they are, following relays and restatements) when they share one; null when they differ.
--   part_source_ids: The parts' originators (whose figures they are), comma-separated (one id when they share one).
with

sums as (
    select * from claim_sum
),

members as (
    select sum_id, claim_id from claim_sum_part
),

claims as (
    select * from stg_claim
),

values_of as (
    select claim_id, value, value_low from claim
),

parts as (
    select
        members.sum_id,
        claims.claim_id,
        claims.indicator_code,
        claims.breakdown,
        claims.figure_text,
        claims.qualifier,
        claims.is_reported,
        claims.is_low_confidence,
        -- whose figures the parts are: a relayed part counts as its originator's
        claims.original_source_id as source_id,
        claims.country_iso3,
        claims.year_from,
        claims.year_to,
        claims.unit,
        claims.sex,
        claims.age_band,
        claims.exploitation_form,
        claims.citizenship,
        claims.destination_iso3,
        claims.origin_iso3,
        claims.category,
        coalesce(values_of.value, values_of.value_low) as number
    from members
    inner join claims on claims.claim_id = members.claim_id
    inner join values_of on values_of.claim_id = members.claim_id
),

added as (
    select
        sum_id,
        count(*) as n_parts,
        count(number) as n_valued_parts,
        count(*) filter (where qualifier = 'exact' and number is not null) as n_exact_parts,
        cast(sum(number) as decimal(20, 4)) as parts_sum,
        max(case when is_low_confidence then 1 else 0 end) = 1 as has_low_confidence_part,
        min(country_iso3) as country_iso3,
        min(indicator_code) as indicator_code,
        min(year_from) as year_from,
        min(year_to) as year_to,
        min(unit) as unit,
        -- the parts' shared breakdown column values (a column the parts differ in is the
        -- dimension, set to all below)
        min(sex) as sex,
        min(age_band) as age_band,
        min(exploitation_form) as exploitation_form,
        min(citizenship) as citizenship,
        min(destination_iso3) as destination_iso3,
        min(origin_iso3) as origin_iso3,
        min(category) as category,
        min(source_id) as min_source_id,
        max(source_id) as max_source_id
    from parts
    group by sum_id
),

texts as (
    select
        sum_id,
        string_agg(claim_id, ', ' order by claim_id nulls first) as part_claim_ids,
        string_agg(
            case when parts.breakdown = 'all' then parts.indicator_code else parts.breakdown end
                || ': ' || parts.figure_text,
            '; ' order by claim_id nulls first
        ) as parts
    from parts
    group by sum_id
),

-- One distinct aggregate per aggregation (Spark).
part_sources as (
    select
        sum_id,
        string_agg(distinct source_id, ', ' order by source_id nulls first) as part_source_ids
    from parts
    group by sum_id
),

totals as (
    select
        claims.claim_id,
        claims.qualifier,
        claims.sex,
        claims.age_band,
        claims.exploitation_form,
        claims.citizenship,
        claims.destination_iso3,
        claims.origin_iso3,
        claims.category,
        claims.country_iso3,
        claims.indicator_code,
        claims.year_from,
        claims.year_to,
        claims.breakdown,
        claims.unit,
        claims.figure_key,
        coalesce(values_of.value, values_of.value_low) as number
    from claims
    inner join values_of on values_of.claim_id = claims.claim_id
),

-- The whole of a breakdown without a stated total: the parts' shared breakdown, the dimension
-- set to all (each non-all column preceded by ', ', the first cut below).
wholes as (
    select
        added.*,
        (case when added.sex <> 'all' and '+' || sums.dimension || '+' not like '%+sex+%' then ', sex=' || added.sex else '' end)
            || (case when added.age_band <> 'all' and '+' || sums.dimension || '+' not like '%+age_band+%' then ', age_band=' || added.age_band else '' end)
            || (case when added.exploitation_form <> 'all' and '+' || sums.dimension || '+' not like '%+exploitation_form+%' then ', exploitation_form=' || added.exploitation_form else '' end)
            || (case when added.citizenship <> 'all' and '+' || sums.dimension || '+' not like '%+citizenship+%' then ', citizenship=' || added.citizenship else '' end)
            || (case when added.destination_iso3 <> 'all' and '+' || sums.dimension || '+' not like '%+destination_iso3+%' then ', destination_iso3=' || added.destination_iso3 else '' end)
            || (case when added.origin_iso3 <> 'all' and '+' || sums.dimension || '+' not like '%+origin_iso3+%' then ', origin_iso3=' || added.origin_iso3 else '' end)
            || (case when added.category <> 'all' and '+' || sums.dimension || '+' not like '%+category+%' then ', category=' || added.category else '' end)
            as breakdown_parts
    from added
    inner join sums on sums.sum_id = added.sum_id
),

final as (
    select
        sums.sum_id,
        sums.report_id,
        sums.seed_file,
        sums.kind,
        sums.dimension,
        sums.is_complete,
        sums.evidence,
        sums.reason,
        sums.total_claim_id,
        totals.qualifier as total_qualifier,
        totals.number as total_value,
        coalesce(totals.country_iso3, wholes.country_iso3) as country_iso3,
        coalesce(totals.indicator_code, wholes.indicator_code) as indicator_code,
        coalesce(totals.year_from, wholes.year_from) as year_from,
        coalesce(totals.year_to, wholes.year_to) as year_to,
        coalesce(
            totals.breakdown,
            case when wholes.breakdown_parts = '' then 'all' else substring(wholes.breakdown_parts, 3) end
        ) as breakdown,
        coalesce(totals.sex, case when '+' || sums.dimension || '+' like '%+sex+%' then 'all' else wholes.sex end) as sex,
        coalesce(totals.age_band, case when '+' || sums.dimension || '+' like '%+age_band+%' then 'all' else wholes.age_band end) as age_band,
        coalesce(totals.exploitation_form, case when '+' || sums.dimension || '+' like '%+exploitation_form+%' then 'all' else wholes.exploitation_form end) as exploitation_form,
        coalesce(totals.citizenship, case when '+' || sums.dimension || '+' like '%+citizenship+%' then 'all' else wholes.citizenship end) as citizenship,
        coalesce(totals.destination_iso3, case when '+' || sums.dimension || '+' like '%+destination_iso3+%' then 'all' else wholes.destination_iso3 end) as destination_iso3,
        coalesce(totals.origin_iso3, case when '+' || sums.dimension || '+' like '%+origin_iso3+%' then 'all' else wholes.origin_iso3 end) as origin_iso3,
        coalesce(totals.category, case when '+' || sums.dimension || '+' like '%+category+%' then 'all' else wholes.category end) as category,
        coalesce(totals.unit, wholes.unit) as unit,
        coalesce(
            totals.figure_key,
            wholes.country_iso3 || ' | ' || wholes.indicator_code || ' | '
                || case
                    when wholes.year_from is null then 'timeless'
                    when wholes.year_from = wholes.year_to then cast(wholes.year_from as varchar)
                    else cast(wholes.year_from as varchar) || '-' || cast(wholes.year_to as varchar)
                end
                || ' | ' || case when wholes.breakdown_parts = '' then 'all' else substring(wholes.breakdown_parts, 3) end
                || ' | ' || wholes.unit
        ) as figure_key,
        wholes.n_parts,
        wholes.n_valued_parts,
        wholes.n_exact_parts,
        wholes.parts_sum,
        wholes.has_low_confidence_part,
        texts.part_claim_ids,
        texts.parts,
        case when wholes.min_source_id = wholes.max_source_id then wholes.min_source_id end as source_id,
        part_sources.part_source_ids
    from sums
    inner join wholes on wholes.sum_id = sums.sum_id
    inner join texts on texts.sum_id = sums.sum_id
    inner join part_sources on part_sources.sum_id = sums.sum_id
    left join totals on totals.claim_id = sums.total_claim_id
)

select * from final
