"""The evidence site as a reporter uses it (issue 31): answer pages, "cite this", plain labels and
the glossary, conflicts and consistency that explain, a CSV beside every table. Read as files
from the site `site_dir` wrote from the real database alone; the same pages in a browser at
phone and desktop widths: tests/test_site_browser.py."""

from __future__ import annotations

import csv
import html
import json
import re
from datetime import date
from pathlib import Path

import pytest

from tiplake.site import SiteError, _Site, answer_path, build_site, conflict_path
from tiplake.site.cite import Quoted, bibtex_key, cite


def _text(path: Path) -> str:
    """A page's visible text in <main>, without tags (code elements kept)."""
    page = path.read_text(encoding="utf-8")
    main = re.search(r"<main.*?</main>", page, re.S).group(0)
    main = re.sub(r"<(script|style)\b.*?</\1>", " ", main, flags=re.S)
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", main)).split())
    return re.sub(r" ([,.:;)])", r"\1", text)


def _cite_block(path: Path) -> str:
    page = path.read_text(encoding="utf-8")
    block = re.search(r'<section class="cite" id="cite".*?</section>', page, re.S)
    assert block, f"{path.name} has no citation block"
    return html.unescape(
        re.search(r'<pre class="citation">(.*?)</pre>', block.group(0), re.S).group(1)
    )


# --- answer pages --------------------------------------------------------------------------


def test_the_2017_victims_answer_page_says_71_whose_figure_it_is_and_who_relayed_it(site_dir):
    page = site_dir / answer_path("victims_identified", 2017)
    assert page.name == "2017.html"
    text = _text(page)
    # the paragraph first, then the figures
    paragraph = re.search(r'<p class="answer">(.*?)</p>', page.read_text(encoding="utf-8"), re.S)
    assert "71 persons" in paragraph.group(1)
    assert text.index("Government of Azerbaijan") < text.index("The figures")
    assert "Relayed by U.S. Department of State (not a second originator)" in text
    assert "The government identified 71 trafficking victims" in text
    # its breakdowns after the figures, each labelled in words
    assert "sex: female; form of exploitation: sexual 66 persons" in text
    assert "exploitation_form" not in text


def test_an_answer_page_exists_for_every_year_with_a_figure_or_a_stated_absence(site_dir, con):
    expected = con.execute(
        """select count(*) from answer where country_iso3 = 'AZE' and
           (verdict not in ('no_document', 'no_figure') or coverage not in ('no_document', 'no_figure'))
           and indicator_code in (select indicator_code from claim)"""
    ).fetchone()[0]
    pages = list((site_dir / "answers").glob("*/*.html"))
    assert len(pages) == expected == 259
    # a year no document covers has no answer page: the indicator page says so instead
    assert not (site_dir / answer_path("victims_identified", 2012)).exists()


def test_an_indicator_page_leads_with_one_row_a_year_and_says_what_is_missing(site_dir):
    page = site_dir / "indicators" / "victims_identified.html"
    source = page.read_text(encoding="utf-8")
    text = _text(page)
    assert text.index("Year by year") < text.index("Every figure, by originator")
    series = list(csv.reader((site_dir / "indicators" / "victims_identified.series.csv").open()))
    assert series[0][:3] == ["year", "figure", "verdict"]
    years = {row[0]: row for row in series[1:]}
    assert sorted(map(int, years)) == list(range(2007, 2026))  # every year, none left out
    assert years["2017"][1:3] == ["71 persons", "one figure"]
    assert years["2012"][1:3] == ["", "no document"]  # missing, not zero, not a gap
    assert f'href="../{answer_path("victims_identified", 2017)}">2017</a>' in source
    # the totals come before any breakdown
    rows = re.findall(r"<tr( class=\"part\")?><th scope=\"row\">", source)
    kinds = [bool(r) for r in rows]
    assert True in kinds and kinds.index(True) == kinds.count(False) > len(years)


# --- cite this -----------------------------------------------------------------------------


def test_a_claim_page_cites_originator_relay_document_url_and_quote(site_dir, con):
    claim_id = con.execute(
        "select claim_id from claim_detail where indicator_code = 'victims_identified' "
        "and period = '2017' and breakdown = 'all' and report_id = 'tip-2018-aze'"
    ).fetchone()[0]
    report_id, local = claim_id.split(":")
    page = site_dir / "claims" / report_id / f"{local}.html"
    text = _cite_block(page)
    assert text.startswith(
        "Government of Azerbaijan, as relayed by U.S. Department of State. "
        "Victims identified, 2017: 71 persons: “The government identified 71 trafficking victims"
    )
    assert (
        "In: Trafficking in Persons Report 2018: Azerbaijan. U.S. Department of State, 2018."
        in text
    )
    assert "https://www.state.gov/reports/2018-trafficking-in-persons-report/" in text
    assert f"claims/{report_id}/{local}.html (address within the site)" in text
    bib = page.with_suffix(".bib").read_text(encoding="utf-8")
    assert bib.startswith(f"@misc{{{bibtex_key(claim_id)},")
    assert "year = {2018}" in bib and "url = {https://www.state.gov/" in bib
    (item,) = json.loads(page.with_name(f"{local}.csl.json").read_text(encoding="utf-8"))
    assert item["issued"] == {"date-parts": [[2018]]}
    assert item["author"] == [{"literal": "U.S. Department of State"}]
    assert "The government identified 71 trafficking victims" in item["note"]


def test_every_claim_answer_and_conflict_page_has_a_citation_and_its_downloads(site_dir):
    pages = (
        list((site_dir / "claims").glob("*/*.html"))
        + list((site_dir / "answers").glob("*/*.html"))
        + list((site_dir / "conflicts").glob("*.html"))
    )
    assert len(pages) == 410 + 259 + 5
    for page in pages:
        assert _cite_block(page), page
        text = page.read_text(encoding="utf-8")
        for kind in (".bib", ".json"):  # the downloads the cite block links, beside the page
            (href,) = re.findall(rf'<a download href="([^"/]+\{kind})"', text)
            assert (page.parent / href).is_file(), (page, href)
        assert page.with_suffix(".bib").is_file(), page
        short = len(page.stem) + len(".csl.json") <= 100
        assert page.with_name(page.stem + ".csl.json").is_file() == short, page


def test_a_base_url_gives_every_page_its_full_address_and_a_canonical_link(con, tmp_path):
    site = _Site(con, None, tmp_path, "https://example.org/tiplake/")
    claim = next(c for c in site.claims.values() if c["indicator_code"] == "victims_identified")
    rel, title, context = site.claim_page(claim, [], [])
    site.render("claim.html", rel, title, context)
    written = (tmp_path / rel).read_text(encoding="utf-8")
    assert f'<link rel="canonical" href="https://example.org/tiplake/{rel}">' in written
    assert f'class="permalink" href="https://example.org/tiplake/{rel}"' in written
    assert f"Compiled by tiplake: https://example.org/tiplake/{rel}, database built" in written


def test_a_base_url_that_is_not_a_web_address_is_refused_before_anything_is_written(con, tmp_path):
    with pytest.raises(SiteError, match="--base-url must be an http"):
        build_site(con, tmp_path / "site", base_url="javascript:alert(1)")
    assert not (tmp_path / "site").exists()


def test_a_citation_escapes_bibtex_and_names_the_originator_before_the_relay():
    q = Quoted(
        claim_id="r:x_1",
        figure="Funding, 2021: 100% & $5",
        originator="Government of Azerbaijan",
        relayed_by="U.S. Department of State",
        quote="a {quoted}\n  sentence",
        title="Report #1",
        publisher="U.S. Department of State",
        published=date(2018, 6, 28),
        url=None,
    )
    c = cite([q], "claims/r/x_1.html", None, date(2026, 12, 7))
    assert c.text.splitlines()[0] == (
        "Government of Azerbaijan, as relayed by U.S. Department of State. Funding, 2021: 100% & $5: "
        "“a {quoted} sentence” In: Report #1. U.S. Department of State, 2018-06-28. "
        "(no public address known)"
    )
    assert r"title = {{Report \#1}}" in c.bibtex and r"100\% \& \$5" in c.bibtex
    assert r"a \{quoted\} sentence" in c.bibtex and "date = {2018-06-28}" in c.bibtex
    assert json.loads(c.csl_json)[0]["issued"] == {"date-parts": [[2018, 6, 28]]}


# --- plain labels and the glossary ---------------------------------------------------------

_CODE = re.compile(r"\b[a-z]+(?:_[a-z0-9]+)+\b")  # snake_case: a machine code


@pytest.mark.parametrize(
    "page",
    [
        "index.html",
        "conflicts.html",
        "consistency.html",
        "coverage.html",
        "glossary.html",
        "indicators/index.html",
        "indicators/victims_identified.html",
        "answers/victims_identified/2017.html",
        "answers/persons_convicted/2017.html",
    ],
)
def test_no_machine_code_is_shown_outside_code_elements(site_dir, page):
    source = (site_dir / page).read_text(encoding="utf-8")
    main = re.search(r"<main.*?</main>", source, re.S).group(0)
    main = re.sub(r"<code>.*?</code>", " ", main, flags=re.S)
    main = re.sub(r'<section class="cite".*?</section>', " ", main, flags=re.S)  # addresses
    visible = html.unescape(re.sub(r"<[^>]+>", " ", main))
    assert _CODE.findall(visible) == []


def test_every_badge_links_to_its_glossary_entry_which_explains_it(site_dir, con):
    glossary = (site_dir / "glossary.html").read_text(encoding="utf-8")
    ids = set(re.findall(r'id="([^"]+)"', glossary))
    terms = con.execute("select field || '-' || code, explanation from term").fetchall()
    assert len(terms) == 84
    for anchor, explanation in terms:
        assert anchor in ids
        assert html.escape(explanation, quote=True) in glossary or explanation in html.unescape(
            glossary
        )
    seen = set()
    for page in [
        "index.html",
        "indicators/victims_identified.html",
        "conflicts/"
        + conflict_path("figure | AZE | cases_investigated | 2008 | all | cases").split("/", 1)[1],
    ]:
        for href, title in re.findall(
            r'<a class="flag [a-z_]+" href="[./]*glossary\.html#([^"]+)" title="([^"]+)"',
            (site_dir / page).read_text(encoding="utf-8"),
        ):
            assert href in ids and title
            seen.add(href)
    assert {"caveat-derived", "caveat-relayed", "caveat-restated"} <= seen


# --- conflicts and consistency -------------------------------------------------------------


def test_the_conflicts_page_lists_each_disagreement_once_in_words(site_dir, con):
    text = _text(site_dir / "conflicts.html")
    source = (site_dir / "conflicts.html").read_text(encoding="utf-8")
    headings = re.findall(r"<h2 id=\"c\d+\"><a [^>]*>(.*?)</a></h2>", source)
    assert len(headings) == len(set(headings)) == 5
    assert "Cases investigated and Crimes registered, 2008: different definitions" in headings
    assert "66 cases against 76 crimes" in text
    assert "Not a contradiction (explained by a difference of definition)" in text


def test_a_conflict_page_shows_both_quotes_both_figures_and_links_to_both_claims(site_dir):
    page = site_dir / conflict_path("figure | AZE | cases_investigated | 2008 | all | cases")
    source = page.read_text(encoding="utf-8")
    text = _text(page)
    quotes = re.findall(r'<blockquote class="quote">(.*?)</blockquote>', source, re.S)
    assert len(quotes) == 2
    assert "76 cases" in text and "66 cases" in text
    assert "A contradiction" in text and "not a disagreement between sources" in text
    assert source.count('href="../claims/cable-09baku141/cases-investigated-2008-') == 2
    cited = _cite_block(page)
    assert cited.count("Government of Azerbaijan, as relayed by U.S. Embassy Baku.") == 2


def test_a_claim_in_a_conflict_links_to_its_rival_and_the_conflict(site_dir):
    text = _text(site_dir / "claims" / "cable-09baku141" / "cases-investigated-2008-gov.html")
    assert "Other values of this figure 76 cases (09BAKU141)" in text
    assert (
        "Part of Cases investigated and Crimes registered, 2008: different definitions, "
        "Cases investigated, 2008: within one originator" in text
    )
    assert "Curator's judgement preferred: " in text


def test_the_consistency_page_gives_the_numbers_compared_and_the_reason(site_dir, con):
    rows = list(csv.reader((site_dir / "consistency.csv").open()))
    n = con.execute("select count(*) from consistency_check").fetchone()[0]
    assert len(rows) == n + 1 == 66
    header = rows[0]
    opened = next(
        r for r in rows if r[1] == "Cases investigated, 2008" and r[2] == "across indicators"
    )
    assert opened[header.index("parts")] == (
        "Trafficking criminal cases sent to court: 61 cases; "
        "Trafficking criminal cases still under investigation at the end of the year: 5 cases"
    )
    assert opened[header.index("parts sum")] == "66"
    assert opened[header.index("result")] == "adds up"
    assert "5 + 61 = 66" in opened[header.index("reason")]
    text = _text(site_dir / "consistency.html")
    assert "adds up" in text and "adds_up" not in text


# --- tables and documents ------------------------------------------------------------------


def test_every_table_has_its_csv_beside_it(site_dir):
    checked = 0
    for page in site_dir.rglob("*.html"):
        source = page.read_text(encoding="utf-8")
        tables = source.count('<table class="data')
        links = re.findall(r'<a class="table-csv" download href="([^"]+)"', source)
        assert len(links) == tables, page
        for href in links:
            assert (page.parent / href).is_file(), (page, href)
            checked += 1
    assert checked >= 2 * 150  # every indicator page has two


def test_the_cable_page_folds_the_archive_navigation_before_the_cable(site_dir):
    source = (site_dir / "documents" / "cable-09baku141.html").read_text(encoding="utf-8")
    pre = source.index('<pre class="document">')
    assert source.index('<details class="preamble">', pre) == pre + len('<pre class="document">')
    summary = re.search(r"<summary>(.*?)</summary>", source).group(1)
    assert summary.startswith(
        "Text before the document (9,983 characters, skipped: web page navigation"
    )
    assert source.index("</details>") < source.index('class="anchor"')
    # a TIP report starts with its own text
    assert '<details class="preamble">' not in (
        site_dir / "documents" / "tip-2018-aze.html"
    ).read_text(encoding="utf-8")
