"""Rows (the frozen dataclasses of validate.py) as Arrow tables with the database's types.

In:  a row dataclass and a list of its instances.
Out: a `pyarrow.Table` with one column per field, typed from the field's annotation, so a
     file whose claims all lack a note still has a string `note` column (not a null one), and
     every value column is DECIMAL(20, 4) like the table it is loaded into.

Used for the claims cache (one Parquet file per claims file) and for loading rows into DuckDB.
"""

from __future__ import annotations

from dataclasses import fields
from functools import cache
from operator import attrgetter

import pyarrow as pa

_TYPES = {
    "str": pa.string(),
    "int": pa.int64(),
    "bool": pa.bool_(),
    "date": pa.date32(),
    "Decimal": pa.decimal128(20, 4),  # the precision validate's value-precision rule allows
}


@cache
def schema(row_type: type) -> pa.Schema:
    out = []
    for f in fields(row_type):
        base = f.type.replace(" | None", "").strip()
        out.append(pa.field(f.name, _TYPES[base]))  # nullability: the table's constraints
    return pa.schema(out)


def to_arrow(row_type: type, rows: list) -> pa.Table:
    s = schema(row_type)
    return pa.table([pa.array(list(map(attrgetter(f.name), rows)), f.type) for f in s], schema=s)


def from_arrow(row_type: type, table: pa.Table) -> list:
    return [row_type(**d) for d in table.to_pylist()]
