"""The command line forgives typos and reads what a user has at hand (issue 18):

- an unknown id in any option or argument is one error naming the option and the nearest
  valid ids (`unknown_id`, the one helper every command uses), never an empty answer;
- `tiplake indicators [WORDS]` lists indicators with the years that have figures;
- `tiplake query` reads SQL from the argument, standard input (`-`) or `--file`, and cuts a table
  wider than the terminal unless `--wide`.

Real corpus values throughout; the database is the session's `built_db`.
"""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner

import tiplake.cli
from tiplake.cli import cli
from tiplake.lookup import unknown_id
from tiplake.render import fit as _fit
from tiplake.render import format_rows, year_ranges

REPORTS = "cable-09baku141, gov-aze-2021, tip-2012-aze, tip-2018-aze, tip-2025-aze"


@pytest.fixture
def run(built_db):
    """Run a command against the session's database; no traceback may reach the user."""

    def invoke(*args: str, input: str | bytes | None = None):
        result = CliRunner().invoke(cli, [*args, "--db", str(built_db)], input=input)
        assert result.exception is None or isinstance(result.exception, SystemExit), (
            result.exception
        )
        assert "Traceback" not in result.output
        return result

    return invoke


def error_line(result) -> str:
    assert result.exit_code == 1, result.output
    (line,) = result.output.strip().splitlines()  # one line, never a traceback
    assert line.startswith("Error: ")
    return line


# --- 1. an unknown id is an error naming the option and the nearest valid ids ---------------


def test_conflicts_with_a_misspelt_indicator_suggests_the_real_one(run):
    line = error_line(run("conflicts", "--indicator", "victims_identifed"))
    assert line.startswith(
        "Error: --indicator: no indicator 'victims_identifed'. Did you mean: victims_identified,"
    )
    assert line.endswith("`tiplake indicators` lists them.")  # 177 indicators: not listed
    # a real indicator with no conflict is still an empty answer, not an error
    quiet = run("conflicts", "--indicator", "victims_identified", "--year", "1999")
    assert quiet.exit_code == 0 and quiet.output == "no conflicts for that selection\n"


def test_chart_with_a_misspelt_indicator_or_country_writes_nothing(run, tmp_path):
    out = tmp_path / "chart.svg"
    line = error_line(run("chart", "victims_identifed", "--out", str(out)))
    assert "INDICATOR: no indicator 'victims_identifed'. Did you mean: victims_identified" in line
    line = error_line(run("chart", "victims_identified", "--country", "aze", "--out", str(out)))
    assert line == "Error: --country: no country 'aze'. Did you mean: AZE? Countries: AZE."
    assert not out.exists()


def test_show_with_a_misspelt_claim_suggests_the_nearest_claims(run):
    line = error_line(run("show", "tip-2018-aze:victims-identified-2071"))
    assert line.startswith(
        "Error: CLAIM_ID: no claim 'tip-2018-aze:victims-identified-2071'. "
        "Did you mean: tip-2018-aze:victims-identified-2017,"
    )
    # a fragment of an id still finds the ids that contain it
    line = error_line(run("show", "victims-identified-2024"))
    assert "tip-2025-aze:victims-identified-2024-media" in line


@pytest.mark.parametrize(
    "args,expected",
    [
        (
            ["validate", "--report", "tip-2025-az"],
            "Error: --report: no report 'tip-2025-az'. Did you mean: tip-2025-aze, tip-2012-aze, "
            f"tip-2018-aze? Reports: {REPORTS}.",
        ),
        (
            ["validate", "--report", "nope"],
            f"Error: --report: no report 'nope'. Reports: {REPORTS}.",
        ),
        (["coverage", "nope"], f"Error: REPORT_ID: no report 'nope'. Reports: {REPORTS}."),
        (
            ["curate", "tip2018-aze"],
            "Error: REPORT_ID: no report 'tip2018-aze'. Did you mean: tip-2018-aze, tip-2012-aze, "
            f"tip-2025-aze? Reports: {REPORTS}.",
        ),
    ],
)
def test_a_misspelt_report_names_the_option_and_lists_the_reports(args, expected):
    result = CliRunner().invoke(cli, args)
    assert error_line(result) == expected


def test_export_with_a_misspelt_partition_column_writes_nothing(run, tmp_path):
    out = tmp_path / "lake"
    line = error_line(
        run("export", "--format", "parquet", "--partition-by", "country_iso4", "--out", str(out))
    )
    assert line == (
        "Error: --partition-by: no table column 'country_iso4'. Did you mean: country_iso3? "
        "`tiplake schema` lists them."
    )
    assert not out.exists()


def test_one_helper_words_every_unknown_id():
    few = unknown_id("Tip-2025-AZE", ["tip-2025-aze", "tip-2018-aze"], "--report", "report")
    assert few.message == (
        "--report: no report 'Tip-2025-AZE'. Did you mean: tip-2025-aze, tip-2018-aze? "
        "Reports: tip-2018-aze, tip-2025-aze."
    )  # case is ignored for the suggestions
    many = unknown_id("zzz", [f"indicator_{i}" for i in range(50)], "--indicator", "indicator")
    assert many.message == "--indicator: no indicator 'zzz'. `tiplake indicators` lists them."
    policy = unknown_id("us_frist", ["us_first", "originator_first"], "--policy", "policy")
    assert policy.message.startswith("--policy: no policy 'us_frist'. Did you mean: us_first")
    assert policy.message.endswith("Policies: originator_first, us_first.")
    assert "\x1b" not in unknown_id("\x1b[31m", ["a"], "--report", "report").message


# --- 2. tiplake indicators -------------------------------------------------------------------


def rows_of(output: str) -> dict[str, list[str]]:
    """A table's rows by their first cell, cells split on the column gaps."""
    lines = output.rstrip("\n").splitlines()
    return {re.split(r"\s{2,}", line)[0]: re.split(r"\s{2,}", line) for line in lines[2:-1]}


def test_indicators_lists_the_years_that_have_figures(run):
    result = run("indicators", "victims")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0].split() == [
        "indicator_code",
        "label",
        "unit",
        "pillar",
        "years",
    ]
    rows = rows_of(result.output)
    assert rows["victims_identified"] == [
        "victims_identified",
        "Victims identified",
        "persons",
        "protection",
        "2008, 2010-2011, 2016-2017, 2021-2024; period 2005-2021",
    ]
    assert "2017" in rows["victims_identified"][-1]
    assert rows["victims_sheltered"][-1] == "2016-2017, 2023-2024"
    assert result.output.rstrip().endswith(f"({len(rows)} rows)")


def test_indicators_says_why_an_indicator_has_no_year(run):
    # no figure: not reported, or a plan's period; a legal penalty has no period
    result = run("indicators", "--format", "json")
    years = {r["indicator_code"]: r["years"] for r in json.loads(result.output)}
    assert len(years) == 177
    assert years["complicit_officials_convicted"] == "none (not reported: 2017, 2024)"
    assert years["national_action_plan"] == (
        "none (no figure, only periods 2009-2013, 2014-2018, 2020-2024, 2025-2030)"
    )
    assert years["prescribed_penalty_years"] == "timeless"
    assert years["persons_convicted"] == "2008-2011, 2016-2017, 2021, 2023-2024"


def test_every_word_must_occur_in_code_label_or_definition_ignoring_case(run):
    both = rows_of(run("indicators", "VICTIMS", "Identified").output)
    assert "victims_identified" in both and "victims_sheltered" not in both
    assert set(both) <= set(rows_of(run("indicators", "victims").output))
    assert rows_of(run("indicators", "victims identified").output) == both  # one quoted argument
    # a word found only in the definition still selects the indicator
    prosecuted = run("indicators", "prosecuted", "--format", "csv").output.splitlines()
    assert prosecuted[0] == "indicator_code,label,unit,pillar,years"
    complicity = [r for r in prosecuted if r.startswith("alleged_official_complicity_cases,")]
    assert complicity and "prosecuted" not in complicity[0].lower()


def test_indicators_with_no_match_is_an_error(run):
    assert error_line(run("indicators", "nope")).startswith("Error: no indicator matches 'nope'")
    line = error_line(run("indicators", "victms"))
    assert "no indicator matches 'victms'" in line and "Did you mean: victims" in line
    line = error_line(run("indicators", "victims", "tier"))
    assert line == (
        "Error: no indicator matches 'victims tier': each word occurs alone, but no indicator "
        "has them all."
    )


def test_year_ranges():
    assert year_ranges([2016, 2008, 2011, 2010, 2017, 2024, 2021, 2022, 2023]) == (
        "2008, 2010-2011, 2016-2017, 2021-2024"
    )
    assert year_ranges([]) == "" and year_ranges([2009, 2009]) == "2009"


# --- 3. tiplake query: standard input, --file, the terminal's width -----------------------------


def test_query_reads_standard_input(run):
    result = run("query", "-", input="select count(*) from claim")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[2] == "410"


def test_query_reads_a_file(run, tmp_path):
    sql = tmp_path / "question.sql"
    sql.write_text(
        "-- the reports, oldest first\nselect report_id from report order by 1;\n",
        encoding="utf-8",
    )
    result = run("query", "--file", str(sql), "--format", "csv")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == ["report_id", *REPORTS.split(", ")]


def test_query_takes_exactly_one_source_of_sql(run, tmp_path):
    sql = tmp_path / "q.sql"
    sql.write_text("select 1", encoding="utf-8")
    assert "no SQL" in error_line(run("query"))
    assert "not both" in error_line(run("query", "select 1", "--file", str(sql)))
    assert "not both" in error_line(run("query", "-", "--file", str(sql), input="select 1"))
    missing = error_line(run("query", "--file", str(tmp_path / "none.sql")))
    assert "cannot read --file" in missing and "No such file" in missing
    assert error_line(run("query", "-", input=b"select '\xff'")).endswith(
        "standard input is not UTF-8 text"
    )
    assert error_line(run("query", "-", input="  \n")).endswith("standard input holds no SQL")


WIDE_SQL = (
    "select derived_rule, part_claim_ids from reconciled where indicator_code = "
    "'victims_identified' and breakdown = 'all' and year_from = 2011"
)
PARTS = (
    "tip-2012-aze:victims-identified-2011-female-sexual, "
    "tip-2012-aze:victims-identified-2011-labour, tip-2012-aze:victims-identified-2011-male"
)


def test_a_wide_table_is_cut_to_the_terminal_unless_wide(run, monkeypatch):
    monkeypatch.setattr(tiplake.cli, "_terminal_width", lambda: 80)
    cut = run("query", WIDE_SQL).output.splitlines()
    assert max(len(line) for line in cut) == 80
    assert cut[2].startswith("total of a complete breakdown  tip-2012-aze:victims-identified")
    assert cut[2].endswith("\u2026") and PARTS not in cut[2]
    assert cut[-1] == "(1 row; cut to 80 columns, --wide prints them whole)"
    whole = run("query", WIDE_SQL, "--wide").output.splitlines()
    assert PARTS in whole[2] and whole[-1] == "(1 row)"
    # sixty columns of quotes and contexts: every line still fits
    every = run("query", "select * from claim_detail limit 5").output.splitlines()
    assert len(every) == 8 and max(len(line) for line in every) <= 80
    # only tables are cut: CSV and JSON are data
    assert PARTS in run("query", WIDE_SQL, "--format", "csv").output


def test_a_table_is_whole_when_output_is_not_a_terminal(run):
    assert tiplake.cli._terminal_width() is None  # the test runner's output is not a terminal
    assert PARTS in run("query", WIDE_SQL).output


def test_indicators_cuts_other_columns_before_the_years(run, monkeypatch):
    monkeypatch.setattr(tiplake.cli, "_terminal_width", lambda: 120)
    lines = run("indicators", "victims", "identified").output.splitlines()
    assert max(len(line) for line in lines) <= 120
    assert any(
        line.endswith("2008, 2010-2011, 2016-2017, 2021-2024; period 2005-2021") for line in lines
    )


def test_fit_narrows_the_widest_columns_first():
    assert _fit([10, 40, 5], 80, [False] * 3) == [10, 40, 5]  # fits: unchanged
    assert _fit([10, 40, 50], 60, [False] * 3) == [10, 23, 23]  # 60 - 4 spaces
    assert _fit([10, 40, 20], 50, [False, False, True]) == [10, 16, 20]  # kept last...
    assert _fit([10, 40, 20], 30, [False, False, True]) == [8, 8, 8]  # ...unless it must
    table = format_rows(["a", "b"], [("x" * 30, "y" * 30)], "table", width=20).splitlines()
    assert table[:3] == [
        "a          b",
        "-" * 9 + "  " + "-" * 9,
        "x" * 8 + "\u2026  " + "y" * 8 + "\u2026",
    ]


def test_help_examples_print_lines_that_fit_a_terminal(run):
    """The examples in `tiplake --help` and `tiplake query --help` run and print no line wider
    than 100 characters (the group's example once printed 1,905-character lines)."""
    examples = []
    for command in (cli, cli.commands["query"]):
        text = command.help.split("Example:")[-1]
        examples += re.findall(r'tiplake query "([^"]+)"', text)
    assert len(examples) == 2
    for sql in examples:
        result = run("query", " ".join(sql.split()))
        assert result.exit_code == 0, result.output
        assert max(len(line) for line in result.output.splitlines()) <= 100
    assert "71" in run("query", " ".join(examples[1].split())).output
