"""How far a long write or read has got, and whether the user asked it to stop (Qt-free).

A long piece of work (an import's write, the undo of one, planning 200,000 rows) is given a
Progress: it says how much there is (`expect`), moves on (`advance`), and at each step checks
whether Cancel was pressed, raising `Cancelled` when it was. Inside a transaction that
exception rolls everything back, so a cancelled write leaves nothing half-written. The GUI's
background runner (app/session.py) passes a callback that forwards the figures to the window
and a threading.Event its Cancel button sets; everyone else gets NO_PROGRESS, which does
nothing at all.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from storage.errors import CaseError

Report = Callable[[int, int], None]  # (done, total); total 0 = not known yet


class Cancelled(CaseError):
    """The user cancelled the work; nothing was changed."""


class Progress:
    __slots__ = ("total", "done", "_report", "_cancel")

    def __init__(self, report: Report | None = None,
                 cancel: threading.Event | None = None) -> None:
        self.total = 0
        self.done = 0
        self._report = report
        self._cancel = cancel

    @property
    def cancelled(self) -> bool:
        return self._cancel is not None and self._cancel.is_set()

    def check(self) -> None:
        """Raise Cancelled if the user asked to stop (cheap: call it as often as you like)."""
        if self.cancelled:
            raise Cancelled("Cancelled; nothing was changed.")

    def expect(self, total: int) -> None:
        """There are `total` steps in all (starting again from none done)."""
        self.total = max(0, total)
        self.done = 0
        self.check()
        if self._report is not None:
            self._report(0, self.total)

    def advance(self, steps: int = 1) -> None:
        """`steps` more are done. Call it per chunk of work, not per row: each call reports."""
        self.done += steps
        self.check()
        if self._report is not None:
            self._report(min(self.done, self.total) if self.total else self.done, self.total)


class _NoProgress(Progress):
    """Nobody is watching and nothing can cancel: the CLI, tests, short actions."""

    __slots__ = ()

    def check(self) -> None:
        return None

    def expect(self, total: int) -> None:
        return None

    def advance(self, steps: int = 1) -> None:
        return None


NO_PROGRESS: Progress = _NoProgress()
