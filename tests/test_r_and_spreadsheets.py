"""The README's R snippets and its description of the CSV export hold for the real export.

R is not installed (and tiplake never needs it): the ```r blocks of README.md are read, not run.
Every column a snippet names is in the file it reads, with a type its use fits (a column
compared with text is text, one compared with a number an integer); its filter, run by DuckDB on
the Parquet export, gives the rows the README promises; the SQL it sends to the database runs
read-only and returns figures. The paragraph on spreadsheets is checked against the CSV export:
UTF-8 without a byte-order mark, commas, one header row, ISO dates, true/false, nulls as empty
fields.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from tiplake.export import export

REPO = Path(__file__).resolve().parent.parent
README = (REPO / "README.md").read_text(encoding="utf-8")
R_OPERATORS = {"==": "=", "!=": "<>", ">=": ">=", "<=": "<=", ">": ">", "<": "<"}
R_NAMES = {"TRUE", "FALSE", "NA", "NULL", "c", "subset", "order", "select"}


def without_comment(line: str) -> str:
    """An R line without its comment: from a # outside a string to the end."""
    quote = None
    for i, char in enumerate(line):
        if quote:
            quote = None if char == quote else quote
        elif char in "\"'":
            quote = char
        elif char == "#":
            return line[:i]
    return line


def r_blocks() -> list[str]:
    """The code of each ```r block of the README, its comments removed."""
    blocks = re.findall(r"^```r\n(.*?)^```$", README, flags=re.M | re.S)
    return ["\n".join(map(without_comment, block.splitlines())) for block in blocks]


def arrow_block() -> str:
    found = [b for b in r_blocks() if "read_parquet(" in b]
    assert len(found) == 1, "the README has one R snippet reading a Parquet export"
    return found[0]


def duckdb_block() -> str:
    found = [b for b in r_blocks() if "dbGetQuery(" in b]
    assert len(found) == 1, "the README has one R snippet querying the database"
    return found[0]


@pytest.fixture(scope="module")
def exports(con, tmp_path_factory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("exports")
    return {fmt: export(con, root / fmt, fmt).out_dir for fmt in ("parquet", "csv")}


def parquet_types(path: Path) -> dict[str, pa.DataType]:
    schema = pq.read_schema(path)
    return {name: schema.field(name).type for name in schema.names}


def conditions(text: str) -> list[tuple[str, str, str]]:
    """`a OP b` terms of an R condition joined by `&` (the only connective the README uses)."""
    assert "|" not in text, text
    out = []
    for term in text.split("&"):
        found = re.fullmatch(r'\s*(\w+)\s*(==|!=|>=|<=|>|<)\s*("[^"]*"|[\w.]+)\s*', term)
        assert found, f"not a simple comparison: {term!r}"
        out.append(found.groups())
    return out


def test_the_r_snippet_uses_only_columns_of_the_file_it_reads_with_fitting_types(exports):
    code = arrow_block()
    frames: dict[str, dict[str, pa.DataType]] = {}
    for variable, path in re.findall(r'(\w+) <- read_parquet\("([^"]+)"\)', code):
        assert path.startswith("exports/") and path.endswith(".parquet"), path
        frames[variable] = parquet_types(exports["parquet"] / Path(path).name)
    assert frames, "no read_parquet(...) assigned to a variable"
    subsets = re.findall(
        r"(\w+) <- subset\(\s*(\w+),\s*(.*?),\s*select = c\(([^)]*)\)\s*\)", code, flags=re.S
    )
    assert subsets, "no subset(data, condition, select = c(...))"
    for variable, source, condition, select in subsets:
        columns = frames[source]
        for left, _operator, right in conditions(condition):
            assert left in columns, f"{source} has no column {left!r}"
            if right.startswith('"'):
                assert pa.types.is_string(columns[left]), (left, columns[left])
            elif re.fullmatch(r"[0-9]+", right):
                assert pa.types.is_integer(columns[left]), (left, columns[left])
            else:
                assert right in columns, f"{source} has no column {right!r}"
                assert columns[left] == columns[right], (left, right)
        selected = [name.strip() for name in select.split(",")]
        missing = [name for name in selected if name not in columns]
        assert not missing, f"{source} has no column(s) {missing}"
        frames[variable] = {name: columns[name] for name in selected}
    for variable, column in re.findall(r"(\w+)\$(\w+)", code):
        assert variable in frames, f"{variable} is not a data frame of the snippet"
        assert column in frames[variable], f"{variable} has no column {column!r}"
    # every other bare word is an R name, a column or a data frame of the snippet
    names = set(re.findall(r"\b[A-Za-z_][\w.]*\b", re.sub(r'"[^"]*"', "", code)))
    known = R_NAMES | {"library", "arrow", "read_parquet"} | set(frames)
    known |= {c for types in frames.values() for c in types}
    assert names <= known, names - known


def test_the_r_snippet_filters_the_figures_the_readme_describes(con, exports):
    """Its filter, as SQL on the same Parquet file: the victims identified each year since 2017,
    one row a year, each with a value or the originator who did not report it."""
    (variable, path), *_ = re.findall(r'(\w+) <- read_parquet\("([^"]+)"\)', arrow_block())
    (condition, select) = re.search(
        rf"subset\(\s*{variable},\s*(.*?),\s*select = c\(([^)]*)\)", arrow_block(), flags=re.S
    ).groups()
    where = " and ".join(
        f"{left} {R_OPERATORS[op]} {right.replace(chr(34), chr(39))}"
        for left, op, right in conditions(condition)
    )
    rows = con.execute(
        f"select {select} from read_parquet(?) where {where} order by year_from",
        [str(exports["parquet"] / Path(path).name)],
    ).fetchall()
    years = [row[0] for row in rows]
    assert years == sorted(set(years)) and years[0] == 2017 and years[-1] == 2024
    by_year = {row[0]: row for row in rows}
    assert by_year[2017][1:3] == (71, "gov_aze") and by_year[2021][1:3] == (95, "gov_aze")
    assert by_year[2024][1:3] == (91, "media") and by_year[2024][-1] == "gov_aze in tip-2025-aze"


def test_the_r_duckdb_snippet_opens_the_database_read_only_and_its_query_runs(con):
    code = duckdb_block()
    assert re.search(
        r'dbConnect\(duckdb::duckdb\(\), dbdir = "build/tiplake\.duckdb", read_only = TRUE\)', code
    )
    queries = re.findall(r'dbGetQuery\(con, "([^"]*)"\)', code)
    assert queries
    for sql in queries:
        rows = con.execute(sql).fetchall()
        assert (2017, 71, "gov_aze", "tip-2018-aze") in rows, rows


def test_the_csv_export_is_what_the_readme_tells_a_spreadsheet_user(con, exports):
    text = README[README.index("In a spreadsheet, open the CSV export") :]
    for promise in ("UTF-8 without a byte-order mark", "comma", "`true` and `false`", "empty"):
        assert promise in text.split("\n\n")[0], promise
    out = exports["csv"]
    for path in sorted(out.glob("*.csv")):
        data = path.read_bytes()
        assert not data.startswith(b"\xef\xbb\xbf"), path.name  # no byte-order mark
        rows = list(csv.reader(io.StringIO(data.decode("utf-8"), newline=""), strict=True))
        types = {
            name: data_type
            for name, data_type in con.execute(
                "select column_name, data_type from duckdb_columns() where table_name = ? "
                "order by column_index",
                [path.stem],
            ).fetchall()
        }
        assert rows[0] == list(types), path.name  # one header row: the column names
        assert b"\r\n" not in data, path.name
        for row in rows[1:]:
            assert len(row) == len(types), path.name
            for value, (name, data_type) in zip(row, types.items(), strict=True):
                if data_type == "BOOLEAN":
                    assert value in ("true", "false", ""), (path.name, name, value)
                elif data_type == "DATE" and value:
                    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", value), (path.name, name, value)
                elif data_type.startswith(("DECIMAL", "BIGINT", "INTEGER")) and value:
                    assert re.fullmatch(r"-?\d+(\.\d*[1-9])?", value), (path.name, name, value)
    # a null is an empty field: the 2024 government figure was not reported
    (nulls,) = con.execute("select count(*) from claim where value is null").fetchone()
    claims = list(csv.DictReader(io.StringIO((out / "claim.csv").read_text(encoding="utf-8"))))
    assert sum(1 for c in claims if c["value"] == "") == nulls > 0
