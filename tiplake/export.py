"""Export every table and view to Parquet or CSV files with a Frictionless data package, or to
one SQLite file with a Datasette metadata.json (see "SQLite for Datasette" below).

In:  a DuckDB connection to a built database, an output directory and a format ("parquet",
     "csv" or "sqlite").
Out: one file per table and view, `<name>.parquet` or `<name>.csv`, and `datapackage.json`, a
     Frictionless Data Package v2 descriptor (`$schema`
     https://datapackage.org/profiles/2.0/datapackage.json, which frictionless 5 validates)
     generated from the database itself:
     - the package: name, title, description; `licenses`, the data's: CC-BY-4.0 (the curated
       claims, vocabularies and views; LICENSE); `created` is the build time from
       `_meta.built_at` (omitted when the database has no `_meta`), never the time of the
       export; `build` (a custom property) is the `_meta` row: schema version, DuckDB version,
       seeds checksum...;
     - `sources`: one per row of `report`: title, path (the document's public URL; none when
       it has none: the vendored texts are not in the export), and tiplake's own properties:
       report_id, publisher, citation, url_note, the document's own status (`license`, a short
       id such as public-domain-us-gov or unknown, and `license_note`), and `vendored_file`
       (`seeds/documents/<file_path>` in the tiplake repository) with its sha256;
     - `resources`: tables first, then views, each alphabetically: name, path, format,
       mediatype, bytes (not for a Parquet file: see below) and sha256 hash of the file,
       description (the table's or view's comment) and a Table Schema: every column in order
       with its Table Schema type and its description (the column's comment); for tables,
       primaryKey and foreignKeys as declared in the database (a self-reference has resource
       ""); views have no keys.
     Comments survive neither Parquet nor EXPORT DATABASE: the descriptor is where they travel.
     A missing comment gives no "description" (tests/test_export.py fails on it).

Both packages pass `frictionless validate datapackage.json` (frictionless 5, with pandas:
tests/test_export.py), which reads every file and checks types, keys, foreign keys, bytes and
hashes. frictionless reads a Parquet file with pyarrow and then pandas, not through the byte
stream it measures, so for Parquet it knows neither size nor hash: it skips a `hash` it did not
measure but reports any `bytes` as a mismatch ("actual None"). A Parquet file's resource
therefore has its `hash` (for any sha256 tool; the tests check it) and no `bytes`. And pandas
turns a null of an integer column into the float NaN, which frictionless reads as the text
"nan" and refuses as an integer: an integer field of a Parquet resource declares
`missingValues` ["", "nan"] (an integer column holds no text, so "nan" can only be a null).

What is exported: every non-internal table and view of the connection's current database and
schema, except bookkeeping: `schema_migrations` (which migrations ran on this file and when;
`build.schema_version` in the descriptor says which schema the data follow) and tables whose name
starts with "_" (`_meta`, whose row becomes the descriptor's `created` and `build`). Excluding
them keeps two builds of the same seeds exporting the same data files (applied_at differs).

A Parquet lake (`partition_by`, e.g. ("country_iso3", "year_to")): every table and view is a
directory instead of a file, as Spark, Trino (Hive connector), Athena or BigQuery external tables
expect. A table that has every partition column is Hive-partitioned,
`<table>/country_iso3=AZE/year_to=2017/data_0.parquet` (a null value is the directory
`__HIVE_DEFAULT_PARTITION__`, other values are percent-escaped; the partition columns are in the
directory names, not in the files, as Hive does); any other table or view is one file,
`<name>/data_0.parquet`. Its resource's `path` is then the list of its files (a multipart
resource), `bytes` their total, without a `hash`, and `partitionedBy` (a custom property) names
the partition columns; its schema lists every column in the table's order, partition columns
included. The directory of each resource is emptied and rewritten, so no stale partition stays.
A lake's resources keep `bytes`, unlike a flat Parquet export's: frictionless cannot read a Hive
lake's data (a partitioned table's partition columns are in the directory names, not in its
files), and the total is the one check a multipart resource has.

Spreadsheet formulas (CSV only): a text cell that starts with =, +, -, @, a tab or a carriage
return (OWASP's "CSV Injection" list) is written with an apostrophe before it, which Excel,
LibreOffice and Google Sheets read as "this is text", so that no cell runs as a formula (which
could fetch a URL or run a command). Four `context_after` cells of the corpus start with "- ".
Only text columns are changed, never a number's minus sign; the Parquet and SQLite exports and
the database keep the text as it is, and the CSV package's description says so.

Deterministic: rows are written `order by all`, file names are the table names (outdir.file_stem:
a name that is long or not plain is shortened with its hash, never a path), the CSV options
(header, comma, '"' quoting doubled, UTF-8, '\\n') and the Parquet options (zstd) are fixed, and
the descriptor is JSON with a fixed key order, indent 2 and a trailing newline. Two exports of
the same database with the same DuckDB version are byte-identical file by file (Parquet files
record the DuckDB version that wrote them).

SQLite for Datasette (format "sqlite"): `tiplake.sqlite` and a Datasette `metadata.json`
(https://docs.datasette.io/en/stable/metadata.html), so that `datasette tiplake.sqlite -m
metadata.json` browses every table and view with its description. Every exported table and view
is a SQLite table of the same name, in the same column order, rows `order by all`: SQLite
cannot run the views' DuckDB SQL, so a view is materialized, a snapshot of its rows, and its
description in metadata.json says so. A table keeps its primary key, NOT NULL columns and
foreign keys (to exported tables); a view gets a unique index on its grain, the columns the
header of `sql/views/**/<name>.sql` declares identify a row (`-- grain: a, b`, views.py), as
the database's `_view` table records them at build time (catalog.view_grains: the export reads
no checkout), when they are columns the view has (an index the rows contradict is left out,
never forced; a database built before migration 0016 records no grains and gets no index).
Types, by what SQLite can hold without changing a value (tiplake never rounds):
     - integers (TINYINT ... HUGEINT, and DECIMAL(p,0)): INTEGER; a value beyond SQLite's 64 bits
       is an error, never a float;
     - DECIMAL(p,s) with s > 0 (`claim.value` is DECIMAL(20,4)): TEXT holding the exact decimal,
       the digits without trailing zeros as the CSV export writes them ('71', '1.19', '-0.5').
       SQLite has no decimal type: REAL is binary (1.19 would be 1.18999999999999994671) and a
       NUMERIC column would turn the text into that REAL, so neither is used;
     - DOUBLE: REAL (already binary in DuckDB, copied bit for bit); FLOAT: REAL of its shortest
       decimal form;
     - BOOLEAN: INTEGER 1 or 0;
     - DATE, TIME, TIMESTAMP: TEXT in ISO 8601 (timestamps in UTC, as in the data package);
     - lists, structs and maps: TEXT holding JSON; BLOB: BLOB; anything else: TEXT.
Each column whose SQLite type changes how its values read says so at the end of its description
in metadata.json ("[SQLite: ...]"); every other description is the database's comment as is.
metadata.json's title, description and source come from the same place as the data package's
(the package text, `_meta`, the `report` table); `license` and `license_url` are the data's (CC
BY 4.0). There is no `source_url`: it is one address, and the data come from five documents,
each with its own URL in the report table. The SQLite file is written in one transaction; two
exports of one database with the same SQLite library are byte-identical.

Atomic: everything is written into a temporary folder beside `out_dir`, which then takes
`out_dir`'s place whole (outdir.replace: one atomic exchange of the two folders), so an export
killed at any point leaves the previous export or the new one, never a mix, and the next export
removes what a killed one left. `out_dir` is tiplake's: it must be new, empty, or a previous
tiplake export holding nothing but the files its descriptor lists; `/`, the home folder, the
checkout, the current folder and any folder holding one of them are refused, and so is a folder
holding anything else, even an empty folder or a symlink (outdir.check), never emptied.

A Parquet lake's folder names hold the partition values (Hive's layout), so a value too long
for a folder name is refused, naming the column; it is never shortened into a name no engine
would read back.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import sqlite3
from collections.abc import Callable, Sequence
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import quote

import duckdb

from tiplake import outdir
from tiplake.catalog import REFERENCES, view_grains

DESCRIPTOR = "datapackage.json"
SQLITE = "sqlite"  # the format writing SQLITE_FILE and DATASETTE_METADATA
SQLITE_FILE = "tiplake.sqlite"  # Datasette names the database after the file: "tiplake"
DATASETTE_METADATA = "metadata.json"
SQLITE_BATCH = 10_000  # rows fetched from DuckDB and inserted into SQLite at a time
TITLE = "tiplake: trafficking-in-persons statistics"
ABOUT = (
    "A curated analytical database of trafficking-in-persons statistics in which every "
    "figure is a claim with its verbatim quote, its originator, the period it refers to "
    "and its unit."
)
PROFILE = "https://datapackage.org/profiles/2.0/datapackage.json"
# The curated data (claims, vocabularies, views) are CC BY 4.0 (LICENSE); each source document
# keeps its own status, in the report table (url, license, ...) and the descriptor's sources.
DATA_LICENSE = {
    "name": "CC-BY-4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
    "title": "Creative Commons Attribution 4.0",
}
# How frictionless reads a null of an integer column of a Parquet file (see _fields).
PARQUET_MISSING_VALUES = ["", "nan"]
BOOKKEEPING = frozenset({"schema_migrations"})  # and every name starting with "_"
LAKE_FILE = "data_0.parquet"  # the one file of each directory of a Parquet lake
HIVE_NULL = "__HIVE_DEFAULT_PARTITION__"  # the directory name Hive, Spark and DuckDB use for null
MAX_NAME_BYTES = 255  # the longest file or folder name of Linux, macOS and Windows file systems

FORMATS = {
    "parquet": {
        "mediatype": "application/vnd.apache.parquet",
        "options": "format parquet, compression zstd",
    },
    "csv": {
        "mediatype": "text/csv",
        "options": "format csv, header true, delimiter ',', quote '\"', escape '\"', new_line '\\n'",
    },
}

# DuckDB type (without its parameters) -> Table Schema type. Anything else is "any".
TYPES = {
    "VARCHAR": "string",
    "UUID": "string",
    "BOOLEAN": "boolean",
    **dict.fromkeys(
        [
            "TINYINT",
            "SMALLINT",
            "INTEGER",
            "BIGINT",
            "HUGEINT",
            "UTINYINT",
            "USMALLINT",
            "UINTEGER",
            "UBIGINT",
            "UHUGEINT",
        ],
        "integer",
    ),
    **dict.fromkeys(["DECIMAL", "FLOAT", "DOUBLE"], "number"),
    "DATE": "date",
    **dict.fromkeys(["TIME", "TIME WITH TIME ZONE"], "time"),
    **dict.fromkeys(
        [
            "TIMESTAMP",
            "TIMESTAMP WITH TIME ZONE",
            "TIMESTAMP_S",
            "TIMESTAMP_MS",
            "TIMESTAMP_NS",
        ],
        "datetime",
    ),
    "INTERVAL": "duration",
}


@dataclass(frozen=True)
class ExportResult:
    out_dir: Path
    fmt: str
    resources: tuple[str, ...]
    descriptor: Path
    files: tuple[Path, ...]  # every data file written, resource by resource
    partition_by: tuple[str, ...] = ()
    partitioned: tuple[str, ...] = ()  # the tables written Hive-partitioned
    materialized: tuple[str, ...] = ()  # sqlite: the views written as tables (snapshots)
    unique_on: dict[str, tuple[str, ...]] | None = None  # sqlite: view -> grain it is unique on


@dataclass(frozen=True)
class _Relation:
    name: str
    kind: str  # "table" or "view"
    comment: str | None


def export(
    con: duckdb.DuckDBPyConnection,
    out_dir: Path,
    fmt: str = "parquet",
    progress: Callable[[str], None] | None = None,
    partition_by: Sequence[str] = (),
) -> ExportResult:
    """Write every table and view to `out_dir` as `fmt` files, then `datapackage.json`; in
    the "sqlite" format, `tiplake.sqlite` and Datasette's `metadata.json`. Everything is read
    from `con`'s database, nothing from a checkout (the views' grains: its `_view` table).

    With `partition_by` (Parquet only), write a lake: one directory per table and view, the
    tables having every one of those columns Hive-partitioned by them."""
    if fmt not in EXPORTS:
        raise ValueError(f"unknown export format {fmt!r}: use one of {', '.join(EXPORTS)}")
    partition_by = tuple(partition_by)
    if partition_by and fmt != "parquet":
        raise ValueError("partitioning writes a Parquet lake: use the parquet format")
    if len(set(partition_by)) != len(partition_by):
        raise ValueError(f"a partition column is named twice: {', '.join(partition_by)}")
    say = progress or (lambda _message: None)
    out_dir = Path(out_dir)
    target = _check_out_dir(out_dir)
    relations = _relations(con)
    columns = {r.name: _column_names(con, r.name) for r in relations}
    partitioned = tuple(
        r.name
        for r in relations
        if partition_by and r.kind == "table" and set(partition_by) <= set(columns[r.name])
    )
    if partition_by and not partitioned:
        raise ValueError(
            f"no table has all the partition columns {', '.join(partition_by)}; "
            "choose columns of a table (e.g. claim: country_iso3, year_to)"
        )
    final = out_dir
    with outdir.replacing(target) as out_dir:
        job = _Job(con, relations, columns, out_dir, fmt, partition_by, partitioned, say)
        descriptor_name, descriptor, files, unique_on = EXPORTS[fmt](job)
        _write_json(out_dir / descriptor_name, descriptor)
    return ExportResult(
        final,
        fmt,
        tuple(r.name for r in relations),
        final / descriptor_name,
        tuple(final / f.relative_to(out_dir) for f in files),
        partition_by,
        partitioned,
        tuple(r.name for r in relations if r.kind == "view") if fmt == SQLITE else (),
        unique_on,
    )


@dataclass(frozen=True)
class _Job:
    """What an export format's writer is given: the database, what to write and where."""

    con: duckdb.DuckDBPyConnection
    relations: list[_Relation]
    columns: dict[str, list[str]]
    out_dir: Path  # the new folder, renamed over the target when the writer is done
    fmt: str
    partition_by: tuple[str, ...]
    partitioned: tuple[str, ...]
    say: Callable[[str], None]


# A writer's result: the descriptor's file name and content, the data files written, and for
# each view the columns a unique index was put on (SQLite), or None.
_Written = tuple[str, dict[str, Any], list[Path], dict[str, tuple[str, ...]] | None]


def _data_package(job: _Job) -> _Written:
    """A Frictionless data package: a file (or a lake folder) per table and view, in one of
    FORMATS, and `datapackage.json`."""
    resources, files = _write(job)
    descriptor = _package(job.con, {r.name for r in job.relations}, resources, job.fmt)
    return DESCRIPTOR, descriptor, files, None


def _sqlite_database(job: _Job) -> _Written:
    """One SQLite database of every table and view, and Datasette's `metadata.json`."""
    database, unique_on = _write_sqlite(
        job.con, job.relations, job.out_dir / SQLITE_FILE, view_grains(job.con), job.say
    )
    descriptor = _datasette_metadata(job.con, database)
    return DATASETTE_METADATA, descriptor, [job.out_dir / SQLITE_FILE], unique_on


# The export formats, by name, in the order `tiplake export --format` offers them: each a
# writer of the new folder's content. A new format is one entry here (and, for a data-package
# format, one in FORMATS).
EXPORTS: dict[str, Callable[[_Job], _Written]] = {
    **dict.fromkeys(FORMATS, _data_package),
    SQLITE: _sqlite_database,
}


def _write_json(path: Path, document: dict[str, Any]) -> None:
    """JSON with a fixed key order, indent 2, UTF-8 and a trailing newline."""
    path.write_text(
        json.dumps(document, indent=2, ensure_ascii=False) + "\n",
        encoding="utf-8",
        newline="\n",
    )


def _write(job: _Job) -> tuple[list[dict[str, Any]], list[Path]]:
    """Write every relation's file(s) into `job.out_dir`; return the resources and the files."""
    con, relations, columns, out_dir = job.con, job.relations, job.columns, job.out_dir
    fmt, partition_by, partitioned, say = job.fmt, job.partition_by, job.partitioned, job.say
    exported = {r.name for r in relations}
    resources = []
    files: list[Path] = []
    for relation in relations:
        by = partition_by if relation.name in partitioned else ()
        if partition_by:
            rows, written = _write_lake_resource(
                con, relation.name, columns[relation.name], by, out_dir
            )
            say(f"{relation.name}/: {rows} rows in {len(written)} file(s)")
        else:
            file_name = f"{outdir.file_stem(relation.name)}.{fmt}"
            path = out_dir / file_name
            rows = _copy(con, _select(con, relation.name, fmt), [], path, fmt)
            say(f"{file_name}: {rows} rows")
            written = [path]
        files += written
        resources.append(
            _resource(con, relation, out_dir, written, fmt, exported, by, bool(partition_by))
        )
    return resources, files


def _select(con: duckdb.DuckDBPyConnection, name: str, fmt: str) -> str:
    """The query writing `name`: every row, `order by all`. In CSV a decimal is written as its
    number without trailing zeros (78, 0.5848, not 78.0000 and 0.5848000): DuckDB writes a
    DECIMAL(20,4) with its four places, which reads as a fraction where the count is whole.
    A text cell a spreadsheet would run as a formula gets an apostrophe before it (_csv_text)."""
    if fmt != "csv":
        return f"select * from {_ident(name)} order by all"
    types = [(c.name, c.data_type) for c in _columns(con, name)]
    columns = []
    for column, data_type in types:
        ref = f"t.{_ident(column)}"
        if data_type.upper().startswith("DECIMAL"):
            columns.append(f"{_exact_decimal(ref)} as {_ident(column)}")
        elif data_type.upper() == "VARCHAR" or data_type.upper().startswith("ENUM"):
            columns.append(f"{_csv_text(ref)} as {_ident(column)}")
        else:
            columns.append(ref)
    order = ", ".join(f"t.{_ident(c)}" for c, _ in types)
    return f"select {', '.join(columns)} from {_ident(name)} as t order by {order}"


# What starts a formula in a spreadsheet cell (OWASP, "CSV Injection"): = + - @, and a tab or
# a carriage return, which some spreadsheets skip before reading the rest as a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
CSV_FORMULA_NOTE = (
    "In these CSV files a text cell that starts with =, +, -, @, a tab or a carriage return is "
    "written with an apostrophe (') before it, so that a spreadsheet shows it as text instead "
    "of running it as a formula; drop that apostrophe to read the text as stored (the Parquet "
    "and SQLite exports and the DuckDB database hold it as it is). Numbers are never changed."
)


def _csv_text(ref: str) -> str:
    """SQL writing the text `ref` to a CSV cell: as it is, or with an apostrophe before it when
    it starts with a character in FORMULA_START, so that Excel, LibreOffice and Google Sheets
    show it as text instead of running it as a formula (which could fetch a URL or run a
    command). Only text columns: a number's minus sign is left alone."""
    starts = ", ".join(f"chr({ord(c)})" for c in FORMULA_START)
    return f"case when left({ref}, 1) in ({starts}) then chr(39) || {ref} else {ref} end"


def _exact_decimal(ref: str) -> str:
    """SQL writing the DECIMAL `ref` as text: its exact digits without trailing zeros (78,
    0.5848, -0.5; not 78.0000)."""
    return (
        f"case when {ref} = trunc({ref}) then cast(cast({ref} as hugeint) as varchar) "
        f"else rtrim(cast({ref} as varchar), '0') end"
    )


def _check_out_dir(out_dir: Path) -> Path:
    """The folder to write for `out_dir`; refuses one the export would replace but does not
    own (outdir.check)."""
    return outdir.check(out_dir, "export", _previous_export, "exports")


def _previous_export(out_dir: Path) -> set[str]:
    """The files a previous export (of any format) wrote in `out_dir`, by its descriptor."""
    ours: set[str] = set()
    try:
        previous = json.loads((out_dir / DESCRIPTOR).read_text(encoding="utf-8"))
        if previous.get("name") == "tiplake":
            ours.add(DESCRIPTOR)
            for resource in previous.get("resources", []):
                paths = resource.get("path", [])
                ours.update([paths] if isinstance(paths, str) else paths)
    except (OSError, ValueError, AttributeError):
        pass
    try:  # a previous sqlite export: its metadata.json names the database tiplake
        previous = json.loads((out_dir / DATASETTE_METADATA).read_text(encoding="utf-8"))
        if Path(SQLITE_FILE).stem in previous.get("databases", {}):
            ours.add(DATASETTE_METADATA)
            ours.update(SQLITE_FILE + suffix for suffix in ("", "-journal", "-wal", "-shm"))
    except (OSError, ValueError, AttributeError, TypeError):
        pass
    return ours


def _copy(
    con: duckdb.DuckDBPyConnection, query: str, params: list[Any], path: Path, fmt: str
) -> int:
    (rows,) = con.execute(
        f"copy ({query}) to ? ({FORMATS[fmt]['options']})", [*params, str(path)]
    ).fetchone()
    return rows


def _write_lake_resource(
    con: duckdb.DuckDBPyConnection,
    name: str,
    columns: list[str],
    partition_by: tuple[str, ...],
    out_dir: Path,
) -> tuple[int, list[Path]]:
    """Write one table or view as the directory `out_dir/name`: one file, or one file per
    partition (the partition values sorted, nulls last). Returns the rows and the files."""
    directory = out_dir / outdir.file_stem(name)
    if directory.is_dir():
        shutil.rmtree(directory)
    if not partition_by:
        path = directory / LAKE_FILE
        path.parent.mkdir(parents=True)
        return _copy(con, f"select * from {_ident(name)} order by all", [], path, "parquet"), [path]
    keys = ", ".join(_ident(c) for c in partition_by)
    values = con.execute(
        f"select distinct {keys} from {_ident(name)} order by {keys} nulls last"
    ).fetchall()
    rest = ", ".join(_ident(c) for c in columns if c not in partition_by)
    where = " and ".join(f"{_ident(c)} is not distinct from ?" for c in partition_by)
    folders = [
        [f"{c}={_hive_value(v)}" for c, v in zip(partition_by, value, strict=True)]
        for value in values
    ]
    for folder in (f for names in folders for f in names):
        if len(folder.encode("utf-8")) > MAX_NAME_BYTES:
            column = folder.split("=", 1)[0]
            raise ValueError(
                f"{name}: a value of {column} is too long for a folder name of the lake "
                f"({len(folder.encode('utf-8'))} bytes, {MAX_NAME_BYTES} at most: Hive's layout "
                "writes the value in the name); partition by other columns (--partition-by)"
            )
    total = 0
    files = []
    for value, names in zip(values, folders, strict=True):
        path = directory.joinpath(*names, LAKE_FILE)
        path.parent.mkdir(parents=True)
        query = f"select {rest} from {_ident(name)} where {where} order by all"
        total += _copy(con, query, list(value), path, "parquet")
        files.append(path)
    return total, files


def _hive_value(value: Any) -> str:
    """A partition value as Hive writes it in a directory name."""
    if value is None:
        return HIVE_NULL
    return quote(str(value), safe="")


def _column_names(con: duckdb.DuckDBPyConnection, name: str) -> list[str]:
    return [c["name"] for c in _fields(con, name, "parquet")]


def _relations(con: duckdb.DuckDBPyConnection) -> list[_Relation]:
    rows = con.execute(
        """
        with objects as (
            select table_name as name, 'table' as kind, comment
            from duckdb_tables()
            where database_name = current_database() and schema_name = current_schema()
                and not internal and not temporary
            union all
            select view_name, 'view', comment
            from duckdb_views()
            where database_name = current_database() and schema_name = current_schema()
                and not internal and not temporary
        )
        select name, kind, comment from objects order by kind, name
        """
    ).fetchall()
    return [
        _Relation(name, kind, comment)
        for name, kind, comment in rows
        if name not in BOOKKEEPING and not name.startswith("_")
    ]


def _resource(
    con: duckdb.DuckDBPyConnection,
    relation: _Relation,
    out_dir: Path,
    files: list[Path],
    fmt: str,
    exported: set[str],
    partition_by: tuple[str, ...] = (),
    lake: bool = False,
) -> dict[str, Any]:
    paths = [f.relative_to(out_dir).as_posix() for f in files]
    resource: dict[str, Any] = {
        "name": relation.name,
        "type": "table",
        "path": paths[0] if len(paths) == 1 else paths,
        "format": fmt,
        "mediatype": FORMATS[fmt]["mediatype"],
    }
    if fmt == "csv":
        resource["encoding"] = "utf-8"
        resource["dialect"] = {
            "header": True,
            "delimiter": ",",
            "lineTerminator": "\n",
            "quoteChar": '"',
            "doubleQuote": True,
        }
    if len(files) == 1:
        data = files[0].read_bytes()
        if fmt != "parquet" or lake:  # a Parquet file's size: see the module docstring
            resource["bytes"] = len(data)
        resource["hash"] = "sha256:" + hashlib.sha256(data).hexdigest()
    else:
        resource["bytes"] = sum(f.stat().st_size for f in files)
    if partition_by:
        resource["partitionedBy"] = list(partition_by)
    if relation.comment:
        resource["description"] = relation.comment
    schema: dict[str, Any] = {"fields": _fields(con, relation.name, fmt)}
    if relation.kind == "table":
        schema.update(_keys(con, relation.name, exported))
    resource["schema"] = schema
    return resource


@dataclass(frozen=True)
class _Column:
    name: str
    data_type: str
    comment: str | None
    nullable: bool


def _columns(con: duckdb.DuckDBPyConnection, name: str) -> list[_Column]:
    """The columns of a table or view in order, with their DuckDB type and comment."""
    rows = con.execute(
        """
        select column_name, data_type, comment, is_nullable
        from duckdb_columns()
        where database_name = current_database() and schema_name = current_schema()
            and table_name = ?
        order by column_index
        """,
        [name],
    ).fetchall()
    return [_Column(*row) for row in rows]


def _fields(con: duckdb.DuckDBPyConnection, name: str, fmt: str) -> list[dict[str, Any]]:
    fields = []
    for column in _columns(con, name):
        field: dict[str, Any] = {"name": column.name, "type": _field_type(column.data_type, fmt)}
        if column.comment:
            field["description"] = column.comment
        if fmt == "parquet" and field["type"] == "integer":
            # frictionless reads Parquet through pandas, where a null of an integer column
            # becomes the float NaN, which it reads as the text "nan"; an integer column holds
            # no text, so "nan" can only be a null (see the module docstring).
            field["missingValues"] = PARQUET_MISSING_VALUES
        fields.append(field)
    return fields


def _field_type(data_type: str, fmt: str) -> str:
    """The Table Schema type of a DuckDB type. Lists, arrays, structs and maps are "array" or
    "object" in Parquet; in CSV DuckDB writes them in its own literal syntax (not JSON), so
    they are "string" there."""
    upper = data_type.upper()
    if upper.endswith("]"):
        return "array" if fmt == "parquet" else "string"
    if upper.startswith(("STRUCT", "MAP", "UNION")):
        return "object" if fmt == "parquet" else "string"
    return TYPES.get(upper.split("(")[0].strip(), "any")


def _keys(con: duckdb.DuckDBPyConnection, name: str, exported: set[str]) -> dict[str, Any]:
    """primaryKey and foreignKeys of a table, foreign keys sorted by their fields: the
    database's own, and the references of the claim tables (catalog.REFERENCES, audited by the
    build instead of declared); a foreign key to a table that is not exported is left out (it
    could not be checked)."""
    rows = con.execute(
        """
        select distinct constraint_type, constraint_column_names, referenced_table,
            referenced_column_names
        from duckdb_constraints()
        where database_name = current_database() and schema_name = current_schema()
            and table_name = ? and constraint_type in ('PRIMARY KEY', 'FOREIGN KEY')
        order by all
        """,
        [name],
    ).fetchall()
    keys: dict[str, Any] = {}
    foreign = []
    for kind, columns, referenced, referenced_columns in rows:
        if kind == "PRIMARY KEY":
            keys["primaryKey"] = list(columns)
        elif referenced in exported:
            foreign.append(
                {
                    "fields": list(columns),
                    "reference": {
                        "resource": "" if referenced == name else referenced,
                        "fields": list(referenced_columns),
                    },
                }
            )
    for table, column, referenced, referenced_column in REFERENCES:  # audited, not keys
        if table == name and referenced in exported:
            reference = {"resource": "" if referenced == name else referenced}
            foreign.append(
                {"fields": [column], "reference": reference | {"fields": [referenced_column]}}
            )
    if foreign:
        foreign.sort(key=lambda fk: (fk["fields"], fk["reference"]["resource"]))
        keys["foreignKeys"] = foreign
    return keys


def _package(
    con: duckdb.DuckDBPyConnection,
    exported: set[str],
    resources: list[dict[str, Any]],
    fmt: str = "parquet",
) -> dict[str, Any]:
    package: dict[str, Any] = {
        "$schema": PROFILE,
        "name": "tiplake",
        "title": TITLE,
        "description": (
            f"{ABOUT} Every table and view of the database, each described here from the "
            "database's own comments; `sources` are the documents the claims are read from. "
            "The data are licensed CC BY 4.0; each source document keeps its own status (its "
            "`license` and `license_note` in `sources`, and the report table)."
            + (f" {CSV_FORMULA_NOTE}" if fmt == "csv" else "")
        ),
    }
    package["licenses"] = [DATA_LICENSE]
    build = _build_meta(con)
    if build is not None:
        if build.get("built_at"):
            package["created"] = build["built_at"]
        package["build"] = build
    if "report" in exported:
        package["sources"] = _sources(con)
    package["resources"] = resources
    return package


def _build_meta(con: duckdb.DuckDBPyConnection) -> dict[str, Any] | None:
    """The `_meta` row (the latest build's, should there be several) with JSON values; a
    timestamp without time zone is taken as UTC (the build writes UTC)."""
    (present,) = con.execute(
        """
        select count(*) > 0 from duckdb_tables()
        where database_name = current_database() and schema_name = current_schema()
            and table_name = '_meta'
        """
    ).fetchone()
    if not present:
        return None
    cursor = con.execute("select * from _meta order by all desc limit 1")
    names = [d[0] for d in cursor.description]
    row = cursor.fetchone()
    if row is None:
        return None
    meta = {name: _json_value(value) for name, value in zip(names, row, strict=True)}
    if "built_at" in meta and not isinstance(meta["built_at"], str):
        del meta["built_at"]
    return meta


def _json_value(value: Any) -> Any:
    if isinstance(value, datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def _sources(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """One source per document: `title` and `path` (its public URL; none when it has none) as
    Data Package defines them, then tiplake's own properties. The vendored text is not in the
    export: `vendored_file` names it in the tiplake repository, with its sha256."""
    cursor = con.execute("select * from report order by report_id")
    names = [d[0] for d in cursor.description]
    sources = []
    for row in cursor.fetchall():
        r = dict(zip(names, row, strict=True))
        source: dict[str, Any] = {"title": r["title"]}
        if r.get("url"):
            source["path"] = r["url"]
        source |= {
            "report_id": r["report_id"],
            "publisher": r["publisher"],
            "citation": r["citation"],
        }
        for key in ("url_note", "license", "license_note"):
            if r.get(key):
                source[key] = r[key]
        source["vendored_file"] = f"seeds/documents/{r['file_path']}"
        source["sha256"] = r["sha256"]
        sources.append(source)
    return sources


# --- SQLite for Datasette (see the module docstring) ------------------------------------------


@dataclass(frozen=True)
class _SqliteColumn:
    name: str
    type: str  # INTEGER, REAL, TEXT or BLOB
    select: str  # the DuckDB expression that reads its values
    note: str | None  # how SQLite holds it, when that changes how its values read
    temporal: bool = False  # a date or time, written in ISO 8601 by _json_value


_DECIMAL_RE = re.compile(r"DECIMAL\((\d+),\s*(\d+)\)")


def _sqlite_column(column: _Column) -> _SqliteColumn:
    """The SQLite type of a DuckDB column, how to read it and what to say about it."""
    name, data_type = column.name, column.data_type
    ref = f"t.{_ident(name)}"
    upper = data_type.upper()
    base = upper.split("(")[0].strip()
    if upper.endswith("]") or base in ("STRUCT", "MAP", "UNION"):
        note = f"TEXT holding JSON (DuckDB {data_type})"
        return _SqliteColumn(name, "TEXT", f"cast(to_json({ref}) as varchar)", note)
    decimal = _DECIMAL_RE.fullmatch(upper.replace(" ", ""))
    if decimal and int(decimal.group(2)) == 0:
        return _SqliteColumn(name, "INTEGER", f"cast({ref} as hugeint)", None)
    if decimal:
        note = (
            f"TEXT holding the exact decimal (DuckDB {data_type}), its digits without "
            "trailing zeros, e.g. '71' or '1.19', never rounded to a binary REAL; "
            f"cast({name} as real) to compute"
        )
        return _SqliteColumn(name, "TEXT", _exact_decimal(ref), note)
    kind = TYPES.get(base)
    if kind == "integer":
        return _SqliteColumn(name, "INTEGER", ref, None)
    if kind == "boolean":
        return _SqliteColumn(name, "INTEGER", ref, "INTEGER, 1 for true and 0 for false")
    if base == "DOUBLE":
        return _SqliteColumn(name, "REAL", ref, None)
    if base == "FLOAT":  # its shortest decimal form, not the float32's binary expansion
        return _SqliteColumn(name, "REAL", f"cast(cast({ref} as varchar) as double)", None)
    if kind in ("date", "time", "datetime"):
        what = {"date": "date (YYYY-MM-DD)", "time": "time", "datetime": "timestamp in UTC"}
        return _SqliteColumn(name, "TEXT", ref, f"TEXT, an ISO 8601 {what[kind]}", True)
    if base == "BLOB":
        return _SqliteColumn(name, "BLOB", ref, None)
    if base in ("VARCHAR", "UUID", "ENUM"):
        return _SqliteColumn(name, "TEXT", f"cast({ref} as varchar)", None)
    return _SqliteColumn(name, "TEXT", f"cast({ref} as varchar)", f"TEXT (DuckDB {data_type})")


def _write_sqlite(
    con: duckdb.DuckDBPyConnection,
    relations: list[_Relation],
    path: Path,
    grains: dict[str, tuple[str, ...]],
    say: Callable[[str], None],
) -> tuple[dict[str, Any], dict[str, tuple[str, ...]]]:
    """Write every relation as a table of the new SQLite file `path`, in one transaction.
    Returns Datasette's metadata of the tables (name -> description and column descriptions)
    and the views with a unique index on their grain."""
    exported = {r.name for r in relations}
    tables: dict[str, Any] = {}
    unique_on: dict[str, tuple[str, ...]] = {}
    with closing(sqlite3.connect(path, isolation_level=None)) as db:
        db.execute("begin")
        for relation in relations:
            name = relation.name
            columns = _columns(con, name)
            sqlite_columns = [_sqlite_column(c) for c in columns]
            keys = _keys(con, name, exported) if relation.kind == "table" else {}
            db.execute(_create_table(name, columns, sqlite_columns, keys))
            rows = _copy_to_sqlite(con, db, name, sqlite_columns)
            grain = grains.get(name, ())
            unique = ()
            if relation.kind == "view" and grain and set(grain) <= {c.name for c in columns}:
                try:
                    db.execute(
                        f"CREATE UNIQUE INDEX {_ident(name + '_grain')} ON {_ident(name)} "
                        f"({', '.join(_ident(c) for c in grain)})"
                    )
                    unique = unique_on[name] = grain
                except sqlite3.IntegrityError:  # rows built from other view files than these
                    pass
            say(f"{name}: {rows} rows" + (f", unique on {', '.join(unique)}" if unique else ""))
            tables[name] = _datasette_table(relation, columns, sqlite_columns, unique)
        db.execute("commit")
    return tables, unique_on


def _create_table(
    name: str, columns: list[_Column], sqlite_columns: list[_SqliteColumn], keys: dict[str, Any]
) -> str:
    parts = [
        f"{_ident(c.name)} {s.type}" + ("" if c.nullable else " NOT NULL")
        for c, s in zip(columns, sqlite_columns, strict=True)
    ]
    if "primaryKey" in keys:
        parts.append(f"PRIMARY KEY ({', '.join(_ident(c) for c in keys['primaryKey'])})")
    for fk in keys.get("foreignKeys", []):
        table = fk["reference"]["resource"] or name
        parts.append(
            f"FOREIGN KEY ({', '.join(_ident(c) for c in fk['fields'])}) REFERENCES "
            f"{_ident(table)} ({', '.join(_ident(c) for c in fk['reference']['fields'])})"
        )
    return f"CREATE TABLE {_ident(name)} (\n  " + ",\n  ".join(parts) + "\n)"


def _copy_to_sqlite(
    con: duckdb.DuckDBPyConnection,
    db: sqlite3.Connection,
    name: str,
    columns: list[_SqliteColumn],
) -> int:
    """Insert the rows of `name`, `order by all`, batch by batch; returns how many."""
    select = ", ".join(c.select for c in columns)
    order = ", ".join(f"t.{_ident(c.name)}" for c in columns)
    result = con.execute(f"select {select} from {_ident(name)} as t order by {order}")
    insert = f"insert into {_ident(name)} values ({', '.join('?' for _ in columns)})"
    temporal = {i for i, c in enumerate(columns) if c.temporal}
    rows = 0
    while batch := result.fetchmany(SQLITE_BATCH):
        if temporal:
            batch = [
                tuple(_json_value(v) if i in temporal else v for i, v in enumerate(row))
                for row in batch
            ]
        try:
            db.executemany(insert, batch)
        except OverflowError:
            raise ValueError(
                f"{name}: a whole number does not fit SQLite's 64-bit INTEGER; the sqlite "
                "export never stores it rounded"
            ) from None
        rows += len(batch)
    return rows


def _datasette_table(
    relation: _Relation,
    columns: list[_Column],
    sqlite_columns: list[_SqliteColumn],
    unique: tuple[str, ...],
) -> dict[str, Any]:
    """A table's entry in Datasette's metadata.json: its description and its columns'."""
    parts = []
    if relation.kind == "view":
        parts.append(
            f"A snapshot of the view {relation.name} of the tiplake database, materialized as a "
            "table when exported (SQLite cannot run the view's DuckDB SQL)"
            + (f"; one row per {', '.join(unique)} (a unique index)." if unique else ".")
        )
    if relation.comment:
        parts.append(relation.comment)
    table: dict[str, Any] = {}
    if parts:
        table["description"] = " ".join(parts)
    described = {}
    for column, sqlite_column in zip(columns, sqlite_columns, strict=True):
        note = f"[SQLite: {sqlite_column.note}.]" if sqlite_column.note else None
        text = " ".join(t for t in (column.comment, note) if t)
        if text:
            described[column.name] = text
    table["columns"] = described
    return table


def _datasette_metadata(con: duckdb.DuckDBPyConnection, tables: dict[str, Any]) -> dict[str, Any]:
    """Datasette's metadata.json: the package's title and description, the documents as its
    source, and every table's description and column descriptions."""
    description = (
        f"{ABOUT} Every table and view of the database as a SQLite table (a view as a snapshot "
        "of its rows), each described from the database's own comments. Exact decimals are "
        "TEXT ('71', '1.19'), booleans INTEGER 1 or 0, dates ISO 8601 TEXT."
    )
    build = _build_meta(con)
    if build:
        facts = [
            f"{label} {build[key]}"
            for key, label in (
                ("built_at", "built"),
                ("schema_version", "schema version"),
                ("duckdb_version", "DuckDB"),
                ("seeds_commit", "seeds commit"),
            )
            if build.get(key) is not None
        ]
        if facts:
            description += f" Database: {', '.join(facts)}."
    metadata: dict[str, Any] = {
        "title": TITLE,
        "description": description,
        "license": "CC BY 4.0",
        "license_url": DATA_LICENSE["path"],
    }
    if "report" in tables:
        sources = _sources(con)
        publishers = list(dict.fromkeys(s["publisher"] for s in sources))
        metadata["source"] = (
            f"{len(sources)} documents by {', '.join(publishers)} (the report table: each with "
            "its citation, sha256, URL and license status)"
        )
    metadata["databases"] = {Path(SQLITE_FILE).stem: {"tables": tables}}
    return metadata


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'
