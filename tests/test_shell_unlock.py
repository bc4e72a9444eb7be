"""Unlock dialog, new-case dialog, and one writer per case."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from app.new_case_dialog import NewCaseDialog
from app.unlock_dialog import UnlockDialog
from storage.case import CaseDetails
from storage.casefile import CaseFile
from tests.conftest import PASSPHRASE

pytest_plugins = ["tests.shell_support"]  # the shell's fixtures: settings, window


def _made(path: Path) -> Path:
    CaseFile.create(path, PASSPHRASE, CaseDetails(reference="UNLOCK-1")).close()
    return path


def test_unlock_wrong_then_right(qtbot, tmp_path):
    path = _made(tmp_path / "c.vcase")
    dialog = UnlockDialog(path)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.passphrase.setText("not the passphrase at all")
    qtbot.mouseClick(dialog.form.unlock_button, Qt.MouseButton.LeftButton)
    # Key derivation runs off the GUI thread: the busy bar shows and the field is emptied at once.
    assert dialog.busy.isVisible()
    assert dialog.passphrase.text() == ""
    assert not dialog.form.unlock_button.isEnabled()
    qtbot.waitUntil(lambda: not dialog.form.is_busy, timeout=10_000)
    assert "passphrase is wrong" in dialog.message.text()
    assert dialog.case is None and dialog.isVisible()

    dialog.passphrase.setText(PASSPHRASE)
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        qtbot.keyClick(dialog.passphrase, Qt.Key.Key_Return)
    assert dialog.case is not None
    assert dialog.case.details().reference == "UNLOCK-1"
    assert dialog.passphrase.text() == ""
    dialog.case.close()


def test_passphrase_field_cleared_when_hidden(qtbot, tmp_path):
    dialog = UnlockDialog(_made(tmp_path / "c.vcase"))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.passphrase.setText("typed but not sent")
    dialog.hide()
    assert dialog.passphrase.text() == ""


def test_empty_passphrase_is_explained(qtbot, tmp_path):
    dialog = UnlockDialog(_made(tmp_path / "c.vcase"))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.try_unlock()
    assert not dialog.form.is_busy
    assert "Type the case's passphrase" in dialog.message.text()


def test_second_open_of_same_case_is_refused_then_read_only(qtbot, tmp_path):
    path = _made(tmp_path / "c.vcase")
    first = CaseFile.open(path, PASSPHRASE)  # another window or process holds it for writing
    try:
        dialog = UnlockDialog(path)
        qtbot.addWidget(dialog)
        dialog.show()
        dialog.passphrase.setText(PASSPHRASE)
        dialog.try_unlock()
        qtbot.waitUntil(lambda: not dialog.form.is_busy, timeout=10_000)
        assert dialog.case is None
        assert "already open elsewhere" in dialog.message.text()
        assert dialog.form.read_only_box.isChecked()  # offered: look without changing
        dialog.passphrase.setText(PASSPHRASE)
        with qtbot.waitSignal(dialog.accepted, timeout=10_000):
            dialog.try_unlock()
        assert dialog.case is not None and dialog.case.read_only
        dialog.case.close()
    finally:
        first.close()


def test_window_refuses_second_writer_and_opens_read_only(qtbot, window, tmp_path):
    path = _made(tmp_path / "c.vcase")
    holder = CaseFile.open(path, PASSPHRASE)
    try:
        dialog = window.unlock_path(path)
        dialog.passphrase.setText(PASSPHRASE)
        dialog.try_unlock()
        qtbot.waitUntil(lambda: not dialog.form.is_busy, timeout=10_000)
        assert window.session is None
        assert "already open elsewhere" in dialog.message.text()
        dialog.passphrase.setText(PASSPHRASE)
        dialog.try_unlock()
        qtbot.waitUntil(lambda: window.session is not None, timeout=10_000)
        assert window.session.read_only
        assert "Read-only" in window.save_label.text()
        assert not window.undo_action.isEnabled()
    finally:
        window.close_case()
        holder.close()


def test_new_case_dialog_checks_then_creates(qtbot, tmp_path):
    dialog = NewCaseDialog(str(tmp_path), "OFFICIAL-SENSITIVE")
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.try_create()
    assert dialog.message.text() == "Enter a case reference."
    dialog.reference.setText("NC/2026 01")
    assert dialog.location.text() == str(tmp_path / "NC-2026-01.vcase")
    dialog.passphrase.setText("short")
    dialog.repeat.setText("short")
    dialog.try_create()
    assert "too short (5 characters)" in dialog.message.text()
    dialog.passphrase.setText(PASSPHRASE)
    dialog.repeat.setText(PASSPHRASE + "x")
    dialog.try_create()
    assert "differ" in dialog.message.text()
    dialog.repeat.setText(PASSPHRASE)
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        dialog.try_create()
    assert dialog.passphrase.text() == "" and dialog.repeat.text() == ""
    assert dialog.case is not None
    assert dialog.case.details().reference == "NC/2026 01"
    assert dialog.case.details().protective_marking == "OFFICIAL-SENSITIVE"
    dialog.case.close()
    with CaseFile.open(tmp_path / "NC-2026-01.vcase", PASSPHRASE, read_only=True) as case:
        assert case.details().reference == "NC/2026 01"


def test_new_case_refuses_existing_file(qtbot, tmp_path):
    _made(tmp_path / "taken.vcase")
    dialog = NewCaseDialog(str(tmp_path), "OFFICIAL-SENSITIVE")
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.reference.setText("X")
    dialog.location.setText(str(tmp_path / "taken.vcase"))
    dialog.passphrase.setText(PASSPHRASE)
    dialog.repeat.setText(PASSPHRASE)
    dialog.try_create()
    qtbot.waitUntil(lambda: not dialog.busy.isVisible(), timeout=10_000)
    assert "already exists" in dialog.message.text()
    assert dialog.case is None


def test_opening_another_case_keeps_the_first_until_the_second_unlocks(qtbot, window, tmp_path):
    a = _made(tmp_path / "a.vcase")
    b = tmp_path / "b.vcase"
    CaseFile.create(b, PASSPHRASE, CaseDetails(reference="UNLOCK-2")).close()
    window.show_case(CaseFile.open(a, PASSPHRASE))
    dialog = window.unlock_path(b)
    dialog.form.cancel_button.click()
    assert window.session is not None and window.session.case.path == a  # Cancel kept it
    dialog = window.unlock_path(b)
    dialog.passphrase.setText(PASSPHRASE)
    dialog.try_unlock()
    qtbot.waitUntil(lambda: window.session is not None and window.session.case.path == b,
                    timeout=10_000)
    CaseFile.open(a, PASSPHRASE).close()  # the first case was closed and its lock freed
    dialog = window.unlock_path(b)  # the same file again: closed first, so it can be reopened
    assert window.session is None
    dialog.reject()


def test_older_copy_is_explained_and_can_be_accepted(qtbot, tmp_path):
    import shutil

    from storage.people import Person

    path = _made(tmp_path / "c.vcase")
    old = tmp_path / "old-copy.vcase"
    shutil.copy(path, old)
    with CaseFile.open(path, PASSPHRASE) as case, case.transaction("Add") as tx:
        tx.add(Person(given_names="Newer"))
    shutil.copy(old, path)  # restored from an old backup: recent work is missing
    dialog = UnlockDialog(path)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.passphrase.setText(PASSPHRASE)
    dialog.try_unlock()
    qtbot.waitUntil(lambda: not dialog.form.is_busy, timeout=10_000)
    assert "older than the version last saved" in dialog.message.text()
    assert "tick “Open this older copy anyway”" in dialog.message.text()
    assert dialog.form.accept_older_box.isVisibleTo(dialog) and dialog.case is None
    dialog.form.accept_older_box.setChecked(True)
    dialog.passphrase.setText(PASSPHRASE)
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        dialog.try_unlock()
    assert dialog.case is not None
    dialog.case.close()
