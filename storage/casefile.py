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
import logging
import os
import shutil
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path
from typing import Any, TypeVar

import sqlcipher3

from storage import integrity, schema
from storage.areas import Area, area_of
from storage.audit import GENESIS, AuditEvent, check_chain, record_hash
from storage.case import CaseDetails
from storage.errors import (
    CannotUndo,
    CaseBusy,
    CaseError,
    CaseFileDamaged,
    NotACaseFile,
    NotEnoughSpace,
    ReadOnlyLocation,
    RolledBack,
    WrongPassphrase,
)
from storage.heads import Head, HeadStore, HeadStoreProblem
from storage.ids import TxnId
from storage.keys import SALT_BYTES, CaseKey, derive, new_salt
from storage.lockfile import CaseLock
from storage.paths import journal_path, shown, sqlite_uri
from storage.progress import NO_PROGRESS, Progress
from storage.rows import TABLES, from_row, select, to_row
from storage.strength import check_passphrase_strength
from storage.tempfiles import private_temp, remove_leftovers

T = TypeVar("T")
log = logging.getLogger(__name__)

FORMAT_TAG = "visible-case"
SQLITE_PLAINTEXT_MAGIC = b"SQLite format 3\x00"
# Keep decrypted pages in memory: with SQLCipher's default 2 MB cache every scan decrypts the
# file again (2.6x the unencrypted time, PERFORMANCE-NOTES.md). Negative = KiB.
CACHE_KIB = 65536
# Rows written per statement by Txn.insert_many: large enough to amortise each statement,
# small enough that a chunk's audit JSON stays a few megabytes.
_BULK = 5000
# Audit records undo and redo read and replay at a time: a 200,000-row import is never all in
# memory as parsed JSON, and Cancel is looked at between chunks.
_REPLAY_CHUNK = 2000
# How long a connection waits for another one's write to finish before saying "busy": long
# enough for any single user action to commit, short enough that nobody waits in silence.
BUSY_SECONDS = 5.0


def default_author() -> str:
    return os.environ.get("VISIBLE_AUTHOR") or getpass.getuser()


def now_iso() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def db_error(exc: Exception, path: Path) -> CaseError:
    """Turn an SQLite error into a message a user can act on."""
    text = str(exc).lower()
    if "locked" in text or "busy" in text:  # SQLITE_BUSY after the busy timeout
        return busy_error(path)
    if "disk" in text and "full" in text:  # SQLITE_FULL: "database or disk is full"
        return NotEnoughSpace(
            f"The disk holding {path.name} is full; nothing was saved. "
            "Free some space and try again."
        )
    if "readonly" in text or "read-only" in text:
        return ReadOnlyLocation(
            f"{shown(path.name)} cannot be written (read-only file or folder). Nothing was saved."
        )
    if "malformed" in text or "not a database" in text or "hmac" in text or "corrupt" in text:
        return CaseFileDamaged(
            f"{shown(path.name)} is damaged ({exc}). Run `visible verify` on it and restore your "
            "latest backup."
        )
    return CaseFileDamaged(f"{shown(path.name)} could not be read or written ({exc}).")


def busy_error(path: Path) -> CaseBusy:
    return CaseBusy(
        f"{shown(path.name)} is busy: another program has been writing to it for more than "
        f"{BUSY_SECONDS:g} seconds. Nothing was changed; wait a moment and try again."
    )


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
        for start in range(0, len(rows), _BULK):
            self.progress.check()  # Cancel stops between chunks; the transaction rolls back
            ids.extend(self._insert_chunk(table, rows[start : start + _BULK]))
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


class CaseFile:
    """An open, unlocked case. Use as a context manager or call close()."""

    def __init__(
        self,
        path: Path,
        db: Any,
        lock: CaseLock | None,
        author: str,
        heads: HeadStore,
        key: CaseKey | None = None,
    ) -> None:
        self.path = path
        self.db = db
        self._lock = lock
        self.author = author
        self.read_only = lock is None
        self._heads = heads
        self._key = key
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
        # The watcher of the long work now running on this case (an import's write, a long
        # undo): bulk writes check it for Cancel. Set by the session's background runner.
        self.progress: Progress = NO_PROGRESS
        self.case_id = ""
        # Set when the file failed the checks on open: it is then open read-only, and this
        # says what is wrong (shown by the CLI and the window; every write refuses with it).
        self.damage: str | None = None

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
        demo: bool = False,
    ) -> CaseFile:
        """Create a new case; `demo` allows the published demo passphrase (the demo case only)."""
        path = Path(path)
        check_passphrase_strength(passphrase, [details.reference, path.stem], allow_demo=demo)
        if path.exists() or path.is_symlink():
            raise CaseError(
                f"{shown(path)} already exists; choose another name or open it instead."
            )
        if not path.parent.is_dir():
            raise CaseError(f"The folder {shown(path.parent)} does not exist.")
        if not os.access(path.parent, os.W_OK):
            raise ReadOnlyLocation(
                f"Cannot create {shown(path.name)}: the folder {shown(path.parent)} is read-only."
            )
        key = derive(passphrase, new_salt())
        lock = CaseLock(path)
        lock.acquire()
        created = False
        try:
            # Made here, exclusively and 0600, so SQLite (which would use 0644 and follow a
            # symlink) only ever opens a file that is ours; its journal copies these permissions.
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, 0o600))
            created = True
            db = _connect(path, key, "rw")
            case = cls(path, db, lock, author or default_author(), heads or HeadStore(), key)
            schema.upgrade(db, schema_version or schema.LATEST_VERSION)
            case.case_id = uuid.uuid4().hex
            with case.transaction("Create case") as tx:
                tx.insert("meta", {"key": "format", "value": FORMAT_TAG})
                tx.insert("meta", {"key": "case_id", "value": case.case_id})
                details.created_at = details.created_at or now_iso()
                details.author = details.author or case.author
                tx.add(details)
                _seed_agencies(tx)
        except BaseException as exc:
            if "case" in locals():
                case.db.close()
            if created:
                path.unlink(missing_ok=True)
                journal_path(path).unlink(missing_ok=True)
            lock.release(remove=True)
            if isinstance(exc, sqlcipher3.DatabaseError):
                raise db_error(exc, path) from None
            if isinstance(exc, FileExistsError):
                raise CaseError(
                    f"{shown(path)} already exists; choose another name or open it instead."
                ) from None
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
        key: CaseKey | None = None,
    ) -> CaseFile:
        """Open a case; pass `key` (from `unlock_key`) when it was derived already."""
        path = Path(path)
        salt = _check_looks_like_case(path)
        if key is None or key.salt != salt:
            key = derive(passphrase, salt)
        lock = None
        if not read_only:
            if not os.access(path, os.W_OK) or not os.access(path.parent, os.W_OK):
                raise ReadOnlyLocation(
                    f"{shown(path.name)} is in a read-only place, so it cannot be edited. Copy it "
                    "to a folder you can write to, or open it read-only."
                )
            lock = CaseLock(path)
            lock.acquire()
        heads = heads or HeadStore()
        try:
            if read_only:
                _recover_hot_journal(path, key)
            try:
                db = _connect(path, key, "ro" if read_only else "rw")
            except WrongPassphrase:
                if heads.recognises(key):
                    raise CaseFileDamaged(
                        f"{shown(path.name)} cannot be read although the passphrase is right: "
                        "the start of the file is damaged. Restore your latest backup (made "
                        "with `visible backup`); keep this copy for investigation."
                    ) from None
                raise
            case = cls(path, db, lock, author or default_author(), heads, key)
            if not read_only:
                _keep_private(path)
            case._load(read_only, accept_rollback)
        except sqlcipher3.DatabaseError as exc:
            if "db" in locals():
                db.close()
            if lock:
                lock.release()
            raise db_error(exc, path) from None
        except BaseException:
            if "db" in locals():
                db.close()
            if lock:
                lock.release()
            raise
        return case

    def reader(self) -> CaseFile:
        """A read-only connection for background work (import planning, lens, export, audit).

        It reuses this case's derived key (no second key derivation), may be used from another
        thread (SQLite is built serialized; use one reader per worker), and can never write:
        the file is opened `mode=ro` and `query_only` is on. Close it when the work is done.
        Reads see each committed transaction; use `with reader.snapshot():` for several
        queries that must see one state (while it is held, a write waits up to BUSY_SECONDS).
        """
        if self.db is None or self._key is None:
            raise CaseError("The case is closed; open it again to read from it.")
        db = _connect(self.path, self._key, "ro")
        db.execute("PRAGMA query_only = ON")
        reader = CaseFile(self.path, db, None, self.author, self._heads, self._key)
        reader.case_id = self.case_id
        reader._head = self._head
        return reader

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """Several reads that see one committed state (a read transaction)."""
        self.db.execute("BEGIN")
        try:
            self.db.execute("SELECT count(*) FROM sqlite_master").fetchone()
            yield
        finally:
            self.db.execute("COMMIT")

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
        # Checked before any upgrade: a tampered file is never migrated or written to.
        damage = integrity.schema_problems(self.db, version) if version <= schema.LATEST_VERSION \
            else []
        if not damage:
            schema.upgrade(self.db)
            damage = self._quick_check()
        last = self.db.execute("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
        self._head = Head(last[0], last[1]) if last else Head(0, GENESIS)
        if damage:
            self._open_damaged(damage)
        self._check_rollback(accept_rollback)

    def _quick_check(self) -> list[str]:
        """What can be checked in a few milliseconds: the file's length, the last change."""
        problems = []
        page_size = int(self.db.execute("PRAGMA page_size").fetchone()[0])
        pages = int(self.db.execute("PRAGMA page_count").fetchone()[0])
        size = self.path.stat().st_size
        if size % page_size:
            problems.append(
                f"its length ({size:,} bytes) is not a whole number of {page_size:,}-byte pages: "
                "it was cut short or had data added"
            )
        elif size != pages * page_size:
            problems.append(
                f"it is {size // page_size:,} pages long but says it has {pages:,}: it was cut "
                "short or had data added"
            )
        try:
            problems.extend(integrity.latest_state_problems(self.db))
        except sqlcipher3.DatabaseError as exc:  # a page of the newest changes fails its HMAC
            problems.append(f"its newest changes cannot be read ({exc})")
        return problems

    def _open_damaged(self, problems: list[str]) -> None:
        """Carry on read-only, so nothing more is written into a damaged or tampered file."""
        listed = "; ".join(problems[:3]) + (f"; and {len(problems) - 3} more" if len(problems) > 3
                                            else "")
        self.damage = (
            f"{shown(self.path.name)} is damaged or was changed outside Visible ({listed}). It "
            f"has been opened read-only. Run `visible verify {shown(self.path.name)}` for the "
            "details, and restore your latest backup (made with `visible backup`)."
        )
        if not self.read_only:
            assert self._key is not None
            self.db.close()
            self.db = _connect(self.path, self._key, "ro")
            if self._lock is not None:
                self._lock.release()
                self._lock = None
            self.read_only = True

    def _check_rollback(self, accept: bool) -> None:
        assert self._key is not None
        name = shown(self.path.name)
        try:
            known = self._heads.get(self.case_id, self._key, name)
        except HeadStoreProblem as exc:
            if accept:
                known = None
            elif exc.head is not None and not self._has(exc.head):
                # Signed with another key and naming a change this file lacks: most likely an
                # older copy from before a passphrase change. Say that, the more useful reading.
                known = exc.head
            else:
                raise
        if known is not None and not accept:
            if not self._has(known):
                raise RolledBack(
                    f"{name} is older than the version last saved on this computer "
                    f"(change {known.seq}; the file ends at change {self._head.seq}). It may have "
                    "been restored from an old copy, and recent work may be missing. Find the "
                    "newest copy; to accept this one anyway, open it with --accept-older."
                )
        if not self.read_only:
            # Anchor now (also re-anchors an accepted older copy, or starts a broken store
            # again): the open fails if this cannot be recorded, as nothing could vouch later.
            assert self._key is not None
            self._heads.put(self.case_id, self._head, self._key, reset=accept)

    def _has(self, head: Head) -> bool:
        row = self.db.execute("SELECT hash FROM audit WHERE seq = ?", (head.seq,)).fetchone()
        return row is not None and row[0] == head.hash

    def _remember_head(self) -> None:
        """After a commit: the change is in the file, so a failure here must not undo that.

        A store left one head behind still vouches for this file (its head is in the trail);
        a store that became unreadable is reported on the next open.
        """
        if self.read_only or self._key is None:
            return
        try:
            self._heads.put(self.case_id, self._head, self._key)
        except (OSError, RolledBack) as exc:
            log.warning("could not record the newest head of the case: %s", type(exc).__name__)

    def discard(self) -> None:
        """Close and delete a case this process has just created and not finished (a demo
        whose writing failed): the file, its journal and its lock file all go."""
        if self.db is not None:
            self.db.close()
            self.db = None
        self.path.unlink(missing_ok=True)
        journal_path(self.path).unlink(missing_ok=True)
        if self._lock is not None:
            self._lock.release()
            self._lock = None

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
        if self.damage:
            raise CaseFileDamaged(self.damage)
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
            # Cancel pressed after the last chunk still wins: nothing is committed.
            self.progress.check()
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

    def undo(self, txn: TxnId) -> Change:
        """Reverse every row change of `txn`, newest first, as one new audited transaction."""
        return self._replay(txn, undo=True)

    def redo(self, txn: TxnId) -> Change:
        """Re-apply `txn` (after an undo), oldest change first, keeping the same row ids."""
        return self._replay(txn, undo=False)

    def change_size(self, txn: TxnId) -> int:
        """How many row changes `txn` made (what undoing or redoing it must replay)."""
        return int(self.db.execute("SELECT count(*) FROM audit WHERE txn = ?",
                                   (txn,)).fetchone()[0])

    def _replay(self, txn: TxnId, undo: bool) -> Change:
        """Undo or redo `txn` from its audit records, a run of like changes per statement.

        A 20,000-row import undone one statement per row took 2.3 s quiet and 30 s on a loaded
        machine; consecutive records of the same table and operation are written together
        instead (executemany), in the same order, still one audit record per row. The records
        are read a chunk at a time between the runs, so a huge change is never all in memory.
        """
        verb = "undo" if undo else "redo"
        lo, hi, total = self.db.execute(
            "SELECT min(seq), max(seq), count(*) FROM audit WHERE txn = ?", (txn,)).fetchone()
        if not total:
            raise CaseError(f"There is no change {txn} to {verb}.")
        action = self.db.execute("SELECT action FROM audit WHERE seq = ?", (lo,)).fetchone()[0]
        try:
            # A redo is labelled as one, as an undo is "Undo: …" (issue 12: the audit trail
            # showed a redo as if the action had been done afresh).
            with self.transaction(f"Undo: {action}" if undo else f"Redo: {action}") as tx:
                tx.progress.expect(total)
                for events in self._event_chunks(txn, lo, hi, newest_first=undo):
                    for run in _runs(events):
                        _replay_run(tx, run, undo)
                    tx.progress.advance(len(events))
        except sqlcipher3.IntegrityError:
            if undo:
                raise CannotUndo(
                    f"“{action}” cannot be undone: what it changed has been changed again "
                    "since (perhaps from another window or the command line). Nothing was "
                    "changed.") from None
            raise CannotUndo(
                f"“{action}” cannot be redone: the case has changed since it was undone "
                "(perhaps from another window or the command line). Nothing was changed."
            ) from None
        return tx.change

    def _event_chunks(self, txn: TxnId, lo: int, hi: int,
                      newest_first: bool) -> Iterator[list[_Record]]:
        """The audit records of `txn` in order, _REPLAY_CHUNK at a time. Each chunk is read in
        full before anything is written (the replay appends to the same table); the row values
        stay JSON text until a run needs them (undoing an insert needs only the row ids)."""
        order = "DESC" if newest_first else "ASC"
        windows = range(hi, lo - 1, -_REPLAY_CHUNK) if newest_first else \
            range(lo, hi + 1, _REPLAY_CHUNK)
        for edge in windows:
            first, last = (max(lo, edge - _REPLAY_CHUNK + 1), edge) if newest_first else \
                (edge, min(hi, edge + _REPLAY_CHUNK - 1))
            rows = self.db.execute(
                "SELECT table_name, row_id, op, old, new FROM audit"
                f" WHERE txn = ? AND seq BETWEEN ? AND ? ORDER BY seq {order}",
                (txn, first, last)).fetchall()
            if rows:
                yield [_Record(*r) for r in rows]

    # Reading -----------------------------------------------------------------------------
    def get(self, cls: type[T], row_id: int) -> T | None:
        cur = self.db.execute(f"SELECT * FROM {TABLES[cls]} WHERE id = ?", (row_id,))
        row = cur.fetchone()
        if row is None:
            return None
        return from_row(cls, dict(zip([d[0] for d in cur.description], row, strict=True)))

    def all(self, cls: type[T]) -> list[T]:
        """Every record of one class, oldest first. Filtered or ordered reads are typed
        queries in the `storage/*_store.py` modules (no SQL fragments cross this API)."""
        return select(self, cls)

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
        """Problems found by SQLCipher's page HMACs, SQLite's structure check, the schema
        (exactly what the migrations make), the audit chain, and every row against the trail."""
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
            version = schema.schema_version(self.db)
            problems.extend(
                f"schema: {p}" for p in integrity.schema_problems(self.db, version)
            )
            replay: list[tuple[Any, ...]] = []

            def trail() -> Iterator[tuple[Any, ...]]:
                for row in self.db.execute(
                    "SELECT seq, txn, at, author, action, table_name, row_id, op, old, new,"
                    " prev_hash, hash FROM audit ORDER BY seq"
                ):
                    replay.append((row[0], row[1], row[4], row[5], row[6], row[7], row[9]))
                    yield row

            problems.extend(f"audit trail: {p.message}" for p in check_chain(trail()))
            expected = integrity.expected_from(replay, version)
            del replay[:]
            problems.extend(
                f"state: {p}" for p in integrity.state_problems(self.db, expected)
            )
        except sqlcipher3.DatabaseError as exc:
            problems.append(f"the file could not be read completely: {exc}")
        return problems

    def backup(self, dest: str | os.PathLike[str]) -> Path:
        """An encrypted copy with the same key (VACUUM INTO keeps the key; never plaintext).

        Written to a private temporary file in the destination folder (made exclusively, 0600,
        never a name that could be a planted symlink), synced, then renamed into place; a
        killed run leaves only a recognisable encrypted leftover, removed by the next backup.
        """
        dest = Path(dest)
        if dest.exists() or dest.is_symlink():
            raise CaseError(f"{shown(dest)} already exists; choose another name for the backup.")
        if not dest.parent.is_dir():
            raise CaseError(
                f"The folder {shown(dest.parent)} does not exist; create it or choose another."
            )
        if not os.access(dest.parent, os.W_OK):
            raise ReadOnlyLocation(
                f"Cannot write the backup to the folder {shown(dest.parent)} (read-only); "
                "choose another folder."
            )
        remove_leftovers(dest.parent)
        _check_space(dest.parent, self.path.stat().st_size, "the backup")
        with private_temp(dest) as tmp:
            try:
                # An empty file is a valid VACUUM INTO target; the absolute path never starts
                # with "file:", so SQLite cannot read it as a URI.
                self.db.execute(f"VACUUM INTO {_quote(os.path.abspath(tmp.path))}")
            except sqlcipher3.DatabaseError as exc:
                raise db_error(exc, dest) from None
            tmp.sync()
            tmp.place()
        return dest

    def change_passphrase(self, new_passphrase: str) -> None:
        check_passphrase_strength(new_passphrase, [self.details().reference, self.path.stem])
        if self.read_only:
            raise ReadOnlyLocation("The case is open read-only; its passphrase cannot be changed.")
        if self._key is None:
            raise CaseError("The case is closed; open it again to change its passphrase.")
        # Rekey rewrites every page through the journal: it needs about the file's size again.
        _check_space(self.path.parent, self.path.stat().st_size, "changing the passphrase")
        # A fresh salt with the new passphrase, derived once, as for a new case.
        key = derive(new_passphrase, new_salt())
        try:
            self.db.execute(f"PRAGMA rekey = {key.pragma_value()}")
        except sqlcipher3.DatabaseError as exc:
            raise db_error(exc, self.path) from None
        self._key = key
        self._remember_head()


@dataclass(slots=True)
class _Record:
    """One audit record as undo and redo replay it; old and new are the stored JSON."""

    table_name: str
    row_id: int
    op: str
    old: str | None
    new: str | None

    def values(self, undo: bool) -> dict[str, Any]:
        stored = self.old if undo else self.new
        return dict(json.loads(stored)) if stored else {}


def _runs(records: list[_Record]) -> Iterator[list[_Record]]:
    """Consecutive records of one table and operation, each row at most once per run (a row
    changed twice in one action is replayed twice, in order)."""
    run: list[_Record] = []
    seen: set[int] = set()
    for r in records:
        if run and ((r.table_name, r.op) != (run[0].table_name, run[0].op) or r.row_id in seen):
            yield run
            run, seen = [], set()
        run.append(r)
        seen.add(r.row_id)
    if run:
        yield run


def _replay_run(tx: Txn, run: list[_Record], undo: bool) -> None:
    """One run of like records, reversed (undo) or re-applied (redo), as the per-row
    Txn.insert / delete / update would: same rows, same audit records, far fewer statements."""
    table, op = run[0].table_name, run[0].op
    if op == "update":
        tx.update_many(table, {r.row_id: r.values(undo) for r in run})
    elif (op == "insert") == undo:  # undoing an insert, or redoing a delete
        tx.delete_many(table, [r.row_id for r in run])
    else:  # undoing a delete, or redoing an insert: the row comes back with its own id
        tx.insert_rows(table, [{**r.values(undo), "id": r.row_id} for r in run])


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


def _check_looks_like_case(path: Path) -> bytes:
    """Refuse what cannot be a case file; returns the salt (the file's first 16 bytes)."""
    if not path.exists():
        raise CaseError(f"There is no case file at {shown(path)}.")
    if path.is_dir():
        raise NotACaseFile(f"{shown(path)} is a folder, not a case file.")
    try:
        with path.open("rb") as f:
            head = f.read(16)
    except PermissionError:
        raise ReadOnlyLocation(f"You do not have permission to read {shown(path)}.") from None
    if len(head) < SALT_BYTES:
        raise NotACaseFile(
            f"{shown(path.name)} is empty or truncated, so it is not a usable case file."
        )
    if head == SQLITE_PLAINTEXT_MAGIC:
        raise NotACaseFile(
            f"{shown(path.name)} is an unencrypted SQLite database, not a Visible case file."
        )
    return head


_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


def _keep_private(path: Path) -> None:
    """Case files are 0600: older versions made them 0644 (readable by every local user)."""
    try:
        st = path.stat()
        if st.st_mode & 0o077 and st.st_uid == os.geteuid():
            os.chmod(path, 0o600)
    except (OSError, AttributeError):  # AttributeError: no geteuid on Windows (ACLs there)
        pass


def _recover_hot_journal(path: Path, key: CaseKey) -> None:
    """Roll back an interrupted write before a read-only open can be refused for it.

    A write killed part-way (a crash, a killed passphrase change) leaves `CASE-journal` holding
    the pages as they were. SQLite rolls it back on the next read-write open, but a read-only
    connection cannot, and used to fail as if the passphrase were wrong. So: if a journal is
    there and no Visible writer holds the case (its lock is free), open it read-write under the
    lock, which rolls the journal back, then carry on read-only. If a writer does hold the lock,
    the journal is its live one and SQLite lets readers wait for the commit instead.
    """
    journal = journal_path(path)
    try:
        if journal.stat().st_size == 0:
            return
    except FileNotFoundError:
        return
    if not os.access(path, os.W_OK) or not os.access(path.parent, os.W_OK):
        raise CaseFileDamaged(
            f"{shown(path.name)} has an unfinished change ({shown(journal.name)} beside it) that "
            "must be rolled back before it can be read, and its folder is read-only. Copy the "
            "case together with its -journal file to a folder you can write to and open it there."
        )
    lock = CaseLock(path)
    try:
        lock.acquire()
    except CaseError:
        return  # a writer has it open: not a leftover journal
    try:
        db = _connect(path, key, "rw")
        db.close()
    finally:
        lock.release()


def _connect(path: Path, key: CaseKey, mode: str) -> Any:
    """A keyed connection; `mode` is SQLite's ro / rw (the file must exist: never created)."""
    db = sqlcipher3.connect(
        sqlite_uri(path, mode),
        uri=True,
        isolation_level=None,
        check_same_thread=False,
        timeout=BUSY_SECONDS,
    )
    try:
        # SQLCipher logs HMAC failures to stderr; we report them ourselves, in words.
        db.execute("PRAGMA cipher_log_level = NONE")
        db.execute(f"PRAGMA key = {key.pragma_value()}")
        # Pin the SQLCipher 4 format (HMAC, page size, KDF settings for the salt/HMAC key).
        db.execute("PRAGMA cipher_compatibility = 4")
        db.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlcipher3.DatabaseError as exc:
        db.close()
        raise _unlock_error(exc, path) from None
    db.execute("PRAGMA foreign_keys = ON")
    if mode != "ro":
        # A rollback journal (not WAL) keeps the case a single file at rest; FULL syncs each commit.
        db.execute("PRAGMA journal_mode = DELETE")
    db.execute("PRAGMA synchronous = FULL")
    db.execute("PRAGMA temp_store = MEMORY")
    db.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
    return db


def _unlock_error(exc: Exception, path: Path) -> CaseError:
    """Why the first read of a file failed: only a key that does not fit is "wrong passphrase"."""
    text = str(exc).lower()
    if "locked" in text or "busy" in text:
        return busy_error(path)
    if "readonly" in text or "read-only" in text:
        return CaseFileDamaged(
            f"{shown(path.name)} has an unfinished change that could not be rolled back "
            f"({exc}). Open it once for editing, or copy it with its -journal file to a folder "
            "you can write to."
        )
    if "unable to open" in text:
        return CaseError(f"{shown(path.name)} could not be opened ({exc}).")
    if "not a database" in text or "hmac" in text or "decrypt" in text:
        return WrongPassphrase(
            f"Could not unlock {shown(path.name)}: the passphrase is wrong, or the file is not a "
            "Visible case file or is damaged. Check the passphrase (it is case-sensitive) and try "
            "again."
        )
    return db_error(exc, path)


def _seed_agencies(tx: Txn) -> None:
    from storage.chronology import DEFAULT_AGENCIES

    for name, prefix in DEFAULT_AGENCIES:
        tx.insert("agency", {"name": name, "prefix": prefix})
