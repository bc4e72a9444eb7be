"""Each man's lens: his visibility timeline (one lane per agency), the gaps in words, who knew
what, and the entries about him (the same paged model as the main view, filtered in SQL)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import shiboken6
from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QPointF,
    QRectF,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPainterPath, QPen, QPolygonF
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.chronology.model import ChronologyModel
from app.operations.changes import Changes
from app.qt_roles import BACKGROUND, DISPLAY, HORIZONTAL, TOOLTIP, VERTICAL
from app.session import CaseSession
from app.workers import run_in_background
from forms.lens.visibility import Contact, Lens, build_lens, lens_filter
from forms.lens.who_knew import GROUPS, Matrix, build_matrix
from forms.men import men_to_account_for
from storage.areas import Area
from storage.casefile import CaseFile
from storage.dates import MONTH_NAMES
from storage.people import Person
from storage.snapshot import load_snapshot

_COLOURS = {
    Contact.SEEN: QColor("#1b7f3b"),
    Contact.SPOKEN_TO: QColor("#1f5fbf"),
    Contact.ASKED_ABOUT: QColor("#7a4fbf"),
    Contact.NOT_SEEN: QColor("#c0392b"),
    Contact.MENTIONED: QColor("#8a8a8a"),
}
_GAP = QColor(192, 57, 43, 38)
_LANE_LABEL_WIDTH = 170
_LANE_HEIGHT = 26
_TOP = 26
_LEGEND = 28


class TimelineWidget(QWidget):
    """One lane per agency; a mark per entry shaped and coloured by what it records."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lens: Lens | None = None
        self.setMinimumHeight(140)

    def set_lens(self, lens: Lens | None) -> None:
        self.lens = lens
        lanes = len(lens.lanes) if lens else 1
        self.setMinimumHeight(_TOP + max(1, lanes) * _LANE_HEIGHT + _LEGEND + 8)
        self.update()

    def _x(self, day: dt.date, start: dt.date, end: dt.date) -> float:
        width = max(1, self.width() - _LANE_LABEL_WIDTH - 16)
        total = max(1, (end - start).days)
        return _LANE_LABEL_WIDTH + width * (day - start).days / total

    def paintEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor("white"))
        lens = self.lens
        if lens is None or lens.span is None:
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "No chronology entries.")
            return
        start, end = lens.span
        lanes = lens.lanes or ["(no agency recorded him)"]
        bottom = _TOP + len(lanes) * _LANE_HEIGHT
        # Gaps first, behind everything: the stretches where no agency saw him.
        for gap in lens.gaps:
            x1, x2 = self._x(gap.start, start, end), self._x(gap.end, start, end)
            painter.fillRect(QRectF(x1, _TOP, max(2.0, x2 - x1), bottom - _TOP), _GAP)
        # Month ticks along the top.
        painter.setPen(QPen(QColor("#999999")))
        small = QFont(painter.font())
        small.setPointSizeF(max(6.0, small.pointSizeF() - 1.5))
        painter.setFont(small)
        month = dt.date(start.year, start.month, 1)
        step = max(1, ((end - start).days // 30) // 12 + 1)
        first_tick = True
        while month <= end:
            if month >= start:
                x = self._x(month, start, end)
                painter.drawLine(QPointF(x, _TOP - 4), QPointF(x, bottom))
                label = MONTH_NAMES[month.month - 1][:3]
                if month.month == 1 or first_tick:
                    label += f" {month.year}"
                first_tick = False
                painter.drawText(QPointF(x + 2, _TOP - 8), label)
            for _ in range(step):
                month = dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)
        # Lanes.
        painter.setFont(self.font())
        for i, lane in enumerate(lanes):
            y = _TOP + i * _LANE_HEIGHT
            painter.setPen(QPen(QColor("#dddddd")))
            painter.drawLine(
                QPointF(_LANE_LABEL_WIDTH, y + _LANE_HEIGHT / 2),
                QPointF(self.width() - 8, y + _LANE_HEIGHT / 2),
            )
            painter.setPen(QPen(QColor("#222222")))
            painter.drawText(
                QRectF(4, y, _LANE_LABEL_WIDTH - 8, _LANE_HEIGHT),
                Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight,
                lane,
            )
        lane_of = {lane: i for i, lane in enumerate(lanes)}
        for item in lens.entries:
            i = lane_of.get(item.agency)
            if i is None:
                continue
            x = self._x(item.entry.event_date.earliest(), start, end)
            y = _TOP + i * _LANE_HEIGHT + _LANE_HEIGHT / 2
            self._mark(painter, item.contact, x, y, item.entry.when.approximate)
        # Legend.
        x = float(_LANE_LABEL_WIDTH)
        y = bottom + 16
        for contact in Contact:
            self._mark(painter, contact, x, y, False)
            painter.setPen(QPen(QColor("#222222")))
            painter.drawText(QPointF(x + 9, y + 4), contact.label)
            x += 24 + painter.fontMetrics().horizontalAdvance(contact.label)
        painter.fillRect(QRectF(x, y - 6, 14, 12), _GAP)
        painter.drawText(QPointF(x + 18, y + 4), "No agency saw or spoke to him")
        painter.end()

    @staticmethod
    def _mark(painter: QPainter, contact: Contact, x: float, y: float, approximate: bool) -> None:
        colour = _COLOURS[contact]
        pen = QPen(colour, 1.6)
        if approximate:
            pen.setStyle(Qt.PenStyle.DotLine)
        painter.setPen(pen)
        r = 5.0
        if contact is Contact.SEEN:
            painter.setBrush(QBrush(colour))
            painter.drawEllipse(QPointF(x, y), r, r)
        elif contact is Contact.SPOKEN_TO:
            painter.setBrush(QBrush(colour))
            painter.drawRect(QRectF(x - r, y - r, 2 * r, 2 * r))
        elif contact is Contact.ASKED_ABOUT:
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawPolygon(
                QPolygonF([QPointF(x, y - r), QPointF(x + r, y + r), QPointF(x - r, y + r)])
            )
        elif contact is Contact.NOT_SEEN:
            path = QPainterPath()
            path.moveTo(x - r, y - r)
            path.lineTo(x + r, y + r)
            path.moveTo(x + r, y - r)
            path.lineTo(x - r, y + r)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawPath(path)
        else:
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawEllipse(QPointF(x, y), r * 0.6, r * 0.6)
        painter.setBrush(Qt.BrushStyle.NoBrush)


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
        self.summary = QLabel()
        self.summary.setObjectName("lens-summary")
        self.summary.setWordWrap(True)
        self.gaps = QLabel()
        self.gaps.setObjectName("lens-gaps")
        self.gaps.setWordWrap(True)
        self.gaps.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.timeline = TimelineWidget()
        self.matrix_model = MatrixModel()
        self.matrix_view = QTableView()
        self.matrix_view.setModel(self.matrix_model)
        self.matrix_view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.entries_model = ChronologyModel(session.case, lens_filter(session.case, -1))  # empty
        self.entries_view = QTableView()
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
        layout.addWidget(self.timeline)
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
            self.timeline.set_lens(None)
            self.matrix_model.set_matrix(None)
            return
        case = self.session.case
        self.busy = True
        self.summary.setText(f"Reading the chronology for {self.man.currentText()}…")
        self.entries_model.reload(lens_filter(case, person_id))

        def work() -> tuple[Lens, Matrix]:
            lens = build_lens(case, person_id)
            return lens, build_matrix(case, person_id, lens)

        def done(result: tuple[Lens, Matrix]) -> None:
            # The panel may have been destroyed meanwhile (case locked or closed).
            if request == self._request and shiboken6.isValid(self):
                self._show(*result)

        def failed(exc: BaseException) -> None:
            if request == self._request and shiboken6.isValid(self):
                self.busy = False
                self.summary.setText(f"Could not read the chronology: {exc}")

        run_in_background(work, done, failed)

    def _show(self, lens: Lens, matrix: Matrix) -> None:
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
        self.timeline.set_lens(lens)
        self.matrix_model.set_matrix(matrix)
        self.busy = False
