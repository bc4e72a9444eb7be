"""Writing rows the way an older Visible did, to test that migrations keep them.

A file created at an old schema version has none of the later columns, so the current
storage functions (which write every column) cannot fill it; these write only what existed.
"""

from __future__ import annotations

from collections.abc import Sequence

from storage.casefile import Txn
from storage.chronology import ChronologyEntry
from storage.chronology_store import entry_row
from storage.ids import EntryId

# Columns chronology_entry gained in schema v4 (storage/schema.py upgrade_to_4).
V4_COLUMNS = ("date_qualifier", "date_until", "recorded_on")


def add_v3_entries(tx: Txn, entries: Sequence[ChronologyEntry]) -> list[EntryId]:
    ids = []
    for entry in entries:
        row = {k: v for k, v in entry_row(entry, "Old Author").items() if k not in V4_COLUMNS}
        entry.id = EntryId(tx.insert("chronology_entry", row))
        ids.append(entry.id)
    return ids
