"""What the `tiplake` console script does to its own process, and nothing else may.

In:  whether the process is the console script's own (`OWN_PROCESS`, set by cli.main before
     any command runs; never when a program or a test calls `cli` in its own process).
Out: `pyarrow_without_pandas()` -> pyarrow's one question "is pandas installed?" answered
     "no" for the rest of the process, when it is tiplake's own and pandas is not imported
     yet; nothing otherwise.
"""

from __future__ import annotations

import sys

OWN_PROCESS = False  # set by cli.main: the process is the `tiplake` command's own


def pyarrow_without_pandas() -> None:
    """Let pyarrow's first conversion of a Python list find no pandas, in a command that
    validates the seeds (its process is tiplake's own).

    That conversion asks whether pandas is installed and imports it when it is: 0.23 s of a
    0.3 s validation of the real corpus. pandas is not a tiplake dependency, but a notebook's
    environment usually has it (the dev extra's frictionless[pandas] brings it too). Nothing
    here hands pyarrow a pandas object, so its one question is answered "not installed" by
    refusing that one import; pyarrow keeps the answer, and `import pandas` works again right
    after. Not for a library call: the answer would stay with the caller's process, where
    pyarrow would then read a pandas Series as a plain sequence: hence only under cli.main,
    the console script, and never when `cli` is called in another program's process (tests)."""
    if not OWN_PROCESS or "pandas" in sys.modules:
        return
    import pyarrow as pa

    class _Refuse:
        def find_spec(self, name, path=None, target=None):
            if name == "pandas":
                raise ModuleNotFoundError("pandas is not for pyarrow here", name=name)

    refuse = _Refuse()
    sys.meta_path.insert(0, refuse)
    try:
        pa.array([], pa.null())  # pyarrow asks now, and remembers
    finally:
        sys.meta_path.remove(refuse)
