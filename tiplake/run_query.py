"""Running the user's SQL: read it, split it into statements, run each, stoppable at any time.

In:  a read-only connection (api.open_read_only: the sandbox), and SQL text: from a string,
     a file or standard input (`read_sql`).
Out: `Query(con, text)` -> its statements (split by DuckDB's own parser: a `;` in a string
     or a comment splits nothing) and `with_rows`, the numbers of those that return rows;
     `Query.results(timeout)` -> a `Result` (columns and rows) for each statement that
     returns rows, in turn, each statement run in a worker thread so that the caller's thread
     stays free to take Ctrl-C and watch the deadline.
Errors are one line: `QueryError` (DuckDB's own message, with a word on the sandbox when it
refused a statement; nothing given; not UTF-8), `QueryTimeout` (after `timeout` seconds, all
statements together). Ctrl-C interrupts the running statement, waits until DuckDB has let go
of the connection, and is raised on as KeyboardInterrupt (`is_interrupt` recognises each
form an interrupt takes).

    >>> import tiplake
    >>> from tiplake.run_query import Query
    >>> for result in Query(tiplake.connect(), "select 1 as n; select 2 as m").results():
    ...     print(result.columns, result.rows)
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import duckdb

from tiplake.problems import clip
from tiplake.render import display

# What DuckDB says when the sandbox refuses a statement.
SANDBOXED = ("disabled by configuration", "read-only mode", "configuration has been locked")
SANDBOX_HINT = (
    "\n(queries are read-only: they cannot write, attach or read files, nor "
    "change settings; --read NAME=FILE loads a file of yours. See the README's "
    "Security section.)"
)
_NO_SQL = 'no SQL given: {} (e.g. tiplake query "select count(*) from claim")'


class QueryError(Exception):
    """The SQL could not be read, parsed or run; the message is what to tell the user."""


class QueryTimeout(QueryError):
    """The statements ran longer than the timeout, `seconds`, allowed."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"query stopped after {seconds:g} s")
        self.seconds = seconds


def is_interrupt(e: BaseException) -> bool:
    """Ctrl-C as it reaches a command: KeyboardInterrupt between Python statements, or, inside
    a DuckDB call, DuckDB's InterruptException or the RuntimeError it raises when it finds the
    signal pending at the end of a call."""
    return isinstance(e, KeyboardInterrupt | duckdb.InterruptException) or (
        type(e) is RuntimeError and str(e) == "Query interrupted"
    )


def read_sql(
    sql: str | None,
    sql_file: Path | None = None,
    stdin: BinaryIO | None = None,
    notice: Callable[[str], None] | None = None,
) -> tuple[str, str]:
    """The SQL to run, from `sql` (a string, or `-` for `stdin`) or from `sql_file` (exactly
    one), and where it came from (for messages). `notice` is told when it waits for a
    terminal. QueryError when it is missing, given twice, blank or not UTF-8."""
    if sql is not None and sql_file is not None:
        raise QueryError(
            "give the SQL once: as the argument (or `-` for standard input), or --file FILE, "
            "not both"
        )
    if sql is None and sql_file is None:
        raise QueryError(
            "no SQL: give it as the argument, `-` to read it from standard input, or "
            '--file FILE (e.g. tiplake query "select count(*) from claim")'
        )
    if sql_file is not None:
        where = f"--file {display(sql_file)}"
        try:
            data = sql_file.read_bytes()
        except OSError as e:
            raise QueryError(f"cannot read {where}: {e.strerror or e}") from None
    elif sql == "-":
        where = "standard input"
        stdin = sys.stdin if stdin is None else stdin
        if stdin is None:
            raise QueryError("no standard input to read the SQL from")
        if stdin.isatty() and notice is not None:
            notice("reading the SQL from standard input (end it with Ctrl-D)")
        binary = getattr(stdin, "buffer", None)
        data = binary.read() if binary else stdin.read().encode("utf-8", "surrogateescape")
    else:
        if not sql.strip():
            raise QueryError(_NO_SQL.format("the SQL argument is blank"))
        return sql, "the SQL argument"
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise QueryError(f"{where} is not UTF-8 text") from None
    if not text.strip():
        raise QueryError(f"no SQL given: {where} holds no SQL")
    return text, where


@dataclass(frozen=True)
class Result:
    """The rows one statement returned: statement `number` of `total`, its SQL."""

    number: int
    total: int
    sql: str
    columns: list[str]
    rows: list[tuple]

    @property
    def label(self) -> str:
        """'statement 2 of 3: ' when the SQL had several statements, else ''."""
        return f"statement {self.number} of {self.total}: " if self.total > 1 else ""

    @property
    def heading(self) -> str:
        """The line naming the statement above its result: '-- statement 2 of 3: select ...'."""
        return f"-- {self.label}{clip(' '.join(self.sql.split()), 100)}"


class Query:
    """The statements of one SQL text, on one connection; QueryError when there are none or
    the SQL does not parse."""

    def __init__(self, con: duckdb.DuckDBPyConnection, text: str, where: str = "the SQL") -> None:
        self.con = con
        try:
            self.statements = con.extract_statements(text)
        except duckdb.Error as e:
            raise QueryError(clip(str(e), 2000)) from None
        if not self.statements:
            raise QueryError(f"no SQL given: {where} holds only comments or `;`")
        self.with_rows = [i for i, s in enumerate(self.statements, 1) if returns_rows(s)]

    def results(self, timeout: float = 0) -> Iterator[Result]:
        """Run every statement in turn and yield the result of each that returns rows; an
        error stops at its statement (the results before it were yielded). `timeout`
        seconds for all of them together; 0: no limit."""
        deadline = time.monotonic() + timeout if timeout else None
        total = len(self.statements)
        for number, statement in enumerate(self.statements, 1):
            label = f"statement {number} of {total}: " if total > 1 else ""
            columns, rows = run_statement(self.con, statement, deadline, timeout, label)
            if number in self.with_rows:
                yield Result(number, total, sql_of(statement), columns, rows)


def returns_rows(statement) -> bool:
    """Whether a statement's result is rows to print (a select, show, describe, pragma,
    explain, call), rather than a count or a success (use, set, create, insert, update,
    delete: DuckDB's parser does not tell one with `returning` apart)."""
    return list(statement.expected_result_type) == [duckdb.ExpectedResultType.QUERY_RESULT]


def sql_of(statement) -> str:
    """A parsed statement's SQL, without its final `;`."""
    return statement.query.strip().rstrip(";").strip()


def run_statement(
    con: duckdb.DuckDBPyConnection,
    statement,
    deadline: float | None = None,
    timeout: float = 0,
    label: str = "",
) -> tuple[list[str], list[tuple]]:
    """Execute one statement and fetch its rows, in a worker thread, so that this (the main)
    thread stays free to take Ctrl-C and to watch the `deadline` (time.monotonic): either one
    stops the query with `con.interrupt()`. DuckDB's own errors become QueryError, prefixed
    with `label`; a deadline passed, QueryTimeout(timeout)."""
    outcome: dict = {}
    done = threading.Event()  # waited on, not Thread.join: Ctrl-C inside a join can leave
    # the thread marked finished while DuckDB still runs in it (Python 3.11)

    def work() -> None:
        try:
            result = con.execute(statement)
            columns = [d[0] for d in result.description or ()]
            outcome["rows"] = (columns, result.fetchall() if columns else [])
        except BaseException as e:  # noqa: BLE001 - handed to the main thread
            outcome["error"] = e
        finally:
            done.set()

    def expired() -> bool:
        return deadline is not None and time.monotonic() >= deadline

    if expired():
        raise QueryTimeout(timeout)
    threading.Thread(target=work, name="tiplake-query", daemon=True).start()
    try:
        while not done.wait(0.25):
            if expired():
                stop(con, done)
    except KeyboardInterrupt:
        stop(con, done)
        raise KeyboardInterrupt() from None
    error = outcome.get("error")
    if error is None:
        return outcome["rows"]
    if isinstance(error, duckdb.InterruptException) and expired():
        raise QueryTimeout(timeout)
    if is_interrupt(error):
        raise KeyboardInterrupt()
    if not isinstance(error, duckdb.Error):
        raise error
    message = clip(str(error), 2000)
    if any(s in message for s in SANDBOXED):
        message += SANDBOX_HINT
    raise QueryError(label + message) from None


def stop(con: duckdb.DuckDBPyConnection, done: threading.Event) -> None:
    """Interrupt the running statement and wait until its thread has let go of the connection
    (closing it sooner would fail); a further Ctrl-C only interrupts again."""
    while True:
        con.interrupt()
        try:
            if done.wait(0.25):
                return
        except KeyboardInterrupt:
            pass
