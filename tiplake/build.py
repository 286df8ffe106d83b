"""Build the database: seeds -> validated rows -> tables -> views -> checks -> published file.

In:  the project (seeds, migrations, sql/) and the path to publish to.
Out: `db_path` replaced by a complete, checked database; or an exception, with the file at
     `db_path` untouched.

Validated claims are cached by content in `.cache/` beside the target (cache.py: every entry
verified before use), so a rebuild after editing one claims file re-reads only that file; and
when only claims files changed, the new database starts as a copy of the previous one, in
which only those files' claims and the countries they are about are redone (incremental.py).
The new database is written to a temporary file beside the target and moved over it with one
atomic rename only when every stage passed (publish.py), so a failed build loses nothing and a
notebook holding the old file open keeps reading the old file. Building the same seeds twice,
or rebuilding to them, gives the same content.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from tiplake import incremental, publish
from tiplake.cache import Cache
from tiplake.checks import CheckFailure, run_checks
from tiplake.load import LOAD_ORDER, load
from tiplake.migrate import migrate, owned_names
from tiplake.project import PROJECT, Project
from tiplake.publish import PublishError
from tiplake.rows import Dataset
from tiplake.seeds import FileError, read_file, read_seeds
from tiplake.validate import validate
from tiplake.views import create_views, discover, sql_string

# The file is written in the storage format of DuckDB 1.1 so that DuckDB 1.1 and later (notebooks,
# DBeaver, R) can open it, not only DuckDB 2.x.
STORAGE_VERSION = "v1.1.0"

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
    notices: list[str] = field(default_factory=list)  # one line each, e.g. a rejected cache entry


def check_seeds(project: Project = PROJECT, cache: Cache | None = None, jobs: int = 1) -> Dataset:
    """Read and validate the seeds; raise `SeedError` listing every problem."""
    return validate(read_seeds(project.seeds, cache), cache, jobs).raise_problems()


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
    tiplake built (publish.py says what is refused)."""
    say = progress or (lambda _message: None)
    target = publish.resolve_target(Path(db_path))

    def owned() -> set[str]:
        return owned_names(project.migrations) | {v.name for v in discover(project.views)}

    if not force:
        publish.check_owner(target, owned)  # before anything is written beside it
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        cache = Cache(target.parent / ".cache")
        say("validating seeds")
        data = check_seeds(project, cache, jobs)
        with publish.build_lock(target):
            publish.remove_leftovers(target)
            cache.remove_stale()
            result = _build_locked(target, project, data, say, full, None if force else owned)
    except OSError as e:
        raise publish.write_error(getattr(e, "filename", None) or target, e) from None
    result.notices = cache.rejected
    return result


def _build_locked(
    target: Path, project: Project, data: Dataset, say, full: bool, owned
) -> BuildResult:
    tmp = publish.temporary(target)
    current = incremental.inputs(project, data, STORAGE_VERSION)
    todo = None if full else incremental.plan(target, current)
    publish.check_target(target, owned)  # a writer, a stale log; ownership again
    hashing = ThreadPoolExecutor(1)  # reads every seed file again while DuckDB works
    fingerprint = hashing.submit(seeds_fingerprint, project)
    try:
        if todo is not None:
            shutil.copyfile(target, tmp)  # checked above: no other process writes it
        con = duckdb.connect()
        try:
            con.execute(
                f"attach {sql_string(str(tmp))} as tiplake (storage_version '{STORAGE_VERSION}')"
            )
            con.execute("use tiplake")
            if todo is None:
                say("migrating")
                migrate(con, project.migrations)
                say("loading")
                counts = load(con, data)
                say("creating views")
                views = [v.name for v in create_views(con, project.views)]
            else:
                views, counts = _rebuild(con, project, data, todo, say)
            say("running checks")
            failures = run_checks(con, project.checks)
            if failures:
                raise CheckError(failures)
            checks = len(list(project.checks.glob("assert_*.sql")))
            _write_meta(
                con, project, fingerprint.result(), 0 if todo is None else todo.rebuilds + 1
            )
            con.execute("delete from _build_input")
            con.execute(
                "insert into _build_input select unnest(?), unnest(?)",
                [list(current), list(current.values())],
            )
            con.execute("checkpoint")
            con.execute("use memory")
            con.execute("detach tiplake")
        except duckdb.Error as e:
            refused = publish.refused_write(tmp, e)
            if refused is not None:
                raise refused from None
            raise
        finally:
            con.close()
        say("publishing")
        publish.check_target(target, owned)
        publish.replace(tmp, target)
    finally:
        hashing.shutdown(cancel_futures=True)
        for leftover in (tmp, Path(f"{tmp}.wal")):
            leftover.unlink(missing_ok=True)
    return BuildResult(target, counts, views, checks)


def _rebuild(con, project: Project, data: Dataset, todo: incremental.Plan, say):
    say(
        f"rebuilding from the previous file: {len(todo.changed)} claims file(s) changed, "
        f"{len(todo.removed)} removed"
    )
    found = discover(project.views)
    countries, how = incremental.apply(con, found, data, todo)
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


def seeds_fingerprint(project: Project) -> str:
    """sha256 over every seed file's relative path and bytes, in path order."""
    digest = hashlib.sha256()
    for path in sorted(p for p in project.seeds.rglob("*") if p.is_file()):
        try:
            content = read_file(path, 1 << 40)
        except FileError as e:
            content = e.message.encode()
        digest.update(str(path.relative_to(project.seeds)).encode("utf-8") + b"\0")
        digest.update(content + b"\0")
    return digest.hexdigest()


def _git(project: Project, *args: str) -> str | None:
    try:
        out = subprocess.run(
            ["git", "-C", str(project.root), *args], capture_output=True, text=True, timeout=10
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.strip() if out.returncode == 0 else None


def _write_meta(
    con: duckdb.DuckDBPyConnection, project: Project, fingerprint: str, rebuilds: int
) -> None:
    commit = _git(project, "rev-parse", "HEAD")
    status = _git(project, "status", "--porcelain", "--", "seeds") if commit else None
    storage = con.execute(
        "select tags['storage_version'] from duckdb_databases() where database_name = current_database()"
    ).fetchone()[0]
    con.execute("delete from _meta")  # a rebuild's copy holds the previous build's row
    con.execute(
        "insert into _meta select max(version), ?, ?, timezone('UTC', current_timestamp), ?, ?, ?, ? "
        "from schema_migrations",
        [
            duckdb.__version__,
            storage,
            commit,
            None if commit is None else status == "",
            fingerprint,
            rebuilds,
        ],
    )
