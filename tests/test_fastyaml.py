"""The canonical-layout reader (tiplake/fastyaml.py) gives exactly the strict loader's data, or
None: then seeds.read_yaml runs the strict loader, so every problem stays as it was.

`strict` below is the strict path as read_yaml runs it (the anchor check, then `yaml.load` with
`StrictLoader`); `typed` compares data with its types, key order and `LINE` marks (True == 1
and 1 == 1.0 in Python, not here)."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
import yaml
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

import tiplake.fastyaml
from tiplake.fastyaml import _UNUSUAL, read_canonical
from tiplake.fmt import _value as fmt_value
from tiplake.fmt import canonical, seed_files
from tiplake.problems import CONTROL_CHARACTERS
from tiplake.seeds import _anchor_problem, read_yaml
from tiplake.seedyaml import LINE, StrictLoader

REPO = Path(__file__).resolve().parent.parent
SETTINGS = settings(  # FASTYAML_EXAMPLES=20000 for a longer search
    max_examples=int(os.environ.get("FASTYAML_EXAMPLES", "300")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)


def typed(value: Any) -> Any:
    if isinstance(value, dict):
        return ("dict", [(typed(k), typed(v)) for k, v in value.items()])
    if isinstance(value, list):
        return ("list", [typed(v) for v in value])
    return (type(value).__name__, repr(value))


def strict(text: str) -> Any:
    """The strict path's data, or ("refused", message) for an anchor or a YAML error."""
    anchored = _anchor_problem(text, "x")
    if anchored is not None:
        return ("refused", anchored.message)
    try:
        return yaml.load(text, Loader=StrictLoader)  # noqa: S506 - the strict safe loader
    except yaml.YAMLError as e:
        return ("refused", str(e))


def agree(text: str) -> Any:
    """read_canonical's answer for `text`, checked against the strict path's when not None."""
    fast = read_canonical(text)
    if fast is not None:
        assert typed(fast) == typed(strict(text)), text
        assert LINE in fast
    return fast


def read_both(text: str, root: Path = Path("/nowhere/seeds")):
    """read_yaml's (data, problems) with the fast reader, and with the strict path alone."""
    path = root / "claims" / "x.yaml"
    with_fast = read_yaml(path, root, text.encode("utf-8"))
    with mock.patch.object(tiplake.fastyaml, "read_canonical", lambda text: None):
        strict_only = read_yaml(path, root, text.encode("utf-8"))
    return with_fast, strict_only


def which_path(text: str) -> None:
    """`agree`, and which path read `text`, for --hypothesis-show-statistics."""
    event("fast path" if agree(text) is not None else "strict path")


def assert_same_reading(text: str) -> None:
    (data, problems), (data0, problems0) = read_both(text)
    assert typed(data) == typed(data0)
    assert problems == problems0


# --- (a) the real seeds and the synthetic corpus ----------------------------------------------


@pytest.mark.parametrize(
    "path", seed_files(REPO / "seeds"), ids=lambda p: f"{p.parent.name}/{p.name}"
)
def test_every_real_seed_file_is_read_by_the_fast_path_to_the_same_data(path):
    text = path.read_text(encoding="utf-8")
    assert agree(text) is not None, "a canonical seed file went to the strict loader"
    (data, problems), (data0, problems0) = read_both(text, REPO / "seeds")
    assert problems == problems0 == []
    assert typed(data) == typed(data0)


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory) -> Path:
    sys.path.insert(0, str(REPO / "bench"))
    try:
        import generate
    finally:
        sys.path.remove(str(REPO / "bench"))
    out = tmp_path_factory.mktemp("synthetic") / "corpus"
    generate.generate(1200, out)
    return out / "seeds"


def test_the_synthetic_corpus_is_read_by_the_fast_path_to_the_same_data(synthetic):
    paths = seed_files(synthetic)
    assert len([p for p in paths if p.parent.name == "claims"]) >= 5
    for path in paths:
        text = path.read_text(encoding="utf-8")
        assert agree(text) is not None, path
        if path.parent.name == "claims":  # and the same files as `tiplake fmt` writes them
            formatted = canonical(text, strict(text), "claims")
            assert agree(formatted) is not None, path


def test_the_fast_path_refuses_every_character_the_strict_loader_refuses():
    # read_canonical checks control characters once, on the whole text, with _UNUSUAL
    for code in range(0x110000):
        c = chr(code)
        if CONTROL_CHARACTERS.match(c):
            assert _UNUSUAL.match(c), hex(code)


# --- (b) adversarial values -------------------------------------------------------------------

TRICKY = [
    "", " ", "0", "00", "007", "08", "0.0", "-0", "-0.0", "+1", "-1", "1_000", "1__0", "0x1F",
    "0X1f", "0o17", "0b101", "0b2", "1e3", "1E3", "1.5e+3", "1.5e3", "1.", ".5", "-.5", "._",
    "1.2.3", ".inf", "-.Inf", ".NaN", "nan", "inf", "12:30", "1:30:00", "190:20:30.15", "-1:2",
    "yes", "Yes", "YES", "no", "No", "on", "On", "off", "OFF", "y", "n", "Y", "true", "True",
    "TRUE", "false", "False", "tRUE", "null", "Null", "NULL", "nULL", "~", "<<", "=",
    "2009-02-23", "2009-2-3", "2001-12-14t21:59:43.10-05:00", "2001-12-14 21:59:43.10 -5",
    "a: b", "a:b", "a:", ":a", ":", "a :b", "a #b", "a#b", "#a", "a # b: c", "- a", "-a", "-",
    "--", "---", "...", "? a", "?a", "[a]", "[a, b]", "{a: b}", "a, b", "a,b", "'a'", '"a"',
    "it's", 'say "x"', "''", '""', "\\", "back\\slash", "\\n", "\\x41", "&a", "*a", "!a",
    "!!str a", "|", ">", "|-", "%a", "@a", "`a`", "a b  c", "é", "Ω", "日本", "😀", "\u00a0a",
    "x" * 41, "2" * 41, "y" * 40 + " #z", "z" * 39 + ":", "1" * 45, "0x" + "f" * 40,
    "In 2005, the government identified 71 victims: 40 women (the figure) # not a comment",
    "a\tb", "a\nb", "a\rb", "\u2028", "\x85", "\ufeff", "\u202e", "\x1b[2J", "\x7f",
]  # fmt: skip
PRINTABLE = st.characters(
    codec="utf-8",
    exclude_categories=("Cs", "Cc", "Zl", "Zp"),
    exclude_characters="\ufeff\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069",
)
PIECES = st.sampled_from(TRICKY[:-9]) | st.text(PRINTABLE, max_size=8)
BENIGN_TEXT = st.one_of(
    st.sampled_from(TRICKY[:-9]),
    st.text(PRINTABLE | st.sampled_from("\t\n\r:#'\"\\ -[]{},&*!|>%@`"), max_size=60),
    st.lists(PIECES, max_size=5).map("".join),
    st.lists(PIECES, max_size=5).map(" ".join),
)
# Short texts of the characters that mean something to YAML (and to its resolvers).
YAMLISH = st.text(" :#'\"\\-[]{},&*!|>%@`~.+_0123456789abeEnNyYtTfFxXoO\t", max_size=12)
ANY_TEXT = BENIGN_TEXT | YAMLISH | st.sampled_from(TRICKY) | st.text(max_size=30)
_FLOW_PLAIN = re.compile(r"-?[A-Za-z0-9_][A-Za-z0-9_./-]*")


def _in_a_list(text: str) -> bool:
    """A list item that fmt writes either quoted or as a flow plain scalar read here."""
    return fmt_value(text).startswith('"') or bool(_FLOW_PLAIN.fullmatch(text))


def values(text: st.SearchStrategy[str], benign: bool) -> st.SearchStrategy[Any]:
    floats = st.floats(allow_nan=not benign, allow_infinity=not benign)
    if benign:  # as fmt writes them (repr): no exponent, which YAML 1.1 reads otherwise
        floats = floats.filter(lambda f: "e" not in repr(f))
    items = text.filter(_in_a_list) if benign else text
    return st.one_of(
        text,
        st.integers(),
        st.integers(min_value=-(10**30), max_value=10**30),
        floats,
        st.booleans(),
        st.none(),
        st.lists(items | st.integers(), max_size=4),
    )


KEYS = st.sampled_from(
    ["id", "indicator_code", "year", "value", "quote", "note", "parts", "Value", "_x", "x_1", "a"]
)


def claims_files(benign: bool) -> st.SearchStrategy[dict]:
    text = BENIGN_TEXT if benign else ANY_TEXT
    record = st.dictionaries(KEYS, values(text, benign), min_size=1, max_size=6)
    return st.fixed_dictionaries(
        {"report_id": text, "claims": st.lists(record, min_size=1, max_size=4)},
        optional={"sums": st.lists(record, min_size=1, max_size=2), "note": values(text, benign)},
    )


def in_the_layout(data: dict) -> str | None:
    """`data` dumped by PyYAML and rewritten by `tiplake fmt`'s writer, or None when the strict
    loader refuses the dump (a control character...)."""
    dumped = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10**9)
    loaded = strict(dumped)
    if isinstance(loaded, tuple):
        return None
    return canonical(dumped, loaded, "claims")


@pytest.mark.slow
@SETTINGS
@given(claims_files(benign=True))
def test_fmt_output_is_read_by_the_fast_path_to_the_strict_data(data):
    text = in_the_layout(data)
    if text is None:
        return
    assert agree(text) is not None, text
    assert_same_reading(text)


@SETTINGS
@given(claims_files(benign=False))
def test_fmt_output_of_anything_is_read_alike_or_left_to_the_strict_loader(data):
    text = in_the_layout(data)
    if text is not None:
        which_path(text)
        assert_same_reading(text)


def _quote_single(text: str, doubled: bool) -> str:
    return "'" + (text.replace("'", "''") if doubled else text) + "'"


ESCAPES = st.sampled_from(
    [
        "\\n",
        "\\t",
        "\\\\",
        '\\"',
        "\\/",
        "\\ ",
        "\\0",
        "\\a",
        "\\e",
        "\\N",
        "\\_",
        "\\L",
        "\\P",
        "\\x41",
        "\\xe9",
        "\\x1b",
        "\\x4",
        "\\u00e9",
        "\\u263A",
        "\\ud800",
        "\\U0001F600",
        "\\U00110000",
        "\\'",
        "\\q",
        "\\",
        "\\u12",
    ]  # fmt: skip
)
RAW_SCALARS = st.one_of(
    ANY_TEXT,
    st.builds(_quote_single, ANY_TEXT, st.booleans()),
    st.lists(ESCAPES | ANY_TEXT, max_size=5).map(lambda parts: '"' + "".join(parts) + '"'),
    st.lists(ANY_TEXT | st.builds(_quote_single, ANY_TEXT, st.booleans()), max_size=4).map(
        lambda items: "[" + ", ".join(items) + "]"
    ),
    st.sampled_from(["[]", "[ ]", "[a,]", "[a , b]", "[a,b]", "[[a]]", "[a]]", "[a] b", "{}"]),
)
AFTER = st.sampled_from(["", "", "", "  # a comment", " #", "#x", " ", "  ", " # x: y", ":"])


@st.composite
def raw_files(draw) -> str:
    """A claims file written by hand: the canonical skeleton, raw scalars, odd lines."""
    lines = ["# header", f"report_id: {draw(RAW_SCALARS)}{draw(AFTER)}", "claims:"]
    for _ in range(draw(st.integers(1, 3))):
        keys = draw(st.lists(KEYS, min_size=1, max_size=4))
        for i, key in enumerate(keys):
            lead = "  - " if i == 0 else "    "
            lines.append(f"{lead}{key}: {draw(RAW_SCALARS)}{draw(AFTER)}")
    odd = st.sampled_from(
        ["", "  # indented comment", "      # deeper comment", "sums:", "sums: []", "  - a",
         "    - a", "   x: 1", "\tx: 1", "x:", "note: ~", "---", "...", "%YAML 1.1", "  -  id: x",
         "? a", "a : b", "true: 1", "null: 1", "1: 2", "&a b: c", "key: &a x", "key: *a",
         "key: !!str 1", "key: |", "  text", "key: >-", "{a: 1}", "- x", "claims:", "  -", " "]
    )  # fmt: skip
    for _ in range(draw(st.integers(0, 3))):
        lines.insert(draw(st.integers(1, len(lines))), draw(odd))
    if draw(st.booleans()):  # a duplicated line
        at = draw(st.integers(1, len(lines) - 1))
        lines.insert(at, lines[at])
    return "\n".join(lines) + draw(st.sampled_from(["\n", "", "\n\n", "\r\n"]))


@SETTINGS
@given(raw_files())
@example("report_id: r\nclaims:\n  - id: a\n    id: b\n")
@example("report_id: 0x1F\nclaims: [a, 'b''c', \"d\\u00e9\"]  # c\n")
def test_hand_written_files_are_read_alike_or_left_to_the_strict_loader(text):
    which_path(text)
    assert_same_reading(text)


@SETTINGS
@given(RAW_SCALARS, AFTER, st.sampled_from(["    k: ", "  - k: ", "k: "]))
def test_one_hand_written_value_is_read_alike_or_left_to_the_strict_loader(value, after, lead):
    skeleton = "report_id: r\nclaims:\n  - id: a\n" if lead != "k: " else "id: a\n"
    text = f"{skeleton}{lead}{value}{after}\n"
    which_path(text)
    assert_same_reading(text)


@pytest.mark.parametrize("value", TRICKY)
def test_each_tricky_value_is_read_alike_or_left_to_the_strict_loader(value):
    for written in (value, fmt_value(value), _quote_single(value, True), f"[{value}]"):
        for text in (
            f"report_id: {written}\n",
            f"report_id: r\nclaims:\n  - id: {written}\n    note: {written}  # c\n",
        ):
            agree(text)
            assert_same_reading(text)


@pytest.mark.parametrize(
    "written,value",
    [
        ("2009", 2009),
        ("-5", -5),
        ("0", 0),
        ("1.50", 1.5),
        ("-0.25", -0.25),
        ("true", True),
        ("false", False),
        ("~", None),
        ("null", None),
        ("", None),
        ("  # nothing", None),
        ("2009-02-23", "2009-02-23"),
        ("1e3", "1e3"),
        ("inf", "inf"),
        ("a#b", "a#b"),
        ("a :b", "a :b"),
        ("-x", "-x"),
        ("a b  # c", "a b"),
        ("it's 'so'", "it's 'so'"),
        ("'it''s: #x'  # c", "it's: #x"),
        ("''", ""),
        ('""', ""),
        ('"\\"q\\" \\\\ \\/ \\n\\t\\u00e9\\U0001F600\\x41"', '"q" \\ / \n\té😀A'),
        ("[a, 'b', \"c\", 1, -1.5, true, null]  # c", ["a", "b", "c", 1, -1.5, True, None]),
        ("[]", []),
        ("[ ]", []),
    ],
)
def test_values_the_fast_path_reads(written, value):
    text = f"k:{' ' if written else ''}{written}\n"
    assert typed(agree(text)) == typed({"k": value, LINE: 1})


# --- (c) everything else goes to the strict loader, with the same problems ---------------------


BASE = """\
# a claims file
report_id: r
claims:
  # the first claim
  - id: a
    year: 2020
    quote: The quote
"""


@pytest.mark.parametrize(
    "old,new,rule,line",
    [
        ("    year: 2020\n", "    year: 2020\n    year: 2021\n", "duplicate-key", 7),
        ("report_id: r\n", "report_id: r\nreport_id: s\n", "duplicate-key", 3),
        ("claims:\n", "claims:\nclaims:\n", "duplicate-key", 4),
        ("    year: 2020\n", "    year: &y 2020\n", "yaml-anchor", 6),
        ("    quote: The quote\n", "    quote: *y\n", "yaml-anchor", 7),
        ("    year: 2020\n", "\tyear: 2020\n", "yaml-syntax", 6),
        ("    quote: The quote\n", "    quote: |\n      The quote\n", None, None),
        ("    quote: The quote\n", "    quote: >-\n      The\n      quote\n", None, None),
        ("    quote: The quote\n", "    quote: The\n      quote\n", None, None),
        ("    quote: The quote\n", '    quote: "The \\e quote"\n', "control-character", 7),
        ("    quote: The quote\n", "    quote: The \x1b quote\n", "yaml-syntax", None),
        ("    quote: The quote\n", "    quote: The \u202e quote\n", "control-character", 7),
        ("    quote: The quote\n", "    quote: The: quote\n", "yaml-syntax", 7),
        ("    quote: The quote\n", '    quote: "The quote\n', "yaml-syntax", None),
        ("    quote: The quote\n", "    quote: !!python/name:os.system x\n", "yaml-syntax", 7),
        ("    quote: The quote\n", "    quote: {a: 1}\n", None, None),
        ("    year: 2020\n", "    year: 0x7E4\n", None, None),
        ("    year: 2020\n", "    year: 2_020\n", None, None),
        ("    year: 2020\n", "    year: yes\n", None, None),
        ("    year: 2020\n", "   year: 2020\n", "yaml-syntax", None),
        ("report_id: r\n", "---\nreport_id: r\n", None, None),
        ("report_id: r\n", "report_id: r\n---\nx: 1\n", "yaml-syntax", None),
        ("report_id: r\n", "report_id: r   \n", None, None),
        ("report_id: r\n", "report_id: r\r\n", None, None),
        ("report_id: r\n", "\ufeffreport_id: r\n", None, None),
        ("report_id: r\n", "true: r\n", None, None),
    ],
)
def test_files_outside_the_layout_go_to_the_strict_loader(old, new, rule, line):
    text = BASE.replace(old, new, 1)
    assert text != BASE
    assert read_canonical(text) is None
    (data, problems), (data0, problems0) = read_both(text)
    assert problems == problems0
    assert typed(data) == typed(data0)
    if rule is not None:
        assert [p.rule for p in problems] == [rule]
        if line is not None:
            assert problems[0].line == line


def test_line_marks_count_comments_and_empty_lines():
    text = (
        "# c\n\nreport_id: r\n# c\nclaims:\n\n  # c\n  - id: a\n    # c\n\n    year: 1\n  - id: b\n"
    )
    data = agree(text)
    assert data[LINE] == 3
    assert [c[LINE] for c in data["claims"]] == [8, 12]


@pytest.mark.parametrize(
    "text", ["# only a comment\n", "~\n", "---\n", "- a\n", "a\n", "claims:\n  - a\n"]
)
def test_what_is_not_a_mapping_of_records_goes_to_the_strict_loader(text):
    assert read_canonical(text) is None
    assert_same_reading(text)
