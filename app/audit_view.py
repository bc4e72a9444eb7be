"""The audit trail, read-only, in words: who changed what, when, old → new, whether it holds.

Each record is put into words by forms/audit_words.py (field labels, a man's questions by
their labels, stored choices by their labels, people by name); the action column carries the
words Undo and Redo showed ("Undo: …", "Redo: …").

The model is a thin adapter over an SQL query (filtering happens in SQL, never in a proxy
model: PERFORMANCE-NOTES.md), showing the newest records first. The details of the selected
record (the fields that changed) are read only for that one record.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import shiboken6
from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
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
from app.workers import read_in_background
from forms.audit_words import AuditWords, describe
from storage import audit_store
from storage.areas import Area
from storage.casefile import CaseFile
from storage.chronology_store import agencies
from storage.people import Person

MAX_ROWS = 10_000
COLUMNS = ("No.", "When", "Who", "Action", "What changed")
WHAT = 4
_OPS = {"insert": "added", "update": "changed", "delete": "removed"}


def _when(iso: str) -> str:
    try:
        return dt.datetime.fromisoformat(iso).astimezone().strftime("%d/%m/%Y %H:%M:%S")
    except ValueError:
        return iso


class Names:
    """People's and agencies' names for the trail, read once per reload (a person removed
    since is named from the record that removed him, by describe)."""

    def __init__(self, case: CaseFile) -> None:
        # The full name (a record is about the person, whatever he is known as this week).
        self.people = {int(p.id): p.formal_name for p in case.all(Person) if p.id is not None}
        self.agencies = {int(a.id): a.name for a in agencies(case) if a.id is not None}

    def __call__(self, table: str, row_id: int) -> str | None:
        if table == "person":
            return self.people.get(row_id)
        if table == "agency":
            return self.agencies.get(row_id)
        if table == "chronology_entry":
            return f"entry {row_id}"
        return None


def words_of(case: CaseFile, seq: int, names: Names | None = None) -> AuditWords | None:
    event = audit_store.record(case, seq)
    if event is None:
        return None
    return describe(event.table_name, event.op, event.row_id, event.old, event.new,
                    names or Names(case))


# (records in all, records matching the filter, the newest MAX_ROWS of those as table rows)
AuditPage = tuple[int, int, list[tuple[Any, ...]]]


def read_page(case: CaseFile, text: str = "", area: Area | None = None) -> AuditPage:
    """One filter's records. A filter searches every record's values in SQL: at 60,000
    records (a 20,000-entry case) about 0.75 s, so the view runs this on a worker."""
    total = audit_store.count_records(case)
    matching = audit_store.count_records(case, text, area) if text or area else total
    rows = [
        (line.seq, _when(line.at), line.author, line.action,
         f"{line.table_name.replace('_', ' ')} {line.row_id} {_OPS.get(line.op, line.op)}")
        for line in audit_store.newest_records(case, text, area, MAX_ROWS)
    ]
    return total, matching, rows


class AuditModel(QAbstractTableModel):
    """Newest first; "What changed" is put into words for the rows on screen only (reading
    every record's values for 10,000 rows would cost seconds)."""

    def __init__(self, case: CaseFile, parent: Any = None) -> None:
        super().__init__(parent)
        self.case = case
        self.rows: list[tuple[Any, ...]] = []
        self.total = 0
        self.matching = 0
        self._what: dict[int, str] = {}
        self._names: Names | None = None

    def load(self, text: str = "", area: Area | None = None) -> None:
        """Read and show at once (on the calling thread); the view reads on a worker."""
        self.show_page(read_page(self.case, text, area))

    def show_page(self, page: AuditPage) -> None:
        self.beginResetModel()
        self.total, self.matching, self.rows = page
        self._what = {}
        self._names = None
        self.endResetModel()

    def clear(self) -> None:
        self.beginResetModel()
        self.rows = []
        self._what = {}
        self.endResetModel()

    def names(self) -> Names:
        if self._names is None:
            self._names = Names(self.case)
        return self._names

    def what(self, row: int) -> str:
        seq = int(self.rows[row][0])
        found = self._what.get(seq)
        if found is None:
            words = None if self.case.closed else words_of(self.case, seq, self.names())
            found = self._what[seq] = words.summary if words else str(self.rows[row][WHAT])
        return found

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008,N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008,N802
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = DISPLAY) -> Any:
        if role == DISPLAY or role == TOOLTIP:
            if index.column() == WHAT:
                return self.what(index.row())
            return str(self.rows[index.row()][index.column()])
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = DISPLAY) -> Any:  # noqa: N802
        if role == DISPLAY and orientation == HORIZONTAL:
            return COLUMNS[section]
        return None

    def seq_at(self, row: int) -> int:
        return int(self.rows[row][0])


def describe_record(case: CaseFile, seq: int, names: Names | None = None) -> str:
    """The selected record in words: when, who, the action (the words Undo showed), what it
    was about, and each value that changed, old → new."""
    event = audit_store.record(case, seq)
    if event is None:
        return ""
    words = describe(event.table_name, event.op, event.row_id, event.old, event.new,
                     names or Names(case))
    lines = [f"{_when(event.at)} — {event.author or 'unknown author'}",
             f"Action: {event.action}", "", words.summary, *[f"  {ln}" for ln in words.lines],
             "", f"Record {seq} of the audit trail, part of action {event.txn}.",
             f"Hash: {event.hash}"]
    return "\n".join(lines)


class AuditView(QWidget):
    """The trail, its filters, the selected record in words and the chain check: a page of
    Review & exports, and the body of the Audit trail window (View → Audit trail)."""

    loaded = Signal()  # the records the filters chose are on screen
    chain_checked = Signal(bool)  # whether every record's hash holds

    def __init__(self, case: CaseFile, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("auditView")
        self.case = case
        self._reads = 0  # requests made: only the newest one's answer is shown
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
        self.view.setTabKeyNavigation(False)
        self.view.verticalHeader().setVisible(False)
        self.view.setWordWrap(False)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate((60, 140, 130, 330)):
            self.view.setColumnWidth(column, width)
        self.details = QPlainTextEdit()
        self.details.setReadOnly(True)
        self.details.setAccessibleName("Details of the selected record")
        self.count_label = QLabel("")
        self.chain_label = QLabel("")
        self.chain_label.setObjectName("chainStatus")
        self.check_button = QPushButton("&Check the chain")
        self.check_button.setAccessibleName("Check the audit chain")
        self.check_button.setToolTip("Recompute every record's hash: a record altered or "
                                     "removed outside Visible breaks the chain")
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
        layout.setContentsMargins(0, 0, 0, 0)
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
        self.reload()

    def reload(self) -> None:
        """Read the records the filters choose, on a worker (a filter over a big case's trail
        takes most of a second); the newest request wins, an older answer is dropped."""
        if self.case.closed:  # the case was closed (locked) while a filter was pending
            self._debounce.stop()
            self.model.clear()
            return
        self._reads += 1
        asked = self._reads
        chosen = self.table_choice.currentData()
        text, area = self.filter.text(), Area(chosen) if chosen else None
        self.count_label.setText("Reading the audit trail…")
        read_in_background(self.case, lambda reader: read_page(reader, text, area),
                           lambda page: self._page_read(asked, page),
                           lambda exc: self._read_failed(asked, exc))

    def _current(self, asked: int) -> bool:
        return shiboken6.isValid(self) and asked == self._reads and not self.case.closed

    def _page_read(self, asked: int, page: AuditPage) -> None:
        if not self._current(asked):
            return
        self.model.show_page(page)
        shown = len(self.model.rows)
        text = f"{self.model.matching:,} of {self.model.total:,} records"
        if shown < self.model.matching:
            text += f" (newest {shown:,} shown; narrow the filter to see older ones)"
        self.count_label.setText(text)
        self.details.clear()
        self.loaded.emit()

    def _read_failed(self, asked: int, exc: BaseException) -> None:
        if self._current(asked):
            self.count_label.setText(_failure("read the audit trail", exc))

    def showEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        self.reload()  # a page shown again may have new records

    def _show_details(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid() and not self.case.closed:
            self.details.setPlainText(describe_record(self.case, self.model.seq_at(current.row()),
                                                      self.model.names()))

    def check_chain(self) -> None:
        """Recompute every record's hash on a worker (about a second at 60,000 records);
        `chain_checked` says whether it holds."""
        if self.case.closed:
            return
        self.check_button.setEnabled(False)
        self.chain_label.setStyleSheet("")
        self.chain_label.setText("Checking the chain…")
        read_in_background(self.case, audit_store.chain_problems, self._chain_done,
                           self._chain_failed)

    def _chain_done(self, problems: list[Any]) -> None:
        if not shiboken6.isValid(self):
            return
        self.check_button.setEnabled(True)
        if problems:
            self.chain_label.setText(f"Chain BROKEN: {problems[0].message}")
            self.chain_label.setStyleSheet("color: #a4000f; font-weight: 600")
        else:
            self.chain_label.setText("Chain intact")
            self.chain_label.setStyleSheet("color: #1b5e20")
        self.chain_checked.emit(not problems)

    def _chain_failed(self, exc: BaseException) -> None:
        if shiboken6.isValid(self):
            self.check_button.setEnabled(True)
            self.chain_label.setText(_failure("check the chain", exc))


def _failure(what: str, exc: BaseException) -> str:
    """One line for a read that failed (the case closed under it, a damaged page)."""
    from storage.errors import CaseError

    if isinstance(exc, CaseError):
        return f"Could not {what}: {exc}"
    return f"Could not {what} ({type(exc).__name__}); close and reopen the case to try again."


class AuditDialog(QDialog):
    """Non-modal window over the audit trail; the main window closes it on lock."""

    def __init__(self, case: CaseFile, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.case = case
        self.setWindowTitle("Audit trail — Visible")
        self.audit = AuditView(case, self)
        QVBoxLayout(self).addWidget(self.audit)
        # The view's parts under the names the window and the tests use.
        self.model, self.view, self.filter = self.audit.model, self.audit.view, self.audit.filter
        self.table_choice, self.details = self.audit.table_choice, self.audit.details
        self.count_label, self.chain_label = self.audit.count_label, self.audit.chain_label
        self.check_button = self.audit.check_button
        self.resize(980, 620)

    def reload(self) -> None:
        self.audit.reload()

    def check_chain(self) -> None:
        self.audit.check_chain()
