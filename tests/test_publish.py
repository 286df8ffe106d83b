"""Publishing is safe against other processes: a writer of the target, a stale write-ahead
log, and a second build at the same time."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from tiplake.build import build
from tiplake.publish import PublishError, build_lock, check_target


def hold(path, read_only: bool) -> subprocess.Popen:
    code = (
        "import duckdb, sys, time\n"
        f"con = duckdb.connect({str(path)!r}, read_only={read_only})\n"
        "print('ready', flush=True)\n"
        "time.sleep(60)\n"
    )
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "ready"
    return proc


def test_a_process_writing_the_target_makes_the_build_fail_fast_and_names_it(built_copy):
    before = built_copy.db.read_bytes()
    writer = hold(built_copy.db, read_only=False)
    try:
        started = time.monotonic()
        with pytest.raises(PublishError, match=rf"open read-write by process {writer.pid}"):
            built_copy.build()
        assert time.monotonic() - started < 30
    finally:
        writer.kill()
        writer.wait()
    assert built_copy.db.read_bytes() == before


def test_readers_do_not_block_a_rebuild(built_copy):
    reader = hold(built_copy.db, read_only=True)
    try:
        built_copy.build()
    finally:
        reader.kill()
        reader.wait()


def leave_a_stale_wal(db) -> Path:
    """What a crash after a user's write leaves: a write-ahead log beside the file."""
    code = (
        "import duckdb, os\n"
        f"con = duckdb.connect({str(db)!r})\n"
        "con.execute(\"set checkpoint_threshold = '1TB'\")\n"
        "con.execute('create table user_notes (note varchar)')\n"
        "con.execute(\"insert into user_notes values ('mine')\")\n"
        "os._exit(0)\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
    wal = db.with_name(db.name + ".wal")
    assert wal.exists()
    return wal


def test_a_stale_write_ahead_log_is_checkpointed_not_lost(built_copy):
    wal = leave_a_stale_wal(built_copy.db)
    check_target(built_copy.db)  # what the build does before it replaces the file
    assert not wal.exists()
    with duckdb.connect(str(built_copy.db), read_only=True) as con:
        assert con.execute("select note from user_notes").fetchall() == [("mine",)]
    # the log held a table of the user's: the file is theirs now, replaced only when forced
    with pytest.raises(PublishError, match=r"does not own \(user_notes\)"):
        built_copy.build()
    build(built_copy.db, built_copy.project, force=True)
    assert not wal.exists()
    with duckdb.connect(str(built_copy.db), read_only=True) as con:
        assert con.execute("select count(*) from claim").fetchone()[0] >= 370


def test_a_second_build_at_the_same_time_is_refused_with_the_first_ones_pid(built_copy):
    with build_lock(built_copy.db):
        with pytest.raises(PublishError, match=r"another build of .* is running \(process \d+\)"):
            built_copy.build()
    built_copy.build()  # the lock is released


def test_a_stale_wal_while_a_reader_holds_the_file_is_a_clear_error(built_copy):
    """The log cannot be folded in while a reader holds the file: the build stops and says
    so; the file and its log stay as they were (they hold the user's write)."""
    wal = leave_a_stale_wal(built_copy.db)
    reader = hold(built_copy.db, read_only=True)
    try:
        before = built_copy.db.read_bytes(), wal.read_bytes()
        with pytest.raises(PublishError, match=r"user_notes|\.wal holds changes") as caught:
            built_copy.build()
        assert f"process {reader.pid}" in str(caught.value)
        assert (built_copy.db.read_bytes(), wal.read_bytes()) == before
    finally:
        reader.kill()
        reader.wait()
    # once the reader is gone, the log is folded in (and, forced, the build replaces the file)
    build(built_copy.db, built_copy.project, force=True)
    assert not wal.exists()
    with duckdb.connect(str(built_copy.db), read_only=True) as con:
        assert con.execute("select count(*) from claim").fetchone()[0] > 0
