"""The genogram's scene items: each group of the Qt-free drawing as one QGraphicsItem.

A person, a '?' placeholder, the lines, the boundary and the key are each one item that paints
its shapes through exports.genogram.painter, so the editor shows exactly the PNG's picture.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsScene,
    QGraphicsSceneMouseEvent,
    QStyleOptionGraphicsItem,
    QWidget,
)

from exports.genogram.painter import paint_shapes
from exports.genogram.shapes import Z_ORDER, Drawing, Group, shapes_bounds


def _bounds(group: Group) -> QRectF:
    return QRectF(*shapes_bounds(group.shapes))


class ShapesItem(QGraphicsItem):
    """One group of the drawing (a person, the lines, the legend...) as one scene item.

    One item per person keeps setPos/setPen calls to a few hundred for a large family
    (the PySide6 6.12 / CPython 3.11 refcount bug makes each such call a liability).
    """

    def __init__(self, group: Group, parent: QGraphicsItem | None = None) -> None:
        super().__init__(parent)
        # Not `self.group`: that would hide QGraphicsItem.group(), the item's QGraphicsItemGroup.
        self.shape_group = group
        self._bounds = _bounds(group)
        # What a screen reader says for this symbol (a person's or a '?'); scene items are not
        # widgets, so the editor announces the chosen one and lists them all in words.
        self.accessible_name = group.title
        self.accessible_description = ""
        self.setPos(*group.origin)
        self.setZValue(Z_ORDER.get(group.kind, 0.0))
        if group.title:
            self.setToolTip(group.title)

    def set_group(self, group: Group) -> None:
        """Replace the shapes (e.g. the lines while a symbol is dragged)."""
        self.prepareGeometryChange()
        self.shape_group = group
        self._bounds = _bounds(group)
        self.update()

    def boundingRect(self) -> QRectF:  # noqa: N802 - Qt override
        return self._bounds

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        paint_shapes(painter, self.shape_group.shapes)
        if self.isSelected():
            painter.setPen(QPen(QColor("#1565c0"), 1.5, Qt.PenStyle.DashLine))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(self._bounds.adjusted(1, 1, -1, -1), 6, 6)


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


def add_drawing_to_scene(scene: QGraphicsScene, drawing: Drawing) -> list[ShapesItem]:
    """Every group as a plain (not interactive) item, and the scene sized to the picture."""
    items = []
    for group in drawing.groups:
        item = ShapesItem(group)
        scene.addItem(item)
        items.append(item)
    x0, y0, x1, y1 = drawing.bounds
    scene.setSceneRect(QRectF(x0, y0, x1 - x0, y1 - y0))
    return items
