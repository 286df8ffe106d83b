"""Where things are: the project's directories and the database path.

The seeds, migrations and SQL live in the project checkout (the directory above this
package); the database defaults to `build/tiplake.duckdb` in that checkout, and `--db PATH` or
the `TIPLAKE_DB` environment variable override it. A relative `--db` or `TIPLAKE_DB` is taken
from the current directory, as a user typing it expects.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB = Path("build") / "tiplake.duckdb"
STORED_PREFIX = "_stored_"  # the table holding a stored view's rows (views.py) is this + its name
PARTITION = "country_iso3"  # what a rebuild recomputes stored views by (views.py, incremental.py)


@dataclass(frozen=True)
class Project:
    root: Path

    @property
    def seeds(self) -> Path:
        return self.root / "seeds"

    @property
    def migrations(self) -> Path:
        return self.root / "migrations"

    @property
    def views(self) -> Path:
        return self.root / "sql" / "views"

    @property
    def checks(self) -> Path:
        return self.root / "sql" / "checks"


PROJECT = Project(ROOT)


def default_db_path() -> Path:
    env = os.environ.get("TIPLAKE_DB")
    return Path(env) if env else ROOT / DEFAULT_DB
