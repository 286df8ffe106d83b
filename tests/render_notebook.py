"""Run notebooks/first-look.ipynb and save it with its outputs, so that GitHub and a reader
without a kernel see its tables and charts.

    .venv/bin/python tests/render_notebook.py            # against a fresh build of the seeds
    .venv/bin/python tests/render_notebook.py --db PATH  # against a database already built

In:  the notebook, and a database: by default one built afresh from seeds/ in a temporary
     folder (what tests/test_notebook.py runs it against), so the outputs are those of the
     seeds in the working tree and not of whatever build/tiplake.duckdb holds.
Out: the notebook rewritten in place, each code cell with the outputs of one run top to bottom;
     nothing that changes from run to run is kept (no execution timestamps, no kernel version
     in the metadata). tests/test_notebook.py runs it again and compares (`text_outputs`).
"""

from __future__ import annotations

import argparse
import copy
import os
import sys
import tempfile
from pathlib import Path

import nbformat
from nbclient import NotebookClient

REPO = Path(__file__).resolve().parent.parent
NOTEBOOK = REPO / "notebooks" / "first-look.ipynb"
COMMAND = ".venv/bin/python tests/render_notebook.py"
TEXT = ("text/plain", "text/html")  # the outputs compared as text; images only by presence


def execute(notebook: nbformat.NotebookNode, db_path: Path, cwd: Path) -> nbformat.NotebookNode:
    """A copy of the notebook, run top to bottom against the database at `db_path` (raises
    CellExecutionError on the first failing cell), its run-dependent metadata removed."""
    notebook = copy.deepcopy(notebook)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    previous = os.environ.get("TIPLAKE_DB")
    os.environ["TIPLAKE_DB"] = str(db_path)  # the kernel inherits it
    try:
        NotebookClient(
            notebook,
            timeout=180,
            kernel_name="python3",
            record_timing=False,  # no execution timestamps in cell metadata
            resources={"metadata": {"path": str(cwd)}},
        ).execute()
    finally:
        if previous is None:
            del os.environ["TIPLAKE_DB"]
        else:
            os.environ["TIPLAKE_DB"] = previous
    notebook.metadata = nbformat.from_dict({"kernelspec": notebook.metadata["kernelspec"]})
    for cell in notebook.cells:
        cell.metadata.pop("execution", None)
    return notebook


def text_outputs(cell: nbformat.NotebookNode) -> list[tuple[str, str]]:
    """What a reader reads in a code cell's outputs: streams, text and HTML, errors."""
    found = []
    for output in cell.get("outputs", []):
        if output.output_type == "stream":
            found.append((output.name, output.text))
        elif output.output_type in ("execute_result", "display_data"):
            for mime in TEXT:
                if mime in output.data:
                    found.append((mime, output.data[mime]))
        elif output.output_type == "error":
            found.append(("error", f"{output.ename}: {output.evalue}"))
    return found


def image_outputs(cell: nbformat.NotebookNode) -> list[int]:
    """The positions of the cell's outputs that show an image."""
    return [
        i
        for i, output in enumerate(cell.get("outputs", []))
        if any(mime.startswith("image/") for mime in output.get("data", {}))
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="a built database (default: build one afresh)")
    args = parser.parse_args(argv)
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    with tempfile.TemporaryDirectory(prefix="tiplake-notebook-") as tmp:
        db_path = args.db
        if db_path is None:
            from tiplake.build import build
            from tiplake.project import Project

            db_path = Path(tmp) / "tiplake.duckdb"
            build(db_path, Project(REPO))
        fresh = execute(notebook, db_path.resolve(), Path(tmp))
    nbformat.validate(fresh)
    nbformat.write(fresh, NOTEBOOK)
    n = sum(len(cell.get("outputs", [])) for cell in fresh.cells)
    print(f"wrote {NOTEBOOK.relative_to(REPO)}: {len(fresh.cells)} cells, {n} outputs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
