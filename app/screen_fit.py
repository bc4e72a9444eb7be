"""No window or dialog opens larger than the screen it is on (issue 12: 1366×768 laptops).

Qt caps a window's *preferred* size at 2/3 of the screen, but not a size set by code
(`resize(1100, 680)`) nor a minimum size a layout demands; on a laptop such a dialog opened
with its buttons below the taskbar. Each window is shrunk and moved, as it is shown, into the
available geometry of its screen (the screen minus taskbars and docks).

Every window shown — ours and every dialog another module opens — is seen as it is shown,
through app/window_events.py (the window's own Show event; no event filter on the whole
application, which would be called for every event of every widget).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QRect, QSize
from PySide6.QtGui import QGuiApplication, QScreen
from PySide6.QtWidgets import QApplication, QWidget

# A window manager's title bar and borders, before the window is mapped and Qt knows them.
_FRAME_GUESS = QSize(8, 36)


def screen_of(widget: QWidget) -> QScreen | None:
    parent = widget.parentWidget()
    window = parent.window() if parent is not None else None
    screen = (window.screen() if window is not None else None) or widget.screen()
    return screen or QGuiApplication.primaryScreen()


def frame_extra(widget: QWidget) -> QSize:
    """How much larger the window is with its frame (known once mapped, else a guess)."""
    frame, inner = widget.frameGeometry(), widget.geometry()
    extra = QSize(frame.width() - inner.width(), frame.height() - inner.height())
    if widget.isVisible() and (extra.width() > 0 or extra.height() > 0):
        return extra
    return _FRAME_GUESS


def fit_rect(want: QRect, available: QRect, extra: QSize) -> QRect:
    """`want` (client area) shrunk and moved so that, with its frame, it lies in `available`."""
    width = min(want.width(), available.width() - extra.width())
    height = min(want.height(), available.height() - extra.height())
    left = min(max(want.x(), available.x() + extra.width() // 2),
               available.right() + 1 - width - extra.width() // 2)
    top = min(max(want.y(), available.y() + extra.height() - extra.width() // 2),
              available.bottom() + 1 - height - extra.width() // 2)
    return QRect(left, top, max(width, 1), max(height, 1))


def fit_to_screen(widget: QWidget) -> bool:
    """Shrink and move a window into its screen's available geometry; True if it changed."""
    if not widget.isWindow() or widget.isMaximized() or widget.isFullScreen():
        return False
    screen = screen_of(widget)
    if screen is None:
        return False
    available = screen.availableGeometry()
    extra = frame_extra(widget)
    want = widget.geometry()
    fitted = fit_rect(want, available, extra)
    if fitted == want:
        return False
    limit = QSize(available.width() - extra.width(), available.height() - extra.height())
    minimum = widget.minimumSize()
    if minimum.width() > limit.width() or minimum.height() > limit.height():
        # A layout's minimum larger than the screen: the window is squeezed rather than
        # shown off-screen (its contents clip; our own dialogs scroll instead, see tests).
        widget.setMinimumSize(minimum.boundedTo(limit))
    widget.setGeometry(fitted)
    return True


class ScreenFit(QObject):
    """One per application (`install`): every window is fitted as it is shown."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.fitted = 0  # how many windows had to be shrunk or moved (for tests)

    def window_shown(self, window: QWidget) -> None:
        if fit_to_screen(window):
            self.fitted += 1


def _shown(window: QWidget) -> None:
    # Looked up each time (a window shown is rare): the fitter may have been taken away
    # (tests/conftest.py takes it after each test that made a main window).
    app = QApplication.instance()
    fitter = app.findChild(ScreenFit, "screenFit") if app is not None else None
    if fitter is not None:
        fitter.window_shown(window)


def install(app: QApplication | None = None) -> ScreenFit:
    """Install the fitter once per application and return it."""
    app = app or QApplication.instance()  # type: ignore[assignment]
    assert isinstance(app, QApplication)
    existing = app.findChild(ScreenFit, "screenFit")
    if existing is not None:
        return existing
    from app import window_events

    events = window_events.install(app)
    if _shown not in events.shown:
        events.shown.append(_shown)
    fitter = ScreenFit(app)
    fitter.setObjectName("screenFit")
    return fitter


PREFERRED = QSize(1440, 900)


def first_geometry(screen: QScreen, preferred: QSize = PREFERRED) -> QRect:
    """The main window's normal (restored) geometry the first time it opens: the preferred
    size, centred, inside the available geometry with its frame. The window itself opens
    maximised the first time (MainWindow._place_first): a case is a whole day's work."""
    available = screen.availableGeometry()
    size = preferred.boundedTo(QSize(available.width() - _FRAME_GUESS.width(),
                                     available.height() - _FRAME_GUESS.height()))
    rect = QRect(0, 0, size.width(), size.height())
    rect.moveCenter(available.center())
    return fit_rect(rect, available, _FRAME_GUESS)
