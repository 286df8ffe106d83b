"""The reconciliation views, on the real corpus and on a small fixture that adds two documents."""

from __future__ import annotations

import hashlib
import re
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest
import sqlglot
from click.testing import CliRunner

import tiplake.cli
from tiplake.cli import cli
from tiplake.views import discover

REPO = Path(__file__).resolve().parent.parent


def rows(con, sql, params=()):
    return con.execute(sql, list(params)).fetchall()


def test_every_view_parses_with_sqlglot_in_the_duckdb_dialect():
    views = discover(REPO / "sql" / "views")
    assert {v.name for v in views} >= {
        "claim_detail",
        "claim_figure",
        "source_comparison",
        "conflict",
        "revision",
        "reconciled",
        "reconciled_by_policy",
        "consistency_check",
        "justice_funnel",
        "indicator_coverage",
        "exchange_rate",
    }
    for view in views:
        assert sqlglot.parse_one(view.sql, read="duckdb") is not None, view.name


def test_views_are_created_after_the_views_they_read():
    order = [v.name for v in discover(REPO / "sql" / "views")]
    assert (
        order.index("stg_claim")
        < order.index("stg_sum")
        < order.index("stg_figure_value")
        < order.index("figure")
        < order.index("reconciled_by_policy")
        < order.index("reconciled")
    )
    assert order.index("reconciled") < order.index("justice_funnel")
    assert order.index("exchange_rate") < order.index("reconciled_by_policy")


def sqlglot_dependencies(sql: str) -> set[str]:
    """The reference: the tables a SELECT reads as sqlglot finds them (its table references
    minus every CTE name), as the build did before it read them with DuckDB's parser."""
    tree = sqlglot.parse_one(sql, read="duckdb")
    ctes = {cte.alias_or_name for cte in tree.find_all(sqlglot.exp.CTE)}
    return {t.name for t in tree.find_all(sqlglot.exp.Table)} - ctes


def test_every_views_dependencies_are_those_sqlglot_finds():
    from tiplake.views import dependencies

    views = discover(REPO / "sql" / "views")
    assert len(views) == 18
    for view in views:
        assert dependencies(view.sql) == sqlglot_dependencies(view.sql), view.name
    assert dependencies(next(v for v in views if v.name == "stg_sum").sql) == {
        "claim",
        "claim_sum",
        "claim_sum_part",
        "stg_claim",
    }


@pytest.mark.parametrize(
    ("sql", "reads"),
    [
        # a CTE named like a view shadows it, at any level; the view it shadows is not read
        ("with figure as (select * from claim) select * from figure", {"claim"}),
        (
            "select * from (with figure as (select 1 as x) select * from figure) as f "
            "join report using (report_id)",
            {"report"},
        ),
        # a subquery in FROM, in WHERE (IN, EXISTS) and in the select list
        (
            "select (select max(year) from year) as y from (select * from claim) as c "
            "where c.unit in (select unit from unit) and exists (select 1 from source)",
            {"year", "claim", "unit", "source"},
        ),
        # joins, a qualified name, a quoted name
        (
            'select * from main.claim c left join "report" r on r.report_id = c.report_id '
            "cross join indicator",
            {"claim", "report", "indicator"},
        ),
        # union (also inside a CTE) and union all
        (
            "with u as (select unit from claim union select unit from unit) "
            "select * from u union all select kind from source",
            {"claim", "unit", "source"},
        ),
    ],
)
def test_dependencies_are_the_tables_read_minus_ctes(sql, reads):
    from tiplake.views import dependencies

    assert dependencies(sql) == reads == sqlglot_dependencies(sql)


def write_view_file(folder: Path, name: str, sql: str) -> Path:
    path = folder / f"{name}.sql"
    path.write_text(
        f"-- One row per x.\n--\n-- grain: x\n--\n-- columns:\n--   x: The x.\n\n{sql}\n",
        encoding="utf-8",
    )
    return path


def test_a_view_duckdb_cannot_parse_is_an_error_naming_the_file_and_line(tmp_path):
    from tiplake.views import ViewError

    write_view_file(tmp_path, "a_good", "select 1 as x")
    bad = write_view_file(tmp_path, "b_bad", "select x\nform claim where")
    with pytest.raises(ViewError) as error:
        discover(tmp_path)
    message = str(error.value)
    assert message.startswith(f"{bad}: Parser Error: syntax error at or near")
    assert "LINE 9: form claim where" in message  # the file's line: the header has 7, then 1


@pytest.mark.parametrize(
    ("sql", "says"),
    [
        ("insert into claim select * from claim", "a view is one SELECT"),
        ("select 1 as x; select 2 as x", "a view is one SELECT; found 2 statements"),
        ("-- nothing but a comment", "a view is one SELECT; found 0 statements"),
    ],
)
def test_a_view_that_is_not_one_select_is_an_error_naming_the_file(tmp_path, sql, says):
    from tiplake.views import ViewError

    bad = write_view_file(tmp_path, "bad", sql)
    with pytest.raises(ViewError, match="^" + re.escape(f"{bad}: {says}")):
        discover(tmp_path)


def test_the_build_reports_a_broken_view_with_its_file(project_copy):
    from tiplake.views import ViewError

    project_copy.replace(
        "sql/views/marts/revision.sql",
        "select figure_key, publisher,",
        "selec figure_key, publisher,",
    )
    with pytest.raises(ViewError, match=r"revision\.sql: Parser Error: syntax error at or near"):
        project_copy.build()


def reconciled_victims(con, year):
    return rows(
        con,
        "select value, report_id, source_id, n_independent_originators, not_reported_by from reconciled "
        "where indicator_code = 'victims_identified' and breakdown = 'all' and year_from = ? and year_to = ?",
        [year, year],
    )


def test_victims_2017_reconcile_to_71_from_the_2018_report(con):
    assert reconciled_victims(con, 2017) == [(71, "tip-2018-aze", "gov_aze", 1, None)]


def test_victims_2021_reconcile_to_95_from_the_governments_own_report(con):
    assert reconciled_victims(con, 2021) == [(95, "gov-aze-2021", "gov_aze", 1, None)]


def test_victims_2024_use_the_media_figure_while_the_government_did_not_report(con):
    assert reconciled_victims(con, 2024) == [
        (91, "tip-2025-aze", "media", 1, "gov_aze in tip-2025-aze")
    ]


def test_a_figure_only_reported_absent_reconciles_to_not_reported(con):
    assert rows(
        con,
        "select is_reported, figure_text, value, claim_id, not_reported_by from reconciled "
        "where indicator_code = 'hotline_calls' and year_from = 2023 and year_to = 2024",
    ) == [(False, "not reported", None, None, "gov_aze in tip-2025-aze")]


# --- 1. derived figures ---------------------------------------------------------------------


def test_2011_victims_are_derived_from_the_2012_reports_complete_breakdown(con):
    """The 2012 report gives 2011's victims only by sex and form (29 women in sex trafficking,
    no men, no forced labour victims): the total, 29, is derived, marked, with its parts."""
    assert rows(
        con,
        "select value, qualifier, figure_text, claim_id, is_derived, derived_rule, part_claim_ids, "
        "report_id, source_id from reconciled where indicator_code = 'victims_identified' "
        "and breakdown = 'all' and year_from = 2011",
    ) == [
        (
            29,
            "exact",
            "29 persons",
            None,
            True,
            "total of a complete breakdown",
            "tip-2012-aze:victims-identified-2011-female-sexual, "
            "tip-2012-aze:victims-identified-2011-labour, tip-2012-aze:victims-identified-2011-male",
            "tip-2012-aze",
            "gov_aze",
        )
    ]
    assert rows(
        con,
        "select n_claims, n_derived, derived_figures from figure "
        "where figure_key = 'AZE | victims_identified | 2011 | all | persons'",
    ) == [(0, 1, "29 persons, total of a complete breakdown [tip-2012-aze]")]
    assert rows(
        con,
        "select victims_identified, victims_identified_claim_id, victims_identified_is_derived "
        "from justice_funnel where year = 2011 and source_id = 'reconciled'",
    ) == [(29, None, True)]
    assert rows(
        con,
        "select coverage from indicator_coverage "
        "where indicator_code = 'victims_identified' and year = 2011",
    ) == [("derived_total",)]


def test_a_partial_breakdown_gives_a_lower_bound_only(con):
    """38 persons prosecuted for sex trafficking in 2010, and no forced labour count: at least
    38 persons prosecuted, a bound, and the funnel computes no ratio from it."""
    assert rows(
        con,
        "select qualifier, value, value_low, figure_text, is_derived, derived_rule from reconciled "
        "where indicator_code = 'persons_prosecuted' and breakdown = 'all' and year_from = 2010",
    ) == [
        (
            "at_least",
            38,
            38,
            "at least 38 persons",
            True,
            "lower bound: the sum of the parts the document gives",
        )
    ]
    assert rows(
        con,
        "select persons_prosecuted, persons_prosecuted_qualifier, persons_convicted, "
        "convictions_per_100_prosecuted, convictions_per_100_prosecuted_basis "
        "from justice_funnel where year = 2010 and source_id = 'gov_aze'",
    ) == [(38, "at_least", 28, None, None)]  # the government's figures (issue 28's convention)


def test_a_derived_figure_is_never_a_claim(con):
    """Derived members are named derived:<sum_id>, have no claim and always their parts."""
    assert rows(
        con,
        "select count(*), count(claim_id), count(part_claim_ids), "
        "count(*) filter (where member_id = 'derived:' || substring(member_id, 9)) "
        "from stg_figure_value where is_derived",
    )[0] == (
        12,
        0,
        12,
        12,
    )  # issue 28: + the cable's 57 persons convicted in 2008 and the MIA's 3 foreign victims


# --- 2. true independence -------------------------------------------------------------------


def test_the_embassy_restating_the_government_is_not_a_second_originator(con):
    """The cable gives 78 victims for 2008 as the government's, and again as the embassy's
    own words: one originator, two claims, and the reconciled value is the government's."""
    # both are the government's figure as the cable relays it: in government, marked relayed,
    # never in us_embassy (which holds the embassy's own figures only)
    assert rows(
        con,
        "select n_claims, n_independent_originators, government, us_embassy from figure "
        "where figure_key = 'AZE | victims_identified | 2008 | all | persons'",
    ) == [
        (
            2,
            1,
            "78 persons [cable-09baku141, relayed by U.S. Embassy Baku]; "
            "78 persons [cable-09baku141, relayed by U.S. Embassy Baku]",
            None,
        )
    ]
    assert rows(
        con,
        "select claim_id, source_id, is_restatement, n_independent_originators from reconciled "
        "where figure_key = 'AZE | victims_identified | 2008 | all | persons'",
    ) == [
        ("cable-09baku141:victims-identified-2008-gov", "gov_aze", False, 1)
    ]  # it restates nothing
    assert rows(
        con,
        "select original_source_id, restates_claim_id from claim_detail "
        "where claim_id = 'cable-09baku141:victims-identified-2008-embassy'",
    ) == [("gov_aze", "cable-09baku141:victims-identified-2008-gov")]


# --- 3. policies that mean something --------------------------------------------------------


def test_the_default_never_picks_a_likely_error_and_the_dissent_says_why(con):
    """2008 cases: the government's 66 opened, not the embassy's 76 (judged a likely error,
    the government's 76 crimes relabelled as cases), under every policy, including us_first,
    which ranks the embassy above the government."""
    picked = rows(
        con,
        "select policy_id, value, claim_id, judgement, dissenting_figures from reconciled_by_policy "
        "where figure_key = 'AZE | cases_investigated | 2008 | all | cases' order by policy_id",
    )
    assert [(p, v, c, j) for p, v, c, j, _ in picked] == [
        (policy, 66, "cable-09baku141:cases-investigated-2008-gov", "preferred")
        for policy in ("earliest_publication", "government_first", "originator_first", "us_first")
    ]
    dissent = picked[0][4]
    assert dissent.startswith(
        "76 cases (us_embassy_baku, cable-09baku141, likely_error: Section 3E"
    )


def test_the_default_prefers_the_originators_statement_to_a_restatement_of_it(con):
    by_policy = dict(
        rows(
            con,
            "select policy_id, claim_id from reconciled_by_policy "
            "where figure_key = 'AZE | victims_identified | 2008 | all | persons'",
        )
    )
    assert by_policy["originator_first"] == "cable-09baku141:victims-identified-2008-gov"
    # issue 28: "The GOAJ identified 78" names the government, so both claims are gov_aze and
    # even us_first picks the original statement, not its restatement
    assert by_policy["us_first"] == "cable-09baku141:victims-identified-2008-gov"


# --- 4. conflicts in long format ------------------------------------------------------------


def test_the_2008_case_counts_are_a_discrepancy_inside_the_governments_figures(con):
    """Issue 28: both values are the government's (the embassy's 76 relays it), so the
    conflict is within one originator, never between originators; the judgements stay."""
    got = rows(
        con,
        "select conflict_kind, is_between_originators, is_within_originator, is_within_report, "
        "is_contradiction, member_id, value_key, source_id, original_source_id, judgement "
        "from conflict where conflict_id = 'figure | AZE | cases_investigated | 2008 | all | cases' "
        "order by member_id",
    )
    assert got == [
        (
            "within_originator",
            False,
            True,
            True,
            True,
            "cable-09baku141:cases-investigated-2008-embassy",
            "76",
            "us_embassy_baku",
            "gov_aze",
            "likely_error",
        ),
        (
            "within_originator",
            False,
            True,
            True,
            True,
            "cable-09baku141:cases-investigated-2008-gov",
            "66",
            "gov_aze",
            "gov_aze",
            "preferred",
        ),
    ]


def test_76_crimes_and_66_cases_are_differently_defined_not_a_contradiction(con):
    got = rows(
        con,
        "select conflict_kind, is_contradiction, member_id, figure_text from conflict "
        "where is_different_definitions order by member_id",
    )
    assert got == [
        ("different_definitions", False, "cable-09baku141:cases-investigated-2008-gov", "66 cases"),
        ("different_definitions", False, "cable-09baku141:crimes-registered-2008-gov", "76 crimes"),
        # issue 28: 2011's nine new prosecutions of the 20 prosecuted (prosecutions_initiated)
        (
            "different_definitions",
            False,
            "tip-2012-aze:persons-newly-prosecuted-2011-gov-sexual",
            "9 persons",
        ),
        (
            "different_definitions",
            False,
            "tip-2012-aze:persons-prosecuted-2011-gov-sexual",
            "20 persons",
        ),
    ]
    related, figures, difference = rows(
        con,
        "select related_indicator_codes, related_figures, definition_difference from figure "
        "where indicator_code = 'crimes_registered' and year_from = 2008 and year_to = 2008",
    )[0]
    assert related == "cases_investigated"
    assert "cases_investigated 66 cases (gov_aze) [cable-09baku141]" in figures
    assert "several crimes" in difference


def test_a_conflict_always_holds_different_values_one_row_per_member(con):
    """Equal values are never a conflict; no list packed in a string."""
    assert (
        rows(
            con,
            "select conflict_id from conflict group by conflict_id "
            "having count(distinct value_key) < 2 or count(*) <> count(distinct member_id)",
        )
        == []
    )
    columns = {r[0] for r in rows(con, "select column_name from (describe conflict)")}
    assert (
        "claim_ids" not in columns and {"conflict_id", "member_id", "is_contradiction"} <= columns
    )
    # the 2008 case pairs, two pairs of definitions, the cable's foreign victims by citizenship
    # (two complete breakdowns, 2 + 3 parts), and no rehabilitation-centre pair (issue 28: the
    # Ministry of Labor's "none" is another scope than the one centre opened in Baku)
    assert rows(con, "select count(distinct conflict_id), count(*) from conflict") == [(5, 13)]


def test_penalties_of_different_provisions_are_different_figures(con):
    """5-15 years (all provisions, 2012) and 5-10 years (the basic offence, 2018) are two
    figures with their category: neither a conflict nor a revision."""
    assert rows(
        con,
        "select category, figure_text from reconciled where indicator_code = 'prescribed_penalty_years' "
        "and breakdown in ('category=all-provisions', 'category=basic') order by 1",
    ) == [("all-provisions", "5-15 years"), ("basic", "5-10 years")]
    assert rows(
        con, "select count(*) from conflict where indicator_code = 'prescribed_penalty_years'"
    ) == [(0,)]
    assert rows(con, "select indicator_code, is_changed from revision") == [
        ("referral_deadline_hours", False)
    ]


# --- 5. consistency wherever a sum is implied -----------------------------------------------


def test_2021_victims_by_destination_add_up(con):
    assert rows(
        con,
        "select total_value, parts_sum_value, n_parts, result, is_consistent from consistency_check "
        "where total_claim_id = 'gov-aze-2021:victims-identified-2021-gov' and dimension = 'destination_iso3'",
    ) == [(95, 95, 5, "adds_up", True)]


def test_partial_parts_are_never_said_to_fall_short(con):
    results = dict(
        rows(
            con,
            "select result, count(*) from consistency_check where not is_complete group by result",
        )
    )
    assert "parts_fall_short" not in results and results["partial_within_total"] == 22


def test_the_government_charts_bars_are_checked_against_its_stated_total(con):
    """The 2021 report's chart of persons charged, 2005-2021: its 16 bars (read from the
    image, low confidence) add up to 606 against the 607 the text states. The 17th bar is
    not in the extracted text (issue 28): the parts are partial, 606 a lower bound."""
    assert rows(
        con,
        "select kind, total_claim_id, n_parts, total_value, parts_sum_value, difference_value, "
        "has_low_confidence_part, result, is_consistent from consistency_check "
        "where sum_id = 'gov-aze-2021:persons-charged-2005-2021-chart-bars'",
    ) == [
        (
            "breakdown",
            "gov-aze-2021:persons-charged-2005-2021-gov-chart",
            16,
            607,
            606,
            -1,
            True,
            "partial_within_total",
            True,
        )
    ]


def test_sums_across_indicators_are_checked(con):
    assert rows(
        con,
        "select kind, total_value, parts_sum_value, result, part_claim_ids from consistency_check "
        "where sum_id = 'gov-aze-2021:wanted-accused-2021-by-crime-chart'",
    ) == [
        (
            "across_indicators",
            26,
            27,
            "parts_exceed_total",
            "gov-aze-2021:wanted-accused-related-crimes-2021-gov-chart, "
            "gov-aze-2021:wanted-accused-trafficking-2021-gov-chart",
        )
    ]


# --- 6. a funnel with provenance ------------------------------------------------------------


def test_the_funnel_says_when_a_ratio_comes_from_one_source(con):
    """2023: the government's 91 victims and its 10 convictions, both in the 2025 report (issue
    28's convention: "the government convicted" is the government's figure): one source."""
    assert rows(
        con,
        "select victims_identified, victims_identified_claim_id, victims_identified_source_id, "
        "persons_convicted, persons_convicted_claim_id, persons_convicted_source_id, "
        "convictions_per_100_victims, convictions_per_100_victims_basis "
        "from justice_funnel where year = 2023 and source_id = 'reconciled'",
    ) == [
        (
            91,
            "tip-2025-aze:victims-identified-2023-gov",
            "gov_aze",
            10,
            "tip-2025-aze:persons-convicted-2023",
            "gov_aze",
            pytest.approx(11.0),
            "same_source",
        )
    ]
    assert rows(
        con,
        "select source_id, convictions_per_100_victims from justice_funnel where year = 2023 order by source_id",
    ) == [("gov_aze", pytest.approx(11.0)), ("reconciled", pytest.approx(11.0))]


def test_justice_funnel_answers_victims_versus_convictions_in_one_select(con):
    assert rows(
        con,
        "select victims_identified, persons_convicted, convictions_per_100_victims, "
        "convictions_per_100_victims_basis from justice_funnel where year = 2017 and source_id = 'reconciled'",
    ) == [(71, 29, pytest.approx(40.8), "same_source")]  # one document, one originator
    assert rows(
        con,
        "select persons_charged, persons_prosecuted from justice_funnel where year = 2021 and source_id = 'gov_aze'",
    ) == [(15, None)]


def test_the_funnel_has_the_governments_own_stages(con):
    """2008: crimes registered, cases opened and cases sent to court, each the government's."""
    assert rows(
        con,
        "select crimes_registered, crimes_registered_claim_id, cases_investigated, "
        "cases_sent_to_court, cases_sent_to_court_claim_id from justice_funnel "
        "where year = 2008 and source_id = 'gov_aze'",
    ) == [
        (
            76,
            "cable-09baku141:crimes-registered-2008-gov",
            66,
            61,
            "cable-09baku141:cases-sent-to-court-2008-gov",
        )
    ]
    assert rows(
        con,
        "select suspects_investigated, suspects_investigated_source_id from justice_funnel "
        "where year = 2017 and source_id = 'gov_aze'",
    ) == [(33, "gov_aze")]
    (comment,) = rows(con, "select comment from duckdb_views() where view_name = 'justice_funnel'")[
        0
    ]
    assert "not a cohort" in comment


# --- 7. money once --------------------------------------------------------------------------


def test_an_amount_in_two_currencies_is_one_reconciled_row(con):
    assert rows(
        con,
        "select unit, amount, figure_text, other_currency, other_currency_amount, "
        "other_currency_claim_id, value_usd, usd_rate, value_usd_note from reconciled "
        "where indicator_code = 'victim_assistance_funding' and year_from = 2023",
    ) == [
        (
            "AZN",
            Decimal("210161"),
            "210161 AZN",
            "USD",
            Decimal("123625"),
            "tip-2025-aze:victim-assistance-funding-2023-usd",
            Decimal("123625.00"),
            pytest.approx(0.588239),
            "the document states the amount in U.S. dollars too (other_currency_amount)",
        )
    ]
    rate = rows(
        con,
        "select amount, amount_usd, usd_per_unit from exchange_rate "
        "where claim_id = 'tip-2025-aze:resettlement-allowance-azn'",
    )
    assert rate == [(700, 410, pytest.approx(410 / 700))]


def test_value_usd_is_null_only_with_a_reason(con):
    assert rows(
        con,
        "select count(*) from reconciled where unit_kind = 'currency' and value_usd_note is null",
    ) == [(0,)]
    assert rows(
        con,
        "select value_usd, value_usd_note from reconciled "
        "where indicator_code = 'ngo_funding' and year_from = 2021",
    ) == [
        (
            None,
            "no document in the corpus states this currency beside U.S. dollars for this period, "
            "so no rate is known",
        )
    ]
    assert rows(
        con,
        "select value_usd, usd_rate, usd_rate_claims, value_usd_note from reconciled "
        "where indicator_code = 'rehabilitation_centres_funding' and year_from = 2008",
    ) == [
        (
            Decimal("0.00"),
            pytest.approx(1.19),
            "cable-09baku141:fiscal-unit-2008-azn / cable-09baku141:fiscal-unit-2008-usd",
            "at the average rate its report implies for this currency and period",
        )
    ]


# --- 8. readable values ---------------------------------------------------------------------


def test_counts_are_integers_and_amounts_exact_decimals(con):
    types = dict(
        rows(
            con,
            "select column_name, data_type from duckdb_columns() "
            "where table_name = 'reconciled' and column_name in ('value', 'amount', 'value_usd')",
        )
    )
    assert types == {"value": "BIGINT", "amount": "DECIMAL(20,4)", "value_usd": "DECIMAL(20,2)"}
    frame = con.sql(
        "select value from reconciled where figure_key = 'AZE | victims_identified | 2008 | all | persons'"
    ).pl()
    assert str(frame.schema["value"]) == "Int64" and frame["value"].to_list() == [78]


def test_tiers_are_categories_with_their_labels(con):
    assert rows(
        con,
        "select year_from, value, value_category, category_label, figure_text from reconciled "
        "where indicator_code = 'tier_placement' and year_from in (2012, 2021) order by 1",
    ) == [
        (2012, None, "tier_2_watch_list", "Tier 2 Watch List", "Tier 2 Watch List"),
        (
            2021,
            None,
            "tier_2_or_watch_list",
            "Tier 2 or Tier 2 Watch List",
            "Tier 2 or Tier 2 Watch List",
        ),
    ]


def test_figure_text_has_the_unit(con):
    assert rows(
        con,
        "select figure_text from claim_detail where claim_id in ("
        "'tip-2018-aze:victims-identified-2017', 'cable-09baku141:fiscal-unit-2008-azn', "
        "'cable-09baku141:rehabilitation-centres-2008-embassy') order by claim_id",
    ) == [("1 AZN",), ("1 organisation",), ("71 persons",)]


def test_query_json_gives_counts_as_numbers(built_db, monkeypatch):
    import json

    monkeypatch.setenv("TIPLAKE_DB", str(built_db))
    result = CliRunner().invoke(
        cli,
        [
            "query",
            "select value, amount, value_usd from reconciled where figure_key in ("
            "'AZE | victims_identified | 2017 | all | persons', "
            "'AZE | ngo_awareness_funding | 2016 | all | AZN') order by value",
            "--format",
            "json",
        ],
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == [
        {"value": 71, "amount": None, "value_usd": None},
        {"value": None, "amount": 71000, "value_usd": 41520},
    ]


# --- 9. one vocabulary, fewer views ---------------------------------------------------------


def test_one_name_for_one_concept(con):
    """No view says originator (source_id everywhere) or status (four meanings before)."""
    assert (
        rows(
            con,
            "select table_name, column_name from duckdb_columns() where table_name in "
            "(select view_name from duckdb_views() where not internal) "
            "and column_name in ('originator', 'status', 'claim_ids', 'originator_kind')",
        )
        == []
    )


def test_one_definition_of_reported(con):
    """claim_detail and claim_figure are one view now: they agree on every claim."""
    assert rows(
        con,
        "select count(*) from claim_detail d join claim_figure f using (claim_id) "
        "where d.is_reported <> f.is_reported or d.figure_text <> f.figure_text",
    ) == [(0,)]
    assert rows(
        con,
        "select qualifier, is_reported, count(*) from claim_detail "
        "where qualifier in ('not_reported', 'period', 'category') group by all order by 1",
    ) == [("category", True, 12), ("not_reported", False, 26), ("period", False, 7)]


def test_source_comparison_is_figure_under_its_earlier_name(con):
    assert rows(
        con,
        "select government, media from source_comparison "
        "where indicator_code = 'victims_identified' and year_from = 2024 and breakdown = 'all'",
    ) == [
        (
            "not reported [tip-2025-aze, relayed by U.S. Department of State]",
            "91 persons [tip-2025-aze, relayed by U.S. Department of State]",
        )
    ]
    assert rows(con, "select count(*) from source_comparison") == rows(
        con, "select count(*) from figure"
    )


def test_show_prints_the_ids_sql_uses(built_db, monkeypatch):
    monkeypatch.setenv("TIPLAKE_DB", str(built_db))
    result = CliRunner().invoke(cli, ["show", "tip-2018-aze:victims-identified-2017"])
    assert result.exit_code == 0, result.output
    assert "  source_id  : gov_aze (Government of Azerbaijan)" in result.output
    assert "  breakdown  : all" in result.output
    assert "us_department_of_state" not in result.output and ": none" not in result.output


# --- 10. coverage that says why -------------------------------------------------------------


def test_indicator_coverage_says_why_a_year_has_no_figure(con):
    coverage = dict(
        rows(
            con,
            "select year, coverage from indicator_coverage where indicator_code = 'victims_identified'",
        )
    )
    assert min(coverage) == 2007 and max(coverage) == 2025  # not to 2030
    assert coverage[2017] == "stated_total" and coverage[2011] == "derived_total"
    # 2012: the 2012 report covers 2012 only with its tier placement (context), not victims:
    # no document covers the year and topic; 2014: no document at all
    assert coverage[2012] == "no_document" and coverage[2014] == "no_document"
    assert rows(
        con,
        "select coverage, not_reported_by from indicator_coverage "
        "where indicator_code = 'awareness_events' and year = 2024",
    ) == [("not_reported", "gov_aze in tip-2025-aze")]


def test_a_breakdown_without_a_total_is_breakdown_only(con):
    assert rows(
        con,
        "select coverage, n_claims, n_reported_claims from indicator_coverage "
        "where indicator_code = 'persons_prosecuted' and year = 2010",
    ) == [("breakdown_only", 1, 1)]  # at least 38: a bound, not a total


# --- 11. layers and grains ------------------------------------------------------------------


def test_views_are_in_two_layers_with_declared_grains():
    views = discover(REPO / "sql" / "views")
    layers = {v.name: v.layer for v in views}
    assert {n for n, layer in layers.items() if layer == "staging"} == {
        "stg_claim",
        "stg_sum",
        "stg_figure_value",
    }
    assert all(layer in ("staging", "marts") for layer in layers.values())
    for v in views:
        assert v.grain and set(v.grain) <= set(v.columns), v.name
        if v.layer == "marts":  # a mart reads the staging views and other marts, not raw tables
            raw = {"claim", "claim_sum", "claim_sum_part"}
            assert not views_read(v) & raw, v.name


def views_read(view):
    from tiplake.views import dependencies

    return dependencies(view.sql)


def test_a_view_whose_grain_repeats_fails_the_build(project_copy):
    from tiplake.build import CheckError

    project_copy.replace("sql/views/marts/reconciled.sql", "-- grain: figure_key", "-- grain: unit")
    with pytest.raises(CheckError) as failure:
        project_copy.build()
    message = str(failure.value)
    assert "check grain_reconciled failed (one row per unit in reconciled)" in message


def test_every_view_has_a_grain_audit(con):
    from tiplake.views import grain_audits

    audits = grain_audits(discover(REPO / "sql" / "views"))
    assert len(audits) == len(discover(REPO / "sql" / "views")) == 18
    for name, _, sql in audits:
        assert rows(con, sql) == [], name


# --- a fixture: five more documents, one for each policy and each kind of conflict ----------


def add_report(copy, report_id, kind, publisher, year, text, claims_yaml):
    doc = copy.path(f"seeds/documents/{report_id}.txt")
    doc.write_text(text, encoding="utf-8")
    digest = hashlib.sha256(doc.read_bytes()).hexdigest()
    manifest = copy.path("seeds/documents/manifest.yaml")
    manifest.write_text(
        manifest.read_text(encoding="utf-8")
        + f"""  - report_id: {report_id}
    file: {report_id}.txt
    sha256: {digest}
    title: Fixture {report_id}
    kind: {kind}
    publisher: {publisher}
    published_year: {year}
    country_iso3: AZE
    citation: A test fixture.
""",
        encoding="utf-8",
    )
    copy.path(f"seeds/claims/{report_id}.yaml").write_text(
        f"report_id: {report_id}\nclaims:\n{claims_yaml}", encoding="utf-8"
    )


def claim_yaml(slug, source_id, value, quote, year=None, **more):
    lines = [
        f"  - id: {slug}",
        "    indicator_code: victims_identified",
        f"    source_id: {source_id}",
    ]
    if year is not None:
        lines.append(f"    year: {year}")
    lines += [f"    {k}: {v}" for k, v in more.items()]
    lines += [f"    value: {value}", f"    quote: {quote}"]
    return "\n".join(lines) + "\n"


STATE = "U.S. Department of State"
GOVERNMENT = "Government of the Republic of Azerbaijan"


@pytest.fixture(scope="module")
def fixture_db(tmp_path_factory):
    """2022 victims as five publications give them (the corpus's 94, relayed by the 2025 TIP
    report, and four more), so that each policy picks a different one; and a disagreement of
    each kind: 2017 between two editions, 2011 stated against derived, 2021 a restatement that
    changed the value, 2021-2022 a longer period with fewer victims than a year inside it."""
    from conftest import ProjectCopy

    copy = ProjectCopy(tmp_path_factory.mktemp("fixture"))
    add_report(
        copy,
        "tip-2023-aze",
        "tip_report",
        STATE,
        2023,
        "The government identified 93 victims in 2022.\n",
        claim_yaml(
            "victims-identified-2022",
            "us_dos",
            93,
            "The government identified 93 victims in 2022.",
            2022,
            attribution_reason="'A State Department figure by design of this fixture, ranked by the policies against the government ones'",
        ),
    )
    add_report(
        copy,
        "cable-23baku1",
        "diplomatic_cable",
        "U.S. Embassy Baku",
        2023,
        "The embassy counted 90 victims in 2022.\n",
        claim_yaml(
            "victims-identified-2022-embassy",
            "us_embassy_baku",
            90,
            "The embassy counted 90 victims in 2022.",
            2022,
        ),
    )
    add_report(
        copy,
        "gov-aze-2022",
        "government_report",
        GOVERNMENT,
        2024,
        "During the reporting year, 96 victims of human trafficking were identified. "
        "The table lists 97 victims identified in 2022. "
        "In 2021 and 2022 together, 50 victims were identified. "
        "The 2021 report counted 94 victims identified in 2021.\n",
        claim_yaml(
            "victims-identified-2022-gov",
            "gov_aze",
            96,
            "96 victims of human trafficking were identified",
            2022,
        )
        + claim_yaml(
            "victims-identified-2022-gov-table",
            "gov_aze",
            97,
            "The table lists 97 victims identified in 2022",
            2022,
        )
        + claim_yaml(
            "victims-identified-2021-2022-gov",
            "gov_aze",
            50,
            "In 2021 and 2022 together, 50 victims were identified",
            year_from=2021,
            year_to=2022,
        )
        + claim_yaml(
            "victims-identified-2021-gov-restated",
            "gov_aze",
            94,
            "The 2021 report counted 94 victims identified in 2021",
            2021,
            restates="gov-aze-2021:victims-identified-2021-gov",
            restatement_change="'value: 94 where the 2021 report gives 95'",
        ),
    )
    add_report(
        copy,
        "tip-2019-aze",
        "tip_report",
        STATE,
        2019,
        "The government identified 72 victims in 2017.\n",
        claim_yaml(
            "victims-identified-2017",
            "gov_aze",
            72,
            "The government identified 72 victims in 2017.",
            2017,
        ),
    )
    add_report(
        copy,
        "tip-2013-aze",
        "tip_report",
        STATE,
        2013,
        "In 2011, the government identified 30 victims.\n",
        claim_yaml(
            "victims-identified-2011",
            "us_dos",
            30,
            "In 2011, the government identified 30 victims.",
            2011,
            attribution_reason="'A State Department figure by design of this fixture, ranked by the policies against the government ones'",
        ),
    )
    copy.build()
    con = duckdb.connect(str(copy.db), read_only=True)
    yield con
    con.close()


def chosen(con, policy, year=2022):
    return rows(
        con,
        "select value, claim_id from reconciled_by_policy where policy_id = ? "
        "and indicator_code = 'victims_identified' and year_from = ? and year_to = ? "
        "and breakdown = 'all'",
        [policy, year, year],
    )[0]


def test_each_policy_picks_a_different_value_on_the_fixture(fixture_db):
    assert rows(fixture_db, "select policy_id from policy where is_default") == [
        ("originator_first",)
    ]
    picks = {
        policy: chosen(fixture_db, policy)
        for policy in ("originator_first", "us_first", "government_first", "earliest_publication")
    }
    assert picks == {
        # the latest of the originators' own publications: the government's 2024 report
        "originator_first": (96, "gov-aze-2022:victims-identified-2022-gov"),
        # the State Department's own figure
        "us_first": (93, "tip-2023-aze:victims-identified-2022"),
        # the government's figure as last published: relayed by the 2025 TIP report
        "government_first": (94, "tip-2025-aze:victims-identified-2022-gov"),
        # the first put on record (2023; the cable before the TIP report of the same year)
        "earliest_publication": (90, "cable-23baku1:victims-identified-2022-embassy"),
    }
    assert len(set(picks.values())) == 4


def test_a_stated_figure_wins_over_a_derived_one_and_they_conflict(fixture_db):
    assert chosen(fixture_db, "originator_first", 2011) == (
        30,
        "tip-2013-aze:victims-identified-2011",
    )
    (dissent,) = rows(
        fixture_db,
        "select dissenting_figures from reconciled where figure_key = "
        "'AZE | victims_identified | 2011 | all | persons'",
    )[0]
    assert dissent == "29 persons (gov_aze, tip-2012-aze, derived)"
    assert rows(
        fixture_db,
        "select conflict_kind, is_derived, value_key from conflict "
        "where conflict_id = 'figure | AZE | victims_identified | 2011 | all | persons' order by 2",
    ) == [("derived_vs_stated", False, "30"), ("derived_vs_stated", True, "29")]


def kinds(con, conflict_id):
    return rows(
        con,
        "select distinct conflict_kind, is_between_originators, is_within_report, "
        "is_between_editions, is_between_publications, is_derived_vs_stated, "
        "is_restatement_changed, is_different_periods, is_different_definitions, is_contradiction "
        "from conflict where conflict_id = ?",
        [conflict_id],
    )


def test_conflict_kinds_on_the_fixture(fixture_db):
    figure = "figure | AZE | victims_identified | {} | all | persons"
    # 2022: five values; different originators, two in one report, the government's figure
    # published by two publishers with different values
    assert kinds(fixture_db, figure.format(2022)) == [
        ("between_originators", True, True, False, True, False, False, False, False, True)
    ]
    # 2017: the government's 71 as the 2018 edition gives it, 72 as the 2019 edition does (the
    # same wording, "The government identified", is the government's: issue 28): a discrepancy
    # inside one originator's figures, between two editions
    assert kinds(fixture_db, figure.format(2017)) == [
        ("within_originator", False, False, True, False, False, False, False, False, True)
    ]
    # 2021: the government's own 2022 report restates its 95 as 94
    assert kinds(fixture_db, figure.format(2021)) == [
        ("restatement_changed", False, False, True, False, False, True, False, False, True)
    ]
    periods = rows(
        fixture_db,
        "select count(distinct conflict_id) from conflict where conflict_kind = 'different_periods' "
        "and member_id = 'gov-aze-2022:victims-identified-2021-2022-gov'",
    )
    assert periods == [(7,)]  # 50 for 2021-2022 against each larger count of 2021 or 2022
    assert rows(
        fixture_db,
        "select count(*) from conflict where member_id = 'tip-2018-aze:victims-identified-2016'",
    ) == [(0,)]  # one value: no conflict


def test_a_relayed_government_figure_is_not_an_independent_confirmation(fixture_db):
    n_claims, n_independent = rows(
        fixture_db,
        "select n_claims, n_independent_originators from reconciled "
        "where indicator_code = 'victims_identified' and year_from = 2022 and breakdown = 'all'",
    )[0]
    # gov_aze (its report, twice, and the 2025 TIP report), us_dos, us_embassy_baku
    assert (n_claims, n_independent) == (5, 3)


def test_revision_shows_first_published_and_latest_value_of_one_publisher(fixture_db):
    assert rows(
        fixture_db,
        "select publisher, n_editions, first_report_id, first_figure_text, latest_report_id, "
        "latest_figure_text, is_changed, change from revision "
        "where indicator_code = 'victims_identified' and year_from = 2017",
    ) == [(STATE, 2, "tip-2018-aze", "71 persons", "tip-2019-aze", "72 persons", True, 1)]


def test_conflicts_command_prints_each_value_with_its_quote(built_db, monkeypatch):
    monkeypatch.setenv("TIPLAKE_DB", str(built_db))
    result = CliRunner().invoke(
        cli, ["conflicts", "--indicator", "cases_investigated", "--year", "2008"]
    )
    assert result.exit_code == 0, result.output
    out = result.output
    assert "figure | AZE | cases_investigated | 2008 | all | cases  [within_originator]" in out
    assert "[different_definitions, not a contradiction]" in out
    assert '"66 trafficking in persons criminal cases were opened"' in out
    assert "      judged likely_error: Section 3E calls 76" in out
    assert out.index("[within_originator]") < out.index("not a contradiction]")
    # whose figure each value is, and who relayed it (issue 28)
    assert (
        "76 cases (cases_investigated, 2008)  source: Government of Azerbaijan, relayed by U.S. Embassy Baku"
        in out
    )
    assert "not a disagreement between sources" in out
    quiet = CliRunner().invoke(cli, ["conflicts", "--year", "1999"])
    assert quiet.output.strip() == "no conflicts for that selection"


def test_conflicts_options_are_bound_not_pasted(built_db, monkeypatch):
    monkeypatch.setenv("TIPLAKE_DB", str(built_db))
    result = CliRunner().invoke(cli, ["conflicts", "--indicator", "x' or '1'='1"])
    assert result.exit_code == 1 and "no indicator \"x' or '1'='1\"" in result.output
    assert tiplake.cli is not None


def test_a_stored_view_holds_the_rows_its_definition_gives(con, built_db):
    """A stored view (header line `-- stored:`) is still a view, reading the rows the build
    computed into `_stored_<name>`; those rows are exactly what the file's SELECT gives on the
    same tables, so storing never changes a result."""
    import tiplake
    from tiplake.schema import dump

    stored = [v for v in discover(REPO / "sql" / "views") if v.stored]
    assert {v.name for v in stored} == {
        "stg_claim",
        "stg_sum",
        "stg_figure_value",
        "figure",
        "reconciled_by_policy",
        "conflict",
        "revision",
        "indicator_coverage",
        "answer",
    }
    for v in stored:
        assert rows(con, "select count(*) from duckdb_views() where view_name = ?", [v.name]) == [
            (1,)
        ]
        assert rows(
            con, "select count(*) from duckdb_tables() where table_name = ?", [f"_stored_{v.name}"]
        ) == [(1,)]
        stored_rows = rows(con, f'select * from "{v.name}" order by all')
        fresh_rows = rows(con, f"select * from ({v.sql}) order by all")
        assert stored_rows == fresh_rows, v.name
    assert (
        len(rows(con, "select * from claim_figure"))
        == rows(con, "select count(*) from claim")[0][0]
    )
    assert rows(
        con,
        "select value, report_id from reconciled where indicator_code = 'victims_identified' "
        "and breakdown = 'all' and year_from = 2017 and year_to = 2017",
    ) == [(71, "tip-2018-aze")]
    with tiplake.connect(built_db) as db:
        assert "figure" in db.relations()
        assert not [n for n in db.relations() if n.startswith("_stored_")]
    assert "_stored_" not in dump(con)


# The column glossary (issue 30): a description given once, used by every view that passes the
# column through with that meaning.
def test_views_take_descriptions_from_the_glossary_and_the_views_they_read(con):
    """`name:` alone is sql/views/glossary.yaml's description, `name: =view` that view's: the database
    comments are the same text as the views' own words were before the glossary."""
    import yaml

    glossary = yaml.safe_load(
        (REPO / "sql" / "views" / "glossary.yaml").read_text(encoding="utf-8")
    )
    assert glossary["claim_id"] == "Stable identifier of the claim (<report_id>:<slug>)."

    def comment(view, column):
        return con.execute(
            "select comment from duckdb_columns() where table_name = ? and column_name = ?",
            [view, column],
        ).fetchone()[0]

    header = (REPO / "sql/views/marts/revision.sql").read_text(encoding="utf-8")
    assert "--   country_iso3:\n" in header
    assert comment("revision", "country_iso3") == "Country the figure is about."
    header = (REPO / "sql/views/marts/reconciled.sql").read_text(encoding="utf-8")
    assert "--   value: =reconciled_by_policy\n" in header
    assert comment("reconciled", "value") == comment("reconciled_by_policy", "value")
    assert comment("reconciled", "value").startswith("The value to use when the figure is a count")
    # a view's own words where the column means something else there
    assert comment("stg_claim", "indicator_code") == "What the figure counts or measures."


def test_no_view_repeats_a_description_it_could_refer_to():
    """No header writes out the glossary's description of a column, or the description of the
    same column in a view it reads (it refers to them instead)."""
    import yaml

    glossary = yaml.safe_load(
        (REPO / "sql" / "views" / "glossary.yaml").read_text(encoding="utf-8")
    )
    views = {v.name: v for v in discover(REPO / "sql" / "views")}
    line = re.compile(r"^--\s+([a-z_][a-z0-9_]*):\s*(.*)$")
    repeats = []
    for v in views.values():
        header = v.path.read_text(encoding="utf-8").split("-- columns:", 1)[1]
        for text in header.splitlines():
            if not text.startswith("--"):
                break
            m = line.match(text)
            if not m or not m.group(2) or m.group(2).startswith("="):
                continue
            name, said = m.group(1), m.group(2).strip()
            if glossary.get(name) == said:
                repeats.append(f"{v.name}.{name}: the glossary's words")
            for read in sorted(v.reads & set(views)):
                if views[read].columns.get(name) == said:
                    repeats.append(f"{v.name}.{name}: {read}'s words")
    assert repeats == []


@pytest.mark.parametrize(
    "line,glossary,error",
    [
        ("--   x:", "y: The y.\n", "columns without a description, and none in"),
        ("--   x:", None, "no glossary.yaml found"),
        ("--   x: =nowhere", "x: The x.\n", "x: =nowhere names no view file"),
        ("--   x: =v", "x: The x.\n", "x: =v refers back to this view (a cycle)"),
        ("--   x: =other", "x: The x.\n", "x: view other has no column x"),
        ("--   x:", "x: [not, text]\n", "x: the description must be text"),
        ("--   x:", "- a list\n", "the glossary is a mapping"),
    ],
    ids=[
        "not-in-glossary",
        "no-glossary",
        "no-such-view",
        "itself",
        "view-lacks-column",
        "list",
        "not-map",
    ],
)
def test_a_missing_description_is_an_error_naming_the_file(tmp_path, line, glossary, error):
    from tiplake.views import ViewError, parse_view_file

    folder = tmp_path / "sql" / "views" / "marts"
    folder.mkdir(parents=True)
    if glossary is not None:
        (tmp_path / "sql" / "views" / "glossary.yaml").write_text(glossary, encoding="utf-8")
    (folder / "other.sql").write_text(
        "-- One row per y.\n--\n-- grain: y\n--\n-- columns:\n--   y: The y.\n\nselect 1 as y\n"
    )
    path = folder / "v.sql"
    path.write_text(
        f"-- One row per x.\n--\n-- grain: x\n--\n-- columns:\n{line}\n\nselect 1 as x\n"
    )
    with pytest.raises(ViewError, match=re.escape(error)) as info:
        parse_view_file(path)
    # the file at fault: the glossary when it is not one, else the view
    at_fault = (
        tmp_path / "sql" / "views" / "glossary.yaml"
        if "glossary is" in error or "text" in error
        else path
    )
    assert str(info.value).startswith(f"{at_fault}: ")


def test_a_glossary_description_and_a_reference_resolve(tmp_path):
    from tiplake.views import parse_view_file

    folder = tmp_path / "sql" / "views"
    (folder / "staging").mkdir(parents=True)
    (folder / "marts").mkdir()
    (tmp_path / "sql" / "views" / "glossary.yaml").write_text("x: |-\n  The x,\n  folded.\n")
    (folder / "staging" / "base.sql").write_text(
        "-- One row per x.\n--\n-- grain: x\n--\n-- columns:\n--   x:\n--   y: The y here.\n\n"
        "select 1 as x, 2 as y\n"
    )
    (folder / "marts" / "top.sql").write_text(
        "-- One row per x.\n--\n-- grain: x\n--\n-- columns:\n--   x:\n--   y: =base\n\n"
        "select * from base\n"
    )
    assert parse_view_file(folder / "marts" / "top.sql").columns == {
        "x": "The x, folded.",
        "y": "The y here.",
    }


def test_every_code_a_view_shows_has_a_plain_label_and_the_check_finds_one_without(built_copy):
    """term names every code the views show (the site shows codes only through it); the check
    assert_codes_have_terms returns a code that loses its entry."""
    check = (REPO / "sql" / "checks" / "assert_codes_have_terms.sql").read_text(encoding="utf-8")
    connection = duckdb.connect(str(built_copy.db))
    try:
        assert connection.execute(check).fetchall() == []
        assert connection.execute(
            "select label from term where field = 'conflict_kind' and code = 'within_originator'"
        ).fetchone() == ("within one originator",)
        connection.execute("create table kept_term as select * from term")
        connection.execute(
            "create or replace view term as select * from kept_term "
            "where not (field = 'result' and code = 'adds_up')"
        )
        assert connection.execute(check).fetchall() == [("result", "adds_up")]
    finally:
        connection.close()
