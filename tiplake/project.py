"""Where things are: the project's directories and the database path.

Two ways to have tiplake, found in this order:
- installed from a wheel (`pip install tiplake-*.whl`, or `pip install <checkout>`): the
  seeds, migrations and SQL travel inside the package, in `tiplake/_project/` (setup.py copies
  them there); the database defaults to `tiplake.duckdb` in the per-user data directory
  (platformdirs: `~/.local/share/tiplake/` on Linux, `~/Library/Application Support/tiplake/`
  on macOS, `%LOCALAPPDATA%\\tiplake\\` on Windows), so that it works from any directory;
- a checkout (the editable install of the README, or `python -m tiplake` in one): the seeds,
  migrations and SQL are the checkout's top-level `seeds/`, `migrations/` and `sql/`, and the
  database defaults to `build/tiplake.duckdb` in the checkout.

`--db PATH` or the `TIPLAKE_DB` environment variable override the default in both; a relative
one is taken from the current directory, as a user typing it expects.

`write_replacing` is how tiplake rewrites a small file of its own (a seed file `fmt` lays out,
the publish stamp): never through a link planted at its name or at a temporary name.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
BUNDLED = PACKAGE / "_project"  # where a wheel carries seeds/, sql/ and migrations/
IN_CHECKOUT = not (BUNDLED / "seeds").is_dir()
ROOT = PACKAGE.parent if IN_CHECKOUT else BUNDLED
DEFAULT_DB = Path("build") / "tiplake.duckdb"  # in a checkout, relative to it
DB_NAME = "tiplake.duckdb"  # installed: the file's name in the per-user data directory
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

    @property
    def rules(self) -> Path:
        return self.root / "sql" / "rules"


PROJECT = Project(ROOT)


def user_db_path() -> Path:
    """The database of an installed tiplake: in the per-user data directory."""
    from platformdirs import user_data_path

    return user_data_path("tiplake", appauthor=False) / DB_NAME


def default_db_path() -> Path:
    """$TIPLAKE_DB, else build/tiplake.duckdb in a checkout, else the per-user data directory."""
    env = os.environ.get("TIPLAKE_DB")
    if env:
        return Path(env)
    return ROOT / DEFAULT_DB if IN_CHECKOUT else user_db_path()


def write_replacing(path: Path, data: bytes, mode: int | None = None) -> None:
    """Put `data` at `path` by writing a new file beside it (`tempfile.mkstemp`: created
    exclusively, a link never followed) and renaming it over `path`: a link or a hard link at
    either name is replaced, never written through. `mode`: the new file's permissions (else
    mkstemp's 0600). The temporary file is removed if anything fails."""
    # the name cut to 100 characters: with the random part it stays within 255 bytes
    fd, name = tempfile.mkstemp(prefix=f".{path.name[:100]}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            if mode is not None:
                os.fchmod(f.fileno(), mode)
            f.write(data)
        os.replace(name, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(name)
        raise
