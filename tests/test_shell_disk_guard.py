"""If the case file changes on disk while open, the user is told before anything is written."""

from __future__ import annotations

import os
import shutil
import threading

import pytest
import sqlcipher3
from PySide6.QtWidgets import QMessageBox

from app.operations import people
from storage.case import CaseDetails
from storage.casefile import CaseFile
from storage.errors import CaseChangedOnDisk
from storage.people import Person
from tests.conftest import PASSPHRASE

pytest_plugins = ["tests.shell_support"]  # the shell's fixtures: settings, window


def _open(window, tmp_path):
    path = tmp_path / "c.vcase"
    CaseFile.create(path, PASSPHRASE, CaseDetails(reference="DISK-1")).close()
    window.show_case(CaseFile.open(path, PASSPHRASE))
    return path


def _people(path):
    with CaseFile.open(path, PASSPHRASE, read_only=True) as case:
        return [p.given_names for p in case.all(Person)]


def test_own_commits_are_not_mistaken_for_outside_changes(qtbot, window, tmp_path):
    _open(window, tmp_path)
    session = window.session
    with qtbot.assertNotEmitted(session.changed_on_disk, wait=300):
        for name in ("A", "B", "C"):
            session.run(people.add_person, given_names=name)
        window.undo()
        window.redo()
    assert not session.check_now()
    assert window.save_label.text().startswith("All changes saved")


def test_outside_write_blocks_our_next_write_and_tells_the_user(qtbot, window, tmp_path):
    path = _open(window, tmp_path)
    session = window.session
    session.run(people.add_person, given_names="Kasia")
    # Another program writes to the file behind Visible's back (no lock file involved).
    other = sqlcipher3.connect(str(path), isolation_level=None)
    other.execute(f"PRAGMA key = '{PASSPHRASE}'")
    other.execute("UPDATE person SET notes = 'edited elsewhere'")
    other.close()

    with qtbot.waitSignal(session.changed_on_disk, timeout=5_000):
        pass  # the file watcher notices by itself
    box = next(w for w in window.findChildren(QMessageBox) if w.isVisible())
    assert "changed on disk by another program" in box.text()
    assert "Changed on disk" in window.save_label.text()

    with pytest.raises(CaseChangedOnDisk):
        session.run(people.add_person, given_names="Liam")
    assert _people(path) == ["Kasia"]  # nothing more was written
    window.undo()  # undo is a write too: refused with the same message in a dialog
    assert _people(path) == ["Kasia"]
    assert sum(1 for w in window.findChildren(QMessageBox) if w.isVisible()) >= 2


def test_file_replaced_by_older_copy_is_noticed(qtbot, window, tmp_path):
    path = _open(window, tmp_path)
    copy = tmp_path / "copy.vcase"
    shutil.copy(path, copy)
    window.session.run(people.add_person, given_names="New")
    copy.replace(path)  # e.g. a sync client restores another version
    assert window.session.check_now()
    with pytest.raises(CaseChangedOnDisk):
        window.session.run(people.add_person, given_names="Lost?")


def test_reload_from_the_warning_locks_for_a_fresh_unlock(qtbot, window, tmp_path):
    path = _open(window, tmp_path)
    other = sqlcipher3.connect(str(path), isolation_level=None)
    other.execute(f"PRAGMA key = '{PASSPHRASE}'")
    other.execute("UPDATE case_details SET local_authority = 'elsewhere'")
    other.close()
    assert window.session.check_now()
    box = next(w for w in window.findChildren(QMessageBox) if w.isVisible())
    reload_button = next(b for b in box.buttons() if "Reload" in b.text())
    reload_button.click()
    assert window.locked and window.session is None


def test_writes_that_bypass_the_session_are_guarded_too(qtbot, window, tmp_path):
    """An export records itself with case.transaction directly: still refused after a change."""
    path = _open(window, tmp_path)
    case = window.session.case
    with case.transaction("Export recorded") as tx:  # fine while nothing changed
        tx.add(Person(given_names="Direct"))
    other = sqlcipher3.connect(str(path), isolation_level=None)
    other.execute(f"PRAGMA key = '{PASSPHRASE}'")
    other.execute("UPDATE person SET notes = 'edited elsewhere'")
    other.close()
    with pytest.raises(CaseChangedOnDisk):
        with case.transaction("Export recorded") as tx:
            tx.add(Person(given_names="Sneaky"))
    assert _people(path) == ["Direct"]
    window.close_case()
    assert "transaction" not in vars(case)  # the wrapper goes with the session


def test_a_long_write_is_not_watched_and_a_change_meanwhile_is_caught_after(qtbot, window,
                                                                           tmp_path):
    """Our own long write changes the file with every page: the watcher would call Python on
    the window's thread for each while the worker holds the interpreter (app/file_guard.py)."""
    path = _open(window, tmp_path)
    session = window.session
    watched: list[list[str]] = []
    session.busy_changed.connect(lambda busy: watched.append(session._watcher.files()))

    def work(case):  # noqa: ANN001, ANN202
        changes = people.add_person(case, given_names="Kasia")
        st = os.stat(path)  # then another program touches the file, during the write
        os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))
        return changes

    done: list[object] = []
    with qtbot.waitSignal(session.changed_on_disk, timeout=5_000):
        session.run_in_background(work, report=lambda _done, _total: None,
                                  cancel=threading.Event(), on_done=done.append,
                                  on_failed=done.append)
    assert watched == [[], [str(path)]]  # not watched while busy; watched again after
    assert _people(path) == ["Kasia"] and len(done) == 1
