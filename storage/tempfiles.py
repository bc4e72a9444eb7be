"""Private temporary files beside their target, and the leftovers of killed runs.

Exports and backups are written to a temporary file in the folder they will end up in (so the
final rename is atomic on one file system), then renamed. The temporary file is
- made like `mkstemp`: a random name created exclusively (O_EXCL, O_NOFOLLOW), mode 0600,
  so nothing planted under its name is followed and no other local user can read it;
- locked (flock) while it is in use, and named `.<target>.visible-tmp-<random>.part`, so
  a later run can recognise the leftover of a killed one and remove it, without ever
  touching a temporary file another live export is still writing;
- removed on any error or cancellation.
"""

from __future__ import annotations

import os
import secrets
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

MARK = ".visible-tmp-"
SUFFIX = ".part"
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_BINARY = getattr(os, "O_BINARY", 0)


def is_leftover_name(name: str) -> bool:
    return name.startswith(".") and MARK in name and name.endswith(SUFFIX)


class PrivateTemp:
    """An open private temporary file for `target`; `place()` renames it into place."""

    def __init__(self, target: Path) -> None:
        self.target = target
        # Keep the temporary name short and plain: the target's own name may be long or odd.
        stem = "".join(c for c in target.name[:40] if c.isalnum() or c in "-_.") or "file"
        for _ in range(100):
            path = target.with_name(f".{stem}{MARK}{secrets.token_hex(6)}{SUFFIX}")
            try:
                fd = os.open(
                    path,
                    os.O_RDWR | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _CLOEXEC | _BINARY,
                    0o600,
                )
            except FileExistsError:
                continue
            break
        else:  # pragma: no cover - 100 collisions of 48 random bits
            raise FileExistsError(f"no free temporary name beside {target}")
        self.path = path
        self.file: BinaryIO = os.fdopen(fd, "r+b")
        _try_lock(fd)
        self.placed = False

    def sync(self) -> None:
        self.file.flush()
        os.fsync(self.file.fileno())

    def place(self) -> None:
        """Rename over the target (atomic), then sync the folder so the rename survives a crash."""
        self.sync()
        os.replace(self.path, self.target)
        self.placed = True
        sync_folder(self.target.parent)

    def discard(self) -> None:
        try:
            self.file.close()
        finally:
            if not self.placed:
                self.path.unlink(missing_ok=True)


@contextmanager
def private_temp(target: Path) -> Iterator[PrivateTemp]:
    tmp = PrivateTemp(target)
    try:
        yield tmp
    finally:
        tmp.discard()


def remove_leftovers(folder: Path) -> list[Path]:
    """Remove temporary files that killed exports/backups left in `folder`; returns them.

    A file still locked belongs to a live run and is left alone.
    """
    removed: list[Path] = []
    try:
        names = [e.name for e in os.scandir(folder) if is_leftover_name(e.name)]
    except OSError:
        return removed
    for name in names:
        path = folder / name
        try:
            fd = os.open(path, os.O_RDONLY | _NOFOLLOW | _CLOEXEC)
        except OSError:
            continue
        try:
            if not _try_lock(fd):
                continue  # someone is writing it right now
            path.unlink()
            removed.append(path)
        except OSError:
            pass
        finally:
            os.close(fd)
    return removed


def sync_folder(folder: Path) -> None:
    """fsync a directory so a rename in it is durable (POSIX; Windows has no such call)."""
    if sys.platform == "win32":  # pragma: no cover
        return
    fd = os.open(folder, os.O_RDONLY | _CLOEXEC)
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems (network shares) refuse fsync on a folder
    finally:
        os.close(fd)


if sys.platform == "win32":  # pragma: no cover - Windows will not delete an open file anyway

    def _try_lock(fd: int) -> bool:
        return True

else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return False
        return True
