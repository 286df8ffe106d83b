"""What the tables can hold, written once.

In:  nothing.
Out: the year range, the decimal precision and every enumeration a column's CHECK constraint
     allows. The seed records (records.py) are typed with them and the rules (rules.py) check
     them, so that a seed outside them is a listed problem, never a failed load or a silent
     rounding; tests/test_rules.py reads the migrations' CHECK constraints back and compares.
"""

from __future__ import annotations

FIRST_YEAR, LAST_YEAR = 1990, 2100  # report.published_year, year.year, claim periods
MAX_INTEGER_DIGITS, MAX_DECIMALS = 16, 4  # claim values are DECIMAL(20, 4)

REPORT_KINDS = ("tip_report", "government_report", "diplomatic_cable")
PILLARS = ("prosecution", "protection", "prevention", "legal_framework", "context")
SOURCE_KINDS = (
    "government",
    "us_department_of_state",
    "us_embassy",
    "media",
    "ngo",
    "intergovernmental",
    "observers",
    "official",
)
UNIT_KINDS = ("count", "currency", "duration", "percent", "rank")
RELATIONS = ("differently_defined", "subset_of")
QUALIFIERS = (
    "exact",
    "approximate",
    "at_least",
    "more_than",
    "at_most",
    "less_than",
    "range",
    "not_reported",
    "period",
    "category",
)
JUDGEMENTS = ("likely_error", "preferred")
# What kind of period a sentence says a figure counts (claim.period_basis; null: unstated).
PERIOD_BASES = ("calendar_year", "reporting_period")
SUM_KINDS = ("breakdown", "across_indicators")
SEXES = ("all", "female", "male")
EXPLOITATION_FORMS = ("all", "sexual", "labour", "begging", "other")
CITIZENSHIPS = ("all", "national", "foreign")

# Patterns of identifiers and breakdowns (anchored as regexp_full_match anchors them).
SLUG = r"[a-z0-9]+(-[a-z0-9]+)*"
CODE = r"[a-z][a-z0-9_]*"
ISO3 = r"[A-Z]{3}"
AGE_BAND = r"all|child|adult|[0-9]+-[0-9]+|[0-9]+_plus"
COUNTRY_OR_ALL = r"all|[A-Z]{3}"
UNIT_NAME = r"[A-Za-z][A-Za-z0-9_]*"
# A document's license: an SPDX identifier (CC-BY-4.0) or tiplake's own short ids,
# public-domain-us-gov (a work of the U.S. government, 17 U.S.C. 105) and unknown (the document
# states none). Checked by the rules only: the report table's license column was added by
# ALTER TABLE, which cannot add a CHECK constraint (migrations/0012).
LICENSE_ID = r"[A-Za-z0-9][A-Za-z0-9.+-]*"
LICENSE_UNKNOWN = "unknown"

# The engines `tiplake transpile` writes the views for (sqlglot dialect names).
DIALECTS = ("spark", "trino", "postgres", "bigquery")
