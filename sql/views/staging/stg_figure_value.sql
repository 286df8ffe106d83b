-- One row per value a figure has: every claim that states the figure (or says it was not
-- reported), and every figure the documents imply without stating it, derived from a declared
-- breakdown that has no stated total (the sum of complete parts, or, where nothing better is
-- known, a lower bound from partial ones). Amounts a document converts into another currency
-- count once: the conversion (the claim with same_amount_as) is not a value of its own, its
-- original carries it. Period claims (action plans) are not figures. The reconciliation views
-- start from here.
--
-- grain: member_id
-- stored: every reconciliation view reads it; computed once per build.
-- partition: country_iso3
--
-- columns:
--   member_id:
--   claim_id: The claim; null for a derived figure.
--   is_derived: True for a figure the documents imply but do not state (see derived_rule).
--   derived_rule: How a derived figure follows from its parts: total of a complete breakdown, or lower bound from a partial breakdown; null for a claim.
--   part_claim_ids: For a derived figure, the claims it is derived from, comma-separated.
--   part_source_ids: For a derived figure, its parts' originators, comma-separated (source_id is null when they are more than one).
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
--   origin_iso3: Breakdown by country of origin, or all.
--   category:
--   unit:
--   unit_kind:
--   report_id: The document the value comes from (a derived figure's parts' document).
--   publisher: Who published it.
--   published_year: When.
--   source_id: Who states the value (for a derived figure, its parts' originator when they share one).
--   source_kind: Kind of that originator.
--   original_source_id: Whose figure the value is (following restatements).
--   is_own_publication: True when the originator published the value itself.
--   is_restatement: True when the value repeats a claim stated first elsewhere in the corpus (restates_claim_id; never a second source).
--   is_relayed: True when the value's document relays another originator's figure (its publisher is not the originator); never a second originator.
--   relayed_by: Who relayed it (the document's publisher) when is_relayed; null otherwise and for a derived figure.
--   period_basis: The kind of period the claim's sentence states (calendar_year, reporting_period or unstated); null for a derived figure.
--   restates_claim_id: The claim this value restates, if any.
--   qualifier: How the value is stated (exact, approximate, at_least, ..., range, category, not_reported).
--   is_reported: True when the member gives a value (not an absence).
--   value_number: The value as an exact decimal (any unit); null for ranges, absences and categories.
--   low_number: The lower bound as an exact decimal (a range's low end, at_least, more_than).
--   high_number: The upper bound as an exact decimal (a range's high end, at_most, less_than).
--   value_key: The value as comparable text; null when not reported.
--   figure_text:
--   value_category: For a category, its code.
--   is_low_confidence: True when the curator could not read the value with certainty (or, derived, a part could not be).
--   judgement: The curator's judgement of the claim (likely_error, preferred), if any.
--   judgement_reason: Why.
--   other_currency: For an amount also stated in another currency (its conversion), that currency.
--   other_currency_amount:
--   other_currency_claim_id: The claim with that amount.
--   figure_n_claims: How many claims (not derived values) the member's figure has, reported or not.
--   figure_n_independent_originators: How many distinct original originators give the figure a value (a derived value counts as its parts' originators: one when they share one, each of them when they do not; never none).
--   figure_n_distinct_values: How many distinct values the figure has.
with

-- An amount stated in two currencies: the original (the claim the conversion's same_amount_as
-- names) carries the conversion's currency and amount. A window over the pair, not a join:
-- each reference to a view is a copy of it in engines that inline views (Spark).
claims as (
    select
        stg_claim.*,
        max(case when same_amount_as_claim_id is not null then unit end)
            over (partition by coalesce(same_amount_as_claim_id, claim_id)) as other_currency,
        max(case when same_amount_as_claim_id is not null then amount end)
            over (partition by coalesce(same_amount_as_claim_id, claim_id)) as other_currency_amount,
        max(case when same_amount_as_claim_id is not null then claim_id end)
            over (partition by coalesce(same_amount_as_claim_id, claim_id)) as other_currency_claim_id
    from stg_claim
    where is_figure
),

stated as (
    select
        claims.claim_id as member_id,
        claims.claim_id,
        false as is_derived,
        cast(null as varchar) as derived_rule,
        cast(null as varchar) as part_claim_ids,
        cast(null as varchar) as part_source_ids,
        claims.figure_key,
        claims.country_iso3,
        claims.indicator_code,
        claims.year_from,
        claims.year_to,
        claims.period,
        claims.breakdown,
        claims.sex,
        claims.age_band,
        claims.exploitation_form,
        claims.citizenship,
        claims.destination_iso3,
        claims.origin_iso3,
        claims.category,
        claims.unit,
        claims.unit_kind,
        claims.report_id,
        claims.publisher,
        claims.published_year,
        claims.source_id,
        claims.source_kind,
        claims.original_source_id,
        claims.is_own_publication,
        claims.is_restatement,
        claims.is_relayed,
        claims.relayed_by,
        claims.period_basis,
        claims.restates_claim_id,
        claims.qualifier,
        claims.is_reported,
        coalesce(cast(claims.value as decimal(20, 4)), claims.amount) as value_number,
        coalesce(cast(claims.value_low as decimal(20, 4)), claims.amount_low) as low_number,
        coalesce(cast(claims.value_high as decimal(20, 4)), claims.amount_high) as high_number,
        claims.value_key,
        claims.figure_text,
        claims.value_category,
        claims.is_low_confidence,
        claims.judgement,
        claims.judgement_reason,
        claims.other_currency,
        claims.other_currency_amount,
        claims.other_currency_claim_id
    from claims
    where claims.same_amount_as_claim_id is null
),

candidate_sums as (
    select
        stg_sum.*,
        stg_sum.is_complete and stg_sum.n_exact_parts = stg_sum.n_parts as is_exact
    from stg_sum
    where kind = 'breakdown' and total_claim_id is null and n_valued_parts > 0
),

reports as (
    select report_id, publisher, published_year, kind from report
),

sources as (
    select source_id, kind from source
),

units as (
    select unit, kind from unit
),

-- The breakdown's document and originator, and whether the originator published it itself
-- (stg_claim's rule; null when the parts have several originators).
derived as (
    select
        candidate_sums.*,
        case when candidate_sums.parts_sum = floor(candidate_sums.parts_sum)
            then cast(cast(candidate_sums.parts_sum as bigint) as varchar)
            else rtrim(cast(candidate_sums.parts_sum as varchar), '0') end as sum_fmt,
        units.kind as unit_kind,
        reports.publisher,
        reports.published_year,
        sources.kind as source_kind,
        (sources.kind = 'government' and reports.kind = 'government_report')
            or (sources.kind = 'us_department_of_state' and reports.kind = 'tip_report')
            or (sources.kind = 'us_embassy' and reports.kind = 'diplomatic_cable')
            as is_own_publication
    from candidate_sums
    inner join reports on reports.report_id = candidate_sums.report_id
    inner join units on units.unit = candidate_sums.unit
    left join sources on sources.source_id = candidate_sums.source_id
),

implied as (
    select
        'derived:' || derived.sum_id as member_id,
        cast(null as varchar) as claim_id,
        true as is_derived,
        case
            when derived.is_exact then 'total of a complete breakdown'
            else 'lower bound: the sum of the parts the document gives'
        end as derived_rule,
        derived.part_claim_ids,
        derived.part_source_ids,
        derived.figure_key,
        derived.country_iso3,
        derived.indicator_code,
        derived.year_from,
        derived.year_to,
        case
            when derived.year_from is null then 'timeless'
            when derived.year_from = derived.year_to then cast(derived.year_from as varchar)
            else cast(derived.year_from as varchar) || '-' || cast(derived.year_to as varchar)
        end as period,
        derived.breakdown,
        derived.sex,
        derived.age_band,
        derived.exploitation_form,
        derived.citizenship,
        derived.destination_iso3,
        derived.origin_iso3,
        derived.category,
        derived.unit,
        derived.unit_kind,
        derived.report_id,
        derived.publisher,
        derived.published_year,
        derived.source_id,
        derived.source_kind,
        derived.source_id as original_source_id,
        derived.is_own_publication,
        false as is_restatement,
        not coalesce(derived.is_own_publication, false) as is_relayed,
        cast(null as varchar) as relayed_by,
        cast(null as varchar) as period_basis,
        cast(null as varchar) as restates_claim_id,
        case when derived.is_exact then 'exact' else 'at_least' end as qualifier,
        true as is_reported,
        derived.parts_sum as value_number,
        case when derived.is_exact then cast(null as decimal(20, 4)) else derived.parts_sum end as low_number,
        cast(null as decimal(20, 4)) as high_number,
        derived.sum_fmt as value_key,
        case when derived.is_exact then '' else 'at least ' end || derived.sum_fmt || ' ' || replace(derived.unit, '_', ' ')
            as figure_text,
        cast(null as varchar) as value_category,
        derived.has_low_confidence_part as is_low_confidence,
        cast(null as varchar) as judgement,
        cast(null as varchar) as judgement_reason,
        cast(null as varchar) as other_currency,
        cast(null as decimal(20, 4)) as other_currency_amount,
        cast(null as varchar) as other_currency_claim_id
    from derived
),

members as (
    select * from stated
    union all
    select * from implied
),

-- A lower bound is a figure only where nothing better is known: no claim gives the figure a
-- value and no complete breakdown gives its total. The figure's counts (here once for figure
-- and reconciled_by_policy) leave out the lower bounds it drops: distinct originators and
-- values are counted by ranking them, not with count(distinct) (Spark has no distinct
-- windows), and each group ranks its lower bounds last, so that its first member is one the
-- figure keeps whenever the group has one. Whether the figure drops its lower bounds and its
-- counts with and without them then come from one window over the figure: each window over
-- these wide rows sorts all of them.
ranked as (
    select
        members.*,
        case when members.is_derived and members.qualifier = 'at_least' then 1 else 0 end as is_lower_bound,
        row_number() over (
            partition by members.figure_key, members.is_reported, members.original_source_id
            order by case when members.is_derived and members.qualifier = 'at_least' then 1 else 0 end, members.member_id
        ) as originator_rank,
        row_number() over (
            partition by members.figure_key, members.value_key
            order by case when members.is_derived and members.qualifier = 'at_least' then 1 else 0 end, members.member_id
        ) as value_rank
    from members
),

counted as (
    select
        ranked.*,
        max(case when is_reported and is_lower_bound = 0 then 1 else 0 end)
            over (partition by figure_key) as has_better,
        count(case when not is_derived then 1 end) over (partition by figure_key) as n_claims,
        -- a derived value whose parts have several originators counts each of them (at
        -- least as many as its parts name), never none
        greatest(
            count(case when is_reported and original_source_id is not null and originator_rank = 1 then 1 end)
                over (partition by figure_key),
            max(case when is_reported and is_derived and original_source_id is null
                then length(part_source_ids) - length(replace(part_source_ids, ',', '')) + 1 end)
                over (partition by figure_key)
        ) as n_originators,
        greatest(
            count(
                case when is_reported and original_source_id is not null and originator_rank = 1 and is_lower_bound = 0 then 1 end
            ) over (partition by figure_key),
            max(case when is_reported and is_derived and is_lower_bound = 0 and original_source_id is null
                then length(part_source_ids) - length(replace(part_source_ids, ',', '')) + 1 end)
                over (partition by figure_key)
        ) as n_originators_without_lower_bounds,
        count(case when value_key is not null and value_rank = 1 then 1 end)
            over (partition by figure_key) as n_values,
        count(case when value_key is not null and value_rank = 1 and is_lower_bound = 0 then 1 end)
            over (partition by figure_key) as n_values_without_lower_bounds
    from ranked
),

final as (
    select
        member_id,
        claim_id,
        is_derived,
        derived_rule,
        part_claim_ids,
        part_source_ids,
        figure_key,
        country_iso3,
        indicator_code,
        year_from,
        year_to,
        period,
        breakdown,
        sex,
        age_band,
        exploitation_form,
        citizenship,
        destination_iso3,
        origin_iso3,
        category,
        unit,
        unit_kind,
        report_id,
        publisher,
        published_year,
        source_id,
        source_kind,
        original_source_id,
        is_own_publication,
        is_restatement,
        is_relayed,
        relayed_by,
        period_basis,
        restates_claim_id,
        qualifier,
        is_reported,
        value_number,
        low_number,
        high_number,
        value_key,
        figure_text,
        value_category,
        is_low_confidence,
        judgement,
        judgement_reason,
        other_currency,
        other_currency_amount,
        other_currency_claim_id,
        n_claims as figure_n_claims,
        case when has_better = 1 then n_originators_without_lower_bounds else n_originators end
            as figure_n_independent_originators,
        case when has_better = 1 then n_values_without_lower_bounds else n_values end
            as figure_n_distinct_values
    from counted
    where not (is_lower_bound = 1 and has_better = 1)
)

select * from final
