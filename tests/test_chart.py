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

from tiplake.chart import (
    PHONE_MIN_TEXT,
    PHONE_WIDTH,
    SOURCE_COLOURS,
    NothingToChart,
    alt_text,
    describe,
    draw,
    source_colour,
    svg,
)
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


def arrow_ends(figure, gid: str) -> tuple[tuple[float, float], tuple[float, float]]:
    """Where the arrow with this id starts and where it points, on the canvas."""
    laid_out(figure)
    (note,) = [
        t
        for ax in figure.axes
        for t in ax.texts
        if getattr(t, "arrow_patch", None) is not None and t.arrow_patch.get_gid() == gid
    ]
    start = note.anncoords.transform(note.xyann)
    tip = note.xycoords.transform(note.xy)
    return tuple(start), tuple(tip)


def key_texts(figure) -> list[str]:
    """The texts of the key under the chart, each on one line."""
    return [" ".join(t.get_text().split()) for t in figure.axes[-1].get_legend().get_texts()]


def marker_colour(line) -> str:
    """A mark's colour: its fill, or its edge when hollow (a bound)."""
    face = to_hex(line.get_markerfacecolor())
    return to_hex(line.get_markeredgecolor()) if face == "#ffffff" else face


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
    assert strip.get_title(loc="left") == "not reported:"
    assert [t.get_text() for t in strip.get_yticklabels()] == []  # no value axis there
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
    assert figure.legends == []  # not beside the plot: under it, where a phone has room
    legend = figure.axes[-1].get_legend()
    texts = [t.get_text() for t in legend.get_texts()]
    names = [n for (n,) in con.execute("select name from source order by source_id").fetchall()]
    assert [t for t in texts if t in names] == ["Government of Azerbaijan", "Media"]
    assert victims_svg.names == tuple(t for t in texts if t in names)
    assert not {"gov_aze", "us_dos", "us_embassy_baku", "media"} & set(texts)
    box = legend.get_window_extent()
    for ax in figure.axes[:-1]:
        assert not box.overlaps(ax.bbox) and box.y1 < ax.bbox.y0  # under the plot
        for label in ax.texts:
            assert not box.overlaps(label.get_window_extent())
    assert box.x1 <= figure.bbox.x1  # not cut at the right edge


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
    through their sum, 29, drawn as a hollow diamond labelled "derived", its rule said under
    the chart."""
    assert victims_svg.derived_years == (2011,)
    diamond = by_gid(victims_svg.figure)["derived:2011"]
    assert (list(diamond.get_xdata()), list(diamond.get_ydata())) == ([2011], [29.0])
    assert "derived:2011" in svg_ids(victims_svg.path)
    assert by_gid(victims_svg.figure)["derived-label:2011"].get_text() == "derived"
    notes = " ".join(victims_svg.figure.get_supxlabel().split())
    assert "Derived, stated by no document: 2011: 29 persons, total of a complete breakdown." in (
        notes
    )
    assert diamond.get_markerfacecolor() == "white"  # hollow


def test_a_derived_lower_bound_says_so(con, tmp_path):
    """2010's persons prosecuted: no claim states a total; the parts give at least 38. The
    point is drawn as a bound (an arrow up, labelled "at least 38"), and the reconciled line
    reaches it only by a dotted segment that the key calls "to or from a bound"."""
    result = draw(con, "persons_prosecuted", out=tmp_path / "prosecuted.svg")
    assert 2010 in result.derived_years and result.bound_years == (2010,)
    artists = by_gid(result.figure)
    diamond = artists["derived:2010"]
    assert list(diamond.get_ydata()) == [38.0] and diamond.get_markerfacecolor() == "white"
    assert artists["derived-label:2010"].get_text() == "derived\nat least 38"
    notes = " ".join(result.figure.get_supxlabel().split())
    assert (
        "2010: at least 38 persons, lower bound: the sum of the parts the document gives" in notes
    )
    # the solid line never reaches 2010; a dotted one joins it to 2011's 20
    solid = artists["reconciled"]
    assert 2010 not in [x for x in solid.get_xdata() if not math.isnan(x)]
    dotted = artists["reconciled:bound"]
    assert dotted.get_linestyle() == ":"
    assert [
        (x, y)
        for x, y in zip(dotted.get_xdata(), dotted.get_ydata(), strict=True)
        if not math.isnan(x)
    ] == [(2010, 38), (2011, 20)]
    start, tip = arrow_ends(result.figure, "bound:derived:2010")
    assert tip[1] > start[1] and tip[0] == pytest.approx(start[0])  # up: 38 or more
    text = result.path.read_text(encoding="utf-8")
    assert 'id="bound:derived:2010"' in text and 'id="derived-label:2010"' in text
    assert svg_texts(text, "derived-label:2010") == ["derived", "at least 38"]
    key = key_texts(result.figure)
    assert "reconciled, to or from a bound (not a figure)" in key


def test_tiers_are_categories_on_their_own_axis(con, tmp_path):
    """A tier is a category: rows labelled Tier 1 ... Tier 3 in rank order (Tier 1 at the
    top), never the number 2; "Tier 2 or Tier 2 Watch List" (the 2021 government report's
    words) is a bar spanning the two rows it may be."""
    result = draw(con, "tier_placement", out=tmp_path / "tier.svg")
    ax = result.figure.axes[0]
    rows = dict(
        zip(
            ax.get_yticks(),
            [" ".join(t.get_text().split()) for t in ax.get_yticklabels()],
            strict=True,
        )
    )
    assert list(rows.values()) == ["Tier 1", "Tier 2", "Tier 2 Watch List", "Tier 3"]
    between = [" ".join(t.get_text().split()) for t in ax.get_yticklabels(minor=True)]
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
    line = line[line.index("Sources: ") :]  # after the note on the derived figures
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


# --- bounds drawn as bounds -------------------------------------------------------------------


def svg_texts(svg_text: str, gid: str) -> list[str]:
    """The lines of text the SVG draws in the group with this id (drawn as paths, each line
    announced by a comment), up to the next group with an id."""
    group = svg_text[svg_text.index(f'<g id="{gid}">') + 1 :]
    group = group[: group.index("<g id=")]
    return [t.strip() for t in re.findall(r"<!-- (.*?) -->", group, flags=re.S)]


def test_a_lower_bound_is_a_hollow_mark_pointing_up_labelled_at_least(con, tmp_path):
    """The observers' "at least 36" victims referred to NGO shelters in 2024: a hollow triangle
    pointing up in the observers' colour, an arrow up (the figure is 36 or more), labelled
    "at least 36" in the SVG; never a filled dot that would read as exactly 36."""
    result = draw(con, "victims_referred_to_ngo_shelters", out=tmp_path / "ngo.svg")
    claim = "tip-2025-aze:victims-referred-ngo-shelters-2024"
    artists = by_gid(result.figure)
    mark = artists[f"claim:{claim}"]
    assert mark.get_marker() == "^" and mark.get_markerfacecolor() == "white"
    assert to_hex(mark.get_markeredgecolor()) == source_colour("observers")
    assert (list(mark.get_xdata()), list(mark.get_ydata())) == ([2024], [36.0])
    start, tip = arrow_ends(result.figure, f"bound:{claim}")
    assert tip[1] > start[1]  # up
    assert artists[f"label:{claim}"].get_text() == "tip-2025-aze\nat least 36"
    text = result.path.read_text(encoding="utf-8")
    assert svg_texts(text, f"label:{claim}") == ["tip-2025-aze", "at least 36"]
    assert f'id="bound:{claim}"' in text
    key = key_texts(result.figure)
    assert "at least, more than: a lower bound (the figure is this or more)" in key
    assert result.bound_years == (2024,)
    # the reconciled series there is that bound: no solid dash says it is a figure
    assert "reconciled" not in artists


def test_an_upper_bound_points_down_labelled_at_most(con):
    """The State Department's "up to 50 places" of 2024 beside the embassy's 45 of 2008."""
    result = draw(con, "shelter_capacity")
    claim = "tip-2025-aze:shelter-capacity-2024"
    artists = by_gid(result.figure)
    mark = artists[f"claim:{claim}"]
    assert mark.get_marker() == "v" and mark.get_markerfacecolor() == "white"
    assert to_hex(mark.get_markeredgecolor()) == source_colour("us_dos")
    start, tip = arrow_ends(result.figure, f"bound:{claim}")
    assert tip[1] < start[1]  # down: 50 or less
    assert artists[f"label:{claim}"].get_text() == "tip-2025-aze\nat most 50"
    exact = artists["claim:cable-09baku141:shelter-capacity-2008"]
    assert exact.get_marker() == "o" and marker_colour(exact) == source_colour("us_embassy_baku")
    # the solid reconciled line holds the embassy's 45 only, not the bound
    solid = artists["reconciled"]
    assert [x for x in solid.get_xdata() if not math.isnan(x)] == [2008]
    assert result.bound_years == (2024,)


def test_a_range_is_a_bar_labelled_low_to_high_and_no_point_of_the_line(con):
    result = draw(con, "amount_seized_for_restitution")
    claim = "cable-09baku141:amount-seized-restitution-2008-ngo-usd"
    artists = by_gid(result.figure)
    assert sorted(artists[f"claim:{claim}"].get_ydata()) == [2500, 13000]
    assert artists[f"label:{claim}"].get_text() == "cable-09baku141\n2,500\u201313,000"
    assert result.n_reconciled == 0 and "reconciled" not in artists
    assert "2,500\u201313,000 in 2008" in describe(con, "amount_seized_for_restitution")


# --- relays, sources --------------------------------------------------------------------------


def test_a_relayed_figure_is_drawn_as_its_originators_never_a_second_series(con):
    """The cable relays the government's 76 cases of 2008 (the embassy's section 3E): drawn in
    the government's blue, and the embassy, which only relays here, is no series and no name in
    the key."""
    result = draw(con, "cases_investigated")
    artists = by_gid(result.figure)
    relayed = artists["claim:cable-09baku141:cases-investigated-2008-embassy"]
    assert marker_colour(relayed) == source_colour("gov_aze")
    assert result.series == ("gov_aze",) and result.names == ("Government of Azerbaijan",)
    key = key_texts(result.figure)
    assert "U.S. Embassy Baku" not in key
    lines = [a for gid, a in artists.items() if gid.startswith("reconciled")]
    assert len(lines) == 2  # the one reconciled series (solid, and dotted to 2010's bound)


def test_the_source_line_names_each_document_with_its_publisher_and_date(con, victims_svg):
    notes = victims_svg.figure.get_supxlabel()
    flat = " ".join(notes.split())
    assert (
        "cable-09baku141: U.S. Embassy Baku, Azerbaijan: Ninth Annual Trafficking in Persons "
        "Report (cable 09BAKU141), 23 February 2009."
    ) in flat
    for report_id, publisher, title, year in con.execute(
        "select report_id, publisher, title, published_year from report"
    ).fetchall():
        assert f"{report_id}: {publisher}, {title}, " in flat
        assert str(year) in flat
    assert victims_svg.reports == (
        "cable-09baku141",
        "tip-2012-aze",
        "tip-2018-aze",
        "gov-aze-2021",
        "tip-2025-aze",
    )


# --- a text alternative -----------------------------------------------------------------------


def test_describe_says_what_the_victims_chart_shows(con):
    text = describe(con, "victims_identified")
    (name,) = con.execute(
        "select s.name from reconciled r join source s on s.source_id = r.original_source_id "
        "where indicator_code = 'victims_identified' and breakdown = 'all' and year_from = 2017 "
        "and year_to = 2017"
    ).fetchone()
    assert name == "Government of Azerbaijan"
    assert text.startswith("Victims identified (persons), Azerbaijan, 2008\u20132024")
    government = text[text.index(f"{name}: ") : text.index("; Media: ")]
    assert "71 in 2017" in government  # the government's figure, relayed by the 2018 report
    assert "78 in 2008" in government and "Media: 91 in 2024." in text
    assert "29 in 2011 (derived from a breakdown)" in government
    assert "Not reported: 2024 (Government of Azerbaijan)." in text
    assert "Contradicting" not in text  # no conflict for this indicator
    assert "Sources: U.S. Embassy Baku 2009; U.S. Department of State 2012, 2018, 2025" in text
    assert len(text) < 600 and "\n" not in text
    assert describe(con, "victims_identified") == text


def test_describe_says_bounds_tiers_and_contradictions(con):
    prosecuted = describe(con, "persons_prosecuted")
    assert "at least 38 in 2010 (derived from a breakdown)" in prosecuted
    assert "38 in 2010" not in prosecuted.replace("at least 38 in 2010", "")
    tiers = describe(con, "tier_placement")
    assert tiers.startswith("TIP Report tier placement, Azerbaijan, 2008\u20132025")
    assert (
        "U.S. Department of State: Tier 2 Watch List in 2008\u20132012, Tier 2 in 2017\u20132018, "
        "Tier 2 or Tier 2 Watch List in 2021, Tier 2 in 2024\u20132025." in tiers
    )
    cases = describe(con, "cases_investigated")
    assert "Contradicting figures for 2008: Government of Azerbaijan: 66 and 76." in cases
    assert "at least 3 in 2010" in cases
    assert "more than 100,000 in 2021" in describe(con, "ngo_funding")


def test_alt_text_is_one_short_sentence(con):
    text = alt_text(con, "victims_identified")
    assert text == (
        "Chart of victims identified, Azerbaijan, 2008\u20132024; latest: 91 persons in 2024 "
        "(Media)."
    )
    assert len(alt_text(con, "tier_placement")) < 150


def test_describe_refuses_what_draw_refuses(con):
    (code,) = con.execute(
        "select indicator_code from indicator where indicator_code not in ("
        "select indicator_code from claim_detail where breakdown = 'all' and year_from = year_to "
        "and is_reported) order by indicator_code limit 1"
    ).fetchone()
    for function in (describe, alt_text, draw):
        with pytest.raises(NothingToChart):
            function(con, code)
    with pytest.raises(ValueError, match="no_such_indicator"):
        describe(con, "no_such_indicator")


# --- readable on a phone ----------------------------------------------------------------------


def smallest_text_on_a_phone(svg_text: str) -> float:
    """The smallest text of an SVG of matplotlib (texts drawn as paths, each scaled from the
    font's 100 units to its size in user units), in CSS px when the SVG is shown PHONE_WIDTH
    px wide, as the site shows it on a 390 px phone."""
    width = float(re.search(r'viewBox="0 0 ([\d.]+) ', svg_text)[1])
    sizes = [float(s) * 100 for s in re.findall(r"scale\(([\d.]+) -\1\)", svg_text)]
    assert sizes, "no text found"
    return min(sizes) * PHONE_WIDTH / width


def smallest_text_in_figure(figure) -> float:
    """The same, from the figure: every text artist with something to say."""
    from matplotlib.text import Text

    width = figure.get_figwidth() * 72  # points: the SVG's user units
    sizes = [t.get_fontsize() for t in figure.findobj(Text) if t.get_visible() and t.get_text()]
    return min(sizes) * PHONE_WIDTH / width


@pytest.mark.parametrize(
    "code", ["victims_identified", "persons_prosecuted", "tier_placement", "ngo_funding"]
)
def test_every_text_is_readable_at_phone_width(con, code):
    """Shown 358 px wide (a 390 px phone), no text is under 11 px."""
    text = svg(con, code)
    assert smallest_text_on_a_phone(text) >= PHONE_MIN_TEXT == 11
    assert smallest_text_in_figure(draw(con, code).figure) >= PHONE_MIN_TEXT
    assert re.search(r'<svg [^>]*width="306pt"', text)  # 408 CSS px: its natural width


@pytest.mark.slow
def test_every_chart_of_the_database_is_readable_at_phone_width_and_described(con):
    """All the indicators' charts (150): no text under 11 px at 358 px; every mark in its
    originator's colour, no relayer a series; a description under 600 characters and an alt
    text under 150."""
    codes = [
        code
        for (code,) in con.execute(
            "select distinct indicator_code from claim_detail where breakdown = 'all' "
            "and year_from = year_to and is_reported order by 1"
        ).fetchall()
    ]
    assert len(codes) >= 150
    drawn = 0
    smallest = math.inf
    for code in codes:
        try:
            text = svg(con, code)
        except NothingToChart:
            continue
        drawn += 1
        smallest = min(smallest, smallest_text_on_a_phone(text))
        result = draw(con, code)
        for gid, artist in by_gid(result.figure).items():
            if gid.startswith("claim:"):
                (source,) = con.execute(
                    "select original_source_id from claim_detail where claim_id = ?",
                    [gid.removeprefix("claim:")],
                ).fetchone()
                assert marker_colour(artist) == source_colour(source), (code, gid)
        assert len(describe(con, code)) < 600, code
        assert len(alt_text(con, code)) < 150, code
    assert drawn >= 150
    assert smallest >= PHONE_MIN_TEXT, smallest
