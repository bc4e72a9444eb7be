"""Who lives with the baby: joining and leaving the household (its history is kept).

Leaving ends each period that includes today (to_date = today); joining starts a new period
from today unless one is already running. "Lives there today" is the one household rule,
storage.household.HouseholdMember.lives_there_on.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from app.operations.changes import Changes
from storage.casefile import CaseFile, Txn
from storage.dates import PartialDate
from storage.family_store import household_rows, require_person
from storage.household import HouseholdMember
from storage.ids import PersonId


def set_household_in(tx: Txn, person_id: PersonId, lives_in: bool,
                     today: dt.date | None = None) -> None:
    """Join from today or leave today, inside the caller's transaction."""
    day = today or dt.date.today()
    current = [m for m in household_rows(tx, person_id) if m.lives_there_on(day)]
    if lives_in and not current:
        tx.add(HouseholdMember(person_id, from_date=PartialDate.from_date(day)))
    elif not lives_in:
        for member in current:
            tx.save(dataclasses.replace(member, to_date=PartialDate.from_date(day)))


def set_household(case: CaseFile, person_id: PersonId, lives_in: bool,
                  today: dt.date | None = None) -> Changes:
    name = require_person(case, person_id).display_name
    with case.transaction(f"{name} {'joins' if lives_in else 'leaves'} the household") as tx:
        set_household_in(tx, person_id, lives_in, today)
    return Changes.of(tx)
