"""The lock file beside a case is treated as something others may have planted.

Tests run as root, which may open any file: a lock file "owned by another user" is made with
chown, which root can do. What root cannot show is a folder we may not write to (root writes
anyway); that path is covered by test_hot_journal_in_a_read_only_folder_is_explained's
simulation and by the non-root CI of the packaging job, not here.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from app.cli import main
from storage.casefile import CaseFile
from storage.errors import OpenElsewhere
from storage.lockfile import CaseLock, OddLockFile, lock_path
from tests.conftest import PASSPHRASE


def test_symlinked_lock_file_is_refused_and_its_target_untouched(
    tmp_path: Path, case_path: Path, new_case: CaseFile
) -> None:
    new_case.close()
    precious = tmp_path / "precious.txt"
    precious.write_text("do not truncate me")
    lock_path(case_path).symlink_to(precious)
    with pytest.raises(OddLockFile, match="link"):
        CaseFile.open(case_path, PASSPHRASE)
    assert precious.read_text() == "do not truncate me"


def test_hard_linked_lock_file_is_refused(
    tmp_path: Path, case_path: Path, new_case: CaseFile
) -> None:
    new_case.close()
    precious = tmp_path / "precious.txt"
    precious.write_text("do not truncate me")
    os.link(precious, lock_path(case_path))
    with pytest.raises(OddLockFile, match="hard link"):
        CaseFile.open(case_path, PASSPHRASE)
    assert precious.read_text() == "do not truncate me"


def test_lock_file_of_another_user_is_named_as_such(case_path: Path, new_case: CaseFile) -> None:
    new_case.close()
    lock = lock_path(case_path)
    lock.write_text("")
    os.chown(lock, 4242, 4242)
    with pytest.raises(OddLockFile, match="belongs to") as info:
        CaseFile.open(case_path, PASSPHRASE)
    assert "read-only" in str(info.value)  # still offers the way forward
    assert "folder is read-only" not in str(info.value)


def test_holder_text_is_shown_only_in_the_form_visible_writes(
    case_path: Path, new_case: CaseFile, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(OpenElsewhere) as info:
        CaseFile.open(case_path, PASSPHRASE)
    assert f"pid {os.getpid()}" in str(info.value)
    # A planted message in the (locked) lock file is never shown.
    fd = os.open(lock_path(case_path), os.O_WRONLY)
    os.write(fd, b"\x1b[2J CALL 0800 123 TO UNLOCK \x1b]0;pwned\x07" + b" " * 80)
    os.close(fd)
    monkeypatch.setenv("VISIBLE_PASSPHRASE", PASSPHRASE)
    assert main(["passphrase", str(case_path)]) == 1
    err = capsys.readouterr().err
    assert "already open elsewhere" in err
    assert "0800" not in err and "\x1b" not in err


def test_lock_file_is_removed_on_close_and_a_replaced_one_is_not_trusted(
    case_path: Path, new_case: CaseFile
) -> None:
    assert lock_path(case_path).exists()
    new_case.close()
    assert not lock_path(case_path).exists()
    first = CaseLock(case_path)
    first.acquire()
    # Someone removes the lock file while it is held: a newcomer makes a fresh one, and the
    # first holder's release does not remove the newcomer's.
    lock_path(case_path).unlink()
    second = CaseLock(case_path)
    second.acquire()
    first.release()
    assert lock_path(case_path).exists()
    second.release()


def test_failed_new_leaves_neither_case_nor_lock_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    case = tmp_path / "new.vcase"
    monkeypatch.setenv("VISIBLE_PASSPHRASE", "aaaaaaaaaaaaaaaa")  # refused as weak
    assert main(["new", str(case), "--reference", "X"]) == 1
    capsys.readouterr()
    from storage import casefile

    def fail(*args: object, **kw: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setenv("VISIBLE_PASSPHRASE", PASSPHRASE)
    monkeypatch.setattr(casefile, "_seed_agencies", fail)
    assert main(["new", str(case), "--reference", "X"]) == 1
    assert "No space left" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == []
