"""The workspace's room criteria (issue 12), on a 1366×768 laptop and a 1920×1080 monitor.

The offscreen platform is given both screens by tests/helpers/screens.json (conftest.py); each
test opens the real window, with the real pages, maximised on one of them, on the demo case.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QRect
from PySide6.QtWidgets import QApplication, QDialog, QScrollArea, QWidget

from app.carers.record_form import FieldRow
from app.main_window import MainWindow
from app.operations.demo import create_demo
from app.settings import Settings
from storage.casefile import CaseFile
from tests.conftest import PASSPHRASE

LAPTOP, MONITOR = "laptop", "monitor"
BOTH = pytest.mark.parametrize("screen_name", [LAPTOP, MONITOR])


def _screen(name: str):
    screen = next((s for s in QApplication.screens() if s.name() == name), None)
    assert screen is not None, f"no {name} screen: is tests/helpers/screens.json in use?"
    return screen


def _settle(qtbot, ms: int = 60) -> None:
    qtbot.wait(ms)
    QApplication.processEvents()


def open_window(qtbot, tmp_path: Path, screen_name: str, case: bool = True) -> MainWindow:
    """A first-run window (fresh settings) on `screen_name`, with the demo case open."""
    settings = Settings(tmp_path / "settings" / "settings.ini")
    win = MainWindow(settings)
    qtbot.addWidget(win)
    screen = _screen(screen_name)
    win.setScreen(screen)
    win._place_first()  # as if it had been created on that screen
    win.show()
    qtbot.waitUntil(lambda: win.frameGeometry() == screen.availableGeometry(), timeout=5_000)
    if case:
        path = tmp_path / "demo.vcase"
        create_demo(str(path), PASSPHRASE).close()
        win.show_case(CaseFile.open(path, PASSPHRASE))
        _settle(qtbot)
    return win


def _fully_inside(widget: QWidget, viewport: QWidget) -> bool:
    top_left = widget.mapTo(viewport, widget.rect().topLeft())
    rect = QRect(top_left, widget.size())
    return viewport.rect().contains(rect)


@BOTH
def test_the_first_window_opens_maximised_inside_the_available_geometry(
        qtbot, tmp_path, screen_name):
    win = open_window(qtbot, tmp_path, screen_name, case=False)
    available = _screen(screen_name).availableGeometry()
    assert win.isMaximized()
    assert available.contains(win.frameGeometry())
    if screen_name == LAPTOP:  # restored, it is a comfortable size that still fits
        win.showNormal()
        _settle(qtbot)
        assert available.contains(win.frameGeometry())
    win.close()


def test_a_geometry_saved_on_the_monitor_is_fitted_to_the_laptop(qtbot, tmp_path):
    settings = Settings(tmp_path / "s.ini")
    big = MainWindow(settings)
    qtbot.addWidget(big)
    big.setScreen(_screen(MONITOR))
    big.showNormal()
    big.setGeometry(1400, 40, 1800, 1000)
    _settle(qtbot)
    settings.set_window_geometry(big.saveGeometry())
    big.close()
    again = MainWindow(settings)
    qtbot.addWidget(again)
    again.setScreen(_screen(LAPTOP))
    again._place_first()
    again.show()
    _settle(qtbot, 100)
    assert again.frameGeometry().width() <= 1366 and again.frameGeometry().height() <= 768
    again.close()


@BOTH
def test_the_chronology_shows_at_least_fifteen_rows(qtbot, tmp_path, screen_name):
    win = open_window(qtbot, tmp_path, screen_name)
    page = win.show_page("chronology")
    _settle(qtbot)
    table = page.view.table
    viewport = table.viewport()
    whole_rows = [r for r in range(table.model().rowCount())
                  if viewport.rect().contains(table.visualRect(table.model().index(r, 0))
                                              .adjusted(1, 1, -1, -1))]
    assert len(whole_rows) >= (15 if screen_name == LAPTOP else 30), len(whole_rows)
    win.grab().save(str(tmp_path / f"chronology-{screen_name}.png"))
    win.close()


@BOTH
def test_the_genogram_opens_fitted_with_names_of_at_least_nine_points(
        qtbot, tmp_path, screen_name):
    from exports.genogram.labels import NAME_SIZE

    win = open_window(qtbot, tmp_path, screen_name)
    page = win.show_page("genogram")
    qtbot.waitUntil(lambda: page._fitted_zoom is not None, timeout=3_000)
    view = page.editor.view
    name_px = NAME_SIZE * view.zoom
    points = name_px * 72 / view.logicalDpiY()
    assert points >= 9.0, points
    drawing = view.mapFromScene(view.scene().itemsBoundingRect()).boundingRect()
    assert view.viewport().rect().adjusted(-2, -2, 2, 2).contains(drawing)  # all of it shows
    port = view.viewport().rect()
    # The room is used: the drawing spans most of the canvas one way or the other.
    assert max(drawing.width() / port.width(), drawing.height() / port.height()) > 0.6
    win.close()


@BOTH
def test_a_mans_record_section_shows_ten_fields_without_sideways_scrolling(
        qtbot, tmp_path, screen_name):
    win = open_window(qtbot, tmp_path, screen_name)
    men = win.show_page("carers")
    liam = next(m.person_id for m in men.men_model.men if m.name == "Liam Carter")
    for section in ("history", "mental_health", "domestic_abuse", "engagement", "anger",
                    "sleep", "substance_use"):
        page = men.open_man(liam, section)
        _settle(qtbot, 30)
        scroll = page.form.tabs.currentWidget()
        assert isinstance(scroll, QScrollArea)
        viewport = scroll.viewport()
        rows = [r for r in scroll.widget().findChildren(FieldRow)]
        shown = [r for r in rows if r.isVisible() and _fully_inside(r, viewport)]
        win.grab().save(str(tmp_path / f"record-{section}-{screen_name}.png"))
        if len(rows) >= 10:  # the longer sections (History has 14 questions, Engagement 17)
            assert len(shown) >= 10, (section, len(shown), len(rows))
        # Nothing reaches past the right edge: no sideways scrolling is ever needed.
        assert scroll.widget().width() <= viewport.width(), section
        for row in rows:
            right = row.mapTo(viewport, row.rect().topRight()).x()
            assert right <= viewport.width(), (section, row.field.key)
        if screen_name == MONITOR:
            assert scroll.widget().columns == 3 or len(rows) < 6, section
    win.close()


@BOTH
def test_the_roles_show_each_role_with_the_mans_name_or_the_declaration_readable(
        qtbot, tmp_path, screen_name):
    from PySide6.QtCore import Qt

    win = open_window(qtbot, tmp_path, screen_name)
    men = win.show_page("carers")
    _settle(qtbot)
    table, model = men.roles, men.roles_model
    header = table.horizontalHeader()
    # The man (or what was declared) is read before the status.
    assert header.visualIndex(model.WHO) < header.visualIndex(model.STATUS)
    metrics = table.fontMetrics()
    for row in range(model.rowCount()):
        for column in (model.ROLE, model.WHO, model.STATUS):
            index = model.index(row, column)
            text = model.data(index)
            rect = table.visualRect(index)
            assert table.viewport().rect().contains(rect), (row, column)  # not scrolled away
            needed = metrics.boundingRect(rect.adjusted(3, 0, -3, 0),
                                          int(Qt.TextFlag.TextWordWrap), text)
            assert needed.height() <= rect.height() and needed.width() <= rect.width(), \
                (row, column, text)
    declared = [model.data(model.index(r, model.WHO)) for r in range(model.rowCount())]
    assert any(d.startswith("Declared not known") and "Efforts:" in d for d in declared)
    # Men's names are whole in the navigator and the men table (they were "Da", "Lia").
    nav = men.navigator
    for item in nav.men.values():
        width = nav.fontMetrics().horizontalAdvance(item.text(0))
        assert width <= nav.visualItemRect(item).width(), item.text(0)
    win.close()


def _dialogs(win: MainWindow) -> list[QDialog]:
    """Every dialog a user can open from the workspace, opened the way the app opens it."""
    from app.carers.screening_dialog import ScreeningDialog
    from app.chronology.agencies import AgenciesDialog
    from app.chronology.editor import EntryEditor

    session = win.session
    men = win.workspace.page("carers")
    shown: list[QDialog] = [win.export(), win.show_settings(), win.show_about(),
                            win.show_guide(), win.show_shortcuts(), win.show_audit()]
    role = men.role_dialog(0)
    screening = ScreeningDialog(men.men_model.men[0].person_id, "Daniel Price", "Sam", win)
    entry = EntryEditor(session.case, parent=win)
    agencies = AgenciesDialog(session, parent=win)
    for dialog in (role, screening, entry, agencies):
        dialog.show()
        shown.append(dialog)
    return shown


@BOTH
def test_no_dialog_opens_larger_than_the_screen(qtbot, tmp_path, screen_name):
    win = open_window(qtbot, tmp_path, screen_name)
    available = _screen(screen_name).availableGeometry()
    dialogs = _dialogs(win)
    _settle(qtbot, 100)
    for dialog in dialogs:
        assert dialog.isVisible(), type(dialog).__name__
        frame = dialog.frameGeometry()
        assert available.contains(frame), (type(dialog).__name__, frame, available)
    # And one that asks for more than the screen (as code that resizes a window may):
    huge = QDialog(win)
    huge.resize(3000, 2000)
    huge.setMinimumSize(2500, 1500)
    huge.show()
    _settle(qtbot)
    assert available.contains(huge.frameGeometry()), huge.frameGeometry()
    for dialog in [*dialogs, huge]:
        dialog.close()
    win.close()


def test_the_monitor_uses_the_room(qtbot, tmp_path):
    """At 1920×1080 the pages fill the window: no large empty areas."""
    win = open_window(qtbot, tmp_path, MONITOR)
    height = win.workspace.height()
    # The chronology table runs to the foot of its page.
    chronology = win.show_page("chronology")
    _settle(qtbot)
    table = chronology.view.table
    assert table.height() > 0.75 * height
    # The roles, the men and the factor grid fill the Men page from top to bottom.
    men = win.show_page("carers")
    _settle(qtbot)
    grid = men.overview.grid
    bottom = grid.mapTo(men, grid.rect().bottomLeft()).y()
    assert bottom > men.height() - 40
    assert grid.height() > 0.3 * height
    # The review page's history table too.
    review = win.show_page("review")
    _settle(qtbot)
    history = review.exports.table
    assert history.mapTo(review, history.rect().bottomLeft()).y() > review.height() - 80
    win.close()

