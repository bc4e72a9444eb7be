"""An information request's whole life through a real encrypted case, and the undo of each step.

draft → sent → chased → answered (facts on his record, verified from the GP's record) — every
step one transaction, each undone in turn, the file checked after each undo.
"""

from __future__ import annotations

import datetime as dt

import pytest

from app.operations import requests as ops
from forms.record import load_facts, provenance_text
from forms.requests import default_prompts
from forms.requests_report import request_problems, requests_overview
from forms.working_days import add_working_days
from storage.carers import FactBasis, FactStatus
from storage.chronology_store import agency_by_name
from storage.errors import CaseError
from storage.ids import AgencyId, PersonId, RequestId
from storage.requests import AgencyKind, RequestStatus
from storage.requests_store import all_requests, get_request

LIAM = PersonId(4)  # the demo's mother's partner
TODAY = dt.date(2026, 5, 20)


def gp(case) -> AgencyId:
    return AgencyId(agency_by_name(case, "GP").id)


def new_request(case, **kw) -> RequestId:
    draft = ops.RequestDraft(LIAM, gp(case), basis="Section 47 Children Act 1989 (child "
                             "protection enquiry)", **kw)
    ops.add_information_request(case, draft)
    return RequestId(max(r.id for r in all_requests(case)))


def test_gp_request_defaults_to_the_sirs_prompts(demo_case):
    rid = new_request(demo_case)
    request = get_request(demo_case, rid)
    assert request.kind is AgencyKind.GP
    assert request.prompts == default_prompts(AgencyKind.GP) == [
        "gp.violence", "gp.anger", "gp.mental_health", "gp.learning_disability",
        "gp.substance_misuse",
    ]
    assert request.status is RequestStatus.DRAFT


def test_whole_life_and_undo_of_each_step(demo_case):
    case = demo_case
    rid = new_request(case)
    txns = [case.last_txn()]
    sent_on = dt.date(2026, 4, 1)
    ops.mark_sent(case, rid, sent_on, "Secure email", today=TODAY)
    txns.append(case.last_txn())
    request = get_request(case, rid)
    # Ten working days after Wed 1 April 2026, not counting Good Friday (3rd) and Easter
    # Monday (6th): Friday 17 April (a plain count of days would give Wednesday 15th).
    assert request.status is RequestStatus.SENT and request.due_on == dt.date(2026, 4, 17)
    ops.chase(case, rid, dt.date(2026, 4, 20), "Telephone", today=TODAY)
    txns.append(case.last_txn())
    assert get_request(case, rid).status is RequestStatus.CHASED
    assert [c.chased_on for c in ops.chases_of(case, rid)] == [dt.date(2026, 4, 20)]
    his_record_before = load_facts(case, LIAM)
    assert his_record_before["anger.incidents"].source != "GP"
    ops.record_reply(
        case, rid, dt.date(2026, 4, 24), summary="Long history of cannabis use; anger.",
        facts=[
            ops.AgencyFact("anger.any_incidents", "yes"),
            ops.AgencyFact("anger.incidents", "Punched a wall, A&E 2018"),
            ops.AgencyFact("substance_use.level", "misuse"),
            ops.AgencyFact("mental_health.learning_disability", status=FactStatus.NOT_KNOWN),
        ],
        today=TODAY,
    )
    txns.append(case.last_txn())
    facts = load_facts(case, LIAM)
    incident = facts["anger.incidents"]
    gp_says = [f for f in incident.statements if f.source == "GP"]
    assert len(gp_says) == 1 and gp_says[0].basis is FactBasis.VERIFIED_RECORD
    assert provenance_text(gp_says[0]) == "GP, 24/04/2026, verified from a record"
    # His own account is kept beside the GP's record (several sourced statements per answer).
    assert [f.value for f in incident.statements if f.source != "GP"] == [
        his_record_before["anger.incidents"].value]
    assert incident.verified and incident.disagree
    assert facts["engagement.gp_info_sought"].value == "yes"
    assert facts["engagement.gp_info_answer"].value == "Long history of cannabis use; anger."
    held = [f for f in facts["mental_health.learning_disability"].statements if f.source == "GP"]
    assert held[0].status is FactStatus.NOT_KNOWN
    answered = get_request(case, rid)
    assert answered.status is RequestStatus.ANSWERED
    assert answered.answered_on == dt.date(2026, 4, 24)
    assert "anger.incidents" in answered.facts_written

    # Undo each step, newest first: the file goes back one state at a time.
    case.undo(txns[3])
    assert get_request(case, rid).status is RequestStatus.CHASED
    # His own account is back exactly as it was, and the SIRS engagement answers are gone.
    assert load_facts(case, LIAM) == his_record_before
    case.undo(txns[2])
    assert get_request(case, rid).status is RequestStatus.SENT
    assert ops.chases_of(case, rid) == []
    case.undo(txns[1])
    request = get_request(case, rid)
    assert request.status is RequestStatus.DRAFT and request.sent_on is None
    case.undo(txns[0])
    assert get_request(case, rid) is None
    assert case.verify() == []


def test_refusals_of_impossible_steps_write_nothing(demo_case):
    case = demo_case
    rid = new_request(case)
    before = case.last_txn()
    with pytest.raises(CaseError, match="not been sent"):
        ops.chase(case, rid, dt.date(2026, 4, 2), today=TODAY)
    with pytest.raises(CaseError, match="before the date sent"):
        ops.mark_sent(case, rid, dt.date(2026, 4, 10), "Letter", due_on=dt.date(2026, 4, 9),
                      today=TODAY)
    with pytest.raises(CaseError, match="in the future"):
        ops.mark_sent(case, rid, dt.date(2026, 6, 10), "Letter", today=TODAY)
    ops.withdraw(case, rid, "He moved away")
    withdrawn = case.last_txn()
    with pytest.raises(CaseError, match="withdrawn; an answer to it cannot be recorded"):
        ops.record_reply(case, rid, dt.date(2026, 4, 24), today=TODAY)
    assert case.last_txn() == withdrawn != before
    with pytest.raises(CaseError, match="no person 999"):
        ops.add_information_request(case, ops.RequestDraft(PersonId(999), gp(case)))
    with pytest.raises(CaseError, match="no agency 999"):
        ops.add_information_request(case, ops.RequestDraft(LIAM, AgencyId(999)))
    with pytest.raises(CaseError, match="not a prompt for Police"):
        police = AgencyId(agency_by_name(case, "Police").id)
        ops.add_information_request(case, ops.RequestDraft(LIAM, police, prompts=["gp.anger"]))
    with pytest.raises(CaseError, match="needs more"):
        ops.add_information_request(case, ops.RequestDraft(LIAM, gp(case),
                                                           basis="Consent refused"))
    assert case.last_txn() == withdrawn


def test_overview_summary_and_check_problems(demo_case):
    case = demo_case
    rid = new_request(case)
    police = AgencyId(agency_by_name(case, "Police").id)
    ops.add_information_request(case, ops.RequestDraft(LIAM, police, basis="Consent given"))
    pid = RequestId(max(r.id for r in all_requests(case)))
    ops.mark_sent(case, rid, dt.date(2026, 4, 1), "Secure email", today=TODAY)
    ops.mark_sent(case, pid, dt.date(2026, 5, 18), "Secure email", today=TODAY)
    overview = requests_overview(case, TODAY)
    assert overview.summary(LIAM) == "asked GP · Police, 1 awaited, 1 overdue"
    problems = request_problems(case, [(LIAM, "Liam Carter"), (PersonId(3), "Daniel Price")],
                                TODAY)
    assert [line.id for line in problems.overdue] == [rid]
    assert problems.no_health_asked == [(PersonId(3), "Daniel Price")]
    assert not problems.complete


def test_nhs_number_check_digit():
    assert ops.check_nhs_number("9434765919") == "943 476 5919"
    with pytest.raises(CaseError, match="check digit"):
        ops.check_nhs_number("9434765918")
    assert ops.check_nhs_number("") == ""


def test_working_days_across_bank_holidays():
    # Christmas 2026: Fri 25 Dec, Boxing Day Sat 26 observed Mon 28 Dec.
    assert add_working_days(dt.date(2026, 12, 21), 10) == dt.date(2027, 1, 7)
    # Early May bank holiday Mon 4 May 2026.
    assert add_working_days(dt.date(2026, 5, 1), 1) == dt.date(2026, 5, 5)
    # Sent on a Saturday: counting starts on Monday, and the Spring bank holiday (Mon 25 May
    # 2026) pushes the tenth working day into June.
    assert add_working_days(dt.date(2026, 5, 16), 10) == dt.date(2026, 6, 1)
    # The 2023 Coronation bank holiday (a one-off) is counted.
    assert add_working_days(dt.date(2023, 5, 5), 1) == dt.date(2023, 5, 9)


def test_a_version_7_case_upgrades_with_the_bases_for_sharing(tmp_path, passphrase):
    from storage import schema
    from storage.case import CaseDetails
    from storage.casefile import CaseFile
    from storage.requests_store import sharing_bases

    path = tmp_path / "old.vcase"
    with CaseFile.create(path, passphrase, CaseDetails(reference="V7"), schema_version=7) as old:
        assert old.schema_version == 7
    with CaseFile.open(path, passphrase) as case:
        assert case.schema_version == schema.LATEST_VERSION
        labels = [b.label for b in sharing_bases(case)]
        assert labels[0] == "Consent given" and "Consent refused" in labels
        assert any(label.startswith("Section 47 Children Act 1989") for label in labels)
        assert all_requests(case) == []
        assert case.verify() == []


def test_the_bases_for_sharing_are_an_editable_list(demo_case):
    from storage.ids import SharingBasisId
    from storage.requests_store import sharing_bases

    case = demo_case
    ops.add_basis(case, "Court order", needs_detail=True, detail_prompt="Which order, and when")
    assert sharing_bases(case)[-1].label == "Court order"
    with pytest.raises(CaseError, match="already a basis"):
        ops.add_basis(case, "court order")
    with pytest.raises(CaseError, match="Which order"):
        ops.add_information_request(case, ops.RequestDraft(LIAM, gp(case), basis="Court order"))
    ops.add_information_request(case, ops.RequestDraft(
        LIAM, gp(case), basis="Court order", basis_detail="Interim care order, 02/03/2026"))
    made = all_requests(case)[-1]
    ops.edit_basis(case, SharingBasisId(sharing_bases(case)[-1].id), archived=True)
    assert "Court order" not in [b.label for b in sharing_bases(case)]
    # A request already made keeps the words it used.
    assert get_request(case, made.id).basis == "Court order"
    with pytest.raises(CaseError, match="not one of this case's bases"):
        ops.add_information_request(case, ops.RequestDraft(LIAM, gp(case), basis="Court order"))
