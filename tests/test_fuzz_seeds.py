"""Seed files fuzzed (issue 29): random YAML shapes, random bytes and the real files with a
stretch overwritten by noise are each refused with problems that name the file and a rule, or
accepted, and never raise: `validate(read_seeds(...))` returns, and `tiplake validate` exits
0 or 1 with no traceback and no "bug in tiplake".

One seed file is replaced per example and put back afterwards, in a copy of the project's
seeds shared by the module (validating the real seeds takes a fraction of a second).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import tiplake.cli
from tiplake.cli import cli
from tiplake.project import Project
from tiplake.rules import RULES
from tiplake.seeds import read_seeds
from tiplake.validate import validate

# Slow: thousands of random seed files validated (about 1 minute): `make test-slow`
pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parent.parent

# Every kind of seed file the reader knows: claims, skips, each vocabulary, the manifest.
TARGETS = [
    "seeds/claims/tip-2018-aze.yaml",
    "seeds/skips/tip-2018-aze.yaml",
    "seeds/vocab/indicators.yaml",
    "seeds/vocab/sources.yaml",
    "seeds/vocab/units.yaml",
    "seeds/vocab/categories.yaml",
    "seeds/vocab/policies.yaml",
    "seeds/vocab/indicator_relations.yaml",
    "seeds/documents/manifest.yaml",
]

FUZZ = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.sampled_from(["id", "claims", "quote", "value", "year", "tip-2018-aze", "71", "2017"]),
)
keys = st.one_of(
    st.sampled_from(
        ["claims", "skips", "id", "indicator_code", "source_id", "year", "value", "quote",
         "qualifier", "unit", "reports", "indicators", "sources", "units", "report_id", "file"]
    ),
    st.text(max_size=12),
)  # fmt: skip
shapes = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(keys, inner, max_size=5),
    max_leaves=25,
)


@pytest.fixture(scope="module")
def seeds_copy(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("fuzz")
    shutil.copytree(REPO / "seeds", root / "seeds")
    return root


def checked(root: Path, rel: str, data: bytes) -> list:
    """The problems of the seeds with `rel` holding `data` (the file put back afterwards)."""
    path = root / rel
    original = path.read_bytes()
    path.write_bytes(data)
    try:
        return validate(read_seeds(root / "seeds")).problems
    finally:
        path.write_bytes(original)


def assert_clear(problems: list) -> None:
    """Every problem names a seed file, a rule of the registry and what is wrong."""
    for p in problems:
        assert p.rule in RULES, p
        assert p.file.startswith("seeds/"), p
        assert p.message.strip(), p


def test_the_real_seeds_are_valid(seeds_copy):
    assert validate(read_seeds(seeds_copy / "seeds")).problems == []


@FUZZ
@given(rel=st.sampled_from(TARGETS), shape=shapes)
def test_a_seed_file_of_any_yaml_shape_gives_problems_not_an_exception(seeds_copy, rel, shape):
    data = yaml.safe_dump(shape, allow_unicode=True).encode("utf-8")
    problems = checked(seeds_copy, rel, data)
    assert_clear(problems)


@FUZZ
@given(rel=st.sampled_from(TARGETS), data=st.binary(max_size=300))
def test_a_seed_file_of_random_bytes_gives_problems_not_an_exception(seeds_copy, rel, data):
    problems = checked(seeds_copy, rel, data)
    assert_clear(problems)


@FUZZ
@given(
    rel=st.sampled_from(TARGETS),
    at=st.floats(min_value=0, max_value=1),
    noise=st.one_of(
        st.binary(min_size=1, max_size=20), st.text(min_size=1, max_size=20).map(str.encode)
    ),
)
def test_a_real_seed_file_with_noise_written_into_it_gives_problems_or_passes(
    seeds_copy, rel, at, noise
):
    original = (seeds_copy / rel).read_bytes()
    i = int(at * len(original))
    data = original[:i] + noise + original[i + len(noise) :]
    assert_clear(checked(seeds_copy, rel, data))


@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
@given(rel=st.sampled_from(TARGETS), shape=shapes, data=st.binary(max_size=100))
def test_tiplake_validate_on_a_fuzzed_file_exits_0_or_1_with_no_traceback(
    seeds_copy, monkeypatch, rel, shape, data
):
    monkeypatch.setattr(tiplake.cli, "PROJECT", Project(seeds_copy))
    path = seeds_copy / rel
    original = path.read_bytes()
    for content in (yaml.safe_dump(shape).encode("utf-8"), data):
        path.write_bytes(content)
        try:
            result = CliRunner().invoke(cli, ["validate"])
        finally:
            path.write_bytes(original)
        assert result.exit_code in (0, 1), (content, result.output)
        assert result.exception is None or isinstance(result.exception, SystemExit), result
        assert "Traceback" not in result.output
        assert "bug in tiplake" not in result.output
        if result.exit_code == 1:
            assert "problem" in result.output, result.output
