"""Undo and redo that never show a state the file does not have.

The history holds committed transactions by id. Undoing one replays its audit records
backwards as a new transaction (storage.casefile.CaseFile.undo); only when that commit has
succeeded does the history move. A failed undo or redo (full disk, a damaged page, a row that
changed since) raises a CaseError with one clear line and leaves the history, the file and
therefore the screen exactly as they were. Qt-free, so the CLI and tests use it as the GUI does.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.operations.changes import Changes
from storage.casefile import CaseFile
from storage.ids import TxnId


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    txn: TxnId  # the original transaction; undo and redo both replay its audit records
    label: str


class History:
    def __init__(self) -> None:
        self._done: list[HistoryEntry] = []
        self._undone: list[HistoryEntry] = []

    def record(self, changes: Changes) -> None:
        """A new action was committed: it can be undone, and nothing undone can be redone."""
        if not changes.changed or changes.txn is None:
            return
        self._done.append(HistoryEntry(changes.txn, changes.label))
        self._undone.clear()

    @property
    def can_undo(self) -> bool:
        return bool(self._done)

    @property
    def can_redo(self) -> bool:
        return bool(self._undone)

    @property
    def undo_label(self) -> str:
        return self._done[-1].label if self._done else ""

    @property
    def redo_label(self) -> str:
        return self._undone[-1].label if self._undone else ""

    def __len__(self) -> int:
        return len(self._done) + len(self._undone)

    def undo(self, case: CaseFile) -> Changes:
        entry = self._done[-1]
        changes = Changes.from_change(case.undo(entry.txn))  # raises: nothing below runs
        self._done.pop()
        self._undone.append(entry)
        return changes

    def redo(self, case: CaseFile) -> Changes:
        entry = self._undone[-1]
        changes = Changes.from_change(case.redo(entry.txn))
        self._undone.pop()
        self._done.append(entry)
        return changes

    def clear(self) -> None:
        self._done.clear()
        self._undone.clear()
