"""Whether a database was built from the inputs in front of it (issue 29: outputs refuse stale
inputs).

In:  a read-only connection to a built database, and the project whose inputs to compare.
Out: `stale`: what differs between the inputs the database records and the project's, in
     words ([] when nothing does); `recorded`: the recorded inputs in one line, for a
     published file read where there is no checkout to compare it with; `check`: both, as
     the site, export and chart commands use them.

What a database records of its inputs (meta.py writes both at every build, full or not):
- `_meta.seeds_sha256`: every seed file's path and bytes (claims, skips, vocabularies, the
  manifest and the documents themselves);
- `_build_input` row `*`: the package's code, the DuckDB version and storage format,
  migrations/, sql/ and the seeds other than claims files (incremental.py, `inputs`).
Together they cover every input of the build. Comparing them costs a hash of the seeds and
the SQL (about 2 MB), not a validation.

In a checkout, an output made from a database whose inputs differ is refused: the site, the
exports and the charts would publish figures the seeds in front of the user no longer state
(or miss the ones they now state). An installed tiplake reading a published file has no
checkout to compare it with: it says what the file was built from instead.

Only `stale` reads anything but the database: the project's seeds and code, to fingerprint
them as the build does. It imports the building modules that do that (build, incremental,
meta) inside the function, so that importing this module, `recorded` and an installed
tiplake's `check` load none of them (issue 30: reading never loads the build).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb

from tiplake.project import Project

OTHER = "*"  # the `_build_input` row of every input but the claims files (incremental.OTHER)


@dataclass(frozen=True)
class Recorded:
    """What a database says it was built from."""

    seeds_sha256: str | None
    other_sha256: str | None  # _build_input `*`
    storage_version: str | None
    built_at: str | None
    seeds_commit: str | None
    seeds_are_committed: bool | None

    def line(self) -> str:
        """One line for a reader: when, from which seeds."""
        if self.seeds_sha256 is None:
            return "it records no inputs (built by a tiplake older than its _meta table)"
        commit = (
            f", git commit {self.seeds_commit[:12]}"
            + ("" if self.seeds_are_committed else " with uncommitted seed changes")
            if self.seeds_commit
            else ""
        )
        return f"built {self.built_at} UTC from seeds sha256 {self.seeds_sha256[:12]}{commit}"


def recorded(con: duckdb.DuckDBPyConnection) -> Recorded:
    """The inputs `con`'s database records (None fields for what it lacks)."""
    try:
        row = con.execute(
            "select seeds_sha256, storage_version, strftime(built_at, '%Y-%m-%d %H:%M'), "
            "seeds_commit, seeds_are_committed from _meta"
        ).fetchone()
    except duckdb.Error:
        row = None
    try:
        other = con.execute("select sha256 from _build_input where input = ?", [OTHER]).fetchone()
    except duckdb.Error:
        other = None
    seeds, storage, built_at, commit, committed = row or (None,) * 5
    return Recorded(seeds, other[0] if other else None, storage, built_at, commit, committed)


def stale(con: duckdb.DuckDBPyConnection, project: Project) -> list[str]:
    """What differs between the inputs `con`'s database was built from and `project`'s, in
    words; [] when it was built from exactly these. Fingerprinting the project's inputs is
    the build's own code (meta.py, incremental.py), imported here only: reading a database
    alone never loads the building modules, only comparing it with seeds does."""
    from tiplake.build import STORAGE_VERSION
    from tiplake.incremental import inputs
    from tiplake.meta import seeds_fingerprint

    was = recorded(con)
    if was.seeds_sha256 is None or was.other_sha256 is None:
        return ["it records no inputs to compare (built by an older tiplake)"]
    differs = []
    if seeds_fingerprint(project) != was.seeds_sha256:
        differs.append(f"the seeds ({_shown(project.seeds)}) changed since")
    if inputs(project, {}, STORAGE_VERSION)[OTHER] != was.other_sha256:
        differs.append(
            "the code, the SQL (sql/), the migrations, the vocabularies or the DuckDB version "
            "differ from those it was built with"
        )
    return differs


def _shown(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve())) + "/"
    except ValueError:
        return str(path) + "/"


class StaleDatabase(Exception):
    """The database was built from other inputs than the project's: rebuild it."""


def check(
    con: duckdb.DuckDBPyConnection,
    db_path: Path,
    project: Project,
    in_checkout: bool,
    named: bool = True,
) -> str | None:
    """In a checkout: raise StaleDatabase when `db_path` was built from other inputs than
    `project`'s. Elsewhere (an installed tiplake): return a note saying what the file was
    built from, for the command to print. `named`: the user named the file (--db), so the
    command to rebuild it names it too."""
    if not in_checkout:
        return f"note: {db_path} was {recorded(con).line()}"
    differs = stale(con, project)
    if differs:
        rebuild = f"`tiplake build --db {db_path}`" if named else "`make build-db`"
        raise StaleDatabase(
            f"{db_path} is out of date: {'; '.join(differs)}. Rebuild it with {rebuild}, then "
            "run this again"
        )
    return None
