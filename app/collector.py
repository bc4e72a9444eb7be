"""When Python's cycle collector makes its full collections, in the window's process
(issue 18 item 5: a window that never freezes).

Python collects reference cycles by generations: the young objects often (a few thousand at a
time: microseconds), and in a *full* collection every object it tracks, which comes due by
itself after enough objects have survived the young ones. In the window's process that is
everything the case's pages, caches and the work in hand have made. Measured on the
20,000-entry case (benchmarks/bench_responsive.py): 120-240 ms a full collection, holding the
interpreter — three in a row while redoing an import, one of 240 ms in an export, and one of
209 ms on the window's own thread. Whichever thread it ran on, the window could not repaint or
take a click meanwhile: the window's thread needs the interpreter for every Python call.

So here full collections never come due by themselves (the oldest generation's threshold is
out of reach; young collections stay automatic) and are run where a pause is not felt:

- soon after a case is closed or locked: its objects have just gone, and the start or lock
  screen is all there is to draw;
- when the windows have had no input for a minute and no background work runs.

The builds that pause the collector outright (forms/lens/scan.py, exports/pause_gc.py) work
as before: they switch it off and on, and leave these thresholds alone.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, Qt, QThreadPool, QTimer
from PySide6.QtWidgets import QApplication

OUT_OF_REACH = 2**31 - 1  # gen-1 collections before a full one comes due: never, in practice
QUIET_MS = 60_000  # no input this long: a full collection goes unnoticed
AFTER_CLOSE_MS = 300  # the closed case's widgets are deleted first (deferred deletes)


class Collector(QObject):
    """One per application (`install`)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("collector")
        self.full_collections = 0  # run here (for tests)
        self.quiet = QTimer(self)
        self.quiet.setSingleShot(True)
        self.quiet.setTimerType(Qt.TimerType.CoarseTimer)
        self.quiet.setInterval(QUIET_MS)
        self.quiet.timeout.connect(self._quiet)
        from app import window_events

        window_events.install().input_seen.connect(self.quiet.start)  # restarted by input
        self.quiet.start()

    def soon(self) -> None:
        """A case has just been closed or locked: collect once its widgets are gone."""
        QTimer.singleShot(AFTER_CLOSE_MS, self, self.collect)

    def collect(self) -> None:
        gc.collect()
        self.full_collections += 1

    def _quiet(self) -> None:
        if QThreadPool.globalInstance().activeThreadCount() > 0:
            self.quiet.start()  # background work running: the window may be watched; later
            return
        self.collect()  # then not again until there has been input and another quiet spell


def install(app: QApplication | None = None) -> Collector:
    """The application's collector policy, made the first time."""
    app = app or QApplication.instance()  # type: ignore[assignment]
    assert isinstance(app, QApplication), "create the QApplication first"
    young, middle, _full = gc.get_threshold()
    gc.set_threshold(young, middle, OUT_OF_REACH)
    existing = app.findChild(Collector, "collector")
    return existing if existing is not None else Collector(app)
