-- One row per figure (country, indicator, period, breakdown and unit), with each kind of
-- originator's figures side by side (government, U.S. State Department, U.S. Embassy, media,
-- NGOs, others), each followed by the reports it comes from, and the figures of related but
-- differently defined indicators for the same country, period and breakdown, with the
-- difference in definition stated (never equated).
--
-- stored: its string aggregates over every figure cost a second at a million claims.
-- partition: country_iso3
--
-- columns:
--   figure_key: The figure: country, indicator, period, breakdown and unit, as one text.
--   country_iso3: Country the figure is about.
--   indicator_code: What the figure counts.
--   year_from: First year of the figure's period; null for timeless facts.
--   year_to: Last year of the figure's period.
--   breakdown: The figure's breakdown as text, or all.
--   unit: Unit of the figure.
--   government: The government's figures, each with its report in brackets (e.g. 95 [gov-aze-2021]; not reported [tip-2025-aze]).
--   us_department_of_state: The U.S. State Department's own figures, with their reports.
--   us_embassy: The U.S. Embassy's own figures, with their reports.
--   media: Figures attributed to media, with their reports.
--   ngo: Figures attributed to NGOs, with their reports.
--   other_originators: Figures of other originators (GRETA, observers, named officials), each with its originator and report.
--   n_claims: Number of claims of the figure.
--   n_distinct_values: Number of distinct values the claims give (not reported is not a value).
--   is_agreed: True when every claim that gives a value gives the same one.
--   related_indicator_codes: Indicators declared related to this one (indicator_relation), whose figures for the same country, period and breakdown are in related_figures.
--   related_figures: Those figures, each with its indicator, originator and report. Related, not equal: see definition_difference.
--   definition_difference: Why the related indicators' figures need not agree (the declared reason).
with

figures as (
    select * from claim_figure
),

relations as (
    select indicator_code, related_indicator_code, reason from indicator_relation
    union all
    select related_indicator_code, indicator_code, reason from indicator_relation
),

pivoted as (
    select
        figure_key,
        string_agg(figure_text || ' [' || report_id || ']', '; ' order by published_year nulls first, claim_id nulls first)
            filter (where source_kind = 'government') as government,
        string_agg(figure_text || ' [' || report_id || ']', '; ' order by published_year nulls first, claim_id nulls first)
            filter (where source_kind = 'us_department_of_state') as us_department_of_state,
        string_agg(figure_text || ' [' || report_id || ']', '; ' order by published_year nulls first, claim_id nulls first)
            filter (where source_kind = 'us_embassy') as us_embassy,
        string_agg(figure_text || ' [' || report_id || ']', '; ' order by published_year nulls first, claim_id nulls first)
            filter (where source_kind = 'media') as media,
        string_agg(figure_text || ' [' || report_id || ']', '; ' order by published_year nulls first, claim_id nulls first)
            filter (where source_kind = 'ngo') as ngo,
        string_agg(figure_text || ' (' || source_id || ') [' || report_id || ']', '; ' order by published_year nulls first, claim_id nulls first)
            filter (where source_kind not in ('government', 'us_department_of_state', 'us_embassy', 'media', 'ngo'))
            as other_originators
    from figures
    group by figure_key
),

by_figure as (
    select
        figure.*,
        pivoted.government,
        pivoted.us_department_of_state,
        pivoted.us_embassy,
        pivoted.media,
        pivoted.ngo,
        pivoted.other_originators
    from figure
    inner join pivoted on pivoted.figure_key = figure.figure_key
),

related_pairs as (
    select
        by_figure.figure_key,
        relations.related_indicator_code,
        relations.related_indicator_code || ': ' || relations.reason as difference,
        other.indicator_code || ' ' || other.figure_text || ' (' || other.source_id || ') [' || other.report_id || ']' as related_figure,
        other.indicator_code as other_indicator_code,
        other.published_year as other_published_year,
        other.claim_id as other_claim_id
    from by_figure
    inner join relations on relations.indicator_code = by_figure.indicator_code
    inner join figures as other
        on other.indicator_code = relations.related_indicator_code
        and other.country_iso3 = by_figure.country_iso3
        and other.year_from = by_figure.year_from
        and other.year_to = by_figure.year_to
        and other.breakdown = by_figure.breakdown
),

-- One distinct string_agg per aggregation: Spark fails on a string_agg in an aggregation with
-- several distinct aggregates.
related_codes as (
    select
        figure_key,
        string_agg(distinct related_indicator_code, ', ' order by related_indicator_code nulls first) as related_indicator_codes,
        string_agg(
            related_figure,
            '; ' order by other_indicator_code nulls first, other_published_year nulls first, other_claim_id nulls first
        ) as related_figures
    from related_pairs
    group by figure_key
),

related_differences as (
    select
        figure_key,
        string_agg(distinct difference, ' | ' order by difference nulls first) as definition_difference
    from related_pairs
    group by figure_key
),

final as (
    select
        by_figure.figure_key,
        by_figure.country_iso3,
        by_figure.indicator_code,
        by_figure.year_from,
        by_figure.year_to,
        by_figure.breakdown,
        by_figure.unit,
        by_figure.government,
        by_figure.us_department_of_state,
        by_figure.us_embassy,
        by_figure.media,
        by_figure.ngo,
        by_figure.other_originators,
        by_figure.n_claims,
        by_figure.n_distinct_values,
        by_figure.n_distinct_values <= 1 as is_agreed,
        related_codes.related_indicator_codes,
        related_codes.related_figures,
        related_differences.definition_difference
    from by_figure
    left join related_codes on related_codes.figure_key = by_figure.figure_key
    left join related_differences on related_differences.figure_key = by_figure.figure_key
)

select * from final
