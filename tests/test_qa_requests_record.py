"""Defects found trying information requests (issue 14) and the man's record (issue 16) as a
social worker, a review author and an analyst would — each test failed before its fix.

Real encrypted cases (the demo, written to tmp_path), real files read back.
"""

from __future__ import annotations

import datetime as dt

import pytest

from app.operations import requests as ops
from forms.record import load_facts
from storage.carers import FactBasis
from storage.chronology_store import agency_by_name
from storage.errors import CaseError
from storage.ids import AgencyId, PersonId, RequestId
from storage.requests import RequestStatus
from storage.requests_store import all_requests, get_request

DANIEL = PersonId(3)  # the demo's birth father
LIAM = PersonId(4)  # the demo's mother's partner
SENT = dt.date(2026, 3, 2)
ANSWERED = dt.date(2026, 3, 9)


def agency(case, name: str) -> AgencyId:
    return AgencyId(agency_by_name(case, name).id)


def sent_request(case, person: PersonId, agency_name: str, **kw) -> RequestId:
    ops.add_information_request(case, ops.RequestDraft(
        person, agency(case, agency_name), basis="Consent given", **kw))
    rid = RequestId(max(r.id for r in all_requests(case)))
    ops.mark_sent(case, rid, SENT, "Secure email")
    return rid


# An agency's answer to what it was asked reaches the fields issue 16 added ----------------
def test_a_gp_answer_records_voices_about_harming_others_and_the_safeguarding_meeting(
        demo_case):
    # §9.7: the GP record held "hearing voices telling him to harm others" and two safeguarding
    # meeting discussions with no referral. The GP prompts ask exactly that, but the answer was
    # refused: "mental_health.harm_thoughts is not something request 1 asked about".
    rid = sent_request(demo_case, DANIEL, "GP",
                       prompts=["gp.mental_health", "gp.safeguarding"])
    ops.record_reply(demo_case, rid, ANSWERED, summary="Voices; discussed twice, no referral",
                     facts=[
                         ops.AgencyFact("mental_health.harm_thoughts", "yes"),
                         ops.AgencyFact("mental_health.harm_thoughts_details", [{
                             "kind": "voices", "about": ["others"],
                             "what": "Voices telling him to harm others"}]),
                         ops.AgencyFact("mental_health.services_engagement", "erratic"),
                         ops.AgencyFact("engagement.gp_safeguarding", "yes"),
                         ops.AgencyFact("engagement.gp_safeguarding_meetings", [
                             {"on": "2018", "outcome": "no_referral",
                              "reason": "Managed within the practice"}]),
                     ])
    facts = load_facts(demo_case, DANIEL)
    for key in ("mental_health.harm_thoughts", "engagement.gp_safeguarding",
                "engagement.gp_safeguarding_meetings", "mental_health.services_engagement"):
        statement = facts[key].statements[0]
        assert (statement.source, statement.basis) == ("GP", FactBasis.VERIFIED_RECORD), key
    assert facts["mental_health.harm_thoughts"].value == "yes"


def test_a_previous_authority_answer_records_that_he_is_known_to_childrens_services(
        demo_case):
    # The prompt asks "whether he is known to your children's services, as a child or as a
    # parent", but the record's own field for that (history.known_to_csc) was refused.
    rid = sent_request(demo_case, LIAM, "Children's social care", kind=_previous_la(),
                       prompts=["previous_la.known"])
    ops.record_reply(demo_case, rid, ANSWERED, facts=[
        ops.AgencyFact("history.known_to_csc", "yes"),
        ops.AgencyFact("history.csc_involvement", [
            {"as": "as_child", "authority": "other_authority", "level": "cp"}]),
    ])
    facts = load_facts(demo_case, LIAM)
    assert facts["history.known_to_csc"].value == "yes"
    assert facts["history.csc_involvement"].statements[0].basis is FactBasis.VERIFIED_RECORD


def _previous_la():
    from storage.requests import AgencyKind

    return AgencyKind.PREVIOUS_LA


def test_every_prompt_fills_only_real_fields_and_the_gp_set_reaches_the_97_fields():
    from forms.male_carer import MALE_CARER_FORM
    from forms.requests import PROMPTS_BY_KEY, answer_fields, default_prompts
    from storage.requests import AgencyKind

    for prompt in PROMPTS_BY_KEY.values():
        for key in prompt.fields:
            assert MALE_CARER_FORM.has_field(key), (prompt.key, key)
    sirs = set(answer_fields(default_prompts(AgencyKind.GP)))
    assert {"mental_health.harm_thoughts", "mental_health.harm_thoughts_details"} <= sirs


def test_the_answer_dialog_offers_the_harm_thoughts_question_for_a_gp(qtbot, demo_case):
    from app.requests.widget import AnswerDialog
    from forms.requests_report import requests_overview

    rid = sent_request(demo_case, DANIEL, "GP")
    line = next(x for x in requests_overview(demo_case).of_person(DANIEL) if x.id == rid)
    dialog = AnswerDialog(line)
    qtbot.addWidget(dialog)
    assert "mental_health.harm_thoughts" in dialog.keys


# An answer must say something ---------------------------------------------------------------
def test_an_answer_that_says_nothing_is_refused_and_nothing_is_written(demo_case):
    # Recording "answered" with no summary and no fact wrote the GP fact "Answered; see the
    # facts recorded from the GP." — verified from a record, pointing at facts that did not
    # exist — and closed the request.
    rid = sent_request(demo_case, DANIEL, "GP")
    before = demo_case.last_txn()
    with pytest.raises(CaseError, match="what GP answered"):
        ops.record_reply(demo_case, rid, ANSWERED)
    assert demo_case.last_txn() == before
    assert get_request(demo_case, rid).status is RequestStatus.SENT
    assert "engagement.gp_info_answer" not in load_facts(demo_case, DANIEL)
    # A summary alone, or "nothing held", is an answer.
    ops.record_reply(demo_case, rid, ANSWERED, summary="No concerns recorded.")
    assert load_facts(demo_case, DANIEL)["engagement.gp_info_answer"].value == \
        "No concerns recorded."


# Deleting a man who has requests ------------------------------------------------------------
def test_deleting_a_man_with_requests_takes_them_with_him_and_undo_brings_them_back(
        demo_case):
    # The genogram's Delete failed with "FOREIGN KEY constraint failed" (a raw IntegrityError,
    # not a message) for any man of whom an agency had been asked.
    from app.operations.history import History
    from app.operations.people import remove_people
    from storage.people import Person

    rid = sent_request(demo_case, DANIEL, "GP")
    ops.chase(demo_case, rid, ANSWERED, "Telephone")
    ops.add_information_request(demo_case, ops.RequestDraft(
        LIAM, agency(demo_case, "Police"), basis="Consent given", include_people=[DANIEL]))
    liams = max(r.id for r in all_requests(demo_case))
    history = History()
    history.record(remove_people(demo_case, [DANIEL]))
    assert demo_case.get(Person, DANIEL) is None
    assert [r.id for r in all_requests(demo_case)] == [liams]
    assert get_request(demo_case, liams).include_people == []
    assert ops.chases_of(demo_case, rid) == []

    history.undo(demo_case)
    assert demo_case.get(Person, DANIEL) is not None
    assert get_request(demo_case, rid).status is RequestStatus.CHASED
    assert len(ops.chases_of(demo_case, rid)) == 1
    assert get_request(demo_case, liams).include_people == [DANIEL]
