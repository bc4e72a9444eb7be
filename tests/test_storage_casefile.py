"""The case file: creation, reopening, encryption at rest, schema versions, undo, audit."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import sqlcipher3

from storage import schema
from storage.case import CaseDetails
from storage.casefile import CaseFile
from storage.chronology import ChronologyEntry
from storage.chronology_store import agency_by_name, entries
from storage.dates import PartialDate
from storage.errors import (
    NotACaseFile,
    OpenElsewhere,
    RolledBack,
    SchemaTooNew,
    WeakPassphrase,
    WrongPassphrase,
)
from storage.people import Person, Sex
from storage.people_store import delete_person
from tests.conftest import PASSPHRASE
from tests.helpers.old_files import add_v3_entries

CANARY = "CANARY-q7Zx-Wojciechowski"


def test_create_close_reopen_round_trip(case_path: Path) -> None:
    with CaseFile.create(case_path, PASSPHRASE, CaseDetails(reference="RT-1")) as case:
        with case.transaction("Add person") as tx:
            tx.add(Person("Ada", "Nowak", sex=Sex.FEMALE, date_of_birth=PartialDate(2026, 3)))
    with CaseFile.open(case_path, PASSPHRASE) as case:
        people = case.all(Person)
        assert case.details().reference == "RT-1"
        assert [(p.full_name, p.date_of_birth) for p in people] == [
            ("Ada Nowak", PartialDate(2026, 3))
        ]
        assert case.schema_version == schema.LATEST_VERSION


def test_latest_schema_version() -> None:
    # Bump deliberately with each new upgrade step (and add a migration test for it;
    # v2 -> v3 and v3 -> v4 are in tests/test_chronology_schema.py, v4 -> v5 in test_disputes,
    # v5 -> v6 in tests/test_record_statements.py, v6 -> v7 in test_export_record.py,
    # v7 -> v8 in tests/test_requests_lifecycle.py, v8 -> v9 in tests/test_pd12a.py, v10
    # (anonymisation decisions) in tests/test_anonymise_review.py, v10 -> v11 in
    # tests/test_drafts_store.py).
    assert schema.LATEST_VERSION == 11


def test_wrong_passphrase_is_refused_and_file_unchanged(
    case_path: Path, new_case: CaseFile
) -> None:
    new_case.close()
    before = case_path.read_bytes()
    with pytest.raises(WrongPassphrase, match="passphrase is wrong"):
        CaseFile.open(case_path, "not the passphrase at all")
    assert case_path.read_bytes() == before


def test_short_passphrase_refused(case_path: Path) -> None:
    with pytest.raises(WeakPassphrase, match="at least 12"):
        CaseFile.create(case_path, "short", CaseDetails(reference="X"))
    assert not case_path.exists()


def test_file_is_encrypted_and_canary_never_on_disk_in_clear(
    case_path: Path, new_case: CaseFile
) -> None:
    journal = case_path.with_name(case_path.name + "-journal")
    with new_case.transaction("Add canary") as tx:
        tx.add(Person(CANARY, notes=CANARY * 20))
    # Change it again, and look at the rollback journal while the transaction is open.
    new_case.db.execute("BEGIN IMMEDIATE")
    new_case.db.execute("UPDATE person SET notes = ? WHERE given_names = ?", (CANARY * 30, CANARY))
    assert journal.exists(), "a rollback journal exists during a write transaction"
    journal_bytes = journal.read_bytes()
    new_case.db.execute("COMMIT")
    data = case_path.read_bytes()
    assert not data.startswith(b"SQLite format 3")
    for blob in (data, journal_bytes):
        assert CANARY.encode() not in blob
        assert CANARY.encode("utf-16-le") not in blob
    assert not case_path.with_name(case_path.name + "-wal").exists()


def test_plaintext_sqlite_file_is_not_a_case(tmp_path: Path) -> None:
    import sqlite3

    plain = tmp_path / "plain.vcase"
    sqlite3.connect(plain).execute("CREATE TABLE t(x)").connection.commit()
    with pytest.raises(NotACaseFile, match="unencrypted SQLite"):
        CaseFile.open(plain, PASSPHRASE)


def test_empty_and_random_files_are_refused(tmp_path: Path) -> None:
    empty = tmp_path / "empty.vcase"
    empty.write_bytes(b"")
    with pytest.raises(NotACaseFile, match="empty"):
        CaseFile.open(empty, PASSPHRASE)
    noise = tmp_path / "noise.vcase"
    noise.write_bytes(bytes(range(256)) * 64)
    with pytest.raises(WrongPassphrase):
        CaseFile.open(noise, PASSPHRASE)


def test_second_open_for_writing_is_refused(case_path: Path, new_case: CaseFile) -> None:
    with pytest.raises(OpenElsewhere, match="already open elsewhere"):
        CaseFile.open(case_path, PASSPHRASE)
    with CaseFile.open(case_path, PASSPHRASE, read_only=True) as reader:
        assert reader.details().reference == "TEST-1"
        assert reader.read_only


def test_migration_from_v1_keeps_data_and_adds_search(case_path: Path) -> None:
    with CaseFile.create(
        case_path, PASSPHRASE, CaseDetails(reference="OLD"), schema_version=1
    ) as case:
        assert case.schema_version == 1
        agency = agency_by_name(case, "Police")
        with case.transaction("Add entry") as tx:
            add_v3_entries(
                tx,
                [
                    ChronologyEntry(
                        PartialDate(2026, 1, 2),
                        agency.id,  # type: ignore[arg-type]
                        "Neighbour heard shouting",
                        "POL-1",
                    )
                ],
            )
    with CaseFile.open(case_path, PASSPHRASE) as case:
        assert case.schema_version == schema.LATEST_VERSION
        hits = case.db.execute(
            "SELECT rowid FROM chronology_fts WHERE chronology_fts MATCH 'shouting'"
        ).fetchall()
        assert len(hits) == 1
        assert [e.what_happened for e in entries(case)] == ["Neighbour heard shouting"]


def test_file_from_a_newer_version_is_refused(case_path: Path, new_case: CaseFile) -> None:
    new_case.db.execute(f"PRAGMA user_version = {schema.LATEST_VERSION + 5}")
    new_case.close()
    with pytest.raises(SchemaTooNew, match="newer version of Visible"):
        CaseFile.open(case_path, PASSPHRASE)


def test_undo_and_redo_of_a_delete_restore_everything(demo_case: CaseFile) -> None:
    liam = next(p for p in demo_case.all(Person) if p.given_names == "Liam")
    linked = demo_case.db.execute(
        "SELECT count(*) FROM entry_person WHERE person_id = ?", (liam.id,)
    ).fetchone()[0]
    assert linked > 0
    with demo_case.transaction("Delete Liam") as tx:
        delete_person(tx, liam.id)  # type: ignore[arg-type]
    assert demo_case.get(Person, liam.id) is None  # type: ignore[arg-type]
    demo_case.undo(tx.change.txn)
    assert demo_case.get(Person, liam.id) == liam  # type: ignore[arg-type]
    assert (
        demo_case.db.execute(
            "SELECT count(*) FROM entry_person WHERE person_id = ?", (liam.id,)
        ).fetchone()[0]
        == linked
    )
    demo_case.redo(tx.change.txn)
    assert demo_case.get(Person, liam.id) is None  # type: ignore[arg-type]
    assert demo_case.verify() == []


def test_failed_transaction_writes_nothing(new_case: CaseFile) -> None:
    audit_before = new_case.db.execute("SELECT count(*) FROM audit").fetchone()[0]
    with pytest.raises(sqlcipher3.IntegrityError), new_case.transaction("Bad") as tx:
        tx.add(Person("Half"))
        tx.insert("parent_link", {"parent_id": 999, "child_id": 998, "kind": "birth"})
    assert new_case.all(Person) == []
    assert new_case.db.execute("SELECT count(*) FROM audit").fetchone()[0] == audit_before
    with new_case.transaction("Good") as tx:  # the chain carries on from the right place
        tx.add(Person("Whole"))
    assert new_case.verify() == []


def test_audit_records_old_and_new_values(new_case: CaseFile) -> None:
    with new_case.transaction("Add") as tx:
        pid = tx.add(Person("Lee"))
    with new_case.transaction("Rename") as tx:
        tx.update("person", pid, {"given_names": "Leigh"})
    last = new_case.audit_events()[-1]
    assert (last.author, last.action, last.op) == ("Test Author", "Rename", "update")
    assert last.changed_fields() == {"given_names": ("Lee", "Leigh")}


def test_tampered_audit_record_is_found_by_verify(new_case: CaseFile) -> None:
    with new_case.transaction("Add") as tx:
        tx.add(Person("Lee"))
    new_case.db.execute("UPDATE audit SET author = 'someone else' WHERE seq = 2")
    problems = new_case.verify()
    assert any("audit record 2 was altered" in p for p in problems)


def test_restoring_an_older_copy_is_detected(
    tmp_path: Path, case_path: Path, new_case: CaseFile
) -> None:
    new_case.close()
    old_copy = tmp_path / "old-copy.bin"
    shutil.copyfile(case_path, old_copy)
    with CaseFile.open(case_path, PASSPHRASE) as case, case.transaction("Later work") as tx:
        tx.add(Person("Added after the copy"))
    shutil.copyfile(old_copy, case_path)
    with pytest.raises(RolledBack, match="older than the version last saved"):
        CaseFile.open(case_path, PASSPHRASE)
    with CaseFile.open(case_path, PASSPHRASE, accept_rollback=True) as case:
        assert case.all(Person) == []
    with CaseFile.open(case_path, PASSPHRASE) as case:  # accepted: no longer reported
        assert case.details().reference == "TEST-1"


def test_backup_is_encrypted_with_the_same_passphrase(tmp_path: Path, new_case: CaseFile) -> None:
    with new_case.transaction("Add") as tx:
        tx.add(Person(CANARY))
    dest = new_case.backup(tmp_path / "backup.vcase")
    data = dest.read_bytes()
    assert not data.startswith(b"SQLite format 3") and CANARY.encode() not in data
    with pytest.raises(WrongPassphrase):
        CaseFile.open(dest, "another passphrase entirely")
    with CaseFile.open(dest, PASSPHRASE, read_only=True) as copy:
        assert [p.given_names for p in copy.all(Person)] == [CANARY]
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_change_passphrase(case_path: Path, new_case: CaseFile) -> None:
    new_case.change_passphrase("a brand new passphrase")
    new_case.close()
    with pytest.raises(WrongPassphrase):
        CaseFile.open(case_path, PASSPHRASE)
    with CaseFile.open(case_path, "a brand new passphrase") as case:
        assert case.verify() == []


def test_no_code_path_writes_a_plaintext_copy() -> None:
    root = Path(__file__).resolve().parent.parent
    offenders = []
    for folder in ("storage", "forms", "exports", "app"):
        for source in (root / folder).rglob("*.py"):
            text = source.read_text("utf-8").lower()
            if "sqlcipher_export" in text or "key ''" in text or 'key ""' in text:
                offenders.append(str(source))
    assert offenders == []


def test_partial_dates_store_sort_and_display() -> None:
    month = PartialDate(2016, 5)
    day = PartialDate(2016, 5, 1)
    approx = PartialDate.parse_stored("~2016-05-22")
    assert month.sort_key() < day.sort_key()
    assert (approx.display(), month.display(), PartialDate(2016).display()) == (
        "?22/05/2016",
        "May 2016",
        "2016",
    )
    assert PartialDate.parse_stored(approx.stored()) == approx
    with pytest.raises(Exception, match="not a real date"):
        PartialDate(2016, 2, 30)
    assert json.dumps(approx.stored()) == '"~2016-05-22"'


def test_full_disk_is_reported_and_nothing_half_written(new_case: CaseFile) -> None:
    from storage.errors import NotEnoughSpace

    with new_case.transaction("Add") as tx:
        tx.add(Person("Before"))
    pages = new_case.db.execute("PRAGMA page_count").fetchone()[0]
    # SQLite's own limit makes the engine report SQLITE_FULL exactly as a full disk does.
    new_case.db.execute(f"PRAGMA max_page_count = {pages}")
    with pytest.raises(NotEnoughSpace, match="full"), new_case.transaction("Big") as tx:
        for i in range(200):
            tx.add(Person(f"Big {i}", notes="x" * 4000))
    new_case.db.execute("PRAGMA max_page_count = 1073741823")
    assert [p.given_names for p in new_case.all(Person)] == ["Before"]
    assert new_case.verify() == []
