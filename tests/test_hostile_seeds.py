"""Hostile seeds: every broken file, quote and reference is refused with an error that names
file, record and rule, through the Python API and the command line (exit 1, no traceback),
and the previous database is left byte for byte as it was.

The cases here are the ones tests/test_validation.py does not already hold (one test per
rule there). Each test breaks a shared, already built project copy; the `broken` fixture
restores its seeds afterwards, so the module builds the database once.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import random
import re
import shutil
import traceback
from collections.abc import Callable

import pytest
from click.testing import CliRunner
from conftest import ProjectCopy
from test_validation import CLAIMS, MANIFEST, assert_fails, claim, digest

import tiplake.cli
import tiplake.fastyaml
import tiplake.seeds
from tiplake.cli import cli
from tiplake.seeds import MAX_SEED_BYTES

GOV = "seeds/claims/gov-aze-2021.yaml"
CABLE = "seeds/claims/cable-09baku141.yaml"
INDICATORS = "seeds/vocab/indicators.yaml"
SOURCES = "seeds/vocab/sources.yaml"
UNITS = "seeds/vocab/units.yaml"
POLICIES = "seeds/vocab/policies.yaml"
RELATIONS = "seeds/vocab/indicator_relations.yaml"
DOC = "seeds/documents/tip-2025-aze.txt"
MB50 = 50 * 1024 * 1024


@pytest.fixture(scope="module")
def shared(tmp_path_factory) -> ProjectCopy:
    copy = ProjectCopy(tmp_path_factory.mktemp("hostile"))
    copy.build()
    shutil.copytree(copy.path("seeds"), copy.path("seeds.orig"), symlinks=True)
    return copy


@pytest.fixture
def broken(shared, monkeypatch) -> ProjectCopy:
    """The module's built copy, to break; the CLI's project points at it. Seeds restored after."""
    monkeypatch.setattr(tiplake.cli, "PROJECT", shared.project)
    yield shared
    shutil.rmtree(shared.path("seeds"))
    shutil.copytree(shared.path("seeds.orig"), shared.path("seeds"), symlinks=True)


def refused(copy: ProjectCopy, *expected: tuple[str, str, str]) -> None:
    """The build is refused with a problem (file, record, rule) per `expected`, from Python and
    from `tiplake build`: exit code 1, no traceback, each named, the old database unchanged."""
    assert_fails(copy, *expected)
    before = digest(copy.db)
    result = CliRunner().invoke(cli, ["build", "--db", str(copy.db)])
    if not isinstance(result.exception, SystemExit):
        raise AssertionError(
            "tiplake build crashed instead of refusing:\n"
            + "".join(traceback.format_exception(result.exception))
        )
    assert result.exit_code == 1, result.output
    listed = set(re.findall(r"^  (\S+?)(?::\d+)?: (.+?): \[([a-z0-9-]+)\] ", result.output, re.M))
    for item in expected:
        assert item in listed, f"{item} not in {sorted(listed)}"
    assert "Nothing was written" in result.output and "is unchanged" in result.output
    assert digest(copy.db) == before
    assert not [p for p in copy.db.parent.iterdir() if ".building" in p.name]


# --- ways to break a file ---------------------------------------------------------------------

Mutation = Callable[[ProjectCopy], None]


def sub(rel: str, old: str, new: str, count: int = 1) -> Mutation:
    return lambda copy: copy.replace(rel, old, new, count)


def write(rel: str, data: bytes) -> Mutation:
    return lambda copy: copy.path(rel).write_bytes(data)


def truncate(rel: str, marker: str, offset: int) -> Mutation:
    """Cut the file `offset` bytes after the start of `marker` (as an interrupted copy would)."""

    def cut(copy: ProjectCopy) -> None:
        raw = copy.path(rel).read_bytes()
        at = raw.index(marker.encode("utf-8"))
        copy.path(rel).write_bytes(raw[: at + offset])

    return cut


def bytes_edit(rel: str, edit: Callable[[bytes], bytes]) -> Mutation:
    def apply(copy: ProjectCopy) -> None:
        copy.path(rel).write_bytes(edit(copy.path(rel).read_bytes()))

    return apply


def replace_document(report_id: str, edit: Callable[[bytes], bytes]) -> Mutation:
    """Change a document AND its manifest checksum, as a deliberate replacement would."""

    def apply(copy: ProjectCopy) -> None:
        doc = copy.path(f"seeds/documents/{report_id}.txt")
        old = hashlib.sha256(doc.read_bytes()).hexdigest()
        doc.write_bytes(edit(doc.read_bytes()))
        copy.replace(MANIFEST, old, hashlib.sha256(doc.read_bytes()).hexdigest())

    return apply


def both(*mutations: Mutation) -> Mutation:
    def apply(copy: ProjectCopy) -> None:
        for m in mutations:
            m(copy)

    return apply


def case(case_id: str, mutate: Mutation, *expected: tuple[str, str, str], bug: str = ""):
    marks = [pytest.mark.xfail(strict=True, reason=f"BUG: {bug}")] if bug else []
    return pytest.param(mutate, expected, id=case_id, marks=marks)


def garbage(n: int, seed: int) -> bytes:
    return random.Random(seed).randbytes(n)


FIRST = "  - id: tier-2025\n"  # the first claim of tip-2025-aze.yaml
MEDIA_QUOTE = "media reported the government identified 91 victims"
PROSECUTED_2024 = "    year: 2024\n    value: 14\n"
ALLOWANCE_AZN = (
    "    value: 700\n    unit: AZN\n    value_text: resettlement allowance of 700 manat\n"
)


def media_quote(old: str, new: str) -> Mutation:
    """The quote of tip-2025-aze:victims-identified-2024-media with `old` replaced by `new`."""
    return sub(CLAIMS, f"quote: {MEDIA_QUOTE}\n", f"quote: {MEDIA_QUOTE.replace(old, new)}\n")


# --- malformed files ----------------------------------------------------------------------------

MALFORMED = [
    # truncated, as by an interrupted copy or a full disk
    case(
        "truncated-inside-a-quoted-scalar",
        truncate(GOV, '"\\"Them\\" are the non-governmental', 20),
        (GOV, "-", "yaml-syntax"),
    ),
    case(
        "truncated-inside-a-key",
        truncate(CLAIMS, FIRST + "    indicator_code", len(FIRST) + 10),
        (CLAIMS, "-", "yaml-syntax"),
    ),
    case(
        "truncated-inside-a-claim",
        truncate(CLAIMS, FIRST, len(FIRST) + len("    indicator_code: tier_pla")),
        (CLAIMS, claim("tier-2025"), "missing-field"),
    ),
    case(
        "truncated-after-claims-key",
        truncate(CLAIMS, "claims:\n", len("claims:\n")),
        (CLAIMS, "-", "wrong-type"),
    ),
    case(
        "truncated-inside-a-multibyte-character",
        truncate(CLAIMS, "years’ imprisonment", len("years") + 1),
        (CLAIMS, "-", "not-utf8"),
    ),
    case(
        "truncated-manifest-inside-a-checksum",
        truncate(MANIFEST, "sha256: afdb", len("sha256: afdb")),
        (MANIFEST, "cable-09baku141", "wrong-type"),
    ),
    case(
        "truncated-to-its-header-comment",
        truncate(CLAIMS, "report_id: tip-2025-aze", 0),
        (CLAIMS, "-", "empty-file"),
    ),
    # tabs
    case(
        "tab-indented-manifest-entry",
        sub(MANIFEST, "    file: tip-2025-aze.txt\n", "\tfile: tip-2025-aze.txt\n"),
        (MANIFEST, "-", "yaml-syntax"),
    ),
    case(
        "tab-indented-vocabulary",
        sub(UNITS, "  - unit: persons\n    kind: count\n", "  - unit: persons\n\tkind: count\n"),
        (UNITS, "-", "yaml-syntax"),
    ),
    case(
        "every-line-tab-indented",
        bytes_edit(CLAIMS, lambda b: b.replace(b"    ", b"\t")),
        (CLAIMS, "-", "yaml-syntax"),
    ),
    # duplicate keys
    case(
        "duplicate-report-id-key",
        sub(
            CLAIMS,
            "report_id: tip-2025-aze\n",
            "report_id: tip-2025-aze\nreport_id: tip-2018-aze\n",
        ),
        (CLAIMS, "-", "duplicate-key"),
    ),
    case(
        "duplicate-claims-key",
        bytes_edit(CLAIMS, lambda b: b + b"claims:\n  - id: extra\n"),
        (CLAIMS, "-", "duplicate-key"),
    ),
    case(
        "duplicate-key-in-the-manifest",
        sub(
            MANIFEST,
            "    file: tip-2025-aze.txt\n",
            "    file: tip-2025-aze.txt\n    file: x.txt\n",
        ),
        (MANIFEST, "-", "duplicate-key"),
    ),
    case(
        "duplicate-key-in-a-vocabulary",
        sub(SOURCES, "  - source_id: media\n", "  - source_id: media\n    source_id: press\n"),
        (SOURCES, "-", "duplicate-key"),
    ),
    # wrong types
    case(
        "value-as-string",
        sub(CLAIMS, PROSECUTED_2024, "    year: 2024\n    value: '14'\n"),
        (CLAIMS, claim("persons-prosecuted-2024-media"), "wrong-type"),
    ),
    case(
        "value-as-list",
        sub(CLAIMS, PROSECUTED_2024, "    year: 2024\n    value: [14]\n"),
        (CLAIMS, claim("persons-prosecuted-2024-media"), "wrong-type"),
    ),
    case(
        "value-as-boolean",
        sub(CLAIMS, PROSECUTED_2024, "    year: 2024\n    value: true\n"),
        (CLAIMS, claim("persons-prosecuted-2024-media"), "wrong-type"),
    ),
    case(
        "value-as-binary",
        sub(CLAIMS, PROSECUTED_2024, "    year: 2024\n    value: !!binary MTQ=\n"),
        (CLAIMS, claim("persons-prosecuted-2024-media"), "wrong-type"),
    ),
    case(
        "python-object-tag",
        sub(
            CLAIMS,
            PROSECUTED_2024,
            "    year: 2024\n    value: !!python/object/apply:os.getpid []\n",
        ),
        (CLAIMS, "-", "yaml-syntax"),
    ),
    case(
        "year-as-float",
        sub(CLAIMS, PROSECUTED_2024, "    year: 2024.0\n    value: 14\n"),
        (CLAIMS, claim("persons-prosecuted-2024-media"), "wrong-type"),
    ),
    case(
        "year-as-date",
        sub(CLAIMS, PROSECUTED_2024, "    year: 2024-12-31\n    value: 14\n"),
        (CLAIMS, claim("persons-prosecuted-2024-media"), "wrong-type"),
    ),
    case(
        "occurrence-zero",
        sub(CLAIMS, f"quote: {MEDIA_QUOTE}\n", f"quote: {MEDIA_QUOTE}\n    occurrence: 0\n"),
        (CLAIMS, claim("victims-identified-2024-media"), "wrong-type"),
    ),
    case(
        "unknown-qualifier",
        sub(
            CLAIMS,
            "    value_high: 12\n    qualifier: range\n",
            "    value_high: 12\n    qualifier: roughly\n",
        ),
        (CLAIMS, claim("penalty-child"), "wrong-type"),
    ),
    case(
        "lower-case-country",
        sub(CLAIMS, PROSECUTED_2024, "    year: 2024\n    value: 14\n    country_iso3: aze\n"),
        (CLAIMS, claim("persons-prosecuted-2024-media"), "wrong-type"),
    ),
    case(
        "quote-as-number",
        sub(CLAIMS, "    quote: AZERBAIJAN (Tier 2)\n", "    quote: 2\n"),
        (CLAIMS, claim("tier-2025"), "wrong-type"),
    ),
    case(
        "claim-as-a-string",
        sub(CLAIMS, FIRST, "  - just a line of text\n" + FIRST),
        (CLAIMS, "-", "wrong-type"),
    ),
    case(
        "claims-as-a-mapping",
        write(CLAIMS, b"report_id: tip-2025-aze\nclaims:\n  tier-2025: 2\n"),
        (CLAIMS, "-", "wrong-type"),
    ),
    case(
        "top-level-list", write(CLAIMS, b"- tip-2025-aze\n- claims\n"), (CLAIMS, "-", "wrong-type")
    ),
    case(
        "published-year-as-string",
        sub(MANIFEST, "published_year: 2025", "published_year: '2025'"),
        (MANIFEST, "tip-2025-aze", "wrong-type"),
    ),
    case(
        "upper-case-checksum",
        bytes_edit(MANIFEST, lambda b: b.replace(b"sha256: afdb", b"sha256: AFDB")),
        (MANIFEST, "cable-09baku141", "wrong-type"),
    ),
    case(
        "unknown-unit-kind",
        sub(UNITS, "  - unit: persons\n    kind: count\n", "  - unit: persons\n    kind: people\n"),
        (UNITS, "persons", "wrong-type"),
    ),
    # unknown fields
    case(
        "unknown-top-level-field",
        sub(CLAIMS, "report_id: tip-2025-aze\n", "report_id: tip-2025-aze\nreviewer: me\n"),
        (CLAIMS, "-", "unknown-field"),
    ),
    case(
        "unknown-field-in-the-manifest",
        sub(
            MANIFEST,
            "    file: tip-2025-aze.txt\n",
            "    file: tip-2025-aze.txt\n    homepage: x\n",
        ),
        (MANIFEST, "tip-2025-aze", "unknown-field"),
    ),
    case(
        "unknown-field-in-a-vocabulary",
        sub(SOURCES, "  - source_id: media\n", "  - source_id: media\n    url: x\n"),
        (SOURCES, "media", "unknown-field"),
    ),
    case(
        "field-name-in-the-wrong-case",
        sub(CLAIMS, PROSECUTED_2024, "    year: 2024\n    Value: 14\n"),
        (CLAIMS, claim("persons-prosecuted-2024-media"), "unknown-field"),
    ),
    case(
        "field-named-like-the-loaders-line-marker",
        sub(CLAIMS, FIRST, FIRST + "    __line__: 3\n"),
        (CLAIMS, claim("tier-2025"), "unknown-field"),
    ),
    # empty files
    case("whitespace-only", write(CLAIMS, b"  \n\n\t\n"), (CLAIMS, "-", "empty-file")),
    case(
        "comments-only",
        write(CLAIMS, b"# claims to come\n"),
        (CLAIMS, "-", "empty-file"),
    ),
    case(
        "document-marker-only",
        write(CLAIMS, b"---\n"),
        (CLAIMS, "-", "empty-file"),
    ),
    case(
        "explicit-null",
        write(CLAIMS, b"~\n"),
        (CLAIMS, "-", "empty-file"),
    ),
    case("empty-manifest", write(MANIFEST, b""), (MANIFEST, "-", "empty-file")),
    case("empty-vocabulary", write(UNITS, b""), (UNITS, "-", "empty-file")),
    case(
        "empty-new-claims-file",
        write("seeds/claims/tip-2026-aze.yaml", b""),
        ("seeds/claims/tip-2026-aze.yaml", "-", "empty-file"),
    ),
    # binary garbage
    case("random-bytes", write(CLAIMS, garbage(4096, 1)), (CLAIMS, "-", "not-utf8")),
    case(
        "png-image",
        write(CLAIMS, b"\x89PNG\r\n\x1a\n" + garbage(512, 2)),
        (CLAIMS, "-", "not-utf8"),
    ),
    case(
        "gzipped-claims-file",
        bytes_edit(CLAIMS, lambda b: gzip.compress(b, mtime=0)),
        (CLAIMS, "-", "not-utf8"),
    ),
    case("random-bytes-manifest", write(MANIFEST, garbage(4096, 3)), (MANIFEST, "-", "not-utf8")),
    case(
        "terminal-control-characters",
        sub(CLAIMS, PROSECUTED_2024, "    year: 2024\n    value: 14\x1b[2J\x07\n"),
        (CLAIMS, "-", "yaml-syntax"),
    ),
    case(
        "nested-ten-thousand-deep",
        write(CLAIMS, b"report_id: tip-2025-aze\nclaims: " + b"[" * 10000 + b"]" * 10000 + b"\n"),
        (CLAIMS, "-", "yaml-syntax"),
    ),
    case(
        "list-as-a-mapping-key",
        sub(CLAIMS, FIRST, FIRST + "    ? [value, year]\n    : 2\n"),
        (CLAIMS, "-", "yaml-syntax"),
    ),
    # non-UTF-8 bytes
    case(
        "latin-1-byte-inside-a-quote",
        bytes_edit(
            CLAIMS, lambda b: b.replace(b"identified 91 victims\n", b"identifi\xe9 91 victims\n")
        ),
        (CLAIMS, "-", "not-utf8"),
    ),
    case(
        "utf-16-file",
        bytes_edit(CLAIMS, lambda b: b.decode("utf-8").encode("utf-16")),
        (CLAIMS, "-", "not-utf8"),
    ),
    case(
        "encoded-surrogate",
        bytes_edit(CLAIMS, lambda b: b.replace(b"(Tier 2)\n", b"(Tier 2)\xed\xa0\x80\n", 1)),
        (CLAIMS, "-", "not-utf8"),
    ),
    case(
        "overlong-encoding",
        bytes_edit(SOURCES, lambda b: b.replace(b"media\n", b"media\xc0\xaf\n", 1)),
        (SOURCES, "-", "not-utf8"),
    ),
    case(
        "document-not-utf8-with-its-checksum-updated",
        replace_document("tip-2025-aze", lambda b: b + b"\n\xff\xfe"),
        (MANIFEST, "tip-2025-aze", "document-encoding"),
    ),
]


def _unreadable_claims_file(kind: str) -> Mutation:
    def apply(copy: ProjectCopy) -> None:
        path = copy.path(CLAIMS)
        path.unlink()
        if kind == "directory":
            path.mkdir()
        else:
            path.symlink_to(copy.path("seeds/claims/nowhere.yaml"))

    return apply


MALFORMED += [
    case(
        "claims-path-is-a-directory",
        _unreadable_claims_file("directory"),
        (CLAIMS, "-", "file-unreadable"),
    ),
    case(
        "claims-file-is-a-dangling-symlink",
        _unreadable_claims_file("dangling"),
        (CLAIMS, "-", "file-unreadable"),
    ),
]


@pytest.mark.parametrize("mutate,expected", MALFORMED)
def test_a_malformed_seed_file_is_refused(broken, mutate, expected):
    mutate(broken)
    refused(broken, *expected)


@pytest.mark.parametrize(
    "rel,expected",
    [
        pytest.param(CLAIMS, (CLAIMS, "-", "file-too-large"), id="claims-file"),
        pytest.param(MANIFEST, (MANIFEST, "-", "file-too-large"), id="manifest"),
        pytest.param(INDICATORS, (INDICATORS, "-", "file-too-large"), id="vocabulary"),
        pytest.param(DOC, (MANIFEST, "tip-2025-aze", "document-checksum"), id="document"),
    ],
)
def test_a_50_mb_file_is_refused_before_parsing(broken, rel, expected, monkeypatch):
    path = broken.path(rel)
    text = path.read_bytes()
    with path.open("wb") as f:
        for _ in range(MB50 // len(text) + 1):
            f.write(text)
    assert path.stat().st_size > MB50
    parsed = []  # the size of every text handed to a YAML parser: the strict one, the fast one
    real_load = tiplake.seeds.yaml.load
    monkeypatch.setattr(
        tiplake.seeds.yaml,
        "load",
        lambda stream, Loader: parsed.append(len(stream)) or real_load(stream, Loader=Loader),
    )
    real_fast = tiplake.fastyaml.read_canonical
    monkeypatch.setattr(
        tiplake.fastyaml, "read_canonical", lambda text: parsed.append(len(text)) or real_fast(text)
    )
    refused(broken, expected)
    assert parsed and max(parsed) <= MAX_SEED_BYTES  # the big file never reached the parser


# --- quotes -------------------------------------------------------------------------------------

QUOTES = [
    case(
        "quote-from-another-report",
        sub(
            CLAIMS,
            f"quote: {MEDIA_QUOTE}\n",
            "quote: prescribed penalties of five to 10 years imprisonment\n",
        ),
        (CLAIMS, claim("victims-identified-2024-media"), "quote-not-found"),
    ),
    case(
        "quote-from-another-report-of-the-same-publisher",
        sub(CLAIMS, "    quote: AZERBAIJAN (Tier 2)\n", "    quote: 'AZERBAIJAN: Tier 2'\n"),
        (CLAIMS, claim("tier-2025"), "quote-not-found"),
    ),
    case(
        "curly-apostrophe-where-the-document-has-a-straight-one",
        sub(
            CABLE,
            "being is punishable by five to ten years' imprisonment\n",
            "being is punishable by five to ten years’ imprisonment\n",
        ),
        (CABLE, "cable-09baku141:penalty-one-victim", "quote-not-found"),
    ),
    case(
        "cyrillic-a",
        media_quote("media", "mediа"),
        (CLAIMS, claim("victims-identified-2024-media"), "quote-not-found"),
    ),
    case(
        "cyrillic-o",
        media_quote("government", "gоvernment"),
        (CLAIMS, claim("victims-identified-2024-media"), "quote-not-found"),
    ),
    case(
        "greek-capital-alpha",
        sub(CLAIMS, "    quote: AZERBAIJAN (Tier 2)\n", "    quote: AZERBAIJΑN (Tier 2)\n"),
        (CLAIMS, claim("tier-2025"), "quote-not-found"),
    ),
    case(
        "zero-width-space",
        media_quote("identified", "identi\u200bfied"),
        (CLAIMS, claim("victims-identified-2024-media"), "quote-not-found"),
    ),
    case(
        "soft-hyphen",
        media_quote("government", "govern\u00adment"),
        (CLAIMS, claim("victims-identified-2024-media"), "quote-not-found"),
    ),
    case(
        "thin-space",
        media_quote("media reported", "media\u2009reported"),
        (CLAIMS, claim("victims-identified-2024-media"), "quote-not-found"),
    ),
    case(
        "en-dash-for-a-hyphen",
        sub(
            CLAIMS,
            "quote: 116,161 manat ($68,330) for the MIA-run shelter in 2023\n",
            "quote: 116,161 manat ($68,330) for the MIA–run shelter in 2023\n",
            count=2,
        ),
        (CLAIMS, claim("shelter-funding-2023-azn"), "quote-not-found"),
        (CLAIMS, claim("shelter-funding-2023-usd"), "quote-not-found"),
    ),
    case(
        "fullwidth-digits",
        media_quote("91", "９１"),
        (CLAIMS, claim("victims-identified-2024-media"), "quote-not-found"),
    ),
    case(
        "ligature",
        media_quote("identified", "identiﬁed"),
        (CLAIMS, claim("victims-identified-2024-media"), "quote-not-found"),
    ),
    case(
        "decomposed-u-umlaut",
        sub(
            CLAIMS,
            "quote: The government did not report law enforcement statistics for 2024.\n",
            "quote: within the country and in Qatar, Russia, Tu\u0308rkiye, and the United Arab\n",
            count=3,
        ),
        (CLAIMS, claim("cases-investigated-2024-gov-not-reported"), "quote-not-found"),
    ),
    case(
        "different-case",
        media_quote("media", "Media"),
        (CLAIMS, claim("victims-identified-2024-media"), "quote-not-found"),
    ),
    # twice in the document
    case(
        "twice-in-the-document-without-occurrence",
        sub(
            CLAIMS,
            "quote: This compared with reporting officially identifying 91 victims in 2023",
            "quote: 91 victims",
        ),
        (CLAIMS, claim("victims-identified-2023-gov"), "quote-ambiguous"),
    ),
    case(
        "occurrence-beyond-the-last",
        sub(
            CLAIMS,
            "quote: This compared with reporting officially identifying 91 victims in 2023",
            "quote: 91 victims\n    occurrence: 3",
        ),
        (CLAIMS, claim("victims-identified-2023-gov"), "occurrence-out-of-range"),
    ),
    # a value the quote does not state
    case(
        "value-with-an-extra-digit",
        sub(CLAIMS, PROSECUTED_2024, "    year: 2024\n    value: 140\n"),
        (CLAIMS, claim("persons-prosecuted-2024-media"), "value-not-in-quote"),
    ),
    case(
        "value-that-is-a-digit-of-a-stated-number",
        sub(CLAIMS, "    year: 2024\n    value: 11\n", "    year: 2024\n    value: 1\n"),
        (CLAIMS, claim("persons-convicted-2024-media"), "value-not-in-quote"),
    ),
    case(
        "range-end-not-stated",
        sub(
            CLAIMS,
            "    value_low: 8\n    value_high: 12\n",
            "    value_low: 8\n    value_high: 13\n",
        ),
        (CLAIMS, claim("penalty-child"), "value-not-in-quote"),
    ),
    case(
        "number-word-read-wrong",
        sub(
            CLAIMS,
            "    value_low: 5\n    value_high: 10\n",
            "    value_low: 6\n    value_high: 10\n",
        ),
        (CLAIMS, claim("penalty-adult"), "value-not-in-quote"),
    ),
    # a value in the wrong unit
    case(
        "manat-claim-read-from-dollars",
        sub(CLAIMS, ALLOWANCE_AZN, "    value: 410\n    unit: AZN\n"),
        (CLAIMS, claim("resettlement-allowance-azn"), "unit-mismatch"),
    ),
    case(
        "count-read-from-dollars",
        sub(
            CLAIMS,
            "    unit: USD\n    value_text: $410\n",
            "    unit: persons\n    value_text: $410\n",
        ),
        (CLAIMS, claim("resettlement-allowance-usd"), "unit-mismatch"),
    ),
    case(
        "count-read-from-a-percentage",
        sub(GOV, "    value: 51\n    value_text: (51) crimes’\n", "    value: 2.7\n"),
        (GOV, "gov-aze-2021:forced-labour-crimes-2005-2021-gov", "unit-mismatch"),
    ),
    case(
        "percentage-read-from-a-count",
        sub(
            GOV,
            "    value: 2.7\n    unit: percent\n    value_text: only 2.7%\n",
            "    value: 51\n    unit: percent\n",
        ),
        (GOV, "gov-aze-2021:forced-labour-share-2005-2021-gov", "unit-mismatch"),
    ),
]


@pytest.mark.parametrize("mutate,expected", QUOTES)
def test_a_quote_that_is_not_verbatim_or_does_not_state_the_value_is_refused(
    broken, mutate, expected
):
    mutate(broken)
    refused(broken, *expected)


# --- references -------------------------------------------------------------------------------


def _document_file(value: str, setup: Callable[[ProjectCopy], None] | None = None) -> Mutation:
    def apply(copy: ProjectCopy) -> None:
        if setup:
            setup(copy)
        copy.replace(MANIFEST, "file: tip-2025-aze.txt", f"file: {value}")

    return apply


def _symlink(name: str, target: Callable[[ProjectCopy], str]) -> Callable[[ProjectCopy], None]:
    return lambda copy: os.symlink(target(copy), copy.path(f"seeds/documents/{name}"))


def _swap_checksums(copy: ProjectCopy) -> None:
    a = hashlib.sha256(copy.path(DOC).read_bytes()).hexdigest()
    b = hashlib.sha256(copy.path("seeds/documents/tip-2018-aze.txt").read_bytes()).hexdigest()
    copy.replace(MANIFEST, a, "@")
    copy.replace(MANIFEST, b, a)
    copy.replace(MANIFEST, "@", b)


def _flip_one_byte(raw: bytes) -> bytes:
    middle = len(raw) // 2
    return raw[:middle] + bytes([raw[middle] ^ 0x01]) + raw[middle + 1 :]


REFERENCES = [
    case(
        "absolute-document-path",
        _document_file("/etc/hostname"),
        (MANIFEST, "tip-2025-aze", "document-path"),
    ),
    case(
        "document-path-to-a-device",
        _document_file("/dev/zero"),
        (MANIFEST, "tip-2025-aze", "document-path"),
    ),
    case(
        "document-path-to-home",
        _document_file("~/.bashrc"),
        (MANIFEST, "tip-2025-aze", "document-missing"),
    ),
    case(
        "document-path-escaping-into-the-claims",
        _document_file("sub/../../claims/tip-2025-aze.yaml"),
        (MANIFEST, "tip-2025-aze", "document-path"),
    ),
    case(
        "document-path-is-the-documents-folder",
        _document_file("."),
        (MANIFEST, "tip-2025-aze", "document-path"),
    ),
    case(
        "symlink-out-of-seeds",
        _document_file("evil.txt", _symlink("evil.txt", lambda c: "/etc/hostname")),
        (MANIFEST, "tip-2025-aze", "document-path"),
    ),
    case(
        "symlink-to-a-document-inside-seeds",
        _document_file("alias.txt", _symlink("alias.txt", lambda c: str(c.path(DOC)))),
        (MANIFEST, "tip-2025-aze", "document-path"),
    ),
    case(
        "symlinked-folder-out-of-seeds",
        _document_file("etc/hostname", _symlink("etc", lambda c: "/etc")),
        (MANIFEST, "tip-2025-aze", "document-path"),
    ),
    case(
        "one-byte-of-the-document-changed",
        bytes_edit(DOC, _flip_one_byte),
        (MANIFEST, "tip-2025-aze", "document-checksum"),
    ),
    case(
        "document-with-windows-line-endings",
        bytes_edit(DOC, lambda b: b.replace(b"\n", b"\r\n")),
        (MANIFEST, "tip-2025-aze", "document-checksum"),
    ),
    case(
        "document-emptied",
        write(DOC, b""),
        (MANIFEST, "tip-2025-aze", "document-checksum"),
    ),
    case(
        "two-documents-checksums-swapped",
        _swap_checksums,
        (MANIFEST, "tip-2025-aze", "document-checksum"),
        (MANIFEST, "tip-2018-aze", "document-checksum"),
    ),
    case(
        "report-removed-from-the-manifest",
        sub(MANIFEST, "  - report_id: tip-2025-aze\n", "  - report_id: tip-2025-aze-draft\n"),
        (CLAIMS, "-", "unknown-report"),
    ),
    case(
        "part-of-a-claim-in-another-report",
        sub(
            CLAIMS,
            "    parts: [victims-identified-2024-media-labour, victims-identified-2024-media-sexual]",
            "    parts: [victims-identified-2017, victims-identified-2024-media-sexual]",
        ),
        (CLAIMS, claim("victims-identified-2024-media-by-form"), "unknown-link"),
    ),
    case(
        "unknown-indicator-in-a-relation",
        sub(
            RELATIONS,
            "  - indicator_code: persons_charged\n",
            "  - indicator_code: persons_accused\n",
        ),
        (RELATIONS, "persons_accused ~ persons_prosecuted", "unknown-indicator"),
    ),
    case(
        "indicator-in-an-unknown-unit",
        sub(
            INDICATORS,
            "One-time resettlement allowance per victim\n    unit: AZN\n",
            "One-time resettlement allowance per victim\n    unit: manat\n",
        ),
        (INDICATORS, "resettlement_allowance_amount", "unknown-unit"),
    ),
    case(
        "unknown-source-kind-in-a-policy",
        sub(POLICIES, "source_kind_order: []", "source_kind_order: [press]", count=2),
        (POLICIES, "originator_first", "wrong-type"),
    ),
]


@pytest.mark.parametrize("mutate,expected", REFERENCES)
def test_a_broken_reference_is_refused(broken, mutate, expected):
    mutate(broken)
    refused(broken, *expected)


# --- values the database cannot hold (its CHECK constraints, DECIMAL(20,4)) ------------------------------------------------------------

RANGE = [
    case(
        "year-before-the-year-table",
        sub(CLAIMS, PROSECUTED_2024, "    year: 1989\n    value: 14\n"),
        (CLAIMS, claim("persons-prosecuted-2024-media"), "year-out-of-range"),
    ),
    case(
        "publication-year-after-the-year-table",
        sub(MANIFEST, "published_year: 2025", "published_year: 2150"),
        (MANIFEST, "tip-2025-aze", "year-out-of-range"),
    ),
    case(
        "value-with-more-than-four-decimals",
        both(
            replace_document("tip-2025-aze", lambda b: b + b"\nThe fund paid 1.23456 manat.\n"),
            sub(
                CLAIMS,
                ALLOWANCE_AZN
                + "    quote: The government provided a resettlement allowance of 700 manat ($410) for officially recognized victims\n",
                "    value: 1.23456\n    unit: AZN\n    quote: The fund paid 1.23456 manat.\n",
            ),
            sub(CLAIMS, "    same_amount_as: resettlement-allowance-azn\n", ""),
        ),
        (CLAIMS, claim("resettlement-allowance-azn"), "value-precision"),
    ),
    case(
        "value-with-more-than-sixteen-digits",
        both(
            replace_document(
                "tip-2025-aze", lambda b: b + b"\nMedia reported 12345678901234567 victims.\n"
            ),
            sub(
                CLAIMS,
                f"    value: 91\n    quote: {MEDIA_QUOTE}\n",
                "    value: 12345678901234567\n    quote: Media reported 12345678901234567 victims.\n",
            ),
        ),
        (CLAIMS, claim("victims-identified-2024-media"), "value-precision"),
    ),
    case(
        "negative-count-stated-in-the-quote",
        sub(GOV, "    value: 793258\n", "    value: -133445\n"),
        (GOV, "gov-aze-2021:labour-contracts-concluded-2021-gov", "negative-value"),
    ),
    case(
        "period-claim-without-its-years",
        sub(
            CLAIMS,
            "    year_from: 2020\n    year_to: 2024\n    qualifier: period\n",
            "    qualifier: period\n",
        ),
        (CLAIMS, claim("nap-2020-2024"), "qualifier-shape"),
    ),
    case(
        "published-on-in-another-year-than-published-year",
        sub(
            MANIFEST,
            "    published_year: 2025\n",
            '    published_year: 2025\n    published_on: "2024-06-24"\n',
        ),
        (MANIFEST, "tip-2025-aze", "report-dates"),
    ),
    case(
        "reporting-period-ending-before-it-starts",
        sub(MANIFEST, 'period_start_on: "2024-04-01"', 'period_start_on: "2025-05-01"'),
        (MANIFEST, "tip-2025-aze", "report-dates"),
    ),
    case(
        "a-url-that-is-not-an-address",
        sub(
            MANIFEST, "url: https://www.state.gov/reports/2025-", "url: www.state.gov/reports/2025-"
        ),
        (MANIFEST, "tip-2025-aze", "report-url"),
    ),
    case(
        "an-unknown-license-that-says-nothing",
        sub(
            MANIFEST,
            "    license_note: The document states no license. It is vendored so that every quote can be verified.\n",
            "",
        ),
        (MANIFEST, "gov-aze-2021", "report-license"),
    ),
]


@pytest.mark.parametrize("mutate,expected", RANGE)
def test_a_value_or_year_the_database_cannot_hold_is_refused(broken, mutate, expected):
    mutate(broken)
    refused(broken, *expected)
