"""Real figures of the 2012 and 2018 TIP Reports."""


def test_victims_identified_2017_is_71_from_the_2018_report(con):
    assert con.execute(
        "select value, report_id, source_id from claim where claim_id = 'tip-2018-aze:victims-identified-2017'"
    ).fetchall() == [(71, "tip-2018-aze", "gov_aze")]


def test_2017_victims_by_sex_and_form_sum_to_the_total(con):
    parts = con.execute(
        "select sex, exploitation_form, value from claim "
        "where part_of_claim_id = 'tip-2018-aze:victims-identified-2017' and sex <> 'all' order by sex"
    ).fetchall()
    assert parts == [("female", "sexual", 66), ("male", "labour", 5)]
    assert sum(v for _, _, v in parts) == 71


def test_2017_victims_by_citizenship_and_the_child_zero(con):
    rows = dict(
        con.execute(
            "select citizenship || '/' || age_band, value from claim "
            "where part_of_claim_id = 'tip-2018-aze:victims-identified-2017' and sex = 'all'"
        ).fetchall()
    )
    assert rows == {"national/all": 68, "foreign/all": 3, "all/child": 0}


def test_parenthesised_2016_convictions_are_claims_about_2016(con):
    assert con.execute(
        "select value, quote like '%(28 in 2016)%' from claim where claim_id = 'tip-2018-aze:persons-convicted-2016'"
    ).fetchall() == [(28, True)]


def test_permits_by_country_of_origin(con):
    assert con.execute(
        "select origin_iso3, value from claim where report_id = 'tip-2018-aze' "
        "and indicator_code = 'residence_permits_granted' order by 1"
    ).fetchall() == [("RUS", 2), ("UKR", 1)]


def test_2012_tier_watch_list_for_a_fifth_consecutive_year(con):
    rows = con.execute(
        "select indicator_code, year_from, value, value_category, category, value_label from claim "
        "where report_id = 'tip-2012-aze' and indicator_code like 'tier%' order by 1, 2"
    ).fetchall()
    assert rows[0] == (
        "tier_consecutive_years",
        2012,
        5,
        None,
        "tier-2-watch-list",
        "Tier 2 Watch List",
    )
    # the waiver of the downgrade to Tier 3 ("was granted a waiver"), a fact of its own
    assert rows[1][:3] == ("tier_downgrade_waiver", 2012, 1)
    # the 2012 placement, and the 2008-2011 ones it implies (implied_by, test_attribution.py)
    assert rows[2:] == [
        ("tier_placement", year, None, "tier_2_watch_list", "all", "Tier 2 Watch List")
        for year in (2008, 2009, 2010, 2011, 2012)
    ]


def test_2012_government_reported_figure_is_attributed_to_the_government(con):
    rows = con.execute(
        "select source_id, quote from claim where report_id = 'tip-2012-aze' "
        "and quote like '%government reported%' and value is not null"
    ).fetchall()
    assert rows and {s for s, _ in rows} == {"gov_aze"}
