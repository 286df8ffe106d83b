"""The Python API for notebooks and scripts: read the published database, never write it.

In:  the path of a built database (default: $TIPLAKE_DB, else build/tiplake.duckdb).
Out: `connect()` -> a `Database`: an in-memory DuckDB connection with the file attached
     READ_ONLY as catalog `tiplake` (and made the default), so queries name tables and views
     plainly, a rebuild can replace the file at any time, and no write-ahead log is ever left
     beside it. `refresh()` detaches and re-attaches, to see a rebuilt file.
     `table(name, **filters)` -> a Polars DataFrame of a table or view; filter values are bound
     as parameters (a list or tuple means "one of"; None means "is null").

    >>> import tiplake
    >>> db = tiplake.connect()
    >>> db.execute("select count(*) from claim").fetchone()
    >>> tiplake.table("reconciled", indicator_code="victims_identified", year_from=2017)
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb

from tiplake.project import STORED_PREFIX, default_db_path

CATALOG = "tiplake"


class Database:
    """A read-only view of the published database. Attribute access falls through to the
    underlying DuckDB connection (`sql`, `execute`, `fetchall`...)."""

    def __init__(self, path: Path | str | None = None):
        self.path = Path(path) if path is not None else default_db_path()
        if not self.path.exists():
            raise FileNotFoundError(f"no database at {self.path}; build it with `make build-db`")
        self.connection = duckdb.connect()
        self._attach()

    def _attach(self) -> None:
        quoted = str(self.path).replace("'", "''")
        self.connection.execute(f"attach '{quoted}' as {CATALOG} (read_only)")
        self.connection.execute(f"use {CATALOG}")

    def refresh(self) -> Database:
        """Detach and re-attach the file, to read a database rebuilt since `connect()`."""
        self.connection.execute("use memory")
        self.connection.execute(f"detach {CATALOG}")
        self._attach()
        return self

    def relations(self) -> list[str]:
        """Names of the tables and views of the database (not the tables that hold stored
        views' rows: query the view)."""
        return [
            r[0]
            for r in self.connection.execute(
                "select table_name from duckdb_tables() where database_name = ? "
                f"and not starts_with(table_name, '{STORED_PREFIX}') "
                "union select view_name from duckdb_views() where database_name = ? and not internal "
                "order by 1",
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
                "select column_name from duckdb_columns() where database_name = ? and table_name = ?",
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


def connect(path: Path | str | None = None) -> Database:
    """Attach the published database read-only (see the module docstring)."""
    return Database(path)


def table(name: str, path: Path | str | None = None, **filters: Any):
    """One table or view as a Polars DataFrame; `filters` are bound as parameters."""
    with connect(path) as db:
        return db.table(name, **filters)
