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

    def lives_there_on(self, day: dt.date) -> bool:
        """The household rule, used everywhere: from the start date (if known) up to the day
        before the end date. An unknown start counts as "has lived there"; a month-only end
        date ends at the start of that month."""
        if self.from_date is not None and self.from_date.earliest() > day:
            return False
        return self.to_date is None or self.to_date.earliest() > day

    def is_current(self, today: dt.date | None = None) -> bool:
        return self.lives_there_on(today or dt.date.today())
