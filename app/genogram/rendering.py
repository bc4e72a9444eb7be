"""The genogram painter with the program's application object, for Qt-free code that needs a PNG.

The export job (app/operations/export.py) and exports.genogram.picture never import Qt; the
painter (exports.genogram.painter) needs QtGui and an application object, which belongs to the
program: the window's QApplication, or for the command line a bare offscreen QGuiApplication
made here. So the CLI and the window hand `render_png` below to the Qt-free code; it has the
exports.genogram.picture.PngRenderer shape.
"""

from __future__ import annotations

import os
from typing import Any

from exports.genogram.data import GenogramData
from exports.genogram.picture import PRINT_DPI
from exports.genogram.shapes import GenogramOptions

_cli_app: Any = None  # the command line's application object, kept for the process's life


def ensure_application() -> None:
    """Make the bare application the command line paints with, unless the program has one."""
    global _cli_app
    from PySide6.QtGui import QGuiApplication

    if QGuiApplication.instance() is None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # no display needed
        _cli_app = QGuiApplication([])


def render_png(data: GenogramData, options: GenogramOptions | None = None, *,
               dpi: float = PRINT_DPI) -> bytes:
    """exports.genogram.painter.render_png, with an application object first if none exists."""
    ensure_application()
    from exports.genogram.painter import render_png as paint

    return paint(data, options, dpi=dpi)
