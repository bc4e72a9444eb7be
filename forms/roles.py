"""Addressing a male-carer role for an index child: link a man, or declare none / not known.

§11.9: "questions were often just not asked". A declaration therefore needs the reason and what
was done to find out; without both it does not count as addressing the role.
"""

from __future__ import annotations

import datetime as dt

from storage.carers import CarerRole, Declaration, RoleAssignment
from storage.casefile import Txn
from storage.dates import PartialDate
from storage.errors import InvalidValue
from storage.ids import PersonId, RoleAssignmentId


def link_person(
    tx: Txn,
    child_id: PersonId,
    role: CarerRole,
    person_id: PersonId,
    recorded_by: str,
    recorded_on: PartialDate | None = None,
) -> RoleAssignmentId:
    """Record a man in a role. A declaration for that role is replaced: a man is now known."""
    if person_id == child_id:
        raise InvalidValue("A child cannot be recorded as their own carer.")
    rows = tx.db.execute(
        "SELECT id, person_id FROM role_assignment WHERE child_id = ? AND role = ?",
        (child_id, role.value),
    ).fetchall()
    for row_id, linked in rows:
        if linked == person_id:
            return RoleAssignmentId(row_id)
        if linked is None:
            tx.delete("role_assignment", row_id)
    return RoleAssignmentId(
        tx.add(
            RoleAssignment(
                child_id,
                role,
                person_id=person_id,
                recorded_on=recorded_on or PartialDate.from_date(dt.date.today()),
                recorded_by=recorded_by,
            )
        )
    )


def declare(
    tx: Txn,
    child_id: PersonId,
    role: CarerRole,
    declaration: Declaration,
    reason: str,
    efforts: str,
    recorded_by: str,
    recorded_on: PartialDate | None = None,
) -> RoleAssignmentId:
    """Declare there is no such man, or that he is not known; replaces the role's entries."""
    if not reason.strip():
        raise InvalidValue(f"{role.label}: give the reason for recording '{_word(declaration)}'.")
    if not efforts.strip():
        raise InvalidValue(f"{role.label}: say what was done to find out (who was asked, when).")
    for (row_id,) in tx.db.execute(
        "SELECT id FROM role_assignment WHERE child_id = ? AND role = ?", (child_id, role.value)
    ).fetchall():
        tx.delete("role_assignment", row_id)
    return RoleAssignmentId(
        tx.add(
            RoleAssignment(
                child_id,
                role,
                declaration=declaration,
                reason=reason.strip(),
                efforts=efforts.strip(),
                recorded_on=recorded_on or PartialDate.from_date(dt.date.today()),
                recorded_by=recorded_by,
            )
        )
    )


def unlink(tx: Txn, assignment_id: RoleAssignmentId) -> None:
    tx.delete("role_assignment", assignment_id)


def _word(declaration: Declaration) -> str:
    return "none" if declaration is Declaration.NONE else "not known"


def declaration_text(declaration: Declaration) -> str:
    return declaration.label
