"""The lens's own read of the entries about a man (storage/lens_store.entries_about) gives the
entries the chronology store gives, field for field, but for the bookkeeping fields it leaves
at their defaults. It once put every field after `date_until` one place off (a field added to
ChronologyEntry while it was written by position), and the lens read an entry's action as its
category, unnoticed because the frozen lens it is compared with read the same way."""

from __future__ import annotations

from dataclasses import replace

from storage.casefile import CaseFile
from storage.chronology_store import entries
from storage.lens_store import entries_about


def test_entries_about_are_the_stores_entries(demo_case: CaseFile) -> None:
    liam = demo_case.db.execute("SELECT id FROM person WHERE given_names = 'Liam'").fetchone()[0]
    # Every entry, by its link to him or by naming anyone who appears in the demo's wording.
    found = entries_about(demo_case, liam, '"Liam" OR "Kasia" OR "Freya" OR "Daniel"')
    full = {e.id: e for e in entries(demo_case)}
    assert len(found) > 20
    assert any(e.action_taken for e in found) and any(e.outcome for e in found)
    assert any(e.category != "other" for e in found)
    assert [e.id for e in found] == [i for i in full if i in {e.id for e in found}]
    for entry in found:
        expected = replace(full[entry.id], recorded_on=None, court_choice=None, source_id=None,
                           author="", entered_at="", import_batch_id=None, original_row_ref="",
                           duplicate_of=None, disputes=[])
        assert entry == expected
