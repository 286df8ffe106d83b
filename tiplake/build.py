"""Build the database: seeds -> validated rows -> tables -> views -> checks -> published file.

In:  the project (seeds, migrations, sql/) and the path to publish to.
Out: `db_path` replaced by a complete, checked database; or an exception, with the file at
     `db_path` untouched.

The new database is written to a temporary file beside the target and moved over it with
one atomic rename only when every stage passed, so a failed build loses nothing and a
notebook holding the old file open keeps reading the old file. Building the same seeds twice
gives the same content.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from tiplake.checks import CheckFailure, run_checks
from tiplake.load import load
from tiplake.migrate import migrate
from tiplake.project import PROJECT, Project
from tiplake.seeds import read_seeds
from tiplake.validate import Dataset, validate
from tiplake.views import create_views


class CheckError(Exception):
    def __init__(self, failures: list[CheckFailure]):
        self.failures = failures
        super().__init__(
            f"{len(failures)} data check(s) failed:\n" + "\n".join(str(f) for f in failures)
        )


@dataclass
class BuildResult:
    db_path: Path
    counts: dict[str, int] = field(default_factory=dict)
    views: list[str] = field(default_factory=list)
    checks: int = 0


def check_seeds(project: Project = PROJECT) -> Dataset:
    """Read and validate the seeds; raise `SeedError` listing every problem."""
    return validate(read_seeds(project.seeds))


def build(db_path: Path, project: Project = PROJECT) -> BuildResult:
    data = check_seeds(project)
    db_path = Path(db_path)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    tmp = db_path.with_name(f".{db_path.name}.{os.getpid()}.building")
    _remove(tmp)
    try:
        con = duckdb.connect(str(tmp))
        try:
            migrate(con, project.migrations)
            counts = load(con, data)
            views = create_views(con, project.views)
            failures = run_checks(con, project.checks)
            if failures:
                raise CheckError(failures)
            checks = len(list(project.checks.glob("assert_*.sql")))
            con.execute("checkpoint")
        finally:
            con.close()
        os.replace(tmp, db_path)
    finally:
        _remove(tmp)
    return BuildResult(db_path, counts, [v.name for v in views], checks)


def _remove(path: Path) -> None:
    for p in (path, path.with_name(path.name + ".wal")):
        if p.exists():
            p.unlink()
