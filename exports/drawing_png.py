"""A document Drawing (exports/document.py) rendered to PNG with Pillow, for Word.

The PDF writer draws a figure's vector shapes itself; Word shows a picture, so a chart meant for
both carries a PNG made from the same Drawing here (same shapes, same labels, one source of
truth). Pillow is already installed as reportlab's imaging dependency; it needs no Qt, which the
exports package may not use.
"""

from __future__ import annotations

from exports.document import Drawing, Ellipse, Label, Line, Rect
from exports.fonts import BOLD, REGULAR
from exports.png_compact import compact_png

PT_PER_MM = 72 / 25.4


def _rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[0:2], 16), int(colour[2:4], 16), int(colour[4:6], 16)


def drawing_png(drawing: Drawing, dpi: int = 200) -> bytes:
    from PIL import Image, ImageDraw, ImageFont

    px = dpi / 25.4  # pixels per millimetre
    width, height = round(drawing.width_mm * px), round(drawing.height_mm * px)
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    fonts: dict[tuple[bool, int], ImageFont.FreeTypeFont] = {}

    def font(bold: bool, size_pt: float) -> ImageFont.FreeTypeFont:
        size = max(1, round(size_pt * dpi / 72))
        key = (bold, size)
        if key not in fonts:
            fonts[key] = ImageFont.truetype(str(BOLD if bold else REGULAR), size)
        return fonts[key]

    def line_px(width_pt: float) -> int:
        return max(1, round(width_pt * dpi / 72))

    for shape in drawing.shapes:
        if isinstance(shape, Rect):
            box = [shape.x * px, shape.y * px, (shape.x + shape.width) * px,
                   (shape.y + shape.height) * px]
            draw.rectangle(box, fill=_rgb(shape.fill) if shape.fill else None,
                           outline=_rgb(shape.stroke) if shape.stroke else None,
                           width=line_px(shape.width_pt) if shape.stroke else 0)
        elif isinstance(shape, Ellipse):
            box = [(shape.cx - shape.rx) * px, (shape.cy - shape.ry) * px,
                   (shape.cx + shape.rx) * px, (shape.cy + shape.ry) * px]
            fill = getattr(shape, "fill", None)
            stroke = getattr(shape, "stroke", "000000")
            draw.ellipse(box, fill=_rgb(fill) if fill else None,
                         outline=_rgb(stroke) if stroke else None)
        elif isinstance(shape, Line):
            start, end = (shape.x1 * px, shape.y1 * px), (shape.x2 * px, shape.y2 * px)
            if shape.dashed:
                _dashed(draw, start, end, _rgb(shape.colour), line_px(shape.width_pt), px)
            else:
                draw.line([start, end], fill=_rgb(shape.colour), width=line_px(shape.width_pt))
        elif isinstance(shape, Label):
            f = font(shape.bold, shape.size_pt)
            anchor = {"start": "ls", "middle": "ms", "end": "rs"}.get(shape.anchor, "ls")
            draw.text((shape.x * px, shape.y * px), shape.text, fill=_rgb(shape.colour),
                      font=f, anchor=anchor)
    return compact_png(image, dpi)


def _dashed(draw: object, start: tuple[float, float], end: tuple[float, float],
            colour: tuple[int, int, int], width: int, px: float) -> None:
    (x1, y1), (x2, y2) = start, end
    length = ((x2 - x1) ** 2 + (y2 - y1) ** 2) ** 0.5
    if length == 0:
        return
    dash = 1.5 * px
    n = int(length // dash)
    for i in range(0, n, 2):
        a, b = i * dash / length, min((i + 1) * dash / length, 1.0)
        draw.line([(x1 + (x2 - x1) * a, y1 + (y2 - y1) * a),  # type: ignore[attr-defined]
                   (x1 + (x2 - x1) * b, y1 + (y2 - y1) * b)], fill=colour, width=width)
