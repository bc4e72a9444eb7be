"""Main-window panel: the chronology (paged table) and each man's lens, as two tabs."""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QWidget

from app.chronology.view import ChronologyView
from app.session import CaseSession

TITLE = "Chronology"
ORDER = 40


class ChronologyPanel(QTabWidget):
    def __init__(self, session: CaseSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.view = ChronologyView(session)
        self.addTab(self.view, "Entries")
        self.lens: QWidget | None = None
        self._placeholder = QWidget()
        self.addTab(self._placeholder, "Each man's lens")
        self.currentChanged.connect(self._build_lens)

    def _build_lens(self, index: int) -> None:
        # Built on first view: reading every entry about a man is not needed to open the case.
        if index != 1 or self.lens is not None:
            return
        from app.chronology.lens_view import LensView

        self.lens = LensView(self.session)
        self.blockSignals(True)
        self.removeTab(1)
        self.insertTab(1, self.lens, "Each man's lens")
        self.setCurrentIndex(1)
        self.blockSignals(False)


def create(session: CaseSession) -> QWidget:
    return ChronologyPanel(session)
