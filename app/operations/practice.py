"""The father-inclusion audit's write paths: a case's anonymous practice summary, and the
partnership report aggregated from many of them.

Writing a summary does not change what the case says, but the summary leaves the encrypted
file, so it is recorded as an export is (storage/export_record.py: who, when, where).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from pathlib import Path

from app.operations.changes import Changes
from app.operations.export import ExportResult
from exports.output import place_file
from exports.practice_report import (
    Loaded,
    load_summaries,
    report_format,
    summary_files,
    write_report,
)
from exports.practice_summary import write_summary_temporary
from forms.practice import build_summary
from storage.casefile import CaseFile, now_iso
from storage.errors import ReadOnlyLocation
from storage.export_record import ExportRecord
from storage.practice_store import snapshot_people

SUMMARY_STYLE = "practice_summary"  # the export record's style for a practice summary


def write_practice_summary(case: CaseFile, path: str | os.PathLike[str],
                           today: dt.date | None = None) -> ExportResult:
    """Build, write to a temporary file, scan for names and dates of birth; then record it and
    place it in one transaction, as every export is (app/operations/export.py): no summary
    exists without its audit record, and no record without its file."""
    if case.read_only:
        raise ReadOnlyLocation(
            f"{case.path.name} is open read-only, and a practice summary must be recorded in the "
            "case's audit trail. Close it elsewhere and open it for editing.")
    target = Path(path)
    summary = build_summary(case, today)
    tmp = write_summary_temporary(summary, target, snapshot_people(case))
    record = ExportRecord(
        at=now_iso(), path=str(target), format="json", style=SUMMARY_STYLE, anonymised=True,
        options={"men": len(summary["men"]), "summary_version": summary["version"]},
        author=case.author)
    placed = False
    try:
        with case.transaction(f"Write practice summary {target.name}") as tx:
            tx.add(record)
            place_file(tmp, target)  # the last step before COMMIT: a failed rename rolls back
            placed = True
    except BaseException:
        if placed:
            target.unlink(missing_ok=True)
        raise
    finally:
        tmp.unlink(missing_ok=True)
    return ExportResult(target, Changes.of(tx))


def write_practice_report(inputs: Sequence[str | os.PathLike[str]], out: str | os.PathLike[str],
                          skip_invalid: bool = False,
                          today: dt.date | None = None) -> tuple[Path, Loaded]:
    report_format(Path(out))  # a wrong suffix is refused before any summary is read
    loaded = load_summaries(summary_files(inputs), skip_invalid)
    return write_report(loaded, out, today), loaded
