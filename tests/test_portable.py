"""tiplake where `fcntl` is missing (Windows, some embedded Pythons): every module imports, the
published database is read, a writer of it is still seen, and a build stops in one line,
since no file lock keeps two builds of one file apart there.

Each test runs Python in a subprocess whose `fcntl` cannot be imported (`sys.modules["fcntl"] =
None` before anything else is imported). Before issue 30, cache.py (removed in issue 32) and publish.py imported fcntl
at module level, so build, export, incremental, publish and site failed to import there.
"""

from __future__ import annotations

import os
import pkgutil
import subprocess
import sys
from pathlib import Path

import duckdb

import tiplake

REPO = Path(__file__).resolve().parent.parent
WITHOUT_FCNTL = "import sys\nsys.modules['fcntl'] = None  # `import fcntl` raises ImportError\n"


def run_without_fcntl(code: str, cwd: Path = REPO) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", WITHOUT_FCNTL + code],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=300,
    )


def test_fcntl_is_really_missing_in_the_subprocess():
    done = run_without_fcntl("import fcntl\n")
    assert done.returncode != 0 and "import of fcntl halted" in done.stderr, done.stderr


def test_every_module_imports_and_the_database_is_read_without_fcntl(built_db):
    modules = sorted(
        m.name
        for m in pkgutil.walk_packages(tiplake.__path__, "tiplake.")
        if m.name != "tiplake.__main__"  # runs the command line
    )
    named = [
        f"tiplake.{name}"
        for name in ("api", "cli", "build", "export", "site", "incremental", "publish")
    ]
    assert set(named) <= set(modules)
    with duckdb.connect(str(built_db), read_only=True) as con:
        (claims,) = con.execute("select count(*) from claim").fetchone()
    done = run_without_fcntl(
        "import importlib\n"
        "import tiplake\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "assert sys.modules['fcntl'] is None\n"
        f"with tiplake.connect({str(built_db)!r}) as db:\n"
        "    print(db.execute('select count(*) from claim').fetchone()[0])\n"
        "    print(len(db.table('claim')))\n"
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == [str(claims), str(claims)]


def test_without_file_locks_a_build_stops_in_one_line_and_writes_no_database(tmp_path):
    """No lock, no build: nothing else keeps two builds of one file apart (publish.py)."""
    db = tmp_path / "out" / "tiplake.duckdb"
    done = run_without_fcntl(f"from tiplake.cli import cli\ncli(['build', '--db', {str(db)!r}])\n")
    assert done.returncode == 1, done.stdout + done.stderr
    error = done.stderr.strip()
    assert len(error.splitlines()) == 1, error
    assert error.startswith("Error: cannot lock ") and ".tiplake.duckdb.lock" in error, error
    assert "no file lock" in error and "Nothing was published" in error, error
    assert "Traceback" not in done.stderr
    assert not db.exists()
    assert not list(db.parent.glob("*.building"))


def test_without_fcntl_a_process_writing_the_database_is_still_seen(built_db, tmp_path):
    """publish.check_target asks DuckDB itself when it cannot probe DuckDB's lock with fcntl."""
    db = tmp_path / "tiplake.duckdb"
    db.write_bytes(built_db.read_bytes())
    code = (
        "from pathlib import Path\n"
        "from tiplake.publish import PublishError, check_target\n"
        "try:\n"
        f"    check_target(Path({str(db)!r}))\n"
        "except PublishError as e:\n"
        "    print(e)\n"
        "else:\n"
        "    print('no writer')\n"
    )
    assert run_without_fcntl(code).stdout.strip() == "no writer"
    reader = duckdb.connect(str(db), read_only=True)
    try:
        assert run_without_fcntl(code).stdout.strip() == "no writer"  # readers are fine
    finally:
        reader.close()
    writer = duckdb.connect(str(db))  # this process holds DuckDB's write lock
    try:
        done = run_without_fcntl(code)
    finally:
        writer.close()
    assert f"is open read-write by process {os.getpid()}" in done.stdout, done.stdout + done.stderr
