"""Validation end to end: every problem of a broken tree listed at once by the build and by
`tiplake validate` alike, the previous database left byte for byte as it was. One unit test per
rule is in test_rules.py (in memory, milliseconds each); the hostile cases in
test_hostile_seeds.py and the attacks in test_security.py use the helpers here.
"""

from __future__ import annotations

import hashlib

import pytest
from click.testing import CliRunner

import tiplake.cli
from tiplake.cli import cli
from tiplake.problems import SeedError

CLAIMS = "seeds/claims/tip-2025-aze.yaml"
MANIFEST = "seeds/documents/manifest.yaml"


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def assert_fails(copy, *expected: tuple[str, str, str]) -> SeedError:
    """Build must fail with a problem (file, record, rule) per `expected`; old db untouched;
    `tiplake validate` gives the same verdict: the same problems."""
    before = digest(copy.db)
    with pytest.raises(SeedError) as info:
        copy.build()
    found = {(p.file, p.record, p.rule) for p in info.value.problems}
    for item in expected:
        assert item in found, f"{item} not in {sorted(found)}"
    message = str(info.value)
    for file, record, rule in expected:
        assert file in message and record in message and f"[{rule}]" in message
    assert digest(copy.db) == before
    assert not list(copy.db.parent.glob(".*building*"))
    assert validate_output(copy) == message, "tiplake validate and the build disagree"
    return info.value


def validate_output(copy) -> str:
    """What `tiplake validate` prints for the copy's seeds (its error message)."""
    project = tiplake.cli.PROJECT
    tiplake.cli.PROJECT = copy.project
    try:
        result = CliRunner().invoke(cli, ["validate"])
    finally:
        tiplake.cli.PROJECT = project
    assert result.exit_code == 1, result.output
    assert result.output.startswith("Error: ")
    return result.output[len("Error: ") :].rstrip("\n")


def claim(slug: str) -> str:
    return f"tip-2025-aze:{slug}"


def test_every_problem_is_listed_at_once(built_copy):
    built_copy.replace(CLAIMS, "    year: 2024\n    value: 14\n", "    year: 2024\n    value: 41\n")
    built_copy.replace(
        CLAIMS,
        "media reported the government identified 91 victims\n",
        "media reported the government found 91 victims\n",
    )
    doc = built_copy.path("seeds/documents/tip-2018-aze.txt")
    doc.write_bytes(doc.read_bytes()[:-1])
    err = assert_fails(
        built_copy,
        (CLAIMS, claim("persons-prosecuted-2024-media"), "value-not-in-quote"),
        (CLAIMS, claim("victims-identified-2024-media"), "quote-not-found"),
        (MANIFEST, "tip-2018-aze", "document-checksum"),
    )
    assert str(err).startswith(f"{len(err.problems)} problems in the seeds")


def test_a_broken_skip_fails_the_build_as_it_fails_validate(built_copy):
    """Before one validate() served both, the build published with a broken skip quote while
    `tiplake validate` failed."""
    built_copy.replace(
        "seeds/skips/tip-2012-aze.yaml",
        "  - quote: a three-day conference\n",
        "  - quote: a three-day congress\n",
    )
    assert_fails(
        built_copy, ("seeds/skips/tip-2012-aze.yaml", "tip-2012-aze skip", "quote-not-found")
    )


# --- issue 28: attribution and implied facts, through the build --------------------------------


def test_a_claim_whose_wording_names_the_government_but_says_us_dos_is_refused(built_copy):
    """The 2018 report's "The government identified 71" coded as the State Department's own."""
    built_copy.replace(
        "seeds/claims/tip-2018-aze.yaml",
        "  - id: victims-identified-2017\n    indicator_code: victims_identified\n"
        "    source_id: gov_aze\n",
        "  - id: victims-identified-2017\n    indicator_code: victims_identified\n"
        "    source_id: us_dos\n",
    )
    error = assert_fails(
        built_copy,
        (
            "seeds/claims/tip-2018-aze.yaml",
            "tip-2018-aze:victims-identified-2017",
            "attribution-wording",
        ),
    )
    assert "the sentence names the government" in str(error)
    assert "set source_id: gov_aze or say why in attribution_reason" in str(error)


def test_an_implied_tier_placement_without_its_source_claim_is_refused(built_copy):
    built_copy.replace(
        "seeds/claims/tip-2012-aze.yaml",
        "\n    implied_by: tier-consecutive-years-2012\n  - id: tier-2009-implied\n",
        "\n  - id: tier-2009-implied\n",
    )
    assert_fails(
        built_copy,
        ("seeds/claims/tip-2012-aze.yaml", "tip-2012-aze:tier-2008-implied", "implied-source"),
    )


def test_an_implied_claim_naming_a_missing_claim_of_another_report_is_refused(built_copy):
    built_copy.replace(
        "seeds/claims/tip-2012-aze.yaml",
        "    implied_by: tier-consecutive-years-2012\n  - id: tier-2009-implied\n",
        "    implied_by: tip-2018-aze:no-such-claim\n  - id: tier-2009-implied\n",
    )
    error = assert_fails(
        built_copy,
        ("seeds/claims/tip-2012-aze.yaml", "tip-2012-aze:tier-2008-implied", "implied-source"),
    )
    assert "'tip-2018-aze:no-such-claim' is not a claim of the corpus" in str(error)
