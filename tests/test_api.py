"""The Python API a notebook uses: read-only attach, refresh, Polars tables with bound filters."""

from __future__ import annotations

import duckdb
import polars as pl
import pytest

import tiplake


def test_connect_attaches_the_file_read_only_and_leaves_nothing_beside_it(built_copy):
    db = tiplake.connect(built_copy.db)
    assert db.execute("select count(*) from claim_detail").fetchone()[0] >= 370
    with pytest.raises(duckdb.Error, match="read-only|read only"):
        db.execute("delete from claim")
    db.close()
    beside = sorted(p.name for p in built_copy.db.parent.iterdir())
    assert not [n for n in beside if n.endswith(".wal") or ".building" in n], beside
    assert "tiplake.duckdb" in beside


def test_connect_uses_tiplake_db_by_default(built_copy, monkeypatch):
    monkeypatch.setenv("TIPLAKE_DB", str(built_copy.db))
    with tiplake.connect() as db:
        assert db.path == built_copy.db


def test_connect_without_a_database_says_how_to_build_it(tmp_path):
    with pytest.raises(FileNotFoundError, match="make build-db"):
        tiplake.connect(tmp_path / "missing.duckdb")


def test_refresh_picks_up_a_rebuilt_file_and_a_rebuild_is_not_blocked(built_copy):
    db = tiplake.connect(built_copy.db)
    query = "select count(*) from claim where claim_id = 'tip-2025-aze:tier-2024-still'"
    assert db.execute(query).fetchone() == (0,)
    built_copy.replace(
        "seeds/claims/tip-2025-aze.yaml",
        "  - id: tier-2024-remained\n",
        "  - id: tier-2024-still\n",
    )
    built_copy.build()  # while the notebook holds its connection
    assert db.execute(query).fetchone() == (0,)  # still the file it attached
    db.refresh()
    assert db.execute(query).fetchone() == (1,)
    db.close()


def test_table_returns_polars_with_filters_bound(built_db):
    df = tiplake.table(
        "reconciled",
        path=built_db,
        indicator_code="victims_identified",
        breakdown="all",
        year_from=[2017, 2021, 2024],
    )
    assert isinstance(df, pl.DataFrame)
    got = {
        (r["year_from"], int(r["value"]), r["source_id"])
        for r in df.iter_rows(named=True)
        if r["year_to"] == r["year_from"]
    }
    assert got == {(2017, 71, "gov_aze"), (2021, 95, "gov_aze"), (2024, 91, "media")}


def test_table_filter_values_are_never_pasted_into_sql(built_db):
    assert tiplake.table("claim", path=built_db, claim_id="x' or '1'='1").height == 0
    assert (
        tiplake.table(
            "claim", path=built_db, claim_id="tip-2018-aze:victims-identified-2017"
        ).height
        == 1
    )


def test_table_refuses_unknown_names_and_columns(built_db):
    with pytest.raises(KeyError, match="no table or view"):
        tiplake.table("claim; drop table claim", path=built_db)
    with pytest.raises(KeyError, match="has no column"):
        tiplake.table("claim", path=built_db, **{"value = 1 or 1": 1})


def test_meta_records_schema_duckdb_storage_build_and_seeds(con):
    from tiplake.build import STORAGE_VERSION

    (
        schema_version,
        duckdb_version,
        storage,
        built_at,
        commit,
        committed,
        fingerprint,
        rebuilds,
    ) = con.execute("select * from _meta").fetchone()
    assert schema_version == con.execute("select max(version) from schema_migrations").fetchone()[0]
    assert duckdb_version == duckdb.__version__
    assert storage.startswith("v1.") and STORAGE_VERSION == "v1.1.0"
    assert built_at is not None and len(fingerprint) == 64
    assert commit is None or len(commit) == 40
    assert rebuilds == 0  # built from scratch
