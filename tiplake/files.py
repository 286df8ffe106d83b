"""Small file helpers both sides use: the build (publish.py, cache.py) and the outputs that
write folders (outdir.py), kept here so that reading the published database never imports a
building module (issue 30).

In:  paths, an OSError or DuckDB's error text, a process id.
Out: `fsync_folder` (a rename made durable), `write_error` / `refused_write` (one line for a
     write the system refused, as a `PublishError`), `alive` (whether a process still runs).
"""

from __future__ import annotations

import errno
import os
import re
from pathlib import Path


class PublishError(Exception):
    """The build cannot publish: another build runs, another process writes the target, the
    target is not tiplake's to replace, or the disk refused the write."""


def fsync_folder(folder: Path) -> None:
    """Make a rename in `folder` durable (best effort: a system that cannot is left alone)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


_SYSTEM_REFUSALS = re.compile(
    r"No space left on device|Disk quota exceeded|Read-only file system|Permission denied|"
    r"File too large|Could not write file|Could not open file|Could not create"
)


def refused_write(path: Path, error: BaseException) -> PublishError | None:
    """A `write_error` when DuckDB's `error` is the system refusing a write (a full disk, a
    read-only folder...), whatever DuckDB wrapped it in (a failed commit or checkpoint); else
    None."""
    text = str(error)
    found = _SYSTEM_REFUSALS.search(text)
    if found is None:
        return None
    named = re.search(r'file "([^"]+)"', text)
    reason = re.search(
        r"(No space left on device|Disk quota exceeded|Read-only file system|Permission denied|File too large)",
        text,
    )
    code = {
        "No space left on device": errno.ENOSPC,
        "Disk quota exceeded": errno.EDQUOT,
        "Read-only file system": errno.EROFS,
        "Permission denied": errno.EACCES,
        "File too large": errno.EFBIG,
    }.get(reason.group(1) if reason else "", None)
    return write_error(
        Path(named.group(1)) if named else path,
        OSError(code, reason.group(1) if reason else found.group(0)),
    )


def write_error(path: Path, error: BaseException) -> PublishError:
    """One line for a write the system refused (a full disk, a read-only folder...)."""
    reason = getattr(error, "strerror", None) or str(error).splitlines()[0]
    code = getattr(error, "errno", None)
    hint = {
        errno.ENOSPC: "free some space, or build elsewhere with --db",
        errno.EDQUOT: "free some space, or build elsewhere with --db",
        errno.EROFS: "the file system is read-only; build elsewhere with --db",
        errno.EACCES: "you may not write there; build elsewhere with --db",
        errno.EPERM: "you may not write there; build elsewhere with --db",
    }.get(code, "")
    if not hint and "space" in reason.lower():
        hint = "free some space, or build elsewhere with --db"
    return PublishError(
        f"cannot write {path}: {reason}" + (f" ({hint})" if hint else "") + ". Nothing was "
        "published; the previous file is unchanged."
    )


def alive(pid: int) -> bool:
    """True while process `pid` runs."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
