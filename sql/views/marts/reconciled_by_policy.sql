-- One row per reconciliation policy and figure (country, indicator, period, breakdown and
-- unit): the value to use under that policy, where it comes from and what to beware of, in
-- columns: who states it and whose figure it is, whether it is derived from a breakdown, a
-- restatement, low-confidence or judged a likely error, how many independent originators give
-- the figure and the figures that dissent. Every policy prefers a stated figure to a derived
-- one, and a claim to its restatement in the corpus (a relay of the same figure), and never
-- chooses a claim the curator judged a likely error while another value exists.
-- The default policy (originator_first) takes the originator's own publication first, then the
-- originator's statement relayed by another document (the government's figure as a cable
-- quotes it), and a restatement by someone else (the embassy repeating that figure as its own)
-- only when nothing else gives the figure.
-- An amount stated in two currencies is one row, in the originator's currency, with the other
-- currency beside it. Figures no claim gives a value for have a row with is_reported false.
-- Period-only claims (action plans) are not figures. `reconciled` is this view for the default
-- policy. Missing stays visible: not_reported_by and has_not_reported say who did not report the
-- figure for a period that includes it (from figure), beside whatever value is chosen.
--
-- grain: policy_id, figure_key
-- stored: ranking every value under every policy costs seconds at a million claims.
-- partition: country_iso3
-- reads whole: exchange_rate
--
-- columns:
--   policy_id: The policy that chose the value (see table policy).
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
--   origin_iso3: =stg_figure_value
--   category:
--   unit: Unit of the figure (for an amount stated in two currencies, the original's).
--   unit_kind:
--   is_reported: True when some claim (or a breakdown) gives the figure a value; false when every claim says it was not reported.
--   value: The value to use when the figure is a count: a whole number (for a bound such as "at least 38", the bound: see qualifier). Null for other units, ranges and absences.
--   value_low: Its lower bound (a range, at least, more than).
--   value_high: Its upper bound (a range, at most, less than).
--   amount: The value to use when the figure is not a count (money, a percentage, a duration), exact (for a bound, the bound).
--   amount_low: Its lower bound.
--   amount_high: Its upper bound.
--   value_category: For a category (a tier), its code.
--   category_label:
--   qualifier: How the chosen value is stated (exact, approximate, at_least, ..., category).
--   figure_text: The chosen value as a reader would say it, with its unit.
--   claim_id: The claim the value comes from; null when it is derived.
--   is_derived:
--   derived_rule:
--   part_claim_ids:
--   part_source_ids:
--   report_id: The document of the value (a derived value's parts' document).
--   source_id: Who states the value.
--   source_kind: =stg_figure_value
--   original_source_id: Whose figure the value is, following restatements (the government's figure relayed by a TIP report is the government's).
--   is_restatement: True when the chosen value is a restatement of a figure first stated elsewhere.
--   is_low_confidence: True when the curator could not read the value with certainty.
--   judgement: The curator's judgement of the chosen claim, if any (preferred; likely_error only when no other value exists).
--   n_claims:
--   n_independent_originators:
--   n_distinct_values:
--   is_disputed:
--   dissenting_figures:
--   not_reported_by:
--   has_not_reported:
--   other_currency:
--   other_currency_amount:
--   other_currency_claim_id:
--   value_usd: The value in U.S. dollars, to the cent: the amount itself for USD; the document's own U.S. dollar amount when it states one beside it; else converted at the average rate its report implies for that currency and period, else the average any report implies for that period. Null for figures that are not amounts, for ranges, absences, and when no document implies a rate: value_usd_note says which.
--   usd_rate: U.S. dollars per unit of the amount's currency (6 decimals): 1 for USD, else the rate value_usd uses or its own statement implies.
--   usd_rate_claims:
--   value_usd_note: For every amount, how value_usd was found or why it is null (not reported, a range, no known rate).
with

members as (
    select * from stg_figure_value
),

policies as (
    select * from policy
),

ranks as (
    select * from policy_source_rank
),

-- The ranking puts a figure's reported members in the policy's order; the first is the
-- policy's choice (a figure whose members are all not reported has none). It ranks only the
-- columns the order needs, and with_choice joins the choice to every member: a window over the
-- wide rows of every member under every policy sorts all of them. So stg_figure_value is read
-- twice, here and in with_choice (engines that inline views and CTEs, Spark, copy a view once
-- per reference); every other step reads the one before once.
ranked as (
    select
        policies.policy_id,
        members.figure_key,
        members.member_id,
        members.value_key,
        row_number() over (
            partition by policies.policy_id, members.figure_key
            order by
                case when members.judgement = 'likely_error' then 1 else 0 end,
                case when members.is_derived then 1 else 0 end,
                case
                    when not policies.prefer_own_publication then 0
                    when members.is_own_publication and not members.is_relayed and not members.is_restatement then 0
                    when members.source_id = members.original_source_id then 1
                    else 2
                end,
                -- under every policy, a claim restating another of the corpus after the claim
                -- it restates (the same figure, stated first there)
                case when members.restates_claim_id is not null then 1 else 0 end,
                coalesce(ranks.rank, 1000),
                case when members.judgement = 'preferred' then 0 else 1 end,
                case when policies.prefer_latest then -members.published_year else members.published_year end,
                case when members.qualifier = 'exact' then 0 else 1 end,
                members.member_id
        ) as preference
    from members
    cross join policies
    left join ranks
        on ranks.policy_id = policies.policy_id and ranks.source_kind = members.source_kind
    where members.is_reported
),

choices as (
    select policy_id, figure_key, member_id, value_key
    from ranked
    where preference = 1
),

-- Every member of every figure under every policy, with the policy's choice.
with_choice as (
    select
        policies.policy_id,
        figure_values.*,
        figure_values.figure_text || ' (' || figure_values.source_id || ', ' || figure_values.report_id
            || case when figure_values.is_derived then ', derived' else '' end
            || case when figure_values.judgement is not null then ', ' || figure_values.judgement || ': ' || figure_values.judgement_reason else '' end
            || ')' as dissent_text,
        coalesce(figure_values.member_id = choices.member_id, false) as is_chosen,
        choices.value_key as chosen_value_key
    from stg_figure_value as figure_values
    cross join policies
    left join choices
        on choices.policy_id = policies.policy_id and choices.figure_key = figure_values.figure_key
),

-- The chosen member, the figure's counts and the values that differ from the choice, in one
-- pass.
picked as (
    select
        policy_id,
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
        max(case when is_chosen then member_id end) as member_id,
        max(case when is_chosen then value_number end) as value_number,
        max(case when is_chosen then low_number end) as low_number,
        max(case when is_chosen then high_number end) as high_number,
        max(case when is_chosen then value_category end) as value_category,
        max(case when is_chosen then qualifier end) as qualifier,
        max(case when is_chosen then figure_text end) as figure_text,
        max(case when is_chosen then claim_id end) as claim_id,
        max(case when is_chosen then is_derived end) as is_derived,
        max(case when is_chosen then derived_rule end) as derived_rule,
        max(case when is_chosen then part_claim_ids end) as part_claim_ids,
        max(case when is_chosen then part_source_ids end) as part_source_ids,
        max(case when is_chosen then report_id end) as report_id,
        max(case when is_chosen then source_id end) as source_id,
        max(case when is_chosen then source_kind end) as source_kind,
        max(case when is_chosen then original_source_id end) as original_source_id,
        max(case when is_chosen then is_restatement end) as is_restatement,
        max(case when is_chosen then is_low_confidence end) as is_low_confidence,
        max(case when is_chosen then judgement end) as judgement,
        max(case when is_chosen then other_currency end) as other_currency,
        max(case when is_chosen then other_currency_amount end) as other_currency_amount,
        max(case when is_chosen then other_currency_claim_id end) as other_currency_claim_id,
        min(figure_n_claims) as n_claims,
        min(figure_n_distinct_values) as n_distinct_values,
        string_agg(dissent_text, '; ' order by figure_text nulls first, member_id nulls first)
            filter (where is_reported and value_key <> chosen_value_key) as dissenting_figures
    from with_choice
    group by policy_id, figure_key
),
categories as (
    select category, label from category
),

-- The figure's originators (a derived value's parts' originators) and its absences, counted once
-- in figure.
figure_facts as (
    select figure_key, n_independent_originators, not_reported_by, has_not_reported from figure
),

own_rates as (
    select claim_id, usd_per_unit, claim_id || ' / ' || usd_claim_id as source_claims
    from exchange_rate
),

report_rates as (
    select
        report_id,
        currency,
        year_from,
        year_to,
        avg(usd_per_unit) as usd_per_unit,
        string_agg(claim_id || ' / ' || usd_claim_id, '; ' order by claim_id nulls first) as source_claims
    from exchange_rate
    group by report_id, currency, year_from, year_to
),

year_rates as (
    select
        currency,
        year_from,
        year_to,
        avg(usd_per_unit) as usd_per_unit,
        string_agg(claim_id || ' / ' || usd_claim_id, '; ' order by claim_id nulls first) as source_claims
    from exchange_rate
    group by currency, year_from, year_to
),

priced as (
    select
        picked.*,
        coalesce(own_rates.usd_per_unit, report_rates.usd_per_unit, year_rates.usd_per_unit) as usd_rate,
        coalesce(own_rates.source_claims, report_rates.source_claims, year_rates.source_claims) as usd_rate_claims,
        case
            when own_rates.usd_per_unit is not null then 'at the rate the amount''s own statement in U.S. dollars implies'
            when report_rates.usd_per_unit is not null then 'at the average rate its report implies for this currency and period'
            when year_rates.usd_per_unit is not null then 'at the average rate the corpus implies for this currency and period'
            else 'no document in the corpus states this currency beside U.S. dollars for this period, so no rate is known'
        end as rate_note
    from picked
    left join own_rates on own_rates.claim_id = picked.claim_id
    left join report_rates
        on report_rates.report_id = picked.report_id
        and report_rates.currency = picked.unit
        and report_rates.year_from = picked.year_from
        and report_rates.year_to = picked.year_to
    left join year_rates
        on year_rates.currency = picked.unit
        and year_rates.year_from = picked.year_from
        and year_rates.year_to = picked.year_to
),

final as (
    select
        priced.policy_id,
        priced.figure_key,
        priced.country_iso3,
        priced.indicator_code,
        priced.year_from,
        priced.year_to,
        priced.period,
        priced.breakdown,
        priced.sex,
        priced.age_band,
        priced.exploitation_form,
        priced.citizenship,
        priced.destination_iso3,
        priced.origin_iso3,
        priced.category,
        priced.unit,
        priced.unit_kind,
        priced.member_id is not null as is_reported,
        case when priced.unit_kind = 'count' then cast(priced.value_number as bigint) end as value,
        case when priced.unit_kind = 'count' then cast(priced.low_number as bigint) end as value_low,
        case when priced.unit_kind = 'count' then cast(priced.high_number as bigint) end as value_high,
        case when priced.unit_kind <> 'count' then priced.value_number end as amount,
        case when priced.unit_kind <> 'count' then priced.low_number end as amount_low,
        case when priced.unit_kind <> 'count' then priced.high_number end as amount_high,
        priced.value_category,
        categories.label as category_label,
        priced.qualifier,
        coalesce(priced.figure_text, 'not reported') as figure_text,
        priced.claim_id,
        coalesce(priced.is_derived, false) as is_derived,
        priced.derived_rule,
        priced.part_claim_ids,
        priced.part_source_ids,
        priced.report_id,
        priced.source_id,
        priced.source_kind,
        priced.original_source_id,
        priced.is_restatement,
        priced.is_low_confidence,
        priced.judgement,
        priced.n_claims,
        figure_facts.n_independent_originators,
        priced.n_distinct_values,
        priced.n_distinct_values > 1 as is_disputed,
        priced.dissenting_figures,
        figure_facts.not_reported_by,
        figure_facts.has_not_reported,
        priced.other_currency,
        priced.other_currency_amount,
        priced.other_currency_claim_id,
        case
            when priced.unit = 'USD' then cast(priced.value_number as decimal(20, 2))
            when priced.other_currency = 'USD' then cast(priced.other_currency_amount as decimal(20, 2))
            when priced.unit_kind = 'currency'
                then cast(round(cast(priced.value_number as double) * priced.usd_rate, 2) as decimal(20, 2))
        end as value_usd,
        case
            when priced.value_number is null then null
            when priced.unit = 'USD' then 1.0
            else round(priced.usd_rate, 6)
        end as usd_rate,
        case when priced.value_number is not null then priced.usd_rate_claims end as usd_rate_claims,
        case
            when priced.unit_kind <> 'currency' then null
            when priced.member_id is null then 'not reported: no amount to convert'
            when priced.value_number is null then 'the amount is a range or a bound: see amount_low and amount_high, in ' || priced.unit
            when priced.unit = 'USD' then 'the amount is in U.S. dollars'
            when priced.other_currency = 'USD' then 'the document states the amount in U.S. dollars too (other_currency_amount)'
            else priced.rate_note
        end as value_usd_note
    from priced
    left join categories on categories.category = priced.value_category
    left join figure_facts on figure_facts.figure_key = priced.figure_key
)

select * from final
