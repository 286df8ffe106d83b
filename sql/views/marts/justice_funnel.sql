-- One row per country, year and originator (source_id), and one per country and year with
-- the reconciled values (source_id 'reconciled'): the stages of the justice response side by
-- side, victims identified to persons convicted, each with the claim it comes from, who states
-- it and whether it is derived, so "victims identified versus traffickers convicted" is one
-- select. Annual figures without breakdown only; where an originator's figure appears in
-- several documents, the latest document's is used. Absent figures are null (not zero); a
-- not_reported claim is not a value. A funnel of annual counts is not a cohort: the people
-- convicted in a year were mostly identified, charged or prosecuted in earlier years, so a
-- ratio compares two counts of one year, not the fate of one group; and a ratio whose counts
-- come from different originators mixes definitions (see each ratio's basis).
--
-- grain: country_iso3, year, source_id
--
-- columns:
--   country_iso3: Country the figures are about.
--   year: Calendar year the figures refer to.
--   source_id: The originator whose figures the row gives, or 'reconciled' for the values the default policy chooses (each stage's own originator is then in <stage>_source_id).
--   is_reconciled: True for the reconciled row.
--   victims_identified: Victims identified in the year: the value, a whole number (a bound when its _qualifier says so); null when absent (never zero for an absence).
--   victims_identified_claim_id: The claim it comes from; null when derived or absent.
--   victims_identified_source_id: Who states it (for a value derived from parts of several originators, their ids, comma-separated).
--   victims_identified_is_derived: True when no claim states it: it is derived from a declared breakdown.
--   victims_identified_qualifier: How the value is stated: exact, approximate, at_least (a lower bound, e.g. from a partial breakdown), more_than, at_most or less_than.
--   suspects_investigated: Suspects investigated in the year: the value, a whole number (a bound when its _qualifier says so); null when absent (never zero for an absence).
--   suspects_investigated_claim_id: The claim it comes from; null when derived or absent.
--   suspects_investigated_source_id: Who states it (for a value derived from parts of several originators, their ids, comma-separated).
--   suspects_investigated_is_derived: True when no claim states it: it is derived from a declared breakdown.
--   suspects_investigated_qualifier: How the value is stated: exact, approximate, at_least (a lower bound, e.g. from a partial breakdown), more_than, at_most or less_than.
--   cases_investigated: Cases investigated (opened) in the year: the value, a whole number (a bound when its _qualifier says so); null when absent (never zero for an absence).
--   cases_investigated_claim_id: The claim it comes from; null when derived or absent.
--   cases_investigated_source_id: Who states it (for a value derived from parts of several originators, their ids, comma-separated).
--   cases_investigated_is_derived: True when no claim states it: it is derived from a declared breakdown.
--   cases_investigated_qualifier: How the value is stated: exact, approximate, at_least (a lower bound, e.g. from a partial breakdown), more_than, at_most or less_than.
--   crimes_registered: Crimes registered in the year (the government's count of offences, not cases): the value, a whole number (a bound when its _qualifier says so); null when absent (never zero for an absence).
--   crimes_registered_claim_id: The claim it comes from; null when derived or absent.
--   crimes_registered_source_id: Who states it (for a value derived from parts of several originators, their ids, comma-separated).
--   crimes_registered_is_derived: True when no claim states it: it is derived from a declared breakdown.
--   crimes_registered_qualifier: How the value is stated: exact, approximate, at_least (a lower bound, e.g. from a partial breakdown), more_than, at_most or less_than.
--   cases_sent_to_court: Cases sent to court in the year: the value, a whole number (a bound when its _qualifier says so); null when absent (never zero for an absence).
--   cases_sent_to_court_claim_id: The claim it comes from; null when derived or absent.
--   cases_sent_to_court_source_id: Who states it (for a value derived from parts of several originators, their ids, comma-separated).
--   cases_sent_to_court_is_derived: True when no claim states it: it is derived from a declared breakdown.
--   cases_sent_to_court_qualifier: How the value is stated: exact, approximate, at_least (a lower bound, e.g. from a partial breakdown), more_than, at_most or less_than.
--   persons_prosecuted: Persons prosecuted in the year (the TIP Report's defendants prosecuted): the value, a whole number (a bound when its _qualifier says so); null when absent (never zero for an absence).
--   persons_prosecuted_claim_id: The claim it comes from; null when derived or absent.
--   persons_prosecuted_source_id: Who states it (for a value derived from parts of several originators, their ids, comma-separated).
--   persons_prosecuted_is_derived: True when no claim states it: it is derived from a declared breakdown.
--   persons_prosecuted_qualifier: How the value is stated: exact, approximate, at_least (a lower bound, e.g. from a partial breakdown), more_than, at_most or less_than.
--   persons_charged: Persons brought to responsibility as accused (the government's definition; not persons_prosecuted): the value, a whole number (a bound when its _qualifier says so); null when absent (never zero for an absence).
--   persons_charged_claim_id: The claim it comes from; null when derived or absent.
--   persons_charged_source_id: Who states it (for a value derived from parts of several originators, their ids, comma-separated).
--   persons_charged_is_derived: True when no claim states it: it is derived from a declared breakdown.
--   persons_charged_qualifier: How the value is stated: exact, approximate, at_least (a lower bound, e.g. from a partial breakdown), more_than, at_most or less_than.
--   persons_convicted: Persons convicted in the year: the value, a whole number (a bound when its _qualifier says so); null when absent (never zero for an absence).
--   persons_convicted_claim_id: The claim it comes from; null when derived or absent.
--   persons_convicted_source_id: Who states it (for a value derived from parts of several originators, their ids, comma-separated).
--   persons_convicted_is_derived: True when no claim states it: it is derived from a declared breakdown.
--   persons_convicted_qualifier: How the value is stated: exact, approximate, at_least (a lower bound, e.g. from a partial breakdown), more_than, at_most or less_than.
--   convictions_per_100_victims: persons_convicted per 100 victims_identified, rounded to one decimal; null when either is missing or not exact (a bound, an approximation), or no victim was identified. Two annual counts of one year, not a rate of any cohort: people convicted in a year were mostly identified in earlier years.
--   convictions_per_100_victims_basis: same_originator (both counts are one originator's figures, following restatements) or mixed_originators (the reconciled row took them from different originators, whose definitions may differ); null without a ratio. Both counts are always of the same year, so a ratio never spans different periods.
--   convictions_per_100_prosecuted: persons_convicted per 100 persons_prosecuted, rounded to one decimal; null when either is missing or not exact, or none was prosecuted. Annual counts, not a cohort.
--   convictions_per_100_prosecuted_basis: same_originator or mixed_originators, as above.
--   reports: The documents the row's figures come from.
with

annual as (
    select *
    from stg_figure_value
    where is_reported
        and unit_kind = 'count'
        and value_number is not null
        and breakdown = 'all'
        and year_from = year_to
        and indicator_code in ('victims_identified', 'suspects_investigated', 'cases_investigated', 'crimes_registered', 'cases_sent_to_court', 'persons_prosecuted', 'persons_charged', 'persons_convicted')
),

latest as (
    select
        annual.*,
        row_number() over (
            partition by country_iso3, year_from, source_id, indicator_code
            order by published_year desc, report_id desc, member_id
        ) as recency
    from annual
    where source_id is not null
),

inputs as (
    select
        country_iso3,
        year_from,
        source_id as row_source_id,
        indicator_code,
        cast(value_number as bigint) as value,
        claim_id,
        source_id as stage_source_id,
        original_source_id as origin,
        case when is_derived then 1 else 0 end as derived,
        qualifier,
        report_id
    from latest
    where recency = 1
    union all
    select
        country_iso3,
        year_from,
        'reconciled',
        indicator_code,
        value,
        claim_id,
        coalesce(source_id, part_source_ids),
        coalesce(original_source_id, part_source_ids),
        case when is_derived then 1 else 0 end,
        qualifier,
        report_id
    from reconciled
    where is_reported
        and value is not null
        and breakdown = 'all'
        and year_from = year_to
        and indicator_code in ('victims_identified', 'suspects_investigated', 'cases_investigated', 'crimes_registered', 'cases_sent_to_court', 'persons_prosecuted', 'persons_charged', 'persons_convicted')
),

-- One pass over the inputs (engines that inline CTEs, Spark, copy one per reference).
pivoted as (
    select
        country_iso3,
        year_from,
        row_source_id,
        string_agg(distinct report_id, ', ' order by report_id nulls first) as reports,
        max(case when indicator_code = 'victims_identified' then value end) as victims_identified,
        max(case when indicator_code = 'victims_identified' then claim_id end) as victims_identified_claim_id,
        max(case when indicator_code = 'victims_identified' then stage_source_id end) as victims_identified_source_id,
        max(case when indicator_code = 'victims_identified' then origin end) as victims_identified_origin,
        max(case when indicator_code = 'victims_identified' then derived end) = 1 as victims_identified_is_derived,
        max(case when indicator_code = 'victims_identified' then qualifier end) as victims_identified_qualifier,
        max(case when indicator_code = 'suspects_investigated' then value end) as suspects_investigated,
        max(case when indicator_code = 'suspects_investigated' then claim_id end) as suspects_investigated_claim_id,
        max(case when indicator_code = 'suspects_investigated' then stage_source_id end) as suspects_investigated_source_id,
        max(case when indicator_code = 'suspects_investigated' then origin end) as suspects_investigated_origin,
        max(case when indicator_code = 'suspects_investigated' then derived end) = 1 as suspects_investigated_is_derived,
        max(case when indicator_code = 'suspects_investigated' then qualifier end) as suspects_investigated_qualifier,
        max(case when indicator_code = 'cases_investigated' then value end) as cases_investigated,
        max(case when indicator_code = 'cases_investigated' then claim_id end) as cases_investigated_claim_id,
        max(case when indicator_code = 'cases_investigated' then stage_source_id end) as cases_investigated_source_id,
        max(case when indicator_code = 'cases_investigated' then origin end) as cases_investigated_origin,
        max(case when indicator_code = 'cases_investigated' then derived end) = 1 as cases_investigated_is_derived,
        max(case when indicator_code = 'cases_investigated' then qualifier end) as cases_investigated_qualifier,
        max(case when indicator_code = 'crimes_registered' then value end) as crimes_registered,
        max(case when indicator_code = 'crimes_registered' then claim_id end) as crimes_registered_claim_id,
        max(case when indicator_code = 'crimes_registered' then stage_source_id end) as crimes_registered_source_id,
        max(case when indicator_code = 'crimes_registered' then origin end) as crimes_registered_origin,
        max(case when indicator_code = 'crimes_registered' then derived end) = 1 as crimes_registered_is_derived,
        max(case when indicator_code = 'crimes_registered' then qualifier end) as crimes_registered_qualifier,
        max(case when indicator_code = 'cases_sent_to_court' then value end) as cases_sent_to_court,
        max(case when indicator_code = 'cases_sent_to_court' then claim_id end) as cases_sent_to_court_claim_id,
        max(case when indicator_code = 'cases_sent_to_court' then stage_source_id end) as cases_sent_to_court_source_id,
        max(case when indicator_code = 'cases_sent_to_court' then origin end) as cases_sent_to_court_origin,
        max(case when indicator_code = 'cases_sent_to_court' then derived end) = 1 as cases_sent_to_court_is_derived,
        max(case when indicator_code = 'cases_sent_to_court' then qualifier end) as cases_sent_to_court_qualifier,
        max(case when indicator_code = 'persons_prosecuted' then value end) as persons_prosecuted,
        max(case when indicator_code = 'persons_prosecuted' then claim_id end) as persons_prosecuted_claim_id,
        max(case when indicator_code = 'persons_prosecuted' then stage_source_id end) as persons_prosecuted_source_id,
        max(case when indicator_code = 'persons_prosecuted' then origin end) as persons_prosecuted_origin,
        max(case when indicator_code = 'persons_prosecuted' then derived end) = 1 as persons_prosecuted_is_derived,
        max(case when indicator_code = 'persons_prosecuted' then qualifier end) as persons_prosecuted_qualifier,
        max(case when indicator_code = 'persons_charged' then value end) as persons_charged,
        max(case when indicator_code = 'persons_charged' then claim_id end) as persons_charged_claim_id,
        max(case when indicator_code = 'persons_charged' then stage_source_id end) as persons_charged_source_id,
        max(case when indicator_code = 'persons_charged' then origin end) as persons_charged_origin,
        max(case when indicator_code = 'persons_charged' then derived end) = 1 as persons_charged_is_derived,
        max(case when indicator_code = 'persons_charged' then qualifier end) as persons_charged_qualifier,
        max(case when indicator_code = 'persons_convicted' then value end) as persons_convicted,
        max(case when indicator_code = 'persons_convicted' then claim_id end) as persons_convicted_claim_id,
        max(case when indicator_code = 'persons_convicted' then stage_source_id end) as persons_convicted_source_id,
        max(case when indicator_code = 'persons_convicted' then origin end) as persons_convicted_origin,
        max(case when indicator_code = 'persons_convicted' then derived end) = 1 as persons_convicted_is_derived,
        max(case when indicator_code = 'persons_convicted' then qualifier end) as persons_convicted_qualifier
    from inputs
    group by country_iso3, year_from, row_source_id
),

final as (
    select
        pivoted.country_iso3,
        pivoted.year_from as "year",
        pivoted.row_source_id as source_id,
        pivoted.row_source_id = 'reconciled' as is_reconciled,
        victims_identified,
        victims_identified_claim_id,
        victims_identified_source_id,
        victims_identified_is_derived,
        victims_identified_qualifier,
        suspects_investigated,
        suspects_investigated_claim_id,
        suspects_investigated_source_id,
        suspects_investigated_is_derived,
        suspects_investigated_qualifier,
        cases_investigated,
        cases_investigated_claim_id,
        cases_investigated_source_id,
        cases_investigated_is_derived,
        cases_investigated_qualifier,
        crimes_registered,
        crimes_registered_claim_id,
        crimes_registered_source_id,
        crimes_registered_is_derived,
        crimes_registered_qualifier,
        cases_sent_to_court,
        cases_sent_to_court_claim_id,
        cases_sent_to_court_source_id,
        cases_sent_to_court_is_derived,
        cases_sent_to_court_qualifier,
        persons_prosecuted,
        persons_prosecuted_claim_id,
        persons_prosecuted_source_id,
        persons_prosecuted_is_derived,
        persons_prosecuted_qualifier,
        persons_charged,
        persons_charged_claim_id,
        persons_charged_source_id,
        persons_charged_is_derived,
        persons_charged_qualifier,
        persons_convicted,
        persons_convicted_claim_id,
        persons_convicted_source_id,
        persons_convicted_is_derived,
        persons_convicted_qualifier,
        case
            when victims_identified > 0 and persons_convicted is not null
                and victims_identified_qualifier = 'exact' and persons_convicted_qualifier = 'exact'
                then round(cast(100 * persons_convicted as double) / cast(victims_identified as double), 1)
        end as convictions_per_100_victims,
        case
            when victims_identified > 0 and persons_convicted is not null
                and victims_identified_qualifier = 'exact' and persons_convicted_qualifier = 'exact' then
                case when victims_identified_origin = persons_convicted_origin then 'same_originator' else 'mixed_originators' end
        end as convictions_per_100_victims_basis,
        case
            when persons_prosecuted > 0 and persons_convicted is not null
                and persons_prosecuted_qualifier = 'exact' and persons_convicted_qualifier = 'exact'
                then round(cast(100 * persons_convicted as double) / cast(persons_prosecuted as double), 1)
        end as convictions_per_100_prosecuted,
        case
            when persons_prosecuted > 0 and persons_convicted is not null
                and persons_prosecuted_qualifier = 'exact' and persons_convicted_qualifier = 'exact' then
                case when persons_prosecuted_origin = persons_convicted_origin then 'same_originator' else 'mixed_originators' end
        end as convictions_per_100_prosecuted_basis,
        pivoted.reports
    from pivoted
)

select * from final
