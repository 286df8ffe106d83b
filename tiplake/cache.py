"""A cache of validation results, keyed by content, that the build never trusts.

In:  a directory (default: build/.cache/ beside the database) and keys: sha256 digests of
     everything a result depends on (`validation_code()` and the inputs the caller names).
Out: the result stored under a key when it was written, verified; or None.

Two kinds of entry: the validated claims of one claims file, as an Arrow IPC stream (LZ4
compressed) typed like the claim table (`claims/`, see rows.py), and small JSON documents such
as the parsed manifest and vocabularies (`parsed/`). Nothing is ever unpickled or executed: an
entry is data, read by an Arrow or JSON reader. (Arrow IPC, not Parquet: for a file of 200
claims, writing took 0.25 ms against 1.8 ms and reading 0.23 ms against 1.0 ms, for 38 KiB
against 22; at a million claims the workers write 15,000 entries.)

Every entry is written with a sidecar `<entry>.sha256` holding the digest of the entry's bytes,
computed when it was written. `get` reads the entry's bytes once, checks them against that
digest and, for claims, that the table has exactly the claim table's columns and types, then
parses those same bytes. An entry that fails any check (hand-edited, truncated, a row removed,
another schema, a missing or wrong digest) is reported in `rejected` and treated as a miss: the
caller computes the result again from its seed file and `put` replaces the entry. So a cached
entry can save work but can never change what is published: the worst a damaged cache does is
cost a re-validation.

Entries are written atomically (temporary file, then rename), entry first and digest last, so
a write interrupted at any point leaves a miss. The temporary file comes from
`tempfile.mkstemp` (a random name, created exclusively, a link never followed) and is locked
while it is written, so a link planted where an entry is written is replaced, never written
through, and the cleanup of killed writers (`remove_stale`) removes only unlocked regular files
named as this module names them (locks.py; where the system has no file lock, the temporary
files are written unlocked and never removed). An entry is read without following a link.
Entries of superseded keys are not deleted: `rm -r build/.cache` empties the cache at any time.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import stat
import tempfile
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

import pyarrow as pa

from tiplake import locks

PACKAGE = Path(__file__).resolve().parent
# The modules whose code decides what validation accepts and produces: a change to any of them
# gives every entry a new key. Other modules (views, charts, the command line) do not.
# This module is not among them: an entry is verified, whatever code wrote it.
VALIDATION_MODULES = (
    "documents.py",
    "fastyaml.py",
    "limits.py",
    "numbers.py",
    "problems.py",
    "quotes.py",
    "records.py",
    "rows.py",
    "rules/__init__.py",
    "rules/attribution.py",
    "rules/base.py",
    "rules/categories.py",
    "rules/claims.py",
    "rules/curation.py",
    "rules/links.py",
    "rules/periods.py",
    "rules/quote.py",
    "rules/readback.py",
    "rules/references.py",
    "rules/registry.py",
    "rules/reports.py",
    "rules/skips.py",
    "rules/sums.py",
    "rules/values.py",
    "seeds.py",
    "seedyaml.py",
    "tables.py",
    "validate.py",
)
_DIGEST = ".sha256"
CLAIMS_SUFFIX = ".arrow"  # an Arrow IPC stream
_IPC = pa.ipc.IpcWriteOptions(compression="lz4")
T = TypeVar("T")


@cache
def validation_code() -> str:
    """sha256 of the modules validation runs (`VALIDATION_MODULES`)."""
    digest = hashlib.sha256()
    for name in VALIDATION_MODULES:
        digest.update(name.encode() + b"\0" + (PACKAGE / name).read_bytes() + b"\0")
    return digest.hexdigest()


def key_of(*parts: bytes) -> str:
    """A cache key: sha256 of the validation code and `parts`, each length-prefixed."""
    digest = hashlib.sha256(validation_code().encode())
    for part in parts:
        digest.update(len(part).to_bytes(8, "big") + part)
    return digest.hexdigest()


class Cache:
    def __init__(self, directory: Path):
        self.directory = Path(directory)
        self.hits = 0
        self.misses = 0
        self.rejected: list[str] = []  # one line per entry that failed verification

    def _path(self, kind: str, key: str, suffix: str) -> Path:
        return self.directory / kind / key[:2] / f"{key}{suffix}"

    # --- claims ---------------------------------------------------------------------------

    def get_table(self, key: str, schema: pa.Schema, what: str) -> pa.Table | None:
        """The table stored under `key`, verified against its digest and `schema`; or None
        (a miss; a damaged entry is also listed in `rejected`, naming `what` it was for)."""
        raw = self._verified(self._path("claims", key, CLAIMS_SUFFIX), what)
        if raw is None:
            return None
        try:
            table = pa.ipc.open_stream(pa.BufferReader(raw)).read_all()
        except (pa.ArrowException, OSError, ValueError) as e:
            return self._reject(what, f"not a readable Arrow stream ({e})")
        if not table.schema.equals(schema):
            return self._reject(what, "its columns are not the claim table's")
        self.hits += 1
        return table

    def put_table(self, key: str, table: pa.Table) -> None:
        sink = pa.BufferOutputStream()
        with pa.ipc.new_stream(sink, table.schema, options=_IPC) as writer:
            writer.write_table(table)
        self._write(self._path("claims", key, CLAIMS_SUFFIX), sink.getvalue().to_pybytes())

    # --- small JSON documents -----------------------------------------------------------------

    def memo(
        self,
        parts: list[bytes],
        compute: Callable[[], T],
        encode: Callable[[T], Any],
        decode: Callable[[Any], T],
        what: str,
    ) -> T:
        """`compute()`, or the result it gave for the same `parts` (e.g. a seed file's name and
        bytes) and the same validation code, stored as the JSON `encode` makes of it and read
        back with `decode`. Only for values computed from `parts` alone."""
        path = self._path("parsed", key_of(*parts), ".json")
        raw = self._verified(path, what)
        if raw is not None:
            try:
                value = decode(json.loads(raw))
            except Exception as e:  # noqa: BLE001 - any undecodable entry is computed again
                self._reject(what, f"its content does not decode ({type(e).__name__})")
            else:
                self.hits += 1
                return value
        value = compute()
        data = json.dumps(encode(value), ensure_ascii=False, separators=(",", ":"))
        self._write(path, data.encode("utf-8"))
        return value

    # --- storage ------------------------------------------------------------------------------

    def _verified(self, path: Path, what: str) -> bytes | None:
        """The bytes of the entry at `path` if they match the digest written with them."""
        try:
            recorded = _read(path.with_name(path.name + _DIGEST))
            recorded = recorded.decode("ascii").strip() if recorded is not None else None
        except UnicodeDecodeError:
            recorded = None
        raw = _read(path)
        if raw is None and recorded is None:
            self.misses += 1
            return None
        if raw is None or recorded is None:
            return self._reject(what, "its entry or its digest is missing")
        if hashlib.sha256(raw).hexdigest() != recorded:
            return self._reject(what, "its bytes do not match the digest written with it")
        return raw

    def _reject(self, what: str, why: str) -> None:
        self.misses += 1
        self.rejected.append(
            f"cache entry for {what} failed verification ({why}); validated it again"
        )
        return None

    def _write(self, path: Path, data: bytes) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        digest = hashlib.sha256(data).hexdigest().encode("ascii")
        for target, content in ((path, data), (path.with_name(path.name + _DIGEST), digest)):
            if not _write_replacing(target, content):
                return  # not stored (a cleanup took the temporary file): a miss next time

    def remove_stale(self) -> None:
        """Delete the temporary files that writers killed mid-write left behind: regular files
        (never a link) named as `_write` names them that no writer holds locked. Called by the
        build, which holds the lock of its target."""
        if not self.directory.is_dir():
            return
        for folder, _dirs, names in os.walk(self.directory):  # links to folders not followed
            for name in names:
                if _TEMPORARY.fullmatch(name):
                    _remove_if_abandoned(Path(folder, name))


_TEMPORARY = re.compile(r"\..+\.[a-z0-9_]{8}\.tmp")  # `.<entry>.<tempfile's random part>.tmp`
_NOFOLLOW = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC


def _read(path: Path) -> bytes | None:
    """The bytes of the regular file at `path` (not through a link, never a pipe), or None."""
    try:
        fd = os.open(path, _NOFOLLOW)
    except OSError:
        return None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        with os.fdopen(os.dup(fd), "rb") as f:
            return f.read()
    except OSError:
        return None
    finally:
        os.close(fd)


def _write_replacing(path: Path, content: bytes) -> bool:
    """Write `content` to a new temporary file beside `path`, locked while written, and rename
    it over `path`. False when the temporary file was gone before the rename (a cleanup took
    it between its creation and its lock)."""
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            with contextlib.suppress(locks.LocksUnavailable):  # then nothing is ever removed
                locks.lock(f.fileno(), wait=True)  # held until closed: not abandoned
            f.write(content)
            f.flush()
            os.replace(name, path)
    except FileNotFoundError as e:
        if e.filename == name:
            return False
        raise
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(name)
        raise
    return True


def _remove_if_abandoned(path: Path) -> None:
    """Remove the regular file at `path` unless a writer holds it locked (or it is a link)."""
    try:
        fd = os.open(path, _NOFOLLOW)
    except OSError:
        return  # a link (ELOOP), or gone
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            return
        try:
            if not locks.lock(fd, wait=False):
                return  # a writer is at work
        except locks.LocksUnavailable:
            return  # no lock tells an abandoned file from one being written: keep it
        now = os.lstat(path)  # still the same file under that name
        if (now.st_dev, now.st_ino) == (st.st_dev, st.st_ino):
            path.unlink()
    except OSError:
        pass
    finally:
        os.close(fd)
