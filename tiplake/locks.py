"""Exclusive locks on files tiplake opened itself, on every platform filelock supports.

In:  a file descriptor the caller opened (without following a link, see publish.py and cache.py)
     and still owns.
Out: the descriptor locked (`lock`) or unlocked (`unlock`); `lock` says False when another
     process holds it and the caller did not wait; `LocksUnavailable` where this Python has no
     file lock at all (a Unix build without `fcntl`).

The lock is filelock's `lock_descriptor`: `fcntl.flock` on Unix, `LockFileEx` on the first byte
on Windows. It locks the descriptor it is given and nothing else: it never opens, truncates,
follows a link, changes a mode or falls back to a lock file, so what publish.py and cache.py
check about the file they opened stays true. (filelock's path-taking `FileLock` is not used:
it opens the path itself.) filelock is imported when a lock is first taken (about 0.1 s), so
`import tiplake`, `tiplake.connect()` and every reading command neither pay for it nor need
`fcntl`.
"""

from __future__ import annotations

import errno
import warnings


class LocksUnavailable(Exception):
    """This Python offers no file lock (filelock found neither `fcntl` nor Windows' locks)."""


def _filelock():
    with warnings.catch_warnings():
        # Without fcntl filelock warns that only its soft (lock-file) locks work; tiplake does
        # not use those, and says so itself when it needs a lock (LocksUnavailable).
        warnings.simplefilter("ignore")
        import filelock
    return filelock


def lock(fd: int, *, wait: bool) -> bool:
    """Lock `fd` exclusively: wait for it (`wait`), or return False at once while another
    process holds it. The lock lasts until `unlock` or until the descriptor is closed."""
    try:
        return _filelock().lock_descriptor(fd, blocking=wait)
    except OSError as e:
        if e.errno == errno.ENOSYS:
            raise LocksUnavailable(e.strerror or str(e)) from None
        raise


def unlock(fd: int) -> None:
    """Release the lock `lock` took on `fd`; the descriptor stays open."""
    try:
        _filelock().unlock_descriptor(fd)
    except OSError as e:
        if e.errno == errno.ENOSYS:
            raise LocksUnavailable(e.strerror or str(e)) from None
        raise
