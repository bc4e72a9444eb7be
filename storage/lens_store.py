"""What one man's lens and the who-knew-what matrix read from the case, as typed queries.

forms/lens decides what the text says; this module is the only part of the lens that knows
the tables. The entries about him are found as two id sets (linked to him; naming him, by
FTS5) joined in Python and then fetched in one ordered query: the same selection as
EntryFilter(lens_person_id=...) in SQL (an OR of two sub-selects), which SQLite answers
several times slower at 75,000 entries.
"""

from __future__ import annotations

import json
from dataclasses import fields

from storage.carers import CarerFact
from storage.casefile import CaseFile
from storage.chronology import Agency, ChronologyEntry
from storage.chronology_query import NARRATIVE_COLUMNS
from storage.dates import DateQualifier, PartialDate
from storage.ids import PersonId
from storage.people import Person
from storage.rows import select


def people(case: CaseFile) -> list[Person]:
    return case.all(Person)


def male_ids(case: CaseFile) -> set[PersonId]:
    return {PersonId(r[0]) for r in case.db.execute("SELECT id FROM person WHERE sex = 'male'")}


def agency_names(case: CaseFile) -> dict[int, str]:
    return dict(case.db.execute("SELECT id, name FROM agency").fetchall())


def agencies_by_name(case: CaseFile) -> list[Agency]:
    return select(case, Agency, order="name")


def facts_of(case: CaseFile, person_id: PersonId) -> list[CarerFact]:
    return select(case, CarerFact, "person_id = ?", (person_id,))


def entries_about(case: CaseFile, person_id: PersonId, mention_query: str) -> list[ChronologyEntry]:
    """Entries linked to the person or whose narrative matches the FTS5 expression, in the
    chronology's order (date, time, sequence), each with the people linked to it.

    Built for the lens: the fields it reads (dates and their certainty, agency, category, the
    narrative, source, flags, people) are filled; the bookkeeping ones (author, entered_at,
    import batch, duplicate_of, recorded_on, disputes) keep their defaults. At 75,000 entries
    building full entries with storage.chronology_store.entries() took longer than reading
    them; equal dates are parsed once.
    """
    db = case.db
    ids = {r[0] for r in db.execute(
        "SELECT entry_id FROM entry_person WHERE person_id = ?", (person_id,))}
    if mention_query:
        ids.update(r[0] for r in db.execute(
            "SELECT rowid FROM chronology_fts WHERE chronology_fts MATCH ?",
            (f"{NARRATIVE_COLUMNS} : ({mention_query})",)))
    if not ids:
        return []
    wanted = json.dumps(sorted(ids))
    linked: dict[int, list[PersonId]] = {}
    for entry_id, pid in db.execute(
        "SELECT entry_id, person_id FROM entry_person WHERE entry_id IN "
        "(SELECT value FROM json_each(?)) ORDER BY id", (wanted,)):
        linked.setdefault(entry_id, []).append(PersonId(pid))
    dates: dict[str, PartialDate] = {}

    def day(stored: str) -> PartialDate:
        found = dates.get(stored)
        if found is None:
            found = dates[stored] = PartialDate.parse_stored(stored)
        return found

    qualifiers = {q.value: q for q in DateQualifier}
    # Most of the chronology (a man at the centre of it): walk the sort index and keep his
    # rows, already in order. SQLite would otherwise fetch them by id and sort them whole in a
    # temporary b-tree, 0.2 s more at 75,000 of 100,000 entries; for a few it does that still.
    total = db.execute("SELECT count(*) FROM chronology_entry").fetchone()[0]
    walk = "INDEXED BY chronology_sort " if len(ids) * 4 >= total else ""
    out = []
    for (entry_id, event_date, event_time, sequence, agency_id, category, what, action, outcome,
         significance, source_ref, key_event, disputed, qualifier, until) in db.execute(
        "SELECT id, event_date, event_time, sequence, agency_id, category, what_happened,"
        " action_taken, outcome, significance, source_ref, key_event, disputed, date_qualifier,"
        f" date_until FROM chronology_entry {walk}WHERE id IN (SELECT value FROM json_each(?))"
        " ORDER BY sort_key, id", (wanted,)):
        # By position (a third quicker than by name at 75,000 entries): _ENTRY_FIELDS, checked
        # against ChronologyEntry when this module loads, is the order.
        out.append(ChronologyEntry(
            day(event_date), agency_id, what, source_ref, event_time, sequence,
            qualifiers[qualifier], day(until) if until else None, None, None, category, action,
            outcome, significance, None, "", "", bool(key_event), bool(disputed), None, "", None,
            linked.get(entry_id, []), [], entry_id,
        ))
    return out


# The fields entries_about passes by position, in ChronologyEntry's order. Written by position
# against an older ChronologyEntry, a new field once put every later value one place off (the
# lens read an entry's action as its category): a change of order now stops the import.
_ENTRY_FIELDS = (
    "event_date", "agency_id", "what_happened", "source_ref", "event_time", "sequence",
    "date_qualifier", "date_until", "recorded_on", "court_choice", "category", "action_taken",
    "outcome", "significance", "source_id", "author", "entered_at", "key_event", "disputed",
    "import_batch_id", "original_row_ref", "duplicate_of", "people", "disputes", "id",
)
if tuple(f.name for f in fields(ChronologyEntry)) != _ENTRY_FIELDS:
    raise ImportError("storage.lens_store: ChronologyEntry's fields changed; update entries_about")


def chronology_span(case: CaseFile) -> tuple[PartialDate, PartialDate] | None:
    """The stored dates of the chronology's first and last entries (by sort order)."""
    first = case.db.execute(
        "SELECT event_date FROM chronology_entry ORDER BY sort_key LIMIT 1"
    ).fetchone()
    last = case.db.execute(
        "SELECT event_date FROM chronology_entry ORDER BY sort_key DESC LIMIT 1"
    ).fetchone()
    if first is None or last is None:
        return None
    return PartialDate.parse_stored(first[0]), PartialDate.parse_stored(last[0])
