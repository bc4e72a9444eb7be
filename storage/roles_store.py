"""Reading male-carer role assignments by child, role and man (typed queries)."""

from __future__ import annotations

from storage.carers import CarerRole, RoleAssignment
from storage.casefile import CaseFile, Txn
from storage.ids import PersonId
from storage.rows import from_row

_SELECT = "SELECT * FROM role_assignment"


def _rows(source: CaseFile | Txn, where: str, params: tuple[object, ...]) -> list[RoleAssignment]:
    cur = source.db.execute(f"{_SELECT} WHERE {where} ORDER BY id", params)
    names = [d[0] for d in cur.description]
    return [from_row(RoleAssignment, dict(zip(names, r, strict=True))) for r in cur]


def assignments_for(source: CaseFile | Txn, child_id: PersonId,
                    role: CarerRole) -> list[RoleAssignment]:
    """Every row addressing `role` for `child_id`: linked men and any declaration."""
    return _rows(source, "child_id = ? AND role = ?", (child_id, role.value))


def assignments_of_man(source: CaseFile | Txn, child_id: PersonId, role: CarerRole,
                       person_id: PersonId) -> list[RoleAssignment]:
    return _rows(source, "child_id = ? AND role = ? AND person_id = ?",
                 (child_id, role.value, person_id))


def role_holder_ids(source: CaseFile | Txn) -> set[PersonId]:
    return {PersonId(pid) for (pid,) in source.db.execute(
        "SELECT DISTINCT person_id FROM role_assignment WHERE person_id IS NOT NULL")}
