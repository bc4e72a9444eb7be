"""Reading people, their ties and the household by what the genogram asks (typed queries).

Each function takes the case or a transaction (so an operation can read what it has just
written) and returns domain objects, never rows: table names stay here.
"""

from __future__ import annotations

from typing import Any, TypeVar

from storage.casefile import CaseFile, Txn
from storage.errors import InvalidValue
from storage.household import HouseholdMember
from storage.ids import PersonId
from storage.people import Person
from storage.relationships import ParentKind, ParentLink, Partnership
from storage.rows import select

T = TypeVar("T")


def _select(source: CaseFile | Txn, cls: type[T], where: str, params: tuple[Any, ...]) -> list[T]:
    return select(source, cls, where, params)


def stored(source: CaseFile | Txn, cls: type[T], row_id: int) -> T | None:
    """One record by id, as the file has it now (inside a transaction: with its writes)."""
    found = _select(source, cls, "id = ?", (row_id,))
    return found[0] if found else None


def person(source: CaseFile | Txn, person_id: PersonId) -> Person | None:
    found = _select(source, Person, "id = ?", (person_id,))
    return found[0] if found else None


def require_person(source: CaseFile | Txn, person_id: PersonId) -> Person:
    """The person as the file has them now; one clear line when they have gone (an action
    offered on a symbol that an undo has since taken away)."""
    found = person(source, person_id)
    if found is None:
        raise InvalidValue("That person is no longer in the case (perhaps undone); nothing "
                           "was changed.")
    return found


def nudged_people(source: CaseFile | Txn) -> list[PersonId]:
    """People whose symbol the user moved by hand (a stored layout position)."""
    return [PersonId(p.id) for p in _select(
        source, Person, "layout_x IS NOT NULL OR layout_y IS NOT NULL", ()) if p.id is not None]


def parents_of(source: CaseFile | Txn, child_id: PersonId,
               kind: ParentKind | None = None) -> list[ParentLink]:
    if kind is None:
        return _select(source, ParentLink, "child_id = ?", (child_id,))
    return _select(source, ParentLink, "child_id = ? AND kind = ?", (child_id, kind.value))


def parent_link_between(source: CaseFile | Txn, parent_id: PersonId,
                        child_id: PersonId) -> ParentLink | None:
    found = _select(source, ParentLink, "parent_id = ? AND child_id = ?", (parent_id, child_id))
    return found[0] if found else None


def partnership_between(source: CaseFile | Txn, a: PersonId, b: PersonId) -> Partnership | None:
    found = _select(source, Partnership,
                    "(person_a = ? AND person_b = ?) OR (person_a = ? AND person_b = ?)",
                    (a, b, b, a))
    return found[0] if found else None


def household_rows(source: CaseFile | Txn, person_id: PersonId) -> list[HouseholdMember]:
    """Every period the person lived (or lives) with the baby."""
    return _select(source, HouseholdMember, "person_id = ?", (person_id,))
