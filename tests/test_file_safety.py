"""Files handled safely (issue 29): nothing planted on disk bends what the build or `fmt` writes.

The build opens its lock without following a link and refuses one that is not its own plain
file; it writes the new database in a private folder with a random name (tempfile), never at a
name derived from its process id; the cache and the publish stamp are written to a fresh
temporary file and renamed into place; the published file is always a regular file; and what
the build removes after killed builds is only what it made. Seed files and folders that are
symlinks (out of the checkout or not) are refused with a problem naming the file and the rule,
and never read; `tiplake fmt` writes only the seed files themselves, by rename, so neither a
symlink nor a hard link carries its write outside the checkout.

Each attack is a test that failed on the code before this change.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

import tiplake.cli
from tiplake import publish
from tiplake.build import build
from tiplake.cli import cli
from tiplake.publish import PublishError

CLAIMS = "seeds/claims/tip-2025-aze.yaml"
PRECIOUS = b"years of work\n"


def victim(tmp_path: Path, name: str = "victim.txt") -> Path:
    """A file outside the project that a planted link points at."""
    path = tmp_path / "outside" / name
    path.parent.mkdir(exist_ok=True)
    path.write_bytes(PRECIOUS)
    return path


def claims_in(db: Path) -> int:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute("select count(*) from claim").fetchone()[0]


def assert_published(copy) -> None:
    """build/tiplake.duckdb is a regular file (no link) holding the whole database."""
    st = os.lstat(copy.db)
    assert stat.S_ISREG(st.st_mode), f"{copy.db} is not a regular file"
    assert claims_in(copy.db) == 410


def run_cli(copy, monkeypatch, *args: str):
    monkeypatch.setattr(tiplake.cli, "PROJECT", copy.project)
    return CliRunner().invoke(cli, list(args))


def refused_cleanly(result) -> str:
    """Exit code 1 and the error's lines, never a traceback."""
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    return result.output


# --- the lock ---------------------------------------------------------------------------------


@pytest.mark.parametrize("how", ["symlink", "hard-link"])
def test_a_link_at_the_lock_path_is_refused_and_its_target_untouched(
    project_copy, tmp_path, monkeypatch, how
):
    """Before: the build opened the lock following the link and truncated the target."""
    target = victim(tmp_path)
    lock = project_copy.db.with_name(".tiplake.duckdb.lock")
    lock.parent.mkdir()
    if how == "symlink":
        lock.symlink_to(target)
    else:
        os.link(target, lock)
    with pytest.raises(PublishError) as info:
        project_copy.build()
    assert str(lock) in str(info.value) and "lock" in str(info.value)
    assert target.read_bytes() == PRECIOUS
    assert os.path.lexists(lock)  # not removed either: the build did not make it
    assert not project_copy.db.exists()
    output = refused_cleanly(
        run_cli(project_copy, monkeypatch, "build", "--db", str(project_copy.db))
    )
    assert str(lock) in output and len(output.strip().splitlines()) == 1, output
    assert target.read_bytes() == PRECIOUS


# --- the temporary database ---------------------------------------------------------------------


def test_temporary_names_come_from_tempfile_not_the_process_id(project_copy):
    target = project_copy.root / "build" / "tiplake.duckdb"
    target.parent.mkdir()
    names = []
    for _ in range(2):
        with publish.staging(target) as tmp:
            names.append(tmp)
            assert str(os.getpid()) not in str(tmp.relative_to(target.parent))
            assert tmp.parent.parent == target.parent  # beside the target: one rename publishes
            mode = stat.S_IMODE(os.lstat(tmp.parent).st_mode)
            assert mode == 0o700, oct(mode)  # a private folder: nobody plants a name in it
        assert not tmp.exists() and not tmp.parent.exists()
    assert names[0] != names[1]


@pytest.mark.parametrize("planted", ["dangling", "to-a-file"])
def test_a_symlink_planted_at_the_temporary_name_is_not_followed(
    project_copy, tmp_path, monkeypatch, planted
):
    """Before: the build attached the planted link (named after its process id, planted right
    after its cleanup ran), wrote the database into the file the link named, and moved the
    link over build/tiplake.duckdb."""
    elsewhere = tmp_path / "outside" / "elsewhere.duckdb"
    elsewhere.parent.mkdir()
    if planted == "to-a-file":
        elsewhere.write_bytes(PRECIOUS)
    log = victim(tmp_path, "log.txt")
    folder = project_copy.db.parent
    links = [
        folder / f".tiplake.duckdb.{os.getpid()}.building",
        folder / f".tiplake.duckdb.{os.getpid()}.building.wal",
    ]
    check_target = publish.check_target

    def race(target, owned=None):  # the attacker wins the race after the cleanup
        if not os.path.lexists(links[0]):
            links[0].symlink_to(elsewhere)
            links[1].symlink_to(log)
        return check_target(target, owned)

    monkeypatch.setattr(publish, "check_target", race)
    project_copy.build()
    assert_published(project_copy)
    assert (
        (elsewhere.read_bytes() == PRECIOUS) if planted == "to-a-file" else not elsewhere.exists()
    )
    assert log.read_bytes() == PRECIOUS
    assert all(link.is_symlink() for link in links)  # left alone: the build did not make them


def test_the_cleanup_after_killed_builds_removes_only_what_a_build_made(built_copy, tmp_path):
    """Before: anything named like `.tiplake.duckdb.<digits>.building[.wal]` was deleted,
    a link or someone's file alike."""
    target = victim(tmp_path)
    folder = built_copy.db.parent
    theirs = folder / ".tiplake.duckdb.123.building"
    theirs.write_bytes(PRECIOUS)
    link = folder / ".tiplake.duckdb.456.building.wal"
    link.symlink_to(target)
    killed = folder / ".tiplake.duckdb.abcd1234.building"  # a private folder a killed build left
    killed.mkdir(mode=0o700)
    (killed / "tiplake.duckdb").write_bytes(b"half a database")
    (killed / "tiplake.duckdb.wal").write_bytes(b"its log")
    linked_folder = folder / ".tiplake.duckdb.efgh5678.building"  # a link named like ours
    linked_folder.symlink_to(target.parent, target_is_directory=True)
    built_copy.build()
    assert_published(built_copy)
    assert theirs.read_bytes() == PRECIOUS and link.is_symlink()
    assert target.read_bytes() == PRECIOUS and linked_folder.is_symlink()
    assert not killed.exists()  # what a build made is cleaned up


# --- the cache and the stamp --------------------------------------------------------------------


def test_symlinks_at_the_cache_temporary_names_are_not_followed(project_copy, tmp_path):
    """Before: each entry was written through the link planted at `.<entry>.<pid>.tmp` (into
    the target) and the link then renamed over the entry: every cache file became a link."""
    project_copy.build()
    cache = project_copy.db.parent / ".cache"
    entries = [p for p in cache.rglob("*") if p.is_file() and "published" not in p.parts]
    assert len(entries) > 20
    target = victim(tmp_path)
    for entry in entries:
        entry.unlink()
        entry.with_name(f".{entry.name}.{os.getpid()}.tmp").symlink_to(target)
    build(project_copy.db, project_copy.project, full=True)
    assert target.read_bytes() == PRECIOUS
    for entry in entries:
        assert stat.S_ISREG(os.lstat(entry).st_mode), f"{entry} is not a regular file"
        assert entry.with_name(f".{entry.name}.{os.getpid()}.tmp").is_symlink()  # left alone
    assert_published(project_copy)


def test_a_symlink_at_the_stamp_temporary_name_is_not_followed(project_copy, tmp_path):
    target = victim(tmp_path)
    stamps = project_copy.db.parent / ".cache" / "published"
    stamps.mkdir(parents=True)
    planted = stamps / f".tiplake.duckdb.json.{os.getpid()}.tmp"
    planted.symlink_to(target)
    project_copy.build()
    assert target.read_bytes() == PRECIOUS
    stamp = stamps / "tiplake.duckdb.json"
    assert stat.S_ISREG(os.lstat(stamp).st_mode) and publish.is_published(project_copy.db)
    assert planted.is_symlink()
    assert_published(project_copy)
