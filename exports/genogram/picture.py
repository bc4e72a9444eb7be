"""Genogram pictures as files and bytes, without Qt: SVG here, PNG through a painter passed in.

Exports and operations never import Qt, so whoever has a Qt application (the window, or the
command line, which makes a bare one) passes the PNG painter in:
`exports.genogram.painter.render_png` has the `PngRenderer` shape below. SVG needs no painter.

    build_drawing(data, options=None, layout=None) -> Drawing
    picture_bytes(data, "svg" | "png", *, options, dpi, render_png, title) -> bytes
    save_picture(data, path, *, options, dpi, render_png, title) -> Path   (atomic write)
    check_dpi(dpi), picture_format(name), pixel_size(drawing, dpi): the checks, before any work
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Protocol

from exports.genogram.data import GenogramData
from exports.genogram.drawing import draw_genogram
from exports.genogram.layout import GenogramLayout, layout_genogram
from exports.genogram.shapes import Drawing, GenogramOptions
from exports.genogram.svg import drawing_to_svg
from exports.output import write_bytes
from storage.errors import CaseError

SCREEN_DPI = 96.0  # one scene unit is one pixel at 96 dpi (100% zoom)
MIN_DPI, MAX_DPI = 72.0, 1200.0
PRINT_DPI = 300.0
MAX_PIXELS = 200_000_000  # a bigger PNG would exhaust memory; say so instead of crashing
FORMATS = ("svg", "png")


class PngRenderer(Protocol):
    """Paints the genogram of `data` as PNG bytes (exports.genogram.painter.render_png)."""

    def __call__(self, data: GenogramData, options: GenogramOptions | None = None, *,
                 dpi: float = PRINT_DPI) -> bytes: ...


def build_drawing(data: GenogramData, options: GenogramOptions | None = None,
                  layout: GenogramLayout | None = None) -> Drawing:
    return draw_genogram(data, layout or layout_genogram(data), options)


def check_dpi(dpi: float) -> None:
    if not MIN_DPI <= dpi <= MAX_DPI:
        raise CaseError(
            f"A resolution of {dpi:g} dpi is not sensible; use {MIN_DPI:g} to "
            f"{MAX_DPI:g} (300 is print quality)."
        )


def picture_format(name: str | os.PathLike[str]) -> str:
    """"svg" or "png" from a file name (or the bare format word); a CaseError otherwise."""
    text = str(name)
    fmt = text.lower() if text.lower() in FORMATS else Path(text).suffix.lower()[1:]
    if fmt not in FORMATS:
        raise CaseError(f"Cannot write a genogram to '{text}': the name must end in .svg or .png.")
    return fmt


def picture_size_inches(drawing: Drawing) -> tuple[float, float]:
    x0, y0, x1, y1 = drawing.bounds
    return (x1 - x0) / SCREEN_DPI, (y1 - y0) / SCREEN_DPI


def pixel_size(drawing: Drawing, dpi: float) -> tuple[int, int]:
    """The PNG's pixel size at `dpi`; a CaseError when that is not sensible or too big."""
    check_dpi(dpi)
    scale = dpi / SCREEN_DPI
    x0, y0, x1, y1 = drawing.bounds
    w, h = max(1, round((x1 - x0) * scale)), max(1, round((y1 - y0) * scale))
    if w * h > MAX_PIXELS:
        raise CaseError(
            f"The genogram would be {w} x {h} pixels at {dpi:g} dpi, too big to render; "
            "use a lower --dpi or SVG."
        )
    return w, h


def picture_bytes(data: GenogramData, fmt: str, *, options: GenogramOptions | None = None,
                  dpi: float = PRINT_DPI, render_png: PngRenderer | None = None,
                  title: str = "Genogram") -> bytes:
    fmt = picture_format(fmt)
    if fmt == "svg":
        return drawing_to_svg(build_drawing(data, options), title).encode("utf-8")
    if render_png is None:  # a programming error: the caller forgot to pass the painter
        raise TypeError("a PNG genogram needs render_png (exports.genogram.painter.render_png)")
    check_dpi(dpi)
    return render_png(data, options, dpi=dpi)


def save_picture(data: GenogramData, path: str | os.PathLike[str], *,
                 options: GenogramOptions | None = None, dpi: float = PRINT_DPI,
                 render_png: PngRenderer | None = None, title: str = "Genogram") -> Path:
    """Write the picture to `path` (.svg or .png): a temporary name, then renamed."""
    target = Path(path)
    payload = picture_bytes(data, picture_format(target), options=options, dpi=dpi,
                            render_png=render_png, title=title)
    return write_bytes(payload, target)
