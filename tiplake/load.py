"""Insert validated rows into the tables the migrations created.

In:  a DuckDB connection with the schema, and a `validate.Dataset`.
Out: the tables filled, in one transaction.

Rows go in as Arrow tables (one `insert ... select` per table: DuckDB reads Arrow without
binding a parameter per value, which is what makes a million claims load in seconds). A claim that another links to
(part_of, same_amount_as) must be in the table before the statement that inserts the link,
which the self-referencing foreign keys require: claims are inserted by link depth (totals
and originals first, then their parts and conversions).
"""

from __future__ import annotations

from operator import attrgetter

import duckdb
import pyarrow as pa

from tiplake.validate import ClaimRow, Dataset, columns


def _depths(claims: list[ClaimRow]) -> list[list[ClaimRow]]:
    by_id = {c.claim_id: c for c in claims}
    depth: dict[str, int] = {}

    def of(c: ClaimRow) -> int:
        if c.claim_id not in depth:
            targets = [t for t in (c.part_of_claim_id, c.same_amount_as_claim_id) if t in by_id]
            depth[c.claim_id] = 1 + max((of(by_id[t]) for t in targets), default=-1)
        return depth[c.claim_id]

    levels: dict[int, list[ClaimRow]] = {}
    for c in claims:
        levels.setdefault(of(c), []).append(c)
    return [levels[d] for d in sorted(levels)]


def _insert(con: duckdb.DuckDBPyConnection, table: str, names: list[str], rows: list) -> None:
    if not rows:
        return
    batch = pa.table({name: pa.array(list(map(attrgetter(name), rows))) for name in names})
    con.register("_tiplake_batch", batch)
    try:
        listed = ", ".join(f'"{n}"' for n in names)
        con.execute(f'insert into "{table}" ({listed}) select {listed} from _tiplake_batch')
    finally:
        con.unregister("_tiplake_batch")


def load(con: duckdb.DuckDBPyConnection, data: Dataset) -> dict[str, int]:
    counts = {}
    con.execute("begin transaction")
    try:
        for table, row_type, rows in data.tables():
            names = columns(row_type)
            batches = _depths(rows) if row_type is ClaimRow else [rows]
            for batch in batches:
                _insert(con, table, names, batch)
            counts[table] = len(rows)
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise
    return counts
