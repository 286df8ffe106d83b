"""A readable dump of the database's schema, committed as sql/schema.sql.

In:  a DuckDB connection to a built database.
Out: text: for every table and view, its description, its columns with type and description,
     and (tables) its CREATE statement. The tables holding stored views' rows (views.py) are
     left out: their view is listed, with its file. A test checks the committed file is
     current, so every schema change shows in review; `make schema` rewrites it.
"""

from __future__ import annotations

import duckdb
import sqlglot

from tiplake.project import STORED_PREFIX


def dump(con: duckdb.DuckDBPyConnection) -> str:
    objects = con.execute(
        "select table_name, 'table' as kind, comment, sql from duckdb_tables() where not internal "
        f"and not starts_with(table_name, '{STORED_PREFIX}') "
        "union all select view_name, 'view', comment, null from duckdb_views() where not internal "
        "order by kind, 1"
    ).fetchall()
    parts = [
        "-- The tiplake schema, generated from a built database by `make schema`. Do not edit.\n"
    ]
    for name, kind, comment, sql in objects:
        columns = con.execute(
            "select column_name, data_type, comment from duckdb_columns() "
            "where table_name = ? order by column_index",
            [name],
        ).fetchall()
        lines = [f"-- {kind} {name}: {comment}"]
        lines += [f"--   {col} {dtype}: {text}" for col, dtype, text in columns]
        if sql:
            lines.append(
                sqlglot.transpile(sql, read="duckdb", write="duckdb", pretty=True)[0] + ";"
            )
        else:
            lines.append(f"-- (defined in sql/views/{name}.sql)")
        parts.append("\n".join(lines) + "\n")
    return "\n".join(parts)
