"""Progress reporting and cancellation shared by every writer.

Writers call `advance()` once per row; the GUI worker passes a callback that forwards progress
to the GUI thread and a threading.Event set by its Cancel button. Checking the event is cheap,
but the callback is only called every `every` steps so a 20,000-row export is not slowed by
signal traffic.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from exports.errors import ExportCancelled

ProgressCallback = Callable[[int, int], None]


class Progress:
    __slots__ = ("total", "done", "_report", "_cancel", "_every", "_next")

    def __init__(
        self,
        total: int = 0,
        report: ProgressCallback | None = None,
        cancel: threading.Event | None = None,
        every: int = 50,
    ) -> None:
        self.total = total
        self.done = 0
        self._report = report
        self._cancel = cancel
        self._every = every
        self._next = every

    def advance(self, steps: int = 1) -> None:
        self.done += steps
        if self.done >= self._next:
            self._next = self.done + self._every
            self.check()
            if self._report is not None:
                self._report(self.done, self.total)

    def check(self) -> None:
        if self._cancel is not None and self._cancel.is_set():
            raise ExportCancelled("The export was cancelled; no file was written.")

    def finish(self) -> None:
        self.check()
        if self._report is not None:
            self._report(self.total, self.total)
