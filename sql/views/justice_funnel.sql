-- One row per country, year and originator (and one row per country and year with the
-- reconciled values, originator 'reconciled'): victims identified beside cases investigated,
-- persons prosecuted, persons charged and persons convicted, so "victims identified versus
-- traffickers convicted" is one select. Annual figures without breakdown only; where an
-- originator's figure appears in several documents, the latest document's is used. Absent
-- figures are null (not zero); a not_reported claim is not a value.
--
-- columns:
--   country_iso3: Country the figures are about.
--   year: Calendar year the figures refer to.
--   originator: The originator (source_id), or 'reconciled' for the values the default policy chooses.
--   originator_kind: Kind of the originator, or 'reconciled'.
--   victims_identified: Victims identified in the year.
--   cases_investigated: Cases investigated in the year.
--   persons_prosecuted: Persons prosecuted in the year (TIP Report definition).
--   persons_charged: Persons brought to responsibility as accused (the government's definition; not the same as persons_prosecuted).
--   persons_convicted: Persons convicted in the year.
--   convictions_per_100_victims: persons_convicted per 100 victims_identified, rounded to one decimal; null when either is missing or no victims were identified. Two counts from one originator (or the reconciled values), not a rate of any cohort.
--   reports: The documents the row's figures come from.
with

annual as (
    select *
    from claim_figure
    where is_reported
        and value is not null
        and breakdown = 'all'
        and year_from = year_to
        and indicator_code in (
            'victims_identified', 'cases_investigated', 'persons_prosecuted',
            'persons_charged', 'persons_convicted'
        )
),

latest as (
    select
        annual.*,
        row_number() over (
            partition by country_iso3, year_from, source_id, indicator_code
            order by published_year desc, report_id desc, claim_id
        ) as recency
    from annual
),

inputs as (
    select country_iso3, year_from, source_id as originator, source_kind as originator_kind,
        indicator_code, value, report_id
    from latest
    where recency = 1
    union all
    select country_iso3, year_from, 'reconciled', 'reconciled', indicator_code, value, report_id
    from reconciled
    where status = 'reported'
        and value is not null
        and breakdown = 'all'
        and year_from = year_to
        and indicator_code in (
            'victims_identified', 'cases_investigated', 'persons_prosecuted',
            'persons_charged', 'persons_convicted'
        )
),

combined as (
    select
        country_iso3,
        year_from as "year",
        originator,
        min(originator_kind) as originator_kind,
        max(case when indicator_code = 'victims_identified' then value end) as victims_identified,
        max(case when indicator_code = 'cases_investigated' then value end) as cases_investigated,
        max(case when indicator_code = 'persons_prosecuted' then value end) as persons_prosecuted,
        max(case when indicator_code = 'persons_charged' then value end) as persons_charged,
        max(case when indicator_code = 'persons_convicted' then value end) as persons_convicted,
        string_agg(distinct report_id, ', ' order by report_id nulls first) as reports
    from inputs
    group by country_iso3, year_from, originator
),

final as (
    select
        country_iso3,
        "year",
        originator,
        originator_kind,
        victims_identified,
        cases_investigated,
        persons_prosecuted,
        persons_charged,
        persons_convicted,
        case
            when victims_identified > 0 and persons_convicted is not null
                then round(cast(100 * persons_convicted as double) / cast(victims_identified as double), 1)
        end as convictions_per_100_victims,
        reports
    from combined
)

select * from final
