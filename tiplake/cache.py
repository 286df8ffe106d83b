"""A cache of validated claims, keyed by content, so a rebuild redoes only what changed.

In:  a directory (default: build/.cache/ beside the database) and keys computed by
     `validate.check` from a claims file's bytes, its document's sha256, the vocabularies,
     the manifest and the validation code itself.
Out: the Parquet file of the ClaimRows that claims file produced when it last passed
     validation, or None.

Only files that passed are cached, so a cached result never hides a problem; any change to
the file, its document, a vocabulary or the code gives another key. Entries are Parquet files
(the claim table's columns and types, see arrow.py), so the build loads unchanged files with
DuckDB's `read_parquet` without making a Python object per claim. They are written atomically
(write then rename); an entry that is not a whole Parquet file counts as a miss. Entries of
superseded keys are not deleted: `rm -r build/.cache` empties the cache at any time.

The same directory keeps, under `parsed/`, the parsed vocabularies and manifest (`memo`),
keyed by each file's name and bytes and the code: a manifest of thousands of reports takes
about a second to parse, which a rebuild after a one-file edit should not spend.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import TypeVar

import pyarrow.parquet as pq

from tiplake.arrow import to_arrow

PACKAGE = Path(__file__).resolve().parent
_MAGIC = b"PAR1"  # a Parquet file starts and ends with it
T = TypeVar("T")


@cache
def code_version() -> str:
    """sha256 of the package's source: a change to the validation code empties the cache."""
    digest = hashlib.sha256()
    for path in sorted(PACKAGE.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


class ClaimCache:
    def __init__(self, directory: Path):
        self.directory = Path(directory)
        self.hits = 0
        self.misses = 0

    def _path(self, key: str) -> Path:
        return self.directory / key[:2] / f"{key}.parquet"

    def get(self, key: str) -> Path | None:
        path = self._path(key)
        try:
            with open(path, "rb") as f:
                head = f.read(4)
                f.seek(-4, os.SEEK_END)
                whole = head == _MAGIC and f.read(4) == _MAGIC
        except OSError:
            whole = False
        if not whole:
            self.misses += 1
            return None
        self.hits += 1
        return path

    def put(self, key: str, row_type: type, rows: list) -> Path:
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}")
        pq.write_table(to_arrow(row_type, rows), tmp, compression="zstd")
        os.replace(tmp, path)
        return path

    def memo(self, parts: list[bytes], compute: Callable[[], T]) -> T:
        """`compute()`, or the result it gave for the same `parts` (e.g. a seed file's name
        and bytes) and the same code, pickled in the cache. An entry that does not unpickle
        counts as a miss. Only for values computed from `parts` alone."""
        digest = hashlib.sha256(code_version().encode())
        for part in parts:
            digest.update(len(part).to_bytes(8, "big") + part)
        key = digest.hexdigest()
        path = self.directory / "parsed" / f"{key}.pickle"
        try:
            with open(path, "rb") as f:
                return pickle.load(f)  # noqa: S301 - written by this class, in the build dir
        except Exception:  # noqa: BLE001 - missing or damaged: compute it again
            pass
        value = compute()
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}")
        with open(tmp, "wb") as f:
            pickle.dump(value, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
        return value
