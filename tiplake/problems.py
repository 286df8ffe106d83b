"""Problems found in the seeds, and the error that carries all of them at once.

A `Problem` names the file, the claim (or other record) and the rule it breaks, and says how to
fix it. Validation collects every problem before it fails, so a curator sees them all in one run.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# What no seed may hold and no terminal is shown raw (seeds.py refuses them, cli.safe escapes them).
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

# Error output is bounded: a seed can hold a megabyte-long value or key, and a message that
# echoes it must not print it whole.
MAX_MESSAGE = 600
MAX_RECORD = 160


def clip(text: str, limit: int) -> str:
    """`text`, cut to `limit` characters with an ellipsis when longer."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    record: str  # a claim id, report id, indicator code... or "-" for the whole file
    rule: str  # a short stable name, e.g. quote-not-found
    message: str
    line: int | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "record", clip(self.record, MAX_RECORD))
        object.__setattr__(self, "message", clip(self.message, MAX_MESSAGE))

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.record}: [{self.rule}] {self.message}"


class SeedError(Exception):
    """The seeds are invalid; `problems` lists every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=lambda p: (p.file, p.line or 0, p.record, p.rule))
        count = len(self.problems)
        lines = "\n".join(f"  {p}" for p in self.problems)
        super().__init__(f"{count} problem{'s' if count != 1 else ''} in the seeds:\n{lines}")
