"""The chart of one indicator by year, on the database built from the real seeds: what it
draws, and that it is fit to publish (zero baseline, originators by name in one colour each on
every chart, agreeing figures seen as several marks, "not reported" outside the value axis,
tiers as categories, a source line, the legend clear of the plot)."""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import to_hex

from tiplake.chart import SOURCE_COLOURS, draw, source_colour, svg
from tiplake.cli import cli

CLAIMS_SQL = """
select claim_id, year_from, coalesce(value, amount)
from claim_detail
where indicator_code = ? and country_iso3 = 'AZE' and breakdown = 'all' and year_from = year_to
    and is_reported and coalesce(value, amount) is not null
"""


def svg_ids(path: Path) -> list[str]:
    root = ET.parse(path).getroot()  # fails unless the SVG is well-formed XML
    return [element.get("id") for element in root.iter() if element.get("id")]


def by_gid(figure) -> dict:
    return {artist.get_gid(): artist for artist in figure.findobj() if artist.get_gid()}


def laid_out(figure):
    """The figure with its layout done, so that artists have their place on the canvas."""
    FigureCanvasAgg(figure)
    figure.draw_without_rendering()
    return figure


def use_xy(svg_text: str, gid: str) -> tuple[float, float]:
    """Where the SVG places the (first) marker of the group with this id."""
    group = svg_text[svg_text.index(f'<g id="{gid}">') :]
    found = re.search(r'<use [^>]*x="([-\d.]+)" y="([-\d.]+)"', group)
    return float(found[1]), float(found[2])


def marker_colour(line) -> str:
    return to_hex(line.get_markerfacecolor())


@pytest.fixture(scope="module")
def victims_svg(con, tmp_path_factory):
    path = tmp_path_factory.mktemp("chart") / "victims.svg"
    return draw(con, "victims_identified", "AZE", path)


def test_svg_has_one_id_per_claim_the_database_gives(con, victims_svg):
    expected = {
        claim_id for claim_id, _, _ in con.execute(CLAIMS_SQL, ["victims_identified"]).fetchall()
    }
    ids = svg_ids(victims_svg.path)
    claim_ids = [i.removeprefix("claim:") for i in ids if i.startswith("claim:")]
    assert len(claim_ids) == len(set(claim_ids)) == victims_svg.n_claims == 9
    assert set(claim_ids) == expected
    assert {
        "tip-2018-aze:victims-identified-2017",
        "gov-aze-2021:victims-identified-2021-gov",
        "tip-2025-aze:victims-identified-2024-media",
        "cable-09baku141:victims-identified-2008-gov",
        "cable-09baku141:victims-identified-2008-embassy",
    } <= set(claim_ids)
    assert ids.count("reconciled") == 1
    assert [i for i in ids if i.startswith("not-reported:")] == [
        "not-reported:tip-2025-aze:victims-identified-2024-gov-not-reported"
    ]
    assert [i for i in ids if i.startswith("conflict:")] == []  # no conflict for this indicator


def test_markers_sit_at_the_values_the_documents_give(con, victims_svg):
    artists = by_gid(victims_svg.figure)
    for claim_id, year, value in con.execute(CLAIMS_SQL, ["victims_identified"]).fetchall():
        line = artists[f"claim:{claim_id}"]
        assert (list(line.get_xdata()), list(line.get_ydata())) == ([year], [float(value)])
    known = {
        "tip-2018-aze:victims-identified-2017": (2017, 71),
        "gov-aze-2021:victims-identified-2021-gov": (2021, 95),
        "tip-2025-aze:victims-identified-2024-media": (2024, 91),
    }
    for claim_id, point in known.items():
        line = artists[f"claim:{claim_id}"]
        assert (line.get_xdata()[0], line.get_ydata()[0]) == point
    # issue 28: whose figures they are; a relay (the State Department, the embassy) is no series
    assert victims_svg.series == ("gov_aze", "media")
    assert victims_svg.unit == "persons" and victims_svg.n_omitted == 0


def test_not_reported_is_a_mark_outside_the_value_axis(victims_svg):
    """The government's "did not report" for 2024 is a hollow mark in its colour, in a strip
    labelled "not reported" under the value axis: nowhere near the axis's 0."""
    figure = laid_out(victims_svg.figure)
    ax = figure.axes[0]
    line = by_gid(figure)["not-reported:tip-2025-aze:victims-identified-2024-gov-not-reported"]
    strip = line.axes
    assert strip is not ax
    assert [t.get_text() for t in strip.get_yticklabels()] == ["not reported"]
    assert list(line.get_xdata()) == [2024]
    assert line.get_markerfacecolor() == "white"
    assert to_hex(line.get_markeredgecolor()) == source_colour("gov_aze")
    (x, y) = line.get_transform().transform((2024, 0))
    assert y < ax.bbox.y0 and strip.bbox.y1 <= ax.bbox.y0  # below the value axis, outside it
    assert ax.bbox.x0 <= x <= ax.bbox.x1
    assert victims_svg.n_not_reported == 1
    values = [
        y
        for gid, artist in by_gid(figure).items()
        if gid.startswith("claim:")
        for y in artist.get_ydata()
    ]
    assert 0 not in values


@pytest.mark.parametrize(
    "code", ["victims_identified", "persons_convicted", "persons_prosecuted", "ngo_funding"]
)
def test_counts_and_money_start_at_zero(con, code):
    result = draw(con, code)
    low, high = result.figure.axes[0].get_ylim()
    assert low == 0 and result.unit_kind in ("count", "currency")
    tops = [
        y
        for gid, artist in by_gid(result.figure).items()
        if gid.startswith(("claim:", "reconciled"))
        for y in artist.get_ydata()
        if not math.isnan(y)
    ]
    assert max(tops) < high


def test_agreeing_figures_are_two_marks_side_by_side(con, victims_svg):
    """The cable gives the government's 78 victims of 2008 twice (section 3B, and section 6G
    restating it): two dots at the same height, a few points apart, both in the government's
    colour (one originator, relayed twice, never a second one), labels not overlapping."""
    text = victims_svg.path.read_text(encoding="utf-8")
    gov = "claim:cable-09baku141:victims-identified-2008-gov"
    embassy = "claim:cable-09baku141:victims-identified-2008-embassy"
    (x_gov, y_gov), (x_embassy, y_embassy) = use_xy(text, gov), use_xy(text, embassy)
    assert y_gov == y_embassy and abs(x_embassy - x_gov) >= 10  # points: more than a marker apart
    artists = by_gid(laid_out(victims_svg.figure))
    assert marker_colour(artists[gov]) == source_colour("gov_aze")
    assert marker_colour(artists[embassy]) == source_colour("gov_aze")
    marks = [artists[gid].get_window_extent() for gid in (gov, embassy)]
    assert not marks[0].overlaps(marks[1])
    labels = [
        t.get_window_extent()
        for t in victims_svg.figure.axes[0].texts
        if t.get_text() == "cable-09baku141"
    ]
    assert len(labels) == 2 and not labels[0].overlaps(labels[1])
    # a year with one claim is not moved: its mark is where its year is
    line = artists["claim:tip-2018-aze:victims-identified-2017"]
    ax = victims_svg.figure.axes[0]
    assert line.get_transform().transform((2017, 71)) == pytest.approx(
        ax.transData.transform((2017, 71))
    )


def test_an_originator_has_one_colour_on_every_chart(con):
    """The colour is the source_id's alone: the government is the same blue whether a chart
    holds two originators or four, in the figure and in the SVG."""
    charts = {code: draw(con, code) for code in ("victims_identified", "ngo_funding")}
    colours = {
        code: {
            marker_colour(artist)
            for gid, artist in by_gid(result.figure).items()
            if gid.startswith("claim:") and "-gov" in gid
        }
        for code, result in charts.items()
    }
    assert colours["victims_identified"] == colours["ngo_funding"] == {"#0072b2"}
    assert charts["victims_identified"].series != charts["ngo_funding"].series
    for result in charts.values():
        for gid, artist in by_gid(result.figure).items():
            if gid.startswith("claim:"):
                (source,) = con.execute(
                    "select original_source_id from claim_detail where claim_id = ?",
                    [gid.removeprefix("claim:")],
                ).fetchone()
                assert marker_colour(artist) == source_colour(source)
    assert 'id="claim:gov-aze-2021:victims-identified-2021-gov"' in svg(con, "victims_identified")
    assert "fill: #0072b2" in svg(con, "persons_convicted")
    sources = [s for (s,) in con.execute("select source_id from source").fetchall()]
    assert set(sources) <= set(SOURCE_COLOURS)
    assert len({source_colour(s) for s in sources}) == len(sources)  # one colour each
    assert source_colour("a_new_source") == source_colour("a_new_source")


def test_originators_are_named_in_a_legend_outside_the_plot(con, victims_svg):
    figure = laid_out(victims_svg.figure)
    (legend,) = figure.legends
    texts = [t.get_text() for t in legend.get_texts()]
    names = [n for (n,) in con.execute("select name from source order by source_id").fetchall()]
    assert [t for t in texts if t in names] == ["Government of Azerbaijan", "Media"]
    assert victims_svg.names == tuple(t for t in texts if t in names)
    assert not {"gov_aze", "us_dos", "us_embassy_baku", "media"} & set(texts)
    box = legend.get_window_extent()
    for ax in figure.axes:
        assert not box.overlaps(ax.bbox)
        for label in ax.texts:
            assert not box.overlaps(label.get_window_extent())


def test_reconciled_line_follows_the_reconciled_view(victims_svg):
    line = by_gid(victims_svg.figure)["reconciled"]
    points = [
        (x, y) for x, y in zip(line.get_xdata(), line.get_ydata(), strict=True) if not math.isnan(y)
    ]
    assert points == [
        (2008, 78),
        (2010, 31),
        (2011, 29),
        (2016, 70),
        (2017, 71),
        (2021, 95),
        (2022, 94),
        (2023, 91),
        (2024, 91),
    ]
    assert victims_svg.n_reconciled == 9


def test_the_derived_2011_total_is_marked_as_derived(victims_svg):
    """The 2012 report gives 2011's victims only by sex and form: the reconciled line passes
    through their sum, 29, drawn as a hollow diamond saying it is derived."""
    assert victims_svg.derived_years == (2011,)
    diamond = by_gid(victims_svg.figure)["derived:2011"]
    assert (list(diamond.get_xdata()), list(diamond.get_ydata())) == ([2011], [29.0])
    assert "derived:2011" in svg_ids(victims_svg.path)
    texts = [" ".join(t.get_text().split()) for t in victims_svg.figure.axes[0].texts]
    assert "derived: total of a complete breakdown" in texts
    assert diamond.get_markerfacecolor() == "white"  # hollow


def test_a_derived_lower_bound_says_so(con):
    """2010's persons prosecuted: no claim states a total; the parts give at least 38."""
    result = draw(con, "persons_prosecuted")
    assert 2010 in result.derived_years
    diamond = by_gid(result.figure)["derived:2010"]
    assert list(diamond.get_ydata()) == [38.0] and diamond.get_markerfacecolor() == "white"
    texts = [" ".join(t.get_text().split()) for t in result.figure.axes[0].texts]
    assert (
        "derived (at least 38 persons): lower bound: the sum of the parts the document gives"
        in texts
    )


def test_tiers_are_categories_on_their_own_axis(con, tmp_path):
    """A tier is a category: rows labelled Tier 1 ... Tier 3 in rank order (Tier 1 at the
    top), never the number 2; "Tier 2 or Tier 2 Watch List" (the 2021 government report's
    words) is a bar spanning the two rows it may be."""
    result = draw(con, "tier_placement", out=tmp_path / "tier.svg")
    ax = result.figure.axes[0]
    rows = dict(zip(ax.get_yticks(), [t.get_text() for t in ax.get_yticklabels()], strict=True))
    assert list(rows.values()) == ["Tier 1", "Tier 2", "Tier 2 Watch List", "Tier 3"]
    between = [t.get_text() for t in ax.get_yticklabels(minor=True)]
    assert between == ["Tier 2 or Tier 2 Watch List"]
    assert not any(re.fullmatch(r"[\d.,]+", label) for label in rows.values())
    assert ax.yaxis_inverted()  # Tier 1 at the top
    row = {label: y for y, label in rows.items()}
    artists = by_gid(result.figure)
    for claim_id, category in con.execute(
        "select claim_id, category_label from claim_detail "
        "where indicator_code = 'tier_placement' and category_rank is not null"
    ).fetchall():
        assert list(artists[f"claim:{claim_id}"].get_ydata()) == [row[category]]
    bar = artists["claim:gov-aze-2021:tier-2021-relayed"]
    assert sorted(bar.get_ydata()) == [row["Tier 2"], row["Tier 2 Watch List"]]
    # 12: the six stated placements and the six implied ones (2008-2011, 2017, 2024)
    assert result.unit_kind == "rank" and result.n_claims == 12 and result.n_omitted == 0
    assert result.categories == (
        "Tier 1",
        "Tier 2",
        "Tier 2 or Tier 2 Watch List",
        "Tier 2 Watch List",
        "Tier 3",
    )
    assert "claim:tip-2012-aze:tier-2012" in svg_ids(result.path)


def test_the_chart_command_draws_a_tier_chart(built_db, tmp_path):
    out = tmp_path / "tier.png"
    args = ["chart", "tier_placement", "--db", str(built_db), "--out", str(out)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"\x89PNG") and "12 claims" in result.output


def test_a_source_line_cites_the_reports_drawn(con):
    result = draw(con, "persons_prosecuted")
    line = " ".join(result.figure.get_supxlabel().split())
    # tip-2025-aze's "initiated prosecutions" are prosecutions_initiated (issue 28)
    assert result.reports == ("tip-2012-aze", "tip-2018-aze")
    for report_id, title, year in con.execute(
        "select report_id, title, published_year from report"
    ).fetchall():
        cited = f"{report_id}: " in line
        assert cited == (report_id in result.reports)
        if cited:
            assert title in line and str(year) in line
    assert line.startswith("Sources: ")


def test_conflict_years_are_highlighted(con, tmp_path):
    result = draw(con, "cases_investigated", out=tmp_path / "cases.svg")
    assert result.conflict_years == (2008,) and result.n_conflicts == 1
    assert "conflict:2008" in svg_ids(result.path)


def test_png_render(con, tmp_path):
    result = draw(con, "victims_identified", out=tmp_path / "victims.png")
    data = result.path.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 1000


def test_two_svg_renders_are_byte_identical(con, tmp_path):
    first = draw(con, "victims_identified", out=tmp_path / "a.svg").path.read_bytes()
    second = draw(con, "victims_identified", out=tmp_path / "b.svg").path.read_bytes()
    assert first == second


def test_without_out_nothing_is_written(con):
    result = draw(con, "victims_identified")
    assert result.path is None and result.figure.axes


def test_figures_in_another_unit_are_left_out(con):
    result = draw(con, "ngo_funding")  # AZN amounts, and their USD conversions
    assert result.unit == "AZN" and result.n_omitted == 3 and result.n_claims == 2
    assert "Not drawn: 3 figure(s) in USD (the axis holds AZN)." in result.figure.get_supxlabel()


def test_svg_text_is_the_file_draw_writes_and_never_changes(con, victims_svg):
    text = svg(con, "victims_identified")
    assert text == svg(con, "victims_identified")
    assert text == victims_svg.path.read_text(encoding="utf-8")
    ids = [e.get("id") for e in ET.fromstring(text.encode("utf-8")).iter() if e.get("id")]
    assert "reconciled" in ids and "derived:2011" in ids


def test_unknown_indicator_is_refused(con):
    with pytest.raises(ValueError, match="no_such_indicator"):
        draw(con, "no_such_indicator")


def test_indicator_without_annual_figures_is_refused(con):
    (code,) = con.execute(
        "select indicator_code from indicator where indicator_code not in ("
        "select indicator_code from claim_detail where breakdown = 'all' and year_from = year_to "
        "and is_reported) order by indicator_code limit 1"
    ).fetchone()
    with pytest.raises(ValueError, match=code):
        draw(con, code)


def test_bad_suffix_is_refused(con, tmp_path):
    with pytest.raises(ValueError, match=r"\.svg or \.png"):
        draw(con, "victims_identified", out=tmp_path / "victims.pdf")
    assert not (tmp_path / "victims.pdf").exists()
