"""The genogram canvas: zoom, pan, keyboard steps and context menus over the scene items."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPainter, QWheelEvent
from PySide6.QtWidgets import QGraphicsView, QWidget

from app.genogram.items import PersonItem, PlaceholderItem

ZOOM_STEP = 1.2
MIN_ZOOM, MAX_ZOOM = 0.1, 6.0


class GenogramView(QGraphicsView):
    """Wheel zooms around the cursor, dragging the background pans, items drag themselves."""

    context_requested = Signal(object, object)  # (item or None, global QPoint)
    step_requested = Signal(int, int)  # arrow key: (dx, dy) in {-1, 0, 1}
    open_requested = Signal()  # Enter on a selected symbol: edit it in the side panel

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.SmartViewportUpdate)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName("Genogram")

    @property
    def zoom(self) -> float:
        return self.transform().m11()

    def zoom_by(self, factor: float) -> None:
        target = min(MAX_ZOOM, max(MIN_ZOOM, self.zoom * factor))
        factor = target / self.zoom
        self.scale(factor, factor)

    def fit(self) -> None:
        rect = self.scene().itemsBoundingRect() if self.scene() else None
        if rect is not None and not rect.isEmpty():
            self.fitInView(rect.adjusted(-20, -20, 20, 20), Qt.AspectRatioMode.KeepAspectRatio)
            if self.zoom > 1.5:
                self.resetTransform()
                self.scale(1.5, 1.5)
                self.centerOn(rect.center())

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802 - Qt override
        if event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
            super().wheelEvent(event)  # shift+wheel scrolls
            return
        delta = event.angleDelta().y()
        if delta:
            self.zoom_by(ZOOM_STEP if delta > 0 else 1 / ZOOM_STEP)
        event.accept()

    def keyPressEvent(self, event) -> None:  # noqa: N802, ANN001 - Qt override
        steps = {
            Qt.Key.Key_Left: (-1, 0),
            Qt.Key.Key_Right: (1, 0),
            Qt.Key.Key_Up: (0, -1),
            Qt.Key.Key_Down: (0, 1),
        }
        key = Qt.Key(event.key())
        if key in steps and not event.modifiers():
            self.step_requested.emit(*steps[key])
            event.accept()
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.open_requested.emit()
            event.accept()
        else:
            super().keyPressEvent(event)

    def contextMenuEvent(self, event) -> None:  # noqa: N802, ANN001 - Qt override
        item = self.itemAt(event.pos())
        while item is not None and not isinstance(item, PersonItem | PlaceholderItem):
            item = item.parentItem()
        if isinstance(item, PersonItem) and not item.isSelected():
            self.scene().clearSelection()
            item.setSelected(True)
        self.context_requested.emit(item, event.globalPos())
        event.accept()
