"""Rebuild from the previous database when only claims files changed.

In:  the previous database (its `_build_input` rows), the validated dataset and the project.
Out: a plan (which claims files changed, went or came) or None when a full build is needed;
     `apply` brings a copy of the previous database up to date with the plan.

Curators edit one claims file and rebuild. A full build at a million claims reloads every
claim and recomputes every stored view; a rebuild does only the work whose inputs changed:
1. The file must be the one the last build published: unwritten since, its content's sha256
   the one recorded when it was published (publish.py), holding exactly the tables and views
   migrations/ and sql/ declare; and everything but the claims files must be as the previous
   build saw it: the code, DuckDB and the storage format, migrations/, sql/, the
   vocabularies, the manifest (whose checksums validation holds the documents to) and the
   skip lists. `_build_input` keeps a digest of them (input `*`) and each claims file's key
   (the sha256 of its bytes). Any difference, or a previous database without those rows,
   means a full build; the build says why when the file is not the one it published.
   Validation already asks (`kept_files`): the unchanged files' claims are not parsed; the
   checks across files read them from the previous database (validate.Previous).
2. The previous database is copied beside it (the publish step replaces it only when every
   stage passed, as in a full build). In the copy, the claims of the changed and removed
   files are deleted (with their sums), the `year` table is brought up to the claims, and
   the changed and added files' claims are inserted, as the full load does.
3. The stored views are refreshed for the countries those claims (old and new) are about
   (`refresh_stored`: the partitioned views recompute only those countries' rows). A stored
   view is recomputed whole when one of its rows for another country may have changed: when
   it reads (directly or through other views: read from its SQL, views.reads_through) a
   table a rebuild changes for every country (`ACROSS`: the `year` table, which spans every
   country's claims and bounds every country's coverage) and that table changed, when what
   it declares it reads whole changed for those countries, or when a stored view it reads was
   recomputed whole. The tables a rebuild writes are `FILE_TABLES` (the changed files' own
   rows, whose countries are recomputed) and `ACROSS`; every other table comes from the
   inputs of `*`, unchanged in a rebuild.
Then the build creates the views again from sql/ (not their stored rows), runs the row rules
over every row, kept or new (rules/setbased.py: a row that does not read back against its
document means a full build), runs the checks and publishes as after a full build. The result has the same
rows in every table and view as a full build from the same seeds (tests/test_incremental.py
compares them); only the physical order of rows differs, which no query may rely on.

A full build is also done when more than half the claims files changed (the rebuild would do
most of the work anyway, in more statements) and after `MAX_REBUILDS` rebuilds in a row, so
that the space deleted rows leave in the file is reclaimed. `tiplake build --full` forces one.
"""

from __future__ import annotations

import functools
import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb

from tiplake.documents import MAX_DOCUMENT_BYTES
from tiplake.load import STAGE, insert_claims, stage_claims, years_sql
from tiplake.project import PARTITION, STORED_PREFIX, Project
from tiplake.publish import CATALOG, is_published, why_not_published
from tiplake.rows import Dataset
from tiplake.seeds import FileError, read_file
from tiplake.validate import Previous
from tiplake.views import ViewError, ViewFile, reads_through, sql_string

OTHER = "*"  # the `_build_input` row of every input other than the claims files
MAX_REBUILDS = 20
# The tables `apply` writes: the claims files' rows (each of one file, deleted and inserted
# with it) and those derived from every country's claims (a change may touch any country).
FILE_TABLES = ("claim", "claim_sum", "claim_sum_part")
ACROSS = ("year",)


@dataclass(frozen=True)
class Plan:
    changed: list[str]  # claims files (seed_file) whose claims are replaced or added
    removed: list[str]  # claims files gone since the previous build
    rebuilds: int  # rebuilds in a row before this one (_meta.rebuilds)


PACKAGE = Path(__file__).resolve().parent


def inputs(project: Project, keys: dict[str, str], storage_version: str) -> dict[str, str]:
    """Each input's sha256: every claims file's key (`keys`, by file: validate.file_key), and
    `*` for all the rest (the code that builds and validates among it: any change to it is a
    full build)."""
    digest = hashlib.sha256()
    code = hashlib.sha256()
    for path in sorted([*PACKAGE.glob("*.py"), *PACKAGE.glob("rules/*.py")]):
        code.update(path.name.encode() + b"\0" + path.read_bytes())
    for part in (code.hexdigest(), duckdb.__version__, storage_version):
        digest.update(part.encode() + b"\0")
    claims, documents = project.seeds / "claims", project.seeds / "documents"
    for top in (project.migrations, project.views.parent, project.seeds):
        for folder, _dirs, names in sorted(os.walk(top)):
            if Path(folder) == claims:
                continue  # keyed one by one
            if Path(folder) == documents:
                # validation holds each document to the checksum the manifest gives
                names = [n for n in names if n == "manifest.yaml"]
            for name in sorted(names):
                path = Path(folder) / name
                digest.update(str(path.relative_to(project.root)).encode() + b"\0")
                digest.update(_content(path) + b"\0")
    return {OTHER: digest.hexdigest(), **keys}


def keys(data: Dataset) -> dict[str, str]:
    """Each claims file's key."""
    return {file: claims.key for file, claims in data.claim_files.items()}


def kept_files(
    db_path: Path,
    project: Project,
    storage_version: str,
    names: Callable[[], set[str]],
    why: list[str] | None = None,
) -> Callable[[dict[str, str]], Previous | None]:
    """For validation (validate.Previous): given the claims files' keys, the previous
    database and the files a rebuild from it would keep, or None when it would be a full
    build (`plan`: `names`, `why`). The build plans again under its lock (`still_kept`)."""

    def kept(file_keys: dict[str, str]) -> Previous | None:
        todo = plan(db_path, inputs(project, file_keys, storage_version), names, why)
        if todo is None:
            return None
        return Previous(db_path, frozenset(file_keys) - set(todo.changed))

    return kept


def still_kept(todo: Plan | None, data: Dataset) -> bool:
    """Whether the rebuild `todo` keeps every claims file validation left in the previous
    database (another build may have published between the two)."""
    kept = {name for name, f in data.claim_files.items() if f.table is None}
    return not kept or (todo is not None and not kept & set(todo.changed))


def _content(path: Path) -> bytes:
    """A file's bytes; for what cannot be read as a file (a pipe, a folder...), its error,
    which differs from any content (the stage that reads the file reports it)."""
    try:
        return read_file(path, MAX_DOCUMENT_BYTES)
    except FileError as e:
        return f"unreadable: {e.message}".encode()


def plan(
    db_path: Path,
    current: dict[str, str],
    names: Callable[[], set[str]] | None = None,
    why: list[str] | None = None,
) -> Plan | None:
    """What a rebuild from `db_path` must redo to reach `current`, or None for a full build
    (with the reason appended to `why`, when there is one worth saying). `names()`: the tables
    and views the file may hold (the migrations' tables, the views of sql/ and their stored
    tables); a file holding any other is not rebuilt from."""

    def full(reason: str | None = None) -> None:
        if reason and why is not None:
            why.append(f"a full build: the previous file {reason}")
        return None

    if not db_path.is_file() or Path(f"{db_path}.wal").exists():
        return full()  # no previous database, or one with changes a copy would not have
    if not is_published(db_path):
        return full()  # not the file the last build published: written to since, or replaced
    distrusted = _why_not_published(db_path, db_path.stat().st_ino, db_path.stat().st_ctime_ns)
    if distrusted:
        return full(distrusted)
    try:
        with duckdb.connect(str(db_path), read_only=True) as con:
            previous = dict(con.execute("select input, sha256 from _build_input").fetchall())
            (rebuilds,) = con.execute("select max(rebuilds) from _meta").fetchone()
            held = {n for (n,) in con.execute(CATALOG).fetchall()}
    except duckdb.Error:
        return full()  # not a database, or one built before `_build_input` existed
    expected = names() if names is not None else held
    if held != expected:
        odd = sorted(held ^ expected)
        return full(
            f"holds tables or views sql/ and migrations/ do not declare, or lacks some ({', '.join(odd[:5])})"
        )
    if previous.get(OTHER) is None or previous.get(OTHER) != current.get(OTHER):
        return None
    files = set(current) - {OTHER}
    changed = sorted(f for f in files if previous.get(f) != current[f])
    removed = sorted(set(previous) - set(current))
    if 2 * (len(changed) + len(removed)) > max(len(files), 1) or (rebuilds or 0) >= MAX_REBUILDS:
        return None
    return Plan(changed, removed, rebuilds or 0)


@functools.cache
def _why_not_published(db_path: Path, _inode: int, _ctime_ns: int) -> str | None:
    """publish.why_not_published, once per file as it is (validation plans, then the build
    plans again under its lock: the file is read and hashed once)."""
    return why_not_published(db_path)


def apply(
    con: duckdb.DuckDBPyConnection, views: list[ViewFile], data: Dataset, todo: Plan
) -> tuple[list[str], dict[str, str]]:
    """Bring the database `con` uses (a copy of the previous one) up to date with `todo`;
    return the countries recomputed and how each stored view of `views` was
    (`refresh_stored`).

    Runs statement by statement, not in one transaction: the copy is thrown away unless the
    whole build passes. (The reason it was chosen, DuckDB checking a foreign key against rows
    deleted earlier in the same transaction, went with the claim tables' foreign keys in
    migration 0013.)"""
    old = ", ".join(sql_string(f) for f in todo.changed + todo.removed) or "null"
    stage_claims(con, [data.claim_files[f].table for f in todo.changed])
    countries = [
        c
        for (c,) in con.execute(
            f"select country_iso3 from claim where seed_file in ({old}) "
            f"union select country_iso3 from temp.{STAGE} order by 1"
        ).fetchall()
    ]
    snapshot_whole_reads(con, views, countries)
    _delete_claims(con, old)
    _update_years(con)
    insert_claims(con, [data.claim_files[f] for f in todo.changed])
    con.execute(f"drop table temp.{STAGE}")
    return countries, refresh_stored(con, views, countries)


def _delete_claims(con: duckdb.DuckDBPyConnection, files: str) -> None:
    """Delete the claims, sums and sums' parts of `files` (a SQL list)."""
    con.execute(
        "delete from claim_sum_part where sum_id in "
        f"(select sum_id from claim_sum where seed_file in ({files}))"
    )
    con.execute(f"delete from claim_sum where seed_file in ({files})")
    con.execute(f"delete from claim where seed_file in ({files})")


def _update_years(con: duckdb.DuckDBPyConnection) -> None:
    """Make `year` what a full build derives from the remaining and the staged claims."""
    claims = (
        f"(select year_from, year_to from main.claim "
        f"union all select year_from, year_to from temp.{STAGE})"
    )
    con.execute(f"create or replace temp table _tiplake_years as {years_sql(claims)}")
    con.execute('delete from "year" where "year" not in (select "year" from _tiplake_years)')
    con.execute(
        'update "year" set is_in_claims = y.is_in_claims from _tiplake_years as y '
        'where y."year" = "year"."year" and y.is_in_claims <> "year".is_in_claims'
    )
    con.execute(
        'insert into "year" select * from _tiplake_years '
        'where "year" not in (select "year" from main."year") order by 1'
    )
    con.execute("drop table _tiplake_years")


# --- stored views: recomputed for the partitions (countries) a rebuild touched ---------------


def _in(values: list[str]) -> str:
    return f'"{PARTITION}" in ({", ".join(sql_string(v) for v in values) or "null"})'


def _partition_rows(name: str, values: list[str]) -> str:
    return f'select * from main."{name}" where {_in(values)}'


def _partitioned(con: duckdb.DuckDBPyConnection) -> set[str]:
    """The tables and views of the database that have the partition column."""
    return {
        name
        for (name,) in con.execute(
            "select distinct table_name from duckdb_columns() "
            "where database_name = current_database() and column_name = ?",
            [PARTITION],
        ).fetchall()
    }


def _watched(con: duckdb.DuckDBPyConnection, name: str, values: list[str]) -> str:
    """The rows of `name` whose change `refresh_stored` looks for: those for `values` of a
    relation with the partition column, every row of one without (`year`)."""
    return (
        _partition_rows(name, values)
        if name in _partitioned(con)
        else f'select * from main."{name}"'
    )


def whole_reads(v: ViewFile, views: list[ViewFile]) -> list[str]:
    """The relations whose change may change the rows of the stored view `v` for any country:
    what it declares it reads whole, and the tables of `ACROSS` it reads (directly or through
    other views, as its SQL says)."""
    by_name = {w.name: w for w in views}
    return sorted(set(v.whole) | (reads_through(v.name, by_name) & set(ACROSS)))


def snapshot_whole_reads(
    con: duckdb.DuckDBPyConnection, views: list[ViewFile], values: list[str]
) -> None:
    """Before the claims change: keep the rows of every relation a stored view of `views`
    reads whole (`whole_reads`), for `refresh_stored` to compare."""
    for name in sorted({w for v in views if v.stored for w in whole_reads(v, views)}):
        con.execute(
            f'create or replace temp table "_before_{name}" as {_watched(con, name, values)}'
        )


def refresh_stored(
    con: duckdb.DuckDBPyConnection, views: list[ViewFile], values: list[str]
) -> dict[str, str]:
    """After the claims of the partitions `values` (countries) changed, bring the rows of
    every stored view of `views` (`discover`'s order) up to date; return how each was
    refreshed ("partition" or "whole").

    A partitioned view gets its rows for `values` deleted and computed again from the rows
    for `values` of what it reads: its SELECT runs under CTEs that shadow `claim` and every
    view with the partition column by those rows (the SELECT itself is unchanged). A view is
    computed again whole when it is not partitioned, when what it reads whole (`whole_reads`)
    changed since `snapshot_whole_reads`, or when a stored view it reads (directly or through
    other views) was computed again whole: then its rows for other countries may change."""
    names = {v.name for v in views}
    by_name = {v.name: v for v in views}
    keyed = {"claim"} | (_partitioned(con) & names)
    how: dict[str, str] = {}
    for v in views:
        if not v.stored:
            continue
        table = STORED_PREFIX + v.name
        widened = any(how.get(n) == "whole" for n in reads_through(v.name, by_name))
        try:
            if (
                v.partition
                and not widened
                and not any(_changed(con, name, values) for name in whole_reads(v, views))
            ):
                shadows = ",\n".join(
                    f'"{name}" as ({_partition_rows(name, values)})'
                    for name in sorted(keyed - set(v.whole) - {v.name})
                )
                con.execute(f'delete from "{table}" where {_in(values)}')
                con.execute(
                    f'insert into "{table}" select * from (with {shadows}\n'
                    f"select * from (\n{v.sql}\n) as _view where {_in(values)})"
                )
                how[v.name] = "partition"
            else:
                con.execute(f'delete from "{table}"')
                con.execute(f'insert into "{table}"\n{v.sql}')
                how[v.name] = "whole"
        except duckdb.Error as e:
            raise ViewError(f"{v.path}: {e}") from e
    return how


def _changed(con: duckdb.DuckDBPyConnection, name: str, values: list[str]) -> bool:
    con.execute(f'create or replace temp table "_after_{name}" as {_watched(con, name, values)}')
    before, now = f'select * from temp."_before_{name}"', f'select * from temp."_after_{name}"'
    (changed,) = con.execute(
        f"select exists({before} except all {now}) or exists({now} except all {before})"
    ).fetchone()
    return changed
