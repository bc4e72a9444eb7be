"""Run slow work (key derivation, export, import) off the GUI thread.

One helper for all of it: the work function runs on a pool thread and must not touch widgets;
its result (or its exception) is handed back on the GUI thread through a queued signal.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from storage.errors import CaseError

if TYPE_CHECKING:  # the case is loaded when a case is opened, not when the app starts
    from storage.casefile import CaseFile

T = TypeVar("T")

# How long a thread may keep the interpreter while another waits for it (CPython's default is
# 5 ms). The window's thread enters Python for every event (the application-wide event
# filters: idle lock, screen fit, widget policy), so while a worker computes (planning an
# import, building an export) each event waited up to 5 ms for the interpreter: hundreds of
# events in a row froze the window for 1.4 s in the import preview of 20,000 rows. At 0.5 ms
# it was 0.27 s; a lone worker with nobody waiting is not slowed at all.
GUI_SWITCH_INTERVAL_S = 0.0005
sys.setswitchinterval(GUI_SWITCH_INTERVAL_S)


class _Relay(QObject):
    done = Signal(object)
    failed = Signal(object)


class _Task(QRunnable):
    def __init__(self, fn: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self.fn = fn
        self.relay = relay

    def run(self) -> None:
        try:
            result = self.fn()
        except BaseException as exc:  # handed to the GUI thread, which decides what to show
            self._report(self.relay.failed, exc)
        else:
            self._report(self.relay.done, result)

    @staticmethod
    def _report(signal: Any, value: object) -> None:
        try:
            signal.emit(value)
        except RuntimeError:
            # The relay went with the application (the process is ending while this work
            # ran): nobody is left to tell, and an exception here would only be printed by
            # Qt as an error in a QRunnable override.
            pass


_live: set[_Relay] = set()


def run_in_background(fn: Callable[[], Any], on_done: Callable[[Any], None],
                      on_error: Callable[[BaseException], None]) -> None:
    relay = _Relay()
    _live.add(relay)  # keep the relay alive until it has reported

    def finish_ok(result: Any) -> None:
        _live.discard(relay)
        on_done(result)

    def finish_err(exc: BaseException) -> None:
        _live.discard(relay)
        on_error(exc)

    relay.done.connect(finish_ok)
    relay.failed.connect(finish_err)
    QThreadPool.globalInstance().start(_Task(fn, relay))


def read_in_background(case: CaseFile, fn: Callable[[CaseFile], T],
                       on_done: Callable[[T], None],
                       on_error: Callable[[BaseException], None]) -> None:
    """Run `fn(reader)` on a worker, where `reader` is the case's own read-only connection.

    The window's connection stays the GUI thread's alone: a worker never shares it, so a write
    on screen and a long read cannot interleave on one connection. The reader is opened here,
    on the calling thread (it reuses the derived key: milliseconds, no key derivation), so a
    closed case fails at once; `fn` sees one committed state and the reader is closed after.
    """
    try:
        reader = case.reader()
    except CaseError as exc:
        on_error(exc)
        return

    def work() -> T:
        try:
            with reader.snapshot():
                return fn(reader)
        finally:
            reader.close()

    run_in_background(work, on_done, on_error)
