-- One row per figure: a country, indicator, period, breakdown and unit that one or more claims
-- give a value for (or say was not reported), or that a declared breakdown implies. Each kind of
-- originator's figures side by side, each with its report; the figures derived from
-- breakdowns; how many claims, values and independent originators it has (a restatement is
-- never a second originator); and the figures of related but differently defined indicators
-- for the same country, period and breakdown, with the difference in definition stated, never
-- equated. (source_comparison, an earlier name, reads this view.)
--
-- grain: figure_key
-- stored: the reconciliation views read it; computed once per build.
-- partition: country_iso3
--
-- columns:
--   figure_key: The figure: country | indicator | period | breakdown | unit.
--   country_iso3: Country the figure is about.
--   indicator_code: What the figure counts.
--   year_from: First year of the figure's period; null for timeless facts.
--   year_to: Last year of the figure's period.
--   period: The period as text.
--   breakdown: The figure's breakdown as text, or all.
--   sex: Breakdown by sex, or all.
--   age_band: Breakdown by age band, or all.
--   exploitation_form: Breakdown by form of exploitation, or all.
--   citizenship: Breakdown by citizenship, or all.
--   destination_iso3: Breakdown by destination country, or all.
--   origin_iso3: Breakdown by country of origin, or all.
--   category: What exactly is counted within the indicator, or all.
--   unit: Unit of the figure.
--   unit_kind: Kind of the unit (count, currency, duration, percent, rank).
--   n_claims: Number of claims of the figure, not_reported ones included (derived figures are not claims).
--   n_reported_claims: Number of claims that give a value.
--   n_derived: Number of figures derived from declared breakdowns for it.
--   n_independent_originators: Number of distinct originators whose own figure a claim (or a breakdown of theirs) gives: a restatement, or a figure relayed from another originator, counts as that originator, never as a second one.
--   n_distinct_values: Number of distinct values the claims and derived figures give (not reported is not a value).
--   is_agreed: True when every value given is the same one (or none is given).
--   government: The government's figures, each with its report in brackets (e.g. 95 persons [gov-aze-2021]; not reported [tip-2025-aze]).
--   us_department_of_state: The U.S. State Department's own figures, with their reports.
--   us_embassy: The U.S. Embassy's own figures, with their reports.
--   media: Figures attributed to media, with their reports.
--   ngo: Figures attributed to NGOs, with their reports.
--   other_originators: Figures of other originators (GRETA, observers, named officials), each with its originator and report.
--   derived_figures: Figures derived from declared breakdowns, each with its rule and report.
--   not_reported_by: Originators and documents that say the figure was not reported, if any.
--   related_indicator_codes: Indicators declared related to this one (indicator_relation), whose figures for the same country, period and breakdown are in related_figures.
--   related_figures: Those figures, each with its indicator, originator and report. Related, not equal: see definition_difference.
--   definition_difference: Why the related indicators' figures need not agree (the declared reason).
with

members as (
    select * from stg_figure_value
),

keys as (
    select
        figure_key,
        min(country_iso3) as country_iso3,
        min(indicator_code) as indicator_code,
        min(year_from) as year_from,
        min(year_to) as year_to,
        min(period) as period,
        min(breakdown) as breakdown,
        min(sex) as sex,
        min(age_band) as age_band,
        min(exploitation_form) as exploitation_form,
        min(citizenship) as citizenship,
        min(destination_iso3) as destination_iso3,
        min(origin_iso3) as origin_iso3,
        min(category) as category,
        min(unit) as unit,
        min(unit_kind) as unit_kind,
        min(figure_n_claims) as n_claims,
        count(*) filter (where not is_derived and is_reported) as n_reported_claims,
        count(*) filter (where is_derived) as n_derived,
        min(figure_n_independent_originators) as n_independent_originators,
        min(figure_n_distinct_values) as n_distinct_values,
        string_agg(figure_text || ' [' || report_id || ']', '; ' order by published_year nulls first, member_id nulls first)
            filter (where not is_derived and source_kind = 'government') as government,
        string_agg(figure_text || ' [' || report_id || ']', '; ' order by published_year nulls first, member_id nulls first)
            filter (where not is_derived and source_kind = 'us_department_of_state') as us_department_of_state,
        string_agg(figure_text || ' [' || report_id || ']', '; ' order by published_year nulls first, member_id nulls first)
            filter (where not is_derived and source_kind = 'us_embassy') as us_embassy,
        string_agg(figure_text || ' [' || report_id || ']', '; ' order by published_year nulls first, member_id nulls first)
            filter (where not is_derived and source_kind = 'media') as media,
        string_agg(figure_text || ' [' || report_id || ']', '; ' order by published_year nulls first, member_id nulls first)
            filter (where not is_derived and source_kind = 'ngo') as ngo,
        string_agg(figure_text || ' (' || source_id || ') [' || report_id || ']', '; ' order by published_year nulls first, member_id nulls first)
            filter (where not is_derived and source_kind not in ('government', 'us_department_of_state', 'us_embassy', 'media', 'ngo'))
            as other_originators,
        string_agg(figure_text || ', ' || derived_rule || ' [' || report_id || ']', '; ' order by member_id nulls first)
            filter (where is_derived) as derived_figures,
        string_agg(source_id || ' in ' || report_id, '; ' order by source_id nulls first, report_id nulls first)
            filter (where qualifier = 'not_reported') as not_reported_by
    from members
    group by figure_key
),

-- The related figures are claims (not derived values): read from stg_claim, smaller to copy
-- than stg_figure_value on engines that inline views.
claims as (
    select claim_id, indicator_code, country_iso3, year_from, year_to, breakdown, figure_text, source_id, report_id, published_year
    from stg_claim
    where is_figure and same_amount_as_claim_id is null
),

relations as (
    select indicator_code, related_indicator_code, reason from indicator_relation
    union all
    select related_indicator_code, indicator_code, reason from indicator_relation
),

related_pairs as (
    select
        keys.figure_key,
        relations.related_indicator_code,
        relations.related_indicator_code || ': ' || relations.reason as difference,
        other.indicator_code || ' ' || other.figure_text || ' (' || other.source_id || ') [' || other.report_id || ']' as related_figure,
        other.indicator_code as other_indicator_code,
        other.published_year as other_published_year,
        other.claim_id as other_member_id,
        row_number() over (
            partition by keys.figure_key, relations.related_indicator_code order by other.claim_id
        ) as code_rank
    from keys
    inner join relations on relations.indicator_code = keys.indicator_code
    inner join claims as other
        on other.indicator_code = relations.related_indicator_code
        and other.country_iso3 = keys.country_iso3
        and other.year_from = keys.year_from
        and other.year_to = keys.year_to
        and other.breakdown = keys.breakdown
),

-- Each related indicator (and its one declared difference) ranked first once: no distinct
-- aggregates beside the string_agg (Spark, see above).
related as (
    select
        figure_key,
        string_agg(related_indicator_code, ', ' order by related_indicator_code nulls first)
            filter (where code_rank = 1) as related_indicator_codes,
        string_agg(
            related_figure,
            '; ' order by other_indicator_code nulls first, other_published_year nulls first, other_member_id nulls first
        ) as related_figures,
        string_agg(difference, ' | ' order by difference nulls first)
            filter (where code_rank = 1) as definition_difference
    from related_pairs
    group by figure_key
),

final as (
    select
        keys.figure_key,
        keys.country_iso3,
        keys.indicator_code,
        keys.year_from,
        keys.year_to,
        keys.period,
        keys.breakdown,
        keys.sex,
        keys.age_band,
        keys.exploitation_form,
        keys.citizenship,
        keys.destination_iso3,
        keys.origin_iso3,
        keys.category,
        keys.unit,
        keys.unit_kind,
        keys.n_claims,
        keys.n_reported_claims,
        keys.n_derived,
        keys.n_independent_originators,
        keys.n_distinct_values,
        keys.n_distinct_values <= 1 as is_agreed,
        keys.government,
        keys.us_department_of_state,
        keys.us_embassy,
        keys.media,
        keys.ngo,
        keys.other_originators,
        keys.derived_figures,
        keys.not_reported_by,
        related.related_indicator_codes,
        related.related_figures,
        related.definition_difference
    from keys
    left join related on related.figure_key = keys.figure_key
)

select * from final
