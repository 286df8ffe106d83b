"""`tiplake add-document`: a new source document vendored, listed and ready to curate.

In:  a text file outside the seeds, the report's metadata (`NewDocument`: the manifest fields a
     curator gives) and the seeds directory of a checkout.
Out: three new files and one changed, or nothing at all (`AddDocumentError`, one line):
     - seeds/documents/<report_id>.txt, the file's bytes, byte for byte;
     - its entry at the end of seeds/documents/manifest.yaml, with the bytes' sha256;
     - seeds/claims/<report_id>.yaml: `claims: []` and, in comments below it, a claim stub
       (coverage.stub) for every number of the document with its line and sentence, each
       marked TODO; comments, so that the seeds stay valid and the build passes while
       `tiplake coverage <report_id>` lists every number as unaccounted until it is claimed
       or skipped;
     - seeds/skips/<report_id>.yaml: `skips: []`, where the numbers that are not figures go.
The file is refused unless it is a regular file (not a link), UTF-8, not empty and within the
size a document may have (documents.MAX_DOCUMENT_BYTES); the id unless it is a slug
(limits.SLUG) that no report, document, claims or skips file has; the metadata unless the
manifest's model and rules (records.ReportSeed, rules.check_reports) accept it. Every file is
checked as the build will read it, and laid out as `tiplake fmt` lays it out, before anything
is written; the new files are created exclusively (never over an existing name, never
through a link) and the manifest replaced last, by a rename, so a failure leaves seeds/ as it
was.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import stat
from dataclasses import dataclass, fields, replace
from datetime import date
from pathlib import Path

from pydantic import ValidationError

from tiplake import limits
from tiplake.coverage import mentions, stub
from tiplake.documents import MAX_DOCUMENT_BYTES
from tiplake.fmt import canonical
from tiplake.project import write_replacing
from tiplake.records import ClaimFileSeed, ReportSeed, SkipFileSeed
from tiplake.rules import check_reports
from tiplake.seeds import FileError, linked_folder, parse_records, read_file, read_yaml
from tiplake.seedyaml import LINE

_SLUG = re.compile(f"^(?:{limits.SLUG})$")
MAX_ID_LENGTH = 100  # a report id names three files; far below any file system's limit


class AddDocumentError(Exception):
    """The document was not added, and nothing was written: the one-line reason."""


@dataclass(frozen=True)
class NewDocument:
    """The manifest entry of a new document, as the curator gives it (records.ReportSeed's
    fields, but the file and its sha256, which are the command's to write)."""

    report_id: str
    title: str
    kind: str
    publisher: str
    published_year: int | None
    country_iso3: str
    citation: str
    published_on: str | None = None
    released_on: str | None = None
    period_start_on: str | None = None
    period_end_on: str | None = None
    identifier: str | None = None
    url: str | None = None
    url_note: str | None = None
    license: str | None = None
    license_note: str | None = None


@dataclass(frozen=True)
class Added:
    document: Path
    manifest: Path
    claims: Path
    skips: Path
    sha256: str
    numbers: int  # the claim stubs written: every number of the document


def add_document(seeds: Path, source: Path, doc: NewDocument) -> Added:
    """Vendor `source` as the document of `doc` in the seeds directory `seeds` (see the module
    docstring); `AddDocumentError` when anything is refused, and then nothing is written."""
    report_id = doc.report_id
    if not _SLUG.match(report_id) or len(report_id) > MAX_ID_LENGTH:
        raise AddDocumentError(
            f"--id {report_id!r} is not a report id: lower-case letters and digits in words "
            f"joined by single hyphens ({limits.SLUG}), at most {MAX_ID_LENGTH} characters, "
            "e.g. tip-2024-aze"
        )
    for folder in ("", "documents", "claims", "skips"):
        if (problem := linked_folder(seeds, folder)) is not None:
            raise AddDocumentError(f"{problem.file}: {problem.message}")
    document = seeds / "documents" / f"{report_id}.txt"
    manifest = seeds / "documents" / "manifest.yaml"
    claims = seeds / "claims" / f"{report_id}.yaml"
    skips = seeds / "skips" / f"{report_id}.yaml"
    old = _read_manifest(manifest, seeds, report_id)
    for path in (document, claims, skips):
        if os.path.lexists(path):
            raise AddDocumentError(
                f"{_rel(path, seeds)} already exists: report {report_id!r} is taken "
                "(choose another --id; add-document copies the file into seeds/ itself)"
            )

    raw = _document_bytes(source)
    text = raw.decode("utf-8")
    digest = hashlib.sha256(raw).hexdigest()

    manifest_text = _manifest_with(manifest, seeds, old, doc, digest)
    claims_text = _checked(claims, seeds, ClaimFileSeed, _claims_file(doc, text))
    skips_text = _checked(skips, seeds, SkipFileSeed, _skips_file(report_id))

    created: list[Path] = []
    try:
        for path, data in ((document, raw), (claims, claims_text), (skips, skips_text)):
            _create(path, data if isinstance(data, bytes) else data.encode("utf-8"))
            created.append(path)
        write_replacing(
            manifest, manifest_text.encode("utf-8"), stat.S_IMODE(os.lstat(manifest).st_mode)
        )
    except BaseException as e:
        for path in created:
            with contextlib.suppress(OSError):
                os.unlink(path)
        if isinstance(e, OSError):
            where = f" {e.filename}" if e.filename else ""
            raise AddDocumentError(
                f"cannot write{where}: {e.strerror or e}; nothing was added"
            ) from None
        raise
    return Added(document, manifest, claims, skips, digest, len(mentions(text)))


def _document_bytes(source: Path) -> bytes:
    """The bytes of the file to vendor, refused unless a regular UTF-8 text file of a
    document's size."""
    try:
        raw = read_file(source, MAX_DOCUMENT_BYTES)  # lstat first: a link is never followed
    except FileError as e:
        raise AddDocumentError(f"{source}: {e.message}") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        raise AddDocumentError(
            f"{source} is not UTF-8 text (byte {e.start}); convert it to UTF-8 first "
            "(e.g. iconv -f WINDOWS-1252 -t UTF-8), then check the text against the original"
        ) from None
    if not text.strip():
        raise AddDocumentError(f"{source} is empty: a document is the text its claims quote")
    if "\x00" in text:
        raise AddDocumentError(f"{source} contains NUL bytes: not a text file")
    return raw


def _read_manifest(manifest: Path, seeds: Path, report_id: str) -> str:
    """The manifest's text, refused when it cannot be read or lists `report_id` already."""
    name = _rel(manifest, seeds)
    try:
        old = read_file(manifest).decode("utf-8")
    except (FileError, UnicodeDecodeError) as e:
        raise AddDocumentError(f"{name}: {getattr(e, 'message', e)}") from None
    data, problems = read_yaml(manifest, seeds, old.encode("utf-8"))
    if problems or not isinstance(data, dict) or not isinstance(data.get("reports"), list):
        raise AddDocumentError(
            f"{name} cannot be read as a manifest; `tiplake validate` says why, fix it first"
        )
    taken = {r.get("report_id") for r in data["reports"] if isinstance(r, dict)}
    files = {r.get("file") for r in data["reports"] if isinstance(r, dict)}
    if report_id in taken:
        raise AddDocumentError(f"{name} already lists report {report_id!r}: choose another --id")
    if f"{report_id}.txt" in files:
        raise AddDocumentError(f"{name} already lists a report whose file is {report_id}.txt")
    return old


def _manifest_with(manifest: Path, seeds: Path, old: str, doc: NewDocument, digest: str) -> str:
    """The manifest's text with the new entry at the end, in the canonical layout, after the
    entry passed the manifest's model and rules."""
    name = _rel(manifest, seeds)
    if doc.published_year is None:
        if doc.published_on is None:
            raise AddDocumentError("give --published-year (or --published-on, which implies it)")
        doc = replace(doc, published_year=_date(doc.published_on, "--published-on").year)
    for option in ("published_on", "released_on", "period_start_on", "period_end_on"):
        if getattr(doc, option) is not None:
            _date(getattr(doc, option), "--" + option.replace("_", "-"))

    entry = {"report_id": doc.report_id, "file": f"{doc.report_id}.txt", "sha256": digest}
    entry |= {f.name: getattr(doc, f.name) for f in fields(doc) if f.name != "report_id"}
    entry = {k: entry[k] for k in ReportSeed.model_fields if entry.get(k) is not None}
    lines = [f"    {k}: {json.dumps(v, ensure_ascii=False)}" for k, v in entry.items()]
    lines[0] = "  - " + lines[0].lstrip()
    text = old if old.endswith("\n") else old + "\n"
    text += "\n".join(lines) + "\n"
    new_data, problems = read_yaml(manifest, seeds, text.encode("utf-8"))
    if problems:  # a text the strict reader refuses (a control character in a title)
        raise AddDocumentError(_one_line(problems))
    located, problems = parse_records(
        [new_data["reports"][-1]], ReportSeed, name, "report_id", "report"
    )
    if not problems:
        problems = check_reports({doc.report_id: located[0]})
    if problems:
        raise AddDocumentError(_one_line(problems))
    return canonical(text, new_data, "documents")


def _checked(path: Path, seeds: Path, model: type, text: str) -> str:
    """`text`, a new per-report file, read back as the build reads it and laid out by fmt."""
    data, problems = read_yaml(path, seeds, text.encode("utf-8"))
    if problems:
        raise AddDocumentError(_one_line(problems))
    try:
        model.model_validate({k: v for k, v in data.items() if k is not LINE})
    except ValidationError as e:
        raise AddDocumentError(f"{_rel(path, seeds)} would not be valid: {_flat(e)}") from None
    return canonical(text, data, path.parent.name)


def _claims_file(doc: NewDocument, text: str) -> str:
    """The claims file of a new document: no claim yet, and a commented stub per number."""
    found = mentions(text)
    head = [
        f"# Claims of {doc.report_id}.txt: {_printable(doc.title)}",
        "# To do: each number of the document has a claim stub below, commented out, with its",
        "# line and sentence. For each number, either",
        "# - claim it: delete the `[]` after `claims:` (once), remove the stub's leading `#`s,",
        "#   replace every TODO and narrow the quote to the words that state the figure",
        "#   (seeds/README.md: the fields, the attribution convention);",
        "# - or leave it to a claim that states it too (a year of that claim's period);",
        f"# - or skip it, with a reason, in seeds/skips/{doc.report_id}.yaml.",
        "# Delete each stub once done. `tiplake coverage "
        + doc.report_id
        + "` lists the numbers still to do.",
        f"report_id: {doc.report_id}",
        "claims: []",
    ]
    if not found:
        return "\n".join(head + ["# The document states no number."]) + "\n"
    body = [f"# {len(found)} number(s) to claim or skip:"]
    for item in found:
        for line in stub(text, item).strip("\n").splitlines():
            if line.lstrip().startswith("# "):  # the stub's own comment: its line and words
                body.append("# TODO " + line.lstrip()[2:])
            else:
                body.append("#" + _printable(line))
    return "\n".join(head + body) + "\n"


def _skips_file(report_id: str) -> str:
    return (
        f"# Numbers in {report_id}.txt that are not figures, each with its reason\n"
        "# (seeds/README.md, Skips): delete the `[]` after `skips:` and list them, e.g.\n"
        "#   - quote: Article 144-1\n"
        "#     reason: article number of the criminal code, not a figure\n"
        f"report_id: {report_id}\n"
        "skips: []\n"
    )


def _create(path: Path, data: bytes) -> None:
    """A new file at `path` holding `data`: created exclusively, never through a link."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o666)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(path)  # ours: created exclusively above
        raise


def _date(value: str, option: str) -> date:
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            raise ValueError
        return date.fromisoformat(value)
    except ValueError:
        raise AddDocumentError(f"{option} {value!r} is not a date: YYYY-MM-DD") from None


def _printable(text: str) -> str:
    """`text` for a comment: every character that is not printable (a control, a line
    separator YAML would break the comment at, a byte-order mark) as an escape."""
    return "".join(c if c.isprintable() else ascii(c)[1:-1] for c in text)


def _flat(e: Exception) -> str:
    return " ".join(str(e).split())[:300]


def _one_line(problems) -> str:
    found = "; ".join(f"[{p.rule}] {p.message}" for p in problems)
    return f"refused: {found}"


def _rel(path: Path, seeds: Path) -> str:
    try:
        return str(Path("seeds") / path.relative_to(seeds))
    except ValueError:
        return str(path)
