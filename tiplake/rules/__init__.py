"""Every rule the seeds are held to: a registered unit with its name, what it checks and its
message, listed by `tiplake validate --list-rules` and in seeds/README.md (generated, kept
current by tests/test_rules.py).

In:  records in memory: a claim seed with what it refers to (`ClaimCheck`), the claims of one
     file, the manifest's reports, the vocabularies, a report's skips and its document.
Out: for each, the `Problem`s of the rules it breaks, each naming file, record and rule.

Where each rule is checked:
- reading rules (the file can be read, is YAML, is the shape of its record): seeds.py and
  documents.py, as they read; declared here with `declare`;
- record rules: here, one function per rule, run in the order declared (`check_claim`,
  `check_claims_file`, `check_reports`, `check_vocabularies`, `check_skips`). A rule that needs
  what another establishes (the values need a valid qualifier shape; the quote's offsets need it
  found once) looks at that in the `ClaimCheck`, whose facts are computed once and shared.

validate.py runs them all, for `tiplake build`, `tiplake validate` and `tiplake coverage` alike.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from tiplake import limits
from tiplake.numbers import (
    ZERO_RE,
    Mention,
    find_numbers,
    find_quantities,
    leading_quantity,
    qualifier_before,
    states_zero,
    whole_starts,
)
from tiplake.problems import Problem, clip
from tiplake.quotes import DocumentIndex, near_miss
from tiplake.rows import BREAKDOWNS

if TYPE_CHECKING:
    from tiplake.records import ClaimSeed, SkipSeed
    from tiplake.seeds import Located


@dataclass(frozen=True)
class Rule:
    name: str  # stable, shown in every message: [quote-not-found]
    applies_to: str  # what kind of record or file it judges
    checks: str  # what it checks, one sentence

    def problem(self, file: str, record: str, message: str, line: int | None = None) -> Problem:
        return Problem(file, record, self.name, message, line)


RULES: dict[str, Rule] = {}


def declare(name: str, applies_to: str, checks: str) -> Rule:
    """Register a rule (once per name) and return it."""
    if name in RULES:
        raise ValueError(f"rule {name} is declared twice")
    RULES[name] = Rule(name, applies_to, checks)
    return RULES[name]


def listing() -> list[str]:
    """One line per rule, name first, then what it checks (`tiplake validate --list-rules`)."""
    width = max(len(name) for name in RULES)
    return [f"{r.name:<{width}}  {r.checks} ({r.applies_to})" for r in RULES.values()]


def markdown_table() -> str:
    """The rule table of seeds/README.md."""
    lines = ["| rule | applies to | what it checks |", "|---|---|---|"]
    lines += [f"| `{r.name}` | {r.applies_to} | {r.checks} |" for r in RULES.values()]
    return "\n".join(lines)


# --- reading rules: checked by seeds.py and documents.py as they read ---------------------------

FILE_MISSING = declare("file-missing", "seed file", "the manifest and each vocabulary exist")
FILE_UNREADABLE = declare(
    "file-unreadable",
    "seed file",
    "a seed file can be read and is a regular file, not a symbolic link, a folder, a pipe or a device (refused by type before it is opened; a link is never followed, so no file outside the checkout is read)",
)
FILE_TOO_LARGE = declare(
    "file-too-large",
    "seed file",
    "a seed file holds at most 5 MB; it is refused before it is parsed",
)
NOT_UTF8 = declare("not-utf8", "seed file", "a seed file is UTF-8 text")
BINARY_FILE = declare("binary-file", "seed file", "a seed file holds no NUL byte")
EMPTY_FILE = declare(
    "empty-file", "seed file", "a seed file holds data, not only comments, `---` or a null"
)
YAML_SYNTAX = declare(
    "yaml-syntax", "seed file", "a seed file is YAML, nested no deeper than a seed needs"
)
DUPLICATE_KEY = declare("duplicate-key", "seed file", "no key is given twice in one mapping")
YAML_ANCHOR = declare(
    "yaml-anchor", "seed file", "no YAML anchor or alias: every record is written out in full"
)
CONTROL_CHARACTER = declare(
    "control-character",
    "seed file",
    "no text holds a control character (a terminal escape, a bidirectional override)",
)
UNEXPECTED_FILE = declare(
    "unexpected-file",
    "seeds folder",
    "every file under seeds/ is one the build reads: README.md, the manifest and the documents it lists, the vocabularies, claims/ and skips/ as <report_id>.yaml",
)
FILE_NAME = declare(
    "file-name", "claims or skips file", "a per-report file is named after its report_id"
)
UNKNOWN_FIELD = declare(
    "unknown-field", "record", "every field is one the record has (a typo is not ignored)"
)
MISSING_FIELD = declare("missing-field", "record", "every required field is given")
WRONG_TYPE = declare(
    "wrong-type",
    "record",
    "every field has its type and allowed values (a slug, a code, an ISO code, a listed enumeration)",
)
DOCUMENT_PATH = declare(
    "document-path",
    "manifest report",
    "the document is a plain file inside seeds/documents/ (no absolute path, symlink or way out)",
)
DOCUMENT_MISSING = declare(
    "document-missing", "manifest report", "the document exists and is a regular file"
)
DOCUMENT_CHECKSUM = declare(
    "document-checksum", "manifest report", "the document's sha256 is the manifest's"
)
DOCUMENT_ENCODING = declare("document-encoding", "manifest report", "the document is UTF-8")

# --- identity and references ---------------------------------------------------------------------

DUPLICATE_ID = declare(
    "duplicate-id",
    "report, vocabulary entry, claim, relation, policy",
    "an id is defined once (a claim's in its file; a relation links two indicators once; a policy lists a source kind once)",
)
UNKNOWN_REPORT = declare(
    "unknown-report", "claims file", "the file's report_id is in documents/manifest.yaml"
)
UNKNOWN_INDICATOR = declare(
    "unknown-indicator", "claim, relation", "the indicator is in vocab/indicators*.yaml"
)
UNKNOWN_SOURCE = declare(
    "unknown-source", "claim", "the source (and restated_from) is in vocab/sources*.yaml"
)
UNKNOWN_UNIT = declare(
    "unknown-unit",
    "claim, indicator",
    "the unit (given, or the indicator's) is in vocab/units*.yaml",
)
POLICY_DEFAULT = declare("policy-default", "policies", "exactly one policy is the default")

# --- what the tables can hold --------------------------------------------------------------------

YEAR_OUT_OF_RANGE = declare(
    "year-out-of-range",
    "claim, manifest report",
    f"a year is within {limits.FIRST_YEAR}-{limits.LAST_YEAR}, the years the database covers",
)
REPORT_DATES = declare(
    "report-dates",
    "manifest report",
    "published_on is in published_year, and the reporting period starts before it ends",
)
REPORT_URL = declare(
    "report-url",
    "manifest report",
    "url is an absolute http or https address: a scheme, a host, no space",
)
REPORT_LICENSE = declare(
    "report-license",
    "manifest report",
    f"license is a short id (an SPDX identifier, public-domain-us-gov, {limits.LICENSE_UNKNOWN}); license_note comes with a license, and {limits.LICENSE_UNKNOWN} says in it what is known",
)
VALUE_PRECISION = declare(
    "value-precision",
    "claim",
    f"a value has at most {limits.MAX_INTEGER_DIGITS} digits before and {limits.MAX_DECIMALS} after the decimal point (never rounded)",
)
NEGATIVE_VALUE = declare(
    "negative-value", "claim", "a value is not negative, but for an indicator of a change (_change)"
)
COUNT_NOT_WHOLE = declare(
    "count-not-whole",
    "claim",
    "a count (a unit of kind count: persons, cases...) is a whole number",
)

# --- a claim's shape -----------------------------------------------------------------------------

PERIOD_ORDER = declare(
    "period-order",
    "claim",
    "the period is year, or year_from and year_to in order (both or neither)",
)
YEAR_AFTER_PUBLICATION = declare(
    "year-after-publication",
    "claim",
    "no year of the period is after the report's publication (an action plan may end later)",
)
QUALIFIER_SHAPE = declare(
    "qualifier-shape",
    "claim",
    "the qualifier has the values it needs: a value; value_low <= value_high for a range; none for not_reported and period (which has years)",
)

# --- the quote -----------------------------------------------------------------------------------

QUOTE_WHITESPACE = declare(
    "quote-whitespace", "claim", "the quote does not start or end with white space"
)
QUOTE_NOT_FOUND = declare(
    "quote-not-found",
    "claim, skip, sum evidence",
    "the quote is in its report's document, verbatim: a run of white space matches any run, nothing else is loosened (case, look-alike characters)",
)
QUOTE_AMBIGUOUS = declare(
    "quote-ambiguous",
    "claim, skip, sum evidence",
    "a quote found more than once says which occurrence it means",
)
OCCURRENCE_OUT_OF_RANGE = declare(
    "occurrence-out-of-range", "claim, skip, sum evidence", "the occurrence asked for exists"
)

# --- the value read back from the quote ------------------------------------------------------------

VALUE_NOT_IN_QUOTE = declare(
    "value-not-in-quote",
    "claim",
    "the value (both ends of a range) is stated in the quote, in digits or words, or is a zero the quote states by a negation",
)
UNIT_MISMATCH = declare(
    "unit-mismatch",
    "claim",
    "the value is stated in the claim's unit: a currency amount with its currency's symbol or name ($, US$, USD, U.S. dollars, dollars; AZN, manat, new manat; €, EUR, euros), a percentage with % or percent, a count as neither",
)
VALUE_AMBIGUOUS = declare(
    "value-ambiguous",
    "claim",
    "a quote that states other numbers besides the value, the period's years and the age band's bounds says which words state the value (value_text)",
)
VALUE_TEXT_NOT_IN_QUOTE = declare(
    "value-text-not-in-quote",
    "claim",
    'value_text is an exact substring of the quote read whole: no letter, digit, decimal point or thousands separator glued to either end and no number of the quote cut ("4 alleged" is not read from "14 alleged", "234" from "1,234", "a" from "media")',
)
VALUE_TEXT_AMBIGUOUS = declare(
    "value-text-ambiguous",
    "claim",
    "value_text states the value once (both ends of a range) and no other number but the period's years and the age band's bounds",
)
QUALIFIER_NOT_IN_QUOTE = declare(
    "qualifier-not-in-quote",
    "claim",
    'the qualifier is the one the words right before the value say ("at least", "a minimum of": at_least; "more than", "over": more_than; "up to", "at most", "no more than": at_most; "fewer than", "less than", "under": less_than; "about", "approximately", "around", "nearly", "some", "an estimated": approximate; none: exact, or at_least for a plural like "dozens"); a range\'s ends are joined by "to", a dash or "between ... and", and an exact value is not an end of one',
)
NOT_REPORTED_WORDING = declare(
    "not-reported-wording",
    "claim",
    'a not_reported claim\'s quote says the figure is not reported or not known ("did not report", "not reported", "unknown", "not known", "no data", "not available", "did not provide")',
)
NOT_REPORTED_FIGURE = declare(
    "not-reported-figure",
    "claim",
    'a not_reported claim states no figure: its quote, or its value_text when the quote also gives figures for other years or categories ("compared with 105 victims in 2023"), states no number but the years of its period and an ordinal ("for the second consecutive year"), and value_text carries the did-not-report words',
)
PERIOD_NOT_IN_QUOTE = declare(
    "period-not-in-quote", "claim", "a period claim's years are stated in its quote"
)
VALUE_LABEL_NOT_IN_QUOTE = declare(
    "value-label-not-in-quote", "claim", "a value_label is in the quote"
)

CATEGORY_VALUE = declare(
    "category-value",
    "claim",
    "a figure in a category unit (a tier) is a category: qualifier category, a value_category of that unit (vocab/categories*.yaml) and the value_label the quote writes; no number, and no category elsewhere",
)
CATEGORY_NOT_IN_QUOTE = declare(
    "category-not-in-quote",
    "claim",
    'value_category is the category the words say: a value_label that is a category\'s label (vocab/categories*.yaml) is its label, and a quote that states labels of the unit, read whole and longest first ("Tier 2" is not read from "Tier 2 Watch List"), states its label',
)

# --- what the curator says of a claim ---------------------------------------------------------------

JUDGEMENT_REASON = declare(
    "judgement-reason",
    "claim",
    "a judgement (likely_error, preferred) has its reason, and a reason its judgement",
)
PENALTY_PROVISION = declare(
    "penalty-provision",
    "claim",
    "a prescribed penalty belongs to its provision: its category names it (basic, aggravated, ..., or all-provisions for a span of them)",
)
RESTATEMENT_SHAPE = declare(
    "restatement-shape",
    "claim",
    "a claim restates a claim of the corpus (restates: the original statement, not another restatement) or relays an originator whose publication is not in it (restated_from), not both; restatement_change only with restates",
)
RESTATEMENT_MISMATCH = declare(
    "restatement-mismatch",
    "claim",
    "a restatement has the indicator, period, breakdown, unit and value of the claim it restates, or restatement_change says how it differs",
)
ATTRIBUTION_WORDING = declare(
    "attribution-wording",
    "claim",
    'the originator the sentence names before the value (a reporter: "media reported", "NGOs estimated", "observers", GRETA; else a government actor: "the government", "law enforcement", "courts", "police", "the Ministry of", MIA, ATD, SMS, GOAJ) is the claim\'s source_id or restated_from, or attribution_reason says why not',
)
IMPLIED_SOURCE = declare(
    "implied-source",
    "claim",
    "implied_by names a claim of the corpus whose quote contains or overlaps this claim's (the implying sentence); a tier placement for a year other than its edition's is implied, so has implied_by",
)
PERIOD_BASIS = declare(
    "period-basis",
    "claim",
    'period_basis: reporting_period has "reporting period" in the quote, and a value stated "during the reporting period" says period_basis: reporting_period',
)

# --- links between claims ---------------------------------------------------------------------------

UNKNOWN_LINK = declare(
    "unknown-link",
    "claim, sum",
    "same_amount_as, a sum's total and parts name a claim of the same file; restates a claim of the corpus",
)
LINK_MISMATCH = declare(
    "link-mismatch",
    "claim",
    "same_amount_as links one amount's two currencies: same indicator and period, two different currencies",
)
LINK_CYCLE = declare(
    "link-cycle", "claim", "parts, same_amount_as and restates links do not form a cycle"
)

# --- sums: figures that add up -------------------------------------------------------------------------

SUM_SHAPE = declare(
    "sum-shape",
    "sum",
    "complete parts without a total are at least two; each part is listed once and is not the total; complete parts give the document's evidence, partial ones a reason; a sum across indicators has a total",
)
SUM_MISMATCH = declare(
    "sum-mismatch",
    "sum",
    "the parts have the total's period and unit; a breakdown's parts have the total's indicator and breakdown, and each a breakdown the total lacks; a claim is a part of one total",
)

# --- skips ------------------------------------------------------------------------------------------

SKIP_SHAPE = declare("skip-shape", "skip", "a skip has either quote, or from and to")
SKIP_UNUSED = declare(
    "skip-unused",
    "skip",
    "a skip covers at least one number or number-less quantity (else it hides nothing, or a typo)",
)


# ================================================================================================
# Claims: one `ClaimCheck` per claim, the facts the rules share computed once.
# ================================================================================================


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
CLAIM_RULES: list[tuple[Rule, ClaimRuleFunction]] = []


def claim_rule(rule: Rule) -> Callable[[ClaimRuleFunction], ClaimRuleFunction]:
    """Register a function yielding the messages of `rule` for one claim."""

    def register(function: ClaimRuleFunction) -> ClaimRuleFunction:
        CLAIM_RULES.append((rule, function))
        return function

    return register


def check_claim(check: ClaimCheck) -> list[Problem]:
    """Every claim rule's problems for one claim, in the order the rules are registered."""
    return [check.problem(rule, message) for rule, f in CLAIM_RULES for message in f(check)]


@claim_rule(UNKNOWN_INDICATOR)
def _indicator_known(c: ClaimCheck) -> Iterator[str]:
    if c.indicator is None:
        yield f"indicator {c.seed.indicator_code!r} is not in vocab/indicators.yaml"


@claim_rule(UNKNOWN_SOURCE)
def _source_known(c: ClaimCheck) -> Iterator[str]:
    if c.seed.source_id not in c.vocab.sources:
        yield f"source {c.seed.source_id!r} is not in vocab/sources.yaml"


@claim_rule(UNKNOWN_SOURCE)
def _relayed_source_known(c: ClaimCheck) -> Iterator[str]:
    if c.seed.restated_from is not None and c.seed.restated_from not in c.vocab.sources:
        yield f"restated_from {c.seed.restated_from!r} is not in vocab/sources.yaml"


@claim_rule(UNKNOWN_UNIT)
def _unit_known(c: ClaimCheck) -> Iterator[str]:
    if c.unit is not None and c.unit not in c.vocab.units:
        yield f"unit {c.unit!r} is not in vocab/units.yaml"


@claim_rule(PERIOD_ORDER)
def _period_in_order(c: ClaimCheck) -> Iterator[str]:
    y_from, y_to, wrong = c.period
    if wrong:
        yield wrong
    elif y_from is not None and y_from > y_to:
        yield f"year_from {y_from} is after year_to {y_to}"


@claim_rule(YEAR_OUT_OF_RANGE)
def _years_held(c: ClaimCheck) -> Iterator[str]:
    outside = [y for y in c.period[:2] if y is not None and not in_years(y)]
    if outside:
        yield year_message(outside[0])


@claim_rule(YEAR_AFTER_PUBLICATION)
def _years_published(c: ClaimCheck) -> Iterator[str]:
    y_from, y_to, _ = c.period
    if c.report is None or y_from is None or not in_years(y_from) or not in_years(y_to):
        return
    published = c.report.published_year
    future_ok = c.indicator is not None and c.indicator.allows_future_period
    late = [y for y in ([y_from] if future_ok else [y_from, y_to]) if y > published]
    if late:
        yield f"year {late[0]} is after the report's publication ({published})"


@claim_rule(QUALIFIER_SHAPE)
def _qualifier_shape(c: ClaimCheck) -> Iterator[str]:
    if c.shape:
        yield c.shape
    elif c.seed.value_text is not None and not c.wanted and c.seed.qualifier != "not_reported":
        yield f"a {c.seed.qualifier} claim has no value_text"


def _numbers(c: ClaimCheck) -> Iterator[tuple[str, Decimal, Any]]:
    for name in ("value", "value_low", "value_high"):
        raw = getattr(c.seed, name)
        if raw is not None:
            yield name, to_decimal(raw), raw


def precision_problem(number: Decimal) -> str | None:
    """Why DECIMAL(20, 4) cannot hold `number` exactly, or None."""
    if not number.is_finite():
        return "not a finite number"
    _sign, digits, exponent = number.normalize().as_tuple()
    if exponent < -limits.MAX_DECIMALS:
        return (
            f"more than {limits.MAX_DECIMALS} decimals; the database keeps "
            f"{limits.MAX_DECIMALS} and would round it"
        )
    if len(digits) + exponent > limits.MAX_INTEGER_DIGITS:
        return f"more than {limits.MAX_INTEGER_DIGITS} digits before the decimal point"
    return None


@claim_rule(VALUE_PRECISION)
def _precise(c: ClaimCheck) -> Iterator[str]:
    for name, number, raw in _numbers(c):
        problem = precision_problem(number)
        if problem:
            yield f"{name} {raw}: {problem}"


@claim_rule(NEGATIVE_VALUE)
def _not_negative(c: ClaimCheck) -> Iterator[str]:
    for name, number, _raw in _numbers(c):
        if (
            precision_problem(number) is None
            and number < 0
            and not c.seed.indicator_code.endswith("_change")
        ):
            yield (
                f"{name} {number} is negative; only an indicator of a change (code ending "
                "_change) has negative values. Curate the figure as the document states it, "
                "with an indicator that fits it"
            )


@claim_rule(COUNT_NOT_WHOLE)
def _whole_count(c: ClaimCheck) -> Iterator[str]:
    if c.unit_kind != "count":
        return
    for name, number, raw in _numbers(c):
        if precision_problem(number) is None and number != number.to_integral_value():
            yield f"{name} {raw} is not a whole number of {c.unit}"


@claim_rule(QUOTE_WHITESPACE)
def _quote_trimmed(c: ClaimCheck) -> Iterator[str]:
    if c.seed.quote != c.seed.quote.strip():
        yield "the quote starts or ends with white space; trim it"


@claim_rule(QUOTE_NOT_FOUND)
def _quote_found(c: ClaimCheck) -> Iterator[str]:
    if c.spans == [] and c.report is not None:
        yield f"the quote is not in {c.report.file}{near_miss(c.document.text, c.seed.quote, c.document.index)}"


@claim_rule(QUOTE_AMBIGUOUS)
def _quote_once(c: ClaimCheck) -> Iterator[str]:
    if c.spans and c.seed.occurrence is None and len(c.spans) > 1:
        yield (
            f"the quote occurs {len(c.spans)} times in {c.report.file}; add occurrence: N "
            f"(1 to {len(c.spans)}) or lengthen the quote"
        )


@claim_rule(OCCURRENCE_OUT_OF_RANGE)
def _occurrence_exists(c: ClaimCheck) -> Iterator[str]:
    if c.spans and c.seed.occurrence is not None and c.seed.occurrence > len(c.spans):
        yield f"occurrence {c.seed.occurrence} asked, the quote occurs {len(c.spans)} time(s)"


@claim_rule(VALUE_TEXT_NOT_IN_QUOTE)
def _value_text_in_quote(c: ClaimCheck) -> Iterator[str]:
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
def _in_its_unit(c: ClaimCheck) -> Iterator[str]:
    if not (c.reads_values and _value_text_usable(c)):
        return
    for v, same in c.unread:
        if same:
            m = same[0]
            stated = m.currency or ("percent" if m.is_percent else "a plain number")
            yield f"unit: the quote says {m.text!r} ({stated}), the claim says {v} {c.unit}"


@claim_rule(VALUE_NOT_IN_QUOTE)
def _value_stated(c: ClaimCheck) -> Iterator[str]:
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
def _value_unambiguous(c: ClaimCheck) -> Iterator[str]:
    if not c.reads_values or c.seed.value_text is not None or c.unread:
        return
    others = _others(c, c.mentions)
    if others:
        yield (
            f"the quote states other numbers too ({', '.join(m.text for m in others)}); add "
            "value_text: the words of the quote that state this claim's value and no other number"
        )


@claim_rule(VALUE_TEXT_AMBIGUOUS)
def _value_text_precise(c: ClaimCheck) -> Iterator[str]:
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
def _qualifier_read_back(c: ClaimCheck) -> Iterator[str]:
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
def _not_reported_worded(c: ClaimCheck) -> Iterator[str]:
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
def _not_reported_no_figure(c: ClaimCheck) -> Iterator[str]:
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


@claim_rule(PERIOD_NOT_IN_QUOTE)
def _period_stated(c: ClaimCheck) -> Iterator[str]:
    if c.seed.qualifier != "period" or c.unit_kind is None or c.shape:
        return
    years = {m.value for m in find_numbers(c.seed.quote) if m.kind == "digits"}
    y_from, y_to, _ = c.period
    missing = [y for y in {y_from, y_to} if y is not None and Decimal(y) not in years]
    if missing:
        yield f"the period's years {sorted(missing)} are not stated in the quote"


@claim_rule(VALUE_LABEL_NOT_IN_QUOTE)
def _label_stated(c: ClaimCheck) -> Iterator[str]:
    if c.seed.value_label is not None and c.seed.value_label not in c.seed.quote:
        yield f"value_label {c.seed.value_label!r} is not in the quote"


@claim_rule(CATEGORY_VALUE)
def _category(c: ClaimCheck) -> Iterator[str]:
    s = c.seed
    if c.unit_kind is None:
        return
    if c.unit_kind != "rank":
        if s.qualifier == "category" or s.value_category is not None:
            yield f"only a figure in a category unit (a tier) has a category; {c.unit} is not one"
        return
    known = sorted(k for k, loc in c.vocab.categories.items() if loc.record.unit == c.unit)
    if s.qualifier != "category":
        yield (
            f"a figure in {c.unit} is a category, never a number: give qualifier: category, "
            f"value_category (one of {', '.join(known)}) and value_label, and no value"
        )
    elif s.value_category is None:
        yield f"give value_category: one of {', '.join(known)}"
    elif s.value_category not in known:
        yield (
            f"value_category {s.value_category!r} is not a category of {c.unit} in "
            f"vocab/categories.yaml ({', '.join(known)})"
        )
    elif s.value_label is None:
        yield "give value_label: the category as the quote writes it"


def category_labels(quote: str, labels: dict[str, str]) -> list[tuple[str, str]]:
    """The categories whose labels `quote` states, read whole and longest first ("Tier 2 Watch
    List" is tier_2_watch_list, never also tier_2): (category, the words), in order."""
    if not labels:
        return []
    by_label = {" ".join(label.lower().split()): k for k, label in labels.items()}
    pattern = re.compile(
        r"(?<!\w)(?:"
        + "|".join(
            r"\s+".join(re.escape(w) for w in label.split())
            for label in sorted(by_label, key=len, reverse=True)
        )
        + r")(?!\w)",
        re.IGNORECASE,
    )
    return [
        (by_label[" ".join(m.group(0).lower().split())], m.group(0))
        for m in pattern.finditer(quote)
    ]


@claim_rule(CATEGORY_NOT_IN_QUOTE)
def _category_read_back(c: ClaimCheck) -> Iterator[str]:
    s = c.seed
    if c.unit_kind != "rank" or s.qualifier != "category" or s.value_category is None:
        return
    labels = {
        k: loc.record.label for k, loc in c.vocab.categories.items() if loc.record.unit == c.unit
    }
    if s.value_category not in labels:
        return  # category-value says so
    if s.value_label is not None:
        named = [k for k, _w in category_labels(s.value_label, labels)]
        if named and (len(named) > 1 or named[0] != s.value_category):
            yield (
                f'value_label: "{s.value_label}" is the label of {", ".join(named)}, the claim '
                f"says value_category {s.value_category} ({labels[s.value_category]})"
            )
    stated = category_labels(s.quote, labels)
    if stated and s.value_category not in {k for k, _w in stated}:
        said = ", ".join(f'"{w}" ({k})' for k, w in stated)
        yield f"value_category: the quote says {said}, the claim says {s.value_category}"


@claim_rule(JUDGEMENT_REASON)
def _judged_with_reason(c: ClaimCheck) -> Iterator[str]:
    if c.seed.judgement is not None and c.seed.judgement_reason is None:
        yield f"judgement {c.seed.judgement} needs judgement_reason: why"
    if c.seed.judgement is None and c.seed.judgement_reason is not None:
        yield "judgement_reason without a judgement (likely_error or preferred)"


@claim_rule(PENALTY_PROVISION)
def _penalty_provision(c: ClaimCheck) -> Iterator[str]:
    if c.seed.indicator_code.startswith("prescribed_penalty") and c.seed.category == "all":
        yield (
            "a prescribed penalty belongs to a provision of the law: give category (basic, "
            "aggravated, ..., or all-provisions when the document gives the span of all of them)"
        )


@claim_rule(RESTATEMENT_SHAPE)
def _restatement_shape(c: ClaimCheck) -> Iterator[str]:
    s = c.seed
    if s.restates is not None and s.restated_from is not None:
        yield "give restates (a claim of the corpus) or restated_from (an originator), not both"
    if s.restatement_change is not None and s.restates is None:
        yield "restatement_change says how a restatement differs from the claim it restates: give restates"
    if s.restates is not None and c.restated_id == c.claim_id:
        yield "a claim does not restate itself"


# --- who the sentence says produced the figure (issue 28's convention, seeds/README.md) -----------
#
# The wording the rule reads, and the originator each names. A REPORTER ("media reported the
# government identified 91 victims") names who gave the figure, and wins over the actor it
# reports on; otherwise a GOVERNMENT ACTOR ("the government identified", "law enforcement
# investigated", "courts convicted", "the MIA recognized") names gov_aze. Kept short and
# literal on purpose: a phrase is listed only where it names an originator in every sentence
# of the corpus that uses it (no "officials", "judges" or "civil society referred": the first
# is also the object of "complicit officials", the others are actors the convention does not
# map). A hyphenated compound is not an actor ("government-funded NGO", "MIA-run shelter").
_ALSO = r"\s+(?:also\s+|further\s+)?"
_REPORTERS: tuple[tuple[re.Pattern, str, str], ...] = (
    # (wording, source_id, how the message names it)
    (
        re.compile(
            r"\bmedia" + _ALSO + r"(?:reported|reports)\b|\baccording to (?:the )?media\b", re.I
        ),
        "media",
        "media",
    ),
    (
        re.compile(
            r"\bNGOs?" + _ALSO + r"(?:reported|estimated|stated|claimed|noted)\b"
            r"|\bcivil society" + _ALSO + r"(?:reported|estimated|stated|noted)\b"
            r"|\baccording to (?:an? |the )?NGOs?\b",
            re.I,
        ),
        "ngos",
        "NGOs",
    ),
    (
        re.compile(
            r"\bobservers"
            + _ALSO
            + r"(?:reported|estimated|stated|noted)\b|\baccording to observers\b",
            re.I,
        ),
        "observers",
        "observers",
    ),
    (re.compile(r"\bGRETA\b"), "greta", "GRETA"),
)
_NOT_COMPOUND = r"(?![-\u2010\u2011\w])"
_GOVERNMENT = re.compile(
    r"(?i:\bthe government\b|\bgovernment officials\b|\bGovernment of Azerbaijan\b"
    r"|\bauthorities\b|\blaw enforcement\b|\bcourts\b|\bpolice\b|\bMinistry of\b"
    r"|\bState Migration Service\b)" + _NOT_COMPOUND + r"|\b(?:GOAJ|MIA|ATD|SMS)\b" + _NOT_COMPOUND
)
# The government family: a wording that names the government is met by these source kinds
# (gov_aze, and an official modelled apart from it, such as cable-09baku141's shelter director).
GOVERNMENT_KINDS = ("government", "official")
# An actor is the subject or the agent ("identified by the government"), not the object of
# another preposition ("referred ... to ATD", "cooperation with law enforcement") or of a verb
# ("victims who assisted the GOAJ", "provided law enforcement authorities with training").
_OBJECT = re.compile(
    r"\b(?:to|from|with|for|of|at|against|on|in|into|about|among|toward|towards|\w+ed)\s+(?:the\s+)?$",
    re.I,
)
# The end of a sentence inside a quote: the originator named before it is not this sentence's.
_SENTENCE_END = re.compile(r"[.!?][\"'”’)]?\s+(?=[A-Z(\"“])")
# A figure the TIP report states for its reporting period ("met twice during the reporting
# period"); "the previous reporting period" compares efforts and is not a figure's period.
_REPORTING_PERIOD = re.compile(r"\b(?:the|this|that|current) reporting period\b", re.I)


def _value_position(c: ClaimCheck) -> int | None:
    """Where in the quote the claim's value is stated: its first number (or the negation that
    states a zero, or the category's label); in value_text, at value_text's place in the quote.
    The whole quote when the claim has no value (not_reported, period). None when value_text is
    not in the quote (value-text-not-in-quote says so)."""
    s = c.seed
    base = 0
    if s.value_text is not None:
        base = c.value_text_at
        if base is None:
            return None
    if s.qualifier == "category" and s.value_label and s.value_label in s.quote:
        return s.quote.find(s.value_label)
    if not c.wanted or c.unit_kind is None or c.shape is not None:
        return base if s.value_text is not None else len(s.quote)
    starts = [m.start for _v, m, _same in c.readings if m is not None]
    if not starts and any(v == 0 for v in c.wanted):
        zero = ZERO_RE.search(c.value_words)
        if zero is not None:
            starts.append(zero.start())
    return base + (min(starts) if starts else 0)


def named_originator(quote: str, position: int) -> tuple[str, str, str] | None:
    """The originator the sentence names before `position` of `quote`: (source_id, how a
    message names it, the words that name it), or None. A reporter wins over a government
    actor (a reporter relays what the actor did); otherwise the government."""
    before = quote[:position]
    ends = list(_SENTENCE_END.finditer(before))
    sentence_start = ends[-1].end() if ends else 0
    sentence = before[sentence_start:]
    reporters = [
        (m.start(), source, name, m.group(0))
        for pattern, source, name in _REPORTERS
        for m in pattern.finditer(sentence)
    ]
    if reporters:
        _at, source, name, words = max(reporters)
        return source, name, words
    actors = [
        m for m in _GOVERNMENT.finditer(sentence) if not _OBJECT.search(sentence[: m.start()])
    ]
    if not actors:
        return None
    last = actors[-1]
    verb = re.match(r"\s+(?:also\s+)?[\w’'-]+", sentence[last.end() :])
    words = last.group(0) + (verb.group(0) if verb else "")
    return "gov_aze", "the government", " ".join(words.split())


@claim_rule(ATTRIBUTION_WORDING)
def _attribution_wording(c: ClaimCheck) -> Iterator[str]:
    """The sentence names an originator (named_originator) the claim does not give as its
    source_id or restated_from, and no attribution_reason says why. Not checked: a claim with
    same_amount_as (a currency conversion, the State Department's by convention) and the
    reverse (a figure whose sentence names no one may be us_dos)."""
    s = c.seed
    if s.attribution_reason is not None or s.same_amount_as is not None:
        return
    position = _value_position(c)
    if position is None:
        return
    named = named_originator(s.quote, position)
    if named is None:
        return
    source, name, words = named
    given = {s.source_id} | ({s.restated_from} if s.restated_from else set())
    if source == "gov_aze":
        kinds = {c.vocab.sources[g].record.kind for g in given if g in c.vocab.sources}
        if kinds & set(GOVERNMENT_KINDS) or "gov_aze" in given:
            return
    elif source in given:
        return
    relayed = f" (restated_from {s.restated_from})" if s.restated_from else ""
    yield (
        f'the sentence names {name} ("{words}"), the claim says {s.source_id}{relayed}: '
        f"set source_id: {source} or say why in attribution_reason"
    )


@claim_rule(IMPLIED_SOURCE)
def _implied_tier(c: ClaimCheck) -> Iterator[str]:
    """A tier placement for a year other than its edition's is implied by a sentence about
    the edition ("remained on Tier 2", "for a fifth consecutive year"). That the claim implied_by
    names exists and quotes the same words is checked with the file (check_claims_file) or
    the corpus (check_restatements)."""
    s = c.seed
    if s.implied_by is not None and c.implied_id == c.claim_id:
        yield "a claim is not implied by itself: implied_by names the claim whose sentence implies it"
    if (
        s.implied_by is None
        and c.unit_kind == "rank"
        and c.report is not None
        and c.period[0] is not None
        and (c.period[0], c.period[1]) != (c.report.published_year, c.report.published_year)
    ):
        yield (
            f"a tier placement for {c.period[0]} in the {c.report.published_year} edition is "
            "implied, not stated: give implied_by, the claim whose sentence implies it (a "
            '"remained on" or "consecutive year" statement of the edition)'
        )


@claim_rule(PERIOD_BASIS)
def _period_basis(c: ClaimCheck) -> Iterator[str]:
    s = c.seed
    if s.period_basis == "reporting_period" and "reporting period" not in s.quote.lower():
        yield (
            'period_basis: reporting_period, but the quote does not say "reporting period": '
            "quote the words that say it, or leave period_basis out"
        )
    found = _REPORTING_PERIOD.search(c.value_words)
    if found and s.period_basis != "reporting_period":
        where = "value_text" if s.value_text is not None else "quote"
        yield (
            f"the {where} says {found.group(0)!r}, the claim says period_basis: "
            f"{s.period_basis or '(none)'}: set period_basis: reporting_period"
        )


def _quotes_meet(a: str, b: str) -> bool:
    """Whether two quotes share words: one contains the other, or one ends as the other
    begins (white space normalised); for quotes of two documents."""
    a, b = " ".join(a.split()), " ".join(b.split())
    if a in b or b in a:
        return True
    shortest = min(len(a), len(b))
    return any(a.endswith(b[:n]) or b.endswith(a[:n]) for n in range(min(20, shortest), shortest))


# ================================================================================================
# The claims of one file together: ids and links.
# ================================================================================================


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
    from tiplake.rows import SumPartRow, SumRow  # rows imports nothing of rules

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
        found = _check_sum(report_id, loc, by_id, rows, document, unparsed, seen)
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
                        _at(
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


@dataclass
class _Sum:
    problems: list[Problem] = field(default_factory=list)
    row: dict | None = None
    parts: list[str] = field(default_factory=list)


def _check_sum(report_id, loc, by_id, rows, document, unparsed, seen) -> _Sum:
    """One declared sum (a SumSeed at `loc`): its problems, and its row when it has none."""
    s = loc.record
    sum_id = f"{report_id}:{s.id}"
    out = _Sum()

    def bad(rule: Rule, message: str) -> _Sum:
        out.problems.append(_at(loc, sum_id, rule, message))
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


# ================================================================================================
# The manifest and the vocabularies.
# ================================================================================================


def _at(loc: Located, record: str, rule: Rule, message: str) -> Problem:
    return rule.problem(loc.file, record, message, loc.line)


def unique(items: list[Located], key: str, what: str, problems: list[Problem]) -> dict:
    """The records by id, with a duplicate-id problem for each id defined twice."""
    out = {}
    for item in items:
        k = getattr(item.record, key)
        if k in out:
            problems.append(_at(item, k, DUPLICATE_ID, f"{what} {k!r} is defined twice"))
        else:
            out[k] = item
    return out


def check_reports(reports: dict[str, Located]) -> list[Problem]:
    """The manifest's years and dates are ones the report table can hold."""
    problems = []
    for report_id, loc in reports.items():
        r = loc.record
        if not in_years(r.published_year):
            problems.append(
                _at(
                    loc,
                    report_id,
                    YEAR_OUT_OF_RANGE,
                    "published_year: " + year_message(r.published_year),
                )
            )
        if r.published_on is not None and r.published_on.year != r.published_year:
            problems.append(
                _at(
                    loc,
                    report_id,
                    REPORT_DATES,
                    f"published_on {r.published_on} is not in published_year {r.published_year}",
                )
            )
        if (
            r.period_start_on is not None
            and r.period_end_on is not None
            and r.period_start_on > r.period_end_on
        ):
            problems.append(
                _at(
                    loc,
                    report_id,
                    REPORT_DATES,
                    f"period_start_on {r.period_start_on} is after period_end_on {r.period_end_on}",
                )
            )
        problems += [_at(loc, report_id, REPORT_URL, m) for m in _url_problems(r)]
        problems += [_at(loc, report_id, REPORT_LICENSE, m) for m in _license_problems(r)]
    return problems


_LICENSE_RE = re.compile(f"^(?:{limits.LICENSE_ID})$")


def _url_problems(r) -> Iterator[str]:
    if r.url is None:
        return
    parts = urlsplit(r.url)
    if parts.scheme not in ("http", "https") or not parts.netloc or re.search(r"\s", r.url):
        yield f"url {r.url!r} is not an absolute http or https address"


def _license_problems(r) -> Iterator[str]:
    if r.license is None:
        if r.license_note is not None:
            yield "license_note without a license: give the license's short id (unknown when the document states none)"
        return
    if not _LICENSE_RE.match(r.license):
        yield f"license {r.license!r} is not a short id (an SPDX identifier such as CC-BY-4.0, public-domain-us-gov, {limits.LICENSE_UNKNOWN})"
    if r.license == limits.LICENSE_UNKNOWN and r.license_note is None:
        yield f"license {limits.LICENSE_UNKNOWN} needs a license_note saying what is known of the document's status"


def check_indicator_units(indicators: dict[str, Located], units: dict) -> list[Problem]:
    return [
        _at(loc, code, UNKNOWN_UNIT, f"unit {loc.record.unit!r} is not in vocab/units.yaml")
        for code, loc in indicators.items()
        if loc.record.unit not in units
    ]


def check_categories(categories: dict[str, Located], units: dict[str, Located]) -> list[Problem]:
    """Each category belongs to a known unit of kind rank (a category unit)."""
    return [
        _at(
            loc,
            code,
            UNKNOWN_UNIT,
            f"unit {loc.record.unit!r} of category {code} is not a category unit (kind rank) of vocab/units.yaml",
        )
        for code, loc in categories.items()
        if loc.record.unit not in units or units[loc.record.unit].record.kind != "rank"
    ]


def check_relations(relations: list[Located], indicators: dict) -> list[Problem]:
    problems, seen = [], set()
    for loc in relations:
        r = loc.record
        name = f"{r.indicator_code} ~ {r.related_indicator_code}"
        for code in (r.indicator_code, r.related_indicator_code):
            if code not in indicators:
                problems.append(
                    _at(
                        loc,
                        name,
                        UNKNOWN_INDICATOR,
                        f"indicator {code!r} is not in vocab/indicators*.yaml",
                    )
                )
        key = frozenset((r.indicator_code, r.related_indicator_code))
        if key in seen or len(key) == 1:
            problems.append(
                _at(loc, name, DUPLICATE_ID, "a relation links two different indicators, once")
            )
        seen.add(key)
    return problems


def check_policies(policies: dict[str, Located]) -> list[Problem]:
    problems = []
    defaults = [p for p, loc in policies.items() if loc.record.is_default]
    if policies and len(defaults) != 1:
        loc = next(iter(policies.values()))
        problems.append(
            POLICY_DEFAULT.problem(
                loc.file, "-", f"exactly one policy is the default; found {defaults}"
            )
        )
    for policy_id, loc in policies.items():
        order = loc.record.source_kind_order
        if len(set(order)) != len(order):
            problems.append(_at(loc, policy_id, DUPLICATE_ID, "a source kind is listed twice"))
    return problems


# ================================================================================================
# Skips: numbers of a document that are not figures, each with its reason.
# ================================================================================================


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
        problems += [_at(loc, f"{report_id} skip", rule, m) for rule, m in bad]
        for a, b in found:
            if not any(a <= m.start and m.end <= b for m in mentions):
                problems.append(
                    _at(
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
