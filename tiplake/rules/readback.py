"""The value read back from the quote: the numbers a claim gives are the ones its words state.

Rules: value-text-not-in-quote (read whole), unit-mismatch, value-not-in-quote, value-ambiguous,
value-text-ambiguous, qualifier-not-in-quote, not-reported-wording, not-reported-figure,
value-label-not-in-quote. Reading numbers in text is numbers.py's; a category is categories.py's.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from tiplake.numbers import Mention, find_numbers, qualifier_before
from tiplake.problems import clip
from tiplake.rules.base import ClaimCheck, claim_rule
from tiplake.rules.registry import (
    NOT_REPORTED_FIGURE,
    NOT_REPORTED_WORDING,
    QUALIFIER_NOT_IN_QUOTE,
    UNIT_MISMATCH,
    VALUE_AMBIGUOUS,
    VALUE_LABEL_NOT_IN_QUOTE,
    VALUE_NOT_IN_QUOTE,
    VALUE_TEXT_AMBIGUOUS,
    VALUE_TEXT_NOT_IN_QUOTE,
)


@claim_rule(VALUE_TEXT_NOT_IN_QUOTE)
def value_text_in_quote(c: ClaimCheck) -> Iterator[str]:
    text = c.seed.value_text
    if not c.reads_values or text is None:
        return
    if text not in c.seed.quote:
        yield f"value_text {clip(text, 80)!r} is not in the quote"
    elif c.value_text_at is None:
        at = c.seed.quote.find(text)
        yield (
            f'value_text: the quote says "{clip(_whole_around(c.seed.quote, at, at + len(text)), 80)}", '
            f'the claim says "{clip(text, 80)}": a value_text is read whole, from a word or '
            "number boundary to another (no letter, digit, decimal point or thousands separator "
            "glued to either end, no number of the quote cut); give the whole span"
        )


def _whole_around(text: str, start: int, end: int) -> str:
    """text[start:end] widened to the words and numbers it cuts ("14 alleged traffickers" for
    "4 alleged traffickers")."""

    def joined(i: int) -> bool:  # text[i] continues the word or number at its side
        ch = text[i]
        return (
            ch.isalnum()
            or ch == "_"
            or (
                ch in ".,-"
                and 0 < i < len(text) - 1
                and text[i - 1].isalnum()
                and text[i + 1].isalnum()
            )
        )

    while start > 0 and joined(start - 1):
        start -= 1
    while end < len(text) and joined(end):
        end += 1
    for m in find_numbers(text):
        if m.start < start < m.end or m.start < end < m.end:
            start, end = min(start, m.start), max(end, m.end)
    return text[start:end]


def _value_text_usable(c: ClaimCheck) -> bool:
    return c.seed.value_text is None or c.value_text_at is not None


@claim_rule(UNIT_MISMATCH)
def in_its_unit(c: ClaimCheck) -> Iterator[str]:
    if not (c.reads_values and _value_text_usable(c)):
        return
    for v, same in c.unread:
        if same:
            m = same[0]
            stated = m.currency or ("percent" if m.is_percent else "a plain number")
            yield f"unit: the quote says {m.text!r} ({stated}), the claim says {v} {c.unit}"


@claim_rule(VALUE_NOT_IN_QUOTE)
def value_stated(c: ClaimCheck) -> Iterator[str]:
    if not (c.reads_values and _value_text_usable(c)):
        return
    where = "value_text" if c.seed.value_text is not None else "quote"
    for v, same in c.unread:
        if not same:
            seen = ", ".join(m.text for m in c.mentions) or "none"
            yield f"value {v} is not stated in the {where} (numbers it states: {seen})"


def _others(c: ClaimCheck, mentions: list[Mention]) -> list[Mention]:
    """The mentions that state neither a wanted value nor one of the claim's own numbers."""
    return [m for m in mentions if m.value not in c.wanted and m.value not in c.own_numbers]


@claim_rule(VALUE_AMBIGUOUS)
def value_unambiguous(c: ClaimCheck) -> Iterator[str]:
    if not c.reads_values or c.seed.value_text is not None or c.unread:
        return
    others = _others(c, c.mentions)
    if others:
        yield (
            f"the quote states other numbers too ({', '.join(m.text for m in others)}); add "
            "value_text: the words of the quote that state this claim's value and no other number"
        )


@claim_rule(VALUE_TEXT_AMBIGUOUS)
def value_text_precise(c: ClaimCheck) -> Iterator[str]:
    if not c.reads_values or c.seed.value_text is None or c.unread or not _value_text_usable(c):
        return
    repeated = [v for v in c.wanted if sum(m.value == v for m in c.mentions) > c.wanted.count(v)]
    if _others(c, c.mentions) or repeated:
        yield (
            f"value_text {clip(c.seed.value_text, 80)!r} states "
            f"{', '.join(m.text for m in c.mentions)}; it must state the claim's value (or the "
            "two ends of its range) once, and no other number but the years of its period and "
            "the bounds of its age band"
        )


_RANGE_JOIN = re.compile(r"\s*(?:to|-|–|—)\s*", re.IGNORECASE)
_BETWEEN = re.compile(r"(?<![\w-])between\s+\Z", re.IGNORECASE)
_NONE_BEFORE = '(no "at least", "more than", "up to", "fewer than", "about" before it)'


def _range_words(quote: str, low: Mention, high: Mention) -> bool:
    """Whether `low` and `high` (mentions of `quote`) are stated as the two ends of a range:
    "five to 10", "5-10", "between 7 and 10", "the minimum ... was $2500 and the maximum ...
    was $13000"."""
    if low.end > high.start:
        return False
    gap = quote[low.end : high.start]
    if _RANGE_JOIN.fullmatch(gap):
        return True
    if re.fullmatch(r"\s*and\s*", gap, re.IGNORECASE) and _BETWEEN.search(quote[: low.start]):
        return True
    return bool(
        re.search(r"\bmaximum\b", gap, re.IGNORECASE)
        and re.search(r"\bminimum\b", quote[: low.start], re.IGNORECASE)
    )


def _range_around(quote: str, m: Mention) -> str | None:
    """The words of `quote` when mention `m` is an end of a range it states ("five to 10",
    "between 7 and 10"), or None. "from 70 to 71" is a change, not a range."""
    mentions = find_numbers(quote)
    at = next((i for i, n in enumerate(mentions) if n.start == m.start), None)
    if at is None:
        return None
    pairs = []
    if at > 0:
        pairs.append((mentions[at - 1], m))
    if at + 1 < len(mentions):
        pairs.append((m, mentions[at + 1]))
    for low, high in pairs:
        if re.search(r"(?<![\w-])from\s+\Z", quote[: low.start], re.IGNORECASE):
            continue
        if (
            low.kind in ("digits", "words")
            and high.kind in ("digits", "words")
            and (
                _range_words(quote, low, high)
                and not re.search(r"maximum", quote[low.end : high.start], re.I)
            )
        ):
            return quote[low.start : high.end]
    return None


@claim_rule(QUALIFIER_NOT_IN_QUOTE)
def qualifier_read_back(c: ClaimCheck) -> Iterator[str]:
    """The qualifier read from the words right before the value, at its place in the quote."""
    s = c.seed
    if not c.reads_values or c.unread or not _value_text_usable(c):
        return
    mentions = [m for _v, m, _same in c.readings]
    if any(m is None or m.kind == "quantity" for m in mentions):
        return  # a zero read from a negation, a count read from an article: exact
    base = c.value_text_at or 0
    quote = s.quote
    placed = [
        Mention(base + m.start, base + m.end, m.text, m.value, m.kind, m.currency, m.is_percent)
        for m in mentions
    ]
    if s.qualifier == "range":
        low, high = placed
        if not _range_words(quote, low, high):
            yield (
                f'qualifier: the quote says "{clip(quote[min(low.start, high.start) : max(low.end, high.end)], 80)}" '
                '(not a range: its ends are not joined by "to", a dash or "between ... '
                f'and"), the claim says range'
            )
        return
    m = placed[0]
    said = qualifier_before(quote, m.start)
    if said is not None:
        stated, words = said[0], f"{said[1]} {m.text}"
    else:
        stated = "at_least" if m.kind == "vague" else "exact"
        before = re.search(r"(?:\S+\s+)?\Z", quote[: m.start])
        words = f"{before.group(0) if before else ''}{m.text}"
    if stated == "exact" and s.qualifier == "exact":
        within = _range_around(quote, m)
        if within is not None:
            yield f'qualifier: the quote says "{clip(within, 80)}" (range), the claim says exact'
        return
    if stated != s.qualifier:
        how = f"({stated})" if said is not None or stated != "exact" else f"(exact: {_NONE_BEFORE})"
        yield f'qualifier: the quote says "{clip(words, 80)}" {how}, the claim says {s.qualifier}'


_NOT_REPORTED = re.compile(
    r"\bnot\s+report(?:ed|ing|s)?\b|\bunknown\b|\bnot\s+known\b|\bno\s+data\b"
    r"|\bnot\s+available\b|\bdid\s+not\s+provide\b",
    re.IGNORECASE,
)


@claim_rule(NOT_REPORTED_WORDING)
def not_reported_worded(c: ClaimCheck) -> Iterator[str]:
    if c.seed.qualifier != "not_reported" or _NOT_REPORTED.search(c.seed.quote):
        return
    numbers = ", ".join(m.text for m in find_numbers(c.seed.quote))
    states = f" and states {numbers}" if numbers else ""
    yield (
        'qualifier: the quote does not say the figure is unreported ("did not report", '
        f'"not reported", "unknown", "not known", "no data", "not available", "did '
        f'not provide"){states}, the claim says not_reported'
    )


@claim_rule(NOT_REPORTED_FIGURE)
def not_reported_no_figure(c: ClaimCheck) -> Iterator[str]:
    """A "did not report" is read back the other way: the words it is read from state no
    figure. Years are not exempt: only the years of the claim's period are ("did not report
    law enforcement statistics for 2024" is a 2024 claim, never a 2023 one)."""
    s = c.seed
    if s.qualifier != "not_reported" or c.period[2] is not None or c.period[0] is None:
        return
    if s.value_text is not None and c.value_text_at is None:
        return  # value-text-not-in-quote says so
    years = {Decimal(y) for y in range(c.period[0], c.period[1] + 1)}
    figures = [
        m
        for m in find_numbers(c.value_words)
        if m.kind != "ordinal" and not (m.kind == "digits" and m.value in years)
    ]
    if s.value_text is not None and not _NOT_REPORTED.search(s.value_text):
        yield (
            f"value_text {clip(s.value_text, 80)!r} does not say what was not reported (it "
            'needs the words "did not report", "unknown", ...), the claim says not_reported'
        )
    if figures:
        where = "value_text" if s.value_text is not None else "quote"
        stated = ", ".join(m.text for m in figures)
        period = f"{c.period[0]}" + (f"-{c.period[1]}" if c.period[1] != c.period[0] else "")
        hint = (
            ""
            if s.value_text is not None
            else "; if they are figures for another year or category, add value_text: the "
            "words that say what was not reported"
        )
        yield (
            f"the {where} states {stated}, the claim says not_reported for {period} (a "
            f"not_reported claim states no figure, and no year but its period's){hint}"
        )


@claim_rule(VALUE_LABEL_NOT_IN_QUOTE)
def label_stated(c: ClaimCheck) -> Iterator[str]:
    if c.seed.value_label is not None and c.seed.value_label not in c.seed.quote:
        yield f"value_label {c.seed.value_label!r} is not in the quote"
