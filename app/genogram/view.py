"""The genogram canvas: zoom, pan, keyboard steps and context menus over the scene items.

Shift+drag from one person's symbol to another's asks how to link them (partners, or parent
and child): a dashed line follows the pointer, and letting go over another symbol emits
`link_requested` (the editor shows the choices). A plain drag still moves the symbol.
"""

from __future__ import annotations

from PySide6.QtCore import QLineF, QPoint, Qt, Signal
from PySide6.QtGui import QColor, QContextMenuEvent, QMouseEvent, QPainter, QPen, QWheelEvent
from PySide6.QtWidgets import QGraphicsLineItem, QGraphicsView, QWidget

from app.genogram.items import PersonItem, PlaceholderItem

ZOOM_STEP = 1.2
MIN_ZOOM, MAX_ZOOM = 0.1, 6.0


class GenogramView(QGraphicsView):
    """Wheel zooms around the cursor, dragging the background pans, items drag themselves."""

    context_requested = Signal(object, object)  # (item or None, global QPoint)
    step_requested = Signal(int, int)  # arrow key: (dx, dy) in {-1, 0, 1}
    open_requested = Signal()  # Enter on a selected symbol: edit it in the side panel
    link_requested = Signal(int, int, object)  # Shift+drag: (from person, to person, QPoint)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.SmartViewportUpdate)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName("Genogram")
        self.linking = True  # Shift+drag links two people (off in a read-only case)
        self._link_from: PersonItem | None = None
        self._link_line: QGraphicsLineItem | None = None

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

    # Shift+drag: link two people --------------------------------------------------------------
    def person_at(self, pos: QPoint) -> PersonItem | None:
        item = self.itemAt(pos)
        while item is not None and not isinstance(item, PersonItem):
            item = item.parentItem()
        return item

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        if (self.linking and event.button() == Qt.MouseButton.LeftButton
                and event.modifiers() & Qt.KeyboardModifier.ShiftModifier):
            source = self.person_at(event.position().toPoint())
            if source is not None and self.scene() is not None:
                self._link_from = source
                start = source.sceneBoundingRect().center()
                line = QGraphicsLineItem(QLineF(start, self.mapToScene(event.position().toPoint())))
                pen = QPen(QColor("#1565c0"), 2, Qt.PenStyle.DashLine)
                line.setPen(pen)
                line.setZValue(1_000)
                self.scene().addItem(line)
                self._link_line = line
                event.accept()
                return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        if self._link_line is not None and self._link_from is not None:
            line = self._link_line.line()
            line.setP2(self.mapToScene(event.position().toPoint()))
            self._link_line.setLine(line)
            event.accept()
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        source, line = self._link_from, self._link_line
        if source is None:
            super().mouseReleaseEvent(event)
            return
        self._link_from = self._link_line = None
        if line is not None and line.scene() is not None:
            line.scene().removeItem(line)
        target = self.person_at(event.position().toPoint())
        event.accept()
        if target is not None and target is not source:
            self.link_requested.emit(source.person_id, target.person_id,
                                     event.globalPosition().toPoint())

    def contextMenuEvent(self, event) -> None:  # noqa: N802, ANN001 - Qt override
        if event.reason() == QContextMenuEvent.Reason.Keyboard:
            # The Menu key or Shift+F10: the selected person's menu (add, link to someone in
            # the case…), opened at that person, not whatever lies under the mouse pointer.
            chosen = [i for i in (self.scene().selectedItems() if self.scene() else [])
                      if isinstance(i, PersonItem)]
            if chosen:
                at = self.mapFromScene(chosen[0].sceneBoundingRect().center())
                self.context_requested.emit(chosen[0], self.viewport().mapToGlobal(at))
                event.accept()
                return
        item = self.itemAt(event.pos())
        while item is not None and not isinstance(item, PersonItem | PlaceholderItem):
            item = item.parentItem()
        if isinstance(item, PersonItem) and not item.isSelected():
            self.scene().clearSelection()
            item.setSelected(True)
        self.context_requested.emit(item, event.globalPos())
        event.accept()
