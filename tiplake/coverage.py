"""The coverage audit: is every number in a document accounted for?

In:  what validation found (`validate.Validated`: documents, claims, the skips' spans) and the
     reports to audit.
Out: per report, every numeric mention (`numbers.find_numbers` over the whole document) and
     every quantity written without a numeral that the audit can find reliably
     (`numbers.find_quantities`: "a new ...", "the only ...", "both", "no ... were"), and how
     each is accounted for:
     - `claim`: it lies inside the quote of a claim of that report and states that claim's
       value, a bound, a year of its period or, for a period of several years, its length
       ("for the third consecutive year" of a three-year not_reported claim), or a number of
       its value_label (the "2" of a Tier 2 placement);
     - `skip`: it lies inside a skip of `seeds/skips/<report_id>.yaml`, which gives a reason;
     - unaccounted otherwise.
`stubs` (`tiplake curate`) writes a claim stub for each unaccounted number, `stub` one, and
`mentions` lists every number of a text before anything accounts for it (add_document.py puts
a stub for each of a new document's numbers in its claims file).
Skips are checked by validation (rules.check_skips: found like quotes, each covering a number);
this is only the report over its result.

One piece of code does the audit, `audit_text`, over a document's text, its claims and its skip
spans from wherever they come: `audit` feeds it what validation found (`tiplake coverage`,
curating), the site what the database holds (the `document`, `claim` and `skip` tables, so
that a published file alone builds the site). Its result is computed, not stored: it is cheap
(a fraction of a second for the corpus) and a stored copy would be a second truth to keep in
step with the claims.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from tiplake.numbers import Mention, find_numbers, find_quantities

if TYPE_CHECKING:  # the site imports this module: it must not load the building ones
    from tiplake.rows import ClaimRow
    from tiplake.validate import Validated


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


def audit(validated: Validated, report_ids: list[str], progress=None) -> list[ReportCoverage]:
    """How each number of each report's document is accounted for (see the module docstring)."""
    out = []
    claims = validated.data.claims
    for report_id in report_ids:
        if progress:
            progress(f"auditing {report_id}")
        text = validated.data.documents.get(report_id)
        if text is None:
            continue
        mine = [c for c in claims if c.report_id == report_id]
        out.append(audit_text(report_id, text, mine, validated.skips.get(report_id, [])))
    return out


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


def sentence_around(text: str, start: int, end: int, limit: int = 400) -> str:
    """The sentence (or line) around a span, for curators."""
    dot = text.rfind(". ", 0, start)
    left = max(dot + 2 if dot != -1 else 0, text.rfind("\n", 0, start) + 1, start - limit)
    right_candidates = [i for i in (text.find(". ", end), text.find("\n", end)) if i != -1]
    right = min(right_candidates + [end + limit, len(text)])
    if right < len(text) and text[right] == ".":
        right += 1
    return " ".join(text[left:right].split())


def stubs(validated: Validated, report_id: str) -> str:
    """A claim stub, as YAML to complete by hand, for each unaccounted number of a report."""
    text = validated.data.documents[report_id]
    found = audit(validated, [report_id])
    unaccounted = found[0].unaccounted if found else []
    if not unaccounted:
        return f"# {report_id}: every number is accounted for"
    lines = [
        f"# {report_id}: {len(unaccounted)} unaccounted number(s). Complete each stub,",
        "# move it into seeds/claims/ (or seeds/skips/ with a reason), then run coverage.",
    ]
    return "\n".join(lines + [stub(text, item) for item in unaccounted])


def stub(text: str, item: Accounted) -> str:
    """The claim stub of one number of `text`: a list item to paste under `claims:`, its line
    and words in a comment above it, every field to fill in marked TODO, the value as read and
    the sentence around it as the quote (to narrow to the words that state the figure)."""
    m = item.mention
    unit = f"\n    unit: {m.currency}" if m.currency else ""
    return f"""
  # line {item.line}: {m.text!r}
  - id: TODO
    indicator_code: TODO
    source_id: TODO
    year: TODO
    value: {format(m.value, "f")}{unit}
    quote: |-
      {sentence_around(text, m.start, m.end)}"""
