"""A fast reader for seed files in the canonical layout (`tiplake fmt`), the strict loader's
answer without its cost.

In:  a seed file's text (already checked by seeds.read_yaml: size, UTF-8, no NUL, not empty).
Out: `read_canonical`: exactly what the strict path (seeds.read_yaml: the anchor check, then
     `yaml.load` with `StrictLoader`, the `LINE` of every mapping included) returns for it, or
     None when the text is anything but the plain layout this module fully understands; the
     caller then runs the strict loader, so every problem keeps its message and line.

What is read here, and nothing else (any other line, or anything unusual, is None):
- comment lines (`#` after any indentation) and empty lines;
- `key: value` and `key:` at column 0; a `key:` with no value holds the list items below it,
  or is null when none follows;
- list items `  - key: value` (a mapping per item) and their fields `    key: value`;
- keys: identifiers (letters, digits, `_`) that YAML reads as text, each once per mapping;
- values on the key's line, optionally followed by `  # comment`:
  plain scalars (not starting with an indicator, but `-x`) that YAML 1.1 resolves (with the
  strict loader's own resolvers, timestamps removed) to text, or to a decimal int, a plain
  decimal float, true/false, `~`/null; double-quoted scalars (every escape libyaml knows but
  `\\'` and line continuations); single-quoted scalars (`''` for a quote); flow lists `[a, b]`
  on one line of quoted scalars and plain names or numbers (`-?[A-Za-z0-9_][A-Za-z0-9_./-]*`).
Refused outright (None): tabs, carriage returns and the other YAML line breaks, a byte-order
mark, any character the strict loader refuses (C0/C1 controls, bidirectional overrides; in a
comment too), anchors, aliases, tags, block scalars, flow mappings, document markers,
directives, multi-line scalars, trailing spaces, other indentations, duplicate keys, a plain
value holding `: ` or ending in `:`, ints other than plain decimals (`0x1F`, `1_000`, `017`,
`1:30`), floats other than `[-]digits.digits`, booleans other than true/false, and nulls other
than `~`/null.
"""

from __future__ import annotations

import re
from typing import Any

from tiplake.problems import CONTROL_CHARACTERS
from tiplake.seedyaml import LINE, StrictLoader

__all__ = ["read_canonical"]

_FAIL = object()  # "not in the layout": the caller falls back to the strict loader

# Characters anywhere in the text that send it to the strict loader: everything but line feed
# and what libyaml reads as printable, less the other YAML line breaks (U+0085, U+2028, U+2029),
# the byte-order mark, the C1 controls and the bidirectional overrides (CONTROL_CHARACTERS).
_UNUSUAL = re.compile(
    "[^\n\x20-\x7e\xa0-\u2027\u202f-\u2065\u206a-\ud7ff\ue000-\ufefe\uff00-\ufffd"
    "\U00010000-\U0010ffff]"
)
_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,127}\Z")
# A value's first character that is not a plain scalar's (or that this module does not read).
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@` ")
_COMMENT = re.compile(r" +#")
_INT = re.compile(r"-?(?:0|[1-9][0-9]{0,3999})\Z")
_FLOAT = re.compile(r"-?[0-9]{1,300}\.[0-9]{1,300}\Z")
_FLOW_PLAIN = re.compile(r"-?[A-Za-z0-9_][A-Za-z0-9_./-]*")
_SINGLE = re.compile(r"'([^']*(?:''[^']*)*)'")
_DOUBLE = re.compile(r'"([^"\\]*(?:\\.[^"\\]*)*)"')
_ESCAPE = re.compile(r"\\(?:x([0-9A-Fa-f]{2})|u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))")
_ESCAPES = {
    "0": "\x00",
    "a": "\x07",
    "b": "\x08",
    "t": "\x09",
    "n": "\x0a",
    "v": "\x0b",
    "f": "\x0c",
    "r": "\x0d",
    "e": "\x1b",
    " ": " ",
    '"': '"',
    "/": "/",
    "\\": "\\",
    "N": "\x85",
    "_": "\xa0",
    "L": "\u2028",
    "P": "\u2029",
}

_RESOLVERS = StrictLoader.yaml_implicit_resolvers
_WILDCARD = tuple(_RESOLVERS.get(None, []))
# The resolvers tried for a scalar, by its first character ("" for the empty scalar).
_BY_FIRST = {first: tuple(found) + _WILDCARD for first, found in _RESOLVERS.items() if first}
_STR = "tag:yaml.org,2002:str"
_MEMO_SIZE = 100_000  # entries of each memo below, at most (then it starts afresh)
_PLAIN_MEMO: dict[str, Any] = {}  # short plain scalar -> its value (or _FAIL)
_KEY_MEMO: dict[str, bool] = {}  # key -> whether it is one this module reads


def _tag(text: str) -> str:
    """The tag the strict loader resolves the plain scalar `text` to (BaseResolver.resolve)."""
    for tag, regexp in _BY_FIRST.get(text[:1], _WILDCARD):
        if regexp.match(text):
            return tag
    return _STR


def _construct(text: str) -> Any:
    """The value of the plain scalar `text`, as SafeConstructor builds it, or _FAIL for the
    forms not reproduced here."""
    tag = _tag(text)
    if tag == _STR:
        return text  # no control character: read_canonical refused the text holding one
    if tag == "tag:yaml.org,2002:int":
        return int(text) if _INT.match(text) else _FAIL
    if tag == "tag:yaml.org,2002:float":
        return float(text) if _FLOAT.match(text) else _FAIL
    if tag == "tag:yaml.org,2002:bool":
        return {"true": True, "false": False}.get(text, _FAIL)
    if tag == "tag:yaml.org,2002:null":
        return None if text in ("~", "null") else _FAIL
    return _FAIL  # merge (`<<`), value (`=`), yaml (`!`, `&`, `*`)


def _plain(text: str) -> Any:
    if len(text) > 40:
        return _construct(text)
    value = _PLAIN_MEMO.get(text, _PLAIN_MEMO)
    if value is _PLAIN_MEMO:
        if len(_PLAIN_MEMO) >= _MEMO_SIZE:
            _PLAIN_MEMO.clear()
        value = _PLAIN_MEMO[text] = _construct(text)
    return value


def _is_key(text: str) -> bool:
    """Whether `text` is a key read here: an identifier that YAML reads as that text."""
    ok = _KEY_MEMO.get(text)
    if ok is None:
        if len(_KEY_MEMO) >= _MEMO_SIZE:
            _KEY_MEMO.clear()
        ok = _KEY_MEMO[text] = bool(_KEY.match(text)) and _plain(text) == text
    return ok


def _unescape(match: re.Match) -> str:
    code = match.group(1) or match.group(2) or match.group(3)
    if code is None:
        return _ESCAPES[match.group(4)]  # KeyError: an escape libyaml refuses (or `\'`)
    value = int(code, 16)
    if 0xD800 <= value <= 0xDFFF or value > 0x10FFFF:
        raise KeyError(code)  # libyaml: "found invalid Unicode character escape code"
    return chr(value)


def _quoted(text: str, at: int) -> tuple[Any, int]:
    """The quoted scalar starting at `text[at]` and the index after it, or (_FAIL, 0)."""
    if text[at] == "'":
        found = _SINGLE.match(text, at)
        if found is None:
            return _FAIL, 0
        value = found.group(1).replace("''", "'")
    else:
        found = _DOUBLE.match(text, at)
        if found is None:
            return _FAIL, 0
        value = found.group(1)
        if "\\" in value:
            try:
                value = _ESCAPE.sub(_unescape, value)
            except KeyError:
                return _FAIL, 0
            if CONTROL_CHARACTERS.search(value):
                return _FAIL, 0  # the strict loader's control-character problem
    return value, found.end()


def _flow_list(text: str) -> tuple[Any, int]:
    """The one-line flow list starting at `text[0]` and the index after it, or (_FAIL, 0)."""
    items: list[Any] = []
    at, end = 1, len(text)
    while at < end and text[at] == " ":
        at += 1
    if at < end and text[at] == "]":
        return items, at + 1
    while at < end:
        c = text[at]
        if c == '"' or c == "'":
            value, at = _quoted(text, at)
            if value is _FAIL:
                return _FAIL, 0
        else:
            found = _FLOW_PLAIN.match(text, at)
            if found is None:
                return _FAIL, 0
            value = _plain(found.group(0))
            if value is _FAIL:
                return _FAIL, 0
            at = found.end()
        items.append(value)
        while at < end and text[at] == " ":
            at += 1
        if at >= end:
            return _FAIL, 0
        if text[at] == "]":
            return items, at + 1
        if text[at] != ",":
            return _FAIL, 0
        at += 1
        while at < end and text[at] == " ":
            at += 1
        if at < end and text[at] == "]":
            return _FAIL, 0  # a trailing comma
    return _FAIL, 0


def _value(text: str) -> Any:
    """The value written after `key: ` (non-empty, no trailing space), or _FAIL."""
    c = text[0]
    if c == '"' or c == "'" or c == "[":
        value, at = _flow_list(text) if c == "[" else _quoted(text, 0)
        if value is _FAIL:
            return _FAIL
        if at == len(text) or _COMMENT.match(text, at):
            return value
        return _FAIL
    if c in _INDICATORS and (c != "-" or text[1:2] in ("", " ")):
        return _FAIL  # `-x` is a plain scalar, `- x` a list
    cut = text.find(" #")
    if cut >= 0:
        text = text[:cut].rstrip(" ")
    if ": " in text or text[-1] == ":":
        return _FAIL
    return _plain(text)


def read_canonical(text: str) -> Any | None:
    """The strict loader's data for `text` when it is in the canonical layout, else None."""
    if _UNUSUAL.search(text):
        return None
    root: dict = {}
    root_line = 0
    open_key: str | None = None  # the top-level `key:` whose list items may follow
    items: list | None = None  # the list of `open_key`, once its first item is read
    item: dict | None = None  # the list item being read
    item_line = 0
    key_memo, plain_memo = _KEY_MEMO, _PLAIN_MEMO
    for number, line in enumerate(text.split("\n"), 1):
        if line.startswith("    "):  # a field of a list item, or a comment
            body = line[4:]
            if body[:1] == "#":
                continue
            if item is None or body[:1] in ("", " "):
                if line.lstrip(" ")[:1] == "#":
                    continue
                return None
            target = item
        elif line.startswith("  - "):  # a list item and its first field
            body = line[4:]
            if open_key is None:
                return None
            if items is None:
                items = root[open_key] = []
            elif item is not None:
                item[LINE] = item_line
            item, item_line = {}, number
            items.append(item)
            target = item
        elif not line:
            continue
        elif line[0] == " " or line[0] == "#":
            if line.lstrip(" ")[:1] == "#":
                continue
            return None
        else:  # a top-level key
            body = line
            if item is not None:
                item[LINE] = item_line
            item, items, open_key = None, None, None
            if not root:
                root_line = number
            target = root
        if line[-1] == " ":
            return None
        key, sep, raw = body.partition(": ")
        if not sep:
            if body[-1] != ":":
                return None
            key, raw = body[:-1], ""
        if not (key_memo.get(key) or _is_key(key)) or key in target:
            return None  # not a key read here, or a duplicate (the strict loader reports it)
        if not raw or raw[0] == "#" or (raw[0] == " " and raw.lstrip(" ")[:1] == "#"):
            target[key] = None  # `key:`, perhaps with a comment: a null, or the list below
            if target is root:
                open_key = key
            continue
        if raw[0] in _INDICATORS or " #" in raw or ": " in raw or raw[-1] == ":":
            value = _value(raw)  # quoted, a list, a comment after the value, or refused
        elif len(raw) > 40:
            value = _construct(raw)
        else:  # a short plain scalar (a code, a year, a figure): its value is remembered
            value = plain_memo.get(raw, plain_memo)
            if value is plain_memo:
                value = _plain(raw)
        if value is _FAIL:
            return None
        target[key] = value
    if not root:
        return None
    if item is not None:
        item[LINE] = item_line
    root[LINE] = root_line
    return root
