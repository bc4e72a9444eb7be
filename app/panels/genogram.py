"""Workspace page "Family": the household genogram with the selected person's details."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QVBoxLayout, QWidget

if TYPE_CHECKING:  # the View menu lists the pages at start, before any case is loaded
    from app.session import CaseSession

TITLE = "Family"
ORDER = 10

# 9 pt at the 96 dpi Qt uses for logical pixels is 12 px; a name is drawn 11 scene px high
# (exports/genogram/labels.NAME_SIZE), so below this zoom names are smaller than 9 pt.
READABLE_POINTS = 9.0


def readable_zoom() -> float:
    from exports.genogram.labels import NAME_SIZE

    return READABLE_POINTS * 96 / 72 / NAME_SIZE


MAX_FIT_ZOOM = 2.0  # a small family on a large monitor: big, but not absurdly so


class FamilyPage(QWidget):
    """The genogram editor, fitted to the room it has whenever that room changes — until the
    user zooms or pans, after which the view is theirs (F fits again)."""

    def __init__(self, session: CaseSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from app.genogram.editor import GenogramEditor  # imported when the page is built

        self.editor = GenogramEditor(session)
        self.editor.setAccessibleName("Family: genogram and person details")
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.editor)
        self._fitted_zoom: float | None = None
        self.editor.view.viewport().installEventFilter(self)
        fit_action = self.editor.actions_by_name.get("fit")
        if fit_action is not None:  # F / Fit: the readable fit, and auto-fitting resumes
            fit_action.triggered.disconnect()
            fit_action.triggered.connect(lambda _c=False: self.fit())
        export = self.editor.actions_by_name.get("export")
        if export is not None:  # the toolbar's picture export is the File menu's, warning and all
            export.setText("Export picture…")
            export.triggered.disconnect()
            export.triggered.connect(lambda _c=False: self._window_action("exportGenogram"))
        relayout = self.editor.actions_by_name.get("relayout")
        if relayout is not None:  # Fit after Re-layout (issue 12 item 6)
            relayout.triggered.connect(lambda _c=False: QTimer.singleShot(0, self, self.fit))

    def _window_action(self, name: str) -> bool:
        from PySide6.QtGui import QAction

        action = self.window().findChild(QAction, name)
        if action is None or not action.isEnabled():
            return False
        action.trigger()
        return True

    # The editor's hooks, so the workspace finds them on the page.
    def __getattr__(self, name: str) -> object:
        if name in ("start_search",):
            return getattr(self.editor, name)
        raise AttributeError(name)

    def fit(self) -> float:
        """Fit the drawing to the canvas, never so small that names fall below 9 pt (a large
        family then opens centred on the index child, to be panned)."""
        view = self.editor.view
        scene = view.scene()
        if scene is None:
            return view.zoom
        rect = scene.itemsBoundingRect().adjusted(-20, -20, 20, 20)
        if rect.isEmpty() or view.viewport().width() < 50:
            return view.zoom
        port = view.viewport().size()
        zoom = min(port.width() / rect.width(), port.height() / rect.height())
        zoom = max(readable_zoom(), min(MAX_FIT_ZOOM, zoom))
        view.resetTransform()
        view.scale(zoom, zoom)
        centre = rect.center()
        if zoom * rect.width() > port.width() or zoom * rect.height() > port.height():
            index = self._index_child_centre()
            centre = index if index is not None else centre
        view.centerOn(centre)
        self._fitted_zoom = view.zoom
        return view.zoom

    def _index_child_centre(self) -> object:
        data = self.editor.data
        for pid, item in self.editor.person_items.items():
            person = data.person(pid) if data is not None else None  # type: ignore[arg-type]
            if person is not None and person.is_index_child:
                return item.sceneBoundingRect().center()
        return None

    @property
    def auto_fit(self) -> bool:
        return self._fitted_zoom is None or abs(self.editor.view.zoom - self._fitted_zoom) < 1e-6

    def page_shown(self) -> None:
        if self.auto_fit:
            QTimer.singleShot(0, self, self.fit)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.Resize and self.auto_fit and self.isVisible():
            QTimer.singleShot(0, self, self.fit)
        return False

    def panes(self) -> list[QWidget]:
        return [self.editor.view, self.editor.panel]


def create(session: CaseSession) -> QWidget:
    return FamilyPage(session)
