"""The open case as the GUI sees it: one undo history and one change signal for every view.

Views never reach into each other. A user action runs an operation (app/operations) through
`CaseSession.run()`, which records it in the undo history and lets every view refresh itself
from the `changed` signal, which carries the operation's `Changes` (areas of the case, never
table names). Undo and redo go through the Qt-free `History`: the file is changed first and
the history moves only when that succeeded, so the menus never offer a state the file lacks.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Concatenate, ParamSpec, TypeVar

from PySide6.QtCore import QObject, Signal

from app.drafts import DraftBook
from app.operations.changes import Changes
from app.operations.history import History
from storage.casefile import CaseFile, Change

P = ParamSpec("P")
T = TypeVar("T")


class CaseSession(QObject):
    changed = Signal(object)  # app.operations.changes.Changes
    history_changed = Signal()  # undo/redo availability or labels moved
    # A view asks to see who lived with the child on a day (a chronology entry's date); the
    # genogram answers by drawing the household as at that day. Carries a datetime.date.
    household_date_requested = Signal(object)

    def __init__(self, case: CaseFile, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.case = case
        self.history = History()
        # Every form's unsaved answers, kept as drafts in the case (app/drafts.py): the window
        # asks for them all before a lock, quit or another case takes the widgets away.
        self.drafts = DraftBook(case, self)
        # Every commit, whoever made it, reaches the views: an operation run outside run()
        # (an export recording itself) must still refresh what shows the case.
        self._relay = self._committed
        case.listeners.append(self._relay)

    @property
    def read_only(self) -> bool:
        return self.case.read_only

    def _committed(self, change: Change) -> None:
        changes = Changes.from_change(change)
        if changes.changed:
            self.changed.emit(changes)

    def run(self, op: Callable[Concatenate[CaseFile, P], Changes], *args: P.args,
            **kwargs: P.kwargs) -> Changes:
        """Run one operation on the case: one transaction, one undo entry.

        A CaseError from the operation (a rule, a full disk) propagates with nothing written
        and nothing recorded; callers show its message.
        """
        changes = op(self.case, *args, **kwargs)
        if changes.changed:
            self.history.record(changes)
            self.history_changed.emit()
        return changes

    def undo(self) -> Changes | None:
        if not self.history.can_undo:
            return None
        changes = self.history.undo(self.case)
        self.history_changed.emit()
        return changes

    def redo(self) -> Changes | None:
        if not self.history.can_redo:
            return None
        changes = self.history.redo(self.case)
        self.history_changed.emit()
        return changes

    def close(self) -> None:
        if self._relay in self.case.listeners:
            self.case.listeners.remove(self._relay)
        self.history.clear()
        self.case.close()

