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

One piece of code does the audit, `audit_text` (in tiplake/audit.py, which the site imports
without the building modules), over a document's text, its claims and its skip
spans from wherever they come: `audit` feeds it what validation found (`tiplake coverage`,
curating), the site what the database holds (the `document`, `claim` and `skip` tables, so
that a published file alone builds the site). Its result is computed, not stored: it is cheap
(a fraction of a second for the corpus) and a stored copy would be a second truth to keep in
step with the claims.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tiplake.audit import Accounted, ReportCoverage, audit_text, mentions, supports

if TYPE_CHECKING:
    from tiplake.validate import Validated

__all__ = [
    "Accounted",
    "ReportCoverage",
    "audit",
    "audit_text",
    "mentions",
    "stub",
    "stubs",
    "supports",
]


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
