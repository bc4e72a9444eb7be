"""A document figure's vector drawing (exports.document.Drawing) painted on screen.

The review export draws its figures (a man's contacts heatmap, the timeline) from Qt-free
shapes in millimetres; this widget paints the same shapes with QPainter, scaled to its width,
so what the lens shows is the picture the document will carry. The figure's alt text is the
widget's accessible description and tooltip (a screen reader gets the words, not the shapes).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from exports.document import Drawing, Ellipse, Figure, Label, Line, Rect

PT_PER_MM = 72 / 25.4


class DrawingView(QWidget):
    def __init__(self, parent: QWidget | None = None, max_scale: float = 4.5,
                 max_height: int = 460) -> None:
        super().__init__(parent)
        self.drawing: Drawing | None = None
        self.max_scale = max_scale  # pixels a millimetre at most (a wide window, few quarters)
        # A long chronology's heatmap stacks many bands: it shrinks to this height rather
        # than push the matrix and the entries off the page.
        self.max_height = max_height
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_figure(self, figure: Figure | None) -> None:
        self.drawing = figure.drawing if figure is not None else None
        text = figure.description() if figure is not None else ""
        self.setAccessibleName(figure.caption if figure is not None else "")
        self.setAccessibleDescription(text)
        self.setToolTip(text)
        self.updateGeometry()
        self.setFixedHeight(self._height_for(self.width()))
        self.update()

    def _scale(self, width: int) -> float:
        if self.drawing is None:
            return 1.0
        return min(self.max_scale, max(width - 4, 1) / self.drawing.width_mm,
                   (self.max_height - 4) / max(self.drawing.height_mm, 1.0))

    def _height_for(self, width: int) -> int:
        if self.drawing is None:
            return 0
        return int(self.drawing.height_mm * self._scale(width)) + 4

    def resizeEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        height = self._height_for(self.width())
        if height != self.height():
            self.setFixedHeight(height)

    def paintEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor("white"))
        if self.drawing is not None:
            scale = self._scale(self.width())
            painter.translate(2, 2)
            paint_drawing(painter, self.drawing, scale)
        painter.end()


def _colour(value: str | None) -> QColor:
    return QColor(f"#{value}") if value else QColor(Qt.GlobalColor.transparent)


def paint_drawing(painter: QPainter, drawing: Drawing, scale: float) -> None:
    """Paint the shapes with `scale` pixels a millimetre; line widths and text sizes are in
    points in the drawing, converted the same way (so the screen keeps the print's proportions)."""
    pt = scale / PT_PER_MM  # pixels a point
    for shape in drawing.shapes:
        if isinstance(shape, Line):
            pen = QPen(_colour(shape.colour), max(shape.width_pt * pt, 0.5))
            if shape.dashed:
                pen.setStyle(Qt.PenStyle.DashLine)
            painter.setPen(pen)
            painter.drawLine(QPointF(shape.x1 * scale, shape.y1 * scale),
                             QPointF(shape.x2 * scale, shape.y2 * scale))
        elif isinstance(shape, Rect | Ellipse):
            painter.setPen(QPen(_colour(shape.stroke), max(shape.width_pt * pt, 0.5))
                           if shape.stroke else Qt.PenStyle.NoPen)
            painter.setBrush(QBrush(_colour(shape.fill)) if shape.fill else Qt.BrushStyle.NoBrush)
            if isinstance(shape, Rect):
                painter.drawRect(QRectF(shape.x * scale, shape.y * scale,
                                        shape.width * scale, shape.height * scale))
            else:
                painter.drawEllipse(QPointF(shape.cx * scale, shape.cy * scale),
                                    shape.rx * scale, shape.ry * scale)
            painter.setBrush(Qt.BrushStyle.NoBrush)
        elif isinstance(shape, Label):
            font = QFont(painter.font())
            font.setPixelSize(max(int(round(shape.size_pt * pt)), 7))
            font.setBold(shape.bold)
            painter.setFont(font)
            painter.setPen(QPen(_colour(shape.colour)))
            x = shape.x * scale
            width = QFontMetricsF(font).horizontalAdvance(shape.text)
            if shape.anchor == "middle":
                x -= width / 2
            elif shape.anchor == "end":
                x -= width
            painter.drawText(QPointF(x, shape.y * scale), shape.text)
