"""The rows the build loads, one dataclass per table, and their Arrow form.

In:  nothing (types only); `to_arrow`/`from_arrow` convert between rows and Arrow tables.
Out: `ReportRow`, `IndicatorRow`, ..., `ClaimRow`; `Dataset`, everything one build loads;
     `CLAIM_SCHEMA`, the Arrow schema of the claim table.

Validated claims take one form from validation to the load: the Arrow table of one claims
file (`ClaimFile`), typed from `ClaimRow`'s annotations so that a file whose claims all lack a
note still has a string `note` column and every value column is DECIMAL(20, 4) like the table
it is loaded into. The claims cache stores the same tables as Parquet (cache.py).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, fields
from datetime import date
from decimal import Decimal
from functools import cache
from operator import attrgetter

import pyarrow as pa

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


@dataclass(frozen=True)
class ReportRow:
    report_id: str
    title: str
    kind: str
    publisher: str
    published_year: int
    published_on: date | None
    released_on: date | None
    period_start_on: date | None
    period_end_on: date | None
    country_iso3: str
    identifier: str | None
    citation: str
    file_path: str
    sha256: str
    url: str | None
    url_note: str | None
    license: str | None
    license_note: str | None


@dataclass(frozen=True)
class IndicatorRow:
    indicator_code: str
    label: str
    unit: str
    pillar: str
    definition: str
    unodc_equivalent: str | None
    sdg_equivalent: str | None
    allows_future_period: bool


@dataclass(frozen=True)
class SourceRow:
    source_id: str
    name: str
    kind: str
    description: str


@dataclass(frozen=True)
class UnitRow:
    unit: str
    kind: str
    label: str


@dataclass(frozen=True)
class DocumentRow:
    """A report's document: its verified text (the database holds it so that the site needs
    no checkout)."""

    report_id: str
    text: str
    sha256: str
    size_bytes: int


@dataclass(frozen=True)
class SkipRow:
    """A span of a document whose numbers are not figures, with the curator's reason."""

    report_id: str
    skip_no: int
    span_start: int
    span_end: int
    skipped_text: str
    reason: str


@dataclass(frozen=True)
class IndicatorRelationRow:
    indicator_code: str
    related_indicator_code: str
    relation: str
    reason: str


@dataclass(frozen=True)
class PolicyRow:
    policy_id: str
    label: str
    description: str
    is_default: bool
    prefer_own_publication: bool
    prefer_latest: bool


@dataclass(frozen=True)
class PolicySourceRankRow:
    policy_id: str
    source_kind: str
    rank: int


@dataclass(frozen=True)
class ClaimRow:
    claim_id: str
    report_id: str
    source_id: str
    indicator_code: str
    country_iso3: str
    year_from: int | None
    year_to: int | None
    value: Decimal | None
    value_low: Decimal | None
    value_high: Decimal | None
    qualifier: str
    unit: str
    value_category: str | None
    value_label: str | None
    value_text: str | None
    sex: str
    age_band: str
    exploitation_form: str
    citizenship: str
    destination_iso3: str
    origin_iso3: str
    category: str
    part_of_claim_id: str | None
    same_amount_as_claim_id: str | None
    restates_claim_id: str | None
    restated_source_id: str | None
    restatement_change: str | None
    quote: str
    occurrence: int
    quote_start: int
    quote_end: int
    context_before: str
    context_after: str
    is_low_confidence: bool
    confidence_reason: str | None
    judgement: str | None
    judgement_reason: str | None
    note: str | None
    seed_file: str
    # Added by migration 0014 at the end of the table (the loader inserts in table order).
    attribution_reason: str | None
    period_basis: str | None
    implied_by_claim_id: str | None


@dataclass(frozen=True)
class SumRow:
    sum_id: str
    report_id: str
    total_claim_id: str | None
    kind: str
    dimension: str | None
    is_complete: bool
    evidence: str | None
    evidence_start: int | None
    evidence_end: int | None
    reason: str | None
    seed_file: str


@dataclass(frozen=True)
class SumPartRow:
    sum_id: str
    claim_id: str


@dataclass(frozen=True)
class CategoryRow:
    category: str
    unit: str
    label: str
    rank: int | None
    description: str


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


_TYPES = {
    "str": pa.string(),
    "int": pa.int64(),
    "bool": pa.bool_(),
    "date": pa.date32(),
    "Decimal": pa.decimal128(20, 4),  # the precision validate's value-precision rule allows
}


@cache
def schema(row_type: type) -> pa.Schema:
    out = []
    for f in fields(row_type):
        base = f.type.replace(" | None", "").strip()
        out.append(pa.field(f.name, _TYPES[base]))  # nullability: the table's constraints
    return pa.schema(out)


def to_arrow(row_type: type, rows: list) -> pa.Table:
    s = schema(row_type)
    return pa.table([pa.array(list(map(attrgetter(f.name), rows)), f.type) for f in s], schema=s)


def from_arrow(row_type: type, table: pa.Table) -> list:
    return [row_type(**d) for d in table.to_pylist()]


CLAIM_SCHEMA = schema(ClaimRow)
SUM_SCHEMA = schema(SumRow)
SUM_PART_SCHEMA = schema(SumPartRow)
