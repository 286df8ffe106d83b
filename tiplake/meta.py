"""What the published file says about itself: the `_meta` row and the `_build_input` rows.

In:  a connection to the database being built, the project, the build's inputs.
Out: `_meta` (schema version, DuckDB version, storage format, build time, the seeds' git commit
     and sha256, rebuilds in a row) and `_build_input` (what the next rebuild compares,
     incremental.py) written; `_view` (each view's grain and whether it is stored, for the
     outputs: catalog.py) written.
"""

from __future__ import annotations

import hashlib
import subprocess

import duckdb

from tiplake.project import Project
from tiplake.seeds import FileError, read_file
from tiplake.views import ViewFile


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
    """git's answer about the checkout the seeds are in; None for an installed package (its
    seeds may sit inside someone else's repository: a virtual environment in a checkout)."""
    if not (project.root / ".git").exists():
        return None
    try:
        out = subprocess.run(
            ["git", "-C", str(project.root), *args], capture_output=True, text=True, timeout=10
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.strip() if out.returncode == 0 else None


def write(
    con: duckdb.DuckDBPyConnection,
    project: Project,
    fingerprint: str,
    rebuilds: int,
    inputs: dict[str, str],
) -> None:
    """Replace the `_meta` row and the `_build_input` rows (a rebuild's copy holds the
    previous build's)."""
    commit = _git(project, "rev-parse", "HEAD")
    status = _git(project, "status", "--porcelain", "--", "seeds") if commit else None
    storage = con.execute(
        "select tags['storage_version'] from duckdb_databases() where database_name = current_database()"
    ).fetchone()[0]
    con.execute("delete from _meta")
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
    con.execute("delete from _build_input")
    con.execute(
        "insert into _build_input select unnest(?), unnest(?)",
        [list(inputs), list(inputs.values())],
    )


def write_views(con: duckdb.DuckDBPyConnection, views: list[ViewFile]) -> None:
    """Replace the `_view` rows (migration 0016): each view's grain and whether it is stored,
    as its file declares them, for the outputs that read the published file alone
    (catalog.view_grains)."""
    con.execute("delete from _view")
    if views:
        con.executemany(
            "insert into _view values (?, ?, ?)",
            [[v.name, list(v.grain), v.stored] for v in views],
        )
