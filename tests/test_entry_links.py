"""Entries link to the people they name (issue 12 item 8), by the lens's name rules
(forms/lens/mentions.py): an imported row, an older entry left unlinked, and a typed entry;
the links are shown in the table and the person filter finds the entry."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from app.chronology.view import ChronologyView
from app.operations import chronology as chronology_ops
from app.operations.history import History
from app.operations.importing import import_return
from app.session import CaseSession
from forms.importers.mapping import guess_mapping
from forms.importers.plan import build_plan
from forms.importers.readers import read_table
from storage.chronology import ChronologyEntry
from storage.chronology_query import EntryFilter, ordered_ids
from storage.chronology_store import agency_by_name, get_entry
from storage.dates import PartialDate
from storage.lens_store import people

# No People column: the links come from the narrative alone. "Nowak" alone names no one
# (mother, baby and grandfather are all Nowaks); "Daniel" is the only Daniel in the case.
RETURN = (
    "Date,Event,Source\n"
    "22/05/2026,Liam Carter seen at home with Kasia.,POL-1\n"
    "23/05/2026,Call from a Nowak relative; nothing about anyone by name.,POL-2\n"
    "24/05/2026,Daniel attended the station.,POL-3\n"
)


def entry(case, date: PartialDate, what: str, people: list[int], **more) -> ChronologyEntry:
    return ChronologyEntry(event_date=date, agency_id=agency_by_name(case, "Police").id,
                           source_ref="typed", what_happened=what, people=people, **more)


def ids(case) -> dict[str, int]:
    return {p.display_name: p.id for p in people(case)}


def by_person(case, person_id: int) -> set[int]:
    return set(ordered_ids(case, EntryFilter(person_ids=(person_id,))))


def imported(case, tmp_path: Path) -> dict[str, ChronologyEntry]:
    path = tmp_path / "police.csv"
    path.write_text(RETURN, encoding="utf-8")
    table = read_table(path)
    plan = build_plan(case, table, agency_by_name(case, "Police"), guess_mapping(table.headers))
    assert not plan.invalid_rows
    import_return(case, plan)
    got = {}
    for entry_id in ordered_ids(case, EntryFilter()):
        entry = get_entry(case, entry_id)
        if entry is not None and entry.source_ref.startswith("POL-"):
            got[entry.source_ref] = entry
    return got


def test_an_imported_row_links_the_people_its_text_names_and_the_filter_finds_it(
        demo_case, tmp_path):
    who = ids(demo_case)
    rows = imported(demo_case, tmp_path)
    assert sorted(rows["POL-1"].people) == sorted([who["Liam Carter"], who["Kasia"]])
    assert rows["POL-2"].people == []  # a family name alone names no one
    assert rows["POL-3"].people == [who["Daniel Price"]]  # the only Daniel
    assert rows["POL-1"].id in by_person(demo_case, who["Kasia"])
    assert rows["POL-3"].id in by_person(demo_case, who["Daniel Price"])
    assert rows["POL-3"].id not in by_person(demo_case, who["Liam Carter"])


def test_older_unlinked_entries_are_linked_in_one_undoable_action(demo_case):
    who = ids(demo_case)
    history = History()
    # An entry as an import before this change left it: naming Liam, linked to nobody.
    old = entry(demo_case, PartialDate(2026, 4, 2), "Home visit; Liam Carter was present.", [],
                outcome="Tomasz Nowak to be told.")
    history.record(chronology_ops.add_entry(demo_case, old))
    entry_id = max(ordered_ids(demo_case, EntryFilter()))
    assert chronology_ops.named_links(demo_case) == sorted(
        [(entry_id, who["Liam Carter"]), (entry_id, who["Tomasz Nowak"])])
    changes = chronology_ops.link_named_people(demo_case)
    history.record(changes)
    assert changes.label == "Link 1 entry to the people they name"
    assert sorted(get_entry(demo_case, entry_id).people) == sorted(
        [who["Liam Carter"], who["Tomasz Nowak"]])
    assert entry_id in by_person(demo_case, who["Tomasz Nowak"])
    assert chronology_ops.named_links(demo_case) == []  # nothing left to link
    assert not chronology_ops.link_named_people(demo_case).changed
    history.undo(demo_case)
    assert get_entry(demo_case, entry_id).people == []


def test_an_entry_already_linked_by_hand_is_left_as_it_is(demo_case):
    who = ids(demo_case)
    chronology_ops.add_entry(demo_case, entry(
        demo_case, PartialDate(2026, 4, 3), "Liam Carter and Daniel Price argued.",
        [who["Daniel Price"]]))
    assert chronology_ops.named_links(demo_case) == []


@pytest.fixture
def view(qtbot, demo_case):
    session = CaseSession(demo_case)
    widget = ChronologyView(session)
    qtbot.addWidget(widget)
    widget.resize(1300, 700)
    widget.show()
    yield widget
    session.history.clear()


def test_the_window_links_older_entries_shows_the_names_and_undo_takes_it_back(view, demo_case):
    who = ids(demo_case)
    session = view.session
    session.run(chronology_ops.add_entry, entry(
        demo_case, PartialDate(2026, 4, 2), "Ewa Nowak phoned about Freya.", []))
    entry_id = max(ordered_ids(demo_case, EntryFilter()))
    assert view.link_button.isEnabled() and view.link_button.text() == "Lin&k named people…"
    assert view.link_named_people(ask=False)
    assert sorted(get_entry(demo_case, entry_id).people) == sorted(
        [who["Ewa Nowak"], who["Freya Nowak"]])
    assert session.history.undo_label == "Link 1 entry to the people they name"
    # The People column shows the links, so a wrong one can be seen and unticked in the editor.
    model = view.model
    column = next(c for c in range(model.columnCount())
                  if model.headerData(c, Qt.Orientation.Horizontal) == "People")
    shown = [model.index(r, column).data() for r in range(model.rowCount())]
    assert any("Ewa Nowak" in (s or "") and "Freya Nowak" in (s or "") for s in shown)
    # Nothing more to link: the button says so instead of asking.
    assert not view.link_named_people(ask=False)
    assert "every entry that names someone is linked" in view.count.text()
    session.undo()
    assert get_entry(demo_case, entry_id).people == []
