"""The build is atomic and deterministic."""

from __future__ import annotations

import duckdb

from tiplake.build import build


def dump(path) -> dict[str, list[tuple]]:
    with duckdb.connect(str(path), read_only=True) as con:
        names = [
            r[0]
            for r in con.execute(
                "select table_name from duckdb_tables() where table_name not in ('schema_migrations', '_meta') "
                "union all select view_name from duckdb_views() where not internal order by 1"
            ).fetchall()
        ]
        return {n: con.execute(f'select * from "{n}" order by all').fetchall() for n in names}


def test_two_builds_of_the_same_seeds_have_the_same_content(built_copy, tmp_path):
    other = tmp_path / "again.duckdb"
    build(other, built_copy.project)
    first, second = dump(built_copy.db), dump(other)
    assert first == second
    assert len(first["claim"]) >= 60
    fingerprints = set()
    for path in (built_copy.db, other):  # _meta differs only in built_at
        with duckdb.connect(str(path), read_only=True) as con:
            fingerprints.add(
                con.execute("select seeds_sha256, schema_version from _meta").fetchone()
            )
    assert len(fingerprints) == 1


def test_a_reader_of_the_old_file_keeps_working_through_a_rebuild(built_copy):
    reader = duckdb.connect(str(built_copy.db), read_only=True)
    before = reader.execute("select count(*) from claim_detail").fetchone()
    built_copy.replace(
        "seeds/claims/tip-2025-aze.yaml",
        "  - id: tier-2024-remained\n",
        "  - id: tier-2024-still\n",
    )
    built_copy.build()
    assert reader.execute("select count(*) from claim_detail").fetchone() == before
    reader.close()
    with duckdb.connect(str(built_copy.db), read_only=True) as fresh:
        ids = {r[0] for r in fresh.execute("select claim_id from claim").fetchall()}
    assert "tip-2025-aze:tier-2024-still" in ids and "tip-2025-aze:tier-2024-remained" not in ids


def test_a_failing_data_check_publishes_nothing(built_copy):
    import hashlib

    import pytest

    from tiplake.build import CheckError

    before = hashlib.sha256(built_copy.db.read_bytes()).hexdigest()
    built_copy.path("sql/checks/assert_no_media_claims.sql").write_text(
        "-- No claim is attributed to media (a deliberately failing check).\n"
        "select claim_id from claim where source_id = 'media'\n"
    )
    with pytest.raises(CheckError, match="assert_no_media_claims"):
        built_copy.build()
    assert hashlib.sha256(built_copy.db.read_bytes()).hexdigest() == before
    beside = sorted(p.name for p in built_copy.db.parent.iterdir())
    assert not [n for n in beside if n.endswith(".wal") or ".building" in n], beside
    assert "tiplake.duckdb" in beside


def test_a_row_that_does_not_read_back_in_a_full_build_publishes_nothing(built_copy):
    """A row rule that finds rows (here its query edited to find every media claim) fails a
    full build with every problem listed, naming the claims file, the claim and the rule, and
    the published file is left as it was."""
    import hashlib

    import pytest

    from tiplake.problems import SeedError

    before = hashlib.sha256(built_copy.db.read_bytes()).hexdigest()
    built_copy.path("sql/rules/value-read-back.sql").write_text(
        "select seed_file as file, claim_id as record, 'a test says so' as message\n"
        "from claim where source_id = 'media'\n"
    )
    with pytest.raises(SeedError) as failed:
        built_copy.build(full=True)
    lines = str(failed.value).splitlines()
    assert lines[0] == f"{len(failed.value.problems)} problems in the seeds:"
    assert len(failed.value.problems) > 1
    assert (
        "seeds/claims/tip-2025-aze.yaml: tip-2025-aze:persons-convicted-2024-media: "
        "[value-read-back] a test says so"
    ) in str(failed.value)
    assert hashlib.sha256(built_copy.db.read_bytes()).hexdigest() == before


def test_data_checks_pass_on_the_published_database(con):
    from pathlib import Path

    from tiplake.checks import run_checks
    from tiplake.views import discover

    sql = Path(__file__).resolve().parent.parent / "sql"
    assert run_checks(con, sql / "checks", discover(sql / "views")) == []


def test_checks_are_counted_together_and_a_failing_one_is_shown(con, tmp_path):
    """run_checks counts every check in one query: a failing check reports its full count and
    its first rows; a check ending in a comment line still runs; a broken check raises its own
    error (the checks are then run one by one)."""
    from pathlib import Path

    import duckdb
    import pytest

    from tiplake.checks import SHOWN_ROWS, run_checks
    from tiplake.views import discover

    sql = Path(__file__).resolve().parent.parent / "sql"
    checks = tmp_path / "checks"
    checks.mkdir()
    (checks / "assert_a_few_claims.sql").write_text(
        "-- Deliberately failing: the 2018 report's claims.\n"
        "select claim_id from claim where report_id = 'tip-2018-aze'\n-- a closing comment"
    )
    (checks / "assert_passes.sql").write_text("-- Passes.\nselect 1 where false")
    (n_2018,) = con.execute(
        "select count(*) from claim where report_id = 'tip-2018-aze'"
    ).fetchone()
    failures = run_checks(con, checks, discover(sql / "views"))
    (failure,) = failures
    assert failure.name == "assert_a_few_claims" and n_2018 > SHOWN_ROWS
    assert failure.count == n_2018 and len(failure.rows) == SHOWN_ROWS
    assert failure.columns == ["claim_id"] and failure.rows[0][0].startswith("tip-2018-aze:")

    (checks / "assert_broken.sql").write_text("-- Broken.\nselect * from no_such_table")
    with pytest.raises(duckdb.CatalogException, match="no_such_table"):
        run_checks(con, checks, discover(sql / "views"))


def test_references_the_foreign_keys_enforced_are_audited(built_db, tmp_path):
    """The claim tables have no foreign keys since migration 0013 (an index per key over every
    claim); the audit of checks.REFERENCES lists what one would have refused."""
    import shutil
    from pathlib import Path

    import duckdb

    from tiplake.checks import run_checks
    from tiplake.views import discover

    sql = Path(__file__).resolve().parent.parent / "sql"
    copy = tmp_path / "copy.duckdb"
    shutil.copyfile(built_db, copy)
    with duckdb.connect(str(copy)) as con:
        assert con.execute(
            "select count(*) from duckdb_constraints() where constraint_type = 'FOREIGN KEY' "
            "and table_name in ('claim', 'claim_sum', 'claim_sum_part')"
        ).fetchone() == (0,)
        con.execute(
            "update claim set source_id = 'us_dos_typo', year_to = 2099 "
            "where claim_id = 'tip-2018-aze:victims-identified-2017'"
        )
        con.execute(
            "delete from claim_sum where sum_id = 'tip-2018-aze:cases-investigated-2017-by-form'"
        )
        failures = run_checks(con, sql / "checks", discover(sql / "views"))
    (failure,) = [f for f in failures if f.name == "assert_references_resolve"]
    assert failure.count == 4
    found = {(r[0], r[1], r[2]) for r in failure.rows}
    assert ("tip-2018-aze:victims-identified-2017", "claim.source_id", "us_dos_typo") in found
    assert ("tip-2018-aze:victims-identified-2017", "claim.year_to", "2099") in found
    assert {r[1] for r in failure.rows} >= {"claim_sum_part.sum_id"}


def test_a_built_file_never_hides_a_new_problem(built_copy):
    import pytest

    from tiplake.problems import SeedError

    built_copy.replace(
        "seeds/vocab/sources.yaml", "  - source_id: media\n", "  - source_id: press\n"
    )
    with pytest.raises(SeedError, match="unknown-source"):
        built_copy.build()  # a vocabulary change: every file is checked again


def test_worker_processes_give_the_same_claims_and_problems_as_one(project_copy, tmp_path):
    """`jobs` > 1 (what `tiplake build` asks for) checks the claims files in forked workers:
    the same rows, the same problems in the same order. Run in a fresh interpreter, as
    `tiplake build` is (this test process holds DuckDB connections, whose threads a fork
    would not copy), with the size threshold lowered so the five real files use the pool."""
    import json
    import subprocess
    import sys

    project_copy.replace(
        "seeds/claims/tip-2018-aze.yaml", "    value: 71\n", "    value: 72\n"
    )  # value-not-in-quote
    project_copy.replace(
        "seeds/claims/gov-aze-2021.yaml",
        "  - id: legal-acts-amended-2021-gov\n",
        "  - id: legal-acts-amended-2021-gov\n    colour: blue\n",
    )  # an unknown field
    script = """
import json, sys
from pathlib import Path
import tiplake.validate as v
from tiplake.seeds import read_seeds
seeds = read_seeds(Path(sys.argv[1]))
v.POOL_MIN_BYTES = 0
out = {}
for jobs in (1, 2):
    result = v.validate(seeds, jobs=jobs)
    data, problems = result.data, result.problems
    out[jobs] = {"problems": [str(p) for p in problems],
                 "claims": [repr(c) for c in data.claims]}
print(json.dumps(out))
"""
    done = subprocess.run(
        [sys.executable, "-c", script, str(project_copy.path("seeds"))],
        capture_output=True,
        text=True,
        check=True,
    )
    out = json.loads(done.stdout)
    assert out["1"] == out["2"]
    problems = out["2"]["problems"]
    assert any("value-not-in-quote" in p and "victims-identified-2017" in p for p in problems)
    assert any("colour" in p and "gov-aze-2021" in p for p in problems)
    assert len(out["2"]["claims"]) > 300


def test_nothing_left_under_build_is_read_as_seeds(built_copy):
    """What earlier versions cached under build/.cache (validated claims as Arrow files,
    parsed vocabularies as JSON), planted there with forged content, changes nothing: a
    build parses and checks every seed file it reads (issue 32)."""
    import pyarrow as pa

    cache = built_copy.db.parent / ".cache"
    before = dump(built_copy.db)
    forged = pa.table({"claim_id": ["tip-2018-aze:victims-identified-2017"], "value": [9100]})
    for folder, name, content in (
        ("claims/ab", "ab" + "0" * 62 + ".arrow", _ipc(forged)),
        ("claims/ab", "ab" + "0" * 62 + ".arrow.sha256", b"0" * 64),
        ("parsed/cd", "cd" + "0" * 62 + ".json", b'{"records": [], "problems": []}'),
    ):
        (cache / folder).mkdir(parents=True, exist_ok=True)
        (cache / folder / name).write_bytes(content)
    built_copy.build(full=True)
    assert dump(built_copy.db) == before
    built_copy.replace(
        "seeds/vocab/sources.yaml", "source_id: us_dos\n", "source_id: us_dos\n    nonsense: 1\n"
    )
    from tiplake.seeds import read_seeds

    problems = read_seeds(built_copy.project.seeds).problems
    assert [(p.file, p.rule) for p in problems] == [("seeds/vocab/sources.yaml", "unknown-field")]


def _ipc(table) -> bytes:
    import pyarrow as pa

    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    return sink.getvalue().to_pybytes()
