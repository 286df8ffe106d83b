"""The newcomer's notebook runs headless, top to bottom, against a freshly built database."""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbclient import NotebookClient

REPO = Path(__file__).resolve().parent.parent


def test_first_look_notebook_runs_without_errors(built_db, monkeypatch, tmp_path):
    monkeypatch.setenv("TIPLAKE_DB", str(built_db))
    notebook = nbformat.read(REPO / "notebooks" / "first-look.ipynb", as_version=4)
    assert all(not cell.get("outputs") for cell in notebook.cells if cell.cell_type == "code")
    client = NotebookClient(
        notebook,
        timeout=120,
        kernel_name="python3",
        resources={"metadata": {"path": str(tmp_path)}},
    )
    client.execute()  # raises CellExecutionError on the first failing cell
    outputs = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    images = [o for o in outputs if "image/png" in o.get("data", {})]
    assert images, "the chart cell shows no image"
    text = "".join(o.get("text", "") for o in outputs)
    assert "between_originators" in text  # the notebook's own asserts check the values
