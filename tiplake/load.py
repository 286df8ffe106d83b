"""Insert validated rows into the tables the migrations created.

In:  a DuckDB connection with the schema, and a `validate.Dataset`.
Out: the tables filled, in one transaction; the number of rows of each.

Vocabulary rows go in as Arrow tables (one `insert ... select` per table: DuckDB reads Arrow
without binding a parameter per value). Claims are staged in one temporary table from the
claims cache's Parquet files (read by DuckDB, no Python object per claim) and the rows
validated in this run, then inserted in claim id order, by link depth: a claim another links
to (part_of, same_amount_as) must be in the table before the statement that inserts the
link, which the self-referencing foreign keys require (totals and originals first, then their
parts and conversions). The `year` table is derived from the staged claims: every year from
the earliest to the latest a claim's period or a report's publication refers to, each marked
whether a claim's period includes it.
"""

from __future__ import annotations

import duckdb

from tiplake.arrow import to_arrow
from tiplake.validate import ClaimRow, Dataset, columns

_STAGE = "_tiplake_claim_staging"

_YEARS = f"""
insert into "year" ("year", is_in_claims)
with spans as (
    select distinct year_from, year_to from temp.{_STAGE} where year_from is not null
),
claimed as (
    select distinct unnest(range(year_from, year_to + 1)) as y from spans
),
known as (
    select y from claimed union select published_year from report
)
select span.range, span.range in (select y from claimed)
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


def _stage_claims(con: duckdb.DuckDBPyConnection, data: Dataset) -> None:
    """Every claim in one temporary table, from the cache's Parquet files and this run's rows.

    Created with its rows in one statement: in DuckDB 2.0.0, rows inserted within a
    transaction into a table created empty by `create table ... as select ... limit 0` are
    missed by some scans once they pass one row group (`count(*), count(col)` gives 0, 0)."""
    listed = ", ".join(f'"{n}"' for n in columns(ClaimRow))
    parts = []
    if data.claim_files:
        files = ", ".join("'" + str(p).replace("'", "''") + "'" for p in data.claim_files)
        parts.append(f"select {listed} from read_parquet([{files}])")
    if data.claim_rows:
        con.register("_tiplake_batch", to_arrow(ClaimRow, data.claim_rows))
        parts.append(f"select {listed} from _tiplake_batch")
    if not parts:
        parts.append(f"select {listed} from claim")  # empty
    try:
        con.execute(f"create or replace temp table {_STAGE} as " + " union all ".join(parts))
    finally:
        if data.claim_rows:
            con.unregister("_tiplake_batch")


# Each staged claim's link depth: 0 for a claim that links to none, else one more than the
# deepest claim it links to (validate's link-cycle rule guarantees the links end).
_DEPTHS = f"""
create or replace temp table {_STAGE}_depth as
with recursive links as (
    select claim_id, part_of_claim_id as target
    from temp.{_STAGE} where part_of_claim_id is not null
    union all
    select claim_id, same_amount_as_claim_id
    from temp.{_STAGE} where same_amount_as_claim_id is not null
),
walk(claim_id, depth) as (
    select claim_id, 0 from temp.{_STAGE}
    union all
    select links.claim_id, walk.depth + 1
    from links inner join walk on walk.claim_id = links.target
)
select claim_id, max(depth) as depth from walk group by claim_id
"""


def _insert_claims(con: duckdb.DuckDBPyConnection) -> int:
    """Insert the staged claims, one statement per link depth, each in claim id order."""
    listed = ", ".join(f's."{n}"' for n in columns(ClaimRow))
    con.execute(_DEPTHS)
    (deepest,) = con.execute(f"select max(depth) from temp.{_STAGE}_depth").fetchone()
    loaded = 0
    for depth in range((deepest if deepest is not None else -1) + 1):
        (inserted,) = con.execute(
            f"insert into claim select {listed} from temp.{_STAGE} as s "
            f"inner join temp.{_STAGE}_depth as d on d.claim_id = s.claim_id "
            "where d.depth = ? order by s.claim_id",
            [depth],
        ).fetchone()
        loaded += inserted
    con.execute(f"drop table temp.{_STAGE}_depth")
    return loaded


def load(con: duckdb.DuckDBPyConnection, data: Dataset) -> dict[str, int]:
    counts = {}
    con.execute("begin transaction")
    try:
        for table, row_type, rows in data.tables():
            _insert(con, table, row_type, rows)
            counts[table] = len(rows)
            if table == "report":  # years come from the claims and the reports
                _stage_claims(con, data)
                (counts["year"],) = con.execute(_YEARS).fetchone()
            elif table == "unit":  # claims need the vocabularies; relations do not
                counts["claim"] = _insert_claims(con)
                con.execute(f"drop table temp.{_STAGE}")
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise
    return counts
