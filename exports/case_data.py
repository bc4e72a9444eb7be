"""Everything an export needs from a case, read once into plain objects.

Builders work on this snapshot rather than on the open database, so a GUI worker can read the
case and then lay out hundreds of pages without holding a cursor, and tests can build documents
from a snapshot directly.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from storage.anonymisation import AnonymisationDecision
from storage.anonymisation_store import decisions
from storage.carers import CarerFact, RoleAssignment
from storage.case import CaseDetails
from storage.casefile import CaseFile
from storage.chronology import Agency, ChronologyEntry, Practitioner
from storage.chronology_store import entries
from storage.household import HouseholdMember
from storage.ids import AgencyId, PersonId
from storage.people import Person
from storage.relationships import ParentLink, Partnership


@dataclass(slots=True)
class CaseSnapshot:
    details: CaseDetails
    people: dict[PersonId, Person]
    partnerships: list[Partnership] = field(default_factory=list)
    parent_links: list[ParentLink] = field(default_factory=list)
    household: list[HouseholdMember] = field(default_factory=list)
    roles: list[RoleAssignment] = field(default_factory=list)
    facts: list[CarerFact] = field(default_factory=list)
    agencies: dict[AgencyId, Agency] = field(default_factory=dict)
    practitioners: list[Practitioner] = field(default_factory=list)
    entries: list[ChronologyEntry] = field(default_factory=list)
    today: dt.date = field(default_factory=dt.date.today)
    # The author's decisions about identifiers in free text (anonymised exports).
    anonymisation: list[AnonymisationDecision] = field(default_factory=list)

    @property
    def index_child(self) -> Person | None:
        children = [p for p in self.people.values() if p.is_index_child]
        return children[0] if children else None

    def in_household(self, person_id: PersonId | None) -> bool:
        return any(m.person_id == person_id and m.is_current(self.today) for m in self.household)


def load_snapshot(case: CaseFile, today: dt.date | None = None) -> CaseSnapshot:
    people = {p.id: p for p in case.all(Person) if p.id is not None}
    return CaseSnapshot(
        details=case.details(),
        people=people,
        partnerships=case.all(Partnership),
        parent_links=case.all(ParentLink),
        household=case.all(HouseholdMember),
        roles=case.all(RoleAssignment),
        facts=case.all(CarerFact),
        agencies={a.id: a for a in case.all(Agency) if a.id is not None},
        practitioners=case.all(Practitioner),
        entries=entries(case),
        today=today or dt.date.today(),
        anonymisation=decisions(case),
    )
