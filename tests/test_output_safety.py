"""What the outputs (exports, the site, charts) may write and delete, and what they write in
their files, attacked as a careless user and a hostile database would (issue 29).

- Output folders: `/`, the home folder, the checkout, the current folder and any folder holding
  one of them are refused before anything is read or written; a folder is replaced only when
  every entry in it is one a previous run of the same output listed, so an empty folder, a
  symlink (to a folder or a file) or a file planted among the output's files is never deleted.
- CSV cells: a text cell starting with = + - @, a tab or a carriage return (OWASP's CSV
  injection list) is written with a leading apostrophe; numbers and the Parquet, SQLite and
  DuckDB values are left as they are.
- Chart labels: a `$` in a name is drawn as written, never read as matplotlib mathtext (which
  made the chart fail and the site drop it silently).
- File names: an id or code of 300 characters gets a short file name with a stable hash, and
  every link follows it.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
import shutil
import sqlite3
import xml.etree.ElementTree as ET
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner
from conftest import REPO, ProjectCopy

import tiplake.cli
from tiplake.chart import draw
from tiplake.cli import cli
from tiplake.export import export

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
LONG_CODE = "ngo_network_members_" + "x" * 280  # an indicator code of 300 characters
LONG_SLUG = "fangom-members-2008-" + "y" * 280  # a claim's slug of 300 characters
DOLLAR_LABEL = r"Member NGOs ($x^$ and $\foo$) of a network"
DOLLAR_SOURCE = "U.S. Embassy $x^$ Baku"


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def one_line_error(result) -> str:
    """The error of a refused command: exit status 1, one line, no traceback, not a bug."""
    assert result.exit_code == 1, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.output
    assert "Traceback" not in result.output and "bug in tiplake" not in result.output
    return lines[0]


def short_stem(text: str) -> str:
    """The file name stem the outputs give a long name: its first 80 characters, two dashes
    (which no kept name contains) and 10 hex digits of its sha256."""
    return f"{text[:80]}--{hashlib.sha256(text.encode('utf-8')).hexdigest()[:10]}"


# --- output folders -------------------------------------------------------------------------

OUTPUTS = {
    "export": ("export", "--format", "csv"),
    "site": ("site",),
}


@pytest.mark.parametrize("command", OUTPUTS)
def test_the_root_folder_is_refused_before_it_is_read(built_db, command):
    error = one_line_error(run(*OUTPUTS[command], "--db", str(built_db), "--out", "/"))
    assert "/ is the root folder" in error and "--out" in error


@pytest.mark.parametrize("command", OUTPUTS)
def test_the_home_folder_is_refused_even_when_empty(built_db, command, tmp_path, monkeypatch):
    home = tmp_path / "home"
    home.mkdir()
    inode = home.stat().st_ino
    monkeypatch.setenv("HOME", str(home))
    error = one_line_error(run(*OUTPUTS[command], "--db", str(built_db), "--out", str(home)))
    assert "is your home folder" in error
    assert home.stat().st_ino == inode and not list(home.iterdir())  # not replaced


@pytest.mark.parametrize("command", OUTPUTS)
@pytest.mark.parametrize(
    ("where", "said"),
    [(".", "is the tiplake checkout"), ("..", "holds the tiplake checkout")],
)
def test_the_checkout_and_a_folder_holding_it_are_refused(built_db, command, where, said):
    out = (REPO / where).resolve()
    error = one_line_error(run(*OUTPUTS[command], "--db", str(built_db), "--out", str(out)))
    assert said in error, error


@pytest.mark.parametrize("command", OUTPUTS)
def test_the_current_folder_is_refused_with_a_clear_message(
    built_db, command, tmp_path, monkeypatch
):
    here = tmp_path / "here"
    here.mkdir()
    monkeypatch.chdir(here)
    error = one_line_error(run(*OUTPUTS[command], "--db", str(built_db), "--out", "."))
    assert "is the current folder" in error and "e.g. --out " in error, error
    assert here.is_dir() and not list(here.iterdir())


def _plant(out: Path, tmp_path: Path) -> Path:
    """An empty folder, a symlink to a folder of the user's and a symlink to a file of the
    user's, planted in an output folder."""
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("keep me", encoding="utf-8")
    (out / "empty").mkdir()
    (out / "to-a-folder").symlink_to(mine, target_is_directory=True)
    (out / "to-a-file").symlink_to(mine / "notes.txt")
    return mine


def _planted_are_kept(out: Path, mine: Path) -> None:
    assert (out / "empty").is_dir() and not list((out / "empty").iterdir())
    assert (out / "to-a-folder").is_symlink() and (out / "to-a-file").is_symlink()
    assert (mine / "notes.txt").read_text(encoding="utf-8") == "keep me"


def test_an_export_never_deletes_an_empty_folder_or_a_symlink_it_did_not_write(built_db, tmp_path):
    out = tmp_path / "exports"
    assert run("export", "--format", "csv", "--db", str(built_db), "--out", str(out)).exit_code == 0
    mine = _plant(out, tmp_path)
    error = one_line_error(
        run("export", "--format", "csv", "--db", str(built_db), "--out", str(out))
    )
    for name in ("empty/", "to-a-file (a symlink)", "to-a-folder (a symlink)"):
        assert name in error, error
    _planted_are_kept(out, mine)
    assert (out / "datapackage.json").is_file()  # the previous export is left as it was


def test_a_site_folder_never_loses_an_empty_folder_or_a_symlink_it_did_not_write(
    built_db, tmp_path
):
    out = tmp_path / "site"
    out.mkdir()
    (out / "index.html").write_text("<p>a previous site</p>", encoding="utf-8")
    (out / "tiplake-site.json").write_text(json.dumps({"files": ["index.html"]}), "utf-8")
    mine = _plant(out, tmp_path)
    error = one_line_error(run("site", "--db", str(built_db), "--out", str(out)))
    assert "empty/" in error and "to-a-folder (a symlink)" in error, error
    _planted_are_kept(out, mine)


def test_a_file_planted_in_a_lake_partition_is_not_deleted(con, tmp_path):
    out = tmp_path / "lake"
    export(con, out, "parquet", partition_by=("country_iso3", "year_to"))
    planted = out / "claim" / "country_iso3=AZE" / "my-notes.txt"
    planted.write_text("keep me", encoding="utf-8")
    with pytest.raises(ValueError, match="did not write .*claim/country_iso3=AZE/my-notes.txt"):
        export(con, out, "parquet", partition_by=("country_iso3", "year_to"))
    assert planted.read_text(encoding="utf-8") == "keep me"


def test_an_output_still_replaces_its_own_folder_and_leaves_no_temporary_folder(con, tmp_path):
    out = tmp_path / "exports"
    first = export(con, out, "csv")
    inode = out.stat().st_ino
    again = export(con, out, "csv")
    assert again.resources == first.resources and out.stat().st_ino != inode
    assert [p.name for p in tmp_path.iterdir()] == ["exports"]


def test_leftovers_of_a_killed_export_are_removed_but_nothing_else(con, tmp_path):
    """A killed export leaves its temporary folder (named with its process id, which no longer
    runs); the next export removes it, and keeps a folder of the same shape that is a symlink
    or whose process is alive."""
    out = tmp_path / "exports"
    dead = tmp_path / ".exports.999999999.abcdefgh.exporting"
    dead.mkdir()
    (dead / "claim.csv").write_text("half", encoding="utf-8")
    alive = tmp_path / f".exports.{os.getpid()}.abcdefgh.exporting"
    alive.mkdir()
    mine = tmp_path / "mine"
    mine.mkdir()
    link = tmp_path / ".exports.999999998.abcdefgh.exporting"
    link.symlink_to(mine, target_is_directory=True)
    export(con, out, "csv")
    assert not dead.exists() and alive.is_dir() and link.is_symlink() and mine.is_dir()


# --- CSV cells --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def csv_export(con, tmp_path_factory) -> Path:
    return export(con, tmp_path_factory.mktemp("csv") / "csv", "csv").out_dir


def _text_columns(con, relation: str) -> list[str]:
    return [
        name
        for name, data_type in con.execute(
            "select column_name, data_type from duckdb_columns() where table_name = ? "
            "order by column_index",
            [relation],
        ).fetchall()
        if data_type == "VARCHAR"
    ]


def test_csv_text_cells_that_would_start_a_formula_get_an_apostrophe(con, csv_export):
    raw = con.execute(
        "select claim_id, context_after from claim where left(context_after, 1) = '-'"
    ).fetchall()
    assert len(raw) == 1 and raw[0][1].startswith("- one victim")  # the real corpus
    neutralised = 0
    for path in sorted(csv_export.glob("*.csv")):
        text = path.read_bytes().decode("utf-8")
        rows = list(csv.DictReader(io.StringIO(text, newline="")))
        for column in _text_columns(con, path.stem):
            for row in rows:
                cell = row[column]
                assert not cell.startswith(FORMULA_START), (path.name, column, cell[:40])
                if column == "context_after" and row.get("claim_id") == raw[0][0]:
                    assert cell == "'" + raw[0][1], (path.name, cell[:40])
                    neutralised += 1
    # claim, claim_detail, claim_figure and stg_claim: the four cells of issue 29
    assert neutralised == 4


def test_csv_numbers_keep_their_minus_sign(con, csv_export):
    negative = con.execute(
        "select cast(difference_value as varchar) from consistency_check "
        "where difference_value < 0 order by all"
    ).fetchall()
    assert len(negative) > 0
    rows = list(
        csv.DictReader(io.StringIO((csv_export / "consistency_check.csv").read_text("utf-8")))
    )
    written = sorted(r["difference_value"] for r in rows if r["difference_value"].startswith("-"))
    assert written == sorted(v for (v,) in negative)
    assert all(re.fullmatch(r"-\d+", v) for v in written)


def test_the_raw_text_stays_in_parquet_sqlite_and_the_database(con, tmp_path):
    (raw,) = con.execute(
        "select context_after from claim where left(context_after, 1) = '-'"
    ).fetchone()
    parquet = export(con, tmp_path / "parquet", "parquet").out_dir / "claim.parquet"
    assert raw in pq.read_table(parquet).column("context_after").to_pylist()
    sqlite = export(con, tmp_path / "sqlite", "sqlite").out_dir / "tiplake.sqlite"
    with sqlite3.connect(sqlite) as db:
        assert db.execute(
            "select count(*) from claim where context_after = ?", [raw]
        ).fetchone() == (1,)


def test_every_formula_start_is_neutralised_and_the_descriptor_says_so(built_db, tmp_path):
    copy = tmp_path / "copy.duckdb"
    shutil.copyfile(built_db, copy)
    notes = ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1:A2)", "\tx", "\rx", "a = b"]
    with duckdb.connect(str(copy)) as writable:
        ids = [
            c
            for (c,) in writable.execute("select claim_id from claim order by 1 limit 7").fetchall()
        ]
        for claim_id, note in zip(ids, notes, strict=True):
            writable.execute("update claim set note = ? where claim_id = ?", [note, claim_id])
        out = export(writable, tmp_path / "csv", "csv").out_dir
    text = (out / "claim.csv").read_bytes().decode("utf-8")  # a \r kept as it is
    rows = {r["claim_id"]: r for r in csv.DictReader(io.StringIO(text, newline=""))}
    assert [rows[c]["note"] for c in ids] == ["'" + n for n in notes[:-1]] + ["a = b"]
    descriptor = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    assert "apostrophe" in descriptor["description"]


# --- chart labels -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def odd_copy(tmp_path_factory) -> ProjectCopy:
    """A project copy whose names a careless curator or a hostile database could give: an
    indicator code and a claim slug of 300 characters (the patterns set no length), and `$` in
    an indicator's label and an originator's name. Built."""
    copy = ProjectCopy(tmp_path_factory.mktemp("odd"))
    for rel in ("seeds/vocab/indicators.yaml", "seeds/claims/cable-09baku141.yaml"):
        copy.replace(rel, "indicator_code: ngo_network_members\n", f"indicator_code: {LONG_CODE}\n")
    copy.replace(
        "seeds/claims/cable-09baku141.yaml", "- id: fangom-members-2008\n", f"- id: {LONG_SLUG}\n"
    )
    copy.replace(
        "seeds/vocab/indicators.yaml",
        "label: Member NGOs of an NGO network working on trafficking\n",
        f"label: '{DOLLAR_LABEL}'\n",
    )
    copy.replace(
        "seeds/vocab/sources.yaml", "name: U.S. Embassy Baku\n", f"name: {DOLLAR_SOURCE}\n"
    )
    copy.build()
    return copy


def _svg_texts(svg: str) -> list[str]:
    """The texts an SVG of matplotlib draws (as paths: each is announced by a comment)."""
    ET.fromstring(svg)  # well-formed
    return [t.strip() for t in re.findall(r"<!-- (.*?) -->", svg, flags=re.S)]


def test_a_dollar_in_a_label_is_drawn_as_written(odd_copy, tmp_path):
    with duckdb.connect(str(odd_copy.db), read_only=True) as con:
        result = draw(con, LONG_CODE, "AZE", tmp_path / "chart.svg")
    texts = _svg_texts((tmp_path / "chart.svg").read_text(encoding="utf-8"))
    assert DOLLAR_SOURCE in texts
    assert result.names == (DOLLAR_SOURCE,)
    title = next(t for t in texts if t.startswith("Member NGOs"))
    assert title.replace("\n", " ").startswith(DOLLAR_LABEL)


def test_the_chart_command_draws_a_dollar_label_and_names_its_file_shortly(
    odd_copy, tmp_path, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(tiplake.cli, "PROJECT", odd_copy.project)  # the checkout it was built from
    result = run("chart", LONG_CODE, "--db", str(odd_copy.db))
    assert result.exit_code == 0, result.output
    (written,) = tmp_path.iterdir()
    assert written.name == f"{short_stem(LONG_CODE)}-AZE.svg"
    assert DOLLAR_SOURCE in _svg_texts(written.read_text(encoding="utf-8"))


# --- file names -------------------------------------------------------------------------------


def test_a_lake_partition_value_too_long_for_a_folder_name_is_one_line(
    odd_copy, tmp_path, monkeypatch
):
    monkeypatch.setattr(tiplake.cli, "PROJECT", odd_copy.project)  # the checkout it was built from
    error = one_line_error(
        run(
            "export",
            "--db",
            str(odd_copy.db),
            "--out",
            str(tmp_path / "lake"),
            "--partition-by",
            "claim_id",
        )
    )
    assert "--partition-by" in error and "too long" in error, error
    assert not (tmp_path / "lake").exists()


@pytest.mark.slow
def test_300_character_ids_get_short_stable_file_names_and_every_link_follows(odd_copy, tmp_path):
    from tiplake.site import build_site

    out = tmp_path / "site"
    with duckdb.connect(str(odd_copy.db), read_only=True) as con:
        build_site(con, out, odd_copy.db, jobs=2)
    claim = out / "claims" / "cable-09baku141" / f"{short_stem(LONG_SLUG)}.html"
    indicator = out / "indicators" / f"{short_stem(LONG_CODE)}.html"
    chart = out / "charts" / f"{short_stem(LONG_CODE)}.svg"
    assert claim.is_file() and indicator.is_file() and chart.is_file()
    assert LONG_SLUG in claim.read_text(encoding="utf-8")  # the page still shows the whole id
    for path in out.rglob("*"):
        assert len(path.name.encode("utf-8")) <= 100, path.name
    # every local link of every page leads to a file of the site
    for page in out.rglob("*.html"):
        for href in re.findall(r'(?:href|src)="([^"#?]+)', page.read_text(encoding="utf-8")):
            if not re.match(r"[a-z]+:", href):
                assert (page.parent / href).resolve().exists(), (page.relative_to(out), href)
    index = (out / "search-index.js").read_text(encoding="utf-8")
    assert f'"url": "indicators/{short_stem(LONG_CODE)}.html"' in index
    assert f'"url": "claims/cable-09baku141/{short_stem(LONG_SLUG)}.html"' in index
