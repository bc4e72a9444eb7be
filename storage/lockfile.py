"""One writer per case: an OS lock on a sidecar file next to the case.

SQLite's own locks are held only during a transaction, so two people could each open the same
case and overwrite each other's work between transactions. An advisory lock on
"<case>.lock", held for as long as the case is open, is released by the OS if the process dies,
so a crash never leaves a case stuck. The lock file holds no case data.

The lock file sits in a folder other people may write to, so it is treated as hostile:
- it is opened with O_NOFOLLOW and must be a plain file with one link, owned by us, so a
  symlink or hard link planted under its name never makes us truncate another file;
- after locking we check the name still refers to the file we locked (someone may have
  removed or replaced it in between), and on close we remove it while still holding the lock;
- whatever it says about its holder is shown only if it has the form we write
  ("host pid N"), so a planted "call 0800 to unlock" or an escape sequence is never printed.
"""

from __future__ import annotations

import os
import re
import socket
import stat
import sys
from pathlib import Path

from storage.errors import CaseError, OpenElsewhere, ReadOnlyLocation
from storage.paths import shown

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_HOLDER = re.compile(r"[A-Za-z0-9][A-Za-z0-9.-]{0,62} pid [0-9]{1,10}")


class OddLockFile(CaseError):
    """The lock file is not one Visible made (a link, a folder, someone else's file)."""


def lock_path(case_path: Path) -> Path:
    return case_path.with_name(case_path.name + ".lock")


def _owner(uid: int) -> str:
    try:
        import pwd

        return pwd.getpwuid(uid).pw_name
    except (ImportError, KeyError):
        return f"user id {uid}"


class CaseLock:
    def __init__(self, case_path: Path) -> None:
        self.case_path = case_path
        self.path = lock_path(case_path)
        self._fd: int | None = None

    def _odd(self, what: str) -> OddLockFile:
        return OddLockFile(
            f"Cannot open {shown(self.case_path.name)} for editing: its lock file "
            f"{shown(self.path.name)} {what}. It is not part of the case; if nobody has the case "
            "open, remove it and try again, or open the case read-only."
        )

    def acquire(self) -> None:
        for _ in range(5):  # the name was replaced under us: try again a few times
            fd = self._open()
            try:
                self._check(fd)
                try:
                    _lock(fd)
                except OSError:
                    holder = _read_holder(fd)
                    raise OpenElsewhere(
                        f"This case is already open elsewhere{holder}. Close it there first, "
                        "or open it read-only."
                    ) from None
                if not self._still_named(fd):
                    os.close(fd)
                    continue
                os.ftruncate(fd, 0)
                os.pwrite(fd, f"{socket.gethostname()} pid {os.getpid()}\n".encode(), 0)
            except BaseException:
                if self._fd != fd:
                    os.close(fd)
                raise
            self._fd = fd
            return
        raise OpenElsewhere("This case is being opened by another program; try again.")

    def _open(self) -> int:
        try:
            return os.open(self.path, os.O_RDWR | os.O_CREAT | _NOFOLLOW | _CLOEXEC, 0o600)
        except PermissionError:
            try:
                st = os.lstat(self.path)
            except OSError:
                st = None
            if st is not None and hasattr(os, "geteuid") and st.st_uid != os.geteuid():
                raise self._odd(
                    f"belongs to {_owner(st.st_uid)}, who may have the case open"
                ) from None
            raise ReadOnlyLocation(
                f"Cannot open {shown(self.case_path.name)} for editing: the folder is "
                "read-only. Copy the case to a folder you can write to, or open it read-only."
            ) from None
        except OSError as exc:
            if os.path.islink(self.path):
                raise self._odd("is a link to another file") from None
            if os.path.isdir(self.path):
                raise self._odd("is a folder") from None
            raise CaseError(
                f"Cannot create the lock file for {shown(self.case_path.name)}: "
                f"{exc.strerror or exc}."
            ) from None

    def _check(self, fd: int) -> None:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise self._odd("is not a plain file")
        if st.st_nlink > 1:
            raise self._odd("has other names (a hard link), so it may be another file")
        if hasattr(os, "geteuid") and st.st_uid != os.geteuid():
            raise self._odd(f"belongs to {_owner(st.st_uid)}, who may have the case open")

    def _still_named(self, fd: int) -> bool:
        try:
            named = os.lstat(self.path)
        except FileNotFoundError:
            return False
        held = os.fstat(fd)
        return (named.st_dev, named.st_ino) == (held.st_dev, held.st_ino)

    def release(self, remove: bool = True) -> None:
        if self._fd is None:
            return
        try:
            # Removed while still locked, so a newcomer either locks this file before we do
            # (and sees it has gone: _still_named) or creates a fresh one.
            if remove and sys.platform != "win32" and self._still_named(self._fd):
                self.path.unlink(missing_ok=True)
            _unlock(self._fd)
        finally:
            os.close(self._fd)
            self._fd = None


def _read_holder(fd: int) -> str:
    try:
        text = os.pread(fd, 200, 0).decode("utf-8", "replace").strip()
    except OSError:
        return ""
    if _HOLDER.fullmatch(text):
        return f" ({text})"
    return " (the lock file does not say by whom)" if text else ""


if sys.platform == "win32":  # pragma: no cover - exercised on Windows builds
    import msvcrt

    def _lock(fd: int) -> None:
        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _lock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)
