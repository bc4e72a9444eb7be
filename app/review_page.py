"""The "Review & exports" page: everything that checks the case or takes it out of the file.

Left, its parts; right, the part chosen:
- **Exports**: the chronology and the genogram picture (the window's own File-menu actions,
  so the warning, the record and the confirmation are the same whichever way they start),
  the practice summary, and every file this case has written (`export_record`), with its
  folder a click away.
- **Court chronology (PD12A)**, **Identifiers for publication** and the **Audit trail**: the
  self-contained widgets other parts of Visible provide, each given its room here when it is
  installed (imported on first view; a part that is not installed is simply not listed).

Built from the case alone, destroyed on lock with the rest of the workspace.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QAction, QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.operations.changes import Changes
from app.session import CaseSession
from storage.areas import Area
from storage.export_record import ExportRecord
from storage.exports_store import export_records

STYLE_WORDS = {"court": "Court chronology", "review": "Review chronology",
               "genogram": "Genogram picture", "practice": "Practice summary",
               "practice_summary": "Practice summary"}
FORMAT_WORDS = {"docx": "Word", "pdf": "PDF", "html": "Web page", "png": "PNG picture",
                "svg": "SVG picture", "json": "JSON"}


def _when(iso: str) -> str:
    try:
        return dt.datetime.fromisoformat(iso).astimezone().strftime("%d/%m/%Y %H:%M")
    except ValueError:
        return iso


def describe_export(record: ExportRecord) -> str:
    what = STYLE_WORDS.get(record.style, record.style.replace("_", " ").capitalize())
    return what + (", anonymised" if record.anonymised else "")


def reveal(path: Path, folder: bool) -> bool:
    """Open the file, or its folder, with the desktop's own application."""
    target = path.parent if folder else path
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(target)))


class ExportsPart(QWidget):
    """The export actions and the list of every file this case has written."""

    COLUMNS = ("When", "What", "Format", "Password", "Marking", "Saved as", "By")

    def __init__(self, session: CaseSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(QLabel("<h3 style='margin:0'>Exports</h3>"))
        explain = QLabel(
            "An export is a copy of part of the case in an ordinary file: it leaves the "
            "encrypted case, so anyone with the file can read it unless it has a password. "
            "Every export is recorded below and in the audit trail.")
        explain.setWordWrap(True)
        lay.addWidget(explain)
        buttons = QHBoxLayout()
        # The window's actions by name: one way to export, whichever button or key starts it.
        self.buttons: dict[str, QPushButton] = {}
        for name, text, tip in (
            ("export", "Export &chronology…  (Ctrl+E)",
             "Court (PLO / PD12A) or review (LCSPR) chronology as Word, PDF or a web page"),
            ("exportGenogram", "Export &genogram picture…  (Ctrl+Shift+E)",
             "The family picture as PNG or SVG, for a report"),
            ("practiceSummary", "&Practice summary…",
             "The anonymous father-inclusion summary for the partnership's audit (§17.1)"),
        ):
            button = QPushButton(text)
            button.setObjectName(f"button:{name}")
            button.setToolTip(tip)
            button.setMinimumHeight(36)
            button.clicked.connect(lambda _c=False, n=name: self.trigger(n))
            self.buttons[name] = button
            buttons.addWidget(button)
        buttons.addStretch(1)
        lay.addLayout(buttons)
        lay.addWidget(QLabel("<b>Files written from this case</b> (newest first)"))
        self.table = QTableWidget(0, len(self.COLUMNS))
        self.table.setObjectName("export_history")
        self.table.setAccessibleName("Files written from this case")
        self.table.setHorizontalHeaderLabels(self.COLUMNS)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setTabKeyNavigation(False)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        self.table.activated.connect(lambda _i: self.open_selected(folder=False))
        lay.addWidget(self.table, 1)
        row = QHBoxLayout()
        self.open_file = QPushButton("&Open the file")
        self.open_folder = QPushButton("Open its fo&lder")
        self.open_file.clicked.connect(lambda: self.open_selected(folder=False))
        self.open_folder.clicked.connect(lambda: self.open_selected(folder=True))
        self.status = QLabel()
        self.status.setObjectName("export_status")
        row.addWidget(self.open_file)
        row.addWidget(self.open_folder)
        row.addWidget(self.status, 1)
        lay.addLayout(row)
        self.records: list[ExportRecord] = []
        session.changed.connect(self._changed)
        self.reload()

    def trigger(self, name: str) -> bool:
        window = self.window()
        action = window.findChild(QAction, name) if window is not None else None
        if action is None or not action.isEnabled():
            return False
        action.trigger()
        return True

    def _changed(self, change: Changes) -> None:
        if change.touches(Area.EXPORTS):
            self.reload()

    def reload(self) -> None:
        self.records = export_records(self.session.case)
        self.table.setRowCount(len(self.records))
        for r, rec in enumerate(self.records):
            cells = (_when(rec.at), describe_export(rec), FORMAT_WORDS.get(rec.format,
                                                                            rec.format),
                     "yes" if rec.password_protected else "no", rec.marking, rec.path,
                     rec.author)
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c == 5:
                    item.setToolTip(rec.path + ("" if os.path.exists(rec.path)
                                                else "\n(no longer there)"))
                self.table.setItem(r, c, item)
        has = bool(self.records)
        self.open_file.setEnabled(has)
        self.open_folder.setEnabled(has)
        if not has:
            self.status.setText("Nothing has been exported from this case yet.")
        else:
            self.status.setText(f"{len(self.records)} file"
                                f"{'s' if len(self.records) != 1 else ''} written.")

    def selected(self) -> ExportRecord | None:
        rows = self.table.selectionModel().selectedRows()
        index = rows[0].row() if rows else (0 if self.records else -1)
        return self.records[index] if 0 <= index < len(self.records) else None

    def open_selected(self, folder: bool) -> bool:
        record = self.selected()
        if record is None:
            return False
        path = Path(record.path)
        if not (path.parent if folder else path).exists():
            self.status.setText(f"{path.parent if folder else path} is no longer there (moved "
                                "or deleted after the export).")
            return False
        return reveal(path, folder)


@dataclass(slots=True)
class Part:
    key: str
    title: str
    build: Callable[[], QWidget]
    widget: QWidget | None = None
    item: QListWidgetItem | None = None


def _optional_parts(session: CaseSession) -> list[Part]:
    """The parts other modules provide, listed only when they are installed."""
    parts: list[Part] = []

    def court() -> QWidget:
        from app.chronology.court_builder import CourtBuilder
        from app.genogram.rendering import render_png
        from app.settings import Settings
        from exports.genogram.data import genogram_data
        from storage.snapshot import load_snapshot

        # The genogram is drawn once (Qt, so here) so the page count includes its page.
        picture = render_png(genogram_data(load_snapshot(session.case, with_entries=False)))
        return CourtBuilder(session, Settings().court_page_limit, picture)

    parts.append(Part("court", "Court chronology (PD12A)", court))
    try:
        from app.anonymise_page import AnonymisationReview
    except ImportError:
        AnonymisationReview = None  # noqa: N806 - a class, or None until it lands
    if AnonymisationReview is not None:
        def review() -> QWidget:
            page = AnonymisationReview(session)
            reload = getattr(page, "reload", None)
            if callable(reload):
                reload()
            return page

        parts.append(Part("anonymise", "Identifiers for publication", review))
    from app.audit_view import AuditView

    parts.append(Part("audit", "Audit trail", lambda: AuditView(session.case)))
    return parts


class ReviewPage(QWidget):
    """The workspace page (app/panels/review.py)."""

    navigate_requested = Signal(str, object)

    def __init__(self, session: CaseSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reviewPage")
        self.session = session
        self.nav = QListWidget()
        self.nav.setObjectName("review_navigator")
        self.nav.setAccessibleName("Parts of Review and exports")
        self.nav.setFixedWidth(210)
        self.stack = QStackedWidget()
        self.exports = ExportsPart(session)
        self.parts = [Part("exports", "Exports", lambda: self.exports, self.exports),
                      *_optional_parts(session)]
        for part in self.parts:
            part.item = QListWidgetItem(part.title)
            self.nav.addItem(part.item)
        self.stack.addWidget(self.exports)
        lay = QHBoxLayout(self)
        lay.addWidget(self.nav)
        lay.addWidget(self.stack, 1)
        self.nav.currentRowChanged.connect(self._show_row)
        self.nav.setCurrentRow(0)

    def part(self, key: str) -> QWidget | None:
        found = next((p for p in self.parts if p.key == key), None)
        if found is None:
            return None
        if found.widget is None:  # built on first view: detection and audit reads cost time
            found.widget = found.build()
            self.stack.addWidget(found.widget)
        return found.widget

    def show_part(self, key: str) -> QWidget | None:
        index = next((i for i, p in enumerate(self.parts) if p.key == key), -1)
        if index < 0:
            return None
        self.nav.setCurrentRow(index)
        return self.parts[index].widget

    def _show_row(self, row: int) -> None:
        if 0 <= row < len(self.parts):
            widget = self.part(self.parts[row].key)
            if widget is not None:
                self.stack.setCurrentWidget(widget)

    def open_target(self, target: Any) -> None:
        if isinstance(target, str):
            self.show_part(target)

    def panes(self) -> list[QWidget]:
        return [self.nav, self.stack.currentWidget()]
