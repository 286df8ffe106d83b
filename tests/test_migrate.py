"""Migrations: numbered, recorded with checksums, idempotent, forward only, leave user objects."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner
from conftest import REPO

import tiplake.cli
from tiplake.build import check_seeds
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


# --- upgrades: a database of every earlier schema version, with a user's own objects ---------

MIGRATIONS = discover(REPO / "migrations")


def user_objects(con) -> list[tuple]:
    return [
        con.execute("select * from my_notes order by all").fetchall(),
        con.execute("select * from my_summary").fetchall(),
        con.execute("select * from my_reports order by all").fetchall(),
    ]


def add_user_objects(con) -> None:
    """What a user adds to their copy: a table with rows, and views over it and over ours."""
    con.execute("create table my_notes (report_id varchar, note varchar)")
    con.execute(
        "insert into my_notes values ('tip-2018-aze', 'read the 2017 section'), "
        "('gov-aze-2021', 'it''s the government''s own; -- count')"
    )
    con.execute("create view my_summary as select count(*) as n, max(note) as last from my_notes")
    con.execute(
        "create view my_reports as select n.report_id, n.note, r.published_year "
        "from my_notes as n left join report as r using (report_id)"
    )


def schema_at(version: int, tmp_path) -> Path:
    """A migrations directory holding the first `version` migrations: that schema version."""
    folder = tmp_path / f"migrations-{version}"
    folder.mkdir()
    for m in MIGRATIONS[:version]:
        shutil.copy(m.path, folder / m.path.name)
    return folder


@pytest.mark.parametrize("previous", range(1, len(MIGRATIONS)))
def test_every_earlier_schema_version_upgrades_and_keeps_the_users_objects(
    project_copy, tmp_path, monkeypatch, previous
):
    monkeypatch.setattr(tiplake.cli, "PROJECT", project_copy.project)
    db = tmp_path / "old.duckdb"
    with duckdb.connect(str(db)) as con:
        migrate(con, schema_at(previous, tmp_path))
        con.execute("create table report_copy as select 1 as x")  # a name near ours
        add_user_objects(con)
        mine = user_objects(con)
    result = CliRunner().invoke(cli, ["migrate", "--db", str(db)])
    assert result.exit_code == 0, result.output
    later = ", ".join(f"{m.version:04d}_{m.name}" for m in MIGRATIONS[previous:])
    assert result.output == f"{db}: applied {later}\n"
    fresh = tmp_path / "fresh.duckdb"
    with duckdb.connect(str(fresh)) as con:
        migrate(con, project_copy.project.migrations)
        expected = schema_snapshot(con)
    with duckdb.connect(str(db), read_only=True) as con:
        assert user_objects(con) == mine
        ours = [row for row in schema_snapshot(con) if row[0] not in USER_TABLES]
        assert ours == expected


USER_TABLES = {"my_notes", "my_summary", "my_reports", "report_copy"}


def table_columns(con, table: str) -> list[str]:
    return [
        name
        for (name,) in con.execute(
            "select column_name from duckdb_columns() where table_name = ? order by column_index",
            [table],
        ).fetchall()
    ]


def load_into_an_earlier_schema(con, data) -> int:
    """The real seeds' rows in an earlier schema, as a database of an earlier release held
    them: each table's rows in the columns that schema has (a table it lacks is left out), and
    every claim it can hold (before 0011 a category was a number: category claims are left
    out), totals and originals before their parts and conversions (before 0011 the links were
    foreign keys). Returns the claims loaded."""
    from tiplake.rows import to_arrow

    def insert(table: str, arrow) -> None:
        listed = ", ".join(f'"{c}"' for c in table_columns(con, table) if c in arrow.column_names)
        con.register("batch", arrow)
        con.execute(f'insert into "{table}" ({listed}) select {listed} from batch')
        con.unregister("batch")

    for table, row_type, rows in data.tables():
        if table_columns(con, table):
            insert(table, to_arrow(row_type, rows))
    con.execute('insert into "year" select range, true from range(1990, 2031)')
    has_categories = "value_category" in table_columns(con, "claim")
    pending = [c for c in data.claims if has_categories or c.qualifier != "category"]
    done: set[str] = set()
    while pending:
        ready = [
            c
            for c in pending
            if all(t is None or t in done for t in (c.part_of_claim_id, c.same_amount_as_claim_id))
        ]
        insert("claim", to_arrow(type(ready[0]), ready))
        done |= {c.claim_id for c in ready}
        pending = [c for c in pending if c.claim_id not in done]
    return len(done)


# 0010: the claim table before it was rebuilt (0011); 0011: the report table before its
# url and license columns (0012).
@pytest.mark.parametrize("previous", [10, 11])
def test_a_database_with_data_upgrades_and_a_failing_migration_rolls_back_whole(
    project_copy, tmp_path, monkeypatch, previous
):
    """An earlier schema version with the real claims and reports loaded and a user's objects:
    the upgrade keeps every row, and the columns it adds are null until the next build; then a
    new migration that fails midway (after an ALTER and a CREATE) leaves the database exactly
    as it was."""
    monkeypatch.setattr(tiplake.cli, "PROJECT", project_copy.project)
    db = tmp_path / "old.duckdb"
    data = check_seeds(project_copy.project)
    with duckdb.connect(str(db)) as con:
        migrate(con, schema_at(previous, tmp_path))
        loaded = load_into_an_earlier_schema(con, data)
        add_user_objects(con)
        mine = user_objects(con)
        kept = {t: ", ".join(table_columns(con, t)) for t in ("claim", "report")}
        claims = con.execute(f"select {kept['claim']} from claim order by claim_id").fetchall()
        reports = con.execute(f"select {kept['report']} from report order by report_id").fetchall()
    assert len(claims) == loaded > 350 and len(reports) == 5
    assert mine[2][0] == ("gov-aze-2021", "it's the government's own; -- count", 2022)
    result = CliRunner().invoke(cli, ["migrate", "--db", str(db)])
    assert result.exit_code == 0 and MIGRATIONS[-1].path.stem in result.output, result.output

    def state():
        with duckdb.connect(str(db), read_only=True) as con:
            return (
                schema_snapshot(con),
                con.execute(f"select {kept['claim']} from claim order by claim_id").fetchall(),
                con.execute(
                    "select version, checksum from schema_migrations order by 1"
                ).fetchall(),
                user_objects(con),
                con.execute(f"select {kept['report']} from report order by report_id").fetchall(),
                con.execute(
                    "select count(*) from report where coalesce(url, url_note, license, "
                    "license_note) is not null"
                ).fetchone(),
            )

    upgraded = state()
    assert upgraded[1] == claims and upgraded[3] == mine and upgraded[4] == reports
    assert upgraded[5] == (0,)  # the report's new columns: null until the next build
    assert dict(upgraded[2])[len(MIGRATIONS)] == MIGRATIONS[-1].checksum

    broken = project_copy.path(f"migrations/{len(MIGRATIONS) + 1:04d}_add_reviewer.sql")
    broken.write_text(
        "alter table claim add column reviewer varchar;\n"
        "update claim set reviewer = 'me';\n"
        "create table review (claim_id varchar);\n"
        "drop view my_summary;\n"
        "select * from no_such_table;\n"
    )
    result = CliRunner().invoke(cli, ["migrate", "--db", str(db)])
    assert result.exit_code == 1
    assert f"{broken.name} failed and was rolled back" in result.output, result.output
    assert "Traceback" not in result.output
    assert state() == upgraded
