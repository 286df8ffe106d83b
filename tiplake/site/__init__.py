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
"""

from __future__ import annotations

import hashlib
import html
import json
import multiprocessing
import os
import shutil
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from tiplake import outdir
from tiplake.audit import audit_text
from tiplake.chart import NothingToChart, draw  # matplotlib: MissingExtra without the site extra
from tiplake.outdir import file_stem

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

    # --- writing --------------------------------------------------------------------------

    def write(self, rel: str, text: str) -> None:
        path = self.out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="\n")
        self.files.append(rel)
        if rel.endswith(".html"):
            self.pages.append(rel)

    def page(self, rel: str, title: str, body: str) -> None:
        up = "../" * rel.count("/")
        nav = " ".join(
            f'<a href="{up}{href}">{label}</a>'
            for href, label in (
                ("index.html", "Home"),
                ("indicators/index.html", "Indicators"),
                ("documents/index.html", "Documents"),
                ("conflicts.html", "Conflicts"),
                ("consistency.html", "Consistency"),
                ("coverage.html", "Coverage"),
                ("downloads/index.html", "Downloads"),
                ("search.html", "Search"),
            )
        )
        self.write(
            rel,
            f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(title)} · tiplake</title>
<link rel="stylesheet" href="{up}style.css">
</head>
<body>
<header><a class="brand" href="{up}index.html">tiplake</a><nav>{nav}</nav></header>
<main>
<h1>{esc(title)}</h1>
{body}
</main>
<footer>tiplake: trafficking-in-persons figures, each with its quote. The database was
{esc(self.built_from())}. <a href="{up}downloads/index.html">Download the data</a>.</footer>
</body>
</html>
""",
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

    def home(self) -> None:
        up = ""
        docs = "".join(
            f'<li><a href="{document_path(r)}">{esc(m["title"])}</a> '
            f"<small>({esc(m['publisher'])}, {esc(m['published_year'])}; "
            f"{sum(1 for c in self.claims.values() if c['report_id'] == r)} claims)</small></li>"
            for r, m in self.reports.items()
        )
        series = _rows(
            self.con,
            """select * from reconciled where indicator_code in ? and breakdown = 'all'
               and year_from = year_to order by year_from, indicator_code""",
            [list(HEADLINE)],
        )
        by_year: dict[int, dict[str, dict]] = defaultdict(dict)
        for row in series:
            by_year[row["year_from"]][row["indicator_code"]] = row
        head = "".join(
            f'<th><a href="{indicator_path(c)}">{esc(self.indicators[c]["label"])}</a></th>'
            for c in HEADLINE
        )
        body = "".join(
            f"<tr><th>{year}</th>"
            + "".join(
                f"<td>{self.value_cell(by_year[year][c], up) if c in by_year[year] else ''}</td>"
                for c in HEADLINE
            )
            + "</tr>"
            for year in sorted(by_year)
        )
        n_conflicts, n_contradictions = self.con.execute(
            "select count(distinct conflict_id), count(distinct conflict_id) filter (where is_contradiction) from conflict"
        ).fetchone()
        n_not_reported = self.con.execute(
            "select count(*) from reconciled where not is_reported"
        ).fetchone()[0]
        n_figures = self.con.execute("select count(*) from reconciled").fetchone()[0]
        charts = "".join(self.chart(c, up) for c in HEADLINE)
        self.page(
            "index.html",
            "Trafficking in persons in Azerbaijan: the figures and who says them",
            f"""<p class="lead">tiplake puts the figures of {len(self.reports)} documents on trafficking in
persons in Azerbaijan in one place: {len(self.claims)} claims, each with the sentence it comes
from, who states it and for which period. Where documents disagree, every figure is kept and the
disagreement is shown. "Not reported" is never zero.</p>
<form class="search" action="search.html"><input name="q" placeholder="Search indicators and claims, e.g. victims 2017" aria-label="Search"><button>Search</button></form>
<h2>The documents</h2><ul>{docs}</ul>
<h2>Headline series</h2>
<p>The value to use for each year (the default reconciliation policy prefers the originator's own
statement), who says so, and what to beware of. <span class="flag derived">derived</span>: no
claim states it, it is the sum of a breakdown the document gives.</p>
<table class="data"><thead><tr><th>Year</th>{head}</tr></thead><tbody>{body}</tbody></table>
{charts}
<h2>The justice response, year by year</h2>
{self.funnel_table(up)}
<h2>At a glance</h2>
<ul>
<li>{n_figures} figures, {n_not_reported} of them not reported by anyone who mentions them.</li>
<li><a href="conflicts.html">{n_conflicts} disagreements</a>, {n_contradictions} of them contradictions (the others are explained by a difference of definition or of period).</li>
<li><a href="consistency.html">Consistency checks</a> of every breakdown and sum the documents imply.</li>
<li><a href="coverage.html">Coverage</a>: which indicator has a figure for which year, and why not.</li>
<li><a href="indicators/index.html">{len(self.indicator_codes)} indicators</a> with at least one claim.</li>
<li><a href="downloads/index.html">Downloads</a>: CSV, Parquet and the DuckDB database.</li>
</ul>""",
        )

    def funnel_table(self, up: str) -> str:
        rows = _rows(self.con, "select * from justice_funnel where is_reconciled order by year")
        stages = [s for s in FUNNEL_STAGES if any(r[s] is not None for r in rows)]
        head = "".join(f"<th>{esc(self.indicators[s]['label'])}</th>" for s in stages)
        body = []
        for r in rows:
            cells = []
            for s in stages:
                if r[s] is None:
                    cells.append("<td></td>")
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
                cells.append(
                    f"<td>{link} <small>({esc(self.sources_text(r[f'{s}_source_id']))})</small>{derived}</td>"
                )
            ratio = r["convictions_per_100_victims"]
            basis = r["convictions_per_100_victims_basis"]
            cells.append(
                f"<td>{'' if ratio is None else esc(ratio)} <small>{esc((basis or '').replace('_', ' '))}</small></td>"
            )
            body.append(f"<tr><th>{r['year']}</th>{''.join(cells)}</tr>")
        return (
            "<p>Annual counts of one year, not a cohort: people convicted in a year were mostly "
            "identified in earlier years. A ratio is given only for exact counts; "
            "<em>mixed originators</em> means its two counts come from different originators, "
            "whose definitions may differ.</p>"
            f'<table class="data"><thead><tr><th>Year</th>{head}<th>Convictions per 100 victims</th>'
            f"</tr></thead><tbody>{''.join(body)}</tbody></table>"
        )

    @property
    def indicator_codes(self) -> list[str]:
        return sorted({c["indicator_code"] for c in self.claims.values()})

    def indicator_pages(self) -> None:
        items = []
        for code in self.indicator_codes:
            ind = self.indicators[code]
            n = sum(1 for c in self.claims.values() if c["indicator_code"] == code)
            items.append(
                f'<tr><td><a href="{indicator_path(code).split("/", 1)[1]}">{esc(ind["label"])}</a></td><td>{esc(ind["pillar"])}</td>'
                f"<td>{esc(ind['unit'])}</td><td>{n}</td></tr>"
            )
            self.indicator_page(code)
        self.page(
            "indicators/index.html",
            "Indicators",
            '<table class="data"><thead><tr><th>Indicator</th><th>Pillar</th><th>Unit</th>'
            f"<th>Claims</th></tr></thead><tbody>{''.join(items)}</tbody></table>",
        )

    def indicator_page(self, code: str) -> None:
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
        head = "".join(f"<th>{esc(self.source_name(s))}</th>" for s in source_ids)
        rows = []
        for f in figures:
            cells = []
            for s in source_ids:
                mine = [c for c in claims_by_figure[f["figure_key"]] if c["source_id"] == s]
                cells.append(
                    "<td>"
                    + "<br>".join(
                        self.claim_link(c["claim_id"], up, c["figure_text"])
                        + f" <small>[{esc(c['report_id'])}]</small> {self.flags(c)}"
                        for c in mine
                    )
                    + "</td>"
                )
            dissent = esc(f["dissenting_figures"] or "")
            rows.append(
                f"<tr><th>{esc(f['period'])}</th><td>{esc(f['breakdown'])}</td>"
                f"<td>{self.value_cell(f, up)}</td>{''.join(cells)}<td><small>{dissent}</small></td></tr>"
            )
        equivalents = "".join(
            f"<dt>{label}</dt><dd>{esc(ind[key])}</dd>"
            for key, label in (
                ("unodc_equivalent", "UNODC equivalent"),
                ("sdg_equivalent", "SDG equivalent"),
            )
            if ind.get(key)
        )
        self.page(
            indicator_path(code),
            ind["label"],
            f"""<dl class="meta"><dt>Code</dt><dd><code>{esc(code)}</code></dd><dt>Definition</dt><dd>{esc(ind["definition"])}</dd>
<dt>Unit</dt><dd>{esc(ind["unit"])}</dd><dt>Pillar</dt><dd>{esc(ind["pillar"])}</dd>{equivalents}</dl>
{self.chart(code, up)}
<h2>Year by originator</h2>
<p>The reconciled value is the one to use (default policy); each originator's claims are beside
it, each linking to its quote. Dissent lists the values that differ from the reconciled one.</p>
<table class="data"><thead><tr><th>Period</th><th>Breakdown</th><th>Reconciled</th>{head}<th>Dissent</th></tr></thead>
<tbody>{"".join(rows)}</tbody></table>""",
        )

    def claim_pages(self) -> None:
        restated_by: dict[str, list[str]] = defaultdict(list)
        for c in self.claims.values():
            if c.get("restates_claim_id"):
                restated_by[c["restates_claim_id"]].append(c["claim_id"])
        for c in self.claims.values():
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
                        + (
                            f" — {esc(c['restatement_change'])}"
                            if c.get("restatement_change")
                            else ""
                        ),
                    )
                )
            if restated_by.get(c["claim_id"]):
                facts.append(
                    (
                        "Restated by",
                        ", ".join(self.claim_link(r, up) for r in restated_by[c["claim_id"]]),
                    )
                )
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
            dl = "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in facts)
            self.page(
                claim_path(c["claim_id"]),
                f"{self.indicators[c['indicator_code']]['label']}, {c['period']}: {c['figure_text']}",
                f"""<p class="claim-id"><code>{esc(c["claim_id"])}</code> {self.flags(c)}</p>
<dl class="meta">{dl}</dl>
<h2>The quote</h2>
<blockquote class="context">…{esc(c["context_before"])}<mark>{esc(c["quote"])}</mark>{esc(c["context_after"])}…</blockquote>
<p><a href="{up}{document_path(report_id)}#q-{esc(local)}">Read it in the document</a></p>""",
            )

    def document_pages(self, texts: dict[str, str]) -> None:
        audited = self.audited_claims()
        skips = defaultdict(list)
        for row in _rows(
            self.con,
            "select report_id, span_start as start, span_end as end, reason from skip "
            "order by report_id, skip_no",
        ):
            skips[row["report_id"]].append(_Span(row["start"], row["end"], row["reason"]))
        items = []
        for report_id, meta in self.reports.items():
            text = texts[report_id]
            cov = audit_text(report_id, text, audited[report_id], skips[report_id])
            claims = sorted(
                (c for c in self.claims.values() if c["report_id"] == report_id),
                key=lambda c: (c["quote_start"], c["quote_end"], c["claim_id"]),
            )
            n_claimed = sum(1 for i in cov.items if i.by == "claim")
            n_skipped = sum(1 for i in cov.items if i.by == "skip")
            items.append(
                f'<li><a href="{document_path(report_id).split("/", 1)[1]}">{esc(meta["title"])}</a> <small>{len(claims)} claims; '
                f"{cov.total} numbers: {n_claimed} claimed, {n_skipped} skipped with a reason, "
                f"{len(cov.unaccounted)} unaccounted</small></li>"
            )
            facts = [
                ("Publisher", esc(meta["publisher"])),
                ("Published", esc(meta["published_on"] or meta["published_year"])),
                ("Kind", esc(meta["kind"])),
                ("Citation", esc(meta["citation"])),
                ("License", self.document_license(meta)),
                ("sha256", f"<code>{esc(meta['sha256'])}</code>"),
            ]
            facts.insert(0, ("Original", self.document_url(meta)))
            dl = "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in facts)
            legend = (
                '<p class="legend"><mark>highlighted</mark>: a curated quote (the link after it opens '
                'its claim); <span class="num claimed">12</span>: a number a claim states; '
                '<span class="num skipped">12</span>: a number skipped, with the reason on hover; '
                '<span class="num unaccounted">12</span>: unaccounted.</p>'
            )
            self.page(
                document_path(report_id),
                meta["title"],
                f"""<dl class="meta">{dl}</dl>
<p>{cov.total} numbers in this document: {n_claimed} stated by a claim, {n_skipped} skipped with a
reason, {len(cov.unaccounted)} unaccounted. {len(claims)} claims quote it.</p>
{legend}
<pre class="document">{self.annotate(text, claims, cov.items)}</pre>""",
            )
        self.page("documents/index.html", "Documents", f"<ul>{''.join(items)}</ul>")

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

    def conflicts_page(self) -> None:
        rows = _rows(self.con, "select * from conflict order by conflict_id, member_id")
        groups: dict[str, list[dict]] = defaultdict(list)
        for r in rows:
            groups[r["conflict_id"]].append(r)
        parts = []
        for members in groups.values():
            first = members[0]
            kind = first["conflict_kind"].replace("_", " ")
            label = "contradiction" if first["is_contradiction"] else "not a contradiction"
            lis = "".join(
                f"<li>{self.claim_link(m['claim_id'], '', m['figure_text']) if m['claim_id'] else esc(m['figure_text'])} "
                f"<small>({esc(self.source_name(m['source_id']))}, {esc(m['report_id'])}, {esc(m['period'])})</small> "
                f"{self.flags(m)}</li>"
                for m in members
            )
            indicator = self.indicators[first["indicator_code"]]["label"]
            parts.append(
                f'<section class="conflict"><h2><a href="{indicator_path(first["indicator_code"])}">{esc(indicator)}</a>, '
                f"{esc(first['period'])}: {esc(kind)} <small>({label})</small></h2>"
                f"<p>{esc(first['explanation'])}</p><ul>{lis}</ul></section>"
            )
        self.page(
            "conflicts.html",
            "Conflicts",
            "<p>Every disagreement between figures: all values are kept and shown together. "
            "Differently defined figures are shown but are not contradictions.</p>"
            + "".join(parts),
        )

    def consistency_page(self) -> None:
        rows = _rows(self.con, "select * from consistency_check order by report_id, sum_id")
        body = "".join(
            f"<tr><td>{esc(r['report_id'])}</td><td>{esc(self.indicators[r['indicator_code']]['label'])}, "
            f"{esc(r['breakdown'])}</td><td>{esc(r['kind'])}{'' if r['is_complete'] else ' (partial)'}</td>"
            f"<td>{self.claim_link(r['total_claim_id'], '') if r['total_claim_id'] else ''}</td>"
            f"<td>{', '.join(self.claim_link(p.strip(), '', p.strip().split(':', 1)[1]) for p in (r['part_claim_ids'] or '').split(',') if p.strip())}</td>"
            f"<td>{esc(r['result'])}</td></tr>"
            for r in rows
        )
        self.page(
            "consistency.html",
            "Consistency",
            "<p>Every breakdown and sum the documents imply, checked: do the parts add up to the "
            "total the document states?</p>"
            '<table class="data"><thead><tr><th>Report</th><th>Figure</th><th>Kind</th><th>Total</th>'
            f"<th>Parts</th><th>Result</th></tr></thead><tbody>{body}</tbody></table>",
        )

    def coverage_page(self) -> None:
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
        body = "".join(
            f'<tr><th><a href="{indicator_path(code)}">{esc(self.indicators[code]["label"])}</a></th>'
            + "".join(
                f'<td class="{esc(grid[code][y]["coverage"])}" title="{esc(grid[code][y]["coverage"].replace("_", " "))}">'
                f"{symbol.get(grid[code][y]['coverage'], '')}</td>"
                if y in grid[code]
                else "<td></td>"
                for y in years
            )
            + "</tr>"
            for code in grid
        )
        self.page(
            "coverage.html",
            "Coverage",
            "<p>Which indicator has a figure for which year: ● stated total, ◇ total derived from a "
            "breakdown, ◐ a breakdown only, – not reported (a document says so); empty: no figure "
            "or no document covers that year.</p>"
            f'<table class="data grid"><thead><tr><th>Indicator</th>{"".join(f"<th>{y}</th>" for y in years)}</tr></thead>'
            f"<tbody>{body}</tbody></table>",
        )

    def downloads(self) -> None:
        from tiplake.export import export

        for fmt in ("csv", "parquet"):
            export(self.con, self.out / "downloads" / fmt, fmt)
        for path in (self.out / "downloads").rglob("*"):
            if path.is_file():
                self.files.append(path.relative_to(self.out).as_posix())
        db_link = ""
        if self.db_path is not None:
            shutil.copyfile(self.db_path, self.out / "downloads" / "tiplake.duckdb")
            self.files.append("downloads/tiplake.duckdb")
            db_link = '<li><a href="tiplake.duckdb">tiplake.duckdb</a>: the database, to open with DuckDB (read-only: <code>duckdb -readonly tiplake.duckdb</code>).</li>'
        self.page(
            "downloads/index.html",
            "Downloads",
            f"""<ul>
<li><a href="csv/datapackage.json">CSV data package</a>: one CSV per table and view, described by a Frictionless <code>datapackage.json</code>.</li>
<li><a href="parquet/datapackage.json">Parquet data package</a>: the same as Parquet files.</li>
{db_link}
</ul>
<p>Every figure is a claim with its verbatim quote; the views (reconciled, conflict, ...) are
exported as tables of the same names.</p>
<p>License: the data (claims, vocabularies, views) are licensed
<a href="https://creativecommons.org/licenses/by/4.0/">Creative Commons Attribution 4.0</a>
(CC BY 4.0). The source documents keep their own status, given on each
<a href="../documents/index.html">document's page</a> and in the <code>report</code> table.</p>""",
        )

    def search(self) -> None:
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
        self.write("search.js", _SEARCH_JS)
        self.page(
            "search.html",
            "Search",
            '<form class="search" action="search.html"><input id="q" name="q" aria-label="Search" '
            'placeholder="e.g. victims 2017, convicted, tier"><button>Search</button></form>'
            '<p id="count"></p><ol id="results"></ol>'
            '<script src="search-index.js"></script><script src="search.js"></script>',
        )


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


_SEARCH_JS = """// Client-side search over window.TIPLAKE_INDEX: every word typed must occur in an entry.
(function () {
  var input = document.getElementById('q');
  var list = document.getElementById('results');
  var count = document.getElementById('count');
  var params = new URLSearchParams(window.location.search);
  input.value = params.get('q') || '';
  function run() {
    var words = input.value.toLowerCase().split(/\\s+/).filter(Boolean);
    list.textContent = '';
    if (!words.length) { count.textContent = ''; return; }
    var found = window.TIPLAKE_INDEX.filter(function (e) {
      var text = (e.t + ' ' + e.k + ' ' + e.s).toLowerCase();
      return words.every(function (w) { return text.indexOf(w) >= 0; });
    });
    count.textContent = found.length + (found.length === 1 ? ' result' : ' results');
    found.slice(0, 200).forEach(function (e) {
      var li = document.createElement('li');
      var a = document.createElement('a');
      a.href = e.u;
      a.textContent = e.t;
      var small = document.createElement('small');
      small.textContent = ' (' + e.k + ')';
      li.appendChild(a);
      li.appendChild(small);
      list.appendChild(li);
    });
  }
  input.addEventListener('input', run);
  run();
})();
"""

_CSS = """:root { --ink: #1d1d1f; --muted: #5f6368; --line: #d7d7db; --mark: #fff2a8; --accent: #1a5fb4; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--ink); }
header { display: flex; flex-wrap: wrap; gap: 1rem; align-items: baseline; padding: .6rem 1.2rem;
  border-bottom: 1px solid var(--line); background: #f7f7f8; }
header .brand { font-weight: 700; font-size: 1.2rem; color: var(--ink); text-decoration: none; }
nav a { margin-right: .8rem; }
main { max-width: 72rem; margin: 0 auto; padding: 1rem 1.2rem 3rem; }
footer { color: var(--muted); font-size: .85rem; padding: 1rem 1.2rem; border-top: 1px solid var(--line); }
a { color: var(--accent); }
.lead { font-size: 1.1rem; }
table.data { border-collapse: collapse; width: 100%; margin: 1rem 0; font-size: .92rem; }
table.data th, table.data td { border-bottom: 1px solid var(--line); padding: .3rem .5rem; text-align: left; vertical-align: top; }
table.grid td { text-align: center; width: 2.2rem; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; }
dl.meta dt { font-weight: 600; color: var(--muted); }
dl.meta dd { margin: 0; }
.flag { display: inline-block; font-size: .75rem; padding: 0 .35rem; border-radius: .6rem; border: 1px solid; white-space: nowrap; }
.flag.derived { border-color: #7a5cff; color: #4b2fd1; }
.flag.restated { border-color: #8a8a8a; color: #555; }
.flag.relayed { border-color: #8a8a8a; color: #555; }
.flag.low { border-color: #c77c02; color: #8a5600; }
.flag.judged { border-color: #b00020; color: #b00020; }
.flag.disputed { border-color: #d4380d; color: #ad2e0a; }
.nr { font-style: italic; color: var(--muted); }
small { color: var(--muted); }
img.chart { max-width: 100%; height: auto; border: 1px solid var(--line); }
figure { margin: 1rem 0; }
figcaption { color: var(--muted); font-size: .85rem; }
pre.document { white-space: pre-wrap; word-wrap: break-word; font: 15px/1.6 Georgia, serif; background: #fcfcfc;
  border: 1px solid var(--line); padding: 1rem; }
mark { background: var(--mark); }
.num.claimed { border-bottom: 2px solid #2b8a3e; }
.num.skipped { border-bottom: 2px dotted #868e96; }
.num.unaccounted { background: #ffc9c9; }
a.ref { font-size: .72rem; vertical-align: super; text-decoration: none; margin: 0 .1rem; }
.anchor:target + mark, :target { outline: 3px solid #f59f00; }
blockquote.context { border-left: 4px solid var(--line); margin: 1rem 0; padding: .2rem 1rem; font-family: Georgia, serif; }
form.search input { font-size: 1rem; padding: .35rem .5rem; width: min(32rem, 70%); }
form.search button { font-size: 1rem; padding: .35rem .8rem; }
section.conflict { border-top: 1px solid var(--line); }
.note { color: var(--muted); font-style: italic; }
"""


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
        texts = site.document_texts()  # held to their checksums before any page is drawn
        site.write("style.css", _CSS)
        site.render_charts(jobs if jobs is not None else min(4, os.cpu_count() or 1))
        site.home()
        site.indicator_pages()
        site.claim_pages()
        site.document_pages(texts)
        site.conflicts_page()
        site.consistency_page()
        site.coverage_page()
        site.downloads()
        site.search()
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
