"""Every rule about one claim, run in a fixed order: `check_claim`.

In:  a `ClaimCheck` (base.py): one claim seed with what it refers to.
Out: the `Problem`s of every claim rule it breaks, in the order of `CLAIM_RULES`, which is the
     order a claim's problems are listed in. A rule that needs what another establishes (the
     values need a valid qualifier shape; the quote's offsets need it found once) looks at that
     in the `ClaimCheck`, whose facts are computed once and shared, so the order is only the
     order of the messages.
"""

from __future__ import annotations

from tiplake.problems import Problem
from tiplake.rules import (
    attribution,
    categories,
    curation,
    periods,
    quote,
    readback,
    references,
    values,
)
from tiplake.rules.base import RULE_OF, ClaimCheck, ClaimRuleFunction
from tiplake.rules.registry import Rule

_ORDER: tuple[ClaimRuleFunction, ...] = (
    references.indicator_known,
    references.source_known,
    references.relayed_source_known,
    references.unit_known,
    periods.period_in_order,
    periods.years_held,
    periods.years_published,
    values.qualifier_shape,
    values.precise,
    values.not_negative,
    values.whole_count,
    quote.quote_trimmed,
    quote.quote_found,
    quote.quote_once,
    quote.occurrence_exists,
    readback.value_text_in_quote,
    readback.in_its_unit,
    readback.value_stated,
    readback.value_unambiguous,
    readback.value_text_precise,
    readback.qualifier_read_back,
    readback.not_reported_worded,
    readback.not_reported_no_figure,
    periods.period_stated,
    readback.label_stated,
    categories.category,
    categories.category_read_back,
    curation.judged_with_reason,
    curation.penalty_provision,
    attribution.restatement_shape,
    attribution.attribution_wording,
    attribution.implied_tier,
    periods.period_basis,
)
# (rule, the function that checks it for one claim), in the order they run.
CLAIM_RULES: list[tuple[Rule, ClaimRuleFunction]] = [(RULE_OF[f], f) for f in _ORDER]


def check_claim(check: ClaimCheck) -> list[Problem]:
    """Every claim rule's problems for one claim, in the order of `CLAIM_RULES`."""
    return [check.problem(rule, message) for rule, f in CLAIM_RULES for message in f(check)]
