"""The two promises, attacked: using the database changes nothing, and nothing left on disk
can make the build publish a number its quote does not state.

Each test here failed on the main branch before the fix it names (issue 13): a query that
wrote a file or re-opened the published file read-write, a cache entry that was trusted
(since issue 32 nothing is cached; a tampered previous database and its stamp are), a
claims file left out silently, a target that was not tiplake's replaced, an export killed into
a mix, a traceback. Kill loops (`kill -9` at a random moment) check that the published file and
the export are always whole and that the next run succeeds.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner
from conftest import REPO, ProjectCopy
from test_validation import assert_fails, digest

import tiplake
import tiplake.cli
from tiplake.build import build
from tiplake.cli import cli
from tiplake.publish import PublishError

CLAIMS = "seeds/claims/tip-2025-aze.yaml"


def run(*args: str, env: dict | None = None):
    """`tiplake ARGS` in-process: never a traceback, whatever the outcome."""
    result = CliRunner(env=env).invoke(cli, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    return result


def files_under(folder: Path) -> dict[str, str]:
    """Every file under `folder` with the sha256 of its bytes (what a write would change)."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def published(tmp_path_factory, built_db) -> Path:
    """A private copy of the built database in a folder of its own."""
    path = tmp_path_factory.mktemp("published") / "tiplake.duckdb"
    shutil.copy(built_db, path)
    return path


# --- 1. queries write nothing ---------------------------------------------------------------------


def _writes(folder: Path, db: Path) -> list[str]:
    """SQL that writes a file, a database or a setting, aimed at `folder` and the file `db`."""
    out = folder / "out"
    return [
        f"copy (select * from claim) to '{out}.csv'",
        f"select 1; copy (select 1) to '{out}-2.csv'",
        f"attach '{out}.duckdb' as e (read_only false)",
        f"set log_query_path = '{out}.log'",
        f"export database '{out}-export'",
        f"use memory; detach tiplake; attach '{db}' as tiplake; delete from tiplake.claim",
        f"use memory; detach tiplake; attach '{db}' as t2 (read_only false); drop table t2.claim",
        f"attach '{db}.wal' as w (read_only false)",
        "install httpfs",
        "set enable_external_access = true",
        "reset lock_configuration",
        f"select * from read_csv('{REPO / 'seeds' / 'documents' / 'manifest.yaml'}')",
        "delete from claim",
        "create table mine as select 1 as x",
    ]


def test_tiplake_query_writes_no_file_database_or_setting(published):
    before = files_under(published.parent)
    for sql in _writes(published.parent, published):
        result = run("query", sql, "--db", str(published))
        assert result.exit_code == 1, (sql, result.output)
        assert files_under(published.parent) == before, sql
    assert run("query", "checkpoint", "--db", str(published)).exit_code == 0  # a no-op here
    assert files_under(published.parent) == before


def test_connect_cannot_write_nor_reopen_the_file_read_write(published):
    before = files_under(published.parent)
    for sql in _writes(published.parent, published):
        with tiplake.connect(published) as db, pytest.raises(duckdb.Error):
            db.execute(sql)
    # scratch tables in the connection's own memory are allowed, and vanish with it
    with tiplake.connect(published) as db:
        db.execute("use memory; create table scratch as select 1 as x")
        assert db.execute("select x from memory.scratch").fetchall() == [(1,)]
    assert files_under(published.parent) == before


def test_a_users_file_is_read_only_when_named_and_never_written(published, tmp_path):
    mine = tmp_path / "mine.csv"
    mine.write_text("claim_id,flag\ntip-2018-aze:victims-identified-2017,checked\n")
    before = files_under(tmp_path) | files_under(published.parent)
    result = run(
        "query",
        "select c.value, m.flag from claim c join mine m using (claim_id)",
        "--read",
        f"mine={mine}",
        "--db",
        str(published),
        "--format",
        "csv",
    )
    assert result.exit_code == 0 and result.output == "value,flag\n71,checked\n"
    with tiplake.connect(published, read={"mine": mine}) as db:
        assert db.execute("select count(*) from mine").fetchone() == (1,)
        with pytest.raises(duckdb.Error):
            db.execute(f"copy mine to '{tmp_path / 'copy.csv'}'")
    assert run("query", f"select * from read_csv('{mine}')", "--db", str(published)).exit_code == 1
    assert files_under(tmp_path) | files_under(published.parent) == before


# --- 2. nothing under build/ is trusted ----------------------------------------------------------
# A build reads, under build/, only the previous database (a rebuild starts from a copy of it)
# and its publish stamp (publish.py: the file's identity and the sha256 of its content). Each
# is rewritten here as an attacker who can write build/ would, the stamp forged to match the
# tampered file; the build that follows publishes nothing forged (issue 32).

VICTIMS_2017 = "tip-2018-aze:victims-identified-2017"


def _value(db: Path, claim_id: str):
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute("select value from claim where claim_id = ?", [claim_id]).fetchone()


def _forge_stamp(db: Path) -> None:
    """Rewrite the publish stamp to match the file as it is now, sha256 and all."""
    st = db.stat()
    stamp = db.parent / ".cache" / "published" / f"{db.name}.json"
    stamp.write_text(
        json.dumps(
            {
                "size": st.st_size,
                "mtime_ns": st.st_mtime_ns,
                "ctime_ns": st.st_ctime_ns,
                "inode": st.st_ino,
                "sha256": hashlib.sha256(db.read_bytes()).hexdigest(),
            }
        )
    )


TAMPERING = {
    # (SQL run on the published file, what the build says of it; None: says nothing)
    "a-value": (
        f"update claim set value = 9100 where claim_id = '{VICTIMS_2017}'",
        "[value-read-back] value_text's 71 reads 71, not the claim's 9100",
    ),
    "a-value-and-its-words": (
        f"update claim set value = 9100, value_text = '9100' where claim_id = '{VICTIMS_2017}'",
        "[value-read-back] value_text's 9100 is not in the quote read whole",
    ),
    "a-quote": (
        "update claim set value = 9100, value_text = '9100', quote = replace(quote, '71', '9100')"
        f" where claim_id = '{VICTIMS_2017}'",
        "[quote-read-back] the quote is not the document's text at characters",
    ),
    "a-document": (
        "update document set text = text || ' 9100' where report_id = 'tip-2018-aze'",
        "[document-read-back] the document's text in the database has sha256",
    ),
    "a-planted-view": (
        "create view victims as select 9100 as value",
        "holds tables or views sql/ and migrations/ do not declare, or lacks some (victims)",
    ),
    "a-view-redefined": (
        "create or replace view claim_detail as select * replace (9100 as value) from stg_claim",
        None,  # the rebuild creates every view again from sql/
    ),
}


@pytest.mark.parametrize("forged", [True, False], ids=["stamp-forged", "stamp-left"])
@pytest.mark.parametrize("tampering", list(TAMPERING))
def test_a_tampered_previous_database_publishes_nothing_forged(built_copy, tampering, forged):
    sql, said = TAMPERING[tampering]
    assert _value(built_copy.db, VICTIMS_2017) == (71,)
    with duckdb.connect(str(built_copy.db)) as con:
        con.execute(sql)
    if forged:
        _forge_stamp(built_copy.db)
    built_copy.replace(CLAIMS, "  - id: tier-2024-remained\n", "  - id: tier-2024-still\n")
    if tampering == "a-planted-view" and not forged:  # a file with views of its own, unstamped:
        with pytest.raises(PublishError, match=r"does not own \(victims\)"):  # a user's copy
            built_copy.build()
        with duckdb.connect(str(built_copy.db)) as con:
            con.execute("drop view victims")  # left as it was: the user's to remove
    result = built_copy.build()  # one claims file changed: a rebuild, if the file is trusted
    assert _value(built_copy.db, VICTIMS_2017) == (71,)
    with duckdb.connect(str(built_copy.db), read_only=True) as con:
        views = {
            n
            for (n,) in con.execute(
                "select view_name from duckdb_views() where not internal"
            ).fetchall()
        }
        assert "victims" not in views
        assert con.execute(
            f"select value from claim_detail where claim_id = '{VICTIMS_2017}'"
        ).fetchone() == (71,)
        assert con.execute("select count(*) from claim").fetchone() == (410,)
    if forged and said:
        assert len(result.notices) == 1 and said in result.notices[0], result.notices
        assert result.notices[0].startswith("a full build: ")
    assert len(result.notices) <= 1


def test_a_stamp_whose_sha256_is_not_the_files_means_a_full_build(built_copy):
    with duckdb.connect(str(built_copy.db)) as con:
        con.execute(f"update claim set note = 'edited' where claim_id = '{VICTIMS_2017}'")
    stamp = built_copy.db.parent / ".cache" / "published" / f"{built_copy.db.name}.json"
    recorded = json.loads(stamp.read_text())["sha256"]
    _forge_stamp(built_copy.db)  # the identity of the file as it is, the old content's sha256
    stamp.write_text(json.dumps({**json.loads(stamp.read_text()), "sha256": recorded}))
    built_copy.replace(CLAIMS, "  - id: tier-2024-remained\n", "  - id: tier-2024-still\n")
    result = built_copy.build()
    assert result.notices == [
        "a full build: the previous file its content's sha256 is not the one recorded when it "
        "was published"
    ]
    with duckdb.connect(str(built_copy.db), read_only=True) as con:
        assert con.execute(
            f"select note from claim where claim_id = '{VICTIMS_2017}'"
        ).fetchone() != ("edited",)


def test_the_build_reads_no_pickle_and_runs_no_code_from_build(built_copy, tmp_path):
    marker = tmp_path / "pwned"

    class Payload:
        def __reduce__(self):
            return (os.system, (f"touch {marker}",))

    import pickle

    for folder in ("parsed/ab", "claims/cd", "published"):
        where = built_copy.db.parent / ".cache" / folder
        where.mkdir(parents=True, exist_ok=True)
        (where / "entry.pickle").write_bytes(pickle.dumps(Payload()))
        (where / "entry.json").write_bytes(pickle.dumps(Payload()))
    build(built_copy.db, built_copy.project, full=True)
    build(built_copy.db, built_copy.project)
    assert not marker.exists()
    source = "\n".join(p.read_text() for p in (REPO / "tiplake").rglob("*.py"))
    assert "import pickle" not in source and "pickle.load" not in source


def test_the_rebuilds_inputs_hold_all_the_code_validation_runs():
    """Every module validation imports is hashed into the rebuild's input `*` (a change to
    any of them is a full build, whose rows all pass the changed rules)."""
    import ast

    def file_of(module: str) -> str | None:  # tiplake.rules -> rules/__init__.py; None: no module
        rel = "/".join(module.split(".")[1:])
        for name in (f"{rel}/__init__.py", f"{rel}.py"):
            if (REPO / "tiplake" / name).is_file():
                return name
        return None

    def imports(name: str) -> set[str]:
        tree = ast.parse((REPO / "tiplake" / name).read_text())
        found = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("tiplake."):
                for alias in node.names:
                    found.add(file_of(f"{node.module}.{alias.name}") or file_of(node.module))
            elif isinstance(node, ast.ImportFrom) and node.module == "tiplake":
                found |= {file_of("tiplake." + alias.name) for alias in node.names}
        return found - {None}

    closure, todo = set(), ["build.py"]
    while todo:
        name = todo.pop()
        if name in closure:
            continue
        closure.add(name)
        todo += imports(name)
    hashed = {p.name for p in (REPO / "tiplake").glob("*.py")} | {
        f"rules/{p.name}" for p in (REPO / "tiplake" / "rules").glob("*.py")
    }
    assert "rules/readback.py" in closure and "numbers.py" in closure
    assert closure <= hashed, closure - hashed


# --- 3. seeds fail loudly ------------------------------------------------------------------------


def test_a_claims_file_misnamed_or_moved_is_an_error_not_claims_left_out(built_copy):
    src = built_copy.path(CLAIMS)
    src.rename(src.with_suffix(".yml"))
    assert_fails(built_copy, ("seeds/claims/tip-2025-aze.yml", "-", "unexpected-file"))
    src.with_suffix(".yml").rename(src)
    sub = built_copy.path("seeds/claims/2025")
    sub.mkdir()
    src.rename(sub / src.name)
    assert_fails(built_copy, ("seeds/claims/2025/tip-2025-aze.yaml", "-", "unexpected-file"))
    (sub / src.name).rename(src)
    built_copy.path("seeds/vocab/indicators.yaml.bak").write_text("indicators: []\n")
    built_copy.path("seeds/documents/draft.txt").write_text("a document nobody lists\n")
    assert_fails(
        built_copy,
        ("seeds/vocab/indicators.yaml.bak", "-", "unexpected-file"),
        ("seeds/documents/draft.txt", "-", "unexpected-file"),
    )


BOMB = b"""report_id: tip-2025-aze
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
claims: [*g]
"""


def test_an_alias_bomb_is_refused_at_once_with_a_short_message(built_copy):
    built_copy.path(CLAIMS).write_bytes(BOMB)
    started = time.monotonic()
    err = assert_fails(built_copy, (CLAIMS, "-", "yaml-anchor"))
    assert time.monotonic() - started < 10
    assert len(str(err)) < 2000
    # an alias alone, without the bomb, is refused too
    text = (REPO / CLAIMS).read_text(encoding="utf-8")
    built_copy.path(CLAIMS).write_text(
        text.replace("  - id: tier-2024-remained\n", "  - &first\n    id: tier-2024-remained\n", 1),
        encoding="utf-8",
    )
    assert_fails(built_copy, (CLAIMS, "-", "yaml-anchor"))


def test_a_fifo_under_seeds_is_refused_without_hanging(built_copy):
    os.mkfifo(built_copy.path("seeds/claims/tip-2030-aze.yaml"))
    os.mkfifo(built_copy.path("seeds/vocab/units-extra.yaml"))
    os.mkfifo(built_copy.path("seeds/notes"))
    script = (
        "import sys\nfrom pathlib import Path\nfrom tiplake.build import build\n"
        "from tiplake.project import Project\nfrom tiplake.problems import SeedError\n"
        "try:\n    build(Path(sys.argv[2]), Project(Path(sys.argv[1])))\n"
        "except SeedError as e:\n    print(e)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(built_copy.root), str(built_copy.db)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "seeds/claims/tip-2030-aze.yaml: -: [file-unreadable] it is a named pipe" in done.stdout
    assert "seeds/vocab/units-extra.yaml: -: [file-unreadable] it is a named pipe" in done.stdout
    assert "seeds/notes: -: [unexpected-file]" in done.stdout


def test_two_parts_of_one_sentence_swapped_are_refused(built_copy):
    """ "including one labor trafficking and 90 sex trafficking victims": on main, labour 90
    and sexual 1 were published and consistency_check said the parts add up."""
    text = built_copy.path(CLAIMS).read_text(encoding="utf-8")
    labour = "    value: 1\n    value_text: including one labor trafficking\n"
    sexual = "    value: 90\n    value_text: 90 sex trafficking victims\n"
    assert text.count(labour) == 1 and text.count(sexual) == 1
    swapped = (
        text.replace(labour, "@").replace(sexual, "    value: 1\n").replace("@", "    value: 90\n")
    )
    built_copy.path(CLAIMS).write_text(swapped, encoding="utf-8")
    assert_fails(
        built_copy,
        (CLAIMS, "tip-2025-aze:victims-identified-2024-media-labour", "value-ambiguous"),
        (CLAIMS, "tip-2025-aze:victims-identified-2024-media-sexual", "value-ambiguous"),
    )
    # value_text swapped with its value: the words do not state the value
    built_copy.path(CLAIMS).write_text(
        text.replace(labour, "@")
        .replace(sexual, "    value: 1\n    value_text: 90 sex trafficking victims\n")
        .replace("@", "    value: 90\n    value_text: including one labor trafficking\n"),
        encoding="utf-8",
    )
    assert_fails(
        built_copy,
        (CLAIMS, "tip-2025-aze:victims-identified-2024-media-labour", "value-not-in-quote"),
        (CLAIMS, "tip-2025-aze:victims-identified-2024-media-sexual", "value-not-in-quote"),
    )


# --- 4. only tiplake's own databases are replaced -----------------------------------------------


def test_database_paths_that_are_not_databases_are_clear_errors(published, tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("my notes\n")
    for target, expected in [
        (tmp_path, "is a directory"),
        (notes, "is not a DuckDB database"),
        (tmp_path / "none.duckdb", "no database at"),
    ]:
        for args in (["query", "select 1"], ["show", "x"], ["conflicts"], ["schema"]):
            result = run(*args, "--db", str(target))
            assert result.exit_code != 0 and expected in result.output, (args, result.output)
        result = run("query", "select 1", env={"TIPLAKE_DB": str(target)})
        assert result.exit_code == 1 and expected in result.output
    with pytest.raises(tiplake.api.DatabaseError, match="is not a DuckDB database"):
        tiplake.connect(notes)
    assert notes.read_text() == "my notes\n"


@pytest.mark.slow
def test_build_replaces_only_a_database_it_built_unless_forced(project_copy, monkeypatch):
    monkeypatch.setattr(tiplake.cli, "PROJECT", project_copy.project)
    folder = project_copy.root / "mine"
    folder.mkdir()
    notes = folder / "notes.txt"
    notes.write_text("my notes\n")
    result = run("build", "--db", str(notes))
    assert result.exit_code == 1 and "is not a DuckDB database" in result.output
    assert "--force" in result.output and notes.read_text() == "my notes\n"
    assert [p.name for p in folder.iterdir()] == ["notes.txt"]  # no lock, no cache beside it
    result = run("build", "--db", str(folder))
    assert result.exit_code != 0 and "directory" in result.output
    # a user's migrated copy, with a table of their own, through TIPLAKE_DB
    copy = folder / "my-copy.duckdb"
    assert run("build", "--db", str(copy)).exit_code == 0
    with duckdb.connect(str(copy)) as con:
        con.execute("create table my_findings as select 1 as x")
    assert run("migrate", "--db", str(copy)).exit_code == 0
    before = digest(copy)
    result = run("build", env={"TIPLAKE_DB": str(copy)})
    assert result.exit_code == 1 and "my_findings" in result.output
    assert digest(copy) == before
    assert run("build", "--force", env={"TIPLAKE_DB": str(copy)}).exit_code == 0
    assert run("build", "--force", "--db", str(notes)).exit_code == 0  # asked for: replaced
    with duckdb.connect(str(notes), read_only=True) as con:
        assert con.execute("select count(*) from claim").fetchone()[0] == 410


def test_migrate_does_not_create_a_database_from_a_typo(tmp_path):
    typo = tmp_path / "typo.duckdb"
    result = run("migrate", "--db", str(typo))
    assert result.exit_code == 1 and "--create" in result.output and not typo.exists()
    assert run("migrate", "--db", str(typo), "--create").exit_code == 0 and typo.exists()
    notes = tmp_path / "notes.txt"
    notes.write_text("mine")
    result = run("migrate", "--db", str(notes))
    assert result.exit_code == 1 and "not a DuckDB database" in result.output
    assert notes.read_text() == "mine"


def test_a_symlinked_target_keeps_its_link_and_its_file_is_replaced(project_copy):
    real = project_copy.root / "data" / "tiplake.duckdb"
    real.parent.mkdir()
    link = project_copy.root / "build" / "tiplake.duckdb"
    link.parent.mkdir()
    link.symlink_to(real)
    build(link, project_copy.project)
    assert link.is_symlink() and real.is_file()
    first = digest(real)
    project_copy.replace(CLAIMS, "  - id: tier-2024-remained\n", "  - id: tier-2024-still\n")
    build(link, project_copy.project)
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert digest(real) != first
    assert _value(link, "tip-2025-aze:tier-2024-still") is not None
    assert not [p for p in real.parent.iterdir() if ".building" in p.name]


# --- 5. faults: killed builds and exports, full disks, read-only folders -------------------------

_RUNNER = """
import sys
from pathlib import Path
import tiplake.cli as cli
from tiplake.project import Project
cli.PROJECT = Project(Path(sys.argv[1]))
cli.cli(sys.argv[2:])
"""


def _start(copy: ProjectCopy, *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", _RUNNER, str(copy.root), *args],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _kill_at_random(proc: subprocess.Popen, rng: random.Random, longest: float) -> None:
    time.sleep(rng.uniform(0, longest))
    proc.send_signal(signal.SIGKILL)
    proc.wait()


def _kill_while_building(proc: subprocess.Popen, folder: Path) -> None:
    """Kill the build once its temporary file exists (random kills may all miss that window on
    a loaded machine)."""
    deadline = time.monotonic() + 120
    while not any(".building" in p.name for p in folder.iterdir()):
        assert proc.poll() is None and time.monotonic() < deadline, "no temporary file appeared"
        time.sleep(0.01)
    proc.send_signal(signal.SIGKILL)
    proc.wait()


def _whole_database(db: Path) -> None:
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("select count(*) from claim").fetchone()[0] == 410
        assert con.execute("select count(*) from _meta").fetchone()[0] == 1
        assert con.execute("select count(*) from reconciled").fetchone()[0] > 0


def _timed(copy: ProjectCopy, *args: str) -> float:
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-c", _RUNNER, str(copy.root), *args], check=True)
    assert done.returncode == 0
    return time.monotonic() - started


@pytest.mark.slow
def test_ten_builds_killed_at_random_leave_the_published_file_whole(built_copy):
    rng = random.Random(13)
    db = str(built_copy.db)
    longest = _timed(built_copy, "build", "--full", "--db", db)
    for _ in range(10):
        _kill_at_random(_start(built_copy, "build", "--full", "--db", db), rng, longest)
        _whole_database(built_copy.db)
    _kill_while_building(_start(built_copy, "build", "--full", "--db", db), built_copy.db.parent)
    _whole_database(built_copy.db)
    left = [p.name for p in built_copy.db.parent.iterdir() if ".building" in p.name]
    assert left  # the kills left temporary files behind ...
    _timed(built_copy, "build", "--full", "--db", db)
    _whole_database(built_copy.db)
    assert not [p.name for p in built_copy.db.parent.iterdir() if ".building" in p.name]
    cache = built_copy.db.parent / ".cache"
    assert not [p for p in cache.rglob(".*.tmp")]  # ... which the next build removed


def _whole_export(out: Path) -> None:
    """Every file the descriptor lists is there with its hash, and nothing else."""
    descriptor = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    listed = {"datapackage.json"}
    for resource in descriptor["resources"]:
        paths = resource["path"] if isinstance(resource["path"], list) else [resource["path"]]
        listed.update(paths)
        # a flat Parquet file has its hash and no bytes (frictionless cannot measure it), a
        # lake's multipart resource its bytes and no hash, a CSV file both
        assert "hash" in resource or "bytes" in resource, paths[0]
        if "hash" in resource:
            data = (out / paths[0]).read_bytes()
            assert resource["hash"] == "sha256:" + hashlib.sha256(data).hexdigest(), paths[0]
        if "bytes" in resource:
            assert sum((out / p).stat().st_size for p in paths) == resource["bytes"]
    present = {str(p.relative_to(out)) for p in out.rglob("*") if p.is_file()}
    assert present == listed


@pytest.mark.slow
@pytest.mark.parametrize(
    "args",
    [
        pytest.param(("--format", "parquet"), id="flat-parquet"),
        pytest.param(("--format", "csv"), id="flat-csv"),
        pytest.param(("--format", "parquet", "--partition-by", "country_iso3,year_to"), id="lake"),
    ],
)
def test_ten_exports_killed_at_random_leave_the_previous_export_or_the_new_one(built_copy, args):
    rng = random.Random(7)
    out = built_copy.root / "exports"
    command = ("export", "--db", str(built_copy.db), "--out", str(out), *args)
    longest = _timed(built_copy, *command)
    _whole_export(out)
    for _ in range(10):
        _kill_at_random(_start(built_copy, *command), rng, longest)
        _whole_export(out)
    _timed(built_copy, *command)
    _whole_export(out)
    assert not [p for p in out.parent.iterdir() if p.name.startswith(".exports.")]


def test_an_export_refuses_a_folder_that_holds_other_files(published, tmp_path):
    (tmp_path / "thesis.docx").write_text("years of work")
    result = run("export", "--db", str(published), "--out", str(tmp_path))
    assert result.exit_code == 1 and "thesis.docx" in result.output
    assert (tmp_path / "thesis.docx").read_text() == "years of work"


def _unshare_available() -> str | None:
    if shutil.which("unshare") is None:
        return "no unshare command"
    probe = subprocess.run(
        ["unshare", "-rm", "sh", "-c", "mount -t tmpfs -o size=1m tmpfs /mnt"],
        capture_output=True,
        text=True,
    )
    return None if probe.returncode == 0 else f"cannot mount a tmpfs: {probe.stderr.strip()}"


NO_MOUNT = _unshare_available()


@pytest.mark.slow
@pytest.mark.skipif(NO_MOUNT is not None, reason=f"a small file system is needed: {NO_MOUNT}")
def test_a_full_disk_and_a_read_only_folder_are_one_line_and_the_old_file_stays(built_copy):
    """In a private mount namespace (unshare), a 20 MB tmpfs holds the database; it is then
    made read-only, then filled, and the build run each time."""
    mnt = built_copy.root / "mnt"
    mnt.mkdir()
    db = mnt / "tiplake.duckdb"
    tiplake_ = f"{sys.executable} -c '{_RUNNER}' {built_copy.root}"
    script = f"""
set -u
mount -t tmpfs -o size=20m tmpfs {mnt}
{tiplake_} build --db {db} > /dev/null || exit 90
sha256sum {db} > {built_copy.root}/before
mount -o remount,ro {mnt}
{tiplake_} build --full --db {db} > {built_copy.root}/ro.out 2>&1; echo $? > {built_copy.root}/ro.rc
mount -o remount,rw {mnt}
head -c $(( $(df --output=avail -B1 {mnt} | tail -1) - 200000 )) /dev/zero > {mnt}/filler
{tiplake_} build --full --db {db} > {built_copy.root}/full.out 2>&1; echo $? > {built_copy.root}/full.rc
sha256sum {db} > {built_copy.root}/after
ls -a {mnt} > {built_copy.root}/left
"""
    done = subprocess.run(["unshare", "-rm", "sh", "-c", script], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    root = built_copy.root
    for name, reason in (("ro", "Read-only file system"), ("full", "No space left on device")):
        output = (root / f"{name}.out").read_text()
        assert (root / f"{name}.rc").read_text().strip() == "1"
        assert reason in output and "Nothing was published" in output, output
        assert "Traceback" not in output and len(output.strip().splitlines()) == 1, output
    assert (root / "before").read_text() == (root / "after").read_text()
    assert not [n for n in (root / "left").read_text().split() if ".building" in n]


# --- 6. small things -----------------------------------------------------------------------------


def test_arguments_that_are_not_utf8_are_a_usage_error(published):
    for args in (
        ["show", "\udcff\udcfe"],
        ["conflicts", "--indicator", "\udcff"],
        ["query", "select '\udcff'"],
    ):
        result = run(*args, "--db", str(published))
        assert result.exit_code == 2 and "not valid UTF-8" in result.output, args


def test_escape_sequences_are_refused_in_seeds_and_never_printed_raw(built_copy, tmp_path):
    built_copy.replace(
        CLAIMS,
        "  - id: tier-2025\n",
        '  - id: tier-2025\n    note: "\\e]0;pwned\\a\\e[31mred"\n',
    )
    assert_fails(built_copy, (CLAIMS, "-", "control-character"))
    # a database built elsewhere may hold them: show and query print them as escapes
    db = tmp_path / "elsewhere.duckdb"
    shutil.copy(built_copy.db, db)
    with duckdb.connect(str(db)) as con:
        for table in ("claim", "_stored_stg_claim"):  # claim_detail reads the stored rows
            con.execute(
                f"update {table} set note = chr(27) || '[31mred' where claim_id = ?",
                ["tip-2025-aze:tier-2024-remained"],
            )
    for args in (
        ["show", "tip-2025-aze:tier-2024-remained"],
        ["query", "select note from claim where note like '%red'"],
        ["query", "select note from claim where note like '%red'", "--format", "markdown"],
    ):
        result = run(*args, "--db", str(db))
        assert (
            result.exit_code == 0
            and "\x1b" not in result.output
            and "\\x1b[31mred" in result.output
        )


def test_did_you_mean_takes_percent_and_underscore_literally(published):
    for value in ("%", "_", "tip_2025"):
        result = run("show", value, "--db", str(published))
        assert result.exit_code == 1 and "Did you mean" not in result.output, value
    result = run("show", "victims-identified-2024", "--db", str(published))
    assert "tip-2025-aze:victims-identified-2024-media" in result.output


def test_an_unknown_field_is_one_problem_not_three(built_copy):
    built_copy.replace(
        CLAIMS,
        "  - id: victims-identified-2024-media\n",
        "  - id: victims-identified-2024-media\n    colour: blue\n",
    )
    err = assert_fails(
        built_copy, (CLAIMS, "tip-2025-aze:victims-identified-2024-media", "unknown-field")
    )
    assert [p.rule for p in err.problems] == ["unknown-field"]
