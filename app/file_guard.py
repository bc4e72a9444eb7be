"""Notice when the case file changes on disk behind our back, before we write anything.

The lock file keeps a second copy of Visible from writing, but not a sync client, a restore
from backup, a copy dragged over the file, or another user who opened it read-only and is
looking at a now stale picture. So the open case remembers a fingerprint of the file (inode,
size, modification time, and SQLite's `PRAGMA data_version`, which changes when any other
connection commits) and refreshes it after each of its own commits. The guard sits on the open
CaseFile's `before_write` hook, so whatever writes (an operation, an undo, an export recording
itself) compares first and is refused with a clear message instead of writing over someone
else's change; a file watcher tells the window as soon as it happens.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from PySide6.QtCore import QFileSystemWatcher, QObject, Signal

from app.session import CaseSession
from storage.casefile import CaseFile
from storage.errors import CaseChangedOnDisk


@dataclass(frozen=True, slots=True)
class Fingerprint:
    inode: int
    size: int
    mtime_ns: int
    data_version: int


def fingerprint(case: CaseFile) -> Fingerprint:
    st = os.stat(case.path)
    return Fingerprint(st.st_ino, st.st_size, st.st_mtime_ns, case.data_version())


class DiskGuard:
    def __init__(self, case: CaseFile) -> None:
        self.case = case
        self._known = fingerprint(case)

    def acknowledge(self) -> None:
        """Our own commit changed the file: that is the new normal."""
        self._known = fingerprint(self.case)

    def changed(self) -> bool:
        if self.case.closed:
            return False
        try:
            return fingerprint(self.case) != self._known
        except OSError:  # deleted or moved away: certainly changed
            return True

    def message(self) -> str:
        name = self.case.path.name
        if self.case.read_only:
            return (f"{name} has been changed on disk since you opened it (read-only), so what you "
                    "see may be out of date. Lock and unlock the case (Ctrl+L) to see the latest.")
        return (f"{name} has been changed on disk by another program since you opened it. "
                "Nothing more has been saved, so that neither version is lost. Close the case and "
                "open it again (or lock and unlock it with Ctrl+L) to continue from the file as "
                "it is now.")

    def check(self) -> None:
        if self.changed():
            raise CaseChangedOnDisk(self.message())


class GuardedSession(CaseSession):
    """A CaseSession that will not write to a file that changed on disk since it last looked."""

    changed_on_disk = Signal()

    def __init__(self, case: CaseFile, parent: QObject | None = None) -> None:
        super().__init__(case, parent)
        self.guard = DiskGuard(case)
        self._ack = lambda _change: self.guard.acknowledge()
        case.listeners.insert(0, self._ack)  # before views refresh, so their reads see it settled
        case.before_write.append(self.guard.check)
        case.after_rollback.append(self.guard.acknowledge)
        self._reported = False
        self._watcher = QFileSystemWatcher([str(case.path)], self)
        self._watcher.fileChanged.connect(self.check_now)
        self.busy_changed.connect(self._watch_unless_busy)

    def _watch_unless_busy(self, busy: bool) -> None:
        # Our own long write (20,000 rows imported, undone, redone) changes the file with
        # every page it writes, and the watcher called check_now for each — Python on the
        # window's thread, waiting for the interpreter the worker held, to be told the file
        # is ours. So it is not watched meanwhile, and looked at once the write is done:
        # what another program did during it is still caught then.
        path = str(self.case.path)
        if busy:
            self._watcher.removePath(path)
        elif not self.case.closed:
            self._watcher.addPath(path)
            self.check_now()

    def check_now(self) -> bool:
        """Look now; emit changed_on_disk once if the file changed. Returns True if changed."""
        if self.busy:
            # Our own long write is changing the file on a worker; its commit acknowledges
            # the new state, and the next look compares against that.
            return False
        if not self.guard.changed():
            return False
        if not self._reported:
            self._reported = True
            self.changed_on_disk.emit()
        return True

    def close(self) -> None:
        self._watcher.removePaths(self._watcher.files())
        if self.guard.check in self.case.before_write:
            self.case.before_write.remove(self.guard.check)
        if self.guard.acknowledge in self.case.after_rollback:
            self.case.after_rollback.remove(self.guard.acknowledge)
        if self._ack in self.case.listeners:
            self.case.listeners.remove(self._ack)
        super().close()
