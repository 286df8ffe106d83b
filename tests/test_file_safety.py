"""Files handled safely (issue 29): nothing planted on disk bends what the build or `fmt` writes.

The build opens its lock without following a link and refuses one that is not its own plain
file; it writes the new database in a private folder with a random name (tempfile), never at a
name derived from its process id; the publish stamp is written to a fresh
temporary file and renamed into place; the published file is always a regular file; and what
the build removes after killed builds is only what it made. Seed files and folders that are
symlinks (out of the checkout or not) are refused with a problem naming the file and the rule,
and never read; `tiplake fmt` writes only the seed files themselves, by rename, so neither a
symlink nor a hard link carries its write outside the checkout.

Each attack is a test that failed on the code before this change.
"""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

import tiplake.cli
from tiplake import fmt, publish
from tiplake.cli import cli
from tiplake.problems import SeedError
from tiplake.publish import PublishError

CLAIMS = "seeds/claims/tip-2025-aze.yaml"
PRECIOUS = b"years of work\n"
SECRET = "SECRET_FROM_OUTSIDE_THE_CHECKOUT"
TELLTALE = f"{SECRET}: 1\n{SECRET}: 2\n"  # a duplicate key: reading the file reports it by name


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


# --- the stamp ----------------------------------------------------------------------------------


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


# --- seed files ---------------------------------------------------------------------------------


def _outside_copy(copy, rel: str, tmp_path: Path) -> Path:
    """A copy of the seed file `rel` outside the checkout, with a field that would be reported
    (naming SECRET) if the file were ever read."""
    out = tmp_path / "outside" / Path(rel).name
    out.parent.mkdir(exist_ok=True)
    out.write_text(copy.path(rel).read_text(encoding="utf-8") + TELLTALE, "utf-8")
    return out


@pytest.mark.parametrize(
    "rel",
    [
        CLAIMS,
        "seeds/skips/tip-2025-aze.yaml",
        "seeds/vocab/sources.yaml",
        "seeds/documents/manifest.yaml",
    ],
)
def test_a_seed_file_that_is_a_symlink_out_of_the_checkout_is_refused_unread(
    project_copy, tmp_path, rel
):
    """Before: the build followed the link and read (and validated) the outside file."""
    outside = _outside_copy(project_copy, rel, tmp_path)
    project_copy.path(rel).unlink()
    project_copy.path(rel).symlink_to(outside)
    with pytest.raises(SeedError) as info:
        project_copy.build()
    found = {(p.file, p.rule): p.message for p in info.value.problems}
    assert (rel, "file-unreadable") in found, sorted(found)
    assert "symbolic link" in found[(rel, "file-unreadable")]
    assert f"{rel}: -: [file-unreadable]" in str(info.value)
    assert SECRET not in str(info.value)  # never read
    assert not project_copy.db.exists()


def test_a_seed_file_linked_to_another_inside_seeds_is_refused(project_copy):
    path = project_copy.path("seeds/claims/tip-2018-aze.yaml")
    path.unlink()
    path.symlink_to("tip-2025-aze.yaml")
    with pytest.raises(SeedError) as info:
        project_copy.build()
    assert ("seeds/claims/tip-2018-aze.yaml", "file-unreadable") in {
        (p.file, p.rule) for p in info.value.problems
    }


@pytest.mark.parametrize("folder", ["claims", "vocab", "documents", "skips"])
def test_a_seeds_folder_that_is_a_symlink_out_of_the_checkout_is_refused_unread(
    project_copy, tmp_path, folder
):
    """Before: the files of a symlinked folder were read (and reported as they were)."""
    outside = tmp_path / "outside" / folder
    shutil.move(project_copy.path(f"seeds/{folder}"), outside)
    for path in outside.glob("*.yaml"):
        path.write_text(path.read_text(encoding="utf-8") + TELLTALE, "utf-8")
    project_copy.path(f"seeds/{folder}").symlink_to(outside, target_is_directory=True)
    with pytest.raises(SeedError) as info:
        project_copy.build()
    found = {(p.file, p.rule) for p in info.value.problems}
    assert (f"seeds/{folder}", "unexpected-file") in found, sorted(found)
    assert "symlink" in str(info.value)
    assert SECRET not in str(info.value)


def test_a_seeds_folder_that_is_itself_a_symlink_is_refused_unread(project_copy, tmp_path):
    outside = tmp_path / "outside" / "seeds"
    shutil.move(project_copy.path("seeds"), outside)
    path = outside / "claims" / "tip-2025-aze.yaml"
    path.write_text(path.read_text(encoding="utf-8") + TELLTALE, "utf-8")
    project_copy.path("seeds").symlink_to(outside, target_is_directory=True)
    with pytest.raises(SeedError) as info:
        project_copy.build()
    assert ("seeds", "unexpected-file") in {(p.file, p.rule) for p in info.value.problems}
    assert SECRET not in str(info.value)


def test_the_cli_names_a_symlinked_seed_file_in_one_problem_line(
    project_copy, tmp_path, monkeypatch
):
    outside = _outside_copy(project_copy, CLAIMS, tmp_path)
    project_copy.path(CLAIMS).unlink()
    project_copy.path(CLAIMS).symlink_to(outside)
    output = refused_cleanly(
        run_cli(project_copy, monkeypatch, "build", "--db", str(project_copy.db))
    )
    assert f"{CLAIMS}: -: [file-unreadable] it is a symbolic link" in output, output
    assert SECRET not in output


# --- tiplake fmt ----------------------------------------------------------------------------------


def _unformatted(copy, rel: str, tmp_path: Path) -> Path:
    """A copy of `rel` outside the checkout, valid but not in the canonical layout."""
    out = tmp_path / "outside" / Path(rel).name
    out.parent.mkdir(exist_ok=True)
    text = copy.path(rel).read_text(encoding="utf-8")
    out.write_text(text.replace("\n", "\n\n", 1), encoding="utf-8")  # a blank line
    return out


def test_fmt_never_writes_through_a_symlinked_seed_file(project_copy, tmp_path, monkeypatch):
    """Before: fmt followed the link and rewrote the file outside the checkout."""
    outside = _unformatted(project_copy, CLAIMS, tmp_path)
    before = outside.read_bytes()
    project_copy.path(CLAIMS).unlink()
    project_copy.path(CLAIMS).symlink_to(outside)
    _results, problems = fmt.run(project_copy.project.seeds, check=False)
    assert (CLAIMS, "file-unreadable") in {(p.file, p.rule) for p in problems}
    assert outside.read_bytes() == before and project_copy.path(CLAIMS).is_symlink()
    monkeypatch.setattr(tiplake.cli, "PROJECT", project_copy.project)
    output = refused_cleanly(CliRunner().invoke(cli, ["fmt"]))
    assert f"{CLAIMS}: -: [file-unreadable] it is a symbolic link" in output, output
    assert outside.read_bytes() == before


def test_fmt_never_writes_into_a_symlinked_seeds_folder(project_copy, tmp_path):
    outside = tmp_path / "outside" / "claims"
    shutil.move(project_copy.path("seeds/claims"), outside)
    path = outside / "tip-2025-aze.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("\n", "\n\n", 1), "utf-8")
    before = {p.name: p.read_bytes() for p in outside.iterdir()}
    project_copy.path("seeds/claims").symlink_to(outside, target_is_directory=True)
    _results, problems = fmt.run(project_copy.project.seeds, check=False)
    assert ("seeds/claims", "unexpected-file") in {(p.file, p.rule) for p in problems}
    assert {p.name: p.read_bytes() for p in outside.iterdir()} == before


def test_fmt_replaces_a_hard_linked_seed_file_and_leaves_its_other_name_alone(
    project_copy, tmp_path
):
    """Before: fmt rewrote the file in place, so a hard link outside the checkout changed too."""
    outside = _unformatted(project_copy, CLAIMS, tmp_path)
    before = outside.read_bytes()
    mode = stat.S_IMODE(os.stat(outside).st_mode)
    project_copy.path(CLAIMS).unlink()
    os.link(outside, project_copy.path(CLAIMS))
    results, problems = fmt.run(project_copy.project.seeds, check=False)
    assert not problems and [r.path.name for r in results if r.changed] == ["tip-2025-aze.yaml"]
    assert outside.read_bytes() == before
    inside = project_copy.path(CLAIMS)
    assert inside.read_bytes() != before and stat.S_IMODE(os.stat(inside).st_mode) == mode
    assert os.stat(inside).st_nlink == 1
    assert not [p for p in inside.parent.iterdir() if p.name.startswith(".")]  # no temporary left
    project_copy.build()  # the formatted file is valid
    assert claims_in(project_copy.db) == 410


def test_fmt_check_writes_nothing(project_copy, tmp_path):
    outside = _unformatted(project_copy, CLAIMS, tmp_path)
    shutil.copyfile(outside, project_copy.path(CLAIMS))
    before = project_copy.path(CLAIMS).read_bytes()
    results, problems = fmt.run(project_copy.project.seeds, check=True)
    assert not problems and any(r.changed for r in results)
    assert project_copy.path(CLAIMS).read_bytes() == before
