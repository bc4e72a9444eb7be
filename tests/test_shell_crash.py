"""Crash safety: uncaught exceptions are logged without case data and the case stays intact."""

from __future__ import annotations

import sys

import pytest
from PySide6.QtCore import QTimer

from app.crash import CrashHandler, log_path, message_for, setup_logging
from app.operations import people
from storage.casefile import CaseFile
from storage.errors import CaseChangedOnDisk
from storage.people import Person
from tests.conftest import PASSPHRASE

SECRET = "Katarzyna Nowak lives at 14 Acacia Road"

pytest_plugins = ["tests.shell_support"]  # the shell's fixtures: settings, window


def _boom() -> None:
    raise ValueError(SECRET)


@pytest.mark.qt_no_exception_capture
def test_exception_in_a_slot_shows_dialog_and_logs_no_case_data(qtbot):
    setup_logging()
    shown = []
    handler = CrashHandler(lambda report, log: shown.append((report, log)))
    handler.install()
    try:
        QTimer.singleShot(0, _boom)
        qtbot.waitUntil(lambda: bool(shown), timeout=3_000)
    finally:
        handler.uninstall()
    report, log = shown[0]
    assert report.kind == "ValueError"
    assert report.where.startswith("test_shell_crash.py:") and report.where.endswith("in _boom")
    assert log == log_path()
    for h in __import__("logging").getLogger().handlers:
        h.flush()
    logged = log.read_text("utf-8")
    assert "uncaught ValueError at test_shell_crash.py" in logged
    assert "Acacia" not in logged and "Nowak" not in logged
    title, text = message_for(report, log)
    assert "internal error" in title
    assert str(log) in text and "Your case is safe" in text and "Acacia" not in text
    assert sys.excepthook is not handler


def test_user_facing_error_is_shown_as_its_message(qtbot):
    shown = []
    handler = CrashHandler(lambda report, log: shown.append(report))
    try:
        raise CaseChangedOnDisk("x.vcase has been changed on disk by another program.")
    except CaseChangedOnDisk:
        handler(*sys.exc_info())
    title, text = message_for(shown[0], log_path())
    assert title == "Visible"
    assert text == "x.vcase has been changed on disk by another program."


def test_failed_action_is_rolled_back_and_case_reopens_intact(qtbot, window, tmp_path):
    from storage.case import CaseDetails

    path = tmp_path / "c.vcase"
    CaseFile.create(path, PASSPHRASE, CaseDetails(reference="CRASH-1")).close()
    window.show_case(CaseFile.open(path, PASSPHRASE))
    session = window.session
    session.run(people.add_person, given_names="Kasia")

    def half_done(case):  # an operation with a bug after its first write
        with case.transaction("Add someone") as tx:
            tx.add(Person(given_names="Half"))
            raise KeyError("a bug in the middle of an action")

    with pytest.raises(KeyError):
        session.run(half_done)
    assert len(session.history) == 1
    window.close()  # as after a crash dialog's "quit"
    with CaseFile.open(path, PASSPHRASE) as case:
        assert case.verify() == []
        assert [p.given_names for p in case.all(Person)] == ["Kasia"]


def test_the_same_bug_repeating_shows_one_dialog_but_logs_each_time(qtbot):
    shown = []
    handler = CrashHandler(lambda report, log: shown.append(report))
    for _ in range(3):
        try:
            _boom()
        except ValueError:
            handler(*sys.exc_info())
    assert len(shown) == 1 and len(handler.reports) == 3


def test_killed_mid_action_the_case_reopens_intact(tmp_path):
    """The process dies (kill -9) in the middle of a user action in the window."""
    import os
    import subprocess
    from pathlib import Path

    from storage.case import CaseDetails

    path = tmp_path / "c.vcase"
    CaseFile.create(path, PASSPHRASE, CaseDetails(reference="KILL-1")).close()
    script = tmp_path / "die.py"
    script.write_text(
        "import os, signal, sys\n"
        "from pathlib import Path\n"
        "from PySide6.QtWidgets import QApplication\n"
        "app = QApplication([])\n"
        "from app.main_window import MainWindow\n"
        "from app.settings import Settings\n"
        "from storage.casefile import CaseFile\n"
        "from storage.people import Person\n"
        "w = MainWindow(Settings(Path(sys.argv[2])), panels=lambda: [])\n"
        "w.show()\n"
        "w.show_case(CaseFile.open(Path(sys.argv[1]), sys.argv[3]))\n"
        "from app.operations import people\n"
        "w.session.run(people.add_person, given_names='Kept')\n"
        "def die(case):\n"
        "    with case.transaction('Add and die') as tx:\n"
        "        tx.add(Person(given_names='Lost'))\n"
        "        os.kill(os.getpid(), signal.SIGKILL)\n"
        "w.session.run(die)\n")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen",
           "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    done = subprocess.run([sys.executable, str(script), str(path), str(tmp_path / "s.ini"),
                           PASSPHRASE], env=env, capture_output=True, timeout=60)
    assert done.returncode == -9, done.stderr
    with CaseFile.open(path, PASSPHRASE) as case:  # for writing: the lock died with it
        assert case.verify() == []
        assert [p.given_names for p in case.all(Person)] == ["Kept"]
