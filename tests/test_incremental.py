"""A rebuild after editing claims files gives the database a full build gives.

Each test edits the real seeds of a built project copy, rebuilds (incremental.py: from the
previous file) and compares every row of every table and view (`everything`: only the columns
of EXPECTED_TO_DIFFER left out) with a full build of the same seeds in another file.
`test_each_kind_of_edit_gives_a_full_builds_rows` makes each kind of seed edit on a corpus of
two countries, the real one and a second whose report's period lies at the edge of the years
(a rebuild recomputing one country must still change the other's rows when it should)."""

from __future__ import annotations

import hashlib
from collections import Counter

import duckdb
import pytest
from conftest import REPO, ProjectCopy

from tiplake import incremental
from tiplake.build import build
from tiplake.problems import SeedError
from tiplake.publish import PublishError
from tiplake.seeds import read_seeds
from tiplake.validate import validate
from tiplake.views import ViewError, discover, parse_view_file

CABLE = "seeds/claims/cable-09baku141.yaml"


def rebuild(copy, force: bool = False) -> list[str]:
    said: list[str] = []
    build(copy.db, copy.project, progress=said.append, force=force)
    return said


# The columns a rebuild and a full build of the same seeds may differ in, and only those: when
# the file was built and migrated, and how many rebuilds in a row made it.
EXPECTED_TO_DIFFER = {
    "_meta": ("built_at", "rebuilds"),
    "schema_migrations": ("applied_at",),
}


def everything(path) -> dict[str, list[tuple]]:
    """Every row of every table and view of the database at `path`, sorted, without the
    columns of EXPECTED_TO_DIFFER."""
    with duckdb.connect(str(path), read_only=True) as con:
        names = [
            r[0]
            for r in con.execute(
                "select table_name from duckdb_tables() "
                "union all select view_name from duckdb_views() where not internal order by 1"
            ).fetchall()
        ]
        rows = {}
        for name in names:
            kept = [
                f'"{c}"'
                for (c,) in con.execute(f'select column_name from (describe "{name}")').fetchall()
                if c not in EXPECTED_TO_DIFFER.get(name, ())
            ]
            rows[name] = con.execute(
                f'select {", ".join(kept)} from "{name}" order by all'
            ).fetchall()
        return rows


def differences(a: dict[str, list[tuple]], b: dict[str, list[tuple]]) -> dict[str, str]:
    """The relations whose rows differ, with how many rows each side has that the other lacks."""
    out = {}
    for name in sorted(set(a) | set(b)):
        if a.get(name) != b.get(name):
            ca, cb = Counter(a.get(name, [])), Counter(b.get(name, []))
            out[name] = (
                f"{sum((ca - cb).values())} rows only here, {sum((cb - ca).values())} only there"
            )
    return out


def assert_same_as_full_build(copy, tmp_path) -> None:
    full = tmp_path / "full.duckdb"
    said: list[str] = []
    build(full, copy.project, progress=said.append)
    assert not any(m.startswith("rebuilding") for m in said)
    assert differences(everything(copy.db), everything(full)) == {}


def meta(path, sql: str):
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute(sql).fetchall()


@pytest.mark.slow
def test_an_edited_note_is_rebuilt_from_the_previous_file(built_copy, tmp_path):
    built_copy.replace(
        "seeds/claims/tip-2018-aze.yaml",
        '    quote: "AZERBAIJAN: Tier 2"\n',
        '    quote: "AZERBAIJAN: Tier 2"\n    note: Edited by a test.\n',
    )
    said = rebuild(built_copy)
    assert "rebuilding from the previous file: 1 claims file(s) changed, 0 removed" in said
    assert "recomputed the stored views for 1 country" in said  # none recomputed whole
    assert meta(
        built_copy.db, "select note from claim where claim_id = 'tip-2018-aze:tier-2018'"
    ) == [("Edited by a test.",)]
    assert meta(built_copy.db, "select rebuilds from _meta") == [(1,)]
    assert_same_as_full_build(built_copy, tmp_path)


@pytest.mark.slow
def test_a_removed_conversion_recomputes_the_views_that_read_rates_whole(built_copy, tmp_path):
    """The cable's USD conversion of the fiscal unit implies an AZN rate for 2008, which
    reconciled_by_policy uses for every country's 2008 AZN figures: it is recomputed whole."""
    text = built_copy.path(CABLE).read_text(encoding="utf-8")
    start = text.index("  - id: fiscal-unit-2008-usd\n")
    end = text.index("  - id:", start + 1)
    built_copy.path(CABLE).write_text(text[:start] + text[end:], encoding="utf-8")
    before = meta(built_copy.db, "select count(*) from exchange_rate")
    said = rebuild(built_copy)
    assert "recomputed the stored views for 1 country; whole: reconciled_by_policy" in said
    after = meta(built_copy.db, "select count(*) from exchange_rate")
    assert after[0][0] == before[0][0] - 1
    assert meta(
        built_copy.db,
        "select count(*) from claim where claim_id = 'cable-09baku141:fiscal-unit-2008-usd'",
    ) == [(0,)]
    assert_same_as_full_build(built_copy, tmp_path)


@pytest.mark.slow
def test_rebuilds_count_up_and_a_full_build_resets_them(built_copy):
    note = "recorded for 2008, the reporting year.\n"
    for n in (1, 2):
        built_copy.replace(CABLE, note, f"recorded for 2008, the reporting year ({n}).\n", 7)
        note = f"recorded for 2008, the reporting year ({n}).\n"
        rebuild(built_copy)
        assert meta(built_copy.db, "select rebuilds from _meta") == [(n,)]
    said: list[str] = []
    build(built_copy.db, built_copy.project, progress=said.append, full=True)
    assert "migrating" in said
    assert meta(built_copy.db, "select rebuilds from _meta") == [(0,)]


def test_an_unchanged_rebuild_changes_nothing(built_copy, tmp_path):
    before = everything(built_copy.db)
    said = rebuild(built_copy)
    assert "rebuilding from the previous file: 0 claims file(s) changed, 0 removed" in said
    assert differences(everything(built_copy.db), before) == {}


def test_a_database_written_to_since_it_was_built_is_built_again_in_full(built_copy):
    with duckdb.connect(str(built_copy.db)) as con:  # a user's own table in the published file
        con.execute("create table my_notes as select 'mine' as note")
    built_copy.replace(
        CABLE, "recorded for 2008, the reporting year.\n", "recorded for 2008 (edited).\n", 7
    )
    with pytest.raises(PublishError, match=r"does not own \(my_notes\)"):
        rebuild(built_copy)  # the file holds the user's table: never replaced unasked
    said = rebuild(built_copy, force=True)
    assert "migrating" in said and not any(m.startswith("rebuilding") for m in said)
    assert meta(
        built_copy.db, "select count(*) from duckdb_tables() where table_name = 'my_notes'"
    ) == [(0,)]
    built_copy.replace(CABLE, "recorded for 2008 (edited).\n", "recorded for 2008.\n", 7)
    assert "rebuilding from the previous file: 1 claims file(s) changed, 0 removed" in rebuild(
        built_copy
    )  # a reader does not count as a writer: the file just built is the one published


TIP = "seeds/claims/tip-2018-aze.yaml"
GOV = "seeds/claims/gov-aze-2021.yaml"
VICTIMS_2017 = "    value_text: The government identified 71 trafficking victims\n"
NOTE_2017 = "published by the State Department: gov_aze (issue 28 convention; us_dos before). Year 2017 from the 2016 comparison."


def full_validation_problems(copy) -> list[str]:
    """The problems validation finds reading every claims file (no previous database), as the
    build lists them."""
    return [str(p) for p in SeedError(validate(read_seeds(copy.project.seeds)).problems).problems]


def rebuild_problems(copy) -> list[str]:
    with pytest.raises(SeedError) as failed:
        rebuild(copy)
    return [str(p) for p in failed.value.problems]


@pytest.mark.slow
def test_a_rebuild_leaves_the_unchanged_files_claims_in_the_previous_database(
    built_copy, tmp_path, monkeypatch
):
    """Their files are not parsed (at a million claims, parsing them would be most of a
    rebuild): only the changed file is; their rows are read back by the row rules."""
    import tiplake.validate

    asked: list[str] = []
    real = tiplake.validate.check_claims_file

    def spy(path, raw, root, vocab):
        asked.append(f"{path.parent.name}/{path.name}")
        return real(path, raw, root, vocab)

    monkeypatch.setattr(tiplake.validate, "check_claims_file", spy)
    built_copy.replace(TIP, NOTE_2017, "Edited by a test.")
    said = rebuild(built_copy)
    assert "rebuilding from the previous file: 1 claims file(s) changed, 0 removed" in said
    assert ["seeds/" + a for a in asked] == [TIP]
    assert meta(
        built_copy.db,
        "select note from claim where claim_id = 'tip-2018-aze:victims-identified-2017'",
    )[0][0].endswith("Edited by a test.")
    assert_same_as_full_build(built_copy, tmp_path)


@pytest.mark.parametrize(
    ("restates", "rule"),
    [
        ("gov-aze-2021:crimes-registered-2021-gov", "restatement-mismatch"),  # 202 crimes, not 71
        ("gov-aze-2021:no-such-claim", "unknown-link"),
        # itself a restatement (of crimes-registered-2021-gov): its row comes from the database
        ("gov-aze-2021:crimes-registered-2021-gov-restated", "restatement-shape"),
    ],
)
def test_a_restatement_of_a_kept_files_claim_is_checked_against_the_previous_database(
    built_copy, restates, rule
):
    built_copy.replace(TIP, VICTIMS_2017, VICTIMS_2017 + f"    restates: {restates}\n")
    problems = rebuild_problems(built_copy)
    assert problems == full_validation_problems(built_copy)
    assert any(f"[{rule}]" in p and "tip-2018-aze:victims-identified-2017" in p for p in problems)


def test_a_kept_files_restatement_of_a_changed_claim_is_checked_again(built_copy):
    """A claim of the TIP report restates a government claim (valid: it says how it differs);
    then only the government's file changes, making that claim a restatement itself: the TIP
    claim, read from the previous database, is reported as a full build reports it."""
    built_copy.replace(
        TIP,
        VICTIMS_2017,
        VICTIMS_2017
        + "    restates: gov-aze-2021:crimes-registered-2021-gov\n"
        + "    restatement_change: 'indicator, period and value: a link made by a test.'\n",
    )
    assert any(m.startswith("rebuilding") for m in rebuild(built_copy))
    built_copy.replace(
        GOV,
        "  - id: crimes-registered-2021-gov\n",
        "  - id: crimes-registered-2021-gov\n    restates: crimes-registered-2021-gov-restated\n",
    )
    problems = rebuild_problems(built_copy)
    assert problems == full_validation_problems(built_copy)
    assert any(
        "[restatement-shape]" in p and "tip-2018-aze:victims-identified-2017" in p for p in problems
    )
    assert any("[link-cycle]" in p for p in problems)


@pytest.mark.slow
def test_a_database_published_during_validation_means_reading_every_file(
    built_copy, tmp_path, monkeypatch
):
    """Validation left the unchanged files' claims in the previous database; under the lock,
    the build finds that database replaced (here: a full build is planned) and validates
    again with every file's rows."""
    built_copy.replace(TIP, NOTE_2017, "Edited by a test.")
    planned = []
    real = incremental.plan

    def plan_then_none(db_path, current, names=None, why=None):
        planned.append(real(db_path, current, names, why))
        return planned[-1] if len(planned) == 1 else None

    monkeypatch.setattr(incremental, "plan", plan_then_none)
    said = rebuild(built_copy)
    assert planned[0] is not None and "migrating" in said  # kept at first, then a full build
    assert_same_as_full_build(built_copy, tmp_path)


@pytest.mark.slow
def test_a_rebuild_recomputes_one_country_and_gives_a_full_builds_rows(tmp_path):
    """The real corpus is about one country, so it cannot show a partitioned stored view
    reading another country's rows. A synthetic corpus of two countries (bench/generate.py,
    10,000 claims): a declared sum of one country removed, then a claims file of the other;
    after each, the rebuild recomputes one country and every table and view equals a full
    build's."""
    import sys
    from pathlib import Path

    from tiplake.project import Project

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
    import generate

    root = tmp_path / "corpus"
    generate.generate(10_000, root)
    project = Project(root)
    db = tmp_path / "built.duckdb"
    build(db, project)
    assert meta(db, "select distinct country_iso3 from claim order by 1") == [("KEM",), ("UBC",)]
    sums_before = meta(db, "select country_iso3, count(*) from stg_sum group by 1 order by 1")

    claims = root / "seeds" / "claims"
    kem = claims / "tip-2005-kem.yaml"
    text = kem.read_text(encoding="utf-8")
    start = text.index("\n  - id: ", text.index("\nsums:\n"))
    end = text.index("\n  - id: ", start + 1)
    kem.write_text(text[:start] + text[end:], encoding="utf-8")  # its first declared sum
    for edit in ("sum", "file"):
        if edit == "file":
            (claims / "tip-2010-ubc.yaml").unlink()
        said: list[str] = []
        build(db, project, progress=said.append)
        (recomputed,) = [m for m in said if m.startswith("recomputed")]
        # (the removed report implied exchange rates: reconciled_by_policy is recomputed whole)
        assert recomputed == "recomputed the stored views for 1 country" + (
            "; whole: reconciled_by_policy" if edit == "file" else ""
        )
        full = tmp_path / f"full-{edit}.duckdb"
        build(full, project, full=True)
        assert differences(everything(db), everything(full)) == {}
    sums_after = meta(db, "select country_iso3, count(*) from stg_sum group by 1 order by 1")
    assert sums_after[0] == ("KEM", sums_before[0][1] - 1)
    assert sums_after[1][1] < sums_before[1][1]  # the removed file's sums went with it


# --- every kind of seed edit, on a corpus of two countries -------------------------------------

SECOND = "tip-2010-geo"  # a report on a second country, added to the copy with its document
SECOND_DOCUMENT = "GEORGIA: Tier 1\n"
SECOND_CLAIMS = f"""report_id: {SECOND}
claims:
  - id: tier-2010
    indicator_code: tier_placement
    source_id: us_dos
    year: 2010
    qualifier: category
    value_category: tier_1
    value_label: Tier 1
    quote: "GEORGIA: Tier 1"
"""
MANIFEST = "seeds/documents/manifest.yaml"
SUSPECTS_2017 = "  - id: suspects-investigated-2017\n    indicator_code: suspects_investigated\n    source_id: gov_aze\n"


def add_second_country(copy: ProjectCopy) -> None:
    """A report on GEO whose reporting period (2003-2004) starts before the corpus's years
    (from 2004, the cable's earliest period): GEO's coverage rows are the years of that period
    the `year` table holds, which the other country's claims decide. No claims file (the
    "new claims file" edit adds one)."""
    copy.path(f"seeds/documents/{SECOND}.txt").write_text(SECOND_DOCUMENT, encoding="utf-8")
    sha256 = hashlib.sha256(SECOND_DOCUMENT.encode()).hexdigest()
    manifest = copy.path(MANIFEST)
    manifest.write_text(
        manifest.read_text(encoding="utf-8")
        + f"""  - report_id: {SECOND}
    file: {SECOND}.txt
    sha256: {sha256}
    title: "A second country's report, written by tests/test_incremental.py"
    kind: tip_report
    publisher: U.S. Department of State
    published_year: 2010
    period_start_on: "2003-01-01"
    period_end_on: "2004-12-31"
    country_iso3: GEO
    citation: Written by a test.
    license: unknown
    license_note: Written by a test; nothing is known of it.
""",
        encoding="utf-8",
    )


def edit_value(copy):  # suspects investigated in 2017: 33 -> 29 (the cases of the same quote)
    copy.replace(
        TIP,
        "    value: 33\n    value_text: 33 suspects\n",
        "    value: 29\n    value_text: Law enforcement investigated 29 cases\n",
    )


def edit_period(copy):  # 2017 -> 2003: the `year` table starts a year earlier, GEO's 2003 in it
    copy.replace(TIP, SUSPECTS_2017 + "    year: 2017\n", SUSPECTS_2017 + "    year: 2003\n")


def edit_report(copy):  # a report's title and publication date (the manifest)
    copy.replace(
        MANIFEST,
        '    title: "Trafficking in Persons Report 2018: Azerbaijan"\n',
        '    title: "Trafficking in Persons Report 2018: Azerbaijan (edited)"\n'
        '    published_on: "2018-06-28"\n',
    )


def edit_indicator(copy):  # an indicator's label (the vocabulary)
    copy.replace(
        "seeds/vocab/indicators.yaml",
        "    label: Victims identified\n",
        "    label: Victims identified (edited)\n",
    )


def edit_new_file(copy):  # GEO's first claims: a new country among the claims
    copy.path(f"seeds/claims/{SECOND}.yaml").write_text(SECOND_CLAIMS, encoding="utf-8")


def edit_removed_file(copy):  # the cable's claims go, and its 2004 with them: GEO's 2004 goes
    copy.path(CABLE).unlink()


@pytest.fixture(scope="module")
def two_countries(tmp_path_factory):
    """A built project copy with a second country; each test that edits it undoes its edit and
    rebuilds, leaving it as it was."""
    copy = ProjectCopy(tmp_path_factory.mktemp("two-countries"))
    add_second_country(copy)
    copy.build()
    assert meta(copy.db, "select distinct country_iso3 from indicator_coverage order by 1") == [
        ("AZE",),
        ("GEO",),
    ]
    return copy, everything(copy.db)


EDITS = {  # the edit, and what the rebuild after it must say it did
    "value": (edit_value, "1 claims file(s) changed, 0 removed"),
    "period": (edit_period, "1 claims file(s) changed, 0 removed"),
    "new-file": (edit_new_file, "1 claims file(s) changed, 0 removed"),
    "removed-file": (edit_removed_file, "0 claims file(s) changed, 1 removed"),
}


def append(rel: str, text: str):
    def edit(copy):
        path = copy.path(rel)
        path.write_text(path.read_text(encoding="utf-8") + f"\n{text}\n", encoding="utf-8")

    return edit


@pytest.mark.parametrize(
    "edit",
    [
        append("seeds/vocab/sources.yaml", "# a comment is a change"),
        append("sql/views/marts/figure.sql", "-- too"),
        edit_report,
        edit_indicator,
    ],
    ids=["vocabulary-comment", "view-comment", "report", "indicator"],
)
def test_any_other_input_changed_means_a_full_build(built_copy, edit):
    """Any input but the claims files is in `*`: after an edit to it, the build is a full one.
    So an edit to a report (the manifest) or an indicator (the vocabulary) gives a full
    build's rows by construction (tests/test_build.py: two full builds are equal)."""
    edit(built_copy)
    said = rebuild(built_copy)
    assert "migrating" in said and not any(m.startswith("rebuilding") for m in said)
    assert meta(built_copy.db, "select rebuilds from _meta") == [(0,)]


@pytest.mark.slow
@pytest.mark.parametrize("kind", list(EDITS))
def test_each_kind_of_edit_gives_a_full_builds_rows(two_countries, kind, tmp_path):
    """An edit to the claims files is rebuilt from the previous file, which then has every row
    a full build of the edited seeds has (edits to the other inputs are built in full:
    test_any_other_input_changed_means_a_full_build). Undoing the edit and rebuilding gives the
    first build's rows back (the removed file comes back as an added one, the added one goes).
    Before issue 29, the period and the removed file left the second country's rows as they
    were (177 rows, one per indicator, in indicator_coverage, its stored table and answer)."""
    copy, before = two_countries
    seeds = copy.root / "seeds"
    kept = {p: p.read_bytes() for p in seeds.rglob("*") if p.is_file()}
    edit, rebuilt = EDITS[kind]
    try:
        edit(copy)
        said = rebuild(copy)
        assert f"rebuilding from the previous file: {rebuilt}" in said
        after = everything(copy.db)
        assert differences(after, before) != {}  # the edit changed something
        full = tmp_path / "full.duckdb"
        build(full, copy.project, full=True)
        assert differences(after, everything(full)) == {}
    finally:
        for path in [p for p in seeds.rglob("*") if p.is_file() and p not in kept]:
            path.unlink()
        for path, content in kept.items():
            if not path.is_file() or path.read_bytes() != content:
                path.write_bytes(content)
        said = rebuild(copy)
    assert differences(everything(copy.db), before) == {}


def test_the_reads_derived_from_a_views_sql_are_the_tables_sqlglot_finds():
    """What a view reads is derived from its SQL with DuckDB's parser (views.discover), never
    declared by hand; sqlglot, another parser, finds the same tables (its `exp.Table` nodes
    minus the CTE names) in every view."""
    import sqlglot
    from sqlglot import exp

    views = discover(REPO / "sql" / "views")
    for v in views:
        tree = sqlglot.parse_one(v.sql, read="duckdb")
        tables = {t.name for t in tree.find_all(exp.Table) if t.name}
        ctes = {c.alias_or_name for c in tree.find_all(exp.CTE)}
        assert set(v.reads) == tables - ctes, v.name
    by_name = {v.name: v for v in views}
    assert "year" in by_name["indicator_coverage"].reads  # the read the issue found undeclared
    assert incremental.whole_reads(by_name["indicator_coverage"], views) == ["year"]
    assert incremental.whole_reads(by_name["reconciled_by_policy"], views) == ["exchange_rate"]


def test_a_declared_whole_read_the_view_does_not_read_is_refused(tmp_path):
    folder = tmp_path / "views"
    folder.mkdir()
    (folder / "stored_thing.sql").write_text(
        "-- One row per claim.\n"
        "--\n"
        "-- grain: claim_id\n"
        "-- stored: a test.\n"
        "-- partition: country_iso3\n"
        "-- reads whole: exchange_rate\n"
        "--\n"
        "-- columns:\n"
        "--   claim_id: The claim.\n"
        "--   country_iso3: Its country.\n"
        "select claim_id, country_iso3 from claim\n",
        encoding="utf-8",
    )
    assert parse_view_file(folder / "stored_thing.sql").whole == ("exchange_rate",)
    with pytest.raises(ViewError, match=r"reads whole: exchange_rate', which the view does not"):
        discover(folder)


def test_the_tables_a_rebuild_writes_are_the_claims_files_and_year():
    """Every table the load fills is a vocabulary or manifest table (an input of `*`: a change
    is a full build), a claims file's rows, or `year` (derived from every country's claims,
    compared whole by the rebuild): a new table must be placed in one of them."""
    from tiplake.load import LOAD_ORDER
    from tiplake.rows import Dataset

    vocabulary = {name for name, _, _ in Dataset().tables()}  # loaded from the inputs of `*`
    assert set(LOAD_ORDER) == vocabulary | set(incremental.FILE_TABLES) | set(incremental.ACROSS)
