"""The `tiplake` command line: a thin click layer over build, validate, migrate, query...

Every command's help ends with an example. Errors are `click.ClickException`s that say what
to do. `--db PATH` or the TIPLAKE_DB environment variable choose the database (default:
build/tiplake.duckdb in the project checkout).
"""

from __future__ import annotations

import csv
import difflib
import importlib
import io
import itertools
import json
import os
import re
import shutil
import sys
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

import click
import duckdb

# Only what every command needs is imported here: `tiplake query` starts without the build's
# modules (pydantic, pyarrow, sqlglot, the rules), which each command imports when it runs.
from tiplake.api import DatabaseError, check_database, open_read_only
from tiplake.limits import DIALECTS, REPORT_KINDS
from tiplake.problems import CONTROL_CHARACTERS, SeedError, clip
from tiplake.project import IN_CHECKOUT, PROJECT, default_db_path

if TYPE_CHECKING:
    from tiplake.validate import Validated


_OWN_PROCESS = False  # set by `main`: the process is the `tiplake` command's own


def main() -> None:
    """The `tiplake` console script and `python -m tiplake`: `cli` in a process of its own."""
    global _OWN_PROCESS
    _OWN_PROCESS = True
    cli()


def _pyarrow_without_pandas() -> None:
    """Let pyarrow's first conversion of a Python list find no pandas, in a command that
    validates the seeds (its process is tiplake's own).

    That conversion asks whether pandas is installed and imports it when it is: 0.23 s of a
    0.3 s validation of the real corpus. pandas is not a tiplake dependency, but a notebook's
    environment usually has it (the dev extra's frictionless[pandas] brings it too). Nothing
    here hands pyarrow a pandas object, so its one question is answered "not installed" by
    refusing that one import; pyarrow keeps the answer, and `import pandas` works again right
    after. Not for a library call: the answer would stay with the caller's process, where
    pyarrow would then read a pandas Series as a plain sequence: hence only under `main`, the
    console script, and never when `cli` is called in another program's process (tests)."""
    if not _OWN_PROCESS or "pandas" in sys.modules:
        return
    import pyarrow as pa

    class _Refuse:
        def find_spec(self, name, path=None, target=None):
            if name == "pandas":
                raise ModuleNotFoundError("pandas is not for pyarrow here", name=name)

    refuse = _Refuse()
    sys.meta_path.insert(0, refuse)
    try:
        pa.array([], pa.null())  # pyarrow asks now, and remembers
    finally:
        sys.meta_path.remove(refuse)


class Utf8Text(click.ParamType):
    """A string argument that must be valid UTF-8 (a shell can pass any bytes; text that is
    not UTF-8 cannot be a claim id, an indicator code or SQL)."""

    name = "text"

    def convert(self, value, param, ctx):
        try:
            str(value).encode("utf-8")
        except UnicodeEncodeError:
            self.fail(f"{clip(ascii(value), 80)} is not valid UTF-8 text", param, ctx)
        return value


TEXT = Utf8Text()

db_option = click.option(
    "--db",
    "db_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Database file. Default: $TIPLAKE_DB, else build/tiplake.duckdb in a checkout, else "
    "tiplake.duckdb in your data directory (installed from a wheel).",
)


def safe(text: str) -> str:
    """`text` to print on a terminal: every control character (seeds.CONTROL_CHARACTERS)
    shown as an escape (\\x1b). The build refuses them in seeds; this guards what a database
    built elsewhere may hold."""
    return CONTROL_CHARACTERS.sub(
        lambda m: (
            f"\\x{ord(m.group(0)):02x}" if ord(m.group(0)) < 256 else f"\\u{ord(m.group(0)):04x}"
        ),
        text,
    )


def _db(db_path: Path | None) -> Path:
    return db_path if db_path is not None else default_db_path()


def progress() -> Callable[[str], None] | None:
    """A progress printer for long commands: lines on stderr when it is a terminal, else None
    (so pipes, CI logs and scripts stay quiet)."""
    if not sys.stderr.isatty():
        return None
    return lambda message: click.echo(f"... {message}", err=True)


def _display(path: Path) -> str:
    """A path as the user would type it: relative to the current directory when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _connect_read_only(
    db_path: Path | None, read: dict[str, Path] | None = None
) -> duckdb.DuckDBPyConnection:
    """The sandboxed connection every command that reads the database uses (api.py)."""
    try:
        return open_read_only(_db(db_path), read)
    except DatabaseError as e:
        raise click.ClickException(str(e)) from None


def _connect_for_export(db_path: Path | None) -> duckdb.DuckDBPyConnection:
    """A read-only connection that may write files (the export's COPY): no user SQL runs in it."""
    path = _db(db_path)
    try:
        check_database(path)
        return duckdb.connect(str(path), read_only=True)
    except DatabaseError as e:
        raise click.ClickException(str(e)) from None
    except duckdb.Error as e:
        raise click.ClickException(f"cannot open {path}: {str(e).splitlines()[0]}") from None


class Interrupted(click.ClickException):
    """Ctrl-C: one line, and the exit code a shell gives a process that SIGINT ended."""

    exit_code = 130

    def __init__(self) -> None:
        super().__init__("interrupted")


def _is_interrupt(e: BaseException) -> bool:
    """Ctrl-C as it reaches a command: KeyboardInterrupt between Python statements, or, inside
    a DuckDB call, DuckDB's InterruptException or the RuntimeError it raises when it finds the
    signal pending at the end of a call."""
    return isinstance(e, KeyboardInterrupt | duckdb.InterruptException) or (
        type(e) is RuntimeError and str(e) == "Query interrupted"
    )


def _fresh(con: duckdb.DuckDBPyConnection, db_path: Path | None) -> None:
    """Before an output (site, export, chart): in a checkout, refuse a database built from
    other inputs than the checkout's (seeds, code, SQL, migrations), saying to rebuild; an
    installed tiplake has no checkout to compare with and prints what the file was built
    from instead (tiplake/freshness.py)."""
    from tiplake.freshness import StaleDatabase, check

    try:
        note = check(con, _db(db_path), PROJECT, IN_CHECKOUT, named=db_path is not None)
    except StaleDatabase as e:
        raise click.ClickException(str(e)) from None
    if note:
        click.echo(note, err=True)


class _Group(click.Group):
    """The command group; an error no command foresaw is still one line, never a traceback,
    and Ctrl-C is "interrupted" (exit code 130), never "a bug"."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except BaseException as e:
            if _is_interrupt(e):
                raise Interrupted() from None
            if not isinstance(e, Exception):  # SystemExit, GeneratorExit
                raise
            if isinstance(e, OSError):
                where = f" {e.filename}" if getattr(e, "filename", None) else ""
                raise click.ClickException(f"cannot access{where}: {e.strerror or e}") from None
            raise click.ClickException(  # the last line of defence
                f"unexpected error: {type(e).__name__}: {clip(str(e), 300)} (this is a bug in "
                "tiplake; please report it with the command you ran)"
            ) from None


@click.group(cls=_Group)
@click.version_option(package_name="tiplake")
def cli() -> None:
    """tiplake: trafficking-in-persons figures, each with its quote and originator.

    \b
    Example:
      tiplake build && tiplake indicators victims
      tiplake query "select claim_id, figure_text, period from claim_detail limit 5"
    """


@cli.command()
@db_option
@click.option(
    "--jobs",
    type=click.IntRange(min=1),
    default=lambda: len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1,
    show_default="the number of CPUs",
    help="Worker processes that validate the claims files (a large corpus only).",
)
@click.option(
    "--full",
    is_flag=True,
    help="Build from scratch even when only claims files changed since the last build.",
)
@click.option(
    "--force",
    is_flag=True,
    help="Replace the file at --db even when it is not a database tiplake built (a text file, "
    "or a copy holding your own tables). Without it, such a file is never replaced.",
)
def build(db_path: Path | None, jobs: int, full: bool, force: bool) -> None:
    """Validate the seeds and build the database atomically.

    The new file replaces the old one only when every check passed; a failed build leaves
    the previous database as it was. Only a database tiplake built is replaced (--force
    replaces anything but a directory); a symlink's target is replaced, the link kept. When only claims files changed since the database was
    built, it is rebuilt from the previous file: only the claims of the changed files are
    replaced and only the countries they are about recomputed; the result is the same as a
    full build's (--full forces one).

    \b
    Example:
      tiplake build --db build/tiplake.duckdb
    """
    from tiplake.build import CheckError, PublishError
    from tiplake.build import build as build_db
    from tiplake.migrate import MigrationError
    from tiplake.views import ViewError

    _pyarrow_without_pandas()
    path = _db(db_path)
    try:
        result = build_db(path, PROJECT, progress=progress(), jobs=jobs, full=full, force=force)
    except SeedError as e:
        raise click.ClickException(
            f"{e}\nNothing was written; {_display(path)} is unchanged."
        ) from e
    except PublishError as e:
        raise click.ClickException(str(e)) from e
    except (CheckError, MigrationError, ViewError) as e:
        raise click.ClickException(
            f"{e}\nNothing was written; {_display(path)} is unchanged."
        ) from e
    for notice in result.notices:
        click.echo(f"note: {notice}", err=True)
    counts = ", ".join(f"{n} {t}" for t, n in result.counts.items())
    click.echo(
        f"built {_display(path)}: {counts}; views: {', '.join(result.views)}; {result.checks} checks passed"
    )


# What an unknown id of each kind is checked against in the database, and where the user can
# see them all (named in the error when there are too many to list).
_KNOWN_IN_DB = {
    "indicator": "select indicator_code from indicator",
    "country": "select distinct country_iso3 from claim where country_iso3 is not null",
    "policy": "select policy_id from policy",
    "report": "select report_id from report",
    "source": "select source_id from source",
    "claim": "select claim_id from claim",
    "table column": "select distinct column_name from duckdb_columns() "
    "where database_name = current_database() and table_name in (select table_name "
    "from duckdb_tables() where database_name = current_database() and not internal)",
}
_LISTED_BY = {
    "indicator": "`tiplake indicators` lists them",
    "claim": '`tiplake query "select claim_id from claim"` lists them',
    "table column": "`tiplake schema` lists them",
}
_LIST_AT_MOST = 12  # known values listed in full in the error when there are this few


def nearest(value: str, known: Iterable[str], n: int = 3, cutoff: float = 0.6) -> list[str]:
    """The known values nearest to `value` (difflib, ignoring case), nearest first."""
    by_lower: dict[str, str] = {}
    for k in sorted(known):
        by_lower.setdefault(k.lower(), k)
    near = difflib.get_close_matches(value.lower(), list(by_lower), n=n, cutoff=cutoff)
    return [by_lower[m] for m in near]


def unknown_id(
    value: str, known: Iterable[str], option: str, what: str, also: Sequence[str] = ()
) -> click.ClickException:
    """The one error every id option and argument gives for a value that is not an id: the
    option, the value, the nearest valid ones (`also` first: matches the caller found
    otherwise), then every valid one when there are few, else where to find them."""
    known = sorted(set(known))
    near = list(dict.fromkeys([*also, *nearest(value, known)]))[:5]
    message = f"{option}: no {what} {clip(value, 200)!r}."
    if near:
        message += f" Did you mean: {', '.join(near)}?"
    if not known:
        message += f" The database has no {what}."
    elif len(known) <= _LIST_AT_MOST:
        plural = what[:-1] + "ies" if what.endswith("y") else what + "s"
        message += f" {plural.capitalize()}: {', '.join(known)}."
    elif what in _LISTED_BY:
        message += f" {_LISTED_BY[what]}."
    return click.ClickException(safe(message))


def require_known(value: str, known: Iterable[str], option: str, what: str) -> None:
    """Raise `unknown_id` unless `value` is one of `known`."""
    known = set(known)
    if value not in known:
        raise unknown_id(value, known, option, what)


def require_in_db(con: duckdb.DuckDBPyConnection, what: str, value: str, option: str) -> None:
    """Raise `unknown_id` unless `value` is a `what` (a key of _KNOWN_IN_DB) in the database."""
    require_known(value, (r[0] for r in con.execute(_KNOWN_IN_DB[what]).fetchall()), option, what)


def _validated(report_id: str | None = None, option: str = "--report") -> Validated:
    """The seeds validated, narrowed to one report when `report_id` (an unknown one is an
    error naming `option` and the reports there are)."""
    from tiplake.seeds import read_seeds
    from tiplake.validate import validate as validate_seeds

    _pyarrow_without_pandas()
    seeds = read_seeds(PROJECT.seeds)
    if report_id is not None:
        require_known(report_id, (loc.record.report_id for loc in seeds.reports), option, "report")
    result = validate_seeds(seeds)
    return result if report_id is None else result.of_report(report_id)


@cli.command()
@click.option(
    "--report", "report_id", type=TEXT, default=None, help="Show only the problems of one report."
)
@click.option(
    "--list-rules",
    is_flag=True,
    help="Print every rule the seeds are held to, one per line: its name, then what it checks.",
)
@click.option(
    "--markdown",
    is_flag=True,
    help="With --list-rules: the rules as the Markdown table of seeds/README.md.",
)
def validate(report_id: str | None, list_rules: bool, markdown: bool) -> None:
    """Check every seed file without writing a database.

    Lists every problem at once, each with file, line, claim and rule: the same problems
    `tiplake build` refuses to build with.

    \b
    Example:
      tiplake validate --report tip-2025-aze
      tiplake validate --list-rules
    """
    from tiplake import rules

    if list_rules:
        click.echo(rules.markdown_table() if markdown else "\n".join(rules.listing()))
        return
    result = _validated(report_id)
    if result.problems:
        raise click.ClickException(str(SeedError(result.problems)))
    data = result.data
    click.echo(
        f"ok: {len(data.claims)} claims, {len(data.reports)} reports, "
        f"{len(data.indicators)} indicators"
    )


@cli.command()
@click.option(
    "--db",
    "db_path",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="The database to bring up to date in place.",
)
@click.option(
    "--create",
    is_flag=True,
    help="Create the database when no file is at --db (without it, a missing file is an error: "
    "a typo never creates a new, empty database).",
)
def migrate(db_path: Path, create: bool) -> None:
    """Apply the migrations not yet applied to an existing database, in place.

    Tables and views the migrations do not own are left alone. A migration changed after it
    was applied is an error.

    \b
    Example:
      tiplake migrate --db my-copy.duckdb
    """
    from tiplake.migrate import MigrationError
    from tiplake.migrate import migrate as migrate_db

    if not db_path.exists() and not create:
        raise click.ClickException(
            f"no database at {_display(db_path)}; check the path, or pass --create to create "
            "a new one with the current schema"
        )
    if db_path.exists():
        try:
            check_database(db_path)
        except DatabaseError as e:
            raise click.ClickException(str(e)) from None
    try:
        with duckdb.connect(str(db_path)) as con:
            done = migrate_db(con, PROJECT.migrations)
    except MigrationError as e:
        raise click.ClickException(str(e)) from e
    except duckdb.Error as e:  # another process writes it, or the disk refused
        raise click.ClickException(
            f"cannot open {db_path} read-write: {str(e).splitlines()[0]}"
        ) from None
    names = ", ".join(f"{m.version:04d}_{m.name}" for m in done) or "none (already up to date)"
    click.echo(f"{db_path}: applied {names}")


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return str(value)


def _json_number(value: Decimal) -> int | float | str:
    """A decimal as a JSON number: whole numbers as integers, others as the float that prints
    the same digits; the exact text only when no float does (beyond 15 significant digits)."""
    if value == value.to_integral_value():
        return int(value)
    as_float = float(value)
    return as_float if Decimal(repr(as_float)) == value else _cell(value)


def format_rows(
    columns: list[str],
    rows: list[tuple],
    fmt: str,
    width: int | None = None,
    keep: Sequence[str] = (),
) -> str:
    """Render a result as a text table, CSV, JSON or Markdown. Tables and Markdown are for
    reading: control characters in them are shown as escapes (`safe`). JSON gives numbers as
    numbers (a count is 3, not "3"; an amount 700.5). A table is cut to `width` characters
    when given (`_fit`: the widest columns first, the columns named in `keep` only when the
    others cannot be cut enough); the other formats are never cut."""
    if fmt == "json":
        return json.dumps(
            [
                dict(
                    zip(
                        columns,
                        (_json_number(v) if isinstance(v, Decimal) else v for v in r),
                        strict=True,
                    )
                )
                for r in rows
            ],
            default=str,
            ensure_ascii=False,
            indent=2,
        )
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows([[_cell(v) for v in r] for r in rows])
        return buf.getvalue().rstrip("\n")
    columns = [safe(c) for c in columns]
    cells = [[safe(_cell(v).replace("\n", " ")) for v in r] for r in rows]
    if fmt == "markdown":
        esc = lambda s: s.replace("|", "\\|")  # noqa: E731
        lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
        lines += ["| " + " | ".join(esc(c) for c in r) + " |" for r in cells]
        return "\n".join(lines)
    widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(columns)]
    kept = [c in keep for c in columns]
    fitted = _fit(widths, width, kept) if width is not None else widths
    was_cut = False

    def line(vals: list[str]) -> str:
        nonlocal was_cut
        text = "  ".join(_cut(v, w).ljust(w) for v, w in zip(vals, fitted, strict=True)).rstrip()
        if any(len(v) > w for v, w in zip(vals, fitted, strict=True)):
            was_cut = True
        if width is not None and len(text) > width:  # too many columns even when narrowed
            text, was_cut = text[: max(width - 1, 0)] + _ELLIPSIS, True
        return text

    out = [line(columns), line(["-" * w for w in fitted])] + [line(r) for r in cells]
    footer = f"{len(rows)} row{'s' if len(rows) != 1 else ''}"
    if was_cut:
        footer += f"; cut to {width} columns, --wide prints them whole"
    out.append(f"({footer})")
    return "\n".join(out)


_ELLIPSIS = "\u2026"
_NARROWEST = 6  # a column is never narrowed below this (unless the terminal is narrower)


def _cut(text: str, width: int) -> str:
    """`text` in at most `width` characters: cut, with an ellipsis, when longer."""
    return text if len(text) <= width else text[: max(width - 1, 0)] + _ELLIPSIS


def _fit(widths: list[int], width: int, kept: list[bool]) -> list[int]:
    """Column widths that fit a table in `width` characters (two spaces between columns): the
    widest columns narrowed to one common cap, the largest that fits, never below _NARROWEST;
    the `kept` columns only when narrowing the others is not enough. Unchanged when the table
    fits."""
    room = width - 2 * (len(widths) - 1)
    if sum(widths) <= room:
        return widths
    for narrowed in ([not k for k in kept], [True] * len(widths)):

        def capped(cap: int, narrowed: list[bool] = narrowed) -> list[int]:
            return [min(w, cap) if n else w for w, n in zip(widths, narrowed, strict=True)]

        low, high = _NARROWEST, max(widths)  # the largest cap that fits, by bisection
        while low < high:
            mid = (low + high + 1) // 2
            low, high = (mid, high) if sum(capped(mid)) <= room else (low, mid - 1)
        if sum(capped(low)) <= room:
            return capped(low)
    return capped(_NARROWEST)


def _terminal_width() -> int | None:
    """The width a table is cut to: the terminal's (shutil.get_terminal_size, which honours
    $COLUMNS) when standard output is a terminal; None (never cut) for a pipe or a file."""
    if not sys.stdout.isatty():
        return None
    return shutil.get_terminal_size().columns


format_option = click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "csv", "json", "markdown"]),
    default="table",
    show_default=True,
)
wide_option = click.option(
    "--wide",
    is_flag=True,
    help="Print every table cell whole. Without it, a table wider than the terminal has its "
    "widest columns cut (only on a terminal: a pipe or a file always gets them whole).",
)

# What DuckDB says when the sandbox refuses a statement.
_SANDBOXED = ("disabled by configuration", "read-only mode", "configuration has been locked")


def _read_option(values: tuple[str, ...]) -> dict[str, Path]:
    files = {}
    for value in values:
        name, sep, file = value.partition("=")
        if not sep or not name or not file:
            raise click.BadParameter(
                f"{value!r}: write NAME=FILE, e.g. mine=data.csv", param_hint="--read"
            )
        files[name] = Path(file)
    return files


@cli.command()
@click.argument("sql", type=TEXT, required=False, metavar="[SQL|-]")
@click.option(
    "--file",
    "sql_file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Read the SQL from this file (instead of the SQL argument).",
)
@db_option
@format_option
@wide_option
@click.option(
    "--read",
    "read",
    type=TEXT,
    multiple=True,
    metavar="NAME=FILE",
    help="Load one of your own files (.csv, .tsv, .parquet, .json) as the temporary table NAME "
    "before the query runs, to join it. Repeatable. Nothing is ever written.",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0),
    default=300,
    show_default=True,
    metavar="SECONDS",
    help="Stop the query after this many seconds (all its statements together); 0: no limit.",
)
def query(
    sql: str | None,
    sql_file: Path | None,
    db_path: Path | None,
    fmt: str,
    wide: bool,
    read: tuple[str, ...],
    timeout: float,
) -> None:
    """Run a read-only SQL query and print the result.

    The SQL is the argument, or `-` to read it from standard input, or --file FILE: exactly
    one of them. The query runs in a sandbox: it reads the database and the files named by
    --read, and can write nothing (no file, no database, no setting). See the README's
    Security section. On a terminal, a table wider than the terminal has its widest columns
    cut (--wide prints them whole; a pipe or a file always gets them whole).

    Several statements (separated by `;`) run in turn, and each one that returns rows prints
    its result, under a line naming it (`-- statement 2 of 3: ...`) when several do;
    statements that change something (use, set, create, insert) print nothing. An error stops
    at its statement, after the results before it. --format csv or json prints one result:
    SQL with several statements that return rows is refused there before any runs. A query
    still running after --timeout seconds is stopped; so is one you stop with Ctrl-C.

    \b
    Example:
      tiplake query "select year_from, value, source_id, report_id from reconciled
                     where indicator_code = 'victims_identified' and breakdown = 'all'
                     and year_from = year_to order by year_from"
      echo "select count(*) from claim" | tiplake query -
      tiplake query --file question.sql --format csv
    """
    text, where = _query_text(sql, sql_file)
    with _connect_read_only(db_path, _read_option(read)) as con:
        statements = _statements(con, text, where)
        with_rows = [i for i, s in enumerate(statements, 1) if _returns_rows(s)]
        if fmt in ("csv", "json") and len(with_rows) > 1:
            raise click.ClickException(
                f"--format {fmt} prints one result, and the SQL has {len(with_rows)} statements "
                f"that return rows (statements {', '.join(map(str, with_rows))} of "
                f"{len(statements)}): run them one at a time, or use --format table"
            )
        deadline = time.monotonic() + timeout if timeout else None
        printed = 0
        for number, statement in enumerate(statements, 1):
            label = f"statement {number} of {len(statements)}: " if len(statements) > 1 else ""
            columns, rows = _run_statement(con, statement, deadline, timeout, label)
            if number not in with_rows:
                continue
            if len(with_rows) > 1:
                if printed:
                    click.echo()
                click.echo(safe(f"-- {label}{clip(' '.join(_sql_of(statement).split()), 100)}"))
            _print_rows(columns, rows, fmt, wide)
            printed += 1
        if not printed:
            click.echo("(no result)")


def _statements(con: duckdb.DuckDBPyConnection, text: str, where: str) -> list:
    """The statements of `text`, split by DuckDB's own parser (a `;` in a string literal or a
    comment splits nothing); a one-line error when there are none or the SQL does not parse."""
    try:
        statements = con.extract_statements(text)
    except duckdb.Error as e:
        raise click.ClickException(clip(str(e), 2000)) from None
    if not statements:
        raise click.ClickException(f"no SQL given: {where} holds only comments or `;`")
    return statements


def _returns_rows(statement) -> bool:
    """Whether a statement's result is rows to print (a select, show, describe, pragma,
    explain, call), rather than a count or a success (use, set, create, insert, update,
    delete: DuckDB's parser does not tell one with `returning` apart)."""
    return list(statement.expected_result_type) == [duckdb.ExpectedResultType.QUERY_RESULT]


def _sql_of(statement) -> str:
    return statement.query.strip().rstrip(";").strip()


def _run_statement(
    con: duckdb.DuckDBPyConnection, statement, deadline: float | None, timeout: float, label: str
) -> tuple[list[str], list[tuple]]:
    """Execute one statement and fetch its rows, in a worker thread, so that this (the main)
    thread stays free to take Ctrl-C and to watch the --timeout deadline: either one stops the
    query with `con.interrupt()`. DuckDB's own errors become one-line messages."""
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
        raise click.ClickException(f"query stopped after {timeout:g} s (--timeout)")
    threading.Thread(target=work, name="tiplake-query", daemon=True).start()
    try:
        while not done.wait(0.25):
            if expired():
                _stop(con, done)
    except KeyboardInterrupt:
        _stop(con, done)
        raise Interrupted() from None
    error = outcome.get("error")
    if error is None:
        return outcome["rows"]
    if isinstance(error, duckdb.InterruptException) and expired():
        raise click.ClickException(f"query stopped after {timeout:g} s (--timeout)")
    if _is_interrupt(error):
        raise Interrupted()
    if not isinstance(error, duckdb.Error):
        raise error
    message = clip(str(error), 2000)
    if any(s in message for s in _SANDBOXED):
        message += (
            "\n(queries are read-only: they cannot write, attach or read files, nor "
            "change settings; --read NAME=FILE loads a file of yours. See the README's "
            "Security section.)"
        )
    raise click.ClickException(label + message) from None


def _stop(con: duckdb.DuckDBPyConnection, done: threading.Event) -> None:
    """Interrupt the running statement and wait until its thread has let go of the connection
    (closing it sooner would fail); a further Ctrl-C only interrupts again."""
    while True:
        con.interrupt()
        try:
            if done.wait(0.25):
                return
        except KeyboardInterrupt:
            pass


def _print_rows(
    columns: list[str], rows: list[tuple], fmt: str, wide: bool, keep: Sequence[str] = ()
) -> None:
    """Print a result as `tiplake query` does: a table cut to the terminal unless `wide`
    (the `keep` columns last)."""
    text = format_rows(columns, rows, fmt, None if wide else _terminal_width(), keep)
    click.echo(safe(text) if sys.stdout.isatty() else text)


_NO_SQL = 'no SQL given: {} (e.g. tiplake query "select count(*) from claim")'


def _query_text(sql: str | None, sql_file: Path | None) -> tuple[str, str]:
    """The SQL to run, from the argument, standard input (`-`) or the --file (exactly one),
    and where it came from (for messages); a one-line error when it is missing or blank."""
    if sql is not None and sql_file is not None:
        raise click.ClickException(
            "give the SQL once: as the argument (or `-` for standard input), or --file FILE, "
            "not both"
        )
    if sql is None and sql_file is None:
        raise click.ClickException(
            "no SQL: give it as the argument, `-` to read it from standard input, or "
            '--file FILE (e.g. tiplake query "select count(*) from claim")'
        )
    if sql_file is not None:
        where = f"--file {_display(sql_file)}"
        try:
            data = sql_file.read_bytes()
        except OSError as e:
            raise click.ClickException(f"cannot read {where}: {e.strerror or e}") from None
    elif sql == "-":
        where = "standard input"
        if sys.stdin is None:
            raise click.ClickException("no standard input to read the SQL from")
        if sys.stdin.isatty():
            click.echo("reading the SQL from standard input (end it with Ctrl-D)", err=True)
        binary = getattr(sys.stdin, "buffer", None)
        data = binary.read() if binary else sys.stdin.read().encode("utf-8", "surrogateescape")
    else:
        if not sql.strip():
            raise click.ClickException(_NO_SQL.format("the SQL argument is blank"))
        return sql, "the SQL argument"
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise click.ClickException(f"{where} is not UTF-8 text") from None
    if not text.strip():
        raise click.ClickException(f"no SQL given: {where} holds no SQL")
    return text, where


def year_ranges(years: Iterable[int]) -> str:
    """Years as runs: [2008, 2010, 2011, 2016] -> "2008, 2010-2011, 2016"."""
    runs: list[list[int]] = []
    for year in sorted(set(years)):
        if runs and year == runs[-1][1] + 1:
            runs[-1][1] = year
        else:
            runs.append([year, year])
    return ", ".join(str(a) if a == b else f"{a}-{b}" for a, b in runs)


def _periods(periods: Iterable[tuple[int | None, int | None]]) -> str:
    """Claims' periods as `tiplake indicators` says them: the annual ones as runs of years,
    then the multi-year ones, then "timeless" (a legal penalty has no period)."""
    periods = set(periods)
    parts = [year_ranges(a for a, b in periods if a is not None and a == b)]
    spans = sorted((a, b) for a, b in periods if a is not None and b is not None and a != b)
    if spans:
        parts.append(
            ("period " if len(spans) == 1 else "periods ") + ", ".join(f"{a}-{b}" for a, b in spans)
        )
    if (None, None) in periods:
        parts.append("timeless")
    return "; ".join(p for p in parts if p)


def _years_with_figures(by_kind: dict[str, set]) -> str:
    """An indicator's `years` column: the periods its claims give a figure for; when none,
    "none", with the periods claims say it was not reported for or that plans cover."""
    if by_kind.get("figure"):
        return _periods(by_kind["figure"])
    notes = []
    if by_kind.get("not_reported"):
        notes.append(f"not reported: {_periods(by_kind['not_reported'])}")
    if by_kind.get("period"):
        notes.append(f"no figure, only {_periods(by_kind['period'])}")
    return "none" + (f" ({'; '.join(notes)})" if notes else "")


@cli.command()
@click.argument("words", type=TEXT, nargs=-1)
@format_option
@wide_option
@db_option
def indicators(words: tuple[str, ...], fmt: str, wide: bool, db_path: Path | None) -> None:
    """List the indicators, with the years that have figures.

    Each indicator's code, label, unit and pillar, and the years a claim gives a figure for
    (any breakdown, not-reported ones left out): annual years as runs ("2008, 2010-2011"),
    then multi-year periods and "timeless" (a legal penalty). WORDS narrow the list: every
    word must occur in the code, the label or the definition (ignoring case).

    \b
    Example:
      tiplake indicators victims
      tiplake indicators prosecuted --format csv
    """
    wanted = [w.lower() for word in words for w in word.split()]
    with _connect_read_only(db_path) as con:
        rows = con.execute(
            "select indicator_code, label, unit, pillar, definition from indicator "
            "order by indicator_code"
        ).fetchall()
        periods: dict[str, dict[str, set]] = {}
        for code, kind, year_from, year_to in con.execute(
            "select distinct indicator_code, case when is_reported then 'figure' "
            "when qualifier = 'not_reported' then 'not_reported' else 'period' end, "
            "year_from, year_to from claim_detail"
        ).fetchall():
            periods.setdefault(code, {}).setdefault(kind, set()).add((year_from, year_to))
    text = {r[0]: " ".join(str(v or "") for v in r[:2] + r[4:]).lower() for r in rows}
    matching = [r for r in rows if all(w in text[r[0]] for w in wanted)]
    if not matching:
        raise click.ClickException(_no_indicator_matches(wanted, text.values()))
    _print_rows(
        ["indicator_code", "label", "unit", "pillar", "years"],
        [(*r[:4], _years_with_figures(periods.get(r[0], {}))) for r in matching],
        fmt,
        wide,
        keep=["years"],
    )


def _no_indicator_matches(words: list[str], texts: Iterable[str]) -> str:
    """The error for words no indicator has all of, with the nearest words for those no
    indicator has at all."""
    texts = list(texts)
    vocabulary = {w for t in texts for w in re.findall(r"[a-z0-9]{3,}", t)}
    message = f"no indicator matches {clip(' '.join(words), 200)!r}"
    absent = [w for w in words if not any(w in t for t in texts)]
    if not absent:
        return safe(f"{message}: each word occurs alone, but no indicator has them all.")
    message += " (every word must occur in its code, label or definition)."
    near = {w: nearest(w, vocabulary) for w in absent}
    if len(absent) == 1 and near[absent[0]]:
        message += f" Did you mean: {', '.join(near[absent[0]])}?"
    elif any(near.values()):
        hints = [f"{', '.join(n)} for {clip(w, 80)!r}" for w, n in near.items() if n]
        message += f" Did you mean: {'; '.join(hints)}?"
    return safe(message + " `tiplake indicators` lists them all.")


@cli.command()
@click.argument("claim_id", type=TEXT)
@db_option
def show(claim_id: str, db_path: Path | None) -> None:
    """Show one claim: its figure, attribution, period and its quote in context.

    \b
    Example:
      tiplake show tip-2025-aze:victims-identified-2024-media
    """
    with _connect_read_only(db_path) as con:
        result = con.execute("select * from claim_detail where claim_id = ?", [claim_id])
        columns = [d[0] for d in result.description]
        row = result.fetchone()
        if row is None:
            like = con.execute(  # contains, not like: % and _ in the id are plain characters
                "select claim_id from claim where contains(lower(claim_id), lower(?)) "
                "order by 1 limit 5",
                [claim_id],
            ).fetchall()
            known = (r[0] for r in con.execute(_KNOWN_IN_DB["claim"]).fetchall())
            raise unknown_id(claim_id, known, "CLAIM_ID", "claim", also=[r[0] for r in like])
    click.echo(safe(describe_claim(dict(zip(columns, row, strict=True)))))


def describe_claim(c: dict) -> str:
    """A claim_detail row as `tiplake show` prints it: each id as SQL spells it (source_id,
    indicator_code, breakdown 'all'), then the caveats, then the quote in context."""
    lines = [
        c["claim_id"],
        f"  figure     : {c['figure_text']}"
        + (f" [{c['value_label']}]" if c["value_label"] else ""),
        f"  indicator  : {c['indicator_code']} ({c['indicator_label']})",
        f"  period     : {c['period']}",
        f"  country    : {c['country_iso3']}",
        f"  breakdown  : {c['breakdown']}",
        f"  source_id  : {c['source_id']} ({c['source_name']})",
        f"  originator : {c['original_source_id']} ({c['original_source_name']})"
        + (f", relayed by {c['relayed_by']}" if c["relayed_by"] else ""),
        f"  report_id  : {c['report_id']} ({c['report_title']}), chars {c['quote_start']}-{c['quote_end']}",
        f"  figure_key : {c['figure_key']}",
    ]
    if c["is_restatement"]:
        lines.append(f"  RESTATEMENT of {c['restates_claim_id']}: not an independent source")
        if c["restatement_change"]:
            lines.append(f"    changed  : {c['restatement_change']}")
    elif c["is_relayed"]:
        lines.append(
            f"  RELAYED: {c['original_source_name']}'s figure, published by {c['relayed_by']}:"
            " not a second originator"
        )
    if c["is_implied"]:
        lines.append(f"  IMPLIED by {c['implied_by_claim_id']}: not stated, read from its wording")
    if c["attribution_reason"]:
        lines.append(f"  attribution: {c['attribution_reason']}")
    if c["period_basis"] == "reporting_period":
        lines.append(
            "  period basis: the TIP reporting period (April to March), not a calendar year"
        )
    if c["part_of_claim_id"]:
        lines.append(f"  part of    : {c['part_of_claim_id']}")
    if c["same_amount_as_claim_id"]:
        lines.append(f"  same as    : {c['same_amount_as_claim_id']}")
    if c["is_low_confidence"]:
        lines.append(f"  LOW CONFIDENCE: {c['confidence_reason']}")
    if c["judgement"]:
        lines.append(f"  JUDGED {c['judgement'].upper()}: {c['judgement_reason']}")
    if c["note"]:
        lines.append(f"  note       : {c['note']}")
    in_context = f"{c['context_before']}>>>{c['quote']}<<<{c['context_after']}"
    lines += ["", f"  ...{' '.join(in_context.split())}..."]
    return "\n".join(lines)


@cli.command()
@click.option(
    "--indicator", "indicator_code", type=TEXT, default=None, help="Only this indicator code."
)
@click.option(
    "--year", type=int, default=None, help="Only figures whose period includes this year."
)
@db_option
def conflicts(indicator_code: str | None, year: int | None, db_path: Path | None) -> None:
    """Show where the corpus disagrees: each value with its originator, report and quote.

    Reads the `conflict` view: each disagreement with its kind (between_originators,
    within_originator, within_report, between_editions, between_publications,
    derived_vs_stated, restatement_changed, different_periods; different_definitions and a
    calendar year against a reporting period are shown but not contradictions) and its
    explanation in plain words, then every value in it with whose figure it is (a relay is
    never a second originator), who relayed it, and the curator's judgement, if any.

    \b
    Example:
      tiplake conflicts --indicator cases_investigated --year 2008
    """
    sql = """
        with picked as (
            select distinct conflict_id
            from conflict
            where (cast(? as varchar) is null or indicator_code = ?)
              and (cast(? as integer) is null or (? between year_from and year_to))
        )
        select c.conflict_id, c.conflict_kind, c.is_contradiction, c.explanation,
            c.member_id, c.figure_text, c.indicator_code, c.period, c.original_source_name,
            c.report_id, c.relayed_by, c.judgement, c.judgement_reason, c.restatement_change, c.quote
        from conflict c
        join picked on picked.conflict_id = c.conflict_id
        order by c.is_contradiction desc, c.conflict_id, c.published_year, c.member_id
    """
    with _connect_read_only(db_path) as con:
        if indicator_code is not None:
            require_in_db(con, "indicator", indicator_code, "--indicator")
        rows = con.execute(sql, [indicator_code] * 2 + [year] * 2).fetchall()
    if not rows:
        click.echo("no conflicts" + (" for that selection" if indicator_code or year else ""))
        return
    for (conflict_id, kind, contradiction, explanation), members in itertools.groupby(
        rows, key=lambda r: r[:4]
    ):
        label = kind if contradiction else f"{kind}, not a contradiction"
        click.echo(safe(f"{conflict_id}  [{label}]"))
        click.echo(safe(f"  {explanation}"))
        for member in members:
            (member_id, figure, indicator, period, originator, report_id) = member[4:10]
            relayed_by, judgement, reason, change, quote = member[10:]
            via = f", relayed by {relayed_by}" if relayed_by else ""
            click.echo(
                safe(
                    f"  {figure} ({indicator}, {period})  source: {originator}{via}"
                    f" in {report_id}  ({member_id})"
                )
            )
            if quote:
                click.echo(safe(f'      "{" ".join(quote.split())}"'))
            if change:
                click.echo(safe(f"      restated: {change}"))
            if judgement:
                click.echo(safe(f"      judged {judgement}: {reason}"))
        click.echo("")


@cli.command()
@click.argument("indicator_code", type=TEXT)
@click.argument("year", type=int)
@click.option("--country", "country_iso3", default="AZE", show_default=True, help="ISO alpha-3.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text: the paragraph and each figure; json: the same as one object.",
)
@db_option
def explain(
    indicator_code: str, year: int, country_iso3: str, fmt: str, db_path: Path | None
) -> None:
    """Answer one question in plain language: INDICATOR in a country for YEAR.

    Prints the paragraph a reporter can quote (every value with whose figure it is, who
    relayed it and the document; whether the values agree, differ inside one originator's
    statistics, differ between originators or only in the kind of period; who did not report
    it), the verdict, and each figure with its quote. Reads the `answer` and `answer_figure`
    views; the verdicts are listed in the README.

    \b
    Example:
      tiplake explain victims_identified 2017
    """
    from tiplake.answer import NoSuchQuestion, render
    from tiplake.answer import explain as answer_for

    with _connect_read_only(db_path) as con:
        require_in_db(con, "indicator", indicator_code, "INDICATOR")
        try:
            answer = answer_for(con, indicator_code, year, country_iso3.upper())
        except NoSuchQuestion:
            (first, last) = con.execute(
                "select min(year), max(year) from answer where country_iso3 = ?",
                [country_iso3.upper()],
            ).fetchone()
            span = f"{first}-{last}" if first is not None else "none"
            raise click.ClickException(
                f"no answer for {indicator_code} in {country_iso3.upper()} for {year}: "
                f"the documents span {span} for that country"
            ) from None
    if fmt == "json":
        click.echo(json.dumps(vars(answer), default=str, ensure_ascii=False, indent=2))
        return
    click.echo(safe(render(answer, min(_terminal_width() or 88, 100))))


def _need_site_extra(command: str) -> None:
    """Stop `tiplake chart` and `tiplake site` with one line, before anything is opened, when
    the site extra (matplotlib) is not installed: a core install (`pip install tiplake`)."""
    from tiplake.extras import MissingExtra

    try:
        importlib.import_module("tiplake.chart")
    except MissingExtra as e:
        raise click.ClickException(e.for_command(command)) from None


@cli.command()
@click.argument("indicator_code", type=TEXT)
@click.option(
    "--country",
    "country_iso3",
    type=TEXT,
    default="AZE",
    show_default=True,
    help="ISO alpha-3 code.",
)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Output file, .svg or .png. Default: <indicator>-<country>.svg here.",
)
@db_option
def chart(indicator_code: str, country_iso3: str, out: Path | None, db_path: Path | None) -> None:
    """Draw each originator's figures by year, the reconciled series and the conflicts.

    One mark per claim, labelled by its report; "not reported" drawn apart, never as zero.

    \b
    Example:
      tiplake chart victims_identified --out victims.svg
    """
    _need_site_extra("chart")
    from tiplake.chart import default_file, draw

    out = out or default_file(indicator_code, country_iso3)
    with _connect_read_only(db_path) as con:
        require_in_db(con, "indicator", indicator_code, "INDICATOR")
        require_in_db(con, "country", country_iso3, "--country")
        _fresh(con, db_path)
        try:
            result = draw(con, indicator_code, country_iso3, out)
        except ValueError as e:
            raise click.ClickException(str(e)) from e
    click.echo(
        f"wrote {_display(out)}: {result.n_claims} claims from {result.n_series} originators "
        f"({', '.join(result.series)}), {result.n_not_reported} not reported, "
        f"{result.n_conflicts} conflict year(s)"
    )


@cli.command()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["parquet", "csv", "sqlite"]),
    default="parquet",
    show_default=True,
    help="parquet or csv: one file per table and view; sqlite: tiplake.sqlite and a Datasette "
    "metadata.json.",
)
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="Directory to write into (created if needed).",
)
@click.option(
    "--partition-by",
    "partition_by",
    type=TEXT,
    default=None,
    metavar="COLUMNS",
    help="Write a Parquet lake: one directory per table and view, the tables that have these "
    "comma-separated columns Hive-partitioned by them (e.g. country_iso3,year_to).",
)
@db_option
def export(fmt: str, out_dir: Path, partition_by: str | None, db_path: Path | None) -> None:
    """Write every table and view, plus a Frictionless datapackage.json describing them.

    Rows are sorted and file names stable, so two exports of one database are identical. The
    descriptor carries what Parquet and CSV lose: every table's and column's description,
    primary and foreign keys, and the source documents with their citations and sha256.

    With --partition-by, a lake for Spark, Trino and other engines:
    <table>/country_iso3=AZE/year_to=2017/data_0.parquet for the tables that have those
    columns, <name>/data_0.parquet for the others (then `tiplake transpile` for the views).

    With --format sqlite, one SQLite file, tiplake.sqlite (every view as a table: a snapshot of
    its rows; exact decimals as text, booleans as 1/0), and a Datasette metadata.json carrying
    the descriptions: `datasette tiplake.sqlite -m metadata.json`.

    \b
    Example:
      tiplake export --format csv --out exports/
      tiplake export --format parquet --partition-by country_iso3,year_to --out lake/
      tiplake export --format sqlite --out sqlite/
    """
    from tiplake.export import export as export_db

    columns = tuple(c.strip() for c in (partition_by or "").split(",") if c.strip())
    if partition_by is not None and not columns:
        raise click.ClickException("--partition-by needs column names, e.g. country_iso3,year_to")
    if columns and fmt != "parquet":
        raise click.ClickException(
            "--partition-by writes a Hive-partitioned Parquet lake: add --format parquet"
        )
    with _connect_for_export(db_path) as con:
        _fresh(con, db_path)
        for column in columns:
            require_in_db(con, "table column", column, "--partition-by")
        try:
            result = export_db(
                con,
                out_dir,
                fmt,
                progress=progress(),
                partition_by=columns,
                views_dir=PROJECT.views,
            )
        except ValueError as e:
            raise click.ClickException(str(e)) from e
    if columns:
        click.echo(
            f"wrote {len(result.resources)} directories ({len(result.files)} parquet files; "
            f"{', '.join(result.partitioned)} partitioned by {', '.join(columns)}) and "
            f"{_display(result.descriptor)} to {_display(out_dir)}"
        )
        return
    if fmt == "sqlite":
        (database,) = result.files
        n_tables = len(result.resources) - len(result.materialized)
        click.echo(
            f"wrote {_display(database)} ({n_tables} tables and {len(result.materialized)} views "
            f"as tables) and {_display(result.descriptor)}; browse them with: datasette "
            f"{_display(database)} -m {_display(result.descriptor)}"
        )
        return
    click.echo(
        f"wrote {len(result.resources)} {fmt} files and {_display(result.descriptor)} "
        f"to {_display(out_dir)}"
    )


@cli.command()
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("build/site"),
    show_default=True,
    help="Folder to write the site into (replaced whole; a folder holding other files is refused).",
)
@db_option
def site(out_dir: Path, db_path: Path | None) -> None:
    """Write the evidence site: a static site to open from disk or publish on any static host.

    Every figure with who says it and the sentence it comes from, highlighted in its document;
    indicators, claims, documents, conflicts, consistency, coverage, downloads and a search box.
    It loads nothing from any other host.

    \b
    Example:
      tiplake site --out build/site && xdg-open build/site/index.html
    """
    _need_site_extra("site")
    from tiplake.site import SiteError, build_site

    _pyarrow_without_pandas()
    path = _db(db_path)
    with _connect_for_export(db_path) as con:
        _fresh(con, db_path)
        try:
            result = build_site(con, out_dir, path)
        except (SiteError, ValueError) as e:
            raise click.ClickException(str(e)) from e
    click.echo(
        f"wrote {len(result.pages)} pages to {_display(out_dir)}: {result.n_indicators} indicators, "
        f"{result.n_claims} claims, {result.n_documents} documents, {result.n_charts} charts; "
        f"open {_display(out_dir / 'index.html')}"
    )


@cli.command()
@click.option(
    "--dialect",
    type=click.Choice(DIALECTS),
    required=True,
    help="The engine to write the views for.",
)
@click.option(
    "--schema",
    "schema_name",
    type=TEXT,
    default=None,
    metavar="NAME",
    help="Qualify every table and view name with this schema (Trino, PostgreSQL), database "
    "(Spark) or dataset (BigQuery, which needs it).",
)
def transpile(dialect: str, schema_name: str | None) -> None:
    """Print the views as CREATE OR REPLACE VIEW statements for another engine.

    Generated with sqlglot from sql/views/ (DuckDB SQL), one statement per view in dependency
    order, each ending with a semicolon. A construct the engine cannot express, or one outside
    the portable subset the views keep to, is an error naming the view and the construct;
    nothing is printed then.

    \b
    Example:
      tiplake transpile --dialect spark > views.sql
      tiplake transpile --dialect trino --schema tiplake
    """
    from tiplake.transpile import TranspileError, script, transpile_views
    from tiplake.views import ViewError

    try:
        views = transpile_views(PROJECT.views, dialect, schema=schema_name)
    except (TranspileError, ViewError) as e:
        raise click.ClickException(str(e)) from e
    click.echo(script(views, dialect), nl=False)


@cli.command()
@db_option
def schema(db_path: Path | None) -> None:
    """Print the schema: every table and view, its columns, types and descriptions.

    \b
    Example:
      tiplake schema > sql/schema.sql
    """
    from tiplake.schema import dump

    with _connect_read_only(db_path) as con:
        click.echo(dump(con), nl=False)


@cli.command()
@click.argument("report_id", type=TEXT, required=False)
def coverage(report_id: str | None) -> None:
    """Audit that every number in each document is a claim or a skip with a reason.

    Prints `accounted N of M` per report and each unaccounted number with its line and
    context; exits non-zero when anything is unaccounted or a seed is invalid.

    \b
    Example:
      tiplake coverage tip-2018-aze
    """
    from tiplake import coverage as coverage_mod

    result = _validated(report_id, "REPORT_ID")
    data, problems = result.data, result.problems
    ids = [report_id] if report_id else sorted(data.documents)
    failed = bool(problems)
    for cov in coverage_mod.audit(result, ids, progress=progress()):
        pct = 100.0 * cov.accounted / cov.total if cov.total else 100.0
        click.echo(f"{cov.report_id}: accounted {cov.accounted} of {cov.total} ({pct:.1f}%)")
        text = data.documents[cov.report_id]
        for item in cov.unaccounted:
            failed = True
            m = item.mention
            context = " ".join(text[max(0, m.start - 60) : m.end + 60].split())
            click.echo(f"  line {item.line}: {m.text!r} in ...{context}...")
    if problems:
        click.echo(str(SeedError(problems)), err=True)
    if failed:
        raise SystemExit(1)


@cli.command()
@click.option(
    "--check", is_flag=True, help="Change nothing; fail when a file is not in the layout."
)
def fmt(check: bool) -> None:
    """Rewrite every seed file in the canonical layout (one field per line, fixed key order).

    Comments are kept. With --check, lists the files that are not in the layout and exits 1
    (the tests run it). A file the strict reader refuses is reported and left as it is.

    \b
    Example:
      tiplake fmt && git diff seeds/
    """
    from tiplake.fmt import run

    if not check and not IN_CHECKOUT:
        raise click.ClickException(
            "tiplake fmt rewrites the seeds of a checkout; this tiplake is installed and its "
            "seeds are package data (clone the repository to curate; --check reads only)"
        )
    results, problems = run(PROJECT.seeds, check)
    changed = [r for r in results if r.changed]
    for r in changed:
        name = _display(r.path)
        click.echo(f"{'not in the canonical layout' if check else 'formatted'}: {name}")
    if problems:
        raise click.ClickException(str(SeedError(problems)))
    if check and changed:
        raise click.ClickException(
            f"{len(changed)} seed file(s) not in the canonical layout; run `tiplake fmt`"
        )
    if not changed:
        click.echo(f"{len(results)} seed files in the canonical layout")


@cli.command()
@click.argument("report_id", type=TEXT)
def curate(report_id: str) -> None:
    """Print a claim stub for each unaccounted number of a report, to complete by hand.

    \b
    Example:
      tiplake curate cable-09baku141 >> /tmp/stubs.yaml
    """
    from tiplake import coverage as coverage_mod

    result = _validated(report_id, "REPORT_ID")
    click.echo(coverage_mod.stubs(result, report_id))


@cli.command("add-document")
@click.argument(
    "file", type=click.Path(dir_okay=True, path_type=Path), metavar="FILE"
)  # judged by the library: a link or a directory is refused there, in one line
@click.option("--id", "report_id", type=TEXT, required=True, help="The report id (tip-2024-aze).")
@click.option("--title", type=TEXT, required=True, help="The document's title, as it gives it.")
@click.option(
    "--kind",
    type=click.Choice(REPORT_KINDS),
    required=True,
    help="What the document is.",
)
@click.option("--publisher", type=TEXT, required=True, help="Who published it.")
@click.option(
    "--published-year",
    type=int,
    default=None,
    help="The year it was published (implied by --published-on).",
)
@click.option("--published-on", type=TEXT, default=None, help="Its publication date, YYYY-MM-DD.")
@click.option("--released-on", type=TEXT, default=None, help="When it was made public, if later.")
@click.option(
    "--period-start-on", type=TEXT, default=None, help="First day of the period it reports on."
)
@click.option(
    "--period-end-on", type=TEXT, default=None, help="Last day of the period it reports on."
)
@click.option("--country", "country_iso3", type=TEXT, required=True, help="ISO alpha-3 (AZE).")
@click.option("--citation", type=TEXT, required=True, help="How to cite it, in one sentence.")
@click.option("--identifier", type=TEXT, default=None, help="Its own number or name, if any.")
@click.option("--url", type=TEXT, default=None, help="Its public address (http or https).")
@click.option(
    "--url-note", type=TEXT, default=None, help="What --url points at, or why there is none."
)
@click.option(
    "--license",
    type=TEXT,
    default=None,
    help="Its license: an SPDX id, public-domain-us-gov, or unknown (then --license-note).",
)
@click.option("--license-note", type=TEXT, default=None, help="What is known of its license.")
def add_document(file: Path, **metadata) -> None:
    """Vendor a new document and list it: the first step of curating it.

    Copies FILE byte for byte to seeds/documents/ID.txt, adds its manifest entry with the
    sha256, and writes seeds/claims/ID.yaml (no claim yet; a commented claim stub for every
    number, with its sentence) and seeds/skips/ID.yaml. Then `tiplake coverage ID` lists
    every number to claim or skip (README: Adding a document). Nothing is written when
    anything is refused.

    \b
    Example:
      tiplake add-document ~/tip-2024-aze.txt --id tip-2024-aze --kind tip_report \\
        --title "2024 Trafficking in Persons Report: Azerbaijan" \\
        --publisher "U.S. Department of State" --published-year 2024 --country AZE \\
        --citation "U.S. Department of State, 2024 Trafficking in Persons Report: Azerbaijan." \\
        --url https://www.state.gov/reports/2024-trafficking-in-persons-report/azerbaijan/ \\
        --license public-domain-us-gov
    """
    from tiplake.add_document import AddDocumentError, NewDocument
    from tiplake.add_document import add_document as add

    if not IN_CHECKOUT:
        raise click.ClickException(
            "tiplake add-document adds to the seeds of a checkout; this tiplake is installed "
            "and its seeds are package data (clone the repository to curate)"
        )
    try:
        added = add(PROJECT.seeds, file, NewDocument(**metadata))
    except AddDocumentError as e:
        raise click.ClickException(safe(str(e))) from None
    report_id = metadata["report_id"]
    click.echo(f"added {report_id}: {_display(added.document)} (sha256 {added.sha256})")
    click.echo(f"  manifest entry: {_display(added.manifest)}")
    click.echo(f"  claims file: {_display(added.claims)}, {added.numbers} claim stub(s) to do")
    click.echo(f"  skips file: {_display(added.skips)}")
    click.echo(f"next: tiplake coverage {report_id}")
