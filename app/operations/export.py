"""One export, as one job for the command line and the export dialog alike.

prepare → write → record, in that order and only here:
- **prepare** checks the options (exports/options.py), reads the case into a snapshot and, if
  the style carries it, renders the genogram picture. It only reads, so the dialog runs it on
  a background reader connection.
- **write** builds the document with the chosen style (exports/styles), anonymises it when
  publishing, renders it to a temporary file, scans it for leaks and protects it. No case
  access: safe on a worker thread, cancellable through `Progress`.
- **record** commits the export's record to the case and only then renames the file into
  place, inside the same transaction: if the record cannot be written (full disk, case busy)
  the file is never placed and the temporary file is removed; if the rename fails the record
  is rolled back. So no export exists without its audit record, and no record without a file.

The genogram painter needs Qt, which operations never import: the caller passes it in.
"""

from __future__ import annotations

import dataclasses
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from app.operations.changes import Changes
from exports import output
from exports.anonymise import Anonymiser, redaction_section, redaction_summary
from exports.document import BUNDLE, Document, ExportFormat, ExportOptions
from exports.errors import ExportError
from exports.file_text import file_text
from exports.genogram.data import genogram_data, with_pseudonyms
from exports.genogram.picture import PngRenderer
from exports.identifiers.text import for_documents
from exports.kinship import relationship_labels
from exports.options import checked, resolve_target
from exports.progress import Progress
from exports.styles import style_spec
from storage.casefile import CaseFile, now_iso
from storage.export_record import ExportRecord
from storage.ids import PersonId
from storage.snapshot import CaseSnapshot, load_snapshot


@dataclass(slots=True)
class PreparedExport:
    """Everything the write needs, read from the case: plain objects, no connection."""

    snapshot: CaseSnapshot
    options: ExportOptions
    path: Path
    genogram: bytes | None = None
    # Filled by the write of an anonymised export: the redaction log (kinds and counts,
    # decisions; never the originals) that the record keeps in the audit trail.
    redactions: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ExportResult:
    path: Path
    changes: Changes


def prepare(case: CaseFile, options: ExportOptions, path: str | os.PathLike[str],
            render_genogram: PngRenderer | None = None) -> PreparedExport:
    """Read what the export needs and draw its genogram (read_case, then add_genogram).

    `render_genogram` paints the genogram's PNG (app.genogram.rendering.render_png, passed in
    by the CLI and the window: the job itself never imports Qt)."""
    prepared = read_case(case, options, path)
    return add_genogram(prepared, render_genogram) if render_genogram is not None else prepared


def checked_options(options: ExportOptions,
                    path: str | os.PathLike[str]) -> tuple[ExportOptions, Path]:
    """The options and target as they will be used, or ExportError naming what is wrong."""
    target, fmt = resolve_target(Path(path), options.format)
    return checked(dataclasses.replace(options, format=fmt)), target


def read_case(case: CaseFile, options: ExportOptions,
              path: str | os.PathLike[str]) -> PreparedExport:
    """Check the options and read the case into a snapshot. Only reads: the window runs it on a
    background reader connection (CaseFile.reader())."""
    options, target = checked_options(options, path)
    snapshot = load_snapshot(case)
    if options.anonymise:
        # The author decides every candidate before anything is drawn or written.
        check_decided(snapshot, case.path.name)
    return PreparedExport(snapshot, options, target)


def add_genogram(prepared: PreparedExport, render_genogram: PngRenderer) -> PreparedExport:
    """The genogram picture, when the style carries it, drawn from the export's own snapshot so
    the figure and the document agree."""
    options, snapshot = prepared.options, prepared.snapshot
    if not style_spec(options.style).carries_genogram(options):
        return prepared
    data = genogram_data(snapshot)
    if options.anonymise:  # pseudonyms by relationship ("Mother", "Baby F"), ages, no dates
        data = with_pseudonyms(data, relationship_labels(snapshot))
    return dataclasses.replace(prepared, genogram=render_genogram(data))


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


def build(prepared: PreparedExport) -> tuple[Document, Anonymiser | None]:
    """The document model of the chosen style, anonymised when publishing."""
    snapshot, options = prepared.snapshot, prepared.options
    anonymiser = Anonymiser(snapshot, snapshot.anonymisation) if options.anonymise else None

    def real_name(pid: PersonId) -> str:
        person = snapshot.people.get(pid)
        return person.formal_name if person is not None else "(unknown person)"

    name = anonymiser.name if anonymiser is not None else real_name
    document = style_spec(options.style).build(snapshot, options, name, prepared.genogram)
    if options.bundle_ready():
        document.page_style = BUNDLE  # PDF pages for a court e-bundle (PD27A)
    # No imported text reorders what the court reads, and none carries invisible controls.
    document.map_texts(for_documents)
    if anonymiser is not None:
        anonymiser.apply(document)
        if options.redaction_log:
            document.sections.append(redaction_section(anonymiser.counts,
                                                       snapshot.anonymisation))
    return document, anonymiser


def build_document(snapshot: CaseSnapshot, options: ExportOptions,
                   genogram: bytes | None = None) -> tuple[Document, Anonymiser | None]:
    """The document a snapshot makes in a style (tests and previews build without writing)."""
    return build(PreparedExport(snapshot, options, Path("."), genogram))


def write_temporary(prepared: PreparedExport, progress: Progress | None = None) -> Path:
    """Build the document and write it, scanned and protected, to a temporary file beside the
    target. No case access: the dialog runs this on a worker thread."""
    document, anonymiser = build(prepared)
    options = prepared.options
    if anonymiser is not None:
        prepared.redactions.update(redaction_summary(anonymiser.counts,
                                                     prepared.snapshot.anonymisation))
    verify = None
    if anonymiser is not None:
        def verify(data: bytes) -> None:
            anonymiser.check(file_text(data, options.format))

    return output.write_temporary(document, prepared.path, options.format, options.password,
                                  progress, verify)


def finish(case: CaseFile, prepared: PreparedExport, tmp: Path) -> ExportResult:
    """Record the export, then place the file; the temporary file never outlives this."""
    try:
        changes = record_and_place(case, prepared.options, tmp, prepared.path,
                                   prepared.redactions or None)
    finally:
        tmp.unlink(missing_ok=True)
    return ExportResult(prepared.path, changes)


def export_label(options: ExportOptions, path: Path) -> str:
    return (f"Export {options.style} chronology as {options.format}"
            f"{' (anonymised)' if options.anonymise else ''} to {path.name}")


def record_and_place(case: CaseFile, options: ExportOptions, tmp: Path,
                     target: Path, redactions: dict[str, object] | None = None) -> Changes:
    """Commit the export's record, renaming the file into place inside the transaction."""
    issued = options.proceedings_issued
    extra: dict[str, object] = {
        "all_events": options.all_events, "window_years": options.window_years,
        "key_events_only": options.key_events_only,
        "household_on_key_events": options.household_on_key_events,
        "proceedings_issued": issued.isoformat() if issued else None,
        "version": options.version}
    if redactions is not None:
        extra["redactions"] = redactions  # the redaction log, in the audit trail
    record = ExportRecord(
        at=now_iso(), path=str(target), format=ExportFormat(options.format).value,
        style=str(options.style), anonymised=options.anonymise,
        password_protected=options.password is not None, marking=options.marking,
        options=json.loads(json.dumps(extra)), author=case.author,
    )
    placed = False
    try:
        with case.transaction(export_label(options, target)) as tx:
            tx.add(record)
            output.place_file(tmp, target)  # last step before COMMIT: a failed rename rolls back
            placed = True
    except BaseException:
        if placed:  # the rename happened but the commit did not: take the file back out
            target.unlink(missing_ok=True)
        raise
    return Changes.of(tx)


def export_case(case: CaseFile, options: ExportOptions, path: str | os.PathLike[str],
                render_genogram: PngRenderer | None = None,
                progress: Progress | None = None) -> ExportResult:
    """The whole job at once (the command line; the dialog runs the steps on threads)."""
    if case.read_only:
        from storage.errors import ReadOnlyLocation

        raise ReadOnlyLocation(
            f"{case.path.name} is open read-only, and an export must be recorded in the case's "
            "audit trail. Close it elsewhere and open it for editing to export.")
    prepared = prepare(case, options, path, render_genogram)
    if progress is not None:
        progress.check()
    return finish(case, prepared, write_temporary(prepared, progress))
