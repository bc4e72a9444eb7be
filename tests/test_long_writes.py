"""Long writes run on a worker with progress and Cancel (issue 18 item 5): a big import from
the dialog, and the undo and redo of one from the window's Edit menu. The GUI thread keeps
turning its event loop meanwhile; Cancel rolls everything back; the views hear of the change
once, on the GUI thread, when it is done. LONG_ROWS is lowered so a small real case takes the
same path a 20,000-row import does."""

from __future__ import annotations

import datetime as dt
import threading
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QPushButton

from app.panels import chronology as chronology_panel
from app.session import CaseSession
from storage.chronology_store import count_entries
from storage.errors import CaseError

ROWS = 1_500


@pytest.fixture
def long_rows(monkeypatch):
    import app.chronology.import_dialog as dialog_module
    import app.long_write as long_write  # the main window reads it there when it undoes

    monkeypatch.setattr(dialog_module, "LONG_ROWS", 10)
    monkeypatch.setattr(long_write, "LONG_ROWS", 10)


def _return(tmp_path: Path, rows: int = ROWS) -> Path:
    path = tmp_path / "police.csv"
    lines = ["Date,Event,Source"] + [
        f"{1 + i % 28:02d}/0{1 + i % 9}/2019,Contact {i}: officers attended the flat.,POL-{i}"
        for i in range(rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _planned_dialog(qtbot, panel, path: Path):
    panel.view.open_import(path)
    qtbot.waitUntil(lambda: panel.view.import_dialog is not None, timeout=10_000)
    dialog = panel.view.import_dialog
    dialog.agency.setCurrentIndex(dialog.agency.findText("Police"))
    qtbot.waitUntil(lambda: not dialog.planning and dialog.plan is not None, timeout=30_000)
    return dialog


@pytest.fixture
def panel(qtbot, demo_case):
    session = CaseSession(demo_case)
    widget = chronology_panel.create(session)
    qtbot.addWidget(widget)
    widget.show()
    yield widget
    session.history.clear()


def test_a_long_import_writes_on_a_worker_and_the_views_hear_once_on_the_gui_thread(
        qtbot, panel, tmp_path, long_rows):
    session = panel.session
    before = count_entries(session.case)
    dialog = _planned_dialog(qtbot, panel, _return(tmp_path))
    heard: list[tuple[bool, int]] = []
    session.changed.connect(lambda _c: heard.append(
        (threading.current_thread() is threading.main_thread(), count_entries(session.case))))
    writers: list[bool] = []
    session.case.listeners.append(
        lambda _c: writers.append(threading.current_thread() is threading.main_thread()))
    ticks: list[float] = []
    probe = QTimer()
    probe.timeout.connect(lambda: ticks.append(time.perf_counter()))
    probe.start(5)
    dialog.import_button.click()
    assert session.busy and not dialog.buttons.isEnabled()  # returned at once: on a worker
    with pytest.raises(CaseError, match="still being saved"):
        session.undo() if session.history.can_undo else session.run(lambda case: None)
    qtbot.waitUntil(lambda: not session.busy, timeout=60_000)
    probe.stop()
    assert writers == [False]  # committed on the worker
    assert heard == [(True, before + ROWS)]  # announced once, on the GUI thread, when done
    assert dialog.result is not None and len(dialog.result.entry_ids) == ROWS
    # The import ends with the table showing its own entries (issue 12), out of all of them.
    assert panel.view.count.text() == f"{ROWS:,} of {before + ROWS:,} entries"
    assert session.history.undo_label == f"Import {ROWS} entries from police.csv (Police)"
    assert len(ticks) > 2  # the event loop kept turning while the rows were written


def test_cancel_during_a_long_import_writes_nothing(qtbot, panel, tmp_path, long_rows):
    session = panel.session
    before = count_entries(session.case)
    last = session.case.last_txn()
    dialog = _planned_dialog(qtbot, panel, _return(tmp_path))
    dialog.import_button.click()
    job = dialog.writing
    (cancel,) = job.dialog.findChildren(QPushButton)
    cancel.click()
    qtbot.waitUntil(lambda: not session.busy, timeout=60_000)
    assert count_entries(session.case) == before and session.case.last_txn() == last
    assert not session.history.can_undo
    assert dialog.isVisible() and dialog.buttons.isEnabled()  # the user can try again
    assert dialog.import_button.isEnabled()
    assert "Cancelled; nothing was imported." in dialog.summary.text()


def test_undo_and_redo_of_a_long_import_run_on_a_worker_from_the_window(
        qtbot, tmp_path, long_rows):
    from app.main_window import MainWindow
    from app.operations.demo import create_demo
    from app.settings import Settings
    from tests.conftest import PASSPHRASE

    create_demo(str(tmp_path / "case.vcase"), PASSPHRASE).close()
    window = MainWindow(Settings(tmp_path / "settings.ini"))
    qtbot.addWidget(window)
    window.show()
    from storage.casefile import CaseFile

    window.show_case(CaseFile.open(tmp_path / "case.vcase", PASSPHRASE))
    session = window.session
    from app.operations.importing import import_return
    from forms.importers.mapping import guess_mapping
    from forms.importers.plan import build_plan
    from forms.importers.readers import read_table
    from storage.chronology_store import agency_by_name

    table = read_table(_return(tmp_path))
    plan = build_plan(session.case, table, agency_by_name(session.case, "Police"),
                      guess_mapping(table.headers))
    before = count_entries(session.case)
    session.run(import_return, plan)
    assert count_entries(session.case) == before + ROWS
    window.undo()
    assert session.busy and not window.undo_action.isEnabled()
    qtbot.waitUntil(lambda: not session.busy, timeout=60_000)
    assert count_entries(session.case) == before and session.history.can_redo
    assert window.redo_action.isEnabled()
    window.redo()
    assert session.busy
    window.lock()  # a lock meanwhile waits for the write, then closes the case
    assert window.session is None and window.locked
    reopened = CaseFile.open(tmp_path / "case.vcase", PASSPHRASE)
    try:
        assert count_entries(reopened) == before + ROWS
    finally:
        reopened.close()
    window.close()


def test_a_big_chronology_reloads_its_ids_on_a_worker_and_a_newer_reload_wins(qtbot, demo_case):
    from app.chronology.model import ChronologyModel
    from storage.chronology_query import EntryFilter

    model = ChronologyModel(demo_case)
    everything = [model.entry_id(r) for r in range(model.rowCount())]
    police = EntryFilter(text="police")
    model.reload_in_background(police)
    assert model.rowCount() == len(everything)  # the rows shown stay until the new ones are in
    qtbot.waitUntil(lambda: model.rowCount() != len(everything), timeout=10_000)
    in_background = [model.entry_id(r) for r in range(model.rowCount())]
    model.reload(police)
    assert in_background == [model.entry_id(r) for r in range(model.rowCount())]
    model.reload_in_background(EntryFilter())
    model.reload(police)  # newer: the worker's answer, when it comes, is dropped
    qtbot.wait(300)
    assert [model.entry_id(r) for r in range(model.rowCount())] == in_background


def test_the_timeline_draws_one_mark_per_place_on_a_lane() -> None:
    """75,000 entries must not be 75,000 shapes painted on every repaint of the lens: marks
    of one kind on the same spot of a lane are drawn once (the figure looks the same)."""
    from exports.timeline import Mark, TimelineData, timeline_drawing

    span = (dt.date(2020, 1, 1), dt.date(2026, 1, 1))
    crowded = [Mark(dt.date(2024, 3, 1), "seen")] * 5000 + [Mark(dt.date(2024, 3, 1), "mentioned")]
    spread = [Mark(span[0] + dt.timedelta(days=d), "seen") for d in range(0, 2000, 100)]
    one = timeline_drawing(TimelineData("Liam Carter", span, [("GP", crowded[:1])], []))
    many = timeline_drawing(TimelineData("Liam Carter", span, [("GP", crowded)], []))
    extra = len(many.shapes) - len(one.shapes)
    assert 0 < extra <= 3  # the one 'mentioned' mark added; the 4,999 repeats drew nothing
    apart = timeline_drawing(TimelineData("Liam Carter", span, [("GP", spread)], []))
    assert len(apart.shapes) - len(one.shapes) >= 19  # marks on different days all drawn
