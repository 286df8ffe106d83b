"""Opening a database file the other two ways the commands need: for an output, to upgrade.

In:  the path of a database file (and, to upgrade, the migrations folder).
Out: `open_for_output(path)` -> a read-only DuckDB connection that may write files (the
     export's COPY, the site's pages): no user SQL ever runs in it; `upgrade(path,
     migrations)` -> the migrations applied to the file in place (migrate.py), [] when it was
     up to date. Both raise `DatabaseError` (api.py) with one line saying what is wrong: not a
     database, a directory, locked by another process; `upgrade` also MigrationError.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import duckdb

from tiplake.api import DatabaseError, check_database

if TYPE_CHECKING:  # the outputs open their file here: they must not load the build (issue 30)
    from tiplake.migrate import Migration


def open_for_output(path: Path) -> duckdb.DuckDBPyConnection:
    """A read-only connection to the database at `path`, which may write files: for tiplake's
    own outputs only (no user SQL runs in it; `api.open_read_only` is for that)."""
    check_database(path)
    try:
        return duckdb.connect(str(path), read_only=True)
    except duckdb.Error as e:
        raise DatabaseError(f"cannot open {path}: {str(e).splitlines()[0]}") from None


def upgrade(path: Path, migrations: Path) -> list[Migration]:
    """Apply the migrations in `migrations` not yet applied to the database at `path`, in
    place (a missing file is created with the current schema: the caller decides whether
    that is wanted). Tables and views the migrations do not own are left alone."""
    from tiplake.migrate import migrate

    if path.exists():
        check_database(path)
    try:
        with duckdb.connect(str(path)) as con:
            return migrate(con, migrations)
    except duckdb.Error as e:  # another process writes it, or the disk refused
        raise DatabaseError(f"cannot open {path} read-write: {str(e).splitlines()[0]}") from None
