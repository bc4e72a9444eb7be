"""The application-wide input policy (app/widget_policy.py) on real widgets and real panels.

The wheel never changes an unfocused combo or spin box (it scrolls the panel instead); Tab and
Shift+Tab leave every table; the focused control and the current cell show a focus frame that
is not the selection colour.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QImage, QStandardItem, QStandardItemModel, QWheelEvent
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app import widget_policy
from app.session import CaseSession
from storage.casefile import CaseFile
from storage.people import Person

TODAY = dt.date(2026, 11, 1)
SHOTS = Path(__file__).resolve().parent.parent / "build" / "screenshots"


@pytest.fixture(autouse=True)
def policy(qapp):  # noqa: ANN001, ANN201
    return widget_policy.install(qapp)


def wheel(widget: QWidget, notches: int = -1) -> None:
    """One wheel turn over the middle of `widget`, as the window system delivers it: to the
    widget's window (its QWindow), which hands it to the widget under the pointer."""
    window = widget.window()
    centre = widget.rect().center()
    at = QPointF(widget.mapTo(window, centre))
    event = QWheelEvent(at, QPointF(widget.mapToGlobal(centre)), QPoint(0, 0),
                        QPoint(0, 120 * notches), Qt.MouseButton.NoButton,
                        Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(window.windowHandle(), event)


def _long_panel() -> tuple[QScrollArea, QComboBox, QSpinBox]:
    body = QWidget()
    lay = QVBoxLayout(body)
    for n in range(30):
        lay.addWidget(QLineEdit(f"line {n}"))
    combo = QComboBox()
    combo.addItems(["Married", "Living together", "Other / not known"])
    combo.setCurrentIndex(1)
    spin = QSpinBox()
    spin.setValue(5)
    lay.insertWidget(3, combo)
    lay.insertWidget(4, spin)
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setWidget(body)
    area.resize(300, 250)
    return area, combo, spin


def test_wheel_over_an_unfocused_combo_scrolls_the_panel_not_the_value(qtbot, policy) -> None:
    area, combo, spin = _long_panel()
    qtbot.addWidget(area)
    area.show()
    qtbot.waitExposed(area)
    bar = area.verticalScrollBar()
    assert bar.maximum() > 0 and bar.value() == 0
    before = policy.wheels_redirected

    wheel(combo)
    wheel(spin)

    assert combo.currentText() == "Living together"
    assert spin.value() == 5
    assert bar.value() > 0, "the panel under the pointer should have scrolled"
    assert policy.wheels_redirected == before + 2
    # The wheel does not give them the focus either (Qt.WheelFocus is taken off).
    assert not combo.hasFocus() and not spin.hasFocus()
    assert combo.focusPolicy() == Qt.FocusPolicy.StrongFocus

    # Once the user has chosen the control, the wheel works on it as usual.
    combo.setFocus()
    qtbot.waitUntil(combo.hasFocus)
    area.ensureWidgetVisible(combo)  # under the pointer again (the panel has scrolled)
    wheel(combo)
    assert combo.currentText() == "Other / not known"


def test_wheel_over_the_person_panel_combos_of_the_real_genogram(qtbot, demo_case) -> None:
    """The side panel of issue 12: scrolling over 'Sex' or a partnership's status changes
    nothing the next Apply would save."""
    from app.genogram.editor import GenogramEditor

    editor = GenogramEditor(CaseSession(demo_case), today=TODAY)
    qtbot.addWidget(editor)
    editor.resize(1366, 600)
    editor.show()
    qtbot.waitExposed(editor)
    liam = next(p.id for p in demo_case.all(Person) if p.given_names == "Liam")
    editor.select(liam)
    panel = editor.panel
    combos = [c for c in panel.findChildren(QComboBox) if c.isVisible()]
    assert combos, "the person panel shows choices"
    before = {c: c.currentIndex() for c in combos}
    for combo in combos:
        wheel(combo, -1)
        wheel(combo, +1)
        wheel(combo, -1)
    assert {c: c.currentIndex() for c in combos} == before
    assert not panel.dirty, "nothing was changed, so nothing waits to be applied"


def _table_page() -> tuple[QWidget, QLineEdit, QTableView, QPushButton]:
    page = QWidget()
    lay = QVBoxLayout(page)
    search = QLineEdit()
    search.setAccessibleName("Search")
    model = QStandardItemModel(5, 3, page)
    for r in range(5):
        for c in range(3):
            model.setItem(r, c, QStandardItem(f"r{r}c{c}"))
    table = QTableView()
    table.setModel(model)
    table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    button = QPushButton("Record the man…")
    lay.addWidget(search)
    lay.addWidget(table)
    lay.addWidget(button)
    return page, search, table, button


def test_tab_and_shift_tab_leave_a_table(qtbot) -> None:
    page, search, table, button = _table_page()
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    assert not table.tabKeyNavigation()
    table.setFocus()
    table.setCurrentIndex(table.model().index(0, 0))
    qtbot.waitUntil(table.hasFocus)

    qtbot.keyClick(table, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is button
    qtbot.keyClick(button, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert QApplication.focusWidget() is table
    qtbot.keyClick(table, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert QApplication.focusWidget() is search
    # Arrows still move inside the table.
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_Down)
    assert table.currentIndex().row() == 1


def test_tab_leaves_a_notes_box(qtbot) -> None:
    page = QWidget()
    lay = QVBoxLayout(page)
    notes = QPlainTextEdit()
    after = QPushButton("Apply")
    lay.addWidget(notes)
    lay.addWidget(after)
    qtbot.addWidget(page)
    page.show()
    notes.setFocus()
    qtbot.waitUntil(notes.hasFocus)
    qtbot.keyClick(notes, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is after
    assert "\t" not in notes.toPlainText()


def _colours(image: QImage, rect) -> set[str]:  # noqa: ANN001
    found = set()
    for x in range(rect.left(), rect.right() + 1):
        for y in (rect.top(), rect.top() + 1, rect.top() + 2, rect.top() + 3):
            if 0 <= x < image.width() and 0 <= y < image.height():
                found.add(QColor(image.pixel(x, y)).name())
    return found


def test_focus_ring_follows_the_focus_and_is_not_the_selection_colour(qtbot, policy) -> None:
    page, search, table, button = _table_page()
    qtbot.addWidget(page)
    page.resize(500, 400)
    page.show()
    qtbot.waitExposed(page)
    search.setFocus()
    qtbot.waitUntil(search.hasFocus)
    qtbot.waitUntil(lambda: widget_policy.ring_rect(policy) is not None)
    ring = widget_policy.ring_rect(policy)
    assert ring is not None and ring.contains(search.geometry())
    image = page.grab().toImage()
    top_edge = ring.adjusted(6, 0, -6, 0)
    colours = _colours(image, top_edge)
    assert widget_policy.FOCUS_YELLOW.name() in colours
    assert widget_policy.FOCUS_BLACK.name() in colours

    # Into the table: the ring moves, and the current cell has its own frame inside the
    # selected (blue) row — black, which the selection is not.
    qtbot.keyClick(search, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is table
    table.selectRow(2)
    table.setCurrentIndex(table.model().index(2, 1))
    qtbot.waitUntil(lambda: policy.ring.widget() is table)
    cell = table.visualRect(table.currentIndex())
    port = table.viewport().grab().toImage()
    edge = {QColor(port.pixel(x, cell.top())).name()
            for x in range(cell.left() + 3, cell.right() - 3)}
    selected_cell = table.visualRect(table.model().index(2, 0))
    fill = QColor(port.pixel(selected_cell.center())).name()
    assert widget_policy.FOCUS_BLACK.name() in edge
    assert fill != widget_policy.FOCUS_BLACK.name() and fill not in {"#ffffff"}
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.grab().save(str(SHOTS / "focus-ring-table.png"))


def test_policy_installs_once(qapp) -> None:
    assert widget_policy.install(qapp) is widget_policy.install(qapp)


def test_main_window_installs_it(qtbot, tmp_path) -> None:
    from app.main_window import MainWindow
    from app.settings import Settings

    win = MainWindow(Settings(tmp_path / "settings.ini"), panels=lambda: [])
    qtbot.addWidget(win)
    assert QApplication.instance().findChild(widget_policy.WidgetPolicy, "widgetPolicy")
    win.close()


def test_real_case_panels_take_the_policy(qtbot, demo_case: CaseFile) -> None:
    """Every table of the real panels lets Tab out (they were built before any test touched
    them: polishing does it, not each panel)."""
    from app.panels import available_panels

    session = CaseSession(demo_case)
    for module in available_panels():
        panel = module.create(session)
        qtbot.addWidget(panel)
        panel.resize(1366, 700)
        panel.show()
        for view in panel.findChildren(QTableView):
            assert not view.tabKeyNavigation(), (module.__name__, view.objectName())
