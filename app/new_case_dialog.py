"""New case: where to keep it, its reference and marking, and the passphrase (twice)."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import shiboken6
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.workers import run_in_background
from storage.case import CaseDetails
from storage.casefile import CaseFile
from storage.errors import CaseError
from storage.paths import case_file_name
from storage.strength import MIN_PASSPHRASE

Creator = Callable[[Path, str, CaseDetails], CaseFile]


def default_creator(path: Path, secret: str, details: CaseDetails) -> CaseFile:
    return CaseFile.create(path, secret, details)


def suggested_name(reference: str) -> str:
    safe = re.sub(r"[^A-Za-z0-9._-]+", "-", reference).strip("-.") or "case"
    return f"{safe}.vcase"


class NewCaseDialog(QDialog):
    def __init__(self, folder: str, marking: str, creator: Creator = default_creator,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("New case — Visible")
        self.setModal(True)
        self.case: CaseFile | None = None
        self._creator = creator
        self._folder = folder
        self._busy = False

        self.reference = QLineEdit()
        self.reference.setAccessibleName("Case reference")
        self.reference.setPlaceholderText("e.g. the case number in your authority's system")
        self.local_authority = QLineEdit()
        self.local_authority.setAccessibleName("Local authority")
        self.marking = QLineEdit(marking)
        self.marking.setAccessibleName("Protective marking")
        self.location = QLineEdit()
        self.location.setAccessibleName("Case file location")
        self.browse = QPushButton("&Browse…")
        self.browse.setAccessibleName("Choose where to save the case file")
        self.browse.clicked.connect(self._choose_location)
        where = QHBoxLayout()
        where.addWidget(self.location, 1)
        where.addWidget(self.browse)
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setAccessibleName("Passphrase")
        self.repeat = QLineEdit()
        self.repeat.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat.setAccessibleName("Repeat the passphrase")
        hint = QLabel(f"At least {MIN_PASSPHRASE} characters; a few unrelated words are easy to "
                      "remember. There is no way to recover a case without its passphrase.")
        hint.setWordWrap(True)
        self.message = QLabel("")
        self.message.setObjectName("newCaseMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #a4000f")
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setVisible(False)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Create case")
        self.buttons.accepted.connect(self.try_create)
        self.buttons.rejected.connect(self.reject)
        self.reference.textChanged.connect(self._suggest_location)

        form = QFormLayout()
        form.addRow("Case &reference", self.reference)
        form.addRow("&Local authority", self.local_authority)
        form.addRow("Protective &marking", self.marking)
        save_as = QLabel("Save &as")
        save_as.setBuddy(self.location)  # a row holding a layout gets no mnemonic by itself
        form.addRow(save_as, where)
        form.addRow("&Passphrase", self.passphrase)
        form.addRow("Re&peat passphrase", self.repeat)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        for w in (hint, self.message, self.busy, self.buttons):
            layout.addWidget(w)
        self.resize(520, self.sizeHint().height())
        self._location_edited = False
        self.location.textEdited.connect(lambda _t: setattr(self, "_location_edited", True))

    def _suggest_location(self, reference: str) -> None:
        if not self._location_edited:
            self.location.setText(str(Path(self._folder) / suggested_name(reference)))

    def _choose_location(self) -> None:
        start = self.location.text() or str(Path(self._folder) / "case.vcase")
        chosen, _ = QFileDialog.getSaveFileName(self, "Save the new case as", start,
                                                "Visible cases (*.vcase)")
        if chosen:
            self.location.setText(chosen)
            self._location_edited = True

    def problem(self) -> str | None:
        """What stops the case being created, as a sentence; None when the form is complete."""
        if not self.reference.text().strip():
            return "Enter a case reference."
        if not self.location.text().strip():
            return "Choose where to save the case file."
        secret = self.passphrase.text()
        if len(secret) < MIN_PASSPHRASE:
            return (f"The passphrase is too short ({len(secret)} characters); use at least "
                    f"{MIN_PASSPHRASE}.")
        if secret != self.repeat.text():
            return "The two passphrases differ. Type the same passphrase in both boxes."
        return None

    def target_path(self) -> Path:
        return case_file_name(Path(self.location.text().strip()).expanduser())

    def try_create(self) -> None:
        if self._busy:
            return
        problem = self.problem()
        if problem:
            self.message.setText(problem)
            return
        secret = self.passphrase.text()
        self.passphrase.clear()
        self.repeat.clear()
        marking = self.marking.text().strip() or "OFFICIAL-SENSITIVE"
        details = CaseDetails(reference=self.reference.text().strip(),
                              local_authority=self.local_authority.text().strip(),
                              protective_marking=marking)
        path, creator = self.target_path(), self._creator
        self._set_busy(True)
        run_in_background(lambda: creator(path, secret, details), self._created, self._failed)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.busy.setVisible(busy)
        self.buttons.setEnabled(not busy)

    def _created(self, case: CaseFile) -> None:
        if not shiboken6.isValid(self) or not self.isVisible():
            case.close()
            return
        self._set_busy(False)
        self.case = case
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        if not shiboken6.isValid(self):
            return
        self._set_busy(False)
        if isinstance(exc, CaseError):
            self.message.setText(str(exc))
        elif isinstance(exc, OSError):
            self.message.setText(f"The case file could not be written: {exc.strerror or exc}.")
        else:
            self.message.setText(f"The case could not be created because of an internal error "
                                 f"({type(exc).__name__}).")

    def hideEvent(self, event) -> None:  # noqa: N802 - Qt override
        self.passphrase.clear()
        self.repeat.clear()
        super().hideEvent(event)
