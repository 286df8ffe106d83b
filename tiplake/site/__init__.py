"""The evidence site: every figure with who says it and the sentence it comes from.

In:  a DuckDB connection to a built database (only read; nothing else: the documents' texts,
     the claims and the skips of the coverage audit are its tables), the database file
     (offered for download) and a folder to write.
Out: a SiteResult: the folder, the pages written and how many of each kind.

A static site, HTML and CSS with a little JavaScript (the search box) and SVG charts, that works
opened from disk (file://) and from any static host, and loads nothing from any other host.
Every page is at a stable address:

    index.html                        what tiplake is, the documents, the headline series, the funnel
    indicators/index.html             every indicator with a figure
    indicators/<indicator_code>.html  its definition, chart and table (year by originator)
    claims/<report_id>/<claim>.html   one claim: value, qualifier, period, breakdown, who, quote
    documents/<report_id>.html        the whole text, every quote highlighted and linked, every
                                      number marked as claimed or skipped (with the reason)
    conflicts.html, consistency.html, coverage.html   the views of the same names
    downloads/index.html              CSV and Parquet data packages and the .duckdb file
    search.html                       a search box over indicators and claims (search-index.js)

A claim's address is its id with the colon as a folder separator: `cable-09baku141:victims-2008`
is `claims/cable-09baku141/victims-2008.html` (a colon in a relative address would read as a
URL scheme). A quote's place in its document is `documents/<report_id>.html#q-<claim>`; every
highlighted piece of it is a `<mark>` whose `data-claims` lists the claims it belongs to (quotes
overlap), so the marks of one claim read back as its quote.

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

The pages are Jinja2 templates (tiplake/site/templates/: base.html, the layout, and one a page
type), autoescaped: a value is written escaped unless it is Markup, HTML this module builds on
purpose (a link, a badge, a value cell, the annotated document text: each marked where it is
built). The style sheet and the search box's script are files (tiplake/site/static/).
PAGE_TYPES lists every page type: its template and the method giving each of its pages
(address, title, context); build_site writes them in that order, so adding a page is one entry.
"""

from __future__ import annotations

import hashlib
import html
import json
import multiprocessing
import os
import shutil
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import duckdb

from tiplake import outdir
from tiplake.audit import audit_text
from tiplake.chart import NothingToChart, draw  # matplotlib: MissingExtra without the site extra
from tiplake.extras import MissingExtra
from tiplake.outdir import file_stem

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
    ("downloads/index.html", "Downloads"),
    ("search.html", "Search"),
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


def indicator_path(indicator_code: str) -> str:
    """The indicator page's address from the site's root."""
    return f"indicators/{file_stem(indicator_code)}.html"


def document_path(report_id: str) -> str:
    """The document page's address from the site's root."""
    return f"documents/{file_stem(report_id)}.html"


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
    def __init__(self, con, db_path: Path | None, out: Path):
        self.con = con
        self.db_path = db_path
        self.out = out
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

    def _has(self, table: str) -> bool:
        return bool(
            self.con.execute(
                "select 1 from duckdb_tables() where table_name = ?", [table]
            ).fetchone()
        )

    # --- links ----------------------------------------------------------------------------

    def claim_link(self, claim_id: str, up: str, text: str | None = None) -> str:
        if claim_id not in self.claims:
            return esc(text or claim_id)
        return f'<a href="{up}{claim_path(claim_id)}" title="{esc(claim_id)}">{esc(text or claim_id)}</a>'

    def source_name(self, source_id: str | None) -> str:
        if source_id is None:
            return ""
        return self.sources.get(source_id, {}).get("name") or source_id

    def sources_text(self, ids: str | None) -> str:
        return ", ".join(self.source_name(s.strip()) for s in (ids or "").split(",") if s.strip())

    def flags(self, row: dict) -> str:
        """The caveats of a value, as badges: derived, restated, low confidence, judged, disputed."""
        out = []
        if row.get("is_derived"):
            out.append(
                f'<span class="flag derived" title="{esc(row.get("derived_rule"))}">derived</span>'
            )
        if row.get("is_restatement"):
            out.append(
                '<span class="flag restated" title="repeats a figure first stated in another claim: not a second source">restated</span>'
            )
        elif row.get("is_relayed"):
            out.append(
                '<span class="flag relayed" title="the document relays another originator\'s figure: not a second originator">relayed</span>'
            )
        if row.get("is_low_confidence"):
            out.append('<span class="flag low">low confidence</span>')
        if row.get("judgement"):
            out.append(
                f'<span class="flag judged">{esc(row["judgement"].replace("_", " "))}</span>'
            )
        if row.get("is_disputed"):
            out.append(
                f'<span class="flag disputed" title="{esc(row.get("dissenting_figures"))}">disputed</span>'
            )
        return " ".join(out)

    def value_cell(self, row: dict, up: str) -> str:
        """A reconciled value: the figure, who states it, its claim or parts, its caveats."""
        if not row["is_reported"]:
            who = esc(row.get("not_reported_by") or "")
            return f'<span class="nr" title="not reported by {who}">not reported</span>'
        if row["is_derived"]:
            parts = ", ".join(
                self.claim_link(c.strip(), up, c.strip().split(":", 1)[1])
                for c in (row.get("part_claim_ids") or "").split(",")
                if c.strip()
            )
            main = f"{esc(row['figure_text'])} <small>from {parts}</small>"
        else:
            main = self.claim_link(row["claim_id"], up, row["figure_text"])
        who = self.source_name(row["source_id"]) or self.sources_text(row.get("part_source_ids"))
        return f"{main} <small>({esc(who)})</small> {self.flags(row)}"

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

    def chart(self, indicator_code: str, up: str) -> str:
        rel = self.charts[indicator_code]
        if not rel:
            return '<p class="note">No annual figure without breakdown to chart.</p>'
        label = self.indicators[indicator_code]["label"]
        return (
            f'<figure><img class="chart" src="{up}{rel}" alt="Chart of {esc(label)} by year and '
            f'originator"><figcaption>Each originator in its own colour; the line is the '
            f"reconciled value; hollow marks are derived or not reported.</figcaption></figure>"
        )

    # --- pages ----------------------------------------------------------------------------
    # --- the pages' contexts --------------------------------------------------------------
    # Each gives, for its page type, every page to write: (address, title, context). The
    # template (templates/<name>.html) escapes every value of the context except a Markup one:
    # the fragments built here on purpose (a link, a badge, a value cell, the annotated text),
    # each of which escapes its own texts with esc().

    def home(self) -> Iterator[tuple[str, str, dict]]:
        up = ""
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
                "series": [
                    (
                        year,
                        [
                            Markup(self.value_cell(by_year[year][c], up))
                            if c in by_year[year]
                            else ""
                            for c in HEADLINE
                        ],
                    )
                    for year in sorted(by_year)
                ],
                "charts": [Markup(self.chart(c, up)) for c in HEADLINE],
                "funnel": self.funnel(up),
                "n_figures": self.con.execute("select count(*) from reconciled").fetchone()[0],
                "n_not_reported": self.con.execute(
                    "select count(*) from reconciled where not is_reported"
                ).fetchone()[0],
                "n_conflicts": n_conflicts,
                "n_contradictions": n_contradictions,
                "n_indicators": len(self.indicator_codes),
            },
        )

    def funnel(self, up: str) -> dict:
        """The justice funnel's table: its stages' labels and a row a year."""
        rows = _rows(self.con, "select * from justice_funnel where is_reconciled order by year")
        stages = [s for s in FUNNEL_STAGES if any(r[s] is not None for r in rows)]
        table = []
        for r in rows:
            cells = []
            for s in stages:
                if r[s] is None:
                    cells.append("")
                    continue
                qualifier = r[f"{s}_qualifier"]
                text = ("" if qualifier == "exact" else qualifier.replace("_", " ") + " ") + str(
                    r[s]
                )
                link = (
                    self.claim_link(r[f"{s}_claim_id"], up, text)
                    if r[f"{s}_claim_id"]
                    else esc(text)
                )
                derived = (
                    ' <span class="flag derived">derived</span>' if r[f"{s}_is_derived"] else ""
                )
                # safe: built here, every text in it escaped
                cells.append(
                    Markup(
                        f"{link} <small>({esc(self.sources_text(r[f'{s}_source_id']))})</small>{derived}"
                    )
                )
            basis = r["convictions_per_100_victims_basis"]
            table.append(
                {
                    "year": r["year"],
                    "cells": cells,
                    "ratio": r["convictions_per_100_victims"],
                    "basis": (basis or "").replace("_", " "),
                }
            )
        return {"stages": [self.indicators[s]["label"] for s in stages], "rows": table}

    @property
    def indicator_codes(self) -> list[str]:
        return sorted({c["indicator_code"] for c in self.claims.values()})

    def indicators_index(self) -> Iterator[tuple[str, str, dict]]:
        yield (
            "indicators/index.html",
            "Indicators",
            {
                "indicators": [
                    {
                        "href": indicator_path(code).split("/", 1)[1],
                        "label": self.indicators[code]["label"],
                        "pillar": self.indicators[code]["pillar"],
                        "unit": self.indicators[code]["unit"],
                        "n_claims": sum(
                            1 for c in self.claims.values() if c["indicator_code"] == code
                        ),
                    }
                    for code in self.indicator_codes
                ]
            },
        )

    def indicator_pages(self) -> Iterator[tuple[str, str, dict]]:
        for code in self.indicator_codes:
            yield self.indicator_page(code)

    def indicator_page(self, code: str) -> tuple[str, str, dict]:
        up = "../"
        ind = self.indicators[code]
        figures = _rows(
            self.con,
            "select * from reconciled where indicator_code = ? order by year_from nulls first, breakdown, unit",
            [code],
        )
        claims_by_figure: dict[str, list[dict]] = defaultdict(list)
        for c in self.claims.values():
            if c["indicator_code"] == code:
                claims_by_figure[c["figure_key"]].append(c)
        source_ids = sorted({c["source_id"] for cs in claims_by_figure.values() for c in cs})
        return (
            indicator_path(code),
            ind["label"],
            {
                "code": code,
                "ind": ind,
                "equivalents": [
                    (label, ind[key])
                    for key, label in (
                        ("unodc_equivalent", "UNODC equivalent"),
                        ("sdg_equivalent", "SDG equivalent"),
                    )
                    if ind.get(key)
                ],
                "chart": Markup(self.chart(code, up)),
                "originators": [self.source_name(s) for s in source_ids],
                "figures": [
                    {
                        "period": f["period"],
                        "breakdown": f["breakdown"],
                        "value": Markup(self.value_cell(f, up)),
                        "cells": [
                            [
                                {
                                    "link": Markup(
                                        self.claim_link(c["claim_id"], up, c["figure_text"])
                                    ),
                                    "report_id": c["report_id"],
                                    "flags": Markup(self.flags(c)),
                                }
                                for c in claims_by_figure[f["figure_key"]]
                                if c["source_id"] == s
                            ]
                            for s in source_ids
                        ],
                        "dissent": f["dissenting_figures"],
                    }
                    for f in figures
                ],
            },
        )

    def claim_pages(self) -> Iterator[tuple[str, str, dict]]:
        restated_by: dict[str, list[str]] = defaultdict(list)
        for c in self.claims.values():
            if c.get("restates_claim_id"):
                restated_by[c["restates_claim_id"]].append(c["claim_id"])
        for c in self.claims.values():
            yield self.claim_page(c, restated_by.get(c["claim_id"], []))

    def claim_page(self, c: dict, restated_by: list[str]) -> tuple[str, str, dict]:
        """One claim's page. Its facts are (label, value) pairs: each value is Markup, built here
        with its texts escaped (esc) around the links it holds."""
        up = "../../"
        report_id, local = c["claim_id"].split(":", 1)
        facts = [
            (
                "Value",
                f"{esc(c['figure_text'])} <small>(as written: “{esc(c['value_text'])}”)</small>",
            ),
            ("Qualifier", esc(c["qualifier"])),
            (
                "Indicator",
                f'<a href="{up}{indicator_path(c["indicator_code"])}">{esc(self.indicators[c["indicator_code"]]["label"])}</a>',
            ),
            ("Period", esc(c["period"])),
            ("Breakdown", esc(c["breakdown"])),
            # whose figure it is (issue 28): a relayed figure is its originator's
            ("Originator", esc(self.source_name(c["original_source_id"]))),
            (
                "Report",
                f'<a href="{up}{document_path(report_id)}">{esc(self.reports[report_id]["title"])}</a>',
            ),
        ]
        if c.get("relayed_by"):
            facts.append(("Relayed by", esc(c["relayed_by"]) + " (not a second originator)"))
        if c.get("attribution_reason"):
            facts.append(("Attribution", esc(c["attribution_reason"])))
        if c.get("implied_by_claim_id"):
            facts.append(
                ("Implied by", self.claim_link(c["implied_by_claim_id"], up) + " (not stated)")
            )
        if c.get("period_basis") == "reporting_period":
            facts.append(("Period basis", "the TIP reporting period (April to March)"))
        if c.get("restates_claim_id"):
            facts.append(
                (
                    "Restates",
                    self.claim_link(c["restates_claim_id"], up)
                    + (f" — {esc(c['restatement_change'])}" if c.get("restatement_change") else ""),
                )
            )
        if restated_by:
            facts.append(("Restated by", ", ".join(self.claim_link(r, up) for r in restated_by)))
        if c.get("judgement"):
            facts.append(
                (
                    "Curator's judgement",
                    f"{esc(c['judgement'].replace('_', ' '))}: {esc(c['judgement_reason'])}",
                )
            )
        if c.get("is_low_confidence"):
            facts.append(("Low confidence", esc(c.get("confidence_reason"))))
        if c.get("note"):
            facts.append(("Note", esc(c["note"])))
        return (
            claim_path(c["claim_id"]),
            f"{self.indicators[c['indicator_code']]['label']}, {c['period']}: {c['figure_text']}",
            {
                "claim_id": c["claim_id"],
                "flags": Markup(self.flags(c)),
                # safe: the labels are this code's words, the values built above (escaped)
                "facts": [(Markup(k), Markup(v)) for k, v in facts],
                "context_before": c["context_before"],
                "quote": c["quote"],
                "context_after": c["context_after"],
                "document": document_path(report_id),
                "local": local,
            },
        )

    def documents_audited(self) -> list[dict]:
        """Each document with its text, its claims and its coverage audit (computed once for
        the document pages and the documents' index)."""
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
            facts = [
                ("Original", self.document_url(meta)),
                ("Publisher", esc(meta["publisher"])),
                ("Published", esc(meta["published_on"] or meta["published_year"])),
                ("Kind", esc(meta["kind"])),
                ("Citation", esc(meta["citation"])),
                ("License", self.document_license(meta)),
                ("sha256", f"<code>{esc(meta['sha256'])}</code>"),
            ]
            yield (
                document_path(d["report_id"]),
                meta["title"],
                {
                    # safe: the values are built here, their texts escaped
                    "facts": [(k, Markup(v)) for k, v in facts],
                    **d["counts"],
                    "text": Markup(self.annotate(d["text"], d["claims"], d["cov"].items)),
                },
            )

    def documents_index(self) -> Iterator[tuple[str, str, dict]]:
        yield (
            "documents/index.html",
            "Documents",
            {
                "documents": [
                    {
                        "href": document_path(d["report_id"]).split("/", 1)[1],
                        "title": d["meta"]["title"],
                        **d["counts"],
                    }
                    for d in self.documents_audited()
                ]
            },
        )

    @staticmethod
    def document_url(meta: dict) -> str:
        """The document's public address, linked, and what it points at when it is not the
        document itself (or why there is none)."""
        note = meta.get("url_note")
        if not meta.get("url"):
            return esc(note or "no public URL recorded in the manifest")
        link = f'<a href="{esc(meta["url"])}">{esc(meta["url"])}</a>'
        return f"{link}<br><small>{esc(note)}</small>" if note else link

    @staticmethod
    def document_license(meta: dict) -> str:
        """The document's own license status (the data's is on the downloads page)."""
        if not meta.get("license"):
            return "not recorded in the manifest"
        note = meta.get("license_note")
        return f"<code>{esc(meta['license'])}</code>" + (f": {esc(note)}" if note else "")

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

    def annotate(self, text: str, claims: list[dict], mentions) -> str:
        """The text as HTML: quotes as marks (data-claims lists the claims of each piece),
        numbers as spans saying how they are accounted for, an anchor at each quote's start and
        a link to its claim at its end."""
        cuts = {0, len(text)}
        for c in claims:
            cuts |= {c["quote_start"], c["quote_end"]}
        for m in mentions:
            cuts |= {m.mention.start, m.mention.end}
        starts: dict[int, list[dict]] = defaultdict(list)
        ends: dict[int, list[dict]] = defaultdict(list)
        for n, c in enumerate(claims, 1):
            c["_n"] = n
            starts[c["quote_start"]].append(c)
            ends[c["quote_end"]].append(c)
        out = []
        points = sorted(cuts)
        for a, b in zip(points, points[1:], strict=False):
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
        for c in ends.get(len(text), []):
            out.append(f'<a class="ref" href="../{claim_path(c["claim_id"])}">[{c["_n"]}]</a>')
        return "".join(out)

    def conflicts_page(self) -> Iterator[tuple[str, str, dict]]:
        rows = _rows(self.con, "select * from conflict order by conflict_id, member_id")
        groups: dict[str, list[dict]] = defaultdict(list)
        for r in rows:
            groups[r["conflict_id"]].append(r)
        yield (
            "conflicts.html",
            "Conflicts",
            {
                "groups": [
                    {
                        "href": indicator_path(members[0]["indicator_code"]),
                        "indicator": self.indicators[members[0]["indicator_code"]]["label"],
                        "period": members[0]["period"],
                        "kind": members[0]["conflict_kind"].replace("_", " "),
                        "label": "contradiction"
                        if members[0]["is_contradiction"]
                        else "not a contradiction",
                        "explanation": members[0]["explanation"],
                        "members": [
                            {
                                "figure": Markup(
                                    self.claim_link(m["claim_id"], "", m["figure_text"])
                                )
                                if m["claim_id"]
                                else m["figure_text"],
                                "source": self.source_name(m["source_id"]),
                                "report_id": m["report_id"],
                                "period": m["period"],
                                "flags": Markup(self.flags(m)),
                            }
                            for m in members
                        ],
                    }
                    for members in groups.values()
                ]
            },
        )

    def consistency_page(self) -> Iterator[tuple[str, str, dict]]:
        rows = _rows(self.con, "select * from consistency_check order by report_id, sum_id")
        yield (
            "consistency.html",
            "Consistency",
            {
                "rows": [
                    {
                        "report_id": r["report_id"],
                        "indicator": self.indicators[r["indicator_code"]]["label"],
                        "breakdown": r["breakdown"],
                        "kind": r["kind"],
                        "is_complete": r["is_complete"],
                        "total": Markup(self.claim_link(r["total_claim_id"], ""))
                        if r["total_claim_id"]
                        else "",
                        # safe: links built by claim_link, joined by a comma
                        "parts": Markup(
                            ", ".join(
                                self.claim_link(p.strip(), "", p.strip().split(":", 1)[1])
                                for p in (r["part_claim_ids"] or "").split(",")
                                if p.strip()
                            )
                        ),
                        "result": r["result"],
                    }
                    for r in rows
                ]
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
        symbol = {
            "stated_total": "●",
            "derived_total": "◇",
            "breakdown_only": "◐",
            "not_reported": "–",
            "no_figure": "",
            "no_document": "",
        }
        yield (
            "coverage.html",
            "Coverage",
            {
                "years": years,
                "rows": [
                    {
                        "href": indicator_path(code),
                        "label": self.indicators[code]["label"],
                        "cells": [
                            {
                                "coverage": grid[code][y]["coverage"],
                                "title": grid[code][y]["coverage"].replace("_", " "),
                                "symbol": symbol.get(grid[code][y]["coverage"], ""),
                            }
                            if y in grid[code]
                            else None
                            for y in years
                        ],
                    }
                    for code in grid
                ],
            },
        )

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

    def search_index(self) -> None:
        """search-index.js (every indicator and claim, for the search box) and search.js."""
        entries = [
            {
                "t": ind["label"],
                "u": indicator_path(code),
                "k": "indicator",
                "s": f"{code} {ind['definition'] or ''}",
            }
            for code, ind in self.indicators.items()
            if code in set(self.indicator_codes)
        ] + [
            {
                "t": f"{self.indicators[c['indicator_code']]['label']}, {c['period']}: {c['figure_text']}",
                "u": claim_path(c["claim_id"]),
                "k": f"claim, {self.source_name(c['source_id'])}, {c['report_id']}",
                "s": f"{c['claim_id']} {c['breakdown']} {c['quote']}",
            }
            for c in self.claims.values()
        ]
        self.write(
            "search-index.js",
            "window.TIPLAKE_INDEX = " + json.dumps(entries, ensure_ascii=False, indent=0) + ";\n",
        )
        self.write("search.js", _static("search.js"))

    def search_page(self) -> Iterator[tuple[str, str, dict]]:
        yield "search.html", "Search", {}


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
    PageType("claim", _Site.claim_pages),
    PageType("document", _Site.document_pages),
    PageType("documents", _Site.documents_index),
    PageType("conflicts", _Site.conflicts_page),
    PageType("consistency", _Site.consistency_page),
    PageType("coverage", _Site.coverage_page),
    PageType("downloads", _Site.downloads_page, _Site.downloads),
    PageType("search", _Site.search_page, _Site.search_index),
)


def build_site(
    con: duckdb.DuckDBPyConnection,
    out: Path,
    db_path: Path | None = None,
    jobs: int | None = None,
) -> SiteResult:
    """Write the site to `out` from the database alone (see the module docstring)."""
    out = Path(out)
    target = _check_out(out)
    with outdir.replacing(target) as tmp:
        site = _Site(con, db_path, tmp)
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
