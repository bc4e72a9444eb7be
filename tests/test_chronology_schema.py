"""Schema v3: indexes that keep deleting (and undoing imports of) chronology entries fast."""

from __future__ import annotations

from pathlib import Path

from storage import schema
from storage.case import CaseDetails
from storage.casefile import CaseFile
from storage.chronology import ChronologyEntry
from storage.chronology_store import add_entries, agency_by_name, count_entries
from storage.dates import PartialDate

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
            first, second = add_entries(tx, [
                ChronologyEntry(PartialDate(2026, 1, 2), police, "Shouting heard.", "POL-1"),
                ChronologyEntry(PartialDate(2026, 1, 2), police, "Shouting heard", "POL-2"),
            ])
            tx.update("chronology_entry", second, {"duplicate_of": first})
    with CaseFile.open(path, PASSPHRASE) as case:
        assert case.schema_version == schema.LATEST_VERSION == 4
        assert {"chronology_duplicate_of", "chronology_import_batch"} <= _indexes(case)
        assert count_entries(case) == 2
        plan = case.db.execute(
            "EXPLAIN QUERY PLAN SELECT id FROM chronology_entry WHERE duplicate_of = ?", (1,)
        ).fetchall()
        assert any("chronology_duplicate_of" in str(row) for row in plan)
