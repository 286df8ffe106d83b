"""Row rules: every row of the built database read back against the seeds, in SQL.

In:  a DuckDB connection holding the loaded tables (a full build's, or a rebuild's: the
     previous file's rows with the changed files' rows replaced), the rules directory
     (`sql/rules/`: one `<rule name>.sql` per rule the registry declares with `sql=True`) and
     the dataset this build validated (the manifest's reports, read from the seeds now).
Out: the `Problem`s, each naming the claims file (or the manifest), the record and the rule.

Each file is one query over every row that returns the offending rows as (file, record,
message); all run in one statement, as a union, on every build. They repeat, set-based, the
checks the per-claim rules made when the row was written (the quote found in the document,
the value read from its words): a rebuild keeps the previous file's rows for the claims
files that did not change, and those rows pass these rules in the same build as the new ones,
so nothing left on disk (a previous database edited, its stamp rewritten) can publish a quote
its document does not hold or a value its words do not state. The numbers that are not plain
digits are read by numbers.py, once per distinct text (`temp.value_reading`): one reader of
numbers serves both sides.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import duckdb
import pyarrow as pa

from tiplake.numbers import ZERO_RE, find_numbers, leading_quantity
from tiplake.problems import Problem
from tiplake.rows import Dataset
from tiplake.rules.registry import RULES

PLAIN_DIGITS = r"[0-9]{1,3}(,[0-9]{3})+|[0-9]+"  # cast in SQL (value-read-back.sql)
_DIGITS = re.compile(PLAIN_DIGITS)


def rule_files(directory: Path) -> dict[str, Path]:
    """Each row rule's query file, by rule name, in the registry's order."""
    return {name: directory / f"{name}.sql" for name, rule in RULES.items() if rule.sql}


def reading(text: str) -> Decimal | None:
    """The one number `text` states, read whole, as the per-claim rules read it: digits or
    words (numbers.find_numbers), an article ("a", "an": leading_quantity) or a negation
    ("No", "never": zero); None when it states none or more than one."""
    mentions = find_numbers(text)
    if len(mentions) == 1 and mentions[0].text == text:
        return mentions[0].value
    quantity = leading_quantity(text)
    if quantity is not None and quantity.text == text:
        return quantity.value
    if not mentions and ZERO_RE.fullmatch(text):
        return Decimal(0)
    return None


def check_rows(con: duckdb.DuckDBPyConnection, directory: Path, data: Dataset) -> list[Problem]:
    """The problems the row rules find in the database `con` uses (see the module docstring)."""
    con.execute("create or replace temp table seed_report (report_id varchar, sha256 varchar)")
    con.executemany(
        "insert into temp.seed_report values (?, ?)",
        [(r.report_id, r.sha256) for r in data.reports],
    )
    texts = [
        t
        for (t,) in con.execute(
            "select distinct unnest(string_split(value_text, ' to ')) from claim "
            "where value_text is not null"
        ).fetchall()
    ]
    pieces = [t for t in texts if not _plain(t)]
    con.register(
        "value_reading_rows",
        pa.table(
            {
                "piece": pa.array(pieces, pa.string()),
                "value": pa.array([reading(t) for t in pieces], pa.decimal128(38, 4)),
            }
        ),
    )
    con.execute("create or replace temp table value_reading as from value_reading_rows")
    con.unregister("value_reading_rows")
    files = rule_files(directory)
    union = "\nunion all\n".join(
        f"select '{name}' as rule, file, record, message from (\n"
        f"{path.read_text(encoding='utf-8').strip().rstrip(';')}\n)"
        for name, path in files.items()
    )
    found = con.execute(f"select * from ({union}) order by file, record, rule, message").fetchall()
    con.execute("drop table temp.seed_report")
    con.execute("drop table temp.value_reading")
    return [RULES[rule].problem(file, record, message) for rule, file, record, message in found]


def _plain(text: str) -> bool:
    return _DIGITS.fullmatch(text) is not None
