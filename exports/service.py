"""One export from an open case: build, anonymise, write, scan, protect, audit.

The CLI and the export dialog both call `export_case`; it is the only place that decides the
order of those steps, so neither front end can skip the leak scan or the audit record.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path

from exports.anonymise import Anonymiser
from exports.case_data import CaseSnapshot, load_snapshot
from exports.court import build_court
from exports.document import (
    BUNDLE,
    Column,
    Document,
    ExportOptions,
    ExportStyle,
    Heading,
    Paragraph,
    Row,
    Section,
    Table,
)
from exports.errors import ExportError
from exports.family import genogram_png
from exports.file_text import file_text
from exports.kinship import relationship_labels
from exports.output import write_document
from exports.progress import Progress
from storage.anonymisation import AnonymisationDecision
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
    if options.bundle_ready():
        document.page_style = BUNDLE  # PDF pages for an e-bundle (PD27A)
    if anonymiser is not None:
        anonymiser.apply(document)
        if options.redaction_log:
            document.sections.append(redaction_section(anonymiser.counts,
                                                       snapshot.anonymisation))
    return document, anonymiser


def redaction_summary(counts: Counter[str],
                      decisions: list[AnonymisationDecision]) -> dict[str, object]:
    """Kinds and counts removed, and when decisions were made: never the original values.
    (Who decided is the audit trail's author of each decision.)"""
    dates = sorted(d.decided_at for d in decisions if d.decided_at)
    return {"removed": {k: counts[k] for k in sorted(counts)},
            "decisions": len(decisions),
            "decisions_by_kind": dict(sorted(Counter(d.decision.value for d in decisions)
                                             .items())),
            "decided_by": sorted({d.decided_by for d in decisions if d.decided_by}),
            "first_decided": dates[0] if dates else "", "last_decided": dates[-1] if dates else ""}


def redaction_section(counts: Counter[str], decisions: list[AnonymisationDecision]) -> Section:
    from exports.identifiers import KIND_LABELS

    words = dict(KIND_LABELS, recorded="recorded person", person="person named in the text")
    rows = [Row([words.get(kind, kind).capitalize(), str(n)]) for kind, n in
            sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
    summary = redaction_summary(counts, decisions)
    last = str(summary["last_decided"])[:10]
    text = (f"Identifiers replaced or removed in this document, by kind. The review author made "
            f"{len(decisions)} decision(s) about names, places and organisations found in the "
            f"case's text" + (f", the last on {last}" if last else "") + "; the original values "
            "are kept only in the encrypted case file.")
    return Section([Heading("Redaction log", 1), Paragraph(text),
                    Table([Column("Kind", 2.0), Column("Replaced or removed", 1.0)],
                          rows or [Row(["None", "0"])], caption="Redaction log")])


def record_export(case: CaseFile, options: ExportOptions, path: Path,
                  redactions: dict[str, object] | None = None) -> None:
    """Every export is a row change in the audit trail: who exported what, where, how."""
    if case.read_only:
        return
    value = json.dumps({
        "at": now_iso(), "file": str(path), "format": str(options.format),
        "style": str(options.style), "anonymised": options.anonymise,
        "all_events": options.all_events, "password_protected": options.password is not None,
        "marking": options.marking,
        # The redaction log (kinds and counts, decisions; never the originals).
        **({"redactions": redactions} if redactions is not None else {}),
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
                 progress: Progress | None = None, genogram: bytes | None = None,
                 case_name: str = "CASE", redactions: dict[str, object] | None = None) -> Path:
    """Build, anonymise, write, scan and protect: safe to run on a worker thread.

    An anonymised export is refused while any candidate is undecided; `redactions`, when
    given, is filled with the redaction log for the audit record."""
    if options.anonymise:
        check_decided(snapshot, case_name)
    document, anonymiser = build_document(snapshot, options, genogram)
    if anonymiser is not None and redactions is not None:
        redactions.update(redaction_summary(anonymiser.counts, snapshot.anonymisation))
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
            "(or View > Review identifiers for publication) and decide each, or decide them "
            f"all as identifying with `visible anonymise {case_name} --all-identifying`, then "
            "export again.")


def export_case(case: CaseFile, options: ExportOptions, path: str | os.PathLike[str],
                progress: Progress | None = None) -> Path:
    snapshot = load_snapshot(case)
    if options.anonymise:
        check_decided(snapshot, case.path.name)  # before drawing the genogram
    if progress is not None:
        progress.check()
    # Both chronologies show the genogram; anonymised, it is drawn from pseudonyms.
    names = relationship_labels(snapshot) if options.anonymise else None
    picture = genogram_png(case, names)
    redactions: dict[str, object] = {}
    written = write_export(snapshot, options, path, progress, picture, case.path.name,
                           redactions)
    record_export(case, options, written, redactions if options.anonymise else None)
    return written
