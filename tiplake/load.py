"""Insert validated rows into the tables the migrations created.

In:  a DuckDB connection with the schema, and a `validate.Dataset`.
Out: the tables report, year, indicator, source, unit and claim filled, in one transaction.

Claims arrive ordered so that a claim another one links to (part_of, same_amount_as) is
inserted first, which the table's self-referencing foreign keys require.
"""

from __future__ import annotations

from dataclasses import astuple

import duckdb

from tiplake.validate import Dataset, columns


def load(con: duckdb.DuckDBPyConnection, data: Dataset) -> dict[str, int]:
    counts = {}
    con.execute("begin transaction")
    try:
        for table, row_type, rows in data.tables():
            names = columns(row_type)
            sql = (
                f'insert into "{table}" ({", ".join(names)}) '
                f"values ({', '.join('?' for _ in names)})"
            )
            if rows:
                con.executemany(sql, [astuple(r) for r in rows])
            counts[table] = len(rows)
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise
    return counts
