"""Everything a case holds, read once into plain objects: the one read model.

Exports, the genogram, completeness and the practice summary all work on a snapshot rather
than on the open database, so a background worker can read the case on its own connection and
then work for seconds without holding a cursor, and tests can build documents from a snapshot
directly. The household rule lives here once: who lives with the baby on a given day.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from storage.anonymisation import AnonymisationDecision
from storage.carers import CarerFact, RoleAssignment, ScreeningResult
from storage.case import CaseDetails
from storage.chronology import Agency, ChronologyEntry, Practitioner
from storage.household import HouseholdMember
from storage.ids import AgencyId, PersonId
from storage.people import Person
from storage.relationships import Overlay, ParentLink, Partnership
from storage.requests import AgencyReturn, InformationRequest, RequestChase

if TYPE_CHECKING:
    from storage.casefile import CaseFile


@dataclass(slots=True)
class CaseSnapshot:
    details: CaseDetails
    people: dict[PersonId, Person]
    partnerships: list[Partnership] = field(default_factory=list)
    parent_links: list[ParentLink] = field(default_factory=list)
    overlays: list[Overlay] = field(default_factory=list)
    household: list[HouseholdMember] = field(default_factory=list)
    roles: list[RoleAssignment] = field(default_factory=list)
    facts: list[CarerFact] = field(default_factory=list)
    screenings: list[ScreeningResult] = field(default_factory=list)
    agencies: dict[AgencyId, Agency] = field(default_factory=dict)
    practitioners: list[Practitioner] = field(default_factory=list)
    entries: list[ChronologyEntry] = field(default_factory=list)
    today: dt.date = field(default_factory=dt.date.today)
    # The author's decisions about identifiers in free text (anonymised exports, issue 13).
    anonymisation: list[AnonymisationDecision] = field(default_factory=list)
    # When care proceedings were issued (the court chronology counts two years back from it).
    proceedings_issued: dt.date | None = None
    # Information sought (issue 14): requests about the men, their chases, agency returns.
    requests: list[InformationRequest] = field(default_factory=list)
    request_chases: dict[int, list[RequestChase]] = field(default_factory=dict)
    returns: list[AgencyReturn] = field(default_factory=list)

    @property
    def index_child(self) -> Person | None:
        children = self.index_children
        return children[0] if children else None

    @property
    def index_children(self) -> list[Person]:
        return [p for p in self.people.values() if p.is_index_child]

    def household_on(self, day: dt.date | None = None) -> set[PersonId]:
        """Who lived with the baby on `day` (today by default): the one household rule."""
        on = day or self.today
        return {m.person_id for m in self.household if m.lives_there_on(on)}

    def in_household(self, person_id: PersonId | None, day: dt.date | None = None) -> bool:
        return person_id is not None and person_id in self.household_on(day)

    def statements_of(self, person_id: PersonId) -> list[CarerFact]:
        """Every sourced statement recorded about one man (several may answer one field)."""
        return [f for f in self.facts if f.person_id == person_id]

    def role_holders(self) -> set[PersonId]:
        return {r.person_id for r in self.roles if r.person_id is not None}


def load_snapshot(case: CaseFile, today: dt.date | None = None,
                  with_entries: bool = True) -> CaseSnapshot:
    from storage.chronology_store import entries
    from storage.requests_store import agency_returns, all_requests, chases_of

    people = {p.id: p for p in case.all(Person) if p.id is not None}
    return CaseSnapshot(
        details=case.details(),
        people=people,
        partnerships=case.all(Partnership),
        parent_links=case.all(ParentLink),
        overlays=case.all(Overlay),
        household=case.all(HouseholdMember),
        roles=case.all(RoleAssignment),
        facts=case.all(CarerFact),
        screenings=case.all(ScreeningResult),
        agencies={a.id: a for a in case.all(Agency) if a.id is not None},
        practitioners=case.all(Practitioner),
        entries=entries(case) if with_entries else [],
        today=today or dt.date.today(),
        anonymisation=case.all(AnonymisationDecision),
        proceedings_issued=_issued(case),
        requests=all_requests(case),
        request_chases=chases_of(case),
        returns=agency_returns(case),
    )


def _issued(case: CaseFile) -> dt.date | None:
    from storage.court_store import proceedings

    issued = proceedings(case).issued_on
    return issued.earliest() if issued is not None else None
