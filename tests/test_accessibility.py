"""Keyboard and screen readers (issue 12 item 3), on the real window with a real encrypted case.

- Every control of every page and dialog has an accessible name, or a label that names it
  (its buddy): a screen reader says what a box is for, not just "edit text".
- Every control a user can type into or press is reached by Tab, and Tab leaves every table
  (the roles, the men, the chronology) to reach the buttons after it.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDialog,
    QGraphicsView,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollBar,
    QSlider,
    QTabBar,
    QTextEdit,
    QToolButton,
    QWidget,
)

from app.operations.demo import create_demo
from storage.casefile import CaseFile
from tests.conftest import PASSPHRASE

CONTROLS = (QAbstractButton, QLineEdit, QPlainTextEdit, QTextEdit, QComboBox, QAbstractSpinBox,
            QAbstractItemView, QSlider, QGraphicsView)
SCREENS = {"laptop": (1366, 768), "monitor": (1920, 1080)}


@pytest.fixture(params=list(SCREENS))
def window(request, qtbot, tmp_path):  # noqa: ANN001, ANN201
    from app.main_window import MainWindow
    from app.settings import Settings

    path = tmp_path / "demo.vcase"
    create_demo(str(path), PASSPHRASE).close()
    win = MainWindow(Settings(tmp_path / "settings.ini"))
    qtbot.addWidget(win)
    win.resize(*SCREENS[request.param])
    win.show()
    qtbot.waitExposed(win)
    win.activateWindow()
    win.show_case(CaseFile.open(path, PASSPHRASE))
    qtbot.waitUntil(lambda: win.session is not None, timeout=10_000)
    for top in QApplication.topLevelWidgets():  # no drafts in a fresh demo, but be sure
        if top.objectName() == "draftsNotice":
            top.close()
    yield win
    win.close()


def _inner(control: QWidget) -> bool:
    """Parts of a control that are named through it (a spin box's line edit, a tab bar's
    scroll arrows, a toolbar's overflow button, scroll bars and table headers)."""
    parent = control.parentWidget()
    if isinstance(control, (QScrollBar, QHeaderView)):
        return True
    if isinstance(parent, (QComboBox, QAbstractSpinBox, QTabBar)):
        return True
    return (isinstance(control, (QToolButton, QAbstractButton))
            and control.objectName().startswith("qt_"))


def controls(top: QWidget) -> Iterator[QWidget]:
    for widget in top.findChildren(QWidget):
        if isinstance(widget, CONTROLS) and not _inner(widget) and widget.isVisibleTo(top):
            yield widget


def accessible_name(widget: QWidget) -> str:
    if isinstance(widget, QAbstractButton):  # its text (or its action's) is its name
        iface = QAccessible.queryAccessibleInterface(widget)
        return iface.text(QAccessible.Text.Name) if iface is not None else ""
    if widget.accessibleName().strip():
        return widget.accessibleName()
    for label in widget.window().findChildren(QLabel):
        if label.buddy() is widget and label.text().strip():
            return label.text()
    return ""


def unnamed(top: QWidget, where: str) -> list[str]:
    top.show()
    QApplication.processEvents()
    return [f"{where}: {type(w).__name__} {w.objectName()!r} in {type(w.parentWidget()).__name__}"
            for w in controls(top) if not accessible_name(w).strip()]


def _view(win, cls_path: str):  # noqa: ANN001, ANN202
    module, name = cls_path.rsplit(".", 1)
    cls = getattr(__import__(module, fromlist=[name]), name)
    for page in win.panel_widgets():
        for widget in (page, *page.findChildren(cls)):
            if isinstance(widget, cls):
                return widget
    raise AssertionError(f"no {name}")


def _pages_and_dialogs(win) -> Iterator[tuple[str, QWidget]]:  # noqa: ANN001
    """Every page, a man's record section by section, the lens, and the dialogs."""
    for page in win.panel_widgets():
        yield type(page).__name__, page
    carers = _view(win, "app.carers.view.CarersView")
    liam = next(m.person_id for m in carers.report.men if "Liam" in m.name)
    man = carers.open_man(liam)
    for i in range(man.form.tabs.count()):
        man.form.tabs.setCurrentIndex(i)
        yield f"record section {man.form.tabs.tabText(i)}", man
    chronology = _view(win, "app.chronology.view.ChronologyView")
    yield "entry editor", chronology.entry_editor()
    yield "role dialog", carers.role_dialog(0)
    from app.carers.screening_dialog import ScreeningDialog

    screening = ScreeningDialog(liam, "Liam Carter", "Sam Okafor", win)
    for i in range(screening.instrument.count()):
        screening.instrument.setCurrentIndex(i)
        yield f"screening {screening.instrument.currentText()}", screening
    from app.export_dialog import ExportDialog

    yield "export", ExportDialog(win.session.case, win, folder=Path(win.session.case.path.parent))
    from app.settings_dialog import SettingsDialog

    yield "settings", SettingsDialog(win.settings, win)
    from app.drafts import DraftsNotice

    yield "drafts notice", DraftsNotice(win, win.session.drafts, lambda _d: False)
    lens_tab = next((t for t in win.panel_widgets() if hasattr(t, "_build_lens")), None)
    if lens_tab is not None:
        lens_tab.setCurrentIndex(1)
        yield "lens", lens_tab


def test_every_control_has_an_accessible_name(qtbot, window) -> None:  # noqa: ANN001
    problems: list[str] = []
    for where, top in _pages_and_dialogs(window):
        problems.extend(unnamed(top, where))
        if isinstance(top, QDialog):
            top.done(0)
    assert not problems, "\n".join(problems[:40])


def tab_walk(qtbot, start: QWidget, limit: int = 400) -> list[QWidget]:  # noqa: ANN001
    """Press Tab from `start` until the focus comes back round; the widgets it visited."""
    start.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None, timeout=2000)
    first = QApplication.focusWidget()
    seen = [first]
    for _ in range(limit):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        now = QApplication.focusWidget()
        if now is first:
            break
        seen.append(now)
    return seen


def _reachable(top: QWidget) -> set[QWidget]:
    return {w for w in controls(top) if w.isEnabled() and w.focusPolicy() & Qt.FocusPolicy.TabFocus
            and w.isVisible()}


def test_tab_reaches_every_control_and_leaves_every_table(qtbot, window) -> None:  # noqa: ANN001
    carers = _view(window, "app.carers.view.CarersView")
    chronology = _view(window, "app.chronology.view.ChronologyView")
    # One page is on screen at a time (app/workspace.py): each is brought forward first, as the
    # user does with Ctrl+1…4.
    window.show_page("carers")
    walked = set(tab_walk(qtbot, carers.roles))
    assert carers.role_button in walked, "Tab leaves the roles table for the button after it"
    assert carers.men in walked
    window.show_page("chronology")
    walked |= set(tab_walk(qtbot, chronology.table))
    buttons = [b for b in chronology.findChildren(QAbstractButton) if b.isVisible()
               and b.isEnabled() and b.focusPolicy() & Qt.FocusPolicy.TabFocus]
    assert buttons and set(buttons) <= walked, "Tab leaves the chronology for its buttons"
    for page_info in window.workspace.pages:
        page = page_info.widget
        window.show_page(page_info.key)
        missing = _reachable(page) - walked
        walked |= set(tab_walk(qtbot, page)) if missing else set()
        missing = _reachable(page) - walked
        assert not missing, [f"{type(w).__name__} {w.objectName()}" for w in missing][:10]


def test_shift_tab_leaves_a_table_backwards(qtbot, window) -> None:  # noqa: ANN001
    chronology = _view(window, "app.chronology.view.ChronologyView")
    chronology.table.setFocus()
    qtbot.waitUntil(chronology.table.hasFocus)
    qtbot.keyClick(chronology.table, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert QApplication.focusWidget() is not chronology.table
