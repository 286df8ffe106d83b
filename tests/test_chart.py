"""The chart of one indicator by year, on the database built from the real seeds."""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tiplake.chart import draw

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
    assert victims_svg.series == ("gov_aze", "media", "us_dos", "us_embassy_baku")
    assert victims_svg.unit == "persons" and victims_svg.n_omitted == 0


def test_not_reported_is_on_the_axis_never_a_zero(victims_svg):
    ax = victims_svg.figure.axes[0]
    line = by_gid(victims_svg.figure)[
        "not-reported:tip-2025-aze:victims-identified-2024-gov-not-reported"
    ]
    assert line.get_transform() == ax.get_xaxis_transform()  # y in axes fraction: the bottom axis
    assert (
        list(line.get_xdata()) == [2024]
        and line.get_markerfacecolor() != line.get_markeredgecolor()
    )
    assert victims_svg.n_not_reported == 1
    values = [
        y
        for gid, artist in by_gid(victims_svg.figure).items()
        if gid.startswith("claim:")
        for y in artist.get_ydata()
    ]
    assert 0 not in values


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
    texts = [t.get_text() for t in victims_svg.figure.axes[0].texts]
    assert "derived: total of a complete breakdown" in texts


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


def test_unknown_indicator_is_refused(con):
    with pytest.raises(ValueError, match="no_such_indicator"):
        draw(con, "no_such_indicator")


def test_indicator_without_annual_figures_is_refused(con):
    (code,) = con.execute(
        "select indicator_code from indicator where indicator_code not in ("
        "select indicator_code from claim_detail where breakdown = 'all' and year_from = year_to "
        "and coalesce(value, amount) is not null) order by indicator_code limit 1"
    ).fetchone()
    with pytest.raises(ValueError, match=code):
        draw(con, code)


def test_bad_suffix_is_refused(con, tmp_path):
    with pytest.raises(ValueError, match=r"\.svg or \.png"):
        draw(con, "victims_identified", out=tmp_path / "victims.pdf")
    assert not (tmp_path / "victims.pdf").exists()
