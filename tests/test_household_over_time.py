"""The household over time: periods typed in the one date grammar, the household as at a day,
the as-at genogram, "household on this date" from a chronology entry, and the review export's
household under each key event (read back from the .docx and .pdf)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import docx
import pdfplumber
import pytest

from app.operations.changes import Changes
from app.operations.export import export_case
from app.operations.history import History
from app.operations.household import set_household_periods
from exports.document import ExportFormat, ExportOptions, ExportStyle
from exports.errors import ExportError
from exports.genogram.data import load_genogram_data
from forms.dates import parse_event_date
from forms.household import TypedPeriod, household_text, household_then, members_on, read_periods
from storage.chronology import ChronologyEntry
from storage.chronology_store import add_entry, agency_by_name
from storage.errors import InvalidValue
from storage.family_store import household_rows
from storage.household import HouseholdMember
from storage.ids import PersonId
from storage.people import Person, Sex
from storage.snapshot import load_snapshot

TODAY = dt.date(2026, 11, 26)


def _family(case) -> dict[str, PersonId]:
    """Freya (born 16/03/2026) with her mother Kasia throughout; Daniel lived with them until
    the end of 2025; Liam moved in in May 2026, moved out 20/08/2026 and back in October."""
    with case.transaction("Family") as tx:
        ids = {
            "Freya": tx.add(Person("Freya", "Nowak", sex=Sex.FEMALE, is_index_child=True)),
            "Kasia": tx.add(Person("Kasia", "Nowak", sex=Sex.FEMALE)),
            "Daniel": tx.add(Person("Daniel", "Price", sex=Sex.MALE)),
            "Liam": tx.add(Person("Liam", "Carter", sex=Sex.MALE)),
        }
    ids = {k: PersonId(v) for k, v in ids.items()}
    periods = {
        "Freya": [TypedPeriod("16/03/2026", "")],
        "Kasia": [TypedPeriod("c. 2024", "")],
        "Daniel": [TypedPeriod("Sept 2024", "31/12/25", "moved to his mother's")],
        "Liam": [TypedPeriod("May 2026", "20/08/2026"), TypedPeriod("10/2026", "")],
    }
    for who, typed in periods.items():
        set_household_periods(case, ids[who], read_periods(ids[who], typed, today=TODAY))
    return ids


def _names(case, ids) -> list[str]:
    people = {p.id: p.given_names for p in case.all(Person)}
    return [people[i] for i in ids]


def test_the_household_as_at_two_dates(new_case) -> None:
    ids = _family(new_case)
    snapshot = load_snapshot(new_case, today=TODAY)
    assert _names(new_case, members_on(snapshot, dt.date(2025, 12, 1))) == ["Kasia", "Daniel"]
    assert _names(new_case, members_on(snapshot, dt.date(2026, 6, 1))) == [
        "Freya", "Kasia", "Liam"]
    assert _names(new_case, members_on(snapshot, dt.date(2026, 9, 1))) == ["Freya", "Kasia"]
    # The genogram is fed the household as at the day it is drawn for.
    assert load_genogram_data(new_case, dt.date(2025, 12, 1)).household == {
        ids["Kasia"], ids["Daniel"]}
    assert load_genogram_data(new_case, dt.date(2026, 6, 1)).household == {
        ids["Freya"], ids["Kasia"], ids["Liam"]}


def test_a_vague_date_shows_the_household_changing_within_it(new_case) -> None:
    _family(new_case)
    snapshot = load_snapshot(new_case, today=TODAY)
    people = {p.id: p.given_names for p in new_case.all(Person)}
    august = household_then(snapshot, parse_event_date("August 2026"))
    assert august.changed
    assert household_text(august, people.__getitem__, exact_day=False) == (
        "In the household on 1 August 2026: Freya, Kasia, Liam; on 31 August 2026: Freya, "
        "Kasia.")
    day = household_then(snapshot, parse_event_date("02/06/2026"))
    assert household_text(day, people.__getitem__, exact_day=True) == (
        "In the household that day: Freya, Kasia, Liam.")
    before = household_then(snapshot, parse_event_date("before 31/12/2025"))
    # The day before the bound; Daniel "until 31/12/25" means he left that day.
    assert _names(new_case, before.at_start) == ["Kasia", "Daniel"]


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ([TypedPeriod("May 2026", "April 2026")], "ends \\(April 2026\\) before it starts"),
        ([TypedPeriod("2024", ""), TypedPeriod("2025", "")], "Two household periods overlap"),
        ([TypedPeriod("Smarch 2026", "")], "Household period 1, from: .*'Smarch' is not a month"),
        ([TypedPeriod("", "between May and July 2026")], "only a chronology event's date"),
    ],
)
def test_periods_that_cannot_be_true_are_refused(typed, message) -> None:
    with pytest.raises(InvalidValue, match=message):
        read_periods(PersonId(1), typed, today=TODAY)


def test_editing_periods_is_one_undoable_action_writing_only_what_changed(new_case) -> None:
    ids = _family(new_case)
    history = History()
    liam = household_rows(new_case, ids["Liam"])
    assert [(m.from_date.display(), m.to_date.display() if m.to_date else None) for m in liam] \
        == [("May 2026", "20/08/2026"), ("October 2026", None)]
    # Same periods again: nothing to write, nothing to undo.
    assert not set_household_periods(new_case, ids["Liam"], liam).changed
    changed = [liam[0], HouseholdMember(ids["Liam"], liam[1].from_date, None, "back with Kasia",
                                        liam[1].id)]
    changes: Changes = set_household_periods(new_case, ids["Liam"], changed)
    assert changes.label == "Household periods of Liam Carter" and changes.rows == 1
    history.record(changes)
    history.undo(new_case)
    assert household_rows(new_case, ids["Liam"])[1].notes == ""


def _key_event(case, typed: str, text: str, ref: str) -> None:
    police = agency_by_name(case, "Police").id
    when = parse_event_date(typed, today=TODAY)
    entry = ChronologyEntry(when.date, police, text, ref, key_event=True)
    entry.when = when
    with case.transaction("Add") as tx:
        add_entry(tx, entry)


@pytest.mark.parametrize("fmt", [ExportFormat.DOCX, ExportFormat.PDF])
def test_review_export_adds_the_household_under_each_key_event(new_case, tmp_path: Path,
                                                               fmt) -> None:
    _family(new_case)
    _key_event(new_case, "02/06/2026", "Neighbour heard the baby crying for hours.", "POL-1")
    _key_event(new_case, "10/12/2025", "Shouting at the flat.", "POL-2")
    out = tmp_path / f"review.{fmt}"
    export_case(new_case, ExportOptions(format=fmt, style=ExportStyle.REVIEW,
                                        household_on_key_events=True), out)
    if fmt is ExportFormat.DOCX:
        cells = [c.text for row in docx.Document(str(out)).tables[-1].rows for c in row.cells]
    else:
        with pdfplumber.open(str(out)) as document:
            cells = [cell or "" for page in document.pages for table in page.extract_tables()
                     for row in table for cell in row]
    text = [" ".join(c.split()) for c in cells]
    assert any("crying for hours." in c and "In the household that day: Freya Nowak, "
               "Kasia Nowak, Liam Carter." in c for c in text)
    assert any("Shouting at the flat." in c and "In the household that day: Kasia Nowak, "
               "Daniel Price." in c for c in text)
    # Off by default.
    plain = tmp_path / f"plain.{fmt}"
    export_case(new_case, ExportOptions(format=fmt, style=ExportStyle.REVIEW), plain)
    if fmt is ExportFormat.DOCX:
        body = " ".join(c.text for row in docx.Document(str(plain)).tables[-1].rows
                        for c in row.cells)
        assert "In the household" not in body


def test_the_court_style_does_not_take_the_household_option(new_case, tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="court style does not take the household"):
        export_case(new_case, ExportOptions(style=ExportStyle.COURT,
                                            household_on_key_events=True), tmp_path / "c.docx")


def test_as_at_genogram_and_household_on_an_entrys_date(qtbot, new_case) -> None:
    from app.chronology.view import ChronologyView
    from app.genogram.editor import GenogramEditor
    from app.session import CaseSession

    ids = _family(new_case)
    _key_event(new_case, "10/12/2025", "Shouting at the flat.", "POL-2")
    session = CaseSession(new_case)
    editor = GenogramEditor(session)
    qtbot.addWidget(editor)
    assert editor.data.household == {ids["Freya"], ids["Kasia"], ids["Liam"]}  # today
    editor.as_at.date.setText("March 2026")
    editor.as_at.date.editingFinished.emit()
    assert "gives no day" in editor.as_at.error.text()
    editor.as_at.date.setText("01/06/2026")
    editor.as_at.date.editingFinished.emit()
    assert editor.as_at_day == dt.date(2026, 6, 1)
    assert editor.data.household == {ids["Freya"], ids["Kasia"], ids["Liam"]}
    assert "as it was on 1 June 2026" in editor.as_at.status.text()
    assert not editor.panel.household.isEnabled() or editor.panel.person is None
    # From a chronology entry: the genogram shows who lived there that day.
    view = ChronologyView(session)
    qtbot.addWidget(view)
    view.table.selectRow(0)
    view.household_button.click()
    assert editor.as_at_day == dt.date(2025, 12, 10)
    assert editor.data.as_at == dt.date(2025, 12, 10)
    household = next(g for g in editor.drawing.groups if g.kind == "household")
    assert "Household on 10 December 2025" in str(household)
    assert editor.data.household == {ids["Kasia"], ids["Daniel"]}
    assert editor.as_at.status.text().endswith("Living with the child: Kasia Nowak, "
                                               "Daniel Price.")
    editor.as_at.today.click()
    assert editor.as_at_day is None and "today" in editor.as_at.status.text()


def test_household_periods_from_the_person_panel(qtbot, new_case, monkeypatch) -> None:
    from PySide6.QtWidgets import QDialog

    from app.genogram import household_periods
    from app.genogram.editor import GenogramEditor
    from app.session import CaseSession

    ids = _family(new_case)
    session = CaseSession(new_case)
    editor = GenogramEditor(session)
    qtbot.addWidget(editor)
    editor.select(ids["Daniel"])
    assert editor.panel.person.id == ids["Daniel"]

    def accept(dialog) -> int:  # what the practitioner types, then Save
        start, end, _notes, _id = dialog.rows[0]
        end.setText("15/01/2026")
        dialog.add_row()
        dialog.rows[1][0].setText("Nov 2026")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(household_periods.HouseholdPeriodsDialog, "exec", accept)
    editor.panel.periods_button.click()
    rows = household_rows(new_case, ids["Daniel"])
    assert [(m.from_date.display(), m.to_date.display() if m.to_date else None) for m in rows] \
        == [("September 2024", "15/01/2026"), ("November 2026", None)]
    assert session.history.undo_label == "Household periods of Daniel Price"


def test_before_the_babys_birth_the_bar_says_so(qtbot, demo_case) -> None:
    from app.genogram.editor import GenogramEditor
    from app.session import CaseSession

    editor = GenogramEditor(CaseSession(demo_case))
    qtbot.addWidget(editor)
    editor.as_at.date.setText("10/10/2025")  # Freya was born in 2026
    editor.as_at.date.editingFinished.emit()
    assert editor.as_at.status.text().endswith(
        "Before Freya Nowak was born; living in the household: Kasia Nowak.")
    editor.as_at.date.setText("01/06/2026")
    editor.as_at.date.editingFinished.emit()
    assert editor.as_at.status.text().endswith(
        "Living with the child: Freya Nowak, Kasia Nowak, Liam Carter.")
