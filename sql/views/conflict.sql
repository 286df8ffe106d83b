-- One row per disagreement the corpus holds: a figure (country, indicator, period, breakdown
-- and unit) with more than one distinct value, classified within_report (one document gives
-- two values), between_editions (editions of one publisher, one originator),
-- between_publications (one originator's figure as published by different publishers) or
-- between_originators; plus different_definitions (two related indicators, e.g. crimes
-- registered and cases investigated, give different values for the same country, period and
-- breakdown) and different_periods (a count for a longer period is smaller than a count for a
-- period inside it). All values are kept; this view only shows them together.
--
-- stored: its string aggregates over every disputed figure cost seconds at a million claims.
-- partition: country_iso3
--
-- columns:
--   conflict_kind: within_report, between_editions, between_publications, between_originators, different_definitions or different_periods.
--   figure_key: The figure in disagreement (for different_definitions and different_periods, the first of the two).
--   country_iso3: Country the figure is about.
--   indicator_code: What the figure counts.
--   related_indicator_code: For different_definitions, the other indicator; for different_periods, the same indicator; null otherwise.
--   year_from: First year of the figure's period.
--   year_to: Last year of the figure's period.
--   breakdown: The figure's breakdown as text, or all.
--   unit: Unit of the figure.
--   n_values: Number of distinct values in disagreement.
--   figures: Every value with its originator and report (and indicator or period where they differ).
--   claim_ids: The claims in disagreement, comma-separated.
--   report_ids: The reports they come from, comma-separated.
--   explanation: What the disagreement is, and for different definitions the declared reason.
with

reported as (
    select * from claim_figure where is_reported
),

units as (
    select unit, kind from unit
),

-- The claims of figures with more than one value: only their texts and counts are needed.
disputed as (
    select * from reported
    where figure_key in (select figure_key from figure where n_distinct_values > 1)
),

counts as (
    select
        figure_key,
        count(distinct report_id) as n_reports,
        count(distinct source_id) as n_sources,
        count(distinct publisher) as n_publishers
    from disputed
    group by figure_key
),

-- The texts apart from the distinct counts (here and below): Spark fails on a string_agg in an
-- aggregation with several distinct aggregates.
texts as (
    select
        figure_key,
        string_agg(figure_text || ' (' || source_id || ', ' || report_id || ')', '; ' order by published_year nulls first, claim_id nulls first) as figures,
        string_agg(claim_id, ', ' order by claim_id nulls first) as claim_ids,
        string_agg(distinct report_id, ', ' order by report_id nulls first) as report_ids
    from disputed
    group by figure_key
),

by_figure as (
    select
        figure.figure_key,
        figure.country_iso3,
        figure.indicator_code,
        figure.year_from,
        figure.year_to,
        figure.breakdown,
        figure.unit,
        figure.n_distinct_values as n_values,
        counts.n_reports,
        counts.n_sources,
        counts.n_publishers,
        texts.figures,
        texts.claim_ids,
        texts.report_ids
    from figure
    inner join counts on counts.figure_key = figure.figure_key
    inner join texts on texts.figure_key = figure.figure_key
    where figure.n_distinct_values > 1
),

same_figure as (
    select
        case
            when n_reports = 1 then 'within_report'
            when n_sources = 1 and n_publishers = 1 then 'between_editions'
            when n_sources = 1 then 'between_publications'
            else 'between_originators'
        end as conflict_kind,
        figure_key,
        country_iso3,
        indicator_code,
        cast(null as varchar) as related_indicator_code,
        year_from,
        year_to,
        breakdown,
        unit,
        n_values,
        figures,
        claim_ids,
        report_ids,
        case
            when n_reports = 1 then 'one document gives ' || cast(n_values as varchar) || ' values for this figure'
            when n_sources = 1 and n_publishers = 1 then 'editions of one publisher give different values'
            when n_sources = 1 then 'one originator''s figure differs between publishers relaying it'
            else 'originators give different values'
        end as explanation
    from by_figure
),

definition_pairs as (
    select
        a.figure_key,
        a.country_iso3,
        a.indicator_code,
        b.indicator_code as related_indicator_code,
        a.year_from,
        a.year_to,
        a.breakdown,
        a.unit,
        a.value_key || ' ~ ' || b.value_key as value_pair,
        a.indicator_code || ' ' || a.figure_text || ' (' || a.source_id || ', ' || a.report_id || ') vs '
            || b.indicator_code || ' ' || b.figure_text || ' (' || b.source_id || ', ' || b.report_id || ')'
            as figure_pair,
        a.claim_id,
        b.claim_id as related_claim_id,
        a.report_id,
        relation.reason
    from reported as a
    inner join indicator_relation as relation on relation.indicator_code = a.indicator_code
    inner join reported as b
        on b.indicator_code = relation.related_indicator_code
        and b.country_iso3 = a.country_iso3
        and b.year_from = a.year_from
        and b.year_to = a.year_to
        and b.breakdown = a.breakdown
        and b.value_key <> a.value_key
),

definition_counts as (
    select
        figure_key,
        related_indicator_code,
        count(distinct value_pair) + 1 as n_values
    from definition_pairs
    group by figure_key, related_indicator_code
),

definition_texts as (
    select
        figure_key,
        country_iso3,
        indicator_code,
        related_indicator_code,
        year_from,
        year_to,
        breakdown,
        unit,
        string_agg(figure_pair, '; ' order by claim_id nulls first, related_claim_id nulls first) as figures,
        string_agg(claim_id || ', ' || related_claim_id, ', ' order by claim_id nulls first, related_claim_id nulls first) as claim_ids,
        string_agg(distinct report_id, ', ' order by report_id nulls first) as report_ids,
        min(reason) as explanation
    from definition_pairs
    group by figure_key, country_iso3, indicator_code, related_indicator_code, year_from, year_to, breakdown, unit
),

definitions as (
    select
        'different_definitions' as conflict_kind,
        definition_texts.figure_key,
        definition_texts.country_iso3,
        definition_texts.indicator_code,
        definition_texts.related_indicator_code,
        definition_texts.year_from,
        definition_texts.year_to,
        definition_texts.breakdown,
        definition_texts.unit,
        definition_counts.n_values,
        definition_texts.figures,
        definition_texts.claim_ids,
        definition_texts.report_ids,
        definition_texts.explanation
    from definition_texts
    inner join definition_counts
        on definition_counts.figure_key = definition_texts.figure_key
        and definition_counts.related_indicator_code = definition_texts.related_indicator_code
),

-- The longer period of a different_periods pair is a count for more than one year.
spans as (
    select reported.*
    from reported
    inner join units on units.unit = reported.unit and units.kind = 'count'
    where reported.year_to > reported.year_from
),

periods as (
    select
        'different_periods' as conflict_kind,
        a.figure_key,
        a.country_iso3,
        a.indicator_code,
        a.indicator_code as related_indicator_code,
        a.year_from,
        a.year_to,
        a.breakdown,
        a.unit,
        2 as n_values,
        a.figure_text || ' for ' || cast(a.year_from as varchar) || '-' || cast(a.year_to as varchar)
            || ' (' || a.source_id || ', ' || a.report_id || ') vs ' || b.figure_text || ' for '
            || cast(b.year_from as varchar) || '-' || cast(b.year_to as varchar)
            || ' (' || b.source_id || ', ' || b.report_id || ')' as figures,
        a.claim_id || ', ' || b.claim_id as claim_ids,
        case when a.report_id = b.report_id then a.report_id else a.report_id || ', ' || b.report_id end as report_ids,
        'a count for a longer period is smaller than a count for a period inside it' as explanation
    from spans as a
    inner join reported as b
        on b.indicator_code = a.indicator_code
        and b.country_iso3 = a.country_iso3
        and b.breakdown = a.breakdown
        and b.unit = a.unit
        and a.year_from <= b.year_from
        and b.year_to <= a.year_to
        and a.year_to - a.year_from > b.year_to - b.year_from
        and a.value < b.value
),

final as (
    select * from same_figure
    union all
    select * from definitions
    union all
    select * from periods
)

select * from final
