"""Publishing: a new database file takes the old one's place whole, or nothing changes.

In:  the path the user named (`--db`, `$TIPLAKE_DB`, or the default) and a finished temporary
     file beside its target.
Out: the target replaced by one atomic rename; or a `PublishError` saying in one line why not,
     with the old file untouched.

What is replaced, and what is refused:
- A symlink is followed: the file it names is replaced (atomically, by a file written beside
  it), and the link stays a link. A dangling link names the file to create.
- A file is replaced only when it is a database tiplake published: the file the last build
  stamped (`remember`: its size, inode, and modification and change times, which only a
  write can alter), or a DuckDB file with tiplake's `_meta` table and no table or view tiplake
  does not own. A text file, another program's database or a user's migrated copy with tables
  of its own is refused unless `force`. A directory is always refused.
- A file another process has open read-write is refused (its later writes would go to the
  replaced file); readers are fine (they keep reading the old file). A stale write-ahead log
  (a writer that died) is first folded into the old file, so nothing in it is lost.
- Two builds of one target never run at once (`build_lock`), and the build that holds the lock
  removes what killed builds of the same target left behind (their `.building` folders).
- A full disk or a read-only folder is one line naming the path and the reason.

Nothing planted on disk bends a write (issue 29): the lock is opened without following a
link, and one that is a link, a hard link or not a regular file is refused, never truncated;
the new database is written in a private folder (mode 0700) that `tempfile.mkdtemp` makes
beside the target under a random name, never a name derived from the process id; the stamp is
written to a `tempfile.mkstemp` file (created exclusively, links not followed) and renamed
into place; so the published file is always a regular file the build wrote. The cleanup of
killed builds removes only what a build makes: folders named `.<target>.<random>.building`
that are folders (not links) of this user, the database files in them, and the folders.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import re
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path

import duckdb

from tiplake import locks
from tiplake.files import (
    PublishError,
    fsync_folder,
    refused_write,  # noqa: F401 (build.py calls publish.refused_write)
    write_error,
)
from tiplake.project import STORED_PREFIX, write_replacing

BUILDING = ".building"
_DUCKDB_MAGIC = b"DUCK"  # bytes 8-11 of every DuckDB database file


def resolve_target(db_path: Path) -> Path:
    """The file to write for `db_path`: itself, or the file a symlink names."""
    db_path = Path(db_path)
    try:
        target = db_path.resolve() if db_path.is_symlink() else db_path
    except (OSError, RuntimeError) as e:
        raise PublishError(f"{db_path} is a symlink that cannot be followed ({e})") from None
    if target.is_dir():
        raise PublishError(
            f"{db_path} is a directory; name a database file, e.g. {db_path}/tiplake.duckdb"
        )
    return target


_RANDOM = "[a-z0-9_]{8}"  # the random part of a name tempfile makes


class staging:  # noqa: N801 - a context manager
    """The temporary file a build of `target` writes: `<target's name>` in a private folder
    (mode 0700) that `tempfile.mkdtemp` makes beside the target, so the rename that publishes
    it is atomic and nobody can plant a name (a link) where the build or DuckDB writes (the
    file, its log). Removed on leaving, whatever happened (after `replace`, only the empty
    folder is left to remove)."""

    def __init__(self, target: Path):
        try:
            made = tempfile.mkdtemp(prefix=f".{target.name}.", suffix=BUILDING, dir=target.parent)
        except OSError as e:
            raise write_error(target, e) from None
        self.folder = Path(made)
        self.path = self.folder / target.name

    def __enter__(self) -> Path:
        return self.path

    def __exit__(self, *exc) -> None:
        _remove_staging(self.folder, self.path.name)


def _remove_staging(folder: Path, name: str) -> bool:
    """Remove a build's private folder: the database files in it that are regular files, then
    the folder if that left it empty. True when it is gone."""
    for leftover in (name, f"{name}.wal"):
        path = folder / leftover
        try:
            if stat.S_ISREG(os.lstat(path).st_mode):
                path.unlink()
        except FileNotFoundError:
            pass
    try:
        folder.rmdir()
    except FileNotFoundError:
        return True
    except OSError:
        return False  # something else is in it: not ours to remove
    return True


def remove_leftovers(target: Path) -> list[Path]:
    """Delete what killed builds of `target` left: their private folders
    (`.<name>.<random>.building`, folders of this user, never a link), the database files in
    them and, if that empties them, the folders; and the stamp's temporary files. Anything
    else, even named alike, is left alone. Only called under `build_lock`, so no other build
    of `target` is running."""
    removed = []
    for path in _named(
        target.parent, rf"\.{re.escape(target.name)}\.{_RANDOM}{re.escape(BUILDING)}"
    ):
        try:
            st = os.lstat(path)
        except FileNotFoundError:
            continue
        if stat.S_ISDIR(st.st_mode) and st.st_uid == os.geteuid():
            if _remove_staging(path, target.name):
                removed.append(path)
    stamp = _stamp(target)
    for path in _named(stamp.parent, rf"\.{re.escape(stamp.name)}\.{_RANDOM}\.tmp"):
        if _is_regular(path):
            path.unlink(missing_ok=True)
            removed.append(path)
    return removed


def _named(folder: Path, pattern: str) -> list[Path]:
    """The entries of `folder` whose whole name matches `pattern` (a regular expression)."""
    try:
        names = os.listdir(folder)
    except OSError:
        return []
    return [folder / n for n in sorted(names) if re.fullmatch(pattern, n)]


def _is_regular(path: Path) -> bool:
    """True when `path` itself (not what a link names) is a regular file."""
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except OSError:
        return False


class build_lock:  # noqa: N801 - used as a context manager
    """An exclusive lock on `.<name>.lock` beside the target: two builds of one file never
    run at once; the second fails at once, naming the first's process id. The lock file is
    opened without following a link; one that is a link, has other names (a hard link) or
    is not a regular file is refused, never truncated. The lock is taken on that open file
    (locks.py: filelock's descriptor lock, never a path); where the system has no file lock,
    the build stops in one line before writing anything."""

    def __init__(self, target: Path):
        self.path = target.with_name(f".{target.name}.lock")

    def __enter__(self):
        flags = os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC
        try:
            self.fd = os.open(self.path, flags, 0o644)
        except OSError as e:
            if e.errno in (errno.ELOOP, errno.EMLINK):  # EMLINK: the BSDs' O_NOFOLLOW error
                raise self._foreign("a symbolic link") from None
            raise write_error(self.path, e) from None
        st = os.fstat(self.fd)
        why = (
            "not a regular file"
            if not stat.S_ISREG(st.st_mode)
            else f"a file with {st.st_nlink} names (a hard link)"
            if st.st_nlink != 1
            else None
        )
        if why:
            os.close(self.fd)
            raise self._foreign(why)
        try:
            held = locks.lock(self.fd, wait=False)
        except (OSError, locks.LocksUnavailable) as e:
            os.close(self.fd)
            raise PublishError(
                f"cannot lock {self.path}: this system offers no file lock tiplake can use "
                f"({e}), and a build needs one so that two builds never write one file at "
                "once. Nothing was published."
            ) from None
        if not held:
            try:
                holder = os.pread(self.fd, 32, 0).decode("ascii", "replace").strip()
            except OSError:  # the number is only a hint (Windows bars reading a locked byte)
                holder = ""
            os.close(self.fd)
            raise PublishError(
                f"another build of {self.path.with_name(self.path.name[1:-5])} is running "
                f"(process {holder or 'unknown'}); wait for it to finish, then build again if "
                "needed"
            ) from None
        os.ftruncate(self.fd, 0)
        os.pwrite(self.fd, str(os.getpid()).encode("ascii"), 0)
        return self

    def _foreign(self, what: str) -> PublishError:
        return PublishError(
            f"{self.path} is {what}, not tiplake's lock file; tiplake never writes through it. "
            "Remove it (a build makes its own) and build again. Nothing was published."
        )

    def __exit__(self, *exc) -> None:
        os.ftruncate(self.fd, 0)
        locks.unlock(self.fd)
        os.close(self.fd)


def check_owner(target: Path, owned: Callable[[], set[str]]) -> None:
    """Refuse `target` unless it is absent or a database tiplake built (see the module
    docstring); `owned()`: the names of the tables and views a build creates, asked only when
    the file is not the one the last build published. Writes nothing."""
    if not target.exists():
        return
    if not target.is_file():
        raise PublishError(f"{target} is not a regular file; nothing was published")
    why = _not_ours(target, owned)
    if why:
        raise PublishError(
            f"{target} {why}; tiplake replaces only a database it built. Build to another "
            "path (--db), or pass --force to replace it. Nothing was published; the file "
            "is unchanged."
        )


def check_target(target: Path, owned: Callable[[], set[str]] | None = None) -> None:
    """Refuse to replace `target` while another process writes it, fold a stale write-ahead
    log into it, and (unless `owned` is None: forced) refuse it unless it is tiplake's
    (`check_owner`)."""
    if not target.exists():
        return
    if not target.is_file():
        raise PublishError(f"{target} is not a regular file; nothing was published")
    if _has_writer(target):
        raise PublishError(
            f"{target} is open read-write by {_lock_holder(target)}; close that connection "
            "(open the database read-only, e.g. tiplake.connect(), so rebuilds are never "
            "blocked) and build again. Nothing was published; the file is unchanged."
        )
    if owned is not None:
        check_owner(target, owned)
    wal = Path(f"{target}.wal")
    if wal.exists():
        try:
            duckdb.connect(str(target)).close()  # replays the stale log into the old file
        except duckdb.Error as e:
            # Readers hold the file, so the log cannot be folded in; replacing the file now
            # would strand the changes in the log (and the next connection would replay
            # them onto the new file).
            raise PublishError(
                f"{wal} holds changes not yet written into {target} (a process that wrote "
                f"to it ended without a checkpoint), and {_lock_holder(target, e)} has the "
                "file open, so they cannot be folded in. Close the connections to it (or "
                f"open it read-write once, which folds the log in), then build again. Nothing "
                "was published; the file and its log are unchanged."
            ) from e
        if owned is not None:
            check_owner(target, owned)  # what the log held is in the file now


def _has_writer(target: Path) -> bool:
    """True while another process has `target` open read-write, i.e. holds DuckDB's lock on it.

    DuckDB takes an fcntl record lock on the whole file: exclusive for a writer, shared for a
    reader. Where `fcntl` can be imported, a shared probe of that lock answers without opening
    the database (this is DuckDB's lock on the file itself, which filelock cannot ask about).
    Where it cannot, DuckDB is asked instead: a read-only connection is refused while a writer
    holds the file ("Could not set lock"), on every platform; any other refusal (not a
    database, say) is not a writer, and `check_owner` reports it."""
    try:
        import fcntl
    except ImportError:
        try:
            duckdb.connect(str(target), read_only=True).close()
        except duckdb.Error as e:
            return "lock" in str(e).lower()
        return False
    fd = os.open(target, os.O_RDONLY)
    try:
        fcntl.lockf(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)  # fails only while a writer holds it
    except OSError:
        return True
    finally:
        os.close(fd)
    return False


# the tables and views of a database, but DuckDB's own and temporary ones
CATALOG = (
    "select table_name from duckdb_tables() where not internal and not temporary "
    "union select view_name from duckdb_views() where not internal and not temporary"
)


def _not_ours(target: Path, owned: Callable[[], set[str]]) -> str | None:
    """Why `target` is not a database tiplake built and may replace, or None."""
    if is_published(target):
        return None
    try:
        with open(target, "rb") as f:
            head = f.read(12)
    except OSError as e:
        return f"cannot be read ({e.strerror})"
    if head[8:12] != _DUCKDB_MAGIC:
        return "is not a DuckDB database (a text file, or another program's data?)"
    if Path(f"{target}.wal").exists():
        return None  # folded in first; checked again after
    try:
        with duckdb.connect(str(target), read_only=True) as con:
            names = {name for (name,) in con.execute(CATALOG).fetchall()}
    except duckdb.Error as e:
        return f"cannot be opened as a DuckDB database ({str(e).splitlines()[0]})"
    if "_meta" not in names:
        return "is a DuckDB database tiplake did not build (it has no _meta table)"
    ours = owned()
    foreign = sorted(n for n in names if n not in ours and not n.startswith(STORED_PREFIX))
    if foreign:
        shown = ", ".join(foreign[:5]) + (
            f" and {len(foreign) - 5} more" if len(foreign) > 5 else ""
        )
        return f"holds tables or views tiplake does not own ({shown}): it looks like your own copy"
    return None


def _lock_holder(db_path: Path, error: Exception | None = None) -> str:
    """Who holds the lock on `db_path`, from DuckDB's lock error (`error`, or a fresh one)."""
    if error is None:
        try:
            duckdb.connect(str(db_path), read_only=True).close()
        except duckdb.Error as e:
            error = e
    found = re.search(r"held in (.+?) \(PID (\d+)\)", str(error or ""))
    if found:
        return f"process {found.group(2)} ({found.group(1)})"
    return "another process"


def replace(tmp: Path, target: Path) -> None:
    """Move the finished `tmp` over `target` in one rename, durably (the file's data and the
    folder's entry are flushed first), and stamp it as published."""
    try:
        fd = os.open(tmp, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
        try:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                raise PublishError(f"{tmp} is not a regular file; nothing was published")
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, target)  # a rename: never follows a link at either name
        fsync_folder(target.parent)
    except OSError as e:
        raise write_error(target, e) from None
    remember(target)


# --- the stamp of the published file --------------------------------------------------------


def _stamp(target: Path) -> Path:
    return target.parent / ".cache" / "published" / f"{target.name}.json"


def _identity(target: Path) -> dict[str, int]:
    st = target.stat()
    return {
        "size": st.st_size,
        "mtime_ns": st.st_mtime_ns,
        "ctime_ns": st.st_ctime_ns,  # no user call can set it: any write or utime changes it
        "inode": st.st_ino,
    }


def remember(target: Path) -> None:
    """Note the file the build just published: its identity (a build replaces it without
    looking inside, never a file written to since: a user's own tables, `tiplake migrate`,
    which a full build would not reproduce) and the sha256 of its content (a rebuild starts
    only from a file whose content is still that: `why_not_published`)."""
    stamp = _stamp(target)
    try:
        digest = _sha256(target)
        stamp.parent.mkdir(parents=True, exist_ok=True)
        write_replacing(stamp, json.dumps({**_identity(target), "sha256": digest}).encode())
    except OSError:
        pass  # published all the same; the next build looks inside the file instead


def _sha256(path: Path) -> str:
    with open(path, "rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


def _stamped(target: Path) -> dict:
    try:
        found = json.loads(_stamp(target).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return found if isinstance(found, dict) else {}


def is_published(target: Path) -> bool:
    """True when `target` is the file the last build published, unwritten since."""
    try:
        identity = _identity(target)
    except OSError:
        return False
    stamp = _stamped(target)
    return {k: stamp.get(k) for k in identity} == identity


def why_not_published(target: Path) -> str | None:
    """Why `target` is not the file the last build published, as its content shows (the
    sha256 recorded when it was published against the file's now), or None when it is."""
    recorded = _stamped(target).get("sha256")
    if not is_published(target) or not isinstance(recorded, str):
        return "it is not the file the last build published (its stamp is missing or differs)"
    try:
        now = _sha256(target)
    except OSError as e:
        return f"it cannot be read ({e.strerror})"
    if now != recorded:
        return "its content's sha256 is not the one recorded when it was published"
    return None
