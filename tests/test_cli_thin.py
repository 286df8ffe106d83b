"""cli.py is a thin command line over the library (issue 30): no SQL, no HTML, short commands.

Every command is a library function (lookup.py, render.py, run_query.py, curation.py,
dbfile.py, and the build's own modules) plus argument parsing, mapping the library's errors
to one line, and printing. These tests read cli.py's syntax tree: a string constant that is
SQL or HTML fails, and so does a command whose function body grows long.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import click
import duckdb

import tiplake.cli
from tiplake.cli import cli

CLI = Path(tiplake.cli.__file__)
SQL_START = re.compile(
    r"\s*(select|with|insert|update|delete|create|copy|attach|pragma|from|describe|"
    r"summarize|drop|alter)\b",
    re.IGNORECASE,
)
HTML = ("<html", "<div", "<table", "<p>", "<span", "<a href", "<!doctype")
LONGEST_COMMAND = 40  # lines of a command's function body, its docstring left out


def _tree() -> ast.Module:
    return ast.parse(CLI.read_text(encoding="utf-8"))


def _help_texts(tree: ast.Module) -> set[int]:
    """The ids of the string constants a user reads as help: docstrings and `help=` values.
    They may show a SQL example (`tiplake query "select count(*) from claim"`) or start with
    an English word that is also a keyword ("With --list-rules: ..."); they never run."""
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef | ast.Module):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                ids.add(id(body[0].value))
        if isinstance(node, ast.keyword) and node.arg == "help":
            ids.update(id(n) for n in ast.walk(node.value) if isinstance(n, ast.Constant))
    return ids


def _strings(tree: ast.Module) -> list[tuple[int, str, bool]]:
    """Every string constant of cli.py (f-strings' literal parts too): line, text, is help."""
    help_ids = _help_texts(tree)
    return [
        (node.lineno, node.value, id(node) in help_ids)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    ]


def _is_sql(text: str) -> bool:
    """SQL: a string that starts with a SQL keyword, or that DuckDB's parser reads as one or
    more statements (a one-word string such as "table" or "csv" is not)."""
    if SQL_START.match(text):
        return True
    if len(text.split()) < 2:
        return False
    try:
        return bool(duckdb.extract_statements(text))
    except duckdb.Error:
        return False


def test_cli_holds_no_sql():
    found = [
        (line, text) for line, text, is_help in _strings(_tree()) if not is_help and _is_sql(text)
    ]
    assert found == [], f"SQL in cli.py (move it into a library module): {found}"


def _is_html(text: str, is_help: bool) -> bool:
    """HTML: an opening tag; in a help text, which may name a placeholder such as
    `<table>/data_0.parquet`, an opening tag and a closing one."""
    text = text.lower()
    return any(tag in text for tag in HTML) and (not is_help or "</" in text)


def test_cli_holds_no_html():
    found = [(line, text) for line, text, is_help in _strings(_tree()) if _is_html(text, is_help)]
    assert found == [], f"HTML in cli.py: {found}"


def test_the_sql_check_catches_sql_and_lets_help_through():
    """The check itself, on strings written the ways SQL would come back into cli.py."""
    for sql in (
        "select * from claim_detail where claim_id = ?",
        "  SELECT claim_id FROM claim",
        "with picked as (select 1) select * from picked",
        "from claim select count(*)",  # DuckDB's FROM-first form
        "describe claim",
        "copy (select 1) to 'x.csv'",
        "attach 'x.duckdb' as x",
        "pragma table_info('claim')",
    ):
        assert _is_sql(sql), sql
    for text in (
        "no conflicts",
        "(no result)",
        "table",
        "interrupted",
        "give the SQL once: as the argument (or `-` for standard input), or --file FILE, not both",
    ):
        assert not _is_sql(text), text
    tree = ast.parse(
        'def f():\n    """Example: tiplake query "select 1"."""\n'
        '    o = option(help="With --x: the rules.")\n'
        '    return run("select 1")\n'
    )
    flagged = [t for _, t, is_help in _strings(tree) if not is_help and _is_sql(t)]
    assert flagged == ["select 1"]
    assert _is_html("<div class='claim'>", False) and _is_html("<p>71</p>", True)
    assert not _is_html("<table>/country_iso3=AZE/data_0.parquet", True)


def _command_bodies() -> dict[str, int]:
    """Each command's function: the lines of its body after the docstring."""
    functions = {n.name: n for n in ast.walk(_tree()) if isinstance(n, ast.FunctionDef)}
    lengths = {}
    for name, command in cli.commands.items():
        node = functions[command.callback.__name__]
        body = node.body
        if isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
            body = body[1:]
        lengths[name] = body[-1].end_lineno - body[0].lineno + 1 if body else 0
    return lengths


def test_every_command_is_short():
    """A command parses its arguments, calls the library, maps its errors and prints: the
    longest body today is export's (three ways to say what it wrote)."""
    lengths = _command_bodies()
    assert set(lengths) >= {"build", "query", "indicators", "show", "conflicts", "export"}
    long = {name: n for name, n in lengths.items() if n > LONGEST_COMMAND}
    assert long == {}, f"commands longer than {LONGEST_COMMAND} lines: {long}"


def test_export_formats_come_from_the_registry():
    """`export --format` offers what tiplake.export registers, and nothing else."""
    from tiplake.export import EXPORTS

    (option,) = [p for p in cli.commands["export"].params if p.name == "fmt"]
    assert isinstance(option.type, click.Choice)
    assert list(option.type.choices) == list(EXPORTS)
    assert {"parquet", "csv", "sqlite"} <= set(option.type.choices)
