"""What every export says before and after: the one warning, and where the file went.

Before: a file written out of the case leaves its encryption, so the user confirms it once,
in one box that names the file (app/leaving.py, Cancel the default). After: a message with
the full path and buttons to open the file or its folder, so nobody has to hunt for it (issue
12: "where did the file go?"). Used by the chronology export and the genogram picture.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox, QWidget

from app.leaving import confirm_leaving


def confirm_file_leaving(parent: QWidget | None, what: str, path: Path, words: str) -> bool:
    """The one warning before a file leaves the case (app/leaving.py: Cancel is the default
    and Escape), naming what is written and where, then why it matters (exports/leaving.py)."""
    return confirm_leaving(parent, "The file leaves the encrypted case",
                           f"{what} will be written to:\n{path}\n\n{words}", "&Export")


def open_path(path: Path, folder: bool = False) -> bool:
    target = path.parent if folder else path
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(target)))


def show_exported(parent: QWidget | None, path: Path, what: str,
                  note: str = "") -> QMessageBox:
    """After an export: the path in full, and Open file / Open folder (non-blocking)."""
    text = f"{what} was written to:\n{path}"
    if note:
        text += f"\n\n{note}"
    box = QMessageBox(QMessageBox.Icon.Information, "Export finished", text, parent=parent)
    box.setObjectName("export-finished")
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    open_file = box.addButton("Open &file", QMessageBox.ButtonRole.ActionRole)
    open_folder = box.addButton("Open f&older", QMessageBox.ButtonRole.ActionRole)
    close = box.addButton(QMessageBox.StandardButton.Close)
    box.setDefaultButton(close)
    box.setEscapeButton(close)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

    def clicked(button: object) -> None:
        if button is open_file:
            open_path(path)
        elif button is open_folder:
            open_path(path, folder=True)

    box.buttonClicked.connect(clicked)
    box.open()
    return box
