"""Everything a genogram is drawn from, read from the case in one go (no Qt).

The picture is derived from these rows and nothing else: the case data is the truth. The
"unaddressed" male-carer roles are computed here from role_assignment rows (a role is addressed
for an index child when it has at least one row, whether a person or a declaration).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from forms.completeness import role_statuses
from storage.carers import CarerRole, RoleAssignment
from storage.casefile import CaseFile
from storage.ids import PersonId
from storage.people import Person
from storage.relationships import Overlay, ParentLink, Partnership
from storage.snapshot import CaseSnapshot, load_snapshot


@dataclass(slots=True)
class GenogramData:
    people: list[Person]
    partnerships: list[Partnership] = field(default_factory=list)
    parent_links: list[ParentLink] = field(default_factory=list)
    overlays: list[Overlay] = field(default_factory=list)
    household: set[PersonId] = field(default_factory=set)  # current members only
    roles: list[RoleAssignment] = field(default_factory=list)
    today: dt.date = field(default_factory=dt.date.today)
    _held: dict[int, list[CarerRole]] | None = field(default=None, repr=False, compare=False)

    def person(self, pid: PersonId) -> Person | None:
        for p in self.people:
            if p.id == pid:
                return p
        return None

    @property
    def index_children(self) -> list[Person]:
        return [p for p in self.people if p.is_index_child]

    def roles_of(self, pid: PersonId) -> list[CarerRole]:
        """Male-carer roles this person holds, for any index child, in the enum's order."""
        if self._held is None:  # built once: the drawing asks for every person, twice
            by_person: dict[int, set[CarerRole]] = {}
            for r in self.roles:
                if r.person_id is not None:
                    by_person.setdefault(r.person_id, set()).add(r.role)
            self._held = {
                p: [role for role in CarerRole if role in held] for p, held in by_person.items()
            }
        return self._held.get(pid, [])

    def unaddressed_roles(self) -> list[tuple[PersonId, CarerRole]]:
        """(index child, role) pairs not yet addressed, by the male-carers rules
        (forms.completeness): a man linked, or none / not known declared with reason and
        efforts. A declaration missing either still shows as a placeholder."""
        names = {p.id: p.display_name for p in self.people if p.id is not None}
        out = []
        for child in self.index_children:
            assert child.id is not None
            mine = [r for r in self.roles if r.child_id == child.id]
            for status in role_statuses(mine, names):
                if not status.addressed:
                    out.append((child.id, CarerRole(status.role)))
        return out


def genogram_data(snapshot: CaseSnapshot) -> GenogramData:
    """The genogram's view of a snapshot: who lives with the baby today by the one household
    rule (storage.snapshot.CaseSnapshot.household_on)."""
    return GenogramData(
        people=list(snapshot.people.values()),
        partnerships=snapshot.partnerships,
        parent_links=snapshot.parent_links,
        overlays=snapshot.overlays,
        household=snapshot.household_on(),
        roles=snapshot.roles,
        today=snapshot.today,
    )


def load_genogram_data(case: CaseFile, today: dt.date | None = None) -> GenogramData:
    return genogram_data(load_snapshot(case, today, with_entries=False))
