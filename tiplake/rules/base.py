"""What the rules share: the records a claim is checked against and one claim's facts.

In:  a claim seed where it stands (`Located`), its report id, the manifest's reports and the
     vocabularies (`Vocabulary`) and its report's document (`Document`, indexed for finding
     quotes on first use).
Out: `ClaimCheck`, the facts the claim rules share (its period, its qualifier's shape, where its
     quote is, the values it must state and what the quote says of them), each computed once
     and shared; `claim_rule`, which marks a function as the check of a rule; `problem_at`, a
     problem at a record's place. The rules themselves are in the modules beside this one.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from tiplake import limits
from tiplake.numbers import (
    ZERO_RE,
    Mention,
    find_numbers,
    leading_quantity,
    states_zero,
    whole_starts,
)
from tiplake.problems import Problem
from tiplake.quotes import DocumentIndex
from tiplake.rules.registry import Rule

if TYPE_CHECKING:
    from tiplake.records import ClaimSeed
    from tiplake.seedyaml import Located


@dataclass
class Vocabulary:
    """What claims are checked against: records by id (`Located`), and the documents."""

    reports: dict[str, Located] = field(default_factory=dict)
    indicators: dict[str, Located] = field(default_factory=dict)
    sources: dict[str, Located] = field(default_factory=dict)
    units: dict[str, Located] = field(default_factory=dict)
    categories: dict[str, Located] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)  # report_id -> document text


class Document:
    """A report's text and, built on first use, its index for finding quotes."""

    def __init__(self, text: str):
        self.text = text
        self._index: DocumentIndex | None = None

    @property
    def index(self) -> DocumentIndex:
        if self._index is None:
            self._index = DocumentIndex(self.text)
        return self._index


class cached:
    """A property computed once per object, like functools.cached_property without its lock
    (Python 3.11 takes an RLock on every first access: 3.5 us, ~16 accesses per claim). The
    value is stored in the instance's __dict__, which later lookups find first."""

    def __init__(self, function):
        self.function = function
        self.name = function.__name__
        self.__doc__ = function.__doc__

    def __get__(self, obj, owner=None):
        if obj is None:
            return self
        value = obj.__dict__[self.name] = self.function(obj)
        return value


class ClaimCheck:
    """One claim seed and the facts the rules about it need."""

    def __init__(self, loc: Located, report_id: str, vocab: Vocabulary, document: Document | None):
        self.loc = loc
        self.seed: ClaimSeed = loc.record
        self.report_id = report_id
        self.claim_id = f"{report_id}:{self.seed.id}"
        self.vocab = vocab
        self.document = document

    def problem(self, rule: Rule, message: str) -> Problem:
        return rule.problem(self.loc.file, self.claim_id, message, self.loc.line)

    @cached
    def restated_id(self) -> str | None:
        """The claim id `restates` names (a slug names a claim of the same file)."""
        ref = self.seed.restates
        if ref is None:
            return None
        return ref if ":" in ref else f"{self.report_id}:{ref}"

    @cached
    def implied_id(self) -> str | None:
        """The claim id `implied_by` names (a slug names a claim of the same file)."""
        ref = self.seed.implied_by
        if ref is None:
            return None
        return ref if ":" in ref else f"{self.report_id}:{ref}"

    @cached
    def report(self):
        found = self.vocab.reports.get(self.report_id)
        return found.record if found else None

    @cached
    def indicator(self):
        found = self.vocab.indicators.get(self.seed.indicator_code)
        return found.record if found else None

    @cached
    def unit(self) -> str | None:
        return self.seed.unit or (self.indicator.unit if self.indicator else None)

    @cached
    def unit_kind(self) -> str | None:
        found = self.vocab.units.get(self.unit)
        return found.record.kind if found else None

    @cached
    def period(self) -> tuple[int | None, int | None, str | None]:
        """(year_from, year_to, what is wrong with how they are given or None)."""
        c = self.seed
        if c.year is not None and (c.year_from is not None or c.year_to is not None):
            return None, None, "give either year or year_from/year_to, not both"
        if c.year is not None:
            return c.year, c.year, None
        if (c.year_from is None) != (c.year_to is None):
            return None, None, "give both year_from and year_to (or year for a single year)"
        return c.year_from, c.year_to, None

    @cached
    def shape(self) -> str | None:
        """What is wrong with the combination of qualifier and values, or None."""
        c = self.seed
        v, lo, hi = c.value is not None, c.value_low is not None, c.value_high is not None
        q = c.qualifier
        if q in ("not_reported", "period", "category"):
            if v or lo or hi:
                return f"a {q} claim has no value, value_low or value_high"
            if q == "period" and self.period[0] is None:
                return "a period claim has its years: year_from and year_to (or year)"
            return None
        if q == "range":
            if v or not (lo and hi):
                return "a range has value_low and value_high, and no value"
            if c.value_low > c.value_high:
                return "value_low is greater than value_high"
            return None
        if not v or lo or hi:
            return f"an {q} claim has a value and no value_low or value_high (they are derived)"
        return None

    @cached
    def spans(self) -> list[tuple[int, int]] | None:
        """Where the quote occurs in the document (None: no document to look in)."""
        if self.document is None:
            return None
        return self.document.index.find(self.seed.quote.strip())

    @cached
    def span(self) -> tuple[int, int] | None:
        """The occurrence the claim means, when it is found and unambiguous."""
        spans, occurrence = self.spans, self.seed.occurrence
        if not spans or (occurrence is None and len(spans) > 1):
            return None
        if occurrence is not None and occurrence > len(spans):
            return None
        return spans[(occurrence or 1) - 1]

    @cached
    def wanted(self) -> list[Decimal]:
        """The values the quote must state: the value, or both ends of a range."""
        c = self.seed
        if c.qualifier == "range":
            return [to_decimal(c.value_low), to_decimal(c.value_high)]
        if c.qualifier in ("not_reported", "period", "category"):
            return []
        return [to_decimal(c.value)]

    @cached
    def reads_values(self) -> bool:
        """Whether the values can be read back: a known unit and a valid shape."""
        return self.unit_kind is not None and self.shape is None and bool(self.wanted)

    @cached
    def value_text_at(self) -> int | None:
        """Where value_text is in the quote, read whole (its first such place), or None (no
        value_text, or not in the quote as a whole span)."""
        if self.seed.value_text is None:
            return None
        starts = whole_starts(self.seed.quote, self.seed.value_text)
        return starts[0] if starts else None

    @cached
    def value_words(self) -> str:
        """Where the values are read from: the value_text, else the whole quote."""
        return self.seed.value_text if self.seed.value_text is not None else self.seed.quote

    @cached
    def mentions(self) -> list[Mention]:
        return find_numbers(self.value_words)

    @cached
    def readings(self) -> list[tuple[Decimal, Mention | None, list[Mention]]]:
        """For each wanted value: the mention stating it in the claim's unit (None when none
        does), and every mention of the same number (in any unit)."""
        out = []
        for v in self.wanted:
            same = [m for m in self.mentions if m.value == v]
            fitting = [m for m in same if _compatible(m, self.unit_kind, self.unit)]
            if not same and self.seed.value_text is not None and self.unit_kind == "count":
                # "a two year old boy", "the only shelter": a count stated by its first words
                leading = leading_quantity(self.seed.value_text)
                if leading is not None and leading.value == v:
                    fitting = [leading]
            out.append((v, fitting[0] if fitting else None, same))
        return out

    @cached
    def own_numbers(self) -> set[Decimal]:
        """Numbers a quote may state besides the value without making it ambiguous: the years
        of the period and the bounds of the age band ("between the ages of 18 and 25")."""
        own = {Decimal(y) for y in self.period[:2] if y is not None}
        own |= {Decimal(n) for n in re.findall(r"[0-9]+", self.seed.age_band)}
        if self.seed.age_band in ("child", "adult"):
            own.add(Decimal(18))  # "under the age of 18", "over 18"
        return own

    @cached
    def value_text(self) -> str | None:
        """The number as written (claim.value_text): "Sixty-eight", "$88,030", "five to 10"."""
        texts = []
        for v, mention, _same in self.readings:
            if mention is not None:
                texts.append(mention.text)
            elif v == 0 and states_zero(self.value_words):
                zero = ZERO_RE.search(self.value_words)
                texts.append(zero.group(0) if zero else "0")
        return " to ".join(texts) or None

    @cached
    def unread(self) -> list[tuple[Decimal, list[Mention]]]:
        """The wanted values not stated in the claim's unit (with the mentions of the same
        number in another unit); a zero a negation states is stated."""
        return [
            (v, same)
            for v, mention, same in self.readings
            if mention is None and not (v == 0 and not same and states_zero(self.value_words))
        ]


def to_decimal(value) -> Decimal | None:
    """A YAML number as the exact decimal the curator wrote (2.7 stays 2.7)."""
    return None if value is None else Decimal(str(value))


def _compatible(m: Mention, unit_kind: str | None, unit: str | None) -> bool:
    if unit_kind == "currency":
        return m.currency == unit
    if unit_kind == "percent":
        return m.is_percent
    return m.currency is None and not m.is_percent


def in_years(year: int) -> bool:
    return limits.FIRST_YEAR <= year <= limits.LAST_YEAR


def year_message(year: int) -> str:
    return (
        f"year {year} is outside the years the database covers "
        f"({limits.FIRST_YEAR} to {limits.LAST_YEAR})"
    )


ClaimRuleFunction = Callable[[ClaimCheck], Iterable[str]]
# Each function that checks a rule for one claim, and its rule (claims.py runs them in order).
RULE_OF: dict[ClaimRuleFunction, Rule] = {}


def claim_rule(rule: Rule) -> Callable[[ClaimRuleFunction], ClaimRuleFunction]:
    """Mark a function yielding the messages of `rule` for one claim (claims.CLAIM_RULES lists
    it, in the order the claim rules run)."""

    def register(function: ClaimRuleFunction) -> ClaimRuleFunction:
        RULE_OF[function] = rule
        return function

    return register


def problem_at(loc: Located, record: str, rule: Rule, message: str) -> Problem:
    """A problem of `rule` for `record`, at the place of `loc` (its file and line)."""
    return rule.problem(loc.file, record, message, loc.line)
