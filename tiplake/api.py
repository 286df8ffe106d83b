"""The Python API for notebooks and scripts: read the published database, never write it.

In:  the path of a built database (default: $TIPLAKE_DB, else build/tiplake.duckdb in a
     checkout, else tiplake.duckdb in the per-user data directory: project.py).
Out: `connect()` -> a `Database`: a sandboxed DuckDB connection (`open_read_only`) with the
     file attached READ_ONLY as catalog `tiplake` (and made the default), so queries name
     tables and views plainly, a rebuild can replace the file at any time, and no write-ahead
     log is ever left beside it. `refresh()` opens the rebuilt file in a new connection.
     `table(name, **filters)` -> a Polars DataFrame of a table or view; filter values are bound
     as parameters (a list or tuple means "one of"; None means "is null").

    >>> import tiplake
    >>> db = tiplake.connect()
    >>> db.execute("select count(*) from claim").fetchone()
    >>> tiplake.table("reconciled", indicator_code="victims_identified", year_from=2017)

Reading never builds (issue 30): `connect()` and `table()` only open a file. With no database
at the path (named, $TIPLAKE_DB or the default) they raise `NoDatabase`, whose one line says
how to build one: `tiplake build` (in a checkout, "`make build-db` (or `tiplake build`)"). An
installed package's default database built from other inputs than the package's own (other
seeds, other SQL or migrations, another tiplake or DuckDB: after `pip install --upgrade`) is
still opened as it is, with one line on standard error:

    tiplake: <path> was built from other seeds or another version of tiplake; reading it as
    it is (`tiplake build` rebuilds it)

(on one line). The comparison is freshness.stale's, the one the outputs make in a checkout:
it hashes the installed seeds and code (about 2 MB), and it alone loads the building modules
that fingerprint them. A checkout's database and a file you name are opened without comparing:
in a checkout, `tiplake site`, `export` and `chart` compare before they write anything.
Importing tiplake and opening a database load none of the building modules
(tests/test_reading.py).

What a query through `connect()` or `tiplake query` can and cannot do (the sandbox, set with
DuckDB's own switches before the file is attached, and locked before any statement names a
table, a view or a function: a macro or a view in a crafted file runs only inside it):
- it can read every table and view, and create scratch tables in the connection's in-memory
  catalog (`use memory; create table ...`) that vanish when the connection closes;
- it cannot write, create or delete any file: `copy ... to`, `export database`, `attach`,
  `install`, reading files with `read_csv` and friends, and log or profiling output are
  refused (`enable_external_access` off and the local file system disabled);
- it cannot change the published database (attached read-only, and it cannot be attached
  again read-write: attaching anything from disk is refused), nor any setting (`set` and
  `reset` are refused: `lock_configuration`), nor spill to a temporary folder on disk (none
  is set: a query that does not fit in memory fails instead);
- a user's own files are read only when named up front (`read={"name": path}`, or
  `tiplake query --read name=path`): each is loaded into a temporary table of that name
  before the database is attached (so no name in it can stand for DuckDB's readers), and
  nothing is ever written back.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import duckdb

from tiplake import project
from tiplake.project import STORED_PREFIX, default_db_path

CATALOG = "tiplake"
_READERS = {
    ".csv": "read_csv",
    ".tsv": "read_csv",
    ".txt": "read_csv",
    ".parquet": "read_parquet",
    ".json": "read_json",
    ".ndjson": "read_json",
    ".jsonl": "read_json",
}
_DUCKDB_MAGIC = b"DUCK"


class DatabaseError(Exception):
    """The database cannot be opened: missing, a directory, not a DuckDB file, unreadable."""


class NoDatabase(DatabaseError, FileNotFoundError):
    """There is no database at the path."""


def check_database(path: Path) -> None:
    """Raise `DatabaseError`, saying what to do, unless `path` is a DuckDB file to read (a
    regular file: a FIFO or a device would block or never end). Only the file's first 12 bytes
    are read, as bytes: nothing in it runs before the sandbox (`open_read_only`)."""
    if not path.exists():
        how = "`make build-db` (or `tiplake build`)" if project.IN_CHECKOUT else "`tiplake build`"
        raise NoDatabase(f"no database at {path}; build it with {how}")
    if path.is_dir():
        raise DatabaseError(f"{path} is a directory, not a database file")
    if not path.is_file():
        raise DatabaseError(f"{path} is not a regular file")
    try:
        with open(path, "rb") as f:
            head = f.read(12)
    except OSError as e:
        raise DatabaseError(f"cannot read {path}: {e.strerror}") from None
    if head[8:12] != _DUCKDB_MAGIC:
        raise DatabaseError(f"{path} is not a DuckDB database (build one with `tiplake build`)")


def open_read_only(
    path: Path | str | None = None, read: Mapping[str, Path | str] | None = None
) -> duckdb.DuckDBPyConnection:
    """A sandboxed connection to the database at `path` (see the module docstring): the file
    attached read-only as `tiplake`, the default catalog; `read`: the user's own files to load
    first, each into a temporary table named by its key.

    The order is the guarantee. The connection starts in memory, with no extension loading and
    no temporary folder; external access is switched off, except for exactly the files named
    (the database, the WAL a read-only attach looks for, the user's files), before anything is
    read; the user's files are loaded while no catalog but DuckDB's own exists, so `read_csv`
    is DuckDB's; the database is attached; then the local file system is disabled and the
    configuration locked, and only then does `use tiplake` let the file's names (a macro
    called `read_csv`, a view over `read_text`) resolve. No statement of tiplake's runs between
    the attach and the lock but these two `set`s.

    (DuckDB refuses `allowed_paths` in `duckdb.connect(config=...)` and once external access
    is off, so those two are set by the first statements, on an empty in-memory connection.)"""
    path = Path(path) if path is not None else default_db_path()
    check_database(path)
    files = {name: _readable(name, Path(file)) for name, file in (read or {}).items()}
    database = str(path.resolve())
    allowed = [database, database + ".wal", *(str(file) for _, file in files.values())]
    con = duckdb.connect(
        config={
            "temp_directory": "",  # never spill to disk
            "autoinstall_known_extensions": False,
            "autoload_known_extensions": False,
        }
    )
    try:
        try:
            con.execute("set enable_progress_bar = false")  # DuckDB draws it on standard output
        except duckdb.Error:
            # In Jupyter, DuckDB renders it as a widget, not on standard output, and refuses to
            # change the setting at all when ipywidgets is missing: nothing to switch off.
            pass
        con.execute(f"set allowed_paths = [{', '.join(_literal(p) for p in allowed)}]")
        con.execute("set enable_external_access = false")
        for name, (reader, file) in files.items():
            con.execute(f'create temp table "{name}" as select * from {reader}(?)', [str(file)])
        con.execute(f"attach {_literal(database)} as {CATALOG} (read_only)")
        con.execute("set disabled_filesystems = 'LocalFileSystem'")
        con.execute("set lock_configuration = true")
        con.execute(f"use {CATALOG}")
    except duckdb.Error as e:
        con.close()
        raise DatabaseError(f"cannot open {path}: {str(e).splitlines()[0]}") from None
    except BaseException:
        con.close()
        raise
    return con


def _readable(name: str, file: Path) -> tuple[str, Path]:
    """The DuckDB reader for a user's file and its resolved path; `DatabaseError` unless
    `name` can name a table and `file` is a file of a kind DuckDB reads."""
    if not name.isidentifier():
        raise DatabaseError(f"{name!r} cannot name a table: use letters, digits and _")
    reader = _READERS.get(file.suffix.lower())
    if reader is None:
        raise DatabaseError(
            f"cannot read {file}: name a .csv, .tsv, .parquet or .json file ({', '.join(sorted(_READERS))})"
        )
    if not file.is_file():
        raise DatabaseError(f"no file {file} to read as {name}")
    return reader, file.resolve()


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


class Database:
    """A read-only view of the published database. Attribute access falls through to the
    underlying DuckDB connection (`sql`, `execute`, `fetchall`...)."""

    def __init__(
        self, path: Path | str | None = None, read: Mapping[str, Path | str] | None = None
    ):
        self.path = Path(path) if path is not None else default_db_path()
        self.read = dict(read or {})
        self.connection = open_read_only(self.path, self.read)

    def refresh(self) -> Database:
        """Open the file again, in a new connection, to read a database rebuilt since
        `connect()` (scratch tables of the old connection are gone)."""
        connection = open_read_only(self.path, self.read)
        self.connection.close()
        self.connection = connection
        return self

    def relations(self) -> list[str]:
        """Names of the tables and views of the database (not the tables that hold stored
        views' rows: query the view). DuckDB's catalog functions are named with their catalog
        (`system.main.`): a file's macro of the same name cannot stand for them."""
        return [
            r[0]
            for r in self.connection.execute(
                "select table_name from system.main.duckdb_tables() where database_name = ? "
                f"and not system.main.starts_with(table_name, '{STORED_PREFIX}') "
                "union select view_name from system.main.duckdb_views() "
                "where database_name = ? and not internal order by 1",
                [CATALOG, CATALOG],
            ).fetchall()
        ]

    def table(self, name: str, **filters: Any):
        """A table or view as a Polars DataFrame, rows in the order of all columns."""
        if name not in self.relations():
            raise KeyError(f"no table or view {name!r}; see tiplake.connect().relations()")
        columns = [
            r[0]
            for r in self.connection.execute(
                "select column_name from system.main.duckdb_columns() "
                "where database_name = ? and table_name = ?",
                [CATALOG, name],
            ).fetchall()
        ]
        where, params = [], []
        for column, value in filters.items():
            if column not in columns:
                raise KeyError(f"{name} has no column {column!r}; columns: {', '.join(columns)}")
            if value is None:
                where.append(f'"{column}" is null')
            elif isinstance(value, list | tuple | set):
                values = list(value)
                where.append(f'"{column}" in ({", ".join("?" for _ in values)})')
                params += values
            else:
                where.append(f'"{column}" = ?')
                params.append(value)
        sql = f'select * from "{name}"' + (" where " + " and ".join(where) if where else "")
        return self.connection.sql(sql + " order by all", params=params).pl()

    def close(self) -> None:
        self.connection.close()

    def __getattr__(self, attribute: str):
        return getattr(self.connection, attribute)

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def connect(
    path: Path | str | None = None, read: Mapping[str, Path | str] | None = None
) -> Database:
    """Attach the published database read-only, in a sandbox (see the module docstring);
    never build it: `NoDatabase` says how when there is none. An installed package's default
    database built from other inputs is opened with a warning on standard error."""
    db = Database(path, read)
    if path is None and not os.environ.get("TIPLAKE_DB") and not project.IN_CHECKOUT:
        try:
            warning = out_of_date(db.connection, db.path)
        except BaseException:
            db.close()
            raise
        if warning:
            print(warning, file=sys.stderr)
    return db


def out_of_date(con: duckdb.DuckDBPyConnection, path: Path) -> str | None:
    """The warning for an installed package's database at `path` (open as `con`) when it was
    built from other inputs than the package's; None when it was built from these."""
    from tiplake.freshness import stale

    if not stale(con, project.PROJECT):
        return None
    return (
        f"tiplake: {path} was built from other seeds or another version of tiplake; reading it "
        "as it is (`tiplake build` rebuilds it)"
    )


def table(name: str, path: Path | str | None = None, **filters: Any):
    """One table or view as a Polars DataFrame; `filters` are bound as parameters."""
    with connect(path) as db:
        return db.table(name, **filters)
