"""Start the desktop application."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication, QFileDialog


def _no_display() -> bool:
    if sys.platform != "linux" or os.environ.get("QT_QPA_PLATFORM"):
        return False
    return not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def run_gui(case_path: Path | None, read_only: bool = False) -> int:
    if _no_display():
        # Without this, Qt aborts the interpreter with a plug-in error a user cannot act on.
        print("visible: no screen is available (DISPLAY is not set). Run Visible from a desktop "
              "session, or use the command-line tools (visible --help).", file=sys.stderr)
        return 1
    from app.main_window import MainWindow
    from app.unlock_dialog import UnlockDialog

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Visible")
    app.setOrganizationName("Visible")
    if case_path is None:
        chosen, _ = QFileDialog.getOpenFileName(None, "Open a case", "", "Visible cases (*.vcase)")
        if not chosen:
            return 0
        case_path = Path(chosen)
    dialog = UnlockDialog(case_path, read_only)
    if dialog.exec() != UnlockDialog.DialogCode.Accepted or dialog.case is None:
        return 0
    window = MainWindow(dialog.case)
    window.show()
    return app.exec()
