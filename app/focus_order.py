"""Tab order that follows what is on screen, for widgets built or rebuilt after their parent.

Qt puts a widget into the window's Tab order when it gets its parent, not where it is laid out:
a form's answers re-created on load, or a list item added later, land at the end of the window's
chain — after the Save button. Keyboard users then Tab from a question to Save and back to the
answers (found by the keyboard-only test, tests/test_workspace_keyboard.py). These helpers put
a run of widgets back in the order given, right after the first of them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget


def is_stop(widget: QWidget) -> bool:
    """Whether Tab can stop at the widget (when shown): it takes Tab focus and has no proxy."""
    return bool(widget.focusPolicy() & Qt.FocusPolicy.TabFocus) and widget.focusProxy() is None


def stops(root: QWidget) -> list[QWidget]:
    """Tab stops inside `root`, in the order they were made (their order on screen for a
    widget built top to bottom)."""
    window = root.window()
    # A combo box's drop-down list is its child but a window of its own: never in the chain.
    return [w for w in root.findChildren(QWidget) if is_stop(w) and w.window() is window]


def chain(widgets: Iterable[QWidget]) -> None:
    """Make Tab go through `widgets` in this order, starting after the first of them."""
    ordered: Sequence[QWidget] = [w for w in widgets if w is not None]
    for before, after in zip(ordered, ordered[1:], strict=False):
        QWidget.setTabOrder(before, after)
