"""Clipboard hygiene: our copies are cleared after the timer, on lock and on quit."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from app.clipboard import CLEAR_AFTER_MS, ClipboardGuard
from storage.casefile import CaseFile
from tests.conftest import PASSPHRASE

pytest_plugins = ["tests.shell_support"]  # the shell's fixtures: settings, window


def test_default_is_thirty_seconds(qtbot):
    guard = ClipboardGuard()
    assert CLEAR_AFTER_MS == 30_000 and guard.clear_after_ms == 30_000


def test_copied_text_cleared_after_timer(qtbot):
    guard = ClipboardGuard(clear_after_ms=150)
    guard.copy_text("Liam Carter, 14 Acacia Road")
    assert QGuiApplication.clipboard().text() == "Liam Carter, 14 Acacia Road"
    assert guard.holding
    qtbot.waitUntil(lambda: QGuiApplication.clipboard().text() == "", timeout=3_000)
    assert not guard.holding


def test_text_copied_elsewhere_afterwards_is_left_alone(qtbot):
    guard = ClipboardGuard(clear_after_ms=150)
    guard.copy_text("case text")
    # The user then copies something from another program (simulated: the text changes and
    # the change is not ours).
    guard._ours = "case text"
    QGuiApplication.clipboard().blockSignals(True)
    QGuiApplication.clipboard().setText("their shopping list")
    QGuiApplication.clipboard().blockSignals(False)
    qtbot.wait(400)
    assert QGuiApplication.clipboard().text() == "their shopping list"


def test_ctrl_c_in_a_widget_is_caught_too(qtbot, window, tmp_path):
    """A plain Ctrl+C in a panel's line edit (no guard API used) is cleared as well."""
    from storage.case import CaseDetails

    path = tmp_path / "c.vcase"
    CaseFile.create(path, PASSPHRASE, CaseDetails(reference="CLIP-1")).close()
    window.show_case(CaseFile.open(path, PASSPHRASE))
    window.clipboard.set_clear_after_ms(200)
    field = window.panel_widgets()[0].search
    field.setText("Katarzyna Nowak")
    field.setFocus()
    field.selectAll()
    qtbot.keyClick(field, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QGuiApplication.clipboard().text() == "Katarzyna Nowak"
    assert window.clipboard.holding
    qtbot.waitUntil(lambda: QGuiApplication.clipboard().text() == "", timeout=3_000)


def test_clipboard_wiped_on_lock_and_on_close(qtbot, window, tmp_path):
    from storage.case import CaseDetails

    path = tmp_path / "c.vcase"
    CaseFile.create(path, PASSPHRASE, CaseDetails(reference="CLIP-2")).close()
    window.show_case(CaseFile.open(path, PASSPHRASE))
    window.clipboard.copy_text("Daniel Price")
    window.lock()
    assert QGuiApplication.clipboard().text() == ""
    window.lock_form.passphrase.setText(PASSPHRASE)
    window.lock_form.try_unlock()
    qtbot.waitUntil(lambda: window.session is not None, timeout=10_000)
    window.clipboard.copy_text("Tomasz Nowak")
    window.close()
    assert QGuiApplication.clipboard().text() == ""
