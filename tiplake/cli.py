"""The `tiplake` command line: a thin click layer over build, validate, migrate, query...

In:  the command line (arguments, options, $TIPLAKE_DB, standard input for `query -`).
Out: what each command prints; an exit code (1 with one line `Error: ...` saying what to do,
     130 after Ctrl-C; never a traceback).

Each command parses its arguments, calls the library and prints what it returns; nothing
else lives here: no SQL, no HTML (tests/test_cli_thin.py). What a notebook can call too:
lookup.py (ids and "did you mean", indicators, one claim, conflicts, one answer), render.py
(tables, CSV, JSON, Markdown, year ranges), run_query.py (the user's SQL: statements,
timeout, Ctrl-C), curation.py (the seeds validated, the coverage report), dbfile.py (a file
opened for an output or upgraded), and the build's own modules. The library's one-line
errors (lookup.NotFound, run_query.QueryError) are printed as they are by the group.
`--db PATH` or the TIPLAKE_DB environment variable choose the database (default:
build/tiplake.duckdb in the project checkout).
"""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import click
import duckdb

# Only what every command needs is imported here: `tiplake query` starts without the build's
# modules (pydantic, pyarrow, sqlglot, the rules), which each command imports when it runs.
from tiplake import console, lookup, render
from tiplake.api import DatabaseError, open_read_only
from tiplake.limits import DIALECTS, REPORT_KINDS
from tiplake.problems import SeedError, clip
from tiplake.project import IN_CHECKOUT, PROJECT, default_db_path
from tiplake.render import display as _display
from tiplake.render import safe
from tiplake.render import terminal_width as _terminal_width  # tests set it on this module
from tiplake.run_query import Query, QueryError, QueryTimeout, is_interrupt, read_sql

if TYPE_CHECKING:
    from tiplake.validate import Validated


def main() -> None:
    """The `tiplake` console script and `python -m tiplake`: `cli` in a process of its own."""
    console.OWN_PROCESS = True
    cli()


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


def _db(db_path: Path | None) -> Path:
    return db_path if db_path is not None else default_db_path()


def progress() -> Callable[[str], None] | None:
    """A progress printer for long commands: lines on stderr when it is a terminal, else None
    (so pipes, CI logs and scripts stay quiet)."""
    if not sys.stderr.isatty():
        return None
    return lambda message: click.echo(f"... {message}", err=True)


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
    from tiplake.dbfile import open_for_output

    try:
        return open_for_output(_db(db_path))
    except DatabaseError as e:
        raise click.ClickException(str(e)) from None


class Interrupted(click.ClickException):
    """Ctrl-C: one line, and the exit code a shell gives a process that SIGINT ended."""

    exit_code = 130

    def __init__(self) -> None:
        super().__init__("interrupted")


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
    """The command group; the library's one-line errors (an unknown id, a query refused or
    stopped) are printed as they are, an error no command foresaw is still one line, never a
    traceback, and Ctrl-C is "interrupted" (exit code 130), never "a bug"."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except QueryTimeout as e:
            raise click.ClickException(f"{e} (--timeout)") from None
        except (lookup.NotFound, QueryError) as e:
            raise click.ClickException(str(e)) from None
        except BaseException as e:
            if is_interrupt(e):
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

    console.pyarrow_without_pandas()
    path = _db(db_path)
    try:
        result = build_db(path, PROJECT, progress=progress(), jobs=jobs, full=full, force=force)
    except PublishError as e:
        raise click.ClickException(str(e)) from e
    except (SeedError, CheckError, MigrationError, ViewError) as e:
        raise click.ClickException(
            f"{e}\nNothing was written; {_display(path)} is unchanged."
        ) from e
    for notice in result.notices:
        click.echo(f"note: {notice}", err=True)
    counts = ", ".join(f"{n} {t}" for t, n in result.counts.items())
    click.echo(
        f"built {_display(path)}: {counts}; views: {', '.join(result.views)}; {result.checks} checks passed"
    )


def _validated(report_id: str | None = None, option: str = "--report") -> Validated:
    """The seeds validated (curation.py), in tiplake's own process without pandas."""
    from tiplake.curation import validated

    console.pyarrow_without_pandas()
    return validated(PROJECT.seeds, report_id, option)


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
    from tiplake.dbfile import upgrade
    from tiplake.migrate import MigrationError

    if not db_path.exists() and not create:
        raise click.ClickException(
            f"no database at {_display(db_path)}; check the path, or pass --create to create "
            "a new one with the current schema"
        )
    try:
        done = upgrade(db_path, PROJECT.migrations)
    except DatabaseError as e:
        raise click.ClickException(str(e)) from None
    except MigrationError as e:
        raise click.ClickException(str(e)) from e
    names = ", ".join(f"{m.version:04d}_{m.name}" for m in done) or "none (already up to date)"
    click.echo(f"{db_path}: applied {names}")


class _ExportFormats(click.Choice):
    """`export --format`'s choices: the formats of export.py's registry (EXPORTS),
    read when the option is first shown or used, so that other commands start without
    importing the export module."""

    def __init__(self) -> None:
        super().__init__([])

    @property
    def choices(self) -> Sequence[str]:
        from tiplake.export import EXPORTS

        return list(EXPORTS)

    @choices.setter
    def choices(self, value: Sequence[str]) -> None:  # click's __init__ sets it: read above
        pass


format_option = click.option(
    "--format",
    "fmt",
    type=click.Choice(render.FORMATS),
    default="table",
    show_default=True,
)
wide_option = click.option(
    "--wide",
    is_flag=True,
    help="Print every table cell whole. Without it, a table wider than the terminal has its "
    "widest columns cut (only on a terminal: a pipe or a file always gets them whole).",
)


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
    text, where = read_sql(sql, sql_file, notice=lambda line: click.echo(line, err=True))
    with _connect_read_only(db_path, _read_option(read)) as con:
        q = Query(con, text, where)
        if fmt in ("csv", "json") and len(q.with_rows) > 1:
            raise click.ClickException(
                f"--format {fmt} prints one result, and the SQL has {len(q.with_rows)} "
                f"statements that return rows (statements {', '.join(map(str, q.with_rows))} "
                f"of {len(q.statements)}): run them one at a time, or use --format table"
            )
        printed = 0
        for result in q.results(timeout):
            if len(q.with_rows) > 1:
                if printed:
                    click.echo()
                click.echo(safe(result.heading))
            _print_rows(result.columns, result.rows, fmt, wide)
            printed += 1
        if not printed:
            click.echo("(no result)")


def _print_rows(
    columns: list[str], rows: list[tuple], fmt: str, wide: bool, keep: Sequence[str] = ()
) -> None:
    """Print a result as `tiplake query` does: a table cut to the terminal unless `wide`
    (the `keep` columns last)."""
    text = render.format_rows(columns, rows, fmt, None if wide else _terminal_width(), keep)
    click.echo(safe(text) if sys.stdout.isatty() else text)


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
    with _connect_read_only(db_path) as con:
        columns, rows = lookup.indicators(con, words)
    _print_rows(columns, rows, fmt, wide, keep=["years"])


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
        claim = lookup.claim(con, claim_id, "CLAIM_ID")
    click.echo(safe(lookup.describe_claim(claim)))


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
    with _connect_read_only(db_path) as con:
        found = lookup.conflicts(con, indicator_code, year, "--indicator")
    if not found:
        click.echo("no conflicts" + (" for that selection" if indicator_code or year else ""))
        return
    for conflict in found:
        click.echo(lookup.describe_conflict(conflict))
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
    from tiplake.answer import render as paragraph

    with _connect_read_only(db_path) as con:
        answer = lookup.answer(con, indicator_code, year, country_iso3, "INDICATOR")
    if fmt == "json":
        click.echo(render.to_json(answer))
        return
    click.echo(safe(paragraph(answer, min(_terminal_width() or 88, 100))))


def _need_site_extra(command: str) -> None:
    """Stop `tiplake chart` and `tiplake site` with one line, before anything is opened, when
    the site extra (matplotlib; jinja2 for the site) is not installed: a core install."""
    from tiplake.extras import MissingExtra

    try:  # tiplake.site imports tiplake.chart, then jinja2
        importlib.import_module("tiplake.site" if command == "site" else "tiplake.chart")
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
        lookup.require_in_db(con, "indicator", indicator_code, "INDICATOR")
        lookup.require_in_db(con, "country", country_iso3, "--country")
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


def _partition_columns(partition_by: str | None, fmt: str) -> tuple[str, ...]:
    """--partition-by's comma-separated column names (checked against the database later)."""
    columns = tuple(c.strip() for c in (partition_by or "").split(",") if c.strip())
    if partition_by is not None and not columns:
        raise click.ClickException("--partition-by needs column names, e.g. country_iso3,year_to")
    if columns and fmt != "parquet":
        raise click.ClickException(
            "--partition-by writes a Hive-partitioned Parquet lake: add --format parquet"
        )
    return columns


@cli.command()
@click.option(
    "--format",
    "fmt",
    type=_ExportFormats(),
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

    columns = _partition_columns(partition_by, fmt)
    with _connect_for_export(db_path) as con:
        _fresh(con, db_path)
        for column in columns:
            lookup.require_in_db(con, "table column", column, "--partition-by")
        try:
            result = export_db(
                con,
                out_dir,
                fmt,
                progress=progress(),
                partition_by=columns,
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
@click.option(
    "--base-url",
    default=None,
    metavar="URL",
    help="Address the site will be published at (https://...): each page's citation then gives "
    "its full, stable address. Without it, addresses within the site.",
)
@db_option
def site(out_dir: Path, base_url: str | None, db_path: Path | None) -> None:
    """Write the evidence site: a static site to open from disk or publish on any static host.

    Every figure with who says it and the sentence it comes from, highlighted in its document;
    an answer page per indicator and year; indicators, claims, documents, conflicts,
    consistency, coverage, a glossary, downloads and a search box; a "cite this" block (text,
    BibTeX, CSL-JSON) on every claim, answer and conflict page, and a CSV beside every table.
    It loads nothing from any other host.

    \b
    Example:
      tiplake site --out build/site && xdg-open build/site/index.html
      tiplake site --base-url https://example.org/tiplake/
    """
    _need_site_extra("site")
    from tiplake.site import SiteError, build_site

    console.pyarrow_without_pandas()
    path = _db(db_path)
    with _connect_for_export(db_path) as con:
        _fresh(con, db_path)
        try:
            result = build_site(con, out_dir, path, base_url=base_url)
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
    from tiplake.curation import coverage_lines

    result = _validated(report_id, "REPORT_ID")
    problems = result.problems
    failed = bool(problems)
    for line, unaccounted in coverage_lines(result, [report_id] if report_id else None, progress()):
        failed = failed or unaccounted
        click.echo(line)
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
