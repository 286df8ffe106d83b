"""The coverage audit: is every number in a document accounted for?

In:  the seeds (documents, claims, skips) and optionally one report id.
Out: per report, every numeric mention (`numbers.find_numbers` over the whole document) and
     how it is accounted for:
     - `claim`: it lies inside the quote of a claim of that report and states that claim's
       value, a bound, a year of its period or, for a period of several years, its length
       ("for the third consecutive year" of a three-year not_reported claim);
     - `skip`: it lies inside a skip of `seeds/skips/<report_id>.yaml`, which gives a reason;
     - unaccounted otherwise.
Skips are checked like quotes: a skip whose text is not in the document, or is ambiguous, is a
problem, and so is a skip that covers no number at all (it would hide nothing, or a typo).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from tiplake.documents import find_quote
from tiplake.numbers import Mention, find_numbers
from tiplake.problems import Problem
from tiplake.rows import ClaimRow, Dataset
from tiplake.seeds import Located, SeedFiles, SkipSeed


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
    """The numbers a claim's quote may state in support of it."""
    values = {claim.value, claim.value_low, claim.value_high}
    if claim.year_from is not None:
        values |= {Decimal(claim.year_from), Decimal(claim.year_to)}
        if claim.year_to > claim.year_from:  # "for the third consecutive year"
            values.add(Decimal(claim.year_to - claim.year_from + 1))
    return {v for v in values if v is not None}


def skip_spans(
    text: str, skips: list[Located], problems: list[Problem], report_id: str
) -> list[tuple[int, int, str]]:
    """The spans of the document each skip covers, with its reason; problems for bad skips."""
    spans = []
    for loc in skips:
        s: SkipSeed = loc.record

        def bad(rule: str, msg: str, loc: Located = loc) -> None:
            problems.append(Problem(loc.file, f"{report_id} skip", rule, msg, loc.line))

        if (s.quote is None) == (s.from_ is None) or (s.from_ is None) != (s.to is None):
            bad("skip-shape", "a skip has either quote, or from and to")
            continue
        if s.quote is not None:
            found = find_quote(text, s.quote)
            if not found:
                bad("quote-not-found", f"skip quote {s.quote!r} is not in the document")
                continue
            if s.every:
                spans.extend((a, b, s.reason) for a, b in found)
                continue
            if s.occurrence is None and len(found) > 1:
                bad(
                    "quote-ambiguous",
                    f"skip quote {s.quote!r} occurs {len(found)} times; "
                    "add occurrence: N or every: true",
                )
                continue
            if (s.occurrence or 1) > len(found):
                bad("occurrence-out-of-range", f"occurrence {s.occurrence} of {s.quote!r} asked")
                continue
            a, b = found[(s.occurrence or 1) - 1]
            spans.append((a, b, s.reason))
        else:
            starts, ends = find_quote(text, s.from_), find_quote(text, s.to)
            if len(starts) != 1 or not ends:
                bad("quote-not-found", f"skip 'from' {s.from_!r} must occur exactly once")
                continue
            a = starts[0][0]
            after = [e for _, e in ends if e > a]
            if not after:
                bad("quote-not-found", f"skip 'to' {s.to!r} does not occur after 'from'")
                continue
            spans.append((a, after[0], s.reason))
    return spans


def audit(
    seeds: SeedFiles, data: Dataset, report_ids: list[str], progress=None
) -> tuple[list[ReportCoverage], list[Problem]]:
    problems: list[Problem] = []
    out = []
    for report_id in report_ids:
        if progress:
            progress(f"auditing {report_id}")
        text = data.documents.get(report_id)
        if text is None:
            continue
        claims = [c for c in data.claims if c.report_id == report_id]
        spans = skip_spans(text, seeds.skips.get(report_id, []), problems, report_id)
        line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
        cov = ReportCoverage(report_id)
        mentions = find_numbers(text)
        for a, b, reason in spans:
            if not any(a <= m.start and m.end <= b for m in mentions):
                problems.append(
                    Problem(
                        f"seeds/skips/{report_id}.yaml",
                        f"{report_id} skip",
                        "skip-unused",
                        f"the skip {text[a:b][:60]!r} ({reason}) contains no number",
                    )
                )
        for m in mentions:
            line = _line_of(line_starts, m.start)
            by, ref = "", ""
            for c in claims:
                if c.quote_start <= m.start and m.end <= c.quote_end and m.value in supports(c):
                    by, ref = "claim", c.claim_id
                    break
            else:
                for a, b, reason in spans:
                    if a <= m.start and m.end <= b:
                        by, ref = "skip", reason
                        break
            cov.items.append(Accounted(m, line, by, ref))
        out.append(cov)
    return out, problems


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
    left = max(text.rfind(". ", 0, start) + 2, text.rfind("\n", 0, start) + 1, start - limit)
    right_candidates = [i for i in (text.find(". ", end), text.find("\n", end)) if i != -1]
    right = min(right_candidates + [end + limit, len(text)])
    if right < len(text) and text[right] == ".":
        right += 1
    return " ".join(text[left:right].split())
