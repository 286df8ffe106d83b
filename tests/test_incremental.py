"""A rebuild after editing claims files gives the database a full build gives.

Each test edits the real seeds of a built project copy, rebuilds (incremental.py: from the
previous file) and compares every table and view, row for row, with a full build of the same
seeds in another file."""

from __future__ import annotations

import duckdb
import pytest

from tests.test_build import dump
from tiplake import incremental
from tiplake.build import build
from tiplake.cache import Cache
from tiplake.problems import SeedError
from tiplake.publish import PublishError
from tiplake.seeds import read_seeds
from tiplake.validate import validate

CABLE = "seeds/claims/cable-09baku141.yaml"


def rebuild(copy, force: bool = False) -> list[str]:
    said: list[str] = []
    build(copy.db, copy.project, progress=said.append, force=force)
    return said


def assert_same_as_full_build(copy, tmp_path) -> None:
    full = tmp_path / "full.duckdb"
    said: list[str] = []
    build(full, copy.project, progress=said.append)
    assert not any(m.startswith("rebuilding") for m in said)
    assert dump(copy.db) == dump(full)


def meta(path, sql: str):
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute(sql).fetchall()


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


def test_a_removed_claims_file_takes_its_claims_and_years_with_it_and_brings_them_back(
    built_copy, tmp_path
):
    years_before = meta(built_copy.db, 'select min("year") from "year"')[0][0]
    everything = dump(built_copy.db)
    text = built_copy.path(CABLE).read_bytes()
    built_copy.path(CABLE).unlink()
    said = rebuild(built_copy)
    assert "rebuilding from the previous file: 0 claims file(s) changed, 1 removed" in said
    assert meta(
        built_copy.db, "select count(*) from claim where report_id = 'cable-09baku141'"
    ) == [(0,)]
    years_after = meta(built_copy.db, 'select min("year") from "year"')[0][0]
    assert years_after > years_before  # the cable's 2008 claims were the earliest period
    assert_same_as_full_build(built_copy, tmp_path)
    built_copy.path(CABLE).write_bytes(text)  # and back: an added file
    said = rebuild(built_copy)
    assert "rebuilding from the previous file: 1 claims file(s) changed, 0 removed" in said
    assert dump(built_copy.db) == everything


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


@pytest.mark.parametrize(
    ("rel", "comment"),
    [
        ("seeds/vocab/sources.yaml", "# a comment is a change"),
        ("sql/views/marts/figure.sql", "-- too"),
    ],
)
def test_any_other_input_changed_means_a_full_build(built_copy, rel, comment):
    path = built_copy.path(rel)
    path.write_text(path.read_text(encoding="utf-8") + f"\n{comment}\n", encoding="utf-8")
    said = rebuild(built_copy)
    assert "migrating" in said and not any(m.startswith("rebuilding") for m in said)
    assert meta(built_copy.db, "select rebuilds from _meta") == [(0,)]


def test_an_unchanged_rebuild_changes_nothing(built_copy, tmp_path):
    before = dump(built_copy.db)
    said = rebuild(built_copy)
    assert "rebuilding from the previous file: 0 claims file(s) changed, 0 removed" in said
    assert dump(built_copy.db) == before


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


def test_a_rebuild_leaves_the_unchanged_files_claims_in_the_previous_database(
    built_copy, tmp_path, monkeypatch
):
    """Their rows are not read from the cache (at a million claims, reading 15,000 entries was
    most of a rebuild): only the changed file is looked up, and missed."""
    asked: list[str] = []
    real = Cache.get_table

    def spy(self, key, schema, name):
        asked.append(name)
        return real(self, key, schema, name)

    monkeypatch.setattr(Cache, "get_table", spy)
    built_copy.replace(TIP, NOTE_2017, "Edited by a test.")
    said = rebuild(built_copy)
    assert "rebuilding from the previous file: 1 claims file(s) changed, 0 removed" in said
    assert asked == [TIP]
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


def test_a_database_published_during_validation_means_reading_every_file(
    built_copy, tmp_path, monkeypatch
):
    """Validation left the unchanged files' claims in the previous database; under the lock,
    the build finds that database replaced (here: a full build is planned) and validates
    again with every file's rows."""
    built_copy.replace(TIP, NOTE_2017, "Edited by a test.")
    planned = []
    real = incremental.plan

    def plan_then_none(db_path, current):
        planned.append(real(db_path, current))
        return planned[-1] if len(planned) == 1 else None

    monkeypatch.setattr(incremental, "plan", plan_then_none)
    said = rebuild(built_copy)
    assert planned[0] is not None and "migrating" in said  # kept at first, then a full build
    assert_same_as_full_build(built_copy, tmp_path)


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
        assert dump(db) == dump(full)
    sums_after = meta(db, "select country_iso3, count(*) from stg_sum group by 1 order by 1")
    assert sums_after[0] == ("KEM", sums_before[0][1] - 1)
    assert sums_after[1][1] < sums_before[1][1]  # the removed file's sums went with it
