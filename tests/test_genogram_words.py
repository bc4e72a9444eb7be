"""The genogram for someone who cannot see it (issue 12 item 3): every symbol's accessible name
and description, and the genogram as a list of people and relationships, by keyboard."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.genogram.editor import GenogramEditor
from app.operations import roles as roles_ops
from exports.genogram.data import load_genogram_data
from exports.genogram.describe import describe_person, text_alternative
from storage.carers import CarerRole
from storage.casefile import CaseFile
from storage.people import Person

TODAY = dt.date(2026, 11, 1)
SHOTS = Path(__file__).resolve().parent.parent / "build" / "screenshots"


pytest_plugins = ["tests.shell_support"]  # genogram_editor: the editor on the demo case


@pytest.fixture
def editor(genogram_editor: GenogramEditor) -> GenogramEditor:
    return genogram_editor


def _id(case: CaseFile, name: str) -> int:
    return next(p.id for p in case.all(Person)  # type: ignore[return-value]
                if name in (p.given_names, p.known_as))


def test_words_say_sex_age_role_household_and_relationships(demo_case: CaseFile) -> None:
    data = load_genogram_data(demo_case, TODAY)
    liam = describe_person(data, _id(demo_case, "Liam"))
    assert liam.name == "Liam Carter"
    assert re.match(r"Male, \d\d years old\. ", liam.description)
    assert "Mother's new partner of Freya Nowak" in liam.description
    assert "Lives in the child's household" in liam.description
    assert "Partner of Kasia Nowak (living together)" in liam.relationships
    assert "Parent of Mason Carter (son)" in liam.relationships
    freya = describe_person(data, _id(demo_case, "Freya"))
    assert re.match(r"Female, \d+ months? old\. The child this case is about\.", freya.description)
    assert "Child of Daniel Price (father)" in freya.relationships
    ewa = describe_person(data, _id(demo_case, "Ewa"))
    assert "deceased" in ewa.description and "Does not live in the child's household" in \
        ewa.description
    everyone = text_alternative(data)
    assert {w.name for w in everyone} == {data.name(p.id) for p in data.people}
    assert everyone[0].name == "Freya Nowak"  # the child the case is about comes first


def test_each_symbol_has_an_accessible_name_and_description(editor: GenogramEditor) -> None:
    case = editor.session.case
    for pid, item in editor.person_items.items():
        person = case.get(Person, pid)
        assert item.accessible_name == editor.name_of(pid)
        assert item.accessible_description.split(",")[0].lower() in (
            "male", "female", "another gender", "sex not recorded")
        assert ("Lives in the child's household" in item.accessible_description) == (
            pid in editor.data.household)
        assert person is not None


def test_a_question_mark_says_which_role_is_not_addressed(qtbot, editor) -> None:  # noqa: ANN001
    case = editor.session.case
    freya = _id(case, "Freya")
    daniel = _id(case, "Daniel")
    editor.session.run(roles_ops.remove_man_from_role, freya, CarerRole.BIRTH_FATHER, daniel)
    qtbot.waitUntil(lambda: bool(editor.placeholder_items), timeout=3000)
    item = next(iter(editor.placeholder_items.values()))
    assert item.accessible_name == "Not addressed: Birth father"
    assert item.accessible_description.startswith("Not yet addressed: Birth father of Freya")
    assert "1 male-carer role not yet addressed" in editor.view.accessibleDescription()


def test_the_list_is_reached_by_keyboard_and_follows_the_picture(qtbot, editor) -> None:  # noqa: ANN001
    words = editor.words
    assert words.topLevelItemCount() == len(editor.person_items)
    first = words.topLevelItem(0)
    assert first.text(0).startswith("Freya Nowak — Female")
    lines = [first.child(i).text(0) for i in range(first.childCount())]
    assert "Child of Kasia Nowak (mother)" in lines
    assert first.data(0, Qt.ItemDataRole.AccessibleTextRole).startswith("Freya Nowak. Female")
    # Tab from the picture reaches the list (through the side panel), never trapped on the way.
    editor.view.setFocus()
    qtbot.waitUntil(editor.view.hasFocus)
    for _ in range(80):
        focus = QApplication.focusWidget()
        if focus is words:
            break
        qtbot.keyClick(focus, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is words
    # Down the list: the picture chooses the same person, and the panel shows them.
    words.setCurrentItem(first)
    qtbot.keyClick(words, Qt.Key.Key_Down)
    chosen = words.currentItem()
    pid = chosen.data(0, Qt.ItemDataRole.UserRole)
    assert editor.selected_ids() == [pid]
    assert editor.panel.person is not None and editor.panel.person.id == pid
    # Arrow keys on the picture: the list and the spoken description follow.
    editor.view.setFocus()
    editor.select(_id(editor.session.case, "Liam"))
    assert words.currentItem().text(0).startswith("Liam Carter")
    assert re.match(r"Liam Carter: Male, \d\d years old", editor.view.accessibleDescription())


def test_genogram_words_screenshot_at_1366(qtbot, editor) -> None:  # noqa: ANN001
    editor.resize(1366, 720)
    editor.words.expandItem(editor.words.topLevelItem(0))
    editor.activateWindow()
    editor.words.setFocus()
    qtbot.waitUntil(editor.words.hasFocus)
    editor.words.setCurrentItem(editor.words.topLevelItem(0))
    qtbot.wait(50)
    SHOTS.mkdir(parents=True, exist_ok=True)
    editor.grab().save(str(SHOTS / "genogram-words-1366.png"))
    assert editor.words.isVisible() and editor.words.height() > 100
