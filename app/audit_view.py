"""The audit trail, read-only: who changed what, when, old -> new, and whether the chain holds.

The model is a thin adapter over an SQL query (filtering happens in SQL, never in a proxy
model: PERFORMANCE-NOTES.md), showing the newest records first. The details of the selected
record (the fields that changed) are read only for that one record.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.qt_roles import DISPLAY, HORIZONTAL, TOOLTIP
from storage import audit_store
from storage.areas import Area
from storage.casefile import CaseFile

MAX_ROWS = 10_000
COLUMNS = ("No.", "When", "Who", "Action", "Record", "Change")
_OPS = {"insert": "added", "update": "changed", "delete": "removed"}


def _when(iso: str) -> str:
    try:
        return dt.datetime.fromisoformat(iso).astimezone().strftime("%d/%m/%Y %H:%M:%S")
    except ValueError:
        return iso


class AuditModel(QAbstractTableModel):
    def __init__(self, case: CaseFile, parent: Any = None) -> None:
        super().__init__(parent)
        self.case = case
        self.rows: list[tuple[Any, ...]] = []
        self.total = 0
        self.matching = 0

    def load(self, text: str = "", area: Area | None = None) -> None:
        self.beginResetModel()
        self.total = audit_store.count_records(self.case)
        self.matching = audit_store.count_records(self.case, text, area)
        self.rows = [
            (line.seq, _when(line.at), line.author, line.action,
             f"{line.table_name.replace('_', ' ')} {line.row_id}", _OPS.get(line.op, line.op))
            for line in audit_store.newest_records(self.case, text, area, MAX_ROWS)
        ]
        self.endResetModel()

    def clear(self) -> None:
        self.beginResetModel()
        self.rows = []
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008,N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008,N802
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = DISPLAY) -> Any:
        if role == DISPLAY or role == TOOLTIP:
            return str(self.rows[index.row()][index.column()])
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = DISPLAY) -> Any:  # noqa: N802
        if role == DISPLAY and orientation == HORIZONTAL:
            return COLUMNS[section]
        return None

    def seq_at(self, row: int) -> int:
        return int(self.rows[row][0])


def describe_record(case: CaseFile, seq: int) -> str:
    event = audit_store.record(case, seq)
    if event is None:
        return ""
    txn, at, author, action, table, row_id, op = (event.txn, event.at, event.author,
                                                  event.action, event.table_name, event.row_id,
                                                  event.op)
    digest = event.hash
    old_v, new_v = event.old or {}, event.new or {}
    lines = [f"Record {seq} (action {txn}) — {_when(at)} by {author}", f"{action}: "
             f"{table.replace('_', ' ')} {row_id} {_OPS.get(op, op)}", ""]
    for key in sorted(set(old_v) | set(new_v)):
        before, after = old_v.get(key), new_v.get(key)
        if op == "update" and before == after:
            continue
        if op == "insert":
            lines.append(f"{key}: {after!r}")
        elif op == "delete":
            lines.append(f"{key}: {before!r} (removed)")
        else:
            lines.append(f"{key}: {before!r} → {after!r}")
    lines += ["", f"Hash: {digest}"]
    return "\n".join(lines)


class AuditDialog(QDialog):
    """Non-modal window over the audit trail; the main window closes it on lock."""

    def __init__(self, case: CaseFile, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.case = case
        self.setWindowTitle("Audit trail — Visible")
        self.model = AuditModel(case, self)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("Filter by who, action, record or value")
        self.filter.setAccessibleName("Filter the audit trail")
        self.filter.setClearButtonEnabled(True)
        self.table_choice = QComboBox()
        self.table_choice.setAccessibleName("Kind of record")
        self.table_choice.addItem("All records", "")
        for area in audit_store.audited_areas(case):
            self.table_choice.addItem(area.value.capitalize(), area.value)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setAccessibleName("Audit records")
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().setVisible(False)
        self.view.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.view.horizontalHeader().setResizeContentsPrecision(200)  # sample, never all rows
        self.details = QPlainTextEdit()
        self.details.setReadOnly(True)
        self.details.setAccessibleName("Details of the selected record")
        self.count_label = QLabel("")
        self.chain_label = QLabel("")
        self.chain_label.setObjectName("chainStatus")
        self.check_button = QPushButton("&Check the chain")
        self.check_button.setAccessibleName("Check the audit chain")
        self.check_button.clicked.connect(self.check_chain)

        top = QHBoxLayout()
        top.addWidget(self.filter, 1)
        top.addWidget(self.table_choice)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.view)
        split.addWidget(self.details)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.count_label, 1)
        bottom.addWidget(self.chain_label)
        bottom.addWidget(self.check_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(split, 1)
        layout.addLayout(bottom)

        # Typing filters after a short pause rather than on every key.
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(200)
        self._debounce.timeout.connect(self.reload)
        self.filter.textChanged.connect(lambda _t: self._debounce.start())
        self.table_choice.currentIndexChanged.connect(lambda _i: self.reload())
        self.view.selectionModel().currentRowChanged.connect(self._show_details)
        self.resize(900, 600)
        self.reload()

    def reload(self) -> None:
        if self.case.closed:  # the case was closed (locked) while a filter was pending
            self._debounce.stop()
            self.model.clear()
            return
        chosen = self.table_choice.currentData()
        self.model.load(self.filter.text(), Area(chosen) if chosen else None)
        shown = len(self.model.rows)
        text = f"{self.model.matching:,} of {self.model.total:,} records"
        if shown < self.model.matching:
            text += f" (newest {shown:,} shown; narrow the filter to see older ones)"
        self.count_label.setText(text)
        self.view.resizeColumnsToContents()
        self.details.clear()

    def _show_details(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self.details.setPlainText(describe_record(self.case, self.model.seq_at(current.row())))

    def check_chain(self) -> bool:
        problems = audit_store.chain_problems(self.case)
        if problems:
            self.chain_label.setText(f"Chain BROKEN: {problems[0].message}")
            self.chain_label.setStyleSheet("color: #a4000f; font-weight: 600")
        else:
            self.chain_label.setText("Chain intact")
            self.chain_label.setStyleSheet("color: #1b5e20")
        return not problems
