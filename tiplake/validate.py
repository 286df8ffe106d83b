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
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from decimal import Decimal
from multiprocessing import get_all_start_methods, get_context
from pathlib import Path

import pyarrow as pa

from tiplake.cache import Cache, key_of
from tiplake.documents import DocumentIndex, load_documents, near_miss
from tiplake.numbers import ZERO_RE, Mention, find_numbers, states_zero
from tiplake.problems import Problem, SeedError
from tiplake.rows import (
    BREAKDOWNS,
    CLAIM_SCHEMA,
    ClaimFile,
    ClaimRow,
    Dataset,
    IndicatorRelationRow,
    IndicatorRow,
    PolicyRow,
    PolicySourceRankRow,
    ReportRow,
    SourceRow,
    UnitRow,
    columns,
    to_arrow,
)
from tiplake.seeds import (
    ClaimSeed,
    FileError,
    Located,
    SeedFiles,
    read_claim_file,
    read_file,
    rel,
    to_decimal,
)

# What the tables can hold (migrations 0001, 0002 and 0006): checked here so that a seed
# outside it is a listed problem, never a failed load.
FIRST_YEAR, LAST_YEAR = 1990, 2100
MAX_INTEGER_DIGITS, MAX_DECIMALS = 16, 4  # DECIMAL(20, 4)

CONTEXT_CHARS = 120


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
    """Check the claim's values are stated in the quote, and that the quote says which of its
    numbers they are. Returns (the words of the number as written, e.g. "Sixty-eight" or
    "$88,030": the claim table's value_text; problems).

    A quote that states other numbers besides the claim's value (or both ends of its range)
    and the years of its period must say which words state the value: `value_text`, an exact
    substring of the quote that states exactly the value (or the two ends) and no other
    number. Without it, any number of a sentence would pass as the value of any of its claims
    ("one labor trafficking and 90 sex trafficking victims": labour 90, sexual 1)."""
    wanted = [to_decimal(c.value_low), to_decimal(c.value_high)] if c.qualifier == "range" else []
    if c.qualifier not in ("range", "not_reported", "period"):
        wanted = [to_decimal(c.value)]
    mentions = find_numbers(quote)
    problems: list[tuple[str, str]] = []
    own = _own_numbers(c)
    if c.value_text is not None and wanted:
        if c.value_text not in quote:
            problems.append(
                (
                    "value-text-not-in-quote",
                    f"value_text {_clip(c.value_text)!r} is not in the quote",
                )
            )
            return None, problems
        stated = find_numbers(c.value_text)
        texts, found = _find_values(wanted, stated, c.value_text, unit, unit_kind)
        problems += found
        extra = _other_mentions(stated, wanted, own)
        repeated = [v for v in wanted if sum(m.value == v for m in stated) > wanted.count(v)]
        if not found and (extra or repeated):
            problems.append(
                (
                    "value-text-ambiguous",
                    f"value_text {_clip(c.value_text)!r} states "
                    f"{', '.join(m.text for m in stated)}; it must state the claim's value (or "
                    "the two ends of its range) once, and no other number but the years of its "
                    "period and the bounds of its age band",
                )
            )
        return (" to ".join(texts) or None), problems
    if c.value_text is not None:
        problems.append(("qualifier-shape", f"a {c.qualifier} claim has no value_text"))
    texts, problems2 = _find_values(wanted, mentions, quote, unit, unit_kind)
    problems += problems2
    if wanted and not problems2:
        others = _other_mentions(mentions, wanted, own)
        if others:
            problems.append(
                (
                    "value-ambiguous",
                    f"the quote states other numbers too ({', '.join(m.text for m in others)}); "
                    "add value_text: the words of the quote that state this claim's value and "
                    "no other number",
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


def _own_numbers(c: ClaimSeed) -> set[Decimal]:
    """Numbers a quote may state besides the value without making it ambiguous: the years
    of the claim's period and the bounds of its age band ("between the ages of 18 and 25")."""
    own = {Decimal(y) for y in _years(c)[:2] if y is not None}
    own |= {Decimal(n) for n in re.findall(r"[0-9]+", c.age_band)}
    if c.age_band in ("child", "adult"):
        own.add(Decimal(18))  # "under the age of 18", "over 18"
    return own


def _other_mentions(mentions: list[Mention], wanted: list, own: set) -> list[Mention]:
    """The mentions that state neither a wanted value nor one of the claim's own numbers."""
    return [m for m in mentions if m.value not in wanted and m.value not in own]


def _find_values(
    wanted: list, mentions: list[Mention], text: str, unit: str, unit_kind: str
) -> tuple[list[str], list[tuple[str, str]]]:
    """The text of the mention stating each wanted value in `text`, and the problems."""
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
        elif v == 0 and states_zero(text):
            zero = ZERO_RE.search(text)
            texts.append(zero.group(0) if zero else "0")
        else:
            seen = ", ".join(m.text for m in mentions) or "none"
            problems.append(
                (
                    "value-not-in-quote",
                    f"value {v} is not stated in the quote (numbers it states: {seen})",
                )
            )
    return texts, problems


def _clip(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def validate(seeds: SeedFiles, cache: Cache | None = None, jobs: int = 1) -> Dataset:
    """Check everything; raise `SeedError` with every problem, or return the rows to load."""
    data, problems = check(seeds, cache, jobs)
    if problems:
        raise SeedError(problems)
    return data


def check(
    seeds: SeedFiles, cache: Cache | None = None, jobs: int = 1
) -> tuple[Dataset, list[Problem]]:
    """Check everything; return the rows of the valid claims and every problem found.

    The rows are complete only when there are no problems; `tiplake coverage` and
    `tiplake validate --report` use them to work on one report while another is broken.
    With a `cache`, a claims file whose bytes, report, vocabularies and validation code are
    unchanged since it last passed is not parsed again: its rows come from the cache, after
    the cache verified them (cache.py). With `jobs` > 1, the claims files are parsed and
    checked by that many worker processes (see `_check_files`); the result is the same,
    problems in the same order.
    """
    problems = list(seeds.problems)
    reports = _unique(seeds.reports, "report_id", "report", problems)
    indicators = _unique(seeds.indicators, "indicator_code", "indicator", problems)
    sources = _unique(seeds.sources, "source_id", "source", problems)
    units = _unique(seeds.units, "unit", "unit", problems)
    _check_reports(reports, problems)
    texts = load_documents(seeds.root, reports, problems)

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
    vocab = _vocab_digest(seeds)
    todo: list[tuple[Path, bytes | None, str]] = []  # claims files to check: path, bytes, key
    files: dict[str, ClaimFile] = {}  # by the claims file, as claim.seed_file names it
    for stem, path in seeds.claim_paths.items():
        try:
            raw = read_file(path)
        except FileError:
            raw = None  # read_claim_file reports it
        report = reports.get(stem)
        # The report's record carries the document's sha256: a changed document, a changed
        # publication year... is another key.
        key = key_of(vocab, raw or b"", report.record.model_dump_json().encode() if report else b"")
        name = rel(path, seeds.root)
        if cache is not None and raw is not None and report is not None and stem in texts:
            table = cache.get_table(key, CLAIM_SCHEMA, name)
            if table is not None:
                files[name] = ClaimFile(key, table)
                continue
        todo.append((path, raw, key))
    checked = _check_files(todo, seeds.root, context, jobs)
    for (path, _raw, key), (file_problems, ipc) in zip(todo, checked, strict=True):
        problems.extend(file_problems)
        table = _from_ipc(ipc)
        if cache is not None and not file_problems:
            cache.put_table(key, table)
        files[rel(path, seeds.root)] = ClaimFile(key, table)

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
    data.claim_files = dict(sorted(files.items()))
    data.relations, data.policies, data.policy_ranks = _relations_and_policies(
        seeds, indicators, problems
    )
    return data, problems


# Below this many bytes of claims files to parse, worker processes do not repay their start.
POOL_MIN_BYTES = 1_000_000


def _check_files(todo: list[tuple[Path, bytes | None, str]], root: Path, ctx: _Context, jobs: int):
    """(problems, valid rows as Arrow IPC bytes) of each claims file in `todo`, in order.

    With `jobs` > 1 the files are checked by that many forked worker processes. Fork, not
    spawn: a spawned worker re-imports the caller's main script, which breaks any script
    without an `if __name__ == "__main__"` guard. A fork copies the caller's threads' state
    but not the threads, so `tiplake build` (which forks before it opens DuckDB) asks for
    workers and library callers, whose process may hold DuckDB connections, default to one
    process. The workers return Arrow IPC bytes, which the parent reads as data."""
    jobs = min(jobs, len(todo))
    size = sum(len(raw) for _, raw, _ in todo if raw is not None)
    if jobs < 2 or size < POOL_MIN_BYTES or "fork" not in get_all_start_methods():
        yield from (_check_file(path, raw, root, ctx) for path, raw, _ in todo)
        return
    global _WORKER
    _WORKER = (root, ctx)  # inherited by the forked workers
    try:
        with ProcessPoolExecutor(jobs, get_context("fork")) as pool:
            chunk = max(1, len(todo) // (jobs * 8))
            yield from pool.map(_worker_check, [(p, raw) for p, raw, _ in todo], chunksize=chunk)
    finally:
        _WORKER = ()


_WORKER: tuple = ()


def _worker_check(item: tuple[Path, bytes | None]):
    root, ctx = _WORKER
    return _check_file(item[0], item[1], root, ctx)


def _check_file(path: Path, raw: bytes | None, root: Path, ctx: _Context) -> tuple[list, bytes]:
    """Parse and check one claims file: (problems, its valid rows as Arrow IPC bytes)."""
    report_id, claims, problems = read_claim_file(path, root, raw)
    rows: dict[str, ClaimRow] = {}
    if report_id is not None:
        if report_id not in ctx.reports:
            problems.append(
                Problem(
                    rel(path, root),
                    "-",
                    "unknown-report",
                    f"report {report_id!r} is not in documents/manifest.yaml",
                )
            )
        unparsed = frozenset(p.record for p in problems if p.record.startswith(f"{report_id}:"))
        rows, found = _check_claims(report_id, claims, ctx, unparsed)
        problems.extend(found)
    return problems, _to_ipc(to_arrow(ClaimRow, [rows[k] for k in sorted(rows)]))


def _to_ipc(table: pa.Table) -> bytes:
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    return sink.getvalue().to_pybytes()


def _from_ipc(data: bytes) -> pa.Table:
    return pa.ipc.open_stream(data).read_all()


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


def _check_claims(
    report_id: str, claims: list[Located], ctx: _Context, unparsed: frozenset[str] = frozenset()
):
    """Validate the claims of one file: (rows of the valid claims by id, problems).
    `unparsed`: the ids of the file's claims that could not be parsed (their problems are
    reported): links to them are not reported as links to unknown claims."""
    reports, indicators, sources, units = ctx.reports, ctx.indicators, ctx.sources, ctx.units
    problems: list[Problem] = []
    rows: dict[str, ClaimRow] = {}
    links: dict[str, tuple[Located, str | None, str | None]] = {}
    known = set(unparsed)
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
                hint = near_miss(text, c.quote)
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

    problems.extend(_check_links(rows, links, units, known))
    return rows, problems


def _vocab_digest(seeds: SeedFiles) -> bytes:
    """The vocabularies a claims file's validation reads (indicators, sources, units), as one
    digest: part of every claims file's cache key. Policies and relations are not read by it."""
    digest = hashlib.sha256()
    for pattern in ("indicators*.yaml", "sources*.yaml", "units*.yaml"):
        for path in sorted((seeds.root / "vocab").glob(pattern)):
            try:
                content = read_file(path)
            except FileError as e:  # reported by read_seeds; the key only has to differ
                content = repr(e.message).encode()
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


def _check_links(
    rows: dict[str, ClaimRow], links: dict, units: dict, unparsed: set[str]
) -> list[Problem]:
    problems = []
    for claim_id, (loc, part_of, same_as) in links.items():
        row = rows.get(claim_id)
        for target, relation in ((part_of, "part_of"), (same_as, "same_amount_as")):
            if target is None or row is None:
                continue
            p = _reporter(problems, loc, claim_id)
            if target in unparsed:
                continue  # the target's own problems are reported
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
