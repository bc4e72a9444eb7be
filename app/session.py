"""The open case as the GUI sees it: one undo history and one change signal for every view.

Views never reach into each other. A user action runs an operation (app/operations) through
`CaseSession.run()`, which records it in the undo history and lets every view refresh itself
from the `changed` signal, which carries the operation's `Changes` (areas of the case, never
table names). Undo and redo go through the Qt-free `History`: the file is changed first and
the history moves only when that succeeded, so the menus never offer a state the file lacks.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, Concatenate, ParamSpec, TypeVar

from PySide6.QtCore import QCoreApplication, QEventLoop, QObject, Signal

from app.drafts import DraftBook
from app.operations.changes import Changes
from app.operations.history import History
from app.workers import run_in_background
from storage.casefile import CaseFile, Change
from storage.errors import CaseError
from storage.progress import NO_PROGRESS, Progress, Report

P = ParamSpec("P")
T = TypeVar("T")


class CaseSession(QObject):
    changed = Signal(object)  # app.operations.changes.Changes
    history_changed = Signal()  # undo/redo availability or labels moved
    # A view asks to see who lived with the child on a day (a chronology entry's date); the
    # genogram answers by drawing the household as at that day. Carries a datetime.date.
    household_date_requested = Signal(object)
    busy_changed = Signal(bool)  # a long write started (True) or ended (False) on a worker

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
        # A long write (a 20,000-row import, its undo) runs on a worker thread on this case's
        # connection while the window keeps painting; its commit is announced from there, so
        # the views hear of it only back on the GUI thread, when the work is done.
        self.busy = False
        self._held: list[Changes] = []

    @property
    def read_only(self) -> bool:
        return self.case.read_only

    def _committed(self, change: Change) -> None:
        # Made into Changes where it was committed: for a long write that is the worker, so
        # the GUI thread does not walk its 60,000 rows for their areas when it is done.
        changes = Changes.from_change(change)
        if self.busy and threading.current_thread() is not threading.main_thread():
            self._held.append(changes)
            return
        self._announce(changes)

    def _announce(self, changes: Changes) -> None:
        if changes.changed:
            self.changed.emit(changes)

    def run(self, op: Callable[Concatenate[CaseFile, P], Changes], *args: P.args,
            **kwargs: P.kwargs) -> Changes:
        """Run one operation on the case: one transaction, one undo entry.

        A CaseError from the operation (a rule, a full disk) propagates with nothing written
        and nothing recorded; callers show its message.
        """
        self._not_busy()
        changes = op(self.case, *args, **kwargs)
        if changes.changed:
            self.history.record(changes)
            self.history_changed.emit()
        return changes

    def undo(self) -> Changes | None:
        if not self.history.can_undo:
            return None
        self._not_busy()
        changes = self.history.undo(self.case)
        self.history_changed.emit()
        return changes

    def redo(self) -> Changes | None:
        if not self.history.can_redo:
            return None
        self._not_busy()
        changes = self.history.redo(self.case)
        self.history_changed.emit()
        return changes

    def _not_busy(self) -> None:
        if self.busy:
            raise CaseError("A change is still being saved; wait for it to finish.")

    # Long work on a worker thread --------------------------------------------------------------
    def run_in_background(self, work: Callable[[CaseFile], Changes], *, report: Report,
                          cancel: threading.Event, on_done: Callable[[Changes], None],
                          on_failed: Callable[[BaseException], None],
                          record: bool = True) -> None:
        """Run a long write (`work(case)`: one operation, or an undo or redo) on a worker.

        Nothing else writes meanwhile: the window shows a modal progress dialog, and a second
        request is refused. The transaction checks `cancel` between chunks and before COMMIT,
        so Cancel rolls everything back. `report(done, total)` is called on the worker. When
        the work is done the history records it (if `record`) and the views hear of it, on
        the GUI thread, before `on_done`; a failure reaches `on_failed` with nothing written.
        """
        self._not_busy()
        self.busy = True
        self.case.progress = Progress(report, cancel)
        self.busy_changed.emit(True)

        def finish() -> None:
            self.case.progress = NO_PROGRESS
            self.busy = False
            held, self._held = self._held, []
            for changes in held:
                self._announce(changes)
            self.busy_changed.emit(False)

        def done(changes: Changes) -> None:
            finish()
            if record and changes.changed:
                self.history.record(changes)
            self.history_changed.emit()
            on_done(changes)

        def failed(exc: BaseException) -> None:
            finish()
            self.history_changed.emit()
            on_failed(exc)

        case = self.case
        run_in_background(lambda: work(case), done, failed)

    def undo_in_background(self, **kwargs: Any) -> None:
        """undo() on a worker (a long one: an import of thousands of rows); see
        run_in_background for the keyword arguments."""
        history = self.history
        self.run_in_background(history.undo, record=False, **kwargs)

    def redo_in_background(self, **kwargs: Any) -> None:
        history = self.history
        self.run_in_background(history.redo, record=False, **kwargs)

    def settle(self) -> None:
        """Wait for a long write to finish (before a lock or close takes the connection away).
        It is not cancelled: what the user asked to save is saved, in a few seconds at most."""
        flags = (QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents
                 | QEventLoop.ProcessEventsFlag.WaitForMoreEvents)
        while self.busy:
            QCoreApplication.processEvents(flags)

    def close(self) -> None:
        self.settle()
        if self._relay in self.case.listeners:
            self.case.listeners.remove(self._relay)
        self.history.clear()
        self.case.close()

