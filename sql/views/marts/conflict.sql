-- One row per claim (or derived figure) in a disagreement, in long format: which disagreement
-- (conflict_id), its kind(s), whether it is a contradiction, and the value with who states it,
-- in which report and with which quote. Disagreements: one figure (country, indicator, period,
-- breakdown and unit) given different values (between originators, within one report, between
-- editions of one publisher, between publishers relaying one originator, a derived figure
-- against a stated one); a restatement that changed the value it restates; a count for a
-- longer period smaller than a count for a period inside it; and related but differently
-- defined indicators whose claims give different values for the same country, period and
-- breakdown, which are shown but are not contradictions. Equal values are never a conflict.
-- All values are kept; this view only shows them together. (Each kind of a figure is found
-- with windows over the figure's values, not by pairing them: "two values that differ and
-- come from different originators" exist exactly when the figure has two values and two
-- originators. Engines that inline views copy a view once per reference; fewer references
-- keep the view usable on Spark.)
--
-- grain: conflict_id, member_id
-- stored: its pairings over every disputed figure cost seconds at a million claims.
-- partition: country_iso3
--
-- columns:
--   conflict_id: The disagreement: figure | <figure key>, restatement | <claim id>, periods | <claim> ~ <claim>, or definitions | <figure key> ~ <indicator>.
--   conflict_kind: Its main kind: restatement_changed, between_originators, within_report, derived_vs_stated, between_editions, between_publications, different_periods or different_definitions (the first that applies, in that order; the is_* columns give every kind that applies).
--   is_between_originators: Different originators give the figure different values.
--   is_within_report: One document gives the figure different values.
--   is_between_editions: Editions of one publisher give one originator's figure different values.
--   is_between_publications: Different publishers relay one originator's figure with different values.
--   is_derived_vs_stated: A figure derived from a breakdown differs from a stated one.
--   is_restatement_changed: A restatement gives another value than the claim it restates (both about one figure, or about different figures).
--   is_different_periods: A count for a longer period is smaller than a count for a period inside it.
--   is_different_definitions: Related but differently defined indicators give different values (indicator_relation): shown, not a contradiction.
--   is_contradiction: True when the values cannot all be right as stated; false for differently defined indicators.
--   explanation: What the disagreement is (for different definitions, the declared reason).
--   member_id: The claim id, or derived:<sum_id> for a derived figure.
--   claim_id: The claim; null for a derived figure.
--   is_derived: True for a derived figure.
--   figure_key: The figure this value is about.
--   country_iso3: Country the figure is about.
--   indicator_code: What the figure counts.
--   year_from: First year of its period.
--   year_to: Last year of its period.
--   period: Its period as text.
--   breakdown: Its breakdown as text, or all.
--   unit: Its unit.
--   value_key: The value as comparable text.
--   figure_text: The value as a reader would say it, with its unit.
--   source_id: Who states the value.
--   original_source_id: Whose figure it is, following restatements.
--   report_id: The document of the value.
--   published_year: When that document was published.
--   judgement: The curator's judgement of the claim (likely_error, preferred), if any.
--   judgement_reason: Why.
--   restates_claim_id: The claim this one restates, if any.
--   restatement_change: How that restatement differs from what it restates, in the curator's words (a relabelled indicator, a changed qualifier), if it does.
--   quote: The claim's verbatim quote; null for a derived figure.
with

members as (
    select * from stg_figure_value where is_reported
),

-- The stated members (claims), from stg_claim: restatements, periods and definitions compare
-- claims, and stg_figure_value (which derives values from breakdowns) is far larger to copy on
-- engines that inline views (Spark).
stated as (
    select
        claim_id as member_id,
        claim_id,
        figure_key,
        country_iso3,
        indicator_code,
        year_from,
        year_to,
        breakdown,
        unit,
        unit_kind,
        value,
        value_key,
        restates_claim_id,
        restatement_change,
        quote
    from stg_claim
    where is_figure and is_reported and same_amount_as_claim_id is null
),

-- The two sides of a pair, as rows: a pair is read once (each read of a view or CTE is a
-- copy of it on Spark), not once per side.
sides as (
    select 1 as side
    union all
    select 2
),

-- 1. One figure, several values. Within a group of values, two that differ in value and in X
-- exist exactly when the group has more than one value and more than one X. Each kind found is
-- a kind of the figure's whole conflict: the values are grouped once by figure, document,
-- originator and publisher, the windows run over those groups (fewer and narrower rows than
-- the values: a window sorts its rows), and the figures whose values differ get their members
-- back with a join. members is read three times (here, in figure_rows and for the members'
-- columns at the end).
value_groups as (
    select
        figure_key,
        report_id,
        original_source_id,
        publisher,
        min(value_key) as min_value_key,
        max(value_key) as max_value_key,
        min(source_id) as min_source_id,
        max(source_id) as max_source_id,
        min(case when is_derived then 1 else 0 end) as min_derived,
        max(case when is_derived then 1 else 0 end) as max_derived
    from members
    group by figure_key, report_id, original_source_id, publisher
),

spread as (
    select
        figure_key,
        min(min_value_key) over (partition by figure_key) <> max(max_value_key) over (partition by figure_key)
            as values_differ,
        min(min_source_id) over (partition by figure_key) <> max(max_source_id) over (partition by figure_key)
            as sources_differ,
        min(min_value_key) over (partition by figure_key, report_id)
            <> max(max_value_key) over (partition by figure_key, report_id) as report_values_differ,
        min(min_value_key) over (partition by figure_key, original_source_id, publisher)
            <> max(max_value_key) over (partition by figure_key, original_source_id, publisher)
            and min(report_id) over (partition by figure_key, original_source_id, publisher)
            <> max(report_id) over (partition by figure_key, original_source_id, publisher)
            as edition_values_differ,
        min(min_value_key) over (partition by figure_key, original_source_id)
            <> max(max_value_key) over (partition by figure_key, original_source_id)
            and min(publisher) over (partition by figure_key, original_source_id)
            <> max(publisher) over (partition by figure_key, original_source_id)
            as publication_values_differ,
        min(min_derived) over (partition by figure_key) <> max(max_derived) over (partition by figure_key)
            as derived_and_stated
    from value_groups
),

disputed as (
    select
        figure_key,
        max(case when sources_differ then 1 else 0 end) as between_originators,
        max(case when report_values_differ then 1 else 0 end) as within_report,
        max(case when edition_values_differ then 1 else 0 end) as between_editions,
        max(case when publication_values_differ then 1 else 0 end) as between_publications,
        max(case when derived_and_stated then 1 else 0 end) as derived_vs_stated
    from spread
    where values_differ
    group by figure_key
),

figure_rows as (
    select
        'figure | ' || members.figure_key as conflict_id,
        members.member_id,
        disputed.between_originators,
        disputed.within_report,
        disputed.between_editions,
        disputed.between_publications,
        disputed.derived_vs_stated,
        0 as restatement_changed,
        0 as different_periods,
        0 as different_definitions,
        cast(null as varchar) as reason
    from members
    inner join disputed on disputed.figure_key = members.figure_key
),

-- 2. A restatement that changed the value of the claim it restates: a kind of the figure's
-- conflict when both are about one figure, a conflict of its own otherwise.
restatement_rows as (
    select
        case
            when r.figure_key = o.figure_key then 'figure | ' || r.figure_key
            else 'restatement | ' || r.member_id
        end as conflict_id,
        case when sides.side = 1 then r.member_id else o.member_id end as member_id,
        0 as between_originators,
        0 as within_report,
        0 as between_editions,
        0 as between_publications,
        0 as derived_vs_stated,
        1 as restatement_changed,
        0 as different_periods,
        0 as different_definitions,
        cast(null as varchar) as reason
    from stated as r
    inner join stated as o on o.claim_id = r.restates_claim_id
    cross join sides
    where r.value_key <> o.value_key
),

-- 3. A count for a longer period smaller than a count for a period inside it. The longer
-- period spans more than one year (year_from <= year_to, the claim's check): only those claims
-- are paired.
counts as (
    select * from stated where unit_kind = 'count' and value is not null
),

spans as (
    select * from counts where year_from < year_to
),

period_rows as (
    select
        'periods | ' || a.member_id || ' ~ ' || b.member_id as conflict_id,
        case when sides.side = 1 then a.member_id else b.member_id end as member_id,
        0 as between_originators,
        0 as within_report,
        0 as between_editions,
        0 as between_publications,
        0 as derived_vs_stated,
        0 as restatement_changed,
        1 as different_periods,
        0 as different_definitions,
        cast(null as varchar) as reason
    from spans as a
    inner join counts as b
        on b.indicator_code = a.indicator_code
        and b.country_iso3 = a.country_iso3
        and b.breakdown = a.breakdown
        and b.unit = a.unit
        and a.year_from <= b.year_from
        and b.year_to <= a.year_to
        and a.year_to - a.year_from > b.year_to - b.year_from
        and a.value < b.value
    cross join sides
),

-- 4. Related, differently defined indicators with different stated values: shown, not
-- contradictions.
relations as (
    select indicator_code, related_indicator_code, reason from indicator_relation
),

definition_rows as (
    select
        'definitions | ' || a.figure_key || ' ~ ' || b.indicator_code as conflict_id,
        case when sides.side = 1 then a.member_id else b.member_id end as member_id,
        0 as between_originators,
        0 as within_report,
        0 as between_editions,
        0 as between_publications,
        0 as derived_vs_stated,
        0 as restatement_changed,
        0 as different_periods,
        1 as different_definitions,
        relations.reason
    from stated as a
    inner join relations on relations.indicator_code = a.indicator_code
    inner join stated as b
        on b.indicator_code = relations.related_indicator_code
        and b.country_iso3 = a.country_iso3
        and b.year_from = a.year_from
        and b.year_to = a.year_to
        and b.breakdown = a.breakdown
        and b.value_key <> a.value_key
    cross join sides
),

all_rows as (
    select * from figure_rows
    union all
    select * from restatement_rows
    union all
    select * from period_rows
    union all
    select * from definition_rows
),

-- One row per conflict and member; then every kind found for any member of a conflict is a
-- kind of the whole conflict.
grouped as (
    select
        conflict_id,
        member_id,
        max(between_originators) as between_originators,
        max(within_report) as within_report,
        max(between_editions) as between_editions,
        max(between_publications) as between_publications,
        max(derived_vs_stated) as derived_vs_stated,
        max(restatement_changed) as restatement_changed,
        max(different_periods) as different_periods,
        max(different_definitions) as different_definitions,
        max(reason) as reason
    from all_rows
    group by conflict_id, member_id
),

kinds as (
    select
        conflict_id,
        member_id,
        max(between_originators) over (partition by conflict_id) = 1 as is_between_originators,
        max(within_report) over (partition by conflict_id) = 1 as is_within_report,
        max(between_editions) over (partition by conflict_id) = 1 as is_between_editions,
        max(between_publications) over (partition by conflict_id) = 1 as is_between_publications,
        max(derived_vs_stated) over (partition by conflict_id) = 1 as is_derived_vs_stated,
        max(restatement_changed) over (partition by conflict_id) = 1 as is_restatement_changed,
        max(different_periods) over (partition by conflict_id) = 1 as is_different_periods,
        max(different_definitions) over (partition by conflict_id) = 1 as is_different_definitions,
        max(reason) over (partition by conflict_id) as reason
    from grouped
),

-- The member's columns, joined once to every conflict's members.
final as (
    select
        kinds.conflict_id,
        case
            when kinds.is_restatement_changed then 'restatement_changed'
            when kinds.is_between_originators then 'between_originators'
            when kinds.is_within_report then 'within_report'
            when kinds.is_derived_vs_stated then 'derived_vs_stated'
            when kinds.is_between_editions then 'between_editions'
            when kinds.is_between_publications then 'between_publications'
            when kinds.is_different_periods then 'different_periods'
            else 'different_definitions'
        end as conflict_kind,
        kinds.is_between_originators,
        kinds.is_within_report,
        kinds.is_between_editions,
        kinds.is_between_publications,
        kinds.is_derived_vs_stated,
        kinds.is_restatement_changed,
        kinds.is_different_periods,
        kinds.is_different_definitions,
        not kinds.is_different_definitions as is_contradiction,
        case
            when kinds.is_different_definitions then kinds.reason
            when kinds.is_different_periods then 'a count for a longer period is smaller than a count for a period inside it'
            when kinds.conflict_id like 'restatement | %' then 'a restatement gives another value than the claim it restates'
            else 'the figure has different values: ' || substring(
                (case when kinds.is_restatement_changed then '; a restatement changed the value it restates' else '' end)
                || (case when kinds.is_between_originators then '; different originators give different values' else '' end)
                || (case when kinds.is_within_report then '; one document gives different values' else '' end)
                || (case when kinds.is_derived_vs_stated then '; a figure derived from a breakdown differs from a stated one' else '' end)
                || (case when kinds.is_between_editions then '; editions of one publisher differ' else '' end)
                || (case when kinds.is_between_publications then '; publishers relaying one originator differ' else '' end),
                3
            )
        end as explanation,
        members.member_id,
        members.claim_id,
        members.is_derived,
        members.figure_key,
        members.country_iso3,
        members.indicator_code,
        members.year_from,
        members.year_to,
        members.period,
        members.breakdown,
        members.unit,
        members.value_key,
        members.figure_text,
        members.source_id,
        members.original_source_id,
        members.report_id,
        members.published_year,
        members.judgement,
        members.judgement_reason,
        members.restates_claim_id,
        stated.restatement_change,
        stated.quote
    from kinds
    inner join members on members.member_id = kinds.member_id
    left join stated on stated.claim_id = members.claim_id
)

select * from final
