"""The returns tracker widget on a real case: asking for a template, the import logged."""

from __future__ import annotations

import openpyxl

from app.operations.importing import import_return, match_return
from app.requests.returns_widget import ReturnsWidget
from app.session import CaseSession
from exports.return_template import template_token
from forms.importers.mapping import guess_mapping
from forms.importers.plan import build_plan
from forms.importers.readers import read_table
from storage.chronology_store import agency_by_name
from storage.ids import AgencyId

pytest_plugins = ["tests.shell_support"]  # the shell's fixtures: settings, window


def test_ask_for_a_return_and_see_it_received(qtbot, demo_case, tmp_path):
    session = CaseSession(demo_case)
    widget = ReturnsWidget(session)
    qtbot.addWidget(widget)
    assert widget.table.rowCount() == 0 and "Police" in widget.not_asked.text()
    police = agency_by_name(demo_case, "Police")
    assert widget.apply_ask(AgencyId(police.id), tmp_path / "police.xlsx")
    assert widget.table.rowCount() == 1
    assert widget.table.item(0, 0).text() == "Police" and widget.table.item(0, 1).text() == "asked"
    assert "Police" not in widget.not_asked.text()
    book = openpyxl.load_workbook(tmp_path / "police.xlsx")
    row = ["01/03/2025", "", "Call-out: shouting at the address.", "", "", "", "Log 1", ""]
    for column, value in enumerate(row, start=1):
        book["Return"].cell(row=2, column=column, value=value)
    book.save(tmp_path / "police.xlsx")
    table = read_table(tmp_path / "police.xlsx")
    plan = build_plan(demo_case, table, police, guess_mapping(table.headers))
    session.run(import_return, plan,
                match_return(session.case, plan, template_token(tmp_path / "police.xlsx")))
    assert widget.table.item(0, 1).text() == "returned"
    assert widget.table.item(0, 5).text() == "1"
    session.undo()
    assert widget.table.item(0, 1).text() == "asked"



def test_view_menu_opens_the_returns_tracker_and_a_lock_closes_it(qtbot, window):
    from PySide6.QtCore import Qt
    from shiboken6 import isValid

    qtbot.mouseClick(window.start.demo_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.session is not None, timeout=20_000)
    window.returns_action.trigger()
    dialog = window._returns
    assert dialog is not None and dialog.isVisible()
    tracker = dialog.findChild(ReturnsWidget)
    assert "Police" in tracker.not_asked.text()
    window.lock()
    assert window._returns is None and not isValid(tracker)
