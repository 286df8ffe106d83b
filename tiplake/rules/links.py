"""Links between claims: the claims of one file together, and restatements across files.

Rules: duplicate-id (a claim id twice in a file), unknown-link, link-mismatch (same_amount_as
joins one amount's two currencies), link-cycle, sum-mismatch (a claim a part of two totals),
implied-source (implied_by names a claim whose quote meets this one's), restatement-shape and
restatement-mismatch across the corpus (`check_restatements`). A file's declared sums are
sums.py's; `check_claims_file` runs them.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from tiplake.problems import Problem
from tiplake.rows import BREAKDOWNS, SumPartRow, SumRow
from tiplake.rules.base import ClaimCheck, Document, Vocabulary, problem_at
from tiplake.rules.registry import (
    DUPLICATE_ID,
    IMPLIED_SOURCE,
    LINK_CYCLE,
    LINK_MISMATCH,
    RESTATEMENT_MISMATCH,
    RESTATEMENT_SHAPE,
    SUM_MISMATCH,
    UNKNOWN_LINK,
    Rule,
)
from tiplake.rules.sums import check_sum

if TYPE_CHECKING:
    from tiplake.seedyaml import Located


def _quotes_meet(a: str, b: str) -> bool:
    """Whether two quotes share words: one contains the other, or one ends as the other
    begins (white space normalised); for quotes of two documents."""
    a, b = " ".join(a.split()), " ".join(b.split())
    if a in b or b in a:
        return True
    shortest = min(len(a), len(b))
    return any(a.endswith(b[:n]) or b.endswith(a[:n]) for n in range(min(20, shortest), shortest))


@dataclass
class Linked:
    """A claim as the link rules see it: its check, and its row when it passed its own rules."""

    check: ClaimCheck
    row: Any | None  # a rows.ClaimRow


@dataclass
class FileChecked:
    """What the rules about a file's claims together establish: the problems, each part's
    total (claim.part_of_claim_id), and the declared sums as rows."""

    problems: list[Problem] = field(default_factory=list)
    part_of: dict[str, str] = field(default_factory=dict)  # part claim id -> total claim id
    sums: list[Any] = field(default_factory=list)  # rows.SumRow
    sum_parts: list[Any] = field(default_factory=list)  # rows.SumPartRow


def check_claims_file(
    report_id: str,
    claims: list[Linked],
    sums: list[Located],
    document: Document | None,
    unparsed: set[str],
) -> FileChecked:
    """The rules about a file's claims together: duplicate ids, same_amount_as links and the
    declared sums (`unparsed`: ids of claims that could not be parsed or broke a rule, whose
    own problems are reported: links to them are not reported again, nor checked)."""
    out = FileChecked()
    by_id: dict[str, Linked] = {}
    for claim in claims:
        claim_id = claim.check.claim_id
        if claim_id in by_id:
            out.problems.append(
                claim.check.problem(
                    DUPLICATE_ID, f"claim id {claim.check.seed.id!r} is used twice in this file"
                )
            )
        else:
            by_id[claim_id] = claim
    rows = {cid: c.row for cid, c in by_id.items() if c.row is not None}
    for claim in by_id.values():
        row = claim.row
        target = row.same_amount_as_claim_id if row is not None else None
        if target is None or target in unparsed:
            continue
        if target not in by_id:
            out.problems.append(
                claim.check.problem(
                    UNKNOWN_LINK,
                    f"same_amount_as {target.split(':', 1)[1]!r} is not a claim of this file",
                )
            )
        elif target in rows:
            out.problems += [
                claim.check.problem(LINK_MISMATCH, m)
                for m in _amount_mismatch(row, rows[target], claim.check.vocab)
            ]
    out.problems += _implications(report_id, by_id, unparsed)
    seen: set[str] = set()
    for loc in sums:
        found = check_sum(report_id, loc, by_id, rows, document, unparsed, seen)
        out.problems += found.problems
        if found.row is None:
            continue
        out.sums.append(SumRow(**found.row))
        out.sum_parts += [SumPartRow(found.row["sum_id"], part) for part in found.parts]
        if found.row["kind"] == "breakdown" and found.row["total_claim_id"]:
            for part in found.parts:
                total = found.row["total_claim_id"]
                if out.part_of.get(part, total) != total:
                    out.problems.append(
                        problem_at(
                            loc,
                            found.row["sum_id"],
                            SUM_MISMATCH,
                            f"{part} is a part of {out.part_of[part]} already: a claim is a part of one total",
                        )
                    )
                out.part_of.setdefault(part, total)
    out.problems += _cycles(rows, by_id, out.part_of)
    return out


def _implications(
    report_id: str, by_id: dict[str, Linked], unparsed: set[str]
) -> Iterator[Problem]:
    """Each implied_by of this file names a claim of it whose quote's place in the document
    contains or overlaps this claim's (an implied claim quotes the implying sentence).
    implied_by of another report's claim is checked across the files (check_restatements)."""
    for claim in by_id.values():
        target_id = claim.check.implied_id
        if target_id is None or target_id == claim.check.claim_id:
            continue
        if not target_id.startswith(f"{report_id}:") or target_id in unparsed:
            continue
        target = by_id.get(target_id)
        if target is None:
            yield claim.check.problem(
                IMPLIED_SOURCE,
                f"implied_by {claim.check.seed.implied_by!r} is not a claim of this file: an "
                "implied claim needs the claim whose sentence implies it",
            )
            continue
        mine, theirs = claim.check.span, target.check.span
        meets = (
            mine[0] < theirs[1] and theirs[0] < mine[1]
            if mine is not None and theirs is not None
            else _quotes_meet(claim.check.seed.quote, target.check.seed.quote)
        )
        if not meets:
            yield claim.check.problem(
                IMPLIED_SOURCE,
                f"its quote does not meet the quote of {target_id}, which implied_by names: an "
                "implied claim quotes the sentence that implies it",
            )


def _amount_mismatch(row, other, vocab: Vocabulary) -> Iterator[str]:
    same_period = (row.indicator_code, row.year_from, row.year_to) == (
        other.indicator_code,
        other.year_from,
        other.year_to,
    )
    kinds = {vocab.units[row.unit].record.kind, vocab.units[other.unit].record.kind}
    if not same_period or kinds != {"currency"} or row.unit == other.unit:
        yield (
            "same_amount_as links one amount's two currencies: same indicator and period, two "
            "different currencies"
        )


def _cycles(rows: dict, by_id: dict[str, Linked], part_of: dict[str, str]) -> Iterator[Problem]:
    """A claim that reaches itself following its total (part_of) or same_amount_as."""

    def follow(claim_id: str) -> str | None:
        row = rows.get(claim_id)
        return part_of.get(claim_id) or (row.same_amount_as_claim_id if row is not None else None)

    for claim_id in rows:
        seen, cur = set(), claim_id
        while cur is not None and cur in rows:
            if cur in seen:
                yield by_id[claim_id].check.problem(
                    LINK_CYCLE, "parts and same_amount_as links form a cycle"
                )
                break
            seen.add(cur)
            cur = follow(cur)


def check_restatements(rows: list, known: set[str]) -> list[Problem]:
    """Across the claims files: each `restates` names a claim of the corpus (`known`: every
    claim id the seeds define, valid or not), agrees with it or says how it differs, and no
    chain of restatements comes back to where it started."""
    by_id = {r.claim_id: r for r in rows}
    problems = _cross_implications(rows, by_id, known)
    for r in rows:
        target_id = r.restates_claim_id
        if target_id is None:
            continue

        def bad(rule: Rule, message: str, r=r) -> None:
            problems.append(rule.problem(r.seed_file, r.claim_id, message))

        target = by_id.get(target_id)
        if target is None:
            if target_id not in known:
                bad(UNKNOWN_LINK, f"restates {target_id!r}, which is not a claim of the corpus")
            continue
        if target.restates_claim_id is not None and target.restates_claim_id != r.claim_id:
            bad(
                RESTATEMENT_SHAPE,
                f"restates {target_id}, itself a restatement of {target.restates_claim_id}: "
                "name the original statement",
            )
        differs = [
            what for what, fields in _RESTATED if _values(r, fields) != _values(target, fields)
        ]
        if differs and r.restatement_change is None:
            bad(
                RESTATEMENT_MISMATCH,
                f"it restates {target_id} but its {', '.join(differs)} differ"
                f"{'s' if len(differs) == 1 else ''}; say how in restatement_change, or fix the link",
            )
        seen, cur = {r.claim_id}, target
        while cur is not None and cur.restates_claim_id is not None:
            if cur.restates_claim_id in seen:
                bad(LINK_CYCLE, "restatements form a cycle")
                break
            seen.add(cur.claim_id)
            cur = by_id.get(cur.restates_claim_id)
    return problems


def _cross_implications(rows: list, by_id: dict, known: set[str]) -> list[Problem]:
    """implied_by naming a claim of another report: it is a claim of the corpus, and its quote
    and this claim's share words (_quotes_meet). (validate passes every claim that restates
    or is implied by another, and the claims their chains lead to.)"""
    problems = []
    for r in rows:
        target_id = getattr(r, "implied_by_claim_id", None)
        if target_id is None or target_id.split(":", 1)[0] == r.report_id:
            continue
        target = by_id.get(target_id)
        if target is None and target_id not in known:
            message = f"implied_by {target_id!r} is not a claim of the corpus"
        elif target is not None and not _quotes_meet(r.quote, target.quote):
            message = (
                f"its quote does not meet the quote of {target_id}, which implied_by names: an "
                "implied claim quotes the sentence that implies it"
            )
        else:
            continue
        problems.append(IMPLIED_SOURCE.problem(r.seed_file, r.claim_id, message))
    return problems


_RESTATED = (
    ("indicator", ("indicator_code",)),
    ("period", ("year_from", "year_to")),
    ("breakdown", BREAKDOWNS),
    ("unit", ("unit",)),
    ("value", ("value", "value_low", "value_high", "value_category")),
)


def _values(row, fields: tuple[str, ...]) -> tuple:
    return tuple(getattr(row, f) for f in fields)
