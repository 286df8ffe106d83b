"""Issue 28 (points 4, 6, 7, 8, 11) on the real corpus: coverage in four states with multi-year
absences in every year, funnel ratios that divide like by like (or say why not), missing figures
that stay visible beside the figures others give, derived figures that count their parts'
originators, and per-originator columns that hold only that originator's own figures."""

from __future__ import annotations


def rows(con, sql, params=None):
    return con.execute(sql, params or []).fetchall()


# --- coverage: four states ------------------------------------------------------------------


def test_coverage_has_exactly_four_states(con):
    states = {s for (s,) in rows(con, "select distinct state from indicator_coverage")}
    assert states == {"figure", "not_reported", "no_figure", "no_document"}
    # coverage refines figure only
    assert rows(
        con,
        "select count(*) from indicator_coverage where (state = 'figure') "
        "<> (coverage in ('stated_total', 'derived_total', 'breakdown_only')) "
        "or (state <> 'figure' and coverage <> state)",
    ) == [(0,)]


def test_multi_year_not_reported_claims_count_in_every_year_they_cover(con):
    claims = rows(
        con,
        "select claim_id, country_iso3, indicator_code, year_from, year_to from claim_detail "
        "where qualifier = 'not_reported' and year_from < year_to",
    )
    assert claims, "the corpus has multi-year not_reported claims (hotline calls 2023-2024, ...)"
    for claim_id, country, indicator, first, last in claims:
        for year in range(first, last + 1):
            got = rows(
                con,
                "select state, has_not_reported, not_reported_by from indicator_coverage "
                "where country_iso3 = ? and indicator_code = ? and year = ?",
                [country, indicator, year],
            )
            assert len(got) == 1, (claim_id, year)
            state, has_not_reported, by = got[0]
            assert has_not_reported and f"({first}-{last})" in by, (claim_id, year, by)
            # not reported, unless someone else gives a figure for that year
            assert state in ("not_reported", "figure"), (claim_id, year, state)


def test_hotline_calls_2023_and_2024_are_not_reported_by_the_government(con):
    assert rows(
        con,
        "select year, state, not_reported_by from indicator_coverage "
        "where indicator_code = 'hotline_calls' and year in (2023, 2024) order by year",
    ) == [
        (2023, "not_reported", "gov_aze in tip-2025-aze (2023-2024)"),
        (2024, "not_reported", "gov_aze in tip-2025-aze (2023-2024)"),
    ]


def test_a_year_without_documents_is_no_document_not_no_figure(con):
    # 2014: no document of the corpus covers it at all
    assert rows(
        con,
        "select state, is_reported_on, topic_reports from indicator_coverage "
        "where indicator_code = 'victims_sheltered' and year = 2014",
    ) == [("no_document", False, None)]
    # 2010: the 2012 report gives protection figures for 2010, none for victims sheltered
    assert rows(
        con,
        "select state, is_reported_on, topic_reports from indicator_coverage "
        "where indicator_code = 'victims_sheltered' and year = 2010",
    ) == [("no_figure", True, "tip-2012-aze")]
    # 2012: a document reports on the year (its tier placement), not on protection
    assert rows(
        con,
        "select state, is_reported_on from indicator_coverage "
        "where indicator_code = 'victims_sheltered' and year = 2012",
    ) == [("no_document", True)]


def test_one_claim_no_longer_makes_a_year_covered_for_every_indicator(con):
    """A year is no_figure for an indicator only where a document covers that indicator's
    pillar in that year: never for all ~180 indicators because of one claim."""
    assert rows(
        con,
        "select count(*) from indicator_coverage as c where state = 'no_figure' and not exists ("
        "select 1 from claim_detail as d inner join indicator as i on i.indicator_code = d.indicator_code "
        "where i.pillar = c.pillar and d.country_iso3 = c.country_iso3 "
        "and ((d.year_from = c.year and d.year_to = c.year) "
        "or (d.qualifier = 'not_reported' and c.year between d.year_from and d.year_to)))",
    ) == [(0,)]
    # 2012: only the tier placement, so context indicators are no_figure, protection ones not
    pillars = dict(
        rows(
            con,
            "select pillar, bool_or(state = 'no_figure') from indicator_coverage "
            "where year = 2012 group by pillar",
        )
    )
    assert pillars["protection"] is False and pillars["prosecution"] is False


# --- the funnel: like by like ---------------------------------------------------------------


def test_2023_convictions_are_not_divided_by_prosecutions_initiated(con):
    got = rows(
        con,
        "select prosecutions_initiated, persons_prosecuted, persons_convicted, "
        "convictions_per_100_prosecuted, convictions_per_100_prosecuted_basis, "
        "convictions_per_100_prosecuted_note "
        "from justice_funnel where year = 2023 and source_id = 'reconciled'",
    )
    assert len(got) == 1
    initiated, prosecuted, convicted, ratio, basis, note = got[0]
    assert (initiated, prosecuted, convicted) == (9, None, 10)
    assert ratio is None and ratio != 111.1 and basis is None
    assert note.startswith("not computed") and "prosecutions_initiated" in note
    assert "different definition" in note


def test_no_ratio_anywhere_divides_by_prosecutions_initiated(con):
    assert rows(
        con,
        "select count(*) from justice_funnel where convictions_per_100_prosecuted is not null "
        "and persons_prosecuted is null",
    ) == [(0,)]
    # every null ratio says why
    assert rows(
        con,
        "select count(*) from justice_funnel where (convictions_per_100_prosecuted is null "
        "and convictions_per_100_prosecuted_note not like 'not computed: %') "
        "or (convictions_per_100_victims is null and convictions_per_100_victims_note not like 'not computed: %')",
    ) == [(0,)]


def test_same_source_means_one_document_and_one_originator(con):
    # two media passages of one report are not one source: they may cite different reports
    got = rows(
        con,
        "select victims_identified_source_id, persons_convicted_source_id, "
        "convictions_per_100_victims_basis, convictions_per_100_victims_note "
        "from justice_funnel where year = 2024 and source_id = 'media'",
    )
    assert len(got) == 1
    victims_by, convicted_by, basis, note = got[0]
    assert victims_by == convicted_by == "media"
    assert basis == "mixed_originators" and "different reports" in note
    # no ratio is same_source across documents
    assert rows(
        con,
        "select count(*) from justice_funnel where convictions_per_100_victims_basis = 'same_source' "
        "and string_split(reports, ', ')[1] <> reports",
    ) == [(0,)]


def test_the_funnel_shows_what_each_count_counted(con):
    (wording,) = rows(
        con,
        "select prosecutions_initiated_wording from justice_funnel "
        "where year = 2023 and source_id = 'reconciled'",
    )[0]
    assert "initiat" in wording


def test_a_funnel_row_keeps_what_the_government_did_not_report(con):
    (not_reported,) = rows(
        con, "select not_reported from justice_funnel where year = 2024 and source_id = 'media'"
    )[0]
    assert "persons_convicted: gov_aze in tip-2025-aze" in not_reported
    assert "victims_identified: gov_aze in tip-2025-aze" in not_reported


# --- missing stays visible ------------------------------------------------------------------


def test_a_2024_media_figure_carries_the_governments_not_reported(con):
    for view in ("reconciled", "figure"):
        got = rows(
            con,
            f"select not_reported_by, has_not_reported from {view} "
            "where figure_key = 'AZE | victims_identified | 2024 | all | persons'",
        )
        assert got == [("gov_aze in tip-2025-aze", True)], view
    assert rows(
        con,
        "select source_id, value, not_reported_by, has_not_reported from reconciled "
        "where figure_key = 'AZE | victims_identified | 2024 | all | persons'",
    ) == [("media", 91, "gov_aze in tip-2025-aze", True)]
    # a breakdown keeps the absence of the total
    assert rows(
        con,
        "select not_reported_by from reconciled "
        "where figure_key = 'AZE | victims_identified | 2024 | exploitation_form=sexual | persons'",
    ) == [("gov_aze in tip-2025-aze (all breakdowns)",)]
    # under every policy
    assert rows(
        con,
        "select count(*) from reconciled_by_policy where is_reported and source_kind = 'media' "
        "and indicator_code in ('victims_identified', 'persons_convicted') and year_from = 2024 "
        "and breakdown = 'all' and not has_not_reported",
    ) == [(0,)]


def test_has_not_reported_agrees_with_not_reported_by(con):
    for view in ("figure", "reconciled", "reconciled_by_policy", "indicator_coverage"):
        assert rows(
            con,
            f"select count(*) from {view} where has_not_reported <> (not_reported_by is not null)",
        ) == [(0,)], view


# --- derived figures count their parts' originators -----------------------------------------


def test_derived_persons_prosecuted_2011_has_an_originator(con):
    got = rows(
        con,
        "select value, is_derived, n_independent_originators from reconciled "
        "where figure_key = 'AZE | persons_prosecuted | 2011 | all | persons'",
    )
    assert len(got) == 1
    value, is_derived, n = got[0]
    assert (value, is_derived) == (20, True) and n >= 1
    (derived_originators,) = rows(
        con,
        "select derived_originators from figure "
        "where figure_key = 'AZE | persons_prosecuted | 2011 | all | persons'",
    )[0]
    assert derived_originators  # the parts' original originators, e.g. gov_aze


def test_no_figure_with_a_value_has_zero_originators(con):
    for view in ("figure", "reconciled_by_policy"):
        where = "(n_reported_claims > 0 or n_derived > 0)" if view == "figure" else "is_reported"
        assert rows(
            con, f"select count(*) from {view} where {where} and n_independent_originators = 0"
        ) == [(0,)], view


# --- per-originator columns hold only that originator's figures -----------------------------


def test_the_embassy_column_holds_only_the_embassys_own_figures(con):
    embassy_own = rows(
        con,
        "select count(*) from stg_figure_value as m inner join source on source.source_id = m.original_source_id "
        "where source.kind = 'us_embassy' and not m.is_derived",
    )[0][0]
    in_column = rows(
        con,
        "select coalesce(sum(len(string_split(us_embassy, '; '))), 0) from figure",
    )[0][0]
    assert in_column == embassy_own
    # the government figures the cable relays are in government, marked relayed
    assert (
        rows(
            con,
            "select count(*) from figure where government like '%[cable-09baku141, relayed by U.S. Embassy Baku]%'",
        )[0][0]
        > 0
    )
    assert rows(con, "select count(*) from figure where us_embassy like '%relayed by%'") == [(0,)]
