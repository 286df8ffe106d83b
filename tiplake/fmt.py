"""`tiplake fmt`: every seed file in one canonical layout, so a review sees content, never
whitespace.

In:  a seed file (claims, skips, a vocabulary, the manifest).
Out: the same data in the canonical layout, its comments kept:
- one field per line, `key: value`, in the order of the record's fields (records.py), so a
  changed figure is a changed line; a list of names (a sum's parts) on its field's line, in
  flow style;
- a value plain where YAML reads it back as the same text, else double-quoted (YAML would read
  `2021` as a number, `2009-02-23` as a date, `yes` as a boolean; a quote with `: ` or ` #`
  would break); a long text on one line (no block scalars: a line per field);
- list items at two spaces, their fields at four; no blank lines; comments kept where they
  stood: before the record or field they precede, or at the end of its line.
`fmt --check` lists the files not in the layout (the tests run it). A file the strict reader
refuses is reported with its problems and left as it is.

`fmt` writes only inside the checkout: a seed file that is a symlink, or in a symlinked folder,
is refused (a problem naming it) and never read; a file is rewritten by writing a new file
beside it and renaming it over the old name (its permissions kept), so a link or a hard link
never carries the write elsewhere.
"""

from __future__ import annotations

import json
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from tiplake import records
from tiplake.problems import Problem
from tiplake.project import write_replacing
from tiplake.seeds import (
    PER_REPORT,
    SPECS,
    FileError,
    linked_folder,
    read_file,
    read_yaml,
    rel,
)
from tiplake.seedyaml import LINE

# The record model of each top-level list, by the file's folder and top key.
_MODELS: dict[str, type] = {top: model for _attr, _folder, _pattern, top, model, _key in SPECS}
_MODELS |= {"claims": records.ClaimSeed, "sums": records.SumSeed, "skips": records.SkipSeed}
_HEADS = {"claims": ("report_id", "claims", "sums"), "skips": ("report_id", "skips")}


@dataclass
class Formatted:
    path: Path
    text: str | None  # the canonical text; None when the file could not be read
    changed: bool = False
    problems: list[Problem] = field(default_factory=list)


def _folders() -> list[tuple[str, str]]:
    """(folder, pattern) of every kind of YAML seed file."""
    return [(f, pattern) for _a, f, pattern, *_ in SPECS] + [(f, "*.yaml") for f in PER_REPORT]


def linked_folders(root: Path) -> list[Problem]:
    """A problem for the seeds folder or each of its folders that is a symlink (not read)."""
    if linked_folder(root):
        return [linked_folder(root)]
    return [p for f in dict(_folders()) if (p := linked_folder(root, f)) is not None]


def seed_files(root: Path) -> list[Path]:
    """Every YAML seed file under `root` (the seeds directory), in path order; none in a
    symlinked folder (`linked_folders`)."""
    if linked_folder(root):
        return []
    found = [
        p
        for folder, pattern in _folders()
        if not linked_folder(root, folder)
        for p in (root / folder).glob(pattern)
    ]
    return sorted(set(found))


def format_file(path: Path, root: Path) -> Formatted:
    try:
        raw = read_file(path)  # never through a link
    except FileError as e:
        return Formatted(path, None, problems=[e.rule.problem(rel(path, root), "-", e.message)])
    data, problems = read_yaml(path, root, raw)
    if problems:
        return Formatted(path, None, problems=problems)
    text = raw.decode("utf-8")
    out = canonical(text, data, path.parent.name)
    return Formatted(path, out, changed=out != text)


def write(path: Path, text: str) -> None:
    """Replace the seed file `path` by `text`: a new file beside it (its permissions kept)
    renamed over it, so a link at that name is replaced, never written through."""
    write_replacing(path, text.encode("utf-8"), stat.S_IMODE(os.lstat(path).st_mode))


def canonical(text: str, data: dict, folder: str) -> str:
    """`text` (parsed as `data`, with the strict loader's line marks) in the canonical layout."""
    node = yaml.compose(text, Loader=yaml.SafeLoader)
    lines = text.splitlines()
    notes = _Comments(lines, node)
    first = min(k.start_mark.line for k, _v in node.value)
    out: list[str] = notes.before(first, "")  # the file's header: comments above its first key
    keys = [k for k in data if k is not LINE]
    order = _HEADS.get(folder if folder in _HEADS else "", tuple(keys))
    keys = [k for k in order if k in data] + [k for k in keys if k not in order]
    pairs = {k.value: (k, v) for k, v in node.value}
    for key in keys:
        key_node, value_node = pairs[key]
        out += notes.before(key_node.start_mark.line, "")
        value = data[key]
        if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            out.append(f"{key}:" + notes.inline(key_node))
            model = _MODELS.get(key)
            for item, item_node in zip(value, value_node.value, strict=True):
                out += _record(item, item_node, model, notes)
        else:
            out.append(f"{key}: {_value(value)}" + notes.inline(value_node))
    out += notes.rest()
    return "\n".join(out) + "\n"


def _record(item: dict, node: yaml.MappingNode, model: type | None, notes: _Comments) -> list[str]:
    order = _field_order(model)
    keys = [k for k in item if k is not LINE]
    keys = [k for k in order if k in item] + [k for k in keys if k not in order]
    pairs = {k.value: (k, v) for k, v in node.value}
    out = notes.before(node.start_mark.line, "  ")
    for i, key in enumerate(keys):
        key_node, value_node = pairs[key]
        if i:  # the first field's comments come before the item
            out += notes.before(key_node.start_mark.line, "    ")
        lead = "  - " if i == 0 else "    "
        out.append(f"{lead}{key}: {_value(item[key])}" + notes.inline(value_node))
    return out


def _field_order(model: type | None) -> list[str]:
    if model is None:
        return []
    return [f.alias or name for name, f in model.model_fields.items()]


_PLAIN_START = re.compile(r"^[-?:,\[\]{}#&*!|>'\"%@`]")


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "~"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, list):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    return _string(str(value))


def _string(text: str) -> str:
    """`text` plain where YAML reads it back unchanged as a string, else double-quoted."""
    plain = (
        text
        and text == text.strip()
        and "\n" not in text
        and ": " not in text
        and " #" not in text
        and not text.endswith(":")
        and not _PLAIN_START.match(text)
    )
    if plain:
        try:
            if yaml.safe_load(f"k: {text}") == {"k": text}:
                return text
        except yaml.YAMLError:
            pass
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


class _Comments:
    """The comments of a file, by the line of the node they precede or end."""

    def __init__(self, lines: list[str], node: yaml.Node):
        inside: set[int] = set()  # lines that belong to a multi-line scalar
        anchors: set[int] = set()  # lines where a key or a list item starts
        stack = [node]
        while stack:
            n = stack.pop()
            if isinstance(n, yaml.MappingNode):
                for k, v in n.value:
                    anchors.add(k.start_mark.line)
                    stack += [k, v]
            elif isinstance(n, yaml.SequenceNode):
                for v in n.value:
                    anchors.add(v.start_mark.line)
                    stack.append(v)
            elif isinstance(n, yaml.ScalarNode):
                inside.update(
                    range(n.start_mark.line + 1, n.end_mark.line + (n.end_mark.column > 0))
                )
        self.lines = lines
        self.pending: dict[int, list[str]] = {}  # anchor line -> comment lines before it
        self.trailing: list[str] = []
        waiting: list[str] = []
        for i, line in enumerate(lines):
            if i in inside:
                continue
            if line.strip().startswith("#"):
                waiting.append(line.strip())
            elif i in anchors and waiting:
                self.pending[i] = waiting
                waiting = []
        self.trailing = waiting
        self.used: set[int] = set()

    def before(self, line: int, indent: str) -> list[str]:
        if line in self.used:
            return []
        self.used.add(line)
        return [indent + c for c in self.pending.get(line, [])]

    def inline(self, node: yaml.Node) -> str:
        """The comment at the end of the line where `node` ends (a key's, for a list)."""
        if getattr(node, "style", None) in ("|", ">"):
            return ""  # a block scalar ends where the next line starts: nothing follows it
        line, column = node.end_mark.line, node.end_mark.column
        if line >= len(self.lines):
            return ""
        rest = self.lines[line][column:]
        found = re.match(r"^:?\s+(#.*)$", rest)
        return f"  {found.group(1)}" if found else ""

    def rest(self) -> list[str]:
        unplaced = [
            c for line, cs in sorted(self.pending.items()) if line not in self.used for c in cs
        ]
        return unplaced + self.trailing


def run(root: Path, check: bool) -> tuple[list[Formatted], list[Problem]]:
    """Format (or with `check`, only compare) every seed file under `root`."""
    results, problems = [], linked_folders(root)
    for path in seed_files(root):
        result = format_file(path, root)
        results.append(result)
        problems += result.problems
        if result.changed and not check:
            write(path, result.text)
    return results, problems


__all__ = ["Formatted", "canonical", "format_file", "rel", "run", "seed_files"]
