"""Private temporary files beside their target, and the leftovers of killed runs.

Exports and backups are written to a temporary file in the folder they will end up in (so the
final rename is atomic on one file system), then renamed. The temporary file is
- made like `mkstemp`: a random name created exclusively (O_EXCL, O_NOFOLLOW), mode 0600,
  so nothing planted under its name is followed and no other local user can read it;
- named `.<target>.visible-tmp-<pid>-<random>.part`, so a later run can recognise the
  leftover of a killed one (its process is gone) and remove it, without touching the
  temporary file of an export another live process is still writing;
- removed on any error or cancellation.
"""

from __future__ import annotations

import os
import re
import secrets
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

MARK = ".visible-tmp-"
SUFFIX = ".part"
# Where the process cannot be asked whether it still runs, a day-old leftover is a dead one's.
STALE_SECONDS = 24 * 3600
# SQLite's journal of a backup's temporary file (VACUUM INTO) is a leftover too.
_NAME = re.compile(r"\..*" + re.escape(MARK) + r"(\d+)-[0-9a-f]+" + re.escape(SUFFIX)
                   + r"(-journal)?")
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_BINARY = getattr(os, "O_BINARY", 0)


def temp_name(target: Path) -> Path:
    # Short and plain: the target's own name may be long or odd (newlines, escapes).
    stem = "".join(c for c in target.name[:40] if c.isalnum() or c in "-_.") or "file"
    return target.with_name(f".{stem}{MARK}{os.getpid()}-{secrets.token_hex(6)}{SUFFIX}")


def create_private(target: Path) -> tuple[int, Path]:
    """An open descriptor and the path of a new private temporary file beside `target`."""
    for _ in range(100):
        path = temp_name(target)
        try:
            fd = os.open(
                path, os.O_RDWR | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _CLOEXEC | _BINARY, 0o600
            )
        except FileExistsError:
            continue
        return fd, path
    raise FileExistsError(f"no free temporary name beside {target}")  # pragma: no cover


class PrivateTemp:
    """An open private temporary file for `target`; `place()` renames it into place."""

    def __init__(self, target: Path) -> None:
        self.target = target
        fd, self.path = create_private(target)
        self.file: BinaryIO = os.fdopen(fd, "r+b")
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
            # A backup's VACUUM INTO may leave SQLite's journal of the temporary copy.
            self.path.with_name(self.path.name + "-journal").unlink(missing_ok=True)


@contextmanager
def private_temp(target: Path) -> Iterator[PrivateTemp]:
    tmp = PrivateTemp(target)
    try:
        yield tmp
    finally:
        tmp.discard()


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    if sys.platform == "win32":  # pragma: no cover - no cheap liveness check; go by age
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's live process
    return True


def remove_leftovers(folder: Path) -> list[Path]:
    """Remove temporary files that killed exports/backups left in `folder`; returns them."""
    removed: list[Path] = []
    try:
        entries = [e for e in os.scandir(folder) if _NAME.fullmatch(e.name)]
    except OSError:
        return removed
    now = time.time()
    for entry in entries:
        match = _NAME.fullmatch(entry.name)
        assert match is not None
        try:
            st = entry.stat(follow_symlinks=False)
            if _alive(int(match.group(1))) and now - st.st_mtime < STALE_SECONDS:
                continue
            os.unlink(entry.path)
            removed.append(Path(entry.path))
        except OSError:
            pass
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
