-- One row per country, indicator and year from the first to the last year the country's
-- documents report on: what the corpus knows of that figure (the indicator, that year, no
-- breakdown) and why not more. A stated total, a total derived from a complete breakdown, a
-- breakdown only, a statement that it was not reported (and by whom), no figure though a
-- document reports on the year, or no document reporting on that year at all (a gap between
-- editions). A document reports on a year when its reporting period covers it or it gives an
-- annual figure for it. Multi-year figures (cumulative totals) and timeless ones are counted
-- apart, in n_multi_year_claims.
--
-- grain: country_iso3, indicator_code, year
-- stored: a count over every country, indicator and year took 1.2 s at a million claims.
-- partition: country_iso3
--
-- columns:
--   country_iso3: The country.
--   indicator_code: The indicator.
--   pillar: Its area of work.
--   year: The calendar year.
--   coverage: stated_total (a claim gives the figure), derived_total (a complete breakdown implies it), breakdown_only (claims give parts only), not_reported (claims say it was not reported), no_figure (a document reports on the year but gives nothing for this indicator) or no_document (no document reports on the year).
--   n_claims: Number of claims about exactly this year (any breakdown), not_reported ones included.
--   n_reported_claims: Of those, the number that give a value.
--   n_multi_year_claims: Number of claims whose multi-year period includes this year.
--   source_ids: The originators of the claims that give the figure for this year (without breakdown).
--   reports: The documents giving a figure for this year (any breakdown).
--   not_reported_by: The originators and documents that say the figure was not reported for this year.
--   is_reported_on: True when a document reports on the year (its reporting period covers it, or it gives an annual figure for it).
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

-- The years a document reports on: its reporting period's, and those of its annual figures
-- (read from stg_claim: a view read several times is copied once per read on Spark, and
-- stg_figure_value, read once below, is the costlier one).
covered as (
    select country_iso3, "year" from report_years
    union
    select country_iso3, year_from from stg_claim where is_figure and year_from = year_to
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

indicators as (
    select indicator_code, pillar from indicator
),

multi as (
    select country_iso3, indicator_code, year_from, year_to
    from stg_claim
    where is_figure and same_amount_as_claim_id is null and year_from < year_to
),

-- Each distinct originator, report and absence ranked first once, so one aggregation counts
-- and lists them without distinct aggregates (Spark refuses a string_agg beside them).
annual as (
    select
        stg_figure_value.*,
        row_number() over (
            partition by country_iso3, indicator_code, year_from, source_id, is_reported and not is_derived and breakdown = 'all'
            order by member_id
        ) as source_rank,
        row_number() over (
            partition by country_iso3, indicator_code, year_from, report_id, is_reported and not is_derived
            order by member_id
        ) as report_rank,
        row_number() over (
            partition by country_iso3, indicator_code, year_from, source_id, report_id, qualifier = 'not_reported'
            order by member_id
        ) as absence_rank
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
        count(*) filter (where not is_derived and is_reported and breakdown = 'all') as n_totals,
        count(*) filter (where is_derived and is_reported and breakdown = 'all' and qualifier = 'exact') as n_derived_totals,
        string_agg(source_id, ', ' order by source_id nulls first)
            filter (where is_reported and not is_derived and breakdown = 'all' and source_rank = 1) as source_ids,
        string_agg(report_id, ', ' order by report_id nulls first)
            filter (where is_reported and not is_derived and report_rank = 1) as reports,
        string_agg(source_id || ' in ' || report_id, '; ' order by source_id nulls first, report_id nulls first)
            filter (where qualifier = 'not_reported' and absence_rank = 1) as not_reported_by
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

final as (
    select
        years.country_iso3,
        indicators.indicator_code,
        indicators.pillar,
        years."year",
        case
            when coalesce(counts.n_totals, 0) > 0 then 'stated_total'
            when coalesce(counts.n_derived_totals, 0) > 0 then 'derived_total'
            when coalesce(counts.n_reported_claims, 0) > 0 then 'breakdown_only'
            when coalesce(counts.n_claims, 0) > 0 then 'not_reported'
            when years.is_reported_on then 'no_figure'
            else 'no_document'
        end as coverage,
        coalesce(counts.n_claims, 0) as n_claims,
        coalesce(counts.n_reported_claims, 0) as n_reported_claims,
        coalesce(multi_counts.n_multi_year_claims, 0) as n_multi_year_claims,
        counts.source_ids,
        counts.reports,
        counts.not_reported_by,
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
)

select * from final
