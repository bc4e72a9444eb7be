"""The chronology table model: a thin, paging adapter over storage.chronology_query.

Only the ordered list of matching ids lives in memory (8 bytes an entry); rows are fetched in
blocks of BLOCK when painted and kept in a small LRU cache, so a 100,000-entry chronology opens
as fast as a 100-entry one. Sorting and filtering are SQL (never QSortFilterProxyModel, which
takes 42 s to sort 100k rows, shared/PERFORMANCE-NOTES.md).
"""

from __future__ import annotations

from array import array
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from app.qt_roles import BACKGROUND, DISPLAY, FONT, HORIZONTAL, TOOLTIP, USER
from app.workers import read_in_background
from storage.casefile import CaseFile
from storage.chronology_query import (
    DisplayRow,
    EntryFilter,
    agency_names,
    display_rows,
    ordered_ids,
    person_names,
)
from storage.errors import CaseError

BLOCK = 200
MAX_BLOCKS = 30  # at most 6,000 formatted rows held at once

COLUMNS: tuple[tuple[str, str], ...] = (
    ("date", "Date"),
    ("time", "Time"),
    ("agency", "Agency"),
    ("category", "Category"),
    ("what_happened", "What happened"),
    ("action_outcome", "Action / outcome"),
    # Who the entry is linked to, before Significance: on a 1366 px laptop it is in view
    # without scrolling sideways, so a wrong or missing link is seen (issue 12 item 8).
    ("people", "People"),
    ("significance", "Significance"),
    ("source_ref", "Source"),
    ("reference", "Ref"),
    ("flags", "Flags"),
)
_ATTRS = tuple(c[0] for c in COLUMNS)
_LONG = {"what_happened", "action_outcome", "significance"}

_BOLD = QFont()
_BOLD.setBold(True)
_DUPLICATE = QBrush(QColor("#fff3cd"))
_DISPUTED = QBrush(QColor("#f8d7da"))


class ChronologyModel(QAbstractTableModel):
    def __init__(self, case: CaseFile, entry_filter: EntryFilter | None = None,
                 load: bool = True) -> None:
        """`load=False`: empty until reload() or reload_in_background() (a big chronology's
        ids are read on a worker when its page is built, not on the GUI thread)."""
        super().__init__()
        self.case = case
        self.filter = entry_filter or EntryFilter()
        self._ids: array = array("q")
        self._blocks: OrderedDict[int, list[DisplayRow | None]] = OrderedDict()
        self._agencies: dict[int, str] = {}
        self._people: dict[int, str] = {}
        self.fetches = 0  # blocks read from the database (tests check paging)
        self._request = 0
        if load:
            self.reload()

    # Loading ---------------------------------------------------------------------------------
    def reload(self, entry_filter: EntryFilter | None = None) -> None:
        """Re-run the query (after a filter change or a change to the case)."""
        self._request += 1  # a reload_in_background still running is now out of date
        self.beginResetModel()
        if entry_filter is not None:
            self.filter = entry_filter
        self._agencies = agency_names(self.case)
        self._people = person_names(self.case)
        self._ids = ordered_ids(self.case, self.filter)
        self._blocks.clear()
        self.endResetModel()

    def reload_in_background(self, entry_filter: EntryFilter | None = None,
                             on_done: Callable[[], None] | None = None,
                             on_error: Callable[[CaseError], None] | None = None) -> None:
        """reload() with the query run on a worker through the case's read-only connection:
        after an import, the ids of 40,000 entries in order took a sixth of a second on the
        GUI thread. The rows shown stay until the new ones are ready; a newer reload wins.
        `on_error` hears a refusal (one line for the user) instead of `on_done`."""
        self._request += 1
        if entry_filter is not None:
            self.filter = entry_filter
        request, case, wanted = self._request, self.case, self.filter

        def work(reader: CaseFile) -> tuple[dict[int, str], dict[int, str], array]:
            return agency_names(reader), person_names(reader), ordered_ids(reader, wanted)

        def done(result: tuple[dict[int, str], dict[int, str], array]) -> None:
            # Dropped when a newer reload was asked for, or the case closed meanwhile (a lock
            # just after it opened: its views are going).
            if request != self._request or not shiboken6.isValid(self) or self.case.closed:
                return
            self.beginResetModel()
            self._agencies, self._people, self._ids = result
            self._blocks.clear()
            self.endResetModel()
            if on_done is not None:
                on_done()

        def failed(exc: BaseException) -> None:
            # The case closed meanwhile (a lock): nothing to show. Anything else: the
            # reload that raises it where it can be reported.
            if request == self._request and shiboken6.isValid(self) and not self.case.closed:
                try:
                    self.reload()
                except CaseError as refused:
                    if on_error is None:
                        raise
                    on_error(refused)
                    return
                if on_done is not None:
                    on_done()

        read_in_background(case, work, done, failed)

    def entry_id(self, row: int) -> int | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_of(self, entry_id: int) -> int | None:
        try:
            return self._ids.index(entry_id)
        except ValueError:
            return None

    def cached_rows(self) -> int:
        return sum(len(b) for b in self._blocks.values())

    def display_row(self, row: int) -> DisplayRow | None:
        number = row // BLOCK
        block = self._blocks.get(number)
        if block is None:
            ids = self._ids[number * BLOCK : (number + 1) * BLOCK]
            found = display_rows(self.case, list(ids), self._agencies, self._people)
            block = [found.get(i) for i in ids]
            self._blocks[number] = block
            self.fetches += 1
            if len(self._blocks) > MAX_BLOCKS:
                self._blocks.popitem(last=False)
        else:
            self._blocks.move_to_end(number)
        return block[row - number * BLOCK]

    # Qt model interface -------------------------------------------------------------------------
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = DISPLAY) -> Any:  # noqa: N802
        if role == DISPLAY and orientation == HORIZONTAL:
            return COLUMNS[section][1]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = DISPLAY) -> Any:
        if role == DISPLAY:
            row = self.display_row(index.row())
            if row is None:
                return None
            value = getattr(row, _ATTRS[index.column()])
            if _ATTRS[index.column()] in _LONG:
                # One line per row: the full text is in the tooltip and the editor.
                return value.replace("\n", " ")
            return value
        if role == TOOLTIP:
            row = self.display_row(index.row())
            if row is None:
                return None
            attr = _ATTRS[index.column()]
            value = getattr(row, attr)
            return value if attr in _LONG or attr in ("people", "source_ref", "flags") else None
        if role == FONT:
            row = self.display_row(index.row())
            return _BOLD if row is not None and row.key_event else None
        if role == BACKGROUND:
            row = self.display_row(index.row())
            if row is None:
                return None
            if row.disputed:
                return _DISPUTED
            if row.duplicate_of is not None:
                return _DUPLICATE
            return None
        if role == USER:
            return self.entry_id(index.row())
        return None
