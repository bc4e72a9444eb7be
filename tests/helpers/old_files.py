"""Writing rows the way an older Visible did, to test that migrations keep them.

A file created at an old schema version lacks the later columns, so the current storage
functions (which write every column) cannot fill it; these write only the columns the file's
table has, which is exactly what the older version wrote.
"""

from __future__ import annotations

from collections.abc import Sequence

from storage.casefile import Txn
from storage.chronology import ChronologyEntry
from storage.chronology_store import entry_row
from storage.ids import EntryId


def add_v3_entries(tx: Txn, entries: Sequence[ChronologyEntry]) -> list[EntryId]:
    columns = {r[1] for r in tx.db.execute("PRAGMA table_info(chronology_entry)")}
    ids = []
    for entry in entries:
        row = {k: v for k, v in entry_row(entry, "Old Author").items() if k in columns}
        entry.id = EntryId(tx.insert("chronology_entry", row))
        ids.append(entry.id)
    return ids
