"""The benchmark's synthetic corpus (bench/generate.py) is a valid seed set in the canonical
layout, and the real build builds it unchanged: a benchmark of seeds the build refuses
measures nothing (issue 19; the generator had fallen behind issues 13-15: value_text, sums,
categories)."""

from __future__ import annotations

import sys
from pathlib import Path

import duckdb
import pytest

from tiplake.build import build
from tiplake.fmt import run
from tiplake.project import Project
from tiplake.seeds import read_seeds
from tiplake.validate import validate

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
import generate  # noqa: E402

# Slow: builds the synthetic benchmark corpus and runs the benchmark: `make test-slow`
pytestmark = pytest.mark.slow


def test_the_synthetic_corpus_is_valid_canonical_and_builds(tmp_path):
    shape = generate.generate(3000, tmp_path / "corpus")
    assert shape["claims"] == 3000
    seeds = tmp_path / "corpus" / "seeds"

    validated = validate(read_seeds(seeds))
    assert validated.problems == []

    results, problems = run(seeds, check=True)
    assert problems == []
    assert len(results) > 15
    assert [r.path for r in results if r.changed] == []

    db = tmp_path / "bench.duckdb"
    result = build(db, Project(tmp_path / "corpus"))
    assert result.counts["claim"] == 3000
    with duckdb.connect(str(db), read_only=True) as con:
        sums = con.execute(
            "select count(*), count(*) filter (is_complete) from claim_sum"
        ).fetchone()
        texts = con.execute("select count(value_text) from claim").fetchone()[0]
    assert sums[0] > 50 and 0 < sums[1] < sums[0]  # complete breakdowns, and a few that are not
    assert texts > 2000


def test_every_view_has_a_typical_query_that_runs(con):
    """bench/run.py times a typical query per view: each names the view's current columns (the
    benchmark had fallen behind the views of issue 16)."""
    import run

    views = {
        r[0]
        for r in con.execute("select view_name from duckdb_views() where not internal").fetchall()
    }
    marts = {v for v in views if not v.startswith("stg_")}
    assert marts <= set(run.TYPICAL)
    for name, sql in run.TYPICAL.items():
        assert name in views, name
        con.execute(sql).fetchall()


def test_the_benchmark_runs_and_writes_every_target(tmp_path):
    """`make bench` end to end at a small size (one run of each real-corpus command, no
    earlier commit): every table is written with figures, each target says met or missed, and
    the hand-written analysis after the marker is kept."""
    import subprocess

    results = tmp_path / "RESULTS.md"
    results.write_text(
        "old figures\n<!-- analysis: written by hand, kept by bench/run.py -->\nkept\n"
    )
    run_ = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "run.py"), "--sizes", "1500", "--runs", "1",
         "--write", str(results)],
        capture_output=True, text=True, cwd=ROOT,
    )  # fmt: skip
    assert run_.returncode == 0, run_.stderr[-3000:]
    text = results.read_text()
    assert "old figures" not in text and text.endswith("kept\n")
    assert "Command: `python bench/run.py --sizes 1500 --runs 1`" in text
    main_row = next(line for line in text.splitlines() if line.startswith("| 1,500 |"))
    cells = [c.strip() for c in main_row.strip("|").split("|")]
    assert float(cells[3]) > 0 and cells[4].endswith("x")  # cold build (s), its ratio
    for title in ("## Cold build by stage (s)", "## Rebuild after one file by stage (s)"):
        table = text.split(title, 1)[1].split("\n## ", 1)[0]
        assert "validating seeds" in table and "| 1,500 | " in table
    real = text.split("## The real corpus", 1)[1].split("\n## ", 1)[0]
    build_s = float(real.split("| `tiplake build --full` | ", 1)[1].split(" ", 1)[0])
    assert 0 < build_s < 60 and "of which creating views" in real
    targets = text.split("## Against the targets", 1)[1].split("\n## ", 1)[0]
    statuses = [line.rsplit("|", 2)[1].strip() for line in targets.splitlines()[4:] if line]
    assert len(statuses) == 6 and set(statuses) <= {"met", "missed"}
