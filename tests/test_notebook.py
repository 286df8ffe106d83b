"""The newcomer's notebook runs headless, top to bottom, against a freshly built database, and
the outputs committed with it are the ones it gives now (regenerate them with
`.venv/bin/python tests/render_notebook.py`)."""

from __future__ import annotations

import json

import nbformat
import pytest
from render_notebook import COMMAND, NOTEBOOK, execute, image_outputs, text_outputs


@pytest.fixture(scope="module")
def committed():
    return nbformat.read(NOTEBOOK, as_version=4)


@pytest.fixture(scope="module")
def fresh(committed, built_db, tmp_path_factory):
    """The notebook run now (raises CellExecutionError on the first failing cell)."""
    return execute(committed, built_db, tmp_path_factory.mktemp("notebook"))


def code_cells(notebook) -> list:
    return [cell for cell in notebook.cells if cell.cell_type == "code"]


def test_first_look_notebook_runs_without_errors(fresh):
    outputs = [o for cell in code_cells(fresh) for o in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    images = [o for o in outputs if "image/png" in o.get("data", {})]
    assert len(images) == 2, "the chart cells show no image"
    text = "".join(o.get("text", "") for o in outputs)
    assert "within_originator" in text  # the notebook's own asserts check the values
    # the victims chart draws whose figures they are (issue 28): relays are no series
    assert "claims from Government of Azerbaijan, Media;" in text
    assert "Victims identified, AZE, 2024: 91 persons (source: Media" in text


def test_committed_outputs_are_the_current_ones(committed, fresh):
    """Cell by cell: the same text, HTML and printed output; an image wherever the run shows
    one (PNG bytes are not compared)."""
    old, new = code_cells(committed), code_cells(fresh)
    assert [c.source for c in old] == [c.source for c in new]
    for number, (before, now) in enumerate(zip(old, new, strict=True), start=1):
        where = f"code cell {number} ({before.source.splitlines()[0]!r})"
        assert text_outputs(before) == text_outputs(now), (
            f"{where}: the notebook's committed outputs are out of date; run `{COMMAND}` "
            "and commit notebooks/first-look.ipynb"
        )
        assert image_outputs(before) == image_outputs(now), (
            f"{where}: the committed images differ from a fresh run's; run `{COMMAND}`"
        )
    assert any(cell.outputs for cell in old), f"no outputs committed: run `{COMMAND}`"


def test_committed_notebook_has_nothing_that_changes_between_runs(committed):
    raw = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    assert raw["metadata"] == {"kernelspec": raw["metadata"]["kernelspec"]}
    for cell in raw["cells"]:
        assert "execution" not in cell.get("metadata", {})  # no timestamps
    counts = [cell.execution_count for cell in code_cells(committed)]
    assert counts == list(range(1, len(counts) + 1)), f"not run top to bottom: run `{COMMAND}`"
