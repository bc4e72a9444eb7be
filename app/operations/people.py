"""People in the baby's world: adding, editing and removing them."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping, Sequence

from app.operations.changes import Changes
from app.operations.household import set_household_in
from app.operations.relationships import TieEdit, edit_ties_in
from forms.family import check_person
from storage.casefile import CaseFile
from storage.errors import InvalidValue
from storage.family_store import person as stored_person
from storage.family_store import require_person
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


def edit_person_details(case: CaseFile, person_id: PersonId, values: Mapping[str, object], *,
                        ties: Sequence[TieEdit] = (), lives_in: bool | None = None,
                        today: dt.date | None = None) -> Changes:
    """The side panel's Apply: the fields the user changed, the relationship lines edited or
    removed and whether they live in the household, as one action (one undo entry).

    `values` holds only what the user changed; they are applied with dataclasses.replace to
    the person as the file has them now, so a field the panel does not show (or one added to
    Person later, or a nudge made while the panel was open) is kept as it is.
    """
    fresh = require_person(case, person_id)
    updated = dataclasses.replace(fresh, **values)  # type: ignore[arg-type]
    check_person(updated)
    with case.transaction(f"Edit {updated.display_name}") as tx:
        tx.save(updated)
        edit_ties_in(tx, ties)
        if lives_in is not None:
            set_household_in(tx, person_id, lives_in, today)
    return Changes.of(tx)


def remove_people(case: CaseFile, person_ids: Sequence[PersonId]) -> Changes:
    """Delete several people (the genogram's selection) as one action, with all their ties."""
    people = [p for p in (stored_person(case, pid) for pid in person_ids) if p is not None]
    if not people:
        return Changes.nothing()
    names = ", ".join(p.display_name for p in people)
    with case.transaction(f"Delete {names}") as tx:
        for p in people:
            assert p.id is not None
            delete_person(tx, p.id)
    return Changes.of(tx)
