"""The evidence site in a real browser: headless Chromium (the Debian package `chromium`, driven
through Playwright's Python bindings; no browser is downloaded) opens the site from disk.

Skipped, with the reason, where Playwright or Chromium is missing; TIPLAKE_REQUIRE_BROWSER=1
(set by .ci/run, which installs both) makes that a failure."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

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

    def __init__(self, browser, site: Path):
        self.page = browser.new_page()
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
