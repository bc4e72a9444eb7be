"""A person's household periods: when they lived with the baby (moved in, moved out, back).

The genogram's "lives in the household now" tick starts or ends a period today; this dialog
edits the whole history, with dates typed in the one date grammar ("May 2025", "c. 2024",
"14/03/2026"), because the as-at genogram and the review export read these periods.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from forms.dates import HINT, Strictness
from forms.household import TypedPeriod, read_periods
from storage.errors import InvalidValue
from storage.household import HouseholdMember
from storage.ids import HouseholdMemberId, PersonId


class HouseholdPeriodsDialog(QDialog):
    def __init__(self, person_id: PersonId, name: str, periods: list[HouseholdMember],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Household periods — {name}")
        self.person_id = person_id
        self.rows: list[tuple[QLineEdit, QLineEdit, QLineEdit, HouseholdMemberId | None]] = []
        intro = QLabel(f"When {name} lived with the child. Leave 'until' empty if they still "
                       f"do; leave 'from' empty if it is not known when they moved in. Dates: "
                       f"{HINT[Strictness.PARTIAL]}.")
        intro.setWordWrap(True)
        self.grid = QGridLayout()
        for column, title in enumerate(("From", "Until", "Notes")):
            self.grid.addWidget(QLabel(f"<b>{title}</b>"), 0, column)
        self.add_button = QPushButton("Add a period")
        self.add_button.clicked.connect(lambda: self.add_row())
        self.error = QLabel(objectName="error")
        self.error.setStyleSheet("color: #b3261e")
        self.error.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(self.grid)
        layout.addWidget(self.add_button)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        for period in periods:
            self.add_row(period)
        if not periods:
            self.add_row()
        self.resize(640, self.sizeHint().height())

    def add_row(self, period: HouseholdMember | None = None) -> None:
        start, end, notes = QLineEdit(), QLineEdit(), QLineEdit()
        start.setPlaceholderText("e.g. May 2025")
        end.setPlaceholderText("still lives there")
        if period is not None:
            start.setText(period.from_date.display() if period.from_date else "")
            end.setText(period.to_date.display() if period.to_date else "")
            notes.setText(period.notes)
        row = len(self.rows) + 1
        remove = QPushButton("Remove")
        entry = (start, end, notes, period.id if period else None)
        remove.clicked.connect(lambda: self._remove(entry, remove))
        for column, widget in enumerate((start, end, notes, remove)):
            self.grid.addWidget(widget, row, column)
        self.rows.append(entry)

    def _remove(self, entry: tuple, button: QPushButton) -> None:  # type: ignore[type-arg]
        for widget in (*entry[:3], button):
            self.grid.removeWidget(widget)
            widget.deleteLater()
        self.rows.remove(entry)

    def typed(self) -> list[TypedPeriod]:
        return [TypedPeriod(s.text(), e.text(), n.text(), pid) for s, e, n, pid in self.rows
                if s.text().strip() or e.text().strip() or n.text().strip() or pid is not None]

    def periods(self) -> list[HouseholdMember]:
        """The periods as typed, checked; InvalidValue names the period and what is wrong."""
        return read_periods(self.person_id, self.typed())

    def accept(self) -> None:
        try:
            self.periods()
        except InvalidValue as exc:
            self.error.setText(str(exc))
            return
        super().accept()
