"""The review export's "Information sought" section, read back from a real .docx."""

from __future__ import annotations

import datetime as dt

from app.operations import requests as ops
from app.operations.export import export_case
from exports.document import ExportFormat, ExportOptions, ExportStyle
from storage.chronology_store import agency_by_name
from storage.ids import AgencyId, PersonId, RequestId
from storage.requests_store import all_requests
from tests.test_requests_letter import docx_text

LIAM = PersonId(4)


def test_review_lists_who_was_asked_what_and_the_answers(demo_case, tmp_path):
    case = demo_case
    for agency in ("GP", "Police"):
        ops.add_information_request(case, ops.RequestDraft(
            LIAM, AgencyId(agency_by_name(case, agency).id), basis="Consent given"))
    gp, police = (RequestId(r.id) for r in all_requests(case))
    ops.mark_sent(case, gp, dt.date(2026, 4, 1), "Secure email")
    ops.mark_sent(case, police, dt.date(2026, 4, 1), "Secure email")
    ops.record_reply(case, police, dt.date(2026, 4, 9), summary="Two call-outs in 2025.",
                     facts=[ops.AgencyFact("domestic_abuse.police_callouts", 2)])
    out = export_case(case, ExportOptions(format=ExportFormat.DOCX, style=ExportStyle.REVIEW),
                      tmp_path / "review.docx").path
    text = docx_text(out)
    assert "6. Information sought" in text
    assert "Awaited (overdue)" in text  # the GP, due 17/04/2026
    assert "Answered 09/04/2026: Two call-outs in 2025." in text
    assert "Secure email" in text and "17/04/2026" in text
    # Daniel Price was asked nothing of any health agency: the review says so.
    assert "No health agency" in text and "Daniel Price" in text


def test_anonymised_review_keeps_the_section_without_names(demo_case, tmp_path):
    case = demo_case
    ops.add_information_request(case, ops.RequestDraft(
        LIAM, AgencyId(agency_by_name(case, "GP").id), basis="Consent given"))
    ops.mark_sent(case, RequestId(all_requests(case)[-1].id), dt.date(2026, 4, 1), "Letter")
    out = export_case(case, ExportOptions(format=ExportFormat.DOCX, style=ExportStyle.REVIEW,
                                          anonymise=True), tmp_path / "anon.docx").path
    text = docx_text(out)
    assert "Information sought" in text and "Liam Carter" not in text
