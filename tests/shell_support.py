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
