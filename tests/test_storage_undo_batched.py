"""Undo and redo of a big change write a run of like rows per statement (issue 18 item 2),
still with one audit record per row, and end exactly where the per-row replay ended."""

from __future__ import annotations

import threading

import pytest

from storage.casefile import CaseFile
from storage.chronology import ChronologyEntry
from storage.chronology_store import add_entries, agencies, count_entries
from storage.dates import PartialDate
from storage.ids import AgencyId, EntryId, PersonId
from storage.import_store import mark_duplicates
from storage.people import Person
from storage.progress import Cancelled, Progress

ROWS = 3000  # more than one replay chunk (2,000 records) and one insert chunk's worth


def _entries(case: CaseFile, n: int) -> list[ChronologyEntry]:
    agency = AgencyId(agencies(case)[0].id or 0)
    person = PersonId(case.all(Person)[0].id or 0)
    return [
        ChronologyEntry(
            event_date=PartialDate(2020, 1 + i % 12, 1 + i % 28), agency_id=agency,
            what_happened=f"Contact {i}.", source_ref=f"REF-{i}", sequence=i,
            people=[person] if i % 2 else [],
        )
        for i in range(n)
    ]


def _import(case: CaseFile, n: int = ROWS) -> tuple[int, list[EntryId]]:
    with case.transaction(f"Import {n} entries") as tx:
        ids = add_entries(tx, _entries(case, n))
        # Later rows point at earlier ones (likely duplicates), and one row is changed twice.
        mark_duplicates(tx, [(ids[i], ids[i - 1]) for i in range(1, n, 10)])
        tx.update("chronology_entry", ids[0], {"outcome": "first"})
        tx.update("chronology_entry", ids[0], {"outcome": "second"})
    return tx.change.txn, ids


def _state(case: CaseFile) -> list[tuple]:
    return [
        *case.db.execute("SELECT * FROM chronology_entry ORDER BY id").fetchall(),
        *case.db.execute("SELECT * FROM entry_person ORDER BY id").fetchall(),
    ]


class _Counting:
    """The case's connection, counting the statements Python hands to SQLite (executemany of
    a run is one; SQLite's trace callback would count each row it steps through)."""

    def __init__(self, db) -> None:  # noqa: ANN001
        self.db, self.calls = db, 0

    def execute(self, *args):  # noqa: ANN002, ANN202
        self.calls += 1
        return self.db.execute(*args)

    def executemany(self, *args):  # noqa: ANN002, ANN202
        self.calls += 1
        return self.db.executemany(*args)


def _replay(case: CaseFile, replay, txn):  # noqa: ANN001, ANN202
    real = case.db
    counting = case.db = _Counting(real)
    try:
        return replay(txn), counting.calls
    finally:
        case.db = real


def test_undo_and_redo_of_a_big_import_batch_statements_and_audit_every_row(demo_case):
    before = _state(demo_case)
    txn, ids = _import(demo_case)
    after = _state(demo_case)
    written = demo_case.change_size(txn)
    # The entries, the people of every other one, every tenth marked a duplicate, two edits.
    assert written == ROWS + ROWS // 2 + ROWS // 10 + 2

    undone, statements = _replay(demo_case, demo_case.undo, txn)
    assert _state(demo_case) == before
    # One audit record per row changed, as before; but a few statements per run, not per row.
    assert len(undone.rows) == written
    assert statements < written / 20
    events = demo_case.audit_events()[-written:]
    assert {e.txn for e in events} == {undone.txn}
    assert sum(1 for e in events if e.table_name == "chronology_entry" and e.op == "delete") == ROWS
    # The row edited twice is put back through both edits, newest first.
    first = [e for e in events if e.row_id == ids[0] and e.table_name == "chronology_entry"]
    assert [e.op for e in first] == ["update", "update", "delete"]
    assert first[0].old["outcome"] == "second" and first[1].old["outcome"] == "first"

    redone, statements = _replay(demo_case, demo_case.redo, txn)
    assert _state(demo_case) == after
    assert len(redone.rows) == written and statements < written / 20
    assert demo_case.verify() == []


def test_undo_and_redo_of_single_rows_still_work(demo_case):
    person = demo_case.all(Person)[0]
    with demo_case.transaction("Rename") as tx:
        tx.update("person", person.id, {"given_names": "Zbigniew"})
    demo_case.undo(tx.change.txn)
    assert demo_case.get(Person, person.id).given_names == person.given_names
    demo_case.redo(tx.change.txn)
    assert demo_case.get(Person, person.id).given_names == "Zbigniew"
    with demo_case.transaction("Remove links") as tx:
        for link_id, in demo_case.db.execute("SELECT id FROM entry_person LIMIT 3").fetchall():
            tx.delete("entry_person", link_id)
    links = demo_case.db.execute("SELECT count(*) FROM entry_person").fetchone()[0]
    demo_case.undo(tx.change.txn)
    assert demo_case.db.execute("SELECT count(*) FROM entry_person").fetchone()[0] == links + 3
    assert demo_case.verify() == []


def test_a_cancelled_undo_rolls_back_and_reports_its_progress(demo_case):
    txn, _ids = _import(demo_case)
    entries = count_entries(demo_case)
    head = demo_case.audit_events()[-1].seq
    stop = threading.Event()
    reports: list[tuple[int, int]] = []

    def report(done: int, total: int) -> None:
        reports.append((done, total))
        if done >= 2000:  # after the first chunk was replayed
            stop.set()

    demo_case.progress = Progress(report, stop)
    try:
        with pytest.raises(Cancelled):
            demo_case.undo(txn)
    finally:
        from storage.progress import NO_PROGRESS

        demo_case.progress = NO_PROGRESS
    # Nothing half-undone: every entry is there and the trail ends where it did.
    assert count_entries(demo_case) == entries
    assert demo_case.audit_events()[-1].seq == head
    total = demo_case.change_size(txn)
    assert reports[0] == (0, total) and reports[-1][0] >= 2000
    demo_case.undo(txn)  # and the same undo, not cancelled, still works
    assert count_entries(demo_case) == entries - ROWS
