"""The reconciliation views, on the real corpus and on a small fixture that adds two documents."""

from __future__ import annotations

import hashlib
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
        order.index("claim_figure")
        < order.index("reconciled_by_policy")
        < order.index("reconciled")
    )
    assert order.index("reconciled") < order.index("justice_funnel")
    assert order.index("exchange_rate") < order.index("reconciled_by_policy")


def reconciled_victims(con, year):
    return rows(
        con,
        "select value, report_id, source_id, n_independent_originators, not_reported_by from reconciled "
        "where indicator_code = 'victims_identified' and breakdown = 'all' and year_from = ? and year_to = ?",
        [year, year],
    )


def test_victims_2017_reconcile_to_71_from_the_2018_report(con):
    assert reconciled_victims(con, 2017) == [(71, "tip-2018-aze", "us_dos", 1, None)]


def test_victims_2021_reconcile_to_95_from_the_governments_own_report(con):
    assert reconciled_victims(con, 2021) == [(95, "gov-aze-2021", "gov_aze", 1, None)]


def test_victims_2024_use_the_media_figure_while_the_government_did_not_report(con):
    assert reconciled_victims(con, 2024) == [
        (91, "tip-2025-aze", "media", 1, "gov_aze in tip-2025-aze")
    ]


def test_a_figure_only_reported_absent_reconciles_to_not_reported(con):
    assert rows(
        con,
        "select status, value, claim_id, not_reported_by from reconciled "
        "where indicator_code = 'hotline_calls' and year_from = 2023 and year_to = 2024",
    ) == [("not_reported", None, None, "gov_aze in tip-2025-aze")]


def test_2021_victims_by_destination_add_up(con):
    assert rows(
        con,
        "select total_value, parts_sum, n_parts, status from consistency_check "
        "where total_claim_id = 'gov-aze-2021:victims-identified-2021-gov' and dimension = 'destination_iso3'",
    ) == [(95, 95, 5, "parts_add_up")]


def test_the_2011_victims_by_age_add_up(con):
    assert rows(
        con,
        "select dimension, parts_sum, status from consistency_check "
        "where total_claim_id = 'tip-2012-aze:victims-identified-2011-female-sexual' order by 1",
    ) == [("age_band", 29, "parts_add_up")]


def test_the_cables_two_case_counts_are_a_conflict_within_one_report(con):
    kind, figures, claim_ids = rows(
        con,
        "select conflict_kind, figures, claim_ids from conflict "
        "where indicator_code = 'cases_investigated' and year_from = 2008 and related_indicator_code is null",
    )[0]
    assert kind == "within_report"
    assert (
        "76 (us_embassy_baku, cable-09baku141)" in figures
        and "66 (gov_aze, cable-09baku141)" in figures
    )
    assert (
        claim_ids
        == "cable-09baku141:cases-investigated-2008-embassy, cable-09baku141:cases-investigated-2008-gov"
    )


def test_differently_defined_indicators_are_compared_never_equated(con):
    related, figures, difference = rows(
        con,
        "select related_indicator_codes, related_figures, definition_difference from source_comparison "
        "where indicator_code = 'crimes_registered' and year_from = 2008 and year_to = 2008",
    )[0]
    assert related == "cases_investigated"
    assert "cases_investigated 66 (gov_aze) [cable-09baku141]" in figures
    assert "several crimes" in difference
    assert rows(
        con,
        "select conflict_kind from conflict where indicator_code = 'crimes_registered' and related_indicator_code = 'cases_investigated'",
    ) == [("different_definitions",)]


def test_source_comparison_puts_originators_side_by_side(con):
    assert rows(
        con,
        "select government, media from source_comparison "
        "where indicator_code = 'victims_identified' and year_from = 2024 and breakdown = 'all'",
    ) == [("not reported [tip-2025-aze]", "91 [tip-2025-aze]")]


def test_justice_funnel_answers_victims_versus_convictions_in_one_select(con):
    assert rows(
        con,
        "select victims_identified, persons_convicted, convictions_per_100_victims from justice_funnel "
        "where year = 2017 and originator = 'reconciled'",
    ) == [(71, 29, pytest.approx(40.8))]
    assert rows(
        con,
        "select persons_charged, persons_prosecuted from justice_funnel where year = 2021 and originator = 'gov_aze'",
    ) == [(15, None)]


def test_indicator_coverage_shows_gaps_and_absences(con):
    status = dict(
        rows(
            con,
            "select year, status from indicator_coverage where indicator_code = 'victims_identified'",
        )
    )
    assert status[2017] == "figure" and status[2012] == "period_only" and status[2026] == "gap"
    assert rows(
        con,
        "select status, not_reported_by from indicator_coverage where indicator_code = 'awareness_events' and year = 2024",
    ) == [("not_reported_only", "gov_aze in tip-2025-aze")]


def test_two_currency_amounts_give_an_exchange_rate_and_a_usd_value(con):
    rate = rows(
        con,
        "select amount, amount_usd, usd_per_unit from exchange_rate where claim_id = 'tip-2025-aze:resettlement-allowance-azn'",
    )
    assert rate == [(700, 410, pytest.approx(410 / 700))]
    value_usd, source = rows(
        con,
        "select value_usd, usd_rate_source from reconciled "
        "where indicator_code = 'victim_assistance_funding' and year_from = 2023 and unit = 'AZN'",
    )[0]
    assert value_usd == pytest.approx(123625)
    assert (
        source
        == "tip-2025-aze:victim-assistance-funding-2023-azn / tip-2025-aze:victim-assistance-funding-2023-usd"
    )


def test_revisions_in_the_corpus_one_deadline_restated_by_a_later_edition(con):
    assert rows(
        con,
        "select indicator_code, first_report_id, first_figure_text, latest_report_id, latest_figure_text, is_changed "
        "from revision order by 1",
    ) == [
        # the 5-15 of 2012 (all provisions) and the 5-10 of 2018 (the basic offence) are
        # penalties of different provisions: not one figure revised
        ("referral_deadline_hours", "tip-2018-aze", "24", "tip-2025-aze", "24", False),
    ]


# --- a fixture: two more documents about 2022 victims --------------------------------------


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


@pytest.fixture(scope="module")
def fixture_db(tmp_path_factory):
    from conftest import ProjectCopy

    copy = ProjectCopy(tmp_path_factory.mktemp("fixture"))
    add_report(
        copy,
        "tip-2023-aze",
        "tip_report",
        "U.S. Department of State",
        2023,
        "The government identified 93 victims in 2022.\n",
        "  - id: victims-identified-2022\n    indicator_code: victims_identified\n    source_id: us_dos\n"
        "    year: 2022\n    value: 93\n    quote: The government identified 93 victims in 2022.\n",
    )
    add_report(
        copy,
        "gov-aze-2022",
        "government_report",
        "Government of the Republic of Azerbaijan",
        2024,
        "During the reporting year, 96 victims of human trafficking were identified.\n",
        "  - id: victims-identified-2022-gov\n    indicator_code: victims_identified\n    source_id: gov_aze\n"
        "    year: 2022\n    value: 96\n    quote: 96 victims of human trafficking were identified\n",
    )
    copy.build()
    con = duckdb.connect(str(copy.db), read_only=True)
    yield con
    con.close()


def chosen(con, policy):
    return rows(
        con,
        "select value, claim_id from reconciled_by_policy where policy_id = ? "
        "and indicator_code = 'victims_identified' and year_from = 2022 and breakdown = 'all'",
        [policy],
    )[0]


def test_default_policy_prefers_the_originators_own_latest_publication(fixture_db):
    assert rows(fixture_db, "select policy_id from policy where is_default") == [
        ("originator_first",)
    ]
    assert chosen(fixture_db, "originator_first") == (
        96,
        "gov-aze-2022:victims-identified-2022-gov",
    )


def test_us_first_policy(fixture_db):
    assert chosen(fixture_db, "us_first") == (93, "tip-2023-aze:victims-identified-2022")


def test_government_first_policy_takes_the_latest_government_figure_wherever_published(fixture_db):
    assert chosen(fixture_db, "government_first") == (
        94,
        "tip-2025-aze:victims-identified-2022-gov",
    )


def test_earliest_publication_policy(fixture_db):
    assert chosen(fixture_db, "earliest_publication") == (
        93,
        "tip-2023-aze:victims-identified-2022",
    )


def test_a_relayed_government_figure_is_not_an_independent_confirmation(fixture_db):
    n_claims, n_independent, dissent = rows(
        fixture_db,
        "select n_claims, n_independent_originators, dissenting_figures from reconciled "
        "where indicator_code = 'victims_identified' and year_from = 2022 and breakdown = 'all'",
    )[0]
    assert (n_claims, n_independent) == (3, 2)
    assert dissent == "93 (us_dos, tip-2023-aze); 94 (gov_aze, tip-2025-aze)"


def test_revision_shows_first_published_and_latest_value_of_one_publisher(fixture_db):
    assert rows(
        fixture_db,
        "select publisher, n_editions, first_report_id, first_value, latest_report_id, latest_value, is_changed, change "
        "from revision where indicator_code = 'victims_identified' and year_from = 2022",
    ) == [("U.S. Department of State", 2, "tip-2023-aze", 93, "tip-2025-aze", 94, True, 1)]


def test_conflict_kinds_on_the_fixture(fixture_db):
    assert rows(
        fixture_db,
        "select conflict_kind from conflict where indicator_code = 'victims_identified' and year_from = 2022 and breakdown = 'all'",
    ) == [("between_originators",)]


def test_conflicts_command_prints_each_value_with_its_quote(built_db, monkeypatch):
    monkeypatch.setenv("TIPLAKE_DB", str(built_db))
    result = CliRunner().invoke(
        cli, ["conflicts", "--indicator", "cases_investigated", "--year", "2008"]
    )
    assert result.exit_code == 0, result.output
    assert "[within_report]" in result.output and "[different_definitions]" in result.output
    assert '"66 trafficking in persons criminal cases were opened"' in result.output
    quiet = CliRunner().invoke(cli, ["conflicts", "--year", "1999"])
    assert quiet.output.strip() == "no conflicts for that selection"


def test_conflicts_options_are_bound_not_pasted(built_db, monkeypatch):
    monkeypatch.setenv("TIPLAKE_DB", str(built_db))
    result = CliRunner().invoke(cli, ["conflicts", "--indicator", "x' or '1'='1"])
    assert result.exit_code == 0 and "no conflicts" in result.output
    assert tiplake.cli is not None


def test_a_stored_view_holds_the_rows_its_definition_gives(con, built_db):
    """A stored view (header line `-- stored:`) is still a view, reading the rows the build
    computed into `_stored_<name>`; those rows are exactly what the file's SELECT gives on the
    same tables, so storing never changes a result."""
    import tiplake
    from tiplake.schema import dump

    stored = [v for v in discover(REPO / "sql" / "views") if v.stored]
    assert {v.name for v in stored} >= {"claim_figure", "figure", "reconciled_by_policy"}
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
