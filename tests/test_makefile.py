"""The Makefile installs in levels (issues 18 and 30): `make build-db` only what building and
querying need (the core: `pip install -e .`, stamp `.venv/.runtime`), `make site` matplotlib too
(`.[site]`, stamp `.venv/.site`), `make test`, `lint` and `format` the development tools, which
include the site extra (`.[dev]`, stamp `.venv/.dev`, and `.venv/.site` touched). Checked with `make -n` (what make would
run) in a folder holding only the Makefile and pyproject.toml, so nothing is installed."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
RUNTIME = "pip install --quiet -e .\n"
DEV = "pip install --quiet -e '.[dev]'"
SITE = "pip install --quiet -e '.[site]'"

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")


@pytest.fixture
def checkout(tmp_path) -> Path:
    for name in ("Makefile", "pyproject.toml"):
        shutil.copy(REPO / name, tmp_path / name)
    os.utime(tmp_path / "pyproject.toml", (1_000_000_000, 1_000_000_000))
    return tmp_path


def dry_run(folder: Path, target: str) -> str:
    # Under `make test` the outer make's MAKEFLAGS and MAKELEVEL would make this one print
    # "Entering directory" lines, and a PYTEST_ARGS given to it (which make exports) would
    # show in the commands: run it as a user would, from a shell.
    outer = ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "PYTEST_ARGS")
    env = {k: v for k, v in os.environ.items() if k not in outer}
    result = subprocess.run(
        ["make", "-n", target], cwd=folder, capture_output=True, text=True, check=True, env=env
    )
    return result.stdout


def stamp(folder: Path, *names: str) -> None:
    """Make the venv look installed to these levels (stamps newer than pyproject.toml)."""
    (folder / ".venv" / "bin").mkdir(parents=True, exist_ok=True)
    for name in names:
        (folder / ".venv" / name).touch()


def test_on_a_fresh_clone_build_db_installs_only_the_runtime(checkout):
    build = dry_run(checkout, "build-db")
    assert "-m venv .venv" in build and RUNTIME in build and DEV not in build
    assert build.rstrip().endswith("tiplake build --db build/tiplake.duckdb")
    # the console script .ci/run asks for by name is the runtime level too
    script = dry_run(checkout, ".venv/bin/tiplake")
    assert RUNTIME in script and DEV not in script
    assert SITE not in build and SITE not in script  # no matplotlib to build and query


def test_make_site_adds_the_site_extra_and_not_the_dev_tools(checkout):
    site = dry_run(checkout, "site")
    assert RUNTIME in site and SITE in site and DEV not in site
    assert site.rstrip().endswith("tiplake site --db build/tiplake.duckdb --out build/site")
    # `make test` installs .[dev], which includes .[site], and stamps both: after it, `make
    # site` installs nothing more
    assert "touch .venv/.dev .venv/.site" in dry_run(checkout, "test")
    stamp(checkout, ".runtime", ".dev", ".site")
    assert "pip" not in dry_run(checkout, "site")


@pytest.mark.parametrize("target", ["test", "test-slow", "test-fast", "lint", "format"])
def test_development_targets_add_the_dev_tools(checkout, target):
    commands = dry_run(checkout, target)
    assert RUNTIME in commands and DEV in commands
    assert commands.index(RUNTIME) < commands.index(DEV)


def test_after_build_db_make_test_adds_only_the_dev_tools(checkout):
    stamp(checkout, ".runtime")
    assert "pip" not in dry_run(checkout, "build-db")
    test = dry_run(checkout, "test")
    assert RUNTIME not in test and DEV in test and "touch .venv/.dev" in test
    stamp(checkout, ".dev")
    # on every core, the slow tests left to `make test-slow` (a file to a process)
    pytest = ".venv/bin/python -m pytest -n auto"
    assert dry_run(checkout, "test").strip() == f'{pytest} -m "not slow"'
    assert dry_run(checkout, "test-slow").strip() == f"{pytest} --dist loadfile -m slow"
    assert dry_run(checkout, "test-fast").strip() == f'{pytest} -m "not slow and not build"'


def test_a_changed_pyproject_reinstalls_both_levels(checkout):
    stamp(checkout, ".runtime", ".dev")
    os.utime(checkout / ".venv" / ".runtime", (1_000_000_000 - 10,) * 2)
    os.utime(checkout / ".venv" / ".dev", (1_000_000_000 - 10,) * 2)
    test = dry_run(checkout, "test")
    assert RUNTIME in test and DEV in test


def test_ci_still_runs_through_the_makefile():
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert "make .venv/bin/tiplake" in ci
    # every test: the README's command, then the slow ones it leaves out
    assert ci.index("\nmake test\n") < ci.index("\nmake test-slow\n")
