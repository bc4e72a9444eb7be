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
