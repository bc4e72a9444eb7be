"""Removing a person takes everything that hangs off them with them, each row audited.

The schema has no ON DELETE CASCADE on purpose: a cascaded delete would bypass the audit
trail (and so undo), so dependents are deleted here, explicitly, one audited row at a time.
"""

from __future__ import annotations

from storage.casefile import Txn
from storage.ids import PersonId

_DEPENDENTS = (
    ("entry_person", "person_id"),
    ("entry_dispute", "person_id"),
    ("carer_fact", "person_id"),
    ("screening", "person_id"),
    ("role_assignment", "person_id"),
    ("role_assignment", "child_id"),
    ("household_member", "person_id"),
    ("overlay", "from_person"),
    ("overlay", "to_person"),
    ("parent_link", "parent_id"),
    ("parent_link", "child_id"),
    ("partnership", "person_a"),
    ("partnership", "person_b"),
)


def delete_person(tx: Txn, person_id: PersonId) -> None:
    for table, column in _DEPENDENTS:
        for (row_id,) in tx.db.execute(
            f"SELECT id FROM {table} WHERE {column} = ?", (person_id,)
        ).fetchall():
            tx.delete(table, row_id)
    tx.delete("person", person_id)
