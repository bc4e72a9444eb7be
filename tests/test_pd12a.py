"""The court chronology (PD12A) builder: two years before proceedings, older key events pinned
in, the practitioner's own pins and exclusions, and the page count the court will see."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pypdf
import pytest

from app.operations.export import build_document, export_case
from exports.court import page_count, select_entries
from exports.document import ExportFormat, ExportOptions, ExportStyle
from forms.dates import parse_event_date
from forms.pd12a import Reason, Scope, candidates
from storage import schema
from storage.case import CaseDetails
from storage.casefile import CaseFile
from storage.chronology import ChronologyEntry, CourtChoice
from storage.chronology_store import add_entries, agency_by_name, entries, update_entry
from storage.court_store import proceedings, set_issued_on
from storage.dates import PartialDate
from storage.snapshot import load_snapshot
from tests.conftest import PASSPHRASE

ISSUED = dt.date(2026, 3, 3)  # the window opens on 3 March 2024
TODAY = dt.date(2026, 11, 26)

# (what, date as typed, key event, practitioner's choice) -> the reason it is in or out
CASES = [
    ("old, not key", "12/01/2023", False, None, Reason.BEFORE_WINDOW),
    ("old and key", "12/01/2023", True, None, Reason.KEY_EARLIER),
    ("old, pinned in", "2022", False, CourtChoice.INCLUDE, Reason.PINNED),
    ("old key, left out", "2022", True, CourtChoice.EXCLUDE, Reason.EXCLUDED),
    ("day before the window", "02/03/2024", False, None, Reason.BEFORE_WINDOW),
    ("first day of the window", "03/03/2024", False, None, Reason.IN_WINDOW),
    ("year may fall inside", "2024", False, None, Reason.IN_WINDOW),
    ("range reaching in", "between January and March 2024", False, None, Reason.IN_WINDOW),
    ("bound reaching in", "before 1/2025", False, None, Reason.IN_WINDOW),
    ("bound before", "before 2/2024", False, None, Reason.BEFORE_WINDOW),
    ("after an old date", "after 2019", False, None, Reason.IN_WINDOW),
    ("in window, left out", "05/05/2025", False, CourtChoice.EXCLUDE, Reason.EXCLUDED),
    ("since proceedings", "10/10/2026", False, None, Reason.IN_WINDOW),
]


def _entries(case: CaseFile) -> list[ChronologyEntry]:
    police = agency_by_name(case, "Police").id
    made = []
    for n, (what, typed, key, choice, _reason) in enumerate(CASES):
        entry = ChronologyEntry(PartialDate(2000), police, what, f"POL-{n}", key_event=key,
                                court_choice=choice)
        entry.when = parse_event_date(typed, today=TODAY)
        made.append(entry)
    return made


def test_each_entry_is_in_or_out_for_a_reason(new_case) -> None:
    with new_case.transaction("Add") as tx:
        add_entries(tx, _entries(new_case))
    found = {c.entry.what_happened: c.reason
             for c in candidates(entries(new_case), Scope(ISSUED, TODAY))}
    assert found == {what: reason for what, *_rest, reason in CASES}


def test_proceedings_date_is_kept_in_the_case_and_drives_the_export(new_case) -> None:
    with new_case.transaction("Add") as tx:
        add_entries(tx, _entries(new_case))
    assert proceedings(new_case).issued_on is None
    with new_case.transaction("Proceedings issued") as tx:
        set_issued_on(tx, new_case, PartialDate.from_date(ISSUED))
    snapshot = load_snapshot(new_case, today=TODAY)
    assert snapshot.proceedings_issued == ISSUED
    chosen = [e.what_happened for e in select_entries(snapshot, ExportOptions())]
    assert chosen == [c.entry.what_happened
                      for c in candidates(snapshot.entries, Scope(ISSUED, TODAY)) if c.included]
    document, _ = build_document(snapshot, ExportOptions())
    summary = " ".join(b.text for b in document.blocks() if type(b).__name__ == "Paragraph")
    assert "the two years before proceedings were issued on 3 March 2026" in summary
    # Without a recorded date the window counts back from today, and the document says so.
    with new_case.transaction("Clear") as tx:
        set_issued_on(tx, new_case, None)
    document, _ = build_document(load_snapshot(new_case, today=TODAY), ExportOptions())
    summary = " ".join(b.text for b in document.blocks() if type(b).__name__ == "Paragraph")
    assert "the date proceedings were issued has not been recorded" in summary


def test_a_pin_is_kept_on_the_entry(new_case) -> None:
    with new_case.transaction("Add") as tx:
        add_entries(tx, _entries(new_case))
    old = next(e for e in entries(new_case) if e.what_happened == "old, not key")
    old.court_choice = CourtChoice.INCLUDE
    with new_case.transaction("Pin") as tx:
        update_entry(tx, old)
    scope = Scope(ISSUED, TODAY)
    assert {c.entry.what_happened: c.reason for c in candidates(entries(new_case), scope)}[
        "old, not key"] is Reason.PINNED


@pytest.mark.parametrize("fmt", [ExportFormat.PDF])
def test_page_count_is_the_pdfs_own(demo_case, tmp_path: Path, fmt) -> None:
    snapshot = load_snapshot(demo_case, today=TODAY)
    options = ExportOptions(format=fmt, style=ExportStyle.COURT)
    from app.genogram.rendering import render_png

    # With the genogram figure, as the export draws it: the count must be the file's own.
    from exports.genogram.data import genogram_data

    expected = page_count(build_document(snapshot, options, render_png(genogram_data(snapshot)))[0])
    out = tmp_path / "court.pdf"
    export_case(demo_case, options, out, render_genogram=render_png)
    assert len(pypdf.PdfReader(str(out)).pages) == expected.total > expected.chronology > 1
    # The chronology is the file's last section: it starts on the page its heading is on.
    reader = pypdf.PdfReader(str(out))
    starts = [n for n, page in enumerate(reader.pages, 1)
              if "5. Chronology" in (page.extract_text() or "")]
    assert expected.chronology == expected.total - starts[-1] + 1


def test_migration_to_v9_adds_proceedings_and_choices(tmp_path: Path) -> None:
    path = tmp_path / "v8.vcase"
    with CaseFile.create(path, PASSPHRASE, CaseDetails(reference="V8"), schema_version=8):
        pass
    with CaseFile.open(path, PASSPHRASE) as case:
        assert case.schema_version == schema.LATEST_VERSION
        assert proceedings(case).issued_on is None
        with case.transaction("Issued") as tx:
            set_issued_on(tx, case, PartialDate(2026, 3, 3))
        assert proceedings(case).issued_on == PartialDate(2026, 3, 3)


def test_builder_pins_counts_pages_and_warns_above_the_limit(qtbot, demo_case) -> None:
    from PySide6.QtCore import Qt

    from app.chronology.court_builder import CHECK, CourtBuilder
    from app.session import CaseSession

    session = CaseSession(demo_case)
    builder = CourtBuilder(session, page_limit=3)
    qtbot.addWidget(builder)
    # A ceiling, not a speed check: the count is laid out on a worker, which on a loaded
    # two-core machine took over 10 s.
    qtbot.waitUntil(lambda: builder.pages is not None, timeout=30000)
    expected = page_count(build_document(load_snapshot(demo_case), ExportOptions())[0])
    assert builder.pages == expected and expected.chronology > 3
    assert f"{expected.chronology} pages of chronology, {expected.total} pages in all" in (
        builder.count.text())
    assert "court's directions on length prevail" in builder.warning.text()
    # Proceedings issued: typed with the one date grammar, a whole day required.
    builder.issued.setText("March 2026")
    builder.issued.editingFinished.emit()
    assert "gives no day" in builder.message.text()
    builder.issued.setText("03/03/2026")
    builder.issued.editingFinished.emit()
    assert proceedings(demo_case).issued_on == PartialDate(2026, 3, 3)
    assert "proceedings were issued on 3 March 2026" in builder.scope.text()
    # Untick the first listed entry: it is left out, one undoable action.
    first = builder.model.rows[0]
    assert first.included
    before = builder.pages
    builder.model.setData(builder.model.index(0, 0), Qt.CheckState.Unchecked.value, CHECK)
    stored = {e.id: e for e in entries(demo_case)}[first.entry.id]
    assert stored.court_choice is CourtChoice.EXCLUDE
    assert builder.model.rows[0].reason is Reason.EXCLUDED
    qtbot.waitUntil(lambda: builder.pages is not None and not builder._counting, timeout=10000)
    assert builder.pages.chronology <= before.chronology
    # Ticking it again goes back to the rule (no pin is kept where the rule already lists it).
    builder.model.setData(builder.model.index(0, 0), Qt.CheckState.Checked.value, CHECK)
    assert {e.id: e for e in entries(demo_case)}[first.entry.id].court_choice is None
    session.undo()
    assert {e.id: e for e in entries(demo_case)}[first.entry.id].court_choice is (
        CourtChoice.EXCLUDE)
    builder.page_limit = 500
    builder.recount()
    qtbot.waitUntil(lambda: not builder._counting, timeout=10000)
    assert builder.warning.text() == ""


def test_operations_record_proceedings_and_pins_as_one_undoable_action_each(new_case) -> None:
    from app.operations.court import set_court_choice, set_proceedings_issued
    from app.operations.history import History
    from storage.errors import InvalidValue

    history = History()
    history.record(set_proceedings_issued(new_case, ISSUED))
    assert proceedings(new_case).issued_on == PartialDate.from_date(ISSUED)
    assert not set_proceedings_issued(new_case, ISSUED).changed  # nothing new: no undo entry
    with pytest.raises(InvalidValue, match="a date in the future"):
        set_proceedings_issued(new_case, dt.date.today() + dt.timedelta(days=2))
    with new_case.transaction("Add") as tx:
        add_entries(tx, _entries(new_case))
    old = next(e for e in entries(new_case) if e.what_happened == "old, not key")
    changes = set_court_choice(new_case, old.id, CourtChoice.INCLUDE)
    assert "Pin in entry 12/01/2023" in changes.label
    history.record(changes)
    history.undo(new_case)
    assert {e.id: e for e in entries(new_case)}[old.id].court_choice is None
    history.undo(new_case)
    assert proceedings(new_case).issued_on is None
