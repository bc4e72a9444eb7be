"""The case file: one SQLCipher 4 database per case, opened with a passphrase.

All writes go through `CaseFile.transaction()`, which records every row change in the
hash-chained audit trail inside the same transaction. Because the audit holds each row's old
and new values, any transaction can be undone (and redone) generically: that is how one user
action becomes one transaction and one undo entry.
"""
from __future__ import annotations

import hmac
import json
import logging
import os
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import sqlcipher3

from storage import integrity, schema
from storage.audit import GENESIS, AuditEvent, check_chain
from storage.case import CaseDetails
from storage.connection import (
    BUSY_SECONDS,
    CACHE_KIB,
    NOFOLLOW,
    SQLITE_PLAINTEXT_MAGIC,
    busy_error,
    check_looks_like_case,
    check_space,
    connect,
    db_error,
    keep_private,
    quoted,
    recover_hot_journal,
    refuse_sidecar_name,
)
from storage.errors import (
    CannotUndo,
    CaseError,
    CaseFileDamaged,
    NotACaseFile,
    ReadOnlyLocation,
    RolledBack,
    WrongPassphrase,
)
from storage.heads import Head, HeadStore, HeadStoreProblem
from storage.ids import TxnId
from storage.keys import CaseKey, derive, new_salt
from storage.lockfile import CaseLock
from storage.paths import journal_path, shown
from storage.progress import NO_PROGRESS, Progress
from storage.replay import ReplayRecord, replay_run, runs
from storage.rows import TABLES, from_row, select
from storage.strength import check_passphrase_strength
from storage.tempfiles import private_temp, remove_leftovers
from storage.transaction import Change, Txn, default_author, now_iso

__all__ = ["BUSY_SECONDS", "CACHE_KIB", "SQLITE_PLAINTEXT_MAGIC", "CaseFile", "Change", "Txn",
           "audit_event", "busy_error", "db_error", "default_author", "now_iso"]

T = TypeVar("T")
log = logging.getLogger(__name__)

FORMAT_TAG = "visible-case"
# Audit records undo and redo read and replay at a time: a 200,000-row import is never all in
# memory as parsed JSON, and Cancel is looked at between chunks.
_REPLAY_CHUNK = 2000


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
    @staticmethod
    def check_new_path(path: str | os.PathLike[str]) -> None:
        """Refuse, in one line, a name a new case cannot be created under — callable before
        the passphrase is asked for, so nobody types it twice for nothing."""
        path = Path(path)
        refuse_sidecar_name(path, "a case")
        if path.is_dir():  # "open it instead" would send the user to open a folder
            raise CaseError(f"{shown(path)} is a folder; give a file name for the new case.")
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
        if not details.reference.strip():
            # Every export, letter and summary is headed by the reference; a blank one made a
            # case that said "(case )" and exports with nothing to identify them.
            raise CaseError("A case needs a reference (such as the case number in your "
                            "authority's system); give one that is not blank.")
        check_passphrase_strength(passphrase, [details.reference, path.stem], allow_demo=demo)
        cls.check_new_path(path)
        key = derive(passphrase, new_salt())
        lock = CaseLock(path)
        lock.acquire()
        created = False
        try:
            # Made here, exclusively and 0600, so SQLite (which would use 0644 and follow a
            # symlink) only ever opens a file that is ours; its journal copies these permissions.
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | NOFOLLOW, 0o600))
            created = True
            db = connect(path, key, "rw")
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
        salt = check_looks_like_case(path)
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
                recover_hot_journal(path, key)
            try:
                db = connect(path, key, "ro" if read_only else "rw")
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
                keep_private(path)
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
        db = connect(self.path, self._key, "ro")
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
            # The rows of the last change are checked before the upgrade too: a file with an
            # older page put back used to be migrated (new tables written into it) first and
            # found damaged only after, so the copy kept "for investigation" had been changed.
            damage = self._quick_check()
        # After an upgrade the last change is the upgrade's own, so it is checked again; with
        # nothing to upgrade the file is unchanged and a second check would only cost time.
        if not damage and schema.upgrade(self.db) < schema.LATEST_VERSION:
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
            self.db = connect(self.path, self._key, "ro")
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
                    for run in runs(events):
                        replay_run(tx, run, undo)
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
                      newest_first: bool) -> Iterator[list[ReplayRecord]]:
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
                yield [ReplayRecord(*r) for r in rows]

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
            problems.extend(f"search index: {p}" for p in integrity.search_index_problems(self.db))
        except sqlcipher3.DatabaseError as exc:
            problems.append(f"the file could not be read completely: {exc}")
        return problems

    def backup(self, dest: str | os.PathLike[str], damaged: bool = False) -> Path:
        """An encrypted copy with the same key (VACUUM INTO keeps the key; never plaintext).

        Written to a private temporary file in the destination folder (made exclusively, 0600,
        never a name that could be a planted symlink), synced, then renamed into place; a
        killed run leaves only a recognisable encrypted leftover, removed by the next backup.

        A case found damaged on open is copied only when `damaged` says the copy is for
        investigation: otherwise the newest "backup" would be as damaged as the file, and the
        advice to restore the latest backup would restore the damage.
        """
        dest = Path(dest)
        if self.damage is not None and not damaged:
            raise CaseFileDamaged(
                f"{shown(self.path.name)} is damaged or was changed outside Visible, so a copy "
                "of it is not a backup to restore: restore your latest good backup instead. To "
                "keep a copy for investigation, back it up with --damaged under a name that "
                "says so."
            )
        refuse_sidecar_name(dest, "the backup")
        if dest.exists() or dest.is_symlink():
            raise CaseError(f"{shown(dest)} already exists; choose another name for the backup.")
        if dest.parent.exists() and not dest.parent.is_dir():
            raise CaseError(
                f"{shown(dest.parent)} is a file, not a folder; choose a folder for the backup."
            )
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
        check_space(dest.parent, self.path.stat().st_size, "the backup")
        with private_temp(dest) as tmp:
            try:
                # An empty file is a valid VACUUM INTO target; the absolute path never starts
                # with "file:", so SQLite cannot read it as a URI.
                self.db.execute(f"VACUUM INTO {quoted(os.path.abspath(tmp.path))}")
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
        if hmac.compare_digest(derive(new_passphrase, self._key.salt).raw, self._key.raw):
            # Used to re-encrypt every page and report "changed" while the old one still opens it.
            raise CaseError("The new passphrase is the same as the current one; choose a "
                            "different one.")
        # Rekey rewrites every page through the journal: it needs about the file's size again.
        check_space(self.path.parent, self.path.stat().st_size, "changing the passphrase")
        # A fresh salt with the new passphrase, derived once, as for a new case.
        key = derive(new_passphrase, new_salt())
        try:
            self.db.execute(f"PRAGMA rekey = {key.pragma_value()}")
        except sqlcipher3.DatabaseError as exc:
            raise db_error(exc, self.path) from None
        self._key = key
        self._remember_head()


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


def _seed_agencies(tx: Txn) -> None:
    from storage.chronology import DEFAULT_AGENCIES

    for name, prefix in DEFAULT_AGENCIES:
        tx.insert("agency", {"name": name, "prefix": prefix})
