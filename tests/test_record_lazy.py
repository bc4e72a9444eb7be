"""A man's record builds a section's questions when the section is first shown (issue 18 item
5: building all nine at once froze the window for over a second when his page opened).

Real widgets (pytest-qt) on a real encrypted case. What must hold whatever is built: the tab
counts, saving (a section never shown is left as it is), drafts (building a section is not an
edit; typing in one section is kept and restored), and the Tab order.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QScrollArea, QWidget

from app.carers.record_form import ManRecordForm
from app.carers.view import CarersView
from app.operations.record import save_record
from app.session import CaseSession
from forms.male_carer import MALE_CARER_FORM
from forms.record import FactInput, load_facts
from storage.carers import FactBasis, FactStatus
from storage.casefile import CaseFile
from storage.dates import PartialDate
from storage.drafts_store import get_draft
from storage.people import Person, Sex


def _men(case: CaseFile) -> tuple[int, int]:
    with case.transaction("Family") as tx:
        tx.add(Person("Freya", "N", sex=Sex.FEMALE, is_index_child=True))
        liam = tx.add(Person("Liam", "Carter", sex=Sex.MALE))
        daniel = tx.add(Person("Daniel", "Moss", sex=Sex.MALE))
    return liam, daniel


def _fact(key: str, value: object) -> FactInput:
    return FactInput(key, value, FactStatus.ANSWERED, "GP", PartialDate(2026, 5),
                     FactBasis.VERIFIED_RECORD)


def _built(form: ManRecordForm) -> list[str]:
    """The sections whose questions exist (an unbuilt section is an empty scroll area)."""
    out = []
    for i, section in enumerate(form.form.sections):
        scroll = form.tabs.widget(i)
        assert isinstance(scroll, QScrollArea)
        if scroll.widget() is not None:
            out.append(section.key)
    return out


def _view(qtbot, session: CaseSession) -> CarersView:  # noqa: ANN001
    view = CarersView(session)
    qtbot.addWidget(view)
    view.resize(1366, 768)
    view.show()
    return view


def test_his_page_opens_without_building_his_record_and_counts_still_show(qtbot,
                                                                          new_case) -> None:
    man, other = _men(new_case)
    session = CaseSession(new_case)
    session.run(save_record, man, [_fact("sleep.typical_hours", 4)])
    view = _view(qtbot, session)
    page = view.open_man(man)  # at his summary
    assert _built(page.form) == []
    # Each section's "n to do" comes from his facts, so it is right before it is built.
    history = next(s for s in MALE_CARER_FORM.sections if s.key == "history")
    todo = sum(1 for f in history.fields if f.required)
    assert todo and f"History ({todo} to do)" in dict(page.sections())["history"]

    view.open_man(man, "sleep")
    assert _built(page.form) == ["sleep"]
    assert page.form.tabs.currentWidget().widget().isVisible()
    assert page.form.row("sleep.typical_hours").editor.line.text() == "4"
    view.open_man(man, "anger")
    assert _built(page.form) == ["anger", "sleep"]
    assert page.form.row("history.own_childhood") is not None  # asked for: its section built
    assert _built(page.form) == ["history", "anger", "sleep"]


def test_his_requests_are_built_when_first_shown(qtbot, new_case) -> None:
    from app.requests.widget import RequestsWidget

    man, _other = _men(new_case)
    view = _view(qtbot, CaseSession(new_case))
    page = view.open_man(man)
    assert page.requests is None and not page.findChildren(RequestsWidget)
    assert "requests" in dict(page.sections())  # listed in the navigator all the same
    view.open_man(man, "requests")
    assert isinstance(page.requests, RequestsWidget)
    assert page.stack.currentWidget() is page.requests and page.requests.isVisible()
    view.open_man(man, "summary")
    built = page.requests
    view.open_man(man, "requests")
    assert page.requests is built  # once


def test_saving_leaves_a_section_never_shown_as_it_is(qtbot, new_case) -> None:
    man, other = _men(new_case)
    session = CaseSession(new_case)
    # In a section never opened: a save neither clears nor restates it.
    session.run(save_record, man, [_fact("history.previous_children", "None")])
    before = load_facts(new_case, man)["history.previous_children"].statements
    view = _view(qtbot, session)
    form = view.open_man(man, "sleep").form
    form.default.source.setText("Home visit")
    form.default.basis.setCurrentIndex(form.default.basis.findData(FactBasis.SELF_REPORTED))
    form.row("sleep.typical_hours").editor.line.setText("6")
    form.row("sleep.typical_hours").editor.edited.emit()
    assert form.save(), form.error.text()
    facts = load_facts(new_case, man)
    assert facts["sleep.typical_hours"].value == 6
    assert facts["sleep.typical_hours"].statements[0].source == "Home visit"
    assert facts["history.previous_children"].statements == before
    assert "history" not in _built(form)


def test_building_a_section_is_not_an_edit_and_typing_in_one_is_kept(qtbot, new_case) -> None:
    man, other = _men(new_case)
    session = CaseSession(new_case)
    session.run(save_record, man, [_fact("anger.any_incidents", "yes")])
    view = _view(qtbot, session)
    form = view.open_man(man, "sleep").form
    for section in ("anger", "history", "strengths"):
        view.open_man(man, section)
    assert not form.keeper.dirty(), "a section filled in from the case is not typing"
    form.keeper.keep()
    assert get_draft(new_case, "record", str(man)) is None

    view.open_man(man, "sleep")
    line = form.row("sleep.typical_hours").editor.line
    line.setFocus()
    qtbot.keyClicks(line, "5")
    assert form.keeper.dirty()
    view.open_man(other)  # another man: Liam's page goes, his typing kept as a draft
    draft = get_draft(new_case, "record", str(man))
    assert draft is not None and list(draft.state["fields"]) == ["sleep.typical_hours"]

    form = view.open_man(man).form  # a new page, at his summary: nothing built
    assert _built(form) == [] and form.keeper.offer is not None
    form.keeper.restore_offer()  # builds the section the typing is in, and only that
    assert _built(form) == ["sleep"]
    assert form.row("sleep.typical_hours").editor.line.text() == "5"
    form.default.source.setText("Liam")
    form.default.basis.setCurrentIndex(form.default.basis.findData(FactBasis.SELF_REPORTED))
    assert form.save(), form.error.text()
    assert load_facts(new_case, man)["sleep.typical_hours"].value == 5
    assert load_facts(new_case, man)["anger.any_incidents"].value == "yes"


def _focus() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def test_a_section_is_built_a_few_questions_a_turn_the_one_shown_first(qtbot, new_case,
                                                                         monkeypatch) -> None:
    import app.carers.record_form as record_form

    monkeypatch.setattr(record_form, "BUILD_BUDGET_S", 0.0)  # one question a turn
    man, _other = _men(new_case)
    session = CaseSession(new_case)
    session.run(save_record, man, [_fact("engagement.notes", "Seen at home")])
    view = _view(qtbot, session)
    form = view.open_man(man, "engagement").form
    engagement = form.tabs.currentWidget().widget()
    assert len(engagement.rows) == 1 and form.building  # the window paints meanwhile
    assert engagement.rows[0].isVisible()  # at once: a Tab pressed next must find it
    qtbot.waitUntil(lambda: len(engagement.rows) >= 3)
    view.open_man(man, "sleep")  # the section on screen goes first
    sleep = form.tabs.currentWidget().widget()
    qtbot.waitUntil(lambda: len(sleep.rows) == len(_fields("sleep")))
    assert len(engagement.rows) < len(_fields("engagement"))
    qtbot.waitUntil(lambda: not form.building)
    assert [r.field.key for r in engagement.rows] == _fields("engagement")
    assert form.row("engagement.notes").editor.raw() == "Seen at home"
    assert not form.keeper.dirty()


def _fields(section: str) -> list[str]:
    return [f.key for s in MALE_CARER_FORM.sections if s.key == section for f in s.fields]


def _focus() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def test_tab_goes_from_this_update_through_the_section_shown_to_save(qtbot, new_case,
                                                                     monkeypatch) -> None:
    import app.carers.record_form as record_form

    monkeypatch.setattr(record_form, "BUILD_BUDGET_S", 0.0)  # one question a turn
    man, _other = _men(new_case)
    session = CaseSession(new_case)
    view = _view(qtbot, session)
    view.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is view, timeout=3_000)
    # Built in another order than the form's, and interleaved: each question joined Qt's Tab
    # order at its end when it was made.
    form = view.open_man(man, "engagement").form
    view.open_man(man, "sleep")
    view.open_man(man, "history")
    qtbot.waitUntil(lambda: not form.building)
    for key in ("sleep", "history", "engagement"):
        view.open_man(man, key)
        fields = _fields(key)
        form.default.basis.setFocus()
        qtbot.keyClick(_focus(), Qt.Key.Key_Tab)
        assert _focus() is form.row(fields[0]).add_button, _focus().objectName()
        for k in fields[1:]:  # question after question, each from its "+ Another source"
            tab_until = form.row(k).add_button
            for _ in range(40):
                if _focus() is tab_until:
                    break
                qtbot.keyClick(_focus(), Qt.Key.Key_Tab)
            assert _focus() is tab_until, (k, _focus().objectName())
        form.row(fields[-1]).tab_stops()[-1].setFocus()
        qtbot.keyClick(_focus(), Qt.Key.Key_Tab)
        assert _focus() is form.save_button, _focus().objectName()
        qtbot.keyClick(_focus(), Qt.Key.Key_Backtab)
        assert _focus() is form.row(fields[-1]).tab_stops()[-1]
