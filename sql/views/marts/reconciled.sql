-- One row per figure (country, indicator, period, breakdown and unit): the value to use under
-- the default reconciliation policy, with where it comes from and what to beware of (see
-- reconciled_by_policy for every column's meaning and for other policies).
--
-- grain: figure_key
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
--   origin_iso3: =reconciled_by_policy
--   category:
--   unit: =reconciled_by_policy
--   unit_kind:
--   is_reported: =reconciled_by_policy
--   value: =reconciled_by_policy
--   value_low: =reconciled_by_policy
--   value_high: =reconciled_by_policy
--   amount: =reconciled_by_policy
--   amount_low: =reconciled_by_policy
--   amount_high: =reconciled_by_policy
--   value_category: =reconciled_by_policy
--   category_label:
--   qualifier: =reconciled_by_policy
--   figure_text: =reconciled_by_policy
--   claim_id: =reconciled_by_policy
--   is_derived:
--   derived_rule:
--   part_claim_ids:
--   part_source_ids:
--   report_id: =reconciled_by_policy
--   source_id: =reconciled_by_policy
--   source_kind: =reconciled_by_policy
--   original_source_id: =reconciled_by_policy
--   is_restatement: =reconciled_by_policy
--   is_low_confidence: =reconciled_by_policy
--   judgement: =reconciled_by_policy
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
--   value_usd: The value in U.S. dollars: the amount itself for USD; for another currency, at the rate its own two-currency statement implies, else the average rate its report implies for that currency and period, else the average any report implies for that period. Null for figures that are not amounts, and when no document implies a rate (see value_usd_note).
--   usd_rate: U.S. dollars per unit used for value_usd.
--   usd_rate_claims:
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
