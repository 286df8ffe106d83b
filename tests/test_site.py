"""The evidence site (tiplake site), read as files: pages, links, quotes and refusals. The
same site opened in a real browser: tests/test_site_browser.py."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from click.testing import CliRunner

from tiplake.cli import cli


class _Page(HTMLParser):
    """Links, resources, ids and the text of each claim's marks of one page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.loads: list[str] = []
        self.ids: set[str] = set()
        self.marks: dict[str, list[str]] = {}
        self._open: list[list[str]] = []  # the claims of each open <mark>

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "a" and "href" in a:
            self.links.append(a["href"])
        if tag in ("img", "script") and "src" in a:
            self.loads.append(a["src"])
        if tag == "link" and "href" in a:
            self.loads.append(a["href"])
        if tag == "mark":
            self._open.append((a.get("data-claims") or "").split())

    def handle_endtag(self, tag):
        if tag == "mark" and self._open:
            self._open.pop()

    def handle_data(self, data):
        for claims in self._open:
            for claim in claims:
                self.marks.setdefault(claim, []).append(data)


def _parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def test_the_site_has_a_page_for_every_claim_indicator_and_document(site_dir, con):
    claims = [c for (c,) in con.execute("select claim_id from claim").fetchall()]
    assert len(claims) == 410
    for claim_id in claims:
        report_id, local = claim_id.split(":", 1)
        assert (site_dir / "claims" / report_id / f"{local}.html").is_file(), claim_id
    for (report_id,) in con.execute("select report_id from report").fetchall():
        assert (site_dir / "documents" / f"{report_id}.html").is_file()
    for (code,) in con.execute("select distinct indicator_code from claim").fetchall():
        assert (site_dir / "indicators" / f"{code}.html").is_file()
    for page in (
        "index.html",
        "conflicts.html",
        "consistency.html",
        "coverage.html",
        "search.html",
    ):
        assert (site_dir / page).is_file()
    for download in ("csv/datapackage.json", "parquet/datapackage.json", "tiplake.duckdb"):
        assert (site_dir / "downloads" / download).is_file()


def test_the_2017_victims_claim_page_gives_71_and_links_to_its_quote_in_the_2018_report(site_dir):
    page = site_dir / "claims/tip-2018-aze/victims-identified-2017.html"
    text = page.read_text(encoding="utf-8")
    assert "71 persons" in text
    # the government's figure, relayed by the State Department (issue 28)
    assert "<dt>Originator</dt><dd>Government of Azerbaijan</dd>" in text
    assert "<dt>Relayed by</dt><dd>U.S. Department of State (not a second originator)</dd>" in text
    assert "The government identified" in text and "71 trafficking victims" in text
    assert "../../documents/tip-2018-aze.html#q-victims-identified-2017" in _parse(page).links
    document = _parse(site_dir / "documents/tip-2018-aze.html")
    assert "q-victims-identified-2017" in document.ids


def test_each_document_page_gives_its_url_and_license_and_downloads_the_data_license(site_dir, con):
    reports = con.execute(
        "select report_id, url, url_note, license, license_note from report"
    ).fetchall()
    for report_id, url, url_note, license_, license_note in reports:
        page = site_dir / "documents" / f"{report_id}.html"
        text = page.read_text(encoding="utf-8")
        assert "not recorded in the manifest" not in text, report_id
        assert f"<dt>License</dt><dd><code>{license_}</code>: " in text, report_id
        assert html.escape(license_note) in text, report_id
        if url:
            assert url in _parse(page).links, report_id
        if url_note:
            assert html.escape(url_note) in text, report_id
    gov = (site_dir / "documents/gov-aze-2021.html").read_text(encoding="utf-8")
    assert "<dt>Original</dt><dd>No public URL known to the curators.</dd>" in gov
    assert "<code>unknown</code>: The document states no license." in gov
    downloads = _parse(site_dir / "downloads/index.html")
    assert "https://creativecommons.org/licenses/by/4.0/" in downloads.links


def test_every_claim_is_highlighted_in_its_document_and_its_marks_read_back_as_its_quote(
    site_dir, con
):
    for (report_id,) in con.execute("select report_id from report").fetchall():
        page = _parse(site_dir / "documents" / f"{report_id}.html")
        quotes = con.execute(
            "select claim_id, quote from claim where report_id = ?", [report_id]
        ).fetchall()
        for claim_id, quote in quotes:
            local = claim_id.split(":", 1)[1]
            assert f"q-{local}" in page.ids, claim_id
            marked = "".join(page.marks.get(local, []))
            assert " ".join(marked.split()) == " ".join(quote.split()), (
                claim_id
            )  # quotes span lines


def test_every_number_of_a_document_is_marked_claimed_or_skipped(site_dir):
    text = (site_dir / "documents/gov-aze-2021.html").read_text(encoding="utf-8")
    assert text.count('class="num unaccounted"') == 1  # the legend's example only
    assert text.count('class="num claimed"') > 100
    assert 'class="num skipped" title="skipped: ' in text
    assert re.search(r"\d+ numbers in this document: \d+ stated by a claim, \d+ skipped", text)


def test_every_internal_link_and_anchor_resolves_and_nothing_loads_from_another_host(site_dir):
    pages = sorted(site_dir.rglob("*.html"))
    assert len(pages) > 590
    parsed = {p: _parse(p) for p in pages}
    checked = 0
    for path, page in parsed.items():
        for src in page.loads:
            assert not urlsplit(src).scheme and not src.startswith("//"), (path, src)
            assert (path.parent / src).resolve().is_file(), (path, src)
        for href in page.links:
            parts = urlsplit(href)
            if parts.scheme in ("http", "https"):
                continue  # a link out (a document's original), never loaded
            assert not parts.scheme, (path, href)
            target = (path.parent / unquote(parts.path)).resolve() if parts.path else path
            assert target.exists(), (path.relative_to(site_dir), href)
            if parts.fragment:
                assert parts.fragment in parsed[target].ids, (path.relative_to(site_dir), href)
            checked += 1
    assert checked > 5000
    for css_or_js in [*site_dir.rglob("*.css"), *site_dir.rglob("*.js")]:
        assert not re.search(r"https?://", css_or_js.read_text(encoding="utf-8")), css_or_js


def test_the_home_page_shows_the_headline_series_with_2011_derived(site_dir):
    text = (site_dir / "index.html").read_text(encoding="utf-8")
    row_2011 = re.search(r'<tr><th scope="row">2011</th>(.*?)</tr>', text, re.S).group(1)
    assert "29 persons" in row_2011 and "derived" in row_2011
    assert "victims-identified-2011-female-sexual" in row_2011
    assert re.search(
        r'<a href="claims/tip-2018-aze/victims-identified-2017.html"[^>]*>71 persons', text
    )
    assert "disagreements</a>" in text


def test_the_search_index_finds_claims_indicators_and_answers(site_dir):
    index = (site_dir / "search-index.js").read_text(encoding="utf-8")
    assert index.startswith("window.TIPLAKE_PAGES = [")
    assert '"url": "claims/tip-2018-aze/victims-identified-2017.html"' in index
    assert '"url": "indicators/victims_identified.html"' in index
    assert '"url": "answers/victims_identified/2017.html"' in index


def test_the_site_refuses_a_folder_it_did_not_write_and_replaces_its_own(
    site_dir, built_db, tmp_path
):
    foreign = tmp_path / "notes"
    foreign.mkdir()
    (foreign / "mine.txt").write_text("keep me")
    result = CliRunner().invoke(cli, ["site", "--db", str(built_db), "--out", str(foreign)])
    assert result.exit_code == 1
    assert "holds files the site did not write (mine.txt)" in result.output
    assert (foreign / "mine.txt").read_text() == "keep me"


def test_the_site_is_built_from_the_published_database_alone(site_dir, con):
    """site_dir is written with an empty folder as the project and as the current folder
    (conftest.py): the documents' texts, the claims and the skips all come from the database
    (issue 30). A database older than the checkout's seeds is refused in a checkout
    (tests/test_freshness.py)."""
    said = (site_dir.parent / "site.out").read_text(encoding="utf-8")
    assert said.startswith("wrote 865 pages to ")
    assert "410 claims, 5 documents, 150 charts" in said
    assert len(list(site_dir.rglob("*.html"))) == 865
    tip_2018 = (site_dir / "documents/tip-2018-aze.html").read_text(encoding="utf-8")
    (text,) = con.execute("select text from document where report_id = 'tip-2018-aze'").fetchone()
    assert "71 trafficking victims" in text
    assert 'title="stated by tip-2018-aze:victims-identified-2017">71</span>' in tip_2018
    assert '<span class="num skipped" title="skipped: ' in tip_2018
    claim = (site_dir / "claims/tip-2018-aze/victims-identified-2017.html").read_text(
        encoding="utf-8"
    )
    assert "71 persons" in claim and "tip-2018-aze.html#q-victims-identified-2017" in claim


def test_the_database_holds_each_document_and_skip_the_site_reads(con):
    rows = con.execute(
        "select d.report_id, d.sha256 = r.sha256, d.size_bytes = octet_length(encode(d.text)) "
        "from document d join report r using (report_id) order by 1"
    ).fetchall()
    assert [r[0] for r in rows] == sorted(
        r for (r,) in con.execute("select report_id from report").fetchall()
    )
    assert all(r[1] and r[2] for r in rows)
    skips = con.execute(
        "select count(*), count(*) filter (where substring(d.text, s.span_start + 1, "
        "s.span_end - s.span_start) = s.skipped_text) from skip s join document d using (report_id)"
    ).fetchone()
    assert skips[0] > 100 and skips[0] == skips[1]


def test_the_site_refuses_a_database_whose_document_is_not_its_reports(built_copy, tmp_path):
    import duckdb

    from tiplake.site import SiteError, build_site

    with duckdb.connect(str(built_copy.db)) as writable:
        writable.execute("update document set text = text || ' ' where report_id = 'tip-2018-aze'")
    with duckdb.connect(str(built_copy.db), read_only=True) as con:
        with pytest.raises(SiteError, match="sha256 differs"):
            build_site(con, tmp_path / "site")
    assert not (tmp_path / "site").exists()


def _site_over(con, built_db, site_dir, out: Path):
    """A site object reading the database site_dir was written from, with site_dir's charts,
    to ask the page types' registry what it writes (without writing it)."""
    from tiplake.site import _Site, chart_path

    site = _Site(con, built_db, out)
    site.texts = site.document_texts()
    site.charts = {
        code: chart_path(code) if (site_dir / chart_path(code)).is_file() else ""
        for code in site.indicator_codes
    }
    return site


def test_every_page_type_of_the_registry_wrote_pages_and_the_site_is_what_they_give(
    site_dir, con, built_db, tmp_path
):
    """The site's pages are the registry's (tiplake.site.PAGE_TYPES, one entry a page type and
    its template): every type gives at least one page, together they give the 865 pages the
    site holds, and the first page of each, rendered from its template, is the file written."""
    from tiplake.site import NAV, PAGE_TYPES, _templates

    site = _site_over(con, built_db, site_dir, tmp_path)
    names = [t.name for t in PAGE_TYPES]
    assert names == [
        "home",
        "indicator",
        "indicators",
        "answer",
        "claim",
        "document",
        "documents",
        "conflicts",
        "conflict",
        "consistency",
        "coverage",
        "glossary",
        "downloads",
        "search",
    ]
    written: dict[str, list[str]] = {}
    for page_type in PAGE_TYPES:
        pages = list(page_type.pages(site))
        written[page_type.name] = [rel for rel, _title, _context in pages]
        assert pages, page_type.name
        rel, title, context = pages[0]
        page = (
            _templates()
            .get_template(page_type.template)
            .render(
                context,
                title=title,
                up="../" * rel.count("/"),
                nav=NAV,
                built_from=site.built_from(),
                canonical=None,
            )
        )
        # under pytest-xdist the site was written from another process's database, built in
        # its own minute: the build time is the one thing that may differ
        stamp = re.compile(r"built \d{4}-\d\d-\d\d \d\d:\d\d UTC")
        written_page = (site_dir / rel).read_text(encoding="utf-8")
        assert stamp.sub("built <time>", page) == stamp.sub("built <time>", written_page), rel
    assert {n: len(r) for n, r in written.items()} == {
        "home": 1,
        "indicator": 177,
        "indicators": 1,
        "answer": 259,
        "claim": 410,
        "document": 5,
        "documents": 1,
        "conflicts": 1,
        "conflict": 5,
        "consistency": 1,
        "coverage": 1,
        "glossary": 1,
        "downloads": 1,
        "search": 1,
    }
    every = [rel for rels in written.values() for rel in rels]
    assert sorted(every) == sorted(
        p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*.html")
    )
    assert written["claim"][0] == "claims/cable-09baku141/alleged-complicity-cases-2008-ngo.html"


def test_a_script_in_a_value_is_written_escaped(site_dir, con, built_db, tmp_path):
    """The templates escape every value (autoescape); only HTML the site builds is written as
    it is: a claim whose quote, note and figure hold a <script> shows it as text."""
    from tiplake.site import NAV, _templates

    site = _site_over(con, built_db, site_dir, tmp_path)
    claim = dict(site.claims["tip-2018-aze:victims-identified-2017"])
    evil = "<script>alert(1)</script>"
    claim.update(note=evil, quote=evil, figure_text=f'71 "persons" {evil}')
    rel, title, context = site.claim_page(claim, [], [])
    page = (
        _templates()
        .get_template("claim.html")
        .render(context, title=title, up="../../", nav=NAV, built_from="", canonical=None)
    )
    assert "<script" not in page
    escaped = "&lt;script&gt;alert(1)&lt;/script&gt;"
    assert f"<dt>Note</dt><dd>{escaped}</dd>" in page  # the note: escaped by the template
    assert f"<mark>{escaped}</mark>" in page  # the quote: escaped by the template
    assert f"<title>Victims identified, 2017: 71 &quot;persons&quot; {escaped} · tiplake" in page
    # the links the site builds are still links
    assert '<a href="../../documents/tip-2018-aze.html#q-victims-identified-2017">' in page
