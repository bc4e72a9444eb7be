"""Temporary files of exports and backups: private, recognisable, removed after a killed run."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from app.cli import main
from app.operations.demo import create_demo
from storage.tempfiles import MARK, PrivateTemp, remove_leftovers
from tests.conftest import PASSPHRASE

ROOT = Path(__file__).resolve().parent.parent
_KILLED_WRITER = """
import os, sys
from pathlib import Path
from storage.tempfiles import PrivateTemp
tmp = PrivateTemp(Path(sys.argv[1]))
tmp.file.write(b"PK\\x03\\x04 word/document.xml: the family's names in plain text")
tmp.file.flush()
os.kill(os.getpid(), 9)
"""


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT)}


def test_killed_export_leftover_is_private_and_removed_by_the_next_export(
    tmp_path: Path, demo_case, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / "court.docx"
    subprocess.run([sys.executable, "-c", _KILLED_WRITER, str(target)], cwd=ROOT, env=_env(),
                   check=False)
    print(sorted(p.name for p in folder.iterdir()))
    [leftover] = list(folder.iterdir())
    assert leftover.name.startswith(".court.docx" + MARK)
    assert stat.S_IMODE(leftover.stat().st_mode) == 0o600
    # A live run's temporary file in the same folder is left alone.
    live = PrivateTemp(folder / "other.pdf")
    try:
        demo_case.close()
        monkeypatch.setenv("VISIBLE_PASSPHRASE", PASSPHRASE)
        assert main(["export", str(demo_case.path), "--out", str(target)]) == 0, \
            capsys.readouterr().err
        assert sorted(p.name for p in folder.iterdir()) == sorted([live.path.name, target.name])
    finally:
        live.discard()
    assert sorted(p.name for p in folder.iterdir()) == [target.name]


def test_temporary_names_do_not_follow_planted_links(tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("keep")
    tmp = PrivateTemp(tmp_path / "x.pdf")
    try:
        assert not tmp.path.is_symlink() and stat.S_IMODE(tmp.path.stat().st_mode) == 0o600
    finally:
        tmp.discard()
    assert not tmp.path.exists() and victim.read_text() == "keep"
    assert remove_leftovers(tmp_path) == []


_BACKUP = """
import os, sys
from pathlib import Path
from storage.casefile import CaseFile
from storage.tempfiles import MARK
folder = Path(sys.argv[3]).parent

def die_part_way():
    # Called by SQLite while VACUUM INTO writes: the process is killed once the copy has begun.
    part = [p for p in folder.iterdir() if MARK in p.name]
    if part and part[0].stat().st_size > 0:
        os.kill(os.getpid(), 9)
    return 0

with CaseFile.open(sys.argv[1], sys.argv[2], read_only=True) as case:
    case.db.execute("PRAGMA cache_size = 20")  # the copy spills to disk as it goes
    case.db.set_progress_handler(die_part_way, 1000)
    case.backup(sys.argv[3])
"""


def test_killed_backup_leaves_nothing_readable_and_the_next_backup_clears_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    case = tmp_path / "big.vcase"
    create_demo(str(case), PASSPHRASE, entries=2000).close()
    folder = tmp_path / "backups"
    folder.mkdir()
    proc = subprocess.run([sys.executable, "-c", _BACKUP, str(case), PASSPHRASE,
                           str(folder / "b.vcase")], cwd=ROOT, env=_env(), capture_output=True,
                          text=True, timeout=300)
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    leftovers = list(folder.iterdir())  # the temporary copy, and SQLite's journal of it
    assert leftovers and all(MARK in p.name for p in leftovers)
    for leftover in leftovers:
        data = leftover.read_bytes()
        assert stat.S_IMODE(leftover.stat().st_mode) == 0o600
        assert not data.startswith(b"SQLite format 3") and b"Nowak" not in data
    monkeypatch.setenv("VISIBLE_PASSPHRASE", PASSPHRASE)
    assert main(["backup", str(case), str(folder / "good.vcase")]) == 0, capsys.readouterr()
    assert [p.name for p in folder.iterdir()] == ["good.vcase"]
