"""The source documents, read and held to the manifest.

In:  the manifest's report records (seeds.py) and the seeds directory.
Out: each report's text, with a `Problem` for each document that is outside seeds/documents/
     (a symlink, or in a symlinked folder: never read), missing, not a regular file, not UTF-8 or not byte for byte the file the manifest's sha256
     names (rules document-path, document-missing, document-encoding, document-checksum).
     Finding quotes in them is quotes.py.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from tiplake.problems import Problem
from tiplake.rules.registry import (
    DOCUMENT_CHECKSUM,
    DOCUMENT_ENCODING,
    DOCUMENT_MISSING,
    DOCUMENT_PATH,
    RULES,
    Rule,
)
from tiplake.seeds import FileError, Located, read_file

# A document can be a whole report (hundreds of pages); more than this is not one.
MAX_DOCUMENT_BYTES = 64 * 1024 * 1024


def load_documents(
    root: Path, reports: dict[str, Located], problems: list[Problem]
) -> dict[str, str]:
    """The text of each report's document, by report id; a problem for each that fails."""
    doc_root = (root / "documents").resolve()
    linked = (root / "documents").is_symlink()  # read_seeds reports it and reads no manifest
    texts = {}
    for report_id, loc in reports.items():
        r = loc.record
        path = root / "documents" / r.file

        def p(rule: Rule, message: str, loc: Located = loc, report_id: str = report_id) -> None:
            problems.append(rule.problem(loc.file, report_id, message, loc.line))

        if (
            linked
            or Path(r.file).is_absolute()
            or path.is_symlink()
            # a bare file name that is not a link is inside; resolve only other paths (a
            # realpath per document costs a tenth of a second at 5,000 documents)
            or (
                (len(Path(r.file).parts) != 1 or r.file in (".", ".."))
                and doc_root not in path.resolve().parents
            )
        ):
            p(DOCUMENT_PATH, f"file {r.file!r} must be a plain file inside seeds/documents/")
            continue
        if not path.exists():
            p(DOCUMENT_MISSING, f"file {r.file!r} not found in seeds/documents/")
            continue
        try:
            raw = read_file(path, MAX_DOCUMENT_BYTES)
        except FileError as e:
            p(
                DOCUMENT_MISSING if e.rule == "file-unreadable" else RULES[e.rule],
                f"{r.file}: {e.message}",
            )
            continue
        digest = hashlib.sha256(raw).hexdigest()
        if digest != r.sha256:
            p(
                DOCUMENT_CHECKSUM,
                f"sha256 of {r.file} is {digest}, the manifest says {r.sha256}; "
                "restore the document byte for byte, or if it was deliberately replaced, "
                "re-check every quote and update the manifest",
            )
            continue
        try:
            texts[report_id] = raw.decode("utf-8")
        except UnicodeDecodeError as e:
            p(DOCUMENT_ENCODING, f"{r.file} is not UTF-8 (byte {e.start})")
    return texts
