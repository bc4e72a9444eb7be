"""When to lock the case: after an idle period, and when the desktop session locks.

This module only *decides* when; the main window does the locking (closing the case,
destroying panels). Two watchers, each emitting `lock_requested`:

- IdleWatcher: a single-shot timer restarted by every key, mouse, wheel or touch event that
  reaches any window or dialog (seen at the window, app/window_events.py), so any input
  counts as activity.
- SessionLockWatcher: the platform's "screen locked / session switched" notification, where
  it is cheap to get. Linux: the freedesktop/GNOME/KDE/MATE/Cinnamon ScreenSaver
  `ActiveChanged(true)` signal on the session D-Bus. Windows: WTSRegisterSessionNotification
  and WM_WTSSESSION_CHANGE (lock, console or remote disconnect). Elsewhere (macOS) only the
  idle timer and Ctrl+L apply.
"""

from __future__ import annotations

import logging
import sys

from PySide6.QtCore import (
    SLOT,
    QAbstractNativeEventFilter,
    QObject,
    Qt,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtWidgets import QApplication

log = logging.getLogger(__name__)


class IdleWatcher(QObject):
    lock_requested = Signal()

    def __init__(self, timeout_ms: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        # Precise: a coarse timer may fire 5% late (15 s on a 5-minute lock) and reports its
        # remaining time loosely; one precise timer costs nothing.
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(timeout_ms)
        self._timer.timeout.connect(self.lock_requested)
        from app import window_events

        window_events.install().input_seen.connect(self._input)

    @property
    def timeout_ms(self) -> int:
        return self._timer.interval()

    def set_timeout_ms(self, ms: int) -> None:
        self._timer.setInterval(ms)
        if self._timer.isActive():
            self._timer.start()

    @property
    def active(self) -> bool:
        return self._timer.isActive()

    def start(self) -> None:
        """Begin counting (a case is open)."""
        self._timer.start()

    def stop(self) -> None:
        """Stop counting (no case open, or already locked)."""
        self._timer.stop()

    def _input(self) -> None:
        if self._timer.isActive():
            self._timer.start()


# Desktop screen savers that announce locking on the session bus (service, path, interface).
_SCREENSAVERS = (
    ("org.freedesktop.ScreenSaver", "/org/freedesktop/ScreenSaver", "org.freedesktop.ScreenSaver"),
    ("org.freedesktop.ScreenSaver", "/ScreenSaver", "org.freedesktop.ScreenSaver"),
    ("org.gnome.ScreenSaver", "/org/gnome/ScreenSaver", "org.gnome.ScreenSaver"),
    ("org.mate.ScreenSaver", "/org/mate/ScreenSaver", "org.mate.ScreenSaver"),
    ("org.cinnamon.ScreenSaver", "/org/cinnamon/ScreenSaver", "org.cinnamon.ScreenSaver"),
)

WM_WTSSESSION_CHANGE = 0x02B1
_WTS_LOCKING = {0x2, 0x4, 0x7}  # console disconnect, remote disconnect, session lock


class _WindowsSessionFilter(QAbstractNativeEventFilter):
    def __init__(self, on_lock) -> None:  # type: ignore[no-untyped-def]
        super().__init__()
        self._on_lock = on_lock

    def nativeEventFilter(self, event_type, message):  # type: ignore[no-untyped-def]  # noqa: N802
        if bytes(event_type) == b"windows_generic_MSG":
            from ctypes import wintypes

            msg = wintypes.MSG.from_address(int(message))
            if msg.message == WM_WTSSESSION_CHANGE and msg.wParam in _WTS_LOCKING:
                self._on_lock()
        return False, 0


class SessionLockWatcher(QObject):
    """Reports a desktop lock or session switch where the platform tells us about it."""

    lock_requested = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.sources: list[str] = []
        self._native_filter: _WindowsSessionFilter | None = None
        if sys.platform.startswith("linux"):
            self._watch_dbus()

    def _watch_dbus(self) -> None:
        try:
            from PySide6.QtDBus import QDBusConnection
        except ImportError:  # pragma: no cover - QtDBus ships with PySide6-Essentials on Linux
            return
        bus = QDBusConnection.sessionBus()
        if not bus.isConnected():
            return
        for service, path, interface in _SCREENSAVERS:
            # An empty service matches the signal whichever process sends it.
            if bus.connect("", path, interface, "ActiveChanged", self,
                           SLOT("_screensaver_active(bool)")):
                self.sources.append(f"dbus:{service}{path}")

    @Slot(bool)
    def _screensaver_active(self, active: bool) -> None:
        if active:
            log.info("desktop screen lock reported")
            self.lock_requested.emit()

    def watch_window(self, win_id: int) -> None:
        """Windows: ask for session notifications for this top-level window."""
        if sys.platform != "win32" or self._native_filter is not None:
            return
        try:  # pragma: no cover - Windows only
            import ctypes

            if not ctypes.windll.wtsapi32.WTSRegisterSessionNotification(int(win_id), 0):
                return
            self._native_filter = _WindowsSessionFilter(self.lock_requested.emit)
            app = QApplication.instance()
            assert app is not None
            app.installNativeEventFilter(self._native_filter)
            self.sources.append("windows:WTSSessionNotification")
        except (OSError, AttributeError):  # pragma: no cover
            log.warning("session lock notifications unavailable")
