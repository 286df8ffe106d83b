"""Insert validated rows into the tables the migrations created.

In:  a DuckDB connection with the schema, and a `validate.Dataset`.
Out: the tables filled, in one transaction; the number of rows of each.

The rows and their Arrow schema are derived from the tables' declarations (tables.py, through
rows.py), and every insert names its columns. Vocabulary rows go in as Arrow tables (one
`insert ... select` per table: DuckDB reads Arrow without binding a parameter per value). Claims go in from the Arrow tables of the claims files
(rows.ClaimFile: no Python object per claim), in claim id order; the declared sums and their
parts follow them. The links between claims are not foreign keys (a rebuild replaces one
file's claims while another's restate them): sql/checks/assert_links_resolve.sql audits them.
The documents' texts and the skips' spans (`document`, `skip`) are loaded with the vocabulary
rows, so that outputs read the database alone (the site marks every number from them); like the
vocabularies they change only with a full build (incremental.py: they are part of its `*` input).
The `year` table is derived from the claims: every year from the earliest to the latest a
claim's period or a report's publication refers to, each marked whether a claim's period
includes it. A rebuild (incremental.py) stages the changed files' claims in a temporary table,
inserts them with the same function, and derives the years with the same SQL.
"""

from __future__ import annotations

import duckdb
import pyarrow as pa

from tiplake.rows import (
    CLAIM_SCHEMA,
    SUM_PART_SCHEMA,
    SUM_SCHEMA,
    ClaimFile,
    ClaimRow,
    Dataset,
    SumPartRow,
    SumRow,
    columns,
    to_arrow,
)

STAGE = "_tiplake_claim_staging"
# The tables the load fills, in its order: Dataset.tables(), with year after report and the
# claims and their sums after the categories.
LOAD_ORDER = (
    "report",
    "year",
    "indicator",
    "source",
    "unit",
    "category",
    "claim",
    "claim_sum",
    "claim_sum_part",
    "indicator_relation",
    "policy",
    "policy_source_rank",
    "document",
    "skip",
)


def years_sql(claims: str) -> str:
    """The `year` table's rows, derived from the claim periods in `claims` (a relation with
    year_from and year_to) and the reports' publication years."""
    return f"""
with spans as (
    select distinct year_from, year_to from {claims} where year_from is not null
),
claimed as (
    select distinct unnest(range(year_from, year_to + 1)) as y from spans
),
known as (
    select y from claimed union select published_year from report
)
select span.range as "year", span.range in (select y from claimed) as is_in_claims
from range((select min(y) from known), (select max(y) from known) + 1) as span
order by 1
"""


def _insert(con: duckdb.DuckDBPyConnection, table: str, row_type: type, rows: list) -> None:
    if not rows:
        return
    con.register("_tiplake_batch", to_arrow(row_type, rows))
    try:
        listed = ", ".join(f'"{n}"' for n in columns(row_type))
        con.execute(f'insert into "{table}" ({listed}) select {listed} from _tiplake_batch')
    finally:
        con.unregister("_tiplake_batch")


def stage_claims(con: duckdb.DuckDBPyConnection, tables: list[pa.Table]) -> None:
    """Claims in one temporary table, from the Arrow tables of claims files.

    Created with its rows in one statement: in DuckDB 2.0.0, rows inserted within a
    transaction into a table created empty by `create table ... as select ... limit 0` are
    missed by some scans once they pass one row group (`count(*), count(col)` gives 0, 0)."""
    listed = ", ".join(f'"{n}"' for n in columns(ClaimRow))
    batch = pa.concat_tables(tables) if tables else CLAIM_SCHEMA.empty_table()
    con.register("_tiplake_batch", batch)
    try:
        con.execute(f"create or replace temp table {STAGE} as select {listed} from _tiplake_batch")
    finally:
        con.unregister("_tiplake_batch")


def insert_claims(
    con: duckdb.DuckDBPyConnection, files: list[ClaimFile], claims_from: str = f"temp.{STAGE}"
) -> dict[str, int]:
    """Insert the claims of `claims_from` (the staged claims) in claim id order, then the
    files' sums and their parts."""
    listed = ", ".join(f'"{n}"' for n in columns(ClaimRow))
    (claims,) = con.execute(
        f"insert into claim ({listed}) select {listed} from {claims_from} order by claim_id"
    ).fetchone()
    counts = {"claim": claims}
    for table, row_type, schema, pick in (
        ("claim_sum", SumRow, SUM_SCHEMA, lambda f: f.sums),
        ("claim_sum_part", SumPartRow, SUM_PART_SCHEMA, lambda f: f.sum_parts),
    ):
        batch = pa.concat_tables([pick(f) for f in files]) if files else schema.empty_table()
        con.register("_tiplake_batch", batch)
        try:
            names = ", ".join(f'"{n}"' for n in columns(row_type))
            (counts[table],) = con.execute(
                f"insert into {table} ({names}) select {names} from _tiplake_batch order by all"
            ).fetchone()
        finally:
            con.unregister("_tiplake_batch")
    return counts


def load(con: duckdb.DuckDBPyConnection, data: Dataset) -> dict[str, int]:
    kept = [name for name, f in data.claim_files.items() if f.table is None]
    if kept:  # a rebuild's dataset (validate.Previous): a full load would lose their claims
        raise ValueError(f"a full load needs every claims file's rows; not read: {kept[:3]}")
    counts = {}
    con.execute("begin transaction")
    try:
        for table, row_type, rows in data.tables():
            _insert(con, table, row_type, rows)
            counts[table] = len(rows)
        # The claims straight from the files' Arrow tables: staging them in a temporary
        # table first cost 3.5 s at a million claims.
        files = list(data.claim_files.values())
        tables = [f.table for f in files]
        con.register(
            "_tiplake_claims", pa.concat_tables(tables) if tables else CLAIM_SCHEMA.empty_table()
        )
        try:
            counts.update(insert_claims(con, files, "_tiplake_claims"))
        finally:
            con.unregister("_tiplake_claims")
        # years come from the claims and the reports
        (counts["year"],) = con.execute(
            'insert into "year" ("year", is_in_claims) ' + years_sql("main.claim")
        ).fetchone()
        con.execute("commit")
    except BaseException:
        rollback(con)
        raise
    return {table: counts[table] for table in LOAD_ORDER}


def rollback(con: duckdb.DuckDBPyConnection) -> None:
    """Roll back the open transaction, if it can be: when the commit itself failed (a full
    disk), the rollback fails too, and the caller must see the first error, not this one."""
    try:
        con.execute("rollback")
    except duckdb.Error:
        pass
