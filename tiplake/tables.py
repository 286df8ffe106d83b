"""Every base table, declared once: its columns (name, type, description, nullability, default,
reference), its primary key and its checks, and the seed fields each column is read from.

In:  nothing (declarations only).
Out: `TABLES`, name -> `Table`, in the order the migrations create them; and the forms derived
     from each declaration, which nothing else writes by hand:
     - `Table.ddl()`: the CREATE TABLE statement. The migrations (migrations/*.sql, numbered,
       never edited once landed) remain how a database's schema evolves; tests/
       test_declarations.py builds a database from them and checks that every table equals
       its declaration (DuckDB's own CREATE statement of each, columns, types, nullability,
       defaults, keys). A schema change is a new migration *and* the change here.
     - `Table.comments()`: the COMMENT ON statements. `migrate.describe` writes them after the
       migrations (only those whose text differs), so a description is changed here alone.
     - `Table.arrow_schema()`: the Arrow schema of the rows the loader writes (rows.py), a
       nullable field for each nullable column.
     - `Table.row_type()`: the frozen dataclass of one row (rows.ReportRow, ...), its fields the
       columns in table order: the order the loader inserts them in.
     - The seed models (records.py) stay written by hand: they carry what the curator may write
       (patterns, enumerations, defaults, aliases), which is not the table's business. A table
       read from one names its model (`seed_model`) and each column says which seed fields it
       comes from: by default the field of the same name; `seed=(...)` for other or several
       fields, and `derived` (with the fields it is computed from, if any) for a column the
       build computes. A seed field that fills no column of its table is listed in `seed_only`
       with where it goes. tests/test_declarations.py checks each model's fields against this.
Types are DuckDB's; `ARROW` and `PYTHON` say what each is in Arrow and in Python (an INTEGER
column is int64 in Arrow, as Python's int; DuckDB casts it on insert).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

import pyarrow as pa

ARROW = {
    "varchar": pa.string(),
    "integer": pa.int64(),
    "bigint": pa.int64(),
    "boolean": pa.bool_(),
    "date": pa.date32(),
    "timestamp": pa.timestamp("us"),
    "decimal(20, 4)": pa.decimal128(20, 4),  # the precision validate's value-precision rule allows
    "varchar[]": pa.list_(pa.string()),
}
PYTHON = {
    "varchar": str,
    "integer": int,
    "bigint": int,
    "boolean": bool,
    "date": date,
    "timestamp": datetime,
    "decimal(20, 4)": Decimal,
    "varchar[]": list[str],
}


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # DuckDB's, lower case: a key of ARROW
    description: str  # its COMMENT ON COLUMN
    required: bool = False  # NOT NULL
    default: str | None = None  # an SQL expression
    references: tuple[str, str] | None = None  # (table, column): a foreign key
    seed: tuple[str, ...] | None = None  # the seed fields it is read from; None: its own name
    derived: str | None = None  # how the build computes it (then `seed` lists its inputs)

    def __post_init__(self) -> None:
        if self.type not in ARROW:
            raise ValueError(f"column {self.name}: unknown type {self.type!r}")

    @property
    def python_type(self) -> object:
        base = PYTHON[self.type]
        return base if self.required else base | None

    def seed_fields(self) -> tuple[str, ...]:
        """The seed fields this column is read (or computed) from."""
        if self.seed is not None:
            return self.seed
        return () if self.derived else (self.name,)

    def ddl(self) -> str:
        parts = [_quote(self.name), self.type]
        if self.required:
            parts.append("not null")
        if self.default is not None:
            parts.append(f"default {self.default}")
        if self.references:
            parts.append(f"references {_quote(self.references[0])} ({_quote(self.references[1])})")
        return " ".join(parts)


@dataclass(frozen=True)
class Table:
    name: str
    description: str  # its COMMENT ON TABLE
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...] = ()
    checks: tuple[str, ...] = ()  # CHECK expressions, in the order DuckDB lists them
    seed_model: str | None = None  # the records.py model its rows are read from
    seed_only: dict[str, str] = field(default_factory=dict)  # model field -> where it goes

    def __post_init__(self) -> None:
        names = [c.name for c in self.columns]
        if len(set(names)) != len(names):
            raise ValueError(f"table {self.name}: a column is declared twice")
        unknown = [n for n in self.primary_key if n not in names]
        if unknown:
            raise ValueError(f"table {self.name}: primary key names no column {unknown}")

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(f"table {self.name} declares no column {name}")

    def ddl(self, if_not_exists: bool = False) -> str:
        lines = [c.ddl() for c in self.columns]
        if self.primary_key:
            lines.append(f"primary key ({', '.join(map(_quote, self.primary_key))})")
        lines += [f"check ({c})" for c in self.checks]
        exists = "if not exists " if if_not_exists else ""
        body = ",\n    ".join(lines)
        return f"create table {exists}{_quote(self.name)} (\n    {body}\n)"

    def comments(self) -> list[tuple[str | None, str, str]]:
        """(column or None for the table, description, its COMMENT ON statement)."""
        out = [
            (
                None,
                self.description,
                f"comment on table {_quote(self.name)} is {_string(self.description)}",
            )
        ]
        for c in self.columns:
            target = f"{_quote(self.name)}.{_quote(c.name)}"
            out.append(
                (c.name, c.description, f"comment on column {target} is {_string(c.description)}")
            )
        return out

    def arrow_schema(self) -> pa.Schema:
        return pa.schema(
            [pa.field(c.name, ARROW[c.type], nullable=not c.required) for c in self.columns]
        )

    def row_type(self, class_name: str, module: str = "tiplake.rows") -> type:
        """A frozen dataclass with one field per column, in table order, named `class_name` in
        `module` (where it must be bound to that name: pickle finds it there)."""
        cls = dataclasses.make_dataclass(
            class_name,
            [(c.name, c.python_type) for c in self.columns],
            frozen=True,
            namespace={"__doc__": f"A row of table {self.name}: {self.description}"},
        )
        cls.__module__ = module
        return cls


def differences(con, tables: dict[str, Table] | None = None) -> list[str]:
    """How the tables of the database `con` (its main schema) differ from their declarations
    (`TABLES` unless given): each difference one line naming the table and the column. Tables,
    columns in order, DuckDB types, nullability, defaults, keys, checks (each declaration's DDL
    run in an empty database: DuckDB states both sides the same way) and comments. Relations
    the declarations do not know (a stored view's rows, a user's own table) are left out, but
    for those starting with `_` other than `_stored_` (ours by convention)."""
    import duckdb

    tables = TABLES if tables is None else tables
    found: list[str] = []
    scratch = duckdb.connect()
    try:
        for table in tables.values():
            scratch.execute(table.ddl())
            scratch.execute("; ".join(sql for _, _, sql in table.comments()))
        have = _catalog(con)
        want = _catalog(scratch)
    finally:
        scratch.close()
    ours = {name for name in have if name.startswith("_") and not name.startswith("_stored_")}
    for name in sorted(ours - set(want)):
        found.append(f"table {name}: in the database, not declared in tiplake/tables.py")
    for name in tables:
        if name not in have:
            found.append(f"table {name}: declared, not in the database")
            continue
        (h_comment, h_cols, h_cons), (w_comment, w_cols, w_cons) = have[name], want[name]
        if h_comment != w_comment:
            found.append(f"table {name}: comment {h_comment!r}, declared {w_comment!r}")
        h_names, w_names = list(h_cols), list(w_cols)
        for col in w_names:
            if col not in h_cols:
                found.append(f"column {name}.{col}: declared, not in the database")
        for col in h_names:
            if col not in w_cols:
                found.append(f"column {name}.{col}: in the database, not declared")
        common = [c for c in h_names if c in w_cols]
        if common != [c for c in w_names if c in h_cols]:
            found.append(f"table {name}: columns in order {h_names}, declared {w_names}")
        for col in common:
            for what, h, w in zip(
                ("type", "nullable", "default", "comment"), h_cols[col], w_cols[col], strict=True
            ):
                if h != w:
                    found.append(f"column {name}.{col}: {what} {h!r}, declared {w!r}")
        for con_text in sorted(h_cons - w_cons):
            found.append(f"table {name}: constraint {con_text} not declared")
        for con_text in sorted(w_cons - h_cons):
            found.append(f"table {name}: declared constraint {con_text} not in the database")
    return found


def _catalog(con) -> dict[str, tuple[str | None, dict[str, tuple], set[str]]]:
    """Each table of `con`'s main schema: its comment, its columns in order (DuckDB type,
    nullable, default, comment) and its constraints but NOT NULL (DuckDB's text of each)."""
    where = "not internal and schema_name = 'main' and database_name = current_database()"
    out: dict[str, tuple[str | None, dict[str, tuple], set[str]]] = {}
    for name, comment in con.execute(
        f"select table_name, comment from duckdb_tables() where {where}"
    ).fetchall():
        out[name] = (comment, {}, set())
    for name, col, dtype, nullable, default, comment in con.execute(
        "select table_name, column_name, data_type, is_nullable, column_default, comment "
        f"from duckdb_columns() where {where} order by table_name, column_index"
    ).fetchall():
        if name in out:
            out[name][1][col] = (dtype, nullable, default, comment)
    for name, text in con.execute(
        "select table_name, constraint_text from duckdb_constraints() "
        f"where constraint_type <> 'NOT NULL' and {where.replace('not internal and ', '')}"
    ).fetchall():
        if name in out:
            out[name][2].add(text)
    return out


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _string(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


REPORT = Table(
    "report",
    "One row per source document (report, cable) in the corpus, with its provenance and the sha256 of the vendored file.",
    columns=(
        Column(
            "report_id",
            "varchar",
            "Stable identifier of the document, as in the corpus manifest (e.g. tip-2025-aze).",
            required=True,
        ),
        Column("title", "varchar", "Title of the document.", required=True),
        Column(
            "kind",
            "varchar",
            "Kind of document: tip_report (U.S. State Department TIP Report country narrative), government_report (a national government's own report), diplomatic_cable.",
            required=True,
        ),
        Column("publisher", "varchar", "Who published or sent the document.", required=True),
        Column(
            "published_year",
            "integer",
            "Year the document was published (for a cable, the year it was created).",
            required=True,
        ),
        Column(
            "published_on",
            "date",
            "Exact publication (or creation) date where known; null when only the year is known.",
        ),
        Column(
            "released_on",
            "date",
            "Date a non-public document was released publicly (cables); null otherwise.",
        ),
        Column(
            "period_start_on",
            "date",
            "First day of the period the document reports on (for a TIP report, its reporting period).",
        ),
        Column("period_end_on", "date", "Last day of the period the document reports on."),
        Column(
            "country_iso3",
            "varchar",
            "ISO 3166-1 alpha-3 code of the country the document is about.",
            required=True,
        ),
        Column(
            "identifier",
            "varchar",
            "The publisher's own identifier or edition name (e.g. 09BAKU141, TIP Report 2018).",
        ),
        Column("citation", "varchar", "Full citation of the document.", required=True),
        Column(
            "file_path",
            "varchar",
            "Path of the vendored text, relative to seeds/documents/.",
            required=True,
            seed=("file",),
        ),
        Column(
            "sha256",
            "varchar",
            "SHA-256 of the vendored file; the build refuses a document whose checksum differs.",
            required=True,
        ),
        Column(
            "url",
            "varchar",
            "Public address of the document where one is known to the curators (see url_note for what it points at); null when none is known. The build does not fetch it.",
        ),
        Column(
            "url_note",
            "varchar",
            "What url points at when it is not the document itself (e.g. the edition of which the country narrative is a chapter), or why there is no url; null when url is the document.",
        ),
        Column(
            "license",
            "varchar",
            "The document's own license status, a short id: public-domain-us-gov (a work of the U.S. government, public domain in the United States, 17 U.S.C. 105), an SPDX identifier, or unknown (the document states none). The curated data are CC BY 4.0; each document keeps its own status.",
        ),
        Column(
            "license_note",
            "varchar",
            "What is known of the document's license status, in the curators' words.",
        ),
    ),
    primary_key=("report_id",),
    checks=(
        "regexp_full_match(report_id, '[a-z0-9]+(-[a-z0-9]+)*')",
        "(kind in ('tip_report', 'government_report', 'diplomatic_cable'))",
        "(published_year between 1990 and 2100)",
        '((published_on is null) or ("year"(published_on) = published_year))',
        "((period_end_on is null) or (period_start_on <= period_end_on))",
        "regexp_full_match(country_iso3, '[A-Z]{3}')",
        "regexp_full_match(sha256, '[0-9a-f]{64}')",
    ),
    seed_model="ReportSeed",
)

YEAR = Table(
    "year",
    "One row per calendar year the database covers, from the earliest year a claim or report refers to through the latest; a dimension for coverage views.",
    columns=(
        Column(
            "year",
            "integer",
            "Calendar year.",
            required=True,
            derived="from the claims' periods and the reports' years (load.years_sql)",
        ),
        Column(
            "is_in_claims",
            "boolean",
            "True when at least one claim's period includes this year.",
            required=True,
            derived="whether a claim's period includes the year",
        ),
    ),
    primary_key=("year",),
    checks=('("year" between 1990 and 2100)',),
)

INDICATOR = Table(
    "indicator",
    "One row per indicator: what a figure counts or measures, with its written definition and international equivalents.",
    columns=(
        Column(
            "indicator_code",
            "varchar",
            "Stable code of the indicator (e.g. victims_identified, persons_convicted).",
            required=True,
        ),
        Column("label", "varchar", "Human-readable name of the indicator.", required=True),
        Column(
            "unit",
            "varchar",
            "Default unit of the indicator's figures (a claim may state another, e.g. a currency).",
            required=True,
        ),
        Column(
            "pillar",
            "varchar",
            "Area of anti-trafficking work: prosecution, protection, prevention, legal_framework or context.",
            required=True,
        ),
        Column(
            "definition",
            "varchar",
            "Written definition: what is counted, and how it differs from similar indicators.",
            required=True,
        ),
        Column(
            "unodc_equivalent",
            "varchar",
            "The equivalent indicator of the UNODC Global Report on Trafficking in Persons, where one exists.",
        ),
        Column(
            "sdg_equivalent",
            "varchar",
            "The equivalent SDG indicator (e.g. 16.2.2), where one exists.",
        ),
        Column(
            "allows_future_period",
            "boolean",
            "True for indicators whose period may end after the document was published (action plans).",
            required=True,
            default="false",
        ),
    ),
    primary_key=("indicator_code",),
    checks=(
        "regexp_full_match(indicator_code, '[a-z][a-z0-9_]*')",
        "(pillar in ('prosecution', 'protection', 'prevention', 'legal_framework', 'context'))",
    ),
    seed_model="IndicatorSeed",
)

SOURCE = Table(
    "source",
    "One row per originator a figure is attributed to: who the document says the figure comes from.",
    columns=(
        Column(
            "source_id",
            "varchar",
            "Stable identifier of the originator (e.g. gov_aze, us_dos, media).",
            required=True,
        ),
        Column("name", "varchar", "Name of the originator.", required=True),
        Column(
            "kind",
            "varchar",
            "Kind of originator: government, us_department_of_state, us_embassy, media, ngo, intergovernmental, observers (unnamed observers), official (a named official speaking for themself).",
            required=True,
        ),
        Column(
            "description",
            "varchar",
            "Who this originator is and when a figure is attributed to it.",
            required=True,
        ),
    ),
    primary_key=("source_id",),
    checks=(
        "regexp_full_match(source_id, '[a-z][a-z0-9_]*')",
        "(kind in ('government', 'us_department_of_state', 'us_embassy', 'media', 'ngo', 'intergovernmental', 'observers', 'official'))",
    ),
    seed_model="SourceSeed",
)

UNIT = Table(
    "unit",
    "One row per unit a figure can be stated in: counts, currencies (ISO 4217), durations, percentages, ranks.",
    columns=(
        Column(
            "unit",
            "varchar",
            "Code of the unit: a count noun (persons, cases), an ISO 4217 currency code (AZN, USD), a duration (years, months, hours), percent or tier.",
            required=True,
        ),
        Column(
            "kind",
            "varchar",
            "Kind of unit: count, currency, duration, percent or rank.",
            required=True,
        ),
        Column("label", "varchar", "Human-readable description of the unit.", required=True),
    ),
    primary_key=("unit",),
    checks=(
        "regexp_full_match(unit, '[A-Za-z][A-Za-z0-9_]*')",
        "(kind in ('count', 'currency', 'duration', 'percent', 'rank'))",
    ),
    seed_model="UnitSeed",
)

CATEGORY = Table(
    "category",
    "One row per value a category unit can take (a tier placement), with its label and its order.",
    columns=(
        Column(
            "category", "varchar", "Code of the category (e.g. tier_2_watch_list).", required=True
        ),
        Column(
            "unit",
            "varchar",
            "The unit whose values these are (a unit of kind rank, e.g. tier).",
            required=True,
            references=("unit", "unit"),
        ),
        Column(
            "label",
            "varchar",
            "The category as reports write it (e.g. Tier 2 Watch List).",
            required=True,
        ),
        Column(
            "rank",
            "integer",
            "Order of the category within its unit (1 first, e.g. Tier 1); null when it has no place in the order (a label that does not say which tier).",
        ),
        Column("description", "varchar", "What the category means.", required=True),
    ),
    primary_key=("category",),
    checks=("regexp_full_match(category, '[a-z][a-z0-9_]*')",),
    seed_model="CategorySeed",
)

CLAIM = Table(
    "claim",
    "One row per curated figure: a value, or a stated absence, read from a verbatim quote of one document, with the originator the document attributes it to, the period it refers to, its unit, qualifier and breakdown.",
    columns=(
        Column(
            "claim_id",
            "varchar",
            "Stable identifier: <report_id>:<slug>, chosen by the curator and never reused.",
            required=True,
            seed=("id",),
            derived="<report_id>:<id>",
        ),
        Column(
            "report_id",
            "varchar",
            "The document the quote comes from (where the figure was published).",
            required=True,
            derived="the claims file's report_id",
        ),
        Column(
            "source_id",
            "varchar",
            "Who the document says the figure comes from (e.g. the government, media, the State Department itself). A U.S. report relaying a government figure has report_id of the U.S. report and source_id gov_aze.",
            required=True,
        ),
        Column("indicator_code", "varchar", "What the figure counts or measures.", required=True),
        Column(
            "country_iso3",
            "varchar",
            "ISO 3166-1 alpha-3 code of the country the figure is about.",
            required=True,
            derived="the seed's, else its report's",
            seed=("country_iso3",),
        ),
        Column(
            "year_from",
            "integer",
            "First calendar year of the period the figure refers to (not the edition year); null for a timeless fact such as a legal penalty.",
            seed=("year", "year_from"),
        ),
        Column(
            "year_to",
            "integer",
            "Last calendar year of the period; equal to year_from for an annual figure; null for a timeless fact.",
            seed=("year", "year_to"),
        ),
        Column(
            "value",
            "decimal(20, 4)",
            "The figure as stated. Null for ranges (see value_low, value_high), for not_reported and for period claims.",
        ),
        Column(
            "value_low",
            "decimal(20, 4)",
            "Lower bound: the low end of a range, or the bound of at_least / more_than (exclusive for more_than). Null otherwise.",
        ),
        Column(
            "value_high",
            "decimal(20, 4)",
            "Upper bound: the high end of a range, or the bound of at_most / less_than (exclusive for less_than). Null otherwise.",
        ),
        Column(
            "qualifier",
            "varchar",
            "How the figure is stated: exact, approximate, at_least, more_than, at_most, less_than, range, category (the value is a category, value_category: a tier placement), not_reported (the document says the figure was not reported: an absence, not a zero) or period (the fact is the period itself, e.g. an action plan's years).",
            required=True,
        ),
        Column(
            "unit",
            "varchar",
            "Unit of the figure: a count noun, an ISO 4217 currency code, a duration, percent or tier.",
            required=True,
            derived="the seed's, else its indicator's",
            seed=("unit",),
        ),
        Column(
            "value_category",
            "varchar",
            "For a figure that is a category (qualifier category: a tier placement), the category (see table category); null otherwise. A category is never a number.",
        ),
        Column(
            "value_label",
            "varchar",
            "The category as the quote states it, where the figure is a category (e.g. 'Tier 2 Watch List'); null otherwise.",
        ),
        Column(
            "value_text",
            "varchar",
            "The words or digits of the quote the value was read from (e.g. 'Sixty-eight', '$88,030'), found by the loader.",
            derived="the seed's, else found in the quote",
            seed=("value_text",),
        ),
        Column(
            "sex",
            "varchar",
            "Breakdown by sex: female, male, or all when not broken down.",
            required=True,
            default="'all'",
        ),
        Column(
            "age_band",
            "varchar",
            "Breakdown by age: child, adult, a band such as 18-25, a band such as 35_plus, or all when not broken down. For a legal penalty, the age of the victim the penalty applies to.",
            required=True,
            default="'all'",
        ),
        Column(
            "exploitation_form",
            "varchar",
            "Breakdown by form of exploitation: sexual, labour, begging, other, or all when not broken down.",
            required=True,
            default="'all'",
        ),
        Column(
            "citizenship",
            "varchar",
            "Breakdown by citizenship: national (citizens of the reporting country), foreign, or all when not broken down.",
            required=True,
            default="'all'",
        ),
        Column(
            "destination_iso3",
            "varchar",
            "Breakdown by destination country (ISO alpha-3): where victims were taken or exploited (the country itself for internal trafficking), or where persons were found abroad; all when not broken down.",
            required=True,
            default="'all'",
        ),
        Column(
            "origin_iso3",
            "varchar",
            "Breakdown by country of origin (the victims' or persons' country of citizenship, ISO alpha-3), or all when not broken down.",
            required=True,
            default="'all'",
        ),
        Column(
            "category",
            "varchar",
            "What exactly is counted within the indicator when the other breakdowns do not say it: the offence or aggravation a penalty applies to, the body that referred victims, the offence of a conviction (a slug such as aggravated or law-enforcement); all when the figure is not so divided.",
            required=True,
            default="'all'",
        ),
        Column(
            "part_of_claim_id",
            "varchar",
            "The total this figure is a part of: the total of a breakdown (claim_sum) that lists it among its parts; null for a total or an unbroken figure.",
            derived="the total of a declared sum (SumSeed) the claim is a part of",
        ),
        Column(
            "same_amount_as_claim_id",
            "varchar",
            "For an amount the document states in two currencies: the claim with the same amount in the other currency (the primary, usually the original currency).",
            seed=("same_amount_as",),
        ),
        Column(
            "restates_claim_id",
            "varchar",
            "The claim this one repeats: a figure another originator (or this one, elsewhere) stated first, in the corpus. A restatement is never a second, independent source.",
            seed=("restates",),
        ),
        Column(
            "restated_source_id",
            "varchar",
            "Whose figure this is, when the document relays it from an originator whose own publication is not in the corpus and source_id is not that originator (e.g. an embassy sentence giving the government's statistics).",
            seed=("restated_from",),
        ),
        Column(
            "restatement_change",
            "varchar",
            "How the restatement differs from the claim it restates (indicator, period, breakdown or value), in the curator's words; null when it repeats it exactly.",
        ),
        Column(
            "quote",
            "varchar",
            "The verbatim text of the document the figure is read from.",
            required=True,
        ),
        Column(
            "occurrence",
            "integer",
            "Which occurrence of the quote in the document is meant (1 = first); the loader requires it when the quote occurs more than once.",
            required=True,
            derived="the seed's, else 1",
            seed=("occurrence",),
        ),
        Column(
            "quote_start",
            "integer",
            "Offset (in characters, from 0) of the quote's first character in the document text.",
            required=True,
            derived="where the quote is found in the document",
            seed=("quote", "occurrence"),
        ),
        Column(
            "quote_end",
            "integer",
            "Offset of the character just after the quote in the document text.",
            required=True,
            derived="where the quote is found in the document",
            seed=("quote", "occurrence"),
        ),
        Column(
            "context_before",
            "varchar",
            "Up to 120 characters of the document just before the quote.",
            required=True,
            derived="where the quote is found in the document",
            seed=("quote", "occurrence"),
        ),
        Column(
            "context_after",
            "varchar",
            "Up to 120 characters of the document just after the quote.",
            required=True,
            derived="where the quote is found in the document",
            seed=("quote", "occurrence"),
        ),
        Column(
            "is_low_confidence",
            "boolean",
            "True when the curator could not read the figure with certainty (e.g. chart values); confidence_reason says why.",
            required=True,
            default="false",
            seed=("low_confidence_reason",),
            derived="whether a reason is given",
        ),
        Column(
            "confidence_reason",
            "varchar",
            "Why the claim is low-confidence; required when is_low_confidence.",
            seed=("low_confidence_reason",),
        ),
        Column(
            "judgement",
            "varchar",
            "The curator's judgement of the claim: likely_error (a policy never picks it while another figure exists) or preferred; null when none. A judgement never changes the claim.",
        ),
        Column(
            "judgement_reason", "varchar", "Why the curator judged so; required with a judgement."
        ),
        Column(
            "note",
            "varchar",
            "The curator's note: attribution or period choices and anything a reader should know.",
        ),
        Column(
            "seed_file",
            "varchar",
            "The seed file the claim was curated in, relative to the project root.",
            required=True,
            derived="the claims file",
        ),
        Column(
            "attribution_reason",
            "varchar",
            "Why the claim's source_id is not the originator its sentence names (rule attribution-wording), in the curator's words; null when the wording and the source agree.",
        ),
        Column(
            "period_basis",
            "varchar",
            'What kind of period the sentence says the figure counts: calendar_year (a year named, "in 2017"), reporting_period (a TIP report\'s April-March reporting period); null when the sentence does not say.',
        ),
        Column(
            "implied_by_claim_id",
            "varchar",
            'The claim whose sentence implies this one without stating it (a tier placement implied by "the fifth consecutive year on Tier 2 Watch List"); null for a stated claim. An implied claim is a derived fact: it counts as its source claim\'s originator, never as a second one.',
            seed=("implied_by",),
        ),
    ),
    primary_key=("claim_id",),
    checks=(
        "regexp_full_match(claim_id, '[a-z0-9]+(-[a-z0-9]+)*:[a-z0-9]+(-[a-z0-9]+)*')",
        "regexp_full_match(country_iso3, '[A-Z]{3}')",
        "(qualifier in ('exact', 'approximate', 'at_least', 'more_than', 'at_most', 'less_than', 'range', 'not_reported', 'period', 'category'))",
        "(sex in ('all', 'female', 'male'))",
        "regexp_full_match(age_band, 'all|child|adult|[0-9]+-[0-9]+|[0-9]+_plus')",
        "(exploitation_form in ('all', 'sexual', 'labour', 'begging', 'other'))",
        "(citizenship in ('all', 'national', 'foreign'))",
        "regexp_full_match(destination_iso3, 'all|[A-Z]{3}')",
        "regexp_full_match(origin_iso3, 'all|[A-Z]{3}')",
        "regexp_full_match(category, '[a-z0-9]+(-[a-z0-9]+)*')",
        '(length("quote") > 0)',
        "(occurrence >= 1)",
        "(quote_start >= 0)",
        "(judgement in ('likely_error', 'preferred'))",
        "((year_from is null) = (year_to is null))",
        "(year_from <= year_to)",
        "(quote_end > quote_start)",
        "(value_low <= value_high)",
        r"value >= 0 or indicator_code like '%\_change' escape '\'",
        r"value_low >= 0 or indicator_code like '%\_change' escape '\'",
        "((not is_low_confidence) or (confidence_reason is not null))",
        "((judgement is null) = (judgement_reason is null))",
        "((qualifier = 'category') = (value_category is not null))",
        """case qualifier
            when 'not_reported' then value is null and value_low is null and value_high is null
            when 'period' then value is null and value_low is null and value_high is null
                and year_from is not null
            when 'category' then value is null and value_low is null and value_high is null
            when 'range' then value is null and value_low is not null and value_high is not null
            when 'at_least' then value is not null and value_low = value and value_high is null
            when 'more_than' then value is not null and value_low = value and value_high is null
            when 'at_most' then value is not null and value_high = value and value_low is null
            when 'less_than' then value is not null and value_high = value and value_low is null
            else value is not null and value_low is null and value_high is null
        end""",
    ),
    seed_model="ClaimSeed",
)

CLAIM_SUM = Table(
    "claim_sum",
    "One row per set of figures the seeds declare add up, in one document: a total (when the document states one) and its parts (claim_sum_part), complete (they cover the whole: evidence quotes the words that say so) or partial (reason says why not). A breakdown's parts are the total's indicator broken down; a sum across indicators adds other indicators (cases opened = cases under investigation + cases sent to court).",
    columns=(
        Column(
            "sum_id",
            "varchar",
            "Stable identifier: <report_id>:<slug>.",
            required=True,
            seed=("id",),
            derived="<report_id>:<id>",
        ),
        Column(
            "report_id",
            "varchar",
            "The document whose figures these are.",
            required=True,
            derived="the claims file's report_id",
        ),
        Column(
            "total_claim_id",
            "varchar",
            "The claim of the total; null when the document states no total (a view may derive it from complete parts).",
            seed=("total",),
        ),
        Column(
            "kind",
            "varchar",
            "breakdown (the parts are the total's indicator broken down) or across_indicators (the parts are other indicators).",
            required=True,
            derived="from the parts' indicators",
        ),
        Column(
            "dimension",
            "varchar",
            "For a breakdown: the breakdown column(s) the parts divide the whole by (e.g. sex+exploitation_form); null across indicators.",
            derived="from the breakdowns the parts differ in",
        ),
        Column(
            "is_complete",
            "boolean",
            "True when the parts cover the whole (they sum to the total); false when they cover only some of it (their sum is a lower bound).",
            required=True,
            seed=("complete",),
        ),
        Column(
            "evidence",
            "varchar",
            "The words of the document that show the parts are complete (verbatim).",
        ),
        Column(
            "evidence_start",
            "integer",
            "Offset of the evidence in the document.",
            derived="where the evidence is found in the document",
            seed=("evidence", "occurrence"),
        ),
        Column(
            "evidence_end",
            "integer",
            "Offset just after the evidence.",
            derived="where the evidence is found in the document",
            seed=("evidence", "occurrence"),
        ),
        Column(
            "reason",
            "varchar",
            "Why the parts do not cover the whole (partial), or anything a reader should know.",
        ),
        Column(
            "seed_file",
            "varchar",
            "The claims file the sum is declared in.",
            required=True,
            derived="the claims file",
        ),
    ),
    primary_key=("sum_id",),
    checks=(
        "regexp_full_match(sum_id, '[a-z0-9]+(-[a-z0-9]+)*:[a-z0-9]+(-[a-z0-9]+)*')",
        "(kind in ('breakdown', 'across_indicators'))",
        "((not is_complete) or (evidence is not null))",
        "(is_complete or (reason is not null))",
        "((evidence is null) = (evidence_start is null))",
        "(evidence_end > evidence_start)",
    ),
    seed_model="SumSeed",
    seed_only={"parts": "claim_sum_part: one row per part"},
)

CLAIM_SUM_PART = Table(
    "claim_sum_part",
    "One row per part of a declared sum (claim_sum).",
    columns=(
        Column("sum_id", "varchar", "The sum.", required=True, derived="the sum (SumSeed.id)"),
        Column(
            "claim_id",
            "varchar",
            "A claim that is one of its parts.",
            required=True,
            derived="each of SumSeed.parts",
        ),
    ),
    primary_key=("sum_id", "claim_id"),
)

INDICATOR_RELATION = Table(
    "indicator_relation",
    "One row per declared relation between two indicators that count related but differently defined things (e.g. the government's persons brought to responsibility and the TIP Report's defendants prosecuted), with the reason. Views show such figures side by side, never equated.",
    columns=(
        Column(
            "indicator_code",
            "varchar",
            "The indicator.",
            required=True,
            references=("indicator", "indicator_code"),
        ),
        Column(
            "related_indicator_code",
            "varchar",
            "The related indicator.",
            required=True,
            references=("indicator", "indicator_code"),
        ),
        Column(
            "relation",
            "varchar",
            "differently_defined: the two count similar things under different definitions; subset_of: indicator_code counts a subset of what related_indicator_code counts.",
            required=True,
        ),
        Column(
            "reason",
            "varchar",
            "How the definitions differ, so a reader knows why the figures need not agree.",
            required=True,
        ),
    ),
    primary_key=("indicator_code", "related_indicator_code"),
    checks=(
        "(relation in ('differently_defined', 'subset_of'))",
        "(length(reason) > 0)",
        "(indicator_code != related_indicator_code)",
    ),
    seed_model="IndicatorRelationSeed",
)

POLICY = Table(
    "policy",
    "One row per named reconciliation policy: the rules by which the reconciled view chooses the value to use among the claims of one figure. Exactly one is the default.",
    columns=(
        Column(
            "policy_id",
            "varchar",
            "Stable name of the policy, as users select it (where policy_id = ...).",
            required=True,
        ),
        Column("label", "varchar", "Short human-readable name of the policy.", required=True),
        Column(
            "description",
            "varchar",
            "What the policy prefers, in order, and why one would choose it.",
            required=True,
        ),
        Column(
            "is_default", "boolean", "True for the policy the reconciled view uses.", required=True
        ),
        Column(
            "prefer_own_publication",
            "boolean",
            "First rule: prefer a figure published by its own originator (the government's figure in the government's report, the State Department's in a TIP Report, the embassy's in its cable) over the same originator's figure relayed by another publisher.",
            required=True,
        ),
        Column(
            "prefer_latest",
            "boolean",
            "Then prefer the most recently published document (true) or the earliest (false).",
            required=True,
        ),
    ),
    primary_key=("policy_id",),
    checks=("regexp_full_match(policy_id, '[a-z][a-z0-9_]*')",),
    seed_model="PolicySeed",
    seed_only={"source_kind_order": "policy_source_rank: one row per kind, ranked in list order"},
)

POLICY_SOURCE_RANK = Table(
    "policy_source_rank",
    "One row per policy and originator kind the policy ranks: a lower rank is preferred. Kinds a policy does not list rank after those it lists.",
    columns=(
        Column(
            "policy_id",
            "varchar",
            "The policy.",
            required=True,
            references=("policy", "policy_id"),
            derived="the policy (PolicySeed.policy_id)",
        ),
        Column(
            "source_kind",
            "varchar",
            "An originator kind (as in source.kind).",
            required=True,
            derived="each kind of PolicySeed.source_kind_order",
        ),
        Column(
            "rank",
            "integer",
            "Preference of this kind under the policy: 1 is preferred most.",
            required=True,
            derived="its place in PolicySeed.source_kind_order, from 1",
        ),
    ),
    primary_key=("policy_id", "source_kind"),
    checks=(
        "(source_kind in ('government', 'us_department_of_state', 'us_embassy', 'media', 'ngo', 'intergovernmental', 'observers', 'official'))",
        "(rank >= 1)",
    ),
)

DOCUMENT = Table(
    "document",
    "One row per report: the text of its vendored document, as verified against the manifest's sha256 when the database was built. Quotes, claims' quote offsets and skips' offsets are positions in this text.",
    columns=(
        Column(
            "report_id",
            "varchar",
            "The report whose document this is (report.report_id).",
            required=True,
            derived="from the verified document of the report (ReportSeed.file)",
        ),
        Column(
            "text",
            "varchar",
            "The whole text of the document, decoded from its verified UTF-8 bytes; offsets (claim.quote_start, skip.span_start) count its characters from 0.",
            required=True,
            derived="from the verified document of the report (ReportSeed.file)",
        ),
        Column(
            "sha256",
            "varchar",
            "SHA-256 of the document's bytes (the text encoded as UTF-8): the manifest's checksum, report.sha256.",
            required=True,
            derived="from the verified document of the report (ReportSeed.file)",
        ),
        Column(
            "size_bytes",
            "bigint",
            "Length of the document in bytes (UTF-8).",
            required=True,
            derived="from the verified document of the report (ReportSeed.file)",
        ),
    ),
    primary_key=("report_id",),
    checks=(
        "regexp_full_match(sha256, '[0-9a-f]{64}')",
        "(size_bytes >= 0)",
    ),
)

SKIP = Table(
    "skip",
    "One row per span of a document whose numbers are not figures (a header, a paragraph number, a reference), each with the curator's reason: the coverage audit counts a number inside one as accounted for. From seeds/skips/<report_id>.yaml, found in the text as quotes are.",
    columns=(
        Column(
            "report_id",
            "varchar",
            "The report whose document the span is in (document.report_id).",
            required=True,
            derived="the skips file's report_id",
        ),
        Column(
            "skip_no",
            "integer",
            "The span's place among its report's skip spans, from 1, in the order of the skips file (a skip with every: true gives one span per occurrence).",
            required=True,
            derived="the span's place in the skips file",
        ),
        Column(
            "span_start",
            "integer",
            "Offset of the span's first character in document.text (from 0).",
            required=True,
            derived="where the skip is found in the document",
            seed=("quote", "from_", "to", "occurrence", "every"),
        ),
        Column(
            "span_end",
            "integer",
            "Offset just after the span's last character in document.text.",
            required=True,
            derived="where the skip is found in the document",
            seed=("quote", "from_", "to", "occurrence", "every"),
        ),
        Column(
            "skipped_text",
            "varchar",
            "The words the span covers: substring of document.text from span_start to span_end.",
            required=True,
            derived="where the skip is found in the document",
            seed=("quote", "from_", "to", "occurrence", "every"),
        ),
        Column(
            "reason",
            "varchar",
            "Why the numbers of the span are not figures, in the curator's words.",
            required=True,
        ),
    ),
    primary_key=("report_id", "skip_no"),
    checks=(
        "(skip_no >= 1)",
        "(span_start >= 0)",
        "(span_end >= span_start)",
    ),
    seed_model="SkipSeed",
)

META = Table(
    "_meta",
    "One row describing the published database: schema version, the DuckDB version that built it, its storage format, build time and the seeds it was built from.",
    columns=(
        Column(
            "schema_version",
            "integer",
            "Highest migration version applied (see schema_migrations).",
            required=True,
            derived="by the build",
        ),
        Column(
            "duckdb_version",
            "varchar",
            "Version of the DuckDB library that built the file.",
            required=True,
            derived="by the build",
        ),
        Column(
            "storage_version",
            "varchar",
            "Storage format of the file as DuckDB reports it (v1.0.0+ opens in DuckDB 1.1 and later).",
            required=True,
            derived="by the build",
        ),
        Column(
            "built_at",
            "timestamp",
            "When the build finished (UTC).",
            required=True,
            derived="by the build",
        ),
        Column(
            "seeds_commit",
            "varchar",
            "Git commit of the project checkout the seeds were read from; null outside a git checkout.",
            derived="by the build",
        ),
        Column(
            "seeds_are_committed",
            "boolean",
            "False when the seeds had uncommitted changes at build time (the commit alone does not identify them); null outside a git checkout.",
            derived="by the build",
        ),
        Column(
            "seeds_sha256",
            "varchar",
            "sha256 over every seed file (path and bytes, in path order): identifies the exact seeds whatever git says.",
            required=True,
            derived="by the build",
        ),
        Column(
            "rebuilds",
            "integer",
            "0 when the file was built in full; n when it is the nth rebuild in a row from the previous file (only claims files changed, see _build_input).",
            default="0",
            derived="by the build",
        ),
    ),
    checks=("regexp_full_match(seeds_sha256, '[0-9a-f]{64}')",),
)

BUILD_INPUT = Table(
    "_build_input",
    "What the database was built from, for the next rebuild: one row per claims file, and one (input *) for everything else (code, DuckDB version, migrations, SQL, vocabularies, manifest, documents). A rebuild in which only claims files changed starts from this database and redoes the countries those files are about.",
    columns=(
        Column(
            "input",
            "varchar",
            "The claims file (e.g. seeds/claims/tip-2018-aze.yaml), or * for every other input.",
            required=True,
            derived="by the build",
        ),
        Column(
            "sha256",
            "varchar",
            "The claims file's cache key (its bytes, its report, the vocabularies and the validation code), or a digest of every other input.",
            required=True,
            derived="by the build",
        ),
    ),
    primary_key=("input",),
    checks=("regexp_full_match(sha256, '[0-9a-f]{64}')",),
)

SCHEMA_MIGRATIONS = Table(
    "schema_migrations",
    "One row per migration applied to this database: its version, name, the sha256 of its file, and when it was applied.",
    columns=(
        Column(
            "version",
            "integer",
            "Number of the migration (the NNNN of its file name).",
            required=True,
            derived="by the build",
        ),
        Column(
            "name",
            "varchar",
            "Name of the migration (verb_object).",
            required=True,
            derived="by the build",
        ),
        Column(
            "checksum",
            "varchar",
            "sha256 of the migration file as applied; a changed file is an error.",
            required=True,
            derived="by the build",
        ),
        Column(
            "applied_at",
            "timestamp",
            "When the migration was applied (UTC).",
            required=True,
            default="timezone('UTC', current_timestamp)",
            derived="by the build",
        ),
    ),
    primary_key=("version",),
)

VIEW_CATALOG = Table(
    "_view",
    "One row per view of the database: the columns that identify its rows (its grain, as its file in sql/views/ declares it) and whether its rows are stored. Written by every build.",
    columns=(
        Column(
            "view_name",
            "varchar",
            "The view's name (duckdb_views().view_name).",
            required=True,
            derived="from the view files (views.py)",
        ),
        Column(
            "grain",
            "varchar[]",
            "The columns whose values identify a row of the view, in the order its file declares them; the build checks they do.",
            required=True,
            derived="from the view files (views.py)",
        ),
        Column(
            "is_stored",
            "boolean",
            "True when the build computes the view's rows once, into a table of their own that the view selects (-- stored: in its file).",
            required=True,
            derived="from the view files (views.py)",
        ),
    ),
    primary_key=("view_name",),
)


TABLES: dict[str, Table] = {
    t.name: t
    for t in (
        REPORT,
        YEAR,
        INDICATOR,
        SOURCE,
        UNIT,
        CATEGORY,
        CLAIM,
        CLAIM_SUM,
        CLAIM_SUM_PART,
        INDICATOR_RELATION,
        POLICY,
        POLICY_SOURCE_RANK,
        META,
        BUILD_INPUT,
        DOCUMENT,
        SKIP,
        VIEW_CATALOG,
        SCHEMA_MIGRATIONS,
    )
}
