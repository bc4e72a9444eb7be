"""One export from an open case: build, anonymise, write, scan, protect, audit.

The CLI and the export dialog both call `export_case`; it is the only place that decides the
order of those steps, so neither front end can skip the leak scan or the audit record.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from exports.anonymise import Anonymiser
from exports.case_data import CaseSnapshot, load_snapshot
from exports.court import build_court
from exports.document import Document, ExportOptions, ExportStyle
from exports.errors import ExportError
from exports.family import genogram_png
from exports.file_text import file_text
from exports.kinship import relationship_labels
from exports.output import write_document
from exports.progress import Progress
from storage.casefile import CaseFile, now_iso
from storage.ids import PersonId


def build_document(snapshot: CaseSnapshot, options: ExportOptions,
                   genogram: bytes | None = None) -> tuple[Document, Anonymiser | None]:
    anonymiser = Anonymiser(snapshot, snapshot.anonymisation) if options.anonymise else None

    def real_name(pid: PersonId) -> str:
        person = snapshot.people.get(pid)
        if person is None:
            return "(unknown person)"
        known = f" ({person.known_as})" if person.known_as and person.known_as not in \
            person.full_name else ""
        return person.full_name + known

    name = anonymiser.name if anonymiser is not None else real_name
    if ExportStyle(options.style) is ExportStyle.COURT:
        document = build_court(snapshot, options, name, genogram)
    else:
        from exports.review import build_review

        document = build_review(snapshot, options, name, genogram)
    if anonymiser is not None:
        anonymiser.apply(document)
    return document, anonymiser


def record_export(case: CaseFile, options: ExportOptions, path: Path) -> None:
    """Every export is a row change in the audit trail: who exported what, where, how."""
    if case.read_only:
        return
    value = json.dumps({
        "at": now_iso(), "file": str(path), "format": str(options.format),
        "style": str(options.style), "anonymised": options.anonymise,
        "all_events": options.all_events, "password_protected": options.password is not None,
        "marking": options.marking,
    }, ensure_ascii=False)
    action = (f"Export {options.style} chronology as {options.format}"
              f"{' (anonymised)' if options.anonymise else ''} to {path.name}")
    with case.transaction(action) as tx:
        existing = tx.db.execute("SELECT id FROM meta WHERE key = 'last_export'").fetchone()
        if existing:
            tx.update("meta", existing[0], {"value": value})
        else:
            tx.insert("meta", {"key": "last_export", "value": value})


def write_export(snapshot: CaseSnapshot, options: ExportOptions, path: str | os.PathLike[str],
                 progress: Progress | None = None, genogram: bytes | None = None) -> Path:
    """Build, anonymise, write, scan and protect: safe to run on a worker thread."""
    document, anonymiser = build_document(snapshot, options, genogram)
    verify = None
    if anonymiser is not None:
        def verify(data: bytes) -> None:
            anonymiser.check(file_text(data, options.format))
    return write_document(document, path, options.format, options.password, progress, verify)


def check_decided(snapshot: CaseSnapshot, case_name: str) -> None:
    """An anonymised export waits until the author has decided every candidate."""
    from exports.anonymise_review import undecided

    left = undecided(snapshot, snapshot.anonymisation)
    if left:
        raise ExportError(
            f"{len(left)} possible identifier(s) in the case text are not decided yet "
            f"(names, places, organisations); list them with `visible anonymise {case_name}` "
            "and decide each, or decide them all as identifying with `visible anonymise "
            f"{case_name} --all-identifying`, then export again.")


def export_case(case: CaseFile, options: ExportOptions, path: str | os.PathLike[str],
                progress: Progress | None = None) -> Path:
    snapshot = load_snapshot(case)
    if options.anonymise:
        check_decided(snapshot, case.path.name)
    if progress is not None:
        progress.check()
    # Both chronologies show the genogram; anonymised, it is drawn from pseudonyms.
    names = relationship_labels(snapshot) if options.anonymise else None
    picture = genogram_png(case, names)
    written = write_export(snapshot, options, path, progress, picture)
    record_export(case, options, written)
    return written
