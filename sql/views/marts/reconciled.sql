-- One row per figure (country, indicator, period, breakdown and unit): the value to use under
-- the default reconciliation policy, with where it comes from and what to beware of (see
-- reconciled_by_policy for every column's meaning and for other policies).
--
-- grain: figure_key
--
-- columns:
--   figure_key: The figure: country | indicator | period | breakdown | unit.
--   country_iso3: Country the figure is about.
--   indicator_code: What the figure counts.
--   year_from: First year of the figure's period; null for timeless facts.
--   year_to: Last year of the figure's period.
--   period: The period as text.
--   breakdown: The figure's breakdown as text, or all.
--   sex: Breakdown by sex, or all.
--   age_band: Breakdown by age band, or all.
--   exploitation_form: Breakdown by form of exploitation, or all.
--   citizenship: Breakdown by citizenship, or all.
--   destination_iso3: Breakdown by destination country, or all.
--   origin_iso3: Breakdown by country of origin, or all.
--   category: What exactly is counted within the indicator, or all.
--   unit: Unit of the figure (for an amount stated in two currencies, the original's).
--   unit_kind: Kind of the unit (count, currency, duration, percent, rank).
--   is_reported: True when some claim (or a breakdown) gives the figure a value; false when every claim says it was not reported.
--   value: The value to use when the figure is a count: a whole number (for a bound such as "at least 38", the bound: see qualifier). Null for other units, ranges and absences.
--   value_low: Its lower bound (a range, at least, more than).
--   value_high: Its upper bound (a range, at most, less than).
--   amount: The value to use when the figure is not a count (money, a percentage, a duration), exact (for a bound, the bound).
--   amount_low: Its lower bound.
--   amount_high: Its upper bound.
--   value_category: For a category (a tier), its code.
--   category_label: The category's label (e.g. Tier 2 Watch List).
--   qualifier: How the chosen value is stated (exact, approximate, at_least, ..., category).
--   figure_text: The chosen value as a reader would say it, with its unit.
--   claim_id: The claim the value comes from; null when it is derived.
--   is_derived: True when no claim states the value: it is derived from a declared breakdown (see derived_rule and part_claim_ids).
--   derived_rule: How a derived value follows from its parts.
--   part_claim_ids: For a derived value, the claims it is derived from.
--   part_source_ids: For a derived value, its parts' originators (source_id is null when they are more than one).
--   report_id: The document of the value (a derived value's parts' document).
--   source_id: Who states the value.
--   source_kind: Kind of that originator.
--   original_source_id: Whose figure the value is, following restatements (the government's figure relayed by a TIP report is the government's).
--   is_restatement: True when the chosen value is a restatement of a figure first stated elsewhere.
--   is_low_confidence: True when the curator could not read the value with certainty.
--   judgement: The curator's judgement of the chosen claim, if any (preferred; likely_error only when no other value exists).
--   n_claims: Number of claims of the figure, not_reported ones included.
--   n_independent_originators: Number of distinct originators who produced a value of the figure (original_source_id, as in figure): a restatement or relay counts as its originator, never as a second one; a derived value counts the original originators of its parts, so it is never 0 when the figure has a value.
--   n_distinct_values: Number of distinct values given (claims and derived figures; not reported is not a value).
--   is_disputed: True when the figure has more than one value: see dissenting_figures and the conflict view.
--   dissenting_figures: The other values, each with its originator, report and any judgement (with its reason); null when all agree.
--   not_reported_by: The originators that say the figure was not reported, each with its document, for this figure or for a period that includes it (a multi-year "did not report" claim, its period in brackets) or for the total of this breakdown ("all breakdowns"); null when none. Shown beside the chosen value, so a figure only media give (2024 victims) carries "gov_aze in tip-2025-aze": the government did not report it.
--   has_not_reported: True when some originator says the figure was not reported (not_reported_by), whether or not a value is chosen: a value with has_not_reported is not the whole story.
--   other_currency: For an amount the document also states in another currency, that currency.
--   other_currency_amount: The amount in that currency.
--   other_currency_claim_id: The claim with it.
--   value_usd: The value in U.S. dollars: the amount itself for USD; for another currency, at the rate its own two-currency statement implies, else the average rate its report implies for that currency and period, else the average any report implies for that period. Null for figures that are not amounts, and when no document implies a rate (see value_usd_note).
--   usd_rate: U.S. dollars per unit used for value_usd.
--   usd_rate_claims: The claims (amount / amount in USD) whose pairing implies usd_rate.
--   value_usd_note: Why value_usd is null for an amount, or how its rate was found.
with

defaults as (
    select policy_id from policy where is_default
),

final as (
    select reconciled_by_policy.*
    from reconciled_by_policy
    inner join defaults on defaults.policy_id = reconciled_by_policy.policy_id
)

select
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
    is_reported,
    value,
    value_low,
    value_high,
    amount,
    amount_low,
    amount_high,
    value_category,
    category_label,
    qualifier,
    figure_text,
    claim_id,
    is_derived,
    derived_rule,
    part_claim_ids,
    part_source_ids,
    report_id,
    source_id,
    source_kind,
    original_source_id,
    is_restatement,
    is_low_confidence,
    judgement,
    n_claims,
    n_independent_originators,
    n_distinct_values,
    is_disputed,
    dissenting_figures,
    not_reported_by,
    has_not_reported,
    other_currency,
    other_currency_amount,
    other_currency_claim_id,
    value_usd,
    usd_rate,
    usd_rate_claims,
    value_usd_note
from final
