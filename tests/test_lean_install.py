"""A core install (`pip install tiplake`, issue 30) has no matplotlib and no numpy: build,
validate, query, export (every format), explain and `connect()` work without them, and
`tiplake chart` and `tiplake site` stop with one line that says how to add them
(`pip install 'tiplake[site]'`), exit 1, no traceback.

Each command runs in a process of its own in which importing matplotlib, numpy, pandas or PIL
fails (`sys.modules[name] = None`), as it does where they are not installed: so a module the
core imports that pulled one of them in, directly or through pyarrow, polars or duckdb, would
fail here. tests/test_wheel.py installs the real wheel without extras into a fresh environment
and checks the same from the outside.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

# Slow: each command in a process of its own without matplotlib, numpy, pandas: `make test-slow`
pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parent.parent
ABSENT = ("matplotlib", "numpy", "pandas", "PIL")
# `python -c CORE_ONLY ARGS...`: the `tiplake` command (tiplake.cli.main) with ARGS, where the
# site extra and what it brings cannot be imported.
CORE_ONLY = f"import sys\nfor name in {ABSENT!r}:\n    sys.modules[name] = None\n{{body}}"
COMMAND = 'sys.argv = ["tiplake", *sys.argv[1:]]\nfrom tiplake.cli import main\nmain()\n'
HINT = "tiplake {} needs matplotlib: pip install 'tiplake[site]'"


def core_only(*args: str, body: str = COMMAND, cwd: Path = REPO) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TIPLAKE_")}
    return subprocess.run(
        [sys.executable, "-c", CORE_ONLY.format(body=body), *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def ok(result: subprocess.CompletedProcess) -> str:
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    return result.stdout


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    """The database built by `tiplake build` without the site extra."""
    path = tmp_path_factory.mktemp("lean") / "tiplake.duckdb"
    out = ok(core_only("build", "--db", str(path)))
    assert f"built {path}" in out and "410 claim" in out and "checks passed" in out
    return path


def test_the_wrapper_really_hides_the_site_extra():
    out = ok(
        core_only(
            body=f"for name in {ABSENT!r}:\n"
            "    try:\n"
            "        __import__(name)\n"
            "    except ImportError:\n"
            "        print(name, 'absent')\n"
        )
    )
    assert out.split("\n")[:-1] == [f"{name} absent" for name in ABSENT]


def test_validate_without_the_site_extra():
    assert ok(core_only("validate")).startswith("ok: 410 claims")


def test_build_and_query_without_the_site_extra(db):
    out = ok(core_only("query", "--db", str(db), "select count(*) as n from claim"))
    assert "410" in out


# Several commands in one process (each argument one command line): a process starts in about
# a second here.
COMMANDS = (
    "import shlex\n"
    "from tiplake.cli import cli\n"
    "for line in sys.argv[1:]:\n"
    "    try:\n"
    "        cli.main(shlex.split(line), prog_name='tiplake')\n"
    "    except SystemExit as e:\n"
    "        if e.code:\n"
    "            raise\n"
)


def test_every_export_without_the_site_extra(db, tmp_path):
    lake = "--format parquet --partition-by country_iso3,year_to"
    lines = [f"export --db {db} --format {f} --out {tmp_path / f}" for f in ("parquet", "csv")]
    lines += [f"export --db {db} --format sqlite --out {tmp_path / 'sqlite'}"]
    lines += [f"export --db {db} {lake} --out {tmp_path / 'lake'}"]
    out = ok(core_only(*lines, body=COMMANDS)).splitlines()
    assert [line.split()[0] for line in out] == ["wrote"] * 4, out
    assert "partitioned by country_iso3, year_to" in out[3]
    for name in ("parquet", "csv", "lake"):
        assert (tmp_path / name / "datapackage.json").is_file()
    assert (tmp_path / "sqlite" / "tiplake.sqlite").is_file()


def test_explain_without_the_site_extra(db):
    out = ok(core_only("explain", "victims_identified", "2017", "--db", str(db)))
    assert "victims" in out.lower()


def test_connect_and_a_polars_table_without_the_site_extra(db):
    body = (
        "import tiplake\n"
        f"db = tiplake.connect({str(db)!r})\n"
        "frame = db.table('claim', claim_id='tip-2018-aze:victims-identified-2017')\n"
        "print(type(frame).__module__, frame.height, frame['value'][0])\n"
    )
    assert ok(core_only(body=body)).split() == ["polars.dataframe.frame", "1", "71.0000"]


@pytest.mark.parametrize("command", ["chart", "site"])
def test_chart_and_site_say_how_to_add_the_site_extra(db, command, tmp_path):
    args = ["chart", "victims_identified"] if command == "chart" else ["site"]
    out = tmp_path / ("v.svg" if command == "chart" else "site")
    result = core_only(*args, "--db", str(db), "--out", str(out))
    assert result.returncode == 1
    assert result.stderr == f"Error: {HINT.format(command)}\n"
    assert result.stdout == ""
    assert not out.exists()
    # the help still shows: it needs nothing the core lacks
    assert "Example:" in ok(core_only(*args, "--help"))


def test_importing_the_chart_module_says_how_to_add_the_site_extra():
    for module in ("tiplake.chart", "tiplake.site"):
        body = (
            "from tiplake.extras import MissingExtra\n"
            "try:\n"
            f"    import {module}\n"
            "except MissingExtra as e:\n"
            "    print(e.name, '|', e)\n"
        )
        assert ok(core_only(body=body)).strip() == f"matplotlib | {HINT.format('chart')}"
