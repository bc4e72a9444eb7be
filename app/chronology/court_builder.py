"""The court chronology (PD12A) builder: choose what the court sees and watch the page count.

A self-contained widget (and a dialog holding it) opened from the chronology view. It lists
every entry with the reason it is in or out (forms/pd12a.py); ticking or unticking an entry
pins it in or leaves it out, one undoable action each. The expected page count is recounted
off the GUI thread from the PDF layout of the very document `visible export --style court`
writes, and a warning appears above the limit set in Preferences; the court's own directions
on length prevail over that setting, and the warning says so.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.operations.changes import Changes
from app.operations.court import set_court_choice, set_proceedings_issued
from app.qt_roles import BACKGROUND, DISPLAY, HORIZONTAL, TOOLTIP
from app.session import CaseSession
from app.workers import run_in_background
from exports.court import PageCount
from exports.document import ExportOptions
from forms.dates import Strictness, parse_date
from forms.pd12a import Candidate, Reason, Scope, candidates
from storage.areas import Area
from storage.court_store import proceedings
from storage.errors import CaseError, InvalidValue
from storage.ids import EntryId
from storage.snapshot import CaseSnapshot, load_snapshot

CHECK = Qt.ItemDataRole.CheckStateRole
CHECKED = Qt.CheckState.Checked
UNCHECKED = Qt.CheckState.Unchecked
_HEADERS = ("Listed", "Date", "Agency", "What happened", "Why")
_OUT = QBrush(QColor("#eeeeee"))


class CandidateModel(QAbstractTableModel):
    toggled = Signal(int, bool)  # row, listed

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[Candidate] = []
        self.agencies: dict[int, str] = {}

    def set_rows(self, rows: list[Candidate], agencies: dict[int, str]) -> None:
        self.beginResetModel()
        self.rows, self.agencies = rows, agencies
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(_HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = DISPLAY) -> Any:  # noqa: N802
        return _HEADERS[section] if role == DISPLAY and orientation == HORIZONTAL else None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        base = super().flags(index)
        if index.column() == 0 and self.rows[index.row()].reason is not Reason.DUPLICATE:
            return base | Qt.ItemFlag.ItemIsUserCheckable
        return base

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = DISPLAY) -> Any:
        candidate = self.rows[index.row()]
        column = index.column()
        if role == CHECK and column == 0:
            return CHECKED if candidate.included else UNCHECKED
        if role == BACKGROUND and not candidate.included:
            return _OUT
        if role not in (DISPLAY, TOOLTIP):
            return None
        entry = candidate.entry
        if column == 1:
            return entry.when.court()
        if column == 2:
            return self.agencies.get(entry.agency_id, "?")
        if column == 3:
            return entry.what_happened if role == TOOLTIP else entry.what_happened[:160]
        if column == 4:
            return candidate.reason.label
        return None

    def setData(  # noqa: N802
        self, index: QModelIndex | QPersistentModelIndex, value: Any, role: int = CHECK
    ) -> bool:
        if role != CHECK or index.column() != 0:
            return False
        listed = Qt.CheckState(value) == CHECKED
        self.toggled.emit(index.row(), listed)
        return True


class CourtBuilder(QWidget):
    """Proceedings date, the entries with why each is in or out, and the page count."""

    counted = Signal(int)

    def __init__(self, session: CaseSession, page_limit: int,
                 genogram: bytes | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.page_limit = page_limit
        self.genogram = genogram
        self.snapshot: CaseSnapshot | None = None
        self.pages: PageCount | None = None
        self._counting = False
        self._recount_again = False

        self.issued = QLineEdit()
        self.issued.setPlaceholderText("e.g. 03/03/2026")
        self.issued.setAccessibleName("Date proceedings were issued")
        self.issued.setMaximumWidth(160)
        self.issued.editingFinished.connect(self._issued_edited)
        self.scope = QLabel()
        self.scope.setWordWrap(True)
        self.hide_earlier = QCheckBox("Hide earlier entries that are not listed")
        self.hide_earlier.setChecked(True)
        self.hide_earlier.toggled.connect(self._fill)
        self.model = CandidateModel()
        self.model.toggled.connect(self._toggle)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(24)
        header = self.table.horizontalHeader()
        for column, width in enumerate((60, 170, 150, 460, 150)):
            self.table.setColumnWidth(column, width)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.count = QLabel()
        self.count.setObjectName("page_count")
        self.warning = QLabel()
        self.warning.setObjectName("page_warning")
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet("color: #8a5a00")
        self.message = QLabel()
        self.message.setStyleSheet("color: #a40000")

        top = QHBoxLayout()
        top.addWidget(QLabel("Proceedings issued on"))
        top.addWidget(self.issued)
        top.addWidget(self.scope, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.message)
        layout.addWidget(self.hide_earlier)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count)
        layout.addWidget(self.warning)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(250)
        self._debounce.timeout.connect(self.recount)
        session.changed.connect(self._on_changed)
        self.reload()

    # Reading ---------------------------------------------------------------------------------
    def reload(self) -> None:
        self.snapshot = load_snapshot(self.session.case)
        issued = proceedings(self.session.case).issued_on
        if not self.issued.hasFocus():
            self.issued.setText(issued.display() if issued else "")
        self._fill()
        self._debounce.start()

    def current_scope(self) -> Scope:
        assert self.snapshot is not None
        return Scope(self.snapshot.proceedings_issued, self.snapshot.today)

    def _fill(self) -> None:
        if self.snapshot is None:
            return
        scope = self.current_scope()
        rows = candidates(self.snapshot.entries, scope)
        if self.hide_earlier.isChecked():
            rows = [c for c in rows if c.included or c.reason is Reason.EXCLUDED]
        self.model.set_rows(rows, {a: g.name for a, g in self.snapshot.agencies.items()})
        listed = sum(1 for c in candidates(self.snapshot.entries, scope) if c.included)
        self.scope.setText(f"Lists {listed} entries: every event of {scope.describe()}, and "
                           "key events before then. Tick an entry to pin it in, untick to "
                           "leave it out.")

    def _on_changed(self, changes: Changes) -> None:
        if changes.touches(Area.CHRONOLOGY, Area.CASE, Area.AGENCIES, Area.PEOPLE):
            self.reload()

    # Writing (one undoable action each) -------------------------------------------------------
    def _issued_edited(self) -> None:
        text = self.issued.text().strip()
        try:
            issued = parse_date(text, Strictness.DAY) if text else None
        except InvalidValue as exc:
            self.message.setText(f"Proceedings issued: {exc}")
            return
        self.message.setText("")
        if issued == proceedings(self.session.case).issued_on:
            return
        self._run(set_proceedings_issued, issued.earliest() if issued else None)

    def _toggle(self, row: int, listed: bool) -> None:
        candidate = self.model.rows[row]
        entry_id = candidate.entry.id
        assert entry_id is not None
        self._run(set_court_choice, EntryId(entry_id), candidate.choice_for(listed))

    def _run(self, op: Any, *args: Any) -> None:
        try:
            self.session.run(op, *args)
        except CaseError as exc:
            self.message.setText(str(exc))

    # The page count ---------------------------------------------------------------------------
    def recount(self) -> None:
        if self.snapshot is None:
            return
        if self._counting:  # one count at a time; the latest choices are counted next
            self._recount_again = True
            return
        self._counting = True
        self.count.setText("Counting pages…")
        snapshot, genogram = self.snapshot, self.genogram

        def work() -> PageCount:
            from app.operations.export import build_document
            from exports.court import page_count

            return page_count(build_document(snapshot, ExportOptions(), genogram)[0])

        run_in_background(work, self._counted, self._count_failed)

    def _counted(self, pages: PageCount) -> None:
        self._counting = False
        if self._recount_again:
            self._recount_again = False
            self.recount()
            return
        self.pages = pages
        self.count.setText(f"Expected length (PDF, as filed): {pages}. The chronology's "
                           "length changes as you tick and untick entries.")
        if pages.chronology > self.page_limit:
            self.warning.setText(
                f"⚠ The chronology runs to {pages.chronology} pages, more than the "
                f"{self.page_limit}-page limit set in Preferences. Leave out entries or "
                "summarise older history. The court's directions on length prevail over this "
                "setting.")
        else:
            self.warning.setText("")
        self.counted.emit(pages.chronology)

    def _count_failed(self, exc: BaseException) -> None:
        self._counting = False
        self.count.setText(f"The page count could not be worked out: {exc}")


class CourtBuilderDialog(QDialog):
    def __init__(self, session: CaseSession, page_limit: int, genogram: bytes | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Court chronology (PD12A)")
        self.builder = CourtBuilder(session, page_limit, genogram, self)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.builder, 1)
        layout.addWidget(buttons)
        self.resize(1100, 640)
