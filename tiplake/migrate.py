"""Apply the numbered SQL files in migrations/ to a database, forward only.

In:  a DuckDB connection and the migrations directory.
Out: the schema brought up to date; each applied file recorded in
     `schema_migrations(version, name, checksum, applied_at)`.

Each migration runs in its own transaction: one that fails leaves nothing of itself behind.
An already-applied migration whose file has changed since is an error (a change to the schema
is a new file, never an edit). Tables and views the migrations do not create are left alone.
The tables' descriptions are the declaration's (tables.py): `describe` writes them as COMMENT
ON after the migrations, and `schema_migrations` itself is created from its declaration.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import duckdb

from tiplake.tables import TABLES

NAME_RE = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")


class MigrationError(Exception):
    pass


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    path: Path
    sql: str
    checksum: str


def discover(directory: Path) -> list[Migration]:
    """The migrations in `directory`, in version order; refuses badly named or duplicate files."""
    found: dict[int, Migration] = {}
    for path in sorted(directory.glob("*.sql")):
        m = NAME_RE.match(path.name)
        if not m:
            raise MigrationError(f"{path}: migration files are named NNNN_verb_object.sql")
        version = int(m.group(1))
        if version in found:
            raise MigrationError(
                f"{path}: version {version} is used by {found[version].path.name} too"
            )
        sql = path.read_text(encoding="utf-8")
        checksum = hashlib.sha256(sql.encode("utf-8")).hexdigest()
        found[version] = Migration(version, m.group(2), path, sql, checksum)
    return [found[v] for v in sorted(found)]


def migrate(con: duckdb.DuckDBPyConnection, directory: Path) -> list[Migration]:
    """Apply every migration not yet applied; return those applied now."""
    migrations = discover(directory)
    con.execute(TABLES["schema_migrations"].ddl(if_not_exists=True))
    applied = dict(con.execute("select version, checksum from schema_migrations").fetchall())
    known = {m.version for m in migrations}
    unknown = sorted(set(applied) - known)
    if unknown:
        raise MigrationError(
            f"the database has migrations {unknown} that {directory} does not: "
            "it was built by a newer tiplake; use that version"
        )
    changed = [m for m in migrations if m.version in applied and applied[m.version] != m.checksum]
    if changed:
        names = ", ".join(m.path.name for m in changed)
        raise MigrationError(
            f"already-applied migration(s) changed since they were applied: {names}. "
            "Restore the file(s) and put the change in a new migration."
        )
    done = []
    for m in migrations:
        if m.version in applied:
            continue
        con.execute("begin transaction")
        try:
            con.execute(m.sql)
            con.execute(
                "insert into schema_migrations (version, name, checksum) values (?, ?, ?)",
                [m.version, m.name, m.checksum],
            )
            con.execute("commit")
        except duckdb.Error as e:
            con.execute("rollback")
            raise MigrationError(f"{m.path.name} failed and was rolled back: {e}") from e
        done.append(m)
    describe(con)
    return done


def describe(con: duckdb.DuckDBPyConnection) -> int:
    """Write the declared descriptions (tables.py) of every declared table and column the
    database has as its COMMENT ON, where the comment differs (none, in a database described
    already); return how many were written. The migrations' own COMMENT ON statements are
    history: a description is changed in the declaration alone."""
    have = {
        (t, c): text
        for t, c, text in con.execute(
            "select table_name, null, comment from duckdb_tables() where not internal "
            "and schema_name = 'main' and database_name = current_database() "
            "union all select table_name, column_name, comment from duckdb_columns() "
            "where not internal and schema_name = 'main' and database_name = current_database()"
        ).fetchall()
    }
    todo = [
        sql
        for table in TABLES.values()
        if (table.name, None) in have
        for column, text, sql in table.comments()
        if (table.name, column) in have and have[(table.name, column)] != text
    ]
    if not todo:
        return 0
    con.execute("begin transaction")
    try:
        con.execute(";\n".join(todo))  # one call: a statement per comment cost a call each
        con.execute("commit")
    except duckdb.Error:
        con.execute("rollback")
        raise
    return len(todo)
