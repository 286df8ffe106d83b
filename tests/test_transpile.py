"""`tiplake transpile`: every view written for Spark, Trino, PostgreSQL and BigQuery without an
error, constructs outside the portable subset refused with the view and the construct named;
and `tiplake export --partition-by`: a Hive-partitioned Parquet lake holding every row."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb
import frictionless
import pytest
import sqlglot
from click.testing import CliRunner

import tiplake.cli
from tiplake.cli import cli
from tiplake.export import DESCRIPTOR, HIVE_NULL, LAKE_FILE, export
from tiplake.project import Project
from tiplake.transpile import DIALECTS, TranspileError, transpile_views
from tiplake.views import discover

REPO = Path(__file__).resolve().parent.parent
VIEWS = [view.name for view in discover(REPO / "sql" / "views")]
PARTITION_BY = ("country_iso3", "year_to")


def statements(script: str, dialect: str) -> list[sqlglot.exp.Expression]:
    return [s for s in sqlglot.parse(script, read=dialect) if s is not None]


@pytest.mark.parametrize("dialect", DIALECTS)
def test_every_view_transpiles(dialect):
    result = CliRunner().invoke(cli, ["transpile", "--dialect", dialect])
    assert result.exit_code == 0, result.output
    created = statements(result.output, dialect)
    assert [s.this.name for s in created] == VIEWS  # every view, in dependency order
    for statement in created:
        assert isinstance(statement, sqlglot.exp.Create)
        assert statement.args["kind"] == "VIEW" and statement.args.get("replace")
    first = discover(REPO / "sql" / "views")[0]
    assert first.name == "stg_claim"  # the staging layer comes first: every mart reads it
    assert f"-- stg_claim: {first.summary}" in result.output


def test_the_schema_option_qualifies_tables_and_views_but_not_ctes():
    result = CliRunner().invoke(cli, ["transpile", "--dialect", "trino", "--schema", "tiplake"])
    assert result.exit_code == 0, result.output
    for statement in statements(result.output, "trino"):
        assert statement.this.db == "tiplake"
        ctes = {cte.alias_or_name for cte in statement.find_all(sqlglot.exp.CTE)}
        for table in statement.expression.find_all(sqlglot.exp.Table):
            assert (table.db == "tiplake") == (table.name not in ctes), table.sql()
    assert 'FROM tiplake."year"' in result.output


def test_spark_gets_ordered_string_aggregates():
    (figure,) = [v for v in transpile_views(REPO / "sql" / "views", "spark") if v.name == "figure"]
    assert "LISTAGG(" in figure.sql and "WITHIN GROUP (ORDER BY" in figure.sql


def write_view(directory: Path, name: str, sql: str, columns: list[str]) -> None:
    header = [f"-- One row per test row ({name}).", "--", f"-- grain: {columns[0]}", "--"]
    header += ["-- columns:"]
    header += [f"--   {c}: A column." for c in columns]
    (directory / f"{name}.sql").write_text("\n".join(header) + "\n" + sql + "\n")


NOT_PORTABLE = {
    "list with order": (
        "select claim_id, list(value order by year_from) as l from claim group by claim_id",
        "lists, arrays and structs",
    ),
    "len of a list": ("select len([1, 2]) as n from claim", "lists, arrays and structs"),
    "exclude": ("select * exclude (note) from claim", "star modifiers"),
    "group by all": ("select unit, count(*) as n from claim group by all", "group by all"),
    "unknown function": ("select timezone('UTC', now()) as t from claim", "timezone()"),
    "concat_ws": ("select concat_ws(', ', sex, unit) as t from claim", "concat_ws"),
    "unordered string_agg": (
        "select unit, string_agg(claim_id, ', ') as ids from claim group by unit",
        "string_agg without order by",
    ),
    "unordered row_number": (
        "select claim_id, row_number() over (partition by unit) as n from claim",
        "needs an order by",
    ),
    "distinct window aggregate": (
        "select claim_id, count(distinct report_id) over (partition by unit) as n from claim",
        "no distinct window aggregates",
    ),
    "distinct aggregates beside string_agg": (
        "select unit, count(distinct report_id) as a, count(distinct source_id) as b, "
        "string_agg(claim_id, ', ' order by claim_id nulls first) as ids from claim group by unit",
        "Spark 4 fails on it",
    ),
    "round of a decimal quotient": (
        "select round(100.0 * value / value_high, 1) as r from claim",
        "cast to double",
    ),
}


@pytest.mark.parametrize("case", NOT_PORTABLE, ids=list(NOT_PORTABLE))
def test_a_construct_outside_the_portable_subset_is_an_error(tmp_path, case):
    sql, construct = NOT_PORTABLE[case]
    write_view(tmp_path, "bad_view", sql, ["claim_id"])
    for dialect in DIALECTS:
        with pytest.raises(TranspileError) as raised:
            transpile_views(tmp_path, dialect)
        message = str(raised.value)
        assert "view bad_view" in message and "portable subset" in message
        assert construct in message, message


def test_what_bigquery_cannot_express_is_an_error_for_bigquery_only(tmp_path):
    # An aggregate ordered nulls last (DuckDB's default): BigQuery cannot say so.
    sql = (
        "select unit, string_agg(claim_id, ', ' order by claim_id) as ids from claim group by unit"
    )
    write_view(tmp_path, "nulls_last", sql, ["unit", "ids"])
    with pytest.raises(TranspileError, match=r"view nulls_last .* cannot be written for bigquery"):
        transpile_views(tmp_path, "bigquery")
    for dialect in ("spark", "trino", "postgres"):
        (view,) = transpile_views(tmp_path, dialect)
        assert view.name == "nulls_last"


def test_the_command_reports_the_view_and_the_construct(tmp_path, monkeypatch):
    shutil.copytree(REPO / "sql" / "views", tmp_path / "sql" / "views")
    write_view(tmp_path / "sql" / "views", "zz_bad", "select * exclude (note) from claim", ["x"])
    monkeypatch.setattr(tiplake.cli, "PROJECT", Project(tmp_path))
    result = CliRunner().invoke(cli, ["transpile", "--dialect", "spark"])
    assert result.exit_code != 0
    assert "Error: view zz_bad (sql/views/zz_bad.sql) leaves the portable subset" in result.output
    assert "star modifiers" in result.output
    assert "CREATE" not in result.output  # nothing printed but the error


# The lake


@pytest.fixture(scope="module")
def lake(con, tmp_path_factory):
    out = tmp_path_factory.mktemp("lake")
    return export(con, out, "parquet", partition_by=PARTITION_BY)


def test_the_lake_has_hive_partition_directories(con, lake):
    assert lake.partitioned == ("claim",)  # the only table with country_iso3 and year_to
    claim = lake.out_dir / "claim"
    expected = con.execute(
        "select distinct country_iso3, year_to from claim order by all nulls last"
    ).fetchall()
    files = sorted(claim.rglob("*.parquet"))
    assert files == sorted(
        claim / f"country_iso3={c}" / f"year_to={HIVE_NULL if y is None else y}" / LAKE_FILE
        for c, y in expected
    )
    assert (claim / "country_iso3=AZE" / "year_to=2017" / LAKE_FILE).is_file()
    # Hive style: the partition columns are in the directory names, not in the files
    columns = [
        d[0]
        for d in con.execute(
            "select * from read_parquet(?, hive_partitioning = false) limit 0", [str(files[0])]
        ).description
    ]
    assert "year_to" not in columns and "country_iso3" not in columns and "claim_id" in columns
    for name in ("report", "year", "claim_figure"):  # unpartitioned: one file in a directory
        assert sorted((lake.out_dir / name).rglob("*")) == [lake.out_dir / name / LAKE_FILE]


def test_the_lake_holds_every_row_of_the_database(con, lake):
    for name in lake.resources:
        (expected,) = con.execute(f'select count(*) from "{name}"').fetchone()
        pattern = str(lake.out_dir / name / "**" / "*.parquet")
        (rows,) = con.execute(
            "select count(*) from read_parquet(?, hive_partitioning = true)", [pattern]
        ).fetchone()
        assert rows == expected, name
    different = con.execute(
        f"""
        select count(*) from (
            select * exclude (country_iso3, year_to),
                cast(country_iso3 as varchar) as country_iso3, cast(year_to as integer) as year_to
            from read_parquet('{lake.out_dir}/claim/**/*.parquet', hive_partitioning = true)
            except all
            select * exclude (country_iso3, year_to), country_iso3, year_to from claim
        )
        """
    ).fetchone()[0]
    assert different == 0


def test_the_lake_descriptor_is_valid_and_lists_the_partitions(lake):
    descriptor = json.loads((lake.out_dir / DESCRIPTOR).read_text(encoding="utf-8"))
    resources = {r["name"]: r for r in descriptor["resources"]}
    claim = resources["claim"]
    assert claim["partitionedBy"] == list(PARTITION_BY)
    assert claim["path"] == [
        p.relative_to(lake.out_dir).as_posix()
        for p in sorted((lake.out_dir / "claim").rglob("*.parquet"))
    ]
    assert claim["bytes"] == sum((lake.out_dir / p).stat().st_size for p in claim["path"])
    assert [f["name"] for f in claim["schema"]["fields"]][:2] == ["claim_id", "report_id"]
    assert resources["report"]["path"] == f"report/{LAKE_FILE}"
    assert "partitionedBy" not in resources["report"]
    report = frictionless.Package.validate_descriptor(str(lake.out_dir / DESCRIPTOR))
    assert report.valid, report.flatten(["type", "note"])


def test_two_lake_exports_are_identical_and_stale_partitions_go(con, lake, tmp_path):
    out = tmp_path / "lake"
    export(con, out, "parquet", partition_by=PARTITION_BY)
    # a partition an earlier export wrote and this one does not (the claims changed since)
    stale = out / "claim" / "country_iso3=XXX" / "year_to=1999" / LAKE_FILE
    stale.parent.mkdir(parents=True)
    stale.write_bytes(b"stale")
    # ... and listed in its descriptor, as an export lists what it wrote (a file no export
    # listed is not tiplake's: tests/test_output_safety.py shows it refused, never deleted)
    descriptor = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    claim = next(r for r in descriptor["resources"] if r["name"] == "claim")
    claim["path"].append(str(stale.relative_to(out)))
    (out / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    again = export(con, out, "parquet", partition_by=PARTITION_BY)
    assert not stale.exists()
    assert [p.relative_to(out) for p in again.files] == [
        p.relative_to(lake.out_dir) for p in lake.files
    ]
    for first, second in zip(lake.files, again.files, strict=True):
        assert first.read_bytes() == second.read_bytes(), first


def test_partitioning_needs_parquet_and_known_columns(con, tmp_path):
    with pytest.raises(ValueError, match="Parquet lake"):
        export(con, tmp_path, "csv", partition_by=PARTITION_BY)
    with pytest.raises(ValueError, match="no table has all the partition columns"):
        export(con, tmp_path, "parquet", partition_by=("country_iso3", "no_such_column"))


def test_the_export_command_writes_a_lake(built_db, tmp_path):
    runner = CliRunner()
    out = tmp_path / "lake"
    args = ["export", "--db", str(built_db), "--out", str(out)]
    result = runner.invoke(
        cli, [*args, "--format", "parquet", "--partition-by", "country_iso3,year_to"]
    )
    assert result.exit_code == 0, result.output
    assert "claim partitioned by country_iso3, year_to" in result.output
    assert (out / "claim" / "country_iso3=AZE" / "year_to=2017" / LAKE_FILE).is_file()
    result = runner.invoke(cli, [*args, "--format", "csv", "--partition-by", "country_iso3"])
    assert result.exit_code != 0 and "--format parquet" in result.output
    with duckdb.connect() as check:  # the partition values come back from the directory names
        (years,) = check.execute(
            "select count(distinct year_to) from read_parquet(?, hive_partitioning = true)",
            [str(out / "claim" / "**" / "*.parquet")],
        ).fetchone()
        assert years > 10
