"""The request letter read back from real .docx and .pdf files written from an encrypted case:
the prompts and his identifiers are there; the mother's and the children's names are not,
unless the practitioner ticked them; the protective marking is on every page."""

from __future__ import annotations

import datetime as dt

import pdfplumber
import pytest
from docx import Document as Docx

from app.operations import requests as ops
from forms.requests import PROMPTS_BY_KEY, default_prompts
from storage.chronology_store import agency_by_name
from storage.errors import CaseError
from storage.ids import AgencyId, PersonId, RequestId
from storage.requests import AgencyKind
from storage.requests_store import all_requests, get_request

LIAM, MOTHER, FREYA, MASON = PersonId(4), PersonId(2), PersonId(1), PersonId(7)
OTHERS = ("Katarzyna", "Nowak", "Kasia", "Freya", "Mason")


def docx_text(path) -> str:
    doc = Docx(str(path))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.extend(c.text for c in row.cells)
    for section in doc.sections:
        parts.extend(p.text for p in section.header.paragraphs)
        parts.extend(p.text for p in section.footer.paragraphs)
    return "\n".join(parts)


def pdf_pages(path) -> list[str]:
    with pdfplumber.open(path) as pdf:
        return [page.extract_text() or "" for page in pdf.pages]


def make(case, agency="GP", **kw) -> RequestId:
    ops.add_information_request(case, ops.RequestDraft(
        LIAM, AgencyId(agency_by_name(case, agency).id), basis="Consent given", **kw))
    return RequestId(max(r.id for r in all_requests(case)))


@pytest.mark.parametrize("suffix", ["docx", "pdf"])
def test_letter_has_prompts_and_his_identifiers_and_nobody_else(demo_case, tmp_path, suffix):
    rid = make(demo_case, nhs_number="9434765919", questions=["Is he registered with you?"])
    out, change = ops.write_letter(demo_case, rid, tmp_path / f"letter.{suffix}",
                                   today=dt.date(2026, 5, 1))
    if suffix == "docx":
        text = docx_text(out)
        pages = [text]
    else:
        pages = pdf_pages(out)
        text = "\n".join(pages)
    flat = " ".join(text.split())
    for key in default_prompts(AgencyKind.GP):
        assert " ".join(PROMPTS_BY_KEY[key].text.split()) in flat
    assert "Is he registered with you?" in flat
    for identifier in ("Liam Carter", "07/01/1998", "14 Larch Close, Eastbridge EB4 2QT",
                       "943 476 5919", "Consent given"):
        assert identifier in flat
    for other in OTHERS:
        assert other not in flat, other
    # Due ten working days after the letter's date, Fri 1 May 2026: the early May bank
    # holiday (Mon 4th) is not counted, so Mon 18 May rather than Fri 15th.
    assert "18/05/2026" in flat and "15/05/2026" not in flat
    if suffix == "pdf":
        assert len(pages) >= 2 and all("OFFICIAL-SENSITIVE" in page for page in pages)
    else:
        assert "OFFICIAL-SENSITIVE" in text
    assert get_request(demo_case, rid).letter_written_on == dt.date(2026, 5, 1)
    assert change is not None


def test_ticked_people_are_named_and_only_they(demo_case, tmp_path):
    rid = make(demo_case, include_people=[MOTHER])
    out, _ = ops.write_letter(demo_case, rid, tmp_path / "letter.pdf")
    flat = " ".join(" ".join(pdf_pages(out)).split())
    assert "Katarzyna Nowak" in flat and "02/08/2003" in flat
    assert "Freya" not in flat and "Mason" not in flat


def test_police_letter_has_no_nhs_number(demo_case, tmp_path):
    rid = make(demo_case, agency="Police", nhs_number="9434765919")
    out, _ = ops.write_letter(demo_case, rid, tmp_path / "police.docx")
    text = docx_text(out)
    assert "Clare's Law" in text and "943 476 5919" not in text


def test_a_withdrawn_request_writes_no_letter(demo_case, tmp_path):
    rid = make(demo_case)
    ops.withdraw(demo_case, rid)
    with pytest.raises(CaseError, match="withdrawn"):
        ops.write_letter(demo_case, rid, tmp_path / "letter.pdf")
    assert not (tmp_path / "letter.pdf").exists()
