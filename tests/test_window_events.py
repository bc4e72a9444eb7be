"""The windows' hooks (app/window_events.py): input and showing seen at each window's QWindow,
every widget seen as it is polished — and nothing else of the application reaches Python.

Why it matters (issue 18 item 5): Python called for every event of the window's thread waits
for the interpreter each time a worker holds it; the import preview of 20,000 rows froze the
window for 0.2 s that way (benchmarks/bench_responsive.py).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QLabel,
    QLineEdit,
    QStyleFactory,
    QVBoxLayout,
    QWidget,
)

from app import window_events


def _window(qtbot) -> tuple[QWidget, QLineEdit, QLabel]:  # noqa: ANN001
    window = QWidget()
    lay = QVBoxLayout(window)
    edit = QLineEdit()
    label = QLabel("text")
    lay.addWidget(edit)
    lay.addWidget(label)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window, edit, label


def test_the_events_of_widgets_inside_a_window_never_reach_python(qtbot) -> None:
    events = window_events.install()
    window, _edit, label = _window(qtbot)
    before = events.calls
    for _ in range(500):
        QApplication.sendEvent(label, QEvent(QEvent.Type.User))  # an application filter sees each
        QApplication.sendEvent(window, QEvent(QEvent.Type.User))
    for _ in range(20):
        label.setText(label.text() + "x")  # layout, paint
        QApplication.processEvents()
    assert events.calls - before < 10, events.calls - before


def test_input_in_a_window_shown_later_is_seen_at_its_window(qtbot) -> None:
    events = window_events.install()
    dialog = QDialog()
    edit = QLineEdit(dialog)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    edit.setFocus()
    with qtbot.waitSignal(events.input_seen, timeout=1_000):
        qtbot.keyClick(dialog.windowHandle(), Qt.Key.Key_A)  # as the window system delivers it
    assert edit.text() == "a"


def test_a_window_polished_before_it_was_shown_is_watched_once_shown(qtbot) -> None:
    events = window_events.install()
    window = QWidget()
    QLineEdit(window)
    qtbot.addWidget(window)
    window.ensurePolished()  # asked its size before it was shown: no QWindow yet
    assert window.windowHandle() is None
    window.show()
    qtbot.waitExposed(window)
    before = events.calls
    for _ in range(100):
        QApplication.sendEvent(window, QEvent(QEvent.Type.User))
    assert events.calls == before, "once shown, the widget's own events are not watched"
    with qtbot.waitSignal(events.input_seen, timeout=1_000):
        qtbot.mouseClick(window.windowHandle(), Qt.MouseButton.LeftButton)


def test_installed_once_and_the_style_is_the_platforms(qapp) -> None:
    events = window_events.install(qapp)
    assert window_events.install(qapp) is events
    style = qapp.style()
    assert isinstance(style, window_events._PolishHook)
    # The platform's own style, behind the hook.
    platform = {key.lower() for key in QStyleFactory.keys()}
    assert style.baseStyle().name().lower() in platform
