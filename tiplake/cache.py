"""A cache of validated claims, keyed by content, so a rebuild redoes only what changed.

In:  a directory (default: build/.cache/ beside the database) and keys computed by
     `validate.check` from a claims file's bytes, its document's sha256, the vocabularies,
     the manifest and the validation code itself.
Out: the ClaimRows that file produced when it last passed validation, or None.

Only files that passed are cached, so a cached result never hides a problem; any change to
the file, its document, a vocabulary or the code gives another key. Entries are pickles
written atomically (write then rename); a corrupt or unreadable entry counts as a miss.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from functools import cache
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent


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
        return self.directory / key[:2] / f"{key}.pickle"

    def get(self, key: str):
        try:
            with open(self._path(key), "rb") as f:
                rows = pickle.load(f)  # noqa: S301 - our own files, written below
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
            self.misses += 1
            return None
        self.hits += 1
        return rows

    def put(self, key: str, rows: list) -> None:
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}")
        with open(tmp, "wb") as f:
            pickle.dump(rows, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
