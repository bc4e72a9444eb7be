"""Reading and writing a man's facts: the statements about each field of his record.

The only place that knows the carer_fact table. Each row is one statement (storage.carers
CarerFact) about one field; a field's statements are ordered by `position`. Callers in forms/
and app/operations/ work with dataclasses and never see SQL.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from storage.carers import CarerFact, ScreeningResult
from storage.casefile import CaseFile, Txn
from storage.ids import PersonId
from storage.rows import select, to_row

_ORDER = "person_id, field_key, position, id"
# What makes two statements "the same" for the audit: recorded_at/by move only when one of
# these changes, so re-saving an unchanged record writes nothing.
_COMPARED = ("value", "status", "source", "learned_on", "basis")


def facts_of(case: CaseFile, person_id: PersonId) -> list[CarerFact]:
    """Every statement about one man, by field then position."""
    return select(case, CarerFact, where="person_id = ?", params=(person_id,), order=_ORDER)


def all_facts(case: CaseFile) -> list[CarerFact]:
    """Every statement about every man, by man, field and position."""
    return select(case, CarerFact, order=_ORDER)


def screenings_of(case: CaseFile, person_id: PersonId | None = None) -> list[ScreeningResult]:
    """Completed screenings, newest first (of one man, or of everyone)."""
    if person_id is None:
        return select(case, ScreeningResult, order="administered_on DESC, id DESC")
    return select(case, ScreeningResult, where="person_id = ?", params=(person_id,),
                    order="administered_on DESC, id DESC")


def _rows_for(tx: Txn, person_id: PersonId, key: str) -> list[dict[str, Any]]:
    cur = tx.db.execute(
        "SELECT * FROM carer_fact WHERE person_id = ? AND field_key = ? ORDER BY position, id",
        (person_id, key),
    )
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r, strict=True)) for r in cur]


def replace_statements(
    tx: Txn, person_id: PersonId, key: str, statements: Sequence[CarerFact]
) -> int:
    """Make `statements` the field's statements, in order; returns how many rows changed.

    Rows are matched by position, so an unchanged statement keeps its id, its recorded_at/by
    and writes nothing to the audit; extra old rows are deleted. Positions are rewritten in
    place (never two rows at one position), so the UNIQUE (person, field, position) holds at
    every step and undo can replay the audit in reverse.
    """
    old = _rows_for(tx, person_id, key)
    changed = 0
    for position, statement in enumerate(statements):
        statement.person_id, statement.field_key, statement.position = person_id, key, position
        if position < len(old):
            before = old[position]
            statement.id = before["id"]
            row = to_row(statement)
            if all(row[k] == before.get(k) for k in _COMPARED):
                statement.recorded_at = before["recorded_at"]
                statement.recorded_by = before["recorded_by"]
                continue
            tx.save(statement)
        else:
            statement.id = None
            tx.add(statement)
        changed += 1
    for before in old[len(statements):]:
        tx.delete("carer_fact", before["id"])
        changed += 1
    return changed


def clear_field(tx: Txn, person_id: PersonId, key: str) -> int:
    """Remove every statement about one field ("not recorded" again)."""
    return replace_statements(tx, person_id, key, [])


def fields_recorded(tx: Txn, person_id: PersonId) -> set[str]:
    return {r[0] for r in tx.db.execute(
        "SELECT DISTINCT field_key FROM carer_fact WHERE person_id = ?", (person_id,))}


def statements_by_field(facts: Iterable[CarerFact]) -> dict[PersonId, dict[str, list[CarerFact]]]:
    """Group statements per man and field, keeping position order."""
    out: dict[PersonId, dict[str, list[CarerFact]]] = {}
    for fact in sorted(facts, key=lambda f: (f.person_id, f.field_key, f.position, f.id or 0)):
        out.setdefault(fact.person_id, {}).setdefault(fact.field_key, []).append(fact)
    return out
