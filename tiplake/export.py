"""Export every table and view to Parquet or CSV files with a Frictionless data package.

In:  a DuckDB connection to a built database, an output directory and a format ("parquet" or
     "csv").
Out: one file per table and view, `<name>.parquet` or `<name>.csv`, and `datapackage.json`, a
     Frictionless Data Package v2 descriptor (`$schema`
     https://datapackage.org/profiles/2.0/datapackage.json, which frictionless 5 validates)
     generated from the database itself:
     - the package: name, title, description; `created` is the build time from `_meta.built_at`
       (omitted when the database has no `_meta`), never the time of the export; `build` (a
       custom property) is the `_meta` row: schema version, DuckDB version, seeds checksum...;
     - `sources`: one per row of `report`: title, path (`seeds/documents/<file_path>`, relative
       to the project checkout), and report_id, publisher, citation and sha256 of the document;
     - `resources`: tables first, then views, each alphabetically: name, path, format,
       mediatype, bytes and sha256 hash of the file, description (the table's or view's
       comment) and a Table Schema: every column in order with its Table Schema type and its
       description (the column's comment); for tables, primaryKey and foreignKeys as declared
       in the database (a self-reference has resource ""); views have no keys.
     Comments survive neither Parquet nor EXPORT DATABASE: the descriptor is where they travel.
     A missing comment gives no "description" (tests/test_export.py fails on it).

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

Deterministic: rows are written `order by all`, file names are the table names, the CSV options
(header, comma, '"' quoting doubled, UTF-8, '\\n') and the Parquet options (zstd) are fixed, and
the descriptor is JSON with a fixed key order, indent 2 and a trailing newline. Two exports of
the same database with the same DuckDB version are byte-identical file by file (Parquet files
record the DuckDB version that wrote them).

Atomic: everything is written into a temporary folder beside `out_dir`, which then takes
`out_dir`'s place whole (publish.replace_dir: one atomic exchange of the two folders), so an
export killed at any point leaves the previous export or the new one, never a mix, and the next
export removes what a killed one left. `out_dir` is tiplake's: it must be new, empty, or a
previous tiplake export holding nothing else (a folder with other files is refused, never
emptied).
"""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import quote

import duckdb

from tiplake import publish

DESCRIPTOR = "datapackage.json"
PROFILE = "https://datapackage.org/profiles/2.0/datapackage.json"
BOOKKEEPING = frozenset({"schema_migrations"})  # and every name starting with "_"
LAKE_FILE = "data_0.parquet"  # the one file of each directory of a Parquet lake
HIVE_NULL = "__HIVE_DEFAULT_PARTITION__"  # the directory name Hive, Spark and DuckDB use for null

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
    """Write every table and view to `out_dir` as `fmt` files, then `datapackage.json`.

    With `partition_by` (Parquet only), write a lake: one directory per table and view, the
    tables having every one of those columns Hive-partitioned by them."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}: use one of {', '.join(FORMATS)}")
    partition_by = tuple(partition_by)
    if partition_by and fmt != "parquet":
        raise ValueError("partitioning writes a Parquet lake: use the parquet format")
    if len(set(partition_by)) != len(partition_by):
        raise ValueError(f"a partition column is named twice: {', '.join(partition_by)}")
    say = progress or (lambda _message: None)
    out_dir = Path(out_dir)
    _check_out_dir(out_dir)
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
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    publish.remove_dir_leftovers(out_dir)
    final = out_dir
    out_dir = publish.temporary_dir(final)
    out_dir.mkdir()
    try:
        resources, files = _write(
            con, relations, columns, out_dir, fmt, partition_by, partitioned, say
        )
        descriptor = _package(con, {r.name for r in relations}, resources)
        descriptor_path = out_dir / DESCRIPTOR
        descriptor_path.write_text(
            json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n",
            encoding="utf-8",
            newline="\n",
        )
        publish.replace_dir(out_dir, final)
    finally:
        if out_dir.exists():
            shutil.rmtree(out_dir, ignore_errors=True)
    return ExportResult(
        final,
        fmt,
        tuple(r.name for r in relations),
        final / DESCRIPTOR,
        tuple(final / f.relative_to(out_dir) for f in files),
        partition_by,
        partitioned,
    )


def _write(con, relations, columns, out_dir, fmt, partition_by, partitioned, say):
    """Write every relation's file(s) into `out_dir`; return the resources and the files."""
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
            file_name = f"{relation.name}.{fmt}"
            path = out_dir / file_name
            rows = _copy(con, _select(con, relation.name, fmt), [], path, fmt)
            say(f"{file_name}: {rows} rows")
            written = [path]
        files += written
        resources.append(_resource(con, relation, out_dir, written, fmt, exported, by))
    return resources, files


def _select(con: duckdb.DuckDBPyConnection, name: str, fmt: str) -> str:
    """The query writing `name`: every row, `order by all`. In CSV a decimal is written as its
    number without trailing zeros (78, 0.5848, not 78.0000 and 0.5848000): DuckDB writes a
    DECIMAL(20,4) with its four places, which reads as a fraction where the count is whole."""
    if fmt != "csv":
        return f"select * from {_ident(name)} order by all"
    types = con.execute(
        "select column_name, data_type from duckdb_columns() where database_name = "
        "current_database() and schema_name = current_schema() and table_name = ? "
        "order by column_index",
        [name],
    ).fetchall()
    columns = []
    for column, data_type in types:
        ref = f"t.{_ident(column)}"
        if data_type.upper().startswith("DECIMAL"):
            columns.append(
                f"case when {ref} = trunc({ref}) then cast(cast({ref} as hugeint) as varchar) "
                f"else rtrim(cast({ref} as varchar), '0') end as {_ident(column)}"
            )
        else:
            columns.append(ref)
    order = ", ".join(f"t.{_ident(c)}" for c, _ in types)
    return f"select {', '.join(columns)} from {_ident(name)} as t order by {order}"


def _check_out_dir(out_dir: Path) -> None:
    """Refuse an `out_dir` the export would replace but does not own."""
    if not out_dir.exists():
        return
    if not out_dir.is_dir() or out_dir.is_symlink():
        raise ValueError(
            f"{out_dir} is not a folder; name a new folder (or a previous export) with --out"
        )
    present = {p.relative_to(out_dir).as_posix() for p in out_dir.rglob("*") if not p.is_dir()}
    if not present:
        return
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
    # A lake's resource is a folder (<name>/...): whatever is in it is the export's (a
    # partition an earlier export wrote and this one will not).
    folders = {p.split("/", 1)[0] for p in ours if "/" in p}
    foreign = sorted(p for p in present - ours if p.split("/", 1)[0] not in folders)
    if foreign:
        shown = ", ".join(foreign[:5]) + (
            f" and {len(foreign) - 5} more" if len(foreign) > 5 else ""
        )
        raise ValueError(
            f"{out_dir} holds files that are not a tiplake export ({shown}); an export replaces "
            "its folder whole, so name a new or empty folder with --out"
        )


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
    directory = out_dir / name
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
    total = 0
    files = []
    for value in values:
        path = directory.joinpath(
            *(f"{c}={_hive_value(v)}" for c, v in zip(partition_by, value, strict=True)), LAKE_FILE
        )
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


def _fields(con: duckdb.DuckDBPyConnection, name: str, fmt: str) -> list[dict[str, Any]]:
    columns = con.execute(
        """
        select column_name, data_type, comment
        from duckdb_columns()
        where database_name = current_database() and schema_name = current_schema()
            and table_name = ?
        order by column_index
        """,
        [name],
    ).fetchall()
    fields = []
    for column, data_type, comment in columns:
        field: dict[str, Any] = {"name": column, "type": _field_type(data_type, fmt)}
        if comment:
            field["description"] = comment
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
    """primaryKey and foreignKeys of a table, foreign keys sorted by their fields; a foreign key
    to a table that is not exported is left out (it could not be checked)."""
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
    if foreign:
        foreign.sort(key=lambda fk: (fk["fields"], fk["reference"]["resource"]))
        keys["foreignKeys"] = foreign
    return keys


def _package(
    con: duckdb.DuckDBPyConnection, exported: set[str], resources: list[dict[str, Any]]
) -> dict[str, Any]:
    package: dict[str, Any] = {
        "$schema": PROFILE,
        "name": "tiplake",
        "title": "tiplake: trafficking-in-persons statistics",
        "description": (
            "A curated analytical database of trafficking-in-persons statistics in which every "
            "figure is a claim with its verbatim quote, its originator, the period it refers to "
            "and its unit. Every table and view of the database, each described here from the "
            "database's own comments; `sources` are the documents the claims are read from."
        ),
    }
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
    rows = con.execute(
        "select report_id, title, file_path, publisher, citation, sha256 from report "
        "order by report_id"
    ).fetchall()
    return [
        {
            "title": title,
            "path": f"seeds/documents/{file_path}",
            "report_id": report_id,
            "publisher": publisher,
            "citation": citation,
            "sha256": sha256,
        }
        for report_id, title, file_path, publisher, citation, sha256 in rows
    ]


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'
