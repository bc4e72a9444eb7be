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


# The request dialogs keep what was typed when a step is refused -----------------------------
def _drive_modal(qtbot, open_dialog, steps) -> dict:
    """Open a modal dialog the way a click does and act in it while it is shown."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    seen: dict = {}

    def act() -> None:
        dialog = QApplication.activeModalWidget()
        try:
            steps(dialog, seen)
        finally:
            if dialog is not None and dialog.isVisible():
                seen.setdefault("left_open", True)
                dialog.reject()

    QTimer.singleShot(0, act)
    open_dialog()
    return seen


def _ok(dialog):
    from PySide6.QtWidgets import QDialogButtonBox

    return dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)


def test_a_refused_answer_keeps_the_dialog_open_with_everything_typed(qtbot, demo_case):
    # One mistyped value ("three" call-outs) closed the answer dialog and threw away the whole
    # answer typed into it; the reason showed in small print under the table.
    from app.requests.widget import RequestsWidget
    from app.session import CaseSession

    rid = sent_request(demo_case, DANIEL, "Police")
    session = CaseSession(demo_case)
    widget = RequestsWidget(session, DANIEL)
    qtbot.addWidget(widget)
    widget.select(rid)

    def steps(dialog, seen) -> None:
        row = dialog.keys.index("domestic_abuse.police_callouts")
        dialog.editors[row].setText("three")
        dialog.summary.setPlainText("Three call-outs in 2025")
        _ok(dialog).click()
        seen["open"] = dialog.isVisible()
        seen["error"] = dialog.error.text()
        seen["kept"] = (dialog.summary.toPlainText(), dialog.editors[row].text())
        dialog.editors[row].setText("3")
        _ok(dialog).click()
        seen["closed"] = not dialog.isVisible()

    seen = _drive_modal(qtbot, widget.answer, steps)
    assert seen["open"] and "not a number of call-outs" in seen["error"]
    assert seen["kept"] == ("Three call-outs in 2025", "three")
    assert seen["closed"] and "left_open" not in seen
    assert load_facts(demo_case, DANIEL)["domestic_abuse.police_callouts"].value == 3
    assert get_request(demo_case, rid).status is RequestStatus.ANSWERED


def test_a_draft_without_a_basis_can_be_given_one_in_the_window_and_then_sent(qtbot,
                                                                            demo_case):
    # The dialog offers "(choose before sending)" for the basis, and Sent then refuses a draft
    # without one — but nothing in the window (or the CLI) could change a draft: a dead end.
    from app.requests.widget import RequestsWidget
    from app.session import CaseSession

    session = CaseSession(demo_case)
    widget = RequestsWidget(session, DANIEL)
    qtbot.addWidget(widget)
    ops.add_information_request(demo_case, ops.RequestDraft(
        DANIEL, agency(demo_case, "GP"), questions=["Is he registered with you?"],
        nhs_number="943 476 5919"))
    rid = max(r.id for r in all_requests(demo_case))
    widget.refresh()
    widget.select(rid)
    assert widget.buttons["edit"].isEnabled()

    def steps(dialog, seen) -> None:
        seen["agency_locked"] = not dialog.agency.isEnabled()
        seen["loaded"] = (dialog.questions.toPlainText(), dialog.nhs.text())
        dialog.basis.setCurrentIndex(dialog.basis.findData("Consent refused"))
        _ok(dialog).click()  # refused: consent refused needs the reason
        seen["error"] = dialog.error.text()
        dialog.basis_detail.setText("He refused; s.47 enquiry under way")
        _ok(dialog).click()
        seen["closed"] = not dialog.isVisible()

    seen = _drive_modal(qtbot, widget.edit_request, steps)
    assert seen["agency_locked"] and seen["loaded"] == ("Is he registered with you?",
                                                         "943 476 5919")
    assert "needs more" in seen["error"] and seen["closed"]
    request = get_request(demo_case, rid)
    assert (request.basis, request.basis_detail) == ("Consent refused",
                                                     "He refused; s.47 enquiry under way")
    assert request.questions == ["Is he registered with you?"]
    assert len(session.history) == 1  # the edit is one undo entry
    ops.mark_sent(demo_case, RequestId(rid), SENT, "Secure email")
    assert get_request(demo_case, rid).status is RequestStatus.SENT


# The command line ----------------------------------------------------------------------------
def test_cli_a_draft_without_a_basis_is_given_one_with_request_edit(tmp_path):
    # `request add` without --basis made a draft that `request sent` refused ("Choose the basis
    # for sharing … before sending it") with no command to choose one.
    import json

    from tests.test_cli_foundation import assert_user_error, visible

    case = str(tmp_path / "demo.vcase")
    assert visible("demo", case).returncode == 0
    assert visible("request", "add", case, "--person", "Daniel Price", "--agency",
                   "GP").returncode == 0
    assert_user_error(visible("request", "sent", case, "1", "--how", "Secure email"),
                      "Choose the basis for sharing")
    edited = visible("request", "edit", case, "1", "--basis", "Consent given",
                     "--question", "Discussed at the practice safeguarding meeting?")
    assert edited.returncode == 0, edited.stderr
    assert "Edited request 1 (GP about Daniel Price)" in edited.stdout
    listed = json.loads(visible("requests", case, "--json").stdout)[0]
    assert listed["basis"] == "Consent given"
    assert listed["prompts"][0] == "gp.violence"  # what was not given is kept
    assert listed["questions"] == ["Discussed at the practice safeguarding meeting?"]
    assert visible("request", "sent", case, "1", "--how", "Secure email").returncode == 0
    assert_user_error(visible("request", "edit", case, "1", "--basis", "Other"),
                      "cannot be changed now")


def test_cli_a_withdrawn_requests_letter_is_refused_before_it_is_shown(tmp_path):
    from tests.test_cli_foundation import assert_user_error, visible

    case = str(tmp_path / "demo.vcase")
    assert visible("demo", case).returncode == 0
    assert visible("request", "add", case, "--person", "Daniel Price", "--agency", "GP",
                   "--basis", "Consent given").returncode == 0
    assert visible("request", "withdrawn", case, "1").returncode == 0
    for extra in ((), ("--preview",)):
        result = visible("request", "letter", case, "1", "--out", str(tmp_path / "l.pdf"),
                         *extra)
        assert_user_error(result, "was withdrawn; no letter is written")
        assert "Daniel Price" not in result.stdout  # his details were printed, then refused
    assert not (tmp_path / "l.pdf").exists()


# A corrected chronology return ---------------------------------------------------------------
def _return_rows():
    return [
        (dt.datetime(2016, 5, 22), "09:30", "Daniel Price attended surgery; reported cannabis "
         "use since before he was 10.", "Advised re drug service", "Declined referral",
         "Substance use", "EMIS 2016/0522", "Daniel Price"),
        ("?22/05/2016", None, "Discussed at the GP safeguarding meeting, no referral.", "", "",
         "", "SG minutes", "Daniel Price"),
        (None,) * 8,  # a blank row the agency left
        ("May 2016", "", "Letter from mental health: hearing voices telling him to harm "
         "others.", "Filed", "", "High", "", "Daniel Price"),
    ]


def _filled(case, tmp_path, name, rows):
    import openpyxl

    from app.operations.returns import ask_for_return

    path = tmp_path / name
    if not path.exists():
        ask_for_return(case, agency(case, "GP"), path)
    book = openpyxl.load_workbook(path)
    sheet = book["Return"]
    sheet.delete_rows(2, 50)
    for r, row in enumerate(rows, start=2):
        for c, value in enumerate(row, start=1):
            sheet.cell(row=r, column=c, value=value)
    book.save(path)
    return path


def _plan(case, path):
    from forms.importers.mapping import guess_mapping
    from forms.importers.plan import build_plan
    from forms.importers.readers import read_table

    table = read_table(path)
    return build_plan(case, table, agency_by_name(case, "GP"), guess_mapping(table.headers))


def test_a_corrected_return_does_not_warn_that_its_rows_duplicate_the_ones_it_replaces(
        demo_case, tmp_path):
    # The CLI printed "3 likely duplicates … it will be imported and flagged" for the rows of
    # the earlier return the correction replaces, then "0 flagged as likely duplicates"; and
    # every row without a source reference was listed as edited ("source changed") because
    # its stand-in source names the file and row.
    from app.operations.importing import import_return, match_return
    from exports.return_template import template_token

    first = _filled(demo_case, tmp_path, "gp return.xlsx", _return_rows())
    plan = _plan(demo_case, first)
    import_return(demo_case, plan, match_return(demo_case, plan, template_token(first)))

    rows = _return_rows()
    rows[0] = rows[0][:2] + ("Daniel Price attended surgery; reported cannabis use since "
                             "before he was 10, daily.",) + rows[0][3:]
    corrected = tmp_path / "gp return corrected.xlsx"
    corrected.write_bytes(first.read_bytes())
    _filled(demo_case, tmp_path, corrected.name, rows)
    plan = _plan(demo_case, corrected)
    match = match_return(demo_case, plan, template_token(corrected))
    assert match.replaces is not None
    assert plan.summary().endswith("0 likely duplicates.")
    assert not [w for row in plan.rows for w in row.warnings if "already in the case" in
                w.message]
    assert match.diff.summary() == "0 added, 0 removed, 1 edited, 2 unchanged"
    (line,) = match.diff.lines()
    # The change is shown, not two identical 60-character beginnings.
    assert "daily" in line


# The man's record: things that happened cannot be in the future ------------------------------
@pytest.mark.parametrize(("key", "value", "said"), [
    ("engagement.gp_safeguarding_meetings",
     [{"on": "01/01/2099", "outcome": "no_referral", "reason": "Below threshold"}], "01/01/2099"),
    ("history.csc_involvement",
     [{"as": "as_child", "authority": "this_authority", "level": "cp", "when": "2099"}], "2099"),
    ("mental_health.harm_thoughts_details",
     [{"kind": "voices", "about": ["others"], "since": "after 2098"}], "after 2098"),
    ("engagement.seen", [{"by": "social_worker", "on": "12/03/2099"}], "12/03/2099"),
    ("engagement.gp_info_sought_on", "2099-03-12", "12/03/2099"),
])
def test_a_date_in_his_record_that_has_not_happened_yet_is_refused(demo_case, key, value,
                                                                   said):
    # A GP safeguarding meeting "on 01/01/2099" (a mistyped year) was saved without a word,
    # though the date each fact was learned is already refused when it is in the future.
    from app.operations.record import save_record
    from forms.record import FactInput
    from storage.dates import PartialDate

    before = demo_case.last_txn()
    fact = FactInput(key, value, source="GP records", learned_on=PartialDate(2026, 3, 1),
                     basis=FactBasis.VERIFIED_RECORD)
    with pytest.raises(CaseError, match=f"{said}.*is in the future"):
        save_record(demo_case, DANIEL, [fact])
    assert demo_case.last_txn() == before


def test_a_date_bound_that_reaches_back_into_the_past_is_kept(demo_case):
    from app.operations.record import save_record
    from forms.record import FactInput
    from storage.dates import PartialDate

    save_record(demo_case, DANIEL, [FactInput(
        "mental_health.harm_thoughts_details",
        [{"kind": "voices", "about": ["others"], "since": "before 2099"}],
        source="GP records", learned_on=PartialDate(2026, 3, 1),
        basis=FactBasis.VERIFIED_RECORD)])
    assert load_facts(demo_case, DANIEL)["mental_health.harm_thoughts_details"].value[0][
        "since"] == {"bound": "before", "value": "2099"}


# Nothing is left behind when the case cannot record what was written ------------------------
def test_a_template_is_not_left_behind_when_the_case_cannot_log_it(demo_case, tmp_path):
    # On a case opened read-only the template was written, then logging it was refused: the
    # file stayed, carrying a token the case never recorded.
    from app.operations.returns import ask_for_return
    from storage.casefile import CaseFile
    from tests.conftest import PASSPHRASE

    police = agency(demo_case, "Police")
    path = demo_case.path
    demo_case.close()
    with CaseFile.open(path, PASSPHRASE, read_only=True) as case:
        with pytest.raises(CaseError, match="read-only"):
            ask_for_return(case, police, tmp_path / "police return.xlsx")
    assert list(tmp_path.glob("police return*")) == []
    assert list(tmp_path.glob(".police return*")) == []


def test_a_letter_is_not_left_behind_when_the_case_refuses_to_record_it(demo_case, tmp_path):
    # The window's disk guard refuses a write when the file changed on disk; the letter had
    # already been written and stayed, recorded nowhere.
    from storage.errors import CaseError as Refusal

    ops.add_information_request(demo_case, ops.RequestDraft(
        DANIEL, agency(demo_case, "GP"), basis="Consent given"))
    rid = RequestId(max(r.id for r in all_requests(demo_case)))

    def changed_on_disk() -> None:
        raise Refusal("The case file was changed by another program; nothing was written.")

    demo_case.before_write.append(changed_on_disk)
    with pytest.raises(CaseError, match="changed by another program"):
        ops.write_letter(demo_case, rid, tmp_path / "letter #1.pdf")
    assert [p.name for p in tmp_path.iterdir() if "letter" in p.name] == []


def test_the_word_template_does_not_tell_the_agency_about_a_spreadsheets_warnings(demo_case,
                                                                                tmp_path):
    # Instruction 2 of the .docx said "The sheet warns on such dates: choose Yes to keep them"
    # — there is no sheet and no warning in a Word table.
    from docx import Document as Docx

    from app.operations.returns import ask_for_return

    out, _ = ask_for_return(demo_case, agency(demo_case, "Police"), tmp_path / "police.docx")
    text = "\n".join(p.text for p in Docx(str(out)).paragraphs)
    assert "?22/05/2016" in text and "May 2016" in text
    assert "sheet" not in text.lower()


# The partnership report reads only what a summary can truthfully say -------------------------
def _summary_of_demo(tmp_path, monkeypatch):
    import json

    from app.cli import main
    from app.operations.demo import create_demo
    from tests.conftest import PASSPHRASE

    case = tmp_path / "demo.vcase"
    create_demo(str(case), PASSPHRASE).close()
    monkeypatch.setenv("VISIBLE_PASSPHRASE", PASSPHRASE)
    assert main(["practice-summary", str(case), "--out", str(tmp_path / "s.json")]) == 0
    return json.loads((tmp_path / "s.json").read_text())


@pytest.mark.parametrize(("spoil", "said"), [
    (lambda s: s["men"][0].__setitem__("roles", ["astronaut"]), "a man's role"),
    (lambda s: s["roles"][0].__setitem__("role", "uncle"), "a role entry"),
    (lambda s: s["men"][0]["record"].__setitem__("recorded", 999), "record counts"),
    (lambda s: s["men"][0]["record"].__setitem__("recorded", -1), "record counts"),
    (lambda s: s["men"][0].__setitem__("contacted", "maybe"), "coded answer"),
    (lambda s: s["men"][0]["cp_conference"].__setitem__("invited", True), "coded answer"),
    (lambda s: s["men"][0]["icon"].__setitem__("hospital", "yes please"), "coded answer"),
    (lambda s: s["men"][0]["information"]["gp"].__setitem__("sought", 1), "coded answer"),
])
def test_a_summary_with_impossible_content_is_named_and_not_counted(tmp_path, capsys,
                                                                   monkeypatch, spoil, said):
    # A man in the role "astronaut" became a row of the report's By role table; "999 of 23
    # required recorded" counted as a complete record; "contacted": "maybe" counted silently
    # as not recorded.
    import json

    from app.cli import main

    summary = _summary_of_demo(tmp_path, monkeypatch)
    spoil(summary)
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "spoilt.json").write_text(json.dumps(summary))
    capsys.readouterr()
    assert main(["practice-report", str(tmp_path / "in"), "--out",
                 str(tmp_path / "r.csv")]) == 1
    err = capsys.readouterr().err
    assert "spoilt.json is not a usable practice summary" in err and said in err
    assert err.count("\n") == 1 and not (tmp_path / "r.csv").exists()
