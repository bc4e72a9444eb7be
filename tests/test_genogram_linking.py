"""Linking two people already in the case (issue 12 item 6), by menu and by Shift+drag, through
the real genogram editor on a real encrypted case; each link is one undoable action."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QMenu

from app.genogram.editor import GenogramEditor
from app.session import CaseSession
from storage.casefile import CaseFile
from storage.people import Person
from storage.relationships import ParentKind, ParentLink, Partnership

TODAY = dt.date(2026, 11, 1)


pytest_plugins = ["tests.shell_support"]  # genogram_editor: the editor on the demo case


@pytest.fixture
def editor(genogram_editor: GenogramEditor) -> GenogramEditor:
    return genogram_editor


def _id(case: CaseFile, given: str) -> int:
    return next(p.id for p in case.all(Person)  # type: ignore[return-value]
                if given in (p.given_names, p.known_as))


def _action(menu: QMenu, *path: str) -> QAction:
    for step in path[:-1]:
        sub = next(a.menu() for a in menu.actions() if a.menu() and a.text() == step)
        menu = sub
    return next(a for a in menu.actions() if a.text() == path[-1])


def _couples(case: CaseFile) -> set[frozenset[int]]:
    return {frozenset((c.person_a, c.person_b)) for c in case.all(Partnership)}


def test_link_two_people_as_partners_by_menu_then_undo(editor: GenogramEditor) -> None:
    case = editor.session.case
    daniel, ewa = _id(case, "Daniel"), _id(case, "Ewa")
    people = len(case.all(Person))
    editor.select(daniel)
    menu = editor.build_context_menu(editor.person_items[daniel])
    _action(menu, "Link to someone in the case", "As partner of", "Ewa Nowak").trigger()
    assert frozenset((daniel, ewa)) in _couples(case)
    assert len(case.all(Person)) == people, "no '(name not known)' person is made"
    assert editor.session.history.undo_label == "Link Daniel Price and Ewa Nowak as partners"
    editor.session.undo()
    assert frozenset((daniel, ewa)) not in _couples(case)


def test_link_parent_and_child_by_menu(editor: GenogramEditor) -> None:
    case = editor.session.case
    kasia, mason = _id(case, "Kasia"), _id(case, "Mason")
    menu = editor.build_context_menu(editor.person_items[mason])
    _action(menu, "Link to someone in the case", "As child of", editor.name_of(kasia)).trigger()
    assert any(lk.parent_id == kasia and lk.child_id == mason and lk.kind is ParentKind.BIRTH
               for lk in case.all(ParentLink))


def test_a_link_the_rules_refuse_says_why_and_writes_nothing(editor, monkeypatch) -> None:  # noqa: ANN001
    case = editor.session.case
    freya, kasia = _id(case, "Freya"), _id(case, "Kasia")
    said: list[str] = []
    monkeypatch.setattr("app.genogram.editor.QMessageBox.warning",
                        lambda _parent, _title, text: said.append(text))
    links = len(case.all(ParentLink))
    editor.link_parent_child(freya, kasia)  # Freya is Kasia's baby: not her mother too
    assert said and len(case.all(ParentLink)) == links


def _centre(editor: GenogramEditor, pid: int) -> QPoint:
    item = editor.person_items[pid]
    editor.view.ensureVisible(item)
    return editor.view.mapFromScene(item.sceneBoundingRect().center())


def test_shift_drag_from_one_person_to_another_links_them(qtbot, editor) -> None:  # noqa: ANN001
    case = editor.session.case
    kasia, mason = _id(case, "Kasia"), _id(case, "Mason")
    editor.view.fit()
    start, end = _centre(editor, kasia), _centre(editor, mason)
    port = editor.view.viewport()
    positions_before = {pid: item.pos() for pid, item in editor.person_items.items()}
    asked: list = []

    def choose() -> None:
        menu = QApplication.activePopupWidget()
        assert isinstance(menu, QMenu)
        asked.append([a.text() for a in menu.actions() if a.text()])
        wanted = f"{editor.name_of(kasia)} is a parent of Mason Carter"
        next(a for a in menu.actions() if a.text() == wanted).trigger()
        menu.close()

    QTimer.singleShot(200, choose)
    with qtbot.waitSignal(editor.view.link_requested, timeout=3000) as signal:
        qtbot.mousePress(port, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ShiftModifier, start)
        assert editor.view._link_line is not None, "a dashed line follows the pointer"
        qtbot.mouseMove(port, (start + end) / 2)
        qtbot.mouseMove(port, end)
        qtbot.mouseRelease(port, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ShiftModifier,
                           end)
    assert signal.args[:2] == [kasia, mason]
    qtbot.waitUntil(lambda: bool(asked), timeout=3000)
    her = editor.name_of(kasia)
    assert asked[0][:3] == [f"{her} and Mason Carter are partners",
                            f"{her} is a parent of Mason Carter",
                            f"Mason Carter is a parent of {her}"]
    assert any(lk.parent_id == kasia and lk.child_id == mason for lk in case.all(ParentLink))
    assert editor.view._link_line is None
    # The drag linked; it moved nobody.
    qtbot.waitUntil(lambda: len(editor.person_items) == len(positions_before))
    assert all(item.pos() == positions_before[pid] for pid, item in editor.person_items.items())


def test_read_only_case_offers_no_linking(qtbot, case_path, passphrase) -> None:  # noqa: ANN001
    from app.operations.demo import create_demo

    create_demo(str(case_path), passphrase).close()
    with CaseFile.open(case_path, passphrase, read_only=True) as case:
        widget = GenogramEditor(CaseSession(case), today=TODAY)
        qtbot.addWidget(widget)
        assert not widget.view.linking
        liam = _id(case, "Liam")
        menu = widget.build_context_menu(widget.person_items[liam])
        assert "Link to someone in the case" not in [a.text() for a in menu.actions()]


def test_the_menu_key_opens_the_selected_persons_menu_with_link(qtbot, editor) -> None:  # noqa: ANN001
    """Linking by keyboard: select a person (arrow keys), press the Menu key (or Shift+F10),
    and the menu is that person's, wherever the mouse pointer is."""
    from PySide6.QtGui import QContextMenuEvent

    case = editor.session.case
    daniel = _id(case, "Daniel")
    editor.select(daniel)
    asked: list = []
    editor.view.context_requested.disconnect(editor._context_menu)  # no modal menu in a test
    editor.view.context_requested.connect(lambda item, _pos: asked.append(item))
    corner = QPoint(2, 2)  # nobody is drawn there
    event = QContextMenuEvent(QContextMenuEvent.Reason.Keyboard, corner,
                              editor.view.viewport().mapToGlobal(corner))
    QApplication.sendEvent(editor.view.viewport(), event)
    assert asked and asked[-1] is editor.person_items[daniel]
    menu = editor.build_context_menu(asked[-1])
    assert _action(menu, "Link to someone in the case", "As partner of", "Ewa Nowak")
