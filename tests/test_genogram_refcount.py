"""The genogram's own hot Qt calls do not drift None's reference count (PySide6 6.12 on 3.11).

tests/test_qt_refcount.py guards setPos/setPen/setBrush/lineTo; the genogram painter also calls
QPainter.setPen/setBrush/drawPolyline/drawText and the editor sets item flags and z-values for
every symbol on every redraw, so those are guarded too.
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Callable

from PySide6.QtCore import QPointF
from PySide6.QtGui import QBrush, QImage, QPainter, QPen, QPolygonF
from PySide6.QtWidgets import QGraphicsItem, QGraphicsRectItem

CALLS = 20_000


def _drift(action: Callable[[int], object]) -> int:
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
