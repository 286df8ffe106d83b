-- One row per reconciliation policy and figure (country, indicator, period, breakdown and
-- unit): the value to use under that policy, the claim it comes from, the spread of values,
-- the number of claims and of independent originators, and the dissenting figures. Figures
-- whose only claims say "not reported" have a row with status not_reported and no value;
-- period-only claims (action plans) are not reconciled. Pick a policy with
-- `where policy_id = '...'`; `reconciled` is this view for the default policy.
--
-- stored: ranking every claim under every policy costs seconds at a million claims.
-- partition: country_iso3
-- reads whole: exchange_rate
--
-- columns:
--   policy_id: The policy that chose the value (see table policy).
--   figure_key: The figure: country, indicator, period, breakdown and unit, as one text.
--   country_iso3: Country the figure is about.
--   indicator_code: What the figure counts.
--   year_from: First year of the figure's period; null for timeless facts.
--   year_to: Last year of the figure's period.
--   breakdown: The figure's breakdown as text (e.g. sex=female), or all.
--   sex: Breakdown by sex, or all.
--   age_band: Breakdown by age band, or all.
--   exploitation_form: Breakdown by form of exploitation, or all.
--   citizenship: Breakdown by citizenship, or all.
--   destination_iso3: Breakdown by destination country, or all.
--   origin_iso3: Breakdown by country of origin, or all.
--   category: What exactly is counted within the indicator, or all.
--   unit: Unit of the figure. An amount stated in two currencies has one row per currency.
--   status: reported (some claim gives a value) or not_reported (every claim says the figure was not reported).
--   value: The value to use (null for a range, see value_low and value_high, and when not reported).
--   value_low: Lower bound of the value to use, for ranges and at-least figures.
--   value_high: Upper bound of the value to use, for ranges and at-most figures.
--   qualifier: Qualifier of the chosen claim (exact, approximate, at_least, ...).
--   figure_text: The chosen figure as a reader would say it (91, at least 36, 5-10).
--   claim_id: The claim the value comes from.
--   report_id: The document of that claim.
--   source_id: The originator of that claim.
--   source_kind: Kind of that originator.
--   lowest_value: Lowest value (or lower bound) any claim of the figure gives.
--   highest_value: Highest value (or upper bound) any claim of the figure gives.
--   n_claims: Number of claims of the figure, not_reported ones included.
--   n_reported_claims: Number of claims that give a value.
--   n_independent_originators: Number of distinct originators among the claims that give a value. A U.S. report relaying a government figure is the government's figure: it counts once, as the government.
--   n_distinct_values: Number of distinct values the claims give.
--   is_agreed: True when every claim that gives a value gives the same one.
--   dissenting_figures: The other values, each with its originator and report; null when all agree.
--   not_reported_by: Originators and reports that say the figure was not reported, if any.
--   value_usd: The value in U.S. dollars: the value itself for a USD amount; for another currency, converted at the rate its own two-currency statement implies, else the average rate its report implies for that currency and period, else the average any report implies for that period; null when no document implies a rate, or for non-amounts.
--   usd_rate: The U.S. dollars per unit used for value_usd.
--   usd_rate_source: The claims (amount / amount in USD) whose pairing implies usd_rate.
with

figures as (
    select * from claim_figure where qualifier <> 'period'
),

policies as (
    select * from policy
),

ranks as (
    select * from policy_source_rank
),

-- The ranking carries only the claim's id and what it is ranked by (a window over every
-- policy x claim is the costliest step; its other columns are joined to the winners only).
reported_ranked as (
    select
        policies.policy_id,
        figures.figure_key,
        figures.claim_id,
        row_number() over (
            partition by policies.policy_id, figures.figure_key
            order by
                case when policies.prefer_own_publication and figures.is_own_publication then 0 else 1 end,
                coalesce(ranks.rank, 1000),
                case when policies.prefer_latest then -figures.published_year else figures.published_year end,
                case when figures.qualifier = 'exact' then 0 else 1 end,
                figures.claim_id
        ) as preference
    from figures
    cross join policies
    left join ranks
        on ranks.policy_id = policies.policy_id and ranks.source_kind = figures.source_kind
    where figures.is_reported
),

chosen as (
    select reported_ranked.policy_id, figures.*
    from reported_ranked
    inner join figures on figures.claim_id = reported_ranked.claim_id
    where reported_ranked.preference = 1
),

stats as (
    select * from figure
),

-- The other values depend on the chosen value, not on the policy: computed once per figure
-- and value chosen by any policy.
chosen_values as (
    select distinct figure_key, value_key from chosen
),

dissent as (
    select
        chosen_values.figure_key,
        chosen_values.value_key,
        string_agg(
            other.figure_text || ' (' || other.source_id || ', ' || other.report_id || ')',
            '; ' order by other.figure_text nulls first, other.source_id nulls first, other.report_id nulls first
        ) as dissenting_figures
    from chosen_values
    inner join figures as other
        on other.figure_key = chosen_values.figure_key
        and other.is_reported
        and other.value_key <> chosen_values.value_key
    group by chosen_values.figure_key, chosen_values.value_key
),

own_rates as (
    select
        claim_id,
        usd_per_unit,
        claim_id || ' / ' || usd_claim_id as source_claims
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

final as (
    select
        policies.policy_id,
        stats.figure_key,
        stats.country_iso3,
        stats.indicator_code,
        stats.year_from,
        stats.year_to,
        stats.breakdown,
        stats.sex,
        stats.age_band,
        stats.exploitation_form,
        stats.citizenship,
        stats.destination_iso3,
        stats.origin_iso3,
        stats.category,
        stats.unit,
        case when chosen.claim_id is null then 'not_reported' else 'reported' end as status,
        chosen.value,
        chosen.value_low,
        chosen.value_high,
        chosen.qualifier,
        chosen.figure_text,
        chosen.claim_id,
        chosen.report_id,
        chosen.source_id,
        chosen.source_kind,
        stats.lowest_value,
        stats.highest_value,
        stats.n_claims,
        stats.n_reported_claims,
        stats.n_independent_originators,
        stats.n_distinct_values,
        stats.n_distinct_values <= 1 as is_agreed,
        dissent.dissenting_figures,
        stats.not_reported_by,
        case
            when stats.unit = 'USD' then chosen.value
            else chosen.value * coalesce(own_rates.usd_per_unit, report_rates.usd_per_unit, year_rates.usd_per_unit)
        end as value_usd,
        case
            when stats.unit = 'USD' then 1.0
            else coalesce(own_rates.usd_per_unit, report_rates.usd_per_unit, year_rates.usd_per_unit)
        end as usd_rate,
        case
            when stats.unit = 'USD' then null
            else coalesce(own_rates.source_claims, report_rates.source_claims, year_rates.source_claims)
        end as usd_rate_source
    from stats
    cross join policies
    left join chosen
        on chosen.figure_key = stats.figure_key and chosen.policy_id = policies.policy_id
    left join dissent
        on dissent.figure_key = chosen.figure_key and dissent.value_key = chosen.value_key
    left join own_rates
        on own_rates.claim_id = chosen.claim_id
    left join report_rates
        on report_rates.report_id = chosen.report_id
        and report_rates.currency = stats.unit
        and report_rates.year_from = stats.year_from
        and report_rates.year_to = stats.year_to
    left join year_rates
        on year_rates.currency = stats.unit
        and year_rates.year_from = stats.year_from
        and year_rates.year_to = stats.year_to
)

select * from final
