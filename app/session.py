"""The open case as the GUI sees it: one undo stack and one change signal for every view.

Views never reach into each other. A user action goes through `CaseSession.perform()`, which
runs it as one transaction, pushes one undo entry, and emits `changed` with what the
transaction touched; every view refreshes itself from that signal.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from storage.casefile import CaseFile, Change, Txn
from storage.ids import TxnId

T = TypeVar("T")


class _CommittedAction(QUndoCommand):
    """Undo/redo of an already-committed transaction, by replaying its audit records."""

    def __init__(self, session: CaseSession, txn: TxnId, label: str) -> None:
        super().__init__(label)
        self._session = session
        self._txn = txn
        self._first = True

    def redo(self) -> None:
        if self._first:  # QUndoStack.push() calls redo(); the action has already been done
            self._first = False
            return
        self._session.case.redo(self._txn)

    def undo(self) -> None:
        self._session.case.undo(self._txn)


class CaseSession(QObject):
    changed = Signal(object)  # storage.casefile.Change

    def __init__(self, case: CaseFile, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.case = case
        self.undo_stack = QUndoStack(self)
        case.listeners.append(self.changed.emit)

    @property
    def read_only(self) -> bool:
        return self.case.read_only

    def perform(self, label: str, action: Callable[[Txn], T]) -> T:
        """One user action = one transaction = one undo entry."""
        with self.case.transaction(label) as tx:
            result = action(tx)
        if tx.change.rows:
            self.undo_stack.push(_CommittedAction(self, tx.change.txn, label))
        return result

    def close(self) -> None:
        if self.case.listeners and self.changed.emit in self.case.listeners:
            self.case.listeners.remove(self.changed.emit)
        self.undo_stack.clear()
        self.case.close()


def describe(change: Change) -> str:
    return f"{change.action} ({len(change.rows)} change{'s' if len(change.rows) != 1 else ''})"
