"""Address an unaddressed male-carer role: link a man, or record none / not known with reasons.

§11.9 of the review: questions about men "were often just not asked". A declaration therefore
needs both the reason and what was done to find out; the dialog will not accept one without.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from storage.carers import CarerRole, Declaration
from storage.ids import PersonId
from storage.people import Person, Sex


@dataclass(slots=True)
class RoleAnswer:
    person_id: PersonId | None
    declaration: Declaration | None
    reason: str
    efforts: str
    recorded_by: str


class RoleDialog(QDialog):
    def __init__(
        self,
        role: CarerRole,
        child: Person,
        people: list[Person],
        author: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"{role.label} — {child.display_name}")
        self.role = role
        layout = QVBoxLayout(self)
        intro = QLabel(
            f"<b>{role.label}</b> for {child.display_name} is not recorded yet. Link the man who "
            "holds this role, or record that there is none or that he is not known — with the "
            "reason and what was done to find out."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)

        self.link = QRadioButton("This person holds the role:")
        self.none = QRadioButton("There is none")
        self.not_known = QRadioButton("Not known")
        self.choice = QButtonGroup(self)
        for i, b in enumerate((self.link, self.none, self.not_known)):
            self.choice.addButton(b, i)
        self.person = QComboBox()
        self.person.setObjectName("person")
        # Men first: the roles are about the men in the baby's life.
        ordered = sorted(
            (p for p in people if p.id != child.id),
            key=lambda p: (p.sex is not Sex.MALE, p.display_name.lower()),
        )
        for p in ordered:
            self.person.addItem(p.display_name, p.id)
        self.reason = QPlainTextEdit()
        self.reason.setObjectName("reason")
        self.reason.setPlaceholderText("Why is no one recorded? (e.g. mother declined to name him)")
        self.efforts = QPlainTextEdit()
        self.efforts.setObjectName("efforts")
        self.efforts.setPlaceholderText("What was done to find out, by whom and when?")
        for box in (self.reason, self.efforts):
            box.setFixedHeight(64)
        self.recorded_by = QLineEdit(author)
        self.error = QLabel("")
        self.error.setObjectName("error")
        self.error.setStyleSheet("color: #b3261e")
        self.error.setWordWrap(True)

        form = QFormLayout()
        form.addRow(self.link, self.person)
        form.addRow(self.none)
        form.addRow(self.not_known)
        form.addRow("Reason", self.reason)
        form.addRow("Efforts to find out", self.efforts)
        form.addRow("Recorded by", self.recorded_by)
        layout.addLayout(form)
        layout.addWidget(self.error)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.choice.idToggled.connect(lambda *_: self._sync())
        (self.link if ordered else self.not_known).setChecked(True)
        self._sync()
        self.resize(480, 420)

    def _sync(self) -> None:
        linking = self.link.isChecked()
        self.person.setEnabled(linking)
        self.reason.setEnabled(not linking)
        self.efforts.setEnabled(not linking)

    def answer(self) -> RoleAnswer:
        if self.link.isChecked():
            pid = self.person.currentData()
            return RoleAnswer(
                None if pid is None else PersonId(pid),
                None,
                "",
                "",
                self.recorded_by.text().strip(),
            )
        decl = Declaration.NONE if self.none.isChecked() else Declaration.NOT_KNOWN
        return RoleAnswer(
            None,
            decl,
            self.reason.toPlainText().strip(),
            self.efforts.toPlainText().strip(),
            self.recorded_by.text().strip(),
        )

    def accept(self) -> None:
        a = self.answer()
        if self.link.isChecked() and a.person_id is None:
            self.error.setText("Choose the person, or record none / not known.")
            return
        if a.declaration is not None and (not a.reason or not a.efforts):
            self.error.setText("Give both the reason and what was done to find out.")
            return
        super().accept()
