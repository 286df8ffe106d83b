"""One test per validation rule: a broken seed, the error that names file, claim and rule, and
the previous database left byte for byte as it was."""

from __future__ import annotations

import hashlib

import pytest

from tiplake.problems import SeedError

CLAIMS = "seeds/claims/tip-2025-aze.yaml"
MANIFEST = "seeds/documents/manifest.yaml"


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def assert_fails(copy, *expected: tuple[str, str, str]) -> SeedError:
    """Build must fail with a problem (file, record, rule) per `expected`; old db untouched."""
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
    return info.value


def claim(slug: str) -> str:
    return f"tip-2025-aze:{slug}"


def test_document_checksum(built_copy):
    doc = built_copy.path("seeds/documents/tip-2025-aze.txt")
    doc.write_bytes(doc.read_bytes() + b"\n")
    err = assert_fails(built_copy, (MANIFEST, "tip-2025-aze", "document-checksum"))
    assert "sha256" in str(err)


def test_document_path_outside_seeds(built_copy):
    built_copy.replace(MANIFEST, "file: tip-2025-aze.txt", "file: ../../../etc/passwd")
    assert_fails(built_copy, (MANIFEST, "tip-2025-aze", "document-path"))


def test_document_missing(built_copy):
    built_copy.path("seeds/documents/tip-2025-aze.txt").unlink()
    assert_fails(built_copy, (MANIFEST, "tip-2025-aze", "document-missing"))


def test_quote_not_found(built_copy):
    built_copy.replace(
        CLAIMS,
        "media reported the government identified 91 victims\n",
        "media reported the government found 91 victims\n",
    )
    err = assert_fails(
        built_copy, (CLAIMS, claim("victims-identified-2024-media"), "quote-not-found")
    )
    assert "differs at 'found'" in str(err)


@pytest.mark.parametrize(
    "lookalike",
    [
        pytest.param("years' imprisonment for offenses involving child", id="straight-apostrophe"),
        pytest.param("years’ imprisonment for offenses involving сhild", id="cyrillic-es"),
        pytest.param("years’\u00a0imprisonment for offenses involving child", id="no-break-space"),
    ],
)
def test_quote_with_a_lookalike_character_is_not_found(built_copy, lookalike):
    built_copy.replace(CLAIMS, "years’ imprisonment for offenses involving child", lookalike)
    assert_fails(built_copy, (CLAIMS, claim("penalty-child"), "quote-not-found"))


def test_quote_ambiguous(built_copy):
    built_copy.replace(CLAIMS, "quote: convicting 10 traffickers in 2023", "quote: '2023'")
    built_copy.replace(
        CLAIMS, "    year: 2023\n    value: 10\n", "    year: 2023\n    value: 2023\n"
    )
    err = assert_fails(built_copy, (CLAIMS, claim("persons-convicted-2023"), "quote-ambiguous"))
    assert "add occurrence" in str(err)


def test_occurrence_picks_one_of_several(built_copy):
    built_copy.replace(
        CLAIMS,
        "quote: This compared with reporting officially identifying 91 victims in 2023",
        "quote: 91 victims\n    occurrence: 2",
    )
    built_copy.build()
    import duckdb

    with duckdb.connect(str(built_copy.db), read_only=True) as con:
        start, before = con.execute(
            "select quote_start, context_before from claim where claim_id = ?",
            [claim("victims-identified-2023-gov")],
        ).fetchone()
    assert before.endswith("officially identifying ")


def test_value_not_in_quote(built_copy):
    built_copy.replace(CLAIMS, "    year: 2024\n    value: 14\n", "    year: 2024\n    value: 41\n")
    err = assert_fails(
        built_copy, (CLAIMS, claim("persons-prosecuted-2024-media"), "value-not-in-quote")
    )
    assert "value 41 is not stated" in str(err) and "14" in str(err)


def test_value_in_the_wrong_unit(built_copy):
    built_copy.replace(
        CLAIMS,
        "    year: 2023\n    value: 18\n    value_text: 18 NGOs for various anti-trafficking efforts in 2023\n",
        "    year: 2023\n    value: 13530\n",
    )
    err = assert_fails(built_copy, (CLAIMS, claim("ngos-funded-2023"), "unit-mismatch"))
    assert "USD" in str(err)


def test_currency_amount_without_its_currency(built_copy):
    built_copy.replace(
        CLAIMS,
        "    value: 700\n    value_text: resettlement allowance of 700 manat\n    unit: AZN\n",
        "    value: 700\n    value_text: resettlement allowance of 700 manat\n    unit: USD\n",
    )
    assert_fails(built_copy, (CLAIMS, claim("resettlement-allowance-azn"), "unit-mismatch"))


def test_unknown_indicator_source_and_unit(built_copy):
    built_copy.replace(
        CLAIMS,
        "  - id: ngos-funded-2023\n    indicator_code: ngos_funded\n    source_id: us_dos",
        "  - id: ngos-funded-2023\n    indicator_code: ngo_funded\n    source_id: us_dos\n    unit: dollars",
    )
    built_copy.replace(
        CLAIMS,
        "  - id: tier-2025\n    indicator_code: tier_placement\n    source_id: us_dos",
        "  - id: tier-2025\n    indicator_code: tier_placement\n    source_id: state_dept",
    )
    assert_fails(
        built_copy,
        (CLAIMS, claim("ngos-funded-2023"), "unknown-indicator"),
        (CLAIMS, claim("ngos-funded-2023"), "unknown-unit"),
        (CLAIMS, claim("tier-2025"), "unknown-source"),
    )


def test_unknown_report(built_copy):
    text = (
        built_copy.path(CLAIMS)
        .read_text(encoding="utf-8")
        .replace("report_id: tip-2025-aze", "report_id: tip-1999-aze")
    )
    built_copy.path("seeds/claims/tip-1999-aze.yaml").write_text(text, encoding="utf-8")
    assert_fails(built_copy, ("seeds/claims/tip-1999-aze.yaml", "-", "unknown-report"))


def test_claims_file_named_after_another_report(built_copy):
    built_copy.replace(CLAIMS, "report_id: tip-2025-aze", "report_id: tip-2018-aze")
    assert_fails(built_copy, (CLAIMS, "-", "file-name"))


def test_duplicate_claim_id(built_copy):
    built_copy.replace(CLAIMS, "  - id: tier-2024-remained\n", "  - id: tier-2025\n")
    assert_fails(built_copy, (CLAIMS, claim("tier-2025"), "duplicate-id"))


def test_unknown_field(built_copy):
    built_copy.replace(
        CLAIMS,
        "    value_label: Tier 2\n    quote: AZERBAIJAN (Tier 2)",
        "    value_label: Tier 2\n    valeu: 3\n    quote: AZERBAIJAN (Tier 2)",
    )
    err = assert_fails(built_copy, (CLAIMS, claim("tier-2025"), "unknown-field"))
    assert "'valeu'" in str(err)


def test_wrong_type(built_copy):
    built_copy.replace(
        CLAIMS, "    year: 2024\n    value: 14\n", "    year: '2024'\n    value: 14\n"
    )
    assert_fails(built_copy, (CLAIMS, claim("persons-prosecuted-2024-media"), "wrong-type"))


def test_duplicate_key(built_copy):
    built_copy.replace(
        CLAIMS, "    year: 2024\n    value: 14\n", "    year: 2024\n    value: 14\n    value: 41\n"
    )
    err = assert_fails(built_copy, (CLAIMS, "-", "duplicate-key"))
    assert "duplicate key 'value'" in str(err)


def test_yaml_syntax_error_names_the_line(built_copy):
    built_copy.replace(CLAIMS, "    value: 14\n", "    value: 14\n  \tbroken: [\n")
    err = assert_fails(built_copy, (CLAIMS, "-", "yaml-syntax"))
    assert err.problems[0].line is not None


def test_year_after_publication(built_copy):
    built_copy.replace(CLAIMS, "    year: 2024\n    value: 14\n", "    year: 2026\n    value: 14\n")
    assert_fails(
        built_copy, (CLAIMS, claim("persons-prosecuted-2024-media"), "year-after-publication")
    )


def test_qualifier_shape(built_copy):
    built_copy.replace(
        CLAIMS,
        "    qualifier: range\n    value_low: 8\n",
        "    qualifier: range\n    value: 9\n    value_low: 8\n",
    )
    assert_fails(built_copy, (CLAIMS, claim("penalty-child"), "qualifier-shape"))


def test_period_not_in_quote(built_copy):
    built_copy.replace(
        CLAIMS,
        "    year_from: 2020\n    year_to: 2024\n",
        "    year_from: 2020\n    year_to: 2023\n",
    )
    assert_fails(built_copy, (CLAIMS, claim("nap-2020-2024"), "period-not-in-quote"))


def test_part_of_an_unknown_total(built_copy):
    built_copy.replace(
        CLAIMS,
        "exploitation_form: labour\n    part_of: victims-identified-2024-media",
        "exploitation_form: labour\n    part_of: victims-identified-2042",
    )
    assert_fails(
        built_copy, (CLAIMS, claim("victims-identified-2024-media-labour"), "unknown-link")
    )


def test_part_with_the_same_breakdown_as_its_total(built_copy):
    built_copy.replace(
        CLAIMS,
        "    value_text: including one labor trafficking\n    exploitation_form: labour\n",
        "    value_text: including one labor trafficking\n",
    )
    assert_fails(
        built_copy, (CLAIMS, claim("victims-identified-2024-media-labour"), "link-mismatch")
    )


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


@pytest.mark.parametrize(
    "content,rule",
    [
        (b"", "empty-file"),
        (b"\xff\xfe\x00garbage", "not-utf8"),
        (b"report_id: tip-2025-aze\nclaims:\n  - id: x\n\x00", "binary-file"),
        (b"report_id: tip-2025-aze\nclaims: [\n", "yaml-syntax"),
    ],
)
def test_malformed_file(built_copy, content, rule):
    built_copy.path(CLAIMS).write_bytes(content)
    assert_fails(built_copy, (CLAIMS, "-", rule))
