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

_WS = re.compile(r"[ \t\r\n]+")
_TOKENS = re.compile(r"([ \t\r\n]+)|([^ \t\r\n]+)")


def quote_pattern(quote: str) -> re.Pattern[str]:
    """Regex for a quote: its text verbatim, each whitespace run matching any such run."""
    parts = _WS.split(quote)
    return re.compile(r"[ \t\r\n]+".join(re.escape(p) for p in parts))


class DocumentIndex:
    """A document with every run of white space folded to one space, and the offset in the
    original text of each folded character: a quote is found with one str.find in the folded
    text, exactly as `quote_pattern` would find it in the original, without compiling a
    regular expression per quote."""

    def __init__(self, text: str):
        parts: list[str] = []
        starts = array("q")
        for m in _TOKENS.finditer(text):
            if m.group(1):
                parts.append(" ")
                starts.append(m.start())
            else:
                parts.append(m.group(2))
                starts.extend(range(m.start(), m.end()))
        self.folded = "".join(parts)
        self.starts = starts

    def find(self, quote: str) -> list[tuple[int, int]]:
        """Spans (in the original text) of every non-overlapping occurrence of `quote`."""
        needle = _WS.sub(" ", quote.strip())
        spans, at = [], self.folded.find(needle)
        while needle and at != -1:
            last = at + len(needle) - 1
            spans.append((self.starts[at], self.starts[last] + 1))
            at = self.folded.find(needle, at + len(needle))
        return spans


def find_quote(text: str, quote: str) -> list[tuple[int, int]]:
    """Spans of every non-overlapping occurrence of `quote` in `text`."""
    return DocumentIndex(text).find(quote)


def near_miss(text: str, quote: str) -> str:
    """A hint for a quote that is not found: where its longest findable prefix stops."""
    words = _WS.split(quote.strip())
    best = 0
    for n in range(1, len(words) + 1):
        if quote_pattern(" ".join(words[:n])).search(text):
            best = n
        else:
            break
    if best == 0:
        return " (not even its first word)"
    if best == len(words):
        return ""
    return f" (it matches up to {' '.join(words[max(0, best - 3) : best])!r}, then differs at {words[best]!r})"
