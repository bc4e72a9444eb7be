"""The court chronology (PD12A) builder's writes: when proceedings were issued, and which
entries the practitioner pins in or leaves out. Each is one undoable action, the same from the
builder in the window and from the command line.
"""

from __future__ import annotations

import datetime as dt

from app.operations.changes import Changes
from storage import chronology_store, court_store
from storage.casefile import CaseFile
from storage.chronology import CourtChoice
from storage.dates import PartialDate
from storage.errors import InvalidValue
from storage.ids import EntryId


def set_proceedings_issued(case: CaseFile, issued_on: dt.date | None) -> Changes:
    """Record (or, with None, clear) the date care proceedings were issued."""
    current = court_store.proceedings(case).issued_on
    wanted = PartialDate.from_date(issued_on) if issued_on is not None else None
    if wanted == current:
        return Changes.nothing()
    if issued_on is not None and issued_on > dt.date.today():
        raise InvalidValue(f"Proceedings cannot have been issued on {issued_on:%d/%m/%Y}, "
                           "a date in the future.")
    label = (f"Record proceedings issued on {issued_on:%d/%m/%Y}" if issued_on is not None
             else "Clear the date proceedings were issued")
    with case.transaction(label) as tx:
        court_store.set_issued_on(tx, case, wanted)
    return Changes.of(tx)


def set_court_choice(case: CaseFile, entry_id: EntryId, choice: CourtChoice | None) -> Changes:
    """Pin an entry into the court chronology, leave it out, or (None) let the rule decide."""
    entry = chronology_store.get_entry(case, entry_id)
    if entry is None:
        raise InvalidValue("That entry is no longer in the chronology (perhaps undone); nothing "
                           "was changed.")
    if entry.court_choice == choice:
        return Changes.nothing()
    verb = {CourtChoice.INCLUDE: "Pin in", CourtChoice.EXCLUDE: "Leave out", None: "Follow the "
            "two-year rule for"}[choice]
    with case.transaction(f"{verb} entry {entry.when.display()} (court chronology)") as tx:
        chronology_store.set_court_choice(tx, entry_id, choice)
    return Changes.of(tx)
