"""Preferences: typed, clamped, per user, and never holding case data."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QDialog

from app.settings import DEFAULT_IDLE_MINUTES, Settings, settings_path
from app.settings_dialog import SettingsDialog
from app.start_screen import StartScreen

pytest_plugins = ["tests.shell_support"]  # the shell's fixtures: settings, window


def test_defaults_and_clamping(settings):
    assert settings.idle_timeout_minutes == DEFAULT_IDLE_MINUTES == 5
    assert settings.marking_text == "OFFICIAL-SENSITIVE"
    assert settings.recent_enabled
    settings.idle_timeout_minutes = 0
    assert settings.idle_timeout_minutes == 1  # configurable down to one minute, not below
    settings.qsettings.setValue("lock/idle_minutes", "garbage")
    assert settings.idle_timeout_minutes == 5
    settings.marking_text = "   "
    assert settings.marking_text == "OFFICIAL-SENSITIVE"


def test_default_location_follows_config_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("VISIBLE_CONFIG_DIR", str(tmp_path / "cfg"))
    s = Settings()
    s.author_name = "A. Worker"
    s.sync()
    assert settings_path() == tmp_path / "cfg" / "settings.ini"
    assert "A. Worker" in (tmp_path / "cfg" / "settings.ini").read_text()


def test_recent_list_off_forgets_and_clear_empties(qtbot, settings, tmp_path):
    a, b = tmp_path / "a.vcase", tmp_path / "b.vcase"
    a.write_bytes(b"x" * 16)
    settings.add_recent(a)
    settings.add_recent(b)
    settings.add_recent(a)
    assert settings.recent_files() == [a.resolve(), b.resolve()]
    screen = StartScreen(settings)
    qtbot.addWidget(screen)
    # A case no longer there is dropped from the list; the folder shows on hover.
    assert [screen.recent.item(i).text() for i in range(screen.recent.count())] == ["a.vcase"]
    assert str(a.resolve().parent) in screen.recent.item(0).toolTip()
    assert settings.recent_files() == [a.resolve()]
    screen.clear_button.click()
    assert settings.recent_files() == [] and screen.recent.count() == 0
    settings.add_recent(a)
    screen.remember.setChecked(False)
    assert settings.qsettings.value("recent/files") is None  # forgotten, not just hidden
    settings.add_recent(b)
    assert settings.recent_files() == []
    screen.remember.setChecked(True)
    settings.add_recent(b)
    assert settings.recent_files() == [b.resolve()]


def test_dialog_round_trip(qtbot, settings):
    dialog = SettingsDialog(settings)
    qtbot.addWidget(dialog)
    dialog.idle.setValue(12)
    dialog.marking.setText("OFFICIAL")
    dialog.export_folder.setText("/tmp/exports")
    dialog.author.setText("Sam Social-Worker")
    dialog.recent.setChecked(False)
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    again = Settings(Path(settings.path))
    assert (again.idle_timeout_minutes, again.marking_text, again.export_folder,
            again.author_name, again.recent_enabled) == (12, "OFFICIAL", "/tmp/exports",
                                                         "Sam Social-Worker", False)
    assert dialog.idle.minimum() == 1
