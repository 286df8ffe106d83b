"""Looking things up in a published database: ids, indicators, one claim, the conflicts.

In:  a read-only connection to a built database (`tiplake.connect()`, or the sandboxed one
     `tiplake` commands open), and what the user typed: an id, words, a year.
Out: `require_in_db` / `require_known` -> nothing, or `UnknownId` naming the option, the value,
     the nearest valid ids ("did you mean") and every valid one when there are few (`nearest`,
     `unknown_id`); `indicators` -> the rows `tiplake indicators` prints (code, label, unit,
     pillar and the years with figures), `NotFound` when no indicator has every word;
     `claim` -> one claim_detail row as a dict and `describe_claim` -> it as `tiplake show`
     prints it; `conflicts` -> the disagreements of the `conflict` view, each with its members,
     and `describe_conflict` -> one as `tiplake conflicts` prints it; `answer` -> the `answer`
     view's answer to one question (answer.py), `NotFound` saying the years there are.
Every value the user gave is bound as a parameter; messages are `safe` for a terminal.

    >>> import tiplake
    >>> from tiplake import lookup
    >>> con = tiplake.connect()
    >>> print(lookup.describe_claim(lookup.claim(con, "tip-2018-aze:victims-identified-2017")))
"""

from __future__ import annotations

import difflib
import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import duckdb

from tiplake.problems import clip
from tiplake.render import periods, safe


class NotFound(LookupError):
    """Nothing in the database answers what was asked; the message (one line, safe for a
    terminal) says what there is instead."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class UnknownId(NotFound):
    """A value given as an id (of an indicator, a report, a claim...) that is not one."""


# What an unknown id of each kind is checked against in the database, and where the user can
# see them all (named in the error when there are too many to list).
KNOWN_IN_DB = {
    "indicator": "select indicator_code from indicator",
    "country": "select distinct country_iso3 from claim where country_iso3 is not null",
    "policy": "select policy_id from policy",
    "report": "select report_id from report",
    "source": "select source_id from source",
    "claim": "select claim_id from claim",
    "table column": "select distinct column_name from duckdb_columns() "
    "where database_name = current_database() and table_name in (select table_name "
    "from duckdb_tables() where database_name = current_database() and not internal)",
}
LISTED_BY = {
    "indicator": "`tiplake indicators` lists them",
    "claim": '`tiplake query "select claim_id from claim"` lists them',
    "table column": "`tiplake schema` lists them",
}
LIST_AT_MOST = 12  # known values listed in full in the error when there are this few


def nearest(value: str, known: Iterable[str], n: int = 3, cutoff: float = 0.6) -> list[str]:
    """The known values nearest to `value` (difflib, ignoring case), nearest first."""
    by_lower: dict[str, str] = {}
    for k in sorted(known):
        by_lower.setdefault(k.lower(), k)
    near = difflib.get_close_matches(value.lower(), list(by_lower), n=n, cutoff=cutoff)
    return [by_lower[m] for m in near]


def unknown_id(
    value: str, known: Iterable[str], option: str, what: str, also: Sequence[str] = ()
) -> UnknownId:
    """The one error every id option and argument gives for a value that is not an id: the
    option, the value, the nearest valid ones (`also` first: matches the caller found
    otherwise), then every valid one when there are few, else where to find them."""
    known = sorted(set(known))
    near = list(dict.fromkeys([*also, *nearest(value, known)]))[:5]
    message = f"{option}: no {what} {clip(value, 200)!r}."
    if near:
        message += f" Did you mean: {', '.join(near)}?"
    if not known:
        message += f" The database has no {what}."
    elif len(known) <= LIST_AT_MOST:
        plural = what[:-1] + "ies" if what.endswith("y") else what + "s"
        message += f" {plural.capitalize()}: {', '.join(known)}."
    elif what in LISTED_BY:
        message += f" {LISTED_BY[what]}."
    return UnknownId(safe(message))


def require_known(value: str, known: Iterable[str], option: str, what: str) -> None:
    """Raise `unknown_id` unless `value` is one of `known`."""
    known = set(known)
    if value not in known:
        raise unknown_id(value, known, option, what)


def known_in_db(con: duckdb.DuckDBPyConnection, what: str) -> list[str]:
    """Every `what` (a key of KNOWN_IN_DB) the database holds."""
    return [r[0] for r in con.execute(KNOWN_IN_DB[what]).fetchall()]


def require_in_db(con: duckdb.DuckDBPyConnection, what: str, value: str, option: str) -> None:
    """Raise `unknown_id` unless `value` is a `what` (a key of KNOWN_IN_DB) in the database."""
    require_known(value, known_in_db(con, what), option, what)


# --- indicators -------------------------------------------------------------------------------

INDICATOR_COLUMNS = ["indicator_code", "label", "unit", "pillar", "years"]


def indicators(
    con: duckdb.DuckDBPyConnection, words: Iterable[str] = ()
) -> tuple[list[str], list[tuple]]:
    """The indicators every word occurs in (code, label or definition, ignoring case), each
    with its code, label, unit, pillar and `years`: the periods a claim gives a figure for
    (`years_with_figures`). `NotFound` when none matches, with the nearest words."""
    wanted = [w.lower() for word in words for w in word.split()]
    rows = con.execute(
        "select indicator_code, label, unit, pillar, definition from indicator "
        "order by indicator_code"
    ).fetchall()
    spans: dict[str, dict[str, set]] = {}
    for code, kind, year_from, year_to in con.execute(
        "select distinct indicator_code, case when is_reported then 'figure' "
        "when qualifier = 'not_reported' then 'not_reported' else 'period' end, "
        "year_from, year_to from claim_detail"
    ).fetchall():
        spans.setdefault(code, {}).setdefault(kind, set()).add((year_from, year_to))
    text = {r[0]: " ".join(str(v or "") for v in r[:2] + r[4:]).lower() for r in rows}
    matching = [r for r in rows if all(w in text[r[0]] for w in wanted)]
    if not matching:
        raise NotFound(_no_indicator_matches(wanted, text.values()))
    return INDICATOR_COLUMNS, [(*r[:4], years_with_figures(spans.get(r[0], {}))) for r in matching]


def years_with_figures(by_kind: dict[str, set]) -> str:
    """An indicator's `years` column: the periods its claims give a figure for; when none,
    "none", with the periods claims say it was not reported for or that plans cover."""
    if by_kind.get("figure"):
        return periods(by_kind["figure"])
    notes = []
    if by_kind.get("not_reported"):
        notes.append(f"not reported: {periods(by_kind['not_reported'])}")
    if by_kind.get("period"):
        notes.append(f"no figure, only {periods(by_kind['period'])}")
    return "none" + (f" ({'; '.join(notes)})" if notes else "")


def _no_indicator_matches(words: list[str], texts: Iterable[str]) -> str:
    """The error for words no indicator has all of, with the nearest words for those no
    indicator has at all."""
    texts = list(texts)
    vocabulary = {w for t in texts for w in re.findall(r"[a-z0-9]{3,}", t)}
    message = f"no indicator matches {clip(' '.join(words), 200)!r}"
    absent = [w for w in words if not any(w in t for t in texts)]
    if not absent:
        return safe(f"{message}: each word occurs alone, but no indicator has them all.")
    message += " (every word must occur in its code, label or definition)."
    near = {w: nearest(w, vocabulary) for w in absent}
    if len(absent) == 1 and near[absent[0]]:
        message += f" Did you mean: {', '.join(near[absent[0]])}?"
    elif any(near.values()):
        hints = [f"{', '.join(n)} for {clip(w, 80)!r}" for w, n in near.items() if n]
        message += f" Did you mean: {'; '.join(hints)}?"
    return safe(message + " `tiplake indicators` lists them all.")


# --- one claim --------------------------------------------------------------------------------


def claim(con: duckdb.DuckDBPyConnection, claim_id: str, option: str = "CLAIM_ID") -> dict:
    """The claim_detail row of `claim_id`, as a dict; `UnknownId` (naming `option`) with the
    ids that contain it and the nearest ones when there is no such claim."""
    result = con.execute("select * from claim_detail where claim_id = ?", [claim_id])
    columns = [d[0] for d in result.description]
    row = result.fetchone()
    if row is not None:
        return dict(zip(columns, row, strict=True))
    like = con.execute(  # contains, not like: % and _ in the id are plain characters
        "select claim_id from claim where contains(lower(claim_id), lower(?)) order by 1 limit 5",
        [claim_id],
    ).fetchall()
    known = known_in_db(con, "claim")
    raise unknown_id(claim_id, known, option, "claim", also=[r[0] for r in like])


def describe_claim(c: dict) -> str:
    """A claim_detail row as `tiplake show` prints it: each id as SQL spells it (source_id,
    indicator_code, breakdown 'all'), then the caveats, then the quote in context."""
    lines = [
        c["claim_id"],
        f"  figure     : {c['figure_text']}"
        + (f" [{c['value_label']}]" if c["value_label"] else ""),
        f"  indicator  : {c['indicator_code']} ({c['indicator_label']})",
        f"  period     : {c['period']}",
        f"  country    : {c['country_iso3']}",
        f"  breakdown  : {c['breakdown']}",
        f"  source_id  : {c['source_id']} ({c['source_name']})",
        f"  originator : {c['original_source_id']} ({c['original_source_name']})"
        + (f", relayed by {c['relayed_by']}" if c["relayed_by"] else ""),
        f"  report_id  : {c['report_id']} ({c['report_title']}), chars {c['quote_start']}-{c['quote_end']}",
        f"  figure_key : {c['figure_key']}",
    ]
    if c["is_restatement"]:
        lines.append(f"  RESTATEMENT of {c['restates_claim_id']}: not an independent source")
        if c["restatement_change"]:
            lines.append(f"    changed  : {c['restatement_change']}")
    elif c["is_relayed"]:
        lines.append(
            f"  RELAYED: {c['original_source_name']}'s figure, published by {c['relayed_by']}:"
            " not a second originator"
        )
    if c["is_implied"]:
        lines.append(f"  IMPLIED by {c['implied_by_claim_id']}: not stated, read from its wording")
    if c["attribution_reason"]:
        lines.append(f"  attribution: {c['attribution_reason']}")
    if c["period_basis"] == "reporting_period":
        lines.append(
            "  period basis: the TIP reporting period (April to March), not a calendar year"
        )
    if c["part_of_claim_id"]:
        lines.append(f"  part of    : {c['part_of_claim_id']}")
    if c["same_amount_as_claim_id"]:
        lines.append(f"  same as    : {c['same_amount_as_claim_id']}")
    if c["is_low_confidence"]:
        lines.append(f"  LOW CONFIDENCE: {c['confidence_reason']}")
    if c["judgement"]:
        lines.append(f"  JUDGED {c['judgement'].upper()}: {c['judgement_reason']}")
    if c["note"]:
        lines.append(f"  note       : {c['note']}")
    in_context = f"{c['context_before']}>>>{c['quote']}<<<{c['context_after']}"
    lines += ["", f"  ...{' '.join(in_context.split())}..."]
    return "\n".join(lines)


# --- conflicts --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ConflictMember:
    """One value in a conflict: whose figure it is, where, and the curator's judgement."""

    member_id: str
    figure_text: str
    indicator_code: str
    period: str
    original_source_name: str
    report_id: str
    relayed_by: str | None
    judgement: str | None
    judgement_reason: str | None
    restatement_change: str | None
    quote: str | None


@dataclass(frozen=True)
class Conflict:
    """One disagreement of the `conflict` view, its kind and explanation, and its values."""

    conflict_id: str
    conflict_kind: str
    is_contradiction: bool
    explanation: str
    members: tuple[ConflictMember, ...]


_CONFLICTS_SQL = """
    with picked as (
        select distinct conflict_id
        from conflict
        where (cast(? as varchar) is null or indicator_code = ?)
          and (cast(? as integer) is null or (? between year_from and year_to))
    )
    select c.conflict_id, c.conflict_kind, c.is_contradiction, c.explanation,
        c.member_id, c.figure_text, c.indicator_code, c.period, c.original_source_name,
        c.report_id, c.relayed_by, c.judgement, c.judgement_reason, c.restatement_change, c.quote
    from conflict c
    join picked on picked.conflict_id = c.conflict_id
    order by c.is_contradiction desc, c.conflict_id, c.published_year, c.member_id
"""


def conflicts(
    con: duckdb.DuckDBPyConnection,
    indicator_code: str | None = None,
    year: int | None = None,
    option: str = "--indicator",
) -> list[Conflict]:
    """The conflicts about `indicator_code` (an unknown one is `UnknownId` naming `option`)
    whose values' periods include `year`, each whole; contradictions first."""
    if indicator_code is not None:
        require_in_db(con, "indicator", indicator_code, option)
    rows = con.execute(_CONFLICTS_SQL, [indicator_code] * 2 + [year] * 2).fetchall()
    return [
        Conflict(*head, members=tuple(ConflictMember(*m[4:]) for m in members))
        for head, members in itertools.groupby(rows, key=lambda r: r[:4])
    ]


def describe_conflict(c: Conflict) -> str:
    """A conflict as `tiplake conflicts` prints it: its id and kind, the explanation, then each
    value with whose figure it is, who relayed it, its quote, restatement and judgement."""
    label = c.conflict_kind if c.is_contradiction else f"{c.conflict_kind}, not a contradiction"
    lines = [f"{c.conflict_id}  [{label}]", f"  {c.explanation}"]
    for m in c.members:
        via = f", relayed by {m.relayed_by}" if m.relayed_by else ""
        lines.append(
            f"  {m.figure_text} ({m.indicator_code}, {m.period})  source: "
            f"{m.original_source_name}{via} in {m.report_id}  ({m.member_id})"
        )
        if m.quote:
            lines.append(f'      "{" ".join(m.quote.split())}"')
        if m.restatement_change:
            lines.append(f"      restated: {m.restatement_change}")
        if m.judgement:
            lines.append(f"      judged {m.judgement}: {m.judgement_reason}")
    return safe("\n".join(lines))


# --- one question ---------------------------------------------------------------------------


def answer(
    con: duckdb.DuckDBPyConnection,
    indicator_code: str,
    year: int,
    country_iso3: str = "AZE",
    option: str = "INDICATOR",
):
    """answer.explain's Answer for `indicator_code` in `country_iso3` (any case) for `year`;
    `UnknownId` for an unknown indicator (naming `option`), `NotFound` with the years the
    documents span when there is no answer."""
    from tiplake.answer import NoSuchQuestion, explain

    country = country_iso3.upper()
    require_in_db(con, "indicator", indicator_code, option)
    try:
        return explain(con, indicator_code, year, country)
    except NoSuchQuestion:
        (first, last) = con.execute(
            "select min(year), max(year) from answer where country_iso3 = ?", [country]
        ).fetchone()
        span = f"{first}-{last}" if first is not None else "none"
        raise NotFound(
            f"no answer for {indicator_code} in {country} for {year}: "
            f"the documents span {span} for that country"
        ) from None
