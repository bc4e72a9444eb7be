"""One transaction: every row change made through it is written with its audit record.

`Txn` is what operations write with (`with case.transaction(label) as tx:`); `Change` is what a
committed transaction (or an undo or redo) changed, by table and row, for the views to refresh.
"""

from __future__ import annotations

import datetime as dt
import getpass
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from operator import itemgetter
from typing import TYPE_CHECKING, Any

from storage.areas import Area, area_of
from storage.audit import record_hash
from storage.errors import (
    CaseError,
)
from storage.heads import Head
from storage.ids import TxnId
from storage.progress import Progress
from storage.rows import TABLES, to_row

if TYPE_CHECKING:
    from storage.casefile import CaseFile

# Rows written per statement by Txn.insert_many: large enough to amortise each statement,
# small enough that a chunk's audit JSON stays a few megabytes.
BULK = 5000


def default_author() -> str:
    return os.environ.get("VISIBLE_AUTHOR") or getpass.getuser()


def now_iso() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


@dataclass(slots=True)
class Change:
    """What one committed transaction changed, as storage saw it (table, row id, op).

    Code outside storage reads it through app.operations.changes.Changes, which speaks in
    areas of the case (people, chronology...) rather than table names.
    """

    txn: TxnId
    action: str
    rows: list[tuple[str, int, str]] = field(default_factory=list)  # (table, id, op)

    @property
    def areas(self) -> frozenset[Area]:
        return frozenset(area_of(table) for table, _id, _op in self.rows)

    def created(self, area: Area) -> list[int]:
        """Ids of the rows this transaction inserted in `area`, in the order inserted."""
        return [i for table, i, op in self.rows if op == "insert" and area_of(table) is area]


class Txn:
    """The write side of one transaction. Every write is audited."""

    def __init__(self, case: CaseFile, txn: TxnId, action: str) -> None:
        self._case = case
        self.change = Change(txn, action)
        self._at = now_iso()

    @property
    def db(self) -> Any:
        return self._case.db

    @property
    def progress(self) -> Progress:
        """The watcher of the work this transaction belongs to (NO_PROGRESS when none)."""
        return self._case.progress

    _AUDIT_INSERT = (
        "INSERT INTO audit (seq, txn, at, author, action, table_name, row_id, op, old, new,"
        " prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)"
    )

    def _audit(self, table: str, row_id: int, op: str, old: Any, new: Any) -> None:
        self.db.execute(self._AUDIT_INSERT, self._audit_row(table, row_id, op, old, new))

    def _audit_row(self, table: str, row_id: int, op: str, old: Any, new: Any) -> tuple[Any, ...]:
        """The next audit row, chained to the head (which moves on); written by the caller."""
        case = self._case
        seq = case._head.seq + 1
        old_json = None if old is None else json.dumps(old, ensure_ascii=False, sort_keys=True)
        new_json = None if new is None else json.dumps(new, ensure_ascii=False, sort_keys=True)
        # One tuple serves both the hash and the row, so they can never disagree on a field.
        fields = (seq, self.change.txn, self._at, case.author, self.change.action, table, row_id,
                  op, old_json, new_json)
        digest = record_hash(case._head.hash, *fields)
        prev = case._head.hash
        case._head = Head(seq, digest)
        self.change.rows.append((table, row_id, op))
        return (*fields, prev, digest)

    def row(self, table: str, row_id: int) -> dict[str, Any] | None:
        cur = self.db.execute(f"SELECT * FROM {table} WHERE id = ?", (row_id,))
        found = cur.fetchone()
        if found is None:
            return None
        return dict(zip([d[0] for d in cur.description], found, strict=True))

    def insert(self, table: str, values: dict[str, Any]) -> int:
        values = dict(values)
        if values.get("id") is None:
            values.pop("id", None)
        cols = ", ".join(values)
        marks = ", ".join("?" * len(values))
        cur = self.db.execute(
            f"INSERT INTO {table} ({cols}) VALUES ({marks})", tuple(values.values())
        )
        row_id = int(cur.lastrowid)
        self._audit(table, row_id, "insert", None, self.row(table, row_id))
        return row_id

    def insert_many(self, table: str, rows: Sequence[dict[str, Any]]) -> list[int]:
        """Bulk insert (imports, demo data): ids assigned up front so the audit can name them.

        Written 5,000 rows at a time: the rows read back for the audit and their JSON are
        then never all in memory at once (a 200,000-row import peaked at 1.4 GB otherwise).
        """
        ids: list[int] = []
        for start in range(0, len(rows), BULK):
            self.progress.check()  # Cancel stops between chunks; the transaction rolls back
            ids.extend(self._insert_chunk(table, rows[start : start + BULK]))
        return ids

    def insert_rows(self, table: str, rows: Sequence[dict[str, Any]]) -> None:
        """Put back rows that carry their own ids (undo of a delete, redo of an insert): one
        statement per run of rows with the same columns, each row audited as stored."""
        start = 0
        while start < len(rows):
            cols = list(rows[start])
            end = start + 1
            while end < len(rows) and list(rows[end]) == cols:
                end += 1
            run = rows[start:end]
            pick = itemgetter(*cols)
            self.db.executemany(
                f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                [pick(r) for r in run] if len(cols) > 1 else [(r[cols[0]],) for r in run],
            )
            ids = [int(r["id"]) for r in run]
            stored = self._rows_by_id(table, ids)
            self.db.executemany(
                self._AUDIT_INSERT,
                [self._audit_row(table, i, "insert", None, stored[i]) for i in ids],
            )
            start = end

    def delete_many(self, table: str, ids: Sequence[int]) -> None:
        """delete() for many rows, in the order given (a row pointing at another goes first);
        rows already gone are skipped, as delete() does."""
        old = self._rows_by_id(table, ids)
        present = [i for i in ids if i in old]
        self.db.executemany(f"DELETE FROM {table} WHERE id = ?", [(i,) for i in present])
        self.db.executemany(
            self._AUDIT_INSERT,
            [self._audit_row(table, i, "delete", old[i], None) for i in present],
        )

    def _rows_by_id(self, table: str, ids: Sequence[int]) -> dict[int, dict[str, Any]]:
        """The rows with these ids as stored, read in one statement (no cascades: the schema
        has none, so what is read here is what a later statement of the same run finds)."""
        cur = self.db.execute(
            f"SELECT * FROM {table} WHERE id IN (SELECT value FROM json_each(?))",
            (json.dumps(list(ids)),),
        )
        names = [d[0] for d in cur.description]
        return {found[0]: dict(zip(names, found, strict=True)) for found in cur}

    def _insert_chunk(self, table: str, rows: Sequence[dict[str, Any]]) -> list[int]:
        if not rows:
            return []
        start = int(self.db.execute(f"SELECT coalesce(max(id), 0) FROM {table}").fetchone()[0]) + 1
        cols = [c for c in rows[0] if c != "id"]
        ids = list(range(start, start + len(rows)))
        names = ", ".join(["id", *cols])
        marks = ", ".join("?" * (len(cols) + 1))
        self.db.executemany(
            f"INSERT INTO {table} ({names}) VALUES ({marks})",
            [(i, *(r.get(c) for c in cols)) for i, r in zip(ids, rows, strict=True)],
        )
        # Audit what SQLite actually stored (defaults included), read back in one query.
        stored: dict[int, dict[str, Any]] = {}
        cur = self.db.execute(f"SELECT * FROM {table} WHERE id BETWEEN ? AND ?", (start, ids[-1]))
        names_out = [d[0] for d in cur.description]
        for found in cur:
            stored[found[0]] = dict(zip(names_out, found, strict=True))
        # The chain is computed row by row; the rows are written in one statement (an import
        # of 20,000 entries was 40,000 separate audit INSERTs).
        self.db.executemany(
            self._AUDIT_INSERT, [self._audit_row(table, i, "insert", None, stored[i]) for i in ids]
        )
        return ids

    def update(self, table: str, row_id: int, values: dict[str, Any]) -> None:
        old = self.row(table, row_id)
        if old is None:
            raise CaseError(f"The {table.replace('_', ' ')} record {row_id} no longer exists.")
        # Only the columns that really change are written: a caller that read the row before
        # another field was added (or by another code path) cannot overwrite what it never saw.
        values = {k: v for k, v in values.items() if k != "id" and old.get(k) != v}
        if not values:
            return
        sets = ", ".join(f"{k} = ?" for k in values)
        self.db.execute(f"UPDATE {table} SET {sets} WHERE id = ?", (*values.values(), row_id))
        self._audit(table, row_id, "update", old, self.row(table, row_id))

    def update_many(self, table: str, changes: dict[int, dict[str, Any]]) -> None:
        """update() for many rows with the same columns changed: old rows read and new ones
        written a few statements at a time, the audit rows in one statement."""
        if not changes:
            return
        self.progress.check()
        columns = sorted({k for values in changes.values() for k in values if k != "id"})
        ids = list(changes)
        old_rows: dict[int, dict[str, Any]] = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            cur = self.db.execute(
                f"SELECT * FROM {table} WHERE id IN ({','.join('?' * len(chunk))})", chunk
            )
            names = [d[0] for d in cur.description]
            for found in cur:
                old_rows[found[0]] = dict(zip(names, found, strict=True))
        missing = [i for i in ids if i not in old_rows]
        if missing:
            raise CaseError(
                f"The {table.replace('_', ' ')} record {missing[0]} no longer exists."
            )
        new_rows = {i: {**old_rows[i], **{c: changes[i].get(c, old_rows[i][c]) for c in columns}}
                    for i in ids}
        changed = [i for i in ids if new_rows[i] != old_rows[i]]
        sets = ", ".join(f"{c} = ?" for c in columns)
        self.db.executemany(
            f"UPDATE {table} SET {sets} WHERE id = ?",
            [(*(new_rows[i][c] for c in columns), i) for i in changed],
        )
        self.db.executemany(
            self._AUDIT_INSERT,
            [self._audit_row(table, i, "update", old_rows[i], new_rows[i]) for i in changed],
        )

    def delete(self, table: str, row_id: int) -> None:
        old = self.row(table, row_id)
        if old is None:
            return
        self.db.execute(f"DELETE FROM {table} WHERE id = ?", (row_id,))
        self._audit(table, row_id, "delete", old, None)

    # Dataclass conveniences -------------------------------------------------------------
    def add(self, obj: Any) -> int:
        new_id = self.insert(TABLES[type(obj)], to_row(obj))
        obj.id = new_id
        return new_id

    def save(self, obj: Any) -> None:
        if obj.id is None:
            self.add(obj)
        else:
            self.update(TABLES[type(obj)], obj.id, to_row(obj))

    def remove(self, cls: type, row_id: int) -> None:
        self.delete(TABLES[cls], row_id)
