"""Reading and writing chronology entries (with the people they involve)."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from storage.casefile import CaseFile, Txn, now_iso
from storage.chronology import Agency, ChronologyEntry, CourtChoice, Dispute, DisputeParty
from storage.dates import DateQualifier, PartialDate
from storage.ids import AgencyId, DisputeId, EntryId, PersonId
from storage.rows import select

_COLUMNS = (
    "event_date",
    "event_time",
    "sequence",
    "sort_key",
    "agency_id",
    "category",
    "what_happened",
    "action_taken",
    "outcome",
    "significance",
    "source_ref",
    "source_id",
    "author",
    "entered_at",
    "key_event",
    "disputed",
    "import_batch_id",
    "original_row_ref",
    "duplicate_of",
    "date_qualifier",
    "date_until",
    "recorded_on",
    "court_choice",
)


def entry_row(entry: ChronologyEntry, author: str = "") -> dict[str, Any]:
    return {
        "event_date": entry.event_date.stored(),
        "event_time": entry.event_time,
        "sequence": entry.sequence,
        "sort_key": entry.sort_key(),
        "agency_id": entry.agency_id,
        "category": entry.category,
        "what_happened": entry.what_happened,
        "action_taken": entry.action_taken,
        "outcome": entry.outcome,
        "significance": entry.significance,
        "source_ref": entry.source_ref,
        "source_id": entry.source_id,
        "author": entry.author or author,
        "entered_at": entry.entered_at or now_iso(),
        "key_event": int(entry.key_event),
        "disputed": int(entry.disputed),
        "import_batch_id": entry.import_batch_id,
        "original_row_ref": entry.original_row_ref,
        "duplicate_of": entry.duplicate_of,
        "date_qualifier": entry.date_qualifier.value,
        "date_until": entry.date_until.stored() if entry.date_until else None,
        "recorded_on": entry.recorded_on.stored() if entry.recorded_on else None,
        "court_choice": CourtChoice(entry.court_choice).value if entry.court_choice else None,
    }


def entry_from_row(
    row: Sequence[Any],
    people: list[PersonId] | None = None,
    disputes: list[Dispute] | None = None,
    dates: dict[str, PartialDate] | None = None,
) -> ChronologyEntry:
    """row: id followed by _COLUMNS, as selected by SELECT_ENTRY.

    `dates`: stored date text -> its PartialDate, shared by one read so that entries on the same
    day parse it once (PartialDate is frozen, so one value can serve them all). Unpacked by
    position rather than through a dict of column names: opening a case builds its first 200
    entries here, and this was a third of the open's own Python time.
    """
    (entry_id, event_date, event_time, sequence, _sort_key, agency_id, category, what_happened,
     action_taken, outcome, significance, source_ref, source_id, author, entered_at, key_event,
     disputed, import_batch_id, original_row_ref, duplicate_of, date_qualifier, date_until,
     recorded_on, court_choice) = row
    if dates is None:
        dates = {}
    day = dates.get(event_date)
    if day is None:
        day = dates[event_date] = PartialDate.parse_stored(event_date)
    return ChronologyEntry(
        event_date=day, agency_id=agency_id, what_happened=what_happened, source_ref=source_ref,
        event_time=event_time, sequence=sequence, date_qualifier=_QUALIFIERS[date_qualifier],
        date_until=None if date_until is None else PartialDate.parse_stored(date_until),
        recorded_on=None if recorded_on is None else PartialDate.parse_stored(recorded_on),
        court_choice=None if court_choice is None else CourtChoice(court_choice),
        category=category, action_taken=action_taken, outcome=outcome, significance=significance,
        source_id=source_id, author=author, entered_at=entered_at, key_event=bool(key_event),
        disputed=bool(disputed), import_batch_id=import_batch_id,
        original_row_ref=original_row_ref, duplicate_of=duplicate_of, people=people or [],
        disputes=disputes or [], id=entry_id,
    )


# A stored qualifier the enum does not know raises KeyError here as DateQualifier(value) raised
# ValueError: the file's CHECK constraint keeps any other value out.
_QUALIFIERS = {q.value: q for q in DateQualifier}


SELECT_ENTRY = "SELECT id, " + ", ".join(_COLUMNS) + " FROM chronology_entry"


def add_entry(tx: Txn, entry: ChronologyEntry) -> EntryId:
    if not entry.source_ref.strip():
        from storage.errors import InvalidValue

        raise InvalidValue("Every chronology entry needs a source document reference.")
    _check_disputes(entry)
    entry_id = EntryId(tx.insert("chronology_entry", entry_row(entry, tx._case.author)))
    for person_id in dict.fromkeys(entry.people):
        tx.insert("entry_person", {"entry_id": entry_id, "person_id": person_id})
    for dispute in entry.disputes:
        dispute.id = DisputeId(tx.insert("entry_dispute", _dispute_row(entry_id, dispute)))
    entry.id = entry_id
    return entry_id


def _dispute_row(entry_id: EntryId, dispute: Dispute) -> dict[str, Any]:
    return {
        "entry_id": entry_id,
        "party": DisputeParty(dispute.party).value,
        "person_id": dispute.person_id,
        "party_name": dispute.party_name.strip(),
        "version": dispute.version.strip(),
    }


def _check_disputes(entry: ChronologyEntry) -> None:
    """A dispute names who disputes (the file's CHECKs say the same; this says it in words)."""
    from storage.errors import InvalidValue

    for dispute in entry.disputes:
        if dispute.party is DisputeParty.NAMED_MAN and dispute.person_id is None:
            raise InvalidValue("Choose which man disputes this entry.")
        if dispute.party is DisputeParty.OTHER and not dispute.party_name.strip():
            raise InvalidValue("Say who disputes this entry (e.g. the maternal grandmother).")
    if entry.disputes:
        entry.disputed = True


def add_entries(tx: Txn, entries: Sequence[ChronologyEntry]) -> list[EntryId]:
    """Bulk form of add_entry for imports and generated cases: one statement per table."""
    author = tx._case.author
    for entry in entries:
        _check_disputes(entry)
    ids: list[EntryId] = []
    # A chunk at a time, so the row dicts of a 200,000-row import are never all built at once.
    for start in range(0, len(entries), 5000):
        chunk = entries[start : start + 5000]
        chunk_ids = [
            EntryId(i)
            for i in tx.insert_many("chronology_entry", [entry_row(e, author) for e in chunk])
        ]
        links: list[dict[str, Any]] = []
        for entry_id, entry in zip(chunk_ids, chunk, strict=True):
            entry.id = entry_id
            links.extend(
                {"entry_id": entry_id, "person_id": p} for p in dict.fromkeys(entry.people)
            )
        tx.insert_many("entry_person", links)
        ids.extend(chunk_ids)
    for entry_id, entry in zip(ids, entries, strict=True):
        for dispute in entry.disputes:
            dispute.id = DisputeId(tx.insert("entry_dispute", _dispute_row(entry_id, dispute)))
    return ids


# A bulk write appends: the pages it changes are new ones at the end of each table and index,
# each written once. With the connection's 64 MB read cache they all stayed in memory until
# COMMIT (a 200,000-row import: 415 MB at its peak, 50 MB of it dirty pages); written out
# as the cache fills they cost a write each, which COMMIT would have made anyway.
BULK_CACHE_KIB = 16 * 1024


@contextmanager
def bulk_cache(tx: Txn) -> Iterator[None]:
    """While rows are added in bulk, the cache is held to BULK_CACHE_KIB; then restored."""
    before = int(tx.db.execute("PRAGMA cache_size").fetchone()[0])
    # Negative sizes are KiB, positive ones pages: compared as KiB (4 KiB pages).
    if (-before if before < 0 else before * 4) <= BULK_CACHE_KIB:
        yield
        return
    tx.db.execute(f"PRAGMA cache_size = -{BULK_CACHE_KIB}")
    try:
        yield
    finally:
        tx.db.execute(f"PRAGMA cache_size = {before}")


def update_entry(tx: Txn, entry: ChronologyEntry) -> None:
    assert entry.id is not None
    _check_disputes(entry)
    tx.update("chronology_entry", entry.id, entry_row(entry, tx._case.author))
    _update_disputes(tx, entry.id, entry.disputes)
    existing = {
        pid: link_id
        for link_id, pid in tx.db.execute(
            "SELECT id, person_id FROM entry_person WHERE entry_id = ?", (entry.id,)
        )
    }
    wanted = set(entry.people)
    for pid, link_id in existing.items():
        if pid not in wanted:
            tx.delete("entry_person", link_id)
    for pid in dict.fromkeys(entry.people):
        if pid not in existing:
            tx.insert("entry_person", {"entry_id": entry.id, "person_id": pid})


def _update_disputes(tx: Txn, entry_id: EntryId, disputes: list[Dispute]) -> None:
    """Write only what changed, so the audit trail (and undo) shows the edit itself."""
    existing = {
        row[0]: row
        for row in tx.db.execute(
            "SELECT id, party, person_id, party_name, version FROM entry_dispute"
            " WHERE entry_id = ?",
            (entry_id,),
        )
    }
    kept = {d.id for d in disputes if d.id is not None}
    for dispute_id in existing:
        if dispute_id not in kept:
            tx.delete("entry_dispute", dispute_id)
    for dispute in disputes:
        row = _dispute_row(entry_id, dispute)
        if dispute.id is None or dispute.id not in existing:
            dispute.id = DisputeId(tx.insert("entry_dispute", row))
            continue
        old = existing[dispute.id]
        old_row = {"party": old[1], "person_id": old[2], "party_name": old[3], "version": old[4]}
        changed = {k: v for k, v in row.items() if k != "entry_id" and old_row[k] != v}
        if changed:
            tx.update("entry_dispute", dispute.id, changed)


def set_court_choice(tx: Txn, entry_id: EntryId, choice: CourtChoice | None) -> None:
    """Pin an entry into the court chronology, leave it out, or (None) follow the rule."""
    tx.update("chronology_entry", entry_id,
              {"court_choice": CourtChoice(choice).value if choice else None})


def disputes_of(case: CaseFile, entry_ids: Sequence[int]) -> dict[int, list[Dispute]]:
    found: dict[int, list[Dispute]] = {i: [] for i in entry_ids}
    for start in range(0, len(entry_ids), 500):
        chunk = list(entry_ids[start : start + 500])
        marks = ",".join("?" * len(chunk))
        for dispute_id, entry_id, party, person_id, party_name, version in case.db.execute(
            "SELECT id, entry_id, party, person_id, party_name, version FROM entry_dispute"
            f" WHERE entry_id IN ({marks}) ORDER BY id",
            chunk,
        ):
            found[entry_id].append(
                Dispute(
                    DisputeParty(party),
                    version,
                    PersonId(person_id) if person_id is not None else None,
                    party_name,
                    DisputeId(dispute_id),
                )
            )
    return found


def delete_entry(tx: Txn, entry_id: EntryId) -> None:
    for (link_id,) in tx.db.execute(
        "SELECT id FROM entry_person WHERE entry_id = ?", (entry_id,)
    ).fetchall():
        tx.delete("entry_person", link_id)
    for (dispute_id,) in tx.db.execute(
        "SELECT id FROM entry_dispute WHERE entry_id = ?", (entry_id,)
    ).fetchall():
        tx.delete("entry_dispute", dispute_id)
    for (dup_id,) in tx.db.execute(
        "SELECT id FROM chronology_entry WHERE duplicate_of = ?", (entry_id,)
    ).fetchall():
        tx.update("chronology_entry", dup_id, {"duplicate_of": None})
    tx.delete("chronology_entry", entry_id)


def delete_entries(tx: Txn, entry_ids: Sequence[int]) -> None:
    """delete_entry() for many entries (a corrected return replacing a whole batch): their
    people links and disputes, then the marks of entries calling them duplicates, then the
    entries, a few statements per table instead of four per entry."""
    if not entry_ids:
        return
    wanted = json.dumps(list(entry_ids))
    for table in ("entry_person", "entry_dispute"):
        tx.delete_many(table, [int(r[0]) for r in tx.db.execute(
            f"SELECT id FROM {table} WHERE entry_id IN (SELECT value FROM json_each(?))"
            " ORDER BY id", (wanted,))])
    tx.update_many("chronology_entry", {int(r[0]): {"duplicate_of": None} for r in tx.db.execute(
        "SELECT id FROM chronology_entry WHERE duplicate_of IN (SELECT value FROM json_each(?))"
        " ORDER BY id", (wanted,))})
    tx.delete_many("chronology_entry", list(entry_ids))


def people_of(case: CaseFile, entry_ids: Sequence[int]) -> dict[int, list[PersonId]]:
    found: dict[int, list[PersonId]] = {i: [] for i in entry_ids}
    for start in range(0, len(entry_ids), 500):
        chunk = list(entry_ids[start : start + 500])
        marks = ",".join("?" * len(chunk))
        for entry_id, pid in case.db.execute(
            f"SELECT entry_id, person_id FROM entry_person WHERE entry_id IN ({marks}) ORDER BY id",
            chunk,
        ):
            found[entry_id].append(PersonId(pid))
    return found


def get_entry(case: CaseFile, entry_id: int) -> ChronologyEntry | None:
    row = case.db.execute(SELECT_ENTRY + " WHERE id = ?", (entry_id,)).fetchone()
    if row is None:
        return None
    return entry_from_row(
        row, people_of(case, [entry_id])[entry_id], disputes_of(case, [entry_id])[entry_id]
    )


def entries(
    case: CaseFile,
    where: str = "",
    params: Sequence[Any] = (),
    limit: int | None = None,
    offset: int = 0,
) -> list[ChronologyEntry]:
    """Entries in chronological order (date, time, sequence), with their people."""
    sql = SELECT_ENTRY + (f" WHERE {where}" if where else "") + " ORDER BY sort_key, id"
    if limit is not None:
        sql += f" LIMIT {int(limit)} OFFSET {int(offset)}"
    rows = case.db.execute(sql, tuple(params)).fetchall()
    ids = [r[0] for r in rows]
    people = people_of(case, ids)
    disputes = disputes_of(case, ids) if ids else {}
    dates: dict[str, PartialDate] = {}
    return [entry_from_row(r, people[r[0]], disputes.get(r[0]), dates) for r in rows]


def entries_of_batch(case: CaseFile, batch_id: int) -> list[ChronologyEntry]:
    """The entries one import brought in, in chronological order."""
    return entries(case, "import_batch_id = ?", (batch_id,))


def count_entries(case: CaseFile) -> int:
    return int(case.db.execute("SELECT count(*) FROM chronology_entry").fetchone()[0])


def agencies(case: CaseFile) -> list[Agency]:
    return select(case, Agency, order="name")


def agency_by_name(case: CaseFile, name: str) -> Agency | None:
    found = select(case, Agency, "lower(name) = lower(?)", (name.strip(),))
    return found[0] if found else None


def ensure_agency(tx: Txn, case: CaseFile, name: str, prefix: str = "") -> AgencyId:
    existing = agency_by_name(case, name)
    if existing is not None and existing.id is not None:
        return existing.id
    prefix = prefix or "".join(w[0] for w in name.split() if w[:1].isalnum()).upper()[:4] or "AG"
    return AgencyId(tx.add(Agency(name=name.strip(), prefix=prefix)))


def unlinked_narratives(case: CaseFile) -> list[tuple[EntryId, str]]:
    """Entries linked to nobody, with their narrative (what happened, action, outcome,
    significance): the ones an earlier import left unlinked."""
    rows = case.db.execute(
        "SELECT id, what_happened, action_taken, outcome, significance FROM chronology_entry"
        " WHERE NOT EXISTS (SELECT 1 FROM entry_person p WHERE p.entry_id = chronology_entry.id)"
        " ORDER BY id"
    )
    return [(EntryId(r[0]), "\n".join(t for t in r[1:] if t)) for r in rows]


def link_people(tx: Txn, links: Sequence[tuple[EntryId, PersonId]]) -> None:
    """Link entries to people (each pair once), audited like every other write."""
    rows = [{"entry_id": e, "person_id": p} for e, p in dict.fromkeys(links)]
    for start in range(0, len(rows), 5_000):
        tx.insert_many("entry_person", rows[start:start + 5_000])
