"""Everything a genogram is drawn from, made from the one snapshot of the case (no Qt).

The picture is derived from these objects and nothing else: the case data is the truth. The
"unaddressed" male-carer roles are computed here by the male-carers rules (forms.completeness).

Every name the genogram shows — under a symbol, in a tooltip, in the editor's menus — comes
from `GenogramData.name`, so an anonymised picture is one call: `with_pseudonyms(data, names)`
(which also drops dates of birth from the labels).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
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
    household: set[PersonId] = field(default_factory=set)  # members on `as_at` (or today)
    roles: list[RoleAssignment] = field(default_factory=list)
    today: dt.date = field(default_factory=dt.date.today)
    # The day the household is drawn as at, when it is not today ("who lived with the baby
    # then"); `today` is then that day too, so ages are as on that day.
    as_at: dt.date | None = None
    # Person id -> pseudonym ("Father", "Baby F") for an anonymised picture; None: real names.
    pseudonyms: dict[PersonId, str] | None = None
    _held: dict[int, list[CarerRole]] | None = field(default=None, repr=False, compare=False)
    _by_id: dict[int, Person] | None = field(default=None, repr=False, compare=False)
    # Names and label lines (labels.label_lines) are asked for several times per person per
    # redraw: kept here, for data that does not change once made.
    _names: dict[int, str] = field(default_factory=dict, repr=False, compare=False)
    label_cache: dict[int, tuple[list[str], str]] = field(default_factory=dict, repr=False,
                                                      compare=False)

    @property
    def anonymised(self) -> bool:
        return self.pseudonyms is not None

    def name(self, pid: PersonId) -> str:
        """Who the genogram says this person is: their pseudonym when anonymised, else
        `genogram_name`. The one place the picture and the editor take a name from."""
        found = self._names.get(pid)
        if found is None:
            if self.pseudonyms is not None:
                found = self.pseudonyms.get(pid, "Person")
            else:
                person = self.person(pid)
                found = genogram_name(person) if person is not None else "person"
            self._names[pid] = found
        return found

    def person(self, pid: PersonId) -> Person | None:
        if self._by_id is None or len(self._by_id) != len(self.people):
            self._by_id = {p.id: p for p in self.people if p.id is not None}
        return self._by_id.get(pid)

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


def genogram_name(person: Person) -> str:
    """A person's name on the genogram: the name they are known by (storage's display name),
    with the family name added when a known-as name lacks it, so two "Dan"s stay apart."""
    if person.known_as and person.family_name and person.family_name not in person.known_as:
        return f"{person.known_as} {person.family_name}"
    return person.display_name


def with_pseudonyms(data: GenogramData, pseudonyms: Mapping[PersonId, str]) -> GenogramData:
    """The same genogram naming everyone by pseudonym (anonymised reviews): the labels then
    show the pseudonym and the age, never a name or a date of birth."""
    return dataclasses.replace(data, pseudonyms=dict(pseudonyms), _names={}, label_cache={})


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


def load_genogram_data(case: CaseFile, today: dt.date | None = None,
                       as_at: dt.date | None = None) -> GenogramData:
    """The genogram now (or on `today`, for tests), or as it stood on `as_at`: the household
    from the household periods on that day and everyone's age then."""
    if as_at is not None:
        data = genogram_data(load_snapshot(case, as_at, with_entries=False))
        return dataclasses.replace(data, as_at=as_at)
    return genogram_data(load_snapshot(case, today, with_entries=False))
