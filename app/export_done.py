"""What every export says before and after: the one warning, and where the file went.

Before: a file written out of the case leaves its encryption, so the user confirms it once,
in one box that names the file (Cancel is the default). After: a message with the full path
and buttons to open the file or its folder, so nobody has to hunt for it (issue 12: "where did
the file go?"). Used by the chronology export, the genogram picture and the practice summary.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox, QWidget

LEAVES_CASE_WARNING = (
    "The exported file leaves the encrypted case file. Anyone who gets a copy can read it "
    "unless you protect it with a password. Handle it as its protective marking requires."
)


def confirm_leaving(parent: QWidget | None, what: str, path: Path) -> bool:
    """The one warning before a file leaves the case; Cancel is the default and Escape."""
    box = QMessageBox(QMessageBox.Icon.Warning, "The file leaves the encrypted case",
                      f"{what} will be written to:\n{path}\n\n{LEAVES_CASE_WARNING}",
                      parent=parent)
    box.setObjectName("leave-warning")
    export = box.addButton("&Export", QMessageBox.ButtonRole.AcceptRole)
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(cancel)
    box.setEscapeButton(cancel)
    box.exec()
    return box.clickedButton() is export


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
