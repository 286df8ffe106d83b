"""The fast quote finder (`DocumentIndex`: one str.find in the white-space-folded document,
offsets mapped back through the runs of two or more white-space characters) against the exact
definition (`quote_pattern`: the quote verbatim, each white-space run matching any run), on
every real document and on generated texts (hypothesis)."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from tiplake.quotes import DocumentIndex, quote_pattern

ROOT = Path(__file__).resolve().parent.parent
DOCUMENTS = sorted((ROOT / "seeds" / "documents").glob("*.txt"))


def exact(text: str, quote: str) -> list[tuple[int, int]]:
    """Every non-overlapping occurrence, by the regular expression."""
    if not quote.strip():
        return []
    return [m.span() for m in quote_pattern(quote.strip()).finditer(text)]


def test_every_offset_of_every_real_document_maps_back_to_its_character():
    assert len(DOCUMENTS) == 5
    for path in DOCUMENTS:
        text = path.read_bytes().decode("utf-8")
        index = DocumentIndex(text)
        for i, ch in enumerate(index.folded):
            original = index.original(i)
            if ch == " ":
                assert text[original] in " \t\r\n"
                assert original == 0 or text[original - 1] not in " \t\r\n"
            else:
                assert text[original] == ch, (path.name, i)


def test_the_claims_quotes_are_found_where_the_regular_expression_finds_them():
    """Every sentence of every document as a quote, with its line breaks and double spaces:
    the spans are the regular expression's."""
    checked = 0
    for path in DOCUMENTS:
        text = path.read_bytes().decode("utf-8")
        index = DocumentIndex(text)
        for sentence in text.split(". ")[:400]:
            quote = sentence[:200]
            if quote.strip():
                assert index.find(quote) == exact(text, quote), (path.name, quote)
                checked += 1
    assert checked > 400


@settings(max_examples=300, derandomize=True, database=None)
@given(
    text=st.text(alphabet="ab \t\r\n.", max_size=60),
    quote=st.text(alphabet="ab \t\n", min_size=1, max_size=8),
)
def test_generated_texts_agree_with_the_regular_expression(text, quote):
    assert DocumentIndex(text).find(quote) == exact(text, quote)
