"""`tiplake query` and the read-only connection on bad input (issue 29).

- a crafted `--db` file (a macro that shadows a reader the connection calls, a view that reads a
  file, a macro that shadows a catalog function) runs only inside the sandbox: the sandbox is
  set before the file is attached, so nothing in the file reads anything.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner
from conftest import REPO

import tiplake
import tiplake.api
from tiplake.cli import cli

# Slow enough to still run when a signal or the time limit arrives (tens of seconds here).
SLOW = "select count(*) from range(100000000000) t(x) where x % 7 = 3"

# A `tiplake` process as a terminal starts it: SIGINT raises KeyboardInterrupt (a process started
# in the background of a non-interactive shell inherits SIGINT ignored; a terminal's does not).
_TIPLAKE = (
    "import signal, sys; signal.signal(signal.SIGINT, signal.default_int_handler); "
    "sys.argv[0] = 'tiplake'; from tiplake.cli import main; main()"
)


def run(*args: str, input=None):
    """`tiplake ARGS` in-process: never a traceback, whatever the outcome."""
    result = CliRunner().invoke(cli, list(args), input=input)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output and "bug in tiplake" not in result.output
    return result


def error(result) -> str:
    """The one line a failed command prints."""
    assert result.exit_code == 1, result.output
    lines = result.output.strip("\n").splitlines()
    assert len(lines) == 1, result.output
    return lines[0]


@pytest.fixture(scope="module")
def db(built_db, tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp("query") / "tiplake.duckdb"
    shutil.copy(built_db, path)
    return str(path)


def _tiplake(*args: str, interrupt_after: float | None = None) -> tuple[int, str, str, float]:
    """Run `tiplake ARGS` in a process of its own, with SIGINT after `interrupt_after` seconds
    when given: (exit code, stdout, stderr, seconds from the signal, or the start, to the end).
    A process still running after 60 s is killed and the test fails."""
    proc = subprocess.Popen(
        [sys.executable, "-c", _TIPLAKE, *args],
        stdin=subprocess.PIPE,  # open, and silent until the end
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=REPO,
    )
    try:
        started = time.monotonic()
        if interrupt_after is not None:
            time.sleep(interrupt_after)
            assert proc.poll() is None, "the command ended before the signal"
            started = time.monotonic()
            proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=60)
        return proc.returncode, out, err, time.monotonic() - started
    except subprocess.TimeoutExpired:
        pytest.fail(f"tiplake {' '.join(args)} still ran after 60 s")
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()


# --- 5. a crafted database file runs nothing outside the sandbox ----------------------------------


@pytest.fixture
def crafted(tmp_path) -> tuple[Path, str]:
    """A DuckDB file whose macros and views read a file outside it: a macro `read_csv` (what
    `--read` calls to load a CSV), a macro `duckdb_tables` (what `relations()` calls), a view
    and a `_meta` (what `connect()` probes) over `read_text` of a secret file."""
    secret = tmp_path / "secret.txt"
    token = f"SECRET-{os.getpid()}-{time.time_ns()}"
    secret.write_text(token)
    read = f"read_text('{secret}')"
    path = tmp_path / "crafted.duckdb"
    with duckdb.connect(str(path)) as con:
        con.execute("create table claim as select 1 as claim_id")
        con.execute(f"create macro read_csv(f) as table select content as leaked from {read}")
        con.execute(
            "create macro duckdb_tables() as table select content as table_name, "
            f"'tiplake' as database_name from {read}"
        )
        con.execute(f"create view v as select content from {read}")
        con.execute(f"create view _meta as select content as seeds_sha256, 1 as x from {read}")
        con.execute("create table schema_migrations as select 1 as version")
    return path, token


def test_a_crafted_database_cannot_read_a_file_when_yours_are_loaded(crafted, tmp_path):
    path, token = crafted
    mine = tmp_path / "mine.csv"
    mine.write_text("flag\nmine\n")
    result = run("query", "select * from mine", "--read", f"mine={mine}", "--db", str(path),
                 "--format", "csv")  # fmt: skip
    assert token not in result.output
    assert result.exit_code == 0 and result.output == "flag\nmine\n", result.output
    with tiplake.connect(path, read={"mine": mine}) as db:
        assert db.execute("select * from mine").fetchall() == [("mine",)]
        assert token not in str(db.relations())
        assert {"claim", "v", "_meta"} <= set(db.relations())


def test_a_crafted_view_or_probe_errors_inside_the_sandbox(crafted):
    path, token = crafted
    result = CliRunner().invoke(cli, ["query", "select * from v", "--db", str(path)])
    assert result.exit_code == 1 and token not in result.output
    assert result.output.startswith("Error: Permission Error: File system LocalFileSystem")
    assert tiplake.api._built_from(path) is None  # the _meta probe read nothing


def test_a_fifo_is_not_a_database_and_does_not_hang(tmp_path):
    fifo = tmp_path / "fifo.duckdb"
    os.mkfifo(fifo)
    code, _, err, _ = _tiplake("query", "select 1", "--db", str(fifo))
    assert (code, err) == (1, f"Error: {fifo} is not a regular file\n")
