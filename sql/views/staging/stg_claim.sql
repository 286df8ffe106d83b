-- One row per claim, enriched once for every view: its report, originator, indicator, unit and
-- category with their labels; its figure (country, indicator, period, breakdown and unit) as
-- one key; its value typed by what it measures; whose figure it is when it is relayed; and the
-- one definition of "reported" every view uses (a value, bounds or a category: not an absence,
-- not a period).
--
-- grain: claim_id
-- stored: every view reads it; computed once per build.
-- partition: country_iso3
--
-- columns:
--   claim_id:
--   report_id:
--   report_title:
--   report_kind:
--   publisher:
--   published_year:
--   source_id:
--   source_name:
--   source_kind:
--   original_source_id:
--   is_own_publication:
--   is_restatement:
--   restates_claim_id:
--   restated_source_id:
--   restatement_change:
--   indicator_code: What the figure counts or measures.
--   indicator_label:
--   pillar:
--   country_iso3: ISO alpha-3 code of the country the figure is about.
--   year_from: First calendar year the figure refers to; null for a timeless fact.
--   year_to: Last calendar year the figure refers to; equal to year_from for an annual figure.
--   period: The period as text: 2017, 2005-2021, or timeless.
--   sex:
--   age_band:
--   exploitation_form:
--   citizenship:
--   destination_iso3:
--   origin_iso3:
--   category: What exactly is counted within the indicator (an offence, a provision of the law, a referring body), or all.
--   breakdown: The non-all breakdowns and category as text (e.g. sex=female, exploitation_form=sexual), or all.
--   unit: Unit of the figure (a count noun, an ISO 4217 currency, a duration, percent, tier).
--   unit_kind: Kind of the unit: count, currency, duration, percent or rank (a category unit).
--   figure_key: The figure the claim is about, as one text: country | indicator | period | breakdown | unit. Claims with the same figure_key are about the same figure.
--   qualifier:
--   is_figure:
--   is_reported:
--   value:
--   value_low:
--   value_high:
--   amount:
--   amount_low:
--   amount_high:
--   value_category:
--   category_label:
--   category_rank:
--   value_key:
--   figure_text: The figure as a reader would say it, with its unit: 91 persons, 1 person, about 700 AZN, at least 36 persons, 5-10 years, Tier 2 Watch List, not reported.
--   value_label:
--   value_text:
--   same_amount_as_claim_id:
--   part_of_claim_id:
--   is_low_confidence:
--   confidence_reason:
--   judgement:
--   judgement_reason:
--   quote:
--   quote_start:
--   quote_end:
--   context_before:
--   context_after:
--   note:
--   seed_file:
--   attribution_reason:
--   period_basis:
--   implied_by_claim_id:
--   original_source_name:
--   is_relayed:
--   relayed_by:
--   is_implied:
with

claims as (
    select * from claim
),

reports as (
    select report_id, title, kind, publisher, published_year from report
),

sources as (
    select source_id, name, kind from source
),

originators as (
    select source_id, name, kind from source
),

indicators as (
    select indicator_code, label, pillar from indicator
),

units as (
    select unit, kind from unit
),

categories as (
    select category, label, rank from category
),

-- The restated claim's originator, one level (validation requires restates to name the
-- original statement, not another restatement).
restated as (
    select claim_id, source_id, restated_source_id from claim
),


joined as (
    select
        claims.*,
        reports.title as report_title,
        reports.kind as report_kind,
        reports.publisher,
        reports.published_year,
        sources.name as source_name,
        sources.kind as source_kind,
        indicators.label as indicator_label,
        indicators.pillar,
        units.kind as unit_kind,
        categories.label as category_label,
        categories.rank as category_rank,
        originators.name as original_source_name,
        not coalesce(
            (originators.kind = 'government' and reports.kind = 'government_report')
            or (originators.kind = 'us_department_of_state' and reports.kind = 'tip_report')
            or (originators.kind = 'us_embassy' and reports.kind = 'diplomatic_cable'),
            false
        ) as is_relayed,
        coalesce(
            restated.restated_source_id, restated.source_id, implier.restated_source_id, implier.source_id,
            claims.restated_source_id, claims.source_id
        ) as original_source_id,
        (sources.kind = 'government' and reports.kind = 'government_report')
            or (sources.kind = 'us_department_of_state' and reports.kind = 'tip_report')
            or (sources.kind = 'us_embassy' and reports.kind = 'diplomatic_cable')
            as is_own_publication,
        -- Numbers as text without trailing zeros: whole numbers through bigint, others with
        -- their zeros trimmed (floor, not trunc, and no concat_ws: portable to other engines).
        case when claims.value = floor(claims.value)
            then cast(cast(claims.value as bigint) as varchar)
            else rtrim(cast(claims.value as varchar), '0') end as value_fmt,
        case when claims.value_low = floor(claims.value_low)
            then cast(cast(claims.value_low as bigint) as varchar)
            else rtrim(cast(claims.value_low as varchar), '0') end as low_fmt,
        case when claims.value_high = floor(claims.value_high)
            then cast(cast(claims.value_high as bigint) as varchar)
            else rtrim(cast(claims.value_high as varchar), '0') end as high_fmt,
        -- The non-'all' breakdowns, each preceded by ', '; the first separator is cut below.
        (case when claims.sex <> 'all' then ', sex=' || claims.sex else '' end)
            || (case when claims.age_band <> 'all' then ', age_band=' || claims.age_band else '' end)
            || (case when claims.exploitation_form <> 'all' then ', exploitation_form=' || claims.exploitation_form else '' end)
            || (case when claims.citizenship <> 'all' then ', citizenship=' || claims.citizenship else '' end)
            || (case when claims.destination_iso3 <> 'all' then ', destination_iso3=' || claims.destination_iso3 else '' end)
            || (case when claims.origin_iso3 <> 'all' then ', origin_iso3=' || claims.origin_iso3 else '' end)
            || (case when claims.category <> 'all' then ', category=' || claims.category else '' end)
            as breakdown_parts
    from claims
    inner join reports on claims.report_id = reports.report_id
    inner join sources on claims.source_id = sources.source_id
    inner join indicators on claims.indicator_code = indicators.indicator_code
    inner join units on claims.unit = units.unit
    left join categories on claims.value_category = categories.category
    left join restated on claims.restates_claim_id = restated.claim_id
    left join restated as implier on claims.implied_by_claim_id = implier.claim_id
    left join originators on originators.source_id = coalesce(
        restated.restated_source_id, restated.source_id, implier.restated_source_id, implier.source_id,
        claims.restated_source_id, claims.source_id
    )
),

texts as (
    select
        joined.*,
        case when breakdown_parts = '' then 'all' else substring(breakdown_parts, 3) end as breakdown,
        case
            when year_from is null then 'timeless'
            when year_from = year_to then cast(year_from as varchar)
            else cast(year_from as varchar) || '-' || cast(year_to as varchar)
        end as period_text,
        case qualifier
            when 'range' then low_fmt || '-' || high_fmt
            when 'approximate' then 'about ' || value_fmt
            when 'at_least' then 'at least ' || value_fmt
            when 'more_than' then 'more than ' || value_fmt
            when 'at_most' then 'up to ' || value_fmt
            when 'less_than' then 'less than ' || value_fmt
            else value_fmt
        end as number_text,
        -- The unit as a word: one person, 2 fiscal units (substring, not left(): portable).
        replace(
            case
                when value_fmt <> '1' or qualifier not in ('exact', 'approximate') then unit
                when unit like '%ies' then substring(unit, 1, length(unit) - 3) || 'y'
                when unit like '%s' then substring(unit, 1, length(unit) - 1)
                else unit
            end,
            '_', ' '
        ) as unit_text
    from joined
),

final as (
    select
        claim_id,
        report_id,
        report_title,
        report_kind,
        publisher,
        published_year,
        source_id,
        source_name,
        source_kind,
        original_source_id,
        is_own_publication,
        restates_claim_id is not null as is_restatement,
        restates_claim_id,
        restated_source_id,
        restatement_change,
        indicator_code,
        indicator_label,
        pillar,
        country_iso3,
        year_from,
        year_to,
        period_text as period,
        sex,
        age_band,
        exploitation_form,
        citizenship,
        destination_iso3,
        origin_iso3,
        category,
        breakdown,
        unit,
        unit_kind,
        country_iso3 || ' | ' || indicator_code || ' | ' || period_text || ' | ' || breakdown || ' | ' || unit
            as figure_key,
        qualifier,
        qualifier <> 'period' as is_figure,
        qualifier not in ('not_reported', 'period') as is_reported,
        case when unit_kind = 'count' then cast(value as bigint) end as value,
        case when unit_kind = 'count' then cast(value_low as bigint) end as value_low,
        case when unit_kind = 'count' then cast(value_high as bigint) end as value_high,
        case when unit_kind <> 'count' then value end as amount,
        case when unit_kind <> 'count' then value_low end as amount_low,
        case when unit_kind <> 'count' then value_high end as amount_high,
        value_category,
        category_label,
        category_rank,
        case
            when qualifier in ('not_reported', 'period') then null
            when qualifier = 'category' then value_category
            when qualifier = 'range' then low_fmt || '-' || high_fmt
            else value_fmt
        end as value_key,
        case
            when qualifier = 'not_reported' then 'not reported'
            when qualifier = 'period' then period_text
            when qualifier = 'category' then category_label
            else number_text || ' ' || unit_text
        end as figure_text,
        value_label,
        value_text,
        same_amount_as_claim_id,
        part_of_claim_id,
        is_low_confidence,
        confidence_reason,
        judgement,
        judgement_reason,
        quote,
        quote_start,
        quote_end,
        context_before,
        context_after,
        note,
        seed_file,
        attribution_reason,
        coalesce(period_basis, 'unstated') as period_basis,
        implied_by_claim_id,
        original_source_name,
        is_relayed,
        case when is_relayed then publisher end as relayed_by,
        implied_by_claim_id is not null as is_implied
    from texts
)

select * from final
