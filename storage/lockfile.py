"""One writer per case: an OS lock on a sidecar file next to the case.

SQLite's own locks are held only during a transaction, so two people could each open the same
case and overwrite each other's work between transactions. An advisory lock on
"<case>.lock", held for as long as the case is open, is released by the OS if the process dies,
so a crash never leaves a case stuck. The lock file holds no case data.
"""

from __future__ import annotations

import os
import socket
import sys
from pathlib import Path

from storage.errors import OpenElsewhere, ReadOnlyLocation


def lock_path(case_path: Path) -> Path:
    return case_path.with_name(case_path.name + ".lock")


class CaseLock:
    def __init__(self, case_path: Path) -> None:
        self.path = lock_path(case_path)
        self._fd: int | None = None

    def acquire(self) -> None:
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        except PermissionError:
            raise ReadOnlyLocation(
                f"Cannot open {self.path.parent / self.path.name[:-5]} for editing: the folder is "
                "read-only. Copy the case to a folder you can write to, or open it read-only."
            ) from None
        try:
            _lock(fd)
        except OSError:
            holder = _read_holder(fd)
            os.close(fd)
            raise OpenElsewhere(
                f"This case is already open elsewhere{holder}. Close it there first, "
                "or open it read-only."
            ) from None
        os.ftruncate(fd, 0)
        os.write(fd, f"{socket.gethostname()} pid {os.getpid()}\n".encode())
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            try:
                _unlock(self._fd)
            finally:
                os.close(self._fd)
                self._fd = None


def _read_holder(fd: int) -> str:
    try:
        text = os.pread(fd, 200, 0).decode("utf-8", "replace").strip()
    except OSError:
        return ""
    return f" ({text})" if text else ""


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
