"""A page of form rows laid out in as many columns as its width allows, read down each column.

Why: a man's record section has up to 17 questions, each a label, its help, an answer and a
provenance line (~110 px tall). In one column at 1366×768 five of them showed; in two columns
ten and more do, and at 1920 three columns use the width instead of leaving it empty.

Rows flow down the first column, then the second (newspaper order), so reading order, Tab
order (the rows are created in field order and are never re-parented) and screen-reader order
are all the field order. Columns are balanced by the rows' heights. The page must sit in a
scroll area whose vertical scroll bar is always shown, so the width it is given does not change
when its height does (no flicker between one and two columns).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QLayout, QVBoxLayout, QWidget

COLUMN_WIDTH = 420  # the narrowest column worth having; rows say if they need more
MAX_COLUMNS = 3
GAP = 16


def columns_for(width: int, column_width: int = COLUMN_WIDTH, most: int = MAX_COLUMNS) -> int:
    return max(1, min(most, (width + GAP) // (column_width + GAP)))


def balanced(heights: Sequence[int], columns: int) -> list[int]:
    """How many rows go in each column, in order, so the tallest column is as short as can be
    with rows kept in order (a linear partition; n ≤ 20 rows, so the simple search is fine)."""
    n = len(heights)
    if columns <= 1 or n <= 1:
        return [n]
    columns = min(columns, n)
    prefix = [0]
    for h in heights:
        prefix.append(prefix[-1] + h)

    best: tuple[int, list[int]] | None = None

    def search(start: int, left: int, counts: list[int], tallest: int) -> None:
        nonlocal best
        if best is not None and tallest >= best[0]:
            return
        if left == 1:
            height = max(tallest, prefix[n] - prefix[start])
            if best is None or height < best[0]:
                best = (height, [*counts, n - start])
            return
        for end in range(start + 1, n - left + 2):
            search(end, left - 1, [*counts, end - start],
                   max(tallest, prefix[end] - prefix[start]))

    search(0, columns, [], 0)
    assert best is not None
    return best[1]


class ColumnsPage(QWidget):
    """`header` across the top, then `rows` in balanced columns."""

    def __init__(self, rows: Sequence[QWidget], header: QWidget | None = None,
                 parent: QWidget | None = None, column_width: int = COLUMN_WIDTH) -> None:
        super().__init__(parent)
        self.rows = list(rows)
        self.column_width = column_width
        self.columns = 0
        outer = QVBoxLayout(self)
        outer.setContentsMargins(6, 6, 4, 6)
        # Rows grow (another statement, another list item) after the page is laid out: without
        # this the scroll area squeezes them instead of growing the page.
        outer.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)
        if header is not None:
            header.setParent(self)
            outer.addWidget(header)
        self._row_box = QHBoxLayout()
        self._row_box.setSpacing(GAP)
        outer.addLayout(self._row_box)
        outer.addStretch(1)
        for row in self.rows:
            row.setParent(self)
            row.installEventFilter(self)  # a row that grows may re-balance the columns
        self._lay_out(1)

    def add_rows(self, rows: Sequence[QWidget]) -> None:
        """More rows at the end (a man's record builds a section a few questions at a time,
        app/carers/record_form.py), the columns re-balanced for them."""
        if not rows:
            return
        for row in rows:
            row.setParent(self)
            row.installEventFilter(self)
        self.rows.extend(rows)
        self._lay_out(self.fitting_columns() if self.parentWidget() is not None else 1)
        for row in rows:
            # Now, not on the next turn of the event loop (what a layout would do): a key
            # pressed meanwhile — Tab — must find the row there.
            row.show()

    def _lay_out(self, columns: int) -> None:
        self.columns = columns
        while self._row_box.count():
            item = self._row_box.takeAt(0)
            box = item.layout()
            if box is not None:
                while box.count():
                    box.takeAt(0)
                box.deleteLater()
        heights = [max(r.sizeHint().height(), 1) for r in self.rows]
        start = 0
        for count in balanced(heights, columns):
            box = QVBoxLayout()
            box.setSpacing(2)
            for row in self.rows[start:start + count]:
                box.addWidget(row)
            box.addStretch(1)
            self._row_box.addLayout(box, 1)
            start += count
        for _ in range(columns - len(balanced(heights, columns))):
            self._row_box.addStretch(1)

    def available_width(self) -> int:
        """The width the page may use: its scroll area's viewport, not its own width (which
        is at least its minimum, so it would never report being too narrow)."""
        parent = self.parentWidget()
        return parent.width() if parent is not None else self.width()

    def fitting_columns(self) -> int:
        """The most columns whose rows, balanced by height, fit the width side by side (each
        column as wide as its widest row's minimum, and never narrower than column_width)."""
        if not self.rows:
            return 1  # a section whose questions are still to be built (record_form.py)
        margins = self.layout().contentsMargins()
        room = self.available_width() - margins.left() - margins.right()
        heights = [max(r.sizeHint().height(), 1) for r in self.rows]
        widths = [r.minimumSizeHint().width() for r in self.rows]
        for columns in range(columns_for(room, self.column_width), 1, -1):
            start, need = 0, -GAP
            for count in balanced(heights, columns):
                need += GAP + max(self.column_width, *widths[start:start + count])
                start += count
            if need <= room:
                return columns
        return 1

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        wanted = self.fitting_columns()
        if wanted != self.columns:
            self._lay_out(wanted)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ParentChange and self.parentWidget() is not None:
            # The viewport can shrink below the page's minimum width without the page being
            # resized: watch it too.
            self.parentWidget().installEventFilter(self)
        return super().event(event)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if obj is self.parentWidget():
            if event.type() == QEvent.Type.Resize:
                wanted = self.fitting_columns()
                if wanted != self.columns:
                    self._lay_out(wanted)
            return False
        if event.type() == QEvent.Type.LayoutRequest and self.columns > 1:
            # A statement or list item added: keep the columns even (cheap: ≤ 20 rows).
            heights = [max(r.sizeHint().height(), 1) for r in self.rows]
            current = [self._column_count(i) for i in range(self._row_box.count())]
            if [c for c in current if c] != balanced(heights, self.columns):
                self._lay_out(self.columns)
        return False

    def _column_count(self, index: int) -> int:
        item = self._row_box.itemAt(index)
        box = item.layout() if item is not None else None
        return sum(1 for i in range(box.count()) if box.itemAt(i).widget() is not None) \
            if box is not None else 0
