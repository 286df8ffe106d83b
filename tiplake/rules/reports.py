"""The manifest's reports: values the report table can hold.

Rules: year-out-of-range (published_year), report-dates, report-url, report-license. A report's
document (its path, checksum, encoding) is documents.py's, checked as it is read.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from tiplake import limits
from tiplake.problems import Problem
from tiplake.rules.base import in_years, problem_at, year_message
from tiplake.rules.registry import REPORT_DATES, REPORT_LICENSE, REPORT_URL, YEAR_OUT_OF_RANGE

if TYPE_CHECKING:
    from tiplake.seedyaml import Located


def check_reports(reports: dict[str, Located]) -> list[Problem]:
    """The manifest's years and dates are ones the report table can hold."""
    problems = []
    for report_id, loc in reports.items():
        r = loc.record
        if not in_years(r.published_year):
            problems.append(
                problem_at(
                    loc,
                    report_id,
                    YEAR_OUT_OF_RANGE,
                    "published_year: " + year_message(r.published_year),
                )
            )
        if r.published_on is not None and r.published_on.year != r.published_year:
            problems.append(
                problem_at(
                    loc,
                    report_id,
                    REPORT_DATES,
                    f"published_on {r.published_on} is not in published_year {r.published_year}",
                )
            )
        if (
            r.period_start_on is not None
            and r.period_end_on is not None
            and r.period_start_on > r.period_end_on
        ):
            problems.append(
                problem_at(
                    loc,
                    report_id,
                    REPORT_DATES,
                    f"period_start_on {r.period_start_on} is after period_end_on {r.period_end_on}",
                )
            )
        problems += [problem_at(loc, report_id, REPORT_URL, m) for m in _url_problems(r)]
        problems += [problem_at(loc, report_id, REPORT_LICENSE, m) for m in _license_problems(r)]
    return problems


_LICENSE_RE = re.compile(f"^(?:{limits.LICENSE_ID})$")


def _url_problems(r) -> Iterator[str]:
    if r.url is None:
        return
    parts = urlsplit(r.url)
    if parts.scheme not in ("http", "https") or not parts.netloc or re.search(r"\s", r.url):
        yield f"url {r.url!r} is not an absolute http or https address"


def _license_problems(r) -> Iterator[str]:
    if r.license is None:
        if r.license_note is not None:
            yield "license_note without a license: give the license's short id (unknown when the document states none)"
        return
    if not _LICENSE_RE.match(r.license):
        yield f"license {r.license!r} is not a short id (an SPDX identifier such as CC-BY-4.0, public-domain-us-gov, {limits.LICENSE_UNKNOWN})"
    if r.license == limits.LICENSE_UNKNOWN and r.license_note is None:
        yield f"license {limits.LICENSE_UNKNOWN} needs a license_note saying what is known of the document's status"
