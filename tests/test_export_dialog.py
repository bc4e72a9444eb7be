"""The export dialog driven offscreen: warning, worker thread, progress, cancel, audit."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from app.export_dialog import ExportDialog
from app.operations.demo import create_demo
from exports.document import ExportFormat, ExportStyle
from exports.file_text import pdf_text
from tests.conftest import PASSPHRASE


def _choose(dialog: ExportDialog, fmt: ExportFormat, style: ExportStyle, path: Path) -> None:
    dialog.format.setCurrentIndex(dialog.format.findData(fmt))
    dialog.style.setCurrentIndex(dialog.style.findData(style))
    dialog.path.setText(str(path))


def test_export_runs_off_the_gui_thread_with_progress_and_is_audited(qtbot, demo_case,
                                                                     tmp_path: Path) -> None:
    dialog = ExportDialog(demo_case)
    qtbot.addWidget(dialog)
    dialog.show()
    out = tmp_path / "review.pdf"
    _choose(dialog, ExportFormat.PDF, ExportStyle.REVIEW, out)
    dialog.anonymise.setChecked(True)
    assert not dialog.all_events.isEnabled()  # court-only option
    dialog.grab().save("/tmp/exports-dialog.png")
    seen: list[int] = []
    dialog._relay.progressed.connect(lambda done, total: seen.append(done))
    with qtbot.waitSignal(dialog.finished_export, timeout=30000) as signal:
        dialog.start(dialog.options(), dialog.target())
        assert not dialog.export_button.isEnabled()  # busy while the worker runs
    assert signal.args == [out]
    assert seen and max(seen) > 0
    box = dialog.finished_box  # where it went, and the way to it
    assert box is not None and str(out) in box.text()
    assert {b.text() for b in box.buttons()} >= {"Open &file", "Open f&older"}
    box.close()
    text = pdf_text(out.read_bytes())
    assert "Baby F" in text and "Freya" not in text
    assert demo_case.audit_events()[-1].action.startswith("Export review chronology as pdf")
    # The next export of this case starts where this one went, in the same style and format.
    again = ExportDialog(demo_case, folder=Path.home())
    qtbot.addWidget(again)
    assert Path(again.path.text()).parent == tmp_path
    assert again.style.currentData() == ExportStyle.REVIEW
    assert again.format.currentData() == ExportFormat.PDF and again.anonymise.isChecked()


def test_leaving_the_case_warning_defaults_to_cancel(qtbot, demo_case, tmp_path: Path) -> None:
    dialog = ExportDialog(demo_case)
    qtbot.addWidget(dialog)
    out = tmp_path / "court.docx"
    _choose(dialog, ExportFormat.DOCX, ExportStyle.COURT, out)
    found: dict[str, object] = {}

    def answer_with_enter() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        found["default"] = box.defaultButton().text()
        found["text"] = box.text()
        box.grab().save("/tmp/exports-warning.png")
        qtbot.keyClick(box, Qt.Key.Key_Return)

    QTimer.singleShot(0, answer_with_enter)
    dialog.export_button.click()
    assert found["default"] == "&Cancel" or "Cancel" in str(found["default"])
    assert "leaves the encrypted case" in str(found["text"])
    qtbot.wait(50)
    assert not out.exists() and dialog.written is None


def test_mismatched_passwords_are_refused_before_anything_runs(qtbot, demo_case,
                                                               tmp_path: Path) -> None:
    dialog = ExportDialog(demo_case)
    qtbot.addWidget(dialog)
    dialog.protect.setChecked(True)
    dialog.password.setText("first-password-1")
    dialog.confirm.setText("second-password-2")
    with pytest.raises(Exception, match="passwords differ"):
        dialog.options()
    dialog.confirm.setText("first-password-1")
    assert dialog.options().password == "first-password-1"


def test_cancel_stops_a_long_export_and_leaves_no_file(qtbot, tmp_path: Path) -> None:
    with create_demo(str(tmp_path / "big.vcase"), PASSPHRASE, entries=3000) as case:
        dialog = ExportDialog(case)
        qtbot.addWidget(dialog)
        out = tmp_path / "big.pdf"
        _choose(dialog, ExportFormat.PDF, ExportStyle.REVIEW, out)
        dialog.start(dialog.options(), dialog.target())
        dialog.cancel_button.click()
        qtbot.waitUntil(lambda: not dialog._running, timeout=30000)
        assert dialog.status.text() == "Cancelled; no file was written."
        assert sorted(p.name for p in tmp_path.iterdir() if "big.pdf" in p.name) == []
        assert dialog.isVisible() is False or dialog.result() == 0
