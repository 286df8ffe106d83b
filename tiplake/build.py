"""Build the database: seeds -> validated rows -> tables -> views -> checks -> published file.

In:  the project (seeds, migrations, sql/) and the path to publish to.
Out: `db_path` replaced by a complete, checked database; or an exception, with the file at
     `db_path` untouched.

Nothing is cached between builds: every seed file a build reads is parsed and checked in it.
When only claims files changed, the new database starts as a copy of the previous one (the
file the last build published, as its sha256 shows, holding exactly the views of sql/), in
which only those files' claims and the countries they are about are redone, and the kept
claims are read back against their documents by the same set-based rules as every other row
(incremental.py, rules/setbased.py); anything else is a full build.
The new database is written to a temporary file in a private folder beside the target and
moved over it with one atomic rename only when every stage passed (publish.py: no link planted
at the lock's or a temporary name is ever followed), so a failed build loses nothing and a
notebook holding the old file open keeps reading the old file. Building the same seeds twice,
or rebuilding to them, gives the same content.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache as once
from pathlib import Path
from typing import TypeVar

import duckdb

from tiplake import incremental, meta, publish
from tiplake.checks import CheckFailure, checks, run_checks
from tiplake.load import LOAD_ORDER, load
from tiplake.migrate import migrate
from tiplake.problems import SeedError
from tiplake.project import PROJECT, STORED_PREFIX, Project
from tiplake.publish import PublishError
from tiplake.rows import Dataset
from tiplake.rules.setbased import check_rows
from tiplake.seeds import read_seeds
from tiplake.tables import TABLES
from tiplake.validate import Previous, validate
from tiplake.views import create_views, discover, sql_string

# The file is written in the storage format of DuckDB 1.1 so that DuckDB 1.1 and later (notebooks,
# DBeaver, R) can open it, not only DuckDB 2.x.
STORAGE_VERSION = "v1.1.0"

T = TypeVar("T")
__all__ = ["BuildResult", "CheckError", "PublishError", "build", "check_seeds"]


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
    notices: list[str] = field(default_factory=list)  # one line each, e.g. why a full build


def check_seeds(
    project: Project = PROJECT,
    jobs: int = 1,
    previous: Callable[[dict[str, str]], Previous | None] | None = None,
) -> Dataset:
    """Read and validate the seeds; raise `SeedError` listing every problem. `previous`:
    see validate.validate."""
    return validate(read_seeds(project.seeds), jobs, previous).raise_problems()


class _Distrusted(Exception):
    """The previous file's rows do not read back: the rebuild gives way to a full build."""


def build(
    db_path: Path,
    project: Project = PROJECT,
    progress: Callable[[str], None] | None = None,
    jobs: int = 1,
    full: bool = False,
    force: bool = False,
) -> BuildResult:
    """Build `db_path`; `jobs` worker processes validate the claims files (validate.py's
    `_check_files` says when to ask for more than one). When only claims files changed since
    the database at `db_path` was built, it is rebuilt from that database (incremental.py)
    unless `full`. `force`: replace the file at `db_path` even when it is not a database
    tiplake built (publish.py says what is refused). The result's `notices` say why a build
    that could have been a rebuild was a full one, when the previous file was not as published."""
    say = progress or (lambda _message: None)
    notices: list[str] = []
    try:
        return _build(Path(db_path), project, say, jobs, full, force, notices)
    except _Distrusted as e:
        notices.append(str(e))
        say(str(e))
        return _build(Path(db_path), project, say, jobs, True, force, notices)


def _build(
    db_path: Path,
    project: Project,
    say: Callable[[str], None],
    jobs: int,
    full: bool,
    force: bool,
    notices: list[str],
) -> BuildResult:
    target = publish.resolve_target(db_path)
    views_of = once(lambda: discover(project.views))  # read and parsed once (~0.05 s)
    tables_of = once(lambda: set(TABLES))  # as migrations/ creates them (test_declarations)

    def declared() -> set[str]:  # the tables of migrations/ and the views of sql/
        return tables_of() | {v.name for v in views_of()}

    def names() -> set[str]:  # what a previous file a rebuild starts from may hold
        return declared() | {STORED_PREFIX + v.name for v in views_of() if v.stored}

    owned = None if force else declared

    if owned:
        publish.check_owner(target, owned)  # 0. refuse a file not ours, before writing beside it
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        say("validating seeds")
        # 1. seeds -> validated rows (or SeedError); the claims files a rebuild would keep
        # in the previous database are not parsed (incremental.kept_files)
        why: list[str] = []
        previous = (
            None if full else incremental.kept_files(target, project, STORAGE_VERSION, names, why)
        )
        data = check_seeds(project, jobs, previous)
        with publish.build_lock(target):  # 2. one build of a target at a time
            publish.remove_leftovers(target)
            inputs = incremental.inputs(project, incremental.keys(data), STORAGE_VERSION)
            plan = None if full else incremental.plan(target, inputs, names, why)
            if not incremental.still_kept(plan, data):  # published by another build since
                data = check_seeds(project, jobs)
            for reason in dict.fromkeys(why):  # said once, though validation planned too
                notices.append(reason)
                say(reason)
            publish.check_target(target, owned)  # no writer, no stale log, still ours
            fingerprint = _in_background(meta.seeds_fingerprint, project)
            with publish.staging(target) as tmp:  # 3. a new file in a folder of its own
                if plan is not None:
                    shutil.copyfile(target, tmp)
                with _open(tmp) as con:
                    if plan is None:  # 4. tables, rows, views
                        say("migrating")
                        migrate(con, project.migrations)
                        say("loading")
                        counts = load(con, data)
                        say("creating views")
                        views = [v.name for v in create_views(con, views_of())]
                    else:
                        views, counts = _rebuild(con, views_of(), data, plan, say)
                    say("reading every row back")  # 5. the row rules, over every row
                    problems = check_rows(con, project.rules, data)
                    if problems and plan is not None:
                        raise _Distrusted(
                            f"a full build: {len(problems)} row(s) of the previous file do not "
                            f"read back against the seeds, e.g. {problems[0]}"
                        )
                    if problems:
                        raise SeedError(problems)
                    say("running checks")  # 6. data checks, then what the file says of itself
                    failures = run_checks(con, project.checks, views_of())
                    if failures:
                        raise CheckError(failures)
                    rebuilds = 0 if plan is None else plan.rebuilds + 1
                    meta.write(con, project, fingerprint.result(), rebuilds, inputs)
                    meta.write_views(con, views_of())  # what the outputs read of the views
                say("publishing")
                publish.check_target(target, owned)
                publish.replace(tmp, target)  # 7. one atomic rename
    except OSError as e:
        raise publish.write_error(getattr(e, "filename", None) or target, e) from None
    n_checks = len(checks(project.checks, views_of()))
    return BuildResult(target, counts, views, n_checks, notices)


@contextmanager
def _open(path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """A connection to the file being built, attached as catalog `tiplake` in the storage
    format of DuckDB 1.1; checkpointed and detached at the end. A write the system refuses (a
    full disk) is a `PublishError`, whatever DuckDB wrapped it in."""
    con = duckdb.connect()
    try:
        con.execute(
            f"attach {sql_string(str(path))} as tiplake (storage_version '{STORAGE_VERSION}')"
        )
        con.execute("use tiplake")
        yield con
        con.execute("checkpoint")
        con.execute("use memory")
        con.execute("detach tiplake")
    except duckdb.Error as e:
        refused = publish.refused_write(path, e)
        if refused is not None:
            raise refused from None
        raise
    finally:
        con.close()


def _in_background(function: Callable[..., T], *args) -> Future[T]:
    """`function(*args)` in a thread of its own (reading files while DuckDB works)."""
    pool = ThreadPoolExecutor(1)
    future = pool.submit(function, *args)
    pool.shutdown(wait=False)
    return future


def _rebuild(con, found: list, data: Dataset, plan: incremental.Plan, say):
    say(
        f"rebuilding from the previous file: {len(plan.changed)} claims file(s) changed, "
        f"{len(plan.removed)} removed"
    )
    countries, how = incremental.apply(con, found, data, plan)
    create_views(con, found, stored_rows=False)  # the views exactly as sql/ has them
    whole = [name for name, way in how.items() if way == "whole"]
    say(
        f"recomputed the stored views for {len(countries)} countr"
        f"{'y' if len(countries) == 1 else 'ies'}"
        + (f"; whole: {', '.join(whole)}" if whole else "")
    )
    return [v.name for v in found], _counts(con)


def _counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Rows of each table, in the order the load fills them (and counts them)."""
    return {
        table: con.execute(f'select count(*) from "{table}"').fetchone()[0] for table in LOAD_ORDER
    }
