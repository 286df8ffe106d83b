"""Concurrency: readers never see an error or a half-built database while the file is rebuilt,
and two `tiplake build` processes at once leave one valid file.

(tests/test_publish.py holds the other cases: a writer holding the target, a stale write-ahead
log, the build lock.)
"""

from __future__ import annotations

import json
import subprocess
import sys

import duckdb
import pytest

CLAIMS = "seeds/claims/tip-2025-aze.yaml"
ID_A = "tip-2025-aze:tier-2024-remained"
ID_B = "tip-2025-aze:tier-2024-still"
REBUILDS = 20

READER = r"""
import json, os, sys, time
import duckdb, tiplake

path, id_a, id_b, stop, kind, shape = sys.argv[1:7]
seen, errors, db = [], [], None
while not os.path.exists(stop):
    try:
        if kind == "api-refresh":  # a notebook: one connection, refresh() after each rebuild
            db = tiplake.connect(path) if db is None else db.refresh()
            con = db
        else:  # a script: a fresh read-only connection each time
            con = duckdb.connect(path, read_only=True)
        row = con.execute(
            "select count(*), count(*) filter (where claim_id = ?), "
            "count(*) filter (where claim_id = ?), count(distinct report_id) from claim_detail",
            [id_a, id_b],
        ).fetchone()
        counts = con.execute(shape).fetchone()
        if kind != "api-refresh":
            con.close()
        seen.append([*row, *counts])
    except Exception as e:  # the test fails on any
        errors.append(f"{type(e).__name__}: {e}")
    time.sleep(0.01)
print(json.dumps({"seen": seen, "errors": errors}))
"""


# The rows of _meta, the views and the tables of the database a connection sees.
SHAPE = (
    "select (select count(*) from _meta), "
    "(select count(*) from duckdb_views() "
    "where database_name = current_database() and not internal), "
    "(select count(*) from duckdb_tables() where database_name = current_database())"
)


def snapshot(db) -> list:
    """Claims, reports, views and tables of the published file."""
    with duckdb.connect(str(db), read_only=True) as con:
        n, reports = con.execute(
            "select count(*), count(distinct report_id) from claim_detail"
        ).fetchone()
        _meta, views, tables = con.execute(SHAPE).fetchone()
    return [n, reports, views, tables]


@pytest.mark.slow
def test_readers_never_error_nor_see_a_half_built_database_during_20_rebuilds(built_copy, tmp_path):
    n, reports, views, tables = snapshot(built_copy.db)
    stop = tmp_path / "stop"
    kinds = ["duckdb", "duckdb", "api-refresh"]
    readers = [
        subprocess.Popen(
            [sys.executable, "-c", READER, str(built_copy.db), ID_A, ID_B, str(stop), kind, SHAPE],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for kind in kinds
    ]
    try:
        for i in range(REBUILDS):
            old, new = ("tier-2024-remained", "tier-2024-still")[:: 1 if i % 2 == 0 else -1]
            built_copy.replace(CLAIMS, f"  - id: {old}\n", f"  - id: {new}\n")
            built_copy.build()  # readers never block a rebuild
    finally:
        stop.touch()
        outputs = [r.communicate(timeout=60) for r in readers]
    for kind, (out, err), reader in zip(kinds, outputs, readers, strict=True):
        assert reader.returncode == 0, err
        result = json.loads(out)
        assert result["errors"] == [], f"{kind} reader: {result['errors'][:3]}"
        assert len(result["seen"]) >= REBUILDS, f"{kind} reader read only {len(result['seen'])}x"
        for count, has_a, has_b, n_reports, meta, n_views, n_tables in result["seen"]:
            # every snapshot is one whole database: all claims, exactly one of the two ids,
            # its _meta row, every view and table
            assert (count, n_reports, meta, n_views, n_tables) == (n, reports, 1, views, tables)
            assert has_a + has_b == 1
    seen = [s for out, _ in outputs for s in json.loads(out)["seen"]]
    assert {s[1] for s in seen} == {0, 1}, "the readers never saw a rebuild happen"
    assert not [p for p in built_copy.db.parent.iterdir() if ".building" in p.name]


BUILD = (
    "import sys\n"
    "from pathlib import Path\n"
    "import tiplake.cli\n"
    "from tiplake.project import Project\n"
    "tiplake.cli.PROJECT = Project(Path(sys.argv[1]))\n"
    "tiplake.cli.cli(['build', '--db', sys.argv[2]])\n"
)


@pytest.mark.slow
@pytest.mark.parametrize("spelling", ["same-path", "through-a-symlinked-folder"])
def test_two_tiplake_build_processes_at_once_leave_one_valid_file(built_copy, spelling):
    expected = snapshot(built_copy.db)
    other = built_copy.db
    if spelling != "same-path":
        link = built_copy.root / "alias"
        link.symlink_to(built_copy.db.parent, target_is_directory=True)
        other = link / built_copy.db.name
    outcomes = []
    for _round in range(3):
        procs = [
            subprocess.Popen(
                [sys.executable, "-c", BUILD, str(built_copy.root), str(db)],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for db in (built_copy.db, other)
        ]
        results = [(p.wait(timeout=120), *p.communicate()) for p in procs]
        codes = sorted(code for code, _, _ in results)
        outcomes.append(tuple(codes))
        assert codes in ([0, 0], [0, 1]), results
        for code, out, err in results:
            assert "Traceback" not in err, err
            if code == 0:
                assert out.startswith("built "), out
            else:
                assert "another build of" in err and "is running (process" in err, err
        assert snapshot(built_copy.db) == expected
        leftovers = [
            p.name
            for p in built_copy.db.parent.iterdir()
            if ".building" in p.name or p.name.endswith(".wal")
        ]
        assert leftovers == []
    with duckdb.connect(str(built_copy.db), read_only=True) as con:
        assert con.execute("select count(*) from _meta").fetchone() == (1,)
