"""The genogram picture for exports, handed to the Qt-free export job by the CLI and the GUI.

The job (app/operations/export.py) never imports Qt; the painter needs QtGui and an application
object, which belongs to the program (the window's QApplication, or for the command line a bare
offscreen QGuiApplication made here). This is the one place the two meet.
"""

from __future__ import annotations

import os
from typing import Any

from storage.snapshot import CaseSnapshot

_cli_app: Any = None  # the command line's application object, kept for the process's life


def ensure_application() -> None:
    global _cli_app
    from PySide6.QtGui import QGuiApplication

    if QGuiApplication.instance() is None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # no display needed
        _cli_app = QGuiApplication([])


def snapshot_png(snapshot: CaseSnapshot) -> bytes:
    ensure_application()
    from exports.genogram_picture import snapshot_png as paint

    return paint(snapshot)
