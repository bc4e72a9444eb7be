"""People in the baby's world: adding, editing and removing them."""

from __future__ import annotations

import dataclasses

from app.operations.changes import Changes
from storage.casefile import CaseFile
from storage.errors import InvalidValue
from storage.ids import PersonId
from storage.people import Person, Sex
from storage.people_store import delete_person


def add_person(case: CaseFile, sex: Sex = Sex.UNKNOWN, given_names: str = "",
               family_name: str = "", label: str = "") -> Changes:
    person = Person(given_names.strip(), family_name.strip(), sex=sex)
    with case.transaction(label or f"Add {person.display_name}") as tx:
        tx.add(person)
    return Changes.of(tx)


def edit_person(case: CaseFile, person_id: PersonId, **values: object) -> Changes:
    """Change some fields of a person; every other field (including ones added later) is kept
    as the file has it, because the record is read afresh and only `values` are replaced."""
    person = case.get(Person, person_id)
    if person is None:
        raise InvalidValue("That person is no longer in the case (perhaps undone); nothing was "
                           "changed.")
    updated = dataclasses.replace(person, **values)  # type: ignore[arg-type]
    with case.transaction(f"Edit {updated.display_name}") as tx:
        tx.save(updated)
    return Changes.of(tx)


def remove_person(case: CaseFile, person_id: PersonId) -> Changes:
    """Remove a person and everything that hangs off them, each row audited (so undoable)."""
    person = case.get(Person, person_id)
    if person is None:
        return Changes.nothing()
    with case.transaction(f"Delete {person.display_name}") as tx:
        delete_person(tx, person_id)
    return Changes.of(tx)
