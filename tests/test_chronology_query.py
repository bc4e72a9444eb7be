"""SQL-side filtering, sorting and full-text search of the chronology."""

from __future__ import annotations

import datetime as dt

import pytest

from storage.chronology import ChronologyEntry
from storage.chronology_query import EntryFilter, SortOrder, fts_query, ordered_ids
from storage.chronology_store import add_entries, agency_by_name, get_entry, update_entry
from storage.dates import PartialDate
from storage.errors import InvalidValue


def ids(case, **kw):
    return list(ordered_ids(case, EntryFilter(**kw)))


def test_full_text_search(demo_case):
    fractured = ids(demo_case, text="fractured hand")
    assert len(fractured) == 3  # the A&E story, three times
    assert ids(demo_case, text='"fractured hand"') == fractured
    assert ids(demo_case, text="fract*") == fractured
    assert ids(demo_case, text="fractured zebra") == []
    # Punctuation users type does not break FTS syntax.
    assert ids(demo_case, text="A&E") != [] and ids(demo_case, text="don't") == []
    assert fts_query('Liam "time in care" can*') == '"Liam" "time in care" "can"*'
    with pytest.raises(InvalidValue):
        ids(demo_case, text="&&&")


def test_fts_follows_edits(demo_case):
    entry_id = ids(demo_case, text="fractured")[0]
    entry = get_entry(demo_case, entry_id)
    entry.what_happened = "Broken wrist reported."
    with demo_case.transaction("Edit") as tx:
        update_entry(tx, entry)
    assert entry_id not in ids(demo_case, text="fractured")
    assert ids(demo_case, text="wrist") == [entry_id]


def test_filters(demo_case):
    police = agency_by_name(demo_case, "Police").id
    liam = demo_case.db.execute("SELECT id FROM person WHERE given_names='Liam'").fetchone()[0]
    total = demo_case.db.execute("SELECT count(*) FROM chronology_entry").fetchone()[0]
    assert len(ids(demo_case)) == total == 36
    assert len(ids(demo_case, agency_ids=(police,))) == 6
    assert len(ids(demo_case, categories=("injury",))) == 3
    assert len(ids(demo_case, key_events_only=True)) == 12
    assert len(ids(demo_case, person_ids=(liam,))) == 27
    assert len(ids(demo_case, agency_ids=(police,), person_ids=(liam,))) == 3
    in_2026 = ids(demo_case, date_from=dt.date(2026, 1, 1), date_to=dt.date(2026, 12, 31))
    stored = dict(demo_case.db.execute("SELECT id, event_date FROM chronology_entry").fetchall())
    assert in_2026 and all(stored[i].lstrip("~").startswith("2026") for i in in_2026)
    assert len(in_2026) == sum(1 for v in stored.values() if v.lstrip("~").startswith("2026"))


def test_sort_respects_precision_sequence_and_time(new_case):
    agency = agency_by_name(new_case, "GP").id

    def e(date, seq=0, time="", text="x"):
        return ChronologyEntry(date, agency, text, "ref", event_time=time, sequence=seq)

    with new_case.transaction("Add") as tx:
        later, month, first_seq, second_seq, timed, year = add_entries(
            tx,
            [
                e(PartialDate(2026, 5, 2)),
                e(PartialDate(2026, 5)),
                e(PartialDate(2026, 5, 1), seq=1),
                e(PartialDate(2026, 5, 1), seq=2),
                e(PartialDate(2026, 5, 1), time="09:00"),
                e(PartialDate(2026)),
            ],
        )
    assert ids(new_case) == [year, month, timed, first_seq, second_seq, later]
    assert ids(new_case, sort=SortOrder.DATE_DESC) == [
        later,
        second_seq,
        first_seq,
        timed,
        month,
        year,
    ]
    # A range from 1 May takes in "May 2026"; one from 2 May does not.
    assert month in ids(new_case, date_from=dt.date(2026, 5, 1))
    assert ids(new_case, date_from=dt.date(2026, 5, 2)) == [later]
