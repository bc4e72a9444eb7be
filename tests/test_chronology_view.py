"""The chronology panel driven through real widgets (pytest-qt, offscreen)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from app.chronology.editor import EntryEditor
from app.chronology.model import ChronologyModel
from app.panels import chronology as chronology_panel
from app.session import CaseSession
from storage.chronology_store import count_entries, get_entry
from storage.dates import PartialDate

DISPLAY = Qt.ItemDataRole.DisplayRole


@pytest.fixture
def session(demo_case):
    s = CaseSession(demo_case)
    yield s
    s.history.clear()


@pytest.fixture
def panel(qtbot, session):
    widget = chronology_panel.create(session)
    qtbot.addWidget(widget)
    widget.resize(1300, 700)
    widget.show()
    return widget


def test_model_without_a_view(demo_case):
    model = ChronologyModel(demo_case)
    assert model.rowCount() == 36 and model.columnCount() == 11
    assert model.headerData(0, Qt.Orientation.Horizontal, DISPLAY) == "Date"
    first = model.data(model.index(0, 4), DISPLAY)
    assert first.startswith("Booking appointment")
    assert model.data(model.index(0, 2), DISPLAY) == "Midwife"


def test_filters_and_search_in_the_view(qtbot, panel):
    view = panel.view
    assert view.count.text() == "36 entries"
    view.search.setText("fractured")
    qtbot.waitUntil(lambda: view.model.rowCount() == 3, timeout=2000)
    assert view.count.text() == "3 of 36 entries"
    for row in range(3):
        assert view.model.data(view.model.index(row, 2), DISPLAY) == "Hospital / A&E"
    view.search.clear()
    qtbot.waitUntil(lambda: view.model.rowCount() == 36, timeout=2000)
    view.agency.setCurrentIndex(view.agency.findText("Police"))
    assert view.model.rowCount() == 6
    view.key_only.setChecked(True)
    assert view.model.rowCount() == 3  # the domestic-abuse call-outs are key events
    view.key_only.setChecked(False)
    view.agency.setCurrentIndex(0)
    view.person.setCurrentIndex(view.person.findText("Liam Carter"))
    assert view.model.rowCount() == 27
    view.person.setCurrentIndex(0)
    view.date_to.setText("banana")
    qtbot.waitUntil(lambda: "banana" in view.message.text(), timeout=2000)
    view.date_to.setText("2025")
    qtbot.waitUntil(lambda: view.message.text() == "" and view.model.rowCount() < 36, timeout=2000)
    assert all(
        view.model.data(view.model.index(r, 0), DISPLAY).endswith("2025")
        for r in range(view.model.rowCount())
    )


def test_editor_warns_about_future_and_before_birth(qtbot, demo_case):
    editor = EntryEditor(demo_case, today=dt.date(2026, 11, 26))
    qtbot.addWidget(editor)
    assert not editor.can_save()  # no date, no text, no source
    assert editor.issues.text() == ""  # but nothing is said before anything is typed
    editor.date_edit.setText("03/01/2026")
    editor.what.setPlainText("Seen at home.")
    editor.source.setText("HV notes p.4")
    assert not editor.can_save() and "Choose the agency" in editor.messages()
    editor.agency.setCurrentIndex(editor.agency.findText("Health visitor"))
    assert editor.can_save()
    assert editor.entry().category == "other"
    # Link Freya (born 14/03/2026): the date is before her birth.
    for i in range(editor.people.count()):
        if editor.people.item(i).text() == "Freya Nowak":
            editor.people.item(i).setCheckState(Qt.CheckState.Checked)
    assert "before Freya Nowak was born" in editor.date_read.full
    assert not editor.can_save() and not editor.confirm.isHidden()
    editor.confirm.setChecked(True)
    assert editor.can_save()
    editor.date_edit.setText("01/01/2027")
    assert "in the future" in editor.date_read.full
    editor.date_edit.setText("31/02/2026")
    assert "not a real date" in editor.messages() and not editor.can_save()


def test_editor_reads_date_certainty_and_date_recorded(qtbot, demo_case):
    editor = EntryEditor(demo_case, today=dt.date(2026, 11, 26))
    qtbot.addWidget(editor)
    editor.agency.setCurrentIndex(editor.agency.findText("Police"))
    editor.what.setPlainText("Liam stayed over most weekends.")
    editor.source.setText("POL-9")
    editor.date_edit.setText("between May and July 2026")
    assert editor.date_read.full == "Read as between May and July 2026 (between two dates)"
    editor.date_edit.setText("before 3/2026")
    assert editor.date_read.full == "Read as before March 2026 (before a date)"
    editor.recorded.setText("Smarch 2026")
    assert "Date recorded: 'Smarch 2026' is not a date" in editor.messages()
    editor.recorded.setText("04/03/2026")
    assert editor.can_save(), editor.messages()
    entry = editor.entry()
    assert entry.when.court() == "before March 2026"
    assert entry.recorded_on == PartialDate(2026, 3, 4)
    again = EntryEditor(demo_case, entry, today=dt.date(2026, 11, 26))  # one read path
    qtbot.addWidget(again)
    assert again.entry().when == entry.when and again.entry().recorded_on == entry.recorded_on


def test_editor_round_trip_and_undo(qtbot, session, panel):
    case = session.case
    entry_id = panel.view.model.entry_id(0)
    original = get_entry(case, entry_id)
    editor = EntryEditor(case, original)
    qtbot.addWidget(editor)
    editor.outcome.setPlainText("Father's details requested from Kasia.")
    edited = editor.entry()
    assert edited.id == entry_id and edited.event_date == original.event_date
    assert edited.people == original.people and edited.source_ref == original.source_ref
    from app.operations import chronology as chronology_ops

    session.run(chronology_ops.edit_entry, edited)
    assert "requested from Kasia" in panel.view.model.data(panel.view.model.index(0, 5), DISPLAY)
    session.undo()
    assert "requested" not in panel.view.model.data(panel.view.model.index(0, 5), DISPLAY)


def test_import_dialog_preview_accept_and_undo(qtbot, session, panel, tmp_path: Path):
    path = tmp_path / "police.csv"
    path.write_text(
        "Date,Event,Source\n22/05/2026,Liam Carter seen at the door.,POL-1\n"
        "someday,Bad row.,POL-2\nJune 2026,Second visit.,POL-3\n",
        encoding="utf-8",
    )
    panel.view.open_import(path)  # reads the file off the GUI thread, then opens the dialog
    qtbot.waitUntil(lambda: panel.view.import_dialog is not None, timeout=5000)
    dialog = panel.view.import_dialog
    dialog.agency.setCurrentIndex(dialog.agency.findText("Police"))
    qtbot.waitUntil(lambda: not dialog.planning and dialog.plan is not None, timeout=5000)
    assert dialog.plan.agency.name == "Police"
    assert dialog.preview.rowCount() == 3
    assert dialog.preview.data(dialog.preview.index(1, 1), DISPLAY) == "error"
    assert dialog.preview.data(dialog.preview.index(1, 2), DISPLAY) == "someday"  # as written
    assert "row 3, column 'Date'" in dialog.summary.text()
    assert not dialog.import_button.isEnabled()  # nothing until the bad row is dealt with
    before = count_entries(session.case)
    dialog.skip_invalid.setChecked(True)
    assert dialog.import_button.isEnabled() and dialog.import_button.text() == "&Import 2 entries"
    dialog.import_button.click()
    assert count_entries(session.case) == before + 2
    # The import ends with its summary, and the table shows what it brought in.
    view = panel.view
    box = view.findChild(QMessageBox, "import-summary")
    assert box is not None and box.isVisible()
    assert "Imported 2 entries from police.csv (Police)" in box.text()
    assert "Left out: 1 row with errors" in box.text()
    assert view.batch_bar.isVisible() and view.model.rowCount() == 2
    assert view.count.text() == f"2 of {before + 2} entries"
    box.close()
    view.show_all_button.click()
    assert not view.batch_bar.isVisible()
    assert view.count.text() == f"{before + 2} entries"  # refreshed from session.changed
    session.undo()
    assert count_entries(session.case) == before
    assert panel.view.count.text() == f"{before} entries"


def test_import_dialog_remembers_mapping_per_agency(qtbot, session, tmp_path: Path):
    from app.chronology.import_dialog import ImportDialog

    path = tmp_path / "hv.csv"
    path.write_text("When,Narrative,Doc\n22/05/2026,Seen at clinic.,HV-1\n", encoding="utf-8")
    first = ImportDialog(session, path)
    qtbot.addWidget(first)
    assert first.agency.currentIndex() == -1 and not first.import_button.isEnabled()
    first.agency.setCurrentIndex(first.agency.findText("Health visitor"))
    first.mapping_boxes["event_date"].setCurrentIndex(1)  # "When"
    first.mapping_boxes["what_happened"].setCurrentIndex(2)  # "Narrative"
    first.mapping_boxes["source_ref"].setCurrentIndex(3)  # "Doc"
    qtbot.waitUntil(lambda: not first.planning and first.import_button.isEnabled(), timeout=5000)
    first.import_button.click()
    second = ImportDialog(session, path)
    qtbot.addWidget(second)
    second.agency.setCurrentIndex(second.agency.findText("Health visitor"))
    assert second.mapping() == {
        "event_date": "When",
        "what_happened": "Narrative",
        "source_ref": "Doc",
    }
    qtbot.waitUntil(lambda: not second.planning and second.plan is not None, timeout=5000)
    assert second.plan.duplicates  # the same row again is flagged, not dropped


def test_lens_tab(qtbot, panel):
    panel.setCurrentIndex(1)
    lens = panel.lens
    assert lens is not None
    lens.man.setCurrentIndex(lens.man.findText("Liam Carter"))
    qtbot.waitUntil(lambda: not lens.busy and lens.lens.name == "Liam Carter", timeout=5000)
    assert lens.summary.text().startswith("27 entries involve or mention Liam Carter")
    assert lens.entries_model.rowCount() == 27
    # Five agencies, the mother's report and his own (his sleep, from his record).
    assert lens.matrix_model.rowCount() == 7
    assert len(lens.lens.lanes) == 8 and lens.figures is not None
    lens.man.setCurrentIndex(lens.man.findText("Daniel Price"))
    qtbot.waitUntil(lambda: not lens.busy and lens.lens.name == "Daniel Price", timeout=5000)
    assert "No agency saw or spoke to Daniel Price at any point" in lens.gaps.text()


def test_agency_list_is_editable(qtbot, session, panel):
    from app.chronology.agencies import AgenciesDialog

    dialog = AgenciesDialog(session)
    qtbot.addWidget(dialog)
    assert dialog.list.count() == 13  # the seeded defaults
    dialog.name.setText("Youth offending service")
    dialog.prefix.setText("yos")
    dialog.add_agency()
    assert dialog.list.count() == 14
    assert panel.view.agency.findText("Youth offending service") > 0  # views refreshed
    dialog.list.setCurrentRow(
        next(i for i in range(dialog.list.count()) if dialog.list.item(i).text().startswith("GP"))
    )
    dialog.name.setText("Police")
    dialog.rename_selected()
    assert "already an agency called Police" in dialog.message.text()
    dialog.name.setText("GP practice")
    dialog.rename_selected()
    assert panel.view.agency.findText("GP practice") > 0
    session.undo()
    assert panel.view.agency.findText("GP") > 0


def test_header_click_sorts_in_sql(qtbot, panel):
    view = panel.view
    first = view.model.data(view.model.index(0, 0), DISPLAY)
    view.table.horizontalHeader().sectionClicked.emit(0)  # Date: newest first
    assert view.sort.currentText() == "Date (newest first)"
    assert view.model.data(view.model.index(35, 0), DISPLAY) == first
    view.table.horizontalHeader().sectionClicked.emit(2)  # Agency
    agencies = [view.model.data(view.model.index(r, 2), DISPLAY) for r in range(36)]
    assert agencies == sorted(agencies)


def test_lens_offers_the_men_not_the_boys(demo_case) -> None:
    from app.chronology.lens_view import lens_men

    names = [p.display_name for p in lens_men(demo_case, dt.date(2026, 11, 25))]
    # Role holders first (Daniel, Liam), then other adult men (Tomasz); Mason, 7, is a boy.
    assert names == ["Daniel Price", "Liam Carter", "Tomasz Nowak"]


def test_import_dialog_shows_the_encoding_and_a_refused_byte_can_be_read_by_choice(
    qtbot, session, panel, tmp_path: Path
):
    path = tmp_path / "hv.csv"
    data = "Date,Event,Source\n22/05/2026,Zofia Wiśniewska seen at the café,HV-1\n"
    path.write_bytes(data.encode("utf-8") + b"23/05/2026,Paid \xa340,HV-2\n")
    panel.view.open_import(path)  # refused as UTF-8: the dialog opens with the problem shown
    qtbot.waitUntil(lambda: panel.view.import_dialog is not None, timeout=5000)
    dialog = panel.view.import_dialog
    dialog.agency.setCurrentIndex(dialog.agency.findText("Health visitor"))
    assert dialog.table is None and not dialog.import_button.isEnabled()
    assert "line 3 (row 3): byte 0xA3" in dialog.summary.text()
    dialog.fallback.setChecked(True)  # read the stray byte as Windows-1252
    qtbot.waitUntil(lambda: dialog.plan is not None and not dialog.planning, timeout=5000)
    assert "UTF-8" in dialog.encoding_label.text()
    assert "1 byte(s) not valid UTF-8 read as Windows-1252" in dialog.encoding_label.text()
    assert [r.entry.what_happened for r in dialog.plan.rows] == [
        "Zofia Wiśniewska seen at the café", "Paid £40"]
    # Choosing another encoding reads the file again, strictly.
    dialog.fallback.setChecked(False)
    dialog.encoding_box.setCurrentIndex(dialog.encoding_box.findData("cp1252"))
    qtbot.waitUntil(lambda: dialog.plan is not None and not dialog.planning, timeout=5000)
    assert dialog.encoding_label.text().startswith("Read as Windows-1252 (chosen)")
    assert dialog.plan.rows[0].entry.what_happened.startswith("Zofia WiÅ")  # as chosen


def test_a_new_entry_is_selected_and_shown_once_saved(qtbot, session, panel):
    # Saved into a chronology of hundreds of entries sorted by date, a new entry used to land
    # out of sight with the old selection kept: the user could not see what they had saved.
    view = panel.view
    view.table.selectRow(0)
    first = view.selected_id()
    editor = view.entry_editor()
    qtbot.addWidget(editor)
    editor.date_edit.setText("02/12/2026")
    editor.agency.setCurrentIndex(editor.agency.findText("Health visitor"))
    editor.what.setPlainText("New birth visit; father present and spoken to.")
    editor.source.setText("HV notes p.9")
    assert view.apply_editor(editor)
    new = view.selected_id()
    assert new is not None and new != first
    saved = get_entry(session.case, new)
    assert saved is not None and saved.what_happened.startswith("New birth visit")
    row = view.model.row_of(new)
    assert row is not None
    shown = view.table.viewport().rect()
    assert shown.intersects(view.table.visualRect(view.model.index(row, 0)))
    # An edit keeps the selection where it was, as before.
    view.table.selectRow(0)
    editor = view.entry_editor(get_entry(session.case, view.selected_id()))
    qtbot.addWidget(editor)
    editor.outcome.setPlainText("Noted.")
    assert view.apply_editor(editor)
    assert view.selected_id() == view.model.entry_id(0)


def test_a_workbook_of_two_chronologies_asks_which_sheet_to_import(qtbot, panel, tmp_path):
    # Refused outright before (the command line has --sheet); the window asks, by keyboard.
    from PySide6.QtWidgets import QComboBox, QInputDialog

    from tests.test_import_hostile import _cell, _row, _sheets

    a = _row(2, _cell("A2", "22/05/2024"), _cell("B2", "seen in 2024"), _cell("C2", "P1"))
    b = _row(2, _cell("A2", "22/05/2025"), _cell("B2", "seen in 2025"), _cell("C2", "P2"))
    book = _sheets(tmp_path / "years.xlsx", [("2024", "", a), ("2025", "", b)])
    view = panel.view
    view.import_dialog = None
    view.open_import(book)
    qtbot.waitUntil(lambda: view.findChild(QInputDialog, "choose-part") is not None,
                    timeout=10_000)
    chooser = view.findChild(QInputDialog, "choose-part")
    assert "years.xlsx holds 2 sheets that look like chronologies" in chooser.labelText()
    assert chooser.comboBoxItems() == ["Sheet '2024'", "Sheet '2025'"]
    combo = chooser.findChild(QComboBox)
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Down)
    qtbot.keyClick(chooser, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.import_dialog is not None, timeout=10_000)
    assert view.import_dialog.table.rows[0].cells[1] == "seen in 2025"
    view.import_dialog.reject()


def test_columns_can_be_hidden_by_keyboard_and_stay_hidden(qtbot, session, panel):
    # Eleven columns do not fit a 1366-pixel laptop: the user keeps in view the ones they
    # need (Source for a court writer), from the table's context menu; the choice is kept.
    from PySide6.QtCore import QPoint
    from PySide6.QtGui import QContextMenuEvent
    from PySide6.QtWidgets import QApplication, QMenu

    from app.chronology.model import COLUMNS
    from app.panels import chronology as chronology_panel

    view = panel.view
    keys = [attr for attr, _t in COLUMNS]
    # What the window system sends the focused table for the context-menu key or Shift+F10.
    key_menu = QContextMenuEvent(QContextMenuEvent.Reason.Keyboard, QPoint(10, 10),
                                 view.table.mapToGlobal(QPoint(10, 10)))
    QApplication.sendEvent(view.table, key_menu)
    qtbot.waitUntil(lambda: view.findChild(QMenu, "chronology-columns") is not None,
                    timeout=3_000)
    menu = view.findChild(QMenu, "chronology-columns")
    category = menu.findChild(type(menu.actions()[1]), "column:category")
    assert category.isChecked() and category.isEnabled()
    assert not menu.findChild(type(category), "column:date").isEnabled()  # the entry itself
    category.trigger()  # as Enter on the highlighted tick would
    assert view.table.isColumnHidden(keys.index("category"))
    menu.close()
    again = chronology_panel.create(session)  # a later session on this computer
    qtbot.addWidget(again)
    assert again.view.table.isColumnHidden(keys.index("category"))
    assert not again.view.table.isColumnHidden(keys.index("source_ref"))
    again.view.show_column("category", True)
    assert not again.view.table.isColumnHidden(keys.index("category"))
