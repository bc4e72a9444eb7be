"""Who lives with the baby: joining and leaving the household (its history is kept).

Leaving ends each period that includes today (to_date = today); joining starts a new period
from today unless one is already running. "Lives there today" is the one household rule,
storage.household.HouseholdMember.lives_there_on.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence

from app.operations.changes import Changes
from forms.household import check_periods
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


def set_household_periods(case: CaseFile, person_id: PersonId,
                          periods: Sequence[HouseholdMember]) -> Changes:
    """Make these the person's household periods (forms.household.read_periods reads typed
    ones): one undoable action that writes only the periods added, changed or removed."""
    check_periods(periods)
    name = require_person(case, person_id).display_name
    existing = {m.id: m for m in household_rows(case, person_id)}
    wanted = [dataclasses.replace(p, person_id=person_id) for p in periods]
    kept = {p.id for p in wanted if p.id is not None}
    if kept == set(existing) and all(existing[p.id] == p for p in wanted if p.id is not None) \
            and all(p.id is not None for p in wanted):
        return Changes.nothing()
    with case.transaction(f"Household periods of {name}") as tx:
        for member_id in existing:
            if member_id not in kept:
                tx.remove(HouseholdMember, member_id)  # type: ignore[arg-type]
        for period in wanted:
            if period.id is None or period.id not in existing:
                tx.add(dataclasses.replace(period, id=None))
            elif existing[period.id] != period:
                tx.save(period)
    return Changes.of(tx)
