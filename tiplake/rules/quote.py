"""The quote: found in its report's document, verbatim, once (or at the occurrence asked).

Rules: quote-whitespace, quote-not-found, quote-ambiguous, occurrence-out-of-range, for claims.
The same three for a sum's evidence (sums.py) and a skip (skips.py); finding is quotes.py's.
"""

from __future__ import annotations

from collections.abc import Iterator

from tiplake.quotes import near_miss
from tiplake.rules.base import ClaimCheck, claim_rule
from tiplake.rules.registry import (
    OCCURRENCE_OUT_OF_RANGE,
    QUOTE_AMBIGUOUS,
    QUOTE_NOT_FOUND,
    QUOTE_WHITESPACE,
)


@claim_rule(QUOTE_WHITESPACE)
def quote_trimmed(c: ClaimCheck) -> Iterator[str]:
    if c.seed.quote != c.seed.quote.strip():
        yield "the quote starts or ends with white space; trim it"


@claim_rule(QUOTE_NOT_FOUND)
def quote_found(c: ClaimCheck) -> Iterator[str]:
    if c.spans == [] and c.report is not None:
        yield f"the quote is not in {c.report.file}{near_miss(c.document.text, c.seed.quote, c.document.index)}"


@claim_rule(QUOTE_AMBIGUOUS)
def quote_once(c: ClaimCheck) -> Iterator[str]:
    if c.spans and c.seed.occurrence is None and len(c.spans) > 1:
        yield (
            f"the quote occurs {len(c.spans)} times in {c.report.file}; add occurrence: N "
            f"(1 to {len(c.spans)}) or lengthen the quote"
        )


@claim_rule(OCCURRENCE_OUT_OF_RANGE)
def occurrence_exists(c: ClaimCheck) -> Iterator[str]:
    if c.spans and c.seed.occurrence is not None and c.seed.occurrence > len(c.spans):
        yield f"occurrence {c.seed.occurrence} asked, the quote occurs {len(c.spans)} time(s)"
