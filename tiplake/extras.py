"""What the optional extras add, and the one line said when one is missing.

In:  the command that needs an extra (`chart`, `site`).
Out: MissingExtra, an ImportError whose text is that one line: what is missing and the pip
     command that adds it.

`pip install tiplake` is the core: build, validate, query, export, explain and `connect()`
(duckdb, sqlglot, polars, pyarrow, click and what they need). `pip install 'tiplake[site]'`
adds matplotlib (which brings numpy) for `tiplake chart` and `tiplake site`, and Jinja2 (the
site's templates) for `tiplake site`. The core imports none of them: tiplake.chart is the one
module that imports matplotlib, tiplake.site the one that imports jinja2, and each raises
MissingExtra when its library (or one that library needs) is not installed.
"""

from __future__ import annotations

SITE_EXTRA = "pip install 'tiplake[site]'"


class MissingExtra(ImportError):
    """A module of the site extra is not installed; `str()` is the line to show."""

    def __init__(self, missing: str | None, command: str = "chart") -> None:
        self.missing = missing  # the module not found: matplotlib, numpy, PIL, jinja2...
        super().__init__(self.for_command(command), name=missing)

    def for_command(self, command: str) -> str:
        """`tiplake <command> needs matplotlib: pip install 'tiplake[site]'` (or jinja2)."""
        return f"tiplake {command} needs {self.library}: {SITE_EXTRA}"

    @property
    def library(self) -> str:
        """What to name: jinja2 when it (or markupsafe, which it needs) is missing, else
        matplotlib (numpy, PIL... are matplotlib's)."""
        top = (self.missing or "").split(".")[0]
        return "jinja2" if top in ("jinja2", "markupsafe") else "matplotlib"
