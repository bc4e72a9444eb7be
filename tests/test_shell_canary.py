"""After a scripted session, no case text and no passphrase is anywhere outside the encrypted file.

The session goes through the real window: create a case in the New case dialog, record a
person and a chronology entry, copy text, open the audit trail and filter it, hit an internal
error whose message holds case text, lock, unlock, close. Then every file in the test's folder
(case file, journal, lock file, settings, logs, audit heads, temp folder) is searched for the
canaries in UTF-8 and UTF-16.
"""

from __future__ import annotations

import datetime as dt
import logging
import sys
import tempfile
from pathlib import Path

import pytest
from PySide6.QtGui import QGuiApplication

from app.crash import CrashHandler, setup_logging
from app.main_window import MainWindow
from app.operations import chronology as chronology_ops
from app.operations import people
from app.settings import Settings
from storage.areas import Area
from storage.chronology import ChronologyEntry
from storage.chronology_store import agency_by_name
from storage.dates import PartialDate
from storage.people import Sex
from tests.shell_panel import make_panel_module

NAME = "Qzwrtcanarygiven"
EVENT = "Xkcdcanaryevent bruise seen on left cheek"
SECRET = "canary passphrase zq9-long enough"


def _encodings(text: str) -> list[bytes]:
    return [text.encode("utf-8"), text.encode("utf-16-le"), text.encode("utf-16-be")]


@pytest.mark.qt_no_exception_capture
def test_no_plaintext_left_behind(qtbot, tmp_path, monkeypatch):
    temp = tmp_path / "tmp"
    temp.mkdir()
    monkeypatch.setenv("TMPDIR", str(temp))
    monkeypatch.setattr(tempfile, "tempdir", None)
    config = Path(__import__("os").environ["VISIBLE_CONFIG_DIR"])
    monkeypatch.setenv("VISIBLE_CONFIG_DIR", str(tmp_path / "config"))
    setup_logging()
    cases = tmp_path / "cases"
    cases.mkdir()
    settings = Settings()
    window = MainWindow(settings, panels=lambda: [make_panel_module()])
    qtbot.addWidget(window)
    window.show()

    dialog = window.new_case()
    dialog.reference.setText("LA-0001")
    dialog.location.setText(str(cases / "family-a.vcase"))
    dialog.passphrase.setText(SECRET)
    dialog.repeat.setText(SECRET)
    dialog.try_create()
    qtbot.waitUntil(lambda: window.session is not None, timeout=10_000)
    path = cases / "family-a.vcase"

    made = window.session.run(people.add_person, Sex.MALE, NAME, "Canaryfamily")
    pid = made.created(Area.PEOPLE)[0]
    agency = agency_by_name(window.session.case, "Police")
    window.session.run(chronology_ops.add_entry, ChronologyEntry(
        PartialDate.from_date(dt.date(2026, 2, 3)), agency.id, EVENT, "Police log p1",
        people=[pid]))
    window.clipboard.copy_text(NAME)
    audit = window.show_audit()
    audit.filter.setText(NAME)
    audit.reload()
    qtbot.waitUntil(lambda: audit.model.rowCount() >= 1, timeout=10_000)

    handler = CrashHandler(lambda report, log: None)
    try:
        raise ValueError(f"could not lay out {NAME}: {EVENT}")
    except ValueError:
        handler(*sys.exc_info())

    window.lock()
    window.lock_form.passphrase.setText(SECRET)
    window.lock_form.try_unlock()
    qtbot.waitUntil(lambda: window.session is not None, timeout=10_000)
    assert NAME in " ".join(window.panel_widgets()[0].model.rows)
    window.close()
    for h in logging.getLogger().handlers:
        h.flush()
    assert QGuiApplication.clipboard().text() == ""

    # Everything this test wrote, plus the per-user folders Qt itself may use (XDG config).
    roots = [tmp_path, config, Path(__import__("os").environ["XDG_CONFIG_HOME"])]
    files = [p for root in roots if root.exists() for p in root.rglob("*") if p.is_file()]
    names = {p.name for p in files}
    assert "family-a.vcase" in names and "settings.ini" in names and "visible.log" in names
    assert not path.with_name(path.name + "-journal").exists()  # no hot journal left
    assert path.read_bytes()[:16] != b"SQLite format 3\x00"
    for file in files:
        data = file.read_bytes()
        for canary in (NAME, EVENT, "Canaryfamily", SECRET):
            for encoded in _encodings(canary):
                assert encoded not in data, f"{canary!r} found in {file}"
    assert config.exists()  # the conftest's folder was left alone
