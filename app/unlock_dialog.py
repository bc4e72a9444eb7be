"""The unlock dialog: passphrase in, an open CaseFile out. Key derivation runs off the GUI thread."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QProgressBar,
    QVBoxLayout,
)

from app.workers import run_in_background
from storage.casefile import CaseFile
from storage.errors import CaseError


class UnlockDialog(QDialog):
    def __init__(self, case_path: Path, read_only: bool = False, parent=None) -> None:
        super().__init__(parent)
        self.case_path = case_path
        self.read_only = read_only
        self.case: CaseFile | None = None
        self.setWindowTitle("Unlock case — Visible")
        self.setModal(True)

        self.prompt = QLabel(f"Enter the passphrase for <b>{case_path.name}</b>")
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setAccessibleName("Passphrase")
        self.message = QLabel("")
        self.message.setObjectName("unlockMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #a4000f")
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)  # indeterminate while the key is derived
        self.busy.setVisible(False)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Unlock")
        self.buttons.accepted.connect(self.try_unlock)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        for w in (self.prompt, self.passphrase, self.message, self.busy, self.buttons):
            layout.addWidget(w)
        self.passphrase.setFocus(Qt.FocusReason.OtherFocusReason)

    def try_unlock(self) -> None:
        secret = self.passphrase.text()
        self.passphrase.clear()
        self.message.setText("")
        self._set_busy(True)
        path, read_only = self.case_path, self.read_only
        run_in_background(lambda: CaseFile.open(path, secret, read_only=read_only),
                          self._unlocked, self._failed)

    def _set_busy(self, busy: bool) -> None:
        self.busy.setVisible(busy)
        self.passphrase.setEnabled(not busy)
        self.buttons.setEnabled(not busy)

    def _unlocked(self, case: CaseFile) -> None:
        self._set_busy(False)
        self.case = case
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        if isinstance(exc, CaseError):
            self.message.setText(str(exc))
        else:
            self.message.setText(f"The case could not be opened because of an internal error: {exc!r}")
        self.passphrase.setFocus()

    def hideEvent(self, event) -> None:  # noqa: N802 - Qt override
        # Never leave a passphrase sitting in a hidden widget.
        self.passphrase.clear()
        super().hideEvent(event)
