"""Licenses and links: the curated data are CC BY 4.0 (LICENSE, README, the data packages); each
source document keeps its own status, recorded in the manifest and carried into the report
table with its public URL. (The data packages' `licenses` and `sources`: tests/test_export.py;
Datasette's metadata: tests/test_export_sqlite.py; the document pages: tests/test_site.py.)"""

from __future__ import annotations

import re
from pathlib import Path

from tiplake.export import DATA_LICENSE

REPO = Path(__file__).resolve().parent.parent
US_GOVERNMENT = (
    "A work of the U.S. government, in the public domain in the United States (17 U.S.C. 105)"
)


def test_every_report_has_its_license_status_and_url_or_why_not(con):
    rows = con.execute(
        "select report_id, url, url_note, license, license_note from report order by report_id"
    ).fetchall()
    reports = {r[0]: r[1:] for r in rows}
    assert set(reports) == {
        "cable-09baku141",
        "gov-aze-2021",
        "tip-2012-aze",
        "tip-2018-aze",
        "tip-2025-aze",
    }
    assert reports["tip-2025-aze"] == (
        "https://www.state.gov/reports/2025-trafficking-in-persons-report/azerbaijan/",
        None,  # the URL is the country narrative itself
        "public-domain-us-gov",
        US_GOVERNMENT + ".",
    )
    for edition in ("tip-2012-aze", "tip-2018-aze"):
        url, url_note, license_, note = reports[edition]
        assert url.startswith("https://") and "the country narrative is a chapter of it" in url_note
        assert (license_, note) == ("public-domain-us-gov", US_GOVERNMENT + ".")
    assert reports["tip-2012-aze"][0] == "https://2009-2017.state.gov/j/tip/rls/tiprpt/2012/"
    url, url_note, license_, note = reports["cable-09baku141"]
    assert url == "https://wikileaks.org/cable/2009/02/09BAKU141.html"
    assert license_ == "public-domain-us-gov" and note.startswith(US_GOVERNMENT)
    assert "WikiLeaks page, whose navigation precedes the cable" in note
    assert reports["gov-aze-2021"] == (
        None,
        "No public URL known to the curators.",
        "unknown",
        "The document states no license. It is vendored so that every quote can be verified.",
    )


def test_the_report_columns_describe_themselves(con):
    comments = dict(
        con.execute(
            "select column_name, comment from duckdb_columns() where table_name = 'report' "
            "and column_name in ('url', 'url_note', 'license', 'license_note')"
        ).fetchall()
    )
    assert len(comments) == 4 and all(comments.values())
    assert "public-domain-us-gov" in comments["license"] and "CC BY 4.0" in comments["license"]


def test_the_license_file_states_the_data_license_and_leaves_the_documents_theirs():
    text = " ".join((REPO / "LICENSE").read_text(encoding="utf-8").split())
    assert "Creative Commons Attribution 4.0 International" in text
    assert "CC BY 4.0" in text and "CC-BY-4.0" in text and DATA_LICENSE["path"] in text
    assert "The source documents are not covered by this license" in text
    assert "seeds/documents/manifest.yaml" in text and "report table" in text
    assert "not yet under a license" in text  # the code's license is not chosen


def test_the_readme_license_section_says_the_same():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = re.search(r"^## License\n(.*?)(?=^## |\Z)", readme, flags=re.M | re.S)
    assert section, "README.md has no License section"
    text = " ".join(section.group(1).split())
    assert "CC BY 4.0" in text and DATA_LICENSE["path"] in text and "`LICENSE`" in text
    assert "The source documents are not covered by it" in text
    assert "the build does not fetch them" in text
    assert "The code's license is not chosen yet" in text
    # the session it shows (run by tests/test_readme.py) lists every report's license
    assert '$ tiplake query "select report_id, license, url from report' in section.group(1)
