"""The site's search index (tiplake/site/search.py): read from the written pages, one entry a
page, with its title, kind, keywords and text. The search box in a browser:
tests/test_site_search_browser.py."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tiplake.site.search import MAX_TEXT, STATIC, page_kind, write_index

STATIC_DIR = Path(__file__).resolve().parent.parent / "tiplake" / "site" / "static"


def _page(title: str, body: str, keywords: str | None = None) -> str:
    meta = f'<meta name="keywords" content="{keywords}">' if keywords is not None else ""
    return (
        f"<!doctype html><html><head><title>{title} · tiplake</title>{meta}"
        "<style>.x { color: red }</style></head><body>"
        '<header><a href="index.html">tiplake</a><nav><a href="search.html">Search</a>'
        "<a>navigationword</a></nav></header>"
        f'<main id="main">\n<h1>{title}</h1>\n{body}\n<script>var scriptword = 1;</script></main>'
        "<footer>footerword</footer></body></html>"
    )


PAGES = {
    "index.html": _page("Trafficking in persons", "<p>The figures and who says them.</p>"),
    "indicators/persons_convicted.html": _page(
        "Persons convicted",
        "<table><tr><th>2023</th><td>10</td></tr><tr><th>2024</th><td>2,054</td></tr></table>"
        '<p class="noindex">hiddenword</p><p>Convictions<br>by courts</p>',
        keywords="convictions, sentenced",
    ),
    "claims/tip-2025-aze/victims-identified-2023-gov.html": _page(
        "Victims identified, 2023: 91 persons",
        '<blockquote>officially identifying <mark data-claims="x">91 victims</mark> in 2023'
        '</blockquote><p>Original: <a href="https://www.state.gov/">https://www.state.gov/</a></p>',
    ),
    "documents/tip-2025-aze.html": _page(
        "2025 Trafficking in Persons Report", "<pre>" + "word " * (MAX_TEXT // 3) + "</pre>"
    ),
    "answers/victims_identified/2023.html": _page(
        "Victims identified in 2023", "<p>91 persons</p>", keywords=""
    ),
    "conflicts.html": _page("Conflicts", "<p>Every disagreement.</p>"),
    "glossary.html": _page("Glossary", "<dl><dt>Claim</dt><dd>A figure.</dd></dl>"),
    "downloads/index.html": _page("Downloads", "<p>CSV and Parquet.</p>"),
    "search.html": _page("Search", '<form><input id="q"></form>'),
}


def _entries(out: Path) -> list[dict]:
    text = (out / "search-index.js").read_text(encoding="utf-8")
    head = "window.TIPLAKE_PAGES = "
    assert text.startswith(head + "[") and text.endswith("];\n")
    return json.loads(text[len(head) : -2])


def write_pages(folder: Path) -> Path:
    """PAGES written in `folder`, as the site would."""
    for rel, html in PAGES.items():
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_text(html, encoding="utf-8")
    return folder


@pytest.fixture
def small_site(tmp_path) -> Path:
    return write_pages(tmp_path)


def test_write_index_gives_one_entry_a_page_with_its_title_kind_keywords_and_text(small_site):
    written = write_index(small_site, list(PAGES))
    assert written == ["search-index.js", *STATIC]
    for name in STATIC:  # copied as they are
        assert (small_site / name).read_bytes() == (STATIC_DIR / name).read_bytes()
    entries = _entries(small_site)
    assert [e["url"] for e in entries] == [p for p in PAGES if p != "search.html"]
    assert [e["id"] for e in entries] == list(range(len(entries)))
    by = {e["url"]: e for e in entries}
    assert {u: e["kind"] for u, e in by.items()} == {
        "index.html": "home",
        "indicators/persons_convicted.html": "indicator",
        "claims/tip-2025-aze/victims-identified-2023-gov.html": "claim",
        "documents/tip-2025-aze.html": "document",
        "answers/victims_identified/2023.html": "answer",
        "conflicts.html": "conflicts",
        "glossary.html": "glossary",
        "downloads/index.html": "downloads",
    }
    convicted = by["indicators/persons_convicted.html"]
    assert convicted["title"] == "Persons convicted"
    assert convicted["keywords"] == "convictions, sentenced"
    # cells and lines are separate words, numbers are kept as written
    assert convicted["text"] == "2023 10 2024 2,054 Convictions by courts"
    for entry in entries:
        for hidden in ("navigationword", "scriptword", "hiddenword", "footerword", "color"):
            assert hidden not in entry["text"], (entry["url"], hidden)
        assert entry["title"] not in entry["text"]  # the title is its own field
        assert entry["text"] == " ".join(entry["text"].split())
    claim = by["claims/tip-2025-aze/victims-identified-2023-gov.html"]
    assert claim["text"] == (
        "officially identifying 91 victims in 2023 Original: www.state.gov/"
    )  # inline marks join, a URL keeps its host and path, not its scheme
    assert claim["keywords"] == by["answers/victims_identified/2023.html"]["keywords"] == ""
    document = by["documents/tip-2025-aze.html"]["text"]
    assert MAX_TEXT - 5 <= len(document) <= MAX_TEXT and document.endswith("word")


def test_the_kind_of_a_page_is_read_from_its_address():
    assert page_kind("answers/persons_convicted/2011.html") == "answer"
    assert page_kind("claims/cable-09baku141/victims-2008.html") == "claim"
    assert page_kind("indicators/index.html") == "indicators"
    assert page_kind("documents/index.html") == "documents"
    assert page_kind("conflicts/figure-aze-cases-investigated-2008-all-cases.html") == "conflict"
    assert page_kind("coverage.html") == "coverage"
    assert page_kind("consistency.html") == "consistency"
    assert page_kind("somewhere/else.html") == page_kind("else.html") == "page"


def test_the_real_sites_index_has_every_page_once_and_search_loads_minisearch_first(site_dir):
    entries = _entries(site_dir)
    urls = [e["url"] for e in entries]
    assert len(urls) == len(set(urls))
    pages = {p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*.html")}
    assert set(urls) == pages - {"search.html"}
    by = {e["url"]: e for e in entries}
    assert by["indicators/persons_convicted.html"]["title"] == "Persons convicted"
    assert by["indicators/persons_convicted.html"]["kind"] == "indicator"
    assert by["conflicts.html"]["kind"] == "conflicts"
    assert by["claims/tip-2018-aze/victims-identified-2017.html"]["title"].startswith(
        "Victims identified, 2017"
    )
    assert (
        "The government identified 71 trafficking victims"
        in (by["documents/tip-2018-aze.html"]["text"])
    )
    assert all(e["title"] and e["text"] and len(e["text"]) <= MAX_TEXT for e in entries)
    assert all("://" not in e["text"] for e in entries)
    for name in STATIC:
        assert (site_dir / name).read_bytes() == (STATIC_DIR / name).read_bytes()
    search = (site_dir / "search.html").read_text(encoding="utf-8")
    scripts = [
        search.index(f'<script src="{name}">')
        for name in ("minisearch.min.js", "search-index.js", "search.js")
    ]
    assert scripts == sorted(scripts)  # in that order


def test_minisearch_is_vendored_with_its_license_and_checksum():
    first = (STATIC_DIR / "minisearch.min.js").read_text(encoding="utf-8").split("\n", 1)[0]
    assert first.startswith("/*! minisearch 7.2.0") and "MIT" in first
    assert "sha512-" in first and "sha256:" in first
    assert "Luca Ongaro" in (STATIC_DIR / "minisearch.LICENSE.txt").read_text(encoding="utf-8")
