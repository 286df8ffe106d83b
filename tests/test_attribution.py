"""Issue 28's attribution convention on the real corpus: the originator is whoever produced the
figure, the same wording gets the same originator in every edition, and the rules that hold
the seeds to it (attribution-wording, implied-source, period-basis) refuse a claim that breaks
it and accept it with its reason. The rules are run on records (milliseconds); the corpus
tests read the database built once from the real seeds (conftest's `con`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tiplake import rules
from tiplake.records import (
    CategorySeed,
    ClaimSeed,
    IndicatorSeed,
    ReportSeed,
    SourceSeed,
    UnitSeed,
)
from tiplake.rules import ClaimCheck, Document, Linked, Vocabulary
from tiplake.seeds import Located
from tiplake.validate import claim_row

REPO = Path(__file__).resolve().parent.parent
TEXT = (REPO / "seeds" / "documents" / "tip-2018-aze.txt").read_text(encoding="utf-8")


def at(record, file: str = "seeds/vocab/x.yaml") -> Located:
    return Located(record, file, 1)


def vocabulary() -> Vocabulary:
    """tip-2018-aze as a report, with the indicators, sources and units the records use."""
    report = ReportSeed(
        report_id="tip-2018-aze", file="tip-2018-aze.txt", sha256="0" * 64, title="TIP 2018",
        kind="tip_report", publisher="U.S. Department of State", published_year=2018,
        country_iso3="AZE", citation="A citation.",
    )  # fmt: skip
    indicators = {
        code: at(IndicatorSeed(indicator_code=code, label=code, unit=unit, pillar="protection",
                               definition="What it counts."))
        for code, unit in (("victims_identified", "persons"), ("tier_placement", "tier"))
    }  # fmt: skip
    kinds = {"gov_aze": "government", "us_dos": "us_department_of_state", "media": "media"}
    return Vocabulary(
        reports={"tip-2018-aze": at(report, "seeds/documents/manifest.yaml")},
        indicators=indicators,
        sources={s: at(SourceSeed(source_id=s, name=s, kind=k, description="Who.")) for s, k in kinds.items()},
        units={
            "persons": at(UnitSeed(unit="persons", kind="count", label="persons")),
            "tier": at(UnitSeed(unit="tier", kind="rank", label="tier")),
        },
        categories={
            "tier_2": at(CategorySeed(category="tier_2", unit="tier", label="Tier 2", rank=2, description="A tier.")),
        },
        texts={"tip-2018-aze": TEXT},
    )  # fmt: skip


VICTIMS = {
    "id": "victims-identified-2017",
    "indicator_code": "victims_identified",
    "source_id": "us_dos",
    "year": 2017,
    "value": 71,
    "value_text": "The government identified 71 trafficking victims",
    "quote": "The government identified 71 trafficking victims (70 in 2016)",
}
TIER_2017 = {
    "id": "tier-2017-remained",
    "indicator_code": "tier_placement",
    "source_id": "us_dos",
    "year": 2017,
    "qualifier": "category",
    "value_category": "tier_2",
    "value_label": "Tier 2",
    "quote": "compared to the previous reporting period; therefore Azerbaijan remained on Tier 2",
}
TIER_2018 = {**TIER_2017, "id": "tier-2018-remained", "year": 2018, "quote": "therefore Azerbaijan remained on Tier 2"}  # fmt: skip


def check(fields: dict) -> ClaimCheck:
    seed = ClaimSeed.model_validate(fields)
    loc = Located(seed, "seeds/claims/tip-2018-aze.yaml", 3)
    return ClaimCheck(loc, "tip-2018-aze", vocabulary(), Document(TEXT))


def problems(fields: dict, rule: str) -> list[str]:
    return [p.message for p in rules.check_claim(check(fields)) if p.rule == rule]


# --- the corpus ----------------------------------------------------------------------------------


def test_the_2017_victims_identified_are_the_governments_71(con):
    assert con.execute(
        "select value, source_id, report_id from claim where claim_id = 'tip-2018-aze:victims-identified-2017'"
    ).fetchall() == [(71, "gov_aze", "tip-2018-aze")]


def test_a_comparison_takes_the_originator_of_the_figure_it_compares(con):
    # "The government identified 71 trafficking victims (70 in 2016)"
    assert con.execute(
        "select value, source_id, period_basis from claim where claim_id = 'tip-2018-aze:victims-identified-2016'"
    ).fetchall() == [(70, "gov_aze", "calendar_year")]


@pytest.mark.parametrize(
    "claim_id",
    [
        "tip-2012-aze:victims-identified-2011-female-sexual",  # "In 2011, the government identified 29"
        "tip-2012-aze:victims-identified-2010",  # "in 2010 the government identified 31"
        "tip-2018-aze:victims-identified-2017",  # "The government identified 71"
        "tip-2025-aze:victims-identified-2023-gov",  # "reporting officially identifying 91 victims in 2023"
    ],
)
def test_the_government_identified_is_the_governments_in_every_edition(con, claim_id):
    assert con.execute("select source_id from claim where claim_id = ?", [claim_id]).fetchall() == [
        ("gov_aze",)
    ]


def test_the_same_wording_gets_the_same_originator_in_every_tip_edition(con):
    """Every claim of a TIP report whose quote opens with "The government identified" or
    "the government identified" before its value is the government's."""
    rows = con.execute(
        "select claim_id, source_id from claim where report_id like 'tip-%' "
        "and regexp_matches(quote, '^(In \\d{4}, )?[Tt]he government identified')",
    ).fetchall()
    assert {r[0].split(":")[0] for r in rows} >= {"tip-2012-aze", "tip-2018-aze"}
    assert {s for _, s in rows} == {"gov_aze"}, rows


def test_media_relaying_the_government_is_media(con):
    assert con.execute(
        "select value, source_id from claim where claim_id = 'tip-2025-aze:victims-identified-2024-media'"
    ).fetchall() == [(91, "media")]


def test_the_tier_history_implied_by_a_fifth_consecutive_year(con):
    rows = con.execute(
        "select year_from, value_category, source_id, implied_by_claim_id from claim "
        "where report_id = 'tip-2012-aze' and indicator_code = 'tier_placement' order by year_from"
    ).fetchall()
    implied = "tip-2012-aze:tier-consecutive-years-2012"
    assert rows == [
        (2008, "tier_2_watch_list", "us_dos", implied),
        (2009, "tier_2_watch_list", "us_dos", implied),
        (2010, "tier_2_watch_list", "us_dos", implied),
        (2011, "tier_2_watch_list", "us_dos", implied),
        (2012, "tier_2_watch_list", "us_dos", None),
    ]


def test_the_2017_placement_is_implied_by_remained_on_tier_2(con):
    assert con.execute(
        "select year_from, implied_by_claim_id from claim where claim_id = 'tip-2018-aze:tier-2017-remained'"
    ).fetchall() == [(2017, "tip-2018-aze:tier-2018-remained")]


def test_the_reporting_period_is_recorded_where_the_sentence_says_it(con):
    assert con.execute(
        "select value, period_basis, source_id from claim where claim_id = 'tip-2012-aze:coordination-meetings-2011'"
    ).fetchall() == [(2, "reporting_period", "gov_aze")]


def test_a_kept_attribution_against_the_wording_says_why(con):
    (reason,) = con.execute(
        "select attribution_reason from claim where claim_id = 'tip-2012-aze:ngo-funding-2011-usd'"
    ).fetchone()
    assert "conversion" in reason


def test_an_unnamed_originator_says_it_is_the_curators_reading(con):
    """The State Department's own figures of 2012 and 2018 other than its placements and its
    dollar conversions are figures whose sentence names no one: their notes say so."""
    rows = con.execute(
        "select claim_id, coalesce(note, '') from claim "
        "where report_id in ('tip-2012-aze', 'tip-2018-aze') and source_id = 'us_dos' "
        "and indicator_code not like 'tier%' and unit <> 'USD'"
    ).fetchall()
    assert rows
    assert [c for c, note in rows if "curator's reading" not in note] == []


# --- the rules, on records -------------------------------------------------------------------------


def test_the_government_identified_as_us_dos_is_refused_and_accepted_with_its_reason():
    assert problems(VICTIMS, "attribution-wording") == [
        'the sentence names the government ("The government identified"), the claim says '
        "us_dos: set source_id: gov_aze or say why in attribution_reason"
    ]
    assert problems({**VICTIMS, "source_id": "gov_aze"}, "attribution-wording") == []
    assert rules.check_claim(check({**VICTIMS, "attribution_reason": "Kept for a test."})) == []


def test_the_comparison_names_the_government_too():
    comparison = {**VICTIMS, "id": "victims-identified-2016", "year": 2016, "value": 70, "value_text": "70 in 2016"}  # fmt: skip
    assert problems(comparison, "attribution-wording")
    assert problems({**comparison, "source_id": "gov_aze"}, "attribution-wording") == []


def test_an_implied_tier_claim_without_implied_by_is_refused():
    assert problems(TIER_2017, "implied-source") == [
        "a tier placement for 2017 in the 2018 edition is implied, not stated: give implied_by, "
        'the claim whose sentence implies it (a "remained on" or "consecutive year" statement '
        "of the edition)"
    ]
    implied = {**TIER_2017, "implied_by": "tier-2018-remained"}
    assert problems(implied, "implied-source") == []
    linked = [Linked(c, claim_row(c)) for c in (check(TIER_2018), check(implied))]
    found = rules.check_claims_file("tip-2018-aze", linked, [], Document(TEXT), set()).problems
    assert found == []
    alone = [Linked(c, claim_row(c)) for c in (check(implied),)]
    found = rules.check_claims_file("tip-2018-aze", alone, [], Document(TEXT), set()).problems
    assert [(p.record, p.rule) for p in found] == [
        ("tip-2018-aze:tier-2017-remained", "implied-source")
    ]
