"""Chronology migrations: v3 indexes (fast deletes, undo of imports) and v4 date certainty."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlcipher3

from storage import schema
from storage.case import CaseDetails
from storage.casefile import CaseFile
from storage.chronology import ChronologyEntry
from storage.chronology_store import agency_by_name, count_entries, entries
from storage.dates import DateQualifier, PartialDate
from tests.helpers.old_files import add_v3_entries

PASSPHRASE = "correct horse battery staple"


def _indexes(case: CaseFile) -> set[str]:
    return {r[0] for r in case.db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'chronology_entry'")}


def test_migration_from_v2_adds_reference_indexes(tmp_path: Path) -> None:
    path = tmp_path / "old.vcase"
    with CaseFile.create(path, PASSPHRASE, CaseDetails(reference="V2"), schema_version=2) as case:
        assert case.schema_version == 2
        assert "chronology_duplicate_of" not in _indexes(case)
        police = agency_by_name(case, "Police").id
        with case.transaction("Add") as tx:
            first, second = add_v3_entries(tx, [
                ChronologyEntry(PartialDate(2026, 1, 2), police, "Shouting heard.", "POL-1"),
                ChronologyEntry(PartialDate(2026, 1, 2), police, "Shouting heard", "POL-2"),
            ])
            tx.update("chronology_entry", second, {"duplicate_of": first})
    with CaseFile.open(path, PASSPHRASE) as case:
        assert case.schema_version == schema.LATEST_VERSION
        assert {"chronology_duplicate_of", "chronology_import_batch"} <= _indexes(case)
        assert count_entries(case) == 2
        plan = case.db.execute(
            "EXPLAIN QUERY PLAN SELECT id FROM chronology_entry WHERE duplicate_of = ?", (1,)
        ).fetchall()
        assert any("chronology_duplicate_of" in str(row) for row in plan)


def test_migration_to_v4_keeps_every_date_and_its_order(tmp_path: Path) -> None:
    """Entries written before date certainty existed keep their dates, wording and order."""
    path = tmp_path / "v3.vcase"
    dates = [
        PartialDate(2016, 5, 22, approximate=True),
        PartialDate(2016, 5),
        PartialDate(2016),
        PartialDate(2016, 5, 22),
    ]
    with CaseFile.create(path, PASSPHRASE, CaseDetails(reference="V3"), schema_version=3) as case:
        police = agency_by_name(case, "Police").id
        with case.transaction("Add") as tx:
            add_v3_entries(tx, [
                ChronologyEntry(d, police, f"Event {n}", f"POL-{n}",
                                event_time="10:00" if n else "")
                for n, d in enumerate(dates)
            ])
        before = case.db.execute(
            "SELECT id, event_date, sort_key FROM chronology_entry ORDER BY id").fetchall()
    with CaseFile.open(path, PASSPHRASE) as case:
        assert case.schema_version == schema.LATEST_VERSION
        after = case.db.execute(
            "SELECT id, event_date, sort_key FROM chronology_entry ORDER BY id").fetchall()
        assert after == before
        found = entries(case)
        # Same day: the entry with a time (10:00) comes before the one without.
        assert [e.when.court() for e in found] == ["2016", "May 2016", "22 May 2016",
                                                   "?22 May 2016"]
        assert all(e.date_qualifier is DateQualifier.ON and e.recorded_on is None for e in found)
        # The stored key still equals what the code computes, so new entries interleave.
        assert [e.sort_key() for e in found] == sorted(r[2] for r in before)
        # A between with no end cannot be written (the file enforces it, not only the code).
        with pytest.raises(sqlcipher3.IntegrityError):
            case.db.execute("UPDATE chronology_entry SET date_qualifier = 'between' WHERE id = 1")
