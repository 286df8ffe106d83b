"""What the curator adds to a claim: a judgement with its reason, a penalty with its provision.

Rules: judgement-reason, penalty-provision.
"""

from __future__ import annotations

from collections.abc import Iterator

from tiplake.rules.base import ClaimCheck, claim_rule
from tiplake.rules.registry import JUDGEMENT_REASON, PENALTY_PROVISION


@claim_rule(JUDGEMENT_REASON)
def judged_with_reason(c: ClaimCheck) -> Iterator[str]:
    if c.seed.judgement is not None and c.seed.judgement_reason is None:
        yield f"judgement {c.seed.judgement} needs judgement_reason: why"
    if c.seed.judgement is None and c.seed.judgement_reason is not None:
        yield "judgement_reason without a judgement (likely_error or preferred)"


@claim_rule(PENALTY_PROVISION)
def penalty_provision(c: ClaimCheck) -> Iterator[str]:
    if c.seed.indicator_code.startswith("prescribed_penalty") and c.seed.category == "all":
        yield (
            "a prescribed penalty belongs to a provision of the law: give category (basic, "
            "aggravated, ..., or all-provisions when the document gives the span of all of them)"
        )
