"""Export: every table and view to Parquet or CSV, with a Frictionless datapackage.json generated
from the database's own comments, byte-identical from one export to the next."""

from __future__ import annotations

import hashlib
import json
import shutil
from decimal import Decimal
from pathlib import Path

import duckdb
import frictionless
import polars as pl
import pytest

from tiplake.export import DESCRIPTOR, export

REPO = Path(__file__).resolve().parent.parent
CLAIM_ID = "tip-2018-aze:victims-identified-2017"
# Bookkeeping the export leaves out (see tiplake/export.py): which migrations ran and when,
# and tables named "_..." (`_meta`, which travels in the descriptor instead).
NOT_EXPORTED = {"schema_migrations"}


def relations(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """Every table and view the export must write, name -> "table" or "view"."""
    rows = con.execute(
        "select table_name, 'table' from duckdb_tables() where not internal "
        "union all select view_name, 'view' from duckdb_views() where not internal"
    ).fetchall()
    return {
        name: kind for name, kind in rows if name not in NOT_EXPORTED and not name.startswith("_")
    }


def undescribed(descriptor: dict) -> list[str]:
    """Resources and fields of a descriptor without a non-empty description."""
    missing = []
    for resource in descriptor["resources"]:
        if not str(resource.get("description") or "").strip():
            missing.append(resource["name"])
        for field in resource["schema"]["fields"]:
            if not str(field.get("description") or "").strip():
                missing.append(f"{resource['name']}.{field['name']}")
    return missing


@pytest.fixture(scope="module")
def exports(con, tmp_path_factory) -> dict[str, Path]:
    """One export per format, made once for the module."""
    root = tmp_path_factory.mktemp("export")
    return {fmt: export(con, root / fmt, fmt).out_dir for fmt in ("parquet", "csv")}


def descriptor_of(out_dir: Path) -> dict:
    return json.loads((out_dir / DESCRIPTOR).read_text(encoding="utf-8"))


def resources_by_name(out_dir: Path) -> dict[str, dict]:
    return {r["name"]: r for r in descriptor_of(out_dir)["resources"]}


@pytest.mark.parametrize("fmt", ["parquet", "csv"])
def test_every_table_and_view_has_a_file_and_a_resource(con, exports, fmt):
    expected = relations(con)
    assert {"claim", "report", "claim_detail", "reconciled"} <= set(expected)
    files = {p.name for p in exports[fmt].iterdir()}
    assert files == {f"{name}.{fmt}" for name in expected} | {DESCRIPTOR}
    resources = resources_by_name(exports[fmt])
    assert set(resources) == set(expected)
    for name, resource in resources.items():
        assert resource["path"] == f"{name}.{fmt}"
        assert resource["format"] == fmt
        data = (exports[fmt] / resource["path"]).read_bytes()
        # frictionless cannot measure a Parquet file's size (it reads it with pyarrow): a
        # Parquet resource has no bytes, and its hash is checked here
        assert resource.get("bytes") == (len(data) if fmt == "csv" else None)
        assert resource["hash"] == "sha256:" + hashlib.sha256(data).hexdigest()


def test_export_reports_progress_once_per_resource(con, tmp_path):
    messages: list[str] = []
    result = export(con, tmp_path / "out", "csv", progress=messages.append)
    assert len(messages) == len(result.resources) == len(relations(con))
    assert any(m.startswith("claim.csv") for m in messages)
    assert result.descriptor == tmp_path / "out" / DESCRIPTOR
    assert result.fmt == "csv"
    assert all(path.is_file() for path in result.files)


def test_unknown_format_is_refused(con, tmp_path):
    with pytest.raises(ValueError, match="parquet, csv"):
        export(con, tmp_path, "xlsx")


def test_parquet_holds_the_claims(con, exports):
    (count,) = con.execute("select count(*) from claim").fetchone()
    claims = pl.read_parquet(exports["parquet"] / "claim.parquet")
    assert claims.height == count
    row = claims.filter(pl.col("claim_id") == CLAIM_ID).row(0, named=True)
    assert row["value"] == Decimal(71)
    assert row["report_id"] == "tip-2018-aze"
    assert claims["claim_id"].to_list() == sorted(claims["claim_id"].to_list())


def test_csv_holds_the_claims(con, exports):
    (count,) = con.execute("select count(*) from claim").fetchone()
    claims = pl.read_csv(exports["csv"] / "claim.csv", infer_schema=False)
    assert claims.height == count
    row = claims.filter(pl.col("claim_id") == CLAIM_ID).row(0, named=True)
    assert Decimal(row["value"]) == 71
    raw = (exports["csv"] / "claim.csv").read_bytes()
    header = raw.split(b"\n", 1)[0]
    assert header.startswith(b"claim_id,report_id,") and not header.endswith(b"\r")


@pytest.mark.parametrize("fmt", ["parquet", "csv"])
def test_every_file_matches_its_resource_schema(con, exports, fmt):
    for name, resource in resources_by_name(exports[fmt]).items():
        path = str(exports[fmt] / resource["path"])
        reader = "read_parquet(?)" if fmt == "parquet" else "read_csv(?, all_varchar = true)"
        columns = [d[0] for d in con.execute(f"select * from {reader} limit 0", [path]).description]
        assert columns == [f["name"] for f in resource["schema"]["fields"]], name
        (rows,) = con.execute(f"select count(*) from {reader}", [path]).fetchone()
        (expected,) = con.execute(f'select count(*) from "{name}"').fetchone()
        assert rows == expected, name


@pytest.mark.parametrize("fmt", ["parquet", "csv"])
def test_two_exports_are_byte_identical(con, exports, tmp_path, fmt):
    again = export(con, tmp_path / fmt, fmt).out_dir
    first = sorted(p.name for p in exports[fmt].iterdir())
    assert first == sorted(p.name for p in again.iterdir())
    for name in first:
        assert (exports[fmt] / name).read_bytes() == (again / name).read_bytes(), name


@pytest.mark.parametrize("fmt", ["parquet", "csv"])
def test_every_resource_and_field_is_described(exports, fmt):
    assert undescribed(descriptor_of(exports[fmt])) == []


def test_a_column_without_its_comment_is_caught(built_db, tmp_path):
    copy = tmp_path / "copy.duckdb"
    shutil.copyfile(built_db, copy)
    with duckdb.connect(str(copy)) as writable:
        writable.execute("comment on column claim.quote is null")
        writable.execute("comment on view figure is null")
        out = export(writable, tmp_path / "out", "parquet").out_dir
    assert undescribed(descriptor_of(out)) == ["claim.quote", "figure"]


def test_descriptor_describes_the_package(con, exports):
    descriptor = descriptor_of(exports["parquet"])
    assert descriptor["$schema"] == "https://datapackage.org/profiles/2.0/datapackage.json"
    assert descriptor["name"] == "tiplake"
    assert descriptor["title"] and descriptor["description"]
    has_meta = con.execute(
        "select count(*) from duckdb_tables() where table_name = '_meta'"
    ).fetchone()[0]
    if has_meta:
        (built_at,) = con.execute(
            "select strftime(built_at, '%Y-%m-%dT%H:%M:%S.%fZ') from _meta"
        ).fetchone()
        assert descriptor["created"] == built_at
        assert descriptor["build"]["built_at"] == built_at
    else:
        assert "created" not in descriptor


def test_descriptor_keys(exports):
    resources = resources_by_name(exports["parquet"])
    claim = resources["claim"]["schema"]
    assert claim["primaryKey"] == ["claim_id"]
    references = {
        (tuple(fk["fields"]), fk["reference"]["resource"], tuple(fk["reference"]["fields"]))
        for fk in claim["foreignKeys"]
    }
    assert {
        (("report_id",), "report", ("report_id",)),
        (("source_id",), "source", ("source_id",)),
        (("indicator_code",), "indicator", ("indicator_code",)),
        (("unit",), "unit", ("unit",)),
        (("year_from",), "year", ("year",)),
        (("value_category",), "category", ("category",)),
        (("restated_source_id",), "source", ("source_id",)),
    } <= references
    # links between claims are audited by the build (assert_links_resolve), not keys
    assert not [fk for fk in claim["foreignKeys"] if fk["reference"]["resource"] == ""]
    parts = resources["claim_sum_part"]["schema"]
    assert parts["primaryKey"] == ["sum_id", "claim_id"]
    assert parts["foreignKeys"] == [
        {"fields": ["sum_id"], "reference": {"resource": "claim_sum", "fields": ["sum_id"]}}
    ]
    assert claim["foreignKeys"] == sorted(
        claim["foreignKeys"], key=lambda fk: (fk["fields"], fk["reference"]["resource"])
    )
    assert resources["indicator_relation"]["schema"]["primaryKey"] == [
        "indicator_code",
        "related_indicator_code",
    ]
    for view in ("claim_detail", "figure", "reconciled"):
        assert "primaryKey" not in resources[view]["schema"]
        assert "foreignKeys" not in resources[view]["schema"]


def test_descriptor_field_types(exports):
    resources = resources_by_name(exports["parquet"])

    def types(name: str) -> dict[str, str]:
        return {f["name"]: f["type"] for f in resources[name]["schema"]["fields"]}

    claim = types("claim")
    assert claim["claim_id"] == "string"
    assert claim["year_from"] == "integer"
    assert claim["value"] == "number"
    assert claim["is_low_confidence"] == "boolean"
    assert types("report")["published_on"] == "date"
    assert types("figure")["n_claims"] == "integer"
    assert types("exchange_rate")["usd_per_unit"] == "number"


def test_sources_are_the_reports_with_their_urls_licenses_and_checksums(con, exports):
    sources = descriptor_of(exports["csv"])["sources"]
    reports = con.execute(
        "select report_id, title, citation, sha256, file_path, url, url_note, license, "
        "license_note from report order by report_id"
    ).fetchall()
    assert len(sources) == len(reports) == 5
    for source, report in zip(sources, reports, strict=True):
        report_id, title, citation, sha256, file_path, url, url_note, license_, note = report
        assert source["report_id"] == report_id
        assert source["title"] == title
        assert source["citation"] == citation
        # path is the document's public URL, never a file the export does not hold
        assert source.get("path") == url
        assert source.get("url_note") == url_note
        assert (source["license"], source["license_note"]) == (license_, note)
        assert source["sha256"] == sha256
        assert source["vendored_file"] == f"seeds/documents/{file_path}"
        # the vendored file is named relative to the project checkout; the checksum is its
        assert hashlib.sha256((REPO / source["vendored_file"]).read_bytes()).hexdigest() == sha256
    by_id = {s["report_id"]: s for s in sources}
    assert by_id["tip-2025-aze"]["path"] == (
        "https://www.state.gov/reports/2025-trafficking-in-persons-report/azerbaijan/"
    )
    assert "path" not in by_id["gov-aze-2021"] and by_id["gov-aze-2021"]["license"] == "unknown"


@pytest.mark.parametrize("fmt", ["parquet", "csv"])
def test_the_package_states_the_data_license(exports, fmt):
    descriptor = descriptor_of(exports[fmt])
    assert descriptor["licenses"] == [
        {
            "name": "CC-BY-4.0",
            "path": "https://creativecommons.org/licenses/by/4.0/",
            "title": "Creative Commons Attribution 4.0",
        }
    ]
    assert "CC BY 4.0" in descriptor["description"]
    package = frictionless.Package(str(exports[fmt] / DESCRIPTOR))
    assert [license["name"] for license in package.licenses] == ["CC-BY-4.0"]


@pytest.mark.parametrize("fmt", ["parquet", "csv"])
def test_frictionless_accepts_the_descriptor(exports, fmt):
    path = str(exports[fmt] / DESCRIPTOR)
    report = frictionless.Package.validate_descriptor(path)
    assert report.valid, report.flatten(["type", "note"])
    package = frictionless.Package(path)
    assert len(package.resources) == len(descriptor_of(exports[fmt])["resources"])
    assert package.get_resource("claim").schema.primary_key == ["claim_id"]


# Parquet: about 45 s of frictionless reading every table through pandas: `make test-slow`
@pytest.mark.parametrize("fmt", ["csv", pytest.param("parquet", marks=pytest.mark.slow)])
def test_frictionless_validates_the_data(exports, fmt):
    """`frictionless validate datapackage.json`, as a user runs it: every file read, its types,
    primary keys, foreign keys (across resources); byte counts and sha256 for CSV (frictionless
    measures neither for Parquet, which it reads with pyarrow and pandas: the dev extra's
    frictionless[pandas]; the Parquet hashes are checked above)."""
    report = frictionless.validate(str(exports[fmt] / DESCRIPTOR))
    problems = [
        (task.name, error.type, error.message) for task in report.tasks for error in task.errors
    ]
    assert report.valid, problems[:20]
    assert report.stats["tasks"] == len(descriptor_of(exports[fmt])["resources"])
    rows = {task.name: task.stats["rows"] for task in report.tasks}
    assert rows["claim"] > 350 and rows["report"] == 5


@pytest.mark.slow
def test_frictionless_reads_a_parquet_null_as_null_and_checks_the_parquet_data(exports, tmp_path):
    """The Parquet integer fields' missingValues ("nan": how frictionless sees a null through
    pandas) make nulls read as null, and hide no error: a claim naming a report that does not
    exist is caught. (Its changed file's hash is not: frictionless does not measure Parquet
    files, which is why test_every_table_and_view_has_a_file_and_a_resource checks them.)"""
    package = frictionless.Package(str(exports["parquet"] / DESCRIPTOR))
    claims = package.get_resource("claim")
    assert claims.schema.get_field("year_from").missing_values == ["", "nan"]
    timeless = [r for r in claims.read_rows() if r["year_to"] is None]
    assert timeless and all(r["year_from"] is None for r in timeless)
    out = tmp_path / "broken"
    shutil.copytree(exports["parquet"], out)
    with duckdb.connect() as scratch:
        scratch.execute(
            "copy (select * replace ('nowhere' as report_id) from read_parquet(?)) to ? "
            "(format parquet, compression zstd)",
            [str(exports["parquet"] / "claim.parquet"), str(out / "claim.parquet")],
        )
    report = frictionless.Package(str(out / DESCRIPTOR)).get_resource("claim").validate()
    assert not report.valid
    assert {e.type for t in report.tasks for e in t.errors} == {"foreign-key"}


def test_a_new_format_is_one_entry_of_the_registry(con, tmp_path, monkeypatch):
    """export() and `tiplake export --format` take their formats from export.EXPORTS: an
    entry, a writer of the new folder's content, is all a format needs."""
    from tiplake import export as module

    def claim_ids(job):
        path = job.out_dir / "claim_ids.txt"
        ids = job.con.execute("select claim_id from claim order by all").fetchall()
        path.write_text("".join(f"{i}\n" for (i,) in ids), encoding="utf-8")
        return "listing.json", {"files": [path.name]}, [path], None

    monkeypatch.setitem(module.EXPORTS, "ids", claim_ids)
    result = module.export(con, tmp_path / "out", "ids")
    lines = (tmp_path / "out" / "claim_ids.txt").read_text(encoding="utf-8").splitlines()
    assert "tip-2018-aze:victims-identified-2017" in lines and len(lines) == 410
    assert result.descriptor == tmp_path / "out" / "listing.json"
    assert result.files == (tmp_path / "out" / "claim_ids.txt",)
    with pytest.raises(ValueError, match="use one of parquet, csv, sqlite, ids"):
        module.export(con, tmp_path / "other", "xml")
