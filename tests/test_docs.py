"""The README documents every command, and every view describes its grain."""

from __future__ import annotations

from pathlib import Path

from tiplake.cli import cli
from tiplake.views import discover

REPO = Path(__file__).resolve().parent.parent


def test_every_command_is_in_the_readme_and_its_help_ends_with_an_example():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for name, command in cli.commands.items():
        assert f"tiplake {name}" in readme, f"README does not document `tiplake {name}`"
        help_text = command.help or ""
        assert "Example:" in help_text and f"tiplake {name}" in help_text.split("Example:")[-1]


def test_the_readme_shows_the_two_setup_commands():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "make build-db" in readme and "make test" in readme
    assert "make test" in (REPO / ".ci" / "run").read_text(encoding="utf-8")


def test_every_view_states_its_grain(con):
    for view in discover(REPO / "sql" / "views"):
        assert view.description.startswith("One row per"), view.name
        comment = con.execute(
            "select comment from duckdb_views() where view_name = ?", [view.name]
        ).fetchone()[0]
        assert comment == view.description
