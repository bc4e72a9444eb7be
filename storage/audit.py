"""The audit trail: who changed what, when, old -> new, as a hash chain.

Each record's hash covers its own content and the previous record's hash, so editing or
deleting a past record breaks every hash after it. SQLCipher detects tampering with pages but
not a whole file (or page) swapped for an older copy, so the newest hash is also kept outside
the file (storage/heads.py) and compared on open.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

GENESIS = "0" * 64


@dataclass(slots=True)
class AuditEvent:
    seq: int
    txn: int
    at: str
    author: str
    action: str
    table_name: str
    row_id: int
    op: str
    old: dict[str, Any] | None
    new: dict[str, Any] | None
    prev_hash: str
    hash: str

    def changed_fields(self) -> dict[str, tuple[Any, Any]]:
        """For an update, {field: (old, new)} of the fields that actually changed."""
        old, new = self.old or {}, self.new or {}
        keys = sorted(set(old) | set(new))
        return {k: (old.get(k), new.get(k)) for k in keys if old.get(k) != new.get(k)}


def canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def record_hash(
    prev_hash: str,
    seq: int,
    txn: int,
    at: str,
    author: str,
    action: str,
    table_name: str,
    row_id: int,
    op: str,
    old_json: str | None,
    new_json: str | None,
) -> str:
    body = canonical(
        [prev_hash, seq, txn, at, author, action, table_name, row_id, op, old_json, new_json]
    )
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


@dataclass(slots=True)
class ChainProblem:
    seq: int
    message: str


def check_chain(rows: Iterable[tuple[Any, ...]]) -> list[ChainProblem]:
    """rows: (seq, txn, at, author, action, table_name, row_id, op, old, new, prev_hash, hash)
    in seq order. Returns the problems found (empty when the chain is intact)."""
    problems: list[ChainProblem] = []
    expected_prev = GENESIS
    expected_seq = 1
    for row in rows:
        seq, txn, at, author, action, table, row_id, op, old, new, prev, stored = row
        if seq != expected_seq:
            problems.append(ChainProblem(seq, f"audit record {expected_seq} is missing"))
        if prev != expected_prev:
            problems.append(ChainProblem(seq, f"audit record {seq} does not follow the one before"))
        actual = record_hash(prev, seq, txn, at, author, action, table, row_id, op, old, new)
        if actual != stored:
            problems.append(
                ChainProblem(seq, f"audit record {seq} was altered after it was written")
            )
        expected_prev = stored
        expected_seq = seq + 1
    return problems
