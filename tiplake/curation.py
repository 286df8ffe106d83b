"""The curator's questions about the seeds: are they valid, is every number accounted for?

In:  the seeds folder (project.PROJECT.seeds in a checkout), a report id or none.
Out: `validated(seeds, report_id)` -> the seeds validated (validate.py), narrowed to one
     report when `report_id` is given (an unknown one is lookup.UnknownId naming `option`
     and the reports there are); `coverage_lines(result, report_ids)` -> what `tiplake
     coverage` prints, line by line, as each report is audited (coverage.py): `accounted N
     of M (P%)` per report and each unaccounted number with its line and context, each
     flagged whether it is an unaccounted number.

    >>> from tiplake.curation import coverage_lines, validated
    >>> from tiplake.project import PROJECT
    >>> for line, unaccounted in coverage_lines(validated(PROJECT.seeds, "tip-2018-aze")):
    ...     print(line)
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from tiplake.lookup import require_known

if TYPE_CHECKING:
    from tiplake.validate import Validated

CONTEXT = 60  # characters of the document shown on each side of an unaccounted number


def validated(seeds: Path, report_id: str | None = None, option: str = "--report") -> Validated:
    """The seeds validated, narrowed to one report when `report_id` (an unknown one is an
    error naming `option` and the reports there are)."""
    from tiplake.seeds import read_seeds
    from tiplake.validate import validate

    read = read_seeds(seeds)
    if report_id is not None:
        require_known(report_id, (loc.record.report_id for loc in read.reports), option, "report")
    result = validate(read)
    return result if report_id is None else result.of_report(report_id)


def coverage_lines(
    result: Validated,
    report_ids: list[str] | None = None,
    progress: Callable[[str], None] | None = None,
) -> Iterator[tuple[str, bool]]:
    """Each report's `accounted N of M (P%)` line, then one line per unaccounted number (its
    line in the document, its text and context), each with whether it is an unaccounted
    number; every document's when `report_ids` is None."""
    from tiplake.coverage import audit

    data = result.data
    ids = sorted(data.documents) if report_ids is None else report_ids
    for cov in audit(result, ids, progress=progress):
        pct = 100.0 * cov.accounted / cov.total if cov.total else 100.0
        yield f"{cov.report_id}: accounted {cov.accounted} of {cov.total} ({pct:.1f}%)", False
        text = data.documents[cov.report_id]
        for item in cov.unaccounted:
            m = item.mention
            context = " ".join(text[max(0, m.start - CONTEXT) : m.end + CONTEXT].split())
            yield f"  line {item.line}: {m.text!r} in ...{context}...", True
