"""The evidence site in a real browser: headless Chromium (the Debian package `chromium`, driven
through Playwright's Python bindings; no browser is downloaded) opens the site from disk.

Skipped, with the reason, where Playwright or Chromium is missing; TIPLAKE_REQUIRE_BROWSER=1
(set by .ci/run, which installs both) makes that a failure.

On a phone and for everyone (issue 31): each main page type (tests/site_screenshots.py's
PAGES, which saves them as PNGs to look at) at 390 and 1280 px wide does not scroll sideways and
has no serious or critical axe-core violation (axe-playwright-python, which bundles axe-core:
nothing is fetched); the keyboard reaches the skip link first, then the navigation, with a
visible focus; the cited pages have their citation and its BibTeX and CSL-JSON; every caveat
badge links to its glossary entry; every data table scrolls in its own labelled box after its
CSV link. TIPLAKE_SITE_DIR=<a site already written> checks that site instead of writing one (to
try a change of style.css in a minute: copy it into that site)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from site_screenshots import MEASURE, PAGES, VIEWPORTS, find

# Slow: Chromium opens the site's pages: `make test-slow`
pytestmark = pytest.mark.slow

REQUIRED = os.environ.get("TIPLAKE_REQUIRE_BROWSER") == "1"


def _chromium() -> str | None:
    for name in (os.environ.get("TIPLAKE_CHROMIUM"), "chromium", "chromium-browser"):
        if name and shutil.which(name):
            return shutil.which(name)
    return None


def _missing(message: str):
    if REQUIRED:
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="module")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("needs Playwright's Python bindings: pip install -e '.[dev]'")
    executable = _chromium()
    if executable is None:
        _missing("needs Chromium: apt-get install chromium (or TIPLAKE_CHROMIUM=/path/to/it)")
    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=executable, args=["--no-sandbox"])
        yield launched
        launched.close()


class _Watched:
    """A page that records console errors, page errors and every request outside the site."""

    def __init__(self, browser, site: Path, viewport: dict | None = None):
        self.page = browser.new_page(viewport=viewport) if viewport else browser.new_page()
        self.errors: list[str] = []
        self.outside: list[str] = []
        root = site.resolve().as_uri() + "/"
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on(
            "request",
            lambda r: None if r.url.startswith(root) else self.outside.append(r.url),
        )

    def close(self):
        self.page.close()


@pytest.fixture
def site_dir(request):
    """The site conftest.py writes, or TIPLAKE_SITE_DIR: a site already written (`tiplake site`),
    to check a change of the style sheet in seconds (copy style.css into it)."""
    if os.environ.get("TIPLAKE_SITE_DIR"):
        return Path(os.environ["TIPLAKE_SITE_DIR"])
    return request.getfixturevalue("site_dir")


@pytest.fixture
def watched(browser, site_dir):
    page = _Watched(browser, site_dir)
    yield page
    page.close()
    assert page.errors == [], page.errors
    assert page.outside == [], page.outside


def test_a_reader_clicks_from_home_to_the_2017_victims_quote_in_its_document(watched, site_dir):
    page = watched.page
    page.goto((site_dir / "index.html").as_uri())
    page.locator("table.data th a", has_text="Victims identified").first.click()
    assert page.url.endswith("/indicators/victims_identified.html")
    page.locator('a[href="../claims/tip-2018-aze/victims-identified-2017.html"]').first.click()
    assert page.url.endswith("/claims/tip-2018-aze/victims-identified-2017.html")
    assert "71 persons" in page.locator("dl.meta").inner_text()
    assert "The government identified 71 trafficking victims" in " ".join(
        page.locator("blockquote mark").inner_text().split()
    )
    page.get_by_text("Read it in the document").click()
    assert page.url.endswith("/documents/tip-2018-aze.html#q-victims-identified-2017")
    marked = page.evaluate(
        """() => Array.from(document.querySelectorAll('mark[data-claims~="victims-identified-2017"]'))
                .map(m => m.textContent).join('')"""
    )
    assert " ".join(marked.split()).startswith("The government identified 71 trafficking victims")
    target = page.locator("#q-victims-identified-2017")
    assert target.count() == 1
    top = page.evaluate(
        "() => document.getElementById('q-victims-identified-2017').getBoundingClientRect().top"
    )
    assert -2 <= top < page.viewport_size["height"]  # scrolled to it


def test_every_claim_is_highlighted_in_its_documents_page(watched, site_dir, con):
    page = watched.page
    for (report_id,) in con.execute("select report_id from report order by 1").fetchall():
        page.goto((site_dir / "documents" / f"{report_id}.html").as_uri())
        marked = page.evaluate(
            """() => {
                const out = {};
                for (const m of document.querySelectorAll('mark[data-claims]'))
                    for (const c of m.dataset.claims.split(' '))
                        out[c] = (out[c] || '') + m.textContent;
                return out;
            }"""
        )
        for claim_id, quote in con.execute(
            "select claim_id, quote from claim where report_id = ?", [report_id]
        ).fetchall():
            local = claim_id.split(":", 1)[1]
            assert " ".join(marked.get(local, "").split()) == " ".join(quote.split()), claim_id
            assert page.locator(f"#q-{local}").count() == 1, claim_id


def test_the_search_box_finds_a_claim(watched, site_dir):
    page = watched.page
    page.goto((site_dir / "search.html").as_uri() + "?q=victims+identified+2017")
    links = page.locator("#results a")
    hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
    assert "claims/tip-2018-aze/victims-identified-2017.html" in hrefs
    page.fill("#q", "convicted 2011")
    assert page.locator("#results a").count() > 0


def test_every_page_but_the_claims_opens_without_errors_or_requests_elsewhere(watched, site_dir):
    pages = [p for p in sorted(site_dir.rglob("*.html")) if "claims" not in p.parts]
    pages += sorted((site_dir / "claims" / "tip-2018-aze").glob("*.html"))
    assert len(pages) > 250
    for path in pages:
        watched.page.goto(path.as_uri())
        images = watched.page.evaluate(
            "() => Array.from(document.images).filter(i => !i.complete || i.naturalWidth === 0).map(i => i.src)"
        )
        assert images == [], (path, images)


# --- Phones and accessibility (issue 31) -------------------------------------------------------
# Each main page type at a phone's width and a laptop's (the list is tests/site_screenshots.py's,
# which saves the same pages as PNGs to look at): the page never scrolls sideways, and axe-core
# (the axe-playwright-python package, which bundles it: nothing is fetched) finds nothing
# serious or critical.

CITED = ("claim", "answer", "conflict")  # the pages with a "Cite this" block
# caveat badges: a.flag KIND, each coloured by style.css
KINDS = set(
    "derived restated relayed low judged disputed preferred likely_error not_reported bound".split()
)
ADDRESS = dict(PAGES)


def _address(slug: str, site: Path) -> Path:
    address = ADDRESS[slug]
    path = find(site, address)
    if path is None:
        pytest.fail(f"{address} is missing from the site")
    return path


@pytest.fixture
def viewed(browser, site_dir, request):
    """A watched page at the viewport the test is parametrised with (`viewport`: w, h)."""
    width, height = request.getfixturevalue("viewport")
    page = _Watched(browser, site_dir, {"width": width, "height": height})
    yield page
    page.close()
    assert page.errors == [], page.errors
    assert page.outside == [], page.outside


BY_PAGE_AND_WIDTH = pytest.mark.parametrize(
    ("slug", "viewport"),
    [(slug, v) for slug, _ in PAGES for v in VIEWPORTS],
    ids=[f"{slug}-{w}" for slug, _ in PAGES for w, _h in VIEWPORTS],
)


@BY_PAGE_AND_WIDTH
def test_the_page_does_not_scroll_sideways(viewed, site_dir, slug, viewport):
    path = _address(slug, site_dir)
    viewed.page.goto(path.as_uri())
    size = viewed.page.evaluate(MEASURE)
    assert size["width"] <= viewport[0], (
        f"{path.relative_to(site_dir)} is {size['width']} px wide in a {viewport[0]} px window: "
        f"{size['widest']} reaches {size['right']} px"
    )


@BY_PAGE_AND_WIDTH
def test_axe_finds_nothing_serious(viewed, site_dir, slug, viewport):
    from axe_playwright_python.sync_playwright import Axe

    path = _address(slug, site_dir)
    viewed.page.goto(path.as_uri())
    # preload off: axe would read the style sheet again with an XMLHttpRequest, which a page
    # opened from disk may not make (its only use, the css-orientation-lock rule, is left out)
    results = Axe().run(viewed.page, options={"resultTypes": ["violations"], "preload": False})
    found = [
        f"{v['id']} ({v['impact']}): {v['help']}; "
        + ", ".join(" ".join(n["target"]) for n in v["nodes"][:5])
        + (f" and {len(v['nodes']) - 5} more" if len(v["nodes"]) > 5 else "")
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert found == [], f"{path.relative_to(site_dir)} at {viewport[0]} px:\n" + "\n".join(found)


def _focused(page) -> dict:
    return page.evaluate(
        """() => {
            const el = document.activeElement, s = getComputedStyle(el), r = el.getBoundingClientRect();
            return {tag: el.tagName.toLowerCase(), cls: el.className, href: el.getAttribute('href'),
                    text: el.textContent.trim(), outline: s.outlineStyle,
                    width: parseFloat(s.outlineWidth), top: r.top, bottom: r.bottom,
                    inMain: !!el.closest('main'), inNav: !!el.closest('header nav')};
        }"""
    )


@pytest.mark.parametrize("viewport", VIEWPORTS, ids=[str(w) for w, _h in VIEWPORTS])
def test_tab_reaches_the_skip_link_then_the_navigation_with_a_visible_focus(
    viewed, site_dir, viewport
):
    page = viewed.page
    page.goto((site_dir / "index.html").as_uri())
    nav = page.locator("header nav a")
    hrefs = [nav.nth(i).get_attribute("href") for i in range(nav.count())]
    assert len(hrefs) >= 5, hrefs

    hidden = page.evaluate("() => document.querySelector('a.skip').getBoundingClientRect().bottom")
    assert hidden <= 0, "the skip link shows before the keyboard reaches it"
    page.keyboard.press("Tab")
    first = _focused(page)
    assert (first["cls"], first["href"]) == ("skip", "#main"), first
    assert first["top"] >= 0 and first["bottom"] <= viewport[1], first  # shown once focused
    assert first["outline"] != "none" and first["width"] >= 2, first

    page.keyboard.press("Tab")
    assert _focused(page)["cls"] == "brand"
    for href in hrefs:
        page.keyboard.press("Tab")
        now = _focused(page)
        assert now["inNav"] and now["href"] == href, (href, now)
        assert now["outline"] != "none" and now["width"] >= 2, now

    # the skip link leads past the header: the next Tab lands in the page's own content
    page.goto((site_dir / "index.html").as_uri())
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert page.url.endswith("#main")
    page.keyboard.press("Tab")
    assert _focused(page)["inMain"], _focused(page)


@pytest.fixture
def laptop(browser, site_dir):
    page = _Watched(browser, site_dir, {"width": 1280, "height": 800})
    yield page
    page.close()
    assert page.errors == [], page.errors
    assert page.outside == [], page.outside


@pytest.mark.parametrize("slug", CITED)
def test_a_cited_page_has_a_citation_with_bibtex_and_csl_json(laptop, site_dir, slug):
    path = _address(slug, site_dir)
    page = laptop.page
    page.goto(path.as_uri())
    box = page.locator("section.cite")
    assert box.count() == 1
    assert box.get_attribute("id") == "cite"
    assert page.locator("#" + box.get_attribute("aria-labelledby")).inner_text().strip()
    assert box.locator("pre.citation").inner_text().strip()
    links = {}
    for a in box.locator("a[download]").all():
        links[a.inner_text().strip()] = a.get_attribute("href")
    assert {"BibTeX", "CSL-JSON"} <= links.keys(), links
    assert links["BibTeX"].endswith(".bib") and links["CSL-JSON"].endswith(".json"), links
    for href in (links["BibTeX"], links["CSL-JSON"]):
        assert (path.parent / href).resolve().is_file(), href
    assert box.locator("a.permalink").count() == 1


def test_every_caveat_badge_links_to_its_glossary_entry(laptop, site_dir):
    glossary = _address("glossary", site_dir)
    page = laptop.page
    page.goto(glossary.as_uri())
    ids = set(page.evaluate("() => Array.from(document.querySelectorAll('[id]'), e => e.id)"))
    badges = []
    for slug, _ in PAGES:
        path = _address(slug, site_dir)
        page.goto(path.as_uri())
        badges += [
            {**b, "page": slug}
            for b in page.evaluate(
                """() => Array.from(document.querySelectorAll('a.flag'), a => ({
                    href: a.href, kinds: Array.from(a.classList).filter(c => c !== 'flag'),
                    word: a.textContent.trim(), title: a.title}))"""
            )
        ]
    assert {b["page"] for b in badges} >= {"answer", "indicator"}, badges
    target = glossary.resolve().as_uri()
    for b in badges:
        where, _, fragment = b["href"].partition("#")
        assert where == target and fragment in ids, b
        assert len(b["kinds"]) == 1 and b["kinds"][0] in KINDS, b  # a kind style.css colours
        assert b["word"] and b["title"], b  # a word, not only a colour or an icon


def test_every_data_table_scrolls_in_its_own_labelled_box_after_its_csv(laptop, site_dir):
    page = laptop.page
    boxes = []
    for slug, _ in PAGES:
        path = _address(slug, site_dir)
        page.goto(path.as_uri())
        boxes += [
            {**b, "page": path}
            for b in page.evaluate(
                """() => Array.from(document.querySelectorAll('table.data'), t => {
                    const box = t.closest('div.table-scroll');
                    const before = box && box.previousElementSibling;
                    const csv = before && (before.matches('a.table-csv') ? before
                                           : before.querySelector('a.table-csv'));
                    return {boxed: !!box, role: box && box.getAttribute('role'),
                            tabindex: box && box.getAttribute('tabindex'),
                            label: box && box.getAttribute('aria-label'),
                            csv: csv && csv.getAttribute('href'),
                            download: !!(csv && csv.hasAttribute('download'))};
                })"""
            )
        ]
    assert {b["page"].name for b in boxes} >= {"victims_identified.html", "2017.html"}, boxes
    for b in boxes:
        assert b["boxed"] and b["role"] == "region" and b["tabindex"] == "0" and b["label"], b
        assert b["csv"] and b["csv"].endswith(".csv") and b["download"], b
        assert (b["page"].parent / b["csv"]).resolve().is_file(), b


def test_each_caveat_kind_has_a_badge_style_of_its_own(laptop, site_dir):
    """The glossary shows every kind's badge: each is a kind style.css colours, no two alike (the
    colour repeats the word; two kinds drawn the same would say nothing)."""
    glossary = _address("glossary", site_dir)
    laptop.page.goto(glossary.as_uri())
    styles = laptop.page.evaluate(
        """() => Object.fromEntries(Array.from(document.querySelectorAll('.flag'), b => {
            const s = getComputedStyle(b);
            return [Array.from(b.classList).filter(c => c !== 'flag').join(' '),
                    [s.color, s.backgroundColor, s.borderTopColor, s.borderTopStyle].join(' / ')];
        }))"""
    )
    assert styles and styles.keys() <= KINDS, styles.keys() - KINDS  # kinds style.css knows
    plain = laptop.page.evaluate(
        """() => { const b = document.createElement('span'); b.className = 'flag';
                   document.body.append(b); const s = getComputedStyle(b);
                   return [s.color, s.backgroundColor, s.borderTopColor, s.borderTopStyle].join(' / '); }"""
    )
    assert plain not in styles.values(), styles  # every kind styled, none left plain
    assert len(set(styles.values())) == len(styles), styles
