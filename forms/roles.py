"""Addressing a male-carer role for an index child: the rules (the writes are
app/operations/roles.py).

§11.9: "questions were often just not asked". A declaration therefore needs the reason and what
was done to find out; without both it does not count as addressing the role.
"""

from __future__ import annotations

from storage.carers import CarerRole, Declaration
from storage.errors import InvalidValue
from storage.ids import PersonId


def check_link(child_id: PersonId, person_id: PersonId) -> None:
    if person_id == child_id:
        raise InvalidValue("A child cannot be recorded as their own carer.")


def check_declaration(role: CarerRole, declaration: Declaration, reason: str,
                      efforts: str) -> tuple[str, str]:
    """The reason and efforts, trimmed; raises InvalidValue naming what is missing."""
    if not reason.strip():
        raise InvalidValue(f"{role.label}: give the reason for recording "
                           f"'{declaration.label.lower()}'.")
    if not efforts.strip():
        raise InvalidValue(f"{role.label}: say what was done to find out (who was asked, when).")
    return reason.strip(), efforts.strip()


def declaration_text(declaration: Declaration) -> str:
    return declaration.label
