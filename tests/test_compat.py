"""The published file opens in DuckDB 1.x, which many notebooks, DBeaver and R still run.

Installs duckdb 1.1.3 (the oldest release the file promises) into a throwaway virtual
environment under build/ (reused across runs) and reads the views there.
"""

from __future__ import annotations

import json
import subprocess
import sys
import venv
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
OLD_DUCKDB = "1.1.3"


@pytest.fixture(scope="session")
def old_python() -> Path:
    env_dir = REPO / "build" / f".duckdb-{OLD_DUCKDB}-venv"
    python = env_dir / "bin" / "python"
    probe = [str(python), "-c", f"import duckdb; assert duckdb.__version__ == '{OLD_DUCKDB}'"]
    if python.exists() and subprocess.run(probe, capture_output=True).returncode == 0:
        return python
    venv.EnvBuilder(with_pip=True, clear=True).create(env_dir)
    install = subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", f"duckdb=={OLD_DUCKDB}"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert install.returncode == 0, (
        f"could not install duckdb {OLD_DUCKDB}: {install.stderr[-2000:]}"
    )
    return python


@pytest.mark.slow
def test_duckdb_1_1_opens_the_published_file_and_reads_the_views(built_db, old_python):
    script = (
        "import duckdb, json, sys\n"
        "con = duckdb.connect(sys.argv[1], read_only=True)\n"
        "out = {'version': duckdb.__version__}\n"
        "out['claims'] = con.execute('select count(*) from claim_detail').fetchone()[0]\n"
        "out['v2017'] = str(con.execute(\"select value from reconciled where indicator_code = 'victims_identified' "
        "and breakdown = 'all' and year_from = 2017 and year_to = 2017\").fetchone()[0])\n"
        "out['views'] = sorted(r[0] for r in con.execute('select view_name from duckdb_views() where not internal').fetchall())\n"
        "for v in out['views']:\n"
        "    con.execute(f'select count(*) from {v}').fetchone()\n"
        "print(json.dumps(out))\n"
    )
    result = subprocess.run(
        [str(old_python), "-c", script, str(built_db)], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["version"] == OLD_DUCKDB
    assert out["claims"] >= 370
    assert out["v2017"].startswith("71")
    assert {"claim_detail", "reconciled", "conflict", "justice_funnel"} <= set(out["views"])
    assert sys.version_info >= (3, 11)
