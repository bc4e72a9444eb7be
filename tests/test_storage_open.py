"""Opening a case: one key derivation, readers, busy files, hot journals, private files."""

from __future__ import annotations

import hashlib
import os
import signal
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import sqlcipher3

from app.cli import main
from storage import casefile, connection, keys
from storage.case import CaseDetails
from storage.casefile import CaseFile
from storage.errors import CaseBusy, ReadOnlyLocation, WrongPassphrase
from storage.paths import journal_path
from storage.people import Person
from tests.conftest import PASSPHRASE

ROOT = Path(__file__).resolve().parent.parent


def _passphrase_connection(path: Path, passphrase: str) -> sqlcipher3.Connection:
    db = sqlcipher3.connect(str(path), isolation_level=None)
    db.execute("PRAGMA key = '" + passphrase.replace("'", "''") + "'")
    db.execute("PRAGMA cipher_compatibility = 4")
    return db


def test_raw_key_matches_sqlciphers_own_derivation(tmp_path: Path) -> None:
    # A file keyed by SQLCipher from the passphrase opens with our raw key ...
    theirs = tmp_path / "theirs.db"
    db = _passphrase_connection(theirs, PASSPHRASE)
    db.execute("CREATE TABLE t (x)")
    db.execute("INSERT INTO t VALUES (42)")
    db.close()
    key = keys.derive(PASSPHRASE, theirs.read_bytes()[:16])
    db = sqlcipher3.connect(str(theirs), isolation_level=None)
    db.execute(f"PRAGMA key = {key.pragma_value()}")
    db.execute("PRAGMA cipher_compatibility = 4")
    assert db.execute("SELECT x FROM t").fetchall() == [(42,)]
    db.close()
    # ... and a case we create opens with SQLCipher's passphrase derivation (the salt is ours).
    case_path = tmp_path / "ours.vcase"
    CaseFile.create(case_path, PASSPHRASE, CaseDetails(reference="RAW")).close()
    db = _passphrase_connection(case_path, PASSPHRASE)
    assert db.execute("SELECT reference FROM case_details").fetchall() == [("RAW",)]
    db.close()
    assert "hidden" in repr(key) and key.raw.hex() not in repr(key)


def test_reader_uses_the_derived_key_on_another_thread_and_never_writes(
    case_path: Path, new_case: CaseFile, monkeypatch: pytest.MonkeyPatch
) -> None:
    with new_case.transaction("Add") as tx:
        tx.add(Person("Ada"))
    derivations = []
    real = hashlib.pbkdf2_hmac

    def counting(*args: object, **kw: object) -> bytes:
        derivations.append(args[0])
        return real(*args, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(keys.hashlib, "pbkdf2_hmac", counting)
    results: list[object] = []

    def work() -> None:
        with new_case.reader() as reader:
            results.append([p.given_names for p in reader.all(Person)])
            try:
                reader.db.execute("INSERT INTO person (given_names) VALUES ('Sneaky')")
            except sqlcipher3.DatabaseError as exc:
                results.append(str(exc))
            try:
                with reader.transaction("Sneaky"):
                    pass
            except ReadOnlyLocation as exc:
                results.append(str(exc))

    worker = threading.Thread(target=work)
    worker.start()
    worker.join(30)
    assert derivations == []
    assert results[0] == ["Ada"]
    assert "readonly" in str(results[1]) or "read-only" in str(results[1])
    assert "read-only" in str(results[2])
    assert [p.given_names for p in new_case.all(Person)] == ["Ada"]
    # The main connection still writes while a reader is open; the reader sees the commit.
    reader = new_case.reader()
    with new_case.transaction("Add") as tx:
        tx.add(Person("Ben"))
    assert sorted(p.given_names for p in reader.all(Person)) == ["Ada", "Ben"]
    reader.close()


def test_reader_snapshot_sees_one_state(
    new_case: CaseFile, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(connection, "BUSY_SECONDS", 0.3)
    new_case.db.execute("PRAGMA busy_timeout = 300")
    reader = new_case.reader()
    with reader.snapshot():
        before = len(reader.all(Person))
        with pytest.raises(CaseBusy, match="busy"), new_case.transaction("Add") as tx:
            tx.add(Person("Waits for the snapshot"))
        assert len(reader.all(Person)) == before
    reader.close()


def test_case_files_and_journals_are_private(case_path: Path, new_case: CaseFile) -> None:
    assert stat.S_IMODE(case_path.stat().st_mode) == 0o600
    new_case.db.execute("BEGIN IMMEDIATE")
    new_case.db.execute("UPDATE case_details SET reference = 'X'")
    assert stat.S_IMODE(journal_path(case_path).stat().st_mode) == 0o600
    new_case.db.execute("ROLLBACK")
    backup = new_case.backup(case_path.with_name("backup.vcase"))
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600


def test_an_old_0644_case_is_made_private_on_open(case_path: Path, new_case: CaseFile) -> None:
    new_case.close()
    os.chmod(case_path, 0o644)
    CaseFile.open(case_path, PASSPHRASE).close()
    assert stat.S_IMODE(case_path.stat().st_mode) == 0o600


def _hold_write_lock(path: Path) -> sqlcipher3.Connection:
    """Another connection in the middle of writing: holds SQLite's write lock."""
    db = _passphrase_connection(path, PASSPHRASE)
    db.execute("BEGIN EXCLUSIVE")
    return db


def test_busy_case_says_busy_not_wrong_passphrase(
    case_path: Path, new_case: CaseFile, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    new_case.close()
    monkeypatch.setattr(connection, "BUSY_SECONDS", 0.5)
    monkeypatch.setenv("VISIBLE_PASSPHRASE", PASSPHRASE)
    holder = _hold_write_lock(case_path)
    try:
        started = time.monotonic()
        assert main(["info", str(case_path)]) == 1
        waited = time.monotonic() - started
        err = capsys.readouterr().err
        assert "busy" in err and "passphrase" not in err, err
        assert waited >= 0.5
        with pytest.raises(CaseBusy):
            CaseFile.open(case_path, PASSPHRASE)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    # A wrong passphrase is still called that.
    monkeypatch.setenv("VISIBLE_PASSPHRASE", "definitely not right")
    assert main(["info", str(case_path)]) == 1
    assert "passphrase is wrong" in capsys.readouterr().err


_SPILLER = """
import sys
from storage.casefile import CaseFile
case = CaseFile.open(sys.argv[1], sys.argv[2])
db = case.db
db.execute("PRAGMA cache_size = 5")  # tiny cache: changed pages are written before commit
db.execute("BEGIN IMMEDIATE")
for i in range(400):
    db.execute("INSERT INTO person (given_names, notes) VALUES (?, ?)", (f"Spill {i}", "x" * 3000))
print("ready", flush=True)
sys.stdin.read()
"""


def _leave_hot_journal(case_path: Path, config: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "VISIBLE_CONFIG_DIR": str(config)}
    proc = subprocess.Popen(
        [sys.executable, "-c", _SPILLER, str(case_path), PASSPHRASE],
        cwd=ROOT, env=env, text=True, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stdout.readline().strip() == "ready", (
        proc.stderr.read() if proc.stderr else ""
    )
    os.kill(proc.pid, signal.SIGKILL)
    proc.communicate()
    assert journal_path(case_path).stat().st_size > 0, "the test needs a hot journal"


def test_hot_journal_is_rolled_back_before_a_read_only_open(
    tmp_path: Path, case_path: Path, new_case: CaseFile, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    with new_case.transaction("Add") as tx:
        tx.add(Person("Kept"))
    new_case.close()
    _leave_hot_journal(case_path, tmp_path / "cfg")
    monkeypatch.setenv("VISIBLE_PASSPHRASE", PASSPHRASE)
    assert main(["info", str(case_path), "--json"]) == 0, capsys.readouterr().err
    assert '"people": 1' in capsys.readouterr().out
    assert not journal_path(case_path).exists()
    assert main(["verify", str(case_path)]) == 0


def test_hot_journal_in_a_read_only_folder_is_explained(
    tmp_path: Path, case_path: Path, new_case: CaseFile, monkeypatch: pytest.MonkeyPatch,
) -> None:
    new_case.close()
    _leave_hot_journal(case_path, tmp_path / "cfg")
    # Root ignores folder permissions, so the read-only place is simulated where we decide it.
    real_access = os.access
    monkeypatch.setattr(
        casefile.os, "access",
        lambda p, mode: False if mode == os.W_OK else real_access(p, mode),
    )
    with pytest.raises(Exception, match="unfinished change.*-journal") as info:
        CaseFile.open(case_path, PASSPHRASE, read_only=True)
    assert not isinstance(info.value, WrongPassphrase)


def test_killed_passphrase_change_leaves_one_passphrase_that_reads(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.operations.demo import create_demo

    case_path = tmp_path / "rekey.vcase"
    create_demo(str(case_path), PASSPHRASE, entries=3000).close()
    new = "the replacement passphrase"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "VISIBLE_CONFIG_DIR": str(tmp_path / "cfg")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.helpers.rekeyer", str(case_path), PASSPHRASE, new],
        cwd=ROOT, env=env, text=True, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
    journal = journal_path(case_path)
    deadline = time.monotonic() + 30
    while proc.poll() is None and time.monotonic() < deadline:
        if journal.exists() and journal.stat().st_size > 64 * 1024:
            break
        time.sleep(0.001)
    os.kill(proc.pid, signal.SIGKILL)
    proc.communicate()
    outcomes = {}
    for name, secret in (("old", PASSPHRASE), ("new", new)):
        monkeypatch.setenv("VISIBLE_PASSPHRASE", secret)
        code = main(["info", str(case_path), "--accept-older"])
        outcomes[name] = (code, capsys.readouterr().err)
    worked = [n for n, (code, _) in outcomes.items() if code == 0]
    assert len(worked) == 1, outcomes
    other = next(n for n in outcomes if n not in worked)
    assert "passphrase is wrong" in outcomes[other][1]
    # Whatever is left beside it now is not a hot journal: the file reads and verifies.
    monkeypatch.setenv("VISIBLE_PASSPHRASE", PASSPHRASE if worked == ["old"] else new)
    assert main(["verify", str(case_path)]) == 0, capsys.readouterr()
