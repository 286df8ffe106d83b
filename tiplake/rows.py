"""The rows the build loads, one dataclass per table, and their Arrow form.

In:  the tables' declarations (tables.py); `to_arrow`/`from_arrow` convert between rows and
     Arrow tables.
Out: `ReportRow`, `IndicatorRow`, ..., `ClaimRow`, each derived from its table's declaration
     (a field per column, in table order); `Dataset`, everything one build loads;
     `CLAIM_SCHEMA`, the Arrow schema of the claim table (the declaration's, like every
     `schema(row_type)`).

Validated claims take one form from validation to the load: the Arrow table of one claims
file (`ClaimFile`), typed from the claim table's declaration so that a file whose claims all
lack a note still has a string `note` column and every value column is DECIMAL(20, 4) like the
table it is loaded into. The claims cache stores the same tables as Parquet (cache.py).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, fields
from functools import cache
from operator import attrgetter

import pyarrow as pa

from tiplake.tables import TABLES, Table

# The columns a claim is broken down by (each 'all' when not broken down).
BREAKDOWNS = (
    "sex",
    "age_band",
    "exploitation_form",
    "citizenship",
    "destination_iso3",
    "origin_iso3",
    "category",
)


# One frozen dataclass per table the loader fills from Python, derived from its declaration
# (tables.py): one field per column, in table order, which is the order the loader writes.
ReportRow = TABLES["report"].row_type("ReportRow")
IndicatorRow = TABLES["indicator"].row_type("IndicatorRow")
SourceRow = TABLES["source"].row_type("SourceRow")
UnitRow = TABLES["unit"].row_type("UnitRow")
DocumentRow = TABLES["document"].row_type("DocumentRow")
SkipRow = TABLES["skip"].row_type("SkipRow")
IndicatorRelationRow = TABLES["indicator_relation"].row_type("IndicatorRelationRow")
PolicyRow = TABLES["policy"].row_type("PolicyRow")
PolicySourceRankRow = TABLES["policy_source_rank"].row_type("PolicySourceRankRow")
ClaimRow = TABLES["claim"].row_type("ClaimRow")
SumRow = TABLES["claim_sum"].row_type("SumRow")
SumPartRow = TABLES["claim_sum_part"].row_type("SumPartRow")
CategoryRow = TABLES["category"].row_type("CategoryRow")

# Each row type's table.
TABLE_OF: dict[type, Table] = {
    row_type: TABLES[name]
    for name, row_type in (
        ("report", ReportRow),
        ("indicator", IndicatorRow),
        ("source", SourceRow),
        ("unit", UnitRow),
        ("document", DocumentRow),
        ("skip", SkipRow),
        ("indicator_relation", IndicatorRelationRow),
        ("policy", PolicyRow),
        ("policy_source_rank", PolicySourceRankRow),
        ("claim", ClaimRow),
        ("claim_sum", SumRow),
        ("claim_sum_part", SumPartRow),
        ("category", CategoryRow),
    )
}


@dataclass(frozen=True)
class ClaimFile:
    """The validated claims of one claims file, as an Arrow table sorted by claim id, its
    declared sums and their parts (Arrow tables too), and the cache key of everything they were
    validated from (the next rebuild compares keys). In a rebuild, a file whose claims the
    previous database holds unchanged has no tables (None): they stay where they are
    (validate.Previous)."""

    key: str
    table: pa.Table | None
    sums: pa.Table | None
    sum_parts: pa.Table | None


@dataclass
class Dataset:
    """Everything the build loads, table by table.

    Claims are by claims file (`claim_files`, keyed by the file as `claim.seed_file` names it):
    a rebuild replaces one file's claims (incremental.py). The `year` table is derived from the
    claims by the loader (load.py)."""

    reports: list[ReportRow] = field(default_factory=list)
    indicators: list[IndicatorRow] = field(default_factory=list)
    sources: list[SourceRow] = field(default_factory=list)
    units: list[UnitRow] = field(default_factory=list)
    categories: list[CategoryRow] = field(default_factory=list)
    claim_files: dict[str, ClaimFile] = field(default_factory=dict)
    relations: list[IndicatorRelationRow] = field(default_factory=list)
    policies: list[PolicyRow] = field(default_factory=list)
    policy_ranks: list[PolicySourceRankRow] = field(default_factory=list)
    documents: dict[str, str] = field(default_factory=dict)  # report_id -> text
    # report_id -> the spans its skips cover (rules.SkipSpan: start, end, reason)
    skips: dict[str, list] = field(default_factory=dict)

    @property
    def claims(self) -> list[ClaimRow]:
        """Every claim as a row, sorted by id (for tools and tests; the build loads the
        tables)."""
        rows = [row for f in self.claim_files.values() for row in from_arrow(ClaimRow, f.table)]
        return sorted(rows, key=attrgetter("claim_id"))

    def tables(self) -> list[tuple[str, type, list]]:
        """The tables loaded from Python rows (claims and years are loaded apart)."""
        return [
            ("report", ReportRow, self.reports),
            ("indicator", IndicatorRow, self.indicators),
            ("source", SourceRow, self.sources),
            ("unit", UnitRow, self.units),
            ("category", CategoryRow, self.categories),
            ("indicator_relation", IndicatorRelationRow, self.relations),
            ("policy", PolicyRow, self.policies),
            ("policy_source_rank", PolicySourceRankRow, self.policy_ranks),
            ("document", DocumentRow, self.document_rows()),
            ("skip", SkipRow, self.skip_rows()),
        ]

    def document_rows(self) -> list[DocumentRow]:
        """Each document's text with the sha256 and length of its bytes (the text encoded
        again: validation decoded it from the bytes it verified, and UTF-8 decodes losslessly)."""
        rows = []
        for report_id, text in sorted(self.documents.items()):
            data = text.encode("utf-8")
            rows.append(DocumentRow(report_id, text, hashlib.sha256(data).hexdigest(), len(data)))
        return rows

    def skip_rows(self) -> list[SkipRow]:
        """Each skip span, numbered from 1 within its report in the skips file's order."""
        return [
            SkipRow(
                report_id, n, s.start, s.end, self.documents[report_id][s.start : s.end], s.reason
            )
            for report_id, spans in sorted(self.skips.items())
            for n, s in enumerate(spans, 1)
        ]


def columns(row_type: type) -> list[str]:
    return [f.name for f in fields(row_type)]


@cache
def schema(row_type: type) -> pa.Schema:
    """The Arrow schema of `row_type`'s rows: its table's (tables.Table.arrow_schema)."""
    return TABLE_OF[row_type].arrow_schema()


def to_arrow(row_type: type, rows: list) -> pa.Table:
    s = schema(row_type)
    return pa.table([pa.array(list(map(attrgetter(f.name), rows)), f.type) for f in s], schema=s)


def from_arrow(row_type: type, table: pa.Table) -> list:
    return [row_type(**d) for d in table.to_pylist()]


CLAIM_SCHEMA = schema(ClaimRow)
SUM_SCHEMA = schema(SumRow)
SUM_PART_SCHEMA = schema(SumPartRow)
