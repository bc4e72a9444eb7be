"""A case that fails its checks on open is shown read-only, with the reason, in the window."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from storage.case import CaseDetails
from storage.casefile import CaseFile
from tests.conftest import PASSPHRASE

pytest_plugins = ["tests.shell_support"]  # the shell's fixtures: settings, window


def test_damaged_case_opens_read_only_and_says_why(qtbot, window, tmp_path):
    path = tmp_path / "c.vcase"
    CaseFile.create(path, PASSPHRASE, CaseDetails(reference="DAMAGED-1")).close()
    with path.open("ab") as f:
        f.write(b"appended by something else")
    dialog = window.unlock_path(path)
    dialog.passphrase.setText(PASSPHRASE)
    dialog.try_unlock()
    qtbot.waitUntil(lambda: window.session is not None, timeout=10_000)
    try:
        assert window.session.read_only
        assert window.save_label.text() == "Read-only: the file is damaged"
        boxes = [w for w in window.findChildren(QMessageBox) if w.isVisible()]
        assert boxes and "visible verify" in boxes[0].text() and "backup" in boxes[0].text()
    finally:
        window.close_case()
