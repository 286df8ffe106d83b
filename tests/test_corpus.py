"""The whole corpus is curated: every number accounted for, and a sample of real values from
each report, including a relayed government figure, a breakdown, two currencies, an absence
and a zero."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from tiplake.cli import cli
from tiplake.coverage import audit
from tiplake.seeds import read_seeds
from tiplake.validate import validate

REPO = Path(__file__).resolve().parent.parent
REPORTS = ["cable-09baku141", "gov-aze-2021", "tip-2012-aze", "tip-2018-aze", "tip-2025-aze"]


@pytest.fixture(scope="module")
def coverage():
    validated = validate(read_seeds(REPO / "seeds"))
    assert validated.problems == []
    return {r.report_id: r for r in audit(validated, REPORTS)}


@pytest.mark.parametrize("report_id", REPORTS)
def test_every_number_in_every_report_is_accounted_for(coverage, report_id):
    cov = coverage[report_id]
    assert cov.total > 50
    assert [(i.line, i.mention.text) for i in cov.unaccounted] == []


def test_coverage_command_passes_for_the_whole_corpus():
    result = CliRunner().invoke(cli, ["coverage"])
    assert result.exit_code == 0, result.output
    assert result.output.count("(100.0%)") == 5


def test_every_skip_has_a_reason():
    seeds = read_seeds(REPO / "seeds")
    assert sorted(seeds.skips) == REPORTS
    for skips in seeds.skips.values():
        assert all(len(s.record.reason) > 10 for s in skips)


def claim(con, claim_id):
    row = con.execute(
        "select value, source_id, qualifier, unit, year_from, year_to from claim where claim_id = ?",
        [claim_id],
    ).fetchone()
    assert row is not None, claim_id
    return row


def test_government_report_2021_victims_and_destinations_add_up(con):
    assert claim(con, "gov-aze-2021:victims-identified-2021-gov")[:2] == (95, "gov_aze")
    parts = dict(
        con.execute(
            "select destination_iso3, value from claim "
            "where part_of_claim_id = 'gov-aze-2021:victims-identified-2021-gov' and destination_iso3 <> 'all'"
        ).fetchall()
    )
    assert parts == {"TUR": 74, "RUS": 12, "IRN": 7, "ARE": 1, "AZE": 1}
    assert sum(parts.values()) == 95


def test_government_report_cumulative_totals_carry_their_period(con):
    assert claim(con, "gov-aze-2021:victims-identified-2005-2021-gov")[::4] == (1165, 2005)
    assert claim(con, "gov-aze-2021:persons-charged-2005-2021-gov")[4:] == (2005, 2021)
    assert claim(con, "gov-aze-2021:persons-charged-2021-gov")[0] == 15


def test_government_amount_in_thousands(con):
    rows = con.execute(
        "select value, unit, value_text from claim where report_id = 'gov-aze-2021' and value_text = 'AZN 125 thousand'"
    ).fetchall()
    assert rows == [(125000, "AZN", "AZN 125 thousand")]


def test_cable_keeps_its_two_case_counts(con):
    rows = con.execute(
        "select source_id, value from claim where report_id = 'cable-09baku141' "
        "and indicator_code = 'cases_investigated' and year_from = 2008 and part_of_claim_id is null order by 1"
    ).fetchall()
    assert rows == [("gov_aze", 66), ("us_embassy_baku", 76)]


def test_cable_victims_and_their_origins(con):
    assert claim(con, "cable-09baku141:victims-identified-2008-gov")[:2] == (78, "gov_aze")
    origins = con.execute(
        "select origin_iso3, value, source_id from claim where report_id = 'cable-09baku141' "
        "and indicator_code = 'victims_identified' and origin_iso3 <> 'all' order by 1"
    ).fetchall()
    assert origins == [
        ("KAZ", 1, "gov_shelter_director"),
        ("MDA", 1, "gov_shelter_director"),
        ("RUS", 2, "gov_aze"),
        ("UKR", 1, "gov_aze"),
        ("UZB", 1, "gov_shelter_director"),
    ]


def test_cable_dollar_amount_written_against_its_currency_code(con):
    assert con.execute(
        "select value, unit, value_text from claim where claim_id = 'cable-09baku141:fines-imposed-pimping-2008-gov'"
    ).fetchone() == (900, "USD", "$900USD")


def test_relayed_government_figure_in_a_us_report(con):
    rows = con.execute(
        "select c.claim_id from claim c join report r using (report_id) "
        "where r.kind = 'tip_report' and c.source_id = 'gov_aze' and c.value is not null"
    ).fetchall()
    assert len(rows) >= 3
    assert claim(con, "tip-2025-aze:victims-identified-2023-gov")[:2] == (91, "gov_aze")


def test_absence_and_zero_in_the_2012_report(con):
    rows = con.execute(
        "select qualifier, value from claim where report_id = 'tip-2012-aze' "
        "and indicator_code = 'victims_identified' and year_from = 2011 and sex = 'male'"
    ).fetchall()
    assert rows == [("exact", 0)]
    not_reported = con.execute(
        "select count(*) from claim where qualifier = 'not_reported' and value is null"
    ).fetchone()[0]
    assert not_reported >= 20


def test_no_claim_is_low_confidence_without_a_reason(con):
    assert con.execute(
        "select count(*) from claim where is_low_confidence and confidence_reason is null"
    ).fetchone() == (0,)
