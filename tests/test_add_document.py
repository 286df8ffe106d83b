"""`tiplake add-document`: a sixth document added, curated and built end to end through the
command line, as the README's "Adding a document" walks a curator through it; and every
refusal leaves seeds/ exactly as it was."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

import tiplake.add_document
import tiplake.cli
from tiplake.cli import cli

TEXT = (
    "Trafficking in Persons Report 2024: Examplestan\n"
    "\n"
    "In 2023, the government identified 42 victims and convicted 7 traffickers. "
    "Media reported about 700 calls to a hotline.\n"
)
REPORT = "tip-2024-exa"
METADATA = [
    "--title",
    "Trafficking in Persons Report: Examplestan",
    "--kind",
    "tip_report",
    "--publisher",
    "U.S. Department of State",
    "--published-on",
    "2024-06-24",
    "--period-start-on",
    "2023-04-01",
    "--period-end-on",
    "2024-03-31",
    "--country",
    "AZE",
    "--citation",
    "U.S. Department of State, a synthetic test narrative.",
    "--url",
    "https://www.state.gov/reports/",
    "--license",
    "public-domain-us-gov",
]


@pytest.fixture
def runner(project_copy, monkeypatch):
    """A CLI runner whose project is a private copy; TIPLAKE_DB points into it."""
    monkeypatch.setattr(tiplake.cli, "PROJECT", project_copy.project)
    monkeypatch.setenv("TIPLAKE_DB", str(project_copy.db))
    return CliRunner()


@pytest.fixture
def document(tmp_path) -> Path:
    """The new document, where a curator downloaded it: outside the seeds."""
    path = tmp_path / "incoming" / "examplestan.txt"
    path.parent.mkdir()
    path.write_bytes(TEXT.encode("utf-8"))
    return path


def add(runner, path, report_id=REPORT, metadata=METADATA):
    return runner.invoke(cli, ["add-document", str(path), "--id", report_id, *metadata])


def tree(root: Path) -> str:
    """A digest of every name, kind and content under `root`."""
    h = hashlib.sha256()
    for folder, dirs, names in sorted(os.walk(root)):
        dirs.sort()
        for name in sorted(names + dirs):
            path = Path(folder, name)
            h.update(str(path.relative_to(root)).encode() + b"\0")
            if path.is_symlink():
                h.update(b"link:" + os.readlink(path).encode())
            elif path.is_file():
                h.update(path.read_bytes())
    return h.hexdigest()


@pytest.mark.slow
def test_a_sixth_document_from_add_document_to_the_built_claim(runner, project_copy, document):
    seeds = project_copy.path("seeds")
    result = add(runner, document)
    assert result.exit_code == 0, result.output
    assert f"added {REPORT}" in result.output and "5 claim stub(s) to do" in result.output
    assert (seeds / "documents" / f"{REPORT}.txt").read_bytes() == document.read_bytes()
    sha = hashlib.sha256(document.read_bytes()).hexdigest()
    manifest = (seeds / "documents" / "manifest.yaml").read_text(encoding="utf-8")
    assert f"  - report_id: {REPORT}\n    file: {REPORT}.txt\n    sha256: {sha}\n" in manifest
    assert '    published_on: "2024-06-24"\n' in manifest and "published_year: 2024" in manifest
    claims = seeds / "claims" / f"{REPORT}.yaml"
    stubs = claims.read_text(encoding="utf-8")
    assert "claims: []\n" in stubs and stubs.count("#  - id: TODO") == 5
    # the header explains without writing the line out: a search for it finds the line itself
    assert stubs.count("claims: []") == 1
    assert (seeds / "skips" / f"{REPORT}.yaml").read_text(encoding="utf-8").count("skips: []") == 1
    assert (
        "# TODO line 3: '42'\n#  - id: TODO\n#    indicator_code: TODO\n#    source_id: TODO\n"
        "#    year: TODO\n#    value: 42\n#    quote: |-\n"
        "#      In 2023, the government identified 42 victims and convicted 7 traffickers.\n"
    ) in stubs
    assert (
        "# TODO line 1: '2024'\n" in stubs
        and "#      Trafficking in Persons Report 2024: " in stubs
    )

    # The seeds stay valid and laid out; coverage lists every number as to do.
    assert runner.invoke(cli, ["fmt", "--check"]).exit_code == 0
    validated = runner.invoke(cli, ["validate"])
    assert validated.exit_code == 0 and "6 reports" in validated.output, validated.output
    built = runner.invoke(cli, ["build"])
    assert built.exit_code == 0 and "built " in built.output and "6 report" in built.output
    todo = runner.invoke(cli, ["coverage", REPORT])
    assert todo.exit_code == 1
    assert f"{REPORT}: accounted 0 of 5 (0.0%)" in todo.output
    for number in ("'2023'", "'42'", "'7'", "'700'"):
        assert f"line 3: {number} in" in todo.output
    assert "line 1: '2024' in" in todo.output

    # The curator turns one stub into a claim, as the README says ...
    stub = (
        "# TODO line 3: '42'\n#  - id: TODO\n#    indicator_code: TODO\n#    source_id: TODO\n"
        "#    year: TODO\n#    value: 42\n#    quote: |-\n"
        "#      In 2023, the government identified 42 victims and convicted 7 traffickers.\n"
    )
    claim = (
        "  - id: victims-identified-2023-gov\n    indicator_code: victims_identified\n"
        "    source_id: gov_aze\n    year: 2023\n    value: 42\n    quote: |-\n"
        "      In 2023, the government identified 42 victims\n"
    )
    stubs = stubs.replace("claims: []\n", "claims:\n").replace(stub, claim)
    claims.write_text(stubs, encoding="utf-8")
    # ... and skips the rest: the year is the claim's period, the other two are left out here.
    project_copy.replace(
        f"seeds/skips/{REPORT}.yaml",
        "skips: []\n",
        "skips:\n"
        "  - quote: Trafficking in Persons Report 2024\n"
        "    reason: the edition's year in the title, not a figure\n"
        "  - quote: convicted 7 traffickers\n"
        "    reason: a test skips it to end; a curator would claim it (persons_convicted)\n"
        "  - quote: Media reported about 700 calls to a hotline\n"
        "    reason: a test skips it to end; a curator would claim it (hotline_calls, media)\n",
    )
    laid_out = runner.invoke(cli, ["fmt"])
    assert laid_out.exit_code == 0, laid_out.output
    assert runner.invoke(cli, ["fmt", "--check"]).exit_code == 0
    remaining = runner.invoke(cli, ["coverage", REPORT])
    assert remaining.exit_code == 0, remaining.output
    assert f"{REPORT}: accounted 5 of 5 (100.0%)" in remaining.output
    assert runner.invoke(cli, ["coverage"]).exit_code == 0  # every report, the five before too
    rebuilt = runner.invoke(cli, ["build"])
    assert rebuilt.exit_code == 0, rebuilt.output
    with duckdb.connect(str(project_copy.db), read_only=True) as con:
        row = con.execute(
            "select c.value, c.source_id, c.year_from, r.sha256 from claim c "
            "join report r using (report_id) where c.claim_id = ?",
            [f"{REPORT}:victims-identified-2023-gov"],
        ).fetchone()
    assert row is not None and (int(row[0]), row[1], row[2], row[3]) == (42, "gov_aze", 2023, sha)


def _symlink(document: Path) -> Path:
    link = document.with_name("link.txt")
    link.symlink_to(document)
    return link


def _latin1(document: Path) -> Path:
    document.write_bytes("In 2023, 42 victims in S\u00e3o Tom\u00e9.\n".encode("latin-1"))
    return document


def _empty(document: Path) -> Path:
    document.write_bytes(b" \n")
    return document


@pytest.mark.parametrize(
    "report_id,make,expected",
    [
        pytest.param(
            "tip-2025-aze",
            None,
            "seeds/documents/manifest.yaml already lists report 'tip-2025-aze'",
            id="existing id",
        ),
        pytest.param("TIP_2024", None, "--id 'TIP_2024' is not a report id", id="bad id"),
        pytest.param("../tip-2024-exa", None, "is not a report id", id="id with a path"),
        pytest.param(REPORT, _symlink, "it is a symbolic link", id="symlink"),
        pytest.param(REPORT, _latin1, "is not UTF-8 text (byte 24)", id="not UTF-8"),
        pytest.param(REPORT, lambda d: d.parent, "it is a directory", id="folder"),
        pytest.param(REPORT, lambda d: d.with_name("no.txt"), "No such file", id="missing"),
        pytest.param(REPORT, _empty, "is empty", id="empty"),
    ],
)
def test_a_refused_document_leaves_the_seeds_unchanged(
    runner, project_copy, document, report_id, make, expected
):
    seeds = project_copy.path("seeds")
    before = tree(seeds)
    source = make(document) if make else document
    result = add(runner, source, report_id)
    assert result.exit_code == 1, result.output
    assert expected in result.output and result.output.startswith("Error: ")
    assert result.output.count("\n") == 1 and "Traceback" not in result.output  # one line
    assert tree(seeds) == before


@pytest.mark.parametrize(
    "change,expected",
    [
        (["--license", "unknown"], "[report-license] license unknown needs a license_note"),
        (["--url", "www.state.gov"], "[report-url] url 'www.state.gov' is not an absolute"),
        (["--published-on", "2024-13-01"], "--published-on '2024-13-01' is not a date"),
        (["--period-end-on", "2023-01-01"], "[report-dates] period_start_on 2023-04-01 is after"),
        (["--country", "Azerbaijan"], "country_iso3"),
        (["--title", "A\x1b[31m title"], "[control-character]"),
    ],
    ids=["license", "url", "date", "period", "country", "control character"],
)
def test_metadata_the_manifest_would_refuse_is_refused_first(
    runner, project_copy, document, change, expected
):
    seeds = project_copy.path("seeds")
    before = tree(seeds)
    metadata = list(METADATA)
    for option, value in zip(change[::2], change[1::2], strict=True):
        metadata[metadata.index(option) + 1] = value
    result = add(runner, document, metadata=metadata)
    assert result.exit_code == 1 and expected in result.output, result.output
    assert result.output.count("\n") == 1
    assert tree(seeds) == before


def test_a_published_year_is_required_unless_the_date_gives_it(runner, project_copy, document):
    at = METADATA.index("--published-on")
    without = METADATA[:at] + METADATA[at + 2 :]
    result = add(runner, document, metadata=without)
    assert result.exit_code == 1 and "give --published-year" in result.output
    result = add(runner, document, metadata=[*without, "--published-year", "2024"])
    assert result.exit_code == 0, result.output


def test_a_failed_write_takes_back_the_files_it_created(
    runner, project_copy, document, monkeypatch
):
    seeds = project_copy.path("seeds")
    before = tree(seeds)

    def full_disk(path, data, mode=None):
        raise OSError(28, "No space left on device", str(path))

    monkeypatch.setattr(tiplake.add_document, "write_replacing", full_disk)
    result = add(runner, document)
    assert result.exit_code == 1 and "No space left on device" in result.output, result.output
    assert "nothing was added" in result.output
    assert tree(seeds) == before


def test_a_document_without_numbers_gets_a_claims_file_saying_so(runner, project_copy, document):
    document.write_text("Trafficking in persons: no figures here.\n", encoding="utf-8")
    result = add(runner, document)
    assert result.exit_code == 0 and "0 claim stub(s)" in result.output, result.output
    claims = project_copy.path(f"seeds/claims/{REPORT}.yaml").read_text(encoding="utf-8")
    assert claims.endswith("claims: []\n# The document states no number.\n")
    assert runner.invoke(cli, ["coverage", REPORT]).exit_code == 0


def test_a_leftover_claims_file_is_never_overwritten(runner, project_copy, document):
    leftover = project_copy.path(f"seeds/claims/{REPORT}.yaml")
    leftover.write_text(f"report_id: {REPORT}\nclaims: []\n", encoding="utf-8")
    before = tree(project_copy.path("seeds"))
    result = add(runner, document)
    assert result.exit_code == 1 and f"seeds/claims/{REPORT}.yaml already exists" in result.output
    assert tree(project_copy.path("seeds")) == before
