"""Importing an agency's return: choose the agency, map columns, preview every row, accept.

Nothing is written until Import is pressed; then the whole return is one transaction and one
undo entry. Rows with errors block the import unless "Leave out rows with errors" is ticked.
A CSV's encoding is shown (as detected) and can be changed, which reads the file again; a file
whose bytes do not fit the encoding opens here too, with the problem shown, so the user can
choose another encoding or read the stray bytes as Windows-1252.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QGroupBox,
    QHeaderView,
    QLabel,
    QMessageBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.long_write import LONG_ROWS, run_long
from app.operations.importing import Imported, ReturnMatch, import_return, match_lines, match_return
from app.qt_roles import BACKGROUND, DISPLAY, HORIZONTAL, TOOLTIP
from app.session import CaseSession
from app.workers import read_in_background, run_in_background
from exports.return_template import template_token
from forms.importers.encodings import CHOICES, LABELS
from forms.importers.mapping import TARGETS, guess_mapping
from forms.importers.plan import ImportPlan, ImportResult, PlannedRow, build_plan
from forms.importers.readers import TEXT_SUFFIXES, SourceTable, read_table
from storage.casefile import CaseFile
from storage.chronology import Agency, Category
from storage.chronology_store import agencies
from storage.errors import CaseError
from storage.import_mapping_store import load_mapping
from storage.progress import Cancelled

_STATUS_COLOURS = {
    "error": QBrush(QColor("#f8d7da")),
    "warning": QBrush(QColor("#fff3cd")),
    "duplicate?": QBrush(QColor("#ffe5b4")),
}
_HEADERS = ("Row", "Status", "Date", "Time", "Category", "What happened", "People", "Problems")


class PreviewModel(QAbstractTableModel):
    """Each row of the return with what it will become, or why it cannot be imported.

    A view over the plan's compact rows: a row is built (its entry, its problems) only when
    the table shows it, and the few hundred on or near the screen are kept, so setting a
    20,000-row plan costs nothing on the GUI thread."""

    _KEPT = 512  # rows built for the screen, kept while it scrolls

    def __init__(self) -> None:
        super().__init__()
        self.plan: ImportPlan | None = None
        self._built: dict[int, PlannedRow] = {}

    def set_plan(self, plan: ImportPlan | None) -> None:
        self.beginResetModel()
        self.plan = plan
        self._built = {}
        self.endResetModel()

    def _row(self, index: int) -> PlannedRow:
        row = self._built.get(index)
        if row is None:
            assert self.plan is not None
            if len(self._built) >= self._KEPT:
                self._built.clear()
            row = self._built[index] = self.plan.row(index)
        return row

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() or self.plan is None else len(self.plan.planned)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(_HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = DISPLAY) -> Any:  # noqa: N802
        return _HEADERS[section] if role == DISPLAY and orientation == HORIZONTAL else None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = DISPLAY) -> Any:
        if self.plan is None:
            return None
        if role == BACKGROUND:
            return _STATUS_COLOURS.get(self.plan.status(index.row()))
        if role not in (DISPLAY, TOOLTIP):
            return None
        row = self._row(index.row())
        column = index.column()
        entry = row.entry
        if column == 0:
            return row.ref
        if column == 1:
            return row.status
        if column == 7:
            problems = [f"✖ {p.column}: {p.message}" for p in row.errors]
            problems += [f"⚠ {p.column}: {p.message}" for p in row.warnings]
            return ("\n" if role == TOOLTIP else "  ").join(problems)
        if entry is None:  # show the invalid row as the file wrote it
            fld = {2: "event_date", 3: "event_time", 5: "what_happened"}.get(column)
            return row.raw.get(fld) if fld else None
        if column == 2:
            return entry.when.display()
        if column == 3:
            return entry.event_time
        if column == 4:
            return Category(entry.category).label
        if column == 5:
            return (
                entry.what_happened if role == TOOLTIP else entry.what_happened.replace("\n", " ")
            )
        if column == 6:
            return str(len(entry.people)) + " linked" if entry.people else ""
        return None


@dataclass(slots=True)
class Preview:
    """What the worker hands the dialog: the plan, the return it answers and the summary's
    words, all made off the GUI thread (which only sets them)."""

    plan: ImportPlan
    match: ReturnMatch | None
    summary: str


def preview(reader: CaseFile, table: SourceTable, agency: Agency, mapping: dict[str, str],
            path: Path) -> Preview:
    """Plan the table and match it to the returns log, on a worker's read-only connection.
    Matched before the plan is shown: a correction's rows are not duplicates of the rows it
    replaces (match_return clears those marks)."""
    plan = build_plan(reader, table, agency, mapping)
    refused = ""
    match: ReturnMatch | None = None
    try:
        match = match_return(reader, plan, template_token(path))
    except CaseError as exc:
        refused = f"<br><span style='color:#a40000'>{exc}</span>"
    report = plan.error_report()
    text = plan.summary()
    if report:
        text += "<br><span style='color:#a40000'>" + "<br>".join(report[:8])
        text += (f"<br>… and {len(report) - 8} more" if len(report) > 8 else "") + "</span>"
    text += refused
    if match is not None:
        lines = match_lines(match)
        if lines:
            text += "<br><b>" + lines[0] + "</b><br>" + "<br>".join(lines[1:9])
    return Preview(plan, match, text)


class ImportDialog(QDialog):
    def __init__(
        self,
        session: CaseSession,
        path: Path,
        parent: QWidget | None = None,
        table: SourceTable | None = None,
        read_error: CaseError | None = None,
    ) -> None:
        """table: the file already read (off the GUI thread by the caller); else read here.
        read_error: why reading it failed (a wrong encoding): shown, with a way to change it."""
        super().__init__(parent)
        self.session = session
        self.path = Path(path)
        self.read_error = read_error
        self.table: SourceTable | None = table
        if table is None and read_error is None:
            self.table = read_table(self.path)
        self._reads = 0
        self.plan: ImportPlan | None = None
        self.match: ReturnMatch | None = None  # the logged return the plan answers, if any
        self.planning = False
        self._request = 0
        self.result: ImportResult | None = None
        self.setWindowTitle(f"Import {self.path.name}")
        self.resize(1100, 700)

        self.agency = QComboBox()
        for agency in agencies(session.case):
            self.agency.addItem(agency.name, agency.id)
        # Never preselect: importing the police return as "Adult mental health" is too easy.
        self.agency.setCurrentIndex(-1)
        self.agency.setPlaceholderText("Choose the agency…")
        self.mapping_boxes: dict[str, QComboBox] = {}
        mapping_group = QGroupBox("Columns: which column of the file holds each field")
        grid = QGridLayout(mapping_group)
        for i, target in enumerate(TARGETS):
            box = QComboBox()
            self.mapping_boxes[target.field] = box
            label = QLabel(target.label + (" *" if target.required else ""))
            grid.addWidget(label, i // 4, (i % 4) * 2)
            grid.addWidget(box, i // 4, (i % 4) * 2 + 1)
        self.preview = PreviewModel()
        self.preview_view = QTableView()
        self.preview_view.setModel(self.preview)
        self.preview_view.setWordWrap(False)
        self.preview_view.setTabKeyNavigation(False)  # Tab leaves the preview; arrows move in it
        self.preview_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.preview_view.verticalHeader().hide()
        self.preview_view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.preview_view.verticalHeader().setDefaultSectionSize(22)
        for column, width in enumerate((90, 80, 95, 50, 120, 360, 70)):
            self.preview_view.setColumnWidth(column, width)
        self.preview_view.horizontalHeader().setStretchLastSection(True)
        self.summary = QLabel()
        self.summary.setObjectName("summary")
        self.summary.setWordWrap(True)
        self.skip_invalid = QCheckBox("&Leave out rows with errors")
        self.buttons = QDialogButtonBox()
        self.import_button = self.buttons.addButton(
            "Import", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.do_import)
        self.buttons.rejected.connect(self.reject)

        self.file_label = QLabel()
        self.encoding_label = QLabel()
        self.encoding_label.setObjectName("encoding")
        self.encoding_box = QComboBox()
        self.encoding_box.addItem("As detected", None)
        for codec in CHOICES:
            self.encoding_box.addItem(LABELS[codec], codec)
        self.fallback = QCheckBox("Read bytes not valid in it as Windows-1252")
        self.fallback.setToolTip(
            "For a file that is mostly in this encoding with a few stray bytes (a £ pasted from "
            "another program). Without it, such bytes stop the import and are named."
        )
        top = QGridLayout()
        top.addWidget(self.file_label, 0, 0)
        top.addWidget(QLabel("Agency"), 0, 1)
        top.addWidget(self.agency, 0, 2)
        is_text = self.path.suffix.lower() in TEXT_SUFFIXES
        if is_text:
            top.addWidget(self.encoding_label, 1, 0)
            top.addWidget(QLabel("Encoding"), 1, 1)
            top.addWidget(self.encoding_box, 1, 2)
            top.addWidget(self.fallback, 1, 3)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(mapping_group)
        layout.addWidget(self.preview_view, 1)
        layout.addWidget(self.summary)
        layout.addWidget(self.skip_invalid)
        layout.addWidget(self.buttons)

        self.agency.currentIndexChanged.connect(self._agency_changed)
        for box in self.mapping_boxes.values():
            box.currentIndexChanged.connect(self.refresh)
        self.skip_invalid.toggled.connect(self._update_button)
        self.encoding_box.currentIndexChanged.connect(self.reread)
        self.fallback.toggled.connect(self.reread)
        self._set_table(self.table)

    def _set_table(self, table: SourceTable | None) -> None:
        """Show a (re-)read file: its size, encoding and columns; then re-plan."""
        self.table = table
        rows = f"{len(table.rows):,} rows" if table is not None else "not read"
        self.file_label.setText(f"File: {self.path.name} ({rows})")
        if table is not None and table.encoding:
            self.encoding_label.setText(f"Read as {table.encoding} ({table.encoding_note})")
        elif table is None:
            self.encoding_label.setText("<span style='color:#a40000'>Not readable as chosen</span>")
        headers = table.headers if table is not None else []
        for box in self.mapping_boxes.values():
            box.blockSignals(True)
            box.clear()
            box.addItem("(not in this file)", None)
            for header in headers:
                box.addItem(header, header)
            box.blockSignals(False)
        self._agency_changed()

    def reread(self) -> None:
        """Read the file again with the chosen encoding (off the GUI thread); newest wins."""
        self._reads += 1
        request = self._reads
        encoding, fallback = self.encoding_box.currentData(), self.fallback.isChecked()
        self._request += 1  # any plan in flight is for the old reading
        self.plan = None
        self.preview.set_plan(None)
        self._update_button()
        self.summary.setText(f"Reading {self.path.name}…")

        def done(table: SourceTable) -> None:
            if request == self._reads and shiboken6.isValid(self):
                self.read_error = None
                self._set_table(table)

        def failed(exc: BaseException) -> None:
            if request != self._reads or not shiboken6.isValid(self):
                return
            if not isinstance(exc, CaseError):
                raise exc
            self.read_error = exc
            self._set_table(None)

        path = self.path
        run_in_background(
            lambda: read_table(path, encoding=encoding, fallback=fallback), done, failed
        )

    def _agency_changed(self) -> None:
        """Show the mapping remembered for this agency, or a guess from the headers."""
        headers = self.table.headers if self.table is not None else []
        agency_id = self.agency.currentData()
        remembered = load_mapping(self.session.case, agency_id) if agency_id is not None else None
        if remembered and set(remembered.values()) <= set(headers):
            mapping = remembered
        else:
            mapping = guess_mapping(headers)
        self.set_mapping(mapping)

    def set_mapping(self, mapping: dict[str, str]) -> None:
        for fld, box in self.mapping_boxes.items():
            box.blockSignals(True)
            box.setCurrentIndex(max(0, box.findData(mapping.get(fld))))
            box.blockSignals(False)
        self.refresh()

    def mapping(self) -> dict[str, str]:
        return {
            fld: box.currentData()
            for fld, box in self.mapping_boxes.items()
            if box.currentData() is not None
        }

    def refresh(self) -> None:
        """Re-plan with the current agency and mapping. Parsing and checking 20,000 rows takes
        a couple of seconds, so it runs off the GUI thread; the newest request wins."""
        self._request += 1
        request = self._request
        agency = self.session.case.get(Agency, self.agency.currentData())
        self.plan = None
        self.preview.set_plan(None)
        self._update_button()
        if self.table is None:
            error = self.read_error or CaseError(f"{self.path.name} could not be read.")
            self.summary.setText(f"<span style='color:#a40000'>{error}</span>")
            return
        if agency is None:
            self.summary.setText("Choose the agency the return comes from.")
            return
        case, table, mapping = self.session.case, self.table, self.mapping()
        self.planning = True
        self.summary.setText(f"Reading {len(table.rows):,} rows…")

        def done(found: Preview) -> None:
            if request == self._request and shiboken6.isValid(self):
                self.planning = False
                self._show_plan(found)

        def failed(exc: BaseException) -> None:
            if request != self._request or not shiboken6.isValid(self):
                return
            self.planning = False
            if not isinstance(exc, CaseError):
                raise exc
            self.summary.setText(f"<span style='color:#a40000'>{exc}</span>")

        path = self.path
        read_in_background(
            case, lambda reader: preview(reader, table, agency, mapping, path), done, failed)

    def _show_plan(self, found: Preview) -> None:
        """Only what the worker made is set here: the summary's words and the lazy model."""
        self.plan, self.match = found.plan, found.match
        self.summary.setText(found.summary)
        self.preview.set_plan(found.plan)
        self._update_button()

    def _update_button(self) -> None:
        plan = self.plan
        ok = (
            plan is not None
            and not self.planning
            and plan.valid_count > 0
            and not self.session.read_only
            and (not plan.invalid_count or self.skip_invalid.isChecked())
        )
        self.import_button.setEnabled(ok)
        if plan is not None:
            self.import_button.setText(f"&Import {plan.valid_count:,} entries")

    def do_import(self) -> None:
        plan = self.plan
        if plan is None:
            return
        skip = self.skip_invalid.isChecked()
        # A file the returns log could not place (a template sent to another agency) is
        # imported as a plain return, as the summary said.
        match = self.match or ReturnMatch()
        rows = plan.valid_count + len(match.replaced_ids)
        if rows < LONG_ROWS:
            try:
                imported = self.session.run(import_return, plan, match, skip)
            except CaseError as exc:
                QMessageBox.warning(self, "Nothing imported", str(exc))
                return
            assert isinstance(imported, Imported)
            self._imported(imported)
            return
        # Thousands of rows take seconds to write: on a worker, with progress and Cancel, so
        # the window keeps painting (and Cancel leaves nothing written).
        self.import_button.setEnabled(False)
        self.buttons.setEnabled(False)

        def failed(exc: BaseException) -> None:
            if not shiboken6.isValid(self):
                return
            self.buttons.setEnabled(True)
            self._update_button()
            if isinstance(exc, Cancelled):  # the user's own choice: said here, not in a box
                self.summary.setText("Cancelled; nothing was imported.")
            elif isinstance(exc, CaseError):
                QMessageBox.warning(self, "Nothing imported", str(exc))
            else:
                raise exc

        def done(changes: object) -> None:
            if shiboken6.isValid(self):
                assert isinstance(changes, Imported)
                self._imported(changes)

        self.writing = run_long(
            self.session, self, "Importing", f"Importing {plan.valid_count:,} entries from "
            f"{plan.file_name}…", lambda case: import_return(case, plan, match, skip),
            done, failed)

    def _imported(self, imported: Imported) -> None:
        self.result = imported.result
        self.accept()
