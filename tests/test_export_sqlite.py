"""Export to SQLite for Datasette: `tiplake.sqlite` holding every table and view (the views
materialized), and a Datasette `metadata.json` generated from the database's own comments."""

from __future__ import annotations

import asyncio
import hashlib
import json
import shutil
import sqlite3
from contextlib import closing
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner
from datasette.app import Datasette
from markupsafe import escape

from tiplake.cli import cli
from tiplake.export import DATASETTE_METADATA, DESCRIPTOR, SQLITE_FILE, export
from tiplake.views import discover

REPO = Path(__file__).resolve().parent.parent
NOT_EXPORTED = {"schema_migrations"}  # and every name starting with "_" (tiplake/export.py)
SNAPSHOT = "A snapshot of the view {name} of the tiplake database"
DECIMAL_NOTE = (
    "[SQLite: TEXT holding the exact decimal (DuckDB {data_type}), its digits without trailing "
    "zeros, e.g. '71' or '1.19', never rounded to a binary REAL; cast({name} as real) to "
    "compute.]"
)
BOOLEAN_NOTE = "[SQLite: INTEGER, 1 for true and 0 for false.]"
DATE_NOTE = "[SQLite: TEXT, an ISO 8601 date (YYYY-MM-DD).]"


def relations(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """Every table and view the export must write, name -> "table" or "view"."""
    rows = con.execute(
        "select table_name, 'table' from duckdb_tables() where not internal "
        "union all select view_name, 'view' from duckdb_views() where not internal"
    ).fetchall()
    return {
        name: kind for name, kind in rows if name not in NOT_EXPORTED and not name.startswith("_")
    }


def columns_of(con: duckdb.DuckDBPyConnection, name: str) -> list[tuple[str, str, str]]:
    """(column, DuckDB type, comment) of a table or view, in order."""
    return con.execute(
        "select column_name, data_type, comment from duckdb_columns() "
        "where table_name = ? order by column_index",
        [name],
    ).fetchall()


def expected_description(column: str, data_type: str, comment: str) -> str:
    """The column's comment, and what SQLite makes of its type where that changes how it reads."""
    if data_type.startswith("DECIMAL"):
        return f"{comment} {DECIMAL_NOTE.format(data_type=data_type, name=column)}"
    if data_type == "BOOLEAN":
        return f"{comment} {BOOLEAN_NOTE}"
    if data_type == "DATE":
        return f"{comment} {DATE_NOTE}"
    return comment


@pytest.fixture(scope="module")
def exported(con, tmp_path_factory) -> Path:
    """One sqlite export of the real corpus, made once for the module."""
    return export(con, tmp_path_factory.mktemp("sqlite") / "out", "sqlite").out_dir


@pytest.fixture
def db(exported):
    with closing(sqlite3.connect(f"file:{exported / SQLITE_FILE}?mode=ro", uri=True)) as db:
        yield db


def metadata_of(out_dir: Path) -> dict:
    return json.loads((out_dir / DATASETTE_METADATA).read_text(encoding="utf-8"))


def test_every_table_and_view_is_a_sqlite_table_with_its_rows(con, exported, db):
    assert {p.name for p in exported.iterdir()} == {SQLITE_FILE, DATASETTE_METADATA}
    assert db.execute("pragma integrity_check").fetchall() == [("ok",)]
    expected = relations(con)
    assert {"claim", "report", "claim_detail", "reconciled"} <= set(expected)
    tables = {
        name: kind
        for name, kind in db.execute(
            "select name, type from sqlite_master where type in ('table', 'view')"
        )
    }
    assert tables == dict.fromkeys(expected, "table")  # every view materialized, no SQL view
    for name in expected:
        (rows,) = con.execute(f'select count(*) from "{name}"').fetchone()
        assert db.execute(f'select count(*) from "{name}"').fetchone() == (rows,), name
        sqlite_columns = [r[1] for r in db.execute(f'pragma table_info("{name}")')]
        assert sqlite_columns == [c for c, _, _ in columns_of(con, name)], name


def test_the_claims_and_the_2017_victims_identified_claim(con, db):
    assert db.execute("select count(*) from claim").fetchone() == (410,)
    (claim_id, value, quote, report_id) = con.execute(
        "select claim_id, value, quote, report_id from claim "
        "where indicator_code = 'victims_identified' and year_from = 2017 "
        "and sex = 'all' and age_band = 'all' and exploitation_form = 'all' "
        "and citizenship = 'all'"
    ).fetchone()
    assert claim_id == "tip-2018-aze:victims-identified-2017" and value == Decimal(71)
    row = db.execute(
        "select value, typeof(value), quote, report_id, year_from, typeof(year_from), "
        "is_low_confidence, typeof(is_low_confidence) from claim where claim_id = ?",
        [claim_id],
    ).fetchone()
    assert row == ("71", "text", quote, "tip-2018-aze", 2017, "integer", 0, "integer")
    assert quote == "The government identified 71 trafficking victims (70 in 2016)"
    # the views type a count as a whole number: INTEGER there
    assert db.execute(
        "select value, typeof(value) from reconciled where indicator_code = "
        "'victims_identified' and breakdown = 'all' and year_from = 2017 and year_to = 2017"
    ).fetchone() == (71, "integer")


def test_column_types(db):
    def declared(table: str) -> dict[str, str]:
        return {r[1]: r[2] for r in db.execute(f'pragma table_info("{table}")')}

    claim = declared("claim")
    assert (claim["claim_id"], claim["year_from"], claim["value"]) == ("TEXT", "INTEGER", "TEXT")
    assert claim["is_low_confidence"] == "INTEGER"
    assert declared("report")["published_on"] == "TEXT"
    assert declared("figure")["n_claims"] == "INTEGER"
    assert declared("exchange_rate")["usd_per_unit"] == "REAL"
    assert db.execute(
        "select published_on from report where report_id = 'cable-09baku141'"
    ).fetchone() == ("2009-02-23",)
    booleans = db.execute("select distinct is_derived, typeof(is_derived) from reconciled")
    assert set(booleans) <= {(0, "integer"), (1, "integer")}
    # a DOUBLE is copied bit for bit
    assert db.execute(
        "select convictions_per_100_victims from justice_funnel "
        "where source_id = 'reconciled' and year = 2017"
    ).fetchone() == (40.8,)


def test_every_decimal_round_trips_exactly(con, db):
    """Every DECIMAL value of every table and view, as exact text, in the rows' order."""
    checked = 0
    for name in relations(con):
        columns = columns_of(con, name)
        at = [i for i, (_, t, _) in enumerate(columns) if t.startswith("DECIMAL")]
        if not at:
            continue
        decimals = [columns[i][0] for i in at]
        ordered = con.execute(f'select * from "{name}" order by all').fetchall()
        wanted = [tuple(row[i] for i in at) for row in ordered]
        got = db.execute(f'select {", ".join(decimals)} from "{name}" order by rowid').fetchall()
        assert len(got) == len(wanted), name
        for got_row, wanted_row in zip(got, wanted, strict=True):
            for text, value in zip(got_row, wanted_row, strict=True):
                if value is None:
                    assert text is None, name
                    continue
                assert isinstance(text, str) and Decimal(text) == value, (name, text, value)
                assert not (text.endswith("0") and "." in text), text  # no trailing zeros
                checked += 1
    assert checked > 1000
    assert db.execute(
        "select amount_usd from exchange_rate where claim_id = 'cable-09baku141:fiscal-unit-2008-azn'"
    ).fetchone() == ("1.19",)


def test_exact_decimals_and_other_types_beyond_the_corpus(tmp_path):
    """Values a binary float would change, and every kind of DuckDB type."""
    with duckdb.connect() as mem:
        mem.execute(
            """
            create table t (
                id integer primary key, d decimal(20, 4), whole decimal(18, 0), flag boolean,
                day date, seen_at timestamp, tags varchar[], f float, big hugeint
            );
            comment on table t is 'One row per test value.';
            comment on column t.d is 'An exact decimal.';
            insert into t values
                (1, 0.1, 7, true, date '2024-02-29', timestamp '2024-01-02 03:04:05.123456',
                 ['a', 'b'], 0.1, 9223372036854775807),
                (2, 0.2, null, false, null, null, [], null, -1),
                (3, 1234567890123456.7891, -12, null, null, null, null, null, null),
                (4, -0.5, 0, null, null, null, null, null, null);
            create view v as select d + 0.2 as d from t where id = 1;
            comment on view v is 'One row: 0.1 + 0.2.';
            """
        )
        result = export(mem, tmp_path / "out", "sqlite")
    assert result.resources == ("t", "v") and result.materialized == ("v",)
    assert result.unique_on == {}  # no _view table (as before migration 0016): no grain
    with closing(sqlite3.connect(result.files[0])) as db:
        rows = db.execute("select * from t order by id").fetchall()
        assert db.execute("select d from v").fetchone() == ("0.3",)  # not 0.30000000000000004
        types = {r[1]: r[2] for r in db.execute("pragma table_info(t)")}
    assert rows == [
        (1, "0.1", 7, 1, "2024-02-29", "2024-01-02T03:04:05.123456Z", '["a","b"]', 0.1, 2**63 - 1),
        (2, "0.2", None, 0, None, None, "[]", None, -1),
        (3, "1234567890123456.7891", -12, None, None, None, None, None, None),
        (4, "-0.5", 0, None, None, None, None, None, None),
    ]
    assert float("1234567890123456.7891") != Decimal("1234567890123456.7891")  # why not REAL
    assert types == {
        "id": "INTEGER",
        "d": "TEXT",
        "whole": "INTEGER",
        "flag": "INTEGER",
        "day": "TEXT",
        "seen_at": "TEXT",
        "tags": "TEXT",
        "f": "REAL",
        "big": "INTEGER",
    }
    columns = metadata_of(result.out_dir)["databases"]["tiplake"]["tables"]["t"]["columns"]
    assert columns["d"] == "An exact decimal. " + DECIMAL_NOTE.format(
        data_type="DECIMAL(20,4)", name="d"
    )
    assert columns["flag"] == BOOLEAN_NOTE  # no comment: what SQLite makes of it only
    assert "id" not in columns  # no comment, and INTEGER reads as it did
    assert columns["tags"] == "[SQLite: TEXT holding JSON (DuckDB VARCHAR[]).]"


def test_a_whole_number_beyond_64_bits_is_refused(tmp_path):
    with duckdb.connect() as mem:
        mem.execute("create table t (n hugeint); insert into t values (9223372036854775808)")
        with pytest.raises(ValueError, match="64-bit INTEGER"):
            export(mem, tmp_path / "out", "sqlite")
    assert not (tmp_path / "out").exists()


def test_keys_and_grain_indexes(con, exported, db):
    def primary_key(table: str) -> list[str]:
        info = sorted((r[5], r[1]) for r in db.execute(f'pragma table_info("{table}")') if r[5])
        return [name for _, name in info]

    assert primary_key("claim") == ["claim_id"]
    assert primary_key("claim_sum_part") == ["sum_id", "claim_id"]
    assert primary_key("indicator_relation") == ["indicator_code", "related_indicator_code"]
    foreign = {(r[3], r[2], r[4]) for r in db.execute("pragma foreign_key_list(claim)")}
    assert {("report_id", "report", "report_id"), ("year_from", "year", "year")} <= foreign
    assert db.execute("pragma foreign_key_check").fetchall() == []  # SQLite agrees with them
    not_null = {r[1]: r[3] for r in db.execute("pragma table_info(claim)")}
    assert not_null["quote"] == 1 and not_null["value"] == 0
    grains = {v.name: v.grain for v in discover(REPO / "sql" / "views")}
    views = [name for name, kind in relations(con).items() if kind == "view"]
    assert set(views) == set(grains)
    for name in views:
        index = f"{name}_grain"
        assert [(r[1], r[2]) for r in db.execute(f'pragma index_list("{name}")')] == [(index, 1)], (
            name
        )
        assert tuple(r[2] for r in db.execute(f'pragma index_info("{index}")')) == grains[name]


def test_metadata_describes_every_table_and_column_from_the_database(con, exported):
    metadata = metadata_of(exported)
    assert metadata["title"] == "tiplake: trafficking-in-persons statistics"
    assert metadata["description"].startswith("A curated analytical database")
    assert "Exact decimals are TEXT" in metadata["description"]
    assert metadata["source"].startswith("5 documents by U.S. Embassy Baku")
    assert "URL and license status" in metadata["source"]
    # the data's license; each document's own is in the report table
    assert (metadata["license"], metadata["license_url"]) == (
        "CC BY 4.0",
        "https://creativecommons.org/licenses/by/4.0/",
    )
    assert list(metadata["databases"]) == ["tiplake"]  # Datasette's name for tiplake.sqlite
    tables = metadata["databases"]["tiplake"]["tables"]
    expected = relations(con)
    assert set(tables) == set(expected)
    comments = dict(
        con.execute(
            "select table_name, comment from duckdb_tables() "
            "union all select view_name, comment from duckdb_views()"
        ).fetchall()
    )
    for name, kind in expected.items():
        description = tables[name]["description"]
        if kind == "table":
            assert description == comments[name], name
        else:
            assert description.startswith(SNAPSHOT.format(name=name)), name
            assert description.endswith(" " + comments[name]), name
        assert tables[name]["columns"] == {
            column: expected_description(column, data_type, comment)
            for column, data_type, comment in columns_of(con, name)
        }, name


def test_a_view_has_its_column_descriptions_from_duckdb(con, exported):
    reconciled = metadata_of(exported)["databases"]["tiplake"]["tables"]["reconciled"]
    assert reconciled["description"].startswith(
        "A snapshot of the view reconciled of the tiplake database, materialized as a table "
        "when exported (SQLite cannot run the view's DuckDB SQL); one row per figure_key "
        "(a unique index). One row per figure"
    )
    columns = reconciled["columns"]
    plain = 0
    for column, data_type, comment in columns_of(con, "reconciled"):
        assert comment, column
        if data_type.startswith("DECIMAL") or data_type == "BOOLEAN":
            assert columns[column].startswith(comment + " [SQLite: "), column
        else:
            assert columns[column] == comment, column  # the database's comment, as is
            plain += 1
    assert plain > 30


def test_datasette_shows_the_descriptions(exported):
    """Datasette (its Python API and test client) loads the file and metadata.json as
    `datasette tiplake.sqlite -m metadata.json` does, and shows the descriptions."""
    metadata = metadata_of(exported)
    reconciled = metadata["databases"]["tiplake"]["tables"]["reconciled"]

    async def pages() -> tuple[str, dict, str]:
        ds = Datasette([str(exported / SQLITE_FILE)], metadata=metadata)
        page = await ds.client.get("/tiplake/reconciled")
        assert page.status_code == 200
        row = await ds.client.get(
            "/tiplake/claim/tip-2018-aze:victims-identified-2017.json?_shape=objects"
        )
        assert row.status_code == 200
        index = await ds.client.get("/")
        return page.text, row.json(), index.text

    page, row, index = asyncio.run(pages())
    assert escape(reconciled["description"]) in page
    assert f"<dd>{escape(reconciled['columns']['figure_key'])}</dd>" in page
    assert f"<dd>{escape(reconciled['columns']['amount'])}</dd>" in page
    assert row["rows"][0]["value"] == "71" and row["rows"][0]["report_id"] == "tip-2018-aze"
    assert escape(metadata["title"]) in index
    assert 'href="https://creativecommons.org/licenses/by/4.0/"' in index  # the data license


def test_two_exports_are_byte_identical(con, exported, tmp_path):
    again = export(con, tmp_path / "again", "sqlite").out_dir
    for name in (SQLITE_FILE, DATASETTE_METADATA):
        assert (exported / name).read_bytes() == (again / name).read_bytes(), name


@pytest.mark.slow
def test_the_export_replaces_its_folder_whole(con, tmp_path):
    out = tmp_path / "out"
    export(con, out, "csv")
    export(con, out, "sqlite")  # a previous export (another format) is replaced
    assert {p.name for p in out.iterdir()} == {SQLITE_FILE, DATASETTE_METADATA}
    export(con, out, "sqlite")  # and so is a previous sqlite export
    export(con, out, "parquet")
    assert DESCRIPTOR in {p.name for p in out.iterdir()}
    export(con, out, "sqlite")
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(ValueError, match="notes.txt"):
        export(con, out, "sqlite")
    assert (out / "notes.txt").exists() and (out / SQLITE_FILE).exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temporary left


def test_rows_that_contradict_a_grain_get_no_index(built_db, tmp_path):
    """A grain the database records (its `_view` table) that its rows contradict."""
    copy = tmp_path / "copy.duckdb"
    shutil.copyfile(built_db, copy)
    with duckdb.connect(str(copy)) as writable:
        writable.execute(
            "update _view set grain = ['policy_id'] where view_name = 'reconciled_by_policy'"
        )
        result = export(writable, tmp_path / "out", "sqlite")
    assert "reconciled_by_policy" not in result.unique_on
    assert result.unique_on["reconciled"] == ("figure_key",)  # the others keep theirs
    table = metadata_of(result.out_dir)["databases"]["tiplake"]["tables"]["reconciled_by_policy"]
    assert "unique index" not in table["description"]


def test_the_command_prints_what_it_wrote_and_leaves_the_database_alone(
    built_db, tmp_path, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    before = hashlib.sha256(built_db.read_bytes()).hexdigest(), built_db.stat().st_mtime_ns
    beside = sorted(p.name for p in built_db.parent.iterdir())
    result = CliRunner().invoke(
        cli, ["export", "--format", "sqlite", "--out", "sqlite", "--db", str(built_db)]
    )
    assert result.exit_code == 0, result.output
    assert result.output == (
        "wrote sqlite/tiplake.sqlite (14 tables and 18 views as tables) and "
        "sqlite/metadata.json; browse them with: datasette sqlite/tiplake.sqlite "
        "-m sqlite/metadata.json\n"
    )
    assert (tmp_path / "sqlite" / SQLITE_FILE).is_file()
    after = hashlib.sha256(built_db.read_bytes()).hexdigest(), built_db.stat().st_mtime_ns
    assert after == before
    assert sorted(p.name for p in built_db.parent.iterdir()) == beside  # no .wal, nothing new
    refused = CliRunner().invoke(
        cli,
        ["export", "--format", "sqlite", "--partition-by", "year_to", "--out", "x"],
    )
    assert refused.exit_code != 0 and "--format parquet" in refused.output
