-- One row per country, year and originator (source_id: whose figures they are, original_source_id;
-- a figure an embassy cable or a TIP Report relays is in its originator's row), and one per
-- country and year with the reconciled values (source_id 'reconciled'): the stages of the
-- justice response side by side, victims identified to persons convicted, each with the claim
-- it comes from, whose figure it is, whether it is derived and the document's words (its
-- definition as counted), so "victims identified versus traffickers convicted" is one select.
-- Annual figures without breakdown only; where an originator's figure appears in several
-- documents, the latest document's is used (in one document, its own statement before another's
-- restatement of it). Absent figures are null (not zero); a not_reported
-- claim is not a value (not_reported says who did not report which stage). Each stage is one
-- definition: prosecutions initiated (newly charged), persons prosecuted (all defendants) and
-- persons brought to responsibility as accused are different counts, never one column. A
-- ratio divides like by like or is null with the reason (<ratio>_note): never convictions by
-- prosecutions initiated as if by persons prosecuted. A funnel of annual counts is not a
-- cohort: the people convicted in a year were mostly identified, charged or prosecuted in
-- earlier years, so a ratio compares two counts of one year, not the fate of one group. Its
-- basis says where its two counts come from: same_source (one document and one originator; for
-- a collective originator, media, NGOs or observers, one sentence, since a document can cite
-- several reports), same_originator (one originator, different documents) or mixed_originators.
--
-- grain: country_iso3, year, source_id
--
-- columns:
--   country_iso3: Country the figures are about.
--   year: Calendar year the figures refer to.
--   source_id: The originator whose own figures the row gives (original_source_id: a relayed figure is in its originator's row, never the relayer's), or 'reconciled' for the values the default policy chooses (each stage's originator is then in <stage>_source_id).
--   is_reconciled: True for the reconciled row.
--   victims_identified: Victims identified in the year (officially recognised victims; not potential victims): the value, a whole number (a bound when its _qualifier says so); null when absent (never zero for an absence).
--   victims_identified_claim_id: The claim it comes from; null when derived or absent.
--   victims_identified_source_id: Whose figure it is (original_source_id; for a derived value, its parts' original originators, comma-separated).
--   victims_identified_is_derived: True when no claim states it: it is derived from a declared breakdown.
--   victims_identified_qualifier: How the value is stated: exact, approximate, at_least (a lower bound, e.g. from a partial breakdown), more_than, at_most or less_than.
--   victims_identified_wording: The document's words the value is read from (the quote), which show what exactly was counted; for a derived value, its rule and parts.
--   suspects_investigated: Suspects investigated in the year (persons): the value, a whole number (a bound when its _qualifier says so); null when absent (never zero for an absence).
--   suspects_investigated_claim_id: The claim it comes from; null when derived or absent.
--   suspects_investigated_source_id: Whose figure it is (original_source_id; for a derived value, its parts' original originators, comma-separated).
--   suspects_investigated_is_derived: True when no claim states it: it is derived from a declared breakdown.
--   suspects_investigated_qualifier: How the value is stated: exact, approximate, at_least (a lower bound, e.g. from a partial breakdown), more_than, at_most or less_than.
--   suspects_investigated_wording: The document's words the value is read from (the quote), which show what exactly was counted; for a derived value, its rule and parts.
--   cases_investigated: Cases investigated (opened) in the year (criminal cases, not crimes or persons): the value, a whole number (a bound when its _qualifier says so); null when absent (never zero for an absence).
--   cases_investigated_claim_id: The claim it comes from; null when derived or absent.
--   cases_investigated_source_id: Whose figure it is (original_source_id; for a derived value, its parts' original originators, comma-separated).
--   cases_investigated_is_derived: True when no claim states it: it is derived from a declared breakdown.
--   cases_investigated_qualifier: How the value is stated: exact, approximate, at_least (a lower bound, e.g. from a partial breakdown), more_than, at_most or less_than.
--   cases_investigated_wording: The document's words the value is read from (the quote), which show what exactly was counted; for a derived value, its rule and parts.
--   crimes_registered: Crimes registered in the year (the government's count of offences, not cases): the value, a whole number (a bound when its _qualifier says so); null when absent (never zero for an absence).
--   crimes_registered_claim_id: The claim it comes from; null when derived or absent.
--   crimes_registered_source_id: Whose figure it is (original_source_id; for a derived value, its parts' original originators, comma-separated).
--   crimes_registered_is_derived: True when no claim states it: it is derived from a declared breakdown.
--   crimes_registered_qualifier: How the value is stated: exact, approximate, at_least (a lower bound, e.g. from a partial breakdown), more_than, at_most or less_than.
--   crimes_registered_wording: The document's words the value is read from (the quote), which show what exactly was counted; for a derived value, its rule and parts.
--   cases_sent_to_court: Cases sent to court in the year (cases, not defendants): the value, a whole number (a bound when its _qualifier says so); null when absent (never zero for an absence).
--   cases_sent_to_court_claim_id: The claim it comes from; null when derived or absent.
--   cases_sent_to_court_source_id: Whose figure it is (original_source_id; for a derived value, its parts' original originators, comma-separated).
--   cases_sent_to_court_is_derived: True when no claim states it: it is derived from a declared breakdown.
--   cases_sent_to_court_qualifier: How the value is stated: exact, approximate, at_least (a lower bound, e.g. from a partial breakdown), more_than, at_most or less_than.
--   cases_sent_to_court_wording: The document's words the value is read from (the quote), which show what exactly was counted; for a derived value, its rule and parts.
--   prosecutions_initiated: Prosecutions initiated in the year: persons newly charged ("initiated prosecutions of nine alleged traffickers"); not persons_prosecuted: the value, a whole number (a bound when its _qualifier says so); null when absent (never zero for an absence).
--   prosecutions_initiated_claim_id: The claim it comes from; null when derived or absent.
--   prosecutions_initiated_source_id: Whose figure it is (original_source_id; for a derived value, its parts' original originators, comma-separated).
--   prosecutions_initiated_is_derived: True when no claim states it: it is derived from a declared breakdown.
--   prosecutions_initiated_qualifier: How the value is stated: exact, approximate, at_least (a lower bound, e.g. from a partial breakdown), more_than, at_most or less_than.
--   prosecutions_initiated_wording: The document's words the value is read from (the quote), which show what exactly was counted; for a derived value, its rule and parts.
--   persons_prosecuted: Persons prosecuted in the year: all defendants before a court, including prosecutions begun earlier (the TIP Report's "defendants prosecuted"); not prosecutions_initiated: the value, a whole number (a bound when its _qualifier says so); null when absent (never zero for an absence).
--   persons_prosecuted_claim_id: The claim it comes from; null when derived or absent.
--   persons_prosecuted_source_id: Whose figure it is (original_source_id; for a derived value, its parts' original originators, comma-separated).
--   persons_prosecuted_is_derived: True when no claim states it: it is derived from a declared breakdown.
--   persons_prosecuted_qualifier: How the value is stated: exact, approximate, at_least (a lower bound, e.g. from a partial breakdown), more_than, at_most or less_than.
--   persons_prosecuted_wording: The document's words the value is read from (the quote), which show what exactly was counted; for a derived value, its rule and parts.
--   persons_charged: Persons brought to responsibility as accused (the government's definition; not persons_prosecuted): the value, a whole number (a bound when its _qualifier says so); null when absent (never zero for an absence).
--   persons_charged_claim_id: The claim it comes from; null when derived or absent.
--   persons_charged_source_id: Whose figure it is (original_source_id; for a derived value, its parts' original originators, comma-separated).
--   persons_charged_is_derived: True when no claim states it: it is derived from a declared breakdown.
--   persons_charged_qualifier: How the value is stated: exact, approximate, at_least (a lower bound, e.g. from a partial breakdown), more_than, at_most or less_than.
--   persons_charged_wording: The document's words the value is read from (the quote), which show what exactly was counted; for a derived value, its rule and parts.
--   persons_convicted: Persons convicted in the year: the value, a whole number (a bound when its _qualifier says so); null when absent (never zero for an absence).
--   persons_convicted_claim_id: The claim it comes from; null when derived or absent.
--   persons_convicted_source_id: Whose figure it is (original_source_id; for a derived value, its parts' original originators, comma-separated).
--   persons_convicted_is_derived: True when no claim states it: it is derived from a declared breakdown.
--   persons_convicted_qualifier: How the value is stated: exact, approximate, at_least (a lower bound, e.g. from a partial breakdown), more_than, at_most or less_than.
--   persons_convicted_wording: The document's words the value is read from (the quote), which show what exactly was counted; for a derived value, its rule and parts.
--   convictions_per_100_victims: persons_convicted per 100 victims_identified, rounded to one decimal; null (see convictions_per_100_victims_note) when either is missing or not exact (a bound, an approximation), or no victim was identified. Two annual counts of one year, not a rate of any cohort: people convicted in a year were mostly identified in earlier years.
--   convictions_per_100_victims_basis: Where the two counts come from: same_source (one document and one originator; a collective originator, media, NGOs or observers, only within one sentence), same_originator (one originator, different documents) or mixed_originators (different originators, or a collective originator's counts from different sentences or documents, which may be different reports: definitions may differ); null without a ratio. Both counts are always of the same year.
--   convictions_per_100_victims_note: Why the ratio is null, or what its basis means for this row, in words (e.g. the two counts' originators and documents).
--   convictions_per_100_prosecuted: persons_convicted per 100 persons_prosecuted (all defendants), rounded to one decimal; null (see convictions_per_100_prosecuted_note) when either is missing or not exact, or none was prosecuted. Never divided by prosecutions_initiated or persons_charged, which count other things. Annual counts, not a cohort.
--   convictions_per_100_prosecuted_basis: same_source, same_originator or mixed_originators, as above; null without a ratio.
--   convictions_per_100_prosecuted_note: Why the ratio is null (e.g. the year's only prosecution count is prosecutions initiated, a different definition), or what its basis means for this row.
--   not_reported: The stages some originator says were not reported for a period that includes the year, each with who and where (e.g. persons_convicted: gov_aze in tip-2025-aze); the same in every row of the year, so a media figure keeps the government's absence.
--   reports: The documents the row's figures come from.
with

stages as (
    select indicator_code from indicator where indicator_code in ('victims_identified', 'suspects_investigated', 'cases_investigated', 'crimes_registered', 'cases_sent_to_court', 'prosecutions_initiated', 'persons_prosecuted', 'persons_charged', 'persons_convicted')
),

annual as (
    select stg_figure_value.*
    from stg_figure_value
    inner join stages on stages.indicator_code = stg_figure_value.indicator_code
    where is_reported
        and unit_kind = 'count'
        and value_number is not null
        and breakdown = 'all'
        and year_from = year_to
),

quotes as (
    select claim_id, quote, quote_start, quote_end from stg_claim
),

-- A derived value's originators are its parts' (stg_sum follows relays): one, or several
-- comma-separated (part_source_ids), which no per-originator row takes.
members as (
    select
        annual.*,
        coalesce(annual.original_source_id, annual.part_source_ids) as origin
    from annual
),

latest as (
    select
        members.*,
        row_number() over (
            partition by country_iso3, year_from, origin, indicator_code
            order by published_year desc, report_id desc,
                case when source_id = original_source_id then 0 else 1 end, member_id
        ) as recency
    from members
    where origin is not null and origin not like '%,%'
),

sources as (
    select source_id, kind from source
),

chosen as (
    select country_iso3, year_from, origin as row_source_id, indicator_code, value_number, claim_id, origin,
        is_derived, qualifier, report_id, derived_rule, part_claim_ids
    from latest
    where recency = 1
    union all
    select reconciled.country_iso3, reconciled.year_from, 'reconciled', reconciled.indicator_code,
        cast(reconciled.value as decimal(20, 4)), reconciled.claim_id,
        coalesce(reconciled.original_source_id, reconciled.part_source_ids),
        reconciled.is_derived, reconciled.qualifier, reconciled.report_id, reconciled.derived_rule, reconciled.part_claim_ids
    from reconciled
    inner join stages on stages.indicator_code = reconciled.indicator_code
    where reconciled.is_reported
        and reconciled.value is not null
        and reconciled.breakdown = 'all'
        and reconciled.year_from = reconciled.year_to
),

inputs as (
    select
        chosen.country_iso3,
        chosen.year_from,
        chosen.row_source_id,
        chosen.indicator_code,
        cast(chosen.value_number as bigint) as value,
        chosen.claim_id,
        chosen.origin,
        case when chosen.is_derived then 1 else 0 end as derived,
        chosen.qualifier,
        chosen.report_id,
        -- a collective originator (media, NGOs, observers) is one source only within one
        -- passage of a document (overlapping quotes): a document can cite several reports
        coalesce(sources.kind in ('media', 'ngo', 'observers'), false) as is_collective,
        quotes.quote_start,
        quotes.quote_end,
        case
            when chosen.is_derived then chosen.derived_rule || ': ' || chosen.part_claim_ids
            else quotes.quote
        end as wording
    from chosen
    left join quotes on quotes.claim_id = chosen.claim_id
    left join sources on sources.source_id = chosen.origin
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
        max(case when indicator_code = 'victims_identified' then origin end) as victims_identified_source_id,
        max(case when indicator_code = 'victims_identified' then quote_start end) as victims_identified_quote_start,
        max(case when indicator_code = 'victims_identified' then quote_end end) as victims_identified_quote_end,
        max(case when indicator_code = 'victims_identified' then report_id end) as victims_identified_report_id,
        max(case when indicator_code = 'victims_identified' then wording end) as victims_identified_wording,
        max(case when indicator_code = 'victims_identified' then qualifier end) as victims_identified_qualifier,
        max(case when indicator_code = 'victims_identified' then derived end) = 1 as victims_identified_is_derived,
        bool_or(indicator_code = 'victims_identified' and is_collective) as victims_identified_is_collective,
        max(case when indicator_code = 'suspects_investigated' then value end) as suspects_investigated,
        max(case when indicator_code = 'suspects_investigated' then claim_id end) as suspects_investigated_claim_id,
        max(case when indicator_code = 'suspects_investigated' then origin end) as suspects_investigated_source_id,
        max(case when indicator_code = 'suspects_investigated' then quote_start end) as suspects_investigated_quote_start,
        max(case when indicator_code = 'suspects_investigated' then quote_end end) as suspects_investigated_quote_end,
        max(case when indicator_code = 'suspects_investigated' then report_id end) as suspects_investigated_report_id,
        max(case when indicator_code = 'suspects_investigated' then wording end) as suspects_investigated_wording,
        max(case when indicator_code = 'suspects_investigated' then qualifier end) as suspects_investigated_qualifier,
        max(case when indicator_code = 'suspects_investigated' then derived end) = 1 as suspects_investigated_is_derived,
        bool_or(indicator_code = 'suspects_investigated' and is_collective) as suspects_investigated_is_collective,
        max(case when indicator_code = 'cases_investigated' then value end) as cases_investigated,
        max(case when indicator_code = 'cases_investigated' then claim_id end) as cases_investigated_claim_id,
        max(case when indicator_code = 'cases_investigated' then origin end) as cases_investigated_source_id,
        max(case when indicator_code = 'cases_investigated' then quote_start end) as cases_investigated_quote_start,
        max(case when indicator_code = 'cases_investigated' then quote_end end) as cases_investigated_quote_end,
        max(case when indicator_code = 'cases_investigated' then report_id end) as cases_investigated_report_id,
        max(case when indicator_code = 'cases_investigated' then wording end) as cases_investigated_wording,
        max(case when indicator_code = 'cases_investigated' then qualifier end) as cases_investigated_qualifier,
        max(case when indicator_code = 'cases_investigated' then derived end) = 1 as cases_investigated_is_derived,
        bool_or(indicator_code = 'cases_investigated' and is_collective) as cases_investigated_is_collective,
        max(case when indicator_code = 'crimes_registered' then value end) as crimes_registered,
        max(case when indicator_code = 'crimes_registered' then claim_id end) as crimes_registered_claim_id,
        max(case when indicator_code = 'crimes_registered' then origin end) as crimes_registered_source_id,
        max(case when indicator_code = 'crimes_registered' then quote_start end) as crimes_registered_quote_start,
        max(case when indicator_code = 'crimes_registered' then quote_end end) as crimes_registered_quote_end,
        max(case when indicator_code = 'crimes_registered' then report_id end) as crimes_registered_report_id,
        max(case when indicator_code = 'crimes_registered' then wording end) as crimes_registered_wording,
        max(case when indicator_code = 'crimes_registered' then qualifier end) as crimes_registered_qualifier,
        max(case when indicator_code = 'crimes_registered' then derived end) = 1 as crimes_registered_is_derived,
        bool_or(indicator_code = 'crimes_registered' and is_collective) as crimes_registered_is_collective,
        max(case when indicator_code = 'cases_sent_to_court' then value end) as cases_sent_to_court,
        max(case when indicator_code = 'cases_sent_to_court' then claim_id end) as cases_sent_to_court_claim_id,
        max(case when indicator_code = 'cases_sent_to_court' then origin end) as cases_sent_to_court_source_id,
        max(case when indicator_code = 'cases_sent_to_court' then quote_start end) as cases_sent_to_court_quote_start,
        max(case when indicator_code = 'cases_sent_to_court' then quote_end end) as cases_sent_to_court_quote_end,
        max(case when indicator_code = 'cases_sent_to_court' then report_id end) as cases_sent_to_court_report_id,
        max(case when indicator_code = 'cases_sent_to_court' then wording end) as cases_sent_to_court_wording,
        max(case when indicator_code = 'cases_sent_to_court' then qualifier end) as cases_sent_to_court_qualifier,
        max(case when indicator_code = 'cases_sent_to_court' then derived end) = 1 as cases_sent_to_court_is_derived,
        bool_or(indicator_code = 'cases_sent_to_court' and is_collective) as cases_sent_to_court_is_collective,
        max(case when indicator_code = 'prosecutions_initiated' then value end) as prosecutions_initiated,
        max(case when indicator_code = 'prosecutions_initiated' then claim_id end) as prosecutions_initiated_claim_id,
        max(case when indicator_code = 'prosecutions_initiated' then origin end) as prosecutions_initiated_source_id,
        max(case when indicator_code = 'prosecutions_initiated' then quote_start end) as prosecutions_initiated_quote_start,
        max(case when indicator_code = 'prosecutions_initiated' then quote_end end) as prosecutions_initiated_quote_end,
        max(case when indicator_code = 'prosecutions_initiated' then report_id end) as prosecutions_initiated_report_id,
        max(case when indicator_code = 'prosecutions_initiated' then wording end) as prosecutions_initiated_wording,
        max(case when indicator_code = 'prosecutions_initiated' then qualifier end) as prosecutions_initiated_qualifier,
        max(case when indicator_code = 'prosecutions_initiated' then derived end) = 1 as prosecutions_initiated_is_derived,
        bool_or(indicator_code = 'prosecutions_initiated' and is_collective) as prosecutions_initiated_is_collective,
        max(case when indicator_code = 'persons_prosecuted' then value end) as persons_prosecuted,
        max(case when indicator_code = 'persons_prosecuted' then claim_id end) as persons_prosecuted_claim_id,
        max(case when indicator_code = 'persons_prosecuted' then origin end) as persons_prosecuted_source_id,
        max(case when indicator_code = 'persons_prosecuted' then quote_start end) as persons_prosecuted_quote_start,
        max(case when indicator_code = 'persons_prosecuted' then quote_end end) as persons_prosecuted_quote_end,
        max(case when indicator_code = 'persons_prosecuted' then report_id end) as persons_prosecuted_report_id,
        max(case when indicator_code = 'persons_prosecuted' then wording end) as persons_prosecuted_wording,
        max(case when indicator_code = 'persons_prosecuted' then qualifier end) as persons_prosecuted_qualifier,
        max(case when indicator_code = 'persons_prosecuted' then derived end) = 1 as persons_prosecuted_is_derived,
        bool_or(indicator_code = 'persons_prosecuted' and is_collective) as persons_prosecuted_is_collective,
        max(case when indicator_code = 'persons_charged' then value end) as persons_charged,
        max(case when indicator_code = 'persons_charged' then claim_id end) as persons_charged_claim_id,
        max(case when indicator_code = 'persons_charged' then origin end) as persons_charged_source_id,
        max(case when indicator_code = 'persons_charged' then quote_start end) as persons_charged_quote_start,
        max(case when indicator_code = 'persons_charged' then quote_end end) as persons_charged_quote_end,
        max(case when indicator_code = 'persons_charged' then report_id end) as persons_charged_report_id,
        max(case when indicator_code = 'persons_charged' then wording end) as persons_charged_wording,
        max(case when indicator_code = 'persons_charged' then qualifier end) as persons_charged_qualifier,
        max(case when indicator_code = 'persons_charged' then derived end) = 1 as persons_charged_is_derived,
        bool_or(indicator_code = 'persons_charged' and is_collective) as persons_charged_is_collective,
        max(case when indicator_code = 'persons_convicted' then value end) as persons_convicted,
        max(case when indicator_code = 'persons_convicted' then claim_id end) as persons_convicted_claim_id,
        max(case when indicator_code = 'persons_convicted' then origin end) as persons_convicted_source_id,
        max(case when indicator_code = 'persons_convicted' then quote_start end) as persons_convicted_quote_start,
        max(case when indicator_code = 'persons_convicted' then quote_end end) as persons_convicted_quote_end,
        max(case when indicator_code = 'persons_convicted' then report_id end) as persons_convicted_report_id,
        max(case when indicator_code = 'persons_convicted' then wording end) as persons_convicted_wording,
        max(case when indicator_code = 'persons_convicted' then qualifier end) as persons_convicted_qualifier,
        max(case when indicator_code = 'persons_convicted' then derived end) = 1 as persons_convicted_is_derived,
        bool_or(indicator_code = 'persons_convicted' and is_collective) as persons_convicted_is_collective
    from inputs
    group by country_iso3, year_from, row_source_id
),

-- The stages some originator says were not reported for a period that includes the year
-- (multi-year statements included), read from the claims: the views built on figure are
-- copied once per reference on engines that inline views (Spark), and this one already reads
-- reconciled.
absences as (
    select distinct
        stg_claim.country_iso3,
        years."year" as year_from,
        stg_claim.indicator_code,
        stg_claim.original_source_id || ' in ' || stg_claim.report_id
            || case when stg_claim.year_from < stg_claim.year_to
                then ' (' || stg_claim.period || ')' else '' end as who
    from stg_claim
    inner join stages on stages.indicator_code = stg_claim.indicator_code
    inner join "year" as years on years."year" between stg_claim.year_from and stg_claim.year_to
    where stg_claim.qualifier = 'not_reported' and stg_claim.breakdown = 'all'
),

absent_by_stage as (
    select country_iso3, year_from, indicator_code, string_agg(who, '; ' order by who nulls first) as who
    from absences
    group by country_iso3, year_from, indicator_code
),

absent as (
    select country_iso3, year_from,
        string_agg(indicator_code || ': ' || who, '; ' order by indicator_code nulls first) as not_reported
    from absent_by_stage
    group by country_iso3, year_from
),

ratios as (
    select
        pivoted.*,
        case
            when persons_convicted is null then 'no persons_convicted figure'
            when victims_identified is null then 'no victims_identified figure'
            when persons_convicted_qualifier <> 'exact' then 'persons_convicted is ' || replace(persons_convicted_qualifier, '_', ' ') || ', not an exact count'
            when victims_identified_qualifier <> 'exact' then 'victims_identified is ' || replace(victims_identified_qualifier, '_', ' ') || ', not an exact count'
            when victims_identified = 0 then 'no victim was identified: nothing to divide by'
        end as victims_null_reason,
        case
            when persons_convicted_source_id <> victims_identified_source_id then 'mixed_originators'
            when persons_convicted_is_collective or victims_identified_is_collective then
                case when persons_convicted_report_id = victims_identified_report_id
                    and persons_convicted_quote_start < victims_identified_quote_end and victims_identified_quote_start < persons_convicted_quote_end
                    then 'same_source' else 'mixed_originators' end
            when persons_convicted_report_id = victims_identified_report_id then 'same_source'
            else 'same_originator'
        end as victims_basis,
        case
            when persons_convicted is null then 'no persons_convicted figure'
            when persons_prosecuted is null and prosecutions_initiated is not null
                then 'no persons_prosecuted figure: the year''s prosecution count is prosecutions_initiated ('
                    || cast(prosecutions_initiated as varchar) || ', persons newly charged), a different definition from persons prosecuted (all defendants), so it is not divided'
            when persons_prosecuted is null and persons_charged is not null
                then 'no persons_prosecuted figure: the year''s count is persons_charged ('
                    || cast(persons_charged as varchar) || ', persons brought to responsibility as accused), a different definition, so it is not divided'
            when persons_prosecuted is null then 'no persons_prosecuted figure'
            when persons_convicted_qualifier <> 'exact' then 'persons_convicted is ' || replace(persons_convicted_qualifier, '_', ' ') || ', not an exact count'
            when persons_prosecuted_qualifier <> 'exact' then 'persons_prosecuted is ' || replace(persons_prosecuted_qualifier, '_', ' ') || ', not an exact count'
            when persons_prosecuted = 0 then 'no one was prosecuted: nothing to divide by'
        end as prosecuted_null_reason,
        case
            when persons_convicted_source_id <> persons_prosecuted_source_id then 'mixed_originators'
            when persons_convicted_is_collective or persons_prosecuted_is_collective then
                case when persons_convicted_report_id = persons_prosecuted_report_id
                    and persons_convicted_quote_start < persons_prosecuted_quote_end and persons_prosecuted_quote_start < persons_convicted_quote_end
                    then 'same_source' else 'mixed_originators' end
            when persons_convicted_report_id = persons_prosecuted_report_id then 'same_source'
            else 'same_originator'
        end as prosecuted_basis
    from pivoted
),

final as (
    select
        ratios.country_iso3,
        ratios.year_from as "year",
        ratios.row_source_id as source_id,
        ratios.row_source_id = 'reconciled' as is_reconciled,
        victims_identified,
        victims_identified_claim_id,
        victims_identified_source_id,
        victims_identified_is_derived,
        victims_identified_qualifier,
        victims_identified_wording,
        suspects_investigated,
        suspects_investigated_claim_id,
        suspects_investigated_source_id,
        suspects_investigated_is_derived,
        suspects_investigated_qualifier,
        suspects_investigated_wording,
        cases_investigated,
        cases_investigated_claim_id,
        cases_investigated_source_id,
        cases_investigated_is_derived,
        cases_investigated_qualifier,
        cases_investigated_wording,
        crimes_registered,
        crimes_registered_claim_id,
        crimes_registered_source_id,
        crimes_registered_is_derived,
        crimes_registered_qualifier,
        crimes_registered_wording,
        cases_sent_to_court,
        cases_sent_to_court_claim_id,
        cases_sent_to_court_source_id,
        cases_sent_to_court_is_derived,
        cases_sent_to_court_qualifier,
        cases_sent_to_court_wording,
        prosecutions_initiated,
        prosecutions_initiated_claim_id,
        prosecutions_initiated_source_id,
        prosecutions_initiated_is_derived,
        prosecutions_initiated_qualifier,
        prosecutions_initiated_wording,
        persons_prosecuted,
        persons_prosecuted_claim_id,
        persons_prosecuted_source_id,
        persons_prosecuted_is_derived,
        persons_prosecuted_qualifier,
        persons_prosecuted_wording,
        persons_charged,
        persons_charged_claim_id,
        persons_charged_source_id,
        persons_charged_is_derived,
        persons_charged_qualifier,
        persons_charged_wording,
        persons_convicted,
        persons_convicted_claim_id,
        persons_convicted_source_id,
        persons_convicted_is_derived,
        persons_convicted_qualifier,
        persons_convicted_wording,
        case when victims_null_reason is null
            then round(cast(100 * persons_convicted as double) / cast(victims_identified as double), 1)
        end as convictions_per_100_victims,
        case when victims_null_reason is null then victims_basis end as convictions_per_100_victims_basis,
        coalesce(
            'not computed: ' || victims_null_reason,
            case victims_basis
                when 'same_source' then 'both counts are ' || persons_convicted_source_id || '''s, in ' || persons_convicted_report_id
                when 'same_originator' then 'both counts are ' || persons_convicted_source_id || '''s, from different documents ('
                    || victims_identified_report_id || ', ' || persons_convicted_report_id || ')'
                else case when persons_convicted_source_id = victims_identified_source_id
                        then 'both counts are attributed to ' || persons_convicted_source_id || ', but in different passages or documents, which may cite different reports whose definitions may differ: victims_identified in '
                            || victims_identified_report_id || ', persons_convicted in ' || persons_convicted_report_id
                        else 'counts from different originators, whose definitions may differ: victims_identified by '
                    || victims_identified_source_id || ' in ' || victims_identified_report_id || ', persons_convicted by '
                    || persons_convicted_source_id || ' in ' || persons_convicted_report_id end
            end
        ) as convictions_per_100_victims_note,
        case when prosecuted_null_reason is null
            then round(cast(100 * persons_convicted as double) / cast(persons_prosecuted as double), 1)
        end as convictions_per_100_prosecuted,
        case when prosecuted_null_reason is null then prosecuted_basis end as convictions_per_100_prosecuted_basis,
        coalesce(
            'not computed: ' || prosecuted_null_reason,
            case prosecuted_basis
                when 'same_source' then 'both counts are ' || persons_convicted_source_id || '''s, in ' || persons_convicted_report_id
                when 'same_originator' then 'both counts are ' || persons_convicted_source_id || '''s, from different documents ('
                    || persons_prosecuted_report_id || ', ' || persons_convicted_report_id || ')'
                else case when persons_convicted_source_id = persons_prosecuted_source_id
                        then 'both counts are attributed to ' || persons_convicted_source_id || ', but in different passages or documents, which may cite different reports whose definitions may differ: persons_prosecuted in '
                            || persons_prosecuted_report_id || ', persons_convicted in ' || persons_convicted_report_id
                        else 'counts from different originators, whose definitions may differ: persons_prosecuted by '
                    || persons_prosecuted_source_id || ' in ' || persons_prosecuted_report_id || ', persons_convicted by '
                    || persons_convicted_source_id || ' in ' || persons_convicted_report_id end
            end
        ) as convictions_per_100_prosecuted_note,
        absent.not_reported,
        ratios.reports
    from ratios
    left join absent on absent.country_iso3 = ratios.country_iso3 and absent.year_from = ratios.year_from
)

select * from final
