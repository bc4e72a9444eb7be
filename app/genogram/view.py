"""The genogram canvas: scene items that can be selected, dragged and clicked; zoom and pan."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPointF, Qt, Signal
from PySide6.QtGui import QPainter, QWheelEvent
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsSceneMouseEvent,
    QGraphicsView,
    QWidget,
)

from exports.genogram_picture import ShapesItem
from exports.genogram_shapes import Group

ZOOM_STEP = 1.2
MIN_ZOOM, MAX_ZOOM = 0.1, 6.0


class PersonItem(ShapesItem):
    """A person's symbol and labels. Dragging it reports the new centre when released."""

    def __init__(
        self,
        group: Group,
        on_moving: Callable[[int, QPointF], None],
        on_moved: Callable[[int, QPointF], None],
        editable: bool,
    ) -> None:
        super().__init__(group)
        self.person_id = group.key
        self._on_moving = on_moving
        self._on_moved = on_moved
        self._press_pos: QPointF | None = None
        flags = (
            QGraphicsItem.GraphicsItemFlag.ItemIsSelectable
            | QGraphicsItem.GraphicsItemFlag.ItemIsFocusable
        )
        if editable:
            flags |= (
                QGraphicsItem.GraphicsItemFlag.ItemIsMovable
                | QGraphicsItem.GraphicsItemFlag.ItemSendsGeometryChanges
            )
        self.setFlags(flags)
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    def itemChange(self, change: QGraphicsItem.GraphicsItemChange, value: object) -> object:  # noqa: N802
        if (
            change == QGraphicsItem.GraphicsItemChange.ItemPositionHasChanged
            and self._press_pos is not None
        ):
            self._on_moving(self.person_id, self.pos())
        return super().itemChange(change, value)

    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:  # noqa: N802
        self._press_pos = self.pos()
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QGraphicsSceneMouseEvent) -> None:  # noqa: N802
        super().mouseReleaseEvent(event)
        start, self._press_pos = self._press_pos, None
        if start is not None and (self.pos() - start).manhattanLength() > 2:
            self._on_moved(self.person_id, self.pos())


class PlaceholderItem(ShapesItem):
    """A '?' for an unaddressed male-carer role; a click opens the role dialog."""

    def __init__(self, group: Group, on_click: Callable[[int], None]) -> None:
        super().__init__(group)
        self.key = group.key
        self._on_click = on_click
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setAcceptedMouseButtons(Qt.MouseButton.LeftButton)

    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:  # noqa: N802
        event.accept()

    def mouseReleaseEvent(self, event: QGraphicsSceneMouseEvent) -> None:  # noqa: N802
        if self.boundingRect().contains(event.pos()):
            self._on_click(self.key)


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
