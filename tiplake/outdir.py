"""Output folders and file names: what an export or the site may replace, and the names it
gives files made from data.

In:  the folder a user named with --out, what the output is ("export", "site") and what a
     previous run of it wrote there (the paths its own listing names: the export's
     datapackage.json or Datasette metadata.json, the site's tiplake-site.json); or a name
     read from the database (an indicator code, a claim id).
Out: `check()` -> the folder to write, or an `OutputError` of one line saying what to do;
     `replacing()` writes a new folder beside it and swaps it in whole; `file_stem()` -> a
     short, plain file name for a name.

Refused, whatever they hold, before anything in them is read: `/`, the home folder, the tiplake
checkout (installed: the folder tiplake's data are in), the current folder, any folder holding
one of them, a symlink and anything that is not a folder. Any other folder is replaced whole
only when it is new, empty, or holds nothing but what a previous run of the same output listed:
each entry a file it listed or a folder on the way to one. Anything else in it (a file, an empty
folder, a symlink to a folder or a file, a fifo) is refused and named: replacing the folder
would delete it. The check descends only into listed folders, so it never walks a tree that is
not tiplake's. Between the check and the swap (milliseconds after the output is written) a new
entry would go with the old folder: the folder is tiplake's by then.

The new folder is written beside the target under a fresh name (`.<name>.<pid>.<random>
.exporting`, made by `tempfile.mkdtemp`, so no planted folder is ever written into) and takes
its place in one atomic exchange (Linux renameat2) or, elsewhere, two renames; the old one is
then deleted. Temporary folders of killed writers (their process gone) are deleted by the next
run; a symlink of that shape, or a folder of a live process, is left alone.

File names from data (`file_stem`): a name of letters, digits, `.`, `_` and `-`, not starting
with a dot, without `--` and at most 80 characters is used as is (every real id and code is);
any other is its first 80 characters made plain, `--` and 10 hex digits of the sha256 of the
whole name: short (a file system takes 255 bytes), stable from one run to the next, and never
the name of another id (a name kept as is has no `--`).
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import hashlib
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from tiplake.files import alive, fsync_folder, write_error
from tiplake.project import IN_CHECKOUT, PROJECT

EXPORTING = ".exporting"
OLD = ".old"
MAX_STEM = 80  # characters of a name kept in a file name
HASH_DIGITS = 10  # hex digits of the sha256 that tell two long names apart
SHOWN = 5  # entries named in a refusal

_PLAIN = re.compile(r"[A-Za-z0-9_-][A-Za-z0-9._-]*")


class OutputError(ValueError):
    """An output folder tiplake must not replace: the message says why and what to do."""


def file_stem(name: str) -> str:
    """A file name (without suffix) for `name`, short and plain (see the module docstring)."""
    if len(name) <= MAX_STEM and _PLAIN.fullmatch(name) and "--" not in name:
        return name
    plain = re.sub(r"[^A-Za-z0-9._-]+", "_", name[:MAX_STEM])
    plain = re.sub(r"-{2,}", "-", plain).lstrip(".").rstrip("-")
    digest = hashlib.sha256(name.encode("utf-8", "surrogatepass")).hexdigest()[:HASH_DIGITS]
    return f"{plain}--{digest}"


def _protected() -> list[tuple[Path, str]]:
    """The folders an output never replaces, with how a message names them."""
    places = [(Path("/"), "the root folder")]
    with contextlib.suppress(RuntimeError, KeyError, OSError):
        places.append((Path.home(), "your home folder"))
    checkout = "the tiplake checkout" if IN_CHECKOUT else "the folder tiplake's data are in"
    places.append((PROJECT.root, checkout))
    with contextlib.suppress(OSError):
        places.append((Path.cwd(), "the current folder"))
    resolved = []
    for place, name in places:
        with contextlib.suppress(OSError, RuntimeError):
            resolved.append((place.resolve(), name))
    return resolved


def check(folder: Path, writer: str, listed: Callable[[Path], set[str]], example: str) -> Path:
    """The folder to write for `--out folder` (absolute), or an OutputError. `listed(folder)`:
    the relative paths (with /) a previous run of `writer` listed in it, empty when none did;
    `example`: a folder to suggest."""
    folder = Path(folder)
    if folder.is_symlink():
        raise OutputError(
            f"{folder} is a symlink; the {writer} replaces its folder whole, so name a folder "
            f"that is not a link with --out (e.g. --out {example})"
        )
    try:
        target = folder.resolve()
    except (OSError, RuntimeError) as e:
        raise OutputError(f"cannot use {folder} as an output folder: {e}") from None
    for place, name in _protected():
        if target == place:
            what = f"is {name}"
        elif place.is_relative_to(target):
            what = f"holds {name} ({place})"
        else:
            continue
        raise OutputError(
            f"--out {folder} {what}; the {writer} replaces its folder whole, so name a new "
            f"folder for it, e.g. --out {example}"
        )
    if not os.path.lexists(target):
        return target
    if not target.is_dir():
        raise OutputError(
            f"{folder} is not a folder; name a new folder (or a previous {writer}) with --out"
        )
    foreign = _foreign(target, listed)
    if foreign:
        shown = ", ".join(foreign[:SHOWN]) + (" and more" if len(foreign) > SHOWN else "")
        raise OutputError(
            f"{folder} holds files the {writer} did not write ({shown}); the {writer} replaces "
            "its folder whole, so name a new or empty folder with --out"
        )
    return target


def _foreign(folder: Path, listed: Callable[[Path], set[str]]) -> list[str]:
    """Up to SHOWN + 1 entries of `folder` that no previous run listed, read without following
    a symlink and only inside listed folders."""
    try:
        with os.scandir(folder) as entries:
            if next(entries, None) is None:
                return []  # empty: nothing to lose
    except OSError as e:
        raise OutputError(f"cannot read {folder}: {e.strerror}") from None
    files = listed(folder)
    folders = {"/".join(p.split("/")[:i]) for p in files for i in range(1, p.count("/") + 1)}
    found: list[str] = []

    def walk(rel: str) -> None:
        try:
            with os.scandir(folder / rel if rel else folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as e:
            raise OutputError(f"cannot read {folder / rel}: {e.strerror}") from None
        for entry in entries:
            path = f"{rel}/{entry.name}" if rel else entry.name
            if entry.is_symlink():
                found.append(f"{path} (a symlink)")
            elif entry.is_dir(follow_symlinks=False):
                if path in folders:
                    walk(path)
                else:
                    found.append(f"{path}/")
            elif not (entry.is_file(follow_symlinks=False) and path in files):
                found.append(path)
            if len(found) > SHOWN:
                return

    walk("")
    return found


# --- writing a folder that replaces another whole --------------------------------------------


@contextlib.contextmanager
def replacing(target: Path) -> Iterator[Path]:
    """Write a folder that replaces `target` (as `check` returned it) whole: yields an empty
    temporary folder beside it (after removing what killed writers left), puts it in
    `target`'s place when the block ends without an error, and removes it otherwise."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        remove_leftovers(target)
        tmp = Path(
            tempfile.mkdtemp(
                prefix=f".{target.name}.{os.getpid()}.", suffix=EXPORTING, dir=target.parent
            )
        )
    except OSError as e:
        raise write_error(target, e) from None
    try:
        yield tmp
        replace(tmp, target)
    finally:
        if os.path.lexists(tmp):
            shutil.rmtree(tmp, ignore_errors=True)


def remove_leftovers(target: Path) -> list[Path]:
    """Delete the temporary folders killed writers of `target` left: folders (not symlinks)
    named as `replacing` names them whose process is gone. Returns them."""
    pattern = re.compile(
        rf"\.{re.escape(target.name)}\.(\d+)(\.[A-Za-z0-9_]+)?({re.escape(EXPORTING)}|{re.escape(OLD)})"
    )
    removed = []
    with contextlib.suppress(OSError), os.scandir(target.parent) as entries:
        for entry in entries:
            found = pattern.fullmatch(entry.name)
            if (
                found
                and entry.is_dir(follow_symlinks=False)
                and not entry.is_symlink()
                and not alive(int(found.group(1)))
            ):
                shutil.rmtree(entry.path, ignore_errors=True)
                removed.append(Path(entry.path))
    return removed


def replace(new: Path, target: Path) -> None:
    """Put the finished folder `new` in `target`'s place whole. Where the system can exchange
    two names atomically (Linux renameat2), a reader or a kill sees the old folder or the new
    one, never a mix; elsewhere the old folder is moved aside first (a kill between the two
    renames leaves `target` absent and the old folder beside it, under a temporary name)."""
    try:
        if not os.path.lexists(target):
            if not _renameat2(new, target, _RENAME_NOREPLACE):
                os.rename(new, target)
        elif _renameat2(new, target, _RENAME_EXCHANGE):
            shutil.rmtree(new, ignore_errors=True)  # `new` now names the old folder
        else:
            aside = Path(
                tempfile.mkdtemp(
                    prefix=f".{target.name}.{os.getpid()}.", suffix=OLD, dir=target.parent
                )
            )
            os.rename(target, aside)  # over the empty folder just made for it
            os.rename(new, target)
            shutil.rmtree(aside, ignore_errors=True)
        fsync_folder(target.parent)
    except OSError as e:
        raise write_error(target, e) from None


_RENAME_NOREPLACE = 1
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _renameat2(a: Path, b: Path, flags: int) -> bool:
    """Rename `a` to `b` with renameat2's `flags` (exchange the two, or refuse to replace `b`);
    False where the system cannot."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return False
    done = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), flags)
    if done == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(b))
