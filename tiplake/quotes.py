"""Finding a quote in its document, exactly.

In:  a document's text and a quote.
Out: where the quote occurs (`DocumentIndex.find`, `find_quote`), a run of white space in the
     quote matching any run of spaces, tabs or line breaks in the document and nothing else
     loosened (no case folding, no look-alike characters); and, for a quote that is not found,
     where it stops matching (`near_miss`).
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_right

_WS = re.compile(r"[ \t\r\n]+")
_LONG_WS = re.compile(r"[ \t\r\n]{2,}")


def quote_pattern(quote: str) -> re.Pattern[str]:
    """Regex for a quote: its text verbatim, each whitespace run matching any such run."""
    parts = _WS.split(quote)
    return re.compile(r"[ \t\r\n]+".join(re.escape(p) for p in parts))


class DocumentIndex:
    """A document with every run of white space folded to one space: a quote is found with one
    str.find in the folded text, exactly as `quote_pattern` would find it in the original,
    without compiling a regular expression per quote. Offsets are mapped back through the
    runs of two or more white-space characters alone (where each starts in the folded text,
    where it starts and ends in the original): a single space, tab or line break folds to one
    space and moves nothing, so prose needs a few entries per paragraph, not one per
    character."""

    def __init__(self, text: str):
        self.folded = _WS.sub(" ", text)
        folded_at, starts, ends = array("q"), array("q"), array("q")
        removed = 0  # characters the runs before this one lost in folding
        for m in _LONG_WS.finditer(text):
            start, end = m.span()
            folded_at.append(start - removed)
            starts.append(start)
            ends.append(end)
            removed += end - start - 1
        self._folded_at, self._starts, self._ends = folded_at, starts, ends

    def original(self, i: int) -> int:
        """The offset in the original text of character `i` of the folded text."""
        k = bisect_right(self._folded_at, i) - 1
        if k < 0:
            return i  # before the first run: nothing folded yet
        at = self._folded_at[k]
        return self._starts[k] if i == at else self._ends[k] + (i - at - 1)

    def find(self, quote: str) -> list[tuple[int, int]]:
        """Spans (in the original text) of every non-overlapping occurrence of `quote`."""
        needle = _WS.sub(" ", quote.strip())
        spans, at = [], self.folded.find(needle)
        while needle and at != -1:
            last = at + len(needle) - 1
            spans.append((self.original(at), self.original(last) + 1))
            at = self.folded.find(needle, at + len(needle))
        return spans


def find_quote(text: str, quote: str) -> list[tuple[int, int]]:
    """Spans of every non-overlapping occurrence of `quote` in `text`."""
    return DocumentIndex(text).find(quote)


def near_miss(text: str, quote: str, index: DocumentIndex | None = None) -> str:
    """A hint for a quote that is not found: where its longest findable prefix stops.

    Whether the first n words are found falls from yes to no once as n grows (a prefix of a
    found prefix is found), so a binary search over n finds the longest in about log2(words)
    searches of the folded document, each one str.find: a 20 KB quote in a 200 KB document
    takes milliseconds, where trying every prefix took a minute and a half."""
    words = _WS.split(quote.strip())
    folded = (index or DocumentIndex(text)).folded
    lo, hi = 0, len(words)  # the first lo words are found; more than hi are not
    while lo < hi:
        n = (lo + hi + 1) // 2
        if folded.find(" ".join(words[:n])) != -1:
            lo = n
        else:
            hi = n - 1
    best = lo
    if best == 0:
        return " (not even its first word)"
    if best == len(words):
        return ""
    return f" (it matches up to {' '.join(words[max(0, best - 3) : best])!r}, then differs at {words[best]!r})"
