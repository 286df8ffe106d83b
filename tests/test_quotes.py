"""The fast quote finder (`DocumentIndex`: one str.find in the white-space-folded document,
offsets mapped back through the runs of two or more white-space characters) against the exact
definition (`quote_pattern`: the quote verbatim, each white-space run matching any run), on
every real document and on generated texts (hypothesis)."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from tiplake.quotes import DocumentIndex, near_miss, quote_pattern

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


def prefix_scan(text: str, quote: str) -> str:
    """The definition `near_miss` keeps to: try every prefix, by the regular expression."""
    words = quote.strip().split()
    best = 0
    for n in range(1, len(words) + 1):
        if not quote_pattern(" ".join(words[:n])).search(text):
            break
        best = n
    if best == 0:
        return " (not even its first word)"
    if best == len(words):
        return ""
    return f" (it matches up to {' '.join(words[max(0, best - 3) : best])!r}, then differs at {words[best]!r})"


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet="ab \n", max_size=60),
    st.text(alphabet="ab \n", min_size=1, max_size=20).filter(str.strip),
)
def test_near_miss_agrees_with_trying_every_prefix(text, quote):
    assert near_miss(text, quote) == prefix_scan(text, quote)


class CountingText(str):
    """A folded document that counts the searches made in it."""

    finds = 0

    def find(self, *args):
        CountingText.finds += 1
        return super().find(*args)


def test_near_miss_on_a_20_kb_quote_searches_the_document_a_logarithmic_number_of_times():
    # Issue 29: a 20 KB quote not found in its document was tried prefix by prefix, each a
    # regular-expression search of the whole document (93 s). The hint is the same; the
    # number of searches is about log2 of the quote's words.
    text = (ROOT / "seeds" / "documents" / "tip-2018-aze.txt").read_text(encoding="utf-8")
    quote = text[1000:21000].strip() + " XYZZY"
    n_words = len(quote.split())
    assert n_words > 1000
    index = DocumentIndex(text)
    index.folded = CountingText(index.folded)
    CountingText.finds = 0
    hint = near_miss(text, quote, index)
    assert hint.endswith("then differs at 'XYZZY')")
    assert "servitude in Azerbaijan." in hint
    assert CountingText.finds <= 2 * n_words.bit_length()
