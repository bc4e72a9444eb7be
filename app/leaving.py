"""The one confirmation before a file leaves the encrypted case (exports, pictures, letters,
return templates): a warning the user must accept, with Cancel the default and Escape."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget


def confirm_leaving(parent: QWidget | None, title: str, text: str,
                    action: str = "Export") -> bool:
    box = QMessageBox(QMessageBox.Icon.Warning, title, text, parent=parent)
    box.setObjectName("leave-warning")
    accept = box.addButton(action, QMessageBox.ButtonRole.AcceptRole)
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(cancel)
    box.setEscapeButton(cancel)
    box.exec()
    return box.clickedButton() is accept
