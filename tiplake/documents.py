"""The source documents: read and checked against the manifest, and searched for quotes.

In:  the manifest's report records (seeds.py) and the seeds directory.
Out: `load_documents`: each report's text, with a `Problem` for each document that is outside
     seeds/documents/, missing, not a regular file, not UTF-8 or not byte for byte the file the
     manifest's sha256 names. `DocumentIndex.find` / `find_quote`: where a quote occurs, a run
     of white space in the quote matching any run in the document and nothing else loosened.
"""

from __future__ import annotations

import hashlib
import re
from array import array
from pathlib import Path

from tiplake.problems import Problem
from tiplake.seeds import FileError, Located, read_file

# A document can be a whole report (hundreds of pages); more than this is not one.
MAX_DOCUMENT_BYTES = 64 * 1024 * 1024
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


def load_documents(
    root: Path, reports: dict[str, Located], problems: list[Problem]
) -> dict[str, str]:
    """The text of each report's document, by report id; a problem for each that fails."""
    doc_root = (root / "documents").resolve()
    texts = {}
    for report_id, loc in reports.items():
        r = loc.record
        path = root / "documents" / r.file

        def p(rule: str, message: str, loc: Located = loc, report_id: str = report_id) -> None:
            problems.append(Problem(loc.file, report_id, rule, message, loc.line))

        if (
            Path(r.file).is_absolute()
            or path.is_symlink()
            # a bare file name that is not a link is inside; resolve only other paths (a
            # realpath per document costs a tenth of a second at 5,000 documents)
            or (
                (len(Path(r.file).parts) != 1 or r.file in (".", ".."))
                and doc_root not in path.resolve().parents
            )
        ):
            p("document-path", f"file {r.file!r} must be a plain file inside seeds/documents/")
            continue
        if not path.exists():
            p("document-missing", f"file {r.file!r} not found in seeds/documents/")
            continue
        try:
            raw = read_file(path, MAX_DOCUMENT_BYTES)
        except FileError as e:
            p(
                "document-missing" if e.rule == "file-unreadable" else e.rule,
                f"{r.file}: {e.message}",
            )
            continue
        digest = hashlib.sha256(raw).hexdigest()
        if digest != r.sha256:
            p(
                "document-checksum",
                f"sha256 of {r.file} is {digest}, the manifest says {r.sha256}; "
                "restore the document byte for byte, or if it was deliberately replaced, "
                "re-check every quote and update the manifest",
            )
            continue
        try:
            texts[report_id] = raw.decode("utf-8")
        except UnicodeDecodeError as e:
            p("document-encoding", f"{r.file} is not UTF-8 (byte {e.start})")
    return texts


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
