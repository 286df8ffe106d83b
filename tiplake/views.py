"""Create the SQL views in sql/views/, in dependency order, with their descriptions.

In:  a DuckDB connection holding the tables, and the views directory.
Out: one view per file (the file stem is the view name), each commented in the database.

Views live in two layers, as in a dbt project: `sql/views/staging/` enriches the tables once
(`stg_claim`: a claim with its labels, typed value and the one definition of "reported";
`stg_sum`: a declared sum with its parts; `stg_figure_value`: every value a figure has, stated
or derived) and `sql/views/marts/` holds what users query, built on the staging views only.
A view's name is its file's stem, unique across the layers.

A view file is one SELECT preceded by a header of `--` comment lines:

    -- One row per claim, with ... (the first sentence states the grain)
    -- more description...
    --
    -- grain: claim_id
    --
    -- columns:
    --   claim_id:
    --   value: =stg_claim
    --   figure_text: The figure as a reader would say it.
    --   ...

The header's description becomes `COMMENT ON VIEW`, each line under `columns:` a `COMMENT ON
COLUMN`, and a column's description is given once: `name:` alone takes it from the column
glossary (sql/views/glossary.yaml: one description per column name, for every view that
passes the column through with that meaning), `name: =other_view` is the description
`other_view` gives the column (a view passing through a column of a view it reads, e.g.
`reconciled` from `reconciled_by_policy`), and `name: text` is the view's own words, where the
column means something else there (a description says what the column is in this view). A
name the glossary lacks, a view without that column, or references in a cycle are errors
naming the file. `grain:` names the columns that identify a row; every view must declare it,
and `grain_audits` turns it into a check the build runs (the rows of the view that share a
grain, like SQLMesh's `unique_combination_of_columns` audit). A header line `-- stored: <why>`
(before `columns:`) makes the build compute the view's rows once, into the table
`_stored_<name>`, and define the view as a select of those rows: the views that build on it,
and users' queries, then read stored rows instead of recomputing it (the reconciliation views all build on `claim_figure` and `figure`,
which at a million claims cost seconds each time). The SELECT in the file stays the
definition: other engines (transpile.py) get it as a view, and a stored view is rebuilt with
the database, so it never drifts from its definition. A view column without a description is
an error, and so is a described column the view does not have. The build order comes from the
views' own dependencies, read with DuckDB's own parser (`json_serialize_sql`: the table
references in the syntax tree minus CTE names), not from file names.

A stored view can also say `-- partition: country_iso3`: its rows for a country depend only on
the claims about that country (and on the vocabulary tables), so a rebuild after an edit to
the claims of some countries recomputes only those countries' rows (`refresh_stored`). A
stored view that reads some relation across countries names it: `-- reads whole:
exchange_rate` (reconciled_by_policy converts a figure with the rates every report implies
for its period). If that relation's rows for the edited countries change, every row of the
view is recomputed. A declared relation must be one the view reads, directly or through the
views it reads (`reads_through`); anything else is an error. What a view reads is never
declared: `discover` derives it from the SQL (`ViewFile.reads`), and the rebuild uses it to
recompute whole every stored view that reads a table a rebuild changes for every country (the
`year` table, incremental.ACROSS) or a stored view it recomputed whole. That a partitioned
view's rows for a country depend on that country's rows alone (but for its `reads whole`) is
the view author's promise, not something the build can prove: tests/test_incremental.py
compares a rebuild with a full build after each kind of seed edit, on a corpus of two
countries, and a new partitioned view needs such a test.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

import duckdb

from tiplake.project import PARTITION, STORED_PREFIX


class ViewError(Exception):
    pass


@dataclass(frozen=True)
class ViewFile:
    name: str
    path: Path
    sql: str  # the SELECT, without the header
    description: str
    columns: dict[str, str]
    stored: bool = False
    partition: str | None = None  # the column its rows are partitioned by (see the docstring)
    whole: tuple[str, ...] = ()  # what it reads across partitions
    grain: tuple[str, ...] = ()  # the columns that identify a row
    first_line: int = 1  # the file's line where `sql` starts (for DuckDB's "LINE n")
    reads: frozenset[str] = frozenset()  # the relations its SQL reads (`discover` derives them)

    @property
    def summary(self) -> str:
        """The description's first sentence, which says what a row is."""
        return self.description.split(". ")[0].rstrip(".") + "."

    @property
    def layer(self) -> str:
        return self.path.parent.name


_COLUMN_RE = re.compile(r"^--\s+([a-z_][a-z0-9_]*):\s*(.*)$")
GLOSSARY = "glossary.yaml"


def glossary_path(path: Path) -> Path | None:
    """The glossary a view file uses: `glossary.yaml` in its folder or the one above it (the
    project's is sql/views/glossary.yaml, for sql/views/<layer>/<view>.sql)."""
    for folder in list(path.parents)[:2]:
        if (folder / GLOSSARY).is_file():
            return folder / GLOSSARY
    return None


def read_glossary(path: Path) -> dict[str, str]:
    """The glossary at `path`: column name -> description (a `ViewError` naming the file when
    it is not such a mapping)."""
    stat = path.stat()
    return _read_glossary(path, stat.st_mtime_ns, stat.st_size)


@cache
def _read_glossary(path: Path, _mtime_ns: int, _size: int) -> dict[str, str]:
    import yaml  # only when a view takes a description from the glossary

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as e:
        raise ViewError(f"{path}: not a readable glossary: {str(e).splitlines()[0]}") from e
    if not isinstance(data, dict):
        raise ViewError(f"{path}: the glossary is a mapping of column name to description")
    for name, text in data.items():
        if not (isinstance(name, str) and _COLUMN_RE.match(f"-- {name}: x")):
            raise ViewError(f"{path}: {name!r} is not a column name")
        if not (isinstance(text, str) and text.strip()):
            raise ViewError(f"{path}: {name}: the description must be text")
    return {name: " ".join(text.split()) for name, text in data.items()}


def view_path(path: Path, name: str) -> Path | None:
    """The file of view `name`, for the view file `path`: in its folder or in a sibling layer."""
    for candidate in [
        path.parent / f"{name}.sql",
        *sorted(path.parent.parent.glob(f"*/{name}.sql")),
    ]:
        if candidate.is_file():
            return candidate
    return None


def parse_view_file(path: Path, _seen: tuple[Path, ...] = ()) -> ViewFile:
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    description: list[str] = []
    columns: dict[str, str] = {}
    in_columns = False
    stored = False
    partition, whole, grain = None, (), ()
    i = 0
    for i, line in enumerate(lines):  # noqa: B007
        if not line.startswith("--"):
            break
        body = line[2:].strip()
        if body.lower() == "columns:":
            in_columns = True
        elif in_columns:
            m = _COLUMN_RE.match(line)
            if m:
                columns[m.group(1)] = m.group(2).strip()
            elif body and columns:
                last = next(reversed(columns))
                columns[last] = (columns[last] + " " + body).strip()
        elif body.lower().startswith("stored:"):
            stored = True
        elif body.lower().startswith("partition:"):
            partition = body.split(":", 1)[1].strip()
        elif body.lower().startswith("grain:"):
            grain = tuple(n.strip() for n in body.split(":", 1)[1].split(",") if n.strip())
        elif body.lower().startswith("reads whole:"):
            whole = tuple(n.strip() for n in body.split(":", 1)[1].split(",") if n.strip())
        elif body:
            description.append(body)
    rest = "\n".join(lines[i:])
    sql = rest.strip().rstrip(";")
    first_line = i + 1 + rest[: len(rest) - len(rest.lstrip())].count("\n")
    if not description:
        raise ViewError(f"{path}: the file must start with -- comment lines describing the view")
    for name, said in columns.items():
        if said.startswith("="):  # `name: =other_view`: that view's description of `name`
            other = said[1:].strip()
            where = view_path(path, other) if _COLUMN_RE.match(f"-- {other}: x") else None
            if where is None:
                raise ViewError(f"{path}: {name}: ={other} names no view file")
            if where in _seen or where == path:
                raise ViewError(f"{path}: {name}: ={other} refers back to this view (a cycle)")
            theirs = parse_view_file(where, (*_seen, path)).columns
            if name not in theirs:
                raise ViewError(f"{path}: {name}: view {other} has no column {name}")
            columns[name] = theirs[name]
    from_glossary = [name for name, said in columns.items() if not said]
    if from_glossary:
        where = glossary_path(path)
        glossary = {} if where is None else read_glossary(where)
        absent = [name for name in from_glossary if name not in glossary]
        if absent:
            raise ViewError(
                f"{path}: columns without a description, and none in "
                f"{where or 'a glossary (no ' + GLOSSARY + ' found)'}: {absent}"
            )
        columns = {name: said or glossary[name] for name, said in columns.items()}
    if partition is not None and (not stored or partition != PARTITION):
        raise ViewError(
            f"{path}: only a stored view can be partitioned, and only by {PARTITION} "
            f"(the header says partition: {partition})"
        )
    if whole and partition is None:
        raise ViewError(f"{path}: 'reads whole:' applies to a partitioned view only")
    if not grain:
        raise ViewError(f"{path}: the header must declare the view's grain (-- grain: col, ...)")
    missing = [c for c in grain if c not in columns]
    if missing:
        raise ViewError(f"{path}: the grain names columns the header does not describe: {missing}")
    return ViewFile(
        path.stem,
        path,
        sql,
        " ".join(description),
        columns,
        stored,
        partition,
        whole,
        grain,
        first_line,
    )


def dependencies(sql: str) -> set[str]:
    """Names of the tables and views a SELECT reads, CTE names excluded; a `ViewError` if
    `sql` is not one SELECT that DuckDB parses."""
    (found,) = _dependencies([sql])
    if isinstance(found, str):
        raise ViewError(found)
    return found


def _dependencies(sqls: list[str]) -> list[set[str] | str]:
    """`dependencies` of each of `sqls`, or what is wrong with it, read with DuckDB's own
    parser (the one that runs the views; ~25 ms for every view, all in one query, where
    sqlglot took ~0.3 s and ~0.1 s more to import): `json_serialize_sql` gives a SELECT's
    syntax tree as JSON, or `{"error": true, ...}` (it does not raise) for one DuckDB cannot
    parse or that is not a SELECT."""
    con = duckdb.connect()
    try:
        (trees,) = con.execute(
            "select list_transform(?, lambda s: json_serialize_sql(s))", [sqls]
        ).fetchone()
        out: list[set[str] | str] = []
        for sql, tree in zip(sqls, trees, strict=True):
            tables: set[str] = set()
            ctes: set[str] = set()
            parsed = json.loads(tree, object_hook=_reads(tables, ctes))
            if parsed["error"]:
                out.append(_parse_error(con, sql, parsed))
            elif len(parsed["statements"]) != 1:
                out.append(f"a view is one SELECT; found {len(parsed['statements'])} statements")
            else:
                out.append(tables - ctes)
        return out
    finally:
        con.close()


def _reads(tables: set[str], ctes: set[str]) -> Callable[[dict], dict]:
    """A `json.loads` object hook that collects, from a serialized syntax tree, the relations
    read (the `table_name` of each BASE_TABLE node, at any depth: FROM, joins, subqueries,
    set operations, CTE bodies) into `tables`, and the names of the CTEs defined at any level
    (the keys of every `cte_map`) into `ctes`, to be taken out of them wherever they are
    defined, as the sqlglot reading did (a view never reads a relation one of its CTEs
    shadows)."""

    def hook(node: dict) -> dict:
        if node.get("type") == "BASE_TABLE":
            tables.add(node["table_name"])
        cte_map = node.get("cte_map")
        if cte_map:
            ctes.update(entry["key"] for entry in cte_map["map"])
        return node

    return hook


def _parse_error(con: duckdb.DuckDBPyConnection, sql: str, error: dict) -> str:
    """What is wrong with `sql`: DuckDB's own parser error (the message, the line and a caret
    under the token, as `create view` would say), or the error `json_serialize_sql` gave (a
    statement that is not a SELECT)."""
    try:
        con.extract_statements(sql)
    except duckdb.Error as e:
        return str(e)
    return f"a view is one SELECT: {error.get('error_message', 'DuckDB cannot read it')}"


def discover(directory: Path) -> list[ViewFile]:
    """The view files under `directory` (its layers), ordered so that every view comes after
    those it reads."""
    views: dict[str, ViewFile] = {}
    for path in sorted(directory.rglob("*.sql")):
        if path.stem in views:
            raise ViewError(
                f"{path}: a view named {path.stem} exists already ({views[path.stem].path})"
            )
        views[path.stem] = parse_view_file(path)
    reads: dict[str, set[str]] = {}
    found_all = _dependencies([v.sql for v in views.values()])
    for v, found in zip(views.values(), found_all, strict=True):
        if isinstance(found, str):
            (found,) = _dependencies(["\n" * (v.first_line - 1) + v.sql])  # at the file's lines
            raise ViewError(f"{v.path}: {found}")
        reads[v.name] = found
        views[v.name] = replace(v, reads=frozenset(found))
    for v in views.values():
        unread = [name for name in v.whole if name not in reads_through(v.name, views)]
        if unread:
            raise ViewError(
                f"{v.path}: the header says 'reads whole: {', '.join(unread)}', which the "
                "view does not read (directly or through the views it reads)"
            )
    ordered: dict[str, ViewFile] = {}
    visiting: set[str] = set()

    def visit(name: str) -> None:
        if name in ordered:
            return
        if name in visiting:
            raise ViewError(f"views depend on each other in a cycle through {name}")
        visiting.add(name)
        for dep in sorted(reads[name]):
            if dep in views:
                visit(dep)
        visiting.discard(name)
        ordered[name] = views[name]

    for name in views:
        visit(name)
    return list(ordered.values())


def reads_through(name: str, views: dict[str, ViewFile]) -> set[str]:
    """The relations the view `name` of `views` (by name) reads, directly or through the views
    it reads, stored or not (a stored view's rows are computed from what its SQL reads)."""
    found: set[str] = set()
    todo = [name]
    while todo:
        for read in views[todo.pop()].reads:
            if read not in found:
                found.add(read)
                if read in views:
                    todo.append(read)
    return found


def sql_string(text: str) -> str:
    """`text` as a SQL string literal."""
    return "'" + text.replace("'", "''") + "'"


def create_views(
    con: duckdb.DuckDBPyConnection, views: list[ViewFile], stored_rows: bool = True
) -> list[ViewFile]:
    """Create (or replace) the views (`discover`'s, in their order) and comment each and its
    columns, in one transaction (a commit per statement cost ~400 synced writes of the log).
    `stored_rows=False` (a rebuild, whose stored views' rows incremental.py refreshed): a
    stored view's table is left as it is; the view reading it is created again."""
    con.execute("begin transaction")
    try:
        _create(con, views, stored_rows)
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise
    return views


def _create(con: duckdb.DuckDBPyConnection, views: list[ViewFile], stored_rows: bool) -> None:
    comments = []  # run together at the end: one statement of ~900 comments, not ~900 calls
    for v in views:
        try:
            if v.stored:
                table = STORED_PREFIX + v.name
                if stored_rows:
                    con.execute(f'create or replace table "{table}" as\n{v.sql}')
                comments.append(
                    f'comment on table "{table}" is '
                    f"{sql_string(f'The rows of view {v.name}, stored at build time; query the view.')}"
                )
                con.execute(f'create or replace view "{v.name}" as select * from "{table}"')
            else:
                con.execute(f'create or replace view "{v.name}" as\n{v.sql}')
        except duckdb.Error as e:
            raise ViewError(f"{v.path}: {e}") from e
        actual = [r[0] for r in con.execute(f'describe "{v.name}"').fetchall()]
        undocumented = [c for c in actual if c not in v.columns]
        unknown = [c for c in v.columns if c not in actual]
        if undocumented or unknown:
            raise ViewError(
                f"{v.path}: the header's columns must match the view's: "
                f"undescribed {undocumented}, described but absent {unknown}"
            )
        comments.append(f'comment on view "{v.name}" is {sql_string(v.description)}')
        for name in [v.name] + ([STORED_PREFIX + v.name] if v.stored else []):
            comments += [
                f'comment on column "{name}"."{column}" is {sql_string(v.columns[column])}'
                for column in actual
            ]
    if comments:
        con.execute(";\n".join(comments))


def grain_audits(views: list[ViewFile]) -> list[tuple[str, str, str]]:
    """One generated check per view: (name, description, SELECT of the grains held by more than
    one row). The build runs them with the checks of sql/checks/."""
    audits = []
    for v in views:
        cols = ", ".join(f'"{c}"' for c in v.grain)
        sql = (
            f'select {cols}, count(*) as rows_with_this_grain from "{v.name}" '
            f"group by {cols} having count(*) > 1"
        )
        audits.append((f"grain_{v.name}", f"one row per {', '.join(v.grain)} in {v.name}", sql))
    return audits
