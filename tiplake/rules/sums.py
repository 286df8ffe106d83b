"""Breakdowns and sums: the figures a claims file declares add up (claim_sum).

Rules: sum-shape, sum-mismatch, unknown-link (a total or part that is not a claim of the
file), duplicate-id (a sum id), and quote-not-found, quote-ambiguous, occurrence-out-of-range
for a complete sum's evidence. Out: each valid sum as a row (rows.SumRow) with its parts.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from tiplake.problems import Problem
from tiplake.quotes import near_miss
from tiplake.rows import BREAKDOWNS
from tiplake.rules.base import problem_at
from tiplake.rules.registry import (
    DUPLICATE_ID,
    OCCURRENCE_OUT_OF_RANGE,
    QUOTE_AMBIGUOUS,
    QUOTE_NOT_FOUND,
    SUM_MISMATCH,
    SUM_SHAPE,
    UNKNOWN_LINK,
    Rule,
)


@dataclass
class _Sum:
    problems: list[Problem] = field(default_factory=list)
    row: dict | None = None
    parts: list[str] = field(default_factory=list)


def check_sum(report_id, loc, by_id, rows, document, unparsed, seen) -> _Sum:
    """One declared sum (a SumSeed at `loc`): its problems, and its row when it has none."""
    s = loc.record
    sum_id = f"{report_id}:{s.id}"
    out = _Sum()

    def bad(rule: Rule, message: str) -> _Sum:
        out.problems.append(problem_at(loc, sum_id, rule, message))
        return out

    if sum_id in seen:
        bad(DUPLICATE_ID, f"sum id {s.id!r} is used twice in this file")
    seen.add(sum_id)
    total = f"{report_id}:{s.total}" if s.total else None
    parts = [f"{report_id}:{p}" for p in s.parts]
    if total is None and len(parts) < 2 and s.complete:
        bad(SUM_SHAPE, "complete parts without a total are at least two (one part is the whole)")
    if len(set(parts)) != len(parts) or (total in parts):
        bad(SUM_SHAPE, "each part is listed once, and the total is not a part")
    if s.complete and s.evidence is None:
        bad(
            SUM_SHAPE,
            "complete parts give the evidence: the words of the document that show they cover the whole",
        )
    if not s.complete and s.reason is None:
        bad(SUM_SHAPE, "partial parts give the reason they do not cover the whole")
    for ref in ([total] if total else []) + parts:
        if ref not in by_id and ref not in unparsed:
            bad(
                UNKNOWN_LINK,
                f"{'total' if ref == total else 'part'} {ref.split(':', 1)[1]!r} is not a claim of this file",
            )
    span = None
    if s.evidence is not None and document is not None:
        spans = document.index.find(s.evidence.strip())
        if not spans:
            bad(
                QUOTE_NOT_FOUND,
                f"the evidence is not in the document{near_miss(document.text, s.evidence, document.index)}",
            )
        elif s.occurrence is None and len(spans) > 1:
            bad(QUOTE_AMBIGUOUS, f"the evidence occurs {len(spans)} times; add occurrence: N")
        elif (s.occurrence or 1) > len(spans):
            bad(
                OCCURRENCE_OUT_OF_RANGE,
                f"occurrence {s.occurrence} asked, the evidence occurs {len(spans)} time(s)",
            )
        else:
            span = spans[(s.occurrence or 1) - 1]
    members = [rows.get(ref) for ref in ([total] if total else []) + parts]
    if out.problems or any(m is None for m in members):
        return out  # the parts' own problems are reported; a sum of them cannot be checked
    head, tail = (members[0], members[1:]) if total else (None, members)
    indicators = {p.indicator_code for p in tail}
    kind = "breakdown" if indicators == {(head or tail[0]).indicator_code} else "across_indicators"
    if kind == "across_indicators" and head is None:
        return bad(
            SUM_SHAPE, "a sum across indicators has a total (the indicator the parts add up to)"
        )
    for message in _sum_mismatch(head, tail, kind):
        bad(SUM_MISMATCH, message)
    if out.problems:
        return out
    dimension = None
    if kind == "breakdown":
        # with a total: what a part breaks it down by; without: where the parts differ
        differs = {
            b
            for p in tail
            for b in BREAKDOWNS
            if (
                getattr(p, b) != getattr(head, b)
                if head
                else len({getattr(q, b) for q in tail}) > 1
            )
        }
        dimension = "+".join(b for b in BREAKDOWNS if b in differs) or None
    out.parts = parts
    out.row = {
        "sum_id": sum_id,
        "report_id": report_id,
        "total_claim_id": total,
        "kind": kind,
        "dimension": dimension,
        "is_complete": s.complete,
        "evidence": s.evidence,
        "evidence_start": span[0] if span else None,
        "evidence_end": span[1] if span else None,
        "reason": s.reason,
        "seed_file": loc.file,
    }
    return out


def _sum_mismatch(total, parts: list, kind: str) -> Iterator[str]:
    reference = total or parts[0]
    for p in parts:
        if (p.year_from, p.year_to, p.unit) != (
            reference.year_from,
            reference.year_to,
            reference.unit,
        ):
            yield f"part {p.claim_id} has another period or unit than {reference.claim_id}"
        elif kind == "breakdown" and total is not None:
            if p.indicator_code != total.indicator_code:
                yield f"part {p.claim_id} has another indicator than its total"
            elif [b for b in BREAKDOWNS if getattr(total, b) not in ("all", getattr(p, b))]:
                yield (
                    f"part {p.claim_id} is not within its total: it must keep the total's own "
                    f"breakdown ({_breakdown(total)})"
                )
            elif not [
                b for b in BREAKDOWNS if getattr(total, b) == "all" and getattr(p, b) != "all"
            ]:
                yield (
                    f"part {p.claim_id} must be broken down by something its total is not (sex, "
                    "age_band, exploitation_form, citizenship, destination_iso3, origin_iso3 or category)"
                )


def _breakdown(row) -> str:
    return (
        ", ".join(f"{b}={getattr(row, b)}" for b in BREAKDOWNS if getattr(row, b) != "all") or "all"
    )
