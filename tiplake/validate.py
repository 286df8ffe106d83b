"""Validate the seeds: every rule (tiplake/rules/), for the build, `tiplake validate` and coverage.

In:  a `SeedFiles` (from `seeds.read_seeds`), optionally worker processes.
Out: a `Validated`: the rows to load (`Dataset`: vocabularies, reports, and each claims file's
     claims as one Arrow table), every `Problem` found, and each report's skips (the spans of
     its document they cover, which coverage reports on).

The order: the manifest's reports and the vocabularies (unique ids, what the tables can hold),
the documents (held to the manifest's sha256), then each claims file on its own, parsed and
checked claim by claim (rules.check_claim) and then as a whole (ids, links:
rules.check_claims_file), then the relations, policies and skips. A claims file is checked on
its own, so files can be checked by worker processes. Nothing is cached: every file a build
reads is parsed and checked in that build (a rebuild does not read the files it keeps, whose
rows the previous database holds and the build's rules check again: incremental.py). The rows are complete only when there are no problems; `tiplake coverage` and
`tiplake validate --report` use them to work on one report while another is broken.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from multiprocessing import get_all_start_methods, get_context
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.compute as pc

from tiplake import rules
from tiplake.documents import load_documents
from tiplake.problems import Problem, SeedError
from tiplake.rows import (
    CLAIM_SCHEMA,
    CategoryRow,
    ClaimFile,
    ClaimRow,
    Dataset,
    IndicatorRelationRow,
    IndicatorRow,
    PolicyRow,
    PolicySourceRankRow,
    ReportRow,
    SourceRow,
    SumPartRow,
    SumRow,
    UnitRow,
    columns,
    from_arrow,
    to_arrow,
)
from tiplake.rules import ClaimCheck, Document, Linked, SkipSpan, Vocabulary, to_decimal
from tiplake.seeds import FileError, Located, SeedFiles, read_claim_file, read_file, rel

CONTEXT_CHARS = 120  # claim.context_before and context_after
# Below this many bytes of claims files to parse, worker processes do not repay their start.
POOL_MIN_BYTES = 1_000_000


@dataclass
class Validated:
    data: Dataset
    problems: list[Problem] = field(default_factory=list)
    skips: dict[str, list[SkipSpan]] = field(default_factory=dict)  # report_id -> spans

    def of_report(self, report_id: str) -> Validated:
        """The problems of one report's files and records, and its claims only."""
        data = Dataset(**{**vars(self.data)})
        data.claim_files = {
            name: f for name, f in self.data.claim_files.items() if Path(name).stem == report_id
        }
        problems = [
            p
            for p in self.problems
            if p.file.endswith(f"/{report_id}.yaml")
            or p.record.split(":")[0] in (report_id, f"{report_id} skip")
        ]
        return Validated(data, problems, {k: v for k, v in self.skips.items() if k == report_id})

    def raise_problems(self) -> Dataset:
        """The rows, or `SeedError` listing every problem."""
        if self.problems:
            raise SeedError(self.problems)
        return self.data


def validate(
    seeds: SeedFiles,
    jobs: int = 1,
    previous: Callable[[dict[str, str]], Previous | None] | None = None,
) -> Validated:
    """Check everything (see the module docstring). With `jobs` > 1, claims files are checked by worker processes
    (`_check_files`); the result is the same, problems in the same order.

    `previous` (a rebuild): given every claims file's key (`file_key`), it names the previous
    database and the files whose claims it holds as validated from these very keys
    (`Previous`), or None. Those files are not parsed at all: their `ClaimFile` has the key and no tables (the rebuild keeps their rows where they are), and the checks
    across files (restatements) read their claims from that database. The problems found are
    the same either way."""
    problems = list(seeds.problems)
    vocab = Vocabulary(
        reports=rules.unique(seeds.reports, "report_id", "report", problems),
        indicators=rules.unique(seeds.indicators, "indicator_code", "indicator", problems),
        sources=rules.unique(seeds.sources, "source_id", "source", problems),
        units=rules.unique(seeds.units, "unit", "unit", problems),
        categories=rules.unique(seeds.categories, "category", "category", problems),
    )
    problems += rules.check_reports(vocab.reports)
    vocab.texts = load_documents(seeds.root, vocab.reports, problems)
    problems += rules.check_indicator_units(vocab.indicators, vocab.units)

    problems += rules.check_categories(vocab.categories, vocab.units)
    files, known, claim_problems, reused = _claims(seeds, vocab, jobs, previous)
    problems += claim_problems
    problems += rules.check_restatements(_restatement_rows(files, reused), known)
    problems += rules.check_relations(seeds.relations, vocab.indicators)
    policies = rules.unique(seeds.policies, "policy_id", "policy", problems)
    problems += rules.check_policies(policies)
    skips: dict[str, list[SkipSpan]] = {}
    for report_id, located in seeds.skips.items():
        if report_id in vocab.texts:
            skips[report_id], found = rules.check_skips(report_id, vocab.texts[report_id], located)
            problems += found
    data = _dataset(vocab, files, seeds, policies)
    data.skips = skips
    return Validated(data, problems, skips)


@dataclass(frozen=True)
class Previous:
    """The database a rebuild starts from and the claims files (as `claim.seed_file` names
    them) whose claims it holds, validated from the same bytes, report record, vocabularies
    and code as now (incremental.py decides: their keys equal its `_build_input` rows)."""

    db: Path
    files: frozenset[str]

    def claims(self, where: str, params: list) -> list[ClaimRow]:
        """Its claims of `files` that meet `where` (SQL over the claim table)."""
        columns = ", ".join(f'"{name}"' for name in CLAIM_SCHEMA.names)
        with duckdb.connect(str(self.db), read_only=True) as con:
            found = con.execute(
                f"select {columns} from claim "
                f"where seed_file in (select unnest(?)) and ({where}) order by claim_id",
                [sorted(self.files), *params],
            ).fetchall()
        return [ClaimRow(*row) for row in found]


def _restatement_rows(files: dict[str, ClaimFile], previous: Previous | None) -> list[ClaimRow]:
    """The claims `check_restatements` reads: those that restate another or are implied by
    another (implied_by), then the claims their chains lead to; from the files' tables and, for the files a rebuild keeps, from
    the previous database. (A Python row for every claim cost seconds at a million claims; few
    claims restate.)"""
    tables = [f.table for f in files.values() if f.table is not None and f.table.num_rows]
    table = pa.concat_tables(tables) if tables else None

    def find(mask, where: str, params: list) -> list[ClaimRow]:
        found = [] if table is None else from_arrow(ClaimRow, table.filter(mask(table)))
        return found + (previous.claims(where, params) if previous else [])

    rows = {
        r.claim_id: r
        for r in find(
            lambda t: pc.or_(
                pc.is_valid(t["restates_claim_id"]), pc.is_valid(t["implied_by_claim_id"])
            ),
            "restates_claim_id is not null or implied_by_claim_id is not null",
            [],
        )
    }
    wanted = {
        ref for r in rows.values() for ref in (r.restates_claim_id, r.implied_by_claim_id) if ref
    } - set(rows)
    while wanted:
        ids = sorted(wanted)
        found = find(
            lambda t, ids=ids: pc.is_in(t["claim_id"], pa.array(ids, pa.string())),
            "claim_id in (select unnest(?))",
            [ids],
        )
        rows |= {r.claim_id: r for r in found}
        wanted = {r.restates_claim_id for r in found if r.restates_claim_id} - set(rows)
    return sorted(rows.values(), key=lambda r: (r.seed_file, r.claim_id))  # the files' order


def _dataset(vocab: Vocabulary, files: dict[str, ClaimFile], seeds: SeedFiles, policies) -> Dataset:
    data = Dataset(documents=vocab.texts, claim_files=dict(sorted(files.items())))
    data.reports = [
        ReportRow(
            **{k: getattr(loc.record, k) for k in columns(ReportRow) if k != "file_path"},
            file_path=loc.record.file,
        )
        for loc in vocab.reports.values()
    ]
    data.indicators = [IndicatorRow(**loc.record.model_dump()) for loc in vocab.indicators.values()]
    data.sources = [SourceRow(**loc.record.model_dump()) for loc in vocab.sources.values()]
    data.units = [UnitRow(**loc.record.model_dump()) for loc in vocab.units.values()]
    data.categories = [CategoryRow(**loc.record.model_dump()) for loc in vocab.categories.values()]
    data.relations = [IndicatorRelationRow(**loc.record.model_dump()) for loc in seeds.relations]
    for policy_id, loc in policies.items():
        p = loc.record
        data.policies.append(PolicyRow(**p.model_dump(exclude={"source_kind_order"})))
        data.policy_ranks += [
            PolicySourceRankRow(policy_id, kind, i + 1)
            for i, kind in enumerate(dict.fromkeys(p.source_kind_order))
        ]
    return data


# --- claims files, one at a time ---------------------------------------------------------------


def file_key(raw: bytes) -> str:
    """A claims file's key: sha256 of its bytes. Everything else its validation reads (the
    code, the vocabularies, the manifest and documents) is the rebuild's input `*`
    (incremental.inputs): a change there is a full build."""
    return hashlib.sha256(raw).hexdigest()


def _claims(
    seeds: SeedFiles,
    vocab: Vocabulary,
    jobs: int,
    previous: Callable[[dict[str, str]], Previous | None] | None,
) -> tuple[dict[str, ClaimFile], set[str], list[Problem], Previous | None]:
    """Each claims file's valid claims and sums (by the file, as claim.seed_file names it),
    the claim ids the files define (valid or not; not those of the files a rebuild keeps),
    the problems, and what the rebuild keeps (`validate` says how)."""
    read: list[tuple[Path, bytes | None, str, str]] = []  # path, bytes, key, seed_file
    folder = rel(seeds.root / "claims", seeds.root)  # each file's seed_file is folder/name
    for path in seeds.claim_paths.values():
        try:
            raw = read_file(path)
        except FileError:
            raw = None  # read_claim_file reports it
        read.append((path, raw, file_key(raw or b""), f"{folder}/{path.name}"))
    kept = previous({name: key for _, _, key, name in read}) if previous else None
    todo: list[tuple[Path, bytes | None, str]] = []  # files to check: path, bytes, key
    files: dict[str, ClaimFile] = {}
    known: set[str] = set()
    for path, raw, key, name in read:
        usable = raw is not None and path.stem in vocab.reports and path.stem in vocab.texts
        if usable and kept is not None and name in kept.files:
            files[name] = ClaimFile(key, None, None, None)
            continue
        todo.append((path, raw, key))
    problems: list[Problem] = []
    checked = _check_files(todo, seeds.root, vocab, jobs)
    for (path, _raw, key), (file_problems, ids, tables) in zip(todo, checked, strict=True):
        problems += file_problems
        known.update(ids)
        claims, sums, parts = tables
        files[rel(path, seeds.root)] = ClaimFile(key, claims, sums, parts)
    if kept is not None:
        kept = replace(kept, files=frozenset(f for f, c in files.items() if c.table is None))
    return files, known, problems, kept


def _check_files(
    todo: list[tuple[Path, bytes | None, str]], root: Path, vocab: Vocabulary, jobs: int
):
    """(problems, ids, valid rows as Arrow tables) of each claims file in `todo` (path, bytes,
    key), in order.

    With `jobs` > 1 the files are checked by that many forked worker processes, which inherit
    `root` and `vocab` (the documents among it) from the fork, through the pool's
    initializer, instead of receiving a copy with each file. Fork, not spawn: a spawned
    worker re-imports the caller's main script, which breaks any script without an
    `if __name__ == "__main__"` guard. A fork copies the caller's threads' state but not the
    threads, so `tiplake build` (which forks before it opens DuckDB) asks for workers and
    library callers, whose process may hold DuckDB connections, default to one process. The
    workers return Arrow IPC bytes, which the parent reads as data."""
    jobs = min(jobs, len(todo))
    size = sum(len(raw) for _, raw, _ in todo if raw is not None)
    if jobs < 2 or size < POOL_MIN_BYTES or "fork" not in get_all_start_methods():
        yield from (check_claims_file(path, raw, root, vocab) for path, raw, _ in todo)
        return
    with ProcessPoolExecutor(
        jobs, get_context("fork"), initializer=_start_worker, initargs=(root, vocab)
    ) as pool:
        for problems, ids, tables in pool.map(
            _worker_check, todo, chunksize=max(1, len(todo) // (jobs * 8))
        ):
            yield problems, ids, tuple(pa.ipc.open_stream(t).read_all() for t in tables)


_worker: tuple[Path, Vocabulary] | None = None  # set by _start_worker


def _start_worker(root: Path, vocab: Vocabulary) -> None:
    global _worker
    _worker = (root, vocab)


def _worker_check(item: tuple[Path, bytes | None, str]):
    path, raw, _key = item
    problems, ids, tables = check_claims_file(path, raw, *_worker)
    return problems, ids, tuple(_ipc(t) for t in tables)  # Arrow IPC: bytes to the parent


def check_claims_file(
    path: Path, raw: bytes | None, root: Path, vocab: Vocabulary
) -> tuple[list[Problem], list[str], tuple[pa.Table, pa.Table, pa.Table]]:
    """Parse and check one claims file: (problems, the ids of its claims, its valid claims,
    sums and sums' parts as Arrow tables)."""
    report_id, claims, sums, problems = read_claim_file(path, root, raw)
    rows: list[ClaimRow] = []
    ids: list[str] = []
    checked = rules.FileChecked()
    if report_id is not None:
        if report_id not in vocab.reports:
            problems.append(
                rules.UNKNOWN_REPORT.problem(
                    rel(path, root), "-", f"report {report_id!r} is not in documents/manifest.yaml"
                )
            )
        text = vocab.texts.get(report_id)
        document = Document(text) if text is not None else None
        linked = []
        for loc in claims:
            check = ClaimCheck(loc, report_id, vocab, document)
            found = rules.check_claim(check)
            problems += found
            linked.append(Linked(check, None if found else claim_row(check)))
        unparsed = {p.record for p in problems if p.record.startswith(f"{report_id}:")}
        checked = rules.check_claims_file(report_id, linked, sums, document, unparsed)
        problems += checked.problems
        ids = [c.check.claim_id for c in linked] + sorted(unparsed)
        part_of = checked.part_of
        rows = sorted(
            (
                replace(c.row, part_of_claim_id=part_of[c.row.claim_id])
                if c.row.claim_id in part_of
                else c.row
                for c in linked
                if c.row is not None
            ),
            key=lambda r: r.claim_id,
        )
    tables = (
        to_arrow(ClaimRow, rows),
        to_arrow(SumRow, sorted(checked.sums, key=lambda r: r.sum_id)),
        to_arrow(SumPartRow, sorted(checked.sum_parts, key=lambda r: (r.sum_id, r.claim_id))),
    )
    return problems, ids, tables


def claim_row(c: ClaimCheck) -> ClaimRow | None:
    """The claim table's row of a claim that passed every claim rule (None when the quote
    has no place in a document: the report or its document is missing, reported elsewhere)."""
    if c.span is None or c.report is None:
        return None
    s, (start, end) = c.seed, c.span
    y_from, y_to, _ = c.period
    value, low, high = to_decimal(s.value), to_decimal(s.value_low), to_decimal(s.value_high)
    if s.qualifier in ("at_least", "more_than"):
        low = value
    if s.qualifier in ("at_most", "less_than"):
        high = value
    text = c.document.text
    return ClaimRow(
        claim_id=c.claim_id,
        report_id=c.report_id,
        source_id=s.source_id,
        indicator_code=s.indicator_code,
        country_iso3=s.country_iso3 or c.report.country_iso3,
        year_from=y_from,
        year_to=y_to,
        value=value,
        value_low=low,
        value_high=high,
        qualifier=s.qualifier,
        unit=c.unit,
        value_category=s.value_category,
        value_label=s.value_label,
        value_text=c.value_text,
        sex=s.sex,
        age_band=s.age_band,
        exploitation_form=s.exploitation_form,
        citizenship=s.citizenship,
        destination_iso3=s.destination_iso3,
        origin_iso3=s.origin_iso3,
        category=s.category,
        part_of_claim_id=None,  # from the file's sums (check_claims_file)
        same_amount_as_claim_id=f"{c.report_id}:{s.same_amount_as}" if s.same_amount_as else None,
        restates_claim_id=c.restated_id,
        restated_source_id=s.restated_from,
        restatement_change=s.restatement_change,
        quote=s.quote,
        occurrence=s.occurrence or 1,
        quote_start=start,
        quote_end=end,
        context_before=text[max(0, start - CONTEXT_CHARS) : start],
        context_after=text[end : end + CONTEXT_CHARS],
        is_low_confidence=s.low_confidence_reason is not None,
        confidence_reason=s.low_confidence_reason,
        judgement=s.judgement,
        judgement_reason=s.judgement_reason,
        note=s.note,
        seed_file=c.loc.file,
        attribution_reason=s.attribution_reason,
        period_basis=s.period_basis,
        implied_by_claim_id=c.implied_id,
    )


def _ipc(table: pa.Table) -> bytes:
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    return sink.getvalue().to_pybytes()


__all__ = ["Located", "Validated", "check_claims_file", "claim_row", "validate"]
