"""Arabic and Urdu names: shaped and ordered in PDFs, and still caught by the leak scan."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.operations.export import build_document
from exports.document import ExportOptions, Paragraph
from exports.errors import AnonymisationLeak
from exports.file_text import file_text
from exports.output import write_document
from exports.pdf_text import line_text
from exports.rtl import visual
from storage.carers import CarerRole, RoleAssignment
from storage.chronology import ChronologyEntry
from storage.chronology_store import add_entry, agency_by_name
from storage.dates import PartialDate
from storage.people import Person, Sex
from storage.relationships import ParentLink
from storage.snapshot import load_snapshot
from tests.export_support import TODAY


@pytest.fixture
def arabic_snapshot(new_case):
    with new_case.transaction("Family") as tx:
        baby = tx.add(Person("Maryam", "Khan", sex=Sex.FEMALE, is_index_child=True,
                             date_of_birth=PartialDate(2026, 4, 2)))
        father = tx.add(Person("عمران", "خان", sex=Sex.MALE,
                               date_of_birth=PartialDate(1996, 7, 9)))
        tx.add(ParentLink(father, baby))
        tx.add(RoleAssignment(baby, CarerRole.BIRTH_FATHER, person_id=father))
        add_entry(tx, ChronologyEntry(
            PartialDate(2026, 5, 1), agency_by_name(new_case, "GP").id,
            "عمران خان seen with Maryam; said he sleeps four hours.", "GP-1 p.1", key_event=True,
            people=[father]))
    return load_snapshot(new_case, today=TODAY)


def test_pdf_draws_arabic_in_shaped_visual_order(arabic_snapshot, tmp_path: Path) -> None:
    document, _ = build_document(arabic_snapshot, ExportOptions(style="court"))
    path = write_document(document, tmp_path / "c.pdf", "pdf")
    text = file_text(path.read_bytes(), "pdf")
    # What is drawn: joined presentation forms, right to left inside a left-to-right line.
    line = "عمران خان seen"
    drawn = line_text(line, 0, len(line))
    assert drawn == visual(line) and drawn.endswith(" seen")
    assert all(0xFE70 <= ord(c) <= 0xFEFF for c in drawn[:9] if c != " ")
    # pdfium reads the shaped glyphs back as base letters, in visual word order.
    assert "خان عمران seen with Maryam" in text
    # The Word file keeps logical order: Word shapes Arabic itself.
    docx_path = write_document(document, tmp_path / "c.docx", "docx")
    assert "عمران خان seen with" in file_text(docx_path.read_bytes(), "docx")


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_anonymised_export_hides_arabic_names_and_scan_catches_leftovers(
        arabic_snapshot, tmp_path: Path, fmt: str) -> None:
    options = ExportOptions(format=fmt, style="review", anonymise=True)
    document, anonymiser = build_document(arabic_snapshot, options)

    def check(data: bytes) -> None:
        anonymiser.check(file_text(data, fmt))

    path = write_document(document, tmp_path / f"a.{fmt}", fmt, verify=check)
    text = file_text(path.read_bytes(), fmt)
    assert "عمران" not in text and visual("عمران") not in text
    assert "Father seen with Baby M" in text

    document.sections[0].blocks.append(Paragraph("Left behind: عمران"))
    with pytest.raises(AnonymisationLeak):
        write_document(document, tmp_path / f"b.{fmt}", fmt, verify=check)
    assert not (tmp_path / f"b.{fmt}").exists()
