"""Removing a person takes everything that hangs off them with them, each row audited.

The schema has no ON DELETE CASCADE on purpose: a cascaded delete would bypass the audit
trail (and so undo), so dependents are deleted here, explicitly, one audited row at a time.
"""

from __future__ import annotations

import json

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
    _delete_requests_about(tx, person_id)
    tx.delete("person", person_id)


def _delete_requests_about(tx: Txn, person_id: PersonId) -> None:
    """His information requests (and their chases) go with him; a request about someone else
    that names him in its letter stops naming him."""
    for (request_id,) in tx.db.execute(
        "SELECT id FROM information_request WHERE person_id = ?", (person_id,)
    ).fetchall():
        for (chase_id,) in tx.db.execute(
            "SELECT id FROM request_chase WHERE request_id = ?", (request_id,)
        ).fetchall():
            tx.delete("request_chase", chase_id)
        tx.delete("information_request", request_id)
    for request_id, included in tx.db.execute(
        "SELECT id, include_people FROM information_request"
    ).fetchall():
        people = json.loads(included or "[]")
        if person_id in people:
            # Written as storage/rows.py writes a JSON column, so the audit's old → new and
            # undo compare like with like.
            kept = json.dumps([p for p in people if p != person_id], ensure_ascii=False,
                              sort_keys=True)
            tx.update("information_request", request_id, {"include_people": kept})
