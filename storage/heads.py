"""The newest audit record of each case, kept outside the case file, per user: rollback detection.

Restoring an older copy of a case file with the same key is not detected by SQLCipher.
Remembering the last audit record this user saw lets us notice on open that the file has gone
back in time. The store holds only a random case id, a sequence number, a hash and a signature
per case: no case data.

It fails closed. A store that is missing (after Visible has used it), unreadable or malformed,
or an entry whose signature does not verify, is an error to explain (HeadStoreProblem, a kind
of RolledBack so every front end offers the same "open this older copy anyway" choice), never
an empty store that lets an old copy through and then re-anchors to it. Each entry is signed
with HMAC-SHA256 under a key derived from the case key (storage/keys.py), so an entry edited by
hand, or copied from another case, is detected; only someone holding the case key can sign.
Writes are a locked read-modify-write (flock on `case-heads.json.lock`), written to a private
temporary file, fsynced and renamed, so parallel writers of different cases never lose or stale
each other's heads and a crash leaves the old or the new store, never half of one.

What this cannot detect: the store and the case both put back to the same older pair (an older
copy of the whole per-user profile), or the whole profile folder deleted (that is a new
computer as far as Visible can know). After the store is rebuilt ("reset"), every case not yet
seen again is treated as unverified once.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from storage.errors import RolledBack
from storage.keys import CaseKey

FORMAT = "visible-case-heads"
VERSION = 2
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


def config_dir() -> Path:
    override = os.environ.get("VISIBLE_CONFIG_DIR")
    if override:
        return Path(override)
    if sys.platform == "win32":
        return Path(os.environ.get("APPDATA", Path.home())) / "Visible"
    return Path(os.environ.get("XDG_CONFIG_HOME", Path.home() / ".config")) / "visible"


@dataclass(frozen=True, slots=True)
class Head:
    seq: int
    hash: str


class HeadStoreProblem(RolledBack):
    """The record of newest versions is missing, unreadable, malformed or does not verify."""

    # For a signature that does not verify: the (untrusted) head the entry names, so the
    # caller can still say "older copy" when the file does not even contain it.
    head: Head | None = None


def _sign(key: CaseKey, case_id: str, head: Head) -> str:
    body = json.dumps([case_id, head.seq, head.hash], separators=(",", ":"))
    return hmac.new(key.subkey("case-heads"), body.encode(), hashlib.sha256).hexdigest()


def _key_check(key: CaseKey) -> str:
    """Proves a key is right without revealing it (as slow to guess as the file itself)."""
    return hmac.new(key.subkey("key-check"), key.salt, hashlib.sha256).hexdigest()


class HeadStore:
    def __init__(self, path: Path | None = None) -> None:
        self.path = path or config_dir() / "case-heads.json"
        self.lock_path = self.path.with_name(self.path.name + ".lock")

    # Reading -------------------------------------------------------------------------------
    def _problem(self, what: str, case_name: str) -> HeadStoreProblem:
        return HeadStoreProblem(
            f"The record of each case's newest version on this computer ({self.path}) {what}, "
            f"so Visible cannot tell whether {case_name} is an older copy. Nothing was changed. "
            "If Visible was reset on this computer or you trust this copy, open it with "
            "--accept-older to start the record again; otherwise ask your IT team first."
        )

    def _load(self, case_name: str = "this case") -> dict[str, Any]:
        """The whole store; a fresh one when Visible has never written one here."""
        try:
            text = self.path.read_text("utf-8")
        except FileNotFoundError:
            if self._written_before():  # a store was written here before: it has been removed
                raise self._problem("is missing", case_name) from None
            return {"format": FORMAT, "version": VERSION, "complete": True, "heads": {}}
        except (OSError, UnicodeDecodeError) as exc:
            why = getattr(exc, "strerror", None) or type(exc).__name__
            raise self._problem(f"cannot be read ({why})", case_name) from None
        try:
            data = json.loads(text)
        except ValueError:
            raise self._problem("is damaged (not valid JSON)", case_name) from None
        if isinstance(data, dict) and "format" not in data:
            data = _from_version_1(data)
        if not (isinstance(data, dict) and data.get("format") == FORMAT
                and isinstance(data.get("heads"), dict)
                and isinstance(data.get("complete"), bool)):
            raise self._problem("is damaged (not in the form Visible writes)", case_name)
        if data.get("version") != VERSION:
            raise self._problem(
                f"was written by another version of Visible ({data.get('version')!r})", case_name
            )
        return data

    def get(self, case_id: str, key: CaseKey, case_name: str = "this case") -> Head | None:
        """The newest head recorded for `case_id`, verified; None if never recorded here.

        Raises HeadStoreProblem when the store cannot vouch for the case.
        """
        data = self._load(case_name)
        entry = data["heads"].get(case_id)
        if entry is None:
            if not data["complete"]:
                reset = data.get("reset_at", "an earlier date")
                raise self._problem(
                    f"was started again on {reset} and has not seen this case since", case_name
                )
            return None
        if not isinstance(entry, dict):
            raise self._problem("is damaged (an entry is not in the form Visible writes)",
                                case_name)
        seq, digest, mac = entry.get("seq"), entry.get("hash"), entry.get("mac")
        if not (isinstance(seq, int) and not isinstance(seq, bool) and seq >= 0
                and isinstance(digest, str) and len(digest) == 64):
            raise self._problem("is damaged (an entry is not in the form Visible writes)",
                                case_name)
        head = Head(seq, digest)
        if mac is None and data.get("from_version_1"):
            return head  # written by Visible before signing; signed on the next write
        if not isinstance(mac, str) or not hmac.compare_digest(mac, _sign(key, case_id, head)):
            problem = HeadStoreProblem(
                f"The record of {case_name}'s newest version on this computer does not match the "
                "case's key: the record was edited outside Visible, or this is an older copy from "
                "before a passphrase change. Recent work may be missing. Find the newest copy; to "
                "accept this one anyway, open it with --accept-older."
            )
            problem.head = head
            raise problem
        return head

    def _written_before(self) -> bool:
        """The lock file is stamped once the first store is written, and never removed."""
        try:
            return self.lock_path.stat().st_size > 0
        except OSError:
            return False

    def recognises(self, key: CaseKey) -> bool:
        """Whether `key` is the right key for a case seen here (same salt, matching check).

        A byte flipped in a file's first page fails exactly as a wrong passphrase does; when
        this store has seen the case, it can tell the two apart.
        """
        try:
            heads = self._load()["heads"]
        except HeadStoreProblem:
            return False
        salt, check = key.salt.hex(), _key_check(key)
        return any(
            isinstance(e, dict) and e.get("salt") == salt
            and isinstance(e.get("check"), str) and hmac.compare_digest(e["check"], check)
            for e in heads.values()
        )

    # Writing -------------------------------------------------------------------------------
    @contextmanager
    def _locked(self) -> Iterator[int]:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.lock_path, os.O_RDWR | os.O_CREAT | _NOFOLLOW, 0o600)
        try:
            _lock(fd)
            yield fd
        finally:
            os.close(fd)  # closing releases the lock

    def put(self, case_id: str, head: Head, key: CaseKey, reset: bool = False) -> None:
        """Record `head` as the newest version of the case (locked, atomic, synced).

        reset: the user accepted this case although the store could not vouch for it; a broken
        store is kept aside (`case-heads.json.broken-<time>`) and a new one started.
        """
        with self._locked() as lock_fd:
            try:
                data = self._load()
            except HeadStoreProblem:
                if not reset:
                    raise
                data = self._start_again()
            data.pop("from_version_1", None)  # written back signed, in this version's form
            entry = {"seq": head.seq, "hash": head.hash, "mac": _sign(key, case_id, head),
                     "salt": key.salt.hex(), "check": _key_check(key)}
            if data["heads"].get(case_id) == entry:
                return
            data["heads"][case_id] = entry
            self._write(data)
            if os.fstat(lock_fd).st_size == 0:
                os.write(lock_fd, b"Visible case-heads store (its removal is reported)\n")
                os.fsync(lock_fd)

    def _start_again(self) -> dict[str, Any]:
        now = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
        if self.path.exists():
            aside = self.path.with_name(f"{self.path.name}.broken-{now.replace(':', '')}")
            os.replace(self.path, aside)
        return {"format": FORMAT, "version": VERSION, "complete": False, "reset_at": now,
                "heads": {}}

    def _write(self, data: dict[str, Any]) -> None:
        fd, tmp = tempfile.mkstemp(prefix=".case-heads.", suffix=".tmp", dir=self.path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump(data, f, indent=1, sort_keys=True)
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        from storage.tempfiles import sync_folder

        sync_folder(self.path.parent)


def _from_version_1(data: dict[str, Any]) -> dict[str, Any]:
    """The unsigned store of earlier versions: its entries are trusted once, then signed."""
    return {"format": FORMAT, "version": VERSION, "complete": True, "heads": dict(data),
            "from_version_1": True}


if sys.platform == "win32":  # pragma: no cover - exercised on Windows builds
    import msvcrt
    import time

    def _lock(fd: int) -> None:
        for _ in range(500):
            try:
                msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
                return
            except OSError:
                time.sleep(0.01)
        raise OSError("the case-heads record stayed locked by another Visible")

else:
    import fcntl

    def _lock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_EX)
