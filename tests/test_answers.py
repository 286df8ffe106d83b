"""Answers a journalist can quote (issue 28): the `answer` and `answer_figure` views, the
restatement-aware `conflict` view and `tiplake explain`, on the real corpus."""

from __future__ import annotations

import json

from click.testing import CliRunner

from tiplake.answer import explain, render
from tiplake.cli import cli


def one(con, sql, params=()):
    return con.execute(sql, list(params)).fetchall()


def answer(con, indicator, year):
    (row,) = one(
        con,
        "select verdict, headline_figure, n_values, n_originators, originators, "
        "not_reported_by, paragraph from answer "
        "where country_iso3 = 'AZE' and indicator_code = ? and year = ?",
        [indicator, year],
    )
    return row


# --- conflicts: a relay is never a second originator ------------------------------------------


def test_the_2008_case_pairs_are_inside_the_governments_figures_not_between_originators(con):
    rows = one(
        con,
        "select conflict_id, conflict_kind, is_between_originators, is_within_originator, "
        "is_within_report, is_contradiction, value_key, original_source_id, relayed_by "
        "from conflict where indicator_code in ('cases_investigated', 'cases_sent_to_court') "
        "and year_from = 2008 and conflict_id like 'figure | %' order by 1, 7",
    )
    assert [(r[0].split(" | ")[2], r[6]) for r in rows] == [
        ("cases_investigated", "66"),
        ("cases_investigated", "76"),
        ("cases_sent_to_court", "61"),
        ("cases_sent_to_court", "66"),
    ]
    for r in rows:
        assert r[1:6] == ("within_originator", False, True, True, True)
        assert r[7:] == ("gov_aze", "U.S. Embassy Baku")


def test_a_conflict_explains_itself_in_plain_words(con):
    (explanation,) = {
        r[0]
        for r in one(
            con,
            "select explanation from conflict "
            "where conflict_id = 'figure | AZE | cases_investigated | 2008 | all | cases'",
        )
    }
    assert explanation.startswith("Every value is the figure of Government of Azerbaijan")
    assert "76 cases (Government of Azerbaijan, as relayed by U.S. Embassy Baku" in explanation
    assert "not a disagreement between sources" in explanation


def test_no_conflict_is_between_originators_when_its_values_share_one_originator(con):
    assert (
        one(
            con,
            "select conflict_id from conflict where is_between_originators "
            "group by conflict_id having count(distinct original_source_id) = 1",
        )
        == []
    )


def test_the_ministrys_none_is_another_scope_than_the_centre_opened_in_baku(con):
    """Issue 28: the cable's "none" (2004-2009) is the Ministry of Labor's, restated once; the
    one centre opened in Baku in 2008 names no opener. Different scopes: no conflict."""
    assert one(
        con,
        "select count(*) from conflict where indicator_code = 'rehabilitation_centres_opened'",
    ) == [(0,)]


def test_a_pair_and_its_restatements_pair_are_one_entry(built_copy):
    """With the scope taken off both "none" claims (one restating the other), the smaller count
    for the longer period is a conflict with the Baku centre: one entry of two members, in one
    document, not one per statement of the "none"."""
    for old in (
        "    category: ministry-of-labour\n    quote:",
        "    category: ministry-of-labour\n    restates:",
    ):
        built_copy.replace("seeds/claims/cable-09baku141.yaml", old, old.split("\n")[1])
    built_copy.build()
    import duckdb

    with duckdb.connect(str(built_copy.db), read_only=True) as con:
        rows = one(
            con,
            "select conflict_id, count(*), bool_and(is_within_report), min(conflict_kind) "
            "from conflict where indicator_code = 'rehabilitation_centres_opened' "
            "group by conflict_id",
        )
    assert rows == [
        (
            "periods | cable-09baku141:rehabilitation-centres-2004-2009-embassy"
            " ~ cable-09baku141:rehabilitation-centres-2008-embassy",
            2,
            True,
            "different_periods",
        )
    ]


# --- answers ------------------------------------------------------------------------------------


def test_victims_identified_2017_is_the_governments_71_relayed_by_the_state_department(con):
    verdict, headline, n_values, n_originators, originators, absent, paragraph = answer(
        con, "victims_identified", 2017
    )
    assert (verdict, headline, n_values, n_originators) == ("one_figure", "71 persons", 1, 1)
    assert originators == "Government of Azerbaijan" and absent is None
    assert paragraph.startswith(
        "Victims identified, AZE, 2017: 71 persons (source: Government of Azerbaijan, "
        "relayed by U.S. Department of State; Trafficking in Persons Report 2018: Azerbaijan, 2018)."
    )


def test_a_2024_media_figure_carries_the_governments_silence(con):
    verdict, headline, _, _, originators, absent, paragraph = answer(
        con, "victims_identified", 2024
    )
    assert (verdict, headline, originators) == ("one_figure", "91 persons", "Media")
    assert absent == "Government of Azerbaijan (2025 Trafficking in Persons Report: Azerbaijan)"
    assert "Not reported by: Government of Azerbaijan" in paragraph


def test_the_cables_2008_cases_differ_inside_one_originator(con):
    verdict, headline, n_values, n_originators, originators, _, paragraph = answer(
        con, "cases_investigated", 2008
    )
    assert (verdict, headline, n_values, n_originators) == ("differ_within_originator", None, 2, 1)
    assert originators == "Government of Azerbaijan"
    assert "76 cases" in paragraph and "66 cases" in paragraph
    assert "judged a likely error" in paragraph
    assert "Crimes registered 76 crimes" in paragraph  # another count, named as such


def test_a_multi_year_did_not_report_answers_every_year_it_covers(con):
    rows = one(
        con,
        "select distinct year_from, year_to, indicator_code from claim "
        "where qualifier = 'not_reported' and year_from < year_to",
    )
    assert rows, "the corpus has multi-year did-not-report claims (hotline calls 2023-2024)"
    for year_from, year_to, indicator in rows:
        for year in range(year_from, year_to + 1):
            verdict, _, _, _, _, absent, _ = answer(con, indicator, year)
            assert absent is not None, (indicator, year)
            if verdict != "not_reported":  # another originator may give a figure
                assert verdict not in ("no_figure", "no_document"), (indicator, year, verdict)


def test_hotline_calls_were_not_reported_for_2023_and_2024(con):
    for year in (2023, 2024):
        verdict, headline, *_, paragraph = answer(con, "hotline_calls", year)
        assert (verdict, headline) == ("not_reported", None)
        assert "it was not reported" in paragraph


def test_no_document_and_no_figure_are_told_apart(con):
    assert answer(con, "victims_identified", 2013)[0] == "no_document"
    assert answer(con, "victims_identified", 2013)[6].endswith(
        "no document in tiplake covers this year."
    )
    states = {r[0] for r in one(con, "select distinct verdict from answer")}
    assert {"no_document", "no_figure", "one_figure", "not_reported"} <= states


def test_every_answer_figure_names_its_originator_and_document(con):
    assert (
        one(
            con,
            "select member_id from answer_figure "
            "where original_source_name is null or report_title is null or figure_text is null",
        )
        == []
    )
    # a relay names who relayed it; an own publication names no relayer
    assert one(
        con,
        "select count(*) from answer_figure f join claim_detail c using (claim_id) "
        "where (c.is_relayed) <> (f.relayed_by is not null)",
    ) == [(0,)]


def test_explain_renders_the_paragraph_then_each_figure_with_its_quote(con):
    a = explain(con, "victims_identified", 2024)
    text = render(a)
    assert text.splitlines()[0].startswith("Victims identified, AZE, 2024: 91 persons")
    assert "verdict: one figure" in text
    assert '"media reported the government identified 91 victims"' in text
    assert "[2] not reported (for 2024)" in text
    assert [f["role"] for f in a.figures] == ["figure", "not_reported"]


def test_explain_command(built_db, monkeypatch):
    monkeypatch.setenv("TIPLAKE_DB", str(built_db))
    runner = CliRunner()
    result = runner.invoke(cli, ["explain", "victims_identified", "2017"])
    assert result.exit_code == 0, result.output
    assert "71 persons (source: Government of Azerbaijan" in result.output
    assert '"The government identified 71 trafficking victims (70 in 2016)"' in result.output
    as_json = runner.invoke(cli, ["explain", "victims_identified", "2017", "--format", "json"])
    data = json.loads(as_json.output)
    assert (data["verdict"], data["headline_figure"]) == ("one_figure", "71 persons")
    assert data["figures"][0]["member_id"] == "tip-2018-aze:victims-identified-2017"
    typo = runner.invoke(cli, ["explain", "victim_identified", "2017"])
    assert typo.exit_code == 1 and "Did you mean: victims_identified" in typo.output
    assert "Traceback" not in typo.output
    early = runner.invoke(cli, ["explain", "victims_identified", "1980"])
    assert early.exit_code == 1
    assert "no answer for victims_identified in AZE for 1980" in early.output


def test_a_derived_figure_counts_the_originators_of_its_parts_never_none(con):
    """persons_prosecuted 2011 = 20 is derived from the 2012 report's parts by form."""
    assert (
        one(
            con,
            "select member_id from stg_figure_value "
            "where is_derived and is_reported and figure_n_independent_originators < 1",
        )
        == []
    )
    ((value, n),) = one(
        con,
        "select value_key, figure_n_independent_originators from stg_figure_value "
        "where member_id = 'derived:tip-2012-aze:persons-prosecuted-2011-by-form'",
    )
    assert value == "20" and n >= 1


def test_two_complete_breakdowns_with_different_parts_are_a_conflict(con):
    """The cable's three foreign victims of 2008: one Ukrainian and two Russians for the Ministry
    of Internal Affairs, a Moldovan, a Kazakh and an Uzbek for the shelter director. The totals
    agree (3 = 3); the parts do not."""
    rows = one(
        con,
        "select conflict_kind, is_between_originators, is_contradiction, breakdown, value_key, "
        "original_source_id from conflict where conflict_id = 'breakdowns | "
        "cable-09baku141:shelter-director-foreign-by-origin ~ cable-09baku141:victims-2008-foreign-mia' "
        "order by 4",
    )
    assert [(r[3].split("origin_iso3=")[1], r[4], r[5]) for r in rows] == [
        ("KAZ", "1", "gov_shelter_director"),
        ("MDA", "1", "gov_shelter_director"),
        ("RUS", "2", "gov_aze"),
        ("UKR", "1", "gov_aze"),
        ("UZB", "1", "gov_shelter_director"),
    ]
    assert {r[:3] for r in rows} == {("different_breakdowns", True, True)}
