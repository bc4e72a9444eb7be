"""The genogram "as at" bar: who lived with the baby on a chosen day.

Household periods (storage.household.HouseholdMember) drive the boundary: with a date here the
editor redraws the genogram as it stood that day (the household boundary and everyone's age
then), so a reader can see who was living with the baby when something happened. A chronology
entry can ask for its own date (CaseSession.household_date_requested).
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QSizePolicy, QWidget

from forms.dates import Strictness, parse_date
from storage.errors import InvalidValue


def _words(day: dt.date) -> str:
    return f"{day.day} {day:%B} {day.year}"


class AsAtBar(QWidget):
    """Emits the day to draw (None: today) once a whole day is typed or chosen."""

    day_chosen = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.date = QLineEdit(objectName="as_at_date")
        self.date.setPlaceholderText("today")
        self.date.setAccessibleName("Show the household as at this date")
        self.date.setMaximumWidth(140)
        self.date.editingFinished.connect(self._typed)
        self.today = QPushButton("Today", objectName="as_at_today")
        self.today.clicked.connect(lambda: self.show_day(None, emit=True))
        self.status = QLabel(objectName="as_at_status")
        # The sentence wraps (and never widens the panel): the genogram shares a 1366-pixel
        # laptop screen with the male-carers panel.
        self.status.setWordWrap(True)
        self.status.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.status.setMinimumWidth(120)
        self.error = QLabel(objectName="as_at_error")
        self.error.setStyleSheet("color: #b3261e")
        self.error.setWordWrap(True)
        self.error.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        row = QHBoxLayout(self)
        row.setContentsMargins(4, 2, 4, 2)
        row.addWidget(QLabel("Household as at"))
        row.addWidget(self.date)
        row.addWidget(self.today)
        row.addWidget(self.status, 1)
        row.addWidget(self.error)
        self.day: dt.date | None = None
        self.show_day(None)

    def _typed(self) -> None:
        text = self.date.text().strip()
        if not text:
            self.show_day(None, emit=True)
            return
        try:
            day = parse_date(text, Strictness.DAY).earliest()
        except InvalidValue as exc:
            self.error.setText(str(exc))
            return
        self.show_day(None if day == dt.date.today() else day, emit=True)

    def show_day(self, day: dt.date | None, emit: bool = False) -> None:
        self.error.setText("")
        changed = day != self.day
        self.day = day
        self.date.setText(day.strftime("%d/%m/%Y") if day else "")
        self.today.setEnabled(day is not None)
        if day is None:
            self.status.setText("Showing who lives with the child today.")
            self.status.setStyleSheet("")
        else:
            self.status.setText(f"Showing the household as it was on {_words(day)} "
                                "(ages as on that day).")
            self.status.setStyleSheet("background: #fbe9a6; padding: 2px 6px")
        if emit and changed:
            self.day_chosen.emit(day)

    def describe(self, members: list[str], unborn: list[str] | None = None) -> None:
        """Name who the boundary holds, so the bar says it in words too. `unborn`: the index
        children not yet born on the day shown (then the household is the one they were born
        into, not one they lived in)."""
        base = self.status.text().split(" Living with the child:")[0]
        base = base.split(" Before ")[0]
        listed = ", ".join(members) if members else "no one recorded"
        if unborn:
            self.status.setText(f"{base} Before {' and '.join(unborn)} "
                                f"{'was' if len(unborn) == 1 else 'were'} born; living in the "
                                f"household: {listed}.")
        else:
            self.status.setText(f"{base} Living with the child: {listed}.")
