"""Each table is declared once (tiplake/tables.py); every form of it is derived from that
declaration or checked against it, one test per form, each failure naming table and column.

The forms: the tables the migrations create (columns, types, nullability, defaults, keys,
checks: `tables.differences`), the comments the build writes, the Arrow schema of the rows
the loader writes, the loader's row types and their order, and the seed models' fields. The
last tests change one thing in a copy of the declaration and check that it is caught."""

from __future__ import annotations

import dataclasses
import typing
from dataclasses import fields
from pathlib import Path

import duckdb
import pytest

from tiplake import records, rows
from tiplake.load import LOAD_ORDER
from tiplake.migrate import migrate
from tiplake.tables import PYTHON, TABLES, Column, differences

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def migrated():
    """An empty database built by the migrations alone (and the declared comments)."""
    con = duckdb.connect()
    migrate(con, ROOT / "migrations")
    yield con
    con.close()


def test_migrations_build_the_declared_tables(migrated):
    """Tables, columns in order, types, nullability, defaults, keys, checks and comments."""
    assert differences(migrated) == []


def test_a_built_database_has_the_declared_tables(con):
    """The published database too (its `_stored_` tables are the views' rows, not declared)."""
    assert differences(con) == []


def test_the_build_writes_the_declared_comments(migrated):
    """The comments are the declaration's even where an old migration wrote other words:
    claim.qualifier's text in migration 0011 is not the declared one, and a database described
    with a changed declaration gets the new text."""
    (comment,) = migrated.execute(
        "select comment from duckdb_columns() where table_name = 'claim' and column_name = 'qualifier'"
    ).fetchone()
    assert comment == TABLES["claim"].column("qualifier").description
    assert comment.startswith("How the figure is stated: exact, approximate")
    from tiplake.migrate import describe

    assert describe(migrated) == 0  # nothing to write in a described database
    migrated.execute("comment on column claim.note is 'stale'")
    migrated.execute("comment on table report is 'stale'")
    assert describe(migrated) == 2
    assert differences(migrated) == []


def test_every_column_comment_is_declared(migrated):
    have = migrated.execute(
        "select table_name, column_name, comment from duckdb_columns() "
        "where not internal order by all"
    ).fetchall()
    assert have, "no columns"
    for table, column, comment in have:
        assert comment == TABLES[table].column(column).description, f"{table}.{column}"


@pytest.mark.parametrize("row_type", list(rows.TABLE_OF), ids=lambda t: t.__name__)
def test_arrow_schema_is_the_declaration(row_type, migrated):
    table = rows.TABLE_OF[row_type]
    schema = rows.schema(row_type)
    assert schema.equals(table.arrow_schema(), check_metadata=True)
    db_columns = migrated.execute(
        "select column_name, is_nullable from duckdb_columns() where table_name = ? "
        "order by column_index",
        [table.name],
    ).fetchall()
    assert schema.names == [c for c, _ in db_columns], f"{table.name}: Arrow field order"
    for (column, nullable), f in zip(db_columns, schema, strict=True):
        assert f.nullable == nullable, f"{table.name}.{column}: Arrow nullable {f.nullable}"
    # the loader's insert binds: DuckDB casts each Arrow column to its column's type
    migrated.register("_declared_batch", schema.empty_table())
    listed = ", ".join(f'"{n}"' for n in schema.names)
    migrated.execute(f'insert into "{table.name}" ({listed}) select {listed} from _declared_batch')
    migrated.unregister("_declared_batch")


@pytest.mark.parametrize("row_type", list(rows.TABLE_OF), ids=lambda t: t.__name__)
def test_loader_rows_are_the_declaration(row_type, migrated):
    """The row types the loader inserts: one field per column, in table order, typed."""
    table = rows.TABLE_OF[row_type]
    order = [
        c
        for (c,) in migrated.execute(
            "select column_name from duckdb_columns() where table_name = ? order by column_index",
            [table.name],
        ).fetchall()
    ]
    assert rows.columns(row_type) == order, f"{table.name}: row field order"
    for f in fields(row_type):
        column = table.column(f.name)
        assert f.type == column.python_type, f"{table.name}.{f.name}: row field type {f.type}"


def test_the_loader_fills_every_declared_data_table():
    loaded = {name for name, _, _ in rows.Dataset().tables()}
    for name, row_type, _ in rows.Dataset().tables():
        assert rows.TABLE_OF[row_type].name == name, f"{name}: loaded from {row_type.__name__}"
    # claims, sums and years are loaded apart (load.py)
    assert set(LOAD_ORDER) == loaded | {"claim", "claim_sum", "claim_sum_part", "year"}
    build_written = {"_meta", "_build_input", "_view", "schema_migrations"}
    assert set(TABLES) == set(LOAD_ORDER) | build_written


def test_a_real_load_writes_the_declared_rows(con):
    """The real corpus through the loader: the 2017 victims_identified claim of the 2018
    report, read back in declared column order, is 71."""
    listed = ", ".join(f'"{n}"' for n in TABLES["claim"].names)
    row = con.execute(
        f"select {listed} from claim "
        "where indicator_code = 'victims_identified' and year_from = 2017 "
        "and report_id = 'tip-2018-aze' and sex = 'all' and citizenship = 'all'"
    ).fetchone()
    claim = rows.ClaimRow(*row)
    assert claim.value == 71 and claim.quote_start < claim.quote_end


SEEDED = [t for t in TABLES.values() if t.seed_model]


def _base_types(annotation: object) -> set[object]:
    """The Python types an annotation of a seed model admits (Annotated, Literal, unions)."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _base_types(typing.get_args(annotation)[0])
    if origin is typing.Literal:
        return {type(v) for v in typing.get_args(annotation)}
    if origin in (typing.Union, __import__("types").UnionType):
        return set().union(*(_base_types(a) for a in typing.get_args(annotation)))
    if annotation is type(None):
        return {type(None)}
    return {origin or annotation}


def seed_problems(table, model) -> list[str]:
    """How `model`'s fields and `table`'s declared seed fields disagree: a field that fills no
    column (and is not declared seed-only), a column naming a field the model lacks, and a
    column read 1:1 whose field has another type or may be absent where it is not null."""
    found = []
    model_fields = set(model.model_fields)
    named = {f for c in table.columns for f in c.seed_fields()} | set(table.seed_only)
    for f in sorted(model_fields - named):
        found.append(f"{model.__name__}.{f}: fills no column of {table.name}")
    for c in table.columns:
        for f in c.seed_fields():
            if f not in model_fields:
                found.append(f"{table.name}.{c.name}: {model.__name__} has no field {f}")
    for f in table.seed_only:
        if f not in model_fields:
            found.append(f"{table.name}: seed-only {f} is no field of {model.__name__}")
    for c in table.columns:
        if c.seed is not None or c.derived or c.name not in model_fields:
            continue  # read from other fields or computed: its type is the build's business
        info = model.model_fields[c.name]
        admitted = _base_types(info.annotation)
        # YAML gives a decimal as a number: validation reads it exactly (numbers.py)
        wanted = {int, float} if c.type == "decimal(20, 4)" else {PYTHON[c.type]}
        if not wanted <= admitted:
            found.append(
                f"{table.name}.{c.name}: {c.type} column, {model.__name__}.{c.name} admits "
                f"{sorted(t.__name__ for t in admitted)}"
            )
        if c.required and not info.is_required() and info.default is None:
            found.append(f"{table.name}.{c.name}: not null, {model.__name__}.{c.name} optional")
    return found


@pytest.mark.parametrize("table", SEEDED, ids=lambda t: t.name)
def test_seed_models_fill_the_declared_columns(table):
    """Every field of the seed model fills a declared column (or is declared seed-only), every
    column names the fields it comes from, and a column read 1:1 has the field's type."""
    assert seed_problems(table, getattr(records, table.seed_model)) == []


# Change one thing in a copy of the declaration: each comparison must catch it, by name.
def _changed(name: str, **changes) -> dict:
    out = dict(TABLES)
    out[name] = dataclasses.replace(TABLES[name], **changes)
    return out


def test_a_column_declared_only_is_caught(migrated):
    claim = TABLES["claim"]
    extra = Column("extra_note", "varchar", "Declared, never migrated.")
    found = differences(migrated, _changed("claim", columns=claim.columns + (extra,)))
    assert found == ["column claim.extra_note: declared, not in the database"]


def test_a_changed_type_nullability_check_or_key_is_caught(migrated):
    report = TABLES["report"]
    columns = tuple(
        dataclasses.replace(c, type="bigint") if c.name == "published_year" else c
        for c in report.columns
    )
    found = differences(migrated, _changed("report", columns=columns))
    assert found == ["column report.published_year: type 'INTEGER', declared 'BIGINT'"]
    columns = tuple(
        dataclasses.replace(c, required=True) if c.name == "url" else c for c in report.columns
    )
    assert differences(migrated, _changed("report", columns=columns)) == [
        "column report.url: nullable True, declared False"
    ]
    found = differences(migrated, _changed("report", checks=report.checks[1:]))
    assert found == [
        "table report: constraint CHECK(regexp_full_match(report_id, '[a-z0-9]+(-[a-z0-9]+)*')) "
        "not declared"
    ]
    found = differences(migrated, _changed("skip", primary_key=("report_id",)))
    assert "table skip: constraint PRIMARY KEY(report_id, skip_no) not declared" in found


def test_a_changed_description_is_caught_and_written(migrated):
    report = TABLES["report"]
    columns = tuple(
        dataclasses.replace(c, description="Changed.") if c.name == "title" else c
        for c in report.columns
    )
    found = differences(migrated, _changed("report", columns=columns))
    assert found == ["column report.title: comment 'Title of the document.', declared 'Changed.'"]


def test_an_undeclared_table_of_ours_is_caught(migrated):
    without = {k: v for k, v in TABLES.items() if k != "_build_input"}
    assert differences(migrated, without) == [
        "table _build_input: in the database, not declared in tiplake/tables.py"
    ]


def test_a_seed_field_that_fills_nothing_is_caught():
    """A field added to a seed model only, or a column declared 1:1 with another type."""

    class WiderSource(records.SourceSeed):
        homepage: str | None = None

    assert seed_problems(TABLES["source"], WiderSource) == [
        "WiderSource.homepage: fills no column of source"
    ]
    unit = TABLES["unit"]
    columns = tuple(
        dataclasses.replace(c, type="integer") if c.name == "label" else c for c in unit.columns
    )
    assert seed_problems(dataclasses.replace(unit, columns=columns), records.UnitSeed) == [
        "unit.label: integer column, UnitSeed.label admits ['str']"
    ]
