"""Schema v7: every export is kept by name, and no export exists without its record."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.operations import export as job
from exports.document import ExportOptions
from exports.errors import ExportError
from storage import schema
from storage.case import CaseDetails
from storage.casefile import CaseFile
from storage.errors import NotEnoughSpace
from storage.exports_store import export_records, last_export
from tests.conftest import PASSPHRASE


def test_migration_from_v6_adds_the_export_record(tmp_path: Path) -> None:
    path = tmp_path / "old.vcase"
    with CaseFile.create(path, PASSPHRASE, CaseDetails(reference="V6"), schema_version=6) as old:
        assert old.schema_version == 6
    with CaseFile.open(path, PASSPHRASE) as case:
        assert case.schema_version == schema.LATEST_VERSION
        assert export_records(case) == []
        result = job.export_case(case, ExportOptions(style="review"), tmp_path / "r.docx")
        assert result.changes.changed and result.path.exists()
        record = last_export(case)
        assert record is not None and record.path == str(tmp_path / "r.docx")
        assert record.format == "docx" and record.style == "review"
        assert record.author == "Test Author" and record.options["all_events"] is False


def test_an_export_that_cannot_be_recorded_leaves_no_file(demo_case: CaseFile,
                                                          tmp_path: Path) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    out = folder / "court.pdf"
    pages = demo_case.db.execute("PRAGMA page_count").fetchone()[0]
    demo_case.db.execute(f"PRAGMA max_page_count = {pages}")  # the case's disk is full
    try:
        with pytest.raises(NotEnoughSpace):
            for i in range(50):  # each record takes a little room: fill what is left
                job.export_case(demo_case, ExportOptions(format="pdf", version=f"x{'y' * 4000}"
                                                         f"{i}"), out)
                out.unlink()
    finally:
        demo_case.db.execute("PRAGMA max_page_count = 1073741823")
    assert not out.exists()
    assert list(folder.iterdir()) == []  # no temporary file either


def test_an_export_refused_by_its_options_writes_nothing(demo_case: CaseFile,
                                                         tmp_path: Path) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    before = len(export_records(demo_case))
    with pytest.raises(ExportError, match="review style does not take all events"):
        job.export_case(demo_case, ExportOptions(format="pdf", style="review", all_events=True),
                        folder / "r.pdf")
    with pytest.raises(ExportError, match="ends in .docx but the format chosen is pdf"):
        job.export_case(demo_case, ExportOptions(format="pdf"), folder / "r.docx")
    assert len(export_records(demo_case)) == before and list(folder.iterdir()) == []
