"""Keyboard only: record a man's substance use, declare a role "not known", export — no mouse.

Every step is a key press sent to whatever has the keyboard focus, as a user without a mouse
(or with a screen reader) works: Ctrl+digit for a page, arrows in lists, F6 between panes,
Tab between controls, Alt+letter for a labelled control, Enter and Escape in dialogs.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit, QPushButton, QWidget

from app.carers.role_dialog import RoleDialog
from app.export_dialog import ExportDialog
from app.main_window import MainWindow
from app.operations.roles import link_in
from app.settings import Settings
from forms.record import load_facts
from storage.carers import CarerRole, Declaration, FactBasis
from storage.casefile import CaseFile
from storage.export_record import ExportRecord
from storage.people import Person, Sex
from storage.roles_store import assignments_for

CTRL, ALT, SHIFT = (Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.AltModifier,
                    Qt.KeyboardModifier.ShiftModifier)


def focus() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard focus"
    return widget


def press(qtbot, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier,
          times: int = 1) -> None:
    for _ in range(times):
        qtbot.keyClick(focus(), key, modifier)


def type_text(qtbot, text: str) -> None:
    qtbot.keyClicks(focus(), text)


def tab_until(qtbot, wanted: Callable[[QWidget], bool], limit: int = 60,
              backwards: bool = False) -> QWidget:
    """Tab (or Shift+Tab) until the focus is on a control `wanted` accepts: it is reachable."""
    visited: list[str] = []
    for _ in range(limit):
        if wanted(focus()):
            return focus()
        visited.append(focus().objectName() or type(focus()).__name__)
        press(qtbot, Qt.Key.Key_Backtab if backwards else Qt.Key.Key_Tab,
              SHIFT if backwards else Qt.KeyboardModifier.NoModifier)
    raise AssertionError(f"not reached with Tab; went through {visited}")


def named(name: str) -> Callable[[QWidget], bool]:
    return lambda w: w.objectName() == name


def back_to(qtbot, window: QWidget) -> None:
    """A closed dialog hands the focus back to the window (the window manager's part)."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=3_000)


def in_modal(qtbot, steps: Callable[[QWidget], None], failures: list[BaseException]) -> None:
    """Run `steps` on the modal dialog about to open (its exec() blocks the test), once it is
    the active window; a failure rejects it (so nothing hangs) and is raised by the test."""
    def run() -> None:
        dialog = QApplication.activeModalWidget()
        try:
            assert dialog is not None, "no dialog opened"
            dialog.activateWindow()  # what a window manager does for a new dialog
            qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=3_000)
            steps(dialog)
        except BaseException as exc:  # noqa: BLE001 - handed back to the test
            failures.append(exc)
            if dialog is not None:
                dialog.close()

    QTimer.singleShot(0, run)


def test_keyboard_only_substance_use_role_not_known_and_export(qtbot, case_path, passphrase,
                                                               new_case, tmp_path) -> None:
    with new_case.transaction("Family") as tx:
        baby = tx.add(Person("Freya", "Nowak", sex=Sex.FEMALE, is_index_child=True))
        liam = tx.add(Person("Liam", "Carter", sex=Sex.MALE))
    with new_case.transaction("Link") as tx:
        link_in(tx, baby, CarerRole.STEP_FATHER, liam, "Sam")
    new_case.close()

    win = MainWindow(Settings(tmp_path / "settings.ini"))
    qtbot.addWidget(win)
    win.show()
    win.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is win, timeout=3_000)
    win.show_case(CaseFile.open(case_path, passphrase))
    qtbot.wait(50)

    # 1. Liam's substance use: Men page, his name, Substance use, then the answers.
    press(qtbot, Qt.Key.Key_2, CTRL)
    men = win.workspace.page("carers")
    assert focus() is men.navigator
    press(qtbot, Qt.Key.Key_Down)  # Roles and men → Liam Carter: his page, at its summary
    assert men.page is not None and men.page.person_id == liam
    assert men.navigator.currentItem().text(0) == "Summary and factor map"
    press(qtbot, Qt.Key.Key_Down, times=2)  # History, Substance use
    assert men.page.section == "substance_use"
    press(qtbot, Qt.Key.Key_F6)  # into his record: "This update" first
    form = men.page.form
    assert focus() is form.default.source
    type_text(qtbot, "Drug and alcohol service")
    tab_until(qtbot, lambda w: w is form.default.basis)
    type_text(qtbot, "V")  # Verified from a record
    assert form.default.basis.currentData() == FactBasis.VERIFIED_RECORD
    tab_until(qtbot, named("substance_use.substances:add"))
    press(qtbot, Qt.Key.Key_Space)  # Add substance: a row of answers for it
    assert len(form.rows["substance_use.substances"].editor.rows) == 1
    qtbot.wait(20)  # the new row is shown on the next turn of the event loop, as for a user
    # The keyboard goes to the new row's first answer (its substance), above "Add substance".
    assert isinstance(focus(), QComboBox) and focus().objectName() == "substance:combo"
    type_text(qtbot, "Can")
    assert focus().currentData() == "cannabis"
    tab_until(qtbot, lambda w: isinstance(w, QComboBox) and w.objectName() == "current:combo")
    type_text(qtbot, "Cur")
    tab_until(qtbot, lambda w: isinstance(w, QLineEdit)
              and w.objectName() == "amount:text")
    type_text(qtbot, "a quarter ounce a day")
    press(qtbot, Qt.Key.Key_S, CTRL)  # save the record: one action, undoable
    facts = load_facts(win.session.case, liam)
    stored = facts["substance_use.substances"].statements[0]
    assert stored.value[0]["substance"] == "cannabis"
    assert stored.source == "Drug and alcohol service"
    assert stored.basis is FactBasis.VERIFIED_RECORD
    assert form.error.text() == ""

    # 2. The non-resident father is not known: back to the roles, Enter on the role.
    press(qtbot, Qt.Key.Key_F6, SHIFT)  # back to the navigator
    assert focus() is men.navigator
    press(qtbot, Qt.Key.Key_Home)  # Roles and men
    press(qtbot, Qt.Key.Key_F6)  # the roles table
    assert focus() is men.roles
    row = next(i for i, (_c, s) in enumerate(men.roles_model.rows)
               if s.role == CarerRole.NON_RESIDENT_FATHER)
    press(qtbot, Qt.Key.Key_Home, CTRL)  # the first role, then down to his
    press(qtbot, Qt.Key.Key_Down, times=row)
    assert men.roles.currentIndex().row() == row

    def declare_not_known(dialog: QWidget) -> None:
        assert isinstance(dialog, RoleDialog)
        press(qtbot, Qt.Key.Key_K, ALT)  # He is not known
        qtbot.waitUntil(lambda: dialog.not_known.isChecked(), timeout=1_000)  # an animated click
        press(qtbot, Qt.Key.Key_R, ALT)  # the reason
        type_text(qtbot, "Mother will not name him")
        press(qtbot, Qt.Key.Key_E, ALT)  # the efforts made
        type_text(qtbot, "Asked mother twice; checked the birth registration")
        ok = tab_until(qtbot, lambda w: isinstance(w, QPushButton)
                       and w.text().replace("&", "") == "OK")
        qtbot.keyClick(ok, Qt.Key.Key_Space)

    failures: list[BaseException] = []
    in_modal(qtbot, declare_not_known, failures)
    press(qtbot, Qt.Key.Key_Return)  # Enter on the role opens its dialog
    if failures:
        raise failures[0]
    back_to(qtbot, win)
    declared = assignments_for(win.session.case, baby, CarerRole.NON_RESIDENT_FATHER)
    assert [a.declaration for a in declared] == [Declaration.NOT_KNOWN]
    assert "Mother will not name him" in declared[0].reason

    # 3. Export the court chronology: Ctrl+E, the file's name, Enter, then the one warning.
    press(qtbot, Qt.Key.Key_E, CTRL)
    dialog = next(w for w in QApplication.topLevelWidgets()
                  if isinstance(w, ExportDialog) and w.isVisible())
    back_to(qtbot, dialog)
    out = tmp_path / "court.docx"
    press(qtbot, Qt.Key.Key_S, ALT)  # "&Save as": every row of the dialog has its Alt+letter
    assert focus() is dialog.path
    press(qtbot, Qt.Key.Key_A, CTRL)
    type_text(qtbot, str(out))

    def confirm(box: QWidget) -> None:
        assert "leaves the encrypted case" in box.text()
        press(qtbot, Qt.Key.Key_E, ALT)  # "&Export" (Enter alone would cancel)

    in_modal(qtbot, confirm, failures)
    with qtbot.waitSignal(dialog.finished_export, timeout=30_000):
        press(qtbot, Qt.Key.Key_Return)  # Enter: the dialog's default button, Export…
    if failures:
        raise failures[0]
    assert out.is_file()
    qtbot.waitUntil(lambda: dialog.finished_box is not None and dialog.finished_box.isVisible(),
                    timeout=3_000)
    box = dialog.finished_box
    assert str(out) in box.text()
    qtbot.keyClick(box, Qt.Key.Key_Escape)
    from storage.exports_store import export_records

    records: list[ExportRecord] = export_records(win.session.case)
    assert records[0].path == str(out) and records[0].style == "court"
    win.close()


def test_every_page_is_reached_with_ctrl_digits_and_f6(qtbot, demo_case, tmp_path) -> None:
    from tests.shell_support import open_window

    win = open_window(qtbot, tmp_path, demo_case)
    for digit, key in ((Qt.Key.Key_1, "genogram"), (Qt.Key.Key_2, "carers"),
                       (Qt.Key.Key_3, "chronology"), (Qt.Key.Key_4, "review")):
        press(qtbot, digit, CTRL)
        page = win.workspace.page(key)
        assert win.workspace.current_key == key
        assert page.isAncestorOf(focus()), (key, focus())
        # Its first pane has the keyboard (found under Xvfb: the chronology's tab bar had it).
        first = win.workspace.panes()[1]
        assert first is focus() or first.isAncestorOf(focus()), (key, focus())
        seen = set()
        for _ in range(len(win.workspace.panes()) + 1):  # F6 goes round every pane
            press(qtbot, Qt.Key.Key_F6)
            seen.add(next(i for i, p in enumerate(win.workspace.panes())
                          if p is focus() or p.isAncestorOf(focus())))
        assert seen == set(range(len(win.workspace.panes()))), key
    win.close()
