"""Every window's input, every window shown and every widget polished — without an
application-wide event filter (issue 18 item 5: a window that never freezes).

Three things need to see events from the whole application: the idle lock (any key, click or
wheel in any window counts as activity, app/lock.py), the screen fitter (every window shown is
fitted into its screen, app/screen_fit.py) and the input policy (the wheel over an unfocused
combo scrolls the page; tables and notes boxes let Tab leave, app/widget_policy.py). Each was an
event filter on the application, and Qt calls such a filter for *every* event of the window's
thread: timers, queued signals, each widget's paint, layout and move. A Python filter needs
the interpreter for each call, and while a worker computes in Python each call waits for it
(up to the switch interval, app/workers.py). Measured on the 20,000-entry case
(benchmarks/bench_responsive.py): the import preview froze the window for 0.20-0.25 s with the
three filters, 0.07 s with one, 0.04 s with none.

So none is installed on the application. Instead:

- The application's style is the platform's own style behind a proxy whose one Python method
  is ``polish(widget)``: Qt calls it once for each widget, as it is first shown (and again if
  the style changes). Every other style method stays in C++ (PySide calls Python only for
  the methods a Python class overrides), so nothing else changes in how widgets look or paint.
  Polishers registered here (the input policy) see each widget there.
- A window (a top-level widget) has its QWindow watched by this object's event filter, which
  sees only what happens to the window as such: the window system delivers every key, mouse,
  wheel and touch event to the QWindow first, and Qt hands it on from there to the widget
  under the pointer or with the focus, so input anywhere in any window is seen once, there;
  and the QWindow is told it is shown before the window system maps it (the screen fitter).
  Paints, layouts and queued signals go to widgets, not to the QWindow.

A widget made a window after it was first shown is not watched (Qt does not polish it again);
none of ours does that.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtGui import QWheelEvent, QWindow
from PySide6.QtWidgets import QApplication, QProxyStyle, QWidget

log = logging.getLogger(__name__)

# Looked up once: enum access costs microseconds in PySide6.
INPUT_EVENTS = frozenset({
    QEvent.Type.KeyPress, QEvent.Type.KeyRelease, QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseButtonRelease, QEvent.Type.MouseButtonDblClick, QEvent.Type.MouseMove,
    QEvent.Type.Wheel, QEvent.Type.TouchBegin, QEvent.Type.TouchUpdate,
    QEvent.Type.TabletPress, QEvent.Type.Shortcut,
})
_WHEEL = QEvent.Type.Wheel
_SHOW = QEvent.Type.Show

WheelHandler = Callable[[QWidget, QWheelEvent], bool]


class WindowEvents(QObject):
    """One per application (`install`): the hooks the idle lock, the screen fitter and the
    input policy hang on."""

    input_seen = Signal()  # a key, mouse, wheel or touch event reached one of the windows

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("windowEvents")
        self.polishers: list[Callable[[QWidget], None]] = []
        self.shown: list[Callable[[QWidget], None]] = []  # a window is being shown
        # The wheel as it reaches a window (before Qt hands it on): given the window's widget
        # and the event, True if it was dealt with (Qt then delivers it nowhere).
        self.wheel: WheelHandler | None = None
        self.calls = 0  # how many events reached Python here (tests: only the windows' own)
        self.style: _PolishHook | None = None

    # Called by the style, once per widget -----------------------------------------------------
    def polished(self, widget: QWidget) -> None:
        for polish in self.polishers:
            polish(widget)
        if widget.isWindow():
            self.watch(widget)

    def watch(self, window: QWidget) -> None:
        """See the input and the showing of this window, at its QWindow (installing twice is
        harmless: Qt keeps one)."""
        handle = window.windowHandle()
        if handle is not None:
            handle.installEventFilter(self)
        else:
            # Polished before it was first shown (asked its size, say): it gets its QWindow
            # as it is shown, and this watches it until then.
            window.installEventFilter(self)

    # The windows' events -----------------------------------------------------------------------
    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        # An exception escaping a Qt override crashes PySide 6.11: none may leave here.
        try:
            self.calls += 1
            if isinstance(obj, QWindow):
                kind = event.type()
                if kind in INPUT_EVENTS:
                    self.input_seen.emit()
                    if kind == _WHEEL and self.wheel is not None:
                        root = QWidget.find(obj.winId())
                        if root is not None:
                            return self.wheel(root, event)  # type: ignore[arg-type]
                elif kind == _SHOW:
                    # Sent before the window system maps the window: a window fitted here
                    # never shows at its old size first.
                    root = QWidget.find(obj.winId())
                    if root is not None:
                        for shown in self.shown:
                            shown(root)
            elif isinstance(obj, QWidget):
                # A window not yet shown when it was polished: once it has its QWindow, that
                # is what is watched (the widget's own events, queued signals, paints, are
                # many and need nothing here).
                handle = obj.windowHandle() if obj.isWindow() else None
                if handle is not None or not obj.isWindow():
                    obj.removeEventFilter(self)
                if handle is not None:
                    handle.installEventFilter(self)
        except Exception:
            log.exception("window event hook failed")
        return False


class _PolishHook(QProxyStyle):
    """The platform style, unchanged, with Python told of each widget as Qt polishes it."""

    def __init__(self, events: WindowEvents, base: str) -> None:
        super().__init__(base)  # a fresh instance of the style the application had
        self._events = events

    def polish(self, arg):  # type: ignore[no-untyped-def, override]  # three overloads in Qt
        result = super().polish(arg)
        if isinstance(arg, QWidget):
            try:
                self._events.polished(arg)
            except Exception:  # see WindowEvents.eventFilter
                log.exception("polish hook failed")
        return result


def install(app: QApplication | None = None) -> WindowEvents:
    """The application's hooks, made (and its style set) the first time."""
    app = app or QApplication.instance()  # type: ignore[assignment]
    assert isinstance(app, QApplication), "create the QApplication first"
    events = app.findChild(WindowEvents, "windowEvents")
    if events is None:
        events = WindowEvents(app)
    if not isinstance(app.style(), _PolishHook):  # first time (or another style was set)
        style = _PolishHook(events, app.style().name())
        events.style = style  # the application owns it; the reference keeps the wrapper
        # Setting the style polishes every existing widget again, through the hook.
        app.setStyle(style)
        for window in app.topLevelWidgets():
            events.watch(window)
    return events
