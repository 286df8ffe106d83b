"""Reading never builds, and every output reads only the published database (issue 30).

- The outputs (`tiplake export` in every format, `tiplake explain`, `tiplake chart`) run in a
  process whose current folder and project folder (seeds, documents, sql, migrations) are two
  empty folders, as where only the published file was copied, and give the real figures. An
  audit hook (PEP 578) in that process records every file opened and every folder listed or
  changed under those folders and under the checkout's seeds/, sql/, migrations/ and build/:
  none is.
- Importing the reading modules, `import tiplake`, `tiplake.connect()` and every output
  function load none of the building modules; nor do those commands.
- `tiplake.connect()` never builds: with no database it raises `NoDatabase` saying how to build
  one, and creates nothing (an installed package: tests/test_wheel.py).
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import duckdb
import pytest

import tiplake
from tiplake import api, export, freshness

REPO = Path(__file__).resolve().parent.parent
CLAIM = "tip-2018-aze:victims-identified-2017"  # 71 victims, quoted from the 2018 report

# The modules that build the database (and only the build imports): a reading process must
# load none of them. meta.py writes `_meta` and `_view` at build time.
BUILDING = (
    "add_document",
    "build",
    "cache",
    "checks",
    "coverage",
    "documents",
    "fastyaml",
    "fmt",
    "incremental",
    "load",
    "meta",
    "migrate",
    "publish",
    "records",
    "rows",
    "rules",
    "seeds",
    "validate",
    "views",
)

# The CLI run with an empty project, as conftest.site_dir does, under an audit hook that
# records what is opened, listed, created, renamed or removed under the watched folders; at
# exit it says which of those it saw and which building modules the command loaded.
GUARDED_CLI = """\
import atexit, os, sys
from pathlib import Path
sys.path = [p for p in sys.path if p not in ("", ".")]  # -c puts the current folder first
watched = [os.path.realpath(p) for p in sys.argv[1].split(os.pathsep)]
touched = set()
EVENTS = {"open", "os.listdir", "os.scandir", "os.mkdir", "os.rename", "os.replace",
          "os.remove", "os.rmdir", "os.chmod", "os.symlink", "os.link", "shutil.copyfile",
          "shutil.rmtree", "tempfile.mkstemp", "tempfile.mkdtemp"}
def hook(event, args):
    if event not in EVENTS or not args or not isinstance(args[0], (str, bytes, os.PathLike)):
        return
    path = os.path.realpath(os.fsdecode(args[0]))
    if any(path == w or path.startswith(w + os.sep) for w in watched):
        touched.add(f"{event} {path}")
sys.addaudithook(hook)
building = {"tiplake." + name for name in BUILDING_NAMES}
def report():
    if touched:
        sys.stderr.write(f"TOUCHED: {sorted(touched)}\\n")
    loaded = sorted(m for m in sys.modules if ".".join(m.split(".")[:2]) in building)
    if loaded:
        sys.stderr.write(f"BUILDING LOADED: {loaded}\\n")
atexit.register(report)
import tiplake.cli, tiplake.project
empty = tiplake.project.Project(Path(sys.argv[2]))
tiplake.project.PROJECT = tiplake.cli.PROJECT = empty
tiplake.cli.IN_CHECKOUT = False  # no checkout to compare the database with
tiplake.cli.cli(sys.argv[3:])
""".replace("BUILDING_NAMES", repr(BUILDING))


@pytest.fixture
def nowhere(tmp_path) -> tuple[Path, Path]:
    """(an empty current folder, an empty project folder)."""
    cwd, project = tmp_path / "cwd", tmp_path / "project"
    cwd.mkdir()
    project.mkdir()
    return cwd, project


def run_guarded(nowhere, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    cwd, project = nowhere
    watched = [cwd, project, *(REPO / name for name in ("seeds", "sql", "migrations", "build"))]
    env = {k: v for k, v in os.environ.items() if k != "TIPLAKE_DB"}
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            GUARDED_CLI,
            os.pathsep.join(map(str, watched)),
            str(project),
            *args,
        ],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    if not check:
        return result
    assert result.returncode == 0, result.stdout + result.stderr
    assert "TOUCHED" not in result.stderr, result.stderr
    assert "BUILDING LOADED" not in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    assert list(cwd.iterdir()) == [] and list(project.iterdir()) == []
    return result


def test_the_guard_sees_a_command_that_reads_the_project(nowhere):
    """The control: `tiplake validate` reads the (empty) project's seeds and loads the
    building modules, and the guard reports both."""
    result = run_guarded(nowhere, "validate", check=False)
    project = os.path.realpath(nowhere[1])
    assert f"TOUCHED: ['os.scandir {project}{os.sep}seeds" in result.stderr, result.stderr
    assert "BUILDING LOADED: " in result.stderr and "'tiplake.validate'" in result.stderr


@pytest.mark.parametrize("fmt", sorted(export.FORMATS))
def test_export_reads_the_database_alone(built_db, nowhere, tmp_path, fmt):
    out = tmp_path / "out"
    result = run_guarded(
        nowhere, "export", "--format", fmt, "--out", str(out), "--db", str(built_db)
    )
    assert result.stdout.startswith("wrote ") and f" {fmt} files and " in result.stdout
    package = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    names = {r["name"] for r in package["resources"]}
    assert {"claim", "report", "document", "skip", "reconciled", "answer"} <= names
    assert not {n for n in names if n.startswith("_")}  # _meta, _view: bookkeeping
    reader = {"parquet": "read_parquet", "csv": "read_csv"}[fmt]
    with duckdb.connect() as con:
        values = con.execute(
            f"select cast(value as decimal(20, 4)) from {reader}(?) where claim_id = ?",
            [str(out / f"claim.{fmt}"), CLAIM],
        ).fetchall()
    assert [float(v) for (v,) in values] == [71]


def test_a_parquet_lake_reads_the_database_alone(built_db, nowhere, tmp_path):
    out = tmp_path / "lake"
    args = ("export", "--partition-by", "country_iso3,year_to", "--out", str(out))
    result = run_guarded(nowhere, *args, "--db", str(built_db))
    assert "partitioned by country_iso3, year_to" in result.stdout
    part = out / "claim" / "country_iso3=AZE" / "year_to=2017" / "data_0.parquet"
    with duckdb.connect() as con:
        rows = con.execute(
            "select value from read_parquet(?) where claim_id = ?", [str(part), CLAIM]
        ).fetchall()
    assert [float(v) for (v,) in rows] == [71]


def test_the_sqlite_export_indexes_the_views_on_the_grains_the_database_records(
    built_db, nowhere, tmp_path
):
    """The grains came from the database's `_view` table: the project folder is empty."""
    out = tmp_path / "sqlite"
    result = run_guarded(
        nowhere, "export", "--format", "sqlite", "--out", str(out), "--db", str(built_db)
    )
    assert "18 views as tables" in result.stdout
    with closing(sqlite3.connect(out / "tiplake.sqlite")) as db:
        assert db.execute("select value from claim where claim_id = ?", [CLAIM]).fetchone() == (
            "71",
        )
        indexed = {
            name: [c for (_, _, c) in db.execute(f"pragma index_info('{name}')").fetchall()]
            for (name,) in db.execute(
                "select name from sqlite_master where type = 'index' and name like '%_grain'"
            ).fetchall()
        }
    assert indexed["answer_grain"] == ["country_iso3", "indicator_code", "year"]
    assert indexed["answer_figure_grain"] == ["country_iso3", "indicator_code", "year", "member_id"]
    assert indexed["reconciled_grain"] == ["figure_key"]
    assert len(indexed) == 18  # every view's grain
    meta = json.loads((out / "metadata.json").read_text(encoding="utf-8"))
    assert "unique index" in meta["databases"]["tiplake"]["tables"]["claim_detail"]["description"]


def test_explain_reads_the_database_alone(built_db, nowhere):
    result = run_guarded(nowhere, "explain", "victims_identified", "2017", "--db", str(built_db))
    text = result.stdout
    assert text.startswith("Victims identified, AZE, 2017: 71 persons")
    assert "Trafficking in Persons Report 2018: Azerbaijan (tip-2018-aze)" in text
    assert '"The government identified 71 trafficking victims (70 in 2016)"' in text
    assert f"claim: {CLAIM}" in text


def test_chart_reads_the_database_alone(built_db, nowhere, tmp_path):
    pytest.importorskip("matplotlib")
    out = tmp_path / "victims.svg"
    result = run_guarded(
        nowhere, "chart", "victims_identified", "--out", str(out), "--db", str(built_db)
    )
    assert result.stdout.startswith(f"wrote {out}: 9 claims from 2 originators (gov_aze, media)")
    assert CLAIM in out.read_text(encoding="utf-8")  # each mark is grouped under its claim id


@pytest.mark.slow
def test_reading_loads_no_building_module(built_db, tmp_path):
    """Importing every reading module, `tiplake.connect()` with the default path and every
    output function (explain, export in each format, chart) in a fresh process."""
    script = f"""\
import sys
from pathlib import Path
import tiplake
before = sorted(m for m in sys.modules if m.startswith("tiplake"))
import tiplake.api, tiplake.site, tiplake.export, tiplake.chart, tiplake.answer
import tiplake.outdir, tiplake.freshness, tiplake.extras, tiplake.locks, tiplake.project
import tiplake.limits, tiplake.audit, tiplake.catalog, tiplake.files
db = tiplake.connect()  # $TIPLAKE_DB: the shared built database
assert db.execute("select value from claim where claim_id = ?", [{CLAIM!r}]).fetchone()[0] == 71
answer = tiplake.answer.explain(db.connection, "victims_identified", 2017, "AZE")
assert "71 persons" in answer.paragraph, answer.paragraph
out = Path(sys.argv[1])
import duckdb  # the outputs' connection may write files (COPY): read-only, no user SQL
with duckdb.connect(sys.argv[2], read_only=True) as con:
    for fmt in ("parquet", "csv", "sqlite"):
        tiplake.export.export(con, out / fmt, fmt)
    tiplake.chart.draw(con, "victims_identified", "AZE", out / "chart.svg")
print(" ".join(before))
print(" ".join(sorted(m for m in sys.modules if m.startswith("tiplake"))))
"""
    env = {**os.environ, "TIPLAKE_DB": str(built_db)}
    result = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path), str(built_db)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    first, loaded = (set(line.split()) for line in result.stdout.splitlines()[-2:])
    assert first == {"tiplake", "tiplake.api", "tiplake.project"}  # import tiplake
    assert "tiplake.site" in loaded and "tiplake.export" in loaded
    building = {f"tiplake.{name}" for name in BUILDING}
    assert not loaded & building, sorted(loaded & building)
    assert not {m for m in loaded if m.startswith("tiplake.rules")}  # a package, soon
    assert (tmp_path / "sqlite" / "tiplake.sqlite").is_file() and (tmp_path / "chart.svg").is_file()


def test_connect_never_builds_the_default_database(tmp_path, monkeypatch):
    missing = tmp_path / "data" / "tiplake.duckdb"
    monkeypatch.delenv("TIPLAKE_DB", raising=False)
    monkeypatch.setattr(api, "default_db_path", lambda: missing)
    for read in (tiplake.connect, lambda: tiplake.table("claim")):
        with pytest.raises(api.NoDatabase) as info:
            read()
        assert str(info.value) == (
            f"no database at {missing}; build it with `make build-db` (or `tiplake build`)"
        )
    assert not missing.parent.exists()  # nothing built, nothing created


def test_freshness_names_the_build_input_row_as_the_build_does():
    """freshness.py reads `_build_input` without importing incremental.py: one constant."""
    from tiplake import incremental

    assert freshness.OTHER == incremental.OTHER
