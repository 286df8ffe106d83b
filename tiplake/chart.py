"""Chart one indicator by year, fit to publish: one drawing for `tiplake chart`, the notebook
and the static site, readable on a phone, with a text alternative.

In:  a DuckDB connection to a built database (only read), an indicator code, a country (ISO3)
     and optionally a file to write (.svg or .png, by its suffix).
Out: `draw()` -> a ChartResult: the matplotlib Figure (made without pyplot, so a notebook's
     backend is left alone), the file written or None, and what was drawn.
     `svg()` -> the same drawing as the text of an SVG document, for a page to embed (the
     same bytes `draw(..., out=Path("x.svg"))` writes). `source_colour()` -> an originator's
     colour, for a page's own legend.
     `describe()` -> what the chart shows in plain English (under 600 characters: a caption or
     an image's long description); `alt_text()` -> one sentence under 150 characters, for
     the image's alt. Both raise NothingToChart where `draw()` would.

Only annual figures without breakdown are drawn (year_from = year_to, breakdown = 'all'):
- one mark per claim that gives a value, at (year, value), in its originator's colour and
  labelled with its report_id (and, on a second line, the figure in words when it is not
  exact: "at least 36", "about 700", "2,500-13,000"), the label running upward so it never
  crosses the next year's marks; in the SVG each is a group with id `claim:<claim_id>`, its
  label `label:<claim_id>`. A figure is a filled dot. A bound is never drawn as a figure: a
  lower bound ("at least", "more than") is a hollow triangle pointing up with an arrow up
  (the figure is this or more), an upper bound ("at most", "less than") a hollow triangle
  pointing down with an arrow down, each labelled in words; the arrow's id is
  `bound:<claim_id>`. A range is a bar from low to high, labelled "low-high".
  The marks of one year stand side by side, a few points apart, so that two originators
  giving the same figure (the government's and the embassy's 78 victims of 2008) are seen
  as two dots, each in its own colour, each with its own label; where the years stand
  closer than the labels are thick, the marks of neighbouring years are set side by side
  too, each run centred on its years (`_spread`);
- a claim saying the figure was not reported: a hollow circle in its originator's colour in
  a strip headed "not reported:" under the value axis, outside it: an absence is never drawn
  where it would read as a zero or a small number; id `not-reported:<claim_id>`;
- the reconciled series (default policy, the figures that have a value or one bound; a range
  is no point of it, its middle being no one's figure) as a line with a dash at each figure,
  broken where a year has none; id `reconciled`. A point of it that is only a bound gets no
  dash and no solid line: a dotted segment joins it to a neighbouring year, and the key
  calls it "reconciled, to or from a bound (not a figure)"; id `reconciled:bound`. A value
  no claim states, derived from a declared breakdown (2011's victims, from the 2012 report's
  parts), is a hollow diamond labelled "derived" (and "at least 38", with an arrow, for a
  derived lower bound), its rule said under the chart; ids `derived:<year>`,
  `derived-label:<year>`, `bound:derived:<year>`;
- the years the conflict view lists for the indicator (contradictions only, not differently
  defined related figures), shaded; id `conflict:<year>`.

How, and why (charts a journalist can publish as they are):
- counts, money, durations and percentages on a zero baseline, so that a 2.3% drop is not
  drawn as a cliff; amounts with thousands separators; the title names the indicator, the
  country, the unit and the indicator's code;
- categories (a tier placement, unit kind `rank`) on a categorical axis labelled with the
  `category` table's labels in its rank order (Tier 1 at the top), never as numbers; a
  category without rank whose label is "<A> or <B>" of two ranked ones (Tier 2 or Tier 2
  Watch List) is a bar spanning both rows, its label between them; any other one gets a
  row of its own under the ranked ones;
- originators by name (the `source` table's `name`): whose figure each value is
  (`original_source_id`), so a figure a document relays (the government's count in a TIP
  Report or an embassy cable) is drawn in the government's colour, never as a second
  originator or a second line; each in ONE colour on every chart: the
  colour is a function of the source_id alone (`SOURCE_COLOURS`; a source not listed there
  gets one from `_OTHER_COLOURS` by a hash of its id), never of which originators a chart
  happens to hold;
- the key under the plot (a phone has no room beside it), covering no mark or label: the
  originators drawn (values or "not reported"), then what each kind of mark means; under it
  the rules of the derived figures, a note of the figures left out, and the sources: every
  report drawn on a line of its own (id, publisher, title, date of publication or its year);
- readable on a phone: the site shows a chart at the page's width, 358 CSS px on a 390 px
  phone, where no text may be under 11 px. The chart is WIDTH (4.25 in = 306 pt = 408 CSS px)
  wide, every text at least 10 pt (11.7 px at 358 px wide), the title 11.5 pt; the figure is
  as tall as its plot (`_PLOT_HEIGHT`, more for a categorical axis) and the texts under it
  need (laid out once to measure, `_fit_height`); texts are wrapped by their measured width;
  year labels at least 36 points apart. A PNG is drawn at twice that size (`_PNG_DPI`).

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
import math
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
    from matplotlib.font_manager import FontProperties
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch
    from matplotlib.textpath import text_to_path
    from matplotlib.ticker import FixedLocator, MaxNLocator, MultipleLocator, StrMethodFormatter
    from matplotlib.transforms import blended_transform_factory, offset_copy
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

# The size: a phone first. The site shows a chart at the page's width: 358 CSS px on a 390 px
# phone, where every text must still be at least 11 px, i.e. at least 11/358 of the chart's
# width. The natural width is 4.25 in = 306 pt = 408 CSS px; the smallest text, 10 pt, is then
# 10 * 358 / 306 = 11.7 px on that phone (and larger wherever the chart is shown wider).
PHONE_WIDTH = 358  # CSS px: the width the site shows a chart at on a 390 px phone
PHONE_MIN_TEXT = 11  # CSS px: the smallest text readable there
WIDTH = 4.25  # inches
_FONT = 10.0  # points: every text, except the title
_TITLE = 11.5
_PLOT_HEIGHT = 2.9  # inches: the value axis (the figure's height follows what is under it)
_TEXT_WIDTH = WIDTH * 72 - 12  # points a line of the notes under the chart may take
_RC = {
    **_LITERAL_TEXT,
    "font.family": ["DejaVu Sans"],  # matplotlib's own font: the same text widths everywhere
    "font.size": _FONT,
    "axes.labelsize": _FONT,
    "axes.titlesize": _FONT,
    "xtick.labelsize": _FONT,
    "ytick.labelsize": _FONT,
    "legend.fontsize": _FONT,
    "legend.title_fontsize": _FONT,
    "figure.titlesize": _TITLE,
    "figure.labelsize": _FONT,
    "figure.dpi": 100,
}
_PNG_DPI = 192  # a PNG twice the natural size in CSS px (816 px wide): sharp on a phone

_DODGE = 13.0  # points between the marks of one year (more when a label has two lines)
_LINE = 12.5  # points: the thickness of one line of a rotated label
_MARK = 7.5  # marker size, points
_ARROW = 15.0  # points: the arrow of a bound
_LABEL = {
    "textcoords": "offset points",
    "fontsize": _FONT,
    "rotation": 90,  # upward: never across the next year's marks
    "rotation_mode": "anchor",
    "va": "center",
    "color": "#333333",
}
_LOWER = {"at_least", "more_than"}
_UPPER = {"at_most", "less_than"}
_WORDS = {  # the qualifier of a figure said in words, before the number
    "at_least": "at least",
    "more_than": "more than",
    "at_most": "at most",
    "less_than": "less than",
    "approximate": "about",
}
_ZERO_BASED = {"count", "currency", "duration", "percent"}
_COUNTRIES = {"AZE": "Azerbaijan"}


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
    bound_years: tuple[int, ...] = ()  # points of the reconciled line that are only a bound


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
    category_label: str | None
    unit: str
    figure: str  # the figure in words: "71", "at least 36", "2,500-13,000", "Tier 2"

    @property
    def is_reported(self) -> bool:
        return self.qualifier != "not_reported"

    @property
    def label(self) -> str:
        """The mark's label: its report, and the figure on a line of its own when not exact."""
        if self.qualifier in ("exact", "category"):
            return self.report_id
        return f"{self.report_id}\n{self.figure}"


@dataclass(frozen=True)
class _Reconciled:
    year: int
    value: float | None  # a point (a value or its one bound); None: a range or a category
    low: float | None
    high: float | None
    category: str | None
    is_derived: bool
    rule: str | None
    qualifier: str
    text: str
    report_id: str | None
    source_id: str | None  # the originator (None: a sum of several originators' parts)
    source_name: str | None
    figure: str

    @property
    def bound(self) -> str | None:
        return _bound(self.qualifier)


_CLAIMS_SQL = """
select
    claim_id, original_source_id as source_id, original_source_name as source_name, report_id,
    year_from, qualifier,
    coalesce(value, amount), coalesce(value_low, amount_low), coalesce(value_high, amount_high),
    value_category, category_label, unit
from claim_detail
where indicator_code = ? and country_iso3 = ? and breakdown = 'all' and year_from = year_to
    and (is_reported or qualifier = 'not_reported')
order by original_source_id, year_from, claim_id
"""

_RECONCILED_SQL = """
select
    r.year_from, coalesce(r.value, r.amount), coalesce(r.value_low, r.amount_low),
    coalesce(r.value_high, r.amount_high), r.value_category, r.category_label, r.is_derived,
    r.derived_rule, r.qualifier, r.figure_text, r.report_id, r.original_source_id, s.name
from reconciled r
left join source s on s.source_id = r.original_source_id
where r.indicator_code = ? and r.country_iso3 = ? and r.unit = ? and r.breakdown = 'all'
    and r.year_from = r.year_to and r.is_reported
order by r.year_from
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
select report_id, publisher, title, published_year, published_on
from report
where list_contains(?, report_id)
order by published_year, published_on nulls last, report_id
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


def _bound(qualifier: str) -> str | None:
    """'lower' for "at least", "more than"; 'upper' for "at most", "less than"; else None."""
    if qualifier in _LOWER:
        return "lower"
    if qualifier in _UPPER:
        return "upper"
    return None


def _number(x: float) -> str:
    """A figure as a reader writes it: 1,165; 56,700; 1.19."""
    if x == int(x):
        return f"{int(x):,}"
    return f"{x:,.2f}".rstrip("0").rstrip(".")


def _figure(qualifier, value, low, high, category_label) -> str:
    """The figure in words, without its unit: "71", "at least 36", "about 700", "2,500-13,000",
    "Tier 2 Watch List"; a bound always said as a bound."""
    if category_label is not None:
        return category_label
    if value is None and low is not None and high is not None:
        return f"{_number(low)}\u2013{_number(high)}"
    x = _point(value, low, high)
    if x is None:
        return "no value"
    word = _WORDS.get(qualifier)
    return f"{word} {_number(x)}" if word else _number(x)


def _unit(claims: list[_Claim], indicator_unit: str) -> str:
    counts = Counter(c.unit for c in claims if c.is_reported)
    if counts[indicator_unit]:
        return indicator_unit
    return min(counts, key=lambda unit: (-counts[unit], unit))


def _text_width(text: str, size: float, style: str = "normal") -> float:
    """The width in points of one line of text in the chart's font."""
    prop = FontProperties(family=_RC["font.family"], size=size, style=style)
    width, _, _ = text_to_path.get_text_width_height_descent(text, prop, ismath=False)
    return width


def _wrap(text: str, width: float, size: float = _FONT, style: str = "normal") -> str:
    """`text` in lines at most `width` points wide (a word longer than a line is cut)."""
    lines = []
    for paragraph in text.split("\n"):
        chars = max(8, int(width / (0.45 * size)))
        while True:
            wrapped = textwrap.wrap(paragraph, chars, break_on_hyphens=False) or [""]
            if chars <= 8 or all(_text_width(line, size, style) <= width for line in wrapped):
                break
            chars -= 1
        lines += wrapped
    return "\n".join(lines)


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


def _dodge(keys: list[tuple[str, int, int]]) -> dict[str, float]:
    """Horizontal offsets (points) for marks of the same year, centred: `_DODGE` apart, or
    more where a label has more lines than one (its rotated lines side by side)."""
    by_year: dict[int, list[tuple[str, int]]] = defaultdict(list)
    for claim_id, year, lines in keys:
        by_year[year].append((claim_id, lines))
    offsets = {}
    for marks in by_year.values():
        widths = [max(_DODGE, _LINE * lines) for _, lines in marks]
        at = [0.0]
        for a, b in zip(widths, widths[1:], strict=False):
            at.append(at[-1] + (a + b) / 2)
        middle = (at[0] + at[-1]) / 2
        for (claim_id, _), x in zip(marks, at, strict=True):
            offsets[claim_id] = x - middle
    return offsets


def _spread(marks: list[tuple[str, float, float]]) -> dict[str, float]:
    """Horizontal offsets (points) for marks at their years' places `x` (points), each `width`
    points wide (its rotated label): marks too close to their neighbours (of the same year, or
    of the next on a crowded axis) are set side by side, each run of them centred on where its
    marks belong; the others stay where they are. marks: (id, x, width), in the order drawn."""
    blocks: list[list[tuple[str, float, float]]] = []

    def placed(block) -> list[float]:
        at = [0.0]
        for (_, _, a), (_, _, b) in zip(block, block[1:], strict=False):
            at.append(at[-1] + (a + b) / 2)
        start = sum(x for _, x, _ in block) / len(block) - sum(at) / len(at)
        return [start + a for a in at]

    for mark in sorted(marks, key=lambda m: m[1]):
        blocks.append([mark])
        while len(blocks) > 1:
            before, last = blocks[-2], blocks[-1]
            if placed(last)[0] - placed(before)[-1] >= (before[-1][2] + last[0][2]) / 2 - 1e-9:
                break
            blocks[-2:] = [before + last]
    return {
        mark_id: at - x
        for block in blocks
        for (mark_id, x, _), at in zip(block, placed(block), strict=True)
    }


def _render(figure: Figure, fmt: str) -> bytes:
    buffer = io.BytesIO()
    rc = {"svg.hashsalt": "tiplake", "svg.fonttype": "path", **_RC}
    with matplotlib.rc_context(rc):
        if fmt == "svg":
            figure.savefig(buffer, format=fmt, metadata={"Date": None})
        else:
            figure.savefig(buffer, format=fmt, dpi=_PNG_DPI)
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


@dataclass(frozen=True)
class _Data:
    """What a chart of one indicator and country draws, read from the database."""

    code: str
    country: str
    label: str
    unit: str
    unit_kind: str
    n_claims: int  # every claim read, in any unit
    n_other_unit: int  # in another unit than the axis's
    omitted_units: tuple[str, ...]
    values: tuple[_Claim, ...]  # claims drawn with a value (or a category)
    not_reported: tuple[_Claim, ...]
    reconciled: tuple[_Reconciled, ...]  # the points of the reconciled line
    described: tuple[_Reconciled, ...]  # every reconciled figure in the axis's unit
    axis: _Axis | None
    conflict_years: tuple[int, ...]
    first: int
    last: int

    @property
    def n_omitted(self) -> int:
        return self.n_claims - len(self.values) - len(self.not_reported)


def _load(con: duckdb.DuckDBPyConnection, indicator_code: str, country_iso3: str) -> _Data:
    found = con.execute(
        "select label, unit from indicator where indicator_code = ?", [indicator_code]
    ).fetchone()
    if found is None:
        raise ValueError(f"unknown indicator {indicator_code!r} (see: select * from indicator)")
    label, indicator_unit = found
    claims = []
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
        category_label,
        unit,
    ) in con.execute(_CLAIMS_SQL, [indicator_code, country_iso3]).fetchall():
        value, low, high = _num(value), _num(low), _num(high)
        claims.append(
            _Claim(
                claim_id,
                source,
                name,
                report,
                year,
                qualifier,
                _point(value, low, high),
                low,
                high,
                category,
                category_label,
                unit,
                _figure(qualifier, value, low, high, category_label),
            )
        )
    nothing = NothingToChart(
        f"indicator {indicator_code!r} has no annual figure without breakdown for "
        f"{country_iso3} to chart"
    )
    if not any(c.is_reported for c in claims):
        raise nothing
    unit = _unit(claims, indicator_unit)
    (unit_kind,) = con.execute("select kind from unit where unit = ?", [unit]).fetchone()
    drawn = [c for c in claims if c.unit == unit]
    values = [c for c in drawn if c.is_reported]
    not_reported = [c for c in drawn if not c.is_reported]
    described = []
    for row in con.execute(_RECONCILED_SQL, [indicator_code, country_iso3, unit]).fetchall():
        year, v, lo, hi, cat, cat_label, derived, rule, q, text, report, source, name = row
        v, lo, hi = _num(v), _num(lo), _num(hi)
        described.append(
            _Reconciled(
                year,
                _point(v, lo, hi),
                lo,
                hi,
                cat,
                bool(derived),
                rule,
                q,
                text,
                report,
                source,
                name,
                _figure(q, v, lo, hi, cat_label),
            )
        )
    axis = None
    if unit_kind == "rank" or any(c.category for c in values):  # a categorical axis
        used = {c.category for c in values} | {r.category for r in described}
        axis = _Axis(con.execute(_CATEGORY_SQL, [unit]).fetchall(), used)
        values = [c for c in values if c.category in axis.rows]
        reconciled = [r for r in described if r.category in axis.rows]
    else:
        values = [c for c in values if c.value is not None or None not in (c.low, c.high)]
        reconciled = [r for r in described if r.value is not None]
    if not values:
        raise nothing
    years_drawn = [c.year for c in values + not_reported] + [r.year for r in reconciled]
    conflict_years = tuple(
        year for (year,) in con.execute(_CONFLICT_SQL, [country_iso3, indicator_code]).fetchall()
    )
    return _Data(
        code=indicator_code,
        country=country_iso3,
        label=label,
        unit=unit,
        unit_kind=unit_kind,
        n_claims=len(claims),
        n_other_unit=len(claims) - len(drawn),
        omitted_units=tuple(sorted({c.unit for c in claims if c.unit != unit})),
        values=tuple(values),
        not_reported=tuple(not_reported),
        reconciled=tuple(reconciled),
        described=tuple(described),
        axis=axis,
        conflict_years=conflict_years,
        first=min(years_drawn),
        last=max(years_drawn),
    )


def _cited(con: duckdb.DuckDBPyConnection, data: _Data) -> list[tuple]:
    """The reports drawn: (report_id, publisher, title, published_year, published_on)."""
    reports = {c.report_id for c in data.values + data.not_reported}
    reports |= {r.report_id for r in data.reconciled if r.is_derived and r.report_id}
    return con.execute(_REPORT_SQL, [sorted(reports)]).fetchall()


def _published(year: int, on) -> str:
    """When a report was published: its date when known ("23 February 2009"), else its year."""
    return f"{on.day} {on:%B} {on.year}" if on is not None else str(year)


def draw(
    con: duckdb.DuckDBPyConnection,
    indicator_code: str,
    country_iso3: str = "AZE",
    out: Path | None = None,
) -> ChartResult:
    """Draw the indicator's figures for the country; write them to `out` if given. Every text
    is drawn as written (no mathtext, no TeX), whatever the caller's matplotlib settings."""
    out = Path(out) if out is not None else None
    if out is not None and out.suffix.lower() not in FORMATS:
        raise ValueError(f"cannot write {out}: the file name must end in .svg or .png")
    with matplotlib.rc_context(_RC):
        data = _load(con, indicator_code, country_iso3)
        return _draw(data, _cited(con, data), out)


def _draw(data: _Data, cited: list[tuple], out: Path | None) -> ChartResult:
    axis = data.axis
    values, not_reported, reconciled = data.values, data.not_reported, data.reconciled
    first, last = data.first, data.last

    def span(c: _Claim | _Reconciled) -> tuple[float, float]:
        if axis is not None:
            return axis.rows[c.category]
        if c.value is None:  # a range
            return (c.low, c.high)
        return (c.value, c.value)

    figure = Figure(figsize=(WIDTH, _PLOT_HEIGHT + 8), dpi=100, layout="constrained")
    # rows in inches (the figure's height is set to hold them, `_fit_height`): the plot, the
    # "not reported" strip, the key (its height measured once the figure is laid out)
    plot_height = _PLOT_HEIGHT if axis is None else max(_PLOT_HEIGHT, 0.8 * (axis.n_rows + 1.2))
    rows = [plot_height] + ([0.35] if not_reported else []) + [2.0]
    grid = figure.add_gridspec(len(rows), 1, height_ratios=rows)
    ax = figure.add_subplot(grid[0])
    strip = figure.add_subplot(grid[1], sharex=ax) if not_reported else None
    footer = figure.add_subplot(grid[-1])
    footer.axis("off")

    def shifted(a, dx: float, dy: float):
        return offset_copy(a.transData, fig=figure, x=dx, y=dy, units="points")

    def arrow(year: float, y: float, dx: float, bound: str, colour: str, gid: str) -> None:
        """An arrow from the mark of a bound the way the true figure lies: up from "at
        least", down from "at most"."""
        sign = 1 if bound == "lower" else -1
        drawn = ax.annotate(
            "",
            (year, y),
            xycoords=shifted(ax, dx, sign * (6 + _ARROW)),
            xytext=(year, y),
            textcoords=shifted(ax, dx, sign * 6),
            arrowprops={
                "arrowstyle": "-|>",
                "color": colour,
                "lw": 1.6,
                "shrinkA": 0,
                "shrinkB": 0,
                "mutation_scale": 10,
            },
            zorder=3,
        )
        drawn.arrow_patch.set_gid(gid)
        return drawn

    series: list[str] = []
    shapes: set[str] = set()
    offsets = _dodge([(c.claim_id, c.year, c.label.count("\n") + 1) for c in values])
    placed: list[tuple] = []  # (id, year, label, bound, mark, label, arrow, height): to move
    for c in values:
        colour = source_colour(c.source_id)
        dx = offsets[c.claim_id]
        drawn_arrow = None
        low, high = span(c)
        bound = _bound(c.qualifier) if low == high else None
        if low != high:  # a range, or a category between two rows: a bar with caps
            (line,) = ax.plot(
                [c.year, c.year], [low, high], "-_", color=colour, lw=2.5, ms=10, mew=2.5
            )
            shapes.add("range")
        elif bound is not None:  # hollow, pointing the way the true figure lies, an arrow
            marker = "^" if bound == "lower" else "v"
            (line,) = ax.plot(
                [c.year], [low], marker, mfc="white", mec=colour, mew=2, ms=_MARK + 1.5
            )
            drawn_arrow = arrow(c.year, low, dx, bound, colour, f"bound:{c.claim_id}")
            shapes.add(bound)
        else:
            (line,) = ax.plot([c.year], [low], "o", color=colour, ms=_MARK, mec="white")
            if c.qualifier == "approximate":
                shapes.add("approximate")
        line.set(transform=shifted(ax, dx, 0), zorder=3, gid=f"claim:{c.claim_id}")
        if c.source_id not in series:
            series.append(c.source_id)
        top = high if axis is None else min(low, high)  # the top end: rows run downward
        above = 7 + (6 + _ARROW if bound == "lower" else 0)
        text = ax.annotate(c.label, (c.year, top), xytext=(dx, above), **_LABEL)
        text.set_gid(f"label:{c.claim_id}")
        placed.append((c.claim_id, c.year, c.label, bound, line, text, drawn_arrow, above))

    def move_marks() -> None:
        """Once the plot has its size: set the marks of crowded years side by side (`_spread`)
        at the points a year takes on this plot, and widen it if they need."""
        x0, x1 = ax.get_xlim()
        per_year = ax.bbox.width * 72 / figure.dpi / (x1 - x0)
        moved = _spread(
            [
                (key, year * per_year, max(_DODGE, _LINE * (label.count("\n") + 1)))
                for key, year, label, *_ in placed
            ]
        )
        room = 4 + _LINE / 2  # points from a mark's middle to the plot's edge
        left = min(year + (moved[key] - room) / per_year for key, year, *_ in placed)
        right = max(year + (moved[key] + room) / per_year for key, year, *_ in placed)
        ax.set_xlim(min(x0, left), max(x1, right))
        for key, _, _, bound, line, text, drawn_arrow, above in placed:
            dx = moved[key]
            line.set_transform(shifted(ax, dx, 0))
            text.xyann = (dx, above)
            if drawn_arrow is not None:
                sign = 1 if bound == "lower" else -1
                drawn_arrow.xycoords = shifted(ax, dx, sign * (6 + _ARROW))
                drawn_arrow.anncoords = shifted(ax, dx, sign * 6)

    if strip is not None:
        offsets = _dodge([(c.claim_id, c.year, 1) for c in not_reported])
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
                transform=shifted(strip, dx, 0),
                zorder=4,
                gid=f"not-reported:{c.claim_id}",
            )
            left = c.year > (first + last) / 2  # its label towards the middle of the plot
            strip.annotate(
                c.report_id,
                (c.year, 0),
                xytext=(dx - 8, 0) if left else (dx + 8, 0),
                textcoords="offset points",
                ha="right" if left else "left",
                va="center",
                fontsize=_FONT,
                style="italic",
                color="#333333",
            )
        strip.set_ylim(-1, 1)
        strip.set_yticks([])  # its name above it, not beside it: the plot keeps the width
        strip.set_title("not reported:", loc="left", fontsize=_FONT, style="italic", pad=3)
        strip.spines["left"].set_visible(False)
        strip.grid(axis="x", alpha=0.3)
        ax.tick_params(axis="x", labelbottom=False)

    # the reconciled series: a solid line between figures; a dotted one to or from a point
    # that is only a bound (the true figure lies above or below it), which says so
    handles: list = []
    solid_x: list[float] = []
    solid_y: list[float] = []
    dotted_x: list[float] = []
    dotted_y: list[float] = []
    before: _Reconciled | None = None
    for r in reconciled:
        low, high = span(r)
        y = (low + high) / 2
        joined = before is not None and r.year == before.year + 1
        if r.bound is None:
            if solid_x and not (joined and before.bound is None):
                solid_x.append(math.nan)
                solid_y.append(math.nan)
            solid_x.append(r.year)
            solid_y.append(y)
        if joined and (r.bound is not None or before.bound is not None):
            b_low, b_high = span(before)
            dotted_x += [before.year, r.year, math.nan]
            dotted_y += [(b_low + b_high) / 2, y, math.nan]
        before = r
    if solid_x:
        (line,) = ax.plot(solid_x, solid_y, "-_", color="black", lw=1.2, ms=12, mew=1.5, alpha=0.55)
        line.set(zorder=2, gid="reconciled", label="reconciled series (default policy)")
        handles.append(line)
    bound_years = tuple(r.year for r in reconciled if r.bound is not None)
    if dotted_x:
        (line,) = ax.plot(dotted_x, dotted_y, ":", color="black", lw=1.5, alpha=0.7)
        line.set(zorder=2, gid="reconciled:bound")
        handles.append(
            Line2D(
                [],
                [],
                ls=":",
                color="black",
                lw=1.5,
                alpha=0.7,
                label="reconciled, to or from a bound (not a figure)",
            )
        )
    derived = [r for r in reconciled if r.is_derived]
    for r in derived:  # a hollow diamond labelled "derived"; its rule in the notes
        low, high = span(r)
        y = (low + high) / 2
        (line,) = ax.plot([r.year], [y], "D", mfc="white", mec="black", mew=1.5, ms=9, zorder=4)
        line.set_gid(f"derived:{r.year}")
        drawn_arrow = None
        if r.bound is not None:
            drawn_arrow = arrow(r.year, y, 0, r.bound, "black", f"bound:derived:{r.year}")
        label = "derived" if r.qualifier == "exact" else f"derived\n{r.figure}"
        above = 8 + (6 + _ARROW if r.bound == "lower" else 0)
        text = ax.annotate(label, (r.year, y), xytext=(0, above), style="italic", **_LABEL)
        text.set_gid(f"derived-label:{r.year}")
        placed.append((f"derived:{r.year}", r.year, label, r.bound, line, text, drawn_arrow, above))
    for year in data.conflict_years:
        ax.axvspan(year - 0.5, year + 0.5, color="tab:red", alpha=0.12, lw=0, zorder=1).set_gid(
            f"conflict:{year}"
        )

    # the key, under the plot (a phone has no room beside it): originators by name, then
    # what each kind of mark means
    names = {c.source_id: c.source_name for c in values + not_reported}
    legend_sources = sorted(names)
    key_width = _TEXT_WIDTH - 40  # the key starts at the figure's left edge, as the notes
    originators = [
        Line2D(
            [],
            [],
            ls="none",
            marker="o",
            color=source_colour(s),
            ms=_MARK,
            label=_wrap(names[s], key_width),
        )
        for s in legend_sources
    ]
    marks = []

    def mark(label: str, **kwargs) -> None:
        kwargs.setdefault("ls", "none")
        marks.append(Line2D([], [], color="#555555", label=_wrap(label, key_width), **kwargs))

    hollow = {"mfc": "white", "mec": "#555555", "mew": 2, "ms": _MARK + 1}
    if "lower" in shapes:
        mark(
            "at least, more than: a lower bound (the figure is this or more)", marker="^", **hollow
        )
    if "upper" in shapes:
        mark(
            "at most, less than: an upper bound (the figure is this or less)", marker="v", **hollow
        )
    if "range" in shapes:
        mark(
            "a range, low to high" if axis is None else "one of two categories",
            ls="-",
            lw=2.5,
            marker="_",
        )
    if "approximate" in shapes:
        mark("about: an approximate figure (labelled)", marker="o", ms=_MARK)
    marks += [
        Line2D(
            [],
            [],
            **{k: getattr(h, f"get_{k}")() for k in ("ls", "lw", "color", "alpha")},
            label=_wrap(h.get_label(), key_width),
        )
        for h in handles
    ]
    if derived:
        mark(
            "derived from a breakdown (no claim states it; how: under the chart)",
            marker="D",
            mfc="white",
            mec="black",
            ms=8,
        )
    if not_reported:
        mark("not reported (no value)", marker="o", mfc="white", mec="#555555", mew=2, ms=_MARK)
    if data.conflict_years:
        marks.append(Patch(color="tab:red", alpha=0.12, label="conflict: figures contradict"))
    header = [Line2D([], [], ls="none", label="Marks")] if marks else []  # the title of marks
    legend = footer.legend(
        handles=originators + header + marks,
        loc="upper left",
        # at the figure's left edge, whatever the width of the value axis's labels
        bbox_to_anchor=(0.02, 1),
        bbox_transform=blended_transform_factory(figure.transFigure, footer.transAxes),
        borderaxespad=0,
        fontsize=_FONT,
        frameon=False,
        title="Originator",
        title_fontsize=_FONT,
        alignment="left",
        handlelength=1.8,
        labelspacing=0.35,
    )
    legend.set_in_layout(False)  # its row is as tall as it is (`_fit_height`)
    legend.get_title().set_fontweight("bold")
    if marks:
        legend.get_texts()[len(originators)].set_fontweight("bold")

    country = _COUNTRIES.get(data.country, data.country)
    figure.suptitle(
        _wrap(f"{data.label}\n{country}: {data.unit} by year ({data.code})", _TEXT_WIDTH, _TITLE),
        x=0.02,
        ha="left",
        fontsize=_TITLE,
    )
    bottom = strip if strip is not None else ax
    for a in (ax, strip) if strip is not None else (ax,):
        a.spines[["top", "right"]].set_visible(False)
    bottom.set_xlabel("year the figure is about")
    # room for the marks side by side and their labels: about 20 points each side of a plot
    # about 260 points wide
    pad = max(0.7, 20 * (last - first) / (260 - 40))
    ax.set_xlim(first - pad, last + pad)
    per_year = 260 / (last - first + 2 * pad)  # year labels at least 36 points apart
    step = next((s for s in (1, 2, 4, 5, 10, 20) if s * per_year >= 36), 50)
    start = first if step <= 4 else first - first % step
    ax.xaxis.set_major_locator(FixedLocator(range(start, last + 1, step)))
    if step > 1:
        ax.xaxis.set_minor_locator(MultipleLocator(1))
    if axis is not None:
        ax.set_yticks([y for y, _ in axis.ticks], [_wrap(text, 60) for _, text in axis.ticks])
        ax.set_yticks(
            [y for y, _ in axis.between],
            [_wrap(text.replace(" or ", " or\n"), 60, style="italic") for _, text in axis.between],
            minor=True,
            fontsize=_FONT,
            style="italic",
            linespacing=1.0,
        )
        ax.tick_params(axis="y", which="minor", length=0)
        ax.set_ylim(axis.n_rows + 0.6, 0.4)  # the first rank at the top
        ax.grid(axis="y", alpha=0.3)
    else:
        tops = [span(c)[1] for c in values] + [span(r)[1] for r in reconciled]
        top = max(tops)
        if data.unit_kind in _ZERO_BASED or min(tops) >= 0:
            ax.set_ylim(0, top * 1.3 if top > 0 else 1)  # room for the labels above
        if data.unit_kind == "count":
            ax.yaxis.set_major_locator(MaxNLocator(integer=True, steps=[1, 2, 2.5, 5, 10]))
        if data.unit_kind == "currency" or top >= 10_000:
            ax.yaxis.set_major_formatter(StrMethodFormatter("{x:,.0f}"))
        ax.grid(alpha=0.3)  # the unit: in the title, the plot keeps the width

    notes = []
    if data.omitted_units:
        notes.append(
            f"Not drawn: {data.n_other_unit} figure(s) in {', '.join(data.omitted_units)} "
            f"(the axis holds {data.unit})."
        )
    if data.n_omitted > data.n_other_unit:
        notes.append(
            f"Not drawn: {data.n_omitted - data.n_other_unit} figure(s) in {data.unit} "
            "that have no place on this axis."
        )
    if derived:
        said = "; ".join(f"{r.year}: {r.figure} {data.unit}, {r.rule}" for r in derived)
        notes.append(f"Derived, stated by no document: {said}.")
    notes.append("Sources:")
    notes += [
        f"{report_id}: {publisher}, {title}, {_published(year, on)}."
        for report_id, publisher, title, year, on in cited
    ]
    notes.append("Reconciled series: tiplake, default policy.")
    figure.supxlabel(
        "\n".join(_wrap(note, _TEXT_WIDTH) for note in notes),
        x=0.02,
        ha="left",
        fontsize=_FONT,
        color="#333333",
        linespacing=1.3,
    )
    _fit_height(figure, grid, rows, legend)  # lays the figure out once: then marks can move
    move_marks()

    if out is not None:
        _write(out, _render(figure, FORMATS[out.suffix.lower()]))
    return ChartResult(
        figure=figure,
        path=out,
        unit=data.unit,
        n_claims=len(values),
        n_not_reported=len(not_reported),
        n_series=len(series),
        series=tuple(series),
        n_reconciled=len(reconciled),
        derived_years=tuple(r.year for r in derived),
        n_conflicts=len(data.conflict_years),
        conflict_years=data.conflict_years,
        n_omitted=data.n_omitted,
        unit_kind=data.unit_kind,
        names=tuple(names[s] for s in legend_sources),
        categories=axis.labels if axis is not None else (),
        reports=tuple(report_id for report_id, *_ in cited),
        bound_years=bound_years,
    )


def _fit_height(figure: Figure, grid, rows: list[float], key) -> None:
    """Make the figure as tall as its rows (`rows`, inches: the plot, the "not reported"
    strip; the last, the key's, as tall as the key is) and the texts around them (title, tick
    labels, notes) need: the width is fixed, the texts take the lines they take."""
    figure.draw_without_rendering()
    width, total = figure.get_size_inches()
    axes = sum(a.get_position().height for a in figure.axes) * total
    rows = [*rows[:-1], key.get_window_extent().height / figure.dpi + 0.1]
    grid.set_height_ratios(rows)
    figure.set_size_inches(width, total - axes + sum(rows))


def _years(years: list[int]) -> str:
    """2008; 2008-2012 (an en dash) from the first and last years of a run."""
    return str(years[0]) if years[0] == years[-1] else f"{years[0]}\u2013{years[-1]}"


def _runs(items: list[tuple[int, str, str]]) -> list[str]:
    """(year, figure, note) in year order said shortly: consecutive years saying the same are
    one run, "Tier 2 Watch List in 2008-2012"; "29 in 2011 (derived from a breakdown)"."""
    said: list[str] = []
    run: list[int] = []
    for k, (year, figure, note) in enumerate(items):
        run.append(year)
        after = items[k + 1] if k + 1 < len(items) else None
        if after is None or after[1:] != (figure, note) or after[0] != year + 1:
            said.append(f"{figure} in {_years(run)}{note}")
            run = []
    return said


def _lower_first(text: str) -> str:
    """ "Victims identified" -> "victims identified"; "TIP Report tier placement" unchanged."""
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        return text[0].lower() + text[1:]
    return text


def describe(con: duckdb.DuckDBPyConnection, indicator_code: str, country_iso3: str = "AZE") -> str:
    """What the chart of `draw()` shows, in plain English, for a page to give with the image
    (a caption, or the long description a screen reader reads): the indicator, its unit and
    years; for each year the reconciled figure and whose figure it is (a bound said as a bound,
    "at least 38"; a derived figure said to be derived); who did not report which years; the
    years whose figures contradict each other; the documents drawn. Raises NothingToChart
    where `draw()` would."""
    with matplotlib.rc_context(_RC):
        data = _load(con, indicator_code, country_iso3)
    cited = _cited(con, data)
    country = _COUNTRIES.get(data.country, data.country)
    unit = "" if data.unit_kind == "rank" else f" ({data.unit})"
    sentences = [
        f"{data.label}{unit}, {country}, {_years([data.first, data.last])}, by who produced "
        "each figure."
    ]
    by_source: list[tuple[str, list]] = []  # runs of one originator, in year order
    for r in data.described:
        name = r.source_name or "several originators"
        item = (r.year, r.figure, " (derived from a breakdown)" if r.is_derived else "")
        if by_source and by_source[-1][0] == name:
            by_source[-1][1].append(item)
        else:
            by_source.append((name, [item]))
    if by_source:
        said = "; ".join(f"{name}: {', '.join(_runs(items))}" for name, items in by_source)
        sentences.append(f"Figures: {said}.")
    missing: dict[str, list[int]] = defaultdict(list)
    for c in data.not_reported:
        if c.year not in missing[c.source_name]:
            missing[c.source_name].append(c.year)
    for name, years in missing.items():
        years.sort()
        sentences.append(f"Not reported: {', '.join(map(str, years))} ({name}).")
    for year in data.conflict_years:
        figures: dict[str, list[str]] = {}
        for c in sorted(data.values, key=lambda c: (c.value or 0, c.figure)):
            if c.year == year and c.figure not in figures.setdefault(c.source_name, []):
                figures[c.source_name].append(c.figure)
        said = "; ".join(f"{name}: {' and '.join(f)}" for name, f in figures.items())
        sentences.append(f"Contradicting figures for {year}: {said}.")
    if data.n_omitted:
        sentences.append(f"{data.n_omitted} figure(s) in other units are not drawn.")
    publishers: dict[str, list[str]] = {}
    for _, publisher, _, year, _ in cited:
        years = publishers.setdefault(publisher, [])
        if str(year) not in years:
            years.append(str(year))
    sentences.append(
        "Sources: " + "; ".join(f"{p} {', '.join(y)}" for p, y in publishers.items()) + "."
    )
    return " ".join(sentences)


def alt_text(con: duckdb.DuckDBPyConnection, indicator_code: str, country_iso3: str = "AZE") -> str:
    """A one-sentence alternative text for the chart's image (under 150 characters): what it
    charts, where and when, and its latest reconciled figure; `describe()` says the rest."""
    with matplotlib.rc_context(_RC):
        data = _load(con, indicator_code, country_iso3)
    country = _COUNTRIES.get(data.country, data.country)
    label = _lower_first(data.label)
    label = label if len(label) <= 60 else label[:59].rstrip() + "\u2026"
    text = f"Chart of {label}, {country}, {_years([data.first, data.last])}"
    if data.described:
        r = data.described[-1]
        unit = "" if data.unit_kind == "rank" else f" {data.unit}"
        latest = f"; latest: {r.figure}{unit} in {r.year}"
        if r.source_name:
            latest += f" ({r.source_name})"
        if len(text + latest) < 149:
            text += latest
    return text + "."
