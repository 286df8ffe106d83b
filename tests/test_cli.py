"""The command line, through click's test runner, as a user types it."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import duckdb
import pytest
from click.testing import CliRunner

import tiplake.cli
from tiplake.cli import cli


@pytest.fixture
def runner(project_copy, monkeypatch):
    """A CLI runner whose project is a private copy; TIPLAKE_DB points into it."""
    monkeypatch.setattr(tiplake.cli, "PROJECT", project_copy.project)
    monkeypatch.setenv("TIPLAKE_DB", str(project_copy.db))
    return CliRunner()


def test_build_then_query_show_validate(runner, project_copy):
    result = runner.invoke(cli, ["build"])
    assert result.exit_code == 0, result.output
    assert (
        "built " in result.output
        and "62 claim" not in result.output[:6]
        and "views: stg_claim, " in result.output
        and ", claim_detail, " in result.output
        and "25 checks passed" in result.output  # 6 files, a grain audit per view, the references
    )

    sql = (
        "select indicator_code, year_from, value, quote from claim_detail "
        "where report_id = 'tip-2025-aze' and indicator_code = 'persons_convicted' "
        "and value is not null order by year_from"
    )
    table = runner.invoke(cli, ["query", sql])
    assert table.exit_code == 0, table.output
    assert "persons_convicted  2023       10" in table.output and "(2 rows)" in table.output

    as_json = json.loads(runner.invoke(cli, ["query", sql, "--format", "json"]).output)
    assert [(r["year_from"], r["value"]) for r in as_json] == [
        (2023, 10),
        (2024, 11),
    ]  # numbers, not strings
    as_csv = runner.invoke(cli, ["query", sql, "--format", "csv"]).output.splitlines()
    assert as_csv[0] == "indicator_code,year_from,value,quote" and as_csv[1].startswith(
        "persons_convicted,2023,10,"
    )
    md = runner.invoke(cli, ["query", sql, "--format", "markdown"]).output.splitlines()
    assert md[0] == "| indicator_code | year_from | value | quote |"

    shown = runner.invoke(cli, ["show", "tip-2025-aze:victims-identified-2024-media"])
    assert shown.exit_code == 0, shown.output
    assert "  figure     : 91 persons" in shown.output
    assert "  source_id  : media (Media)" in shown.output
    assert "  breakdown  : all" in shown.output
    assert ">>>media reported the government identified 91 victims<<<" in shown.output

    valid = runner.invoke(cli, ["validate"])
    assert valid.exit_code == 0 and valid.output.startswith("ok: ")


def test_show_an_unknown_claim_suggests_near_ones(runner):
    runner.invoke(cli, ["build"])
    result = runner.invoke(cli, ["show", "victims-identified-2024"])
    assert result.exit_code == 1
    assert "no claim 'victims-identified-2024'" in result.output
    assert "tip-2025-aze:victims-identified-2024-media" in result.output


def test_db_option_overrides_the_environment(runner, tmp_path):
    other = tmp_path / "elsewhere.duckdb"
    assert runner.invoke(cli, ["build", "--db", str(other)]).exit_code == 0
    assert other.exists()
    result = runner.invoke(cli, ["query", "select count(*) as n from report", "--db", str(other)])
    assert "5" in result.output


def test_query_without_a_database_says_how_to_build_it(runner, tmp_path):
    result = runner.invoke(cli, ["query", "select 1", "--db", str(tmp_path / "none.duckdb")])
    assert result.exit_code == 1 and "make build-db" in result.output


def test_query_refuses_to_write(runner):
    runner.invoke(cli, ["build"])
    result = runner.invoke(cli, ["query", "delete from claim"])
    assert result.exit_code == 1 and "read-only" in result.output


def test_build_with_bad_seeds_reports_every_problem_and_keeps_the_old_file(runner, project_copy):
    runner.invoke(cli, ["build"])
    before = project_copy.db.read_bytes()
    project_copy.replace(
        "seeds/claims/tip-2025-aze.yaml",
        "    year: 2024\n    value: 14\n",
        "    year: 2024\n    value: 41\n",
    )
    result = runner.invoke(cli, ["build"])
    assert result.exit_code == 1
    assert "seeds/claims/tip-2025-aze.yaml:" in result.output
    assert "tip-2025-aze:persons-prosecuted-2024-media: [value-not-in-quote]" in result.output
    assert "unchanged" in result.output
    assert project_copy.db.read_bytes() == before
    assert runner.invoke(cli, ["validate"]).exit_code == 1


def test_a_notebook_can_attach_the_file_read_only(built_db):
    with duckdb.connect(str(built_db), read_only=True) as con:
        assert con.execute("select count(*) from claim_detail").fetchone()[0] >= 60


def test_coverage_of_the_2025_report_is_complete(runner):
    result = runner.invoke(cli, ["coverage", "tip-2025-aze"])
    assert result.exit_code == 0, result.output
    assert "tip-2025-aze: accounted 81 of 81 (100.0%)" in result.output


def test_coverage_lists_what_is_unaccounted(runner, project_copy):
    project_copy.replace(
        "seeds/skips/tip-2025-aze.yaml",
        "  - quote: over the past five years\n    reason: the time window the trafficking profile summarises, not a figure\n",
        "",
    )
    result = runner.invoke(cli, ["coverage", "tip-2025-aze"])
    assert result.exit_code == 1
    assert (
        "accounted 80 of 81" in result.output
        and "line 52: 'five' in ...orting on the nature and scope" in result.output
    )
    stub = runner.invoke(cli, ["curate", "tip-2025-aze"])
    assert "value: 5" in stub.output and "over the past five years" in stub.output


def test_export_and_chart_commands(runner, project_copy, tmp_path):
    assert runner.invoke(cli, ["build"]).exit_code == 0
    out = tmp_path / "exports"
    result = runner.invoke(cli, ["export", "--format", "csv", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert (out / "claim.csv").exists() and (out / "datapackage.json").exists()
    assert "wrote 32 csv files" in result.output  # 14 tables, 18 views
    import csv

    with (out / "claim.csv").open(encoding="utf-8", newline="") as f:
        claims = {r["claim_id"]: r for r in csv.DictReader(f)}
    assert claims["tip-2018-aze:victims-identified-2017"]["value"] == "71"  # not 71.0000
    assert claims["tip-2025-aze:ngo-funding-2023-usd"]["value"] == "13530"
    with (out / "exchange_rate.csv").open(encoding="utf-8", newline="") as f:
        rates = {r["claim_id"]: r for r in csv.DictReader(f)}
    assert rates["cable-09baku141:fiscal-unit-2008-azn"]["amount_usd"] == "1.19"
    svg = tmp_path / "victims.svg"
    drawn = runner.invoke(cli, ["chart", "victims_identified", "--out", str(svg)])
    assert drawn.exit_code == 0, drawn.output
    assert svg.read_text(encoding="utf-8").count('id="claim:') == 9
    unknown = runner.invoke(cli, ["chart", "no_such_indicator", "--out", str(svg)])
    assert unknown.exit_code == 1 and "no_such_indicator" in unknown.output


def test_progress_is_quiet_when_not_on_a_terminal(runner):
    result = runner.invoke(cli, ["build"])
    assert "..." not in result.output


@pytest.mark.parametrize("command", [["build", "--full", "--db", "{tmp}/t.duckdb"], ["validate"]])
def test_the_commands_that_validate_do_not_import_pandas(command, tmp_path):
    """pyarrow's first conversion of a Python list imports pandas when it is installed (0.23 s
    of a 0.3 s validation); `tiplake build` and `validate`, in their own process, answer its
    question "not installed" (console.pyarrow_without_pandas), and `import pandas` still works
    after. pandas is installed here (the dev extra), so without that answer the import shows."""
    pytest.importorskip("pandas")
    args = [a.format(tmp=tmp_path) for a in command]
    run = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "tiplake", *args],
        capture_output=True,
        text=True,
        env={**os.environ, "TIPLAKE_DB": str(tmp_path / "t.duckdb")},
    )
    assert run.returncode == 0, run.stderr[-2000:]
    imported = {
        line.rsplit("|", 1)[-1].strip()
        for line in run.stderr.splitlines()
        if line.startswith("import time:")
    }
    assert "pyarrow" in imported and "duckdb" in imported
    assert not {m for m in imported if m.startswith("pandas.")}, "pandas was imported"
    if command[0] == "build":
        assert "checks passed" in run.stdout and (tmp_path / "t.duckdb").exists()

    after = subprocess.run(
        [
            sys.executable,
            "-c",
            "import tiplake.console as c; c.OWN_PROCESS = True; c.pyarrow_without_pandas(); "
            "import pandas, pyarrow as pa; print(pa.table({'n': [1]}).to_pandas()['n'].sum())",
        ],
        capture_output=True,
        text=True,
    )
    assert after.returncode == 0 and after.stdout.strip() == "1", after.stderr[-2000:]


def test_cli_called_in_another_process_leaves_pyarrow_asking_for_pandas():
    """Outside `main` (the console script), the answer is not given: a program that calls
    `cli` keeps pyarrow's reading of pandas objects (a Series' NaN is a null). Checked in a
    fresh interpreter, where pandas is not imported yet (here it may be, and the answer would
    then be skipped whatever `main` did)."""
    pytest.importorskip("pandas")
    run = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, tiplake.cli, tiplake.console as c; assert 'pandas' not in sys.modules; "
            "c.pyarrow_without_pandas(); import pandas, pyarrow as pa; "
            "print(pa.array(pandas.Series([1.0, float('nan')])).null_count)",
        ],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0 and run.stdout.strip() == "1", run.stderr[-2000:]
