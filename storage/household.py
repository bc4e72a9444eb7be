"""Who lives with the baby, and when: the boundary drawn on the genogram."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from storage.dates import PartialDate
from storage.ids import HouseholdMemberId, PersonId


@dataclass(slots=True)
class HouseholdMember:
    person_id: PersonId
    from_date: PartialDate | None = None
    to_date: PartialDate | None = None
    notes: str = ""
    id: HouseholdMemberId | None = None

    def is_current(self, today: dt.date | None = None) -> bool:
        return self.to_date is None or self.to_date.earliest() > (today or dt.date.today())
