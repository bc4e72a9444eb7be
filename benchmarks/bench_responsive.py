"""A window that never freezes (issue 18 item 5): the longest GUI-thread stall of each action
on a 20,000-entry case, measured with a timer-latency probe.

The real main window (every panel) runs offscreen. A QTimer fires every 5 ms on the GUI
thread for the whole of an action, and for half a second after it finished (views refresh
from the change signal after the work itself); the longest gap between two firings, less
the 5 ms, is how long the window could not repaint or answer a click. Each action is driven
the way a user drives it (the unlock form, the import dialog's Import button, Edit → Undo,
the export dialog, the lens tab, the search box, a filter, a man in the carers list), and is
done when what the user waits for is on screen. Target: no stall over 100 ms.

Wall-clock by nature (a stall is wall time), so a loaded machine lengthens it: the load
average is written in the note of each figure.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks.figures import figure
from benchmarks.synthetic import PASSPHRASE, cache_dir, demo_case_path

PROBE_MS = 5
SETTLE_S = 0.5  # after an action is done: its views refresh from the change signal
TARGET_MS = 100.0


class Probe:
    """Records the longest gap between firings of a 5 ms timer on the GUI thread."""

    def __init__(self) -> None:
        from PySide6.QtCore import Qt, QTimer

        self.timer = QTimer()
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(PROBE_MS)
        self.timer.timeout.connect(self._tick)
        self.last = 0.0
        self.worst = 0.0

        if os.environ.get("VISIBLE_STALL_TRACE"):
            self._watch()

    def _watch(self) -> None:
        """Debugging aid: print where the GUI thread is when it has not ticked for 80 ms."""
        import collections
        import threading
        import traceback

        import shiboken6

        gui = threading.get_ident()
        depth = int(os.environ.get("VISIBLE_STALL_TRACE_DEPTH", "5"))  # frames of the GUI's stack
        self.seen: collections.Counter[str] = collections.Counter()

        def where(frame: Any, keep: int) -> str:
            stack = traceback.extract_stack(frame)
            mine = [f for f in stack if "bench_responsive" not in f.filename][-keep:]
            return "  <- ".join(f"{Path(f.filename).name}:{f.lineno} {f.name}"
                                for f in reversed(mine))

        def watch() -> None:
            me = threading.get_ident()
            while shiboken6.isValid(self.timer):
                time.sleep(0.02)
                if self.timer.isActive() and time.perf_counter() - self.last > 0.08:
                    frames = sys._current_frames()
                    gui_frame = frames.get(gui)
                    text = "GUI " + (where(gui_frame, depth) if gui_frame is not None else "?")
                    others = [where(f, max(3, depth)) for t, f in frames.items()
                              if t not in (gui, me)]
                    self.seen[text + "".join(f"\n        worker {o}" for o in others)] += 1

        threading.Thread(target=watch, daemon=True).start()

    def report(self) -> None:
        seen = getattr(self, "seen", None)
        if seen is None:
            return
        for where, count in seen.most_common(6):
            print(f"    {count * 20} ms  {where}", file=sys.stderr)
        seen.clear()

    label: Callable[[], str] | None = None  # debugging: what was going on at a long gap

    def _tick(self) -> None:
        now = time.perf_counter()
        tracing = os.environ.get("VISIBLE_STALL_TRACE")
        if self.label is not None and tracing and now - self.last > 0.1:
            print(f"    gap {1000 * (now - self.last):.0f} ms ended during: {self.label()}",
                  file=sys.stderr)
        self.worst = max(self.worst, now - self.last)
        self.last = now

    def measure(self, start: Callable[[], None], done: Callable[[], bool],
                timeout: float = 300.0) -> tuple[float, float]:
        """Run `start` from the event loop, spin until `done()`, then settle; returns (longest
        stall in ms, seconds until done)."""
        from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer

        self.worst = 0.0
        self.last = time.perf_counter()
        began = self.last
        self.timer.start()
        QTimer.singleShot(0, start)
        wait = QEventLoop.ProcessEventsFlag.WaitForMoreEvents
        while True:
            QCoreApplication.processEvents(wait)
            if time.perf_counter() - began > 0.001 and done():
                break
            if time.perf_counter() - began > timeout:
                raise TimeoutError(f"{getattr(start, '__name__', start)} did not finish")
        took = time.perf_counter() - began
        settle_until = time.perf_counter() + SETTLE_S
        while time.perf_counter() < settle_until:
            QCoreApplication.processEvents(wait)
        self.timer.stop()
        return max(0.0, self.worst * 1000 - PROBE_MS), took


def _write_return(path: Path, rows: int) -> None:
    from benchmarks.bench_imports import write_return

    write_return(path, rows)


def run(quick: bool) -> list[dict[str, Any]]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    entries = 2_000 if quick else 20_000
    folder = Path(tempfile.mkdtemp(prefix="bench-responsive-", dir=cache_dir()))
    path = folder / "case.vcase"
    shutil.copyfile(demo_case_path(entries), path)
    # A copy of the cached case, written to and thrown away each run: a record of its heads
    # kept across runs would (rightly) call the next fresh copy an older restored file.
    os.environ["VISIBLE_CONFIG_DIR"] = str(folder / "config")
    source = folder / "police.csv"
    _write_return(source, entries)
    load = os.getloadavg()[0]
    figures: list[dict[str, Any]] = []

    from app.main_window import MainWindow
    from app.settings import Settings

    settings = Settings(folder / "settings" / "settings.ini")
    window = MainWindow(settings)
    window.resize(1366, 768)
    window.show()
    app.processEvents()
    probe = Probe()

    def add(name: str, stall: float, took: float, extra: str = "") -> None:
        print(f"  {name}: longest stall {stall:.0f} ms, {took:.2f} s", file=sys.stderr,
              flush=True)
        probe.report()
        figures.append(figure(
            f"longest GUI stall: {name} ({entries:,}-entry case)", stall, "ms", None, TARGET_MS,
            target_on="value",
            note=f"action took {took:.2f} s in all; load average {load:.2f}{extra}"))

    # Open: the unlock form (key derivation off the GUI thread), then every panel built.
    def open_case() -> None:
        dialog = window.unlock_path(path)
        assert dialog is not None
        dialog.passphrase.setText(PASSPHRASE)
        dialog.form.try_unlock()

    stall, took = probe.measure(open_case, lambda: window.session is not None)
    add("open (unlock to every panel shown)", stall, took)
    session = window.session
    assert session is not None
    from app.carers.view import CarersView
    from app.panels.chronology import ChronologyPanel

    chronology = next(w for w in window.panel_widgets() if isinstance(w, ChronologyPanel))
    carers = next(w for w in window.panel_widgets() if isinstance(w, CarersView))
    view = chronology.view

    # Import: the file read and planned (preview), then Import pressed.
    from app.chronology.import_dialog import ImportDialog
    from storage.chronology_store import agency_by_name

    police = agency_by_name(session.case, "Police")
    view.import_dialog = None  # type: ignore[assignment]

    def planned() -> bool:
        dlg: ImportDialog | None = getattr(view, "import_dialog", None)
        if dlg is None or not dlg.isVisible():
            return False
        if dlg.agency.currentData() != police.id:  # the user picks the agency
            dlg.agency.setCurrentIndex(dlg.agency.findData(police.id))
        return dlg.plan is not None and not dlg.planning

    stall, took = probe.measure(lambda: view.open_import(source), planned)
    add("import: read, choose the agency, preview every row", stall, took)
    dialog: ImportDialog = view.import_dialog
    before = session.history.undo_label

    def imported() -> bool:
        return session.history.undo_label != before and not getattr(session, "busy", False)

    stall, took = probe.measure(dialog.import_button.click, imported)
    add("import write (Import pressed)", stall, took)

    def idle_with(check: Callable[[], bool]) -> Callable[[], bool]:
        return lambda: check() and not getattr(session, "busy", False)

    stall, took = probe.measure(window.undo, idle_with(lambda: session.history.can_redo))
    add("undo that import", stall, took)
    stall, took = probe.measure(window.redo, idle_with(lambda: not session.history.can_redo))
    add("redo that import", stall, took)

    # Export: the dialog opened, then the export run (read, genogram, write, recorded).
    from app.export_dialog import ExportDialog
    from exports.document import ExportFormat, ExportOptions

    exports: list[ExportDialog] = []
    target = folder / "out" / "chronology.docx"
    target.parent.mkdir()

    def export() -> None:
        dlg = ExportDialog(session.case, window, folder=target.parent)
        exports.append(dlg)
        dlg.show()
        dlg.start(ExportOptions(format=ExportFormat.DOCX, all_events=True), target)

    probe.label = lambda: exports[0].status.text() if exports else "opening the dialog"
    stall, took = probe.measure(export, lambda: bool(exports) and exports[0].written is not None)
    probe.label = None
    add("export (dialog, read, write, recorded)", stall, took)
    exports[0].close()

    # Lens: its tab opened on the first man.
    def lens() -> None:
        chronology.setCurrentIndex(1)

    def lens_shown() -> bool:
        built = chronology.lens
        return built is not None and not built.busy and built.lens is not None  # type: ignore[attr-defined]

    stall, took = probe.measure(lens, lens_shown)
    add("lens (first man's, tab opened)", stall, took)
    chronology.setCurrentIndex(0)

    # Search and filter in the chronology.
    def search() -> None:
        view.search.setText("cannabis")
        view.apply_filters()

    # Done when the entries found are shown (a big chronology reads them on a worker, and
    # shows the rows it had meanwhile).
    def found() -> bool:
        return not getattr(view, "filtering", False) and view.model.rowCount() > 0

    stall, took = probe.measure(search, found)
    add("search 'cannabis'", stall, took)
    view.search.setText("")

    def filter_agency() -> None:
        view.agency.setCurrentIndex(1)  # type: ignore[attr-defined]

    # Done when shown, whatever it found (an agency may have no entries).
    stall, took = probe.measure(filter_agency, lambda: not getattr(view, "filtering", False))
    add("filter by agency", stall, took)

    # A man's page in the carers panel.
    from app.chronology.lens_view import lens_men

    man = lens_men(session.case)[0].id
    assert man is not None
    # On screen, as a user sees it: a page built while hidden is neither laid out nor painted.
    stall, took = probe.measure(lambda: window.show_page("carers"), lambda: True)
    add("the Men page brought forward", stall, took)
    stall, took = probe.measure(lambda: carers.open_man(man), lambda: carers.page is not None)
    add("open a man's page", stall, took)
    # His record's longest section (17 questions), built when first shown: done when its last
    # question is there.
    stall, took = probe.measure(lambda: carers.open_man(man, "engagement"),
                                lambda: carers.page is not None and not carers.page.form.building)
    add("a section of his record shown (Engagement, 17 questions)", stall, took)

    window.close_case()
    window.close()
    app.processEvents()
    shutil.rmtree(folder, ignore_errors=True)
    return figures


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    for fig in run("--quick" in sys.argv):
        print(json.dumps(fig, ensure_ascii=False))
