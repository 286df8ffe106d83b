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

Deterministic: rows are written `order by all`, file names are the table names, the CSV options
(header, comma, '"' quoting doubled, UTF-8, '\\n') and the Parquet options (zstd) are fixed, and
the descriptor is JSON with a fixed key order, indent 2 and a trailing newline. Two exports of
the same database with the same DuckDB version are byte-identical file by file (Parquet files
record the DuckDB version that wrote them). The directory is created if needed; files of the
same names are overwritten, other files are left alone.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb

DESCRIPTOR = "datapackage.json"
PROFILE = "https://datapackage.org/profiles/2.0/datapackage.json"
BOOKKEEPING = frozenset({"schema_migrations"})  # and every name starting with "_"

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

    @property
    def files(self) -> tuple[Path, ...]:
        return tuple(self.out_dir / f"{name}.{self.fmt}" for name in self.resources)


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
) -> ExportResult:
    """Write every table and view to `out_dir` as `fmt` files, then `datapackage.json`."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}: use one of {', '.join(FORMATS)}")
    say = progress or (lambda _message: None)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    relations = _relations(con)
    exported = {r.name for r in relations}
    resources = []
    for relation in relations:
        file_name = f"{relation.name}.{fmt}"
        path = out_dir / file_name
        (rows,) = con.execute(
            f"copy (select * from {_ident(relation.name)} order by all) "
            f"to ? ({FORMATS[fmt]['options']})",
            [str(path)],
        ).fetchone()
        say(f"{file_name}: {rows} rows")
        resources.append(_resource(con, relation, file_name, path, fmt, exported))
    descriptor = _package(con, exported, resources)
    descriptor_path = out_dir / DESCRIPTOR
    descriptor_path.write_text(
        json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n", encoding="utf-8", newline="\n"
    )
    return ExportResult(out_dir, fmt, tuple(r.name for r in relations), descriptor_path)


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
    file_name: str,
    path: Path,
    fmt: str,
    exported: set[str],
) -> dict[str, Any]:
    data = path.read_bytes()
    resource: dict[str, Any] = {
        "name": relation.name,
        "type": "table",
        "path": file_name,
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
    resource["bytes"] = len(data)
    resource["hash"] = "sha256:" + hashlib.sha256(data).hexdigest()
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
