"""Unlocking a case: passphrase in, an open CaseFile out.

UnlockForm is the form itself; it is used inside UnlockDialog (opening a case) and as the
lock screen inside the main window. Key derivation (~0.2-0.3 s, as long for a wrong passphrase)
runs off the GUI thread with a busy indicator. The passphrase field is cleared as soon as the
attempt starts and whenever the form is hidden, so a passphrase never sits in a hidden widget.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.workers import run_in_background
from storage.errors import CaseError, OpenElsewhere, RolledBack

if TYPE_CHECKING:  # imported on the worker that opens the case: the unlock screen needs none of it
    from storage.casefile import CaseFile

log = logging.getLogger(__name__)

# (path, passphrase, read_only, accept_older) -> CaseFile; the main window adds the author.
Opener = Callable[[Path, str, bool, bool], "CaseFile"]


def default_opener(path: Path, secret: str, read_only: bool, accept_older: bool) -> CaseFile:
    from storage.casefile import CaseFile

    return CaseFile.open(path, secret, read_only=read_only, accept_rollback=accept_older)


class UnlockForm(QWidget):
    unlocked = Signal(object)  # CaseFile
    cancelled = Signal()

    def __init__(self, case_path: Path, read_only: bool = False, opener: Opener = default_opener,
                 heading: str = "", cancel_text: str = "Cancel",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.case_path = case_path
        self._opener = opener
        self._busy = False

        self.heading = QLabel(heading)
        self.heading.setObjectName("unlockHeading")
        self.heading.setVisible(bool(heading))
        self.heading.setStyleSheet("font-size: 16pt; font-weight: 600")
        # File name only: the folder path can itself name a family.
        self.prompt = QLabel(f"Enter the passphrase for <b>{case_path.name}</b>")
        self.prompt.setTextFormat(Qt.TextFormat.RichText)
        self.passphrase = QLineEdit()
        self.passphrase.setObjectName("passphrase")
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setAccessibleName("Passphrase")
        self.passphrase.setPlaceholderText("Passphrase")
        self.prompt.setBuddy(self.passphrase)
        self.read_only_box = QCheckBox("Open &read-only (look, do not change)")
        self.read_only_box.setChecked(read_only)
        self.read_only_box.setAccessibleName("Open read-only")
        self.accept_older_box = QCheckBox("Open this older copy &anyway")
        self.accept_older_box.setAccessibleName("Open this older copy anyway")
        self.accept_older_box.setVisible(False)
        self.message = QLabel("")
        self.message.setObjectName("unlockMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #a4000f")
        self.message.setAccessibleName("Unlock message")
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)  # indeterminate while the key is derived
        self.busy.setAccessibleName("Unlocking")
        self.busy.setVisible(False)
        self.buttons = QDialogButtonBox()
        self.unlock_button = QPushButton("&Unlock")
        self.unlock_button.setDefault(True)
        self.unlock_button.setAccessibleName("Unlock")
        self.cancel_button = QPushButton(cancel_text)
        self.cancel_button.setAccessibleName(cancel_text.replace("&", ""))
        # Return must never mean Cancel: Qt makes a focused auto-default button the default
        # while Unlock is disabled during key derivation.
        self.cancel_button.setAutoDefault(False)
        self.buttons.addButton(self.unlock_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.unlock_button.clicked.connect(self.try_unlock)
        self.cancel_button.clicked.connect(self.cancel)
        self.passphrase.returnPressed.connect(self.try_unlock)

        layout = QVBoxLayout(self)
        for w in (self.heading, self.prompt, self.passphrase, self.read_only_box,
                  self.accept_older_box, self.message, self.busy, self.buttons):
            layout.addWidget(w)
        self.setFocusProxy(self.passphrase)

    @property
    def is_busy(self) -> bool:
        return self._busy

    def try_unlock(self) -> None:
        if self._busy:
            return
        secret = self.passphrase.text()
        self.passphrase.clear()
        if not secret:
            self.message.setText("Type the case's passphrase, then press Unlock.")
            return
        self.message.setText("")
        self._set_busy(True)
        path, opener = self.case_path, self._opener
        read_only, accept = self.read_only_box.isChecked(), self.accept_older_box.isChecked()
        run_in_background(lambda: opener(path, secret, read_only, accept),
                          self._unlocked, self._failed)

    def cancel(self) -> None:
        self.passphrase.clear()
        self.cancelled.emit()

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.busy.setVisible(busy)
        self.passphrase.setEnabled(not busy)
        self.unlock_button.setEnabled(not busy)
        self.read_only_box.setEnabled(not busy)

    def _unlocked(self, case: CaseFile) -> None:
        if not shiboken6.isValid(self) or not self.isVisible():
            case.close()  # the form went away while the key was derived: do not keep it open
            return
        self._set_busy(False)
        self.accept_older_box.setChecked(False)
        self.accept_older_box.setVisible(False)
        self.unlocked.emit(case)

    def _failed(self, exc: BaseException) -> None:
        if not shiboken6.isValid(self):
            return
        self._set_busy(False)
        if isinstance(exc, OpenElsewhere):
            self.read_only_box.setChecked(True)
            self.message.setText(f"{exc} “Open read-only” is now ticked: enter the passphrase "
                                 "again to look at the case without changing it.")
        elif isinstance(exc, RolledBack):
            self.accept_older_box.setVisible(True)
            self.message.setText(str(exc).replace(
                "open it with --accept-older", "tick “Open this older copy anyway”"))
        elif isinstance(exc, CaseError):
            self.message.setText(str(exc))
        else:
            log.error("unlock failed with %s", type(exc).__name__)
            self.message.setText(f"The case could not be opened because of an internal error "
                                 f"({type(exc).__name__}). The file has not been changed.")
        self.passphrase.setFocus()

    def hideEvent(self, event) -> None:  # noqa: N802 - Qt override
        # Never leave a passphrase sitting in a hidden widget.
        self.passphrase.clear()
        super().hideEvent(event)


class UnlockDialog(QDialog):
    """Modal dialog around UnlockForm; `case` holds the open case after exec() is accepted."""

    def __init__(self, case_path: Path, read_only: bool = False, parent: QWidget | None = None,
                 opener: Opener = default_opener) -> None:
        super().__init__(parent)
        self.case_path = case_path
        self.case: CaseFile | None = None
        self.setWindowTitle("Unlock case — Visible")
        self.setModal(True)
        self.form = UnlockForm(case_path, read_only, opener, parent=self)
        # Kept for callers that reach the pieces directly.
        self.passphrase = self.form.passphrase
        self.message = self.form.message
        self.busy = self.form.busy
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        self.form.unlocked.connect(self._unlocked)
        self.form.cancelled.connect(self.reject)
        self.form.passphrase.setFocus(Qt.FocusReason.OtherFocusReason)
        self.resize(420, self.sizeHint().height())

    def try_unlock(self) -> None:
        self.form.try_unlock()

    def _unlocked(self, case: CaseFile) -> None:
        self.case = case
        self.accept()

    def hideEvent(self, event) -> None:  # noqa: N802 - Qt override
        self.form.passphrase.clear()
        super().hideEvent(event)
