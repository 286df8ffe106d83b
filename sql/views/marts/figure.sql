-- One row per figure: a country, indicator, period, breakdown and unit that one or more claims
-- give a value for (or say was not reported), or that a declared breakdown implies. Each kind of
-- originator's own figures side by side (the column is the kind of whoever produced the number,
-- original_source_id, not of whoever states or publishes it: a government figure an embassy
-- cable or a TIP Report relays is in `government`, marked "relayed by"); the figures derived
-- from breakdowns, with their parts' originators; how many claims, values and independent
-- originators it has (a restatement or relay is never a second originator; a derived figure
-- counts the originators of its parts); who did not report the figure for a period that
-- includes it (a "did not report" claim for 2023-2024 shows beside a 2024 figure); and the
-- figures of related but differently defined indicators for the same country, period and
-- breakdown, with the difference in definition stated, never equated. (source_comparison, an
-- earlier name, reads this view.)
--
-- grain: figure_key
-- stored: the reconciliation views read it; computed once per build.
-- partition: country_iso3
--
-- columns:
--   figure_key:
--   country_iso3:
--   indicator_code:
--   year_from:
--   year_to:
--   period:
--   breakdown:
--   sex:
--   age_band:
--   exploitation_form:
--   citizenship:
--   destination_iso3:
--   origin_iso3:
--   category:
--   unit:
--   unit_kind:
--   n_claims: Number of claims of the figure, not_reported ones included (derived figures are not claims).
--   n_reported_claims: Number of claims that give a value.
--   n_derived: Number of figures derived from declared breakdowns for it.
--   n_independent_originators: Number of distinct originators who produced a value of the figure (original_source_id): a restatement, or a figure relayed from another originator, counts as that originator, never as a second one; a derived figure counts the original originators of its parts (derived_originators), so it is never 0 when it has a value.
--   n_distinct_values: Number of distinct values the claims and derived figures give (not reported is not a value).
--   is_agreed: True when every value given is the same one (or none is given).
--   government: The figures the government produced (original_source_id of kind government), each with its report in brackets, and "relayed by" the originator or publisher that passes it on when the document is not the government's own (e.g. 78 persons [cable-09baku141, relayed by U.S. Embassy Baku]; not reported [tip-2025-aze, relayed by U.S. Department of State]).
--   us_department_of_state: The U.S. State Department's own figures (its estimates, assessments and statements that name no other originator), with their reports; never a government figure it relays.
--   us_embassy: The U.S. Embassy's own figures (its own estimates and statements), with their reports; the government's figures a cable relays, even in the embassy's own words, are in government, marked relayed.
--   media: Figures produced by media, as relayed by the reports that cite them.
--   ngo: Figures produced by NGOs, as relayed by the reports that cite them.
--   other_originators: Figures of other originators (GRETA, observers, named officials), each with its originator and report (and who relays it).
--   relayed_figures: Every value a document relays from an originator other than its publisher, with whose it is and who relays it (a relay repeats its originator's figure: never a second originator); null when none.
--   derived_figures: Figures derived from declared breakdowns, each with its rule and report.
--   derived_originators: The original originators of the derived figures' parts, comma-separated; null without a derived figure.
--   not_reported_by: The originators that say the figure was not reported, each with its document, for this figure or a period that includes it (a multi-year "did not report" claim, its period in brackets) or for the total of this breakdown ("all breakdowns"); null when none. Shown beside a figure given by someone else, so a media figure keeps the government's absence.
--   has_not_reported: True when some originator says the figure was not reported (not_reported_by is not null), whether or not another gives it.
--   related_indicator_codes: Indicators declared related to this one (indicator_relation), whose figures for the same country, period and breakdown are in related_figures.
--   related_figures: Those figures, each with its indicator, originator and report. Related, not equal: see definition_difference.
--   definition_difference: Why the related indicators' figures need not agree (the declared reason).
with

sources as (
    select source_id, name, kind from source
),

-- Each member with the kind of its original originator; who relays it (stg_figure_value's
-- relayed_by: the document's publisher when that is not the originator).
members as (
    select
        stg_figure_value.*,
        originators.kind as originator_kind
    from stg_figure_value
    left join sources as originators on originators.source_id = stg_figure_value.original_source_id
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
        min(figure_n_distinct_values) as n_distinct_values,
        -- a relay or restatement counts as its originator; a derived value as its parts'
        -- originators (stg_figure_value)
        min(figure_n_independent_originators) as n_independent_originators,
        string_agg(part_source_ids, ', ' order by member_id nulls first) filter (where is_derived)
            as derived_originators,
        string_agg(figure_text || ' [' || report_id || case when relayed_by is not null then ', relayed by ' || relayed_by else '' end || ']', '; ' order by published_year nulls first, member_id nulls first)
            filter (where not is_derived and originator_kind = 'government') as government,
        string_agg(figure_text || ' [' || report_id || case when relayed_by is not null then ', relayed by ' || relayed_by else '' end || ']', '; ' order by published_year nulls first, member_id nulls first)
            filter (where not is_derived and originator_kind = 'us_department_of_state') as us_department_of_state,
        string_agg(figure_text || ' [' || report_id || case when relayed_by is not null then ', relayed by ' || relayed_by else '' end || ']', '; ' order by published_year nulls first, member_id nulls first)
            filter (where not is_derived and originator_kind = 'us_embassy') as us_embassy,
        string_agg(figure_text || ' [' || report_id || case when relayed_by is not null then ', relayed by ' || relayed_by else '' end || ']', '; ' order by published_year nulls first, member_id nulls first)
            filter (where not is_derived and originator_kind = 'media') as media,
        string_agg(figure_text || ' [' || report_id || case when relayed_by is not null then ', relayed by ' || relayed_by else '' end || ']', '; ' order by published_year nulls first, member_id nulls first)
            filter (where not is_derived and originator_kind = 'ngo') as ngo,
        string_agg(figure_text || ' (' || original_source_id || ') [' || report_id || case when relayed_by is not null then ', relayed by ' || relayed_by else '' end || ']', '; ' order by published_year nulls first, member_id nulls first)
            filter (where not is_derived and (originator_kind is null or originator_kind not in ('government', 'us_department_of_state', 'us_embassy', 'media', 'ngo')))
            as other_originators,
        string_agg(figure_text || ' (' || original_source_id || ', relayed by ' || relayed_by || ') [' || report_id || ']', '; ' order by published_year nulls first, member_id nulls first)
            filter (where not is_derived and relayed_by is not null) as relayed_figures,
        string_agg(figure_text || ', ' || derived_rule || ' [' || report_id || ']', '; ' order by member_id nulls first)
            filter (where is_derived) as derived_figures
    from members
    group by figure_key
),

-- The related figures and the statements that a figure was not reported are claims (not
-- derived values), read from stg_claim in one join with the figures: each read of a view is a
-- copy of it on engines that inline views (Spark), and figure is read by reconciled_by_policy,
-- reconciled and justice_funnel in turn.
claims as (
    select
        claim_id, indicator_code, country_iso3, year_from, year_to, period, breakdown, figure_text,
        source_id, original_source_id, report_id, published_year, qualifier
    from stg_claim
    where is_figure and same_amount_as_claim_id is null
),

-- What a figure is joined with: its own indicator (for the statements that it was not
-- reported) and the indicators declared related to it.
links as (
    select indicator_code, indicator_code as other_code, cast(null as varchar) as reason, true as is_self
    from indicator
    union all
    select indicator_code, related_indicator_code, reason, false from indicator_relation
    union all
    select related_indicator_code, indicator_code, reason, false from indicator_relation
),

-- A related figure: of the same country, period and breakdown. A statement that the figure
-- was not reported: of the same country and indicator, for the same breakdown or for the
-- total (all), for a period that includes this figure's (a timeless figure: only its own).
pairs as (
    select
        keys.figure_key,
        links.is_self,
        links.other_code as related_indicator_code,
        links.other_code || ': ' || links.reason as difference,
        other.indicator_code || ' ' || other.figure_text || ' (' || other.source_id || ') [' || other.report_id || ']' as related_figure,
        other.original_source_id || ' in ' || other.report_id
            || case
                when other.period <> keys.period and other.breakdown <> keys.breakdown
                    then ' (' || other.period || ', all breakdowns)'
                when other.period <> keys.period then ' (' || other.period || ')'
                when other.breakdown <> keys.breakdown then ' (all breakdowns)'
                else ''
            end as absence_text,
        other.indicator_code as other_indicator_code,
        other.published_year as other_published_year,
        other.claim_id as other_member_id
    from keys
    inner join links on links.indicator_code = keys.indicator_code
    inner join claims as other
        on other.indicator_code = links.other_code
        and other.country_iso3 = keys.country_iso3
    where (
            not links.is_self
            and other.year_from = keys.year_from
            and other.year_to = keys.year_to
            and other.breakdown = keys.breakdown
        )
        or (
            links.is_self
            and other.qualifier = 'not_reported'
            and (other.breakdown = keys.breakdown or other.breakdown = 'all')
            and (
                (other.year_from <= keys.year_from and other.year_to >= keys.year_to)
                or (keys.year_from is null and other.year_from is null and other.breakdown = keys.breakdown)
            )
        )
),

-- Each related indicator (and its one declared difference) and each absence ranked first
-- once: no distinct aggregates beside the string_agg (Spark, see above).
ranked_pairs as (
    select
        pairs.*,
        row_number() over (
            partition by figure_key, is_self, related_indicator_code order by other_member_id
        ) as code_rank,
        row_number() over (
            partition by figure_key, is_self, absence_text order by other_member_id
        ) as absence_rank
    from pairs
),

related as (
    select
        figure_key,
        string_agg(related_indicator_code, ', ' order by related_indicator_code nulls first)
            filter (where not is_self and code_rank = 1) as related_indicator_codes,
        string_agg(
            related_figure,
            '; ' order by other_indicator_code nulls first, other_published_year nulls first, other_member_id nulls first
        ) filter (where not is_self) as related_figures,
        string_agg(difference, ' | ' order by difference nulls first)
            filter (where not is_self and code_rank = 1) as definition_difference,
        string_agg(absence_text, '; ' order by absence_text nulls first)
            filter (where is_self and absence_rank = 1) as not_reported_by
    from ranked_pairs
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
        keys.relayed_figures,
        keys.derived_figures,
        keys.derived_originators,
        related.not_reported_by,
        related.not_reported_by is not null as has_not_reported,
        related.related_indicator_codes,
        related.related_figures,
        related.definition_difference
    from keys
    left join related on related.figure_key = keys.figure_key
)

select * from final
