"""Chart one indicator by year, fit to publish: one drawing for `tiplake chart`, the notebook
and the static site.

In:  a DuckDB connection to a built database (only read), an indicator code, a country (ISO3)
     and optionally a file to write (.svg or .png, by its suffix).
Out: `draw()` -> a ChartResult: the matplotlib Figure (made without pyplot, so a notebook's
     backend is left alone), the file written or None, and what was drawn.
     `svg()` -> the same drawing as the text of an SVG document, for a page to embed (the
     same bytes `draw(..., out=Path("x.svg"))` writes). `source_colour()` -> an originator's
     colour, for a page's own legend.

Only annual figures without breakdown are drawn (year_from = year_to, breakdown = 'all'):
- one mark per claim that gives a value, at (year, value), in its originator's colour and
  labelled with its report_id (and the figure as written when it is not exact), the label
  running upward so it never crosses the next year's marks; in the SVG each is a group with
  id `claim:<claim_id>`. A lower bound ("at least", "more than") is a triangle pointing up,
  an upper bound one pointing down, a range a bar from low to high.
  The marks of one year stand side by side, a few points apart, so that two originators
  giving the same figure (the government's and the embassy's 78 victims of 2008) are seen
  as two dots, each in its own colour, each with its own label;
- a claim saying the figure was not reported: a hollow mark in its originator's colour in a
  strip labelled "not reported" under the value axis, outside it: an absence is never drawn
  where it would read as a zero or a small number; id `not-reported:<claim_id>`;
- the reconciled series (default policy, the figures that have a value or one bound; a range
  is no point of it, its middle being no one's figure) as a line with a dash at each value,
  broken where a year has none; id `reconciled`. A value no claim states,
  derived from a declared breakdown (2011's victims, from the 2012 report's parts), is also
  a hollow diamond labelled with its rule; id `derived:<year>`;
- the years the conflict view lists for the indicator (contradictions only, not differently
  defined related figures), shaded; id `conflict:<year>`.

How, and why (charts a journalist can publish as they are):
- counts, money, durations and percentages on a zero baseline, so that a 2.3% drop is not
  drawn as a cliff; amounts with thousands separators; the title names the indicator, the
  value axis its unit;
- categories (a tier placement, unit kind `rank`) on a categorical axis labelled with the
  `category` table's labels in its rank order (Tier 1 at the top), never as numbers; a
  category without rank whose label is "<A> or <B>" of two ranked ones (Tier 2 or Tier 2
  Watch List) is a bar spanning both rows, its label between them; any other one gets a
  row of its own under the ranked ones;
- originators by name (the `source` table's `name`): whose figure each value is
  (`original_source_id`), so a figure a document relays (the government's count in a TIP
  Report or an embassy cable) is drawn in the government's colour, never as a second
  originator; each in ONE colour on every chart: the
  colour is a function of the source_id alone (`SOURCE_COLOURS`; a source not listed there
  gets one from `_OTHER_COLOURS` by a hash of its id), never of which originators a chart
  happens to hold;
- the legend outside the plot, on the right, so it covers no mark or label: the originators
  drawn (values or "not reported"), then what each kind of mark means; under the chart a
  source line citing every report drawn (id, publisher, title, year of publication), and a
  note of the figures left out.

One axis holds one unit: the indicator's own unit, or, when no figure is in it, the unit most
figures are in. Figures in any other unit (e.g. USD conversions of AZN amounts) are left out,
counted in `n_omitted` and named in the note under the chart. SVG output is byte-identical
from one render to the next (fixed `svg.hashsalt`, no date).

Every text is drawn as written: matplotlib reads a text holding two `$` as mathtext (dropping
the `$`s, setting the words between them in italics, or failing to parse, which lost the chart
and made the site leave it out without a word), so mathtext and TeX are off while a chart is
drawn and rendered. The site leaves out only the charts of indicators with nothing to chart
(`NothingToChart`); any other error stops it. The file is written whole (a new file renamed
over `out`); without --out, `tiplake chart` names it after the indicator and the country,
shortened with a stable hash when long or odd (`default_file`, outdir.file_stem).
"""

from __future__ import annotations

import io
import os
import re
import textwrap
import zlib
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

import duckdb

from tiplake.extras import MissingExtra
from tiplake.outdir import file_stem
from tiplake.project import write_replacing

try:  # the site extra (`pip install 'tiplake[site]'`); the core install has no matplotlib
    import matplotlib
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch
    from matplotlib.ticker import FixedLocator, MaxNLocator, StrMethodFormatter
    from matplotlib.transforms import offset_copy
except ModuleNotFoundError as e:  # matplotlib or a library it needs (numpy, PIL...)
    raise MissingExtra(e.name) from e

FORMATS = {".svg": "svg", ".png": "png"}
# Every text drawn as written: a `$` in a name (an indicator's label, an originator's name, a
# report's title) is a dollar sign, never the start of mathtext, which would drop the `$`s, set
# the words between them in italics or fail to parse and lose the chart; and never TeX.
_LITERAL_TEXT = {"text.parse_math": False, "text.usetex": False}

# One colour per originator on every chart (colour-blind safe: Okabe-Ito, then Tol's muted).
SOURCE_COLOURS = {
    "gov_aze": "#0072b2",  # blue
    "gov_shelter_director": "#56b4e9",  # sky blue: close to the government, not the same
    "us_dos": "#d55e00",  # vermillion
    "us_embassy_baku": "#e69f00",  # orange
    "media": "#009e73",  # bluish green
    "ngos": "#cc79a7",  # reddish purple
    "observers": "#882255",  # wine
    "greta": "#999933",  # olive
}
_OTHER_COLOURS = ("#332288", "#44aa99", "#117733", "#aa4499", "#ddcc77", "#88ccee", "#661100")

_SIZE = (10, 6.2)  # inches
_DODGE = 13.0  # points between the marks of one year
_MARK = 7.5  # marker size, points
_LABEL = {
    "textcoords": "offset points",
    "fontsize": 7,
    "rotation": 90,  # upward: never across the next year's marks
    "rotation_mode": "anchor",
    "va": "center",
    "color": "#333333",
}
_LOWER = {"at_least", "more_than"}
_UPPER = {"at_most", "less_than"}
_ZERO_BASED = {"count", "currency", "duration", "percent"}
_WRAP = 170  # characters per line of the notes under the chart


def source_colour(source_id: str) -> str:
    """The colour of an originator's marks, the same on every chart."""
    if source_id in SOURCE_COLOURS:
        return SOURCE_COLOURS[source_id]
    return _OTHER_COLOURS[zlib.crc32(source_id.encode("utf-8")) % len(_OTHER_COLOURS)]


@dataclass(frozen=True)
class ChartResult:
    figure: Figure
    path: Path | None  # the file written, or None
    unit: str  # the unit of the value axis
    n_claims: int  # marks for claims that give a value (or a category)
    n_not_reported: int  # marks in the "not reported" strip
    n_series: int  # originators with at least one value
    series: tuple[str, ...]  # their source_ids
    n_reconciled: int  # points of the reconciled line
    derived_years: tuple[int, ...]  # its points derived from a breakdown, not stated
    n_conflicts: int  # years highlighted
    conflict_years: tuple[int, ...]
    n_omitted: int  # claims not drawn: in another unit, or with no place on the axis
    unit_kind: str = ""  # count, currency, rank...: a `rank` axis is categorical
    names: tuple[str, ...] = ()  # the name of each originator in the legend, by source_id
    categories: tuple[str, ...] = ()  # a categorical axis's labels, top to bottom
    reports: tuple[str, ...] = ()  # the report_ids the source line cites


@dataclass(frozen=True)
class _Claim:
    claim_id: str
    source_id: str
    source_name: str
    report_id: str
    year: int
    qualifier: str
    value: float | None  # a point; None: a range, a category or not reported
    low: float | None
    high: float | None
    category: str | None
    unit: str
    label: str  # report_id, and the figure as written on a line of its own when not exact

    @property
    def is_reported(self) -> bool:
        return self.qualifier != "not_reported"


@dataclass(frozen=True)
class _Reconciled:
    year: int
    value: float | None
    category: str | None
    is_derived: bool
    rule: str | None
    qualifier: str
    text: str
    report_id: str | None


_CLAIMS_SQL = """
select
    claim_id, original_source_id as source_id, original_source_name as source_name, report_id,
    year_from, qualifier,
    coalesce(value, amount), coalesce(value_low, amount_low), coalesce(value_high, amount_high),
    value_category, unit, figure_text
from claim_detail
where indicator_code = ? and country_iso3 = ? and breakdown = 'all' and year_from = year_to
    and (is_reported or qualifier = 'not_reported')
order by original_source_id, year_from, claim_id
"""

_RECONCILED_SQL = """
select
    year_from, coalesce(value, amount), coalesce(value_low, amount_low),
    coalesce(value_high, amount_high), value_category, is_derived, derived_rule, qualifier,
    figure_text, report_id
from reconciled
where indicator_code = ? and country_iso3 = ? and unit = ? and breakdown = 'all'
    and year_from = year_to and is_reported
order by year_from
"""

_CONFLICT_SQL = """
select distinct year_from
from conflict
where country_iso3 = ? and indicator_code = ? and is_contradiction
    and breakdown = 'all' and year_from = year_to
order by year_from
"""

_CATEGORY_SQL = """
select category, label, rank from category where unit = ? order by rank nulls last, category
"""

_REPORT_SQL = """
select report_id, publisher, title, published_year
from report
where list_contains(?, report_id)
order by published_year, report_id
"""


def _num(x) -> float | None:
    return None if x is None else float(x)


def _point(value: float | None, low: float | None, high: float | None) -> float | None:
    """Where a figure is one point on a value axis: its value, else its one bound; None for a
    range (drawn as a bar, and no point of the reconciled line: its middle is no one's figure)."""
    if value is not None:
        return value
    if low is not None and high is not None:
        return None
    return low if low is not None else high


def _unit(claims: list[_Claim], indicator_unit: str) -> str:
    counts = Counter(c.unit for c in claims if c.is_reported)
    if counts[indicator_unit]:
        return indicator_unit
    return min(counts, key=lambda unit: (-counts[unit], unit))


class _Axis:
    """Where a claim sits on the value axis: (low, high) in data units (equal for a point)."""

    def __init__(self, categories: list[tuple[str, str, int | None]], used: set[str]):
        self.rows: dict[str, tuple[float, float]] = {}
        self.ticks: list[tuple[float, str]] = []  # major ticks: one per row
        self.between: list[tuple[float, str]] = []  # minor ticks: "<A> or <B>"
        ranked = [(c, label) for c, label, rank in categories if rank is not None]
        row_of_label = {}
        for i, (category, label) in enumerate(ranked, start=1):
            self.rows[category] = (i, i)
            self.ticks.append((i, label))
            row_of_label[label] = i
        extra = len(ranked)
        for category, label, rank in categories:
            if rank is not None or category not in used:
                continue
            parts = re.fullmatch(r"(.+) or (.+)", label)
            if parts and parts[1] in row_of_label and parts[2] in row_of_label:
                low, high = sorted((row_of_label[parts[1]], row_of_label[parts[2]]))
                self.rows[category] = (low, high)
                self.between.append(((low + high) / 2, label))
            else:
                extra += 1
                self.rows[category] = (extra, extra)
                self.ticks.append((extra, label))
        self.n_rows = extra

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(label for _, label in sorted(self.ticks + self.between))


def _dodge(keys: list[tuple[str, int]]) -> dict[str, float]:
    """Horizontal offsets (points) for marks of the same year: centred, `_DODGE` apart."""
    by_year: dict[int, list[str]] = defaultdict(list)
    for claim_id, year in keys:
        by_year[year].append(claim_id)
    offsets = {}
    for ids in by_year.values():
        for k, claim_id in enumerate(ids):
            offsets[claim_id] = (k - (len(ids) - 1) / 2) * _DODGE
    return offsets


def _marker(qualifier: str) -> str:
    if qualifier in _LOWER:
        return "^"
    if qualifier in _UPPER:
        return "v"
    return "o"


def _render(figure: Figure, fmt: str) -> bytes:
    buffer = io.BytesIO()
    with matplotlib.rc_context({"svg.hashsalt": "tiplake", **_LITERAL_TEXT}):
        figure.savefig(buffer, format=fmt, metadata={"Date": None} if fmt == "svg" else None)
    return buffer.getvalue()


def _write(out: Path, data: bytes) -> None:
    """Write `out` whole: a new file beside it (a fresh name, never one planted there) renamed
    over it, so a reader never sees half a chart and a symlink at `out` is replaced, not
    followed into the file it names."""
    umask = os.umask(0)  # read it back: Python has no other way before 3.13's os.getumask
    os.umask(umask)
    write_replacing(out, data, mode=0o666 & ~umask)  # the mode any new file would get


def svg(con: duckdb.DuckDBPyConnection, indicator_code: str, country_iso3: str = "AZE") -> str:
    """The chart of `draw()` as the text of an SVG document (the same on every render)."""
    return _render(draw(con, indicator_code, country_iso3).figure, "svg").decode("utf-8")


class NothingToChart(ValueError):
    """The indicator has no annual figure without breakdown for the country."""


def default_file(indicator_code: str, country_iso3: str) -> Path:
    """Where `tiplake chart` writes without --out: `<indicator>-<country>.svg` here, each name
    short and plain (outdir.file_stem: a long or odd one is shortened with a stable hash)."""
    return Path(f"{file_stem(indicator_code)}-{file_stem(country_iso3)}.svg")


def draw(
    con: duckdb.DuckDBPyConnection,
    indicator_code: str,
    country_iso3: str = "AZE",
    out: Path | None = None,
) -> ChartResult:
    """Draw the indicator's figures for the country; write them to `out` if given. Every text
    is drawn as written (no mathtext, no TeX), whatever the caller's matplotlib settings."""
    with matplotlib.rc_context(_LITERAL_TEXT):
        return _draw(con, indicator_code, country_iso3, out)


def _draw(
    con: duckdb.DuckDBPyConnection,
    indicator_code: str,
    country_iso3: str,
    out: Path | None,
) -> ChartResult:
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
        _Claim(
            claim_id,
            source,
            name,
            report,
            year,
            qualifier,
            _point(_num(value), _num(low), _num(high)),
            _num(low),
            _num(high),
            category,
            unit,
            report if qualifier in ("exact", "category") else f"{report}:\n{text}",
        )
        for (
            claim_id,
            source,
            name,
            report,
            year,
            qualifier,
            value,
            low,
            high,
            category,
            unit,
            text,
        ) in con.execute(_CLAIMS_SQL, [indicator_code, country_iso3]).fetchall()
    ]
    if not any(c.is_reported for c in claims):
        raise NothingToChart(
            f"indicator {indicator_code!r} has no annual figure without breakdown for {country_iso3} to chart"
        )
    unit = _unit(claims, indicator_unit)
    (unit_kind,) = con.execute("select kind from unit where unit = ?", [unit]).fetchone()
    omitted = sorted({c.unit for c in claims if c.unit != unit})
    drawn = [c for c in claims if c.unit == unit]
    values = [c for c in drawn if c.is_reported]
    not_reported = [c for c in drawn if not c.is_reported]
    reconciled = [
        _Reconciled(
            year, _point(_num(v), _num(lo), _num(hi)), cat, bool(derived), rule, q, text, report
        )
        for year, v, lo, hi, cat, derived, rule, q, text, report in con.execute(
            _RECONCILED_SQL, [indicator_code, country_iso3, unit]
        ).fetchall()
    ]
    axis = None
    if unit_kind == "rank" or any(c.category for c in values):  # a categorical axis
        used = {c.category for c in values} | {r.category for r in reconciled}
        axis = _Axis(con.execute(_CATEGORY_SQL, [unit]).fetchall(), used)
        values = [c for c in values if c.category in axis.rows]
        reconciled = [r for r in reconciled if r.category in axis.rows]
    else:
        values = [c for c in values if c.value is not None or None not in (c.low, c.high)]
        reconciled = [r for r in reconciled if r.value is not None]
    if not values:
        raise NothingToChart(
            f"indicator {indicator_code!r} has no annual figure without breakdown for {country_iso3} to chart"
        )
    n_omitted = len(claims) - len(values) - len(not_reported)
    years_drawn = [c.year for c in values + not_reported] + [r.year for r in reconciled]
    first, last = min(years_drawn), max(years_drawn)
    conflict_years = tuple(
        year for (year,) in con.execute(_CONFLICT_SQL, [country_iso3, indicator_code]).fetchall()
    )

    def span(c: _Claim | _Reconciled) -> tuple[float, float]:
        if axis is not None:
            return axis.rows[c.category]
        if isinstance(c, _Claim) and c.value is None:  # a range
            return (c.low, c.high)
        return (c.value, c.value)

    figure = Figure(figsize=_SIZE, layout="constrained")
    if not_reported:
        grid = figure.add_gridspec(2, 1, height_ratios=(1, 0.07), hspace=0.02)
        ax = figure.add_subplot(grid[0])
        strip = figure.add_subplot(grid[1], sharex=ax)
    else:
        ax, strip = figure.add_subplot(), None

    series: list[str] = []
    shapes: set[str] = set()
    offsets = _dodge([(c.claim_id, c.year) for c in values])
    for c in values:
        colour = source_colour(c.source_id)
        at = offset_copy(ax.transData, fig=figure, x=offsets[c.claim_id], y=0, units="points")
        low, high = span(c)
        if low != high:  # a range, or a category between two rows: a bar with caps
            (line,) = ax.plot(
                [c.year, c.year], [low, high], "-_", color=colour, lw=2.5, ms=10, mew=2.5
            )
            shapes.add("range")
        else:
            marker = _marker(c.qualifier)
            size = _MARK if marker == "o" else _MARK + 1.5  # a triangle looks smaller
            (line,) = ax.plot([c.year], [low], marker, color=colour, ms=size, mec="white")
            shapes.add(marker)
        line.set(transform=at, zorder=3, gid=f"claim:{c.claim_id}")
        if c.source_id not in series:
            series.append(c.source_id)
        top = high if axis is None else min(low, high)  # the top end: rows run downward
        ax.annotate(c.label, (c.year, top), xytext=(offsets[c.claim_id], 7), **_LABEL)

    if strip is not None:
        offsets = _dodge([(c.claim_id, c.year) for c in not_reported])
        for c in not_reported:
            dx = offsets[c.claim_id]
            (line,) = strip.plot(
                [c.year],
                [0],
                "o",
                mfc="white",
                mec=source_colour(c.source_id),
                mew=2,
                ms=_MARK,
                transform=offset_copy(strip.transData, fig=figure, x=dx, y=0, units="points"),
                zorder=4,
                gid=f"not-reported:{c.claim_id}",
            )
            left = c.year == last  # its label inside the plot, away from the edge
            strip.annotate(
                c.report_id,
                (c.year, 0),
                xytext=(dx - 8, 0) if left else (dx + 8, 0),
                textcoords="offset points",
                ha="right" if left else "left",
                va="center",
                fontsize=7,
                style="italic",
                color="#333333",
            )
        strip.set_ylim(-1, 1)
        strip.set_yticks([0], ["not reported"], style="italic")
        strip.tick_params(axis="y", length=0)
        strip.grid(axis="x", alpha=0.3)
        ax.tick_params(axis="x", labelbottom=False)

    handles: list = []
    if reconciled:
        years: list[float] = []
        ys: list[float] = []
        for r in reconciled:
            if years and r.year > years[-1] + 1:  # a gap: no value, so no line across it
                years.append(float("nan"))
                ys.append(float("nan"))
            low, high = span(r)
            years.append(r.year)
            ys.append((low + high) / 2)
        (line,) = ax.plot(years, ys, "-_", color="black", lw=1.2, ms=18, mew=1.5, alpha=0.55)
        line.set(zorder=2, gid="reconciled", label="reconciled (default policy)")
        handles.append(line)
    derived = [r for r in reconciled if r.is_derived]
    for r in derived:
        low, high = span(r)
        y = (low + high) / 2
        (line,) = ax.plot([r.year], [y], "D", mfc="white", mec="black", mew=1.5, ms=9, zorder=4)
        line.set_gid(f"derived:{r.year}")
        text = f"derived: {r.rule}" if r.qualifier == "exact" else f"derived ({r.text}): {r.rule}"
        ax.annotate(
            textwrap.fill(text, 28),
            (r.year, y),
            xytext=(8, 3),
            textcoords="offset points",
            va="bottom",
            fontsize=7,
            style="italic",
            color="#333333",
            bbox={"boxstyle": "square,pad=0.1", "fc": "white", "ec": "none", "alpha": 0.8},
        )
    for year in conflict_years:
        ax.axvspan(year - 0.5, year + 0.5, color="tab:red", alpha=0.12, lw=0, zorder=1).set_gid(
            f"conflict:{year}"
        )

    # the legend: originators by name, then what each kind of mark means
    names = {c.source_id: c.source_name for c in values + not_reported}
    legend_sources = sorted(names)
    originators = [
        Line2D(
            [],
            [],
            ls="none",
            marker="o",
            color=source_colour(s),
            ms=_MARK,
            label=textwrap.fill(names[s], 30),
        )
        for s in legend_sources
    ]
    marks = []

    def mark(label: str, **kwargs) -> None:
        kwargs.setdefault("ls", "none")
        marks.append(Line2D([], [], color="#555555", label=label, **kwargs))

    if "^" in shapes:
        mark("at least, more than", marker="^", ms=_MARK)
    if "v" in shapes:
        mark("at most, less than", marker="v", ms=_MARK)
    if "range" in shapes:
        mark("a range" if axis is None else "one of two categories", ls="-", lw=2.5, marker="_")
    marks += handles
    if derived:
        mark(
            "derived from a breakdown\n(no claim states it)",
            marker="D",
            mfc="white",
            mec="black",
            ms=8,
        )
    if not_reported:
        mark("not reported (no value)", marker="o", mfc="white", mec="#555555", mew=2, ms=_MARK)
    if conflict_years:
        marks.append(Patch(color="tab:red", alpha=0.12, label="conflict"))
    header = [Line2D([], [], ls="none", label="Marks")] if marks else []  # the title of marks
    legend = figure.legend(
        handles=originators + header + marks,
        loc="outside right upper",
        fontsize=8,
        frameon=False,
        title="Originator",
        title_fontsize=8,
        alignment="left",
    )
    legend.get_title().set_fontweight("bold")
    if marks:
        legend.get_texts()[len(originators)].set_fontweight("bold")

    figure.suptitle(
        textwrap.fill(f"{label} ({indicator_code}), {country_iso3}", 80),
        x=0.01,
        ha="left",
    )
    bottom = strip if strip is not None else ax
    for a in (ax, strip) if strip is not None else (ax,):
        a.spines[["top", "right"]].set_visible(False)
    bottom.set_xlabel("year the figure is about")
    pad = max(0.7, (last - first) * 0.04)  # room for the labels, more on the right
    ax.set_xlim(first - pad, last + 1.6 * pad)
    step = 1 if last - first <= 12 else 2 if last - first <= 24 else 5
    ax.xaxis.set_major_locator(FixedLocator(range(first - first % step, last + 1, step)))
    if axis is not None:
        ax.set_yticks([y for y, _ in axis.ticks], [text for _, text in axis.ticks])
        ax.set_yticks(
            [y for y, _ in axis.between],
            [text for _, text in axis.between],
            minor=True,
            fontsize=8,
            style="italic",
        )
        ax.tick_params(axis="y", which="minor", length=0)
        ax.set_ylim(axis.n_rows + 0.6, 0.4)  # the first rank at the top
        ax.grid(axis="y", alpha=0.3)
        ax.set_ylabel(unit)
    else:
        tops = [span(c)[1] for c in values] + [span(r)[1] for r in reconciled]
        top = max(tops)
        if unit_kind in _ZERO_BASED or min(tops) >= 0:
            ax.set_ylim(0, top * 1.3 if top > 0 else 1)  # room for the labels above
        if unit_kind == "count":
            ax.yaxis.set_major_locator(MaxNLocator(integer=True, steps=[1, 2, 2.5, 5, 10]))
        if unit_kind == "currency" or top >= 10_000:
            ax.yaxis.set_major_formatter(StrMethodFormatter("{x:,.0f}"))
        ax.grid(alpha=0.3)
        ax.set_ylabel(unit)  # what is counted: the title says

    reports = sorted(
        {c.report_id for c in values + not_reported} | {r.report_id for r in derived if r.report_id}
    )
    cited = con.execute(_REPORT_SQL, [reports]).fetchall()
    notes = []
    if omitted:
        notes.append(
            f"Not drawn: {len(claims) - len(drawn)} figure(s) in {', '.join(omitted)} "
            f"(the axis holds {unit})."
        )
    if n_omitted > len(claims) - len(drawn):
        notes.append(
            f"Not drawn: {n_omitted - (len(claims) - len(drawn))} figure(s) in {unit} "
            "that have no place on this axis."
        )
    sources = "; ".join(
        f"{report_id}: {publisher}, {title}, {year}" for report_id, publisher, title, year in cited
    )
    notes.append(f"Sources: {sources}. Reconciled series: tiplake, default policy.")
    figure.supxlabel(
        "\n".join(line for note in notes for line in textwrap.wrap(note, _WRAP)),
        x=0.01,
        ha="left",
        fontsize=7,
        color="#333333",
        linespacing=1.4,
    )

    if out is not None:
        _write(out, _render(figure, FORMATS[out.suffix.lower()]))
    return ChartResult(
        figure=figure,
        path=out,
        unit=unit,
        n_claims=len(values),
        n_not_reported=len(not_reported),
        n_series=len(series),
        series=tuple(series),
        n_reconciled=len(reconciled),
        derived_years=tuple(r.year for r in derived),
        n_conflicts=len(conflict_years),
        conflict_years=conflict_years,
        n_omitted=n_omitted,
        unit_kind=unit_kind,
        names=tuple(names[s] for s in legend_sources),
        categories=axis.labels if axis is not None else (),
        reports=tuple(report_id for report_id, *_ in cited),
    )
