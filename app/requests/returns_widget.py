"""The returns tracker: which agencies were asked for their chronology, returned it, are late.

Self-contained (takes the session), like the requests widget, so the workspace can place it.
Asking for a return writes the agency's template (.xlsx or .docx) after the leaves-the-case
warning; the filled template comes back through the ordinary import, which logs it here.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.leaving import confirm_leaving
from app.operations.changes import Changes
from app.operations.returns import ask_for_return
from exports import leaving
from forms.returns import return_state
from storage.areas import Area
from storage.chronology import Agency
from storage.errors import CaseError
from storage.ids import AgencyId
from storage.requests_store import agency_returns

COLUMNS = ("Agency", "State", "Requested", "Due", "Received", "Rows", "Corrections", "Template")
STATE_COLOUR = {"overdue": QColor("#f8d7da"), "asked": QColor("#fff3cd"),
                "returned": QColor("#d1e7dd"), "corrected": QColor("#d1e7dd")}


def _day(d: dt.date | None) -> str:
    return f"{d:%d/%m/%Y}" if d else ""


class ReturnsWidget(QWidget):
    def __init__(self, session: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel("<b>Agency chronology returns</b> — asked for, returned, overdue"))
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("returns")
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(len(COLUMNS) - 1, QHeaderView.ResizeMode.Stretch)
        lay.addWidget(self.table, 1)
        self.not_asked = QLabel()
        self.not_asked.setObjectName("not_asked")
        self.not_asked.setWordWrap(True)
        lay.addWidget(self.not_asked)
        row = QHBoxLayout()
        self.agency = QComboBox()
        self.agency.setObjectName("agency")
        self.format = QComboBox()
        self.format.addItem("Excel (.xlsx)", "xlsx")
        self.format.addItem("Word (.docx)", "docx")
        self.ask_button = QPushButton("Write a return template…")
        self.ask_button.setObjectName("ask_return")
        self.ask_button.clicked.connect(self.ask)
        for w in (QLabel("Ask"), self.agency, self.format, self.ask_button):
            row.addWidget(w)
        row.addStretch(1)
        lay.addLayout(row)
        self.message = QLabel()
        self.message.setWordWrap(True)
        lay.addWidget(self.message)
        session.changed.connect(self._changed)
        self.refresh()

    def _changed(self, changes: Changes) -> None:
        if changes.touches(Area.REQUESTS, Area.IMPORTS, Area.AGENCIES):
            self.refresh()

    def refresh(self) -> None:
        case = self.session.case
        today = dt.date.today()
        agencies = {a.id: a.name for a in case.all(Agency)}
        items = agency_returns(case)
        self.table.setRowCount(len(items))
        for r, item in enumerate(items):
            state = return_state(item, today)
            cells = (agencies.get(item.agency_id, ""), state, _day(item.requested_on),
                     _day(item.due_on), _day(item.received_on),
                     str(item.row_count) if item.received_on else "", str(item.corrections or ""),
                     item.template_file)
            for c, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                if c == 1:
                    cell.setBackground(STATE_COLOUR[state])
                self.table.setItem(r, c, cell)
        asked = {i.agency_id for i in items}
        missing = sorted(name for aid, name in agencies.items() if aid not in asked)
        self.not_asked.setText("Not asked for a return: " + (", ".join(missing) or "none"))
        current = self.agency.currentText()
        self.agency.clear()
        for aid, name in sorted(agencies.items(), key=lambda kv: kv[1]):
            self.agency.addItem(name, aid)
        if current:
            self.agency.setCurrentIndex(max(0, self.agency.findText(current)))
        self.ask_button.setEnabled(not self.session.read_only)

    def confirm_leaving(self) -> bool:
        return confirm_leaving(self, "The template leaves the encrypted case",
                               leaving.TEMPLATE, "Write")

    def ask(self) -> None:
        if not self.confirm_leaving():
            return
        fmt = self.format.currentData()
        name, _ = QFileDialog.getSaveFileName(
            self, "Write the return template", f"{self.agency.currentText()} return.{fmt}",
            f"{self.format.currentText()} (*.{fmt})")
        if name:
            self.apply_ask(AgencyId(self.agency.currentData()), Path(name))

    def apply_ask(self, agency_id: AgencyId, path: Path) -> bool:
        written: list[Path] = []

        def op(case: Any, aid: AgencyId, target: Path) -> Changes:
            out, changes = ask_for_return(case, aid, target)
            written.append(out)
            return changes

        try:
            self.session.run(op, agency_id, path)
        except CaseError as exc:
            self.message.setText(str(exc))
            return False
        self.message.setText(f"Wrote {written[0]} — it is outside the encrypted case file.")
        return True
