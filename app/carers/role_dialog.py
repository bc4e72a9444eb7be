"""Address one male-carer role for one child: link a man (existing or new), or declare
"none" / "not known" with the reason and what was done to find out (§11.9).

The dialog only gathers input; `action()` returns the operation (app/operations/roles.py) for
session.run, checked first so a mistake keeps the dialog open with its message.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from typing import Any

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

from app.drafts import DraftBook, DraftKeeper, ask_before_closing
from app.operations import roles as roles_ops
from app.operations.changes import Changes
from forms.roles import check_declaration, check_link
from storage.carers import CarerRole, Declaration, RoleAssignment
from storage.casefile import CaseFile
from storage.errors import InvalidValue
from storage.ids import PersonId, RoleAssignmentId
from storage.people import Person, Sex

RoleOperation = Callable[[CaseFile], Changes]


def buttons_of(group: QButtonGroup) -> list[QRadioButton]:
    return [b for b in group.buttons() if isinstance(b, QRadioButton)]


class RoleDialog(QDialog):
    def __init__(
        self,
        child: Person,
        role: CarerRole,
        people: list[Person],
        recorded_by: str,
        current: Sequence[RoleAssignment] = (),
        parent: QWidget | None = None,
        drafts: DraftBook | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"{role.label} — {child.display_name}")
        self.child, self.role, self.recorded_by = child, role, recorded_by
        lay = QVBoxLayout(self)
        lay.addWidget(
            QLabel(
                f"<b>{role.label}</b> for {child.display_name}: record the man, or "
                "say there is none or that he is not known, and why."
            )
        )
        self.choice = QButtonGroup(self)
        # Each choice has its Alt+letter: the dialog is used from the keyboard alone too.
        self.existing = QRadioButton("A man &already in this case")
        self.new = QRadioButton("A man not &yet in this case")
        self.none = QRadioButton("There is n&one")
        self.not_known = QRadioButton("He is not &known")
        self.remove = QRadioButton("&Take a man out of this role (recorded in error)")
        buttons = (self.existing, self.new, self.none, self.not_known, self.remove)
        for n, button in enumerate(buttons):
            button.setObjectName(("existing", "new", "none", "not_known", "remove")[n])
            self.choice.addButton(button, n)
        names = {p.id: p.display_name for p in people}
        self.linked = QComboBox()
        self.linked.setObjectName("linked")
        for a in current:
            if a.person_id is not None:
                self.linked.addItem(names.get(a.person_id, "?"), a.id)
        self.linked.setAccessibleName("The man to take out of this role")
        self.person = QComboBox()
        self.person.setObjectName("person")
        self.person.setAccessibleName("The man already in this case")
        # Men first: the roles are about men, but a practitioner may need anyone in the case.
        for p in sorted(people, key=lambda p: (p.sex is not Sex.MALE, p.display_name)):
            if p.id != child.id:
                self.person.addItem(p.display_name, p.id)
        self.given = QLineEdit()
        self.given.setObjectName("given_names")
        self.family = QLineEdit()
        self.family.setObjectName("family_name")
        self.reason = QPlainTextEdit()
        self.reason.setObjectName("reason")
        self.reason.setPlaceholderText(
            "Why: e.g. mother says the father is unknown; no partner since…"
        )
        self.efforts = QPlainTextEdit()
        self.efforts.setObjectName("efforts")
        self.efforts.setPlaceholderText(
            "What was done to find out: who was asked, when, which records"
        )
        for box in (self.reason, self.efforts):
            box.setMaximumHeight(70)
            box.setTabChangesFocus(True)  # Tab moves on; it never types a tab character
        form = QFormLayout()
        form.addRow(self.existing, self.person)
        form.addRow(self.new)
        form.addRow("  Given names", self.given)
        form.addRow("  Family name", self.family)
        form.addRow(self.none)
        form.addRow(self.not_known)
        form.addRow("&Reason", self.reason)
        form.addRow("&Efforts made", self.efforts)
        if self.linked.count():
            form.addRow(self.remove, self.linked)
        else:
            self.remove.hide()
        lay.addLayout(form)
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setStyleSheet("color:#a00000")
        self.error.setWordWrap(True)
        lay.addWidget(self.error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        (self.existing if self.person.count() else self.new).setChecked(True)
        declared = next((a for a in current if a.declaration is not None), None)
        if declared is not None:  # editing a declaration: start from what was recorded
            (self.none if declared.declaration is Declaration.NONE else self.not_known).setChecked(
                True
            )
            self.reason.setPlainText(declared.reason)
            self.efforts.setPlainText(declared.efforts)
        # What is typed is kept as a draft (app/drafts.py) and offered back if the dialog is
        # closed by a lock or a quit, or cancelled with "Keep as draft".
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.keeper = DraftKeeper(self, drafts, "role", self.draft_state, self.restore_draft,
                                  inputs=[*buttons_of(self.choice), self.person, self.linked,
                                          self.given, self.family, self.reason, self.efforts,
                                          ok])
        lay.insertWidget(0, self.keeper.bar)
        self.keeper.bind(f"{child.id}:{role.value}",
                         f"the {role.label.lower()} of {child.display_name}")

    def draft_state(self) -> dict[str, Any]:
        checked = self.choice.checkedButton()
        return {"choice": checked.objectName() if checked else "",
                "person": self.person.currentData(), "linked": self.linked.currentData(),
                "given": self.given.text(), "family": self.family.text(),
                "reason": self.reason.toPlainText(), "efforts": self.efforts.toPlainText()}

    def restore_draft(self, state: dict[str, Any]) -> None:
        for button in buttons_of(self.choice):
            if button.objectName() == state.get("choice"):
                button.setChecked(True)
        for combo, key in ((self.person, "person"), (self.linked, "linked")):
            index = combo.findData(state.get(key))
            if index >= 0:
                combo.setCurrentIndex(index)
        self.given.setText(state.get("given", ""))
        self.family.setText(state.get("family", ""))
        self.reason.setPlainText(state.get("reason", ""))
        self.efforts.setPlainText(state.get("efforts", ""))

    def reject(self) -> None:  # Cancel, Escape, the close button: never a silent discard
        if ask_before_closing(self, self.keeper):
            super().reject()

    def action(self) -> RoleOperation:
        """The operation to run, checked: raises InvalidValue with a message for the user."""
        child_id = PersonId(self.child.id or 0)
        role, by = self.role, self.recorded_by
        if self.existing.isChecked():
            pid = self.person.currentData()
            if pid is None:
                raise InvalidValue("Choose the man, or add a new one.")
            check_link(child_id, PersonId(pid))
            return functools.partial(roles_ops.link_man, child_id=child_id, role=role,
                                     person_id=PersonId(pid), recorded_by=by)
        if self.remove.isChecked():
            assignment = self.linked.currentData()
            if assignment is None:
                raise InvalidValue("There is no man in this role to take out.")
            return functools.partial(roles_ops.unlink,
                                     assignment_id=RoleAssignmentId(assignment))
        if self.new.isChecked():
            given, family = self.given.text().strip(), self.family.text().strip()
            if not (given or family):
                raise InvalidValue(
                    "Give at least a given name or a family name for the new man "
                    "(a nickname is fine)."
                )
            return functools.partial(roles_ops.add_man_in_role, child_id=child_id, role=role,
                                     given_names=given, family_name=family, recorded_by=by)
        declaration = Declaration.NONE if self.none.isChecked() else Declaration.NOT_KNOWN
        reason, efforts = self.reason.toPlainText(), self.efforts.toPlainText()
        if not reason.strip() or not efforts.strip():
            raise InvalidValue(
                "Give the reason and the efforts made to find out: without them "
                "the role is not addressed."
            )
        check_declaration(role, declaration, reason, efforts)
        return functools.partial(roles_ops.declare, child_id=child_id, role=role,
                                 declaration=declaration, reason=reason, efforts=efforts,
                                 recorded_by=by)

    def accept(self) -> None:  # every way of accepting is checked, not just the OK button
        try:
            self.action()
        except InvalidValue as exc:
            self.error.setText(str(exc))
            return
        super().accept()
