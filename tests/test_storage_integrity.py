"""The file's state and schema are bound to the audit trail and the migrations.

The attacks of issue 17, on real encrypted files: one 4 KB page of an edit put back from an
older copy (SQLCipher's page HMAC accepts it), a trigger added by someone holding the key, a
row written around the audit, and damaged files (garbage appended, cut short, flipped bytes).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import sqlcipher3

from app.cli import main
from app.operations.demo import create_demo
from storage import integrity, keys, schema
from storage.casefile import CaseFile
from storage.chronology import ChronologyEntry
from storage.chronology_store import entries
from storage.errors import CaseFileDamaged
from tests.conftest import PASSPHRASE

PAGE = 4096


def _raw(path: Path) -> sqlcipher3.Connection:
    """A connection as someone holding the key would make it, around Visible."""
    key = keys.derive(PASSPHRASE, path.read_bytes()[:16])
    db = sqlcipher3.connect(str(path), isolation_level=None)
    db.execute(f"PRAGMA key = {key.pragma_value()}")
    db.execute("PRAGMA cipher_compatibility = 4")
    return db


@pytest.fixture(scope="module")
def demo_base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("integrity") / "base.vcase"
    create_demo(str(path), PASSPHRASE, entries=400).close()
    return path


@pytest.fixture
def demo_copy(tmp_path: Path, demo_base: Path) -> Path:
    path = tmp_path / "case.vcase"
    shutil.copyfile(demo_base, path)
    CaseFile.open(path, PASSPHRASE, accept_rollback=True).close()  # anchored on this "computer"
    return path


def _edit_last_entry(path: Path) -> int:
    with CaseFile.open(path, PASSPHRASE) as case:
        entry = entries(case)[-1]
        assert entry.id is not None
        with case.transaction(f"Edit entry {entry.id}") as tx:
            tx.update("chronology_entry", entry.id,
                      {"what_happened": "Father has a knife conviction", "key_event": 1})
        return entry.id


def _page_holding(path: Path, old: bytes, entry_id: int) -> int:
    """The one changed page that, put back alone, brings back the entry's old text."""
    new = path.read_bytes()
    changed = [p for p in range(1, len(new) // PAGE) if new[p * PAGE:(p + 1) * PAGE]
               != old[p * PAGE:(p + 1) * PAGE]]
    probe = path.with_name("probe.bin")
    for page in changed:
        data = bytearray(new)
        data[page * PAGE:(page + 1) * PAGE] = old[page * PAGE:(page + 1) * PAGE]
        probe.write_bytes(bytes(data))
        db = _raw(probe)
        try:
            text = db.execute("SELECT what_happened FROM chronology_entry WHERE id = ?",
                              (entry_id,)).fetchone()[0]
        except sqlcipher3.DatabaseError:
            continue
        finally:
            db.close()
        if text != "Father has a knife conviction":
            probe.unlink()
            return page
    raise AssertionError("no single page holds the entry")


def test_one_page_of_an_edit_put_back_is_detected(
    tmp_path: Path, demo_copy: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    old = demo_copy.read_bytes()
    entry_id = _edit_last_entry(demo_copy)
    page = _page_holding(demo_copy, old, entry_id)
    with demo_copy.open("r+b") as f:
        f.seek(page * PAGE)
        f.write(old[page * PAGE:(page + 1) * PAGE])
    # The audit trail still ends with the edit, so the rollback head check alone passes.
    case = CaseFile.open(demo_copy, PASSPHRASE)
    try:
        assert case.read_only and case.damage is not None
        assert f"table chronology_entry, row {entry_id}" in case.damage
        assert "visible verify" in case.damage and "backup" in case.damage
        with pytest.raises(CaseFileDamaged):
            with case.transaction("Write into a damaged file"):
                pass
    finally:
        case.close()
    monkeypatch.setenv("VISIBLE_PASSPHRASE", PASSPHRASE)
    assert main(["verify", str(demo_copy)]) == 4
    out = capsys.readouterr().out
    assert f"table chronology_entry, row {entry_id}: differs from the audit trail" in out
    assert "what_happened" in out and "key_event" in out
    out_pdf = tmp_path / "court.pdf"
    assert main(["export", str(demo_copy), "--out", str(out_pdf)]) == 1
    assert "damaged" in capsys.readouterr().err
    assert not out_pdf.exists()
    # A backup of it would be the newest "backup", restored on the advice to restore one.
    backup = tmp_path / "backup.vcase"
    assert main(["backup", str(demo_copy), str(backup)]) == 1
    err = capsys.readouterr().err
    assert "not a backup to restore" in err and "--damaged" in err and not backup.exists()
    kept = tmp_path / "case-damaged.vcase"
    assert main(["backup", str(demo_copy), str(kept), "--damaged"]) == 0
    assert "for investigation" in capsys.readouterr().out
    with CaseFile.open(kept, PASSPHRASE, read_only=True, accept_rollback=True) as copy:
        assert copy.damage is not None and f"row {entry_id}" in copy.damage


def test_a_trigger_added_with_the_key_is_refused_and_named(
    demo_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    db = _raw(demo_copy)
    db.execute("CREATE TRIGGER quiet_rewrite AFTER INSERT ON chronology_entry BEGIN "
               "UPDATE chronology_entry SET what_happened = 'nothing of note' "
               "WHERE key_event = 1; END")
    db.close()
    returns = tmp_path / "return.csv"
    returns.write_text("Date,Event,Source\n2026-03-01,Home visit,HV-1\n", "utf-8")
    monkeypatch.setenv("VISIBLE_PASSPHRASE", PASSPHRASE)
    assert main(["import", str(demo_copy), str(returns), "--agency", "Police"]) == 1
    err = capsys.readouterr().err
    assert "unexpected trigger quiet_rewrite on chronology_entry" in err
    with CaseFile.open(demo_copy, PASSPHRASE, read_only=True) as case:
        assert all(e.what_happened != "nothing of note" for e in entries(case))
    assert main(["verify", str(demo_copy)]) == 4
    assert "schema: unexpected trigger quiet_rewrite on chronology_entry" in \
        capsys.readouterr().out


def test_a_row_written_around_the_audit_is_named_by_verify(demo_copy: Path) -> None:
    db = _raw(demo_copy)
    db.execute("INSERT INTO person (given_names, family_name) VALUES ('Ghost', 'Entry')")
    ghost = db.execute("SELECT max(id) FROM person").fetchone()[0]
    db.execute("DELETE FROM entry_person WHERE id = (SELECT min(id) FROM entry_person)")
    db.close()
    with CaseFile.open(demo_copy, PASSPHRASE, read_only=True) as case:
        problems = case.verify()
    assert f"state: table person, row {ghost}: is not in the audit trail — written outside " \
           "Visible" in problems
    assert any(p.startswith("state: table entry_person, row ") and "missing" in p
               for p in problems)


def test_expected_schema_comes_from_the_migrations() -> None:
    items = integrity.expected_schema(schema.LATEST_VERSION)
    names = {(t, n) for t, n, _, _ in items}
    assert ("trigger", "chronology_fts_ai") in names and ("table", "audit") in names
    assert ("index", "chronology_duplicate_of") in names  # added by a later step
    assert ("index", "chronology_duplicate_of") not in {
        (t, n) for t, n, _, _ in integrity.expected_schema(2)}


def test_an_older_version_file_is_checked_against_its_own_schema(case_path: Path) -> None:
    from storage.case import CaseDetails

    CaseFile.create(case_path, PASSPHRASE, CaseDetails(reference="OLD"), schema_version=1).close()
    with CaseFile.open(case_path, PASSPHRASE) as case:  # upgraded after the v1 schema check
        assert case.damage is None and case.schema_version == schema.LATEST_VERSION
        assert case.verify() == []


@pytest.mark.parametrize("damage", ["appended", "cut short", "flipped audit page"])
def test_a_damaged_file_opens_read_only_with_the_reason(
    damage: str, demo_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    data = bytearray(demo_copy.read_bytes())
    if damage == "appended":
        data += b"garbage" * 100
    elif damage == "cut short":
        del data[-1000:]
    else:
        # A byte flipped in a page of the newest audit records, which the open check reads.
        # (A flip in an older page is found when that page is read, and always by verify:
        # checking every page's HMAC costs ~1.5 s at 20,000 entries, too slow for every open.)
        page = _page_read_by_the_open_check(demo_copy)
        data[page * PAGE + PAGE // 2] ^= 0xFF
    demo_copy.write_bytes(bytes(data))
    monkeypatch.setenv("VISIBLE_PASSPHRASE", PASSPHRASE)
    out_pdf = tmp_path / "out.pdf"
    assert main(["export", str(demo_copy), "--out", str(out_pdf)]) == 1
    err = capsys.readouterr().err
    assert "damaged" in err and "visible verify" in err and "passphrase" not in err, err
    assert not out_pdf.exists()
    assert main(["verify", str(demo_copy)]) == 4
    capsys.readouterr()


def _page_read_by_the_open_check(path: Path) -> int:
    clean = path.read_bytes()
    probe = path.with_name("probe.bin")
    for page in range(len(clean) // PAGE - 1, 1, -1):
        data = bytearray(clean)
        data[page * PAGE + PAGE // 2] ^= 0xFF
        probe.write_bytes(bytes(data))
        db = _raw(probe)
        try:
            db.execute("SELECT count(*) FROM sqlite_master").fetchone()
            integrity.latest_state_problems(db)
        except sqlcipher3.DatabaseError:
            return page
        finally:
            db.close()
            probe.unlink()
    raise AssertionError("the open check reads no page")


def test_open_check_is_bounded_for_a_huge_last_transaction(new_case: CaseFile) -> None:
    with new_case.transaction("Import") as tx:
        tx.insert_many("chronology_entry", [
            {"event_date": "2026-01-01", "sort_key": "2026-01-01", "agency_id": 1,
             "what_happened": f"Event {i}", "source_ref": "X"}
            for i in range(integrity.OPEN_CHECK_LIMIT + 50)
        ])
    assert integrity.latest_state_problems(new_case.db) == []
    new_case.db.execute("UPDATE chronology_entry SET what_happened = 'changed' WHERE id = "
                        "(SELECT max(id) FROM chronology_entry)")
    assert len(integrity.latest_state_problems(new_case.db)) == 1
    assert ChronologyEntry  # the dataclass the rows map to


def test_damage_to_the_first_page_is_not_called_a_wrong_passphrase(
    demo_copy: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    data = bytearray(demo_copy.read_bytes())
    data[200] ^= 0xFF  # inside page 1, after the 16-byte salt
    demo_copy.write_bytes(bytes(data))
    monkeypatch.setenv("VISIBLE_PASSPHRASE", PASSPHRASE)
    assert main(["info", str(demo_copy)]) == 1
    err = capsys.readouterr().err
    assert "passphrase is right" in err and "damaged" in err and "backup" in err
    monkeypatch.setenv("VISIBLE_PASSPHRASE", "definitely not right")
    assert main(["info", str(demo_copy)]) == 1
    assert "passphrase is wrong" in capsys.readouterr().err


def test_rows_a_migration_seeds_are_expected_and_still_checked(new_case: CaseFile) -> None:
    seeded = integrity.seeded_rows(schema.LATEST_VERSION)
    assert new_case.verify() == []
    if not seeded:  # no migration seeds rows today: nothing more to show
        return
    (table, row_id), _text = next(iter(seeded.items()))
    column = next(r[1] for r in new_case.db.execute(f"PRAGMA table_info({table})")
                  if r[2].upper() == "TEXT")
    new_case.db.execute(f"UPDATE {table} SET {column} = 'changed around Visible' "
                        "WHERE id = ?", (row_id,))
    problems = new_case.verify()
    assert any(f"table {table}, row {row_id}: differs" in p and column in p for p in problems)


def test_open_check_compares_reals_and_awkward_text_exactly(new_case: CaseFile) -> None:
    """SQLite compares the last change's rows as JSON first (integrity._rendered); a REAL's
    spelling depends on its version and text is escaped its own way, so those rows must still
    be compared exactly: no false alarm on an untouched file, a change in the 17th digit (which
    a 15-digit spelling would hide) is caught."""
    awkward = 'Zofia "Zosia" Wiśniewska\nsaw\tthe baby \u2028 \U0001F600 \x1f back\\slash'
    with new_case.transaction("Add people") as tx:
        placed = tx.insert("person", {"given_names": "Liam", "layout_x": 0.1, "layout_y": 2.5})
        named = tx.insert("person", {"given_names": awkward, "family_name": "Ó'Brien"})
    assert integrity.latest_state_problems(new_case.db) == []
    new_case.db.execute("UPDATE person SET layout_x = 0.10000000000000002 WHERE id = ?",
                        (placed,))
    problems = integrity.latest_state_problems(new_case.db)
    assert len(problems) == 1 and f"table person, row {placed}" in problems[0]
    assert "layout_x" in problems[0]
    new_case.db.execute("UPDATE person SET layout_x = 0.1 WHERE id = ?", (placed,))
    new_case.db.execute("UPDATE person SET given_names = ? WHERE id = ?",
                        (awkward + " ", named))
    problems = integrity.latest_state_problems(new_case.db)
    assert len(problems) == 1 and f"table person, row {named}" in problems[0]


def test_open_check_names_a_row_removed_or_brought_back_around_visible(
    new_case: CaseFile,
) -> None:
    with new_case.transaction("Add two entries") as tx:
        kept, gone = tx.insert_many("chronology_entry", [
            {"event_date": "2026-01-01", "sort_key": "2026-01-01", "agency_id": 1,
             "what_happened": f"Event {i}", "source_ref": "X"} for i in range(2)])
    with new_case.transaction("Remove one, edit the other") as tx:
        tx.delete("chronology_entry", gone)
        tx.update("chronology_entry", kept, {"what_happened": "Edited"})
    assert integrity.latest_state_problems(new_case.db) == []
    new_case.db.execute("INSERT INTO chronology_entry (id, event_date, sort_key, agency_id, "
                        "what_happened, source_ref) VALUES (?, '2026-01-01', '2026-01-01', 1, "
                        "'Back', 'X')",
                        (gone,))
    new_case.db.execute("DELETE FROM chronology_entry WHERE id = ?", (kept,))
    problems = integrity.latest_state_problems(new_case.db)
    assert any(f"row {gone}: should have been removed" in p for p in problems)
    assert any(f"row {kept}: missing" in p for p in problems)


def test_a_trigger_rewritten_between_two_opens_is_found(demo_copy: Path) -> None:
    # The schema comparison remembers the normalised schema of the text it last read (an open
    # compares it every time); a trigger with its own name but another body must not pass as
    # the one seen, clean, by the open just before.
    with CaseFile.open(demo_copy, PASSPHRASE, read_only=True) as case:
        assert case.damage is None
    db = _raw(demo_copy)
    (name, sql) = db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "
                             "ORDER BY name LIMIT 1").fetchone()
    db.execute(f"DROP TRIGGER {name}")
    db.execute(sql.replace("BEGIN", "BEGIN SELECT 1;", 1))
    db.close()
    with CaseFile.open(demo_copy, PASSPHRASE, read_only=True) as case:
        assert case.damage is not None
        assert f"trigger {name} has been changed from what Visible made" in case.damage
