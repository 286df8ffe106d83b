"""Outputs refuse stale inputs (issue 29): in a checkout, `tiplake site`, `export` and `chart`
made from a database whose recorded inputs (seeds, code, SQL, migrations) differ from the
checkout's refuse and say to rebuild; an installed tiplake, with no checkout to compare
with, says what the file was built from and goes on."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

import tiplake.cli
from tiplake import freshness
from tiplake.cli import cli

CLAIMS = "seeds/claims/tip-2018-aze.yaml"


@pytest.fixture
def checkout(built_copy, monkeypatch):
    """A built project copy the command line takes as its checkout."""
    monkeypatch.setattr(tiplake.cli, "PROJECT", built_copy.project)
    monkeypatch.setattr(tiplake.cli, "IN_CHECKOUT", True, raising=False)
    return built_copy


def run(copy, *args: str):
    return CliRunner().invoke(cli, [*args, "--db", str(copy.db)])


COMMANDS = {
    "export": lambda copy: ["export", "--format", "csv", "--out", str(copy.root / "out")],
    "site": lambda copy: ["site", "--out", str(copy.root / "site")],
    "chart": lambda copy: ["chart", "victims_identified", "--out", str(copy.root / "v.svg")],
}


def test_a_fresh_database_records_the_checkouts_inputs(con):
    assert freshness.stale(con, tiplake.cli.PROJECT) == []
    line = freshness.recorded(con).line()
    assert line.startswith("built 20") and "from seeds sha256 " in line


@pytest.mark.parametrize("command", ["export", "chart"])
def test_an_output_of_a_fresh_database_is_made(checkout, command):
    result = run(checkout, *COMMANDS[command](checkout))
    assert result.exit_code == 0, result.output
    assert "out of date" not in result.output


@pytest.mark.parametrize("command", list(COMMANDS))
def test_an_output_of_a_database_older_than_the_seeds_is_refused(checkout, command):
    # a curator corrects a claim's note: the database no longer holds what the seeds say
    path = checkout.path(CLAIMS)
    path.write_text(path.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    result = run(checkout, *COMMANDS[command](checkout))
    assert result.exit_code == 1, result.output
    assert "is out of date: the seeds" in result.output
    assert f"tiplake build --db {checkout.db}" in result.output
    assert "Traceback" not in result.output
    assert not (checkout.root / "out").exists()
    assert not (checkout.root / "v.svg").exists()


def test_an_output_of_a_database_built_with_other_sql_is_refused(checkout):
    view = next(checkout.path("sql/views").rglob("*.sql"))
    view.write_text(view.read_text(encoding="utf-8") + "\n-- edited\n", encoding="utf-8")
    result = run(checkout, *COMMANDS["export"](checkout))
    assert result.exit_code == 1, result.output
    assert "the code, the SQL (sql/)" in result.output
    assert "is out of date" in result.output


def test_rebuilding_makes_the_output_possible_again(checkout):
    path = checkout.path(CLAIMS)
    path.write_text(path.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    assert run(checkout, *COMMANDS["export"](checkout)).exit_code == 1
    checkout.build()
    result = run(checkout, *COMMANDS["export"](checkout))
    assert result.exit_code == 0, result.output


def test_an_installed_tiplake_says_what_a_published_file_was_built_from(checkout, monkeypatch):
    # no checkout: nothing to compare with; the recorded inputs are shown instead
    monkeypatch.setattr(tiplake.cli, "IN_CHECKOUT", False)
    path = checkout.path(CLAIMS)
    path.write_text(path.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    result = run(checkout, *COMMANDS["chart"](checkout))
    assert result.exit_code == 0, result.output
    assert f"note: {checkout.db} was built 20" in result.output
    assert "from seeds sha256 " in result.output
