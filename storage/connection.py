"""Connecting to a case file: the key, the pragmas, a hot journal, and what each failure means.

Kept apart from `casefile.py` (what a case does once open) because every way a file can refuse
to open — wrong passphrase, not a case, another program holding it, a full disk, a journal
left by a crash — is decided here and turned into one line for the user.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import sqlcipher3

from storage.errors import (
    CaseBusy,
    CaseError,
    CaseFileDamaged,
    NotACaseFile,
    NotEnoughSpace,
    ReadOnlyLocation,
    WrongPassphrase,
)
from storage.keys import SALT_BYTES, CaseKey
from storage.lockfile import CaseLock
from storage.paths import SIDECAR_ENDINGS, journal_path, shown, sqlite_uri

SQLITE_PLAINTEXT_MAGIC = b"SQLite format 3\x00"
# Keep decrypted pages in memory: with SQLCipher's default 2 MB cache every scan decrypts the
# file again (2.6x the unencrypted time, PERFORMANCE-NOTES.md). Negative = KiB.
CACHE_KIB = 65536
# How long a connection waits for another one's write to finish before saying "busy": long
# enough for any single user action to commit, short enough that nobody waits in silence.
BUSY_SECONDS = 5.0


def quoted(text: str) -> str:
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


def check_space(folder: Path, needed: int, what: str) -> None:
    free = shutil.disk_usage(folder).free
    margin = needed // 10 + 1024 * 1024
    if free < needed + margin:
        raise NotEnoughSpace(
            f"Not enough free disk space for {what}: {free // 1024 // 1024} MB free, about "
            f"{(needed + margin) // 1024 // 1024} MB needed. Free some space and try again."
        )


def check_looks_like_case(path: Path) -> bytes:
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
    # Each of these used to be told "the passphrase is wrong, or ... not a case file", which
    # sends the user to retype a passphrase that was never the problem.
    if path.name.endswith("-journal"):
        raise NotACaseFile(
            f"{shown(path.name)} is the journal of a case, not the case itself: open "
            f"{shown(path.name[: -len('-journal')])} (keep the journal beside it)."
        )
    for magic, what in _NOT_A_CASE:
        if head.startswith(magic):
            raise NotACaseFile(f"{shown(path.name)} is {what}, not a Visible case file.")
    if path.stat().st_size < _CIPHER_PAGE:
        raise NotACaseFile(
            f"{shown(path.name)} is shorter than one page, so it is not a Visible case file, or "
            "it was cut short (then restore your latest backup, made with `visible backup`)."
        )
    return head


def refuse_sidecar_name(path: Path, what: str) -> None:
    """Names that SQLite or the case lock own: a file under one is deleted without asking.

    A backup written as "c.vcase-journal" or "c.vcase.lock" was removed by the next write to
    (or close of) c.vcase: SQLite takes the first for its journal, the lock the second.
    """
    for ending in SIDECAR_ENDINGS:
        if path.name.endswith(ending):
            raise CaseError(
                f"{shown(path.name)} ends in '{ending}', a name Visible and SQLite use for "
                f"working files and delete; choose a name ending in .vcase for {what}."
            )


# SQLCipher 4 pages (cipher_compatibility = 4); every case file is at least one page long.
_CIPHER_PAGE = 4096
_NOT_A_CASE = (
    (b"PK\x03\x04", "a zip file (such as a Word or Excel document)"),
    (b"%PDF", "a PDF document"),
    (b"\xd0\xcf\x11\xe0", "an Office document (an older or password-protected Word or Excel file)"),
)


NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


def keep_private(path: Path) -> None:
    """Case files are 0600: older versions made them 0644 (readable by every local user)."""
    try:
        st = path.stat()
        if st.st_mode & 0o077 and st.st_uid == os.geteuid():
            os.chmod(path, 0o600)
    except (OSError, AttributeError):  # AttributeError: no geteuid on Windows (ACLs there)
        pass


def recover_hot_journal(path: Path, key: CaseKey) -> None:
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
        db = connect(path, key, "rw")
        db.close()
    finally:
        lock.release()


def connect(path: Path, key: CaseKey, mode: str) -> Any:
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
        raise unlock_error(exc, path) from None
    db.execute("PRAGMA foreign_keys = ON")
    if mode != "ro":
        # A rollback journal (not WAL) keeps the case a single file at rest; FULL syncs each commit.
        db.execute("PRAGMA journal_mode = DELETE")
    db.execute("PRAGMA synchronous = FULL")
    db.execute("PRAGMA temp_store = MEMORY")
    db.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
    return db


def unlock_error(exc: Exception, path: Path) -> CaseError:
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
