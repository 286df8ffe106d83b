"""Migrations: numbered, recorded with checksums, idempotent, forward only, leave user objects."""

from __future__ import annotations

import duckdb
import pytest
from click.testing import CliRunner

import tiplake.cli
from tiplake.cli import cli
from tiplake.migrate import MigrationError, discover, migrate


def schema_snapshot(con) -> list[tuple]:
    return con.execute(
        "select table_name, column_name, data_type, comment from duckdb_columns() "
        "where not internal order by all"
    ).fetchall()


def test_migrations_are_numbered_and_recorded(project_copy, tmp_path):
    found = discover(project_copy.project.migrations)
    assert [m.version for m in found] == list(range(1, len(found) + 1))
    with duckdb.connect(str(tmp_path / "m.duckdb")) as con:
        migrate(con, project_copy.project.migrations)
        rows = con.execute(
            "select version, name, checksum from schema_migrations order by 1"
        ).fetchall()
    assert [(v, n, c) for v, n, c in rows] == [(m.version, m.name, m.checksum) for m in found]
    assert ("6", "create_claim") == (str(rows[5][0]), rows[5][1])


def test_applying_twice_changes_nothing(project_copy, tmp_path):
    with duckdb.connect(str(tmp_path / "m.duckdb")) as con:
        first = migrate(con, project_copy.project.migrations)
        before = schema_snapshot(con)
        again = migrate(con, project_copy.project.migrations)
        assert first and again == []
        assert schema_snapshot(con) == before


def test_a_changed_applied_migration_is_an_error(project_copy, tmp_path):
    db = tmp_path / "m.duckdb"
    with duckdb.connect(str(db)) as con:
        migrate(con, project_copy.project.migrations)
    project_copy.replace(
        "migrations/0004_create_source.sql", "-- One row per originator", "-- One row per source"
    )
    with (
        duckdb.connect(str(db)) as con,
        pytest.raises(MigrationError, match="0004_create_source.sql"),
    ):
        migrate(con, project_copy.project.migrations)


def test_a_failing_migration_rolls_back(project_copy, tmp_path):
    project_copy.path("migrations/0099_add_broken.sql").write_text(
        "create table half_done (x integer);\nselect * from no_such_table;\n"
    )
    with duckdb.connect(str(tmp_path / "m.duckdb")) as con:
        with pytest.raises(MigrationError, match="0099_add_broken.sql failed and was rolled back"):
            migrate(con, project_copy.project.migrations)
        tables = {r[0] for r in con.execute("select table_name from duckdb_tables()").fetchall()}
        assert "half_done" not in tables and "claim" in tables
        assert 99 not in {
            r[0] for r in con.execute("select version from schema_migrations").fetchall()
        }


def test_cli_migrate_upgrades_in_place_and_leaves_user_tables(built_copy, monkeypatch):
    monkeypatch.setattr(tiplake.cli, "PROJECT", built_copy.project)
    with duckdb.connect(str(built_copy.db)) as con:
        con.execute("create table my_notes (claim_id varchar, note varchar)")
        con.execute("insert into my_notes values ('tip-2025-aze:tier-2025', 'check this')")
        con.execute("delete from schema_migrations where version = 6")
        con.execute("drop table claim cascade")
    result = CliRunner().invoke(cli, ["migrate", "--db", str(built_copy.db)])
    assert result.exit_code == 0, result.output
    assert "applied 0006_create_claim" in result.output
    with duckdb.connect(str(built_copy.db), read_only=True) as con:
        assert con.execute("select note from my_notes").fetchall() == [("check this",)]
        assert con.execute("select count(*) from claim").fetchone() == (0,)
    again = CliRunner().invoke(cli, ["migrate", "--db", str(built_copy.db)])
    assert "already up to date" in again.output
