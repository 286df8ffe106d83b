"""One question, one answer: "what is <indicator> in <country> for <year>?"

In:  a read-only connection to a published database (the `answer` and `answer_figure` views).
Out: an `Answer`: the verdict, the plain-language paragraph a reporter can quote, and every
     figure behind it (value, originator, relayer, document, definition, kind of period,
     derived or implied, quote), plus `render` for the terminal. It reads only the database:
     nothing here builds, validates or opens a seed file. `tiplake explain` is a thin layer
     over `explain` and `render`.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field

import duckdb

# What a row of answer_figure's columns gives, in this order.
FIGURE_COLUMNS = (
    "role",
    "member_id",
    "member_indicator_label",
    "figure_text",
    "original_source_name",
    "relayed_by",
    "report_id",
    "report_title",
    "published_year",
    "period",
    "period_basis",
    "is_derived",
    "derived_rule",
    "part_claim_ids",
    "is_implied",
    "is_low_confidence",
    "judgement",
    "judgement_reason",
    "definition",
    "quote",
)
ANSWER_COLUMNS = (
    "indicator_label",
    "verdict",
    "headline_figure",
    "n_values",
    "n_originators",
    "originators",
    "not_reported_by",
    "has_derived",
    "other_definitions",
    "coverage",
    "paragraph",
)
# The order figures are listed in: the answer's own figures, then what was not reported, then
# the differently defined counts.
ROLE_ORDER = {"figure": 0, "not_reported": 1, "other_definition": 2}
ROLE_LABEL = {
    "figure": "figure",
    "not_reported": "not reported",
    "other_definition": "other definition",
}


@dataclass(frozen=True)
class Answer:
    country_iso3: str
    indicator_code: str
    year: int
    indicator_label: str
    verdict: str
    headline_figure: str | None
    n_values: int
    n_originators: int
    originators: str | None
    not_reported_by: str | None
    has_derived: bool
    other_definitions: str | None
    coverage: str
    paragraph: str
    figures: list[dict] = field(default_factory=list)


class NoSuchQuestion(LookupError):
    """The database has no row for that indicator, country and year."""


def explain(
    con: duckdb.DuckDBPyConnection, indicator_code: str, year: int, country_iso3: str = "AZE"
) -> Answer:
    """The answer for one indicator, country and year (NoSuchQuestion when the database has
    none: an unknown indicator, or a year outside every document's span)."""
    key = [country_iso3, indicator_code, year]
    row = con.execute(
        f"select {', '.join(ANSWER_COLUMNS)} from answer "
        "where country_iso3 = ? and indicator_code = ? and year = ?",
        key,
    ).fetchone()
    if row is None:
        raise NoSuchQuestion(f"no answer for {indicator_code} in {country_iso3} for {year}")
    figures = [
        dict(zip(FIGURE_COLUMNS, r, strict=True))
        for r in con.execute(
            f"select {', '.join(FIGURE_COLUMNS)} from answer_figure "
            "where country_iso3 = ? and indicator_code = ? and year = ? "
            "order by published_year, report_id, member_id",
            key,
        ).fetchall()
    ]
    figures.sort(key=lambda f: ROLE_ORDER[f["role"]])
    values = dict(zip(ANSWER_COLUMNS, row, strict=True))
    return Answer(country_iso3, indicator_code, year, figures=figures, **values)


def _figure_line(n: int, f: dict) -> list[str]:
    source = f["original_source_name"] or "-"
    if f["relayed_by"]:
        source += f", relayed by {f['relayed_by']}"
    flags = [
        word
        for word, on in (
            ("derived", f["is_derived"]),
            ("implied", f["is_implied"]),
            ("low confidence", f["is_low_confidence"]),
            (f"judged {(f['judgement'] or '').replace('_', ' ')}", f["judgement"]),
            ("TIP reporting period", f["period_basis"] == "reporting_period"),
        )
        if on
    ]
    if f["role"] == "not_reported":
        head = f"[{n}] not reported (for {f['period']})"
    else:
        head = f"[{n}] {ROLE_LABEL[f['role']]}: {f['figure_text']}"
    if f["role"] == "other_definition":
        head += f" ({f['member_indicator_label']}, another count)"
    lines = [head, f"    source: {source}", f"    document: {f['report_title']} ({f['report_id']})"]
    if flags:
        lines.append(f"    note: {', '.join(flags)}")
    if f["is_derived"]:
        lines.append(f"    derived: {f['derived_rule']} of {f['part_claim_ids']}")
    if f["judgement"]:
        lines.append(f"    judgement: {f['judgement_reason']}")
    if f["quote"]:
        lines.append(f'    quote: "{" ".join(f["quote"].split())}"')
    lines.append(f"    claim: {f['member_id']}")
    return lines


def render(a: Answer, width: int = 88) -> str:
    """The answer as text: the paragraph, the verdict, then each figure with its source,
    relayer, document, caveats and quote."""
    wrap = lambda text, indent="": textwrap.fill(  # noqa: E731
        text, width=width, initial_indent=indent, subsequent_indent=indent
    )
    out = [wrap(a.paragraph), "", f"verdict: {a.verdict.replace('_', ' ')}"]
    if a.headline_figure:
        out.append(f"figure to quote: {a.headline_figure}")
    for n, f in enumerate(a.figures, 1):
        out.append("")
        for line in _figure_line(n, f):
            out.append(
                textwrap.fill(line, width=width, subsequent_indent="      ")
                if len(line) > width
                else line
            )
    return "\n".join(out)


__all__ = ["Answer", "NoSuchQuestion", "explain", "render"]
