"""Property-based tests: mutate valid seed files at random (hypothesis) and build.

Whatever the mutation, the build either succeeds and publishes exactly the claims the files
say, with the mutated field as written, or fails with a listed error (a `SeedError` whose
every rule is a listed rule, or a `CheckError`), the previous database unchanged. Never a
traceback, never a half-written file.

Runs are reproducible (derandomize=True, no example database) and modest (max_examples=40).
Years and values are drawn far beyond what the database holds (years outside 1990-2100,
negative counts, more than four decimals, more than sixteen digits): those were the bugs this
file found first, once failing the load with a DuckDB traceback or rounding silently.
"""

from __future__ import annotations

from contextlib import contextmanager
from decimal import Decimal

import duckdb
import pytest
import yaml
from conftest import ProjectCopy
from hypothesis import HealthCheck, event, example, given, note, settings
from hypothesis import strategies as st
from test_validation import digest

from tiplake.build import CheckError
from tiplake.problems import SeedError
from tiplake.rules import RULES

# Slow: hundreds of builds from random edits (about 3 minutes): `make test-slow`
pytestmark = pytest.mark.slow

CLAIMS = "seeds/claims/tip-2025-aze.yaml"
REPORT = "tip-2025-aze"
TEXT_FILES = [
    CLAIMS,
    "seeds/claims/cable-09baku141.yaml",
    "seeds/documents/manifest.yaml",
    "seeds/vocab/units.yaml",
    "seeds/vocab/sources.yaml",
]

# Every rule a seed problem may carry (seeds.py, validate.py). A failure naming any other rule
# is a failure of this property.
LISTED_RULES = set(RULES)  # every rule of the registry (tiplake validate --list-rules)

SETTINGS = settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture(scope="module")
def shared(tmp_path_factory) -> ProjectCopy:
    copy = ProjectCopy(tmp_path_factory.mktemp("properties"))
    copy.build()
    return copy


class Claims(dict):
    """Published claims by id (a short repr, for hypothesis' reports)."""

    def __repr__(self) -> str:
        return f"<{len(self)} published claims>"


def published_claims(copy: ProjectCopy) -> Claims:
    with duckdb.connect(str(copy.db), read_only=True) as con:
        cursor = con.execute("select * from claim")
        names = [d[0] for d in cursor.description]
        return Claims({row[0]: dict(zip(names, row, strict=True)) for row in cursor.fetchall()})


@pytest.fixture(scope="module")
def baseline(shared) -> Claims:
    return published_claims(shared)


def build_and_judge(copy: ProjectCopy, record=event) -> Claims | None:
    """Build; return the published claims, or None after checking the failure is a listed
    error that left the previous database as it was. `record` tallies the outcome (hypothesis'
    statistics: pytest --hypothesis-show-statistics)."""
    before = digest(copy.db)
    try:
        copy.build()
    except SeedError as e:
        rules = {p.rule for p in e.problems}
        record("refused: " + " ".join(sorted(rules)[:2]))
        assert e.problems, "a SeedError with no problem"
        assert rules <= LISTED_RULES, f"unlisted rules {rules - LISTED_RULES}"
        assert all(p.file.startswith("seeds/") for p in e.problems)
        assert all(p.record and p.message for p in e.problems)
    except CheckError:
        record("a data check failed")
    else:
        record("published")
        return published_claims(copy)
    assert digest(copy.db) == before, "a failed build changed the published file"
    assert not [p for p in copy.db.parent.iterdir() if ".building" in p.name]
    return None


@contextmanager
def restored(copy: ProjectCopy, *rels: str):
    """Put the named files back as they were when the block ends."""
    saved = {copy.path(rel): copy.path(rel).read_bytes() for rel in rels}
    try:
        yield
    finally:
        for path, data in saved.items():
            path.write_bytes(data)


def claims_of(data) -> list[dict]:
    return data["claims"] if isinstance(data, dict) else []


# --- field-level mutations: one field of one claim set to anything, or removed ---------------

FIELDS = [
    "id", "indicator_code", "source_id", "year", "year_from", "year_to", "value",
    "value_low", "value_high", "qualifier", "unit", "value_label", "country_iso3", "sex",
    "age_band", "exploitation_form", "citizenship", "destination_iso3", "origin_iso3",
    "category", "part_of", "same_amount_as", "quote", "occurrence", "low_confidence_reason",
    "note", "valeu", "Quote", "__line__",
]  # fmt: skip
YEAR_FIELDS = {"year", "year_from", "year_to"}
VALUE_FIELDS = {"value", "value_low", "value_high"}

words = st.sampled_from(
    [
        "all", "exact", "range", "period", "not_reported", "at_least", "AZN", "USD", "persons",
        "percent", "gov_aze", "media", "us_dos", "victims_identified", "persons_convicted",
        "tier-2025", "victims-identified-2024-media", "female", "child", "18-25", "labour",
        "foreign", "TUR", "AZE", "aze", "Tier 2", "91", "2024", "", " ", "null", "~", "yes",
        "media reported the government identified 91 victims", "AZERBAIJAN (Tier 2)",
    ]
)  # fmt: skip
not_numbers = st.one_of(
    st.none(),
    st.booleans(),
    st.text(max_size=40),
    words,
    st.lists(st.integers(0, 100), max_size=3),
    st.dictionaries(st.sampled_from(["a", "value"]), st.integers(0, 9), max_size=2),
    st.dates(),
)
junk = st.one_of(not_numbers, st.integers(-3, 3), st.floats())
# Years and values inside and far outside what the tables hold (see the module docstring).
years = st.one_of(
    st.integers(1990, 2100),
    st.sampled_from([1989, 2020, 2023, 2024, 2025, 2101]),
    st.integers(-(2**63), 2**63),
)
values = st.one_of(
    st.integers(0, 10**12),
    st.sampled_from([0, 1, 2, 9, 10, 11, 14, 91, 94, 700, 410, 2.5, 14.0, -14, 1.23456]),
    st.decimals(0, 10**6, places=2, allow_nan=False).map(float),
    st.integers(-(10**20), 10**20),
    st.floats(allow_nan=False),
)


@st.composite
def field_mutation(draw):
    index = draw(st.integers(0, 200))
    field = draw(st.sampled_from(FIELDS))
    delete = draw(st.booleans()) if field not in ("valeu", "Quote", "__line__") else False
    if field in YEAR_FIELDS:
        value = draw(st.one_of(years, not_numbers, st.floats(1990, 2100)))
    elif field in VALUE_FIELDS:
        value = draw(st.one_of(values, not_numbers, st.sampled_from([float("nan"), float("inf")])))
    else:
        value = draw(junk)
    return index, field, delete, value


def expected_column(field: str, value):
    """(column, published value) a successful build must show for `field` set to `value`."""
    if field in VALUE_FIELDS and isinstance(value, int | float) and not isinstance(value, bool):
        return field, Decimal(str(value))
    if field == "year":
        return "year_from", value
    if field in ("source_id", "indicator_code", "quote", "note", "value_label", "sex", "category"):
        return field, value
    return None


@SETTINGS
@given(mutation=field_mutation())
def test_any_one_field_changed_is_published_as_written_or_refused(shared, baseline, mutation):
    index, field, delete, value = mutation
    path = shared.path(CLAIMS)
    with restored(shared, CLAIMS):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        target = data["claims"][index % len(data["claims"])]
        old_id = f"{REPORT}:{target['id']}"
        if delete:
            target.pop(field, None)
        else:
            target[field] = value
        note(f"{old_id}: {'del ' + field if delete else f'{field} = {value!r}'}")
        path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), "utf-8")
        published = build_and_judge(shared)
    if published is None:
        return
    new_id = f"{REPORT}:{target['id']}" if "id" in target else old_id  # a date id reads as text
    expected_ids = (set(baseline) - {old_id}) | {new_id}
    assert set(published) == expected_ids
    for claim_id in expected_ids - {new_id}:
        assert published[claim_id] == baseline[claim_id]
    shown = None if delete else expected_column(field, value)
    if shown is not None:
        column, want = shown
        assert published[new_id][column] == want, (column, published[new_id][column], want)


# --- text-level mutations: bytes inserted, deleted, cut, lines duplicated or swapped ----------

TOKENS = [
    b"\t", b":", b": ", b"-", b"- ", b"#", b"'", b'"', b"[", b"]", b"{", b"}", b"&a", b"*a",
    b"!!", b"|", b">", b"%", b"@", b"`", b"?", b",", b"\n", b" ", b"  ", b"\x00", b"\xff",
    b"\xe2\x80", b"\r", b"~", b"0", b"9", b"-1", b"\xef\xbb\xbf", b"\\", b"---\n", b"...",
]  # fmt: skip


@st.composite
def text_mutation(draw):
    rel = draw(st.sampled_from(TEXT_FILES))
    op = draw(
        st.sampled_from(["insert", "delete", "truncate", "duplicate-line", "swap-lines", "flip"])
    )
    position = draw(st.floats(0, 1))
    token = draw(st.sampled_from(TOKENS))
    length = draw(st.integers(1, 40))
    return rel, op, position, token, length


def mutate_bytes(raw: bytes, op: str, position: float, token: bytes, length: int) -> bytes:
    at = int(position * len(raw))
    lines = raw.splitlines(keepends=True)
    line = min(int(position * len(lines)), len(lines) - 2)
    if op == "insert":
        return raw[:at] + token + raw[at:]
    if op == "delete":
        return raw[:at] + raw[at + length :]
    if op == "truncate":
        return raw[:at]
    if op == "duplicate-line":
        return b"".join(lines[: line + 1] + lines[line:])
    if op == "swap-lines":
        lines[line], lines[line + 1] = lines[line + 1], lines[line]
        return b"".join(lines)
    return raw[:at] + bytes([raw[at] ^ (1 << (length % 8))]) + raw[at + 1 :]  # flip one bit


@SETTINGS
@given(mutation=text_mutation())
def test_any_file_edit_is_published_as_the_files_say_or_refused(shared, baseline, mutation):
    rel, op, position, token, length = mutation
    path = shared.path(rel)
    with restored(shared, rel):
        raw = path.read_bytes()
        mutated = mutate_bytes(raw, op, position, token, length)
        note(f"{rel}: {op} at {int(position * len(raw))} ({token!r}, {length})")
        path.write_bytes(mutated)
        try:
            parsed = yaml.safe_load(mutated.decode("utf-8"))
        except (UnicodeDecodeError, yaml.YAMLError):
            parsed = "unparsable"
        published = build_and_judge(shared)
    if published is None:
        return
    if rel.startswith("seeds/claims/"):
        report = rel.rsplit("/", 1)[1].removesuffix(".yaml")
        said = {f"{report}:{c['id']}" for c in claims_of(parsed)}
        others = {c for c in baseline if not c.startswith(report + ":")}
        assert set(published) == others | said
    else:
        assert set(published) == set(baseline)


# --- any year is either loaded or refused with year-out-of-range ------------------------------


@SETTINGS
@given(year=st.one_of(st.integers(-5000, 5000), st.integers(-(2**63), 2**63)))
@example(year=2017)
@example(year=1989)
@example(year=2100)
@example(year=-(10**18))
def test_any_year_is_loaded_or_refused(shared, year):
    rules = []
    with restored(shared, CLAIMS):
        shared.replace(
            CLAIMS, "    year: 2024\n    value: 14\n", f"    year: {year}\n    value: 14\n"
        )
        published = build_and_judge(shared, record=rules.append)
    if 1990 <= year <= 2024:  # the claim's report is the 2025 edition
        assert (
            published is not None
            and published[f"{REPORT}:persons-prosecuted-2024-media"]["year_from"] == year
        )
    elif year > 2100 or year < 1990:
        assert rules == ["refused: year-out-of-range"]
    else:
        assert rules == ["refused: year-after-publication"]


def test_the_baseline_round_trips_through_yaml_dump(shared, baseline):
    """The field property rewrites the file with yaml.safe_dump: unchanged data must build the
    same claims (so a difference found there comes from the mutation, not the rewrite)."""
    path = shared.path(CLAIMS)
    with restored(shared, CLAIMS):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), "utf-8")
        assert build_and_judge(shared, record=lambda _outcome: None) == baseline
