"""The case file: one SQLCipher 4 database per case, opened with a passphrase.

All writes go through `CaseFile.transaction()`, which records every row change in the
hash-chained audit trail inside the same transaction. Because the audit holds each row's old
and new values, any transaction can be undone (and redone) generically: that is how one user
action becomes one transaction and one undo entry.
"""

from __future__ import annotations

import datetime as dt
import getpass
import json
import os
import shutil
import tempfile
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import sqlcipher3

from storage import schema
from storage.areas import Area, area_of
from storage.audit import GENESIS, AuditEvent, check_chain, record_hash
from storage.case import CaseDetails
from storage.errors import (
    CannotUndo,
    CaseError,
    CaseFileDamaged,
    NotACaseFile,
    NotEnoughSpace,
    ReadOnlyLocation,
    RolledBack,
    WeakPassphrase,
    WrongPassphrase,
)
from storage.heads import Head, HeadStore
from storage.ids import TxnId
from storage.lockfile import CaseLock
from storage.rows import TABLES, from_row, to_row

T = TypeVar("T")

MIN_PASSPHRASE = 12
FORMAT_TAG = "visible-case"
SQLITE_PLAINTEXT_MAGIC = b"SQLite format 3\x00"
# Keep decrypted pages in memory: with SQLCipher's default 2 MB cache every scan decrypts the
# file again (2.6x the unencrypted time, PERFORMANCE-NOTES.md). Negative = KiB.
CACHE_KIB = 65536


def check_passphrase_strength(passphrase: str) -> None:
    if len(passphrase) < MIN_PASSPHRASE:
        raise WeakPassphrase(
            f"The passphrase is too short ({len(passphrase)} characters). Use at least "
            f"{MIN_PASSPHRASE} characters; a few unrelated words are easy to remember."
        )


def default_author() -> str:
    return os.environ.get("VISIBLE_AUTHOR") or getpass.getuser()


def now_iso() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def db_error(exc: Exception, path: Path) -> CaseError:
    """Turn an SQLite error into a message a user can act on."""
    text = str(exc).lower()
    if "disk" in text and "full" in text:  # SQLITE_FULL: "database or disk is full"
        return NotEnoughSpace(
            f"The disk holding {path.name} is full; nothing was saved. "
            "Free some space and try again."
        )
    if "readonly" in text or "read-only" in text:
        return ReadOnlyLocation(
            f"{path.name} cannot be written (read-only file or folder). Nothing was saved."
        )
    if "malformed" in text or "not a database" in text or "hmac" in text or "corrupt" in text:
        return CaseFileDamaged(
            f"{path.name} is damaged ({exc}). Run `visible verify` on it and restore your "
            "latest backup."
        )
    return CaseFileDamaged(f"{path.name} could not be read or written ({exc}).")


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

    def _audit(self, table: str, row_id: int, op: str, old: Any, new: Any) -> None:
        case = self._case
        seq = case._head.seq + 1
        old_json = None if old is None else json.dumps(old, ensure_ascii=False, sort_keys=True)
        new_json = None if new is None else json.dumps(new, ensure_ascii=False, sort_keys=True)
        # One tuple serves both the hash and the row, so they can never disagree on a field.
        fields = (seq, self.change.txn, self._at, case.author, self.change.action, table, row_id,
                  op, old_json, new_json)
        digest = record_hash(case._head.hash, *fields)
        self.db.execute(
            "INSERT INTO audit (seq, txn, at, author, action, table_name, row_id, op, old, new,"
            " prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            (*fields, case._head.hash, digest),
        )
        case._head = Head(seq, digest)
        self.change.rows.append((table, row_id, op))

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
        """Bulk insert (imports, demo data): ids assigned up front so the audit can name them."""
        if not rows:
            return []
        start = int(self.db.execute(f"SELECT coalesce(max(id), 0) FROM {table}").fetchone()[0]) + 1
        cols = [c for c in rows[0] if c != "id"]
        ids = list(range(start, start + len(rows)))
        full = [{"id": i, **{c: r.get(c) for c in cols}} for i, r in zip(ids, rows, strict=True)]
        names = ", ".join(["id", *cols])
        marks = ", ".join("?" * (len(cols) + 1))
        self.db.executemany(
            f"INSERT INTO {table} ({names}) VALUES ({marks})", [tuple(r.values()) for r in full]
        )
        # Audit what SQLite actually stored (defaults included), read back in one query.
        stored: dict[int, dict[str, Any]] = {}
        cur = self.db.execute(f"SELECT * FROM {table} WHERE id BETWEEN ? AND ?", (start, ids[-1]))
        names_out = [d[0] for d in cur.description]
        for found in cur:
            stored[found[0]] = dict(zip(names_out, found, strict=True))
        for i in ids:
            self._audit(table, i, "insert", None, stored[i])
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


class CaseFile:
    """An open, unlocked case. Use as a context manager or call close()."""

    def __init__(
        self, path: Path, db: Any, lock: CaseLock | None, author: str, heads: HeadStore
    ) -> None:
        self.path = path
        self.db = db
        self._lock = lock
        self.author = author
        self.read_only = lock is None
        self._heads = heads
        self._head = Head(0, GENESIS)
        self._in_txn = False
        # Called before every write transaction; one raising a CaseError stops the write (the
        # GUI's disk guard refuses to write over a file another program changed).
        self.before_write: list[Callable[[], None]] = []
        # Called after a write transaction failed and was rolled back: our own failed write may
        # still have touched the file (a journal, a spilled page), which is not a change by
        # another program.
        self.after_rollback: list[Callable[[], None]] = []
        self.listeners: list[Callable[[Change], None]] = []
        self.case_id = ""

    # Opening and creating -----------------------------------------------------------------
    @classmethod
    def create(
        cls,
        path: str | os.PathLike[str],
        passphrase: str,
        details: CaseDetails,
        author: str | None = None,
        heads: HeadStore | None = None,
        schema_version: int | None = None,
    ) -> CaseFile:
        path = Path(path)
        check_passphrase_strength(passphrase)
        if path.exists():
            raise CaseError(f"{path} already exists; choose another name or open it instead.")
        if not path.parent.is_dir():
            raise CaseError(f"The folder {path.parent} does not exist.")
        if not os.access(path.parent, os.W_OK):
            raise ReadOnlyLocation(
                f"Cannot create {path.name}: the folder {path.parent} is read-only."
            )
        lock = CaseLock(path)
        lock.acquire()
        try:
            db = _connect(path, passphrase, read_only=False)
            case = cls(path, db, lock, author or default_author(), heads or HeadStore())
            schema.upgrade(db, schema_version or schema.LATEST_VERSION)
            case.case_id = uuid.uuid4().hex
            with case.transaction("Create case") as tx:
                tx.insert("meta", {"key": "format", "value": FORMAT_TAG})
                tx.insert("meta", {"key": "case_id", "value": case.case_id})
                details.created_at = details.created_at or now_iso()
                details.author = details.author or case.author
                tx.add(details)
                _seed_agencies(tx)
        except sqlcipher3.DatabaseError as exc:
            lock.release()
            path.unlink(missing_ok=True)
            raise db_error(exc, path) from None
        except BaseException:
            lock.release()
            path.unlink(missing_ok=True)
            raise
        return case

    @classmethod
    def open(
        cls,
        path: str | os.PathLike[str],
        passphrase: str,
        read_only: bool = False,
        accept_rollback: bool = False,
        author: str | None = None,
        heads: HeadStore | None = None,
    ) -> CaseFile:
        path = Path(path)
        _check_looks_like_case(path)
        lock = None
        if not read_only:
            if not os.access(path, os.W_OK) or not os.access(path.parent, os.W_OK):
                raise ReadOnlyLocation(
                    f"{path.name} is in a read-only place, so it cannot be edited. Copy it to a "
                    "folder you can write to, or open it read-only."
                )
            lock = CaseLock(path)
            lock.acquire()
        try:
            db = _connect(path, passphrase, read_only)
            case = cls(path, db, lock, author or default_author(), heads or HeadStore())
            case._load(read_only, accept_rollback)
        except sqlcipher3.DatabaseError as exc:
            if lock:
                lock.release()
            raise db_error(exc, path) from None
        except BaseException:
            if lock:
                lock.release()
            raise
        return case

    def _load(self, read_only: bool, accept_rollback: bool) -> None:
        tables = {
            r[0] for r in self.db.execute("SELECT name FROM sqlite_master WHERE type='table'")
        }
        if "meta" not in tables:
            raise NotACaseFile(f"{self.path.name} is not a Visible case file.")
        meta = dict(self.db.execute("SELECT key, value FROM meta").fetchall())
        if meta.get("format") != FORMAT_TAG:
            raise NotACaseFile(f"{self.path.name} is not a Visible case file.")
        self.case_id = meta["case_id"]
        version = schema.schema_version(self.db)
        if version < schema.LATEST_VERSION and read_only:
            raise CaseError(
                f"{self.path.name} was made by an older version of Visible and must be upgraded: "
                "open it once for editing."
            )
        schema.upgrade(self.db)
        last = self.db.execute("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
        self._head = Head(last[0], last[1]) if last else Head(0, GENESIS)
        self._check_rollback(accept_rollback)

    def _check_rollback(self, accept: bool) -> None:
        known = self._heads.get(self.case_id)
        if known is None or accept:
            self._remember_head()
            return
        row = self.db.execute("SELECT hash FROM audit WHERE seq = ?", (known.seq,)).fetchone()
        if row is None or row[0] != known.hash:
            raise RolledBack(
                f"{self.path.name} is older than the version last saved on this computer "
                f"(change {known.seq}; the file ends at change {self._head.seq}). It may have been "
                "restored from an old copy, and recent work may be missing. Find the newest copy; "
                "to accept this one anyway, open it with --accept-older."
            )
        self._remember_head()

    def _remember_head(self) -> None:
        if not self.read_only:
            self._heads.put(self.case_id, self._head)

    def close(self) -> None:
        if self.db is not None:
            self.db.close()
            self.db = None
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def __enter__(self) -> CaseFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # Writing -----------------------------------------------------------------------------
    @contextmanager
    def transaction(self, action: str) -> Iterator[Txn]:
        if self.read_only:
            raise ReadOnlyLocation("This case is open read-only; nothing can be changed.")
        if self._in_txn:
            raise RuntimeError("transactions do not nest: one user action is one transaction")
        for check in list(self.before_write):
            check()
        head_before = self._head
        try:
            self.db.execute("BEGIN IMMEDIATE")
        except sqlcipher3.DatabaseError as exc:
            raise db_error(exc, self.path) from None
        self._in_txn = True
        try:
            txn = TxnId(
                int(self.db.execute("SELECT coalesce(max(txn), 0) + 1 FROM audit").fetchone()[0])
            )
            tx = Txn(self, txn, action)
            yield tx
            self.db.execute("COMMIT")
        except BaseException as exc:
            self._head = head_before
            try:
                self.db.execute("ROLLBACK")
            except sqlcipher3.DatabaseError:
                pass
            for rolled_back in list(self.after_rollback):
                rolled_back()
            if isinstance(exc, sqlcipher3.DatabaseError) and not isinstance(
                exc, sqlcipher3.IntegrityError
            ):
                raise db_error(exc, self.path) from None
            raise
        finally:
            self._in_txn = False
        self._remember_head()
        for listener in list(self.listeners):
            listener(tx.change)

    def last_txn(self) -> TxnId | None:
        row = self.db.execute("SELECT max(txn) FROM audit").fetchone()
        return TxnId(row[0]) if row and row[0] is not None else None

    def _audit_rows(self, txn: TxnId, newest_first: bool) -> list[AuditEvent]:
        order = "DESC" if newest_first else "ASC"
        return [
            audit_event(r)
            for r in self.db.execute(
                f"SELECT * FROM audit WHERE txn = ? ORDER BY seq {order}", (txn,)
            )
        ]

    def undo(self, txn: TxnId) -> Change:
        """Reverse every row change of `txn`, newest first, as one new audited transaction."""
        events = self._audit_rows(txn, newest_first=True)
        if not events:
            raise CaseError(f"There is no change {txn} to undo.")
        try:
            with self.transaction(f"Undo: {events[0].action}") as tx:
                for e in events:
                    if e.op == "insert":
                        tx.delete(e.table_name, e.row_id)
                    elif e.op == "delete":
                        tx.insert(e.table_name, e.old or {})
                    else:
                        tx.update(e.table_name, e.row_id, e.old or {})
        except sqlcipher3.IntegrityError:
            raise CannotUndo(
                f"“{events[0].action}” cannot be undone: what it changed has been changed again "
                "since (perhaps from another window or the command line). Nothing was changed."
            ) from None
        return tx.change

    def redo(self, txn: TxnId) -> Change:
        """Re-apply `txn` (after an undo), oldest change first, keeping the same row ids."""
        events = self._audit_rows(txn, newest_first=False)
        if not events:
            raise CaseError(f"There is no change {txn} to redo.")
        try:
            # Labelled as a redo, as the undo is labelled "Undo: …" (issue 12: the audit trail
            # showed a redo as if the action had been done afresh).
            with self.transaction(f"Redo: {events[0].action}") as tx:
                for e in events:
                    if e.op == "insert":
                        tx.insert(e.table_name, e.new or {})
                    elif e.op == "delete":
                        tx.delete(e.table_name, e.row_id)
                    else:
                        tx.update(e.table_name, e.row_id, e.new or {})
        except sqlcipher3.IntegrityError:
            raise CannotUndo(
                f"“{events[0].action}” cannot be redone: the case has changed since it was undone "
                "(perhaps from another window or the command line). Nothing was changed."
            ) from None
        return tx.change

    # Reading -----------------------------------------------------------------------------
    def get(self, cls: type[T], row_id: int) -> T | None:
        cur = self.db.execute(f"SELECT * FROM {TABLES[cls]} WHERE id = ?", (row_id,))
        row = cur.fetchone()
        if row is None:
            return None
        return from_row(cls, dict(zip([d[0] for d in cur.description], row, strict=True)))

    def all(
        self, cls: type[T], where: str = "", params: Sequence[Any] = (), order: str = "id"
    ) -> list[T]:
        sql = f"SELECT * FROM {TABLES[cls]}"
        if where:
            sql += f" WHERE {where}"
        cur = self.db.execute(f"{sql} ORDER BY {order}", tuple(params))
        names = [d[0] for d in cur.description]
        return [from_row(cls, dict(zip(names, r, strict=True))) for r in cur]

    def details(self) -> CaseDetails:
        found = self.get(CaseDetails, 1)
        assert found is not None, "every case file has its details row"
        return found

    @property
    def closed(self) -> bool:
        return self.db is None

    def data_version(self) -> int:
        """Changes whenever another connection commits to the file (SQLite's data_version)."""
        return int(self.db.execute("PRAGMA data_version").fetchone()[0])

    @property
    def schema_version(self) -> int:
        return schema.schema_version(self.db)

    def audit_events(self, limit: int | None = None, offset: int = 0) -> list[AuditEvent]:
        sql = "SELECT * FROM audit ORDER BY seq"
        if limit is not None:
            sql += f" LIMIT {int(limit)} OFFSET {int(offset)}"
        return [audit_event(r) for r in self.db.execute(sql)]

    # Integrity, backup, passphrase ------------------------------------------------------
    def verify(self) -> list[str]:
        """Problems found by SQLCipher's page HMACs, SQLite's structure check, the audit chain."""
        problems: list[str] = []
        try:
            for (msg,) in self.db.execute("PRAGMA cipher_integrity_check"):
                problems.append(f"encryption check: {msg}")
            structure = [m for (m,) in self.db.execute("PRAGMA integrity_check") if m != "ok"]
            lines = [line for m in structure for line in str(m).splitlines() if line.strip()]
            problems.extend(f"structure check: {line}" for line in lines[:5])
            if len(lines) > 5:
                problems.append(
                    f"structure check: ... and {len(lines) - 5} more structural problems"
                )
            rows = self.db.execute(
                "SELECT seq, txn, at, author, action, table_name, row_id, op, old, new, prev_hash,"
                " hash FROM audit ORDER BY seq"
            )
            problems.extend(f"audit trail: {p.message}" for p in check_chain(rows))
        except sqlcipher3.DatabaseError as exc:
            problems.append(f"the file could not be read completely: {exc}")
        return problems

    def backup(self, dest: str | os.PathLike[str]) -> Path:
        """An encrypted copy with the same key (VACUUM INTO keeps the key; never plaintext)."""
        dest = Path(dest)
        if dest.exists():
            raise CaseError(f"{dest} already exists; choose another name for the backup.")
        if not dest.parent.is_dir():
            raise CaseError(
                f"The folder {dest.parent} does not exist; create it or choose another."
            )
        if not os.access(dest.parent, os.W_OK):
            raise ReadOnlyLocation(
                f"Cannot write the backup to the folder {dest.parent} (read-only); "
                "choose another folder."
            )
        _check_space(dest.parent, self.path.stat().st_size, "the backup")
        fd, tmp_name = tempfile.mkstemp(prefix=f".{dest.name}.", suffix=".tmp", dir=dest.parent)
        os.close(fd)
        tmp = Path(tmp_name)
        tmp.unlink()
        try:
            self.db.execute(f"VACUUM INTO {_quote(str(tmp))}")
            os.replace(tmp, dest)
        except sqlcipher3.DatabaseError as exc:
            tmp.unlink(missing_ok=True)
            raise db_error(exc, dest) from None
        finally:
            tmp.unlink(missing_ok=True)
        return dest

    def change_passphrase(self, new_passphrase: str) -> None:
        check_passphrase_strength(new_passphrase)
        if self.read_only:
            raise ReadOnlyLocation("The case is open read-only; its passphrase cannot be changed.")
        # Rekey rewrites every page through the journal: it needs about the file's size again.
        _check_space(self.path.parent, self.path.stat().st_size, "changing the passphrase")
        try:
            self.db.execute(f"PRAGMA rekey = {_quote(new_passphrase)}")
        except sqlcipher3.DatabaseError as exc:
            raise db_error(exc, self.path) from None


def audit_event(row: Sequence[Any]) -> AuditEvent:
    seq, txn, at, author, action, table, row_id, op, old, new, prev, digest = row
    return AuditEvent(
        seq,
        txn,
        at,
        author,
        action,
        table,
        row_id,
        op,
        json.loads(old) if old else None,
        json.loads(new) if new else None,
        prev,
        digest,
    )


def _check_space(folder: Path, needed: int, what: str) -> None:
    free = shutil.disk_usage(folder).free
    margin = needed // 10 + 1024 * 1024
    if free < needed + margin:
        raise NotEnoughSpace(
            f"Not enough free disk space for {what}: {free // 1024 // 1024} MB free, about "
            f"{(needed + margin) // 1024 // 1024} MB needed. Free some space and try again."
        )


def _check_looks_like_case(path: Path) -> None:
    if not path.exists():
        raise CaseError(f"There is no case file at {path}.")
    if path.is_dir():
        raise NotACaseFile(f"{path} is a folder, not a case file.")
    try:
        with path.open("rb") as f:
            head = f.read(16)
    except PermissionError:
        raise ReadOnlyLocation(f"You do not have permission to read {path}.") from None
    if len(head) < 16:
        raise NotACaseFile(f"{path.name} is empty or truncated, so it is not a usable case file.")
    if head == SQLITE_PLAINTEXT_MAGIC:
        raise NotACaseFile(
            f"{path.name} is an unencrypted SQLite database, not a Visible case file."
        )


def _connect(path: Path, passphrase: str, read_only: bool) -> Any:
    if read_only:
        db = sqlcipher3.connect(
            f"file:{path}?mode=ro", uri=True, isolation_level=None, check_same_thread=False
        )
    else:
        db = sqlcipher3.connect(str(path), isolation_level=None, check_same_thread=False)
    try:
        # SQLCipher logs HMAC failures to stderr; we report them ourselves, in words.
        db.execute("PRAGMA cipher_log_level = NONE")
        db.execute(f"PRAGMA key = {_quote(passphrase)}")
        # Pin the SQLCipher 4 format so a library upgrade never silently changes the KDF.
        db.execute("PRAGMA cipher_compatibility = 4")
        db.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlcipher3.DatabaseError:
        db.close()
        raise WrongPassphrase(
            f"Could not unlock {path.name}: the passphrase is wrong, or the file is not a Visible "
            "case file or is damaged. Check the passphrase (it is case-sensitive) and try again."
        ) from None
    db.execute("PRAGMA foreign_keys = ON")
    if not read_only:
        # A rollback journal (not WAL) keeps the case a single file at rest; FULL syncs each commit.
        db.execute("PRAGMA journal_mode = DELETE")
    db.execute("PRAGMA synchronous = FULL")
    db.execute("PRAGMA temp_store = MEMORY")
    db.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
    return db


def _seed_agencies(tx: Txn) -> None:
    from storage.chronology import DEFAULT_AGENCIES

    for name, prefix in DEFAULT_AGENCIES:
        tx.insert("agency", {"name": name, "prefix": prefix})
