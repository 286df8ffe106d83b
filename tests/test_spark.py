"""The views as `tiplake transpile --dialect spark` writes them give, on Apache Spark (local
mode) over the exported Parquet lake, the rows DuckDB gives, view by view.

The tables are declared as the README tells a Spark user to (`create table ... using parquet
location ...`, `msck repair table` for the partitioned one), and their column types (the
partition columns read back from the directory names included) must be DuckDB's. Each view's
rows are compared order-independently (both sides sorted by every column) and value by value:
numbers as numbers (a DECIMAL equals the same float; doubles equal to 12 significant digits,
since engines may sum in another order), strings, booleans and nulls exactly.

Needs PySpark 4 (an optional extra: `pip install -e '.[spark]'`) and Java 17 or later; without
them the tests are skipped with the reason, except under TIPLAKE_REQUIRE_SPARK=1 (CI), where a
missing PySpark or Java is a failure.
"""

from __future__ import annotations

import math
import os
import shutil
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
import sqlglot
from click.testing import CliRunner
from sqlglot import exp

from tiplake.cli import cli
from tiplake.export import export
from tiplake.views import discover

# Slow: a JVM, 18 views run on Spark (about 8 minutes alone): `make test-slow`
pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parent.parent
VIEWS = [view.name for view in discover(REPO / "sql" / "views")]
PARTITION_BY = ("country_iso3", "year_to")
REQUIRED = os.environ.get("TIPLAKE_REQUIRE_SPARK") == "1"
NOT_INSTALLED = (
    "PySpark is an optional extra: `.venv/bin/python -m pip install -e '.[spark]'` "
    "(it also needs Java 17 or later)"
)

if REQUIRED:
    import pyspark  # noqa: F401  (CI: a missing PySpark fails here instead of skipping)
pytest.importorskip("pyspark", minversion="4.0", reason=NOT_INSTALLED)


def _java() -> str | None:
    home = os.environ.get("JAVA_HOME")
    if home and (Path(home) / "bin" / "java").exists():
        return str(Path(home) / "bin" / "java")
    return shutil.which("java")


@pytest.fixture(scope="module")
def spark(tmp_path_factory):
    if _java() is None:
        message = "PySpark needs Java 17 or later: no java on PATH and no JAVA_HOME"
        if REQUIRED:
            pytest.fail(message)
        pytest.skip(message)
    from pyspark.sql import SparkSession

    tmp = tmp_path_factory.mktemp("spark")
    session = (
        SparkSession.builder.master("local[1]")
        .appName("tiplake-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.driver.memory", "4g")
        # Dynamic partition pruning copies a join's other side into every scan of the
        # partitioned claim table: the views' plans grow several times over (README, Spark).
        .config("spark.sql.optimizer.dynamicPartitionPruning.enabled", "false")
        .config("spark.sql.shuffle.partitions", "1")
        .config("spark.default.parallelism", "1")
        .config("spark.sql.warehouse.dir", str(tmp / "warehouse"))
        .config("spark.driver.extraJavaOptions", f"-Dderby.system.home={tmp}")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


@pytest.fixture(scope="module")
def lake(con, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("lake")
    export(con, out, "parquet", partition_by=PARTITION_BY)
    return out


def _tables(con) -> list[str]:
    return [
        name
        for (name,) in con.execute(
            "select table_name from duckdb_tables() where not internal order by table_name"
        ).fetchall()
        if name != "schema_migrations" and not name.startswith("_")
    ]


def statements(script: str) -> list[str]:
    """The statements of a script, cut at its semicolons (read with sqlglot's Spark tokenizer,
    so a semicolon inside a string is not a cut)."""
    tokens = sqlglot.Dialect.get_or_raise("spark").tokenize(script)
    cuts = [t.start for t in tokens if t.token_type == sqlglot.TokenType.SEMICOLON]
    pieces, start = [], 0
    for cut in cuts:
        pieces.append(script[start:cut])
        start = cut + 1
    pieces.append(script[start:])
    return [p.strip() for p in pieces if sqlglot.Dialect.get_or_raise("spark").tokenize(p)]


@pytest.fixture(scope="module")
def spark_views(spark, lake, con) -> list[str]:
    """Declare the lake's tables, then create every view from `tiplake transpile` output."""
    for table in _tables(con):
        location = str(lake / table).replace("'", "\\'")
        spark.sql(f"create table `{table}` using parquet location '{location}'")
        if table == "claim":
            spark.sql(f"msck repair table `{table}`")
    result = CliRunner().invoke(cli, ["transpile", "--dialect", "spark"])
    assert result.exit_code == 0, result.output
    created = []
    for statement in statements(result.output):
        name = sqlglot.parse_one(statement, read="spark").this.name
        try:
            spark.sql(statement)
        except Exception as e:  # an AnalysisException: keep its first line, not the plan
            pytest.fail(f"Spark cannot create view {name}: {str(e).splitlines()[0]}")
        created.append(name)
    return created


def _spark_type(duckdb_type: str) -> str:
    """DuckDB's type as Spark writes it (`DECIMAL(20,4)` -> `decimal(20,4)`)."""
    spark_type = exp.DataType.build(duckdb_type, dialect="duckdb").sql("spark")
    return spark_type.replace(" ", "").lower().replace("integer", "int")


def test_the_lake_tables_have_duckdbs_columns_and_types(spark, spark_views, con):
    for table in _tables(con):
        expected = {
            name: _spark_type(data_type)
            for name, data_type in con.execute(
                "select column_name, data_type from duckdb_columns() where table_name = ?",
                [table],
            ).fetchall()
        }
        actual = {f.name: f.dataType.simpleString() for f in spark.table(table).schema.fields}
        assert actual == expected, table
        (count,) = con.execute(f'select count(*) from "{table}"').fetchone()
        assert spark.table(table).count() == count, table


def test_every_view_is_created_in_dependency_order(spark_views):
    assert spark_views == VIEWS


def _key(value):
    """A total order over normalised values: nulls, booleans, numbers, text, dates."""
    if value is None:
        return (0, 0)
    if isinstance(value, bool):
        return (1, value)
    if isinstance(value, int | float | Decimal):
        return (2, float(f"{float(value):.12g}"))
    if isinstance(value, str):
        return (3, value)
    if isinstance(value, date | datetime):
        return (4, value.isoformat())
    return (5, repr(value))


def _same(a, b) -> bool:
    if a is None or b is None:
        return a is None and b is None
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    if isinstance(a, int | float | Decimal) and isinstance(b, int | float | Decimal):
        if isinstance(a, float) or isinstance(b, float):
            return math.isclose(float(a), float(b), rel_tol=1e-12, abs_tol=1e-12)
        return Decimal(a) == Decimal(b)
    return type(a) is type(b) and a == b


def _sorted(rows):
    return sorted(rows, key=lambda row: tuple(_key(v) for v in row))


@pytest.mark.parametrize("view", VIEWS)
def test_the_view_gives_duckdbs_rows_on_spark(spark, spark_views, con, view):
    cursor = con.execute(f'select * from "{view}"')
    columns = [d[0] for d in cursor.description]
    expected = _sorted(cursor.fetchall())
    frame = spark.sql(f"select * from `{view}`")
    assert frame.columns == columns
    try:
        rows = frame.collect()
    except Exception as e:  # a Java exception: keep its first lines, not the stack
        pytest.fail(f"Spark cannot run view {view}: " + " ".join(str(e).splitlines()[:2]))
    actual = _sorted(tuple(row) for row in rows)
    assert len(actual) == len(expected), f"{view}: {len(actual)} rows on Spark, {len(expected)}"
    differences = [
        (i, column, e, a)
        for i, (e_row, a_row) in enumerate(zip(expected, actual, strict=True))
        for column, e, a in zip(columns, e_row, a_row, strict=True)
        if not _same(e, a)
    ]
    assert not differences, f"{view}: {len(differences)} values differ, e.g. " + "; ".join(
        f"row {i} {column}: DuckDB {e!r}, Spark {a!r}" for i, column, e, a in differences[:5]
    )
