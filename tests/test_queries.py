"""Queries are read-only and every value a user passes on the command line reaches SQL as a
bound parameter (or a quoted identifier), never as SQL text.

Each hostile value below carries quotes, a semicolon, a comment marker or a UNION: pasted into
SQL, it would change the query (return every row, or drop a table). Bound, it is only a value
that matches nothing. Every case checks the command refuses or finds nothing, prints no
traceback, and leaves the database byte for byte as it was.
"""

from __future__ import annotations

import shutil

import duckdb
import pytest
from click.testing import CliRunner
from test_validation import digest

import tiplake
import tiplake.cli
from tiplake.cli import cli
from tiplake.project import PROJECT
from tiplake.views import discover

HOSTILE = [
    "x' or '1'='1",
    "x'; drop table claim; --",
    'x"; drop table claim; --',
    "x' /* */ union select claim_id from claim --",
    "tip-2018-aze:victims-identified-2017' --",
    "victims_identified') or ('a'='a",
]
CLAIM = "tip-2018-aze:victims-identified-2017"


@pytest.fixture(scope="module")
def db(tmp_path_factory, built_db):
    """A private copy of the built database (commands run against it must not change it)."""
    path = tmp_path_factory.mktemp("queries") / "tiplake.duckdb"
    shutil.copy(built_db, path)
    return path


def run(db, *args: str):
    result = CliRunner().invoke(cli, [*args, "--db", str(db)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    return result


def claims(db) -> int:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute("select count(*) from claim").fetchone()[0]


@pytest.mark.parametrize("value", HOSTILE)
def test_show_binds_the_claim_id(db, value):
    before = digest(db)
    result = run(db, "show", value)
    assert result.exit_code == 1 and "no claim" in result.output and value in result.output
    assert digest(db) == before


@pytest.mark.parametrize("value", HOSTILE)
def test_conflicts_binds_the_indicator(db, value):
    before = digest(db)
    result = run(db, "conflicts", "--indicator", value)
    assert result.exit_code == 1 and "--indicator: no indicator" in result.output
    assert value in result.output
    assert digest(db) == before
    # the same option with a real value does select (so the empty answer above is binding)
    assert (
        "cable-09baku141:cases-investigated-2008-gov"
        in run(db, "conflicts", "--indicator", "cases_investigated").output
    )


@pytest.mark.parametrize("value", HOSTILE)
def test_chart_binds_the_indicator_and_the_country(db, value, tmp_path):
    before = digest(db)
    out = tmp_path / "c.svg"
    result = run(db, "chart", value, "--out", str(out))
    assert result.exit_code == 1 and "INDICATOR: no indicator" in result.output
    result = run(db, "chart", "victims_identified", "--country", value, "--out", str(out))
    assert result.exit_code == 1 and "--country: no country" in result.output
    assert not out.exists() and digest(db) == before
    assert run(db, "chart", "victims_identified", "--out", str(out)).exit_code == 0


@pytest.mark.parametrize("value", HOSTILE)
def test_export_partition_columns_are_names_not_sql(db, value, tmp_path):
    before = digest(db)
    result = run(
        db, "export", "--format", "parquet", "--partition-by", value, "--out", str(tmp_path)
    )
    assert result.exit_code == 1 and "--partition-by: no table column" in result.output
    assert digest(db) == before and claims(db) > 0


@pytest.mark.parametrize("value", HOSTILE)
def test_transpile_quotes_the_schema_as_one_identifier(value):
    import sqlglot

    result = CliRunner().invoke(cli, ["transpile", "--dialect", "trino", "--schema", value])
    assert result.exit_code == 0, result.output
    statements = [s for s in sqlglot.parse(result.output, read="trino") if s is not None]
    views = discover(PROJECT.views)
    assert len(statements) == len(views) == 18  # one per view: nothing the value said became one
    for statement in statements:
        assert isinstance(statement, sqlglot.exp.Create)
        assert statement.this.args["db"].name == value


def test_a_database_path_with_quotes_semicolons_and_comment_markers(built_copy, monkeypatch):
    """--db and TIPLAKE_DB reach an ATTACH: build, query, show and connect() all work."""
    folder = built_copy.root / "it's; drop table claim; -- /* x */"
    path = folder / "tip'lake.duckdb"
    monkeypatch.setattr(tiplake.cli, "PROJECT", built_copy.project)
    assert run(path, "build").exit_code == 0
    assert run(path, "show", CLAIM).exit_code == 0
    assert run(path, "query", "select value from claim where claim_id = 'x'").exit_code == 0
    with tiplake.connect(path) as con:
        assert con.execute("select value from claim where claim_id = ?", [CLAIM]).fetchone() == (
            71,
        )
    assert claims(path) == claims(built_copy.db)


@pytest.mark.parametrize("value", HOSTILE)
def test_table_filters_and_names_are_bound_or_refused(built_db, value):
    assert tiplake.table("claim", path=built_db, claim_id=value).height == 0
    assert tiplake.table("claim", path=built_db, claim_id=[CLAIM, value]).height == 1
    with pytest.raises(KeyError):
        tiplake.table(value, path=built_db)
    with pytest.raises(KeyError):
        tiplake.table("claim", path=built_db, **{value: 1})


WRITES = [
    "delete from claim",
    "update claim set value = 0",
    "insert into claim select * from claim",
    "drop view claim_detail",
    "create table mine as select 1",
    "create or replace view claim_detail as select 1",
    "alter table claim add column x integer",
    "comment on table claim is 'changed'",
    "select 1; delete from claim",
    "select count(*) from claim; drop table claim cascade; --",
]


@pytest.mark.parametrize("sql", WRITES)
def test_query_refuses_every_write(db, sql):
    before = digest(db)
    result = run(db, "query", sql)
    assert result.exit_code == 1
    assert "read-only" in result.output or "read only" in result.output, result.output
    assert digest(db) == before


@pytest.mark.parametrize("sql", WRITES)
def test_connect_refuses_every_write(db, sql):
    before = digest(db)
    with tiplake.connect(db) as con, pytest.raises(duckdb.Error, match="read-only|read only"):
        con.execute(sql)
    assert digest(db) == before
