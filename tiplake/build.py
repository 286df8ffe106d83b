"""Build the database: seeds -> validated rows -> tables -> views -> checks -> published file.

In:  the project (seeds, migrations, sql/) and the path to publish to.
Out: `db_path` replaced by a complete, checked database; or an exception, with the file at
     `db_path` untouched.

Validated claims are cached by content in `.cache/` beside the target (see cache.py), so a
rebuild after editing one claims file re-reads only that file; and when only claims files
changed, the new database starts as a copy of the previous one, in which only those files'
claims and the countries they are about are redone (incremental.py). The new database is
written to a temporary file beside the target and moved over it with one atomic rename only
when every stage passed, so a failed build loses nothing and a notebook holding the old file
open keeps reading the old file. Building the same seeds twice, or rebuilding to them, gives
the same content.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import re
import shutil
import subprocess
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from tiplake import incremental
from tiplake.cache import ClaimCache
from tiplake.checks import CheckFailure, run_checks
from tiplake.load import LOAD_ORDER, load
from tiplake.migrate import migrate
from tiplake.project import PROJECT, Project
from tiplake.seeds import read_seeds
from tiplake.validate import Dataset, validate
from tiplake.views import create_views, discover, sql_string

# The file is written in the storage format of DuckDB 1.1 so that DuckDB 1.1 and later (notebooks,
# DBeaver, R) can open it, not only DuckDB 2.x.
STORAGE_VERSION = "v1.1.0"


class CheckError(Exception):
    def __init__(self, failures: list[CheckFailure]):
        self.failures = failures
        super().__init__(
            f"{len(failures)} data check(s) failed:\n" + "\n".join(str(f) for f in failures)
        )


class PublishError(Exception):
    """The build cannot publish: another build runs, or another process writes the target."""


@dataclass
class BuildResult:
    db_path: Path
    counts: dict[str, int] = field(default_factory=dict)
    views: list[str] = field(default_factory=list)
    checks: int = 0


def check_seeds(
    project: Project = PROJECT, cache: ClaimCache | None = None, jobs: int = 1
) -> Dataset:
    """Read and validate the seeds; raise `SeedError` listing every problem."""
    return validate(read_seeds(project.seeds, cache), cache, jobs)


def build(
    db_path: Path,
    project: Project = PROJECT,
    progress: Callable[[str], None] | None = None,
    jobs: int = 1,
    full: bool = False,
) -> BuildResult:
    """Build `db_path`; `jobs` worker processes validate the claims files (validate.py's
    `_check_files` says when to ask for more than one). When only claims files changed since
    the database at `db_path` was built, it is rebuilt from that database (incremental.py)
    unless `full`."""
    say = progress or (lambda _message: None)
    db_path = Path(db_path)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    say("validating seeds")
    data = check_seeds(project, ClaimCache(db_path.parent / ".cache"), jobs)
    with _build_lock(db_path):
        return _build_locked(db_path, project, data, say, full)


def _build_locked(db_path: Path, project: Project, data: Dataset, say, full: bool) -> BuildResult:
    tmp = db_path.with_name(f".{db_path.name}.{os.getpid()}.building")
    current = incremental.inputs(project, data, STORAGE_VERSION)
    # Rows validated but not cached (no cache) have no key to rebuild by.
    todo = None if full or data.claim_rows else incremental.plan(db_path, current)
    _remove(tmp)
    hashing = ThreadPoolExecutor(1)  # reads every seed file again while DuckDB works
    fingerprint = hashing.submit(seeds_fingerprint, project)
    try:
        if todo is not None:
            _check_target(db_path)  # a file another process writes to cannot be copied whole
            shutil.copyfile(db_path, tmp)
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
                say(
                    f"rebuilding from {db_path.name}: {len(todo.changed)} claims file(s) "
                    f"changed, {len(todo.removed)} removed"
                )
                found = discover(project.views)
                countries, how = incremental.apply(con, found, data, todo)
                whole = [name for name, way in how.items() if way == "whole"]
                say(
                    f"recomputed the stored views for {len(countries)} countr"
                    f"{'y' if len(countries) == 1 else 'ies'}"
                    + (f"; whole: {', '.join(whole)}" if whole else "")
                )
                views = [v.name for v in found]
                counts = _counts(con)
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
        finally:
            con.close()
        say("publishing")
        _check_target(db_path)
        os.replace(tmp, db_path)
        incremental.remember(db_path)
    finally:
        hashing.shutdown(cancel_futures=True)
        _remove(tmp)
    return BuildResult(db_path, counts, views, checks)


def _counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Rows of each table, in the order the load fills them (and counts them)."""
    return {
        table: con.execute(f'select count(*) from "{table}"').fetchone()[0] for table in LOAD_ORDER
    }


class _build_lock:  # noqa: N801 - used as a context manager
    """An exclusive lock on `.<name>.lock` beside the target: two builds of one file never
    run at once; the second fails at once, naming the first's process id."""

    def __init__(self, db_path: Path):
        self.path = db_path.with_name(f".{db_path.name}.lock")

    def __enter__(self):
        self.fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            holder = os.pread(self.fd, 32, 0).decode("ascii", "replace").strip() or "unknown"
            os.close(self.fd)
            raise PublishError(
                f"another build of {self.path.with_name(self.path.name[1:-5])} is running "
                f"(process {holder}); wait for it to finish, then build again if needed"
            ) from None
        os.ftruncate(self.fd, 0)
        os.pwrite(self.fd, str(os.getpid()).encode("ascii"), 0)
        return self

    def __exit__(self, *exc) -> None:
        os.ftruncate(self.fd, 0)
        fcntl.flock(self.fd, fcntl.LOCK_UN)
        os.close(self.fd)


def _check_target(db_path: Path) -> None:
    """Refuse to replace a file another process has open read-write (its later writes would
    go to the replaced file, and its write-ahead log would sit beside the new one); readers
    (read-only connections, notebooks) are fine: they keep the old file. A write-ahead log
    beside the target with no writer is stale (a crash): it is first checkpointed into the
    old file, so nothing in it is lost, then the old file is replaced as usual."""
    if not db_path.exists():
        return
    fd = os.open(db_path, os.O_RDONLY)
    try:
        fcntl.lockf(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)  # fails only while a writer holds it
        writer = False
    except OSError:
        writer = True
    finally:
        os.close(fd)
    if writer:
        raise PublishError(
            f"{db_path} is open read-write by {_lock_holder(db_path)}; close that connection "
            "(open the database read-only, e.g. tiplake.connect(), so rebuilds are never "
            "blocked) and build again. Nothing was published; the file is unchanged."
        )
    wal = Path(f"{db_path}.wal")
    if wal.exists():
        try:
            duckdb.connect(str(db_path)).close()  # replays the stale log into the old file
        except duckdb.Error as e:
            # Readers hold the file, so the log cannot be folded in; replacing the file now
            # would strand the changes in the log (and the next connection would replay
            # them onto the new file).
            raise PublishError(
                f"{wal} holds changes not yet written into {db_path} (a process that wrote "
                f"to it ended without a checkpoint), and {_lock_holder(db_path, e)} has the "
                "file open, so they cannot be folded in. Close the connections to it (or "
                f"open it read-write once, which folds the log in), then build again. Nothing "
                "was published; the file and its log are unchanged."
            ) from e


def _lock_holder(db_path: Path, error: Exception | None = None) -> str:
    """Who holds the lock on `db_path`, from DuckDB's lock error (`error`, or a fresh one)."""
    if error is None:
        try:
            duckdb.connect(str(db_path), read_only=True).close()
        except duckdb.Error as e:
            error = e
    found = re.search(r"held in (.+?) \(PID (\d+)\)", str(error or ""))
    if found:
        return f"process {found.group(2)} ({found.group(1)})"
    return "another process"


def seeds_fingerprint(project: Project) -> str:
    """sha256 over every seed file's relative path and bytes, in path order."""
    digest = hashlib.sha256()
    for path in sorted(p for p in project.seeds.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(project.seeds)).encode("utf-8") + b"\0")
        digest.update(path.read_bytes() + b"\0")
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


def _remove(path: Path) -> None:
    for p in (path, path.with_name(path.name + ".wal")):
        if p.exists():
            p.unlink()
