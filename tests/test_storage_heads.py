"""Rollback detection fails closed: a missing, damaged or hand-edited head store is an error."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from app.cli import main
from storage.case import CaseDetails
from storage.casefile import CaseFile
from storage.errors import RolledBack
from storage.heads import Head, HeadStore, HeadStoreProblem
from storage.people import Person
from tests.conftest import PASSPHRASE

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def older_copy(tmp_path: Path, case_path: Path, new_case: CaseFile) -> Path:
    """case_path is now one change ahead of the returned older copy."""
    new_case.close()
    old = tmp_path / "older.bin"
    shutil.copyfile(case_path, old)
    with CaseFile.open(case_path, PASSPHRASE) as case, case.transaction("Later work") as tx:
        tx.add(Person("Added after the copy"))
    return old


def _store(config: Path) -> Path:
    return config / "case-heads.json"


def _restore(old: Path, case_path: Path) -> None:
    shutil.copyfile(old, case_path)


@pytest.mark.parametrize(
    "damage",
    ["delete", "invalid json", "string for a number", "not an object", "empty file"],
)
def test_a_broken_store_does_not_let_an_older_copy_through(
    damage: str, case_path: Path, older_copy: Path, _private_config: Path,
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    store = _store(_private_config)
    data = json.loads(store.read_text())
    if damage == "delete":
        store.unlink()
    elif damage == "invalid json":
        store.write_text("{not json")
    elif damage == "string for a number":
        entry = next(iter(data["heads"].values()))
        entry["seq"] = str(entry["seq"])
        store.write_text(json.dumps(data))
    elif damage == "not an object":
        store.write_text("[]")
    else:
        store.write_text("")
    _restore(older_copy, case_path)
    for read_only in (True, False):
        with pytest.raises(HeadStoreProblem, match="cannot tell whether"):
            CaseFile.open(case_path, PASSPHRASE, read_only=read_only)
    # Accepting starts the record again (a broken file kept aside) and anchors this copy.
    CaseFile.open(case_path, PASSPHRASE, accept_rollback=True).close()
    with CaseFile.open(case_path, PASSPHRASE) as case:
        assert case.all(Person) == []
    if damage in ("invalid json", "not an object", "empty file"):
        assert list(_private_config.glob("case-heads.json.broken-*"))


def test_after_a_reset_unseen_cases_are_not_silently_trusted(
    case_path: Path, older_copy: Path, _private_config: Path,
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    other = case_path.with_name("other.vcase")
    CaseFile.create(other, PASSPHRASE, CaseDetails(reference="O")).close()
    _store(_private_config).unlink()
    _restore(older_copy, case_path)
    monkeypatch.setenv("VISIBLE_PASSPHRASE", PASSPHRASE)
    assert main(["export", str(case_path), "--out", str(case_path.with_suffix(".pdf"))]) == 1
    err = capsys.readouterr().err
    assert "is missing" in err and "--accept-older" in err
    assert not case_path.with_suffix(".pdf").exists()
    assert main(["info", str(case_path), "--accept-older"]) == 0  # read-only: records nothing
    capsys.readouterr()
    with pytest.raises(HeadStoreProblem):
        CaseFile.open(case_path, PASSPHRASE)
    CaseFile.open(case_path, PASSPHRASE, accept_rollback=True).close()
    with pytest.raises(HeadStoreProblem, match="started again"):
        CaseFile.open(other, PASSPHRASE)


def _case_id(path: Path) -> str:
    with CaseFile.open(path, PASSPHRASE, read_only=True) as case:
        return case.case_id


def test_a_hand_edited_head_is_detected(
    case_path: Path, older_copy: Path, _private_config: Path
) -> None:
    store = _store(_private_config)
    # Make the stored head point at the older copy's end, as someone covering a restore would.
    with CaseFile.open(older_copy, PASSPHRASE, read_only=True, accept_rollback=True) as old:
        old_head = old._head
    data = json.loads(store.read_text())
    entry = next(iter(data["heads"].values()))
    entry.update(seq=old_head.seq, hash=old_head.hash)
    store.write_text(json.dumps(data))
    _restore(older_copy, case_path)
    with pytest.raises(HeadStoreProblem, match="edited outside Visible"):
        CaseFile.open(case_path, PASSPHRASE)


def test_an_older_copy_is_still_reported(case_path: Path, older_copy: Path) -> None:
    _restore(older_copy, case_path)
    with pytest.raises(RolledBack, match="older than the version last saved"):
        CaseFile.open(case_path, PASSPHRASE, read_only=True)


def test_passphrase_change_re_signs_the_head(case_path: Path, new_case: CaseFile) -> None:
    new_case.change_passphrase("the second passphrase")
    new_case.close()
    CaseFile.open(case_path, "the second passphrase").close()


def test_store_written_by_an_earlier_version_is_taken_over(
    case_path: Path, new_case: CaseFile, _private_config: Path
) -> None:
    store = _store(_private_config)
    head = new_case._head
    case_id = new_case.case_id
    new_case.close()
    store.write_text(json.dumps({case_id: {"seq": head.seq, "hash": head.hash}}))
    CaseFile.open(case_path, PASSPHRASE).close()
    data = json.loads(store.read_text())
    assert data["format"] == "visible-case-heads" and "mac" in data["heads"][case_id]


def test_store_is_private_and_has_no_case_data(
    case_path: Path, new_case: CaseFile, _private_config: Path
) -> None:
    store = _store(_private_config)
    assert store.stat().st_mode & 0o077 == 0
    text = store.read_text()
    assert "TEST-1" not in text and str(case_path) not in text


_WRITER = """
import sys
from storage.casefile import CaseFile
from storage.people import Person
with CaseFile.open(sys.argv[1], sys.argv[2]) as case:
    print("ready", flush=True)
    sys.stdin.readline()
    for i in range(int(sys.argv[3])):
        with case.transaction(f"Add {i}") as tx:
            tx.add(Person(f"P{i}"))
"""


def test_parallel_writers_of_several_cases_keep_every_head(
    tmp_path: Path, _private_config: Path
) -> None:
    cases = [tmp_path / f"case{i}.vcase" for i in range(4)]
    for path in cases:
        CaseFile.create(path, PASSPHRASE, CaseDetails(reference=path.stem)).close()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", _WRITER, str(path), PASSPHRASE, "25"], cwd=ROOT, env=env,
            text=True, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        )
        for path in cases
    ]
    for proc in procs:  # all unlocked (key derived) before any writes, so the writes overlap
        assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
    for proc in procs:
        assert proc.stdin is not None
        proc.stdin.write("go\n")
        proc.stdin.flush()
    for proc in procs:
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
    store = HeadStore(_store(_private_config))
    for path in cases:
        with CaseFile.open(path, PASSPHRASE, read_only=True) as case:
            assert len(case.all(Person)) == 25
            assert store.get(case.case_id, case._key) == case._head  # type: ignore[arg-type]
            assert case._head != Head(0, "")
