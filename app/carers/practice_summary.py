"""File → Practice summary…: the open case's anonymous father-inclusion summary, from the app.

The same operation as `visible practice-summary` (app/operations/practice.py): build, write,
scan for every recorded name and date of birth, rename, note it in the audit trail. The user
is told first what the file holds (and what it does not) and where it went afterwards.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from app.operations.practice import write_practice_summary
from storage.casefile import CaseFile
from storage.errors import CaseError

EXPLAIN = ("The practice summary counts, for the father-inclusion audit (§17.1), how each man "
           "was identified, contacted, seen, invited, asked about and screened. It holds no "
           "names, dates of birth, addresses or free text, and is checked for them before it "
           "is kept. Give it to whoever compiles the partnership's practice report "
           "(visible practice-report).")


def summary_name(case: CaseFile) -> str:
    # Not the case reference: a file name travels with the file and a reference identifies.
    return f"practice-summary-{case.case_id[:8]}.json"


def write_summary_to(parent: QWidget | None, case: CaseFile, path: Path) -> Path | None:
    """Write and report the outcome in a message box; returns the path written, or None."""
    try:
        written = write_practice_summary(case, path).path
    except CaseError as exc:
        QMessageBox.warning(parent, "Practice summary not written", str(exc))
        return None
    QMessageBox.information(parent, "Practice summary written",
                            f"Wrote {written}.\n\nIt holds no names or dates of birth (checked).")
    return written


def save_practice_summary(parent: QWidget | None, case: CaseFile, folder: Path) -> Path | None:
    chosen, _ = QFileDialog.getSaveFileName(parent, "Save the practice summary",
                                            str(folder / summary_name(case)),
                                            "Practice summary (*.json)")
    if not chosen:
        return None
    path = Path(chosen)
    if path.suffix.lower() != ".json":
        path = path.with_suffix(path.suffix + ".json") if path.suffix else path.with_suffix(".json")
    return write_summary_to(parent, case, path)
