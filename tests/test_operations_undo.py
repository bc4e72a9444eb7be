"""Undo and redo never show a state the file does not have (issue 11).

Each failure below happens inside the undo or redo transaction itself, on a real encrypted
case: the history must still offer exactly what the file holds afterwards.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from app.operations import people
from app.operations.history import History
from storage.areas import Area
from storage.casefile import CaseFile
from storage.errors import CaseFileDamaged, NotEnoughSpace
from storage.ids import PersonId
from storage.people import Person

# Big enough that recording the undo (the audit row holds his old values) needs fresh pages.
BIG_NOTES = "x" * 60_000


def _names(case: CaseFile) -> list[str]:
    return [p.given_names for p in case.all(Person)]


def _last_action(case: CaseFile) -> str:
    return case.audit_events()[-1].action


def _fill_the_disk(case: CaseFile) -> None:
    """SQLite's own page limit reports SQLITE_FULL exactly as a full disk does."""
    pages = case.db.execute("PRAGMA page_count").fetchone()[0]
    case.db.execute(f"PRAGMA max_page_count = {pages}")


def _free_the_disk(case: CaseFile) -> None:
    case.db.execute("PRAGMA max_page_count = 1073741823")


def _add_bob(case: CaseFile, history: History) -> PersonId:
    changes = people.add_person(case, given_names="Bob")
    history.record(changes)
    pid = PersonId(changes.created(Area.PEOPLE)[0])
    history.record(people.edit_person(case, pid, notes=BIG_NOTES))
    return pid


def test_undo_fails_on_a_full_disk_and_the_history_stays(new_case: CaseFile) -> None:
    history = History()
    _add_bob(new_case, history)
    assert history.undo_label == "Edit Bob"
    _fill_the_disk(new_case)
    with pytest.raises(NotEnoughSpace, match="full"):
        history.undo(new_case)
    _free_the_disk(new_case)
    # Nothing moved: the file still has his notes, and Undo still offers to remove them.
    assert new_case.all(Person)[0].notes == BIG_NOTES
    assert _last_action(new_case) == "Edit Bob"
    assert (history.can_undo, history.undo_label, history.can_redo) == (True, "Edit Bob", False)
    # And once there is room, the same undo works.
    history.undo(new_case)
    assert new_case.all(Person)[0].notes == ""
    assert (history.undo_label, history.redo_label) == ("Add Bob", "Edit Bob")


def test_undo_fails_on_a_full_disk_during_redo_and_the_history_stays(new_case: CaseFile) -> None:
    history = History()
    _add_bob(new_case, history)
    history.undo(new_case)
    history.undo(new_case)
    assert _names(new_case) == [] and history.redo_label == "Add Bob"
    history.redo(new_case)  # Bob is back, without his notes
    assert history.redo_label == "Edit Bob"
    _fill_the_disk(new_case)
    with pytest.raises(NotEnoughSpace):
        history.redo(new_case)
    _free_the_disk(new_case)
    assert new_case.all(Person)[0].notes == ""
    assert _last_action(new_case) == "Redo: Add Bob"  # the redo of "Add Bob" was the last commit
    assert (history.undo_label, history.redo_label) == ("Add Bob", "Edit Bob")
    history.redo(new_case)
    assert new_case.all(Person)[0].notes == BIG_NOTES


def test_undo_fails_on_a_damaged_page_and_the_history_stays(case_path: Path,
                                                              passphrase: str) -> None:
    from storage.case import CaseDetails

    case = CaseFile.create(case_path, passphrase, CaseDetails(reference="DAMAGE-1"))
    try:
        history = History()
        _add_bob(case, history)
        root = case.db.execute(
            "SELECT rootpage FROM sqlite_master WHERE name = 'person'").fetchone()[0]
        page_size = int(case.db.execute("PRAGMA page_size").fetchone()[0])
        # Damage the page holding the people (as a failing disk would), then make the open
        # connection forget its decrypted copy so the undo must read the page from disk.
        offset = (root - 1) * page_size + 200

        def flip() -> None:
            with case_path.open("r+b") as f:
                f.seek(offset)
                byte = f.read(1)[0]
                f.seek(offset)
                f.write(bytes([byte ^ 0xFF]))

        flip()
        case.db.execute("PRAGMA shrink_memory")
        with pytest.raises(CaseFileDamaged, match="damaged"):
            history.undo(case)
        assert (history.can_undo, history.undo_label, history.can_redo) == (True, "Edit Bob",
                                                                             False)
    finally:
        case.close()
    # Mend the page: if the failed undo had written anything, the file would now show it.
    flip()
    with CaseFile.open(case_path, passphrase) as reopened:
        assert reopened.verify() == []
        assert _last_action(reopened) == "Edit Bob"
        assert reopened.all(Person)[0].notes == BIG_NOTES
