"""Start the desktop application: one QApplication, one main window, the safety nets around it."""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

from PySide6.QtCore import QThreadPool
from PySide6.QtWidgets import QApplication, QMessageBox

from app.crash import CrashHandler, CrashReport, message_for, setup_logging
from app.main_window import ICON_PATH, MainWindow
from app.settings import Settings

log = logging.getLogger(__name__)

EXIT_WAIT_MS = 5_000


def _no_display() -> bool:
    if sys.platform != "linux" or os.environ.get("QT_QPA_PLATFORM"):
        return False
    return not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def gui_argv(argv: list[str]) -> list[str]:
    """Arguments of the windowed executable: a bare path (a double-clicked .vcase) means open."""
    from app.cli import build_parser

    commands = build_parser()._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    if not argv or (argv[0] not in commands and not argv[0].startswith("-")):
        return ["open", *argv]
    return list(argv)


def make_application() -> QApplication:
    from PySide6.QtGui import QIcon

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("Visible")
    app.setOrganizationName("Visible")
    app.setApplicationDisplayName("Visible")
    if ICON_PATH.exists():
        app.setWindowIcon(QIcon(str(ICON_PATH)))
    from app import widget_policy

    widget_policy.install(app)  # before any window: every widget is polished under it
    return app


def show_crash_dialog(report: CrashReport, log_file: Path) -> None:
    title, text = message_for(report, log_file)
    parent = QApplication.activeWindow()
    if report.user_message is not None:
        QMessageBox.warning(parent, title, text)
    else:
        QMessageBox.critical(parent, title, text)


def build_window(settings: Settings | None = None) -> MainWindow:
    """The main window with its services; the QApplication must exist."""
    window = MainWindow(settings or Settings())
    window.session_lock.watch_window(int(window.winId()))  # Windows session notifications
    app = QApplication.instance()
    assert app is not None
    # Belt and braces: the window wipes the clipboard when it closes; so does quitting.
    app.aboutToQuit.connect(window.clipboard.wipe)
    return window


def run_gui(case_path: Path | None, read_only: bool = False, demo: bool = False) -> int:
    if _no_display():
        # Without this, Qt aborts the interpreter with a plug-in error a user cannot act on.
        print("visible: no screen is available (DISPLAY is not set). Run Visible from a desktop "
              "session, or use the command-line tools (visible --help).", file=sys.stderr)
        return 1
    setup_logging()
    app = make_application()
    handler = CrashHandler(show_crash_dialog)
    handler.install()
    log.info("Visible started")
    window = build_window()
    log.info("screen-lock sources: %s", ", ".join(window.session_lock.sources) or "none")
    window.show()
    if case_path is not None:
        window.unlock_path(Path(case_path), read_only)
    elif demo:
        window.open_demo()
    try:
        return app.exec()
    finally:
        # Work still running on a pool thread (warming the case's code just after start, a
        # read whose window has closed) is let finish, within bounds: the interpreter ending
        # under a thread that is running Python crashes the process on its way out.
        QThreadPool.globalInstance().waitForDone(EXIT_WAIT_MS)
        handler.uninstall()
        log.info("Visible stopped")
