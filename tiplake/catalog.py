"""What the outputs know of the published database's shape beyond DuckDB's own catalog, read
from the database or declared once in code, so that no output reads sql/, migrations/ or the
seeds (issue 30).

In:  a read-only connection to a built database.
Out: `REFERENCES`: the references of the claim, document and skip tables (not foreign keys:
     checks.py audits them at every build, export.py declares them as foreign keys);
     `view_grains`: each view's grain, from the `_view` table every build writes (migration
     0016; meta.write_views) from the `-- grain:` line of the view's file.
"""

from __future__ import annotations

import duckdb

# (table, column, referenced table, referenced column). They are not foreign keys: a foreign
# key is an index over every claim, built at every load (8-14 s at a million claims) and
# rewritten at every checkpoint of a rebuild (migration 0013). The build audits them before it
# publishes (checks.reference_audit), and the exports declare them as the data package's and
# the SQLite file's foreign keys (export.py).
REFERENCES = (
    ("claim", "report_id", "report", "report_id"),
    ("claim", "source_id", "source", "source_id"),
    ("claim", "restated_source_id", "source", "source_id"),
    ("claim", "indicator_code", "indicator", "indicator_code"),
    ("claim", "year_from", "year", "year"),
    ("claim", "year_to", "year", "year"),
    ("claim", "unit", "unit", "unit"),
    ("claim", "value_category", "category", "category"),
    ("claim_sum", "report_id", "report", "report_id"),
    ("claim_sum_part", "sum_id", "claim_sum", "sum_id"),
    ("document", "report_id", "report", "report_id"),
    ("skip", "report_id", "document", "report_id"),
)

VIEW_TABLE = "_view"


def view_grains(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[str, ...]]:
    """Each view's grain by view name, as the database records it; {} for a database built
    before migration 0016 (it records none: the grain only adds an index to the SQLite
    export, so an older file exports without those indexes)."""
    has = con.execute(
        "select count(*) from duckdb_tables() where database_name = current_database() "
        "and schema_name = current_schema() and table_name = ?",
        [VIEW_TABLE],
    ).fetchone()[0]
    if not has:
        return {}
    rows = con.execute(f"select view_name, grain from {VIEW_TABLE} order by view_name").fetchall()
    return {name: tuple(grain) for name, grain in rows}
