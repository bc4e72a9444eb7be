"""Addressing a male-carer role: link a man, declare none / not known, or take a man out.

The rules are forms/roles.py. Each plain function is one user action (one transaction, one
undo entry); the `*_in(tx, ...)` building blocks do the same writes inside a transaction the
caller holds, for actions made of several steps (the demo family, tests).
"""

from __future__ import annotations

import datetime as dt

from app.operations.changes import Changes
from forms.roles import check_declaration, check_link
from storage.carers import CarerRole, Declaration, RoleAssignment
from storage.casefile import CaseFile, Txn
from storage.dates import PartialDate
from storage.errors import InvalidValue
from storage.ids import PersonId, RoleAssignmentId
from storage.people import Person, Sex
from storage.roles_store import assignments_for, assignments_of_man


def _name(case: CaseFile, pid: PersonId) -> str:
    person = case.get(Person, pid)
    if person is None:
        raise InvalidValue("That person is no longer in the case (perhaps undone); nothing was "
                           "changed.")
    return person.display_name


def _on(today: dt.date | None) -> PartialDate:
    return PartialDate.from_date(today or dt.date.today())


def link_in(tx: Txn, child_id: PersonId, role: CarerRole, person_id: PersonId,
            recorded_by: str, on: PartialDate | None = None) -> None:
    """A man is now known: a declaration for the role gives way; linking twice changes nothing."""
    check_link(child_id, person_id)
    for row in assignments_for(tx, child_id, role):
        if row.person_id == person_id:
            return
        if row.person_id is None and row.id is not None:
            tx.remove(RoleAssignment, row.id)
    tx.add(RoleAssignment(child_id, role, person_id=person_id, recorded_on=on or _on(None),
                          recorded_by=recorded_by))


def declare_in(tx: Txn, child_id: PersonId, role: CarerRole, declaration: Declaration,
               reason: str, efforts: str, recorded_by: str,
               on: PartialDate | None = None) -> None:
    """Declare none / not known (with reason and efforts), replacing every entry of the role."""
    reason, efforts = check_declaration(role, declaration, reason, efforts)
    for row in assignments_for(tx, child_id, role):
        if row.id is not None:
            tx.remove(RoleAssignment, row.id)
    tx.add(RoleAssignment(child_id, role, declaration=declaration, reason=reason,
                          efforts=efforts, recorded_on=on or _on(None), recorded_by=recorded_by))


def link_man(case: CaseFile, child_id: PersonId, role: CarerRole, person_id: PersonId,
             recorded_by: str = "", today: dt.date | None = None) -> Changes:
    check_link(child_id, person_id)
    label = f"{role.label}: {_name(case, person_id)} for {_name(case, child_id)}"
    with case.transaction(label) as tx:
        link_in(tx, child_id, role, person_id, recorded_by or case.author, _on(today))
    return Changes.of(tx)


def add_man_in_role(case: CaseFile, child_id: PersonId, role: CarerRole, given_names: str,
                    family_name: str, recorded_by: str = "",
                    today: dt.date | None = None) -> Changes:
    """A man not yet in the case: add him and link him in one action."""
    man = Person(given_names.strip(), family_name.strip(), sex=Sex.MALE)
    if not (man.given_names or man.family_name):
        raise InvalidValue("Give at least a given name or a family name for the new man "
                           "(a nickname is fine).")
    label = f"{role.label}: {man.display_name} for {_name(case, child_id)}"
    with case.transaction(label) as tx:
        pid = PersonId(tx.add(man))
        link_in(tx, child_id, role, pid, recorded_by or case.author, _on(today))
    return Changes.of(tx)


def declare(case: CaseFile, child_id: PersonId, role: CarerRole, declaration: Declaration,
            reason: str, efforts: str, recorded_by: str = "",
            today: dt.date | None = None) -> Changes:
    """There is no such man, or he is not known: replaces every entry of the role."""
    check_declaration(role, declaration, reason, efforts)
    label = f"{role.label}: {declaration.label.lower()} for {_name(case, child_id)}"
    with case.transaction(label) as tx:
        declare_in(tx, child_id, role, declaration, reason, efforts,
                   recorded_by or case.author, _on(today))
    return Changes.of(tx)


def unlink(case: CaseFile, assignment_id: RoleAssignmentId) -> Changes:
    row = case.get(RoleAssignment, assignment_id)
    if row is None:
        return Changes.nothing()
    who = _name(case, row.person_id) if row.person_id is not None else row.role.label
    with case.transaction(f"Take {who} out of {row.role.label.lower()}") as tx:
        tx.remove(RoleAssignment, assignment_id)
    return Changes.of(tx)


def remove_man_from_role(case: CaseFile, child_id: PersonId, role: CarerRole,
                         person_id: PersonId) -> Changes:
    rows = assignments_of_man(case, child_id, role, person_id)
    if not rows:
        return Changes.nothing()
    with case.transaction(f"Take {_name(case, person_id)} out of {role.label.lower()}") as tx:
        for row in rows:
            if row.id is not None:
                tx.remove(RoleAssignment, row.id)
    return Changes.of(tx)


def record_role(case: CaseFile, child_id: PersonId, role: CarerRole, *,
                person_id: PersonId | None = None, declaration: Declaration | None = None,
                reason: str = "", efforts: str = "", recorded_by: str = "",
                today: dt.date | None = None) -> Changes:
    """Either link a man or declare none / not known (the genogram's "?" placeholders)."""
    if (person_id is None) == (declaration is None):
        raise InvalidValue("Either choose the person who holds this role, or record none / "
                           "not known.")
    if person_id is not None:
        return link_man(case, child_id, role, person_id, recorded_by, today)
    assert declaration is not None
    return declare(case, child_id, role, declaration, reason, efforts, recorded_by, today)
