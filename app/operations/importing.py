"""Importing an agency's return: one plan written as one undoable action.

Reading the file and planning it (forms/importers: every row parsed, checked, compared for
duplicates) touch nothing and run off the GUI thread; this writes the plan. The window
(app/chronology/import_dialog.py) and `visible import` both call it, so the same refusal, the
same undo text and the same audit apply to both. Undo and redo are the generic ones of the
operations' History: the import is one transaction.
"""

from __future__ import annotations

from app.operations.changes import Changes
from forms.importers.plan import ImportPlan, check_writable, write_plan
from storage.casefile import CaseFile


def import_label(plan: ImportPlan) -> str:
    """The undo text: "Import 3 entries from police.csv (Police)"."""
    return f"Import {len(plan.valid_rows)} entries from {plan.file_name} ({plan.agency.name})"


def import_plan(case: CaseFile, plan: ImportPlan, skip_invalid: bool = False) -> Changes:
    """Write the plan's valid rows, refusing first (nothing written) if any row is invalid
    and skip_invalid is not set, or no row is valid."""
    check_writable(plan, skip_invalid)
    with case.transaction(import_label(plan)) as tx:
        write_plan(tx, plan, skip_invalid)
    return Changes.of(tx)
