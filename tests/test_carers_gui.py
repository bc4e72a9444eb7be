"""The male-carers view driven through real widgets offscreen (pytest-qt)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit, QPushButton, QRadioButton

from app.carers.role_dialog import RoleDialog
from app.carers.screening_dialog import ScreeningDialog
from app.carers.view import CarersView
from app.operations.roles import link_in
from app.session import CaseSession
from forms.record import load_facts
from storage.carers import CarerRole, FactBasis, FactStatus, ScreeningResult
from storage.casefile import CaseFile
from storage.dates import PartialDate
from storage.errors import InvalidValue
from storage.people import Person, Sex


def _choose(combo: QComboBox, data: object) -> None:
    index = combo.findData(data)
    assert index >= 0, data
    combo.setCurrentIndex(index)
    combo.activated.emit(index)  # what a user's pick emits; setCurrentIndex alone does not


def _type(qtbot, line: QLineEdit, text: str) -> None:
    line.clear()
    qtbot.keyClicks(line, text)


def _family(case: CaseFile) -> tuple[int, int]:
    with case.transaction("Family") as tx:
        baby = tx.add(Person("Freya", "N", sex=Sex.FEMALE, is_index_child=True))
        man = tx.add(Person("Liam", "Carter", sex=Sex.MALE))
    return baby, man


def test_fill_substance_use_save_reopen_finds_values_with_provenance(
    qtbot, new_case, case_path, passphrase
) -> None:
    baby, man = _family(new_case)
    with new_case.transaction("Link") as tx:
        link_in(tx, baby, CarerRole.STEP_FATHER, man, "Sam")
    session = CaseSession(new_case)
    view = CarersView(session)
    qtbot.addWidget(view)
    page = view.open_man(man)
    form = page.form
    form.show_section("substance_use")
    _type(qtbot, form.default.source, "Drug and alcohol service")
    _type(qtbot, form.default.learned, "20/05/2026")
    _choose(form.default.basis, FactBasis.VERIFIED_RECORD)

    lst = form.findChild(QPushButton, "substance_use.substances:add")
    qtbot.mouseClick(lst, Qt.MouseButton.LeftButton)
    _choose(form.findChild(QComboBox, "substance:combo"), "cannabis")
    _choose(form.findChild(QComboBox, "current:combo"), "current")
    _choose(form.findChild(QComboBox, "frequency:combo"), "daily")
    _type(qtbot, form.findChild(QLineEdit, "amount:text"), "a quarter ounce a day")
    _type(qtbot, form.findChild(QLineEdit, "quantity:amount"), "7")
    _type(qtbot, form.findChild(QLineEdit, "weekly_cost_gbp:text"), "300-400")
    _type(qtbot, form.findChild(QLineEdit, "age_started:text"), "14")
    _choose(form.findChild(QComboBox, "treatment_referral:combo"), "yes")
    _choose(form.findChild(QComboBox, "treatment_attended:combo"), "no")
    # A field with its own provenance: his own account, learned on another day.
    _choose(form.findChild(QComboBox, "substance_use.level:combo"), "misuse")
    _type(qtbot, form.findChild(QLineEdit, "substance_use.level:source"), "Liam Carter")
    _type(qtbot, form.findChild(QLineEdit, "substance_use.level:learned"), "June 2026")
    _choose(form.findChild(QComboBox, "substance_use.level:basis"), FactBasis.SELF_REPORTED)
    # "Not asked" is an answer of its own, not "no".
    _choose(form.findChild(QComboBox, "anger.any_incidents:status"), FactStatus.NOT_ASKED)
    assert (
        form.findChild(QComboBox, "substance_use.substances:status").currentData()
        == FactStatus.ANSWERED
    )  # editing the list marked it answered

    qtbot.mouseClick(form.findChild(QPushButton, "save"), Qt.MouseButton.LeftButton)
    assert form.error.text() == ""
    assert len(session.history) == 1
    badge = view.men_model.data(view.men_model.index(0, view.men_model.RECORD))
    assert badge.startswith("1 of ")
    factor = page.factors.item(1, 1).text() + page.factors.item(1, 2).text()
    assert factor.startswith("Present") and "Substances used" in factor
    view.close()
    session.close()

    with CaseFile.open(case_path, passphrase) as case:
        facts = load_facts(case, man)
        sub = facts["substance_use.substances"]
        assert sub.value == [
            {
                "substance": "cannabis",
                "current": "current",
                "frequency": "daily",
                "amount": "a quarter ounce a day",
                "quantity": {"amount": 7, "unit": "grams"},
                "weekly_cost_gbp": {"low": 300, "high": 400},
                "age_started": 14,
                "treatment_referral": "yes",
                "treatment_attended": "no",
            }
        ]
        assert (sub.source, sub.learned_on, sub.basis) == (
            "Drug and alcohol service",
            PartialDate(2026, 5, 20),
            FactBasis.VERIFIED_RECORD,
        )
        level = facts["substance_use.level"]
        assert (level.value, level.source, level.learned_on, level.basis) == (
            "misuse",
            "Liam Carter",
            PartialDate(2026, 6),
            FactBasis.SELF_REPORTED,
        )
        assert facts["anger.any_incidents"].status is FactStatus.NOT_ASKED
        assert "sleep.typical_hours" not in facts  # untouched fields are not invented


def test_save_refuses_bad_input_inline_and_undo_reverts(qtbot, new_case) -> None:
    _, man = _family(new_case)
    session = CaseSession(new_case)
    view = CarersView(session)
    qtbot.addWidget(view)
    form = view.open_man(man).form
    _type(qtbot, form.findChild(QLineEdit, "sleep.typical_hours:text"), "lots")
    _type(qtbot, form.default.source, "Liam")
    _choose(form.default.basis, FactBasis.SELF_REPORTED)
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert "not a number of hours" in form.error.text()
    assert len(session.history) == 0
    _type(qtbot, form.findChild(QLineEdit, "sleep.typical_hours:text"), "4")
    assert form.save()
    assert load_facts(new_case, man)["sleep.typical_hours"].value == 4
    session.undo()
    assert load_facts(new_case, man) == {}
    assert form.findChild(QLineEdit, "sleep.typical_hours:text").text() == ""  # view refreshed
    session.redo()
    assert form.findChild(QLineEdit, "sleep.typical_hours:text").text() == "4"


def test_banner_persists_until_every_role_is_addressed(qtbot, new_case, tmp_path) -> None:
    baby, man = _family(new_case)
    session = CaseSession(new_case)
    view = CarersView(session)
    qtbot.addWidget(view)
    view.resize(1300, 850)
    view.show()
    assert view.banner.isVisible() and "5 male-carer roles not addressed" in view.banner.text()
    assert view.roles_model.rowCount() == 5

    dialog = view.role_dialog(0)  # birth father: the man already in the case
    assert isinstance(dialog, RoleDialog)
    dialog.findChild(QRadioButton, "existing").setChecked(True)
    _choose(dialog.findChild(QComboBox, "person"), man)
    view.apply_role(dialog)
    assert "4 male-carer roles" in view.banner.text()

    dialog = view.role_dialog(1)
    dialog.findChild(QRadioButton, "not_known").setChecked(True)
    dialog.accept()  # no reason or efforts: refused, stays open
    assert "reason" in dialog.error.text() and dialog.result() == 0
    dialog.findChild(QPlainTextEdit, "reason").setPlainText("Mother will not say who visits.")
    dialog.findChild(QPlainTextEdit, "efforts").setPlainText("Asked at home visit 03/06/2026.")
    view.apply_role(dialog)

    dialog = view.role_dialog(3)
    dialog.findChild(QRadioButton, "new").setChecked(True)
    dialog.findChild(QLineEdit, "given_names").setText("Kyle")
    view.apply_role(dialog)
    assert view.men_model.rowCount() == 2
    for row in (2, 4):
        dialog = view.role_dialog(row)
        dialog.findChild(QRadioButton, "none").setChecked(True)
        dialog.findChild(QPlainTextEdit, "reason").setPlainText("No such man.")
        dialog.findChild(QPlainTextEdit, "efforts").setPlainText("Asked mother and HV.")
        view.apply_role(dialog)
    assert not view.banner.isVisible()
    assert [s.addressed for _, s in view.roles_model.rows] == [True] * 5
    # The role is read by what fills it: the declaration in words, before the status.
    assert view.roles_model.data(view.roles_model.index(1, 2)).startswith("Declared not known")
    view.open_man(man)
    view.grab().save(str(tmp_path / "view.png"))
    session.undo()  # the last declaration
    assert view.banner.isVisible() and "Other male carer" in view.banner.text()


def test_screening_dialog_scores_beside_band_and_stores(qtbot, new_case) -> None:
    _, man = _family(new_case)
    session = CaseSession(new_case)
    view = CarersView(session)
    qtbot.addWidget(view)
    page = view.open_man(man)
    dialog = ScreeningDialog(man, "Liam Carter", "Sam Okafor")
    qtbot.addWidget(dialog)
    _choose(dialog.instrument, "gad7")
    assert "7 items not answered" in dialog.result.text()
    assert "Pfizer" in dialog.licence.text()
    for n, score in enumerate([2, 2, 2, 2, 1, 1, 1], start=1):
        dialog.items[f"q{n}"].setCurrentIndex(dialog.items[f"q{n}"].findData(score))
    assert dialog.result.text() == "GAD-7 11 / 21 — moderate"
    # The one date grammar reads "June 2026", but a screening needs its whole day.
    dialog.on.setText("June 2026")
    with pytest.raises(InvalidValue, match="Date administered: 'June 2026' gives no day"):
        dialog.action()
    dialog.on.setText("03/06/26")
    dialog.action()
    dialog.on.setText("03/06/2026")
    page.apply_screening(dialog)
    stored = new_case.all(ScreeningResult)
    assert [(s.instrument, s.total, s.band) for s in stored] == [("gad7", 11, "moderate")]
    assert "GAD-7 11 / 21 — moderate · 03/06/2026, Sam Okafor" in page.screenings.text()


def test_panel_plugin_and_demo_view(qtbot, demo_case) -> None:
    from app.panels import available_panels

    panel = next(m for m in available_panels() if m.__name__.endswith(".carers"))
    assert panel.TITLE == "Men"
    session = CaseSession(demo_case)
    widget = panel.create(session)
    qtbot.addWidget(widget)
    assert not widget.banner.isVisible()  # every demo role is addressed
    names = [m.name for m in widget.men_model.men]
    assert names == ["Daniel Price", "Liam Carter"]
    page = widget.open_man(widget.men_model.men[1].person_id)
    rows = page.form.rows
    assert rows["sleep.typical_hours"].editor.value() == "4"
    assert rows["sleep.typical_hours"].provenance.basis.currentData() == FactBasis.SELF_REPORTED
    assert rows["domestic_abuse.police_callouts"].status.currentData() == FactStatus.NOT_KNOWN
    assert not rows["domestic_abuse.police_callouts"].editor.isEnabled()
    assert len(rows["substance_use.substances"].editor.rows) == 2
    assert CarerRole.OTHER_MALE_CARER.label in widget.roles_model.rows[4][1].label


def test_unsaved_answers_survive_a_role_change(qtbot, new_case) -> None:
    _, man = _family(new_case)
    session = CaseSession(new_case)
    view = CarersView(session)
    qtbot.addWidget(view)
    form = view.open_man(man).form
    _type(qtbot, form.findChild(QLineEdit, "strengths.strengths:text"), "Loves the baby")
    dialog = view.role_dialog(0)
    dialog.findChild(QRadioButton, "existing").setChecked(True)
    _choose(dialog.findChild(QComboBox, "person"), man)
    view.apply_role(dialog)
    assert view.men_model.rowCount() == 1
    assert form.findChild(QLineEdit, "strengths.strengths:text").text() == "Loves the baby"


def test_a_wrongly_linked_man_can_be_taken_out_of_a_role(qtbot, new_case) -> None:
    baby, man = _family(new_case)
    with new_case.transaction("Link") as tx:
        link_in(tx, baby, CarerRole.BIRTH_FATHER, man, "Sam")
    session = CaseSession(new_case)
    view = CarersView(session)
    qtbot.addWidget(view)
    assert "4 male-carer roles" in view.banner.text()
    form = view.open_man(man).form
    assert form.tabs.tabText(0) == "History (6 to do)"
    dialog = view.role_dialog(0)
    assert dialog.linked.count() == 1 and dialog.linked.currentText() == "Liam Carter"
    dialog.findChild(QRadioButton, "remove").setChecked(True)
    view.apply_role(dialog)
    assert "5 male-carer roles" in view.banner.text()
    assert view.men_model.rowCount() == 0


def test_read_only_case_cannot_be_edited(qtbot, new_case, case_path, passphrase) -> None:
    _, man = _family(new_case)
    new_case.close()
    case = CaseFile.open(case_path, passphrase, read_only=True)
    session = CaseSession(case)
    view = CarersView(session)
    qtbot.addWidget(view)
    page = view.open_man(man)
    assert not page.form.save_button.isEnabled() and not page.screen_button.isEnabled()
    assert not view.role_button.isEnabled()
    session.close()


def test_changing_an_answer_drops_the_old_answers_source(qtbot, demo_case) -> None:
    session = CaseSession(demo_case)
    view = CarersView(session)
    qtbot.addWidget(view)
    liam = next(m.person_id for m in view.men_model.men if m.name == "Liam Carter")
    form = view.open_man(liam).form
    hours = form.findChild(QLineEdit, "sleep.typical_hours:text")
    assert form.findChild(QLineEdit, "sleep.typical_hours:source").text() == "Liam Carter"
    _type(qtbot, hours, "6")
    assert form.findChild(QLineEdit, "sleep.typical_hours:source").text() == ""
    _type(qtbot, form.default.source, "GP letter")
    _type(qtbot, form.default.learned, "01/07/2026")
    _choose(form.default.basis, FactBasis.VERIFIED_RECORD)
    assert form.save()
    facts = load_facts(demo_case, liam)
    fact = facts["sleep.typical_hours"]
    assert (fact.value, fact.source, fact.learned_on, fact.basis) == (
        6,
        "GP letter",
        PartialDate(2026, 7, 1),
        FactBasis.VERIFIED_RECORD,
    )
    # Untouched answers keep their own provenance.
    assert facts["anger.frustration_tolerance"].source == "Mother"
    assert len(session.history) == 1
