"""Every `$ tiplake ...` example in the README runs, and prints what the README shows."""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

import tiplake.cli
import tiplake.project
from tiplake.cli import cli

REPO = Path(__file__).resolve().parent.parent
README = (REPO / "README.md").read_text(encoding="utf-8")
# Examples that show a failure need the failure set up first: <!-- readme-setup: NAME -->.
SETUPS = {
    "broken-seed": (
        "seeds/claims/tip-2025-aze.yaml",
        "    year: 2024\n    value: 14\n",
        "    year: 2024\n    value: 41\n",
    ),
}


def examples() -> list[tuple[str, str, str | None]]:
    """(command line, expected output, setup) for each `$ tiplake` line in a ``` block."""
    found: list[tuple[str, str, str | None]] = []
    setup, block, in_block = None, [], False
    for line in README.splitlines():
        if line.startswith("```"):
            if in_block:
                body = "\n".join(block)
                for part in re.split(r"^\$ ", body, flags=re.M)[1:]:
                    command, _, output = part.partition("\n")
                    if command.startswith("tiplake "):
                        found.append((command, output.rstrip("\n"), setup))
                setup, block = None, []
            in_block = not in_block
        elif in_block:
            block.append(line)
        else:
            marker = re.match(r"<!-- readme-setup: (\S+) -->", line)
            setup = marker.group(1) if marker else (setup if not line.strip() else None)
    return found


def test_the_readme_has_examples_of_the_main_commands():
    commands = {shlex.split(c)[1] for c, _, _ in examples()}
    assert {"build", "query", "show", "validate", "coverage", "conflicts", "migrate"} <= commands


@pytest.mark.parametrize(
    "command,expected,setup", examples(), ids=[c[:60] for c, _, _ in examples()]
)
def test_readme_example(command, expected, setup, built_copy, monkeypatch):
    """Each example runs in a copy of the project whose database is built (`built_copy`: as
    after `make build-db`), from the copy's folder."""
    project_copy = built_copy
    monkeypatch.setattr(tiplake.cli, "PROJECT", project_copy.project)
    monkeypatch.setattr(tiplake.project, "ROOT", project_copy.root)
    monkeypatch.delenv("TIPLAKE_DB", raising=False)
    monkeypatch.chdir(project_copy.root)
    runner = CliRunner()
    shutil.copy(project_copy.db, project_copy.root / "my-copy.duckdb")
    if setup:
        project_copy.replace(*SETUPS[setup])
    result = runner.invoke(cli, shlex.split(command)[1:])
    if expected.startswith("Error:"):
        assert result.exit_code != 0
    else:
        assert result.exit_code == 0, result.output
    assert result.output.rstrip("\n") == expected
