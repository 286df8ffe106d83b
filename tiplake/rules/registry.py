"""The registry of rules: every rule the seeds are held to, with its name, what it applies to
and what it checks, in the order `tiplake validate --list-rules` lists them (and seeds/README.md's
generated table, kept current by tests/test_rules.py).

In:  nothing; the rules are declared here, once each (`declare`).
Out: `RULES` (name -> `Rule`), one constant per rule (`QUOTE_NOT_FOUND`...), `listing` and
     `markdown_table`. A `Rule` makes the `Problem`s that name it.

Where each rule is checked:
- reading rules (the file can be read, is YAML, is the shape of its record): seeds.py and
  documents.py, as they read;
- record rules: the modules beside this one, grouped by what they check (the package's
  docstring lists them), each importing its rules from here; this module imports none of them;
- row rules (`sql=True`): `sql/rules/<name>.sql`, one set-based query over every row of the
  built database, run by setbased.py on every build, full or rebuild, after the rows are
  loaded: the rows a rebuild keeps from the previous file pass them as the new rows do.
"""

from __future__ import annotations

from dataclasses import dataclass

from tiplake import limits
from tiplake.problems import Problem


@dataclass(frozen=True)
class Rule:
    name: str  # stable, shown in every message: [quote-not-found]
    applies_to: str  # what kind of record or file it judges
    checks: str  # what it checks, one sentence
    sql: bool = False  # a row rule: sql/rules/<name>.sql, over every row of the built database

    def problem(self, file: str, record: str, message: str, line: int | None = None) -> Problem:
        return Problem(file, record, self.name, message, line)


RULES: dict[str, Rule] = {}


def declare(name: str, applies_to: str, checks: str, sql: bool = False) -> Rule:
    """Register a rule (once per name) and return it."""
    if name in RULES:
        raise ValueError(f"rule {name} is declared twice")
    RULES[name] = Rule(name, applies_to, checks, sql)
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

# --- row rules: every row of the built database read back, in SQL (sql/rules/<name>.sql) -------------

DOCUMENT_READ_BACK = declare(
    "document-read-back",
    "document row",
    "each document's text in the database is the one the manifest's sha256 names (the manifest read in this build), and every report has its document",
    sql=True,
)
QUOTE_READ_BACK = declare(
    "quote-read-back",
    "claim row",
    "the claim's quote is its document's text at its offsets (runs of white space folded) and its context the 120 characters either side",
    sql=True,
)
VALUE_READ_BACK = declare(
    "value-read-back",
    "claim row",
    "value_text states the claim's value (a range's two ends, in order, joined by \"to\"), each number read whole in the quote and read as numbers.py reads it",
    sql=True,
)
