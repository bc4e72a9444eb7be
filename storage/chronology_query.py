"""Filtered, sorted, paged reads of the chronology, done in SQL.

A 100,000-entry chronology is never loaded whole for display: the view keeps only the ordered
list of matching ids (an array of 8-byte ints) and fetches the rows it paints in blocks.
Sorting and filtering happen here, in SQLite, because a QSortFilterProxyModel over a Python
model takes 42 s to sort 100k rows (shared/PERFORMANCE-NOTES.md) and SQL does it in ~0.1 s.
"""

from __future__ import annotations

import datetime as dt
import re
from array import array
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from storage.casefile import CaseFile
from storage.chronology import Category
from storage.dates import DateQualifier, EventDate, PartialDate
from storage.errors import InvalidValue


class SortOrder(StrEnum):
    DATE = "date"  # date (precision-aware), time, sequence: the chronology's own order
    DATE_DESC = "date_desc"
    AGENCY = "agency"  # by agency, each agency's entries in date order
    CATEGORY = "category"


_ORDER_BY = {
    SortOrder.DATE: "e.sort_key, e.id",
    SortOrder.DATE_DESC: "e.sort_key DESC, e.id DESC",
    SortOrder.AGENCY: "a.name, e.sort_key, e.id",
    SortOrder.CATEGORY: "e.category, e.sort_key, e.id",
}

# The columns FTS searches for "mentions": not source_ref, which holds document numbers.
NARRATIVE_COLUMNS = "{what_happened action_taken outcome significance}"


@dataclass(slots=True)
class EntryFilter:
    """What the user asked to see. Empty tuples and None mean "no restriction"."""

    date_from: dt.date | None = None
    date_to: dt.date | None = None
    agency_ids: tuple[int, ...] = ()
    person_ids: tuple[int, ...] = ()
    categories: tuple[str, ...] = ()
    key_events_only: bool = False
    disputed_only: bool = False
    text: str = ""  # full-text search, words ANDed; "quoted phrases" and prefix* allowed
    # The lens: entries linked to this person OR whose narrative matches mention_query (FTS).
    lens_person_id: int | None = None
    mention_query: str = ""
    # One import's entries (the view shows them when an import has finished).
    import_batch_id: int | None = None
    sort: SortOrder = SortOrder.DATE

    def is_empty(self) -> bool:
        return self == EntryFilter(sort=self.sort)


def fts_query(text: str) -> str:
    """Turn what a user typed into a safe FTS5 query: every word quoted, all words required.

    Quoting stops FTS syntax errors on input like `don't` or `A&E`; a trailing * keeps its
    prefix meaning; "a phrase in quotes" stays a phrase.
    """
    terms = []
    for token in re.findall(r'"[^"]*"|\S+', text):
        prefix = token.endswith("*") and not token.startswith('"')
        word = token.strip('"').rstrip("*").replace('"', " ").strip()
        word = re.sub(r"[^\w\s£'-]", " ", word).strip()
        if not word:
            continue
        terms.append(f'"{word}"' + ("*" if prefix else ""))
    return " ".join(terms)


def where_clause(f: EntryFilter) -> tuple[str, list[Any]]:
    parts: list[str] = []
    params: list[Any] = []
    if f.date_from is not None:
        # sort_key starts YYYY-MM-DD with 00 for unknown parts ("May 2016" is 2016-05-00).
        parts.append("e.sort_key >= ?")
        params.append(_range_start(f.date_from))
    if f.date_to is not None:
        parts.append("e.sort_key < ?")
        params.append(PartialDate.from_date(f.date_to + dt.timedelta(days=1)).sort_key())
    if f.agency_ids:
        parts.append(f"e.agency_id IN ({','.join('?' * len(f.agency_ids))})")
        params.extend(f.agency_ids)
    if f.categories:
        parts.append(f"e.category IN ({','.join('?' * len(f.categories))})")
        params.extend(f.categories)
    if f.key_events_only:
        parts.append("e.key_event = 1")
    if f.disputed_only:
        parts.append("e.disputed = 1")
    if f.import_batch_id is not None:
        parts.append("e.import_batch_id = ?")
        params.append(f.import_batch_id)
    if f.person_ids:
        parts.append(
            "e.id IN (SELECT entry_id FROM entry_person WHERE person_id IN "
            f"({','.join('?' * len(f.person_ids))}))"
        )
        params.extend(f.person_ids)
    query = fts_query(f.text)
    if f.text.strip() and not query:
        raise InvalidValue("Type at least one word to search for.")
    if query:
        parts.append("e.id IN (SELECT rowid FROM chronology_fts WHERE chronology_fts MATCH ?)")
        params.append(query)
    if f.lens_person_id is not None:
        lens = "e.id IN (SELECT entry_id FROM entry_person WHERE person_id = ?)"
        params.append(f.lens_person_id)
        if f.mention_query:
            lens = (
                f"({lens} OR e.id IN (SELECT rowid FROM chronology_fts "
                "WHERE chronology_fts MATCH ?))"
            )
            params.append(f"{NARRATIVE_COLUMNS} : ({f.mention_query})")
        parts.append(lens)
    return " AND ".join(parts), params


def _range_start(day: dt.date) -> str:
    """A range from 1 January takes in year-only dates; from the 1st, month-only dates."""
    if (day.month, day.day) == (1, 1):
        return PartialDate(day.year).sort_key()
    if day.day == 1:
        return PartialDate(day.year, day.month).sort_key()
    return PartialDate.from_date(day).sort_key()


def ordered_ids(case: CaseFile, f: EntryFilter) -> array:
    """Ids of the matching entries in display order, as a compact array('q')."""
    where, params = where_clause(f)
    join = " JOIN agency a ON a.id = e.agency_id" if f.sort == SortOrder.AGENCY else ""
    sql = (
        f"SELECT e.id FROM chronology_entry e{join}"
        + (f" WHERE {where}" if where else "")
        + f" ORDER BY {_ORDER_BY[SortOrder(f.sort)]}"
    )
    ids = array("q")
    cur = case.db.execute(sql, params)
    while True:
        chunk = cur.fetchmany(20000)
        if not chunk:
            break
        ids.extend(r[0] for r in chunk)
    return ids


@dataclass(slots=True)
class DisplayRow:
    """One entry as the table shows it: text already formatted for display."""

    id: int
    date: str
    time: str
    agency: str
    category: str
    what_happened: str
    action_outcome: str
    significance: str
    source_ref: str
    reference: str
    people: str
    key_event: bool
    disputed: bool
    duplicate_of: int | None
    flags: str = field(default="")


def display_rows(
    case: CaseFile, ids: Sequence[int], agency_names: dict[int, str], person_names: dict[int, str]
) -> dict[int, DisplayRow]:
    """Fetch and format the given entries (one block of the view) in two queries."""
    if not ids:
        return {}
    marks = ",".join("?" * len(ids))
    people: dict[int, list[str]] = {}
    for entry_id, pid in case.db.execute(
        f"SELECT entry_id, person_id FROM entry_person WHERE entry_id IN ({marks}) ORDER BY id",
        list(ids),
    ):
        people.setdefault(entry_id, []).append(person_names.get(pid, f"person {pid}"))
    rows: dict[int, DisplayRow] = {}
    for (
        entry_id,
        event_date,
        event_time,
        category,
        what,
        action,
        outcome,
        significance,
        source_ref,
        original_ref,
        prefix_id,
        key_event,
        disputed,
        duplicate_of,
        qualifier,
        until,
    ) in case.db.execute(
        "SELECT id, event_date, event_time, category, what_happened, action_taken, outcome,"
        " significance, source_ref, original_row_ref, agency_id, key_event, disputed, duplicate_of,"
        f" date_qualifier, date_until FROM chronology_entry WHERE id IN ({marks})",
        list(ids),
    ):
        flags = []
        if key_event:
            flags.append("key")
        if disputed:
            flags.append("disputed")
        if duplicate_of is not None:
            flags.append(f"duplicate of #{duplicate_of}?")
        action_outcome = " — ".join(t for t in (action, outcome) if t)
        try:
            date_text = EventDate(
                PartialDate.parse_stored(event_date),
                DateQualifier(qualifier),
                PartialDate.parse_stored(until) if until else None,
            ).display()
        except (InvalidValue, ValueError):
            date_text = event_date
        rows[entry_id] = DisplayRow(
            id=entry_id,
            date=date_text,
            time=event_time,
            agency=agency_names.get(prefix_id, "?"),
            category=_category_label(category),
            what_happened=what,
            action_outcome=action_outcome,
            significance=significance,
            source_ref=source_ref,
            reference=original_ref or f"#{entry_id}",
            people=", ".join(people.get(entry_id, [])),
            key_event=bool(key_event),
            disputed=bool(disputed),
            duplicate_of=duplicate_of,
            flags=", ".join(flags),
        )
    return rows


def _category_label(value: str) -> str:
    try:
        return Category(value).label
    except ValueError:
        return value


def agency_names(case: CaseFile) -> dict[int, str]:
    return dict(case.db.execute("SELECT id, name FROM agency").fetchall())


def person_names(case: CaseFile) -> dict[int, str]:
    names = {}
    for pid, given, family, known in case.db.execute(
        "SELECT id, given_names, family_name, known_as FROM person"
    ):
        names[pid] = known or " ".join(p for p in (given, family) if p) or "(name not known)"
    return names
