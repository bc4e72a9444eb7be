"""Reading where each export went (one export_record row per file written out of the case)."""

from __future__ import annotations

from storage.casefile import CaseFile
from storage.export_record import ExportRecord
from storage.rows import from_row


def export_records(case: CaseFile) -> list[ExportRecord]:
    """Newest first."""
    cur = case.db.execute("SELECT * FROM export_record ORDER BY id DESC")
    names = [d[0] for d in cur.description]
    return [from_row(ExportRecord, dict(zip(names, r, strict=True))) for r in cur]


def last_export(case: CaseFile) -> ExportRecord | None:
    found = export_records(case)
    return found[0] if found else None
