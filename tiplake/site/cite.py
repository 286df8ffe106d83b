"""Citations a reporter can paste: the text, BibTeX and CSL-JSON for a figure, from its claim
and the document it quotes.

In:  a Quoted (one figure: its words, who produced it, who relayed it, the quote and the
     document's title, publisher, date and public address), the page's address and the
     address the site will be published at (`tiplake site --base-url`; none: the page's
     address relative to the site's root, said as such).
Out: a Citation: the citation text (one paragraph per figure, the page's address last),
     BibTeX (one @misc entry per figure, keyed by its claim) and CSL-JSON (a list of items,
     type "document"), the two files a page offers for download.

Who produced a figure comes first (the originator), then who relayed it ("as relayed by"),
never the relaying publisher alone: a TIP Report quoting the government is cited as the
government's figure in the State Department's document (DOMAIN.md, attribution).
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Quoted:
    """One figure as a citation needs it."""

    claim_id: str
    figure: str  # what it is, in words: "Victims identified, 2017: 71 persons"
    originator: str
    relayed_by: str | None
    quote: str
    title: str
    publisher: str
    published: date | int  # the date of publication, else its year
    url: str | None


@dataclass(frozen=True)
class Citation:
    text: str
    bibtex: str
    csl_json: str
    address: str  # the page's stable address (absolute with a base URL)
    is_absolute: bool


def address(page: str, base_url: str | None) -> str:
    """The page's stable address: under the base URL, or relative to the site's root."""
    if not base_url:
        return page
    return base_url.rstrip("/") + "/" + page


def _one_line(text: str) -> str:
    return " ".join(text.split())


def text_for(q: Quoted) -> str:
    """One figure's citation: who produced it (and who relayed it), the figure, the quote,
    the document (title, publisher, date) and its public address."""
    who = q.originator + (f", as relayed by {q.relayed_by}" if q.relayed_by else "")
    url = f" {q.url}" if q.url else " (no public address known)"
    return (
        f"{who}. {q.figure}: “{_one_line(q.quote)}” In: {q.title}. {q.publisher}, "
        f"{q.published}.{url}"
    )


def _bibtex_text(text: str) -> str:
    """A BibTeX field's text: LaTeX's special characters escaped, on one line."""
    special = {
        "\\": r"\textbackslash{}",
        "{": r"\{",
        "}": r"\}",
        "%": r"\%",
        "&": r"\&",
        "$": r"\$",
        "#": r"\#",
        "_": r"\_",
        "^": r"\^{}",
        "~": r"\~{}",
    }
    return "".join(special.get(ch, ch) for ch in _one_line(text))


def bibtex_key(claim_id: str) -> str:
    return "tiplake-" + re.sub(r"[^A-Za-z0-9-]+", "-", claim_id).strip("-")


def _year(published: date | int) -> int:
    return published.year if isinstance(published, date) else int(published)


def bibtex(quoted: Sequence[Quoted], page_address: str, built: date | None) -> str:
    entries = []
    for q in quoted:
        fields = [
            ("author", "{" + _bibtex_text(q.publisher) + "}"),
            ("title", "{" + _bibtex_text(q.title) + "}"),
            ("year", str(_year(q.published))),
        ]
        if isinstance(q.published, date):
            fields.append(("date", q.published.isoformat()))
        if q.url:
            fields.append(("url", q.url))
        note = f"{q.figure}, the figure of {q.originator}"
        if q.relayed_by:
            note += f" as relayed by {q.relayed_by}"
        note += f": “{q.quote}” Via tiplake, {page_address}"
        if built:
            note += f" (database built {built.isoformat()})"
        fields.append(("note", _bibtex_text(note)))
        body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
        entries.append(f"@misc{{{bibtex_key(q.claim_id)},\n{body}\n}}\n")
    return "\n".join(entries)


def csl_json(quoted: Sequence[Quoted], page_address: str, built: date | None) -> str:
    items = []
    for q in quoted:
        issued = (
            [q.published.year, q.published.month, q.published.day]
            if isinstance(q.published, date)
            else [int(q.published)]
        )
        item = {
            "id": bibtex_key(q.claim_id),
            "type": "document",
            "title": q.title,
            "author": [{"literal": q.publisher}],
            "publisher": q.publisher,
            "issued": {"date-parts": [issued]},
            "note": (
                f"{q.figure}, the figure of {q.originator}"
                + (f" as relayed by {q.relayed_by}" if q.relayed_by else "")
                + f": “{_one_line(q.quote)}” Via tiplake, {page_address}"
            ),
        }
        if q.url:
            item["URL"] = q.url
        if built:
            item["accessed"] = {"date-parts": [[built.year, built.month, built.day]]}
        items.append(item)
    return json.dumps(items, ensure_ascii=False, indent=1) + "\n"


def cite(quoted: Sequence[Quoted], page: str, base_url: str | None, built: date | None) -> Citation:
    """The citation of a page giving `quoted` figures (a claim page one, an answer or a
    conflict page each of theirs)."""
    where = address(page, base_url)
    lines = [text_for(q) for q in quoted]
    lines.append(
        "Compiled by tiplake: "
        + where
        + ("" if base_url else " (address within the site)")
        + (f", database built {built.isoformat()}." if built else ".")
    )
    return Citation(
        "\n\n".join(lines),
        bibtex(quoted, where, built),
        csl_json(quoted, where, built),
        where,
        bool(base_url),
    )


__all__ = ["Citation", "Quoted", "address", "bibtex_key", "cite", "text_for"]
