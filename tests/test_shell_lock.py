"""Locking: idle timeout, Ctrl+L, desktop screen lock; nothing of the case survives a lock."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import shiboken6
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.operations.demo import create_demo
from app.workspace import Workspace
from storage.casefile import CaseFile
from tests.conftest import PASSPHRASE
from tests.shell_panel import visible_text

CASE_WORDS = ("Freya", "Nowak", "Liam", "Carter", "Daniel", "Price", "DEMO-2026-0147")

pytest_plugins = ["tests.shell_support"]  # the shell's fixtures: settings, window


def _demo(tmp_path: Path) -> Path:
    path = tmp_path / "demo.vcase"
    create_demo(str(path), PASSPHRASE).close()
    return path


def _unlock(qtbot, window, secret: str = PASSPHRASE) -> None:
    form = window.lock_form
    assert form is not None
    form.passphrase.setText(secret)
    qtbot.keyClick(form.passphrase, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not form.is_busy if shiboken6.isValid(form) else True,
                    timeout=10_000)


def test_idle_lock_clears_everything_and_unlock_restores(qtbot, window, tmp_path):
    path = _demo(tmp_path)
    window.show_case(CaseFile.open(path, PASSPHRASE))
    panel = window.panel_widgets()[0]
    model = panel.model
    assert "Nowak" in visible_text()  # the case really is on screen before the lock
    audit = window.show_audit()
    assert audit is not None and audit.isVisible()
    geometry_before = window.geometry()

    window.idle.set_timeout_ms(150)  # the real default is 5 minutes
    qtbot.waitUntil(lambda: window.locked, timeout=5_000)

    assert window.session is None
    assert not shiboken6.isValid(panel) and not shiboken6.isValid(model)
    assert not shiboken6.isValid(audit)
    assert window.workspace is None and window.findChildren(Workspace) == []
    text = visible_text()
    for word in CASE_WORDS:
        assert word not in text, f"{word!r} still visible after the lock"
    assert window.windowTitle() == "Locked — Visible"
    assert window.lock_form is not None and window.lock_form.isVisible()
    assert not window.undo_action.isEnabled() and not window.audit_action.isEnabled()
    # The connection is closed: the lock file is free for someone else.
    CaseFile.open(path, PASSPHRASE).close()

    _unlock(qtbot, window, "a wrong passphrase here")
    assert window.locked and "passphrase is wrong" in window.lock_form.message.text()
    _unlock(qtbot, window)
    qtbot.waitUntil(lambda: window.session is not None, timeout=10_000)
    assert not window.locked
    new_panel = window.panel_widgets()[0]
    assert new_panel is not panel and "Nowak" in visible_text()
    assert window.geometry() == geometry_before
    assert window.windowTitle().startswith("DEMO-2026-0147")
    assert window.idle.active


def test_activity_postpones_the_idle_lock(qtbot, window, tmp_path):
    window.show_case(CaseFile.open(_demo(tmp_path), PASSPHRASE))
    window.idle.set_timeout_ms(10_000)
    timer = window.idle._timer
    qtbot.wait(300)
    assert timer.remainingTime() < 9_800
    # Input as the window system delivers it: to the window (its QWindow), which hands it to
    # the focused widget or the one under the pointer (QTest's widget overloads skip that).
    handle = window.windowHandle()
    search = window.panel_widgets()[0].search
    search.setFocus()
    qtbot.keyClick(handle, Qt.Key.Key_A)  # any input restarts it
    assert search.text() == "a"
    assert timer.remainingTime() > 9_800
    qtbot.wait(300)
    port = window.panel_widgets()[0].view.viewport()
    qtbot.mouseClick(handle, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     port.mapTo(window, port.rect().center()))
    assert timer.remainingTime() > 9_800 and not window.locked
    window.idle.set_timeout_ms(100)
    qtbot.waitUntil(lambda: window.locked, timeout=5_000)


def test_ctrl_l_locks_and_close_case_returns_to_start(qtbot, window, tmp_path):
    window.show_case(CaseFile.open(_demo(tmp_path), PASSPHRASE))
    qtbot.keyClick(window.panel_widgets()[0].search, Qt.Key.Key_L,
                   Qt.KeyboardModifier.ControlModifier)
    assert window.locked
    qtbot.mouseClick(window.lock_form.cancel_button, Qt.MouseButton.LeftButton)
    assert not window.locked and window.session is None
    assert window.stack.currentWidget() is window.start
    assert window.start.recent.count() == 1
    assert window.start.recent.item(0).text() == "demo.vcase"  # the file name only


def test_lock_closes_open_dialogs(qtbot, window, tmp_path):
    window.show_case(CaseFile.open(_demo(tmp_path), PASSPHRASE))
    about = window.show_about()
    prefs = window.show_settings()
    assert about.isVisible() and prefs.isVisible()
    window.lock()
    assert not any(w.isVisible() for w in QApplication.topLevelWidgets()
                   if w is not window)


def test_screen_lock_signal_on_dbus_locks(tmp_path):
    """A desktop screen lock announced on the session D-Bus locks the case (separate process)."""
    script = tmp_path / "dbus_lock.py"
    script.write_text(
        "import subprocess\n"
        "from PySide6.QtCore import QTimer\n"
        "from PySide6.QtWidgets import QApplication\n"
        "app = QApplication([])\n"
        "from app.lock import SessionLockWatcher\n"
        "w = SessionLockWatcher()\n"
        "got = []\n"
        "w.lock_requested.connect(lambda: got.append(1))\n"
        "send = lambda: subprocess.run(['dbus-send', '--session', '--type=signal',"
        " '/org/gnome/ScreenSaver', 'org.gnome.ScreenSaver.ActiveChanged', 'boolean:true'])\n"
        "w.lock_requested.connect(app.quit)\n"
        "QTimer.singleShot(100, send)\n"
        "QTimer.singleShot(15000, app.quit)  # only if the signal never comes\n"
        "app.exec()\n"
        "print('sources', len(w.sources), 'locks', len(got))\n")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen",
           "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    done = subprocess.run(["dbus-run-session", "--", sys.executable, str(script)], env=env,
                          capture_output=True, text=True, timeout=60)
    assert "sources 5 locks 1" in done.stdout, done.stdout + done.stderr


def test_the_page_in_front_is_remembered_across_lock_and_windows(qtbot, settings, tmp_path):
    from app.main_window import MainWindow
    from tests.shell_panel import make_panel_module

    panels = lambda: [make_panel_module("a", "A", 1), make_panel_module("b", "B", 2)]  # noqa: E731
    path = _demo(tmp_path)
    first = MainWindow(settings, panels=panels)
    qtbot.addWidget(first)
    first.show()
    first.show_case(CaseFile.open(path, PASSPHRASE))
    assert first.workspace.current_key == "a"
    first.show_page("b")
    first.lock()
    _unlock(qtbot, first)
    qtbot.waitUntil(lambda: first.session is not None, timeout=10_000)
    assert first.workspace.current_key == "b"  # rebuilt from the case, the same page in front
    first.close()

    second = MainWindow(settings, panels=panels)
    qtbot.addWidget(second)
    second.show()
    second.show_case(CaseFile.open(path, PASSPHRASE))
    assert second.workspace.current_key == "b"
    second.close()


def test_lock_with_the_real_panels(qtbot, settings, tmp_path):
    """Whatever panels are installed (app.panels), a lock leaves none of the case on screen."""
    from app.main_window import MainWindow
    from app.panels import available_panels

    modules = available_panels()
    win = MainWindow(settings)
    qtbot.addWidget(win)
    win.show()  # maximised on the 1366×768 laptop screen (tests/helpers/screens.json)
    qtbot.waitUntil(lambda: win.frameGeometry() == win.screen().availableGeometry(),
                    timeout=3_000)
    size = win.size()
    win.show_case(CaseFile.open(_demo(tmp_path), PASSPHRASE))
    qtbot.wait(100)
    assert len(win.panel_widgets()) == len(modules)
    assert win.size() == size  # the pages did not push the window wider
    assert win.screen().availableGeometry().contains(win.frameGeometry())
    if modules:
        win.show_page("carers")  # the genogram draws names, which are not widget text
        assert any(w in visible_text() for w in ("Liam", "Carter", "Daniel", "Freya"))
    win.grab().save("/tmp/shell-main-real-panels.png")
    panels = win.panel_widgets()
    win.lock()
    assert all(not shiboken6.isValid(p) for p in panels)
    text = visible_text()
    for word in CASE_WORDS:
        assert word not in text, f"{word!r} still visible after the lock"
    win.lock_form.passphrase.setText(PASSPHRASE)
    win.lock_form.try_unlock()
    qtbot.waitUntil(lambda: win.session is not None, timeout=10_000)
    assert [p.key for p in win.workspace.pages] == [
        m.__name__.rsplit('.', 1)[-1] for m in modules]
    # Closed at once: the panels' zero-delay timers are bound to their widgets and are dropped.
    win.close()


class _DialogPanel(QWidget):
    """A panel whose button runs its own modal dialog with exec(), as real panels may."""

    def __init__(self, session) -> None:
        super().__init__()
        self.session = session
        self.button = QPushButton("Edit Liam Carter…", self)
        self.button.clicked.connect(self.edit)
        self.after: list[str] = []
        QVBoxLayout(self).addWidget(self.button)

    def edit(self) -> None:
        dialog = QDialog(self)
        QVBoxLayout(dialog).addWidget(QLabel("Liam Carter, 14 Acacia Road"))
        result = dialog.exec()
        # Code after exec() runs with its widgets still alive, even though the case locked.
        self.after.append(f"{result} {self.button.text()}")


def test_idle_lock_during_a_panels_modal_dialog(qtbot, settings, tmp_path):
    from app.main_window import MainWindow
    from tests.shell_panel import make_panel_module

    win = MainWindow(settings, panels=lambda: [make_panel_module(factory=_DialogPanel)])
    qtbot.addWidget(win)
    win.show()
    win.show_case(CaseFile.open(_demo(tmp_path), PASSPHRASE))
    panel = win.panel_widgets()[0]
    win.idle.set_timeout_ms(200)
    QTimer.singleShot(0, panel.button.click)  # exec() blocks: start it from the event loop
    qtbot.waitUntil(lambda: bool(panel.after) if shiboken6.isValid(panel) else True,
                    timeout=5_000)
    assert win.locked
    assert panel.after == ["0 Edit Liam Carter…"]  # rejected, and no crash afterwards
    qtbot.waitUntil(lambda: not shiboken6.isValid(panel), timeout=3_000)
    assert "Liam" not in visible_text() and "Acacia" not in visible_text()
    win.close()


def test_windows_session_lock_message_is_recognised(qtbot):
    """The WM_WTSSESSION_CHANGE filter logic, fed a MSG struct as Windows would (any OS)."""
    from ctypes import addressof, wintypes

    from app.lock import WM_WTSSESSION_CHANGE, _WindowsSessionFilter

    seen = []
    native = _WindowsSessionFilter(lambda: seen.append(1))
    msg = wintypes.MSG()
    msg.message = WM_WTSSESSION_CHANGE
    for reason, locks in ((0x7, True), (0x8, False), (0x4, True)):  # lock, unlock, remote off
        msg.wParam = reason
        before = len(seen)
        assert native.nativeEventFilter(b"windows_generic_MSG", addressof(msg)) == (False, 0)
        assert (len(seen) > before) is locks
    assert native.nativeEventFilter(b"xcb_generic_event_t", addressof(msg)) == (False, 0)
    assert len(seen) == 2
