"""The rules of a family as the genogram records it (the writes are app/operations/).

Each check raises InvalidValue with one line the user can act on, before anything is written:
a person cannot partner or parent themselves, a tie is recorded once, a child has at most two
birth parents, and nobody can become their own ancestor (which would also make the automatic
layout meaningless).
"""

from __future__ import annotations

from collections.abc import Iterable

from storage.errors import InvalidValue
from storage.ids import PersonId
from storage.people import Person
from storage.relationships import ParentKind, ParentLink, Partnership

MAX_BIRTH_PARENTS = 2


def check_person(person: Person) -> None:
    """A person's own fields are consistent (the dates of birth and death in order)."""
    dob, dod = person.date_of_birth, person.date_of_death
    if dob is not None and dod is not None and dod.earliest() < dob.earliest():
        raise InvalidValue("The date of death is before the date of birth; check both dates.")


def check_partners(a: PersonId, b: PersonId, partnerships: Iterable[Partnership],
                   names: dict[PersonId, str]) -> None:
    if a == b:
        raise InvalidValue("A person cannot be their own partner; choose two different people.")
    for p in partnerships:
        if {p.person_a, p.person_b} == {a, b}:
            raise InvalidValue(f"{names.get(a, 'They')} and {names.get(b, 'the other person')} "
                               "are already recorded as partners; change that relationship in "
                               "the side panel instead.")


def check_parent_link(parent_id: PersonId, child_id: PersonId, kind: ParentKind,
                      links: Iterable[ParentLink], names: dict[PersonId, str]) -> None:
    links = list(links)
    parent, child = names.get(parent_id, "That person"), names.get(child_id, "the child")
    if parent_id == child_id:
        raise InvalidValue("A person cannot be their own parent; choose two different people.")
    for lk in links:
        if lk.parent_id == parent_id and lk.child_id == child_id:
            raise InvalidValue(f"{parent} is already recorded as a parent of {child}.")
    check_room_for_parent(kind, [lk for lk in links if lk.child_id == child_id], child)
    if parent_id in descendants(child_id, links):
        raise InvalidValue(f"{parent} is recorded as a descendant of {child}, so cannot also "
                           "be their parent; check who is whose parent.")


def check_room_for_parent(kind: ParentKind, parents: Iterable[ParentLink], child: str) -> None:
    """A child has at most two birth parents; any number of other kinds (step, foster...)."""
    if kind is ParentKind.BIRTH:
        birth = [lk for lk in parents if lk.kind is ParentKind.BIRTH]
        if len(birth) >= MAX_BIRTH_PARENTS:
            raise InvalidValue(f"{child} already has two birth parents recorded; record this "
                               "parent as a step, adoptive, foster or special guardian parent "
                               "instead.")


def check_overlay(from_person: PersonId, to_person: PersonId) -> None:
    if from_person == to_person:
        raise InvalidValue("An abuse or conflict line needs two different people.")


def descendants(person_id: PersonId, links: Iterable[ParentLink]) -> set[PersonId]:
    """Everyone below the person through any kind of parent link."""
    children: dict[PersonId, list[PersonId]] = {}
    for lk in links:
        children.setdefault(lk.parent_id, []).append(lk.child_id)
    found: set[PersonId] = set()
    todo = [person_id]
    while todo:
        for kid in children.get(todo.pop(), []):
            if kid not in found:
                found.add(kid)
                todo.append(kid)
    return found
