"""Chart one indicator by year: each originator's figures, the reconciled series, the conflicts.

In:  a DuckDB connection to a built database (only read), an indicator code, a country (ISO3)
     and optionally a file to write (.svg or .png, by its suffix).
Out: a ChartResult: the matplotlib Figure (made without pyplot, so a notebook's backend is left
     alone), the file written or None, and what was drawn.

Only annual figures without breakdown are drawn (year_from = year_to, breakdown = 'all'):
- one series per originator (source_id): a marker per claim that gives a value at (year, value),
  labelled with its report_id; in the SVG each is a group with id `claim:<claim_id>`;
- a claim saying the figure was not reported: a hollow marker on the bottom axis, never a zero;
  id `not-reported:<claim_id>`;
- the reconciled series (default policy, the figures that have a value) as a line with a dash
  at each value, broken where a year has none; id `reconciled`. A value no claim states, derived
  from a declared breakdown (2011's victims, from the 2012 report's parts), is also a hollow
  diamond labelled with its rule; id `derived:<year>`;
- the years the conflict view lists for the indicator (contradictions only, not differently
  defined related figures), shaded; id `conflict:<year>`.

One axis holds one unit: the indicator's own unit, or, when no figure is in it, the unit most
figures are in. Figures in any other unit (e.g. USD conversions of AZN amounts) are left out,
counted in `n_omitted` and named in a note under the chart. SVG output is byte-identical from one
render to the next (fixed `svg.hashsalt`, no date).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import duckdb
import matplotlib
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator

FORMATS = {".svg": "svg", ".png": "png"}
_LABEL = {"textcoords": "offset points", "fontsize": 7, "rotation": 45, "rotation_mode": "anchor"}


@dataclass(frozen=True)
class ChartResult:
    figure: Figure
    path: Path | None  # the file written, or None
    unit: str  # the unit of the value axis
    n_claims: int  # markers for claims that give a value
    n_not_reported: int  # hollow markers for "not reported" claims
    n_series: int  # originators with at least one value
    series: tuple[str, ...]  # their source_ids
    n_reconciled: int  # points of the reconciled line
    derived_years: tuple[int, ...]  # its points derived from a breakdown, not stated
    n_conflicts: int  # years highlighted
    conflict_years: tuple[int, ...]
    n_omitted: int  # claims in another unit, not drawn


@dataclass(frozen=True)
class _Claim:
    claim_id: str
    source_id: str
    report_id: str
    year: int
    value: float | None  # None: not reported
    unit: str
    label: str  # report_id, with the figure as written when it is not exact


_CLAIMS_SQL = """
select
    claim_id, source_id, report_id, year_from, coalesce(value, amount), unit,
    case when qualifier = 'exact' then report_id else report_id || ': ' || figure_text end
from claim_detail
where indicator_code = ? and country_iso3 = ? and breakdown = 'all' and year_from = year_to
    and ((is_reported and coalesce(value, amount) is not null) or qualifier = 'not_reported')
order by source_id, year_from, claim_id
"""

_RECONCILED_SQL = """
select year_from, coalesce(value, amount), is_derived, derived_rule
from reconciled
where indicator_code = ? and country_iso3 = ? and unit = ? and breakdown = 'all'
    and year_from = year_to and is_reported and coalesce(value, amount) is not null
order by year_from
"""

_CONFLICT_SQL = """
select distinct year_from
from conflict
where country_iso3 = ? and indicator_code = ? and is_contradiction
    and breakdown = 'all' and year_from = year_to
order by year_from
"""


def _unit(claims: list[_Claim], indicator_unit: str) -> str:
    counts = Counter(c.unit for c in claims if c.value is not None)
    if counts[indicator_unit]:
        return indicator_unit
    return min(counts, key=lambda unit: (-counts[unit], unit))


def draw(
    con: duckdb.DuckDBPyConnection,
    indicator_code: str,
    country_iso3: str = "AZE",
    out: Path | None = None,
) -> ChartResult:
    """Draw the indicator's figures for the country; write them to `out` if given."""
    out = Path(out) if out is not None else None
    if out is not None and out.suffix.lower() not in FORMATS:
        raise ValueError(f"cannot write {out}: the file name must end in .svg or .png")
    found = con.execute(
        "select label, unit from indicator where indicator_code = ?", [indicator_code]
    ).fetchone()
    if found is None:
        raise ValueError(f"unknown indicator {indicator_code!r} (see: select * from indicator)")
    label, indicator_unit = found
    claims = [
        _Claim(claim_id, source, report, year, None if value is None else float(value), unit, text)
        for claim_id, source, report, year, value, unit, text in con.execute(
            _CLAIMS_SQL, [indicator_code, country_iso3]
        ).fetchall()
    ]
    if not any(c.value is not None for c in claims):
        raise ValueError(
            f"indicator {indicator_code!r} has no annual figure without breakdown for {country_iso3} to chart"
        )
    unit = _unit(claims, indicator_unit)
    omitted = sorted({c.unit for c in claims if c.unit != unit})
    drawn = [c for c in claims if c.unit == unit]
    reconciled = con.execute(_RECONCILED_SQL, [indicator_code, country_iso3, unit]).fetchall()
    conflict_years = tuple(
        year for (year,) in con.execute(_CONFLICT_SQL, [country_iso3, indicator_code]).fetchall()
    )

    figure = Figure(figsize=(9, 5.5), layout="constrained")
    ax = figure.add_subplot()
    colours = matplotlib.color_sequences["tab10"]
    sources = sorted({c.source_id for c in drawn})
    colour = {s: colours[i % len(colours)] for i, s in enumerate(sources)}
    handles: list = []
    series: list[str] = []
    stacked: Counter = Counter()  # labels already at one point, to offset the next
    for c in drawn:
        if c.value is None:
            continue
        (line,) = ax.plot([c.year], [c.value], "o", color=colour[c.source_id], ms=7, zorder=3)
        line.set_gid(f"claim:{c.claim_id}")
        if c.source_id not in series:
            series.append(c.source_id)
            line.set_label(c.source_id)
            handles.append(line)
        k = stacked[(c.year, c.value)]
        stacked[(c.year, c.value)] += 1
        ax.annotate(c.label, (c.year, c.value), xytext=(3 + 9 * k, 5), **_LABEL)
    on_axis = ax.get_xaxis_transform()  # x in years, y in axes fraction: 0 is the bottom axis
    not_reported = [c for c in drawn if c.value is None]
    for c in not_reported:
        (line,) = ax.plot(
            [c.year],
            [0],
            "o",
            transform=on_axis,
            mfc="white",
            mec=colour[c.source_id],
            mew=1.5,
            ms=9,
            clip_on=False,
            zorder=4,
        )
        line.set_gid(f"not-reported:{c.claim_id}")
        k = stacked[(c.year, None)]
        stacked[(c.year, None)] += 1
        ax.annotate(
            f"not reported: {c.source_id} ({c.report_id})",
            (c.year, 0),
            xycoords=on_axis,
            xytext=(3 + 9 * k, 8),
            style="italic",
            **_LABEL,
        )
    if reconciled:
        years: list[float] = []
        values: list[float] = []
        for year, value, _, _ in reconciled:
            if years and year > years[-1] + 1:  # a gap: no value, so no line across it
                years.append(float("nan"))
                values.append(float("nan"))
            years.append(year)
            values.append(float(value))
        (line,) = ax.plot(
            years,
            values,
            "-_",
            color="black",
            lw=1.2,
            ms=16,
            mew=1.5,
            alpha=0.6,
            zorder=2,
            label="reconciled (default policy)",
        )
        line.set_gid("reconciled")
        handles.append(line)
    derived = [
        (year, float(value), rule) for year, value, is_derived, rule in reconciled if is_derived
    ]
    for year, value, rule in derived:
        (line,) = ax.plot([year], [value], "D", mfc="white", mec="black", mew=1.5, ms=9, zorder=4)
        line.set_gid(f"derived:{year}")
        ax.annotate(f"derived: {rule}", (year, value), xytext=(3, -12), style="italic", **_LABEL)
    if derived:
        handles.append(
            Line2D(
                [],
                [],
                ls="none",
                marker="D",
                mfc="white",
                mec="black",
                ms=8,
                label="derived from a breakdown (no claim states it)",
            )
        )
    if not_reported:
        handles.append(
            Line2D(
                [],
                [],
                ls="none",
                marker="o",
                mfc="white",
                mec="grey",
                ms=9,
                label="not reported (no value)",
            )
        )
    for year in conflict_years:
        ax.axvspan(year - 0.5, year + 0.5, color="tab:red", alpha=0.12, lw=0, zorder=1).set_gid(
            f"conflict:{year}"
        )
    if conflict_years:
        handles.append(Patch(color="tab:red", alpha=0.12, label="conflict"))

    figure.suptitle(f"{label} ({indicator_code}), {country_iso3}")  # above any label
    ax.set_xlabel("year the figure is about")
    ax.set_ylabel(f"{label} ({unit})")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.margins(x=0.06, y=0.12)
    ax.grid(alpha=0.3)
    ax.legend(handles=handles, fontsize=8, loc="best")
    if omitted:
        figure.text(
            0.01,
            0.005,
            f"Not drawn: {len(claims) - len(drawn)} figure(s) in {', '.join(omitted)}.",
            fontsize=7,
        )

    if out is not None:
        with matplotlib.rc_context({"svg.hashsalt": "tiplake"}):
            figure.savefig(out, format=FORMATS[out.suffix.lower()], metadata={"Date": None})
    return ChartResult(
        figure=figure,
        path=out,
        unit=unit,
        n_claims=len(drawn) - len(not_reported),
        n_not_reported=len(not_reported),
        n_series=len(series),
        series=tuple(series),
        n_reconciled=len(reconciled),
        derived_years=tuple(year for year, *_ in derived),
        n_conflicts=len(conflict_years),
        conflict_years=conflict_years,
        n_omitted=len(claims) - len(drawn),
    )
