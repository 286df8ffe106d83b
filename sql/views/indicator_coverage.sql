-- One row per indicator and calendar year the database covers: how many annual claims give
-- a figure for that year, which reports and originators give it, and which say it was not
-- reported, so gaps are visible. Claims for a span of years (cumulative totals) are counted
-- apart, in n_multi_year_claims; timeless claims (legal penalties) have no year.
--
-- columns:
--   indicator_code: The indicator.
--   pillar: Its area of work.
--   year: The calendar year.
--   n_claims: Number of claims about exactly this year (any breakdown).
--   n_reported_claims: Of those, the number that give a value.
--   n_not_reported_claims: Of those, the number that say the figure was not reported.
--   n_multi_year_claims: Number of claims whose multi-year period includes this year.
--   reports: The documents giving a figure for this year.
--   originators: The originators giving a figure for this year.
--   not_reported_by: The originators and documents that say the figure was not reported for this year.
--   status: figure (some claim gives a value), not_reported_only (only claims of absence), period_only (only multi-year claims cover it) or gap (nothing).
with

years as (
    select "year" from "year"
),

indicators as (
    select indicator_code, pillar from indicator
),

annual as (
    select * from claim_figure where year_from = year_to
),

multi as (
    select * from claim_figure where year_from < year_to
),

annual_counts as (
    select
        indicator_code,
        year_from as "year",
        count(*) as n_claims,
        count(*) filter (where is_reported) as n_reported_claims,
        count(*) filter (where qualifier = 'not_reported') as n_not_reported_claims
    from annual
    group by indicator_code, year_from
),

-- One distinct string_agg per aggregation, without filter: Spark fails on a string_agg in an
-- aggregation with several distinct aggregates or a filtered one.
annual_reports as (
    select
        indicator_code,
        year_from as "year",
        string_agg(distinct report_id, ', ' order by report_id nulls first) as reports
    from annual
    where is_reported
    group by indicator_code, year_from
),

annual_originators as (
    select
        indicator_code,
        year_from as "year",
        string_agg(distinct source_id, ', ' order by source_id nulls first) as originators
    from annual
    where is_reported
    group by indicator_code, year_from
),

annual_absences as (
    select
        indicator_code,
        year_from as "year",
        string_agg(distinct source_id || ' in ' || report_id, '; ' order by source_id || ' in ' || report_id nulls first) as not_reported_by
    from annual
    where qualifier = 'not_reported'
    group by indicator_code, year_from
),

multi_counts as (
    select
        multi.indicator_code,
        years."year",
        count(*) as n_multi_year_claims
    from multi
    inner join years on years."year" between multi.year_from and multi.year_to
    group by multi.indicator_code, years."year"
),

final as (
    select
        indicators.indicator_code,
        indicators.pillar,
        years."year",
        coalesce(annual_counts.n_claims, 0) as n_claims,
        coalesce(annual_counts.n_reported_claims, 0) as n_reported_claims,
        coalesce(annual_counts.n_not_reported_claims, 0) as n_not_reported_claims,
        coalesce(multi_counts.n_multi_year_claims, 0) as n_multi_year_claims,
        annual_reports.reports,
        annual_originators.originators,
        annual_absences.not_reported_by,
        case
            when coalesce(annual_counts.n_reported_claims, 0) > 0 then 'figure'
            when coalesce(annual_counts.n_not_reported_claims, 0) > 0 then 'not_reported_only'
            when coalesce(multi_counts.n_multi_year_claims, 0) > 0 then 'period_only'
            else 'gap'
        end as status
    from indicators
    cross join years
    left join annual_counts
        on annual_counts.indicator_code = indicators.indicator_code and annual_counts."year" = years."year"
    left join annual_reports
        on annual_reports.indicator_code = indicators.indicator_code and annual_reports."year" = years."year"
    left join annual_originators
        on annual_originators.indicator_code = indicators.indicator_code and annual_originators."year" = years."year"
    left join annual_absences
        on annual_absences.indicator_code = indicators.indicator_code and annual_absences."year" = years."year"
    left join multi_counts
        on multi_counts.indicator_code = indicators.indicator_code and multi_counts."year" = years."year"
)

select * from final
