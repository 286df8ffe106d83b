"""The evidence site: every figure with who says it and the sentence it comes from, in words a
reporter can quote and cite.

In:  a DuckDB connection to a built database (only read; nothing else: the documents' texts,
     the claims, the skips of the coverage audit and the words of every label are its tables
     and views), the database file (offered for download), a folder to write and, optionally,
     the address the site will be published at (`base_url`).
Out: a SiteResult: the folder, the pages written and how many of each kind.

A static site, HTML and CSS with a little JavaScript (the search box) and SVG charts, that works
opened from disk (file://) and from any static host, and loads nothing from any other host.
Every page is at a stable address:

    index.html                        the headline series, their charts, the justice funnel
    indicators/index.html             every indicator with a figure
    indicators/<indicator_code>.html  its definition and chart, one row a year (the figure to
                                      quote or why there is none), every figure by originator
    answers/<indicator_code>/<year>.html   the answer view's paragraph, then each figure with
                                      whose it is, who relayed it, its definition and quote,
                                      then the breakdowns (a year with a figure or a stated
                                      absence; not a year no document covers)
    claims/<report_id>/<claim>.html   one claim: value, qualifier, period, breakdown, who, relay,
                                      rival values, its conflicts, the quote
    documents/<report_id>.html        the whole text, every quote highlighted and linked, every
                                      number marked as claimed or skipped (with the reason)
    conflicts.html, conflicts/<conflict>.html   every disagreement in words; a page each with
                                      every quote and figure
    consistency.html, coverage.html   the views of the same names, in words
    glossary.html                     every label and badge explained (the term view)
    downloads/index.html              CSV and Parquet data packages and the .duckdb file
    search.html                       MiniSearch over every page (site/search.py)

Beside every claim, answer and conflict page are its citation's BibTeX (<page>.bib) and
CSL-JSON (<page>.csl.json); the page shows the citation text (site/cite.py) and its address,
full when `base_url` is given. Beside every table is its CSV (<page>[.<table>].csv, a text a
spreadsheet would run as a formula written with an apostrophe before it, as exports do).

Words: no code is shown as it is stored. Every kind, verdict, result, qualifier, dimension and
badge is shown by its label from the `term` view, with its explanation on hover and a link to
its glossary entry (glossary.html#<field>-<code>); a report by its identifier (TIP Report 2018,
09BAKU141); a claim by its figure in words. Badges carry an icon and a word besides a colour.

A claim's address is its id with the colon as a folder separator: `cable-09baku141:victims-2008`
is `claims/cable-09baku141/victims-2008.html` (a colon in a relative address would read as a
URL scheme). A quote's place in its document is `documents/<report_id>.html#q-<claim>`; every
highlighted piece of it is a `<mark>` whose `data-claims` lists the claims it belongs to (quotes
overlap), so the marks of one claim read back as its quote. A skipped span of 500 characters or
more at a document's start (a web page's navigation before a cable) is folded in a <details>.
A conflict's address is its id in lower case with every other run of characters a hyphen.

An id or code that is long or not plain (the seeds' patterns set no length, and a database built
elsewhere may hold any name) gets a short file name with a stable hash (outdir.file_stem: its first
80 characters, `--` and 10 hex digits of its sha256), in the page's address and in every link
to it; every real id and code is its own file name.

The folder is replaced whole (written beside it, then swapped in, as exports are); `/`, the home
folder, the checkout, the current folder, any folder holding one of them, and a folder that
holds anything the site did not write (a file, an empty folder, a symlink) are refused
(outdir.check). The documents' texts come from the database's `document` table (checked
against the sha256 its `report` table records); the coverage marks are the coverage audit
(audit.audit_text) over that text, the `claim` table's quotes and the `skip` table's spans.
No seeds and no checkout are read: a published file alone builds the site.

The pages are Jinja2 templates (tiplake/site/templates/: base.html, the layout; macros.html,
the pieces: links, badges, values, tables with their CSV, citations, charts, figure cards; and
one a page type), autoescaped: the page methods give plain data and every value is escaped
where a template writes it. The one piece of HTML built here is a document's annotated text
(annotate: thousands of pieces, each escaped). The style sheet and the scripts are files
(tiplake/site/static/). PAGE_TYPES lists every page type: its template and the method giving
each of its pages (address, title, context); build_site writes them in that order, so adding a
page is one entry.
"""

from __future__ import annotations

import csv
import hashlib
import html
import io
import json
import multiprocessing
import os
import re
import shutil
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache, cached_property
from importlib import resources
from pathlib import Path
from typing import Any

import duckdb

from tiplake import outdir
from tiplake.audit import audit_text
from tiplake.chart import (  # matplotlib: MissingExtra without it
    NothingToChart,
    alt_text,
    describe,
    draw,
)
from tiplake.extras import MissingExtra
from tiplake.outdir import file_stem
from tiplake.site.cite import Quoted, cite
from tiplake.site.cite import address as cite_address

try:  # the site extra (`pip install 'tiplake[site]'`): the pages are Jinja2 templates
    import jinja2
    from markupsafe import Markup
except ModuleNotFoundError as e:  # jinja2 or markupsafe, which it needs
    raise MissingExtra(e.name, "site") from e

MARKER = "tiplake-site.json"  # lists the files the site wrote; a folder without it is not ours
HEADLINE = ("victims_identified", "persons_prosecuted", "persons_convicted")
FUNNEL_STAGES = (
    "victims_identified",
    "suspects_investigated",
    "cases_investigated",
    "crimes_registered",
    "cases_sent_to_court",
    "persons_prosecuted",
    "persons_charged",
    "persons_convicted",
)
# The header's links on every page, from the site's root.
NAV = (
    ("index.html", "Home"),
    ("indicators/index.html", "Indicators"),
    ("documents/index.html", "Documents"),
    ("conflicts.html", "Conflicts"),
    ("consistency.html", "Consistency"),
    ("coverage.html", "Coverage"),
    ("glossary.html", "Glossary"),
    ("downloads/index.html", "Downloads"),
    ("search.html", "Search"),
)
# The caveats' icons: the word and the icon carry the meaning, the colour only repeats it.
ICONS = {
    "derived": "∑",
    "relayed": "↪",
    "restated": "↻",
    "bound": "≥",
    "low": "?",
    "preferred": "✓",
    "likely_error": "⚠",
    "disputed": "≠",
    "not_reported": "∅",
}
NUMBER = re.compile(r"-?[0-9][0-9,]*(\.[0-9]+)?")  # a number as text: no formula
BOUNDS = ("at_least", "more_than", "at_most", "range")
# A skipped span this long at a document's start (a web page's navigation) is folded.
PREAMBLE = 500
# The kinds a conflict can have (conflict.is_<kind>), in the view's order.
CONFLICT_KINDS = (
    "different_periods",
    "different_definitions",
    "different_breakdowns",
    "restatement_changed",
    "derived_vs_stated",
    "between_originators",
    "within_originator",
    "between_editions",
    "between_publications",
    "within_report",
)
COVERAGE_SYMBOLS = {
    "stated_total": "●",
    "derived_total": "◇",
    "breakdown_only": "◐",
    "not_reported": "–",
    "no_figure": "",
    "no_document": "",
}
# The glossary's sections: the term view's fields, in this order.
GLOSSARY_SECTIONS = (
    ("caveat", "Badges: what to beware of in a value"),
    ("verdict", "Answers: what the documents say about a year"),
    ("coverage", "Coverage: whether a year has a figure"),
    ("conflict_kind", "Kinds of disagreement"),
    ("result", "Consistency: do the parts add up?"),
    ("sum_kind", "Kinds of sum"),
    ("judgement", "Curators' judgements"),
    ("qualifier", "How a document words a number"),
    ("period_basis", "Kinds of period"),
    ("basis", "Ratios"),
    ("dimension", "Breakdowns"),
    ("pillar", "Pillars"),
    ("report_kind", "Kinds of document"),
    ("source_kind", "Kinds of originator"),
)


class SiteError(Exception):
    """The site cannot be built: the message says why and what to do."""


@dataclass(frozen=True)
class SiteResult:
    out_dir: Path
    pages: tuple[str, ...]  # relative paths of the HTML pages
    n_indicators: int
    n_claims: int
    n_documents: int
    n_charts: int


def esc(value: Any) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def _escape(value: Any) -> Markup:
    """Every value a template writes, escaped as esc() does (html.escape: `&quot;`, `&#x27;`;
    markupsafe's own escape writes `&#34;`, `&#39;`); a Markup value, HTML this module builds on
    purpose (each marked where it is built), is written as it is."""
    if hasattr(value, "__html__"):
        return value
    return Markup(esc(value))


@cache
def _templates() -> jinja2.Environment:
    """The pages' templates (tiplake/site/templates/), autoescaped: every value is escaped
    (_escape) unless it is Markup."""
    return jinja2.Environment(
        loader=jinja2.PackageLoader("tiplake.site", "templates"),
        autoescape=True,
        finalize=_escape,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )


def _static(name: str) -> str:
    """A file of tiplake/site/static/ (the style sheet, the search box's script)."""
    return resources.files("tiplake.site").joinpath("static", name).read_text(encoding="utf-8")


def claim_path(claim_id: str) -> str:
    """The claim page's address from the site's root."""
    report_id, local = claim_id.split(":", 1)
    return f"claims/{file_stem(report_id)}/{file_stem(local)}.html"


MAX_FILE_NAME = 100  # bytes of a file name the site writes (tests/test_output_safety.py)


def beside(page: str, name: str, suffix: str) -> str:
    """The path of a file written beside `page` (a table's CSV, a citation's BibTeX): the
    page's name, then `.name` and `suffix`; where that is longer than MAX_FILE_NAME (a page of a
    300-character id, whose name is already outdir.file_stem's longest), the name shortened
    the same way, with a hash. The page links it, so nothing guesses the name."""
    folder, _, stem = page[: -len(".html")].rpartition("/")
    named = f"{stem}.{name}" if name else stem
    if len(f"{named}{suffix}".encode()) > MAX_FILE_NAME:
        named = file_stem(named)
    return f"{folder}/{named}{suffix}" if folder else f"{named}{suffix}"


def indicator_path(indicator_code: str) -> str:
    """The indicator page's address from the site's root."""
    return f"indicators/{file_stem(indicator_code)}.html"


def document_path(report_id: str) -> str:
    """The document page's address from the site's root."""
    return f"documents/{file_stem(report_id)}.html"


def answer_path(indicator_code: str, year: int) -> str:
    """The answer page's address (one indicator, one year) from the site's root."""
    return f"answers/{file_stem(indicator_code)}/{int(year)}.html"


def conflict_path(conflict_id: str) -> str:
    """A conflict's page from the site's root: its id in lower case, every run of other
    characters than letters and digits a hyphen (`figure | AZE | cases_investigated | 2008 |
    all | cases` is conflicts/figure-aze-cases-investigated-2008-all-cases.html)."""
    slug = re.sub(r"[^a-z0-9]+", "-", conflict_id.lower()).strip("-")
    return f"conflicts/{file_stem(slug)}.html"


def chart_path(indicator_code: str) -> str:
    """The indicator chart's address from the site's root."""
    return f"charts/{file_stem(indicator_code)}.svg"


def _rows(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> list[dict]:
    cursor = con.execute(sql, params or [])
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


@dataclass(frozen=True)
class _ClaimSpan:
    """What the coverage audit reads of a claim (audit.audit_text, audit.supports)."""

    claim_id: str
    quote_start: int
    quote_end: int
    value: Any
    value_low: Any
    value_high: Any
    value_label: str | None
    year_from: int | None
    year_to: int | None


@dataclass(frozen=True)
class _Span:
    """A skip span, as audit.audit_text reads it."""

    start: int
    end: int
    reason: str


class _Site:
    def __init__(self, con, db_path: Path | None, out: Path, base_url: str | None = None):
        self.con = con
        self.db_path = db_path
        self.out = out
        self.base_url = base_url
        self.pages: list[str] = []
        self.files: list[str] = []
        self.sources = {r["source_id"]: r for r in _rows(con, "select * from source")}
        self.reports = {
            r["report_id"]: r for r in _rows(con, "select * from report order by published_year")
        }
        self.indicators = {
            r["indicator_code"]: r for r in _rows(con, "select * from indicator order by 1")
        }
        self.claims = {
            r["claim_id"]: r for r in _rows(con, "select * from claim_detail order by claim_id")
        }
        self.charts: dict[str, str] = {}
        self.texts: dict[str, str] = {}  # each report's document text (document_texts)
        self._audited: list[dict] | None = None  # documents_audited
        self._conflicts: dict[str, list[dict]] | None = None  # conflict_groups
        self._answers: dict[str, list[dict]] | None = None  # answers
        self._answer_figures: dict[tuple, list[dict]] | None = None  # answer_figures
        self._reconciled: dict[str, list[dict]] | None = None  # reconciled_of
        if not self._has_relation("term"):
            raise SiteError(
                "the database has no term view (built by an older tiplake); run tiplake build"
            )
        self.terms = {
            (r["field"], r["code"]): r
            for r in _rows(con, "select * from term order by field, sort_order, code")
        }
        built = (
            self.con.execute("select built_at from _meta").fetchone()
            if self._has("_meta")
            else None
        )
        self.built_on = built[0].date() if built and built[0] else None

    # --- writing --------------------------------------------------------------------------

    def write(self, rel: str, text: str) -> None:
        path = self.out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="\n")
        self.files.append(rel)
        if rel.endswith(".html"):
            self.pages.append(rel)

    def render(self, template: str, rel: str, title: str, context: dict) -> None:
        """Write the page `rel` from templates/<template>, inside the layout (base.html)."""
        self.write(
            rel,
            _templates()
            .get_template(template)
            .render(
                context,
                title=title,
                up="../" * rel.count("/"),
                nav=NAV,
                built_from=self.built_from(),
                canonical=cite_address(rel, self.base_url) if self.base_url else None,
            ),
        )

    def built_from(self) -> str:
        if not self._has("_meta"):
            return ""
        row = self.con.execute("select built_at, seeds_commit from _meta").fetchone()
        return (
            f"built {row[0]:%Y-%m-%d %H:%M} UTC from seeds commit {(row[1] or 'unknown')[:12]}"
            if row
            else ""
        )

    def _has_relation(self, name: str) -> bool:
        return bool(
            self.con.execute(
                "select 1 from information_schema.tables where table_name = ?", [name]
            ).fetchone()
        )

    def _has(self, table: str) -> bool:
        return bool(
            self.con.execute(
                "select 1 from duckdb_tables() where table_name = ?", [table]
            ).fetchone()
        )

    # --- words ----------------------------------------------------------------------------
    # Every code a page shows goes through the `term` view: its plain label, and its
    # explanation on hover and in the glossary (glossary.html#<field>-<code>).

    def term(self, field: str, code: str | None) -> dict:
        found = self.terms.get((field, code))
        if found is None:  # a code the view does not name (a check fails the build on one)
            text = (code or "").replace("_", " ")
            return {"field": field, "code": code, "label": text, "explanation": text}
        return found

    def label(self, field: str, code: str | None) -> str:
        return self.term(field, code)["label"] if code is not None else ""

    def breakdown_label(self, breakdown: str | None) -> str:
        """`exploitation_form=sexual, sex=female` as `form of exploitation: sexual; sex: female`."""
        if not breakdown or breakdown == "all":
            return "all (no breakdown)"
        parts = []
        for piece in breakdown.split(", "):
            dim, _, value = piece.partition("=")
            parts.append(f"{self.label('dimension', dim)}: {value.replace('_', ' ')}")
        return "; ".join(parts)

    def figure_words(self, row: dict) -> str:
        """What a figure is, in words: `Victims identified, 2017: 71 persons`."""
        label = self.indicators[row["indicator_code"]]["label"]
        breakdown = row.get("breakdown")
        by = f" ({self.breakdown_label(breakdown)})" if breakdown and breakdown != "all" else ""
        return f"{label}{by}, {row['period']}: {row['figure_text']}"

    # --- links, badges, values (data for the macros of templates/macros.html) -------------

    def claim_ref(self, claim_id: str, text: str | None = None) -> dict:
        """A link to a claim; its text, unless given, the figure in words and its document."""
        c = self.claims.get(claim_id)
        if text is None:
            text = f"{self.figure_words(c)} ({self.doc_name(c['report_id'])})" if c else claim_id
        return {"href": claim_path(claim_id) if c else None, "text": text, "title": claim_id}

    def doc_name(self, report_id: str) -> str:
        """A document's short name (its identifier: `TIP Report 2018`, `09BAKU141`)."""
        return (self.reports.get(report_id) or {}).get("identifier") or report_id

    def part_ref(self, claim_id: str) -> dict:
        """A link to a part a value is derived from: its breakdown (or indicator) and figure."""
        c = self.claims.get(claim_id)
        if c is None:
            return self.claim_ref(claim_id)
        what = (
            self.breakdown_label(c["breakdown"])
            if c["breakdown"] != "all"
            else self.indicators[c["indicator_code"]]["label"]
        )
        return self.claim_ref(claim_id, f"{c['figure_text']} ({what})")

    def source_name(self, source_id: str | None) -> str:
        if source_id is None:
            return ""
        return self.sources.get(source_id, {}).get("name") or source_id

    def sources_text(self, ids: str | None) -> str:
        return ", ".join(self.source_name(s.strip()) for s in (ids or "").split(",") if s.strip())

    def badge(self, kind: str, detail: str | None = None) -> dict:
        t = self.term("caveat", kind)
        title = t["explanation"] + (f" ({detail})" if detail else "")
        return {"kind": kind, "label": t["label"], "title": title, "icon": ICONS.get(kind, "•")}

    def badges(self, row: dict) -> list[dict]:
        """A value's caveats: derived, relayed or restated, a bound, low confidence, the
        curator's judgement, disputed."""
        out = []
        if row.get("is_derived"):
            out.append(self.badge("derived", row.get("derived_rule")))
        if row.get("is_restatement"):
            out.append(self.badge("restated"))
        elif row.get("is_relayed") or row.get("relayed_by"):
            out.append(self.badge("relayed", row.get("relayed_by")))
        if row.get("qualifier") in BOUNDS:
            out.append(self.badge("bound", self.label("qualifier", row["qualifier"])))
        if row.get("is_low_confidence"):
            out.append(self.badge("low", row.get("confidence_reason")))
        if row.get("judgement") in ("preferred", "likely_error"):
            out.append(self.badge(row["judgement"], row.get("judgement_reason")))
        if row.get("is_disputed"):
            out.append(self.badge("disputed", row.get("dissenting_figures")))
        return out

    def value(self, row: dict) -> dict:
        """A reconciled value: the figure linked to its claim (or to the parts it is derived
        from), who produced it, its caveats; or who did not report it."""
        if not row["is_reported"]:
            return {"reported": False, "not_reported_by": row.get("not_reported_by") or ""}
        parts = [
            self.part_ref(c.strip())
            for c in (row.get("part_claim_ids") or "").split(",")
            if c.strip() and row["is_derived"]
        ]
        main = (
            {"href": None, "text": row["figure_text"], "title": None}
            if row["is_derived"]
            else self.claim_ref(row["claim_id"], row["figure_text"])
        )
        who = self.source_name(
            row.get("original_source_id") or row["source_id"]
        ) or self.sources_text(row.get("part_source_ids"))
        return {**main, "reported": True, "parts": parts, "who": who, "badges": self.badges(row)}

    def plain(self, row: dict) -> str:
        """A reconciled value as one line of text (a table's CSV)."""
        if not row["is_reported"]:
            return "not reported" + (
                f" by {row['not_reported_by']}" if row.get("not_reported_by") else ""
            )
        who = self.source_name(
            row.get("original_source_id") or row["source_id"]
        ) or self.sources_text(row.get("part_source_ids"))
        caveats = [b["label"] for b in self.badges(row)]
        return f"{row['figure_text']} ({who})" + (f" [{', '.join(caveats)}]" if caveats else "")

    # --- files beside a page: a table's CSV, a citation's BibTeX and CSL-JSON -------------

    def csv(self, page: str, name: str, header: list[str], rows: Iterable[list]) -> str:
        """Write the table `name` of `page` as CSV beside it; the link from the page. A text
        cell a spreadsheet would run as a formula gets an apostrophe before it (as exports)."""
        from tiplake.export import FORMULA_START

        def cell(v: Any) -> Any:
            if isinstance(v, str) and v[:1] in FORMULA_START and not NUMBER.fullmatch(v):
                return "'" + v
            return "" if v is None else v

        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(header)
        for row in rows:
            writer.writerow([cell(v) for v in row])
        rel = beside(page, name, ".csv")
        self.write(rel, buf.getvalue())
        return rel.rsplit("/", 1)[-1]

    def quoted(self, c: dict) -> Quoted:
        report = self.reports[c["report_id"]]
        return Quoted(
            claim_id=c["claim_id"],
            figure=self.figure_words(c),
            originator=self.source_name(c["original_source_id"]),
            relayed_by=c.get("relayed_by"),
            quote=c["quote"],
            title=report["title"],
            publisher=report["publisher"],
            published=report["published_on"] or report["published_year"],
            url=report["url"],
        )

    def citation(self, page: str, claim_ids: Iterable[str]) -> dict:
        """The citation block of `page` for the figures of `claim_ids`, with its BibTeX and
        CSL-JSON written beside the page."""
        seen = list(dict.fromkeys(c for c in claim_ids if c in self.claims))
        c = cite([self.quoted(self.claims[i]) for i in seen], page, self.base_url, self.built_on)
        bib, csl = beside(page, "", ".bib"), beside(page, "csl", ".json")
        self.write(bib, c.bibtex)
        self.write(csl, c.csl_json)
        return {
            "text": c.text,
            "address": c.address,
            "is_absolute": c.is_absolute,
            "bib": bib.rsplit("/", 1)[-1],
            "csl": csl.rsplit("/", 1)[-1],
        }

    # --- charts ---------------------------------------------------------------------------

    def render_charts(self, jobs: int) -> None:
        """Every indicator's chart, drawn by `jobs` worker processes (a chart takes about 0.2 s
        of matplotlib); each worker opens the database read-only itself."""
        (self.out / "charts").mkdir(exist_ok=True)
        todo = [(code, self.out / chart_path(code)) for code in self.indicator_codes]
        if jobs > 1 and self.db_path is not None and len(todo) > 1:
            context = multiprocessing.get_context("fork")
            with context.Pool(jobs, _chart_worker_start, (self.db_path,)) as pool:
                drawn = pool.map(_chart_worker, todo, chunksize=4)
        else:
            drawn = [_draw_chart(self.con, code, path) for code, path in todo]
        for (code, _), ok in zip(todo, drawn, strict=True):
            self.charts[code] = chart_path(code) if ok else ""
            if ok:
                self.files.append(chart_path(code))

    def chart(self, indicator_code: str) -> dict | None:
        """The chart's image and its text alternative (chart.describe), or None."""
        rel = self.charts[indicator_code]
        if not rel:
            return None
        try:
            return {
                "src": rel,
                "alt": alt_text(self.con, indicator_code, "AZE"),
                "description": describe(self.con, indicator_code, "AZE"),
            }
        except NothingToChart:  # drawn, yet nothing to describe: say so rather than guess
            return {
                "src": rel,
                "alt": f"Chart of {self.indicators[indicator_code]['label']}",
                "description": "",
            }

    # --- the pages' contexts --------------------------------------------------------------
    # Each gives, for its page type, every page to write: (address, title, context). The
    # templates draw links, badges, values, tables and citations with the macros of
    # templates/macros.html from the plain data given here; every value is escaped there.

    def home(self) -> Iterator[tuple[str, str, dict]]:
        series = _rows(
            self.con,
            """select * from reconciled where indicator_code in ? and breakdown = 'all'
               and year_from = year_to order by year_from, indicator_code""",
            [list(HEADLINE)],
        )
        by_year: dict[int, dict[str, dict]] = defaultdict(dict)
        for row in series:
            by_year[row["year_from"]][row["indicator_code"]] = row
        n_conflicts, n_contradictions = self.con.execute(
            "select count(distinct conflict_id), count(distinct conflict_id) filter (where is_contradiction) from conflict"
        ).fetchone()
        years = sorted(by_year)
        headline_csv = self.csv(
            "index.html",
            "headline",
            ["year"] + [self.indicators[c]["label"] for c in HEADLINE],
            [
                [y] + [self.plain(by_year[y][c]) if c in by_year[y] else "" for c in HEADLINE]
                for y in years
            ],
        )
        funnel = self.funnel()
        yield (
            "index.html",
            "Trafficking in persons in Azerbaijan: the figures and who says them",
            {
                "n_reports": len(self.reports),
                "n_claims": len(self.claims),
                "documents": [
                    {
                        "path": document_path(r),
                        "title": m["title"],
                        "publisher": m["publisher"],
                        "year": m["published_year"],
                        "n_claims": sum(1 for c in self.claims.values() if c["report_id"] == r),
                    }
                    for r, m in self.reports.items()
                ],
                "headline": [
                    {"path": indicator_path(c), "label": self.indicators[c]["label"]}
                    for c in HEADLINE
                ],
                "headline_csv": headline_csv,
                "series": [
                    (
                        year,
                        [
                            self.value(by_year[year][c]) if c in by_year[year] else None
                            for c in HEADLINE
                        ],
                    )
                    for year in years
                ],
                "charts": [ch for ch in (self.chart(c) for c in HEADLINE) if ch],
                "funnel": funnel,
                "n_figures": self.con.execute("select count(*) from reconciled").fetchone()[0],
                "n_not_reported": self.con.execute(
                    "select count(*) from reconciled where not is_reported"
                ).fetchone()[0],
                "n_conflicts": n_conflicts,
                "n_contradictions": n_contradictions,
                "n_indicators": len(self.indicator_codes),
                "keywords": "trafficking in persons Azerbaijan statistics victims prosecutions convictions",
            },
        )

    def funnel(self) -> dict:
        """The justice funnel's table: its stages' labels and a row a year."""
        rows = _rows(self.con, "select * from justice_funnel where is_reconciled order by year")
        stages = [s for s in FUNNEL_STAGES if any(r[s] is not None for r in rows)]
        table, plain = [], []
        for r in rows:
            cells, texts = [], []
            for s in stages:
                if r[s] is None:
                    cells.append(None)
                    texts.append("")
                    continue
                qualifier = r[f"{s}_qualifier"]
                text = (
                    "" if qualifier == "exact" else self.label("qualifier", qualifier) + " "
                ) + str(r[s])
                who = self.sources_text(r[f"{s}_source_id"])
                cells.append(
                    {
                        **(
                            self.claim_ref(r[f"{s}_claim_id"], text)
                            if r[f"{s}_claim_id"]
                            else {"href": None, "text": text, "title": None}
                        ),
                        "reported": True,
                        "parts": [],
                        "who": who,
                        "badges": [self.badge("derived")] if r[f"{s}_is_derived"] else [],
                    }
                )
                texts.append(f"{text} ({who})" + (" [derived]" if r[f"{s}_is_derived"] else ""))
            basis = self.label("basis", r["convictions_per_100_victims_basis"])
            table.append(
                {
                    "year": r["year"],
                    "cells": cells,
                    "ratio": r["convictions_per_100_victims"],
                    "basis": basis,
                }
            )
            plain.append([r["year"], *texts, r["convictions_per_100_victims"], basis])
        labels = [self.indicators[s]["label"] for s in stages]
        csv_href = self.csv(
            "index.html", "funnel", ["year", *labels, "convictions per 100 victims", "basis"], plain
        )
        return {"stages": labels, "rows": table, "csv": csv_href}

    @property
    def indicator_codes(self) -> list[str]:
        return sorted({c["indicator_code"] for c in self.claims.values()})

    def indicators_index(self) -> Iterator[tuple[str, str, dict]]:
        rows = [
            {
                "href": indicator_path(code),
                "label": self.indicators[code]["label"],
                "pillar": self.term("pillar", self.indicators[code]["pillar"]),
                "unit": self.indicators[code]["unit"].replace("_", " "),
                "n_claims": sum(1 for c in self.claims.values() if c["indicator_code"] == code),
            }
            for code in self.indicator_codes
        ]
        csv_href = self.csv(
            "indicators/index.html",
            "",
            ["indicator", "code", "pillar", "unit", "claims"],
            [
                [r["label"], code, r["pillar"]["label"], r["unit"], r["n_claims"]]
                for code, r in zip(self.indicator_codes, rows, strict=True)
            ],
        )
        yield "indicators/index.html", "Indicators", {"indicators": rows, "csv": csv_href}

    def indicator_pages(self) -> Iterator[tuple[str, str, dict]]:
        for code in self.indicator_codes:
            yield self.indicator_page(code)

    @property
    def answers(self) -> dict[str, list[dict]]:
        """Each indicator's answers (the answer view, read once), from the first to the last
        year any document covers, by year."""
        if self._answers is None:
            rows = _rows(
                self.con,
                "select * from answer where country_iso3 = 'AZE' order by indicator_code, year",
            )
            covered = [r["year"] for r in rows if r["verdict"] != "no_document"]
            first, last = (min(covered), max(covered)) if covered else (0, -1)
            self._answers = defaultdict(list)
            for r in rows:
                if first <= r["year"] <= last:
                    self._answers[r["indicator_code"]].append(r)
        return self._answers

    def answer_figures(self, code: str, year: int) -> list[dict]:
        """The figures of one answer (the answer_figure view, read once)."""
        if self._answer_figures is None:
            self._answer_figures = defaultdict(list)
            for r in _rows(
                self.con,
                "select * from answer_figure where country_iso3 = 'AZE' "
                "order by published_year, report_id, member_id",
            ):
                self._answer_figures[(r["indicator_code"], r["year"])].append(r)
        return list(self._answer_figures.get((code, year), []))

    def reconciled_of(self, code: str) -> list[dict]:
        """An indicator's reconciled figures (the reconciled view, read once): totals first."""
        if self._reconciled is None:
            self._reconciled = defaultdict(list)
            for r in _rows(
                self.con,
                "select * from reconciled order by indicator_code, breakdown <> 'all', "
                "year_from nulls first, breakdown, unit",
            ):
                self._reconciled[r["indicator_code"]].append(r)
        return self._reconciled.get(code, [])

    def indicator_page(self, code: str) -> tuple[str, str, dict]:
        page = indicator_path(code)
        ind = self.indicators[code]
        figures = self.reconciled_of(code)
        claims_by_figure: dict[str, list[dict]] = defaultdict(list)
        for c in self.claims.values():
            if c["indicator_code"] == code:
                claims_by_figure[c["figure_key"]].append(c)
        source_ids = sorted(
            {c["original_source_id"] for cs in claims_by_figure.values() for c in cs}
        )
        originators = [self.source_name(s) for s in source_ids]
        series = []
        for a in self.answers.get(code, []):
            series.append(
                {
                    "year": a["year"],
                    "href": answer_path(code, a["year"]) if self.has_answer(a) else None,
                    "figure": a["headline_figure"],
                    "verdict": self.term("verdict", a["verdict"]),
                    "originators": a["originators"] or "",
                    "not_reported_by": a["not_reported_by"] or "",
                    "has_derived": a["has_derived"],
                    "other": a["other_definitions"] or "",
                }
            )
        series_csv = self.csv(
            page,
            "series",
            ["year", "figure", "verdict", "originators", "not reported by", "other definitions"],
            [
                [
                    s["year"],
                    s["figure"] or "",
                    s["verdict"]["label"],
                    s["originators"],
                    s["not_reported_by"],
                    s["other"],
                ]
                for s in series
            ],
        )
        rows = []
        for f in figures:
            cells = [
                [
                    {
                        "link": self.claim_ref(c["claim_id"], c["figure_text"]),
                        "report_id": self.doc_name(c["report_id"]),
                        "badges": self.badges(c),
                    }
                    for c in claims_by_figure[f["figure_key"]]
                    if c["original_source_id"] == s
                ]
                for s in source_ids
            ]
            rows.append(
                {
                    "period": f["period"],
                    "breakdown": self.breakdown_label(f["breakdown"]),
                    "is_all": f["breakdown"] == "all",
                    "value": self.value(f),
                    "plain": self.plain(f),
                    "cells": cells,
                    "dissent": f["dissenting_figures"],
                }
            )
        figures_csv = self.csv(
            page,
            "figures",
            ["period", "breakdown", "value to use", *originators, "dissent"],
            [
                [
                    r["period"],
                    r["breakdown"],
                    r["plain"],
                    *(
                        "; ".join(f"{x['link']['text']} [{x['report_id']}]" for x in cell)
                        for cell in r["cells"]
                    ),
                    r["dissent"] or "",
                ]
                for r in rows
            ],
        )
        return (
            page,
            ind["label"],
            {
                "code": code,
                "ind": ind,
                "pillar": self.term("pillar", ind["pillar"]),
                "equivalents": [
                    (label, ind[key])
                    for key, label in (
                        ("unodc_equivalent", "UNODC equivalent"),
                        ("sdg_equivalent", "SDG equivalent"),
                    )
                    if ind.get(key)
                ],
                "chart": self.chart(code),
                "series": series,
                "series_csv": series_csv,
                "originators": originators,
                "totals": [r for r in rows if r["is_all"]],
                "breakdowns": [r for r in rows if not r["is_all"]],
                "figures_csv": figures_csv,
                "keywords": f"{code.replace('_', ' ')} {ind['label']}",
            },
        )

    # --- answers: one page per indicator and year with a figure or a stated absence -------

    @staticmethod
    def has_answer(a: dict) -> bool:
        return a["verdict"] not in ("no_document", "no_figure") or a["coverage"] not in (
            "no_document",
            "no_figure",
        )

    def answer_pages(self) -> Iterator[tuple[str, str, dict]]:
        for code in self.indicator_codes:
            answers = [a for a in self.answers.get(code, []) if self.has_answer(a)]
            for n, a in enumerate(answers):
                yield self.answer_page(
                    a,
                    answers[n - 1]["year"] if n > 0 else None,
                    answers[n + 1]["year"] if n + 1 < len(answers) else None,
                )

    def answer_page(
        self, a: dict, previous: int | None, following: int | None
    ) -> tuple[str, str, dict]:
        code, year = a["indicator_code"], a["year"]
        page = answer_path(code, year)
        figures = self.answer_figures(code, year)
        order = {"figure": 0, "not_reported": 1, "other_definition": 2}
        figures.sort(key=lambda f: order.get(f["role"], 3))
        cards = []
        cited: list[str] = []
        for f in figures:
            parts = [p.strip() for p in (f["part_claim_ids"] or "").split(",") if p.strip()]
            if f["role"] == "figure":
                cited += [f["claim_id"]] if f["claim_id"] else parts
            report = self.reports.get(f["report_id"], {})
            cards.append(
                {
                    "role": f["role"],
                    "heading": (
                        "not reported" if f["role"] == "not_reported" else f["figure_text"]
                    ),
                    "other": f["member_indicator_label"]
                    if f["role"] == "other_definition"
                    else None,
                    "originator": f["original_source_name"] or "",
                    "relayed_by": f["relayed_by"],
                    "document": {
                        "href": document_path(f["report_id"]),
                        "text": report.get("title", f["report_id"]),
                        "title": f["report_id"],
                    },
                    "period": f["period"],
                    "period_basis": self.term("period_basis", f["period_basis"])
                    if f["period_basis"]
                    else None,
                    "definition": f["definition"],
                    "badges": self.badges({**f, "is_relayed": bool(f["relayed_by"])}),
                    "quote": f["quote"],
                    "claim": self.claim_ref(
                        f["claim_id"],
                        "The claim: its quote in context and its place in the document",
                    )
                    if f["claim_id"]
                    else None,
                    "parts": [self.part_ref(p) for p in parts],
                    "judgement": f["judgement_reason"],
                }
            )
        breakdowns = [
            r
            for r in self.reconciled_of(code)
            if r["year_from"] == year and r["year_to"] == year and r["breakdown"] != "all"
        ]
        rows = [
            {
                "breakdown": self.breakdown_label(b["breakdown"]),
                "value": self.value(b),
                "plain": self.plain(b),
            }
            for b in breakdowns
        ]
        label = self.indicators[code]["label"]
        return (
            page,
            f"{label} in Azerbaijan, {year}",
            {
                "answer": a,
                "verdict": self.term("verdict", a["verdict"]),
                "indicator": {"href": indicator_path(code), "text": label, "title": None},
                "cards": cards,
                "breakdowns": rows,
                "breakdowns_csv": self.csv(
                    page,
                    "breakdowns",
                    ["breakdown", "value"],
                    [[r["breakdown"], r["plain"]] for r in rows],
                )
                if rows
                else None,
                "previous": {
                    "href": answer_path(code, previous),
                    "text": str(previous),
                    "title": None,
                }
                if previous
                else None,
                "following": {
                    "href": answer_path(code, following),
                    "text": str(following),
                    "title": None,
                }
                if following
                else None,
                "cite": self.citation(page, cited),
                "keywords": f"{label} {year} {code.replace('_', ' ')} answer",
            },
        )

    # --- claims ---------------------------------------------------------------------------

    def claim_pages(self) -> Iterator[tuple[str, str, dict]]:
        restated_by: dict[str, list[str]] = defaultdict(list)
        for c in self.claims.values():
            if c.get("restates_claim_id"):
                restated_by[c["restates_claim_id"]].append(c["claim_id"])
        by_figure: dict[str, list[dict]] = defaultdict(list)
        for c in self.claims.values():
            by_figure[c["figure_key"]].append(c)
        for c in self.claims.values():
            rivals = [
                r["claim_id"]
                for r in by_figure[c["figure_key"]]
                if r["claim_id"] != c["claim_id"] and r["value_key"] != c["value_key"]
            ]
            yield self.claim_page(c, restated_by.get(c["claim_id"], []), rivals)

    def claim_page(
        self, c: dict, restated_by: list[str], rivals: list[str]
    ) -> tuple[str, str, dict]:
        """One claim's page. Its facts are (label, pieces): each piece a text or a link."""
        page = claim_path(c["claim_id"])
        report_id, local = c["claim_id"].split(":", 1)
        report = self.reports[report_id]
        ind_link = {
            "href": indicator_path(c["indicator_code"]),
            "text": self.indicators[c["indicator_code"]]["label"],
            "title": None,
        }
        facts: list[tuple[str, list]] = [
            ("Value", [c["figure_text"], f" (as written: “{c['value_text']}”)"]),
            ("Qualifier", [self.term("qualifier", c["qualifier"])]),
            ("Indicator", [ind_link]),
            ("Period", [c["period"]]),
            ("Breakdown", [self.breakdown_label(c["breakdown"])]),
            # whose figure it is (issue 28): a relayed figure is its originator's
            ("Originator", [self.source_name(c["original_source_id"])]),
            (
                "Document",
                [{"href": document_path(report_id), "text": report["title"], "title": report_id}],
            ),
            (
                "Publisher",
                [f"{report['publisher']}, {report['published_on'] or report['published_year']}"],
            ),
            (
                "Original",
                [{"href": None, "url": report["url"], "text": report["url"], "title": None}]
                if report["url"]
                else [report["url_note"] or "no public address known"],
            ),
        ]
        if c.get("relayed_by"):
            facts.append(("Relayed by", [c["relayed_by"] + " (not a second originator)"]))
        if c.get("attribution_reason"):
            facts.append(("Attribution", [c["attribution_reason"]]))
        if c.get("implied_by_claim_id"):
            facts.append(
                ("Implied by", [self.claim_ref(c["implied_by_claim_id"]), " (not stated)"])
            )
        if c.get("period_basis"):
            facts.append(("Kind of period", [self.term("period_basis", c["period_basis"])]))
        if c.get("restates_claim_id"):
            facts.append(
                (
                    "Restates",
                    [self.claim_ref(c["restates_claim_id"])]
                    + ([f" — {c['restatement_change']}"] if c.get("restatement_change") else []),
                )
            )
        if restated_by:
            facts.append(("Restated by", _joined([self.claim_ref(r) for r in restated_by])))
        if rivals:
            facts.append(
                (
                    "Other values of this figure",
                    _joined(
                        [
                            self.claim_ref(
                                r,
                                f"{self.claims[r]['figure_text']} ({self.doc_name(self.claims[r]['report_id'])})",
                            )
                            for r in rivals
                        ]
                    ),
                )
            )
        conflicts = self.conflicts_of.get(c["claim_id"], [])
        if conflicts:
            facts.append(
                (
                    "Part of",
                    _joined(
                        [
                            {
                                "href": conflict_path(k),
                                "text": self.conflict_titles[k],
                                "title": None,
                            }
                            for k in conflicts
                        ]
                    ),
                )
            )
        if c.get("judgement"):
            facts.append(
                (
                    "Curator's judgement",
                    [self.term("judgement", c["judgement"]), f": {c['judgement_reason']}"],
                )
            )
        if c.get("is_low_confidence"):
            facts.append(("Low confidence", [c.get("confidence_reason") or ""]))
        if c.get("note"):
            facts.append(("Note", [c["note"]]))
        return (
            page,
            self.figure_words(c),
            {
                "claim_id": c["claim_id"],
                "badges": self.badges(c),
                "facts": facts,
                "context_before": c["context_before"],
                "quote": c["quote"],
                "context_after": c["context_after"],
                "document": document_path(report_id),
                "local": local,
                "cite": self.citation(page, [c["claim_id"]]),
            },
        )

    # --- documents ------------------------------------------------------------------------

    def document_texts(self) -> dict[str, str]:
        """Each report's document text, from the `document` table, held to the sha256 the
        `report` table records."""
        if not self._has("document"):
            raise SiteError(
                "the database holds no documents (built before migration 0015); run tiplake build"
            )
        texts = {}
        for row in _rows(self.con, "select report_id, text from document"):
            texts[row["report_id"]] = row["text"]
        for report_id, meta in self.reports.items():
            text = texts.get(report_id)
            if text is None:
                raise SiteError(
                    f"the database holds no document for {report_id}; run tiplake build"
                )
            if hashlib.sha256(text.encode("utf-8")).hexdigest() != meta["sha256"]:
                raise SiteError(
                    f"the document of {report_id} in the database is not the one its report "
                    "records (sha256 differs); run tiplake build"
                )
        return texts

    def audited_claims(self) -> dict[str, list[_ClaimSpan]]:
        """Each report's claims, with what the coverage audit reads of them."""
        fields = ", ".join(_ClaimSpan.__dataclass_fields__)
        found: dict[str, list[_ClaimSpan]] = defaultdict(list)
        for row in _rows(self.con, f"select report_id, {fields} from claim order by claim_id"):
            found[row.pop("report_id")].append(_ClaimSpan(**row))
        return found

    def documents_audited(self) -> list[dict]:
        """Each document with its text, its claims, its skips and its coverage audit
        (computed once for the document pages and the documents' index)."""
        if self._audited is None:
            audited = self.audited_claims()
            skips = defaultdict(list)
            for row in _rows(
                self.con,
                "select report_id, span_start as start, span_end as end, reason from skip "
                "order by report_id, skip_no",
            ):
                skips[row["report_id"]].append(_Span(row["start"], row["end"], row["reason"]))
            self._audited = []
            for report_id, meta in self.reports.items():
                text = self.texts[report_id]
                cov = audit_text(report_id, text, audited[report_id], skips[report_id])
                claims = sorted(
                    (c for c in self.claims.values() if c["report_id"] == report_id),
                    key=lambda c: (c["quote_start"], c["quote_end"], c["claim_id"]),
                )
                self._audited.append(
                    {
                        "report_id": report_id,
                        "meta": meta,
                        "text": text,
                        "cov": cov,
                        "claims": claims,
                        "preamble": next(
                            (s for s in skips[report_id] if s.start == 0 and s.end >= PREAMBLE),
                            None,
                        ),
                        "counts": {
                            "n_claims": len(claims),
                            "n_numbers": cov.total,
                            "n_claimed": sum(1 for i in cov.items if i.by == "claim"),
                            "n_skipped": sum(1 for i in cov.items if i.by == "skip"),
                            "n_unaccounted": len(cov.unaccounted),
                        },
                    }
                )
        return self._audited

    def document_pages(self) -> Iterator[tuple[str, str, dict]]:
        for d in self.documents_audited():
            meta = d["meta"]
            facts: list[tuple[str, list]] = [
                (
                    "Original",
                    [{"href": None, "url": meta["url"], "text": meta["url"], "title": None}]
                    + ([f" — {meta['url_note']}"] if meta.get("url_note") else [])
                    if meta.get("url")
                    else [meta.get("url_note") or "no public address recorded in the manifest"],
                ),
                ("Publisher", [meta["publisher"]]),
                ("Published", [str(meta["published_on"] or meta["published_year"])]),
                ("Kind", [self.term("report_kind", meta["kind"])]),
                ("Citation", [meta["citation"]]),
                (
                    "License",
                    [{"code": meta["license"]}]
                    + ([f": {meta['license_note']}"] if meta.get("license_note") else [])
                    if meta.get("license")
                    else ["not recorded in the manifest"],
                ),
                ("sha256", [{"code": meta["sha256"]}]),
            ]
            pre = d["preamble"]
            yield (
                document_path(d["report_id"]),
                meta["title"],
                {
                    "facts": facts,
                    **d["counts"],
                    "preamble": {"reason": pre.reason, "n_chars": pre.end - pre.start}
                    if pre
                    else None,
                    # safe: annotate escapes every piece of the text it marks up
                    "text": Markup(self.annotate(d["text"], d["claims"], d["cov"].items, pre)),
                },
            )

    def documents_index(self) -> Iterator[tuple[str, str, dict]]:
        yield (
            "documents/index.html",
            "Documents",
            {
                "documents": [
                    {
                        "href": document_path(d["report_id"]),
                        "title": d["meta"]["title"],
                        **d["counts"],
                    }
                    for d in self.documents_audited()
                ]
            },
        )

    def annotate(self, text: str, claims: list[dict], mentions, preamble: _Span | None) -> str:
        """The text as HTML: quotes as marks (data-claims lists the claims of each piece),
        numbers as spans saying how they are accounted for, an anchor at each quote's start and
        a link to its claim at its end. A long skipped span at the very start (a web page's
        navigation before a cable) is folded in a <details>, its reason as the summary.
        The one piece of HTML built in Python: a document is thousands of pieces, and every
        text in it is escaped here (esc)."""
        cuts = {0, len(text)}
        for c in claims:
            cuts |= {c["quote_start"], c["quote_end"]}
        for m in mentions:
            cuts |= {m.mention.start, m.mention.end}
        if preamble is not None:
            cuts.add(preamble.end)
        starts: dict[int, list[dict]] = defaultdict(list)
        ends: dict[int, list[dict]] = defaultdict(list)
        for n, c in enumerate(claims, 1):
            c["_n"] = n
            starts[c["quote_start"]].append(c)
            ends[c["quote_end"]].append(c)
        out = []
        if preamble is not None:
            out.append(
                f'<details class="preamble"><summary>Text before the document '
                f"({preamble.end - preamble.start:,} characters, skipped: "
                f"{esc(preamble.reason)})</summary>"
            )
        points = sorted(cuts)
        for a, b in zip(points, points[1:], strict=False):
            if preamble is not None and a == preamble.end:
                out.append("</details>")
            for c in ends.get(a, []):
                out.append(
                    f'<a class="ref" href="../{claim_path(c["claim_id"])}" title="{esc(c["claim_id"])}: '
                    f'{esc(c["figure_text"])}">[{c["_n"]}]</a>'
                )
            for c in starts.get(a, []):
                out.append(
                    f'<span class="anchor" id="q-{esc(c["claim_id"].split(":", 1)[1])}"></span>'
                )
            piece = esc(text[a:b])
            mention = next(
                (m for m in mentions if m.mention.start <= a and b <= m.mention.end), None
            )
            if mention is not None:
                if mention.by == "claim":
                    piece = f'<span class="num claimed" title="stated by {esc(mention.ref)}">{piece}</span>'
                elif mention.by == "skip":
                    piece = f'<span class="num skipped" title="skipped: {esc(mention.ref)}">{piece}</span>'
                else:
                    piece = f'<span class="num unaccounted" title="unaccounted">{piece}</span>'
            inside = [c for c in claims if c["quote_start"] <= a and b <= c["quote_end"]]
            if inside:
                ids = " ".join(c["claim_id"].split(":", 1)[1] for c in inside)
                piece = f'<mark data-claims="{esc(ids)}">{piece}</mark>'
            out.append(piece)
        if preamble is not None and preamble.end >= len(text):
            out.append("</details>")
        for c in ends.get(len(text), []):
            out.append(f'<a class="ref" href="../{claim_path(c["claim_id"])}">[{c["_n"]}]</a>')
        return "".join(out)

    # --- conflicts and consistency --------------------------------------------------------

    @property
    def conflict_groups(self) -> dict[str, list[dict]]:
        if self._conflicts is None:
            groups: dict[str, list[dict]] = defaultdict(list)
            for r in _rows(self.con, "select * from conflict order by conflict_id, member_id"):
                groups[r["conflict_id"]].append(r)
            self._conflicts = dict(groups)
        return self._conflicts

    @cached_property
    def conflicts_of(self) -> dict[str, list[str]]:
        """Each claim's conflicts."""
        found: dict[str, list[str]] = defaultdict(list)
        for key, members in self.conflict_groups.items():
            for m in members:
                if m["claim_id"]:
                    found[m["claim_id"]].append(key)
        return found

    @cached_property
    def conflict_titles(self) -> dict[str, str]:
        """Each conflict's title: what figure, which period and breakdown, what kind."""
        titles = {}
        for key, members in self.conflict_groups.items():
            first = members[0]
            indicators = list(
                dict.fromkeys(self.indicators[m["indicator_code"]]["label"] for m in members)
            )
            breakdowns = list(dict.fromkeys(m["breakdown"] for m in members))
            what = " and ".join(indicators)
            if breakdowns == ["all"]:
                by = ""
            elif len(breakdowns) == 1:
                by = f" ({self.breakdown_label(breakdowns[0])})"
            else:  # the dimensions the parts are split by
                dims = dict.fromkeys(
                    self.label("dimension", piece.partition("=")[0])
                    for b in breakdowns
                    for piece in b.split(", ")
                    if b != "all"
                )
                by = f" (by {', '.join(dims)})"
            titles[key] = (
                f"{what}, {first['period']}{by}: {self.label('conflict_kind', first['conflict_kind'])}"
            )
        return titles

    def conflict_summary(self, key: str) -> dict:
        members = self.conflict_groups[key]
        first = members[0]
        kinds = [self.term("conflict_kind", k) for k in CONFLICT_KINDS if first.get(f"is_{k}")] or [
            self.term("conflict_kind", first["conflict_kind"])
        ]
        values = list(dict.fromkeys(m["figure_text"] for m in members))
        return {
            "key": key,
            "href": conflict_path(key),
            "title": self.conflict_titles[key],
            "kinds": kinds,
            "is_contradiction": first["is_contradiction"],
            "explained_by": first["explained_by"],
            "value_texts": values,
            "n_members": len(members),
            "originators": list(
                dict.fromkeys(
                    m["original_source_name"] for m in members if m["original_source_name"]
                )
            ),
            "reports": list(dict.fromkeys(self.doc_name(m["report_id"]) for m in members)),
        }

    def conflicts_page(self) -> Iterator[tuple[str, str, dict]]:
        groups = [self.conflict_summary(k) for k in self.conflict_groups]
        yield (
            "conflicts.html",
            "Conflicts",
            {
                "groups": groups,
                "keywords": "conflict conflicts disagreement contradiction disputed",
            },
        )

    def conflict_pages(self) -> Iterator[tuple[str, str, dict]]:
        for key, members in self.conflict_groups.items():
            page = conflict_path(key)
            cards = []
            for m in members:
                report = self.reports.get(m["report_id"], {})
                cards.append(
                    {
                        "figure": m["figure_text"],
                        "what": self.figure_words(m)
                        if m["claim_id"] is None
                        else self.figure_words(self.claims.get(m["claim_id"], m)),
                        "claim": self.claim_ref(
                            m["claim_id"],
                            "The claim: its quote in context and its place in the document",
                        )
                        if m["claim_id"]
                        else None,
                        "originator": m["original_source_name"] or self.source_name(m["source_id"]),
                        "relayed_by": m["relayed_by"],
                        "document": {
                            "href": document_path(m["report_id"]),
                            "text": report.get("title", m["report_id"]),
                            "title": m["report_id"],
                        },
                        "period_basis": self.term("period_basis", m["period_basis"])
                        if m["period_basis"]
                        else None,
                        "badges": self.badges({**m, "is_relayed": bool(m["relayed_by"])}),
                        "quote": m["quote"],
                        "judgement": self.term("judgement", m["judgement"])
                        if m["judgement"]
                        else None,
                        "judgement_reason": m["judgement_reason"],
                    }
                )
            summary = self.conflict_summary(key)
            yield (
                page,
                summary["title"],
                {
                    "summary": summary,
                    "explanation": members[0]["explanation"],
                    "explained_by": members[0]["explained_by"],
                    "cards": cards,
                    "conflict_id": key,
                    "cite": self.citation(page, [m["claim_id"] for m in members if m["claim_id"]]),
                    "keywords": "conflict disagreement",
                },
            )

    def part_words(self, claim_id: str, kind: str) -> str:
        """A part of a sum in words: its indicator (a sum across indicators) or its breakdown,
        and its figure."""
        c = self.claims.get(claim_id)
        if c is None:
            return claim_id
        what = (
            self.indicators[c["indicator_code"]]["label"]
            if kind == "across_indicators"
            else self.breakdown_label(c["breakdown"])
        )
        return f"{what}: {c['figure_text']}"

    def consistency_page(self) -> Iterator[tuple[str, str, dict]]:
        rows = _rows(self.con, "select * from consistency_check order by report_id, sum_id")
        out = []
        for r in rows:
            parts = [p.strip() for p in (r["part_claim_ids"] or "").split(",") if p.strip()]
            out.append(
                {
                    "document": {
                        "href": document_path(r["report_id"]),
                        "text": self.doc_name(r["report_id"]),
                        "title": self.reports[r["report_id"]]["title"],
                    },
                    "figure": f"{self.indicators[r['indicator_code']]['label']}, {r['year_from'] if r['year_from'] == r['year_to'] else str(r['year_from']) + '–' + str(r['year_to'])}"
                    + (
                        ""
                        if r["breakdown"] == "all"
                        else f" ({self.breakdown_label(r['breakdown'])})"
                    ),
                    "kind": self.term("sum_kind", r["kind"]),
                    "is_complete": r["is_complete"],
                    "total": self.claim_ref(
                        r["total_claim_id"], self.claims[r["total_claim_id"]]["figure_text"]
                    )
                    if r["total_claim_id"] in self.claims
                    else {"href": None, "text": "none stated", "title": None},
                    "parts": [self.claim_ref(p, self.part_words(p, r["kind"])) for p in parts],
                    "total_value": _number(
                        r["total_value"] if r["total_value"] is not None else r["total_amount"]
                    ),
                    "parts_sum": _number(
                        r["parts_sum_value"]
                        if r["parts_sum_value"] is not None
                        else r["parts_sum_amount"]
                    ),
                    "difference": _number(
                        r["difference_value"]
                        if r["difference_value"] is not None
                        else r["difference_amount"]
                    ),
                    "result": self.term("result", r["result"]),
                    "is_consistent": r["is_consistent"],
                    "reason": r["reason"],
                    "parts_text": "; ".join(self.part_words(p, r["kind"]) for p in parts),
                }
            )
        csv_href = self.csv(
            "consistency.html",
            "",
            [
                "document",
                "figure",
                "kind",
                "complete",
                "total",
                "parts",
                "parts sum",
                "difference",
                "result",
                "reason",
            ],
            [
                [
                    o["document"]["text"],
                    o["figure"],
                    o["kind"]["label"],
                    o["is_complete"],
                    o["total"]["text"],
                    o["parts_text"],
                    o["parts_sum"],
                    o["difference"],
                    o["result"]["label"],
                    o["reason"] or "",
                ]
                for o in out
            ],
        )
        yield (
            "consistency.html",
            "Consistency",
            {
                "rows": out,
                "csv": csv_href,
                "keywords": "consistency sum breakdown adds up total parts",
            },
        )

    def coverage_page(self) -> Iterator[tuple[str, str, dict]]:
        rows = _rows(
            self.con,
            """select * from indicator_coverage where indicator_code in
               (select indicator_code from indicator_coverage group by 1 having bool_or(is_reported_on))
               order by indicator_code, year""",
        )
        years = sorted({r["year"] for r in rows})
        grid: dict[str, dict[int, dict]] = defaultdict(dict)
        for r in rows:
            grid[r["indicator_code"]][r["year"]] = r
        cells = {
            code: [
                self.term("coverage", grid[code][y]["coverage"])
                | {"symbol": COVERAGE_SYMBOLS.get(grid[code][y]["coverage"], "")}
                if y in grid[code]
                else None
                for y in years
            ]
            for code in grid
        }
        csv_href = self.csv(
            "coverage.html",
            "",
            ["indicator", *years],
            [
                [self.indicators[code]["label"], *((c["label"] if c else "") for c in cells[code])]
                for code in grid
            ],
        )
        yield (
            "coverage.html",
            "Coverage",
            {
                "years": years,
                "legend": [
                    self.term("coverage", k) | {"symbol": s}
                    for k, s in COVERAGE_SYMBOLS.items()
                    if s
                ],
                "rows": [
                    {
                        "href": indicator_path(code),
                        "label": self.indicators[code]["label"],
                        "cells": cells[code],
                    }
                    for code in grid
                ],
                "csv": csv_href,
            },
        )

    def glossary_page(self) -> Iterator[tuple[str, str, dict]]:
        fields: dict[str, list[dict]] = defaultdict(list)
        for (field, _), t in self.terms.items():
            fields[field].append(t)
        sections = [
            {
                "field": field,
                "title": title,
                "terms": [
                    t | ({"icon": ICONS.get(t["code"], "")} if field == "caveat" else {})
                    for t in sorted(fields.get(field, []), key=lambda t: t["sort_order"])
                ],
            }
            for field, title in GLOSSARY_SECTIONS
            if fields.get(field)
        ]
        yield (
            "glossary.html",
            "Glossary",
            {"sections": sections, "keywords": "glossary badge meaning definitions"},
        )

    # --- downloads and search ------------------------------------------------------------

    def downloads(self) -> None:
        """The data packages and the database file, beside the downloads page."""
        from tiplake.export import export

        for fmt in ("csv", "parquet"):
            export(self.con, self.out / "downloads" / fmt, fmt)
        for path in (self.out / "downloads").rglob("*"):
            if path.is_file():
                self.files.append(path.relative_to(self.out).as_posix())
        if self.db_path is not None:
            shutil.copyfile(self.db_path, self.out / "downloads" / "tiplake.duckdb")
            self.files.append("downloads/tiplake.duckdb")

    def downloads_page(self) -> Iterator[tuple[str, str, dict]]:
        database = "tiplake.duckdb" if self.db_path is not None else None
        yield "downloads/index.html", "Downloads", {"database": database}

    def search_files(self) -> None:
        """The search index over every page written so far (all but the search page), with
        MiniSearch and the search box's script (site/search.py)."""
        from tiplake.site.search import write_index

        self.files.extend(write_index(self.out, [p for p in self.pages if p != "search.html"]))

    def search_page(self) -> Iterator[tuple[str, str, dict]]:
        yield "search.html", "Search", {}


def _joined(items: list) -> list:
    """Pieces separated by commas."""
    out: list = []
    for n, item in enumerate(items):
        if n:
            out.append(", ")
        out.append(item)
    return out


def _number(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    try:
        from decimal import Decimal

        if isinstance(value, Decimal):
            value = value.normalize()
            if value == value.to_integral():
                value = int(value)
    except ImportError:  # pragma: no cover
        pass
    return f"{value:,}" if isinstance(value, int) else str(value)


def _draw_chart(con, indicator_code: str, path: Path) -> bool:
    try:
        draw(con, indicator_code, "AZE", out=path)
    except NothingToChart:  # no annual figure without breakdown; any other error is raised
        return False
    return True


_worker_con = None


def _chart_worker_start(db_path: Path) -> None:
    global _worker_con
    from tiplake.api import open_read_only

    _worker_con = open_read_only(db_path)


def _chart_worker(item: tuple[str, Path]) -> bool:
    return _draw_chart(_worker_con, *item)


def _check_out(out: Path) -> Path:
    """The folder to write for `out`; refuses one the site would replace but did not write
    (its MARKER lists what it wrote; outdir.check says what else is refused)."""

    def ours(folder: Path) -> set[str]:
        try:
            files = json.loads((folder / MARKER).read_text(encoding="utf-8"))["files"]
            return {f for f in files if isinstance(f, str)} | {MARKER}
        except (OSError, ValueError, KeyError, TypeError):
            return set()

    try:
        return outdir.check(out, "site", ours, "build/site")
    except outdir.OutputError as e:
        raise SiteError(str(e)) from None


@dataclass(frozen=True)
class PageType:
    """A kind of page: its template (templates/<name>.html) and the method of _Site that gives
    each of its pages (address, title, the template's context); `files`, if any, writes what
    the pages link to first (data files, scripts)."""

    name: str
    pages: Callable[[_Site], Iterable[tuple[str, str, dict]]]
    files: Callable[[_Site], None] | None = None

    @property
    def template(self) -> str:
        return f"{self.name}.html"


# Every page type, in the order written: adding a page is one entry (and its template).
PAGE_TYPES: tuple[PageType, ...] = (
    PageType("home", _Site.home),
    PageType("indicator", _Site.indicator_pages),
    PageType("indicators", _Site.indicators_index),
    PageType("answer", _Site.answer_pages),
    PageType("claim", _Site.claim_pages),
    PageType("document", _Site.document_pages),
    PageType("documents", _Site.documents_index),
    PageType("conflicts", _Site.conflicts_page),
    PageType("conflict", _Site.conflict_pages),
    PageType("consistency", _Site.consistency_page),
    PageType("coverage", _Site.coverage_page),
    PageType("glossary", _Site.glossary_page),
    PageType("downloads", _Site.downloads_page, _Site.downloads),
    # last: its index is made from every page written before it
    PageType("search", _Site.search_page, _Site.search_files),
)


def build_site(
    con: duckdb.DuckDBPyConnection,
    out: Path,
    db_path: Path | None = None,
    jobs: int | None = None,
    base_url: str | None = None,
) -> SiteResult:
    """Write the site to `out` from the database alone (see the module docstring).
    `base_url`: the address the site will be published at; each page then gives its full
    address in its citation and a canonical link (without one, addresses within the site)."""
    out = Path(out)
    if base_url is not None and not re.fullmatch(r"https?://[^\s<>\"']+", base_url):
        raise SiteError(f"--base-url must be an http(s) address, not {base_url!r}")
    target = _check_out(out)
    with outdir.replacing(target) as tmp:
        site = _Site(con, db_path, tmp, base_url)
        site.texts = site.document_texts()  # held to their checksums before any page is drawn
        site.write("style.css", _static("style.css"))
        site.render_charts(jobs if jobs is not None else min(4, os.cpu_count() or 1))
        for page_type in PAGE_TYPES:
            if page_type.files is not None:
                page_type.files(site)
            for rel, title, context in page_type.pages(site):
                site.render(page_type.template, rel, title, context)
        (tmp / MARKER).write_text(
            json.dumps({"files": sorted(site.files)}, indent=1) + "\n", encoding="utf-8"
        )
    return SiteResult(
        out,
        tuple(site.pages),
        len(site.indicator_codes),
        len(site.claims),
        len(site.reports),
        sum(1 for v in site.charts.values() if v),
    )
