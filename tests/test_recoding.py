"""Issue 28: the claims re-coded in tip-2025-aze, cable-09baku141 and gov-aze-2021, and the new
indicator prosecutions_initiated, checked on the database built from the real seeds."""

from __future__ import annotations


def rows(con, sql: str, *params) -> list[tuple]:
    return con.execute(sql, list(params)).fetchall()


def claim(con, claim_id: str, *columns: str) -> tuple:
    found = rows(con, f"select {', '.join(columns)} from claim where claim_id = ?", claim_id)
    assert len(found) == 1, claim_id
    return found[0]


# --- definitions that look alike: prosecutions initiated vs defendants prosecuted ---------------


def test_2025_prosecutions_are_initiated_prosecutions_from_their_originators(con):
    """TIP 2025's "initiating prosecutions of nine alleged traffickers ... in 2023" is the
    government's (the actor of the gerunds), its 2024 "initiated prosecutions against 14" is
    media's (media reported it), and the government's 2024 absence is of the same indicator."""
    assert rows(
        con,
        "select claim_id, source_id, year_from, value, qualifier, period_basis from claim "
        "where report_id = 'tip-2025-aze' and indicator_code = 'prosecutions_initiated' order by 1",
    ) == [
        ("tip-2025-aze:persons-prosecuted-2023", "gov_aze", 2023, 9, "exact", "calendar_year"),
        (
            "tip-2025-aze:persons-prosecuted-2024-gov-not-reported",
            "gov_aze",
            2024,
            None,
            "not_reported",
            "calendar_year",
        ),
        ("tip-2025-aze:persons-prosecuted-2024-media", "media", 2024, 14, "exact", None),
    ]
    assert not rows(
        con,
        "select claim_id from claim where report_id = 'tip-2025-aze' "
        "and indicator_code = 'persons_prosecuted'",
    )


def test_2018_defendants_prosecuted_stay_persons_prosecuted(con):
    assert claim(con, "tip-2018-aze:persons-prosecuted-2017", "indicator_code", "value") == (
        "persons_prosecuted",
        29,
    )


def test_prosecutions_initiated_is_declared_differently_defined(con):
    related = rows(
        con,
        "select related_indicator_code, relation from indicator_relation "
        "where indicator_code = 'prosecutions_initiated' order by 1",
    )
    assert related == [
        ("persons_charged", "differently_defined"),
        ("persons_prosecuted", "differently_defined"),
    ]
    (definition,) = rows(
        con, "select definition from indicator where indicator_code = 'prosecutions_initiated'"
    )[0]
    assert "persons_prosecuted" in definition and "persons_charged" in definition


# --- one attribution convention: the government's statistics are the government's --------------


def test_2025_government_statistics_for_2023_are_the_governments(con):
    got = rows(
        con,
        "select claim_id, source_id, indicator_code, value from claim where claim_id in "
        "('tip-2025-aze:cases-investigated-2023', 'tip-2025-aze:persons-convicted-2023', "
        "'tip-2025-aze:victims-identified-2023-gov', 'tip-2025-aze:victim-assistance-funding-2023-azn', "
        "'tip-2025-aze:legal-assistance-2023') order by 1",
    )
    assert got == [
        ("tip-2025-aze:cases-investigated-2023", "gov_aze", "cases_investigated", 9),
        ("tip-2025-aze:legal-assistance-2023", "gov_aze", "victims_given_legal_assistance", 105),
        ("tip-2025-aze:persons-convicted-2023", "gov_aze", "persons_convicted", 10),
        (
            "tip-2025-aze:victim-assistance-funding-2023-azn",
            "gov_aze",
            "victim_assistance_funding",
            210161,
        ),
        ("tip-2025-aze:victims-identified-2023-gov", "gov_aze", "victims_identified", 91),
    ]
    # the dollar conversion stays the State Department's
    assert claim(con, "tip-2025-aze:victim-assistance-funding-2023-usd", "source_id", "value") == (
        "us_dos",
        123625,
    )


def test_2025_comparisons_inside_a_media_sentence_are_medias(con):
    got = rows(
        con,
        "select claim_id, source_id, value from claim where claim_id in "
        "('tip-2025-aze:allowance-recipients-2023-media', 'tip-2025-aze:victims-sheltered-2023', "
        "'tip-2025-aze:potential-victims-sheltered-2023') order by 1",
    )
    assert got == [
        ("tip-2025-aze:allowance-recipients-2023-media", "media", 90),
        ("tip-2025-aze:potential-victims-sheltered-2023", "media", 6),
        ("tip-2025-aze:victims-sheltered-2023", "media", 61),
    ]


def test_2025_tier_2024_is_implied_by_remained_on_tier_2(con):
    assert claim(
        con, "tip-2025-aze:tier-2024-remained", "implied_by_claim_id", "value_category"
    ) == ("tip-2025-aze:tier-2025-remained", "tier_2")
    assert claim(con, "tip-2025-aze:tier-2025-remained", "restates_claim_id", "year_from") == (
        "tip-2025-aze:tier-2025",
        2025,
    )


def test_cable_government_as_actor_is_the_governments(con):
    got = rows(
        con,
        "select claim_id, source_id, restated_source_id from claim where claim_id in "
        "('cable-09baku141:victims-identified-2008-embassy', "
        "'cable-09baku141:victims-identified-2008-gov-child', "
        "'cable-09baku141:trafficking-groups-identified-2008', "
        "'cable-09baku141:victims-referred-shelter-2008-law-enforcement', "
        "'cable-09baku141:victims-referred-shelter-2008-ngos') order by 1",
    )
    assert got == [
        ("cable-09baku141:trafficking-groups-identified-2008", "gov_aze", None),
        ("cable-09baku141:victims-identified-2008-embassy", "gov_aze", None),
        ("cable-09baku141:victims-identified-2008-gov-child", "gov_aze", None),
        ("cable-09baku141:victims-referred-shelter-2008-law-enforcement", "gov_aze", None),
        ("cable-09baku141:victims-referred-shelter-2008-ngos", "ngos", None),
    ]


def test_cable_2008_case_pairs_are_all_originally_the_governments(con):
    """76 vs 66 cases investigated and 66 vs 61 sent to court: every member's original
    originator is the government (the embassy's 3E figures restate 5E's)."""
    got = rows(
        con,
        "select claim_id, value, original_source_id from claim_detail where claim_id in "
        "('cable-09baku141:cases-investigated-2008-embassy', 'cable-09baku141:cases-investigated-2008-gov', "
        "'cable-09baku141:cases-sent-to-court-2008-embassy', 'cable-09baku141:cases-sent-to-court-2008-gov') "
        "order by 1",
    )
    assert got == [
        ("cable-09baku141:cases-investigated-2008-embassy", 76, "gov_aze"),
        ("cable-09baku141:cases-investigated-2008-gov", 66, "gov_aze"),
        ("cable-09baku141:cases-sent-to-court-2008-embassy", 66, "gov_aze"),
        ("cable-09baku141:cases-sent-to-court-2008-gov", 61, "gov_aze"),
    ]


# --- cable: sentence bands, rehabilitation centres, foreign victims -----------------------------


def test_cable_sentence_bands_derive_the_persons_convicted_in_2008(con):
    """33 + 10 + 14 persons sentenced, and "the remaining 4 cases" not trafficking: the bands
    cover every trafficking conviction of the 61 cases, so 57 persons convicted is derived."""
    assert rows(
        con,
        "select kind, is_complete, total_claim_id, n_parts, parts_sum, indicator_code, source_id "
        "from stg_sum where sum_id = 'cable-09baku141:persons-convicted-2008-by-sentence'",
    ) == [("breakdown", True, None, 3, 57, "persons_convicted", "gov_aze")]
    assert rows(
        con,
        "select value_number, source_id, is_derived from stg_figure_value "
        "where is_derived and indicator_code = 'persons_convicted' and year_from = 2008 "
        "and year_to = 2008 and breakdown = 'all'",
    ) == [(57, "gov_aze", True)]
    assert rows(
        con,
        "select category, value from claim where report_id = 'cable-09baku141' "
        "and indicator_code = 'persons_convicted' and year_from = 2008 order by 1",
    ) == [("prison-2-6-years", 33), ("prison-6-8-years", 10), ("probation-1-3-years", 14)]


def test_cable_rehabilitation_none_is_the_ministry_of_labours_and_restated_once(con):
    got = rows(
        con,
        "select claim_id, year_from, year_to, value, category, source_id, restates_claim_id "
        "from claim where indicator_code = 'rehabilitation_centres_opened' "
        "and report_id = 'cable-09baku141' order by 1",
    )
    assert got == [
        (
            "cable-09baku141:rehabilitation-centres-2004-2009-embassy",
            2004,
            2009,
            0,
            "ministry-of-labour",
            "gov_aze",
            None,
        ),
        (
            "cable-09baku141:rehabilitation-centres-2004-2009-embassy-6e",
            2004,
            2009,
            0,
            "ministry-of-labour",
            "us_embassy_baku",
            "cable-09baku141:rehabilitation-centres-2004-2009-embassy",
        ),
        (
            "cable-09baku141:rehabilitation-centres-2008-embassy",
            2008,
            2008,
            1,
            "all",
            "us_embassy_baku",
            None,
        ),
    ]


def test_cable_foreign_victims_of_the_mia_and_the_shelter_director_are_one_figure(con):
    """Both say three foreign victims in 2008 (the MIA's derived from its complete list), on
    the same figure key; their citizenships are disjoint."""
    key = "AZE | victims_identified | 2008 | citizenship=foreign | persons"
    got = rows(
        con,
        "select coalesce(claim_id, 'derived'), source_id, value_number from stg_figure_value "
        "where figure_key = ? order by 2",
        key,
    )
    assert got == [
        ("derived", "gov_aze", 3),
        (
            "cable-09baku141:victims-identified-2008-shelter-director-foreign",
            "gov_shelter_director",
            3,
        ),
    ]
    mia = {
        r[0]
        for r in rows(
            con,
            "select origin_iso3 from claim where claim_id like 'cable-09baku141:victims-identified-2008-gov-foreign-%'",
        )
    }
    director = {
        r[0]
        for r in rows(
            con,
            "select origin_iso3 from claim where claim_id like 'cable-09baku141:victims-identified-2008-shelter-director-%' "
            "and origin_iso3 <> 'all'",
        )
    }
    assert mia == {"UKR", "RUS"} and director == {"MDA", "KAZ", "UZB"}


# --- gov-aze-2021: the chart's bars are an extraction gap -------------------------------------


def test_chart_bars_are_partial_parts_of_607(con):
    """16 bars read for 17 years (606): a lower bound of the printed 607, not a contradiction."""
    assert rows(
        con,
        "select is_complete, n_parts, total_value, parts_sum from stg_sum "
        "where sum_id = 'gov-aze-2021:persons-charged-2005-2021-chart-bars'",
    ) == [(False, 16, 607, 606)]
    assert rows(
        con,
        "select result, is_consistent from consistency_check "
        "where sum_id = 'gov-aze-2021:persons-charged-2005-2021-chart-bars'",
    ) == [("partial_within_total", True)]


def test_period_basis_where_the_sentence_names_it(con):
    got = dict(
        rows(
            con,
            "select claim_id, period_basis from claim where claim_id in "
            "('cable-09baku141:consular-assistance-2008', 'cable-09baku141:crimes-registered-2008-gov', "
            "'gov-aze-2021:victims-identified-2021-gov', 'tip-2025-aze:victims-identified-2023-gov', "
            "'tip-2025-aze:victims-identified-2024-media')",
        )
    )
    assert got == {
        "cable-09baku141:consular-assistance-2008": "reporting_period",
        "cable-09baku141:crimes-registered-2008-gov": "calendar_year",
        "gov-aze-2021:victims-identified-2021-gov": "calendar_year",
        "tip-2025-aze:victims-identified-2023-gov": "calendar_year",
        "tip-2025-aze:victims-identified-2024-media": None,
    }
