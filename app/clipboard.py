"""Clipboard hygiene: case text copied from Visible does not linger on the clipboard.

Every copy made inside the application — a panel's own "Copy", Ctrl+C in a table or a line
edit — changes the clipboard while Visible owns it. The guard notices that through
QClipboard.dataChanged, remembers what was put there, and after 30 seconds, on lock and on quit
clears the clipboard *only if it still holds that text*: something the user copied from another
program since then is left alone. Panels need do nothing; `copy_text()` is there for code that
wants to put text on the clipboard explicitly.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QClipboard, QGuiApplication

CLEAR_AFTER_MS = 30_000


class ClipboardGuard(QObject):
    def __init__(self, clear_after_ms: int = CLEAR_AFTER_MS, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ours: str | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(clear_after_ms)
        self._timer.timeout.connect(self.clear)
        self._clearing = False
        self.clipboard.dataChanged.connect(self._on_changed)

    @property
    def clipboard(self) -> QClipboard:
        return QGuiApplication.clipboard()

    @property
    def clear_after_ms(self) -> int:
        return self._timer.interval()

    def set_clear_after_ms(self, ms: int) -> None:
        self._timer.setInterval(ms)

    @property
    def holding(self) -> bool:
        """True while text this app copied may still be on the clipboard."""
        return self._ours is not None

    def copy_text(self, text: str) -> None:
        self.clipboard.setText(text)
        self._remember(text)  # dataChanged may arrive late (or never, offscreen)

    def _on_changed(self) -> None:
        if self._clearing:
            return
        # Only copies made by this application count; another program's copy is not ours to clear.
        if self.clipboard.ownsClipboard() or QGuiApplication.focusWindow() is not None:
            text = self.clipboard.text()
            if text:
                self._remember(text)
                return
        self._ours = None
        self._timer.stop()

    def _remember(self, text: str) -> None:
        self._ours = text
        self._timer.start()

    def clear(self) -> None:
        """Clear the clipboard if it still holds what this application put there."""
        self._timer.stop()
        ours, self._ours = self._ours, None
        if ours is None:
            return
        if self.clipboard.text() == ours:
            self._clear_mode(QClipboard.Mode.Clipboard)

    def wipe(self) -> None:
        """On lock and quit: clear our copy now, and any text we hold as the X11 selection."""
        self.clear()
        # On X11 merely highlighting text publishes it as the "primary selection".
        if self.clipboard.supportsSelection() and self.clipboard.ownsSelection():
            self._clear_mode(QClipboard.Mode.Selection)

    def _clear_mode(self, mode: QClipboard.Mode) -> None:
        self._clearing = True
        try:
            self.clipboard.clear(mode)
        finally:
            self._clearing = False
