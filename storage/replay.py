"""Replaying audit records for undo and redo, a run of like records per statement.

A 20,000-row import is undone with a few hundred statements, not 20,000: consecutive records of
one table and one kind are replayed together (still one audit record per row).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from storage.transaction import Txn


@dataclass(slots=True)
class ReplayRecord:
    """One audit record as undo and redo replay it; old and new are the stored JSON."""

    table_name: str
    row_id: int
    op: str
    old: str | None
    new: str | None

    def values(self, undo: bool) -> dict[str, Any]:
        stored = self.old if undo else self.new
        return dict(json.loads(stored)) if stored else {}


def runs(records: list[ReplayRecord]) -> Iterator[list[ReplayRecord]]:
    """Consecutive records of one table and operation, each row at most once per run (a row
    changed twice in one action is replayed twice, in order)."""
    run: list[ReplayRecord] = []
    seen: set[int] = set()
    for r in records:
        if run and ((r.table_name, r.op) != (run[0].table_name, run[0].op) or r.row_id in seen):
            yield run
            run, seen = [], set()
        run.append(r)
        seen.add(r.row_id)
    if run:
        yield run


def replay_run(tx: Txn, run: list[ReplayRecord], undo: bool) -> None:
    """One run of like records, reversed (undo) or re-applied (redo), as the per-row
    Txn.insert / delete / update would: same rows, same audit records, far fewer statements."""
    table, op = run[0].table_name, run[0].op
    if op == "update":
        tx.update_many(table, {r.row_id: r.values(undo) for r in run})
    elif (op == "insert") == undo:  # undoing an insert, or redoing a delete
        tx.delete_many(table, [r.row_id for r in run])
    else:  # undoing a delete, or redoing an insert: the row comes back with its own id
        tx.insert_rows(table, [{**r.values(undo), "id": r.row_id} for r in run])
