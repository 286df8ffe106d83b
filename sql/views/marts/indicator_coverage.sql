-- One row per country, indicator and year from the first to the last year the country's
-- documents report on: what the corpus knows of that figure (the indicator, that year) and why
-- not more, as one of four states. `figure`: a claim gives a value for the year (an annual
-- claim, any breakdown, or a total derived from a declared breakdown). `not_reported`: no
-- value, but a claim says the figure was not reported for a period that includes the year (a
-- "did not report" claim for 2023-2024 counts in 2023 and in 2024). `no_figure`: a document
-- covers the year and the indicator's topic but gives nothing for it. `no_document`: no
-- document covers the year and topic. The rule for the topic: a document covers an
-- indicator's topic for a year when it has a claim of an indicator of the same pillar
-- (prosecution, protection, prevention, legal framework, context) for exactly that year, or a
-- not_reported claim of that pillar whose period includes it; a reporting period alone, a
-- claim of another pillar, a cumulative total (2005-2021) or a timeless fact (a penalty) does
-- not cover a year. So a document giving only 2012's tier placement covers 2012's context
-- indicators, not its victims (no_document, with is_reported_on true), while a document with
-- 2010's protection figures makes a missing 2010 protection indicator no_figure. `coverage`
-- refines `figure` (stated_total, derived_total, breakdown_only); multi-year figures are
-- counted apart, in n_multi_year_claims.
--
-- grain: country_iso3, indicator_code, year
-- stored: a count over every country, indicator and year took 1.2 s at a million claims.
-- partition: country_iso3
--
-- columns:
--   country_iso3: The country.
--   indicator_code: The indicator.
--   pillar: Its area of work (the topic a document must cover for no_figure).
--   year: The calendar year.
--   state: figure (a claim gives a value for the year, or a complete breakdown implies it), not_reported (no value; a claim says it was not reported for a period that includes the year, multi-year periods in every year they cover), no_figure (a document covers the year and the indicator's pillar but gives nothing for it) or no_document (no document covers the year and the indicator's pillar; see is_reported_on).
--   coverage: The state with figure refined: stated_total (a claim gives the figure without breakdown), derived_total (a complete breakdown implies it), breakdown_only (claims give parts, or a lower bound, only), not_reported, no_figure or no_document (as in state).
--   n_claims: Number of claims about exactly this year (any breakdown), not_reported ones included.
--   n_reported_claims: Of those, the number that give a value.
--   n_multi_year_claims: Number of claims whose multi-year period includes this year (reported or not).
--   source_ids: The original originators of the claims that give the figure for this year (without breakdown): a relay counts as the originator it relays.
--   reports: The documents giving a figure for this year (any breakdown).
--   not_reported_by: The originators that say the figure was not reported for a period that includes this year, each with its document and, for a multi-year claim, its period (e.g. gov_aze in tip-2025-aze (2023-2024)); shown beside a figure too, so a media figure keeps the government's absence.
--   has_not_reported: True when a claim says the figure was not reported for a period that includes this year (whatever the state).
--   topic_reports: The documents that cover the indicator's pillar for this year (their claims of that pillar for the year): why the year is no_figure rather than no_document.
--   is_reported_on: True when any document reports on the year at all (its reporting period covers it, or it gives an annual figure of any pillar for it); a no_document year with is_reported_on true has documents about other topics only.
with

calendar as (
    select "year" from "year"
),

report_years as (
    select report.country_iso3, calendar."year"
    from report
    inner join calendar
        on calendar."year" between extract(year from report.period_start_on) and extract(year from report.period_end_on)
),

-- The claims that say something about a year: annual claims (any qualifier but period) and
-- not_reported claims whose period includes it, multi-year ones in each of their years. Read
-- from stg_claim once (a view read several times is copied once per read on Spark).
claims as (
    select country_iso3, indicator_code, pillar, report_id, year_from, year_to, qualifier,
        original_source_id, period
    from stg_claim
    where is_figure and same_amount_as_claim_id is null and year_from is not null
),

claim_years as (
    select
        claims.*,
        calendar."year"
    from claims
    inner join calendar on calendar."year" between claims.year_from and claims.year_to
    where claims.year_from = claims.year_to or claims.qualifier = 'not_reported'
),

-- The years a document reports on at all: its reporting period's, and those of its annual
-- figures.
covered as (
    select country_iso3, "year" from report_years
    union
    select country_iso3, "year" from claim_years
),

bounds as (
    select country_iso3, min("year") as first_year, max("year") as last_year
    from covered
    group by country_iso3
),

years as (
    select
        bounds.country_iso3,
        calendar."year",
        covered."year" is not null as is_reported_on
    from bounds
    inner join calendar on calendar."year" between bounds.first_year and bounds.last_year
    left join covered on covered.country_iso3 = bounds.country_iso3 and covered."year" = calendar."year"
),

-- The documents that cover a pillar in a year (each ranked first once: no distinct aggregate).
topic_ranked as (
    select
        country_iso3,
        pillar,
        "year",
        report_id,
        row_number() over (partition by country_iso3, pillar, "year", report_id order by report_id) as report_rank
    from claim_years
),

topics as (
    select
        country_iso3,
        pillar,
        "year",
        string_agg(report_id, ', ' order by report_id nulls first) as topic_reports
    from topic_ranked
    where report_rank = 1
    group by country_iso3, pillar, "year"
),

-- The statements that a figure was not reported, in every year of their period.
absences_ranked as (
    select
        country_iso3,
        indicator_code,
        "year",
        original_source_id,
        report_id,
        period,
        year_from < year_to as is_multi_year,
        row_number() over (
            partition by country_iso3, indicator_code, "year", original_source_id, report_id, period
            order by report_id
        ) as absence_rank
    from claim_years
    where qualifier = 'not_reported'
),

absences as (
    select
        country_iso3,
        indicator_code,
        "year",
        string_agg(
            original_source_id || ' in ' || report_id || case when is_multi_year then ' (' || period || ')' else '' end,
            '; ' order by original_source_id nulls first, report_id nulls first, period nulls first
        ) as not_reported_by
    from absences_ranked
    where absence_rank = 1
    group by country_iso3, indicator_code, "year"
),

indicators as (
    select indicator_code, pillar from indicator
),

multi as (
    select country_iso3, indicator_code, year_from, year_to
    from stg_claim
    where is_figure and same_amount_as_claim_id is null and year_from < year_to
),

-- Each distinct originator and report ranked first once, so one aggregation counts and lists
-- them without distinct aggregates (Spark refuses a string_agg beside them).
annual as (
    select
        stg_figure_value.*,
        row_number() over (
            partition by country_iso3, indicator_code, year_from, original_source_id, is_reported and not is_derived and breakdown = 'all'
            order by member_id
        ) as source_rank,
        row_number() over (
            partition by country_iso3, indicator_code, year_from, report_id, is_reported and not is_derived
            order by member_id
        ) as report_rank
    from stg_figure_value
    where year_from = year_to
),

counts as (
    select
        country_iso3,
        indicator_code,
        year_from as "year",
        count(*) filter (where not is_derived) as n_claims,
        count(*) filter (where not is_derived and is_reported) as n_reported_claims,
        count(*) filter (where is_reported) as n_values,
        count(*) filter (where not is_derived and is_reported and breakdown = 'all') as n_totals,
        count(*) filter (where is_derived and is_reported and breakdown = 'all' and qualifier = 'exact') as n_derived_totals,
        string_agg(original_source_id, ', ' order by original_source_id nulls first)
            filter (where is_reported and not is_derived and breakdown = 'all' and source_rank = 1) as source_ids,
        string_agg(report_id, ', ' order by report_id nulls first)
            filter (where is_reported and not is_derived and report_rank = 1) as reports
    from annual
    group by country_iso3, indicator_code, year_from
),

multi_counts as (
    select
        multi.country_iso3,
        multi.indicator_code,
        years."year",
        count(*) as n_multi_year_claims
    from multi
    inner join years
        on years.country_iso3 = multi.country_iso3
        and years."year" between multi.year_from and multi.year_to
    group by multi.country_iso3, multi.indicator_code, years."year"
),

classified as (
    select
        years.country_iso3,
        indicators.indicator_code,
        indicators.pillar,
        years."year",
        case
            when coalesce(counts.n_totals, 0) > 0 then 'stated_total'
            when coalesce(counts.n_derived_totals, 0) > 0 then 'derived_total'
            when coalesce(counts.n_values, 0) > 0 then 'breakdown_only'
            when absences.not_reported_by is not null then 'not_reported'
            when topics.topic_reports is not null then 'no_figure'
            else 'no_document'
        end as coverage,
        coalesce(counts.n_claims, 0) as n_claims,
        coalesce(counts.n_reported_claims, 0) as n_reported_claims,
        coalesce(multi_counts.n_multi_year_claims, 0) as n_multi_year_claims,
        counts.source_ids,
        counts.reports,
        absences.not_reported_by,
        absences.not_reported_by is not null as has_not_reported,
        topics.topic_reports,
        years.is_reported_on
    from indicators
    cross join years
    left join counts
        on counts.country_iso3 = years.country_iso3
        and counts.indicator_code = indicators.indicator_code
        and counts."year" = years."year"
    left join multi_counts
        on multi_counts.country_iso3 = years.country_iso3
        and multi_counts.indicator_code = indicators.indicator_code
        and multi_counts."year" = years."year"
    left join absences
        on absences.country_iso3 = years.country_iso3
        and absences.indicator_code = indicators.indicator_code
        and absences."year" = years."year"
    left join topics
        on topics.country_iso3 = years.country_iso3
        and topics.pillar = indicators.pillar
        and topics."year" = years."year"
),

final as (
    select
        country_iso3,
        indicator_code,
        pillar,
        "year",
        case when coverage in ('stated_total', 'derived_total', 'breakdown_only') then 'figure' else coverage end as state,
        coverage,
        n_claims,
        n_reported_claims,
        n_multi_year_claims,
        source_ids,
        reports,
        not_reported_by,
        has_not_reported,
        topic_reports,
        is_reported_on
    from classified
)

select * from final
