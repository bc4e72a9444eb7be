"""The main window: start screen, demo case, status bar, undo/redo, shortcuts, accessibility."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QWidget,
)

from app.demo_case import DEMO_PASSPHRASE, demo_path
from app.main_window import MainWindow
from app.new_case_dialog import NewCaseDialog
from app.operations import people
from storage.areas import Area
from storage.casefile import CaseFile
from storage.people import Person
from tests.conftest import PASSPHRASE
from tests.shell_panel import make_panel_module

pytest_plugins = ["tests.shell_support"]  # the shell's fixtures: settings, window


def _open_demo(qtbot, window) -> None:
    qtbot.mouseClick(window.start.demo_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.session is not None, timeout=20_000)


def test_demo_case_from_start_screen_and_status_bar(qtbot, window):
    _open_demo(qtbot, window)
    assert window.reference_label.text() == "Case DEMO-2026-0147"
    assert window.marking_label.text() == "OFFICIAL-SENSITIVE"
    assert window.save_label.text() == "All changes saved"
    assert window.windowTitle() == "DEMO-2026-0147 — Visible"
    assert window.stack.currentWidget() is window.workspace  # the pages fill the window
    assert "Freya" in " ".join(window.panel_widgets()[0].model.rows)
    window.grab().save("/tmp/shell-main-demo.png")


def test_undo_redo_through_the_edit_menu_shortcuts(qtbot, window):
    _open_demo(qtbot, window)
    panel = window.panel_widgets()[0]
    before = len(panel.model.rows)
    window.session.run(people.add_person, given_names="Zbigniew")
    assert len(panel.model.rows) == before + 1
    assert window.save_label.text().startswith("All changes saved (")
    assert window.undo_action.isEnabled() and window.undo_action.text() == "&Undo Add Zbigniew"
    qtbot.keyClick(panel.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert len(panel.model.rows) == before
    assert window.redo_action.isEnabled()
    qtbot.keyClick(panel.view, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert "Zbigniew" in panel.model.rows[-1]
    window.close()
    with CaseFile.open(demo_path(), DEMO_PASSPHRASE, read_only=True) as case:
        assert "Zbigniew" in [p.given_names for p in case.all(Person)]


def test_standard_shortcuts(qtbot, window):
    keys = {a.objectName(): [k.toString() for k in a.shortcuts()] for a in window.actions()}
    assert "Ctrl+N" in keys["newCase"] and "Ctrl+O" in keys["openCase"]
    assert "Ctrl+Z" in keys["undo"] and "Ctrl+Y" in keys["redo"]
    assert keys["find"] == ["Ctrl+F"] and keys["lock"] == ["Ctrl+L"]
    assert keys["export"] == ["Ctrl+E"]
    _open_demo(qtbot, window)
    panel = window.panel_widgets()[0]
    qtbot.keyClick(panel.view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert panel.searched == 1
    dialog = None
    qtbot.keyClick(panel.view, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = next(w for w in QApplication.topLevelWidgets()
                  if isinstance(w, NewCaseDialog) and w.isVisible())
    dialog.reject()
    assert QKeySequence("Ctrl+L") in window.lock_action.shortcuts()


def _unnamed_controls(root: QWidget) -> list[str]:
    missing = []
    for w in root.findChildren(QWidget):
        if not w.isVisibleTo(root) or not (w.focusPolicy() & Qt.FocusPolicy.TabFocus):
            continue
        if not isinstance(w, (QAbstractButton, QLineEdit, QAbstractItemView, QComboBox)):
            continue
        if w.objectName().startswith("qt_"):  # Qt's own inner parts (a spin box's line edit)
            continue
        text = w.text() if isinstance(w, QAbstractButton) else ""
        if not (w.accessibleName() or text):
            missing.append(f"{type(w).__name__} {w.objectName()}")
    for label in root.findChildren(QLabel):
        # A mnemonic ("&Export") on a label without a buddy shows a literal "&" and does nothing.
        if label.isVisibleTo(root) and "&" in label.text().replace("&&", "") \
                and label.buddy() is None and label.textFormat() != Qt.TextFormat.RichText:
            missing.append(f"label {label.text()!r} without a buddy")
    return missing


def test_controls_have_accessible_names_and_tab_reaches_them(qtbot, window):
    assert _unnamed_controls(window) == []
    window.start.new_button.setFocus()
    reached = set()
    for _ in range(12):
        focused = window.focusWidget()  # the window's, whether or not it is the active one
        reached.add(focused)
        qtbot.keyClick(focused, Qt.Key.Key_Tab)
    s = window.start
    assert {s.new_button, s.open_button, s.demo_button, s.remember} <= reached
    dialog = window.new_case()
    assert _unnamed_controls(dialog) == []
    dialog.reject()
    prefs = window.show_settings()
    assert _unnamed_controls(prefs) == []
    prefs.reject()
    _open_demo(qtbot, window)
    window.lock()
    assert _unnamed_controls(window) == []
    assert window.focusWidget() is window.lock_form.passphrase


def test_without_panels_an_overview_is_shown(qtbot, settings, demo_case):
    path = demo_case.path
    demo_case.close()
    win = MainWindow(settings, panels=lambda: [])
    qtbot.addWidget(win)
    win.show()
    win.show_case(CaseFile.open(path, PASSPHRASE))
    labels = {w.objectName(): w.text() for w in win.findChildren(QLabel)}
    assert labels["reference"] == "DEMO-2026-0147" and int(labels["people"]) >= 6
    qtbot.wait(50)  # let the status bar lay out before the picture
    win.grab().save("/tmp/shell-main-overview.png")
    win.lock()
    assert "reference" not in {w.objectName() for w in win.findChildren(QLabel)}
    win.close()


def test_a_broken_panel_does_not_take_the_case_down(qtbot, settings, demo_case, caplog):
    def broken(session):
        names = ["Liam Carter"]  # a value from the case, as a real failure's message may quote
        raise RuntimeError(f"bug in a panel about {names[0]}")

    path = demo_case.path
    demo_case.close()
    win = MainWindow(settings, panels=lambda: [make_panel_module("bad", "Broken", 1, broken),
                                               make_panel_module()])
    qtbot.addWidget(win)
    win.show()
    win.show_case(CaseFile.open(path, PASSPHRASE))
    first, second = win.panel_widgets()
    assert "could not be shown because of an internal error (RuntimeError)" in first.text()
    assert second.model.rowCount() >= 6
    # The log says where (to mend it), never the message (it may quote the case).
    logged = "\n".join(r.getMessage() for r in caplog.records if "failed to open" in r.msg)
    assert "in broken" in logged and "raise RuntimeError" in logged
    assert "Liam" not in logged
    win.close()


def test_ctrl_e_is_always_the_chronology_export_and_lock_closes_it(qtbot, window):
    from app.export_dialog import ExportDialog

    window.settings.export_folder = str(window.settings.path.parent)
    _open_demo(qtbot, window)
    panel = window.panel_widgets()[0]  # whatever has the focus: File → Export chronology…
    qtbot.keyClick(panel.view, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    dialog = next(w for w in QApplication.topLevelWidgets()
                  if isinstance(w, ExportDialog) and w.isVisible())
    assert dialog.path.text().startswith(str(window.settings.path.parent))
    window.lock()
    assert not dialog.isVisible()


def test_author_name_setting_is_recorded_in_the_audit(qtbot, window, demo_case):
    path = demo_case.path
    demo_case.close()
    window.settings.author_name = "Sam Worker"
    window.unlock_path(path)
    dialog = window._pending
    dialog.passphrase.setText(PASSPHRASE)
    dialog.try_unlock()
    qtbot.waitUntil(lambda: window.session is not None, timeout=10_000)
    window.session.run(people.add_person, given_names="Zofia")
    assert window.session.case.audit_events()[-1].author == "Sam Worker"


def test_f6_moves_between_the_rail_and_the_page_and_ctrl_digits_change_page(
        qtbot, settings, demo_case):
    path = demo_case.path
    demo_case.close()
    win = MainWindow(settings, panels=lambda: [make_panel_module("a", "A", 1),
                                               make_panel_module("b", "B", 2)])
    qtbot.addWidget(win)
    win.show()
    win.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is win, timeout=3_000)
    win.show_case(CaseFile.open(path, PASSPHRASE))
    first, second = win.panel_widgets()

    def holds_focus(w) -> bool:
        focus = win.focusWidget()
        return w is focus or w.isAncestorOf(focus)

    a = win.focus_panel(+1)
    assert holds_focus(a)
    b = win.focus_panel(+1)
    assert holds_focus(b)
    assert {a, b} == {win.workspace.rail, first}  # the rail and the page in front
    assert win.focus_panel(+1) is a and win.focus_panel(-1) is b
    assert [k.toString() for k in win.next_panel_action.shortcuts()] == ["F6"]
    qtbot.keyClick(win.focusWidget(), Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert win.workspace.current_widget() is second and holds_focus(second)
    assert win.findChild(QAction, "page:b").isChecked()
    qtbot.keyClick(win.focusWidget(), Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert win.workspace.current_widget() is first
    win.close()


def test_missing_case_file_is_reported_before_any_passphrase(qtbot, window, tmp_path):
    from PySide6.QtWidgets import QMessageBox

    assert window.unlock_path(tmp_path / "moved.vcase") is None
    box = next(w for w in window.findChildren(QMessageBox) if w.isVisible())
    assert "There is no case file at" in box.text() and "moved.vcase" in box.text()


def test_preferences_apply_the_idle_timeout_at_once(qtbot, window):
    dialog = window.show_settings()
    dialog.idle.setValue(12)
    dialog.accept()
    assert window.idle.timeout_ms == 12 * 60_000


def test_file_menu_lists_recent_cases_by_name(qtbot, window, demo_case):
    path = demo_case.path
    demo_case.close()
    window.settings.add_recent(path)
    window._fill_recent_menu()
    texts = [a.text() for a in window.recent_menu.actions()]
    assert texts == ["&1 demo.vcase"]
    window.recent_menu.actions()[0].trigger()
    assert window._pending is not None and window._pending.case_path == path.resolve()
    window._pending.reject()
    window.settings.recent_enabled = False
    window._fill_recent_menu()
    assert [a.text() for a in window.recent_menu.actions()] == ["Recent cases are not remembered"]


def test_dropping_a_case_file_asks_for_its_passphrase(qtbot, window, demo_case):
    from PySide6.QtCore import QMimeData, QPointF, QUrl
    from PySide6.QtGui import QDropEvent

    path = demo_case.path
    demo_case.close()
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(path))])
    event = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, data,
                       Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)
    window.dropEvent(event)
    assert window._pending is not None and window._pending.case_path == path
    window._pending.reject()


def test_undo_fails_on_a_full_disk_in_the_window_and_the_menu_still_matches_the_file(
        qtbot, window):
    """Edit → Undo on a full disk: one clear message; the menu still offers the same undo,
    because the file still holds the change (the old QUndoStack moved anyway)."""
    from PySide6.QtWidgets import QMessageBox

    _open_demo(qtbot, window)
    session = window.session
    made = session.run(people.add_person, given_names="Bob")
    bob = made.created(Area.PEOPLE)[0]
    session.run(people.edit_person, bob, notes="x" * 60_000)
    assert window.undo_action.text() == "&Undo Edit Bob"
    db = session.case.db
    db.execute(f"PRAGMA max_page_count = {db.execute('PRAGMA page_count').fetchone()[0]}")
    window.undo_action.trigger()
    box = next(w for w in QApplication.topLevelWidgets()
               if isinstance(w, QMessageBox) and w.isVisible())
    assert "full" in box.text() and "\n" not in box.text()
    box.close()
    db.execute("PRAGMA max_page_count = 1073741823")
    assert session.case.get(Person, bob).notes == "x" * 60_000
    assert window.undo_action.isEnabled() and window.undo_action.text() == "&Undo Edit Bob"
    assert not window.redo_action.isEnabled()
    window.undo_action.trigger()  # with room again, the same undo works
    assert session.case.get(Person, bob).notes == ""
    assert window.redo_action.text() == "&Redo Edit Bob"
