"""Run the data tests in sql/checks/: each `assert_<rule>.sql` returns the rows breaking the rule;
and one generated audit per view: no two rows share the view's declared grain.

In:  a DuckDB connection holding the built tables and views, the checks directory, the views.
Out: a list of `CheckFailure`s (empty when every check returns no rows).

The build runs them before it publishes; the tests run them on the published database too.
A check file starts with `--` lines saying what it asserts; the first is shown on failure.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb

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


def checks(directory: Path, views: list[ViewFile]) -> list[tuple[str, str, str]]:
    """Every check as (name, description, SELECT): the files of `directory`, then one grain
    audit per view (views.grain_audits)."""
    found = []
    for path in check_files(directory):
        sql = path.read_text(encoding="utf-8").strip().rstrip(";")
        found.append((path.stem, _description(sql), sql))
    return found + grain_audits(views)


def run_checks(
    con: duckdb.DuckDBPyConnection, directory: Path, views: list[ViewFile]
) -> list[CheckFailure]:
    failures = []
    for name, description, sql in checks(directory, views):
        result = con.execute(sql)
        columns = [d[0] for d in result.description]
        rows = result.fetchall()
        if rows:
            failures.append(CheckFailure(name, description, len(rows), columns, rows[:SHOWN_ROWS]))
    return failures
