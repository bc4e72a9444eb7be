"""Paints a genogram Drawing with QtGui: the one module of exports/ that imports Qt.

Geometry comes from the Qt-free drawing (exports.genogram.drawing); this module only walks its
shapes, so the editor's scene items (app/genogram/items.py, which paint through
`paint_shapes`), the PNG and the SVG are the same picture. QtGui and QtCore only, never
QtWidgets, and it makes no application object: painting text needs a QGuiApplication, which
belongs to the program — the window's QApplication, or the bare offscreen one the command line
makes (app/genogram/rendering.py). Calling it without one is a programming error, said plainly.

    render_png(data, options=None, *, dpi=300) -> bytes    (a picture.PngRenderer)
    drawing_png(drawing, dpi=300) -> bytes
    drawing_to_image(drawing, dpi=96) -> QImage
    paint_shapes(painter, shapes)                           (used by the scene items)
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontDatabase,
    QFontMetricsF,
    QGuiApplication,
    QImage,
    QPainter,
    QPainterPath,
    QPen,
    QPolygonF,
)

from exports.genogram.data import GenogramData
from exports.genogram.picture import PRINT_DPI, SCREEN_DPI, build_drawing, pixel_size
from exports.genogram.shapes import (
    Z_ORDER,
    Boundary,
    Drawing,
    Ellipse,
    GenogramOptions,
    Pen,
    Poly,
    Rect,
    Shape,
    Text,
)
from exports.genogram.svg import DASHES
from exports.png_compact import compact_png

FONT_FAMILY = "DejaVu Sans"
FONTS = Path(__file__).resolve().parents[2] / "resources" / "fonts"
_fonts_loaded = False


def _require_application() -> None:
    """Text needs a QGuiApplication; load the bundled fonts into it once."""
    global _fonts_loaded
    if QGuiApplication.instance() is None:
        raise RuntimeError(
            "The genogram painter needs a QGuiApplication; the program makes it "
            "(app.genogram.rendering.ensure_application for the command line)."
        )
    if not _fonts_loaded:
        for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"):
            if (FONTS / name).exists():
                QFontDatabase.addApplicationFont(str(FONTS / name))
        _fonts_loaded = True


# Qt objects are built once per distinct pen, font and colour: a redraw paints thousands of
# shapes with a handful of styles.
_pens: dict[Pen, QPen] = {}
_fonts: dict[tuple[float, bool, bool], tuple[QFont, QFontMetricsF]] = {}
_colors: dict[str, QColor] = {}


def _color(name: str) -> QColor:
    c = _colors.get(name)
    if c is None:
        c = _colors[name] = QColor(name)
    return c


def _qpen(pen: Pen | None) -> QPen:
    if pen is None:
        return QPen(Qt.PenStyle.NoPen)
    q = _pens.get(pen)
    if q is None:
        q = QPen(_color(pen.color), pen.width)
        q.setCapStyle(
            Qt.PenCapStyle.RoundCap if pen.dash in ("", "dot") else Qt.PenCapStyle.FlatCap
        )
        q.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        if pen.dash:
            q.setDashPattern([float(v) / pen.width for v in DASHES[pen.dash].split()])
        _pens[pen] = q
    return q


def _brush(fill: str | None) -> QBrush:
    return QBrush(Qt.BrushStyle.NoBrush) if fill is None else QBrush(_color(fill))


def _font(size: float, bold: bool, italic: bool) -> tuple[QFont, QFontMetricsF]:
    key = (size, bold, italic)
    found = _fonts.get(key)
    if found is None:
        f = QFont(FONT_FAMILY)
        f.setPixelSize(max(1, round(size)))
        f.setBold(bold)
        f.setItalic(italic)
        found = _fonts[key] = (f, QFontMetricsF(f))
    return found


def paint_shapes(painter: QPainter, shapes: list[Shape]) -> None:
    for sh in shapes:
        if isinstance(sh, Poly):
            painter.setPen(_qpen(sh.pen))
            poly = QPolygonF([QPointF(x, y) for x, y in sh.points])
            if sh.closed:
                painter.setBrush(_brush(sh.fill))
                painter.drawPolygon(poly)
            else:
                painter.drawPolyline(poly)
        elif isinstance(sh, Rect):
            painter.setPen(_qpen(sh.pen))
            painter.setBrush(_brush(sh.fill))
            if sh.radius:
                painter.drawRoundedRect(QRectF(sh.x, sh.y, sh.w, sh.h), sh.radius, sh.radius)
            else:
                painter.drawRect(QRectF(sh.x, sh.y, sh.w, sh.h))
        elif isinstance(sh, Ellipse):
            painter.setPen(_qpen(sh.pen))
            painter.setBrush(_brush(sh.fill))
            painter.drawEllipse(QPointF(sh.cx, sh.cy), sh.rx, sh.ry)
        elif isinstance(sh, Text):
            font, metrics = _font(sh.size, sh.bold, sh.italic)
            painter.setFont(font)
            painter.setPen(_color(sh.color))
            x = sh.x - metrics.horizontalAdvance(sh.text) / 2 if sh.anchor == "middle" else sh.x
            painter.drawText(QPointF(x, sh.y), sh.text)
        elif isinstance(sh, Boundary):
            painter.setPen(_qpen(sh.pen))
            painter.setBrush(_brush(sh.fill))
            painter.drawPath(_boundary_path(sh))


def _boundary_path(boundary: Boundary) -> QPainterPath:
    path = QPainterPath()  # odd-even fill by default: inner rings are holes
    for op, v in boundary.path:
        if op == "M":
            path.moveTo(v[0], v[1])
        elif op == "L":
            path.lineTo(v[0], v[1])
        elif op == "Q":
            path.quadTo(v[0], v[1], v[2], v[3])
        else:
            path.closeSubpath()
    return path


def drawing_to_image(drawing: Drawing, dpi: float = SCREEN_DPI) -> QImage:
    w, h = pixel_size(drawing, dpi)  # refuses a silly dpi or a picture too big for memory
    _require_application()
    scale = dpi / SCREEN_DPI
    x0, y0, _x1, _y1 = drawing.bounds
    image = QImage(w, h, QImage.Format.Format_ARGB32_Premultiplied)
    image.setDotsPerMeterX(round(dpi / 0.0254))
    image.setDotsPerMeterY(round(dpi / 0.0254))
    image.fill(QColor("#ffffff"))
    painter = QPainter(image)
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        painter.scale(scale, scale)
        painter.translate(-x0, -y0)
        for group in sorted(drawing.groups, key=lambda g: Z_ORDER.get(g.kind, 0.0)):
            painter.save()
            painter.translate(*group.origin)
            paint_shapes(painter, group.shapes)
            painter.restore()
    finally:
        painter.end()
    return image


def image_to_png_bytes(image: QImage) -> bytes:
    """The painted picture as a small PNG (exports/png_compact.py: a 256-colour palette)."""
    from PIL import Image

    # The background is painted white, so the alpha channel goes: a smaller file, and PDFs
    # need no soft mask for it. The pixels go to Pillow as they are, not through a PNG.
    rgb = image.convertToFormat(QImage.Format.Format_RGB888)
    pixels = bytes(rgb.constBits())
    picture = Image.frombuffer("RGB", (rgb.width(), rgb.height()), pixels, "raw", "RGB",
                               rgb.bytesPerLine(), 1)
    return compact_png(picture)


def drawing_png(drawing: Drawing, dpi: float = PRINT_DPI) -> bytes:
    return image_to_png_bytes(drawing_to_image(drawing, dpi))


def render_png(data: GenogramData, options: GenogramOptions | None = None, *,
               dpi: float = PRINT_DPI) -> bytes:
    """The genogram of `data` as PNG bytes (300 dpi: print quality for Word and PDF).

    What the CLI and the window hand to Qt-free code that needs the picture (the export job,
    picture.save_picture): the signature is exports.genogram.picture.PngRenderer.
    """
    return drawing_png(build_drawing(data, options), dpi)
