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
--   conflict_id: The disagreement: figure | <figure key>, restatement | <claim id>, periods | <claim> ~ <claim>, definitions | <figure key> ~ <indicator>, or breakdowns | <sum> ~ <sum>.
--   conflict_kind: Its main kind, in this order: different_periods, different_definitions and different_breakdowns (by the conflict's id), restatement_changed, derived_vs_stated, between_originators, within_originator, between_editions, between_publications, within_report. The is_* columns give every kind that applies.
--   is_between_originators: Different originators give the figure different values. Originators are whose figures they are (original_source_id): a relay is never a second originator.
--   is_within_originator: Values of one originator's own figures differ (e.g. the government's case counts as relayed twice in one cable): a discrepancy inside that originator's statistics, not between sources.
--   is_within_report: The differing values are in one document.
--   is_between_editions: Editions of one publisher give one originator's figure different values.
--   is_between_publications: Different publishers relay one originator's figure with different values.
--   is_derived_vs_stated: A figure derived from a breakdown differs from a stated one.
--   is_restatement_changed: A restatement gives another value than the claim it restates (both about one figure, or about different figures).
--   is_different_periods: A count for a longer period is smaller than a count for a period inside it.
--   is_different_definitions: Related but differently defined indicators give different values (indicator_relation): shown, not a contradiction.
--   is_different_basis: The values are for different kinds of period as their sentences say: a calendar year and a TIP reporting period (April to March).
--   is_different_breakdowns: Two complete breakdowns of one figure give different parts (a part of one is absent from, or different in, the other), even where their totals agree.
--   is_contradiction: True when no stated difference (definition, kind of period) can explain the values: they cannot all be right as stated.
--   explained_by: What can explain the values when it is not a contradiction: definition (differently defined indicators) or period_basis (a calendar year against a reporting period); null for a contradiction.
--   explanation: The disagreement in plain words: every value with whose figure it is, who relayed it and the document, and what kind of difference it is.
--   member_id:
--   claim_id: =stg_figure_value
--   is_derived: True for a derived figure.
--   figure_key: The figure this value is about.
--   country_iso3:
--   indicator_code:
--   year_from: First year of its period.
--   year_to: Last year of its period.
--   period: Its period as text.
--   breakdown: Its breakdown as text, or all.
--   unit: Its unit.
--   value_key: The value as comparable text.
--   figure_text:
--   source_id: Who states the value.
--   original_source_id: Whose figure it is, following restatements and relays.
--   original_source_name: Name of that originator.
--   relayed_by: Who relayed the value (the document's publisher) when it is not the originator's own publication; null otherwise.
--   period_basis: The kind of period the value's sentence states: calendar_year, reporting_period or unstated; null for a derived figure.
--   report_id: The document of the value.
--   published_year: When that document was published.
--   judgement: =stg_figure_value
--   judgement_reason: =stg_figure_value
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
        quote,
        report_id,
        original_source_id,
        period_basis
    from stg_claim
    where is_figure and is_reported and same_amount_as_claim_id is null
),

-- Claims that only repeat another claim (a restatement that changed nothing: the rule
-- restatement-mismatch makes restatement_change say whatever differs): a pair with one is the
-- pair with its original, so periods and definitions pair originals only, and a pair and its
-- restatement's pair are one entry.
originals as (
    select * from stated
    where restates_claim_id is null or restatement_change is not null
),

-- Figures whose values are for different kinds of period: a calendar year and a TIP
-- reporting period (April-March), as the sentences say (period_basis).
bases as (
    select figure_key, count(distinct period_basis) > 1 as basis_differs
    from stated
    where period_basis <> 'unstated'
    group by figure_key
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
        min(original_source_id) as min_source_id,
        max(original_source_id) as max_source_id,
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
        min(min_value_key) over (partition by figure_key, original_source_id)
            <> max(max_value_key) over (partition by figure_key, original_source_id)
            as originator_values_differ,
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
        max(case when originator_values_differ then 1 else 0 end) as within_originator,
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
        disputed.within_originator,
        disputed.within_report,
        disputed.between_editions,
        disputed.between_publications,
        disputed.derived_vs_stated,
        0 as restatement_changed,
        0 as different_periods,
        0 as different_definitions,
        coalesce(bases.basis_differs, false)::int as different_basis,
        0 as different_breakdowns,
        cast(null as varchar) as reason
    from members
    inner join disputed on disputed.figure_key = members.figure_key
    left join bases on bases.figure_key = members.figure_key
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
        0 as within_originator,
        case when r.report_id = o.report_id then 1 else 0 end as within_report,
        0 as between_editions,
        0 as between_publications,
        0 as derived_vs_stated,
        1 as restatement_changed,
        0 as different_periods,
        0 as different_definitions,
        0 as different_basis,
        0 as different_breakdowns,
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
    select * from originals where unit_kind = 'count' and value is not null
),

spans as (
    select * from counts where year_from < year_to
),

period_rows as (
    select
        'periods | ' || a.member_id || ' ~ ' || b.member_id as conflict_id,
        case when sides.side = 1 then a.member_id else b.member_id end as member_id,
        case when a.original_source_id <> b.original_source_id then 1 else 0 end as between_originators,
        case when a.original_source_id = b.original_source_id then 1 else 0 end as within_originator,
        case when a.report_id = b.report_id then 1 else 0 end as within_report,
        0 as between_editions,
        0 as between_publications,
        0 as derived_vs_stated,
        0 as restatement_changed,
        1 as different_periods,
        0 as different_definitions,
        0 as different_basis,
        0 as different_breakdowns,
        cast(null as varchar) as reason
    from spans as a
    inner join counts as b
        on b.indicator_code = a.indicator_code
        and b.country_iso3 = a.country_iso3
        and b.unit = a.unit
        -- the same breakdown and scope: a count restricted to one body (a category such as
        -- one ministry) is another figure than the count of all, and is not paired with it
        and b.breakdown = a.breakdown
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
        case when a.original_source_id <> b.original_source_id then 1 else 0 end as between_originators,
        case when a.original_source_id = b.original_source_id then 1 else 0 end as within_originator,
        case when a.report_id = b.report_id then 1 else 0 end as within_report,
        0 as between_editions,
        0 as between_publications,
        0 as derived_vs_stated,
        0 as restatement_changed,
        0 as different_periods,
        1 as different_definitions,
        0 as different_basis,
        0 as different_breakdowns,
        relations.reason
    from originals as a
    inner join relations on relations.indicator_code = a.indicator_code
    inner join originals as b
        on b.indicator_code = relations.related_indicator_code
        and b.country_iso3 = a.country_iso3
        and b.year_from = a.year_from
        and b.year_to = a.year_to
        and b.breakdown = a.breakdown
        and b.value_key <> a.value_key
    cross join sides
),

-- 5. Two complete breakdowns of one figure along one dimension whose parts differ: a part that
-- one gives is absent from the other (where, the other being complete, it is zero) or has
-- another value there. Equal totals can hide it (the cable's three foreign victims of 2008:
-- one Ukrainian and two Russians for the Ministry of Internal Affairs, a Moldovan, a Kazakh and
-- an Uzbek for the shelter director).
complete_sums as (
    select sum_id, figure_key, dimension, country_iso3, indicator_code, year_from, year_to, part_claim_ids
    from stg_sum
    where kind = 'breakdown' and is_complete
),

-- Each sum's parts, by its list of part claims (a claim can be a part of several sums: by age
-- and by form); a breakdown's parts have its country, indicator and period, joined on first.
sum_parts as (
    select
        complete_sums.sum_id, stated.claim_id, stated.breakdown, stated.value_key,
        stated.original_source_id, stated.report_id
    from complete_sums
    inner join stated
        on stated.country_iso3 = complete_sums.country_iso3
        and stated.indicator_code = complete_sums.indicator_code
        and coalesce(stated.year_from, 0) = coalesce(complete_sums.year_from, 0)
        and coalesce(stated.year_to, 0) = coalesce(complete_sums.year_to, 0)
    where ', ' || complete_sums.part_claim_ids || ',' like '%, ' || stated.claim_id || ',%'
),

sum_pairs as (
    select a.sum_id as a_id, b.sum_id as b_id
    from complete_sums as a
    inner join complete_sums as b
        on b.figure_key = a.figure_key and b.dimension = a.dimension and a.sum_id < b.sum_id
),

-- Each pair twice, once from each side (an equi-join on the side, not a join on "a or b",
-- which DuckDB runs as a nested loop: 4.7 s at 100,000 claims).
pair_sides as (
    select a_id, b_id, a_id as sum_id, b_id as other_id from sum_pairs
    union all
    select a_id, b_id, b_id as sum_id, a_id as other_id from sum_pairs
),

part_sides as (
    select pair_sides.a_id, pair_sides.b_id, x.sum_id, x.breakdown, x.value_key,
        pair_sides.other_id
    from pair_sides
    inner join sum_parts as x on x.sum_id = pair_sides.sum_id
),

differing_pairs as (
    select distinct part_sides.a_id, part_sides.b_id
    from part_sides
    left join sum_parts as y on y.sum_id = part_sides.other_id and y.breakdown = part_sides.breakdown
    where (y.claim_id is null and part_sides.value_key <> '0') or y.value_key <> part_sides.value_key
),

breakdown_rows as (
    select
        'breakdowns | ' || differing_pairs.a_id || ' ~ ' || differing_pairs.b_id as conflict_id,
        sum_parts.claim_id as member_id,
        case when min(sum_parts.original_source_id) over (partition by differing_pairs.a_id, differing_pairs.b_id)
            <> max(sum_parts.original_source_id) over (partition by differing_pairs.a_id, differing_pairs.b_id)
            then 1 else 0 end as between_originators,
        case when min(sum_parts.original_source_id) over (partition by differing_pairs.a_id, differing_pairs.b_id)
            = max(sum_parts.original_source_id) over (partition by differing_pairs.a_id, differing_pairs.b_id)
            then 1 else 0 end as within_originator,
        case when min(sum_parts.report_id) over (partition by differing_pairs.a_id, differing_pairs.b_id)
            = max(sum_parts.report_id) over (partition by differing_pairs.a_id, differing_pairs.b_id)
            then 1 else 0 end as within_report,
        0 as between_editions,
        0 as between_publications,
        0 as derived_vs_stated,
        0 as restatement_changed,
        0 as different_periods,
        0 as different_definitions,
        0 as different_basis,
        1 as different_breakdowns,
        cast(null as varchar) as reason
    from (
        select a_id, b_id, a_id as sum_id from differing_pairs
        union all
        select a_id, b_id, b_id as sum_id from differing_pairs
    ) as differing_pairs
    inner join sum_parts on sum_parts.sum_id = differing_pairs.sum_id
),

all_rows as (
    select * from figure_rows
    union all
    select * from restatement_rows
    union all
    select * from period_rows
    union all
    select * from definition_rows
    union all
    select * from breakdown_rows
),

-- One row per conflict and member; then every kind found for any member of a conflict is a
-- kind of the whole conflict.
grouped as (
    select
        conflict_id,
        member_id,
        max(between_originators) as between_originators,
        max(within_originator) as within_originator,
        max(within_report) as within_report,
        max(between_editions) as between_editions,
        max(between_publications) as between_publications,
        max(derived_vs_stated) as derived_vs_stated,
        max(restatement_changed) as restatement_changed,
        max(different_periods) as different_periods,
        max(different_definitions) as different_definitions,
        max(different_basis) as different_basis,
        max(different_breakdowns) as different_breakdowns,
        max(reason) as reason
    from all_rows
    group by conflict_id, member_id
),

kinds as (
    select
        conflict_id,
        member_id,
        max(between_originators) over (partition by conflict_id) = 1 as is_between_originators,
        max(within_originator) over (partition by conflict_id) = 1 as is_within_originator,
        max(within_report) over (partition by conflict_id) = 1 as is_within_report,
        max(between_editions) over (partition by conflict_id) = 1 as is_between_editions,
        max(between_publications) over (partition by conflict_id) = 1 as is_between_publications,
        max(derived_vs_stated) over (partition by conflict_id) = 1 as is_derived_vs_stated,
        max(restatement_changed) over (partition by conflict_id) = 1 as is_restatement_changed,
        max(different_periods) over (partition by conflict_id) = 1 as is_different_periods,
        max(different_definitions) over (partition by conflict_id) = 1 as is_different_definitions,
        max(different_basis) over (partition by conflict_id) = 1 as is_different_basis,
        max(different_breakdowns) over (partition by conflict_id) = 1 as is_different_breakdowns,
        max(reason) over (partition by conflict_id) as reason
    from grouped
),

-- Each member in words, for the plain-language explanation: its value, whose figure it is,
-- who relayed it and in which document.
described as (
    select
        members.member_id,
        members.figure_text
            || case when members.breakdown <> 'all' then ' [' || members.breakdown || ']' else '' end
            || ' ('
            || case when members.is_derived then 'derived from the parts of ' || coalesce(members.part_claim_ids, '')
                else coalesce(originators.name, members.original_source_id)
                    || case when members.is_relayed then ', as relayed by ' || members.relayed_by else '' end
                    || ', ' || members.report_id
            end
            || ')' as member_text,
        originators.name as original_source_name,
        members.is_relayed,
        members.relayed_by,
        members.period_basis
    from members
    left join source as originators on originators.source_id = members.original_source_id
),

labelled as (
    select
        kinds.*,
        described.original_source_name,
        described.relayed_by,
        described.period_basis,
        case
            when kinds.conflict_id like 'periods | %' then 'different_periods'
            when kinds.conflict_id like 'definitions | %' then 'different_definitions'
            when kinds.conflict_id like 'breakdowns | %' then 'different_breakdowns'
            when kinds.is_restatement_changed then 'restatement_changed'
            when kinds.is_derived_vs_stated then 'derived_vs_stated'
            when kinds.is_between_originators then 'between_originators'
            when kinds.is_within_originator then 'within_originator'
            when kinds.is_between_editions then 'between_editions'
            when kinds.is_between_publications then 'between_publications'
            else 'within_report'
        end as conflict_kind,
        case
            when kinds.conflict_id like 'definitions | %' then 'definition'
            when kinds.conflict_id like 'figure | %' and kinds.is_different_basis then 'period_basis'
        end as explained_by,
        string_agg(described.member_text, '; ' order by described.member_text nulls first)
            over (partition by kinds.conflict_id) as members_text,
        min(described.original_source_name) over (partition by kinds.conflict_id) as first_originator,
        max(case when described.is_relayed then 1 else 0 end) over (partition by kinds.conflict_id) = 1 as has_relay
    from kinds
    inner join described on described.member_id = kinds.member_id
),

-- The member's columns, joined once to every conflict's members.
final as (
    select
        labelled.conflict_id,
        labelled.conflict_kind,
        labelled.is_between_originators,
        labelled.is_within_originator,
        labelled.is_within_report,
        labelled.is_between_editions,
        labelled.is_between_publications,
        labelled.is_derived_vs_stated,
        labelled.is_restatement_changed,
        labelled.is_different_periods,
        labelled.is_different_definitions,
        labelled.is_different_basis,
        labelled.is_different_breakdowns,
        labelled.explained_by is null as is_contradiction,
        labelled.explained_by,
        case labelled.conflict_kind
            when 'different_definitions' then 'Differently defined indicators give different values: '
                || labelled.members_text || '. ' || coalesce(labelled.reason || ' ', '')
                || 'Different definitions, not a contradiction.'
            when 'different_periods' then 'A count for a longer period is smaller than a count for a period inside it: '
                || labelled.members_text || '.'
                || case when labelled.is_within_originator and labelled.is_within_report
                    then ' Both are the figures of ' || labelled.first_originator || ' in one document:'
                    else '' end
                || ' both cannot be right as stated.'
            when 'different_breakdowns' then 'Two complete breakdowns of one figure give different parts: '
                || labelled.members_text || '. A part one of them gives is absent from, so zero in, or different in the other'
                || case when labelled.is_between_originators then ': the originators disagree on who or what the figure is made of.'
                    else ': a discrepancy inside one originator''s statistics.' end
            when 'restatement_changed' then 'A document repeats a figure with another value than the claim it restates: '
                || labelled.members_text || '.'
            when 'derived_vs_stated' then 'A total derived from the document''s breakdown differs from a stated total: '
                || labelled.members_text || '. The parts as printed do not add up to the total as printed.'
            when 'between_originators' then 'Different originators give different values: '
                || labelled.members_text || '. The sources disagree; every value is kept.'
            when 'within_originator' then 'Every value is the figure of ' || labelled.first_originator || ', yet they differ: '
                || labelled.members_text || '. A discrepancy inside one originator''s statistics'
                || case when labelled.has_relay then ' as relayed' else '' end
                || case when labelled.is_within_report then ' in one document' else '' end
                || ', not a disagreement between sources.'
            when 'between_editions' then 'Editions of one publisher give one originator''s figure different values: '
                || labelled.members_text || '.'
            when 'between_publications' then 'Publishers relaying one originator''s figure give different values: '
                || labelled.members_text || '.'
            else 'One document gives the figure different values: ' || labelled.members_text || '.'
        end
            || case when labelled.is_different_basis
                then ' One value counts a calendar year and another a TIP reporting period (April to March): the difference of period can explain the gap, so it is not counted as a contradiction.'
                else '' end
            as explanation,
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
        labelled.original_source_name,
        labelled.relayed_by,
        labelled.period_basis,
        members.report_id,
        members.published_year,
        members.judgement,
        members.judgement_reason,
        members.restates_claim_id,
        stated.restatement_change,
        stated.quote
    from labelled
    inner join members on members.member_id = labelled.member_id
    left join stated on stated.claim_id = members.claim_id
)

select * from final
