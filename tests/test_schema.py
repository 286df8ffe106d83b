"""The schema documents itself and refuses nonsense."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from tiplake.checks import reference_audit
from tiplake.migrate import migrate

ROOT = Path(__file__).resolve().parent.parent


def test_every_table_view_and_column_has_a_comment(con):
    missing_tables = con.execute(
        "select table_name from duckdb_tables() where not internal and comment is null "
        "union all select view_name from duckdb_views() where not internal and comment is null"
    ).fetchall()
    missing_columns = con.execute(
        "select table_name || '.' || column_name from duckdb_columns() "
        "where not internal and (comment is null or comment = '')"
    ).fetchall()
    assert missing_tables == [] and missing_columns == []


def test_committed_schema_dump_is_current(con):
    from pathlib import Path

    from tiplake.schema import dump

    committed = (Path(__file__).resolve().parent.parent / "sql" / "schema.sql").read_text(
        encoding="utf-8"
    )
    assert committed == dump(con), "sql/schema.sql is out of date: run `make schema`"


def test_public_tables_exist_with_their_keys(con):
    tables = {r[0] for r in con.execute("select table_name from duckdb_tables()").fetchall()}
    assert {"report", "year", "indicator", "source", "claim", "unit", "schema_migrations"} <= tables
    claim_columns = {
        r[0]
        for r in con.execute(
            "select column_name from duckdb_columns() where table_name = 'claim'"
        ).fetchall()
    }
    assert {
        "claim_id",
        "report_id",
        "source_id",
        "indicator_code",
        "country_iso3",
        "year_from",
        "year_to",
        "value",
        "value_low",
        "value_high",
        "qualifier",
        "unit",
        "sex",
        "age_band",
        "exploitation_form",
        "citizenship",
        "destination_iso3",
        "quote",
        "quote_start",
        "quote_end",
        "context_before",
        "context_after",
    } <= claim_columns
    detail = {
        r[0]
        for r in con.execute(
            "select column_name from duckdb_columns() where table_name = 'claim_detail'"
        ).fetchall()
    }
    assert {
        "claim_id",
        "report_id",
        "source_id",
        "source_kind",
        "indicator_code",
        "indicator_label",
        "country_iso3",
        "year_from",
        "year_to",
        "value",
        "value_low",
        "value_high",
        "unit",
        "quote",
    } <= detail


def test_report_rows_carry_provenance(con):
    rows = con.execute(
        "select report_id, kind, sha256, file_path from report order by 1"
    ).fetchall()
    assert [r[0] for r in rows] == [
        "cable-09baku141",
        "gov-aze-2021",
        "tip-2012-aze",
        "tip-2018-aze",
        "tip-2025-aze",
    ]
    assert (
        dict((r[0], r[2]) for r in rows)["tip-2018-aze"]
        == "a1bb34405fc09a2884c91c6ca091dbf6e709f2666f67d767f25152a4e4e3328f"
    )


@pytest.fixture
def empty_schema(project_copy, tmp_path):
    con = duckdb.connect(str(tmp_path / "s.duckdb"))
    migrate(con, project_copy.project.migrations)
    con.execute(
        "insert into report (report_id, title, kind, publisher, published_year, country_iso3, citation, file_path, sha256) "
        "values ('r', 't', 'tip_report', 'p', 2020, 'AZE', 'c', 'f', repeat('a', 64))"
    )
    con.execute(
        "insert into indicator (indicator_code, label, unit, pillar, definition) values ('victims_identified', 'v', 'persons', 'protection', 'd')"
    )
    con.execute("insert into source values ('gov_aze', 'g', 'government', 'd')")
    con.execute("insert into unit values ('persons', 'count', 'people')")
    con.execute("insert into year values (2019, true)")
    yield con
    con.close()


CLAIM_SQL = (
    "insert into claim (claim_id, report_id, source_id, indicator_code, country_iso3, year_from, "
    "year_to, value, value_low, value_high, qualifier, unit, quote, occurrence, quote_start, "
    "quote_end, context_before, context_after, seed_file) values "
    "('r:c', 'r', 'gov_aze', 'victims_identified', 'AZE', 2019, 2019, {value}, {low}, {high}, "
    "'{qualifier}', 'persons', 'q', 1, 0, 1, '', '', 'f')"
)


@pytest.mark.parametrize(
    "value,low,high,qualifier,error",
    [
        ("-5", "null", "null", "exact", "CHECK"),
        ("null", "10", "5", "range", "CHECK"),
        ("3", "null", "null", "not_reported", "CHECK"),
        ("null", "null", "null", "exact", "CHECK"),
        ("3", "null", "null", "roughly", "CHECK"),
    ],
    ids=[
        "negative-count",
        "low-above-high",
        "value-on-not-reported",
        "exact-without-value",
        "unknown-qualifier",
    ],
)
def test_database_refuses_nonsense(empty_schema, value, low, high, qualifier, error):
    with pytest.raises(duckdb.ConstraintException, match=error):
        empty_schema.execute(CLAIM_SQL.format(value=value, low=low, high=high, qualifier=qualifier))


def test_database_refuses_unknown_references_and_kinds(empty_schema):
    with pytest.raises(duckdb.ConstraintException):
        empty_schema.execute("insert into source values ('x', 'x', 'astrologer', 'd')")
    # No foreign keys on the claim tables since migration 0013: the audit the build runs before
    # publishing lists an unknown originator instead (checks.REFERENCES; tests/test_build.py).
    empty_schema.execute("begin transaction")
    empty_schema.execute(
        CLAIM_SQL.replace("'gov_aze'", "'nobody'").format(
            value=1, low="null", high="null", qualifier="exact"
        )
    )
    audit = reference_audit()[2]
    assert ("claim.source_id", "nobody") in [r[1:] for r in empty_schema.execute(audit).fetchall()]
    empty_schema.execute("rollback")
    empty_schema.execute(CLAIM_SQL.format(value=1, low="null", high="null", qualifier="exact"))
