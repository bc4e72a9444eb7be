"""The minimal desktop path: unlock dialog (wrong, then right) and the main window."""

from __future__ import annotations

from pathlib import Path

from app.unlock_dialog import UnlockDialog
from storage.casefile import CaseFile
from tests.conftest import PASSPHRASE


def test_unlock_wrong_then_right_shows_case(qtbot, demo_case: CaseFile) -> None:
    path = Path(demo_case.path)
    demo_case.close()
    dialog = UnlockDialog(path)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.passphrase.setText("wrong wrong wrong")
    dialog.try_unlock()
    qtbot.waitUntil(lambda: "passphrase is wrong" in dialog.message.text(), timeout=10_000)
    assert dialog.case is None
    assert dialog.passphrase.text() == ""
    dialog.passphrase.setText(PASSPHRASE)
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        dialog.try_unlock()
    assert dialog.case is not None
    case = dialog.case
    try:
        assert case.details().reference == "DEMO-2026-0147"
    finally:
        case.close()


def test_passphrase_cleared_when_dialog_hides(qtbot, tmp_path: Path, new_case: CaseFile) -> None:
    dialog = UnlockDialog(Path(new_case.path))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.passphrase.setText("typed but not submitted")
    dialog.hide()
    assert dialog.passphrase.text() == ""
