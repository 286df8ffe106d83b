"""Write the views of sql/views/ (DuckDB SQL) for another engine: Spark, Trino, PostgreSQL or
BigQuery, with sqlglot.

In:  the views directory, a dialect (one of DIALECTS) and optionally a schema to qualify every
     table and view name with.
Out: one `CREATE OR REPLACE VIEW` statement per view, in dependency order (the order
     `tiplake build` creates them in), or a `TranspileError` naming the view and the construct.

Two kinds of error, both raised (never logged as warnings):
- sqlglot cannot express a construct in the dialect (`unsupported_level=ErrorLevel.RAISE`);
- the view leaves the portable subset: constructs sqlglot writes for every dialect without a
  complaint although the result is wrong or fails there (see `portability_problems`).

The portable subset the views keep to (README, "Spark, Trino and other engines"). Checked
here, for every dialect:
- no lists, arrays or structs (`list()`, `len()` on a list, `[...]`, unnest): Spark's
  `collect_list` drops the ORDER BY of `list(... order by ...)`, `len` becomes string length;
- no DuckDB star modifiers (`* exclude`, `* replace`, `* rename`) and no `group by all` (in
  Trino and PostgreSQL `all` is a set quantifier before grouping columns, not "every column");
- no function sqlglot does not know (it would be copied as is, e.g. `timezone(...)`);
- no `concat_ws`: BigQuery has none and sqlglot's rewrite turns nulls into empty items, so
  separators stay; build the text with `||` and `case ... else '' end` instead;
- `string_agg` always with an `order by` (else the items come in any order);
- in one aggregation, a `string_agg` beside at most one kind of distinct aggregate and no
  filtered distinct one: Spark 4 fails on more (a ClassCastException in its
  RewriteDistinctAggregates rule); split them into CTEs joined on the group key;
- no `count(distinct ...) over (...)`: Spark, Trino and PostgreSQL have no distinct window
  aggregates;
- ranking and offset window functions (`row_number()`, `lag`...) always with an `order by`;
- `round()` of a quotient only of explicit doubles (`round(cast(a as double) / cast(b as
  double), 1)`): DuckDB's `/` of decimals is a double, and for anything else sqlglot writes
  PostgreSQL's missing `round(double precision, integer)`.
Raised by sqlglot itself: an aggregate's `order by` key without `nulls first` for BigQuery,
which cannot say `nulls last` there; the views write every such key `nulls first` (the keys
are never null, so the meaning is one everywhere).
By convention, not checked: a window's order is total (ends with a key), or its result
differs between engines; `floor`, not `trunc`, tests whether a decimal is whole; a decimal is
cast to text only where every engine writes it alike (BigQuery drops trailing zeros, so
`consistency_check` spells four decimals out).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import sqlglot
from sqlglot import ErrorLevel, exp
from sqlglot.errors import ParseError, UnsupportedError

from tiplake.limits import DIALECTS
from tiplake.views import ViewFile, discover

_ORDERED_WINDOW_FUNCTIONS = (
    exp.RowNumber,
    exp.Rank,
    exp.DenseRank,
    exp.PercentRank,
    exp.CumeDist,
    exp.Ntile,
    exp.FirstValue,
    exp.LastValue,
    exp.NthValue,
    exp.Lag,
    exp.Lead,
)

_NESTED_TYPES = (exp.Array, exp.ArrayAgg, exp.List, exp.Struct, exp.Unnest, exp.Explode)


class TranspileError(Exception):
    pass


@dataclass(frozen=True)
class TranspiledView:
    name: str
    summary: str  # what a row is (the description's first sentence)
    sql: str  # one CREATE OR REPLACE VIEW statement, without the final semicolon


def portability_problems(sql: str) -> list[str]:
    """The constructs of a DuckDB SELECT that fall outside the portable subset, each named."""
    tree = sqlglot.parse_one(sql, read="duckdb")
    problems: list[str] = []

    def add(problem: str) -> None:
        if problem not in problems:
            problems.append(problem)

    for node in tree.walk():
        if isinstance(node, _NESTED_TYPES) or (
            isinstance(node, exp.Func) and type(node).__name__.startswith(("Array", "List"))
        ):
            add(
                f"{node.sql('duckdb')[:60]}: lists, arrays and structs are not portable "
                "(Spark's collect_list drops the order, len() becomes string length)"
            )
        elif isinstance(node, exp.Star) and any(
            node.args.get(k) for k in ("except_", "except", "replace", "rename")
        ):
            add(f"{node.sql('duckdb')}: DuckDB's star modifiers are not portable; list the columns")
        elif isinstance(node, exp.Group) and node.args.get("all"):
            add("group by all: Trino and PostgreSQL read it differently; list the columns")
        elif isinstance(node, exp.Anonymous):
            add(
                f"{node.name}(): a function sqlglot does not know is copied as is, not "
                "translated; use a standard function"
            )
        elif isinstance(node, exp.ConcatWs):
            add(
                "concat_ws: BigQuery has none and sqlglot's rewrite keeps the separators of "
                "null items; use || with case ... else '' end"
            )
        elif isinstance(node, exp.GroupConcat) and not node.find(exp.Order):
            add(f"{node.sql('duckdb')[:60]}: string_agg without order by concatenates in any order")
        elif isinstance(node, exp.Window) and node.this.find(exp.Distinct):
            add(
                f"{node.sql('duckdb')[:60]}: Spark, Trino and PostgreSQL have no distinct "
                "window aggregates; aggregate in a CTE and join it"
            )
        elif isinstance(node, exp.Window) and isinstance(node.this, _ORDERED_WINDOW_FUNCTIONS):
            if not node.args.get("order"):
                add(f"{node.sql('duckdb')[:60]}: a ranking window function needs an order by")
        elif isinstance(node, exp.Round) and isinstance(node.this.unnest(), exp.Div):
            div = node.this.unnest()
            if not all(_is_double_cast(side) for side in (div.this, div.expression)):
                add(
                    f"{node.sql('duckdb')[:60]}: round() of a quotient needs both operands "
                    "cast to double (PostgreSQL has no round(double precision, integer))"
                )
    for select in tree.find_all(exp.Select):
        aggregates = [
            node
            for node in select.find_all(exp.AggFunc)
            if node.find_ancestor(exp.Select) is select and not node.find_ancestor(exp.Window)
        ]
        if not any(isinstance(node, exp.GroupConcat) for node in aggregates):
            continue
        distinct = [node for node in aggregates if _distinct_arguments(node) is not None]
        filtered = [node for node in distinct if isinstance(node.parent, exp.Filter)]
        argument_sets = {_distinct_arguments(node).sql("duckdb") for node in distinct}
        if len(argument_sets) > 1 or filtered:
            add(
                f"{len(argument_sets)} distinct aggregate(s)"
                + (" with a filter" if filtered else "")
                + " beside a string_agg in one aggregation: Spark 4 fails on it "
                "(ClassCastException in RewriteDistinctAggregates, apache/spark#51117); "
                "aggregate them in separate CTEs and join"
            )
    return problems


def _distinct_arguments(aggregate: exp.AggFunc) -> exp.Distinct | None:
    """The DISTINCT arguments of an aggregate (string_agg's sit under its ORDER BY), if any."""
    this = aggregate.this
    if isinstance(this, exp.Order):
        this = this.this
    return this if isinstance(this, exp.Distinct) else None


def _is_double_cast(node: exp.Expression) -> bool:
    node = node.unnest()
    return isinstance(node, exp.Cast) and node.to.this in (
        exp.DataType.Type.DOUBLE,
        exp.DataType.Type.FLOAT,
    )


def transpile_view(view: ViewFile, dialect: str, schema: str | None = None) -> TranspiledView:
    """One view as a CREATE OR REPLACE VIEW statement for `dialect`."""
    if dialect not in DIALECTS:
        raise TranspileError(f"unknown dialect {dialect!r}: use one of {', '.join(DIALECTS)}")
    where = f"view {view.name} ({view.path.parent.parent.name}/views/{view.path.name})"
    try:
        problems = portability_problems(view.sql)
        tree = sqlglot.parse_one(view.sql, read="duckdb")
    except ParseError as e:
        raise TranspileError(f"{where}: DuckDB SQL that sqlglot cannot parse: {e}") from e
    if problems:
        raise TranspileError(
            f"{where} leaves the portable subset of SQL:\n" + "\n".join(f"  {p}" for p in problems)
        )
    if schema:
        ctes = {cte.alias_or_name for cte in tree.find_all(exp.CTE)}
        for table in tree.find_all(exp.Table):
            if table.name not in ctes and not table.args.get("db"):
                table.set("db", exp.to_identifier(schema))
    create = exp.Create(
        this=exp.Table(
            this=exp.to_identifier(view.name),
            db=exp.to_identifier(schema) if schema else None,
        ),
        kind="VIEW",
        replace=True,
        expression=tree,
    )
    try:
        sql = create.sql(
            dialect=dialect, pretty=True, comments=False, unsupported_level=ErrorLevel.RAISE
        )
    except UnsupportedError as e:
        raise TranspileError(f"{where} cannot be written for {dialect}: {e}") from e
    return TranspiledView(view.name, view.summary, sql)


def transpile_views(
    directory: Path, dialect: str, schema: str | None = None
) -> list[TranspiledView]:
    """Every view of `directory` for `dialect`, in dependency order."""
    return [transpile_view(view, dialect, schema) for view in discover(directory)]


def script(views: list[TranspiledView], dialect: str) -> str:
    """The statements as one script: a header, then each view after a `-- name: what a row is` line,
    each statement ending with a semicolon."""
    lines = [
        f"-- tiplake views for {dialect}, generated from sql/views/ (DuckDB SQL) by",
        f"-- `tiplake transpile --dialect {dialect}` with sqlglot {sqlglot.__version__}.",
        "-- Create them in this order, once the tables exist (README: Spark, Trino and other",
        "-- engines).",
        "",
    ]
    for view in views:
        lines += [f"-- {view.name}: {view.summary}", view.sql + ";", ""]
    return "\n".join(lines)
