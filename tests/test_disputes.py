"""Disputed facts: who disputes an entry, their version, and the neutral court wording.

Stored in a real encrypted case, undone through the audit trail, exported to .docx and .pdf and
read back from the files; the chronology's "disputed" filter; the editor widget offscreen.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import docx
import pdfplumber
import pytest

from app.operations import chronology as chronology_ops
from app.operations.export import export_case
from exports.document import ExportFormat, ExportOptions, ExportStyle
from forms.disputes import neutral_wording
from storage import schema
from storage.case import CaseDetails
from storage.casefile import CaseFile
from storage.chronology import ChronologyEntry, Dispute, DisputeParty
from storage.chronology_query import EntryFilter, ordered_ids
from storage.chronology_store import (
    add_entry,
    agency_by_name,
    get_entry,
)
from storage.dates import PartialDate
from storage.errors import InvalidValue
from storage.ids import PersonId
from storage.people import Person
from tests.conftest import PASSPHRASE

LIAM = PersonId(7)
NAMES = {LIAM: "Liam Carter"}


@pytest.mark.parametrize(
    ("allegation", "disputes", "flagged", "wording"),
    [
        (
            "Liam Carter punched the wall during an argument.",
            [Dispute(DisputeParty.FATHER, "He slipped and hit the door frame.")],
            True,
            "It is alleged that Liam Carter punched the wall during an argument; the father "
            "disputes this and says he slipped and hit the door frame.",
        ),
        (
            "The baby was left alone in the flat.",
            [
                Dispute(DisputeParty.MOTHER, "Her sister was there"),
                Dispute(DisputeParty.NAMED_MAN, "he was at work", person_id=LIAM),
            ],
            True,
            "It is alleged that the baby was left alone in the flat; the mother disputes this "
            "and says her sister was there; Liam Carter disputes this and says he was at work.",
        ),
        (
            "Kasia refused entry to the health visitor.",
            [
                Dispute(DisputeParty.OTHER, "", party_name="the maternal grandmother"),
                Dispute(DisputeParty.LOCAL_AUTHORITY, "the visit was unannounced"),
            ],
            True,
            "It is alleged that Kasia refused entry to the health visitor; the maternal "
            "grandmother disputes this; the local authority disputes this and says the visit "
            "was unannounced.",
        ),
        ("Neighbour heard shouting.", [], True,
         "It is alleged that neighbour heard shouting; this is disputed."),
        ("Neighbour heard shouting.", [], False, "Neighbour heard shouting."),
    ],
)
def test_neutral_wording(allegation, disputes, flagged, wording) -> None:
    assert neutral_wording(allegation, disputes, NAMES.__getitem__, flagged) == wording


def _liam(case: CaseFile) -> PersonId:
    return next(p.id for p in case.all(Person) if p.given_names == "Liam")


def _disputed_entry(case: CaseFile) -> ChronologyEntry:
    police = agency_by_name(case, "Police").id
    return ChronologyEntry(
        PartialDate(2026, 5, 2), police,
        "Liam Carter punched the wall while holding the baby.", "POL-77 p.3",
        key_event=True,
        disputes=[
            Dispute(DisputeParty.FATHER, "he slipped and hit the door frame"),
            Dispute(DisputeParty.NAMED_MAN, "he was not holding the baby", person_id=_liam(case)),
        ],
    )


def test_disputes_are_stored_edited_and_undone_with_the_entry(demo_case) -> None:
    from app.session import CaseSession

    session = CaseSession(demo_case)
    entry = _disputed_entry(demo_case)
    session.run(chronology_ops.add_entry, entry)
    stored = get_entry(demo_case, entry.id)
    assert stored.disputed  # the flag follows the parties
    assert [(d.party, d.version) for d in stored.disputes] == [
        (DisputeParty.FATHER, "he slipped and hit the door frame"),
        (DisputeParty.NAMED_MAN, "he was not holding the baby"),
    ]
    stored.disputes[0].version = "he tripped over the pram"
    del stored.disputes[1]
    session.run(chronology_ops.edit_entry, stored)
    again = get_entry(demo_case, entry.id)
    assert [(d.party, d.version) for d in again.disputes] == [
        (DisputeParty.FATHER, "he tripped over the pram")]
    session.undo()
    assert len(get_entry(demo_case, entry.id).disputes) == 2
    session.run(chronology_ops.delete_entry, entry.id)
    assert get_entry(demo_case, entry.id) is None
    session.undo()
    assert len(get_entry(demo_case, entry.id).disputes) == 2


def test_a_dispute_says_who(demo_case) -> None:
    entry = _disputed_entry(demo_case)
    entry.disputes = [Dispute(DisputeParty.OTHER, "it was a cat")]
    with pytest.raises(InvalidValue, match="Say who disputes"):
        with demo_case.transaction("Add") as tx:
            add_entry(tx, entry)
    entry.disputes = [Dispute(DisputeParty.NAMED_MAN, "no")]
    with pytest.raises(InvalidValue, match="Choose which man"):
        with demo_case.transaction("Add") as tx:
            add_entry(tx, entry)


def test_disputed_filter(demo_case) -> None:
    entry = _disputed_entry(demo_case)
    with demo_case.transaction("Add") as tx:
        add_entry(tx, entry)
    found = list(ordered_ids(demo_case, EntryFilter(disputed_only=True)))
    assert entry.id in found
    assert all(get_entry(demo_case, i).disputed for i in found)
    assert len(found) < len(ordered_ids(demo_case, EntryFilter()))


WORDING = ("It is alleged that Liam Carter punched the wall while holding the baby; the father "
           "disputes this and says he slipped and hit the door frame; Liam Carter disputes this "
           "and says he was not holding the baby.")


@pytest.mark.parametrize("style", [ExportStyle.COURT, ExportStyle.REVIEW])
def test_disputed_entry_is_worded_neutrally_in_docx_and_pdf(demo_case, tmp_path: Path,
                                                             style) -> None:
    with demo_case.transaction("Add") as tx:
        add_entry(tx, _disputed_entry(demo_case))
    out = tmp_path / "out.docx"
    export_case(demo_case, ExportOptions(format=ExportFormat.DOCX, style=style), out)
    cells = [c.text for row in docx.Document(str(out)).tables[-1].rows for c in row.cells]
    assert any(WORDING in " ".join(c.split()) for c in cells)
    pdf = tmp_path / "out.pdf"
    export_case(demo_case, ExportOptions(format=ExportFormat.PDF, style=style), pdf)
    with pdfplumber.open(str(pdf)) as document:
        cells = [" ".join((cell or "").split()) for page in document.pages
                 for table in page.extract_tables() for row in table for cell in row]
    assert any(WORDING in c for c in cells)


def test_anonymised_export_names_the_man_by_his_pseudonym(demo_case, tmp_path: Path) -> None:
    with demo_case.transaction("Add") as tx:
        add_entry(tx, _disputed_entry(demo_case))
    out = tmp_path / "anon.docx"
    export_case(demo_case, ExportOptions(style=ExportStyle.REVIEW, anonymise=True), out)
    text = " ".join(c.text for row in docx.Document(str(out)).tables[-1].rows for c in row.cells)
    assert "Liam" not in text
    assert "disputes this and says he was not holding the baby" in " ".join(text.split())


def test_migration_to_v5_adds_disputes_to_an_old_file(tmp_path: Path) -> None:
    path = tmp_path / "v4.vcase"
    with CaseFile.create(path, PASSPHRASE, CaseDetails(reference="V4"), schema_version=4) as case:
        assert not case.db.execute(
            "SELECT 1 FROM sqlite_master WHERE name = 'entry_dispute'").fetchone()
    with CaseFile.open(path, PASSPHRASE) as case:
        assert case.schema_version == schema.LATEST_VERSION
        police = agency_by_name(case, "Police").id
        with case.transaction("Add") as tx:
            entry_id = add_entry(tx, ChronologyEntry(
                PartialDate(2026, 1, 2), police, "Shouting", "POL-1",
                disputes=[Dispute(DisputeParty.MOTHER, "it was the television")]))
        assert get_entry(case, entry_id).disputes[0].version == "it was the television"


def test_editor_disputes_widget_previews_the_court_wording(qtbot, demo_case) -> None:
    from app.chronology.editor import EntryEditor

    editor = EntryEditor(demo_case, today=dt.date(2026, 11, 26))
    qtbot.addWidget(editor)
    editor.date_edit.setText("02/05/2026")
    editor.agency.setCurrentIndex(editor.agency.findText("Police"))
    editor.what.setPlainText("Liam Carter punched the wall while holding the baby.")
    editor.source.setText("POL-77 p.3")
    assert editor.disputes.isHidden()
    editor.disputed.setChecked(True)
    assert not editor.disputes.isHidden() and len(editor.disputes.rows) == 1
    first = editor.disputes.rows[0]
    first.party.setCurrentIndex(first.party.findData("father"))
    first.version.setText("he slipped and hit the door frame")
    second = editor.disputes.add_row()
    second.party.setCurrentIndex(second.party.findData("named_man"))
    assert not editor.can_save() and "choose which man" in editor.messages()
    second.man.setCurrentIndex(second.man.findText("Liam Carter"))
    second.version.setText("he was not holding the baby")
    assert editor.can_save(), editor.messages()
    assert editor.disputes.preview.text() == f"Court wording: {WORDING}"
    entry = editor.entry()
    assert entry.disputed and [d.party for d in entry.disputes] == [
        DisputeParty.FATHER, DisputeParty.NAMED_MAN]
    editor.disputed.setChecked(False)  # unticked: the parties go with it
    assert editor.entry().disputes == [] and not editor.entry().disputed


def test_chronology_view_disputed_filter(qtbot, demo_case) -> None:
    from app.chronology.model import COLUMNS
    from app.chronology.view import ChronologyView
    from app.qt_roles import DISPLAY
    from app.session import CaseSession

    session = CaseSession(demo_case)
    view = ChronologyView(session)
    qtbot.addWidget(view)
    everything = view.model.rowCount()
    session.run(chronology_ops.add_entry, _disputed_entry(demo_case))
    view.disputed_only.setChecked(True)
    disputed = len(ordered_ids(demo_case, EntryFilter(disputed_only=True)))
    assert 0 < view.model.rowCount() == disputed < everything
    flags = [attr for attr, _title in COLUMNS].index("flags")
    assert all("disputed" in view.model.data(view.model.index(r, flags), DISPLAY)
               for r in range(view.model.rowCount()))
