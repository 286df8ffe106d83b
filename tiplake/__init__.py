"""tiplake: a curated analytical database of trafficking-in-persons statistics.

Every figure is a claim with its verbatim quote, its originator, its period and its unit.
Build the database with `tiplake build` (or `make build-db`); see README.md. From Python:
`tiplake.connect()` attaches the published file read-only, `tiplake.table(name, **filters)`
returns a Polars DataFrame.
"""

from tiplake.api import Database, connect, table

__all__ = ["Database", "connect", "table"]
__version__ = "0.1.0"
