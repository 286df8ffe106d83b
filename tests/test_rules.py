"""One unit test per rule of the registry, on records in memory (milliseconds each, no build).

Each case breaks one thing and expects its rule among the problems; a valid claim, a valid file
and a valid vocabulary give none. `test_every_rule_has_a_case` keeps the table complete;
`test_the_readme_rule_table_is_generated_from_the_registry` keeps seeds/README.md current;
`test_limits_match_the_migrations_check_constraints` holds limits.py to the schema; and every
rule name used by the package is a registered one.
"""

from __future__ import annotations

import ast
import os
import re
from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest

from tiplake import limits, rules
from tiplake.documents import load_documents
from tiplake.problems import Problem
from tiplake.records import (
    CategorySeed,
    ClaimSeed,
    IndicatorSeed,
    PolicySeed,
    ReportSeed,
    SkipSeed,
    SourceSeed,
    SumSeed,
    UnitSeed,
)
from tiplake.rules import ClaimCheck, Document, Linked, Vocabulary
from tiplake.seeds import (
    FileError,
    Located,
    _read_report_file,
    _unexpected_files,
    parse_records,
    read_file,
    read_seeds,
    read_yaml,
)
from tiplake.validate import check_claims_file, claim_row

REPO = Path(__file__).resolve().parent.parent

DOC = (
    "AZERBAIJAN (Tier 2 Watch List)\n"
    "In 2017, the government identified 71 victims, including one labor trafficking and 70 sex "
    "trafficking victims.\n"
    "The law prescribes penalties of five to 15 years' imprisonment.\n"
    "The ministry allocated 150,530 manat ($88,030) in 2017.\n"
    "Forced labor accounted for only 2.7% of crimes.\n"
    "The government did not convict any officials in 2017.\n"
    "The action plan for 2014-2017 was adopted.\n"
    "It reported 12 cases. It reported 12 cases.\n"
)


def at(record, file: str = "seeds/vocab/x.yaml", line: int = 1) -> Located:
    return Located(record, file, line)


REPORT = ReportSeed(
    report_id="r",
    file="r.txt",
    sha256="0" * 64,
    title="A report",
    kind="tip_report",
    publisher="U.S. Department of State",
    published_year=2018,
    country_iso3="AZE",
    citation="A citation.",
)


def indicator(code: str, unit: str, future: bool = False) -> Located:
    return at(
        IndicatorSeed(
            indicator_code=code,
            label=code,
            unit=unit,
            pillar="protection",
            definition="What it counts.",
            allows_future_period=future,
        )
    )


def vocabulary() -> Vocabulary:
    units = {
        "persons": "count",
        "years": "duration",
        "AZN": "currency",
        "USD": "currency",
        "EUR": "currency",
        "percent": "percent",
        "tier": "rank",
    }
    return Vocabulary(
        reports={"r": at(REPORT, "seeds/documents/manifest.yaml")},
        indicators={
            loc.record.indicator_code: loc
            for loc in (
                indicator("victims_identified", "persons"),
                indicator("prescribed_penalty_years", "years"),
                indicator("funding", "AZN"),
                indicator("share", "percent"),
                indicator("tier_placement", "tier"),
                indicator("action_plan", "years", future=True),
                indicator("cases_investigated", "persons"),
                indicator("prescribed_penalty_years", "years"),
            )
        },
        sources={
            s: at(SourceSeed(source_id=s, name=s, kind=kind, description="Who."))
            for s, kind in (
                ("gov_aze", "government"),
                ("us_dos", "us_department_of_state"),
                ("media", "media"),
            )
        },
        units={u: at(UnitSeed(unit=u, kind=k, label=u)) for u, k in units.items()},
        categories={
            c: at(CategorySeed(category=c, unit="tier", label=label, rank=r, description="A tier."))
            for c, label, r in (
                ("tier_2", "Tier 2", 2),
                ("tier_2_watch_list", "Tier 2 Watch List", 3),
                ("tier_3", "Tier 3", 4),
            )
        },
        texts={"r": DOC},
    )


BASE = {
    "id": "victims-2017",
    "indicator_code": "victims_identified",
    "source_id": "gov_aze",
    "year": 2017,
    "value": 71,
    "quote": "In 2017, the government identified 71 victims",
}


def check(**changes) -> ClaimCheck:
    fields = {**BASE, **changes}
    fields = {k: v for k, v in fields.items() if v is not None}
    seed = ClaimSeed.model_validate(fields)
    return ClaimCheck(at(seed, "seeds/claims/r.yaml", 3), "r", vocabulary(), Document(DOC))


def claim(**changes) -> list[Problem]:
    return rules.check_claim(check(**changes))


def claims_file(*changes: dict, sums: tuple[dict, ...] = ()) -> list[Problem]:
    """The file-level rules over claims made from BASE with each dict of `changes`, and the
    file's `sums`."""
    linked = []
    for change in changes:
        c = check(**change)
        linked.append(Linked(c, None if rules.check_claim(c) else claim_row(c)))
    declared = [at(SumSeed.model_validate(s), "seeds/claims/r.yaml") for s in sums]
    return rules.check_claims_file("r", linked, declared, Document(DOC), set()).problems


def restatements(*changes: dict) -> list[Problem]:
    """The restatement rules over rows made from BASE with each dict of `changes`."""
    rows = [claim_row(check(**change)) for change in changes]
    return rules.check_restatements(rows, {r.claim_id for r in rows})


def skips(*records: dict) -> list[Problem]:
    located = [at(SkipSeed.model_validate(r), "seeds/skips/r.yaml") for r in records]
    return rules.check_skips("r", DOC, located)[1]


def yaml_text(tmp_path: Path, raw: bytes) -> list[Problem]:
    return read_yaml(tmp_path / "seeds" / "vocab" / "x.yaml", tmp_path / "seeds", raw)[1]


def file_error(path: Path, limit: int = 5 * 1024 * 1024) -> list[Problem]:
    try:
        read_file(path, limit)
    except FileError as e:
        return [e.rule.problem(str(path), "-", e.message)]
    return []


def documents(
    tmp_path: Path, file: str, sha256: str | None = None, data: bytes = b"x"
) -> list[Problem]:
    root = tmp_path / "seeds"
    (root / "documents").mkdir(parents=True, exist_ok=True)
    (root / "documents" / "r.txt").write_bytes(data)
    import hashlib

    report = REPORT.model_copy(
        update={"file": file, "sha256": sha256 or hashlib.sha256(data).hexdigest()}
    )
    problems: list[Problem] = []
    load_documents(root, {"r": at(report, "seeds/documents/manifest.yaml")}, problems)
    return problems


def unexpected(tmp_path: Path) -> list[Problem]:
    root = tmp_path / "seeds"
    (root / "claims").mkdir(parents=True)
    (root / "claims" / "r.yml").write_text("report_id: r\n")
    return _unexpected_files(root, set())


def report_file(tmp_path: Path) -> list[Problem]:
    path = tmp_path / "seeds" / "claims" / "other.yaml"
    path.parent.mkdir(parents=True)
    path.write_text("report_id: r\nclaims: []\n")
    from tiplake.records import ClaimFileSeed

    problems: list[Problem] = []
    _read_report_file(path, tmp_path / "seeds", ClaimFileSeed, problems)
    return problems


def records(item: dict) -> list[Problem]:
    return parse_records([item], ClaimSeed, "seeds/claims/r.yaml", "id", "claim")[1]


def unknown_report(tmp_path: Path) -> list[Problem]:
    path = tmp_path / "seeds" / "claims" / "nope.yaml"
    raw = b"report_id: nope\nclaims: []\n"
    return check_claims_file(path, raw, tmp_path / "seeds", vocabulary())[0]


def policies(*defaults: bool, kinds=("government",)) -> list[Problem]:
    found = {
        f"p{i}": at(
            PolicySeed(
                policy_id=f"p{i}",
                label="P",
                description="D",
                is_default=d,
                prefer_own_publication=True,
                prefer_latest=True,
                source_kind_order=list(kinds),
            )
        )
        for i, d in enumerate(defaults)
    }
    return rules.check_policies(found)


def fifo(tmp_path: Path) -> list[Problem]:
    path = tmp_path / "pipe.yaml"
    os.mkfifo(path)
    return file_error(path)


def too_large(tmp_path: Path) -> list[Problem]:
    path = tmp_path / "big.yaml"
    path.write_bytes(b"a: 1\n" * 10)
    return file_error(path, limit=20)


PART = {"id": "victims-2017-labour", "value": 1, "exploitation_form": "labour",
        "value_text": "one labor trafficking",
        "quote": "identified 71 victims, including one labor trafficking and 70 sex trafficking victims"}  # fmt: skip
SEXUAL = {**PART, "id": "victims-2017-sexual", "value": 70, "exploitation_form": "sexual",
          "value_text": "70 sex trafficking victims"}  # fmt: skip
BY_FORM = {"id": "by-form", "total": "victims-2017", "parts": ["victims-2017-labour", "victims-2017-sexual"],
           "complete": True, "evidence": "including one labor trafficking and 70 sex trafficking victims"}  # fmt: skip
TIER = {"indicator_code": "tier_placement", "year": 2018, "value": None, "qualifier": "category",
        "value_category": "tier_2_watch_list", "value_label": "Tier 2 Watch List",
        "quote": "AZERBAIJAN (Tier 2 Watch List)"}  # fmt: skip

# rule -> a function of tmp_path returning the problems of a case that breaks it
# --- row rules (sql/rules/): over claim and document rows, in an in-memory database ----------------

ROW_TEXT = "In 2017 the government identified 71 victims, 14 alleged traffickers and 1,234 others."
ROW_DOC = {"report_id": "r", "text": ROW_TEXT}


def row(**changes) -> dict:
    """A claim row (the columns the row rules read) of ROW_TEXT's "identified 71 victims"."""
    quote = "the government identified 71 victims"
    start = ROW_TEXT.index(quote)
    base = {
        "seed_file": "seeds/claims/r.yaml", "claim_id": "r:victims-2017", "report_id": "r",
        "quote": quote, "quote_start": start, "quote_end": start + len(quote),
        "context_before": ROW_TEXT[:start], "context_after": ROW_TEXT[start + len(quote):],
        "value_text": "71", "qualifier": "exact", "value": 71, "value_low": None, "value_high": None,
    }  # fmt: skip
    return {**base, **changes}


def row_rules(*claims: dict, document: dict = ROW_DOC, sha256: str | None = None) -> list[Problem]:
    """The row rules over `claims` and `document`, the manifest giving `sha256` (by default
    the document's own)."""
    import hashlib
    from types import SimpleNamespace

    from tiplake.project import PROJECT
    from tiplake.rows import Dataset
    from tiplake.rules.setbased import check_rows

    with duckdb.connect() as con:
        con.execute("create table document (report_id varchar, text varchar)")
        con.execute("insert into document values (?, ?)", [document["report_id"], document["text"]])
        con.execute(
            "create table claim (seed_file varchar, claim_id varchar, report_id varchar, "
            "quote varchar, quote_start integer, quote_end integer, context_before varchar, "
            "context_after varchar, value_text varchar, qualifier varchar, "
            "value decimal(38, 4), value_low decimal(38, 4), value_high decimal(38, 4))"
        )
        for c in claims:
            con.execute(f"insert into claim values ({', '.join('?' * len(c))})", list(c.values()))
        data = Dataset()
        digest = sha256 or hashlib.sha256(ROW_TEXT.encode()).hexdigest()
        data.reports = [SimpleNamespace(report_id="r", sha256=digest)]
        return check_rows(con, PROJECT.rules, data)


CASES: dict[str, Callable[[Path], list[Problem]]] = {
    # reading
    "file-missing": lambda t: read_seeds(t).problems,
    "file-unreadable": fifo,
    "file-too-large": too_large,
    "not-utf8": lambda t: yaml_text(t, b"a: \xff\n"),
    "binary-file": lambda t: yaml_text(t, b"a: 1\x00\n"),
    "empty-file": lambda t: yaml_text(t, b"# only a comment\n"),
    "yaml-syntax": lambda t: yaml_text(t, b"a: [1, 2\n"),
    "duplicate-key": lambda t: yaml_text(t, b"a: 1\na: 2\n"),
    "yaml-anchor": lambda t: yaml_text(t, b"a: &x 1\nb: *x\n"),
    "control-character": lambda t: yaml_text(t, b'a: "\\e[31mred"\n'),
    "unexpected-file": unexpected,
    "file-name": report_file,
    "unknown-field": lambda t: records({**BASE, "colour": "blue"}),
    "missing-field": lambda t: records({k: v for k, v in BASE.items() if k != "quote"}),
    "wrong-type": lambda t: records({**BASE, "value": "71"}),
    "document-path": lambda t: documents(t, "/etc/hostname"),
    "document-missing": lambda t: documents(t, "absent.txt"),
    "document-checksum": lambda t: documents(t, "r.txt", sha256="1" * 64),
    "document-encoding": lambda t: documents(t, "r.txt", data=b"\xff\xfe"),
    # identity and references
    "duplicate-id": lambda t: claims_file({}, {}),
    "unknown-report": unknown_report,
    "unknown-indicator": lambda t: claim(indicator_code="victims"),
    "unknown-source": lambda t: claim(source_id="press"),
    "unknown-unit": lambda t: claim(unit="dollars"),
    "policy-default": lambda t: policies(True, True),
    # what the tables can hold
    "year-out-of-range": lambda t: claim(year=1980),
    "report-dates": lambda t: rules.check_reports(
        {"r": at(REPORT.model_copy(update={"published_on": __import__("datetime").date(2017, 1, 1)}))}
    ),
    "report-url": lambda t: rules.check_reports({"r": at(REPORT.model_copy(update={"url": "www.state.gov/reports"}))}),
    "report-license": lambda t: rules.check_reports({"r": at(REPORT.model_copy(update={"license": "unknown"}))}),
    "value-precision": lambda t: claim(value=71.00001),
    "negative-value": lambda t: claim(value=-71),
    "count-not-whole": lambda t: claim(value=71.5),
    # shape
    "period-order": lambda t: claim(year=None, year_from=2017),
    "year-after-publication": lambda t: claim(year=2019),
    "qualifier-shape": lambda t: claim(qualifier="range", value_low=70, value_high=71),
    # quote
    "quote-whitespace": lambda t: claim(quote=" In 2017, the government identified 71 victims"),
    "quote-not-found": lambda t: claim(quote="In 2017, the government found 71 victims"),
    "quote-ambiguous": lambda t: claim(year=None, value=12, quote="It reported 12 cases."),
    "occurrence-out-of-range": lambda t: claim(year=None, value=12, quote="It reported 12 cases.", occurrence=3),
    # values
    "value-not-in-quote": lambda t: claim(value=72),
    "unit-mismatch": lambda t: claim(indicator_code="funding", value=88030, quote="allocated 150,530 manat ($88,030)", value_text="$88,030"),
    "value-ambiguous": lambda t: claim(value=70, quote=PART["quote"]),
    "value-text-not-in-quote": lambda t: claim(value=70, quote=PART["quote"], value_text="70 victims"),
    "value-text-ambiguous": lambda t: claim(value=70, quote=PART["quote"], value_text="one labor trafficking and 70"),
    "qualifier-not-in-quote": lambda t: claim(qualifier="less_than"),
    "not-reported-wording": lambda t: claim(qualifier="not_reported", value=None),
    "not-reported-figure": lambda t: claim(qualifier="not_reported", value=None, quote="did not report 12 cases"),
    "period-not-in-quote": lambda t: claim(indicator_code="action_plan", qualifier="period", value=None, year=None, year_from=2014, year_to=2016, quote="The action plan for 2014-2017 was adopted."),
    "value-label-not-in-quote": lambda t: claim(**{**TIER, "value_label": "Tier 3"}),
    "category-value": lambda t: claim(**{**TIER, "qualifier": "exact", "value": 2, "value_category": None}),
    "category-not-in-quote": lambda t: claim(**{**TIER, "value_category": "tier_2", "value_label": "Tier 2"}),
    # what the curator says of a claim
    "judgement-reason": lambda t: claim(judgement="likely_error"),
    "penalty-provision": lambda t: claim(indicator_code="prescribed_penalty_years", qualifier="range", value=None, year=None,
                                         value_low=5, value_high=15, quote="prescribes penalties of five to 15 years' imprisonment"),
    "restatement-shape": lambda t: claim(restates="other", restated_from="gov_aze"),
    "attribution-wording": lambda t: claim(source_id="us_dos"),
    "implied-source": lambda t: claims_file({**TIER, "id": "tier-2017", "year": 2017, "implied_by": "ghost"}),
    "period-basis": lambda t: claim(period_basis="reporting_period"),
    "restatement-mismatch": lambda t: restatements({}, {"id": "again", "source_id": "us_dos", "value": 70, "restates": "victims-2017",
                                                       "quote": PART["quote"], "value_text": "70 sex trafficking victims"}),
    # links and sums
    "unknown-link": lambda t: claims_file({}, sums=({**BY_FORM, "parts": ["ghost", "victims-2017-labour"]},)),
    "link-mismatch": lambda t: claims_file({}, {**PART, "same_amount_as": "victims-2017"}),
    "link-cycle": lambda t: restatements({"restates": "victims-2017-labour"}, {**PART, "restates": "victims-2017", "restatement_change": "a part"}),
    "sum-shape": lambda t: claims_file({}, PART, SEXUAL, sums=({**BY_FORM, "evidence": None},)),
    "sum-mismatch": lambda t: claims_file({}, {**PART, "exploitation_form": "all"}, SEXUAL, sums=(BY_FORM,)),
    # skips
    "skip-shape": lambda t: skips({"quote": "It reported", "from": "It", "to": "cases", "reason": "why"}),
    "skip-unused": lambda t: skips({"quote": "The law prescribes", "reason": "why"}),
    # row rules, over the built rows
    "document-read-back": lambda t: row_rules(row(), sha256="0" * 64),
    "quote-read-back": lambda t: row_rules(row(quote_start=1)),
    "value-read-back": lambda t: row_rules(row(value=9100)),
}  # fmt: skip


def test_every_rule_has_a_case():
    assert set(CASES) == set(rules.RULES)


@pytest.mark.parametrize("name", list(CASES))
def test_the_rule_fires_on_its_case(name, tmp_path):
    found = CASES[name](tmp_path)
    assert name in {p.rule for p in found}, [str(p) for p in found]


def test_a_valid_row_passes_the_row_rules():
    assert row_rules(row(), row(claim_id="r:others", value_text="1,234", value=1234,
                                 quote="1,234 others", quote_start=ROW_TEXT.index("1,234"),
                                 quote_end=ROW_TEXT.index("1,234") + 12,
                                 context_before=ROW_TEXT[:ROW_TEXT.index("1,234")],
                                 context_after=ROW_TEXT[ROW_TEXT.index("1,234") + 12:])) == []  # fmt: skip


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"value_text": "4", "value": 4}, "value_text's 4 is not in the quote read whole"),
        ({"value_text": "7", "value": 7}, "value_text's 7 is not in the quote read whole"),
        ({"value": 72}, "value_text's 71 reads 71, not the claim's 72"),
        ({"qualifier": "range", "value": None, "value_low": 71, "value_high": 80},
         "value_text states 1 number(s); a range claim states 2"),
        ({"quote": "the government identified 72 victims"}, "the quote is not the document's text"),
        ({"context_after": ", 14 alleged"}, "the context stored with the quote is not the document's"),
        ({"report_id": "elsewhere"}, "the claim's report has no document in the database"),
    ],
)  # fmt: skip
def test_a_row_rule_says_what_does_not_read_back(changes, message):
    found = row_rules(row(**changes))
    assert any(message in p.message for p in found), [str(p) for p in found]
    assert all(p.file == "seeds/claims/r.yaml" and p.record == "r:victims-2017" for p in found)


def test_numbers_in_words_and_ranges_read_back_as_numbers_py_reads_them():
    from tiplake.rules.setbased import reading

    text = "Seventy-one victims; five to 10 years; No convictions; AZN 125 thousand."
    doc = {"report_id": "r", "text": text}
    import hashlib

    def at(quote, **changes):
        start = text.index(quote)
        return row(quote=quote, quote_start=start, quote_end=start + len(quote),
                   context_before=text[max(0, start - 120):start],
                   context_after=text[start + len(quote):start + len(quote) + 120], **changes)  # fmt: skip

    sha = hashlib.sha256(text.encode()).hexdigest()
    good = [
        at("Seventy-one victims", claim_id="r:a", value_text="Seventy-one", value=71),
        at("five to 10 years", claim_id="r:b", value_text="five to 10", qualifier="range",
           value=None, value_low=5, value_high=10),
        at("No convictions", claim_id="r:c", value_text="No", value=0),
        at("AZN 125 thousand", claim_id="r:d", value_text="AZN 125 thousand", value=125000),
    ]  # fmt: skip
    assert row_rules(*good, document=doc, sha256=sha) == []
    bad = at("five to 10 years", claim_id="r:b", value_text="five to 10", qualifier="range",
             value=None, value_low=10, value_high=5)  # fmt: skip
    found = row_rules(bad, document=doc, sha256=sha)
    assert [p.message for p in found] == [
        "value_text's 10 reads 10, not the claim's 5",
        "value_text's five reads 5, not the claim's 10",
    ]
    assert (reading("Seventy-one"), reading("a"), reading("never"), reading("1 to 2")) == (
        71,
        1,
        0,
        None,
    )


@pytest.mark.parametrize(
    "case",
    [
        pytest.param(lambda: skips({"quote": "Ghost of 12", "reason": "why"}), id="not-found"),
        pytest.param(
            lambda: skips({"quote": "It reported 12 cases.", "reason": "why"}), id="ambiguous"
        ),
        pytest.param(
            lambda: skips({"quote": "It reported 12 cases.", "occurrence": 3, "reason": "why"}),
            id="occurrence",
        ),
    ],
)
def test_skips_are_found_like_quotes(case):
    rules_found = {p.rule for p in case()}
    assert rules_found & {"quote-not-found", "quote-ambiguous", "occurrence-out-of-range"}


def test_valid_records_break_no_rule(tmp_path):
    assert claim() == []
    assert claim(value=70, quote=PART["quote"], value_text="70 sex trafficking victims") == []
    assert (
        claim(
            value=1,
            exploitation_form="labour",
            quote=PART["quote"],
            value_text="one labor trafficking",
        )
        == []
    )
    assert claim(qualifier="range", value=None, value_low=5, value_high=15, year=None,
                 indicator_code="prescribed_penalty_years", category="all-provisions",
                 quote="prescribes penalties of five to 15 years' imprisonment") == []  # fmt: skip
    assert claim(indicator_code="funding", value=150530, unit="AZN",
                 quote="allocated 150,530 manat ($88,030)", value_text="150,530 manat") == []  # fmt: skip
    assert claim(indicator_code="share", value=2.7, year=None, quote="only 2.7% of crimes") == []
    assert claim(value=0, quote="did not convict any officials in 2017") == []
    assert claim(year=None, value=12, quote="It reported 12 cases.", occurrence=2) == []
    assert claims_file({}, PART, SEXUAL, sums=(BY_FORM,)) == []
    assert claim(**TIER) == []
    assert (
        restatements({}, {"id": "again", "source_id": "us_dos", "restates": "victims-2017"}) == []
    )
    assert skips({"quote": "It reported 12 cases.", "every": True, "reason": "an example"}) == []
    assert yaml_text(tmp_path, b"a: 1\nb: [x, y]\n") == []


def test_a_report_with_its_url_and_license_breaks_no_rule():
    def problems(**update) -> list[str]:
        found = rules.check_reports({"r": at(REPORT.model_copy(update=update))})
        return [f"{p.rule}: {p.message}" for p in found]

    assert problems() == []  # the fields are optional
    assert problems(url="https://www.state.gov/reports/x/", license="public-domain-us-gov") == []
    assert (
        problems(url_note="No public URL known.", license="unknown", license_note="None stated.")
        == []
    )
    assert problems(license="CC-BY-4.0") == []
    assert problems(url="ftp://example.org/x") and problems(url="https://a b.org/")
    assert problems(url="https://") and problems(license="CC BY 4.0")
    assert problems(license_note="a note without a license")


def test_a_claim_row_reads_the_value_as_written_at_the_quote_offsets():
    c = check(
        value=1, exploitation_form="labour", quote=PART["quote"], value_text="one labor trafficking"
    )
    row = claim_row(c)
    assert DOC[row.quote_start : row.quote_end] == PART["quote"]
    assert (row.value, row.value_text) == (1, "one")
    second = claim_row(check(year=None, value=12, quote="It reported 12 cases.", occurrence=2))
    assert second.quote_start == DOC.index("It reported 12 cases.", DOC.index("It reported") + 1)


def test_the_readme_rule_table_is_generated_from_the_registry():
    text = (REPO / "seeds" / "README.md").read_text(encoding="utf-8")
    found = re.search(r"<!-- rules:start -->\n(.*?)\n<!-- rules:end -->", text, re.S)
    assert found, "seeds/README.md has no generated rule table"
    assert found.group(1) == rules.markdown_table(), (
        "the rule table is out of date: run `tiplake validate --list-rules --markdown` and paste it"
    )


def test_every_claim_rule_runs_once_in_its_order():
    """Each function marked as a claim rule (rules.claim_rule) runs, once, in the order the
    rules were run before they were split into modules by what they check: the order of one
    claim's problems in every message."""
    from tiplake.rules.base import RULE_OF

    functions = [f for _rule, f in rules.CLAIM_RULES]
    assert len(functions) == len(set(functions)) and set(functions) == set(RULE_OF)
    assert [rule.name for rule, _f in rules.CLAIM_RULES] == [
        "unknown-indicator",
        "unknown-source",
        "unknown-source",
        "unknown-unit",
        "period-order",
        "year-out-of-range",
        "year-after-publication",
        "qualifier-shape",
        "value-precision",
        "negative-value",
        "count-not-whole",
        "quote-whitespace",
        "quote-not-found",
        "quote-ambiguous",
        "occurrence-out-of-range",
        "value-text-not-in-quote",
        "unit-mismatch",
        "value-not-in-quote",
        "value-ambiguous",
        "value-text-ambiguous",
        "qualifier-not-in-quote",
        "not-reported-wording",
        "not-reported-figure",
        "period-not-in-quote",
        "value-label-not-in-quote",
        "category-value",
        "category-not-in-quote",
        "judgement-reason",
        "penalty-provision",
        "restatement-shape",
        "attribution-wording",
        "implied-source",
        "period-basis",
    ]


def test_each_rules_module_says_what_its_rules_check():
    """The rules package: each module's docstring names every rule whose problems it makes
    (each registry constant its code uses), so a reader finds a rule from the docstrings."""
    constants = {
        name: rule.name for name, rule in vars(rules).items() if isinstance(rule, rules.Rule)
    }
    for path in sorted((REPO / "tiplake" / "rules").glob("*.py")):
        if path.name in ("__init__.py", "registry.py"):
            continue
        tree = ast.parse(path.read_text())
        doc = ast.get_docstring(tree)
        assert doc, path.name
        used = {
            constants[node.id]
            for node in ast.walk(tree)
            if isinstance(node, ast.Name)
            and isinstance(node.ctx, ast.Load)
            and node.id in constants
        }
        missing = sorted(name for name in used if name not in doc)
        assert not missing, f"{path.name} checks {missing} without naming them in its docstring"


def test_every_rule_name_the_package_uses_is_registered():
    """Rule names appear in code only through the registry (a declared constant): a string
    naming a rule anywhere else, e.g. Problem(..., "quote-typo", ...), fails here."""
    used = set()
    for path in (REPO / "tiplake").rglob("*.py"):  # the rules package too
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Problem":
                if len(node.args) >= 3 and isinstance(node.args[2], ast.Constant):
                    used.add((path.name, node.args[2].value))
    assert {name for _, name in used} <= set(rules.RULES), used
    assert not [u for u in used if u[0] != "problems.py"], (
        f"build problems through the registry (rules.X.problem): {sorted(used)}"
    )


def _checks(con: duckdb.DuckDBPyConnection, table: str) -> list[str]:
    return [
        text
        for (text,) in con.execute(
            "select expression from duckdb_constraints() where table_name = ? and constraint_type = 'CHECK'",
            [table],
        ).fetchall()
    ]


def _enumeration(checks: list[str], column: str) -> set[str]:
    for text in checks:
        found = re.search(rf"\(?{column}\s+IN\s*\(([^)]*)\)", text, re.I)
        if found:
            return set(re.findall(r"'([^']*)'", found.group(1)))
    raise AssertionError(f"no enumeration of {column} in {checks}")


def _pattern(checks: list[str], column: str) -> str:
    for text in checks:
        found = re.search(rf"regexp_full_match\({column}, '([^']*)'\)", text)
        if found:
            return found.group(1)
    raise AssertionError(f"no pattern of {column} in {checks}")


def test_limits_match_the_migrations_check_constraints():
    from tiplake.migrate import migrate

    with duckdb.connect() as con:
        migrate(con, REPO / "migrations")
        report, claim_checks = _checks(con, "report"), _checks(con, "claim")
        assert _enumeration(report, "kind") == set(limits.REPORT_KINDS)
        assert _enumeration(_checks(con, "indicator"), "pillar") == set(limits.PILLARS)
        assert _enumeration(_checks(con, "source"), "kind") == set(limits.SOURCE_KINDS)
        assert _enumeration(_checks(con, "policy_source_rank"), "source_kind") == set(
            limits.SOURCE_KINDS
        )
        assert _enumeration(_checks(con, "unit"), "kind") == set(limits.UNIT_KINDS)
        assert _enumeration(_checks(con, "indicator_relation"), "relation") == set(limits.RELATIONS)
        assert _enumeration(claim_checks, "qualifier") == set(limits.QUALIFIERS)
        assert _enumeration(claim_checks, "sex") == set(limits.SEXES)
        assert _enumeration(claim_checks, "exploitation_form") == set(limits.EXPLOITATION_FORMS)
        assert _enumeration(claim_checks, "citizenship") == set(limits.CITIZENSHIPS)
        assert _pattern(claim_checks, "age_band") == limits.AGE_BAND
        assert _pattern(claim_checks, "destination_iso3") == limits.COUNTRY_OR_ALL
        assert _pattern(claim_checks, "category") == limits.SLUG
        assert _pattern(report, "report_id") == limits.SLUG
        assert _pattern(_checks(con, "unit"), "unit") == limits.UNIT_NAME
        years = f"BETWEEN {limits.FIRST_YEAR} AND {limits.LAST_YEAR}"
        assert any(years in t.upper() for t in report)
        assert any(years in t.upper() for t in _checks(con, "year"))
        (value_type,) = con.execute(
            "select data_type from duckdb_columns() where table_name = 'claim' and column_name = 'value'"
        ).fetchone()
        digits = limits.MAX_INTEGER_DIGITS + limits.MAX_DECIMALS
        assert value_type == f"DECIMAL({digits},{limits.MAX_DECIMALS})"


def test_list_rules_prints_one_rule_per_line_name_first():
    from click.testing import CliRunner

    from tiplake.cli import cli

    result = CliRunner().invoke(cli, ["validate", "--list-rules"])
    lines = result.output.strip().splitlines()
    assert result.exit_code == 0 and len(lines) == len(rules.RULES)
    assert [line.split()[0] for line in lines] == list(rules.RULES)
    assert lines[list(rules.RULES).index("quote-not-found")].startswith("quote-not-found  ")
    markdown = CliRunner().invoke(cli, ["validate", "--list-rules", "--markdown"]).output
    assert markdown.strip() == rules.markdown_table()


def _messages(problems: list[Problem], rule: str) -> list[str]:
    return [p.message for p in problems if p.rule == rule]


def test_attribution_wording_reads_the_originator_the_sentence_names():
    # the government as the actor, before the value (in value_text too, and in a comparison)
    assert _messages(claim(source_id="us_dos"), "attribution-wording") == [
        'the sentence names the government ("the government identified"), the claim says '
        "us_dos: set source_id: gov_aze or say why in attribution_reason"
    ]
    assert claim(source_id="us_dos", attribution_reason="A reason.") == []
    assert (
        _messages(
            claim(
                source_id="us_dos",
                quote=PART["quote"],
                value=70,
                value_text="70 sex trafficking victims",
            ),
            "attribution-wording",
        )
        == []
    )  # no actor in the quote: the reverse is not checked
    found = claim(
        source_id="us_dos", value=0, quote="The government did not convict any officials in 2017."
    )
    assert _messages(found, "attribution-wording"), found
    # a reporter wins over the actor it reports on
    doc_claim = check(source_id="gov_aze", quote="In 2017, the government identified 71 victims")
    assert (
        rules.named_originator("media reported the government identified 91 victims", 40)[0]
        == "media"
    )
    assert (
        rules.named_originator("Observers also reported the government referred at least 36", 55)[0]
        == "observers"
    )
    assert rules.check_claim(doc_claim) == []
    # an object is not an actor; a hyphenated compound is not one; another sentence is not this one
    assert (
        rules.named_originator("Civil society referred six potential victims to ATD (466", 52)
        is None
    )
    assert rules.named_originator("The government-funded an NGO", 25) is None
    assert rules.named_originator("The government did it. Three were foreign", 31) is None
    # a conversion (same_amount_as) is the State Department's by convention; media is media
    assert _messages(claim(indicator_code="funding", unit="USD", value=88030, source_id="us_dos",
                           quote="The ministry allocated 150,530 manat ($88,030)", value_text="$88,030",
                           same_amount_as="victims-2017"), "attribution-wording") == []  # fmt: skip
    assert _messages(claim(source_id="media"), "attribution-wording")


def test_implied_source_wants_the_implying_claim_and_its_sentence():
    tier_2017 = {**TIER, "id": "tier-2017", "year": 2017}
    # a placement for another year than the edition's without implied_by
    assert _messages(claim(**tier_2017), "implied-source") == [
        "a tier placement for 2017 in the 2018 edition is implied, not stated: give implied_by, "
        'the claim whose sentence implies it (a "remained on" or "consecutive year" '
        "statement of the edition)"
    ]
    assert claim(**TIER) == []  # the edition's own placement is stated
    # implied_by names a claim of the file whose quote meets this one's
    assert claims_file({**TIER, "id": "tier-2018"}, {**tier_2017, "implied_by": "tier-2018"}) == []
    missing = claims_file({**tier_2017, "implied_by": "ghost"})
    assert _messages(missing, "implied-source") == [
        "implied_by 'ghost' is not a claim of this file: an implied claim needs the claim whose "
        "sentence implies it"
    ]
    elsewhere = claims_file({}, {**tier_2017, "implied_by": "victims-2017"})
    assert _messages(elsewhere, "implied-source"), elsewhere
    assert _messages(claim(**{**tier_2017, "implied_by": "tier-2017"}), "implied-source")
    # across files: a claim of the corpus whose quote meets this one's
    rows = [
        claim_row(check(**TIER)),
        claim_row(check(**{**tier_2017, "implied_by": "q:tier-2018"})),
    ]
    found = rules.check_restatements(rows, {r.claim_id for r in rows})
    assert _messages(found, "implied-source") == [
        "implied_by 'q:tier-2018' is not a claim of the corpus"
    ]


def test_period_basis_follows_the_words_reporting_period():
    meetings = {
        "quote": "It reported 12 cases during the reporting period.",
        "value": 12,
        "year": None,
    }
    doc = DOC.replace("It reported 12 cases. It reported 12 cases.", meetings["quote"])

    def problems(**changes) -> list[str]:
        seed = ClaimSeed.model_validate({**BASE, **meetings, **changes})
        c = ClaimCheck(at(seed, "seeds/claims/r.yaml", 3), "r", vocabulary(), Document(doc))
        return _messages(rules.check_claim(c), "period-basis")

    assert problems() == [
        "the quote says 'the reporting period', the claim says period_basis: (none): set "
        "period_basis: reporting_period"
    ]
    assert problems(period_basis="reporting_period") == []
    assert problems(period_basis="calendar_year")
    assert _messages(claim(period_basis="reporting_period"), "period-basis") == [
        'period_basis: reporting_period, but the quote does not say "reporting period": quote '
        "the words that say it, or leave period_basis out"
    ]
    assert claim(period_basis="calendar_year") == []


# --- issue 29: numbers read whole, qualifiers and categories read back ----------------------------

ATTACK_DOC = (
    "media reported the government initiated prosecutions against 14 alleged traffickers and "
    "identified 91 victims.\n"
    "Another report came from observers.\n"
    "AZERBAIJAN (Tier 2)\n"
    "The government trained more than 140 judges and 1,234 officials, some 3.5 years on.\n"
    "The law prescribes penalties of five to 10 years' imprisonment.\n"
    "In 2017, the government identified 71 victims.\n"
    "The government did not report law enforcement statistics for 2017.\n"
    "The government did not report providing legal assistance to any trafficking victims, "
    "compared with 105 victims in 2016.\n"
    "The fiscal unit was 1 new manat, about 300 euros or 5,000 U.S. dollars in all.\n"
)
MONEY = "The fiscal unit was 1 new manat, about 300 euros or 5,000 U.S. dollars in all."
LEGAL = ("The government did not report providing legal assistance to any trafficking victims, "
         "compared with 105 victims in 2016.")  # fmt: skip


def attack(**changes) -> list[str]:
    """The rules a claim made from BASE with `changes` breaks, its quote in ATTACK_DOC."""
    fields = {k: v for k, v in {**BASE, **changes}.items() if v is not None}
    vocab = vocabulary()
    vocab.texts = {"r": ATTACK_DOC}
    c = ClaimCheck(at(ClaimSeed.model_validate(fields), "seeds/claims/r.yaml", 3), "r", vocab,
                   Document(ATTACK_DOC))  # fmt: skip
    return [f"{p.rule}: {p.message}" for p in rules.check_claim(c)]


def rules_of(problems: list[str]) -> set[str]:
    return {p.split(":")[0] for p in problems}


MEDIA = {"source_id": "media", "quote": "media reported the government initiated prosecutions "
         "against 14 alleged traffickers and identified 91 victims"}  # fmt: skip


@pytest.mark.parametrize(
    "changes,rule",
    [
        # a number read from a fragment of another
        pytest.param({**MEDIA, "value": 4, "value_text": "4 alleged traffickers"}, "value-text-not-in-quote", id="4-in-14"),
        pytest.param({**MEDIA, "value": 1, "value_text": "1 victims"}, "value-text-not-in-quote", id="1-in-91"),
        pytest.param({**MEDIA, "value": 1, "value_text": "a"}, "value-text-not-in-quote", id="a-in-media"),
        pytest.param({"year": None, "value": 0, "value_text": "no", "source_id": "us_dos",
                      "quote": "Another report came from observers."}, "value-text-not-in-quote", id="no-in-Another"),
        pytest.param({"year": None, "value": 234, "value_text": "234 officials",
                      "quote": "more than 140 judges and 1,234 officials"}, "value-text-not-in-quote", id="234-in-1,234"),
        # a not_reported claim whose quote states a figure (and its year)
        pytest.param({"qualifier": "not_reported", "value": None}, "not-reported-wording", id="year-in-not-reported"),
        pytest.param({"qualifier": "not_reported", "value": None, "year": 2016,
                      "quote": "The government did not report law enforcement statistics for 2017."},
                     "not-reported-figure", id="not-reported-for-another-year"),
        pytest.param({"qualifier": "not_reported", "value": None, "quote": LEGAL},
                     "not-reported-figure", id="not-reported-beside-a-figure"),
        pytest.param({"qualifier": "not_reported", "value": None, "quote": LEGAL,
                      "value_text": "compared with 105 victims in 2016"},
                     "not-reported-figure", id="not-reported-read-from-a-figure"),
        # currencies read back from their symbols and names
        pytest.param({"year": None, "value": 5000, "value_text": "5,000 U.S. dollars", "quote": MONEY},
                     "unit-mismatch", id="count-on-5,000-U.S.-dollars"),
        pytest.param({"year": None, "value": 300, "qualifier": "approximate", "value_text": "about 300 euros",
                      "quote": MONEY}, "unit-mismatch", id="count-on-300-euros"),
        pytest.param({"year": None, "value": 300, "qualifier": "approximate", "value_text": "about 300 euros",
                      "unit": "USD", "indicator_code": "funding", "quote": MONEY},
                     "unit-mismatch", id="USD-on-300-euros"),
        # categories and qualifiers not read back
        pytest.param({**TIER, "value_category": "tier_3", "value_label": "Tier 2", "quote": "AZERBAIJAN (Tier 2)"},
                     "category-not-in-quote", id="tier_3-on-Tier-2"),
        pytest.param({**TIER, "value_category": "tier_2", "value_label": "Tier 2"}, "category-not-in-quote",
                     id="tier_2-in-Tier-2-Watch-List"),
        pytest.param({"qualifier": "less_than", "value": 71}, "qualifier-not-in-quote", id="less_than-on-identified-71"),
        pytest.param({**MEDIA, "qualifier": "less_than", "value": 91, "value_text": "91 victims"},
                     "qualifier-not-in-quote", id="less_than-on-identified-91"),
        pytest.param({"year": None, "value": 140, "value_text": "140 judges", "quote": "more than 140 judges and 1,234 officials"},
                     "qualifier-not-in-quote", id="exact-on-more-than-140"),
        pytest.param({"year": None, "value": 5, "value_text": "five", "indicator_code": "prescribed_penalty_years",
                      "category": "basic", "quote": "prescribes penalties of five to 10 years' imprisonment"},
                     "qualifier-not-in-quote", id="exact-on-a-range-end"),
    ],
)  # fmt: skip
def test_attacks_of_issue_29_are_refused(changes, rule):
    assert rule in rules_of(attack(**changes)), attack(**changes)


def test_the_attacks_whole_spans_are_accepted():
    """The same claims read whole, with the qualifier the words say, break no rule."""
    assert attack(**MEDIA, value=14, value_text="14 alleged traffickers") == []
    assert attack(**MEDIA, value=91, value_text="91 victims") == []
    assert attack(year=None, value=1234, value_text="1,234 officials",
                  quote="more than 140 judges and 1,234 officials") == []  # fmt: skip
    assert attack(year=None, value=140, qualifier="more_than", value_text="140 judges",
                  quote="more than 140 judges and 1,234 officials") == []  # fmt: skip
    assert attack(year=None, value=140, qualifier="more_than", value_text="more than 140 judges",
                  quote="more than 140 judges and 1,234 officials") == []  # fmt: skip
    assert (
        attack(
            **{
                **TIER,
                "value_category": "tier_2",
                "value_label": "Tier 2",
                "quote": "AZERBAIJAN (Tier 2)",
            }
        )
        == []
    )
    assert attack(qualifier="not_reported", value=None,
                  quote="The government did not report law enforcement statistics for 2017.") == []  # fmt: skip
    assert attack(year=2008, value=5000, value_text="5,000 U.S. dollars", unit="USD",
                  indicator_code="funding", quote=MONEY) == []  # fmt: skip
    assert attack(year=2008, value=300, qualifier="approximate", value_text="about 300 euros",
                  unit="EUR", indicator_code="funding", quote=MONEY) == []  # fmt: skip
    assert attack(qualifier="not_reported", value=None, quote=LEGAL,
                  value_text="did not report providing legal assistance to any trafficking victims") == []  # fmt: skip
    assert attack(year=None, qualifier="range", value=None, value_low=5, value_high=10,
                  indicator_code="prescribed_penalty_years", category="basic",
                  quote="prescribes penalties of five to 10 years' imprisonment") == []  # fmt: skip


def test_a_disagreement_names_the_field_what_the_quote_says_and_what_the_claim_says():
    problems = attack(year=None, value=5000, value_text="5,000 U.S. dollars", quote=MONEY)
    assert (
        "unit-mismatch: unit: the quote says '5,000 U.S. dollars' (USD), the claim says 5000 persons"
        in problems
    )
    problems = attack(year=None, value=140, value_text="140 judges",
                      quote="more than 140 judges and 1,234 officials")  # fmt: skip
    assert (
        'qualifier-not-in-quote: qualifier: the quote says "more than 140" (more_than), the claim says exact'
        in problems
    )
    problems = attack(qualifier="less_than")
    assert any(
        'the quote says "identified 71" (exact' in p and p.endswith("the claim says less_than")
        for p in problems
    )
    problems = attack(
        **{
            **TIER,
            "value_category": "tier_3",
            "value_label": "Tier 2",
            "quote": "AZERBAIJAN (Tier 2)",
        }
    )
    assert (
        'category-not-in-quote: value_category: the quote says "Tier 2" (tier_2), the claim says tier_3'
        in problems
    )
    problems = attack(**MEDIA, value=4, value_text="4 alleged traffickers")
    assert any(
        'the quote says "14 alleged traffickers", the claim says "4 alleged traffickers"' in p
        for p in problems
    )


@pytest.mark.parametrize(
    "quote",
    [
        "The GOAJ did not report any activity in trafficking by organized or transnational crime groups.",
        "Exact figures on the number of victims who assisted the GOAJ are not known.",
        "an unknown number of sex trafficking investigations in 2010",
        "No data were available for 2017.",
        "Statistics were not available.",
        "The government did not provide statistics.",
    ],
)
def test_not_reported_wording_is_recognised(quote):
    from tiplake.rules.readback import _NOT_REPORTED

    assert _NOT_REPORTED.search(quote)


@pytest.mark.parametrize(
    "words,qualifier",
    [("at least", "at_least"), ("a minimum of", "at_least"), ("more than", "more_than"),
     ("over", "more_than"), ("up to", "at_most"), ("at most", "at_most"), ("no more than", "at_most"),
     ("fewer than", "less_than"), ("less than", "less_than"), ("under", "less_than"),
     ("about", "approximate"), ("approximately", "approximate"), ("around", "approximate"),
     ("nearly", "approximate"), ("some", "approximate"), ("an estimated", "approximate")],
)  # fmt: skip
def test_each_qualifier_is_read_from_its_words(words, qualifier):
    quote = f"the government identified {words} 71 victims"
    from tiplake.numbers import qualifier_before

    assert qualifier_before(quote, quote.index("71")) == (qualifier, words)
    right = rules_of(attack(qualifier=qualifier, quote=quote))
    wrong = rules_of(attack(quote=quote))
    assert "qualifier-not-in-quote" not in right
    assert "qualifier-not-in-quote" in wrong
