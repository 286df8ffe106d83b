"""Read the seed files into typed records, strictly.

In:  the seeds directory (`seeds/`): documents/manifest.yaml, vocab/*.yaml, claims/*.yaml,
     skips/*.yaml.
Out: `read_seeds`: a `SeedFiles` with the manifest's, the vocabularies' and the skips' records
     (records.py) and the claims files to read; `read_claim_file`: one claims file's records
     (validate.py reads each). With every `Problem` met while
     reading: a file that cannot be read, YAML syntax, anchors, control characters, duplicate
     keys, unknown fields, wrong types, empty files, unexpected files (the reading rules of
     rules/registry.py).

Nothing here looks inside the documents; documents.py reads them, validate.py checks claims.
"""

from __future__ import annotations

import errno
import os
import reprlib
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from tiplake import fastyaml
from tiplake.problems import Problem
from tiplake.records import (
    CategorySeed,
    ClaimFileSeed,
    ClaimSeed,
    IndicatorRelationSeed,
    IndicatorSeed,
    PolicySeed,
    ReportSeed,
    SkipFileSeed,
    SkipSeed,
    SourceSeed,
    Strict,
    SumSeed,
    UnitSeed,
)
from tiplake.rules.registry import (
    BINARY_FILE,
    CONTROL_CHARACTER,
    DUPLICATE_KEY,
    EMPTY_FILE,
    FILE_MISSING,
    FILE_NAME,
    FILE_TOO_LARGE,
    FILE_UNREADABLE,
    MISSING_FIELD,
    NOT_UTF8,
    UNEXPECTED_FILE,
    UNKNOWN_FIELD,
    WRONG_TYPE,
    YAML_ANCHOR,
    YAML_SYNTAX,
    Rule,
)
from tiplake.seedyaml import CONTROL_MESSAGE, LINE, Located, SafeLoader, StrictLoader

MAX_SEED_BYTES = 5 * 1024 * 1024


@dataclass
class SeedFiles:
    root: Path
    reports: list[Located] = field(default_factory=list)
    indicators: list[Located] = field(default_factory=list)
    sources: list[Located] = field(default_factory=list)
    units: list[Located] = field(default_factory=list)
    relations: list[Located] = field(default_factory=list)
    policies: list[Located] = field(default_factory=list)
    categories: list[Located] = field(default_factory=list)
    claim_paths: dict[str, Path] = field(default_factory=dict)  # file stem -> claims file
    skips: dict[str, list[Located]] = field(default_factory=dict)  # report_id -> SkipSeeds
    problems: list[Problem] = field(default_factory=list)


_SHORT = reprlib.Repr()  # how a bad value is echoed in a message: short, whatever its size
_SHORT.maxlevel, _SHORT.maxlist, _SHORT.maxdict = 2, 4, 4
_SHORT.maxstring, _SHORT.maxother, _SHORT.maxlong = 60, 60, 40
# The strict loader's earlier name here (tests and `tiplake fmt`'s checks load with it).
_StrictLoader = StrictLoader


def rel(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root.parent))
    except ValueError:
        return str(path)


class FileError(Exception):
    """A seed file that cannot be read: `rule` and `message` become its `Problem`."""

    def __init__(self, rule: Rule, message: str):
        super().__init__(message)
        self.rule = rule
        self.message = message


_KINDS = {
    stat.S_IFDIR: "a directory",
    stat.S_IFIFO: "a named pipe (FIFO)",
    stat.S_IFSOCK: "a socket",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
}


def read_file(path: Path, limit: int = MAX_SEED_BYTES) -> bytes:
    """The bytes of the regular file at `path`, or `FileError`.

    Anything but a regular file (a symlink, a FIFO, a device, a socket, a directory) is
    refused by its type before it is opened, and opened without following a link and without
    blocking, so a link can never lead the build out of the checkout and a pipe put where a
    seed should be can never hang it; a file larger than `limit` is refused before it is
    read."""
    try:
        st = os.lstat(path)  # a symlink is itself, never what it names
        kind = stat.S_IFMT(st.st_mode)
        if kind == stat.S_IFLNK:
            raise FileError(FILE_UNREADABLE, _LINK)
        if kind != stat.S_IFREG:
            raise FileError(
                FILE_UNREADABLE,
                f"it is {_KINDS.get(kind, 'not a regular file')}, not a regular file; a seed is "
                "a plain text file",
            )
        if st.st_size > limit:
            raise FileError(FILE_TOO_LARGE, _too_large(st.st_size, limit))
        try:
            fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW | _NOCTTY)
        except OSError as e:
            if e.errno in (errno.ELOOP, errno.EMLINK):  # made a link since the lstat
                raise FileError(FILE_UNREADABLE, _LINK) from None
            raise
        try:
            if not stat.S_ISREG(os.fstat(fd).st_mode):  # replaced between stat and open
                raise FileError(FILE_UNREADABLE, "it is not a regular file")
            chunks, size = [], 0
            while size <= limit:  # to the end, or one byte past the limit (a file growing)
                chunk = os.read(fd, min(1 << 20, limit + 1 - size))
                if not chunk:
                    break
                chunks.append(chunk)
                size += len(chunk)
            raw = b"".join(chunks)
        finally:
            os.close(fd)
    except OSError as e:
        raise FileError(FILE_UNREADABLE, f"cannot read the file: {e.strerror or e}") from None
    if len(raw) > limit:
        raise FileError(FILE_TOO_LARGE, _too_large(len(raw), limit))
    return raw


_NOCTTY = getattr(os, "O_NOCTTY", 0)
_LINK = (
    "it is a symbolic link; a seed is a plain file inside seeds/, and tiplake never follows a "
    "link (it could lead out of the checkout). Put the file itself here"
)
_LINKED_FOLDER = "a symlink to a folder: seeds are plain files inside seeds/"


def linked_folder(root: Path, folder: str = "") -> Problem | None:
    """A problem when the seeds folder `root` (or its subfolder `folder`) is a symbolic link:
    nothing in it is read (or formatted), since it may lie outside the checkout."""
    path = root / folder if folder else root
    if not path.is_symlink():
        return None
    if folder:
        return UNEXPECTED_FILE.problem(f"seeds/{folder}", "-", _LINKED_FOLDER)
    return UNEXPECTED_FILE.problem(
        "seeds", "-", "the seeds folder is a symlink: seeds are plain files in the checkout"
    )


def _too_large(size: int, limit: int) -> str:
    return (
        f"{size:,} bytes; a seed file may hold at most {limit:,}. "
        "Split it or check it is the file you meant."
    )


def _anchor_problem(text: str, name: str) -> Problem | None:
    """An anchor (`&name`) or alias (`*name`) anywhere in the file, or None.

    Seeds are flat records written out in full: an alias would make one record silently
    share another's fields, and a few hundred bytes of nested aliases expand to gigabytes.
    Only a text holding `&` or `*` can have either, and only then is it scanned."""
    if "&" not in text and "*" not in text:
        return None
    try:
        for event in yaml.parse(text, Loader=SafeLoader):
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                what = "an alias" if isinstance(event, yaml.AliasEvent) else "an anchor"
                return YAML_ANCHOR.problem(
                    name,
                    "-",
                    f"{what} ({'*' if what == 'an alias' else '&'}{event.anchor}): anchors and "
                    "aliases are not allowed in seed files; write each record out in full",
                    event.start_mark.line + 1,
                )
    except yaml.YAMLError:
        return None  # the parse below reports the syntax error
    return None


def read_yaml(path: Path, root: Path, raw: bytes | None = None) -> tuple[Any, list[Problem]]:
    """Parse one YAML file strictly (`raw`: its bytes, when already read). Returns (data or
    None, problems)."""
    name = rel(path, root)
    try:
        raw = read_file(path) if raw is None else raw
    except FileError as e:
        return None, [e.rule.problem(name, "-", e.message)]
    if len(raw) > MAX_SEED_BYTES:
        return None, [FILE_TOO_LARGE.problem(name, "-", _too_large(len(raw), MAX_SEED_BYTES))]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        return None, [
            NOT_UTF8.problem(name, "-", f"not UTF-8 text (byte {e.start}); save it as UTF-8")
        ]
    if "\x00" in text:
        return None, [BINARY_FILE.problem(name, "-", "contains NUL bytes; not a text file")]
    if not text.strip():
        return None, [EMPTY_FILE.problem(name, "-", "the file is empty")]
    # A file in the canonical layout (`tiplake fmt`) is read without the YAML parser, to the
    # same data; anything else (and every problem) goes the strict way below.
    data = fastyaml.read_canonical(text)
    if data is not None:
        return data, []
    anchored = _anchor_problem(text, name)
    if anchored is not None:
        return None, [anchored]
    try:
        data = yaml.load(text, Loader=StrictLoader)  # noqa: S506 - a safe loader
    except RecursionError:
        return None, [
            YAML_SYNTAX.problem(name, "-", "lists or mappings nested too deeply to be a seed")
        ]
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        line = mark.line + 1 if mark else None
        rule = (
            DUPLICATE_KEY
            if "duplicate key" in str(e.problem)
            else CONTROL_CHARACTER
            if CONTROL_MESSAGE in str(e.problem)
            else YAML_SYNTAX
        )
        return None, [rule.problem(name, "-", f"{e.problem or e}", line)]
    except yaml.YAMLError as e:
        return None, [YAML_SYNTAX.problem(name, "-", str(e))]
    if data is None:  # only comments, "---" or "~": nothing to read, and nothing to skip silently
        return None, [
            EMPTY_FILE.problem(name, "-", "the file holds no data (only comments or a null)")
        ]
    return data, []


def _strip_lines(value: Any) -> Any:
    """`value` without the `LINE` keys the loader adds (seed records are flat: only
    lists and mappings are walked)."""
    if isinstance(value, dict):
        return {
            k: (_strip_lines(v) if isinstance(v, dict | list) else v)
            for k, v in value.items()
            if k is not LINE
        }
    if isinstance(value, list):
        return [_strip_lines(v) if isinstance(v, dict | list) else v for v in value]
    return value


def _pydantic_problems(
    e: ValidationError, file: str, record: str, line: int | None
) -> list[Problem]:
    problems = []
    for err in e.errors():
        loc = ".".join(str(p) for p in err["loc"]) or "-"
        if err["type"] == "extra_forbidden":
            rule, msg = UNKNOWN_FIELD, f"unknown field {loc!r}; remove it or fix its spelling"
        elif err["type"] == "missing":
            rule, msg = MISSING_FIELD, f"required field {loc!r} is missing"
        else:
            rule = WRONG_TYPE
            msg = f"field {loc!r}: {err['msg']} (got {_SHORT.repr(err.get('input'))})"
        problems.append(rule.problem(file, record, msg, line))
    return problems


def parse_records(
    items: Any, model: type[Strict], file: str, key: str, what: str
) -> tuple[list[Located], list[Problem]]:
    """Parse a list of mappings into `model`s, one problem per bad field."""
    if not isinstance(items, list):
        return [], [WRONG_TYPE.problem(file, "-", f"{what} must be a list of mappings")]
    out, problems = [], []
    for i, item in enumerate(items):
        if not isinstance(item, dict):
            problems.append(WRONG_TYPE.problem(file, f"#{i + 1}", f"each {what} must be a mapping"))
            continue
        line = item.get(LINE)
        record_name = str(item.get(key, f"#{i + 1}"))
        try:
            out.append(Located(model.model_validate(_strip_lines(item)), file, line))
        except ValidationError as e:
            problems.extend(_pydantic_problems(e, file, record_name, line))
    return out, problems


def _parse_list(
    path: Path, root: Path, top: str, model, key: str, raw: bytes | None
) -> tuple[list, list[Problem]]:
    data, problems = read_yaml(path, root, raw)
    name = rel(path, root)
    if data is None:
        return [], problems
    if not isinstance(data, dict) or set(data) - {LINE} != {top}:
        return [], [
            WRONG_TYPE.problem(name, "-", f"the file must be a mapping with one key: {top}")
        ]
    return parse_records(data[top], model, name, key, top.rstrip("s"))


# Where each vocabulary lives (a vocabulary may be split over several files: indicators.yaml,
# indicators-legal.yaml...): attribute of SeedFiles, folder, file pattern, top key, model, id.
SPECS = [
    ("reports", "documents", "manifest.yaml", "reports", ReportSeed, "report_id"),
    ("indicators", "vocab", "indicators*.yaml", "indicators", IndicatorSeed, "indicator_code"),
    ("sources", "vocab", "sources*.yaml", "sources", SourceSeed, "source_id"),
    ("units", "vocab", "units*.yaml", "units", UnitSeed, "unit"),
    ("relations", "vocab", "indicator_relations.yaml", "indicator_relations", IndicatorRelationSeed, "indicator_code"),
    ("policies", "vocab", "policies.yaml", "policies", PolicySeed, "policy_id"),
    ("categories", "vocab", "categories*.yaml", "categories", CategorySeed, "category"),
]  # fmt: skip
PER_REPORT = ("claims", "skips")  # folders of <report_id>.yaml files
README = "README.md"


def read_seeds(root: Path) -> SeedFiles:
    """Read every seed file under `root` (the seeds directory). Every file under
    `root` is one the build reads, or a problem: nothing is left out silently."""
    out = SeedFiles(root=root)
    linked = linked_folder(root)
    if linked is not None:
        out.problems.append(linked)
        return out
    # A symlinked folder is reported by _unexpected_files and nothing in it is read.
    skipped = {f for f in {*(s[1] for s in SPECS), *PER_REPORT} if linked_folder(root, f)}
    for attr, folder, pattern, top, model, key in SPECS:
        if folder in skipped:
            continue
        paths = sorted((root / folder).glob(pattern))
        if not paths:
            out.problems.append(
                FILE_MISSING.problem(f"seeds/{folder}/{pattern}", "-", "no such seed file")
            )
        for path in paths:
            records, problems = _parse_list(path, root, top, model, key, None)
            getattr(out, attr).extend(records)
            out.problems.extend(problems)

    # Claims files are only listed here: validate.check parses each.
    def listed(folder: str) -> list[Path]:
        return [] if folder in skipped else sorted((root / folder).glob("*.yaml"))

    out.claim_paths = {path.stem: path for path in listed("claims")}
    for path in listed("skips"):
        head, data = _read_report_file(path, root, SkipFileSeed, out.problems)
        if head is None:
            continue
        skips, problems = parse_records(data["skips"], SkipSeed, rel(path, root), "-", "skip")
        out.problems.extend(problems)
        out.skips[head.report_id] = skips
    # Which files of documents/ the manifest names (None: the manifest did not parse, so that
    # folder is not judged: its files would all look unlisted).
    documents = None
    if not any(p.file == "seeds/documents/manifest.yaml" and p.record == "-" for p in out.problems):
        documents = {Path(os.path.normpath(r.record.file)) for r in out.reports}
    out.problems.extend(_unexpected_files(root, documents))
    return out


def _expected(path: Path, documents: set[Path] | None) -> str | None:
    """Why the file at `path` (relative to the seeds directory) is not one the build reads,
    or None when it is."""
    parts = path.parts
    if len(parts) == 1:
        return (
            None
            if parts[0] == README
            else "only README.md and the folders documents/, vocab/, claims/ and skips/ belong directly in seeds/"
        )
    folder, rest = parts[0], Path(*parts[1:])
    if folder == "documents":
        if documents is None or rest == Path("manifest.yaml") or rest in documents:
            return None
        return "a file in seeds/documents/ that documents/manifest.yaml does not list"
    if folder == "vocab":
        if len(parts) == 2 and any(
            path.match(f"vocab/{pattern}") for _, f, pattern, *_ in SPECS if f == "vocab"
        ):
            return None
        names = ", ".join(pattern for _, f, pattern, *_ in SPECS if f == "vocab")
        return f"seeds/vocab/ holds only the vocabularies ({names})"
    if folder in PER_REPORT:
        if len(parts) == 2 and path.suffix == ".yaml":
            return None
        if len(parts) == 2 and path.suffix == ".yml":
            return f"{folder} files end in .yaml: rename it to {path.stem}.yaml, or it is not read"
        if len(parts) > 2:
            return f"a file in a subfolder of seeds/{folder}/: {folder} files must be directly in seeds/{folder}/ as <report_id>.yaml, or they are not read"
        return f"seeds/{folder}/ holds only {folder} files named <report_id>.yaml; this one is not read"
    return f"a folder seeds/{folder}/ the build does not read"


def _unexpected_files(root: Path, documents: set[Path] | None) -> list[Problem]:
    """A problem for every file (or symlink, pipe...) under `root` that the build does not read,
    so that a claims file misnamed or moved is an error, not claims silently left out."""
    problems = []
    # The files every build has by the thousand are passed over by their names as strings (a
    # Path each cost ~0.2 s at 5,000 claims files and 5,000 documents); _expected judges the rest.
    listed = None if documents is None else {p.as_posix() for p in documents} | {"manifest.yaml"}
    for folder, dirs, names in os.walk(root):  # symlinked folders are listed, not followed
        here = Path(folder).relative_to(root)
        links = [d for d in dirs if Path(folder, d).is_symlink()]
        top = here.parts[:1]
        in_documents = top == ("documents",)
        inside = "/".join(here.parts[1:])  # the folder within documents/ ('' at its top)
        for name in sorted(names + links):
            if name not in links:
                if top in (("claims",), ("skips",)) and len(here.parts) == 1:
                    if name.endswith(".yaml"):
                        continue  # read (and reported, if unreadable) as a claims or skips file
                elif in_documents and (
                    listed is None or (f"{inside}/{name}" if inside else name) in listed
                ):
                    continue
            path = here / name
            why = _LINKED_FOLDER if name in links else _expected(path, documents)
            if why is not None:
                problems.append(UNEXPECTED_FILE.problem(f"seeds/{path.as_posix()}", "-", why))
        dirs[:] = [
            d
            for d in dirs
            if d not in links
            and not (
                here.parts[:1] in (("claims",), ("skips",))
                and d.endswith(".yaml")
                and len(here.parts) == 1
            )
        ]
    return problems


def read_claim_file(
    path: Path, root: Path, raw: bytes | None = None
) -> tuple[str | None, list[Located], list[Located], list[Problem]]:
    """Parse one claims file (`raw`: its bytes, when already read): (its report_id or None,
    the ClaimSeeds, the SumSeeds, the problems)."""
    problems: list[Problem] = []
    head, data = _read_report_file(path, root, ClaimFileSeed, problems, raw)
    if head is None:
        return None, [], [], problems
    name = rel(path, root)
    claims, found = parse_records(data["claims"], ClaimSeed, name, "id", "claim")
    sums, found_in_sums = parse_records(data.get("sums", []), SumSeed, name, "id", "sum")
    problems.extend(
        Problem(p.file, _claim_name(head.report_id, p.record), p.rule, p.message, p.line)
        for p in found + found_in_sums
    )
    return head.report_id, claims, sums, problems


def _read_report_file(
    path: Path, root: Path, model, problems: list[Problem], raw: bytes | None = None
):
    """Read a per-report file (claims/ or skips/): its head model and raw data, or (None, None)."""
    name = rel(path, root)
    data, found = read_yaml(path, root, raw)
    problems.extend(found)
    if data is None:
        return None, None
    try:
        head = model.model_validate(_strip_lines(data) if isinstance(data, dict) else data)
    except ValidationError as e:
        problems.extend(_pydantic_problems(e, name, "-", 1))
        return None, None
    if head.report_id != path.stem:
        problems.append(
            FILE_NAME.problem(
                name,
                "-",
                f"report_id {head.report_id!r} does not match the file name; "
                f"its records belong in {path.parent.name}/{head.report_id}.yaml",
            )
        )
        return None, None
    return head, data


def _claim_name(report_id: str, record: str) -> str:
    return record if record.startswith("#") else f"{report_id}:{record}"
