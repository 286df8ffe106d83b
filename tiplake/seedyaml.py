"""How seed files are parsed, strictly: the YAML loader and what it leaves in the data.

In:  nothing but PyYAML (and problems.CONTROL_CHARACTERS).
Out: `StrictLoader`, a safe loader that refuses duplicate keys and control characters in text,
     keeps dates as text and stores each mapping's line under `LINE`; `SafeLoader`, libyaml's
     safe loader when present (the anchor check parses with it); `CONTROL_MESSAGE`, the words
     its control-character error says; `Located`, a parsed record and where it stands.

seeds.py reads files with them (`read_yaml`) and fastyaml.py reproduces the same data without
the parser; both import them from here, so neither imports the other, and the rules import
`Located` without importing seeds.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

from tiplake.problems import CONTROL_CHARACTERS


@dataclass
class Located:
    """A parsed record and where it stands (file, line) for error messages."""

    record: Any
    file: str
    line: int | None


SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's C parser when present


class StrictLoader(SafeLoader):
    """Safe loader that refuses duplicate keys and remembers the line of each mapping."""

    _resolved: dict = {}  # noqa: RUF012 - a process-wide memo of the resolver's answers

    def resolve(self, kind, value, implicit):
        # PyYAML runs its implicit-type regexes on every scalar; seed files repeat the same
        # short values (codes, years) thousands of times, so remember the answer. Long
        # values (quotes) are resolved as usual and not remembered.
        if kind is not yaml.ScalarNode or len(value) > 40:
            return super().resolve(kind, value, implicit)
        key = (value, implicit)
        tag = self._resolved.get(key)
        if tag is None:
            tag = self._resolved[key] = super().resolve(kind, value, implicit)
        return tag


class _LineKey:
    """The key under which the loader stores a mapping's line: an object no YAML text can
    spell, so that a curator's own field named like it is reported, not overwritten."""

    def __repr__(self) -> str:
        return "<line>"


LINE = _LineKey()


def _construct_mapping(loader: StrictLoader, node: yaml.MappingNode, deep: bool = False):
    seen: dict[Any, int] = {}
    for key_node, _ in node.value:
        if not isinstance(key_node, yaml.ScalarNode):
            raise yaml.constructor.ConstructorError(
                None, None, "a key must be a plain name, not a list or mapping", key_node.start_mark
            )
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None,
                None,
                f"duplicate key {key!r} (first at line {seen[key] + 1})",
                key_node.start_mark,
            )
        seen[key] = key_node.start_mark.line
    mapping = yaml.constructor.SafeConstructor.construct_mapping(loader, node, deep=True)
    mapping[LINE] = node.start_mark.line + 1
    return mapping


# Characters a terminal acts on instead of printing: C0 and C1 controls but tab and line
# breaks (escape sequences start with ESC), and the bidirectional overrides that reorder text.
CONTROL_MESSAGE = "control character"


def _construct_str(loader: StrictLoader, node: yaml.ScalarNode) -> str:
    """A text value, refused when it holds a control character (written as an escape such
    as \\e or \\x1b in a double-quoted value): printed, it would act on the reader's terminal."""
    value = loader.construct_scalar(node)
    found = CONTROL_CHARACTERS.search(value)
    if found:
        raise yaml.constructor.ConstructorError(
            None,
            None,
            f"a {CONTROL_MESSAGE} (U+{ord(found.group(0)):04X}) in a text value; seeds hold "
            "printable text only",
            node.start_mark,
        )
    return value


StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
StrictLoader.add_constructor("tag:yaml.org,2002:str", _construct_str)
# Dates stay strings: pydantic parses them where a date is expected, and nowhere else.
StrictLoader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:timestamp"]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
