"""The site's search box in a real browser: headless Chromium through Playwright opens
search.html from disk (file://), as tests/test_site_browser.py does (no browser is downloaded;
skipped, with the reason, where Playwright or Chromium is missing; TIPLAKE_REQUIRE_BROWSER=1 makes
that a failure). The right page comes first, each page once; numbers and word forms meet."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from urllib.parse import quote_plus

import pytest
from test_site_search import PAGES, STATIC_DIR, write_pages

from tiplake.site.search import write_index

# Slow: Chromium opens the site's pages: `make test-slow`
pytestmark = pytest.mark.slow

REQUIRED = os.environ.get("TIPLAKE_REQUIRE_BROWSER") == "1"


def _missing(message: str):
    if REQUIRED:
        pytest.fail(message)
    pytest.skip(message)


def _chromium() -> str | None:
    for name in (os.environ.get("TIPLAKE_CHROMIUM"), "chromium", "chromium-browser"):
        if name and shutil.which(name):
            return shutil.which(name)
    return None


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


class _Search:
    """search.html of a site opened from disk; errors and requests outside the site recorded."""

    def __init__(self, browser, site: Path):
        self.site = site
        self.page = browser.new_page()
        self.errors: list[str] = []
        self.outside: list[str] = []
        root = site.resolve().as_uri() + "/"
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on(
            "request", lambda r: None if r.url.startswith(root) else self.outside.append(r.url)
        )

    def open(self, query: str) -> list[str]:
        self.page.goto((self.site / "search.html").resolve().as_uri() + "?q=" + quote_plus(query))
        return self.results()

    def results(self) -> list[str]:
        return self.page.eval_on_selector_all(
            "#results li > a", "links => links.map(a => a.getAttribute('href'))"
        )

    def titles(self) -> list[str]:
        return self.page.eval_on_selector_all("#results li > a", "a => a.map(x => x.textContent)")


@pytest.fixture
def search(browser, site_dir):
    opened = _Search(browser, site_dir)
    yield opened
    opened.page.close()
    assert opened.errors == [], opened.errors
    assert opened.outside == [], opened.outside


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("victims 2023", "answers/victims_identified/2023.html"),
        ("convictions", "indicators/persons_convicted.html"),
        ("conflict", "conflicts.html"),
    ],
)
def test_the_right_page_comes_first_and_every_page_once(search, query, first):
    found = search.open(query)
    assert found and found[0] == first, found[:5]
    assert len(found) == len(set(found))
    if first.startswith("answers/"):
        assert search.titles()[0].startswith("Victims identified")
    count = search.page.locator("#count").inner_text()
    assert count.startswith(f"{len(found)} page") or "the first 100 shown" in count


def test_the_form_searches_and_keeps_the_query_in_the_address(search):
    assert search.open("") == []
    search.page.fill("#q", "conflicts")
    search.page.press("#q", "Enter")
    assert search.page.url.endswith("search.html?q=conflicts")
    assert search.results()[0] == "conflicts.html"


def test_numbers_and_word_forms_meet_and_no_match_falls_back_to_any_word(browser, tmp_path):
    small_site = write_pages(tmp_path)
    write_index(small_site, list(PAGES))
    page = _Search(browser, small_site)
    search_html = (STATIC_DIR.parent / "templates" / "search.html").read_text(encoding="utf-8")
    body = search_html.split("{% block body %}", 1)[1].split("{% endblock %}", 1)[0]
    (small_site / "search.html").write_text(
        f'<!doctype html><html><head><meta charset="utf-8"></head><body><main>{body}</main>'
        "</body></html>",
        encoding="utf-8",
    )
    convicted = "indicators/persons_convicted.html"
    claim = "claims/tip-2025-aze/victims-identified-2023-gov.html"
    assert page.open("2054") == page.open("2,054") == [convicted]
    assert page.open("convicted")[0] == page.open("conviction")[0] == convicted
    assert page.open("victim 2023")[:2] == page.open("victims 2023")[:2]
    assert set(page.open("victims 2023")[:2]) == {claim, "answers/victims_identified/2023.html"}
    assert page.open("conflict") == ["conflicts.html"]
    assert page.open("sentencing") == [convicted]  # from its keywords
    assert page.open("navigationword") == page.open("hiddenword") == []
    assert page.open("disagrement") == ["conflicts.html"]  # one typo
    assert page.open("convic") == [convicted]  # the last word as a prefix
    assert page.open("glossary zzzz") == ["glossary.html"]  # no page has both: either
    assert "none has them all" in page.page.locator("#count").inner_text()
    page.open("91 victims")
    assert page.page.locator("#results li").first.locator("mark").inner_text() in ("91", "victims")
    page.page.close()
    assert page.errors == [] and page.outside == []


def test_without_javascript_the_page_says_search_needs_it(browser, site_dir):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto((site_dir / "search.html").as_uri() + "?q=victims")
    assert "Search needs JavaScript" in page.locator("main").inner_text()
    context.close()
