"""The father of the source review's §9.7 case, recorded through the real form widgets.

"A long history of cannabis abuse" since before he was 10, voices telling him to harm others,
chronic sleep disturbance, poor compliance with medication, very erratic engagement with mental
health services, discussed more than once at the GP safeguarding meeting with no referral —
every item in structured fields, and two sources that disagree about his cannabis use (the GP's
verified record of daily use, his own "only at weekends"). Saved, reopened from the encrypted
file, exported to Word and PDF and read back.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QPushButton, QWidget

from app.carers.record_form import ManRecordForm
from app.carers.view import CarersView
from app.operations.export import export_case
from app.operations.roles import link_in
from app.session import CaseSession
from exports.document import ExportFormat, ExportOptions, ExportStyle
from exports.file_text import docx_text, pdf_text
from forms.completeness import check_case
from forms.factor_map import Presence, factor_map
from forms.record import load_facts
from storage.carers import CarerRole, FactBasis, FactStatus
from storage.casefile import CaseFile
from storage.dates import PartialDate
from storage.people import Person, Sex


def _choose(combo: QComboBox, data: object) -> None:
    index = combo.findData(data)
    assert index >= 0, (combo.objectName(), data)
    combo.setCurrentIndex(index)
    combo.activated.emit(index)  # what a user's pick emits


def _type(qtbot, line: QLineEdit, text: str) -> None:
    line.clear()
    qtbot.keyClicks(line, text)


def _click(qtbot, button: QPushButton) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def _in(parent: QWidget, cls: type, name: str):  # noqa: ANN202 - any widget class
    found = parent.findChild(cls, name)
    assert found is not None, name
    return found


def _fill_substance(qtbot, form: ManRecordForm, name: str, frequency: str) -> None:
    editor = _in(form, QWidget, name)
    _click(qtbot, _in(editor, QPushButton, f"{name}:add"))
    _choose(_in(editor, QComboBox, "substance:combo"), "cannabis")
    _choose(_in(editor, QComboBox, "current:combo"), "current")
    _choose(_in(editor, QComboBox, "frequency:combo"), frequency)
    _choose(_in(editor, QComboBox, "age_started:bound"), "before")
    _type(qtbot, _in(editor, QLineEdit, "age_started:text"), "10")


def _provenance(qtbot, form: ManRecordForm, name: str, source: str, learned: str,
                basis: FactBasis) -> None:
    _type(qtbot, _in(form, QLineEdit, f"{name}:source"), source)
    _type(qtbot, _in(form, QLineEdit, f"{name}:learned"), learned)
    _choose(_in(form, QComboBox, f"{name}:basis"), basis)


def record_father(qtbot, form: ManRecordForm) -> None:
    """Everything the §9.7 case says, as a practitioner would type it."""
    _type(qtbot, form.default.source, "GP records")
    _type(qtbot, form.default.learned, "12/03/2026")
    _choose(form.default.basis, FactBasis.VERIFIED_RECORD)

    # Substance use: the GP's verified record (daily) and his own account (weekends only).
    form.show_section("substance_use")
    _fill_substance(qtbot, form, "substance_use.substances", "daily")
    _click(qtbot, _in(form, QPushButton, "substance_use.substances:add_statement"))
    _fill_substance(qtbot, form, "substance_use.substances#1", "weekends")
    _provenance(qtbot, form, "substance_use.substances#1", "Him, at the home visit",
                "02/04/2026", FactBasis.SELF_REPORTED)
    _choose(_in(form, QComboBox, "substance_use.level:combo"), "addiction")
    _type(qtbot, _in(form, QLineEdit, "substance_use.notes:text"),
          "A long history of cannabis abuse (GP, 2013)")

    # History: young father (about 19), known to children's services as a parent elsewhere.
    _choose(_in(form, QComboBox, "history.age_at_fatherhood:bound"), "about")
    _type(qtbot, _in(form, QLineEdit, "history.age_at_fatherhood:text"), "19")
    _choose(_in(form, QComboBox, "history.known_to_csc:combo"), "yes")
    csc = _in(form, QWidget, "history.csc_involvement")
    _click(qtbot, _in(csc, QPushButton, "history.csc_involvement:add"))
    _choose(_in(csc, QComboBox, "as:combo"), "as_parent")
    _choose(_in(csc, QComboBox, "authority:combo"), "other_authority")
    _type(qtbot, _in(csc, QLineEdit, "authority_name:text"), "Southvale")
    _choose(_in(csc, QComboBox, "level:combo"), "referral")
    _choose(_in(csc, QComboBox, "when:bound"), "between")
    _type(qtbot, _in(csc, QLineEdit, "when:text"), "2013")
    _type(qtbot, _in(csc, QLineEdit, "when:to"), "2014")
    _type(qtbot, _in(form, QLineEdit, "history.notes:text"), "Risk to others noted in 2013")

    # Anger and sleep.
    _choose(_in(form, QComboBox, "anger.frustration_tolerance:combo"), "low")
    _choose(_in(form, QComboBox, "anger.any_incidents:combo"), "yes")
    _type(qtbot, _in(form, QLineEdit, "anger.notes:text"), "Aggressive, at times violent, 2018")
    _choose(_in(form, QComboBox, "sleep.chronic_problems:combo"), "yes")

    # Mental health: voices telling him to harm others, poor compliance, erratic engagement.
    _in(form, QCheckBox, "mental_health.conditions:hearing_voices").click()
    _choose(_in(form, QComboBox, "mental_health.compliance:combo"), "poor")
    _choose(_in(form, QComboBox, "mental_health.services_engagement:combo"), "erratic")
    _choose(_in(form, QComboBox, "mental_health.harm_thoughts:combo"), "yes")
    harm = _in(form, QWidget, "mental_health.harm_thoughts_details")
    _click(qtbot, _in(harm, QPushButton, "mental_health.harm_thoughts_details:add"))
    _choose(_in(harm, QComboBox, "kind:combo"), "voices")
    _in(harm, QCheckBox, "about:others").click()
    _type(qtbot, _in(harm, QLineEdit, "what:text"), "Voices telling him to harm others")
    _choose(_in(harm, QComboBox, "since:bound"), "before")
    _type(qtbot, _in(harm, QLineEdit, "since:text"), "2018")
    _in(harm, QCheckBox, "actions:nothing").click()
    _type(qtbot, _in(harm, QLineEdit, "action_details:text"),
          "Not shared with children's services")
    _type(qtbot, _in(form, QLineEdit, "mental_health.notes:text"), "Mentally unwell in 2018")

    # Engagement: discussed twice at the GP safeguarding meeting, no referral either time.
    _choose(_in(form, QComboBox, "engagement.gp_safeguarding:combo"), "yes")
    meetings = _in(form, QWidget, "engagement.gp_safeguarding_meetings")
    for n, (when, reason) in enumerate((("2018", "Managed within the practice"),
                                        ("about 2019", "Not thought to meet the threshold"))):
        _click(qtbot, _in(meetings, QPushButton, "engagement.gp_safeguarding_meetings:add"))
        item = _in(meetings, QWidget, f"engagement.gp_safeguarding_meetings:item{n}")
        _type(qtbot, _in(item, QLineEdit, "on:text"), when)
        _choose(_in(item, QComboBox, "outcome:combo"), "no_referral")
        _type(qtbot, _in(item, QLineEdit, "reason:text"), reason)
    _choose(_in(form, QComboBox, "engagement.contacted:combo"), "no")


def _open_father(qtbot, case: CaseFile) -> tuple[CaseSession, ManRecordForm]:
    session = CaseSession(case)
    view = CarersView(session)
    qtbot.addWidget(view)
    man = next(m.person_id for m in view.men_model.men)
    return session, view.open_man(man).form


def test_section_9_7_father_through_the_form(qtbot, new_case, case_path, passphrase,
                                             tmp_path) -> None:
    with new_case.transaction("Family") as tx:
        baby = tx.add(Person("Baby", "F", sex=Sex.FEMALE, is_index_child=True))
        dad = tx.add(Person("Daniel", "Reyes", sex=Sex.MALE))
        link_in(tx, baby, CarerRole.BIRTH_FATHER, dad, "Sam")
    session, form = _open_father(qtbot, new_case)
    record_father(qtbot, form)
    rows = form.rows["substance_use.substances"]
    assert [r.disagree.isVisibleTo(form) for r in rows.statements] == [True, True]
    assert form.save(), form.error.text()
    assert len(session.history) == 1
    assert "1 disagree" in form.tabs.tabText(1)
    # After the save the form shows both statements again, each marked.
    rows = form.rows["substance_use.substances"]
    assert len(rows.statements) == 2 and rows.disagrees
    session.close()

    with CaseFile.open(case_path, passphrase) as case:
        answers = load_facts(case, dad)
        sub = answers["substance_use.substances"]
        assert sub.disagree
        gp, him = sub.statements
        assert gp.value == [{"substance": "cannabis", "current": "current", "frequency": "daily",
                             "age_started": {"bound": "before", "value": 10}}]
        assert (gp.source, gp.learned_on, gp.basis) == ("GP records", PartialDate(2026, 3, 12),
                                                        FactBasis.VERIFIED_RECORD)
        assert him.value[0]["frequency"] == "weekends"
        assert (him.source, him.learned_on, him.basis) == (
            "Him, at the home visit", PartialDate(2026, 4, 2), FactBasis.SELF_REPORTED)
        assert answers["history.age_at_fatherhood"].value == {"bound": "about", "value": 19}
        assert answers["history.csc_involvement"].value == [{
            "as": "as_parent", "authority": "other_authority", "authority_name": "Southvale",
            "level": "referral", "when": {"bound": "between", "value": "2013", "to": "2014"}}]
        assert answers["mental_health.compliance"].value == "poor"
        assert answers["mental_health.services_engagement"].value == "erratic"
        assert answers["mental_health.harm_thoughts"].value == "yes"
        assert answers["mental_health.harm_thoughts_details"].value == [{
            "kind": "voices", "about": ["others"], "what": "Voices telling him to harm others",
            "since": {"bound": "before", "value": "2018"}, "actions": ["nothing"],
            "action_details": "Not shared with children's services"}]
        assert answers["engagement.gp_safeguarding_meetings"].value == [
            {"on": "2018", "outcome": "no_referral", "reason": "Managed within the practice"},
            {"on": "~2019", "outcome": "no_referral",
             "reason": "Not thought to meet the threshold"}]
        for key in ("history.notes", "substance_use.notes", "anger.notes", "mental_health.notes"):
            assert answers[key].status is FactStatus.ANSWERED, key
        groups = {g.section: g for g in factor_map(answers)}
        assert groups["mental_health"].presence is Presence.PRESENT
        assert "Takes medication as prescribed?" in groups["mental_health"].shown_by
        assert groups["substance_use"].disagreements
        man = check_case(case).men[0]
        assert [g.key for g in man.sources_disagree] == ["substance_use.substances"]
        assert "substance_use.substances" not in {g.key for g in man.self_report_only}

        # Reopened in the form: both sources are back, each with its own provenance.
        session, form = _open_father(qtbot, case)
        assert form.findChild(QLineEdit, "substance_use.substances#1:source").text() == \
            "Him, at the home visit"
        assert form.rows["substance_use.substances"].disagrees
        assert form.findChild(QComboBox, "history.age_at_fatherhood:bound").currentData() == \
            "about"
        session.history.clear()

        texts = {}
        for fmt in (ExportFormat.DOCX, ExportFormat.PDF):
            out = tmp_path / f"court.{fmt.value}"
            export_case(case, ExportOptions(format=fmt, style=ExportStyle.COURT), out)
            data = out.read_bytes()
            texts[fmt] = " ".join((docx_text(data) if fmt is ExportFormat.DOCX
                                   else pdf_text(data)).split())
    for fmt, text in texts.items():
        for expected in ("how often: Daily", "how often: Weekends", "sources disagree",
                         "Substances used (another source)", "Him, at the home visit",
                         "age started: before age 10", "about 19 years",
                         "Voices telling him to", "since when: before 2018",
                         "No referral", "Managed within the practice", "Poor", "Erratic",
                         "As a parent", "between 2013 and 2014"):
            assert expected in text, (fmt, expected)
