"""Skips: spans of a document whose numbers are not figures, each with its reason.

In:  a report's document and its skip seeds. Out: the spans each skip covers (`SkipSpan`), and
the problems of rules skip-shape, skip-unused, and quote-not-found, quote-ambiguous,
occurrence-out-of-range for the skip's words.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from tiplake.numbers import find_numbers, find_quantities
from tiplake.problems import Problem
from tiplake.quotes import DocumentIndex
from tiplake.rules.base import problem_at
from tiplake.rules.registry import (
    OCCURRENCE_OUT_OF_RANGE,
    QUOTE_AMBIGUOUS,
    QUOTE_NOT_FOUND,
    SKIP_SHAPE,
    SKIP_UNUSED,
    Rule,
)

if TYPE_CHECKING:
    from tiplake.records import SkipSeed
    from tiplake.seedyaml import Located


@dataclass(frozen=True)
class SkipSpan:
    start: int
    end: int
    reason: str


def check_skips(
    report_id: str, text: str, skips: list[Located]
) -> tuple[list[SkipSpan], list[Problem]]:
    """The spans of the document each skip covers, and the problems of the skips."""
    spans: list[SkipSpan] = []
    problems: list[Problem] = []
    mentions = find_numbers(text) + find_quantities(text)
    index = DocumentIndex(text)
    for loc in skips:
        s: SkipSeed = loc.record
        found, bad = _skip_spans(s, index)
        problems += [problem_at(loc, f"{report_id} skip", rule, m) for rule, m in bad]
        for a, b in found:
            if not any(a <= m.start and m.end <= b for m in mentions):
                problems.append(
                    problem_at(
                        loc,
                        f"{report_id} skip",
                        SKIP_UNUSED,
                        f"the skip {text[a:b][:60]!r} ({s.reason}) contains no number",
                    )
                )
        spans += [SkipSpan(a, b, s.reason) for a, b in found]
    return spans, problems


def _skip_spans(
    s: SkipSeed, index: DocumentIndex
) -> tuple[list[tuple[int, int]], list[tuple[Rule, str]]]:
    if (s.quote is None) == (s.from_ is None) or (s.from_ is None) != (s.to is None):
        return [], [(SKIP_SHAPE, "a skip has either quote, or from and to")]
    if s.quote is not None:
        found = index.find(s.quote)
        if not found:
            return [], [(QUOTE_NOT_FOUND, f"skip quote {s.quote!r} is not in the document")]
        if s.every:
            return found, []
        if s.occurrence is None and len(found) > 1:
            return [], [
                (
                    QUOTE_AMBIGUOUS,
                    f"skip quote {s.quote!r} occurs {len(found)} times; add occurrence: N or every: true",
                )
            ]
        if (s.occurrence or 1) > len(found):
            return [], [
                (OCCURRENCE_OUT_OF_RANGE, f"occurrence {s.occurrence} of {s.quote!r} asked")
            ]
        return [found[(s.occurrence or 1) - 1]], []
    starts, ends = index.find(s.from_), index.find(s.to)
    if len(starts) != 1 or not ends:
        return [], [(QUOTE_NOT_FOUND, f"skip 'from' {s.from_!r} must occur exactly once")]
    a = starts[0][0]
    after = [e for _, e in ends if e > a]
    if not after:
        return [], [(QUOTE_NOT_FOUND, f"skip 'to' {s.to!r} does not occur after 'from'")]
    return [(a, after[0])], []
