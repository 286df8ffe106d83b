"""tiplake: a curated analytical database of trafficking-in-persons statistics.

Every figure is a claim with its verbatim quote, its originator, its period and its unit.
Build the database with `tiplake build` (or `make build-db`); see README.md.
"""

__version__ = "0.1.0"
