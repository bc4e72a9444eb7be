"""Never lose typing (issue 12 item 2), through the real window, real panels, real encrypted cases.

For each form: type, then take the case away — Ctrl+L, the idle lock, the desktop lock, quit,
another case, a kill -9 — and come back: the draft is offered ("You have unsaved answers for …
from 14:02 — Restore / Discard"), and Restore puts back exactly what was typed.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton, QWidget

from app.operations.demo import create_demo
from storage.casefile import CaseFile
from storage.chronology_store import count_entries
from storage.drafts_store import all_drafts, get_draft
from tests.conftest import PASSPHRASE

SHOTS = Path(__file__).resolve().parent.parent / "build" / "screenshots"
TYPED = "Father Liam Carter seen at home with the baby; he said he sleeps four hours."


def demo(tmp_path: Path, name: str = "demo.vcase") -> Path:
    path = tmp_path / name
    create_demo(str(path), PASSPHRASE).close()
    return path


@pytest.fixture
def settings(tmp_path: Path):
    from app.settings import Settings

    return Settings(tmp_path / "settings" / "settings.ini")


def make_window(qtbot, settings, size: tuple[int, int] = (1366, 768)):  # noqa: ANN001, ANN201
    from app.main_window import MainWindow

    win = MainWindow(settings)
    qtbot.addWidget(win)
    win.resize(*size)
    win.show()
    qtbot.waitExposed(win)
    win.activateWindow()
    return win


def open_case(qtbot, win, path: Path) -> None:  # noqa: ANN001
    win.show_case(CaseFile.open(path, PASSPHRASE))
    qtbot.waitUntil(lambda: win.session is not None, timeout=10_000)


def find(win, cls: type) -> QWidget:  # noqa: ANN001
    for page in win.panel_widgets():
        for widget in (page, *page.findChildren(cls)):
            if isinstance(widget, cls):
                return widget
    raise AssertionError(f"no {cls.__name__} in the window")


def unlock(qtbot, win) -> None:  # noqa: ANN001
    form = win.lock_form
    assert form is not None
    form.passphrase.setText(PASSPHRASE)
    form.try_unlock()
    qtbot.waitUntil(lambda: win.session is not None, timeout=10_000)


def close_notice(win) -> None:  # noqa: ANN001
    """The drafts notice comes up on return; the tests reach each form directly instead."""
    for widget in QApplication.topLevelWidgets():
        if widget.objectName() == "draftsNotice" and widget.isVisible():
            widget.reject()


def stored_drafts(path: Path) -> list:  # noqa: ANN001
    with CaseFile.open(path, PASSPHRASE, read_only=True) as case:
        return all_drafts(case)


# Ways of taking the case away from a form with typing in it, and of coming back to it.
def _ctrl_l(qtbot, win, path, settings):  # noqa: ANN001, ANN202
    win.lock_action.trigger()  # the Ctrl+L action (a modal dialog blocks key shortcuts)
    assert win.locked
    unlock(qtbot, win)
    return win


def _idle(qtbot, win, path, settings):  # noqa: ANN001, ANN202
    win.idle.set_timeout_ms(150)
    qtbot.waitUntil(lambda: win.locked, timeout=5_000)
    unlock(qtbot, win)
    return win


def _desktop(qtbot, win, path, settings):  # noqa: ANN001, ANN202
    win.session_lock._screensaver_active(True)  # what the session bus tells us
    assert win.locked
    unlock(qtbot, win)
    return win


def _quit(qtbot, win, path, settings):  # noqa: ANN001, ANN202
    win.close()  # File → Quit / Ctrl+Q / the window's close button all come here
    assert win.session is None
    again = make_window(qtbot, settings)
    open_case(qtbot, again, path)
    return again


def _other_case(qtbot, win, path, settings):  # noqa: ANN001, ANN202
    other = demo(path.parent, "other.vcase")
    open_case(qtbot, win, other)
    assert stored_drafts(path), "switching case kept the first case's draft"
    assert not any(d.state for d in stored_drafts(other))
    open_case(qtbot, win, path)
    return win


AWAY: dict[str, Callable] = {
    "ctrl_l": _ctrl_l, "idle": _idle, "desktop": _desktop, "quit": _quit,
    "other_case": _other_case,
}


# The entry editor ------------------------------------------------------------------------------
def _chronology(win):  # noqa: ANN001, ANN202
    from app.chronology.view import ChronologyView

    return find(win, ChronologyView)


def _open_new_entry(qtbot, win):  # noqa: ANN001, ANN202
    view = _chronology(win)
    editor = view.entry_editor()
    editor.open()  # as exec() would show it, without blocking the test
    qtbot.waitExposed(editor)
    return view, editor


def _type_entry(qtbot, editor) -> None:  # noqa: ANN001
    editor.date_edit.setFocus()
    qtbot.keyClicks(editor.date_edit, "12/05/2026")
    editor.agency.setCurrentIndex(editor.agency.findText("Health visitor"))
    editor.what.setFocus()
    qtbot.keyClicks(editor.what, TYPED)


@pytest.mark.parametrize("away", list(AWAY))
def test_entry_editor_typing_survives(qtbot, settings, tmp_path, away: str) -> None:
    path = demo(tmp_path)
    win = make_window(qtbot, settings)
    open_case(qtbot, win, path)
    entries = count_entries(win.session.case)
    view, editor = _open_new_entry(qtbot, win)
    _type_entry(qtbot, editor)

    win = AWAY[away](qtbot, win, path, settings)

    assert not shiboken6.isValid(editor) or not editor.isVisible()
    notice = next(w for w in QApplication.topLevelWidgets()
                  if w.objectName() == "draftsNotice" and w.isVisible())
    assert "A new chronology entry (Chronology)" in notice.list.item(0).text()
    close_notice(win)
    view, editor = _open_new_entry(qtbot, win)
    assert editor.keeper.bar.isVisible()
    assert editor.keeper.bar.text.text().startswith(
        "You have unsaved answers for a new chronology entry from ")
    assert not editor.scroll.isEnabled(), "the form waits for Restore or Discard"
    qtbot.mouseClick(editor.keeper.bar.restore_button, Qt.MouseButton.LeftButton)
    assert editor.what.toPlainText() == TYPED
    assert editor.date_edit.text() == "12/05/2026"
    assert editor.agency.currentText() == "Health visitor"
    editor.source.setText("HV notes p.2")
    editor.accept()
    view.apply_editor(editor)
    assert count_entries(win.session.case) == entries + 1
    assert get_draft(win.session.case, "entry", "new") is None
    win.close()


def test_entry_editor_typing_survives_kill_minus_nine(qtbot, settings, tmp_path) -> None:
    """The app process is killed (SIGKILL) a moment after typing: no flush ran at all."""
    path = demo(tmp_path)
    script = tmp_path / "type_and_die.py"
    script.write_text(
        "import sys, time\n"
        "from pathlib import Path\n"
        "from PySide6.QtWidgets import QApplication\n"
        "from PySide6.QtTest import QTest\n"
        "app = QApplication([])\n"
        "from app.main_window import MainWindow\n"
        "from app.settings import Settings\n"
        "from app.chronology.view import ChronologyView\n"
        "from storage.casefile import CaseFile\n"
        "from storage.drafts_store import get_draft\n"
        "w = MainWindow(Settings(Path(sys.argv[2])))\n"
        "w.show()\n"
        "w.show_case(CaseFile.open(Path(sys.argv[1]), sys.argv[3]))\n"
        "view = next(c for p in w.panel_widgets() for c in [p, *p.findChildren(ChronologyView)]"
        " if isinstance(c, ChronologyView))\n"
        "editor = view.entry_editor()\n"
        "editor.open()\n"
        "editor.what.setFocus()\n"
        "QTest.keyClicks(editor.what, sys.argv[4])\n"
        "deadline = time.monotonic() + 20\n"
        "while get_draft(w.session.case, 'entry', 'new') is None:\n"
        "    app.processEvents()\n"
        "    if time.monotonic() > deadline: sys.exit(3)\n"
        "print('KEPT', flush=True)\n"
        "while True:\n"
        "    app.processEvents()\n"
        "    time.sleep(0.01)\n")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen",
           "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    proc = subprocess.Popen([sys.executable, str(script), str(path),
                             str(tmp_path / "child.ini"), PASSPHRASE, TYPED], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline()  # type: ignore[union-attr]
        assert line.strip() == "KEPT", proc.stderr.read()  # type: ignore[union-attr]
        os.kill(proc.pid, signal.SIGKILL)
        assert proc.wait(timeout=30) == -signal.SIGKILL
    finally:
        if proc.poll() is None:
            proc.kill()
    win = make_window(qtbot, settings)
    open_case(qtbot, win, path)  # for writing: the lock died with the process
    assert win.session.case.verify() == []
    close_notice(win)
    _view, editor = _open_new_entry(qtbot, win)
    assert editor.keeper.bar.isVisible()
    editor.keeper.restore_offer()
    assert editor.what.toPlainText() == TYPED
    win.close()


def test_entry_cancel_asks_and_discard_means_discard(qtbot, settings, tmp_path) -> None:
    path = demo(tmp_path)
    win = make_window(qtbot, settings)
    open_case(qtbot, win, path)
    view, editor = _open_new_entry(qtbot, win)
    _type_entry(qtbot, editor)

    def answer(text: str) -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox), box
        assert "not saved" in box.text()
        next(b for b in box.findChildren(QPushButton) if text in b.text().replace("&", "")).click()

    QTimer.singleShot(50, lambda: answer("Go back"))
    editor.reject()
    assert editor.isVisible(), "Go back keeps the dialog and its answers"
    QTimer.singleShot(50, lambda: answer("Keep as draft"))
    editor.reject()
    assert not editor.isVisible()
    assert get_draft(win.session.case, "entry", "new").state["what"] == TYPED
    view, editor = _open_new_entry(qtbot, win)
    qtbot.mouseClick(editor.keeper.bar.discard_button, Qt.MouseButton.LeftButton)
    assert get_draft(win.session.case, "entry", "new") is None
    assert editor.what.toPlainText() == "" and editor.scroll.isEnabled()
    _type_entry(qtbot, editor)
    QTimer.singleShot(50, lambda: answer("Discard answers"))
    editor.reject()
    assert get_draft(win.session.case, "entry", "new") is None
    win.close()


def test_drafts_notice_opens_the_form_and_screenshot(qtbot, settings, tmp_path) -> None:
    path = demo(tmp_path)
    win = make_window(qtbot, settings)
    open_case(qtbot, win, path)
    _view, editor = _open_new_entry(qtbot, win)
    _type_entry(qtbot, editor)
    win.lock()
    unlock(qtbot, win)
    notice = next(w for w in QApplication.topLevelWidgets()
                  if w.objectName() == "draftsNotice" and w.isVisible())
    SHOTS.mkdir(parents=True, exist_ok=True)
    notice.grab().save(str(SHOTS / "drafts-notice-1366.png"))
    shown: list = []

    def look() -> None:
        editor = QApplication.activeModalWidget()
        shown.append(editor)
        editor.grab().save(str(SHOTS / "draft-restore-entry-1366.png"))
        editor.keeper.restore_offer()
        shown.append(editor.what.toPlainText())
        editor.done(0)

    QTimer.singleShot(100, look)
    assert notice.open_current()
    assert shown[1] == TYPED
    win.close()


# A man's record ------------------------------------------------------------------------------
def _carers(win):  # noqa: ANN001, ANN202
    from app.carers.view import CarersView

    return find(win, CarersView)


def _man(case: CaseFile, given: str) -> int:
    from storage.people import Person

    return next(p.id for p in case.all(Person) if p.given_names == given)  # type: ignore[misc]


def _record(qtbot, win, given: str = "Liam"):  # noqa: ANN001, ANN202
    win.show_page("carers")  # the Men page in front, as the user reaches a man's record
    view = _carers(win)
    # His History section (the Men page opens a man on his summary): the form is on screen.
    page = view.open_man(_man(win.session.case, given), "history")
    qtbot.waitUntil(page.form.isVisible)
    return page.form


def _tick_history(qtbot, form) -> list[str]:  # noqa: ANN001
    """Issue 12's own example: tick two boxes in his History, and type his age."""
    form.default.source.setFocus()
    qtbot.keyClicks(form.default.source, "Home visit")  # "this update": where it came from
    form.default.basis.setFocus()
    form.default.basis.setCurrentIndex(1)  # self-reported
    row = form.rows["history.own_childhood"]
    boxes = list(row.editor.boxes.values())
    ticked = []
    for box in boxes[:2]:
        box.setFocus()
        # On the tick itself: a box stretched across its column only takes clicks on its tick
        # and label.
        qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))
        assert box.isChecked()
        ticked.append(box.objectName())
        # Two quick clicks are a double-click to Qt, whichever box they land on.
        qtbot.wait(QApplication.doubleClickInterval() + 50)
    age = form.rows["history.age_at_fatherhood"].editor
    age.line.setFocus()
    qtbot.keyClicks(age.line, "19")
    return ticked


def _ticked(form) -> list[str]:  # noqa: ANN001
    row = form.rows["history.own_childhood"]
    return [b.objectName() for b in row.editor.boxes.values() if b.isChecked()]


@pytest.mark.parametrize("away", list(AWAY))
def test_record_typing_survives(qtbot, settings, tmp_path, away: str) -> None:
    path = demo(tmp_path)
    win = make_window(qtbot, settings)
    open_case(qtbot, win, path)
    form = _record(qtbot, win)
    before = _ticked(form)
    ticked = _tick_history(qtbot, form)
    assert set(ticked) - set(before), "the test ticks boxes that were not ticked"

    win = AWAY[away](qtbot, win, path, settings)

    close_notice(win)
    form = _record(qtbot, win)
    assert form.keeper.bar.isVisible()
    assert form.keeper.bar.text.text().startswith("You have unsaved answers for Liam Carter from")
    assert _ticked(form) == before, "the record shows what the case holds until Restore"
    assert not form.tabs.isEnabled() and not form.save_button.isEnabled()
    qtbot.mouseClick(form.keeper.bar.restore_button, Qt.MouseButton.LeftButton)
    assert set(_ticked(form)) == set(before) | set(ticked)
    assert form.rows["history.age_at_fatherhood"].editor.line.text() == "19"
    assert form.default.source.text() == "Home visit" and form.default.basis.currentIndex() == 1
    assert form.save(), form.error.text()
    assert get_draft(win.session.case, "record", str(form.person_id)) is None
    again = _record(qtbot, win, "Daniel")
    again = _record(qtbot, win)
    assert not again.keeper.bar.isVisible(), "saved: nothing left to offer"
    assert set(_ticked(again)) == set(before) | set(ticked)
    win.close()


def test_record_switching_man_keeps_each_mans_typing(qtbot, settings, tmp_path) -> None:
    path = demo(tmp_path)
    win = make_window(qtbot, settings)
    open_case(qtbot, win, path)
    liam = _record(qtbot, win, "Liam")
    ticked = _tick_history(qtbot, liam)
    daniel = _record(qtbot, win, "Daniel")  # another man chosen: Liam's page goes
    assert not daniel.keeper.bar.isVisible()
    daniel.rows["history.previous_children"].editor.line.setFocus()
    daniel.rows["history.previous_children"].editor.line.selectAll()
    qtbot.keyClicks(daniel.rows["history.previous_children"].editor.line, "One son, 2019")
    liam = _record(qtbot, win, "Liam")
    assert liam.keeper.offer is not None and liam.keeper.offer.label == "Liam Carter"
    liam.keeper.restore_offer()
    assert set(ticked) <= set(_ticked(liam))
    daniel = _record(qtbot, win, "Daniel")
    assert daniel.keeper.offer is not None
    daniel.keeper.restore_offer()
    assert daniel.rows["history.previous_children"].editor.line.text() == "One son, 2019"
    SHOTS.mkdir(parents=True, exist_ok=True)
    win.close()


def test_record_reload_from_an_undo_keeps_typing(qtbot, settings, tmp_path) -> None:
    """A change elsewhere reloads his record (undo of an earlier save): the typing is kept as
    a draft and offered at once, not overwritten."""
    path = demo(tmp_path)
    win = make_window(qtbot, settings)
    open_case(qtbot, win, path)
    form = _record(qtbot, win)
    _tick_history(qtbot, form)
    assert form.save(), form.error.text()
    assert win.session.history.can_undo
    line = form.rows["history.previous_children"].editor.line
    line.setFocus()
    line.selectAll()
    qtbot.keyClicks(line, "One son, 2019")
    win.undo()  # the save above is undone: his facts change, the form reloads
    form = _carers(win).page.form
    assert form.keeper.offer is not None, "the typing is offered back, not lost"
    assert form.rows["history.age_at_fatherhood"].editor.line.text() != "19"  # undone
    form.keeper.restore_offer()
    assert form.rows["history.previous_children"].editor.line.text() == "One son, 2019"
    win.close()


def test_record_draft_prompt_screenshot(qtbot, settings, tmp_path) -> None:
    path = demo(tmp_path)
    win = make_window(qtbot, settings)
    open_case(qtbot, win, path)
    form = _record(qtbot, win)
    _tick_history(qtbot, form)
    win.lock()
    unlock(qtbot, win)
    close_notice(win)
    form = _record(qtbot, win)
    qtbot.wait(50)
    SHOTS.mkdir(parents=True, exist_ok=True)
    win.grab().save(str(SHOTS / "draft-restore-record-1366.png"))
    assert form.keeper.bar.isVisible()
    win.close()


# The person panel -----------------------------------------------------------------------------
def _genogram(win):  # noqa: ANN001, ANN202
    from app.genogram.editor import GenogramEditor

    return find(win, GenogramEditor)


@pytest.mark.parametrize("away", ["ctrl_l", "quit", "other_case"])
def test_person_panel_typing_survives(qtbot, settings, tmp_path, away: str) -> None:
    path = demo(tmp_path)
    win = make_window(qtbot, settings)
    open_case(qtbot, win, path)
    editor = _genogram(win)
    liam = _man(win.session.case, "Liam")
    editor.select(liam)
    panel = editor.panel
    panel.known_as.setFocus()
    qtbot.keyClicks(panel.known_as, "Li")
    panel.sex.setFocus()

    win = AWAY[away](qtbot, win, path, settings)

    close_notice(win)
    editor = _genogram(win)
    editor.select(liam)
    panel = editor.panel
    assert panel.keeper.bar.isVisible() and not panel.body.isEnabled()
    assert "Liam Carter" in panel.keeper.bar.text.text()
    panel.keeper.restore_offer()
    assert panel.known_as.text() == "Li" and panel.body.isEnabled()
    win.close()


def test_person_panel_choosing_another_person_keeps_the_typing(qtbot, settings, tmp_path) -> None:
    path = demo(tmp_path)
    win = make_window(qtbot, settings)
    open_case(qtbot, win, path)
    editor = _genogram(win)
    liam, daniel = _man(win.session.case, "Liam"), _man(win.session.case, "Daniel")
    editor.select(liam)
    editor.panel.notes.setFocus()
    qtbot.keyClicks(editor.panel.notes, "Works nights at the depot.")
    editor.select(daniel)  # the old panel dropped this silently (issue 12 item 2)
    assert editor.panel.notes.toPlainText() != "Works nights at the depot."
    editor.select(liam)
    assert editor.panel.keeper.offer is not None
    editor.panel.keeper.restore_offer()
    assert editor.panel.notes.toPlainText().endswith("Works nights at the depot.")
    editor.panel.apply_requested.emit()
    assert get_draft(win.session.case, "person", str(liam)) is None
    editor.select(daniel)
    editor.select(liam)
    assert editor.panel.keeper.offer is None
    win.close()


# The role and screening dialogs ---------------------------------------------------------------
def test_role_dialog_typing_survives_a_lock(qtbot, settings, tmp_path) -> None:
    path = demo(tmp_path)
    win = make_window(qtbot, settings)
    open_case(qtbot, win, path)
    view = _carers(win)
    dialog = view.role_dialog(0)
    dialog.open()
    dialog.not_known.setChecked(True)
    dialog.reason.setFocus()
    qtbot.keyClicks(dialog.reason, "Mother will not name him.")
    dialog.efforts.setFocus()
    win.lock()
    assert not shiboken6.isValid(dialog) or not dialog.isVisible()
    unlock(qtbot, win)
    close_notice(win)
    dialog = _carers(win).role_dialog(0)
    assert dialog.keeper.offer is not None
    assert dialog.keeper.bar.text.text().startswith("You have unsaved answers for the ")
    dialog.keeper.restore_offer()
    assert dialog.not_known.isChecked()
    assert dialog.reason.toPlainText() == "Mother will not name him."
    dialog.done(0)
    win.close()


def test_screening_answers_survive_a_lock(qtbot, settings, tmp_path) -> None:
    from app.carers.screening_dialog import ScreeningDialog

    path = demo(tmp_path)
    win = make_window(qtbot, settings)
    open_case(qtbot, win, path)
    liam = _man(win.session.case, "Liam")

    def dialog() -> ScreeningDialog:
        d = ScreeningDialog(liam, "Liam Carter", "Sam Okafor", win, drafts=win.session.drafts)
        d.open()
        return d

    first = dialog()
    first.instrument.setCurrentIndex(first.instrument.findData("gad7"))
    combos = list(first.items.values())
    combos[0].setFocus()
    combos[0].setCurrentIndex(2)
    combos[1].setFocus()
    combos[1].setCurrentIndex(3)
    win.session_lock._screensaver_active(True)  # the desktop locks
    unlock(qtbot, win)
    close_notice(win)
    again = dialog()
    assert again.keeper.offer is not None
    again.keeper.restore_offer()
    assert again.instrument.currentData() == "gad7"
    answers = list(again.items.values())
    assert (answers[0].currentIndex(), answers[1].currentIndex()) == (2, 3)
    again.done(0)
    win.close()
