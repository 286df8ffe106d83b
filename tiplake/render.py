"""Results as text: a table, CSV, JSON or Markdown; years as runs; text safe for a terminal.

In:  column names and rows (tuples of the Python values DuckDB returns), years, paths, text.
Out: `format_rows` -> the text `tiplake query` and `tiplake indicators` print (a table cut to
     a width when one is given, `fit` choosing the column widths); `safe` -> text with every
     control character shown as an escape; `year_ranges` and `periods` -> "2008, 2010-2011";
     `to_json` -> an object's fields as indented JSON; `display` -> a path as the user would
     type it; `terminal_width` -> the width to cut a table to (None when standard output is
     not a terminal). Nothing here reads a database or prints.

    >>> from tiplake.render import format_rows
    >>> print(format_rows(["year", "value"], [(2017, 71)], "csv"))
    year,value
    2017,71
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import sys
from collections.abc import Iterable, Sequence
from decimal import Decimal
from pathlib import Path

from tiplake.problems import CONTROL_CHARACTERS

FORMATS = ("table", "csv", "json", "markdown")  # what format_rows writes

ELLIPSIS = "\u2026"
NARROWEST = 6  # a column is never narrowed below this (unless the terminal is narrower)


def safe(text: str) -> str:
    """`text` to print on a terminal: every control character (problems.CONTROL_CHARACTERS)
    shown as an escape (\\x1b). The build refuses them in seeds; this guards what a database
    built elsewhere may hold."""
    return CONTROL_CHARACTERS.sub(
        lambda m: (
            f"\\x{ord(m.group(0)):02x}" if ord(m.group(0)) < 256 else f"\\u{ord(m.group(0)):04x}"
        ),
        text,
    )


def display(path: Path) -> str:
    """A path as the user would type it: relative to the current directory when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def terminal_width() -> int | None:
    """The width a table is cut to: the terminal's (shutil.get_terminal_size, which honours
    $COLUMNS) when standard output is a terminal; None (never cut) for a pipe or a file."""
    if not sys.stdout.isatty():
        return None
    return shutil.get_terminal_size().columns


def cell(value) -> str:
    """A value as one cell of a table or a CSV file: null empty, a decimal without its
    trailing zeros."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return str(value)


def json_number(value: Decimal) -> int | float | str:
    """A decimal as a JSON number: whole numbers as integers, others as the float that prints
    the same digits; the exact text only when no float does (beyond 15 significant digits)."""
    if value == value.to_integral_value():
        return int(value)
    as_float = float(value)
    return as_float if Decimal(repr(as_float)) == value else cell(value)


def to_json(obj) -> str:
    """An object's fields (a dataclass such as answer.Answer) as indented JSON, dates and
    decimals as text."""
    return json.dumps(vars(obj), default=str, ensure_ascii=False, indent=2)


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
    when given (`fit`: the widest columns first, the columns named in `keep` only when the
    others cannot be cut enough); the other formats are never cut."""
    if fmt == "json":
        return json.dumps(
            [
                dict(
                    zip(
                        columns,
                        (json_number(v) if isinstance(v, Decimal) else v for v in r),
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
        writer.writerows([[cell(v) for v in r] for r in rows])
        return buf.getvalue().rstrip("\n")
    columns = [safe(c) for c in columns]
    cells = [[safe(cell(v).replace("\n", " ")) for v in r] for r in rows]
    if fmt == "markdown":
        esc = lambda s: s.replace("|", "\\|")  # noqa: E731
        lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
        lines += ["| " + " | ".join(esc(c) for c in r) + " |" for r in cells]
        return "\n".join(lines)
    widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(columns)]
    kept = [c in keep for c in columns]
    fitted = fit(widths, width, kept) if width is not None else widths
    was_cut = False

    def line(vals: list[str]) -> str:
        nonlocal was_cut
        text = "  ".join(cut(v, w).ljust(w) for v, w in zip(vals, fitted, strict=True)).rstrip()
        if any(len(v) > w for v, w in zip(vals, fitted, strict=True)):
            was_cut = True
        if width is not None and len(text) > width:  # too many columns even when narrowed
            text, was_cut = text[: max(width - 1, 0)] + ELLIPSIS, True
        return text

    out = [line(columns), line(["-" * w for w in fitted])] + [line(r) for r in cells]
    footer = f"{len(rows)} row{'s' if len(rows) != 1 else ''}"
    if was_cut:
        footer += f"; cut to {width} columns, --wide prints them whole"
    out.append(f"({footer})")
    return "\n".join(out)


def cut(text: str, width: int) -> str:
    """`text` in at most `width` characters: cut, with an ellipsis, when longer."""
    return text if len(text) <= width else text[: max(width - 1, 0)] + ELLIPSIS


def fit(widths: list[int], width: int, kept: list[bool]) -> list[int]:
    """Column widths that fit a table in `width` characters (two spaces between columns): the
    widest columns narrowed to one common cap, the largest that fits, never below NARROWEST;
    the `kept` columns only when narrowing the others is not enough. Unchanged when the table
    fits."""
    room = width - 2 * (len(widths) - 1)
    if sum(widths) <= room:
        return widths
    for narrowed in ([not k for k in kept], [True] * len(widths)):

        def capped(cap: int, narrowed: list[bool] = narrowed) -> list[int]:
            return [min(w, cap) if n else w for w, n in zip(widths, narrowed, strict=True)]

        low, high = NARROWEST, max(widths)  # the largest cap that fits, by bisection
        while low < high:
            mid = (low + high + 1) // 2
            low, high = (mid, high) if sum(capped(mid)) <= room else (low, mid - 1)
        if sum(capped(low)) <= room:
            return capped(low)
    return capped(NARROWEST)


def year_ranges(years: Iterable[int]) -> str:
    """Years as runs: [2008, 2010, 2011, 2016] -> "2008, 2010-2011, 2016"."""
    runs: list[list[int]] = []
    for year in sorted(set(years)):
        if runs and year == runs[-1][1] + 1:
            runs[-1][1] = year
        else:
            runs.append([year, year])
    return ", ".join(str(a) if a == b else f"{a}-{b}" for a, b in runs)


def periods(spans: Iterable[tuple[int | None, int | None]]) -> str:
    """Claims' periods (year_from, year_to) as `tiplake indicators` says them: the annual ones
    as runs of years, then the multi-year ones, then "timeless" (a legal penalty has no
    period)."""
    spans = set(spans)
    parts = [year_ranges(a for a, b in spans if a is not None and a == b)]
    longer = sorted((a, b) for a, b in spans if a is not None and b is not None and a != b)
    if longer:
        parts.append(
            ("period " if len(longer) == 1 else "periods ")
            + ", ".join(f"{a}-{b}" for a, b in longer)
        )
    if (None, None) in spans:
        parts.append("timeless")
    return "; ".join(p for p in parts if p)
