"""Genogram pictures with Qt: scene items for the editor, PNG/SVG files and bytes for reports.

This is the one core module allowed to import PySide6 (see the import-linter contract in
pyproject.toml). Geometry comes from the Qt-free `exports.genogram_drawing`; this module only
paints those shapes, so the editor, PNG, SVG, Word and PDF pictures are the same picture.

Public API (used by the Word/PDF exports and `visible genogram`):

    render_genogram(case, path_or_format, *, options=None, dpi=300, today=None) -> Path | bytes
        path_or_format: a path ending in .svg or .png -> the file is written (temporary name,
        then renamed) and its Path returned; or the string "svg" / "png" -> the bytes returned.
        dpi: PNG resolution, where 96 dpi = one scene unit per pixel (300 for print).
        options: exports.genogram_shapes.GenogramOptions (overlays, household, legend,
        anonymised names ...). Raises storage.errors.CaseError for a bad path or format.

    genogram_png_bytes(case, *, dpi=300, options=None, today=None) -> bytes
        PNG bytes for embedding (python-docx add_picture(BytesIO(...)), reportlab Image).
        The picture's physical size at that dpi is its scene size / 96 inches.

    household_png(case) -> bytes   (genogram_png_bytes at 300 dpi; what exports/family.py calls)

    picture_size_inches(drawing) -> (width, height) of the picture at its natural size.

    build_drawing(data, options=None, layout=None) -> Drawing   (no file: for the editor)
    ShapesItem(group) -> QGraphicsItem painting one Group; add_drawing_to_scene(scene, drawing)

A QGuiApplication is created (offscreen platform) if none exists, so the CLI needs no display.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontDatabase,
    QFontMetricsF,
    QGuiApplication,
    QImage,
    QPainter,
    QPen,
    QPolygonF,
)
from PySide6.QtWidgets import QGraphicsItem, QGraphicsScene, QStyleOptionGraphicsItem, QWidget

from exports.genogram_data import GenogramData, genogram_data, load_genogram_data
from exports.genogram_drawing import draw_genogram
from exports.genogram_labels import text_width
from exports.genogram_layout import GenogramLayout, layout_genogram
from exports.genogram_shapes import (
    Boundary,
    Drawing,
    Ellipse,
    GenogramOptions,
    Group,
    Pen,
    Poly,
    Rect,
    Shape,
    Text,
)
from exports.genogram_svg import DASHES, drawing_to_svg
from storage.casefile import CaseFile
from storage.errors import CaseError
from storage.snapshot import CaseSnapshot

SCREEN_DPI = 96.0
MAX_PIXELS = 200_000_000  # a bigger PNG would exhaust memory; say so instead of crashing
FONT_FAMILY = "DejaVu Sans"
_fonts_loaded = False


def _ensure_gui() -> None:
    """Painting text needs a QGuiApplication; the CLI and exports have none, so make one."""
    global _fonts_loaded
    if QGuiApplication.instance() is None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        QGuiApplication([])  # kept alive by Qt as the application instance
    if not _fonts_loaded:
        fonts = Path(__file__).resolve().parent.parent / "resources" / "fonts"
        for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"):
            if (fonts / name).exists():
                QFontDatabase.addApplicationFont(str(fonts / name))
        _fonts_loaded = True


# Painting ----------------------------------------------------------------------------------
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
            wide = _qpen(Pen(sh.pen.color, sh.pen.width * 2, sh.pen.dash))
            painter.setPen(wide)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            rects = [QRectF(*r) for r in sh.rects]
            for r in rects:
                painter.drawRoundedRect(r, sh.radius, sh.radius)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(_brush(sh.fill))
            for r in rects:
                painter.drawRoundedRect(r, sh.radius, sh.radius)


def shapes_bounds(shapes: list[Shape]) -> QRectF:
    xs: list[float] = []
    ys: list[float] = []
    for sh in shapes:
        if isinstance(sh, Rect):
            xs += [sh.x, sh.x + sh.w]
            ys += [sh.y, sh.y + sh.h]
        elif isinstance(sh, Ellipse):
            xs += [sh.cx - sh.rx, sh.cx + sh.rx]
            ys += [sh.cy - sh.ry, sh.cy + sh.ry]
        elif isinstance(sh, Poly):
            xs += [p[0] for p in sh.points]
            ys += [p[1] for p in sh.points]
        elif isinstance(sh, Text):
            w = text_width(sh.text, sh.size)
            left = sh.x - w / 2 if sh.anchor == "middle" else sh.x
            xs += [left, left + w]
            ys += [sh.y - sh.size, sh.y + sh.size * 0.3]
        elif isinstance(sh, Boundary):
            for x, y, w, h in sh.rects:
                xs += [x, x + w]
                ys += [y, y + h]
    if not xs:
        return QRectF()
    pad = 4.0
    return QRectF(
        min(xs) - pad, min(ys) - pad, max(xs) - min(xs) + 2 * pad, max(ys) - min(ys) + 2 * pad
    )


class ShapesItem(QGraphicsItem):
    """One group of the drawing (a person, the lines, the legend...) as one scene item.

    One item per person keeps setPos/setPen calls to a few hundred for a large family
    (the PySide6 6.12 / CPython 3.11 refcount bug makes each such call a liability).
    """

    def __init__(self, group: Group, parent: QGraphicsItem | None = None) -> None:
        super().__init__(parent)
        # Not `self.group`: that would hide QGraphicsItem.group(), the item's QGraphicsItemGroup.
        self.shape_group = group
        self._bounds = shapes_bounds(group.shapes)
        self.setPos(*group.origin)
        if group.title:
            self.setToolTip(group.title)

    def set_group(self, group: Group) -> None:
        """Replace the shapes (e.g. the lines while a symbol is dragged)."""
        self.prepareGeometryChange()
        self.shape_group = group
        self._bounds = shapes_bounds(group.shapes)
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


Z_ORDER = {
    "household": -30.0,
    "lines": -20.0,
    "overlay": -10.0,
    "legend": -5.0,
    "person": 0.0,
    "placeholder": 0.0,
}


def add_drawing_to_scene(scene: QGraphicsScene, drawing: Drawing) -> list[ShapesItem]:
    items = []
    for group in drawing.groups:
        item = ShapesItem(group)
        item.setZValue(Z_ORDER.get(group.kind, 0.0))
        scene.addItem(item)
        items.append(item)
    x0, y0, x1, y1 = drawing.bounds
    scene.setSceneRect(QRectF(x0, y0, x1 - x0, y1 - y0))
    return items


# Whole pictures ----------------------------------------------------------------------------
def build_drawing(
    data: GenogramData, options: GenogramOptions | None = None, layout: GenogramLayout | None = None
) -> Drawing:
    return draw_genogram(data, layout or layout_genogram(data), options)


def picture_size_inches(drawing: Drawing) -> tuple[float, float]:
    x0, y0, x1, y1 = drawing.bounds
    return (x1 - x0) / SCREEN_DPI, (y1 - y0) / SCREEN_DPI


MIN_DPI, MAX_DPI = 72.0, 1200.0


def check_dpi(dpi: float) -> None:
    if not MIN_DPI <= dpi <= MAX_DPI:
        raise CaseError(
            f"A resolution of {dpi:g} dpi is not sensible; use {MIN_DPI:g} to "
            f"{MAX_DPI:g} (300 is print quality)."
        )


def drawing_to_image(drawing: Drawing, dpi: float = SCREEN_DPI) -> QImage:
    _ensure_gui()
    check_dpi(dpi)
    scale = dpi / SCREEN_DPI
    x0, y0, x1, y1 = drawing.bounds
    w, h = max(1, round((x1 - x0) * scale)), max(1, round((y1 - y0) * scale))
    if w * h > MAX_PIXELS:
        raise CaseError(
            f"The genogram would be {w} x {h} pixels at {dpi:g} dpi, too big to render; "
            "use a lower --dpi or SVG."
        )
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
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    # The background is painted white, so drop the alpha channel: a smaller file, and PDFs
    # need no soft mask for it.
    # PySide6 6.11's stubs say the format is bytes, but at run time it accepts only str.
    image.convertToFormat(QImage.Format.Format_RGB32).save(buffer, "PNG")  # type: ignore[call-overload]
    buffer.close()
    return bytes(data.data())


def genogram_png_bytes(
    case: CaseFile,
    *,
    dpi: float = 300,
    options: GenogramOptions | None = None,
    today: dt.date | None = None,
) -> bytes:
    drawing = build_drawing(load_genogram_data(case, today), options)
    return image_to_png_bytes(drawing_to_image(drawing, dpi))


def snapshot_png(snapshot: CaseSnapshot, dpi: float = 300) -> bytes:
    """The household genogram of a snapshot as PNG bytes: what the export job is handed (it
    runs without Qt itself, so the CLI and the window pass this function in)."""
    return image_to_png_bytes(drawing_to_image(build_drawing(genogram_data(snapshot)), dpi))


def household_png(case: CaseFile) -> bytes:
    """The genogram for a report figure: PNG bytes at 300 dpi with every layer and the key.

    The name exports/family.py looks up (it imports this module lazily, so the rest of
    exports/ stays Qt-free). Same picture as `visible genogram --out FILE.png`.
    """
    return genogram_png_bytes(case, dpi=300)


def render_genogram(
    case: CaseFile,
    path_or_format: str | os.PathLike[str],
    *,
    options: GenogramOptions | None = None,
    dpi: float = 300,
    today: dt.date | None = None,
) -> Path | bytes:
    as_text = str(path_or_format)
    fmt = as_text.lower() if as_text.lower() in ("svg", "png") else Path(as_text).suffix.lower()[1:]
    if fmt not in ("svg", "png"):
        raise CaseError(
            f"Cannot write a genogram to '{as_text}': the name must end in .svg or .png."
        )
    drawing = build_drawing(load_genogram_data(case, today), options)
    if fmt == "svg":
        payload = drawing_to_svg(drawing, f"Genogram — {case.details().reference}").encode("utf-8")
    else:
        payload = image_to_png_bytes(drawing_to_image(drawing, dpi))
    if as_text.lower() in ("svg", "png"):
        return payload
    return _write_atomically(Path(as_text), payload)


def _write_atomically(path: Path, payload: bytes) -> Path:
    if not path.parent.is_dir():
        raise CaseError(f"The folder {path.parent} does not exist; choose an existing folder.")
    if path.is_dir():
        raise CaseError(f"{path} is a folder; give a file name for the picture.")
    if not os.access(path.parent, os.W_OK):
        raise CaseError(f"Cannot write to the folder {path.parent} (read-only); choose another.")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(payload)
        os.replace(tmp, path)
    except OSError as exc:  # a full disk or a vanished drive: name the picture, not the temp file
        Path(tmp).unlink(missing_ok=True)
        raise CaseError(f"Could not write {path.name}: {exc.strerror or exc}. Check the disk "
                        "and folder, then try again.") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path
