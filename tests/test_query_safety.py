"""`tiplake query` and the read-only connection on bad input (issue 29).

- an empty, blank or comment-only query is a one-line error, never "a bug in tiplake";
- several statements all run and every result prints, in turn, under a line that names its
  statement; csv and json print one result, so SQL with several results is refused there;
- `--timeout SECONDS` stops a query (con.interrupt) with a one-line error; Ctrl-C is a one-line
  "interrupted" and exit code 130, in a real process, for every command;
- progress lines go to standard error only, even on a terminal;
- a crafted `--db` file (a macro that shadows a reader the connection calls, a view that reads a
  file, a macro that shadows a catalog function) runs only inside the sandbox: the sandbox is
  set before the file is attached, so nothing in the file reads anything.
"""

from __future__ import annotations

import os
import pty
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


# --- 1. no SQL ------------------------------------------------------------------------------------


@pytest.mark.parametrize("sql", ["", "   ", "\n\t", ";", " ; ;", "-- only a comment", "/* c */"])
def test_an_empty_blank_or_comment_only_query_is_one_line(db, sql, tmp_path):
    assert error(run("query", "--db", db, "--", sql)).startswith("Error: no SQL given")
    assert error(run("query", "-", "--db", db, input=sql)).startswith("Error: no SQL given")
    file = tmp_path / "q.sql"
    file.write_text(sql)
    assert error(run("query", "--file", str(file), "--db", db)).startswith("Error: no SQL given")


# --- 2. several statements ------------------------------------------------------------------------


def test_several_statements_print_every_result_in_turn(db):
    result = run("query", "select 1 as a; select 'x;y' as b; select 2 as c", "--db", db)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "-- statement 1 of 3: select 1 as a"
    assert lines[lines.index("-- statement 2 of 3: select 'x;y' as b") + 3] == "x;y"
    assert lines[-5:] == ["-- statement 3 of 3: select 2 as c", "c", "-", "2", "(1 row)"]
    assert result.output.count("(1 row)") == 3
    assert "" in lines  # a blank line between results


def test_statements_that_return_no_rows_print_nothing(db):
    sql = "use memory; create table scratch as select 42 as x; select x from scratch"
    result = run("query", sql, "--db", db, "--format", "csv")
    assert result.exit_code == 0 and result.output == "x\n42\n", result.output
    result = run("query", "use memory; create table scratch as select 42 as x", "--db", db)
    assert result.exit_code == 0 and result.output == "(no result)\n", result.output


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_csv_and_json_refuse_several_results_before_running_any(db, fmt):
    line = error(
        run("query", "select 1; use memory; select 2; select 3", "--db", db, "--format", fmt)
    )
    assert "3 statements that return rows" in line and f"--format {fmt}" in line, line


def test_an_error_names_its_statement_after_the_results_before_it(db):
    result = run("query", "select 1 as a; select * from no_such_table", "--db", db)
    assert result.exit_code == 1
    assert "(1 row)" in result.output
    assert "Error: statement 2 of 2: Catalog Error" in result.output


# --- 3. time limit and Ctrl-C ---------------------------------------------------------------------


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


def test_timeout_stops_a_query_with_one_line(db):
    code, out, err, took = _tiplake("query", SLOW, "--timeout", "1", "--db", db)
    assert (code, out, err) == (1, "", "Error: query stopped after 1 s (--timeout)\n")
    assert took < 30


def test_a_time_limit_of_zero_is_none_and_a_negative_one_is_refused(db):
    assert run(
        "query", "select 1 as a", "--timeout", "0", "--db", db, "--format", "csv"
    ).output == ("a\n1\n")
    assert run("query", "select 1", "--timeout", "-1", "--db", db).exit_code == 2


@pytest.mark.slow
def test_ctrl_c_during_a_query_is_one_line_and_exit_130(db):
    code, out, err, took = _tiplake("query", SLOW, "--db", db, interrupt_after=3)
    assert (code, out, err) == (130, "", "Error: interrupted\n")
    assert took < 10  # the query was stopped, not waited for
    # Ctrl-C while `tiplake query -` waits for its SQL on standard input
    code, out, err, _ = _tiplake("query", "-", "--db", db, interrupt_after=2)
    assert (code, out, err) == (130, "", "Error: interrupted\n")


@pytest.mark.parametrize(
    "interrupt",
    [KeyboardInterrupt(), RuntimeError("Query interrupted"), duckdb.InterruptException("x")],
    ids=["KeyboardInterrupt", "duckdb-RuntimeError", "InterruptException"],
)
def test_ctrl_c_in_any_command_is_one_line_and_exit_130(db, monkeypatch, interrupt):
    """Ctrl-C reaches a command as KeyboardInterrupt, or, inside a DuckDB call, as DuckDB's own
    exceptions: each one is "interrupted", never "a bug"."""

    def stopped(*args, **kwargs):
        raise interrupt

    monkeypatch.setattr(tiplake.cli, "_connect_read_only", stopped)
    for args in (["show", "x"], ["conflicts"], ["schema"], ["query", "select 1"]):
        result = run(*args, "--db", db)
        assert (result.exit_code, result.output) == (130, "Error: interrupted\n"), args


# --- 4. progress on standard error only -----------------------------------------------------------


def _with_terminal_stderr(*args: str) -> tuple[int, str, str]:
    """Run `tiplake ARGS` with standard error on a pseudo-terminal (so progress lines print)
    and standard output on a pipe: (exit code, stdout, what the terminal showed)."""
    leader, follower = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-c", _TIPLAKE, *args],
        stdout=subprocess.PIPE,
        stderr=follower,
        text=True,
        cwd=REPO,
    )
    os.close(follower)
    shown = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the process closed the terminal
            break
        if not chunk:
            break
        shown += chunk
    os.close(leader)
    out = proc.stdout.read()
    proc.wait(timeout=300)
    return proc.returncode, out, shown.decode()


@pytest.mark.slow
def test_progress_goes_to_the_terminal_and_never_to_standard_output(tmp_path, db):
    target = tmp_path / "built.duckdb"
    code, out, shown = _with_terminal_stderr("build", "--db", str(target))
    assert code == 0, shown
    assert "... validating seeds" in shown  # progress did print, on the terminal
    assert out.startswith(f"built {target}:") and out.count("\n") == 1 and "..." not in out
    code, out, shown = _with_terminal_stderr("coverage", "tip-2025-aze")
    assert code == 0 and "... auditing tip-2025-aze" in shown
    assert out == "tip-2025-aze: accounted 81 of 81 (100.0%)\n"
    code, out, shown = _with_terminal_stderr(
        "query", "select 7 as n", "--db", db, "--format", "csv"
    )
    assert (code, out, shown) == (0, "n\n7\n", "")
    # DuckDB draws its own progress bar on standard output once a query runs 2 s
    code, out, shown = _with_terminal_stderr("query", SLOW, "--timeout", "4", "--db", db)
    assert (code, out) == (1, "") and "query stopped after 4 s" in shown, (out, shown)


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
    from tiplake.freshness import recorded  # the probe an installed connect() makes

    with tiplake.api.open_read_only(path) as probe:
        assert recorded(probe).seeds_sha256 is None  # the _meta probe read nothing


def test_a_fifo_is_not_a_database_and_does_not_hang(tmp_path):
    fifo = tmp_path / "fifo.duckdb"
    os.mkfifo(fifo)
    code, _, err, _ = _tiplake("query", "select 1", "--db", str(fifo))
    assert (code, err) == (1, f"Error: {fifo} is not a regular file\n")
