"""What the optional extras add, and the one line said when one is missing.

In:  the command that needs an extra (`chart`, `site`).
Out: MissingExtra, an ImportError whose text is that one line: what is missing and the pip
     command that adds it.

`pip install tiplake` is the core: build, validate, query, export, explain and `connect()`
(duckdb, sqlglot, polars, pyarrow, click and what they need). `pip install 'tiplake[site]'`
adds matplotlib (which brings numpy) for `tiplake chart` and `tiplake site`. The core imports
neither: tiplake.chart is the one module that imports matplotlib, and it raises MissingExtra
when matplotlib (or a library matplotlib needs) is not installed.
"""

from __future__ import annotations

SITE_EXTRA = "pip install 'tiplake[site]'"


class MissingExtra(ImportError):
    """A module of the site extra is not installed; `str()` is the line to show."""

    def __init__(self, missing: str | None, command: str = "chart") -> None:
        self.missing = missing  # the module that was not found: matplotlib, numpy, PIL...
        super().__init__(self.for_command(command), name=missing)

    def for_command(self, command: str) -> str:
        """`tiplake <command> needs matplotlib: pip install 'tiplake[site]'`."""
        return f"tiplake {command} needs matplotlib: {SITE_EXTRA}"
