"""The site's search: an index of the pages as written, for MiniSearch in the reader's browser.

In:  the site's folder, once every page is written, and the pages' addresses (relative paths).
Out: in that folder, search-index.js (`window.TIPLAKE_PAGES = [...]`, one entry a page), the
     search box's script search.js, MiniSearch (minisearch.min.js, vendored: MiniSearch 7.2.0,
     MIT, its license beside it as minisearch.LICENSE.txt); write_index returns their paths.

The index is read from the pages themselves (the stdlib's html.parser, no database): one entry
a page, so a page is found once whatever matched in it. An entry is

    id        its place in the list (MiniSearch's document id)
    url       its address from the site's root (search.html is at the root)
    title     its <h1>
    kind      from its address: answer, indicator, claim, document, conflict (answers/,
              indicators/, claims/, documents/, conflicts/), the lists indicators, documents,
              answers, claims (their index.html), and home, conflicts, consistency, coverage,
              glossary, downloads (index.html, conflicts.html, ...); `page` otherwise
    keywords  the content of its <meta name="keywords">, if any ("" if none)
    text      the text of its <main> without the <h1> (the title), <script>, <style>, <nav> and
              anything of class "noindex", whitespace collapsed; a URL's `http://` or `https://`
              is left out (its host and path stay searchable; the index is data, not links).
              A text longer than MAX_TEXT characters (a whole document, the coverage table) is
              cut at the last space before MAX_TEXT: its beginning is searched, not its end
              (every claim quoted from a document is a page of its own).

search.html itself is not indexed. The search box (static/search.js) builds a MiniSearch over
these entries when search.html opens: nothing is fetched, so it works from disk (file://) as
from any static host.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from html.parser import HTMLParser
from importlib import resources
from pathlib import Path

MAX_TEXT = 20_000  # characters of a page's text in the index
STATIC = ("search.js", "minisearch.min.js", "minisearch.LICENSE.txt")  # copied as they are
NOT_INDEXED = {"search.html"}

# Single pages and lists, by address; any other page by its first folder (FOLDER_KINDS).
PAGE_KINDS = {
    "index.html": "home",
    "conflicts.html": "conflicts",
    "consistency.html": "consistency",
    "coverage.html": "coverage",
    "glossary.html": "glossary",
    "downloads/index.html": "downloads",
    "indicators/index.html": "indicators",
    "documents/index.html": "documents",
    "answers/index.html": "answers",
    "claims/index.html": "claims",
}
FOLDER_KINDS = {
    "answers": "answer",
    "indicators": "indicator",
    "claims": "claim",
    "documents": "document",
    "conflicts": "conflict",
}

# Elements whose text is not the page's own (scripts, styles, navigation).
_SKIPPED = {"script", "style", "nav", "template", "noscript"}
# Elements that end a run of text: their boundaries are spaces (`<td>2008</td><td>all</td>`
# reads "2008 all"); inline ones (a, mark, span, small, code...) join what is around them.
_BLOCKS = {
    "address", "article", "aside", "blockquote", "br", "caption", "dd", "details", "div", "dl",
    "dt", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header",
    "hr", "img", "li", "main", "ol", "p", "pre", "section", "summary", "table", "tbody", "td",
    "tfoot", "th", "thead", "tr", "ul", "svg", "button", "input", "select", "option", "label",
}  # fmt: skip
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
         "track", "wbr"}  # fmt: skip
_SCHEME = re.compile(r"\bhttps?://", re.IGNORECASE)


def page_kind(rel: str) -> str:
    """A page's kind from its address (see the module docstring)."""
    if rel in PAGE_KINDS:
        return PAGE_KINDS[rel]
    folder = rel.split("/", 1)[0] if "/" in rel else ""
    return FOLDER_KINDS.get(folder, "page")


class _PageText(HTMLParser):
    """The title (first <h1>), the text of <main> (of <body> if there is no <main>) and the
    keywords of one page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []  # open elements: (tag, skipped from here down)
        self.title: list[str] = []
        self.main: list[str] = []
        self.body: list[str] = []
        self.keywords: list[str] = []
        self.in_title = False
        self.seen_title = False
        self.in_main = 0
        self.seen_main = False

    def _skipped(self) -> bool:
        return bool(self.stack) and self.stack[-1][1]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "meta" and a.get("name", "").lower() == "keywords":
            self.keywords.append(a.get("content", ""))
        if tag in _BLOCKS:
            self._text(" ")
        if tag in _VOID:
            return
        skipped = (
            self._skipped()
            or tag in _SKIPPED
            or tag in ("header", "footer")
            and not self.in_main
            or "noindex" in a.get("class", "").split()
        )
        self.stack.append((tag, skipped))
        if tag == "main" and not skipped:
            self.in_main += 1
            self.seen_main = True
        if tag == "h1" and not self.seen_title and not skipped:
            self.in_title = True

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID:
            return
        # close up to the matching open element (HTML lets some end tags be left out)
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                for open_tag, skipped in self.stack[i:]:
                    if open_tag == "main" and not skipped:
                        self.in_main -= 1
                    if open_tag == "h1" and self.in_title:
                        self.in_title = False
                        self.seen_title = True
                del self.stack[i:]
                break
        if tag in _BLOCKS:
            self._text(" ")

    def handle_data(self, data: str) -> None:
        if self._skipped():
            return
        if self.in_title:
            self.title.append(data)
            self._text(" ")  # the title is its own field, not the text's
            return
        self._text(data)

    def _text(self, data: str) -> None:
        if self._skipped():
            return
        if self.in_main:
            self.main.append(data)
        elif any(tag == "body" for tag, _ in self.stack):
            self.body.append(data)


def _collapse(text: str) -> str:
    return " ".join(text.split())


def _cut(text: str, limit: int = MAX_TEXT) -> str:
    if len(text) <= limit:
        return text
    space = text.rfind(" ", 0, limit + 1)
    return text[: space if space > limit // 2 else limit]


def read_page(path: Path, rel: str) -> dict:
    """The index entry of one written page (without its id)."""
    parser = _PageText()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    text = "".join(parser.main if parser.seen_main else parser.body)
    return {
        "url": rel,
        "title": _collapse("".join(parser.title)),
        "kind": page_kind(rel),
        "keywords": _collapse(", ".join(k for k in parser.keywords if k.strip())),
        "text": _cut(_collapse(_SCHEME.sub("", text))),
    }


def _static(name: str) -> bytes:
    return resources.files("tiplake.site").joinpath("static", name).read_bytes()


def write_index(out: Path, pages: Sequence[str]) -> list[str]:
    """Write search-index.js over the pages `pages` (relative to `out`, every one written) and
    copy the search box's scripts beside it; return the relative paths written."""
    out = Path(out)
    entries = []
    for rel in pages:
        if not rel.endswith(".html") or rel in NOT_INDEXED:
            continue
        entries.append({"id": len(entries), **read_page(out / rel, rel)})
    body = ",\n".join(json.dumps(e, ensure_ascii=False) for e in entries)
    (out / "search-index.js").write_text(
        f"window.TIPLAKE_PAGES = [\n{body}\n];\n", encoding="utf-8", newline="\n"
    )
    for name in STATIC:
        (out / name).write_bytes(_static(name))
    return ["search-index.js", *STATIC]
