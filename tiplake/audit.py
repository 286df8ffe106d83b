"""The coverage audit of one document: how each of its numbers is accounted for.

In:  a document's text, its claims (claim_id, quote offsets and the fields `supports` reads:
     a rows.ClaimRow, or the site's row of the `claim` table) and its skip spans (start, end,
     reason).
Out: a `ReportCoverage`: every numeric mention (`mentions`) and whether a claim or a skip
     accounts for it (coverage.py says how).

Neutral: it imports only numbers.py, so that both the build's side (coverage.py: `tiplake
coverage`, curating) and the reading side (the site, from the database's tables alone) use
the one audit without the site loading a building module (issue 30).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from tiplake.numbers import Mention, find_numbers, find_quantities

if TYPE_CHECKING:
    from tiplake.rows import ClaimRow


@dataclass(frozen=True)
class Accounted:
    mention: Mention
    line: int
    by: str  # "claim", "skip" or "" (unaccounted)
    ref: str  # the claim id, or the skip's reason


@dataclass
class ReportCoverage:
    report_id: str
    items: list[Accounted] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.items)

    @property
    def accounted(self) -> int:
        return sum(1 for i in self.items if i.by)

    @property
    def unaccounted(self) -> list[Accounted]:
        return [i for i in self.items if not i.by]


def supports(claim: ClaimRow) -> set[Decimal]:
    """The numbers a claim's quote may state in support of it: its value and bounds, the years
    of its period and its length, and the numbers of its value_label (a category such as
    "Tier 2" or "second-tier" states its number in its label)."""
    values = {claim.value, claim.value_low, claim.value_high}
    if claim.value_label is not None:
        values |= {m.value for m in find_numbers(claim.value_label)}
    if claim.year_from is not None:
        values |= {Decimal(claim.year_from), Decimal(claim.year_to)}
        if claim.year_to > claim.year_from:  # "for the third consecutive year"
            values.add(Decimal(claim.year_to - claim.year_from + 1))
    return {v for v in values if v is not None}


def audit_text(report_id: str, text: str, claims: list, skips: list) -> ReportCoverage:
    """How each number of one document's `text` is accounted for by its `claims` (each with
    claim_id, quote_start, quote_end and the fields `supports` reads: a ClaimRow) and its skip
    spans (each with start, end and reason: a rules.SkipSpan)."""
    cov = ReportCoverage(report_id)
    for item in mentions(text):
        m, by, ref = item.mention, "", ""
        for c in claims:
            if c.quote_start <= m.start and m.end <= c.quote_end and m.value in supports(c):
                by, ref = "claim", c.claim_id
                break
        else:
            for skip in skips:
                if skip.start <= m.start and m.end <= skip.end:
                    by, ref = "skip", skip.reason
                    break
        cov.items.append(Accounted(m, item.line, by, ref))
    return cov


def mentions(text: str) -> list[Accounted]:
    """Every number and number-less quantity of a document, in order, with its line; none
    accounted for yet (a new document's, before it has a claim or a skip)."""
    line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
    found = sorted(find_numbers(text) + find_quantities(text), key=lambda m: m.start)
    return [Accounted(m, _line_of(line_starts, m.start), "", "") for m in found]


def _line_of(line_starts: list[int], offset: int) -> int:
    lo, hi = 0, len(line_starts) - 1
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if line_starts[mid] <= offset:
            lo = mid
        else:
            hi = mid - 1
    return lo + 1
