"""Real figures of the 2025 TIP Report, as the database must hold them."""

from decimal import Decimal
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def one(con, sql, params=()):
    rows = con.execute(sql, list(params)).fetchall()
    assert len(rows) == 1, rows
    return rows[0]


def test_victims_identified_2023_is_91_from_the_2025_report_relaying_the_government(con):
    value, report, source, quote = one(
        con,
        "select value, report_id, source_id, quote from claim_detail "
        "where indicator_code = 'victims_identified' and year_from = 2023",
    )
    assert value == 91
    assert report == "tip-2025-aze"
    assert source == "gov_aze"
    assert "officially identifying 91 victims in 2023" in quote


def test_victims_2024_media_figure_and_government_absence_are_both_kept(con):
    rows = con.execute(
        "select source_id, qualifier, value from claim "
        "where indicator_code = 'victims_identified' and year_from = 2024 "
        "and exploitation_form = 'all' order by source_id"
    ).fetchall()
    assert rows == [("gov_aze", "not_reported", None), ("media", "exact", Decimal(91))]


def test_victims_2024_parts_sum_to_their_total(con):
    total, parts, n = one(
        con,
        "select t.value, sum(p.value), count(*) from claim t "
        "join claim p on p.part_of_claim_id = t.claim_id "
        "where t.claim_id = 'tip-2025-aze:victims-identified-2024-media' group by t.value",
    )
    assert (total, parts, n) == (91, 91, 2)
    forms = con.execute(
        "select exploitation_form, value, value_text from claim "
        "where part_of_claim_id = 'tip-2025-aze:victims-identified-2024-media' order by 1"
    ).fetchall()
    assert forms == [("labour", 1, "one"), ("sexual", 90, "90")]


def test_comparison_in_parentheses_is_a_claim_about_the_earlier_year(con):
    assert one(
        con,
        "select value, source_id from claim where claim_id = 'tip-2025-aze:victims-identified-2022-gov'",
    ) == (94, "gov_aze")


def test_media_law_enforcement_figures_2024(con):
    rows = con.execute(
        "select indicator_code, value from claim where year_from = 2024 and source_id = 'media' "
        "and indicator_code in ('prosecutions_initiated', 'persons_convicted') order by 1"
    ).fetchall()
    # "initiated prosecutions against 14 alleged traffickers": prosecutions_initiated (issue 28)
    assert rows == [("persons_convicted", 11), ("prosecutions_initiated", 14)]


def test_two_currency_amount_is_two_linked_claims(con):
    azn = one(
        con,
        "select value, unit, source_id from claim where claim_id = 'tip-2025-aze:victim-assistance-funding-2023-azn'",
    )
    usd = one(
        con,
        "select value, unit, same_amount_as_claim_id, value_text from claim where claim_id = 'tip-2025-aze:victim-assistance-funding-2023-usd'",
    )
    # "compared with allocating 210,161 manat": the government's allocation (issue 28)
    assert azn == (210161, "AZN", "gov_aze")
    assert usd == (123625, "USD", "tip-2025-aze:victim-assistance-funding-2023-azn", "$123,625")


def test_penalties_are_timeless_ranges_by_victim_age(con):
    rows = con.execute(
        "select age_band, value_low, value_high, year_from, value_text from claim "
        "where indicator_code = 'prescribed_penalty_years' and report_id = 'tip-2025-aze' order by age_band"
    ).fetchall()
    assert rows == [
        ("adult", 5, 10, None, "five to 10"),
        ("child", 8, 12, None, "eight to 12"),
    ]


def test_zero_and_not_reported_are_different_facts(con):
    zero = one(
        con, "select value, qualifier from claim where claim_id = 'tip-2025-aze:restitution-never'"
    )
    absent = one(
        con,
        "select value, qualifier from claim where claim_id = 'tip-2025-aze:legal-assistance-2024-not-reported'",
    )
    assert zero == (0, "exact")
    assert absent == (None, "not_reported")


def test_tier_placement_is_a_category_never_a_number(con):
    assert one(
        con,
        "select value, qualifier, value_category, value_label, year_from from claim "
        "where claim_id = 'tip-2025-aze:tier-2025'",
    ) == (None, "category", "tier_2", "Tier 2", 2025)


def test_multi_year_absence_carries_its_period(con):
    assert one(
        con,
        "select year_from, year_to, qualifier from claim "
        "where claim_id = 'tip-2025-aze:asset-confiscations-2022-2024-not-reported'",
    ) == (2022, 2024, "not_reported")


def test_quote_offsets_point_at_the_quote_in_the_document(con):
    text = (REPO / "seeds/documents/tip-2025-aze.txt").read_text(encoding="utf-8")
    rows = con.execute(
        "select quote, quote_start, quote_end, context_before, context_after from claim "
        "where report_id = 'tip-2025-aze'"
    ).fetchall()
    assert len(rows) >= 60
    for quote, start, end, before, after in rows:
        assert " ".join(text[start:end].split()) == " ".join(quote.split())
        assert text[:start].endswith(before) and text[end:].startswith(after)
