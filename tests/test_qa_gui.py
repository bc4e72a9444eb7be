"""GUI defects found in whole-product QA, driven through the real main window offscreen."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox

pytest_plugins = ["tests.shell_support"]  # the shell's fixtures: settings, window


def test_opening_a_folder_says_it_is_a_folder_not_that_the_case_moved(qtbot, window,
                                                                      tmp_path: Path) -> None:
    folder = tmp_path / "Baby F.vcase"
    folder.mkdir()
    assert window.unlock_path(folder) is None
    box = next(w for w in window.findChildren(QMessageBox) if w.isVisible())
    assert "is a folder, not a case file" in box.text() and "Baby F.vcase" in box.text()
    assert "moved" not in box.text()


def test_export_dialog_refuses_a_file_name_that_contradicts_the_format(qtbot, tmp_path: Path
                                                                       ) -> None:
    # Typing "report.pdf" while Word was chosen wrote a Word document named report.pdf.
    import pytest

    from app.export_dialog import ExportDialog
    from exports.document import ExportFormat
    from storage.demo import create_demo
    from storage.errors import CaseError
    from tests.conftest import PASSPHRASE

    case = create_demo(str(tmp_path / "demo.vcase"), PASSPHRASE)
    try:
        dialog = ExportDialog(case)
        qtbot.addWidget(dialog)
        dialog.format.setCurrentIndex(dialog.format.findData(ExportFormat.DOCX))
        dialog.path.setText(str(tmp_path / "report.pdf"))
        with pytest.raises(CaseError, match=r"ends in \.pdf but the format is"):
            dialog.target()
        dialog.path.setText(str(tmp_path / "report"))
        assert dialog.target() == tmp_path / "report.docx"
        dialog.path.setText(str(tmp_path / "report.docx"))
        assert dialog.target() == tmp_path / "report.docx"
    finally:
        case.close()
