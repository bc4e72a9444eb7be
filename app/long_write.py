"""Long writes with a progress dialog and Cancel: a big import, and the undo or redo of one.

Writing 20,000 rows (or taking them out again) takes seconds; on the GUI thread the window
would freeze for all of it. So above LONG_ROWS rows the write runs on a worker through
CaseSession.run_in_background, and this shows a window-modal progress dialog whose Cancel
rolls the whole transaction back (storage/progress.py). Short writes stay where they were:
they take less than the 100 ms a user notices, and a dialog flashing up would be worse.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from app.operations.changes import Changes
from app.session import CaseSession
from storage.casefile import CaseFile

# About 100 ms of writing on a quiet 2-core machine (entries with their audit rows and FTS).
LONG_ROWS = 300


class _Relay(QObject):
    """Lives on the GUI thread; the worker emits, Qt queues the call to the GUI thread."""

    progressed = Signal(int, int)


class LongWrite(QObject):
    """One long write in progress: the dialog, the cancel flag and the callbacks."""

    def __init__(self, parent: QWidget, title: str, text: str) -> None:
        super().__init__(parent)
        self.cancel = threading.Event()
        self.dialog = QProgressDialog(text, "Cancel", 0, 0, parent)
        self.dialog.setObjectName("long-write")
        self.dialog.setWindowTitle(title)
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(300)  # a write done sooner never shows it
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        self.dialog.canceled.connect(self._cancelled)
        self._relay = _Relay(self)
        self._relay.progressed.connect(self._progressed)

    def report(self, done: int, total: int) -> None:  # called on the worker
        self._relay.progressed.emit(done, total)

    def _progressed(self, done: int, total: int) -> None:
        if shiboken6.isValid(self.dialog) and not self.cancel.is_set():
            self.dialog.setMaximum(total)
            self.dialog.setValue(min(done, total) if total else 0)

    def _cancelled(self) -> None:
        self.cancel.set()
        self.dialog.setLabelText("Cancelling: nothing will be changed…")
        self.dialog.setCancelButton(None)
        self.dialog.show()  # QProgressDialog hides itself on Cancel; the work is still running

    def close(self) -> None:
        if shiboken6.isValid(self.dialog):
            self.dialog.reset()
            self.dialog.close()
            self.dialog.deleteLater()
        self.deleteLater()


def run_long(session: CaseSession, parent: QWidget, title: str, text: str,
             work: Callable[[CaseFile], Changes] | None,
             on_done: Callable[[Changes], None], on_failed: Callable[[BaseException], None],
             undo: bool | None = None) -> LongWrite:
    """Run `work` (or, with `undo` True/False, the session's undo/redo) on a worker with a
    progress dialog; `on_done` / `on_failed` are called on the GUI thread after it closes."""
    job = LongWrite(parent, title, text)

    def done(changes: Changes) -> None:
        job.close()
        on_done(changes)

    def failed(exc: BaseException) -> None:
        job.close()
        on_failed(exc)

    kwargs = dict(report=job.report, cancel=job.cancel, on_done=done, on_failed=failed)
    if undo is True:
        session.undo_in_background(**kwargs)
    elif undo is False:
        session.redo_in_background(**kwargs)
    else:
        assert work is not None
        session.run_in_background(work, **kwargs)  # type: ignore[arg-type]
    return job
