"""Each man's lens: his contacts timeline (one lane per agency, the gaps shaded) and agency x
quarter heatmap, the gaps in words, who knew what, and the entries about him (the same paged
model as the main view, filtered in SQL).

The timeline and heatmap are the review export's own figures (exports.timeline), painted by
app.drawing_view: what the lens shows is what the document will print."""

from __future__ import annotations

import datetime as dt
from typing import Any

import shiboken6
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSplitter,
    QTabBar,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.chronology.model import ChronologyModel
from app.drawing_view import DrawingView
from app.operations.changes import Changes
from app.qt_roles import BACKGROUND, DISPLAY, HORIZONTAL, TOOLTIP, VERTICAL
from app.session import CaseSession
from app.workers import read_in_background
from exports.document import Figure
from exports.timeline import heatmap_figure, timeline_data, timeline_figure
from forms.lens.visibility import Lens, build_lens, lens_filter
from forms.lens.who_knew import GROUPS, Matrix, build_matrix
from forms.men import men_to_account_for
from storage.areas import Area
from storage.casefile import CaseFile
from storage.people import Person
from storage.snapshot import load_snapshot


class MatrixModel(QAbstractTableModel):
    """Agency x factor group; a cell lists what that agency holds. One-agency-only groups are
    highlighted: that knowledge never reached anyone else."""

    def __init__(self) -> None:
        super().__init__()
        self.matrix: Matrix | None = None
        self.single: dict[str, str] = {}

    def set_matrix(self, matrix: Matrix | None) -> None:
        self.beginResetModel()
        self.matrix = matrix
        self.single = matrix.single_agency_groups() if matrix else {}
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() or self.matrix is None else len(self.matrix.agencies)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(GROUPS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = DISPLAY) -> Any:  # noqa: N802
        if role != DISPLAY:
            return None
        if orientation == HORIZONTAL:
            return GROUPS[section][1]
        return self.matrix.agencies[section] if self.matrix else None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = DISPLAY) -> Any:
        if self.matrix is None:
            return None
        agency = self.matrix.agencies[index.row()]
        group = GROUPS[index.column()][0]
        evidence = self.matrix.cells.get((agency, group), [])
        if role == DISPLAY:
            if not evidence:
                return ""
            entries = sum(1 for e in evidence if e.kind == "entry")
            record = sum(1 for e in evidence if e.kind == "record")
            parts = []
            if entries:
                parts.append(f"{entries} entr{'y' if entries == 1 else 'ies'}")
            if record:
                parts.append("record")
            text = " + ".join(parts)
            if self.single.get(group) == agency:
                text += "  (only this agency)"
            return text
        if role == TOOLTIP and evidence:
            return "\n".join(f"{e.ref}: {e.text[:160]}" for e in evidence[:12])
        if role == BACKGROUND and evidence:
            if self.single.get(group) == agency:
                return QBrush(QColor("#f5c6cb"))
            if agency in self.matrix.non_agency:
                return QBrush(QColor("#eeeeee"))
            return QBrush(QColor("#d4edda"))
        return None


def lens_men(case: CaseFile, today: dt.date | None = None) -> list[Person]:
    """The men a lens is for: the men the record must account for (forms.men)."""
    return men_to_account_for(load_snapshot(case, today, with_entries=False))


class LensView(QWidget):
    def __init__(self, session: CaseSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.man = QComboBox()
        self.man.setAccessibleName("Whose lens")
        self.summary = QLabel()
        self.summary.setObjectName("lens-summary")
        self.summary.setWordWrap(True)
        self.gaps = QLabel()
        self.gaps.setObjectName("lens-gaps")
        self.gaps.setWordWrap(True)
        self.gaps.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.timeline = DrawingView()
        self.timeline.setObjectName("lens-timeline")
        self.heatmap = DrawingView()
        self.heatmap.setObjectName("lens-heatmap")
        self.figures: tuple[Figure, Figure] | None = None
        self.matrix_model = MatrixModel()
        self.matrix_view = QTableView()
        self.matrix_view.setAccessibleName("Who knew what: agency by factor group")
        self.matrix_view.setModel(self.matrix_model)
        self.matrix_view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.entries_model = ChronologyModel(session.case, lens_filter(session.case, -1))  # empty
        self.entries_view = QTableView()
        self.entries_view.setAccessibleName("Entries about him")
        self.entries_view.setModel(self.entries_model)
        self.entries_view.setWordWrap(False)
        self.entries_view.verticalHeader().hide()
        self.entries_view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.entries_view.verticalHeader().setDefaultSectionSize(22)
        for column, width in enumerate((110, 45, 140, 130, 420, 200)):
            self.entries_view.setColumnWidth(column, width)
        self.lens: Lens | None = None
        self.matrix: Matrix | None = None
        self.busy = False
        self._request = 0

        chooser = QHBoxLayout()
        chooser.addWidget(QLabel("Look through the eyes of"))
        chooser.addWidget(self.man)
        chooser.addWidget(self.summary, 1)
        lower = QSplitter(VERTICAL)
        matrix_box = QWidget()
        matrix_layout = QVBoxLayout(matrix_box)
        matrix_layout.setContentsMargins(0, 0, 0, 0)
        matrix_layout.addWidget(
            QLabel(
                "<b>Who knew what</b> — agency × factor; red: held by "
                "one agency only (grey rows are not agencies)"
            )
        )
        matrix_layout.addWidget(self.matrix_view)
        lower.addWidget(matrix_box)
        lower.addWidget(self.entries_view)
        layout = QVBoxLayout(self)
        layout.addLayout(chooser)
        # The two figures share one place (a tab each) so the matrix and entries keep room. A
        # bare tab bar over two plain widgets: the box layout follows each figure's height as
        # the width changes, which a QTabWidget's stacked pages do not pass on.
        self.figure_tabs = QTabBar()
        self.figure_tabs.setObjectName("lens-figures")
        self.figure_tabs.setExpanding(False)
        self.figure_tabs.addTab("Timeline")
        self.figure_tabs.addTab("Contacts per quarter")
        self.figure_tabs.currentChanged.connect(self._show_figure)
        layout.addWidget(self.figure_tabs)
        layout.addWidget(self.timeline)
        layout.addWidget(self.heatmap)
        self.heatmap.hide()
        layout.addWidget(self.gaps)
        layout.addWidget(lower, 1)
        self._fill_men()
        self.man.currentIndexChanged.connect(self.refresh)
        session.changed.connect(self._on_changed)
        self.refresh()

    def _fill_men(self) -> None:
        current = self.man.currentData()
        self.man.blockSignals(True)
        self.man.clear()
        for person in lens_men(self.session.case):
            self.man.addItem(person.display_name, person.id)
        self.man.setCurrentIndex(max(0, self.man.findData(current)))
        self.man.blockSignals(False)

    def _on_changed(self, change: Changes) -> None:
        if change.touches(Area.PEOPLE, Area.ROLES):
            self._fill_men()
        if change.touches(Area.CHRONOLOGY, Area.PEOPLE, Area.RECORD, Area.AGENCIES):
            self.refresh()

    def refresh(self) -> None:
        """Rebuild for the chosen man. Reading every entry about him can take seconds on a
        100,000-entry chronology, so it runs off the GUI thread; a newer request wins."""
        person_id = self.man.currentData()
        self._request += 1
        request = self._request
        if person_id is None:
            self.lens = self.matrix = None
            self.summary.setText("No men are recorded in this case yet.")
            self.gaps.setText("")
            self._set_figures(None)
            self.matrix_model.set_matrix(None)
            return
        case = self.session.case
        self.busy = True
        self.summary.setText(f"Reading the chronology for {self.man.currentText()}…")
        self.entries_model.reload(lens_filter(case, person_id))

        def work(reader: CaseFile) -> tuple[Lens, Matrix, tuple[Figure, Figure] | None]:
            lens = build_lens(reader, person_id)
            figures = None
            if lens.entries:
                data = timeline_data(lens, lens.name)
                figures = (timeline_figure(data), heatmap_figure(data))
            return lens, build_matrix(reader, person_id, lens), figures

        def done(result: tuple[Lens, Matrix, tuple[Figure, Figure] | None]) -> None:
            # The panel may have been destroyed meanwhile (case locked or closed).
            if request == self._request and shiboken6.isValid(self):
                self._show(*result)

        def failed(exc: BaseException) -> None:
            if request == self._request and shiboken6.isValid(self):
                self.busy = False
                self.summary.setText(f"Could not read the chronology: {exc}")

        read_in_background(case, work, done, failed)

    def _show_figure(self, index: int) -> None:
        self.timeline.setVisible(index == 0)
        self.heatmap.setVisible(index == 1)

    def _set_figures(self, figures: tuple[Figure, Figure] | None) -> None:
        self.figures = figures
        self.timeline.set_figure(figures[0] if figures else None)
        self.heatmap.set_figure(figures[1] if figures else None)

    def _show(self, lens: Lens, matrix: Matrix,
              figures: tuple[Figure, Figure] | None = None) -> None:
        self.lens, self.matrix = lens, matrix
        counts = lens.counts()
        self.summary.setText(
            f"{len(lens.entries)} entries involve or mention {lens.name}: "
            + ", ".join(f"{c.label.lower()} {n}" for c, n in counts.items())
            + "."
        )
        lines = [g.text for g in lens.gaps] or ["No gap of 90 days or more without contact."]
        if lens.never_seen_by:
            lines.append(
                "Recorded him but never saw or spoke to him: " + ", ".join(lens.never_seen_by) + "."
            )
        self.gaps.setText("\n".join(lines))
        self._set_figures(figures)
        self.matrix_model.set_matrix(matrix)
        self.busy = False
