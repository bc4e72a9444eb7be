"""What planning and writing an import needs from the case, as typed queries.

forms/importers decides; this module is the only part of an import that knows the tables.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from storage.casefile import CaseFile, Txn
from storage.ids import AgencyId, EntryId


def entry_texts_of_agency(
    case: CaseFile, agency_id: AgencyId
) -> Iterator[tuple[int, str, int, str]]:
    """(entry id, stored date, agency id, what happened) of every entry from this agency, for
    spotting likely duplicates of a return's rows; streamed, never one big list."""
    cursor = case.db.execute(
        "SELECT id, event_date, agency_id, what_happened FROM chronology_entry"
        " WHERE agency_id = ?",
        (agency_id,),
    )
    while rows := cursor.fetchmany(5000):
        yield from rows


def mark_duplicates(tx: Txn, pairs: Sequence[tuple[EntryId, EntryId]]) -> None:
    """Point each (entry, earlier entry) pair's duplicate_of at the earlier one, audited."""
    tx.update_many("chronology_entry", {e: {"duplicate_of": earlier} for e, earlier in pairs})
