"""Run the data tests in sql/checks/: each `assert_<rule>.sql` returns the rows breaking the rule;
one generated audit per view: no two rows share the view's declared grain; and one generated
audit of the references the claim tables make (`REFERENCES`: what their foreign keys enforced
until migration 0013).

In:  a DuckDB connection holding the built tables and views, the checks directory, the views.
Out: a list of `CheckFailure`s (empty when every check returns no rows).

The build runs them before it publishes; the tests run them on the published database too.
A check file starts with `--` lines saying what it asserts; the first is shown on failure.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb

from tiplake.catalog import REFERENCES  # declared there: the exports read them too
from tiplake.views import ViewFile, grain_audits

SHOWN_ROWS = 5


@dataclass(frozen=True)
class CheckFailure:
    name: str
    description: str
    count: int
    columns: list[str]
    rows: list[tuple]

    def __str__(self) -> str:
        shown = "\n".join(f"    {dict(zip(self.columns, r, strict=True))}" for r in self.rows)
        more = (
            f"\n    ... and {self.count - len(self.rows)} more"
            if self.count > len(self.rows)
            else ""
        )
        return f"check {self.name} failed ({self.description}): {self.count} row(s)\n{shown}{more}"


def check_files(directory: Path) -> list[Path]:
    return sorted(directory.glob("assert_*.sql"))


def _description(sql: str) -> str:
    for line in sql.splitlines():
        if line.startswith("--") and line[2:].strip():
            return line[2:].strip()
    return "no description"


_ROW_ID = {
    "claim": "claim_id",
    "claim_sum": "sum_id",
    "claim_sum_part": "sum_id || ' / ' || claim_id",
    "document": "report_id",
    "skip": "report_id || ' / ' || skip_no",
}


def reference_audit() -> tuple[str, str, str]:
    """The check of every reference: (name, description, SELECT of the rows whose value names
    no row of the referenced table, with the reference and the value)."""
    parts = [
        f"select {_ROW_ID[table]} as id, '{table}.{column}' as reference, "
        f'cast("{column}" as varchar) as target from "{table}" '
        f'where "{column}" is not null and "{column}" not in (select "{ref_column}" from "{ref_table}")'
        for table, column, ref_table, ref_column in REFERENCES
    ]
    return (
        "assert_references_resolve",
        "every reference of the claim, document and skip tables names a row of the table it refers to",
        "\nunion all\n".join(parts),
    )


def checks(directory: Path, views: list[ViewFile]) -> list[tuple[str, str, str]]:
    """Every check as (name, description, SELECT): the files of `directory`, one grain audit
    per view (views.grain_audits), and the audit of the claim tables' references."""
    found = []
    for path in check_files(directory):
        sql = path.read_text(encoding="utf-8").strip().rstrip(";")
        found.append((path.stem, _description(sql), sql))
    return found + grain_audits(views) + [reference_audit()]


def run_checks(
    con: duckdb.DuckDBPyConnection, directory: Path, views: list[ViewFile]
) -> list[CheckFailure]:
    """The checks that fail, in `checks` order. Every check's rows are counted in one query,
    whose branches DuckDB runs side by side (a million claims: 2.1 -> 1.9 s); only a failing
    check runs again, for the rows shown. When that query fails, each check runs alone, so
    that the error is the failing check's own."""
    found = checks(directory, views)
    counts = " union all\n".join(
        f"select {i} as i, count(*) as n from (\n{sql}\n) as check_{i}"
        for i, (_name, _description, sql) in enumerate(found)
    )
    try:
        failing = dict(con.execute(f"select i, n from ({counts}) where n > 0").fetchall())
    except duckdb.Error:
        failing = {i: None for i in range(len(found))}
    failures = []
    for i, (name, description, sql) in enumerate(found):
        if i not in failing:
            continue
        result = con.execute(sql)
        columns = [d[0] for d in result.description]
        rows = result.fetchmany(SHOWN_ROWS)
        count = failing[i] if failing[i] is not None else len(rows) + len(result.fetchall())
        if count:
            failures.append(CheckFailure(name, description, count, columns, rows))
    return failures
