"""Validate the seeds against the documents and each other; produce the rows to load.

In:  a `SeedFiles` (from `seeds.read_seeds`).
Out: a `Dataset` of typed rows for the tables report, indicator, source, unit, claim, ...,
     or a `SeedError` listing every problem found, each with file, record and rule.

Rules (the name in brackets is what an error message shows):
- documents: the file exists inside seeds/documents/ [document-path, document-missing], is
  UTF-8 [document-encoding] and its sha256 matches the manifest [document-checksum];
- ids are unique [duplicate-id]; references exist [unknown-report, unknown-indicator,
  unknown-source, unknown-unit, unknown-link];
- the quote is found verbatim in its document [quote-not-found], where a run of spaces or line
  breaks in the quote matches a run of spaces or line breaks in the document and nothing else
  is loosened (no case folding, no look-alike characters); a quote found more than once must
  say which `occurrence` it means [quote-ambiguous, occurrence-out-of-range];
- the value, or both ends of a range, can be read from the quote [value-not-in-quote], in
  the claim's unit: a currency amount must carry that currency in the quote, a count must
  not be a currency or a percentage [unit-mismatch]; a zero may be read from a negation
  ("did not convict any"); a period claim's years are in the quote [period-not-in-quote];
  a value_label is in the quote [value-label-not-in-quote];
- the qualifier has the values it needs [qualifier-shape]; a period is ordered and not
  after the report's publication [period-order, year-after-publication];
- what the database could not hold is refused here, not left to its CHECK constraints and
  DECIMAL(20,4) type (which would fail the load with a traceback, or round silently): years
  within 1990-2100 [year-out-of-range], at most 16 digits before and 4 after the decimal
  point [value-precision], no negative value but for an indicator of a change (code ending
  `_change`) [negative-value], a report's dates in order and in its published_year
  [report-dates];
- a part (part_of) has its total's indicator, period and unit and a breakdown its total lacks;
  two amounts linked by same_amount_as have the same indicator and period and two currencies
  [link-mismatch, link-cycle].
"""

from __future__ import annotations

import hashlib
import re
from array import array
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, fields
from datetime import date
from decimal import Decimal
from multiprocessing import get_all_start_methods, get_context
from pathlib import Path

import pyarrow.parquet as pq

from tiplake.arrow import from_arrow
from tiplake.cache import ClaimCache, code_version
from tiplake.numbers import ZERO_RE, Mention, find_numbers, states_zero
from tiplake.problems import Problem, SeedError
from tiplake.seeds import ClaimSeed, Located, SeedFiles, read_claim_file, rel, to_decimal

# What the tables can hold (migrations 0001, 0002 and 0006): checked here so that a seed
# outside it is a listed problem, never a failed load.
FIRST_YEAR, LAST_YEAR = 1990, 2100
MAX_INTEGER_DIGITS, MAX_DECIMALS = 16, 4  # DECIMAL(20, 4)

CONTEXT_CHARS = 120
BREAKDOWNS = (
    "sex",
    "age_band",
    "exploitation_form",
    "citizenship",
    "destination_iso3",
    "origin_iso3",
    "category",
)
_WS = re.compile(r"[ \t\r\n]+")
_TOKENS = re.compile(r"([ \t\r\n]+)|([^ \t\r\n]+)")


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
    quote: str
    occurrence: int
    quote_start: int
    quote_end: int
    context_before: str
    context_after: str
    is_low_confidence: bool
    confidence_reason: str | None
    note: str | None
    seed_file: str


@dataclass
class Dataset:
    """Everything the build loads, table by table.

    Claims come in two parts: `claim_rows`, validated in this run, and `claim_files`, Parquet
    files of the claims cache (claims files unchanged since they last passed, and, with a
    cache, those validated in this run: they are written there and not kept in memory), by
    the claims file they come from as `claim.seed_file` names it (a rebuild replaces one
    file's claims, incremental.py). The `year` table is derived from the claims by the
    loader (load.py)."""

    reports: list[ReportRow] = field(default_factory=list)
    indicators: list[IndicatorRow] = field(default_factory=list)
    sources: list[SourceRow] = field(default_factory=list)
    units: list[UnitRow] = field(default_factory=list)
    claim_rows: list[ClaimRow] = field(default_factory=list)
    claim_files: dict[str, Path] = field(default_factory=dict)  # claims file -> its Parquet
    relations: list[IndicatorRelationRow] = field(default_factory=list)
    policies: list[PolicyRow] = field(default_factory=list)
    policy_ranks: list[PolicySourceRankRow] = field(default_factory=list)
    documents: dict[str, str] = field(default_factory=dict)  # report_id -> text

    @property
    def claims(self) -> list[ClaimRow]:
        """Every claim as a row, sorted by id (reads the cached files: for tools and tests;
        the build loads the files directly)."""
        rows = list(self.claim_rows)
        for path in self.claim_files.values():
            rows.extend(from_arrow(ClaimRow, pq.read_table(path)))
        return sorted(rows, key=_by_id)

    def tables(self) -> list[tuple[str, type, list]]:
        """The tables loaded from Python rows (claims and years are loaded apart)."""
        return [
            ("report", ReportRow, self.reports),
            ("indicator", IndicatorRow, self.indicators),
            ("source", SourceRow, self.sources),
            ("unit", UnitRow, self.units),
            ("indicator_relation", IndicatorRelationRow, self.relations),
            ("policy", PolicyRow, self.policies),
            ("policy_source_rank", PolicySourceRankRow, self.policy_ranks),
        ]


def columns(row_type: type) -> list[str]:
    return [f.name for f in fields(row_type)]


def quote_pattern(quote: str) -> re.Pattern[str]:
    """Regex for a quote: its text verbatim, each whitespace run matching any such run."""
    parts = _WS.split(quote)
    return re.compile(r"[ \t\r\n]+".join(re.escape(p) for p in parts))


class DocumentIndex:
    """A document with every run of white space folded to one space, and the offset in the
    original text of each folded character: a quote is found with one str.find in the folded
    text, exactly as `quote_pattern` would find it in the original, without compiling a
    regular expression per quote."""

    def __init__(self, text: str):
        parts: list[str] = []
        starts = array("q")
        for m in _TOKENS.finditer(text):
            if m.group(1):
                parts.append(" ")
                starts.append(m.start())
            else:
                parts.append(m.group(2))
                starts.extend(range(m.start(), m.end()))
        self.folded = "".join(parts)
        self.starts = starts

    def find(self, quote: str) -> list[tuple[int, int]]:
        """Spans (in the original text) of every non-overlapping occurrence of `quote`."""
        needle = _WS.sub(" ", quote.strip())
        spans, at = [], self.folded.find(needle)
        while needle and at != -1:
            last = at + len(needle) - 1
            spans.append((self.starts[at], self.starts[last] + 1))
            at = self.folded.find(needle, at + len(needle))
        return spans


def find_quote(text: str, quote: str) -> list[tuple[int, int]]:
    """Spans of every non-overlapping occurrence of `quote` in `text`."""
    return DocumentIndex(text).find(quote)


def _unique(items: list[Located], key: str, what: str, problems: list[Problem]) -> dict:
    out = {}
    for item in items:
        k = getattr(item.record, key)
        if k in out:
            problems.append(
                Problem(item.file, k, "duplicate-id", f"{what} {k!r} is defined twice", item.line)
            )
        else:
            out[k] = item
    return out


def _reporter(problems: list[Problem], loc: Located, record: str):
    """A function that records a problem of `record` (defined at `loc`) under a rule."""

    def report(rule: str, message: str) -> None:
        problems.append(Problem(loc.file, record, rule, message, loc.line))

    return report


def _load_documents(seeds: SeedFiles, reports: dict, problems: list[Problem]) -> dict[str, str]:
    doc_root = (seeds.root / "documents").resolve()
    texts = {}
    for report_id, loc in reports.items():
        r = loc.record
        path = seeds.root / "documents" / r.file
        p = _reporter(problems, loc, report_id)
        if (
            Path(r.file).is_absolute()
            or path.is_symlink()
            # a bare file name that is not a link is inside; resolve only other paths (a
            # realpath per document costs a tenth of a second at 5,000 documents)
            or (
                (len(Path(r.file).parts) != 1 or r.file in (".", ".."))
                and doc_root not in path.resolve().parents
            )
        ):
            p("document-path", f"file {r.file!r} must be a plain file inside seeds/documents/")
            continue
        if not path.is_file():
            p("document-missing", f"file {r.file!r} not found in seeds/documents/")
            continue
        raw = path.read_bytes()
        digest = hashlib.sha256(raw).hexdigest()
        if digest != r.sha256:
            p(
                "document-checksum",
                f"sha256 of {r.file} is {digest}, the manifest says {r.sha256}; "
                "restore the document byte for byte, or if it was deliberately replaced, "
                "re-check every quote and update the manifest",
            )
            continue
        try:
            texts[report_id] = raw.decode("utf-8")
        except UnicodeDecodeError as e:
            p("document-encoding", f"{r.file} is not UTF-8 (byte {e.start})")
    return texts


def _years(c: ClaimSeed) -> tuple[int | None, int | None, str | None]:
    if c.year is not None and (c.year_from is not None or c.year_to is not None):
        return None, None, "give either year or year_from/year_to, not both"
    if c.year is not None:
        return c.year, c.year, None
    if (c.year_from is None) != (c.year_to is None):
        return None, None, "give both year_from and year_to (or year for a single year)"
    return c.year_from, c.year_to, None


def _shape(c: ClaimSeed) -> str | None:
    """What is wrong with the combination of qualifier and values, or None."""
    v, lo, hi = c.value is not None, c.value_low is not None, c.value_high is not None
    q = c.qualifier
    if q in ("not_reported", "period"):
        if v or lo or hi:
            return f"a {q} claim has no value, value_low or value_high"
        if q == "period" and _years(c)[0] is None:
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


def _in_years(year: int) -> bool:
    return FIRST_YEAR <= year <= LAST_YEAR


def _year_message(year: int) -> str:
    return f"year {year} is outside the years the database covers ({FIRST_YEAR} to {LAST_YEAR})"


def _precision_problem(number: Decimal) -> str | None:
    """Why DECIMAL(20, 4) cannot hold `number` exactly, or None."""
    if not number.is_finite():
        return "not a finite number"
    sign, digits, exponent = number.normalize().as_tuple()
    if exponent < -MAX_DECIMALS:
        return (
            f"more than {MAX_DECIMALS} decimals; the database keeps {MAX_DECIMALS} and would "
            "round it"
        )
    if len(digits) + exponent > MAX_INTEGER_DIGITS:
        return f"more than {MAX_INTEGER_DIGITS} digits before the decimal point"
    return None


def _check_reports(reports: dict, problems: list[Problem]) -> None:
    """The manifest's years and dates are ones the report table can hold."""
    for report_id, loc in reports.items():
        r = loc.record
        report = _reporter(problems, loc, report_id)
        if not _in_years(r.published_year):
            report("year-out-of-range", "published_year: " + _year_message(r.published_year))
        if r.published_on is not None and r.published_on.year != r.published_year:
            report(
                "report-dates",
                f"published_on {r.published_on} is not in published_year {r.published_year}",
            )
        if (
            r.period_start_on is not None
            and r.period_end_on is not None
            and r.period_start_on > r.period_end_on
        ):
            report(
                "report-dates",
                f"period_start_on {r.period_start_on} is after period_end_on {r.period_end_on}",
            )


def _compatible(m: Mention, unit_kind: str, unit: str) -> bool:
    if unit_kind == "currency":
        return m.currency == unit
    if unit_kind == "percent":
        return m.is_percent
    return m.currency is None and not m.is_percent


def _read_values(
    c: ClaimSeed, quote: str, unit: str, unit_kind: str
) -> tuple[str | None, list[tuple[str, str]]]:
    """Check the claim's values are stated in the quote. Returns (value_text, problems)."""
    wanted = [to_decimal(c.value_low), to_decimal(c.value_high)] if c.qualifier == "range" else []
    if c.qualifier not in ("range", "not_reported", "period"):
        wanted = [to_decimal(c.value)]
    mentions = find_numbers(quote)
    texts, problems = [], []
    for v in wanted:
        same = [m for m in mentions if m.value == v]
        ok = [m for m in same if _compatible(m, unit_kind, unit)]
        if ok:
            texts.append(ok[0].text)
        elif same:
            m = same[0]
            stated = m.currency or ("percent" if m.is_percent else "a plain number")
            problems.append(
                (
                    "unit-mismatch",
                    f"value {v} is stated as {stated} ({m.text!r}) but the claim's unit is {unit}",
                )
            )
        elif v == 0 and states_zero(quote):
            zero = ZERO_RE.search(quote)
            texts.append(zero.group(0) if zero else "0")
        else:
            seen = ", ".join(m.text for m in mentions) or "none"
            problems.append(
                (
                    "value-not-in-quote",
                    f"value {v} is not stated in the quote (numbers it states: {seen})",
                )
            )
    if c.qualifier == "period":
        years = {m.value for m in mentions if m.kind == "digits"}
        y_from, y_to, _ = _years(c)
        missing = [y for y in {y_from, y_to} if y is not None and Decimal(y) not in years]
        if missing:
            problems.append(
                (
                    "period-not-in-quote",
                    f"the period's years {sorted(missing)} are not stated in the quote",
                )
            )
    return (" to ".join(texts) or None), problems


def validate(seeds: SeedFiles, cache: ClaimCache | None = None, jobs: int = 1) -> Dataset:
    """Check everything; raise `SeedError` with every problem, or return the rows to load."""
    data, problems = check(seeds, cache, jobs)
    if problems:
        raise SeedError(problems)
    return data


def check(
    seeds: SeedFiles, cache: ClaimCache | None = None, jobs: int = 1
) -> tuple[Dataset, list[Problem]]:
    """Check everything; return the rows of the valid claims and every problem found.

    The rows are complete only when there are no problems; `tiplake coverage` and
    `tiplake validate --report` use them to work on one report while another is broken.
    With a `cache`, a claims file whose bytes, document, vocabularies and validation code are
    unchanged since it last passed is not parsed again: its rows come from the cache. With
    `jobs` > 1, the claims files are parsed and checked by that many worker processes (see
    `_check_files`); the result is the same, problems in the same order.
    """
    problems = list(seeds.problems)
    reports = _unique(seeds.reports, "report_id", "report", problems)
    indicators = _unique(seeds.indicators, "indicator_code", "indicator", problems)
    sources = _unique(seeds.sources, "source_id", "source", problems)
    units = _unique(seeds.units, "unit", "unit", problems)
    _check_reports(reports, problems)
    texts = _load_documents(seeds, reports, problems)

    for code, loc in indicators.items():
        if loc.record.unit not in units:
            problems.append(
                Problem(
                    loc.file,
                    code,
                    "unknown-unit",
                    f"unit {loc.record.unit!r} is not in vocab/units.yaml",
                    loc.line,
                )
            )
    context = _Context(reports, indicators, sources, units, texts)
    vocab_key = _vocab_key(seeds)
    todo: list[tuple[Path, str | None]] = []  # claims files to parse, with their cache key
    files: dict[str, Path] = {}  # claims file (as claim.seed_file names it) -> cached rows
    for stem, path in seeds.claim_paths.items():
        try:
            raw = path.read_bytes()
        except OSError:
            raw = None  # read_claim_file reports it
        report = reports.get(stem)
        key = None
        if cache is not None and report is not None and stem in texts and raw is not None:
            key = hashlib.sha256(
                b"\0".join([vocab_key, raw, report.record.model_dump_json().encode()])
            ).hexdigest()
            cached = cache.get(key)
            if cached is not None:
                files[rel(path, seeds.root)] = cached
                continue
        todo.append((path, key))
    rows: dict[str, ClaimRow] = {}
    checked = _check_files(todo, seeds.root, context, cache, jobs)
    for (path, _key), (file_problems, file_rows, cached) in zip(todo, checked, strict=True):
        problems.extend(file_problems)
        if cached is not None:
            files[rel(path, seeds.root)] = cached
        else:
            rows.update(file_rows)

    data = Dataset(documents=texts)
    data.reports = [
        ReportRow(
            **{k: getattr(loc.record, k) for k in columns(ReportRow) if k not in ("file_path",)},
            file_path=loc.record.file,
        )
        for loc in reports.values()
    ]
    data.indicators = [IndicatorRow(**loc.record.model_dump()) for loc in indicators.values()]
    data.sources = [SourceRow(**loc.record.model_dump()) for loc in sources.values()]
    data.units = [UnitRow(**loc.record.model_dump()) for loc in units.values()]
    data.claim_rows = [rows[k] for k in sorted(rows)]
    data.claim_files = dict(sorted(files.items()))
    data.relations, data.policies, data.policy_ranks = _relations_and_policies(
        seeds, indicators, problems
    )
    return data, problems


# Below this many bytes of claims files to parse, worker processes do not repay their start.
POOL_MIN_BYTES = 1_000_000


def _check_files(todo: list[tuple[Path, str | None]], root: Path, ctx: _Context, cache, jobs: int):
    """(problems, rows by id, cache file) of each claims file in `todo`, in order. A file that
    passed is written to the cache, when there is one, and its rows are not returned.

    With `jobs` > 1 the files are checked by that many forked worker processes. Fork, not
    spawn: a spawned worker re-imports the caller's main script, which breaks any script
    without an `if __name__ == "__main__"` guard. A fork copies the caller's threads' state
    but not the threads, so `tiplake build` (which forks before it opens DuckDB) asks for
    workers and library callers, whose process may hold DuckDB connections, default to one
    process."""
    jobs = min(jobs, len(todo))
    size = sum(path.stat().st_size for path, _ in todo if path.is_file())
    if jobs < 2 or size < POOL_MIN_BYTES or "fork" not in get_all_start_methods():
        yield from (_check_file(path, key, root, ctx, cache) for path, key in todo)
        return
    global _WORKER
    _WORKER = (root, ctx, cache)  # inherited by the forked workers, never pickled
    try:
        with ProcessPoolExecutor(jobs, get_context("fork")) as pool:
            chunk = max(1, len(todo) // (jobs * 8))
            yield from pool.map(_worker_check, todo, chunksize=chunk)
    finally:
        _WORKER = ()


_WORKER: tuple = ()


def _worker_check(item: tuple[Path, str | None]):
    root, ctx, cache = _WORKER
    return _check_file(item[0], item[1], root, ctx, cache)


def _check_file(path: Path, key: str | None, root: Path, ctx: _Context, cache):
    """Parse and check one claims file: (problems, rows by id, cache file or None)."""
    report_id, claims, problems = read_claim_file(path, root)
    if report_id is None:
        return problems, {}, None
    if report_id not in ctx.reports:
        problems.append(
            Problem(
                rel(path, root),
                "-",
                "unknown-report",
                f"report {report_id!r} is not in documents/manifest.yaml",
            )
        )
    rows, found = _check_claims(report_id, claims, ctx)
    problems.extend(found)
    if key is not None and cache is not None and not problems:
        return problems, {}, cache.put(key, ClaimRow, sorted(rows.values(), key=_by_id))
    return problems, rows, None


def _by_id(row: ClaimRow) -> str:
    return row.claim_id


@dataclass
class _Context:
    """What validating one claims file needs: the vocabularies, the documents and the index
    of the document being checked (one at a time: a claims file quotes only its own document,
    and an index costs 8 bytes per character)."""

    reports: dict
    indicators: dict
    sources: dict
    units: dict
    texts: dict[str, str]
    indexes: dict[str, DocumentIndex] = field(default_factory=dict)

    def index(self, report_id: str) -> DocumentIndex:
        if report_id not in self.indexes:
            self.indexes.clear()
            self.indexes[report_id] = DocumentIndex(self.texts[report_id])
        return self.indexes[report_id]


def _check_claims(report_id: str, claims: list[Located], ctx: _Context):
    """Validate the claims of one file: (rows of the valid claims by id, problems)."""
    reports, indicators, sources, units = ctx.reports, ctx.indicators, ctx.sources, ctx.units
    problems: list[Problem] = []
    rows: dict[str, ClaimRow] = {}
    links: dict[str, tuple[Located, str | None, str | None]] = {}
    for loc in claims:
        c: ClaimSeed = loc.record
        claim_id = f"{report_id}:{c.id}"
        local: list[tuple[str, str]] = []
        if claim_id in rows or claim_id in links:
            local.append(("duplicate-id", f"claim id {c.id!r} is used twice in this file"))
        report = reports.get(report_id)
        indicator = indicators.get(c.indicator_code)
        if indicator is None:
            local.append(
                (
                    "unknown-indicator",
                    f"indicator {c.indicator_code!r} is not in vocab/indicators.yaml",
                )
            )
        if c.source_id not in sources:
            local.append(("unknown-source", f"source {c.source_id!r} is not in vocab/sources.yaml"))
        unit = c.unit or (indicator.record.unit if indicator else None)
        if unit is not None and unit not in units:
            local.append(("unknown-unit", f"unit {unit!r} is not in vocab/units.yaml"))
        unit_kind = units[unit].record.kind if unit in units else None

        y_from, y_to, year_problem = _years(c)
        if year_problem:
            local.append(("period-order", year_problem))
        elif y_from is not None and y_from > y_to:
            local.append(("period-order", f"year_from {y_from} is after year_to {y_to}"))
        outside = [y for y in (y_from, y_to) if y is not None and not _in_years(y)]
        if outside:
            local.append(("year-out-of-range", _year_message(outside[0])))
        elif report and y_from is not None:
            published = report.record.published_year
            future_ok = indicator is not None and indicator.record.allows_future_period
            late = [y for y in ([y_from] if future_ok else [y_from, y_to]) if y > published]
            if late:
                local.append(
                    (
                        "year-after-publication",
                        f"year {late[0]} is after the report's publication ({published})",
                    )
                )

        shape = _shape(c)
        if shape:
            local.append(("qualifier-shape", shape))
        for name in ("value", "value_low", "value_high"):
            number = to_decimal(getattr(c, name))
            if number is None:
                continue
            precision = _precision_problem(number)
            if precision:
                local.append(("value-precision", f"{name} {getattr(c, name)}: {precision}"))
            elif number < 0 and not c.indicator_code.endswith("_change"):
                local.append(
                    (
                        "negative-value",
                        f"{name} {number} is negative; only an indicator of a change "
                        "(code ending _change) has negative values. Curate the figure as "
                        "the document states it, with an indicator that fits it",
                    )
                )

        if c.quote != c.quote.strip():
            local.append(("quote-whitespace", "the quote starts or ends with white space; trim it"))
        span = None
        text = ctx.texts.get(report_id)
        if text is not None:
            spans = ctx.index(report_id).find(c.quote.strip())
            if not spans:
                hint = _near_miss(text, c.quote)
                local.append(("quote-not-found", f"the quote is not in {report.record.file}{hint}"))
            elif c.occurrence is None and len(spans) > 1:
                local.append(
                    (
                        "quote-ambiguous",
                        f"the quote occurs {len(spans)} times in {report.record.file}; add occurrence: N (1 to {len(spans)}) or lengthen the quote",
                    )
                )
            elif c.occurrence is not None and c.occurrence > len(spans):
                local.append(
                    (
                        "occurrence-out-of-range",
                        f"occurrence {c.occurrence} asked, the quote occurs {len(spans)} time(s)",
                    )
                )
            else:
                span = spans[(c.occurrence or 1) - 1]

        value_text = None
        if unit_kind and not shape:
            value_text, value_problems = _read_values(c, c.quote, unit, unit_kind)
            local.extend(value_problems)
        if c.value_label is not None and c.value_label not in c.quote:
            local.append(
                ("value-label-not-in-quote", f"value_label {c.value_label!r} is not in the quote")
            )

        problems.extend(Problem(loc.file, claim_id, rule, msg, loc.line) for rule, msg in local)
        if local or span is None or report is None:
            links[claim_id] = (loc, None, None)  # keep the id known for link checks
            continue
        value = to_decimal(c.value)
        low, high = to_decimal(c.value_low), to_decimal(c.value_high)
        if c.qualifier in ("at_least", "more_than"):
            low = value
        if c.qualifier in ("at_most", "less_than"):
            high = value
        start, end = span
        rows[claim_id] = ClaimRow(
            claim_id=claim_id,
            report_id=report_id,
            source_id=c.source_id,
            indicator_code=c.indicator_code,
            country_iso3=c.country_iso3 or report.record.country_iso3,
            year_from=y_from,
            year_to=y_to,
            value=value,
            value_low=low,
            value_high=high,
            qualifier=c.qualifier,
            unit=unit,
            value_label=c.value_label,
            value_text=value_text,
            sex=c.sex,
            age_band=c.age_band,
            exploitation_form=c.exploitation_form,
            citizenship=c.citizenship,
            destination_iso3=c.destination_iso3,
            origin_iso3=c.origin_iso3,
            category=c.category,
            part_of_claim_id=f"{report_id}:{c.part_of}" if c.part_of else None,
            same_amount_as_claim_id=f"{report_id}:{c.same_amount_as}" if c.same_amount_as else None,
            quote=c.quote,
            occurrence=c.occurrence or 1,
            quote_start=start,
            quote_end=end,
            context_before=text[max(0, start - CONTEXT_CHARS) : start],
            context_after=text[end : end + CONTEXT_CHARS],
            is_low_confidence=c.low_confidence_reason is not None,
            confidence_reason=c.low_confidence_reason,
            note=c.note,
            seed_file=loc.file,
        )
        links[claim_id] = (
            loc,
            rows[claim_id].part_of_claim_id,
            rows[claim_id].same_amount_as_claim_id,
        )

    problems.extend(_check_links(rows, links, units))
    return rows, problems


def _vocab_key(seeds: SeedFiles) -> bytes:
    """What every claims file's validation depends on besides itself and its document."""
    digest = hashlib.sha256(code_version().encode())
    for path in sorted((seeds.root / "vocab").glob("*.yaml")):
        try:
            content = path.read_bytes()
        except OSError as e:  # reported by read_seeds; the key only has to differ
            content = repr(e).encode()
        digest.update(path.name.encode() + b"\0" + content + b"\0")
    return digest.hexdigest().encode()


def _relations_and_policies(seeds: SeedFiles, indicators: dict, problems: list[Problem]):
    relations, seen = [], set()
    for loc in seeds.relations:
        r = loc.record
        name = f"{r.indicator_code} ~ {r.related_indicator_code}"
        report = _reporter(problems, loc, name)
        for code in (r.indicator_code, r.related_indicator_code):
            if code not in indicators:
                report("unknown-indicator", f"indicator {code!r} is not in vocab/indicators*.yaml")
        key = frozenset((r.indicator_code, r.related_indicator_code))
        if key in seen or len(key) == 1:
            report("duplicate-id", "a relation links two different indicators, once")
        seen.add(key)
        relations.append(IndicatorRelationRow(**r.model_dump()))
    policies = _unique(seeds.policies, "policy_id", "policy", problems)
    defaults = [p for p, loc in policies.items() if loc.record.is_default]
    if policies and len(defaults) != 1:
        loc = next(iter(policies.values()))
        problems.append(
            Problem(
                loc.file,
                "-",
                "policy-default",
                f"exactly one policy is the default; found {defaults}",
            )
        )
    rows, ranks = [], []
    for policy_id, loc in policies.items():
        p = loc.record
        if len(set(p.source_kind_order)) != len(p.source_kind_order):
            _reporter(problems, loc, policy_id)("duplicate-id", "a source kind is listed twice")
        rows.append(PolicyRow(**p.model_dump(exclude={"source_kind_order"})))
        ranks += [
            PolicySourceRankRow(policy_id, kind, i + 1)
            for i, kind in enumerate(dict.fromkeys(p.source_kind_order))
        ]
    return relations, rows, ranks


def _near_miss(text: str, quote: str) -> str:
    """A hint for a quote that is not found: where its longest findable prefix stops."""
    words = _WS.split(quote.strip())
    best = 0
    for n in range(1, len(words) + 1):
        if quote_pattern(" ".join(words[:n])).search(text):
            best = n
        else:
            break
    if best == 0:
        return " (not even its first word)"
    if best == len(words):
        return ""
    return f" (it matches up to {' '.join(words[max(0, best - 3) : best])!r}, then differs at {words[best]!r})"


def _check_links(rows: dict[str, ClaimRow], links: dict, units: dict) -> list[Problem]:
    problems = []
    for claim_id, (loc, part_of, same_as) in links.items():
        row = rows.get(claim_id)
        for target, relation in ((part_of, "part_of"), (same_as, "same_amount_as")):
            if target is None or row is None:
                continue
            p = _reporter(problems, loc, claim_id)
            if target not in links:
                p(
                    "unknown-link",
                    f"{relation} {target.split(':', 1)[1]!r} is not a claim of this file",
                )
                continue
            other = rows.get(target)
            if other is None:
                continue  # its own problems are reported
            same_period = (row.indicator_code, row.year_from, row.year_to) == (
                other.indicator_code,
                other.year_from,
                other.year_to,
            )
            if relation == "part_of":
                extra = [
                    b for b in BREAKDOWNS if getattr(other, b) == "all" and getattr(row, b) != "all"
                ]
                if not same_period or row.unit != other.unit:
                    p("link-mismatch", "a part must have its total's indicator, period and unit")
                elif not extra:
                    p(
                        "link-mismatch",
                        "a part must be broken down by something its total is not (sex, age_band, exploitation_form, citizenship or destination_iso3)",
                    )
            else:
                kinds = {units[row.unit].record.kind, units[other.unit].record.kind}
                if not same_period or kinds != {"currency"} or row.unit == other.unit:
                    p(
                        "link-mismatch",
                        "same_amount_as links one amount's two currencies: same indicator and period, two different currencies",
                    )
    # cycles
    for claim_id in rows:
        seen, cur = set(), claim_id
        while cur is not None and cur in rows:
            if cur in seen:
                loc = links[claim_id][0]
                problems.append(
                    Problem(
                        loc.file,
                        claim_id,
                        "link-cycle",
                        "part_of / same_amount_as links form a cycle",
                        loc.line,
                    )
                )
                break
            seen.add(cur)
            r = rows[cur]
            cur = r.part_of_claim_id or r.same_amount_as_claim_id
    return problems
