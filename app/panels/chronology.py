"""Workspace page "Chronology": the paged table with its filters, and each man's lens."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QTabWidget, QWidget

if TYPE_CHECKING:  # the View menu lists the pages at start, before any case is loaded
    from app.session import CaseSession

TITLE = "Chronology"
ORDER = 30
ENTRIES, LENS, RETURNS = 0, 1, 2


class ChronologyPanel(QTabWidget):
    """Entries (table, filters), each man's lens, and the agency returns awaited and received."""

    navigate_requested = Signal(str, object)

    def __init__(self, session: CaseSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # Imported here, not at the top: listing the pages at start must not load the table's
        # code (app.panels.warm_panels loads it on the unlock worker).
        from app.chronology.view import ChronologyView

        self.session = session
        self.setDocumentMode(True)
        self.view = ChronologyView(session)
        self.addTab(self.view, "Entries")  # Ctrl+3 comes here; Alt+E is the Edit menu
        self.lens: QWidget | None = None
        self._placeholder = QWidget()
        self.addTab(self._placeholder, "Each man's &lens")
        from app.requests.returns_widget import ReturnsWidget

        # Which agencies were asked for a chronology and which have answered (issue 14): the
        # returns come into this chronology, so they are tracked beside it.
        self.returns = ReturnsWidget(session)
        self.addTab(self.returns, "Agency &returns")
        self.currentChanged.connect(self._build_lens)
        # The PD12A builder lives on Review & exports, beside the export it shapes.
        self.view.court_button.clicked.disconnect()
        self.view.court_button.clicked.connect(
            lambda: self.navigate_requested.emit("review", "court"))
        # "Household on this date": the genogram redraws itself from the session's signal; the
        # Family page must also come to the front, or the answer is drawn where nobody sees it.
        session.household_date_requested.connect(
            lambda _day: self.navigate_requested.emit("genogram", None))

    def _build_lens(self, index: int) -> None:
        # Built on first view: reading every entry about a man is not needed to open the case.
        if index != LENS or self.lens is not None:
            return
        from app.chronology.lens_view import LensView

        self.lens = LensView(self.session)
        self.blockSignals(True)
        self.removeTab(LENS)
        self.insertTab(LENS, self.lens, "Each man's &lens")
        self.setCurrentIndex(LENS)
        self.blockSignals(False)

    def open_target(self, target: object) -> None:
        """("lens", person_id) from a man's page: his lens, in front."""
        if isinstance(target, tuple) and target and target[0] == "lens":
            self.setCurrentIndex(LENS)
            man = getattr(self.lens, "man", None)
            if man is not None:
                index = man.findData(target[1])
                if index >= 0:
                    man.setCurrentIndex(index)
        elif target == "entries":
            self.setCurrentIndex(ENTRIES)
        elif target == "returns":
            self.setCurrentIndex(RETURNS)

    def start_search(self) -> None:
        self.setCurrentIndex(ENTRIES)
        self.view.search.setFocus()
        self.view.search.selectAll()

    def panes(self) -> list[QWidget]:
        if self.currentIndex() == ENTRIES:
            return [self.view.search, self.view.table]
        return [self.currentWidget()]


def create(session: CaseSession) -> QWidget:
    return ChronologyPanel(session)
