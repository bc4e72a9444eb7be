"""Who is a man the record must account for: one rule for completeness, the lens and exports.

The source review's point is that men in a baby's life go unasked-about (§11.9). A man to
account for is anyone holding a male-carer role, whatever his recorded age, and any other male
aged 16 or over — or whose age is not known, because not knowing is no reason to leave him out.
Boys in the family are not "men in the baby's life". Deceased men are kept in the lens (what
agencies knew still matters) but a dead man living in the household is not a carer to link.
"""

from __future__ import annotations

import datetime as dt

from storage.dates import age_on
from storage.ids import PersonId
from storage.people import Person, Sex
from storage.snapshot import CaseSnapshot

ADULT_AGE = 16


def is_adult_or_age_unknown(person: Person, today: dt.date) -> bool:
    age = age_on(person.date_of_birth, today) if person.date_of_birth else None
    return age is None or age >= ADULT_AGE


def men_to_account_for(snapshot: CaseSnapshot, today: dt.date | None = None) -> list[Person]:
    """Role holders first, then other men, each group in the order they were recorded."""
    on = today or snapshot.today
    holders = snapshot.role_holders()
    men = [p for p in snapshot.people.values()
           if p.id in holders or (p.sex is Sex.MALE and is_adult_or_age_unknown(p, on))]
    return sorted(men, key=lambda p: p.id not in holders)


def men_ids(snapshot: CaseSnapshot, today: dt.date | None = None) -> set[PersonId]:
    return {p.id for p in men_to_account_for(snapshot, today) if p.id is not None}


def household_men_in_no_role(snapshot: CaseSnapshot,
                             today: dt.date | None = None) -> list[Person]:
    """Men living with the baby who hold no role: each must at least be an 'other male carer'."""
    on = today or snapshot.today
    holders = snapshot.role_holders()
    home = snapshot.household_on(on)
    return [p for p in men_to_account_for(snapshot, on)
            if p.id in home and p.id not in holders and not p.deceased]
