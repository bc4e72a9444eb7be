"""Guard against the PySide6 6.12.0 / CPython 3.11 bug that frees None (PERFORMANCE-NOTES.md).

The genogram makes thousands of these calls; with a bad binding the interpreter aborts with
"deallocating None". If this test fails, the pinned PySide6 is unsafe on this Python.
"""

from __future__ import annotations

import gc
import sys

from PySide6.QtCore import QPointF
from PySide6.QtGui import (
    QBrush,
    QImage,
    QPainter,
    QPainterPath,
    QPen,
    QPolygonF,
    QStandardItem,
    QStandardItemModel,
)
from PySide6.QtWidgets import QGraphicsItem, QGraphicsRectItem

CALLS = 20_000


def _drift(action) -> int:
    # A garbage collection during the loop frees unrelated objects that held None and would
    # look like drift; with the collector paused only the binding can move the count.
    for i in range(200):  # first calls fill binding caches that legitimately hold None
        action(i)
    gc.collect()
    gc.disable()
    try:
        before = sys.getrefcount(None)
        for i in range(CALLS):
            action(i)
        return sys.getrefcount(None) - before
    finally:
        gc.enable()


def test_graphics_item_calls_do_not_drift_none_refcount(qapp) -> None:
    item = QGraphicsRectItem(0, 0, 10, 10)
    pen, brush = QPen(), QBrush()
    assert abs(_drift(lambda i: item.setPos(i, i))) < 100
    assert abs(_drift(lambda i: item.setPen(pen))) < 100
    assert abs(_drift(lambda i: item.setBrush(brush))) < 100


def test_path_and_model_calls_do_not_drift_none_refcount(qapp) -> None:
    path = QPainterPath()
    assert abs(_drift(lambda i: path.lineTo(QPointF(i, i)))) < 100
    model = QStandardItemModel()
    assert abs(_drift(lambda i: model.appendRow(QStandardItem("x")))) < 100
    assert model.rowCount() == CALLS + 200


# The genogram painter and editor make these calls for every symbol on every redraw.
def test_painter_calls_used_by_the_genogram_do_not_drift(qapp) -> None:  # noqa: ANN001
    image = QImage(64, 64, QImage.Format.Format_ARGB32_Premultiplied)
    painter = QPainter(image)
    try:
        pen, brush = QPen(), QBrush()
        poly = QPolygonF([QPointF(0, 0), QPointF(10, 10)])
        assert abs(_drift(lambda i: painter.setPen(pen))) < 100
        assert abs(_drift(lambda i: painter.setBrush(brush))) < 100
        assert abs(_drift(lambda i: painter.drawPolyline(poly))) < 100
        assert abs(_drift(lambda i: painter.drawText(QPointF(2, 12), "Freya"))) < 100
    finally:
        painter.end()


def test_item_calls_used_by_the_editor_do_not_drift(qapp) -> None:  # noqa: ANN001
    item = QGraphicsRectItem(0, 0, 10, 10)
    flag = QGraphicsItem.GraphicsItemFlag.ItemIsSelectable
    assert abs(_drift(lambda i: item.setZValue(i % 7))) < 100
    assert abs(_drift(lambda i: item.setFlags(flag))) < 100
    assert abs(_drift(lambda i: item.setToolTip("Liam Carter"))) < 100
