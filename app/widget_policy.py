"""One application-wide policy for how inputs behave, applied to every widget as it is polished.

Issue 12 found three things no single form could fix for all the others:

- **The wheel changed answers while scrolling.** A combo or spin box under the pointer took
  the wheel and changed its value ("Living together" became "Other / not known", ready for
  the next Apply). Here a combo, spin box or slider that does not have the keyboard focus
  never takes the wheel: the event goes to the scroll area the control sits in, so the page
  scrolls as the user meant. Once the user has clicked or tabbed into the control, the wheel
  works on it as usual. Such controls also stop taking the focus from the wheel
  (``Qt.WheelFocus`` → ``Qt.StrongFocus``), or the first notch would focus them and the
  second change them.
- **Tab was trapped in tables** (roles, chronology, men): Tab moved from cell to cell and
  the buttons after a table were out of reach by keyboard. Every item view here lets Tab and
  Shift+Tab leave it (arrows still move inside it), and multi-line text boxes treat Tab as
  "next field" (a case record needs no tab characters).
- **Focus was invisible, and the focused cell looked like a selected one.** One focus ring
  (a ``QFocusFrame`` drawn by `FocusStyle`: black and yellow, the GOV.UK focus colours, 3:1
  against white and against the selection blue) follows the focused control, and inside
  tables and lists the current cell gets its own black-and-yellow frame, distinct from the
  blue fill of the selected row.

Installed once on the application (`install`), on the hooks of app/window_events.py: each
widget is seen once, as Qt polishes it, and the wheel as it reaches its window (before Qt hands
it to the control under the pointer). No event filter on the application: one there is called
for every event of the window's thread, and while a worker computes each call waits for the
interpreter.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QPointF, QRect, Qt
from PySide6.QtGui import QColor, QPainter, QPen, QWheelEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractScrollArea,
    QAbstractSlider,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QFocusFrame,
    QMenu,
    QMenuBar,
    QPlainTextEdit,
    QProxyStyle,
    QSlider,
    QStyle,
    QTabBar,
    QTextEdit,
    QWidget,
)

# Enum members looked up once: attribute access on PySide6 enums costs microseconds.
_FOCUS_RECT = QStyle.PrimitiveElement.PE_FrameFocusRect
_FOCUS_FRAME = QStyle.ControlElement.CE_FocusFrame
_H_MARGIN = QStyle.PixelMetric.PM_FocusFrameHMargin
_V_MARGIN = QStyle.PixelMetric.PM_FocusFrameVMargin
_HAS_FOCUS = QStyle.StateFlag.State_HasFocus
_ABOVE = QStyle.StyleHint.SH_FocusFrame_AboveWidget
_WHEEL_FOCUS = Qt.FocusPolicy.WheelFocus
_STRONG_FOCUS = Qt.FocusPolicy.StrongFocus
_NO_FOCUS = Qt.FocusPolicy.NoFocus

# GOV.UK Design System focus colours: yellow with black, visible on white and on blue.
FOCUS_YELLOW = QColor("#ffdd00")
FOCUS_BLACK = QColor("#0b0c0c")
RING = 4  # px the ring stands outside the focused control: 2 black, 2 yellow

# Controls whose value the wheel changes, and every kind of widget the policy touches.
WHEEL_VALUED = (QComboBox, QAbstractSpinBox, QSlider)
_TAKES_WHEEL = (QAbstractScrollArea, QAbstractSlider, QTabBar)  # checked after WHEEL_VALUED
_POLICED = (*WHEEL_VALUED, QAbstractItemView, QPlainTextEdit, QTextEdit)


class FocusStyle(QProxyStyle):
    """The platform style, with a focus frame that shows: set only on the one focus ring.

    Not on the application, so every other widget keeps the platform's own look; and not on
    the views either (see CellFocusStyle): PySide calls Python for each style method a
    Python class overrides, and a view's layout asks its style's pixelMetric hundreds of times
    (713 for opening a man's page), each call waiting for the interpreter while a worker holds
    it.
    """

    def pixelMetric(self, metric, option=None, widget=None):  # type: ignore[no-untyped-def]  # noqa: N802
        if metric == _H_MARGIN or metric == _V_MARGIN:
            return RING
        return super().pixelMetric(metric, option, widget)

    def styleHint(self, hint, option=None, widget=None, data=None):  # type: ignore[no-untyped-def]  # noqa: N802
        # Drawn above the widget's parent, so a control that fills its parent (no margins)
        # still shows its ring rather than having it clipped away.
        if hint == _ABOVE:
            return 1
        return super().styleHint(hint, option, widget, data)

    def drawControl(self, element, option, painter, widget=None):  # type: ignore[no-untyped-def]  # noqa: N802
        if element == _FOCUS_FRAME:
            _ring(painter, option.rect)
            return
        super().drawControl(element, option, painter, widget)


class CellFocusStyle(QProxyStyle):
    """The platform style, with a current-cell frame: set on item views. Its one Python method
    is the one the frame needs."""

    def drawPrimitive(self, element, option, painter, widget=None):  # type: ignore[no-untyped-def]  # noqa: N802
        if element == _FOCUS_RECT and isinstance(widget, QAbstractItemView):
            # Drawn whenever the view has the focus (the platform draws it only after a key
            # press, and faintly): the current cell is where typing and Enter go.
            if option.state & _HAS_FOCUS:
                _cell_frame(painter, option.rect)
            return
        super().drawPrimitive(element, option, painter, widget)


def _ring(painter: QPainter, rect: QRect) -> None:
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    outer = QPen(FOCUS_YELLOW, 2)
    outer.setJoinStyle(Qt.PenJoinStyle.MiterJoin)
    painter.setPen(outer)
    painter.drawRect(rect.adjusted(1, 1, -2, -2))
    inner = QPen(FOCUS_BLACK, 2)
    inner.setJoinStyle(Qt.PenJoinStyle.MiterJoin)
    painter.setPen(inner)
    painter.drawRect(rect.adjusted(3, 3, -4, -4))
    painter.restore()


def _cell_frame(painter: QPainter, rect: QRect) -> None:
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    # One black line on the cell's edge and one yellow inside it: two pixels that show on
    # white and on the selection blue, and leave a tightly set row's text clear.
    painter.setPen(QPen(FOCUS_BLACK, 1))
    painter.drawRect(rect.adjusted(0, 0, -1, -1))
    painter.setPen(QPen(FOCUS_YELLOW, 1))
    painter.drawRect(rect.adjusted(1, 1, -2, -2))
    painter.restore()


def _scroll_area_of(widget: QWidget) -> QAbstractScrollArea | None:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QAbstractScrollArea) and not isinstance(
            parent, (QAbstractItemView, QPlainTextEdit, QTextEdit)
        ):
            return parent
        if parent.isWindow():
            return None
        parent = parent.parentWidget()
    return None


def _focused(control: QWidget) -> bool:
    focus = QApplication.focusWidget()
    return focus is not None and (focus is control or control.isAncestorOf(focus))


class WidgetPolicy(QObject):
    """The wheel and the polish of new widgets, for the whole application."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.style = FocusStyle()  # the ring's
        self.style.setParent(self)
        self.cell_style = CellFocusStyle()  # the views'
        self.cell_style.setParent(self)
        self.ring = QFocusFrame()
        self.ring.setObjectName("focusRing")
        self.ring.setStyle(self.style)
        self.ring.setAccessibleName("Focus indicator")
        self.wheels_redirected = 0  # for tests: wheel events kept from an unfocused control

    # The ring --------------------------------------------------------------------------------
    def focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        if not _ring_wanted(new):
            new = None
        try:
            self.ring.setWidget(new)
        except RuntimeError:  # the ring went with a window it was parented to: make another
            self.ring = QFocusFrame()
            self.ring.setObjectName("focusRing")
            self.ring.setStyle(self.style)
            self.ring.setAccessibleName("Focus indicator")
            self.ring.setWidget(new)

    # The wheel -------------------------------------------------------------------------------
    def window_wheel(self, window: QWidget, event: QWheelEvent) -> bool:
        """A wheel event as it reaches `window`: True if it was kept from the control under
        the pointer (and scrolled what that control sits in instead)."""
        popup = QApplication.activePopupWidget()
        if popup is not None and popup is not window:
            return False  # Qt hands it to the open popup, whatever is under the pointer
        under = window.childAt(event.position().toPoint())
        control = _wheel_control(under)
        if control is None:
            return False
        return self._wheel(control, event)

    def _wheel(self, control: QWidget, event: QWheelEvent) -> bool:
        if _focused(control):
            return False
        # Not for this control: scroll what it sits in, as the user meant, and never let Qt
        # hand the event on as well (that would scroll twice).
        self.wheels_redirected += 1
        area = _scroll_area_of(control)
        if area is not None:
            port = area.viewport()
            global_pos = event.globalPosition()
            local = QPointF(port.mapFromGlobal(global_pos.toPoint()))
            copy = QWheelEvent(local, global_pos, event.pixelDelta(), event.angleDelta(),
                               event.buttons(), event.modifiers(), event.phase(),
                               event.inverted())
            QApplication.sendEvent(port, copy)
        event.accept()
        return True

    # Polish ----------------------------------------------------------------------------------
    def _polish(self, widget: QWidget) -> None:
        if isinstance(widget, WHEEL_VALUED):
            if widget.focusPolicy() == _WHEEL_FOCUS:
                widget.setFocusPolicy(_STRONG_FOCUS)
        elif isinstance(widget, QAbstractItemView):
            widget.setTabKeyNavigation(False)
            if widget.style() is not self.cell_style and not widget.styleSheet():
                widget.setStyle(self.cell_style)
        elif isinstance(widget, (QPlainTextEdit, QTextEdit)):
            widget.setTabChangesFocus(True)


def _wheel_control(widget: QWidget | None) -> QWidget | None:
    """The control the wheel would change if Qt delivered it to `widget` (the widget under
    the pointer): Qt offers it there first, then to each parent in turn until one takes it.
    A spin box's own line edit does not take it, so the spin box is found; a scroll area, a
    scroll bar or a tab bar would take it first, so none is."""
    while widget is not None:
        if isinstance(widget, WHEEL_VALUED):
            return widget if widget.isEnabled() else None  # a disabled one passes it on
        if isinstance(widget, _TAKES_WHEEL) or widget.isWindow():
            return None
        widget = widget.parentWidget()
    return None


def _ring_wanted(widget: QWidget | None) -> bool:
    if widget is None or widget.isWindow() or widget.focusPolicy() == _NO_FOCUS:
        return False
    if isinstance(widget, (QMenu, QMenuBar, QFocusFrame)):
        return False
    parent = widget.parentWidget()
    return parent is not None


def install(app: QApplication | None = None) -> WidgetPolicy:
    """Install the policy once per application and return it."""
    app = app or QApplication.instance()  # type: ignore[assignment]
    assert isinstance(app, QApplication), "create the QApplication first"
    existing = app.findChild(WidgetPolicy, "widgetPolicy")
    if existing is not None:
        return existing
    from app import window_events

    events = window_events.install(app)
    policy = WidgetPolicy(app)
    policy.setObjectName("widgetPolicy")
    events.polishers.append(policy._polish)
    events.wheel = policy.window_wheel
    app.focusChanged.connect(policy.focus_changed)
    # Widgets made before the policy (a window built first) get it too.
    for widget in app.allWidgets():
        policy._polish(widget)
    return policy


def ring_rect(policy: WidgetPolicy) -> QRect | None:
    """Where the focus ring is drawn, in its parent's coordinates (for tests)."""
    ring = policy.ring
    if ring.widget() is None or not ring.isVisible():
        return None
    return QRect(ring.pos(), ring.size())

