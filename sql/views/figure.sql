-- One row per figure: a country, indicator, period, breakdown and unit that one or more claims
-- give a value for (or say was not reported), with how many claims, values and independent
-- originators it has. Period-only claims (action plans) are not figures. The reconciliation
-- views start from here.
--
-- stored: the reconciliation views read it; computed once per build.
-- partition: country_iso3
--
-- columns:
--   figure_key: The figure: country, indicator, period, breakdown and unit, as one text.
--   country_iso3: Country the figure is about.
--   indicator_code: What the figure counts.
--   year_from: First year of the figure's period; null for timeless facts.
--   year_to: Last year of the figure's period.
--   breakdown: The figure's breakdown as text, or all.
--   sex: Breakdown by sex, or all.
--   age_band: Breakdown by age band, or all.
--   exploitation_form: Breakdown by form of exploitation, or all.
--   citizenship: Breakdown by citizenship, or all.
--   destination_iso3: Breakdown by destination country, or all.
--   origin_iso3: Breakdown by country of origin, or all.
--   category: What exactly is counted within the indicator, or all.
--   unit: Unit of the figure.
--   n_claims: Number of claims of the figure, not_reported ones included.
--   n_reported_claims: Number of claims that give a value.
--   n_reports: Number of documents with a claim of the figure.
--   n_publishers: Number of publishers of those documents.
--   n_independent_originators: Number of distinct originators among the claims that give a value. A U.S. report relaying a government figure is the government's figure: it counts once, as the government.
--   n_distinct_values: Number of distinct values the claims give (not reported is not a value).
--   lowest_value: Lowest value (or lower bound) any claim gives.
--   highest_value: Highest value (or upper bound) any claim gives.
--   not_reported_by: Originators and documents that say the figure was not reported, if any.
with

figures as (
    select * from claim_figure where qualifier <> 'period'
),

counts as (
    select
        figure_key,
        min(country_iso3) as country_iso3,
        min(indicator_code) as indicator_code,
        min(year_from) as year_from,
        min(year_to) as year_to,
        min(breakdown) as breakdown,
        min(sex) as sex,
        min(age_band) as age_band,
        min(exploitation_form) as exploitation_form,
        min(citizenship) as citizenship,
        min(destination_iso3) as destination_iso3,
        min(origin_iso3) as origin_iso3,
        min(category) as category,
        min(unit) as unit,
        count(*) as n_claims,
        count(*) filter (where is_reported) as n_reported_claims,
        count(distinct report_id) as n_reports,
        count(distinct publisher) as n_publishers,
        count(distinct source_id) filter (where is_reported) as n_independent_originators,
        count(distinct value_key) as n_distinct_values,
        min(coalesce(value, value_low)) as lowest_value,
        max(coalesce(value, value_high)) as highest_value
    from figures
    group by figure_key
),

-- Apart from the distinct counts: Spark fails on a string_agg in an aggregation with several
-- distinct aggregates.
absences as (
    select
        figure_key,
        string_agg(source_id || ' in ' || report_id, '; ' order by source_id nulls first, report_id nulls first) as not_reported_by
    from figures
    where qualifier = 'not_reported'
    group by figure_key
),

final as (
    select
        counts.figure_key,
        counts.country_iso3,
        counts.indicator_code,
        counts.year_from,
        counts.year_to,
        counts.breakdown,
        counts.sex,
        counts.age_band,
        counts.exploitation_form,
        counts.citizenship,
        counts.destination_iso3,
        counts.origin_iso3,
        counts.category,
        counts.unit,
        counts.n_claims,
        counts.n_reported_claims,
        counts.n_reports,
        counts.n_publishers,
        counts.n_independent_originators,
        counts.n_distinct_values,
        counts.lowest_value,
        counts.highest_value,
        absences.not_reported_by
    from counts
    left join absences on absences.figure_key = counts.figure_key
)

select * from final
