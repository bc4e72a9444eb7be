"""Fixtures for the shell tests; load with `pytest_plugins = ["tests.shell_support"]`."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from tests.shell_panel import make_panel_module


@pytest.fixture
def settings(tmp_path: Path):
    from app.settings import Settings

    return Settings(tmp_path / "settings" / "settings.ini")


@pytest.fixture
def window(qtbot, settings):
    from app.main_window import MainWindow

    win = MainWindow(settings, panels=lambda: [make_panel_module()])
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    # Shortcuts (Ctrl+L, Ctrl+Z...) need the window to be the active one, which offscreen it is
    # at once and on a real X server only once activated.
    win.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is win, timeout=3_000)
    yield win
    win.close()


def open_window(qtbot, tmp_path: Path, case):  # noqa: ANN001, ANN201
    """The real main window with every page, shown, active, holding `case` reopened from its
    file (the fixture's connection is closed first: one case, one connection)."""
    from app.main_window import MainWindow
    from app.settings import Settings
    from storage.casefile import CaseFile
    from tests.conftest import PASSPHRASE

    path = case.path
    case.close()
    win = MainWindow(Settings(tmp_path / "settings.ini"))
    qtbot.addWidget(win)
    win.show()
    win.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is win, timeout=3_000)
    win.show_case(CaseFile.open(path, PASSPHRASE))
    return win


@pytest.fixture
def genogram_editor(qtbot, demo_case):  # noqa: ANN001, ANN201
    """The genogram editor on the demo case at laptop width, shown."""
    import datetime as dt

    from app.genogram.editor import GenogramEditor
    from app.session import CaseSession

    widget = GenogramEditor(CaseSession(demo_case), today=dt.date(2026, 11, 1))
    qtbot.addWidget(widget)
    widget.resize(1366, 700)
    widget.show()
    qtbot.waitExposed(widget)
    return widget
