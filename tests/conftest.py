"""Shared fixtures: a database built from the real seeds, and a private copy of the project
whose seeds a test may break."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from filelock import FileLock

from tiplake.build import build
from tiplake.project import Project
from tiplake.publish import remember

REPO = Path(__file__).resolve().parent.parent


# The fixtures that build a database, copy one built or copy the project (here and in the test
# files: hostile seeds' `shared` and `broken`, the views' `fixture_db`, incremental's
# `two_countries`, fastyaml's `synthetic` corpus): a test using any of them, directly or through
# another fixture, is marked `build` and left out of `make test-fast`.
BUILDING_FIXTURES = frozenset(
    {
        "built_db",
        "con",
        "built_template",
        "built_copy",
        "project_copy",
        "site_dir",
        "shared",
        "broken",
        "fixture_db",
        "two_countries",
        "synthetic",
    }
)


def pytest_collection_modifyitems(config, items):
    for item in items:
        if BUILDING_FIXTURES.intersection(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.build)


@pytest.fixture(scope="session")
def built_db(tmp_path_factory) -> Path:
    """The database built from the project's real seeds."""
    path = tmp_path_factory.mktemp("db") / "tiplake.duckdb"
    build(path, Project(REPO))
    return path


@pytest.fixture(scope="session")
def con(built_db) -> duckdb.DuckDBPyConnection:
    connection = duckdb.connect(str(built_db), read_only=True)
    yield connection
    connection.close()


class ProjectCopy:
    """A copy of seeds/, migrations/ and sql/ in a temporary directory, to break at will."""

    def __init__(self, root: Path):
        self.root = root
        for name in ("seeds", "migrations", "sql"):
            shutil.copytree(REPO / name, root / name)
        self.project = Project(root)
        self.db = root / "build" / "tiplake.duckdb"

    def path(self, rel: str) -> Path:
        return self.root / rel

    def replace(self, rel: str, old: str, new: str, count: int = 1) -> None:
        """Replace `old` by `new` in a file; `old` must occur exactly `count` times."""
        path = self.root / rel
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == count, f"{old!r} occurs {text.count(old)} times in {rel}"
        path.write_text(text.replace(old, new), encoding="utf-8")

    def build(self, full: bool = False):
        return build(self.db, self.project, full=full)


@pytest.fixture
def project_copy(tmp_path) -> ProjectCopy:
    return ProjectCopy(tmp_path)


@pytest.fixture(scope="session")
def built_template(tmp_path_factory) -> ProjectCopy:
    """One project copy built once per test process: what `built_copy` copies."""
    template = ProjectCopy(tmp_path_factory.mktemp("built-template"))
    template.build()
    return template


@pytest.fixture
def built_copy(project_copy, built_template) -> ProjectCopy:
    """A project copy with a database already built from its (still valid) seeds: the build
    folder (the database and its publish stamp) of `built_template`, copied, so a test pays a
    file copy instead of a build (about 4 s of CPU each, 280-odd tests). The seeds are the
    same bytes, so what the copy holds is what a build here would write (only _meta.built_at
    differs)."""
    shutil.copytree(built_template.db.parent, project_copy.db.parent, symlinks=True)
    # The copy is a new file (another inode): record it as the file the last build published,
    # as the build does after its rename, so a rebuild plans from it as from the template.
    remember(project_copy.db)
    return project_copy


@pytest.fixture(scope="session")
def site_dir(built_db, tmp_path_factory, worker_id) -> Path:
    """The evidence site written by `tiplake site` from the real database and nothing else: in
    a process whose current folder is an empty one and whose project (seeds, documents, sql,
    migrations) is another empty folder, as where only the published file was copied (issue
    30). Its output is kept beside the site, in `site.out`.

    Written once per run (about 30 s, its 150 charts): under pytest-xdist the first process to
    take the lock writes it, from its own `built_db` (every process builds the same seeds), in
    the run's shared temporary folder; the others wait and read it (pytest-xdist's documented
    way to run a session fixture once)."""
    if worker_id == "master":  # not under pytest-xdist
        return _write_site(built_db, tmp_path_factory.mktemp("site"), tmp_path_factory)
    shared = tmp_path_factory.getbasetemp().parent  # the run's folder, above each process's
    with FileLock(shared / "site.lock"):
        here = shared / "site"
        if not (here / "site.out").is_file():
            here.mkdir(exist_ok=True)
            _write_site(built_db, here, tmp_path_factory)
    return here / "site"


def _write_site(built_db: Path, here: Path, tmp_path_factory) -> Path:
    nowhere = tmp_path_factory.mktemp("no-checkout")
    out = here / "site"
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "import tiplake.cli, tiplake.project\n"
        "empty = tiplake.project.Project(Path(sys.argv[1]))\n"
        "tiplake.project.PROJECT = tiplake.cli.PROJECT = empty\n"
        "tiplake.cli.IN_CHECKOUT = False  # no checkout to compare the database with\n"
        "tiplake.cli.cli(sys.argv[2:])\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "TIPLAKE_DB"}
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            script,
            str(nowhere),
            "site",
            "--db",
            str(built_db),
            "--out",
            str(out),
        ],
        cwd=nowhere,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert list(nowhere.iterdir()) == []  # nothing read or written there
    (here / "site.out").write_text(result.stdout, encoding="utf-8")
    return out
