"""The genogram editor driven through its real widgets (pytest-qt, offscreen)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from app.genogram.editor import GenogramEditor
from app.operations import people as people_ops
from app.session import CaseSession
from storage.carers import CarerRole, Declaration, RoleAssignment
from storage.case import CaseDetails
from storage.casefile import CaseFile
from storage.family_store import parents_of
from storage.people import Person, Sex
from storage.relationships import ParentLink, Partnership
from tests.conftest import PASSPHRASE

TODAY = dt.date(2026, 11, 1)


@pytest.fixture
def editor(qtbot, demo_case: CaseFile):  # noqa: ANN001, ANN201
    session = CaseSession(demo_case)
    widget = GenogramEditor(session, today=TODAY)
    qtbot.addWidget(widget)
    widget.resize(1200, 700)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def _id(case: CaseFile, given: str) -> int:
    return next(p.id for p in case.all(Person) if p.given_names == given)  # type: ignore[return-value]


def _click_item(qtbot, editor: GenogramEditor, item) -> None:  # noqa: ANN001
    editor.view.centerOn(item)
    point = editor.view.mapFromScene(item.scenePos())
    qtbot.mouseClick(editor.view.viewport(), Qt.MouseButton.LeftButton, pos=point)


def test_scene_shows_the_case(editor: GenogramEditor) -> None:
    case = editor.session.case
    assert set(editor.person_items) == {p.id for p in case.all(Person)}
    assert not editor.placeholder_items  # the demo addresses all five roles
    assert {"lines", "overlay", "household", "legend"} <= set(editor.line_items)
    editor.actions_by_name["show_overlays"].setChecked(False)
    assert "overlay" not in editor.line_items


def test_add_partner_and_child_through_the_ui_then_undo_and_redo(
    qtbot, editor: GenogramEditor
) -> None:
    case = editor.session.case
    daniel = _id(case, "Daniel")
    people_before = len(case.all(Person))
    partners_before = len(case.all(Partnership))

    _click_item(qtbot, editor, editor.person_items[daniel])
    assert editor.selected_ids() == [daniel]
    assert editor.panel.given.text() == "Daniel"  # the side panel follows the selection
    editor.view.setFocus()
    qtbot.keyClick(editor.view, Qt.Key.Key_P)  # add partner
    qtbot.waitUntil(lambda: len(editor.person_items) == people_before + 1)
    partner = max(editor.person_items)
    assert case.get(Person, partner).sex is Sex.FEMALE  # type: ignore[union-attr]
    assert editor.selected_ids() == [partner]  # ready to be named in the side panel
    qtbot.waitUntil(lambda: editor.panel.given.hasFocus())
    assert len(case.all(Partnership)) == partners_before + 1

    _click_item(qtbot, editor, editor.person_items[daniel])
    editor.view.setFocus()
    qtbot.keyClick(editor.view, Qt.Key.Key_C)  # add child: with his current (newest) partner
    qtbot.waitUntil(lambda: len(editor.person_items) == people_before + 2)
    child = max(editor.person_items)
    parents = {lk.parent_id for lk in parents_of(case, child)}
    assert parents == {daniel, partner}
    # the child hangs below, between its parents
    x = {k: i.pos().x() for k, i in editor.person_items.items()}
    assert min(x[daniel], x[partner]) < x[child] < max(x[daniel], x[partner])
    assert editor.person_items[child].pos().y() > editor.person_items[daniel].pos().y()

    assert len(editor.session.history) == 2
    editor.actions_by_name["undo"].trigger()
    qtbot.waitUntil(lambda: child not in editor.person_items)
    assert case.get(Person, child) is None and case.get(Person, partner) is not None
    editor.actions_by_name["undo"].trigger()
    qtbot.waitUntil(lambda: partner not in editor.person_items)
    assert len(case.all(Person)) == people_before and len(case.all(Partnership)) == partners_before

    editor.actions_by_name["redo"].trigger()
    editor.actions_by_name["redo"].trigger()
    qtbot.waitUntil(lambda: len(editor.person_items) == people_before + 2)
    assert case.get(Person, child) is not None  # same ids come back
    assert {lk.parent_id for lk in parents_of(case, child)} == {
        daniel,
        partner,
    }


def test_placeholder_click_records_a_declaration(qtbot, tmp_path: Path) -> None:
    case = CaseFile.create(tmp_path / "p.vcase", PASSPHRASE, CaseDetails(reference="P-1"))
    with case.transaction("Add baby and mother") as tx:
        baby = tx.add(Person("Baby", "Lee", sex=Sex.MALE, is_index_child=True))
        mum = tx.add(Person("Jo", "Lee", sex=Sex.FEMALE))
        tx.add(ParentLink(mum, baby))
    session = CaseSession(case)
    editor = GenogramEditor(session, today=TODAY)
    qtbot.addWidget(editor)
    editor.resize(1200, 700)
    editor.show()
    qtbot.waitExposed(editor)
    try:
        assert len(editor.placeholder_items) == 5
        key = next(
            k for k, i in editor.placeholder_items.items() if "Birth father" in i.shape_group.title
        )
        _click_item(qtbot, editor, editor.placeholder_items[key])
        qtbot.waitUntil(lambda: editor.role_dialog is not None)
        dialog = editor.role_dialog
        assert dialog is not None and dialog.role is CarerRole.BIRTH_FATHER
        dialog.not_known.setChecked(True)
        dialog.accept()  # refused: reason and efforts are required
        assert dialog.isVisible() and "reason" in dialog.error.text()
        dialog.reason.setPlainText("Mother says she does not know who the father is.")
        dialog.efforts.setPlainText(
            "Asked mother twice (home visit 01/11/2026); GP record checked."
        )
        dialog.accept()
        qtbot.waitUntil(lambda: len(editor.placeholder_items) == 4)
        rows = case.all(RoleAssignment)
        assert len(rows) == 1
        assert (
            rows[0].role is CarerRole.BIRTH_FATHER and rows[0].declaration is Declaration.NOT_KNOWN
        )
        assert rows[0].child_id == baby and "GP record" in rows[0].efforts
        assert len(session.history) == 1
        session.undo()
        qtbot.waitUntil(lambda: len(editor.placeholder_items) == 5)
        assert case.all(RoleAssignment) == []
    finally:
        session.close()


def test_placeholder_can_link_a_person(qtbot, tmp_path: Path) -> None:
    case = CaseFile.create(tmp_path / "q.vcase", PASSPHRASE, CaseDetails(reference="Q-1"))
    with case.transaction("family") as tx:
        baby = tx.add(Person("Baby", sex=Sex.FEMALE, is_index_child=True))
        dad = tx.add(Person("Raj", sex=Sex.MALE))
    session = CaseSession(case)
    editor = GenogramEditor(session, today=TODAY)
    qtbot.addWidget(editor)
    try:
        key = next(p.key for p in editor.layout.placeholders if p.role is CarerRole.BIRTH_FATHER)  # type: ignore[union-attr]
        dialog = editor.open_role_dialog(key)
        assert dialog is not None and dialog.existing.isChecked()
        dialog.person.setCurrentIndex(dialog.person.findData(dad))
        dialog.accept()
        qtbot.waitUntil(lambda: len(editor.placeholder_items) == 4)
        assert [(r.person_id, r.role) for r in case.all(RoleAssignment)] == [
            (dad, CarerRole.BIRTH_FATHER)
        ]
        # the man now carries a role label under his symbol
        texts = [getattr(s, "text", "") for s in editor.person_items[dad].shape_group.shapes]
        assert "Birth father" in texts
        assert baby in editor.person_items
    finally:
        session.close()


def test_side_panel_edit_is_one_undo_entry(qtbot, editor: GenogramEditor) -> None:
    case = editor.session.case
    mason = _id(case, "Mason")
    editor.select(mason)
    panel = editor.panel
    panel.given.setText("Mason James")
    panel.dob.setText("21/06/2018")
    panel.household.setChecked(True)
    qtbot.mouseClick(panel.apply_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: case.get(Person, mason).given_names == "Mason James")  # type: ignore[union-attr]
    assert case.get(Person, mason).date_of_birth.year == 2018  # type: ignore[union-attr]
    assert len(editor.session.history) == 1
    qtbot.waitUntil(lambda: mason in (editor.data.household if editor.data else set()))
    panel.dob.setText("31/02/2018")
    qtbot.mouseClick(panel.apply_button, Qt.MouseButton.LeftButton)
    assert "not a real date" in panel.error.text()  # a clear message, nothing saved
    assert len(editor.session.history) == 1
    editor.session.undo()
    qtbot.waitUntil(lambda: case.get(Person, mason).given_names == "Mason")  # type: ignore[union-attr]


def test_delete_asks_first_and_can_be_undone(qtbot, editor: GenogramEditor, monkeypatch) -> None:  # noqa: ANN001
    case = editor.session.case
    tomasz = _id(case, "Tomasz")
    editor.select(tomasz)
    monkeypatch.setattr(editor, "confirm", lambda text: False)
    assert not editor.delete_selected()
    assert case.get(Person, tomasz) is not None
    asked: list[str] = []
    monkeypatch.setattr(editor, "confirm", lambda text: asked.append(text) or True)
    editor.view.setFocus()
    qtbot.keyClick(editor.view, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: tomasz not in editor.person_items)
    assert "Tomasz Nowak" in asked[0]
    assert case.get(Person, tomasz) is None
    assert not [lk for lk in case.all(ParentLink) if lk.parent_id == tomasz]
    editor.session.undo()
    qtbot.waitUntil(lambda: tomasz in editor.person_items)
    assert len([lk for lk in case.all(ParentLink) if lk.parent_id == tomasz]) == 1


def test_drag_nudge_is_stored_and_relayout_clears_it(qtbot, editor: GenogramEditor) -> None:
    from PySide6.QtCore import QPoint
    from PySide6.QtTest import QTest

    case = editor.session.case
    mason = _id(case, "Mason")
    item = editor.person_items[mason]
    auto = item.pos()
    lines_before = editor.line_items["lines"].shape_group.shapes
    viewport = editor.view.viewport()
    editor.view.centerOn(item)
    start = editor.view.mapFromScene(item.scenePos())
    no_mod = Qt.KeyboardModifier.NoModifier
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, no_mod, start)
    for step in range(1, 6):  # a real drag with the mouse
        QTest.mouseMove(viewport, start + QPoint(12 * step, 6 * step))
    assert editor.line_items["lines"].shape_group.shapes != lines_before  # lines follow the symbol
    QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, no_mod, start + QPoint(60, 30))
    qtbot.waitUntil(lambda: case.get(Person, mason).layout_x is not None)  # type: ignore[union-attr]
    moved = case.get(Person, mason)
    zoom = editor.view.zoom
    assert moved.layout_x == pytest.approx(auto.x() + 60 / zoom, abs=2)  # type: ignore[union-attr]
    assert len(editor.session.history) == 1
    qtbot.waitUntil(lambda: editor.person_items[mason].pos().x() == moved.layout_x)  # type: ignore[union-attr]
    editor.actions_by_name["relayout"].trigger()
    qtbot.waitUntil(lambda: editor.person_items[mason].pos() == auto)
    assert case.get(Person, mason).layout_x is None  # type: ignore[union-attr]


def test_context_menu_and_zoom(qtbot, editor: GenogramEditor) -> None:
    case = editor.session.case
    kasia = _id(case, "Katarzyna")
    editor.select(kasia)
    menu = editor.build_context_menu(editor.person_items[kasia])
    titles = [a.text() for a in menu.actions()]  # type: ignore[union-attr]
    for expected in (
        "Add partner",
        "Add child",
        "Add parents",
        "Add another parent",
        "Lives in the child's household",
        "Male-carer role for Freya Nowak",
        "Add abuse / conflict line",
        "Delete…",
    ):
        assert expected in titles
    child_menu = next(a.menu() for a in menu.actions() if a.text() == "Add child")  # type: ignore[union-attr]
    assert [a.text() for a in child_menu.actions()] == [
        "with Daniel Price",
        "with Liam Carter",
        "with no other parent recorded",
    ]
    editor.start_search()  # the main window's Edit → Find lands in the genogram's find box
    qtbot.keyClicks(editor.find_box, "carter")
    assert editor.selected_ids() == [_id(case, "Liam")]
    qtbot.keyClick(editor.find_box, Qt.Key.Key_Return)  # next match
    assert editor.selected_ids() == [_id(case, "Mason")]
    assert editor.panel.given.text() == "Mason"
    before = editor.view.zoom
    editor.actions_by_name["zoom_in"].trigger()
    assert editor.view.zoom == pytest.approx(before * 1.25)
    editor.actions_by_name["fit"].trigger()
    assert editor.view.zoom <= 1.5


def test_side_panel_edits_and_removes_relationship_lines(qtbot, editor: GenogramEditor) -> None:
    from storage.relationships import Overlay, PartnerStatus

    case = editor.session.case
    liam = _id(case, "Liam")
    editor.select(liam)
    rows = {type(r.tie).__name__: r for r in editor.panel._relation_rows
            if not isinstance(r.tie, ParentLink)}
    assert set(rows) == {"Partnership", "Overlay"}  # with Kasia; the conflict line
    part = rows["Partnership"]
    part.status.setCurrentIndex(part.status.findData(PartnerStatus.SEPARATED))  # type: ignore[union-attr]
    rows["Overlay"].remove.setChecked(True)
    qtbot.mouseClick(editor.panel.apply_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(case.all(Overlay)) == 1)
    assert case.get(Partnership, part.tie.id).status is PartnerStatus.SEPARATED  # type: ignore[union-attr]
    assert len(editor.session.history) == 1
    editor.session.undo()
    qtbot.waitUntil(lambda: len(case.all(Overlay)) == 2)
    assert case.get(Partnership, part.tie.id).status is PartnerStatus.CURRENT  # type: ignore[union-attr]


def test_panel_plugin_builds_the_editor(qtbot, demo_case: CaseFile) -> None:
    from app.panels import available_panels

    module = next(m for m in available_panels() if m.__name__.endswith(".genogram"))
    assert module.TITLE == "Family"  # the workspace page: genogram and person details
    widget = module.create(CaseSession(demo_case))
    qtbot.addWidget(widget)
    assert isinstance(widget.editor, GenogramEditor) and len(widget.editor.person_items) == 7


def test_unsaved_typing_survives_a_change_elsewhere(qtbot, editor: GenogramEditor) -> None:
    case = editor.session.case
    mason = _id(case, "Mason")
    editor.select(mason)
    editor.panel.known_as.setText("Mace")  # typed, not applied
    # another view (e.g. the male-carers panel) changes the case: the genogram redraws
    editor.session.run(people_ops.add_person, given_names="Other")
    qtbot.waitUntil(lambda: len(editor.person_items) == 8)
    assert editor.selected_ids() == [mason]
    assert editor.panel.known_as.text() == "Mace" and editor.panel.dirty
    editor.panel.revert()
    assert editor.panel.known_as.text() == "" and not editor.panel.dirty


def test_dragging_several_selected_symbols_is_one_action(qtbot, editor: GenogramEditor) -> None:
    case = editor.session.case
    tomasz, ewa = _id(case, "Tomasz"), _id(case, "Ewa")
    editor.scene.clearSelection()
    for pid in (tomasz, ewa):
        editor.person_items[pid].setSelected(True)
    grabbed = editor.person_items[tomasz]
    grabbed._press_pos = grabbed.pos()
    for pid in (tomasz, ewa):  # what Qt does to every selected movable item during a drag
        editor.person_items[pid].moveBy(-30, -25)
    editor._moved(tomasz, grabbed.pos())
    qtbot.waitUntil(lambda: case.get(Person, ewa).layout_x is not None)  # type: ignore[union-attr]
    assert case.get(Person, tomasz).layout_x is not None  # type: ignore[union-attr]
    assert len(editor.session.history) == 1
    editor.session.undo()
    qtbot.waitUntil(lambda: case.get(Person, ewa).layout_x is None)  # type: ignore[union-attr]


def _menu_action(menu, *path: str):  # noqa: ANN001, ANN202
    for title in path:
        act = next(a for a in menu.actions() if a.text() == title)
        menu = act.menu() or act
    return menu


def test_parents_roles_and_overlays_from_keyboard_and_menus(qtbot, editor: GenogramEditor) -> None:
    from storage.relationships import Overlay, OverlayKind

    case = editor.session.case
    liam, mason = _id(case, "Liam"), _id(case, "Mason")
    editor.select(liam)
    editor.view.setFocus()
    qtbot.keyClick(editor.view, Qt.Key.Key_A)  # add parents
    qtbot.waitUntil(lambda: len(editor.person_items) == 9)
    parents = {lk.parent_id for lk in parents_of(case, liam)}
    assert len(parents) == 2
    assert {case.get(Person, p).sex for p in parents} == {Sex.MALE, Sex.FEMALE}  # type: ignore[union-attr]
    ys = {editor.person_items[p].pos().y() for p in parents}
    assert ys == {
        editor.person_items[liam].pos().y() - (editor.layout.row_y[1] - editor.layout.row_y[0])
    }  # type: ignore[union-attr]

    menu = editor.build_context_menu(editor.person_items[mason])
    _menu_action(menu, "Add abuse / conflict line", "Violence towards", "Liam Carter").trigger()
    qtbot.waitUntil(lambda: len(case.all(Overlay)) == 3)
    ov = case.all(Overlay)[-1]
    assert (ov.from_person, ov.to_person, ov.kind) == (mason, liam, OverlayKind.VIOLENCE)

    tomasz = _id(case, "Tomasz")
    menu = editor.build_context_menu(editor.person_items[tomasz])
    role = _menu_action(
        menu, "Male-carer role for Freya Nowak", "Other male carer or man in the household"
    )
    assert not role.isChecked()
    role.setChecked(True)  # links Tomasz; the 'not known' declaration is replaced
    qtbot.waitUntil(lambda: any(r.person_id == tomasz for r in case.all(RoleAssignment)))
    others = [r for r in case.all(RoleAssignment) if r.role is CarerRole.OTHER_MALE_CARER]
    assert [r.person_id for r in others] == [tomasz]
    qtbot.waitUntil(
        lambda: (
            "Other male carer"
            in [getattr(s, "text", "") for s in editor.person_items[tomasz].shape_group.shapes]
        )
    )
    assert len(editor.session.history) == 3


def test_keyboard_only_navigation(qtbot, editor: GenogramEditor) -> None:
    case = editor.session.case
    editor.scene.clearSelection()
    editor.view.setFocus()
    qtbot.keyClick(editor.view, Qt.Key.Key_Right)  # nothing selected: start at the index child
    assert editor.selected_ids() == [_id(case, "Freya")]
    qtbot.keyClick(editor.view, Qt.Key.Key_Up)
    assert editor.selected_ids()[0] in {_id(case, "Daniel"), _id(case, "Katarzyna")}
    editor.select(_id(case, "Katarzyna"))
    qtbot.keyClick(editor.view, Qt.Key.Key_Right)
    assert editor.selected_ids() == [_id(case, "Liam")]
    qtbot.keyClick(editor.view, Qt.Key.Key_Left)
    qtbot.keyClick(editor.view, Qt.Key.Key_Left)
    assert editor.selected_ids() == [_id(case, "Daniel")]
    qtbot.keyClick(editor.view, Qt.Key.Key_Return)  # edit the selected person
    qtbot.waitUntil(lambda: editor.panel.given.hasFocus())
    assert editor.panel.given.text() == "Daniel"


def test_read_only_case_shows_but_cannot_change(qtbot, tmp_path: Path) -> None:
    from PySide6.QtWidgets import QGraphicsItem

    from app.operations.demo import create_demo

    create_demo(str(tmp_path / "r.vcase"), PASSPHRASE).close()
    case = CaseFile.open(tmp_path / "r.vcase", PASSPHRASE, read_only=True)
    session = CaseSession(case)
    editor = GenogramEditor(session, today=TODAY)
    qtbot.addWidget(editor)
    try:
        assert len(editor.person_items) == 7
        item = next(iter(editor.person_items.values()))
        assert not item.flags() & QGraphicsItem.GraphicsItemFlag.ItemIsMovable
        editor.select(item.person_id)
        for name in ("add_person", "add_partner", "add_child", "delete", "relayout"):
            assert not editor.actions_by_name[name].isEnabled(), name
        assert not editor.panel.apply_button.isEnabled()
        assert editor.build_context_menu(item).actions() == []  # nothing to offer but viewing
    finally:
        session.close()


def test_save_picture_with_the_layers_shown(qtbot, editor: GenogramEditor, tmp_path: Path) -> None:
    editor.actions_by_name["show_overlays"].setChecked(False)
    saved = editor.export_picture(str(tmp_path / "family"))  # no extension typed: PNG
    assert saved == str(tmp_path / "family.png")
    assert (tmp_path / "family.png").read_bytes()[:4] == b"\x89PNG"
    svg = editor.export_picture(str(tmp_path / "family.svg"))
    text = Path(svg).read_text("utf-8")  # type: ignore[arg-type]
    assert 'class="person"' in text and 'class="overlay"' not in text  # as on screen


def test_a_person_field_the_panel_does_not_know_survives_an_edit(
    qtbot, tmp_path: Path, monkeypatch  # noqa: ANN001
) -> None:
    """Item 9 of issue 11: Person gains a field (here in a test-only subclass, with its column
    added as a later migration would); an edit through the side panel keeps its value, because
    the panel edits with dataclasses.replace and only what the user changed is written."""
    from dataclasses import dataclass

    import storage.family_store
    import storage.snapshot
    from storage import rows

    @dataclass(slots=True)
    class PersonWithPronouns(Person):
        pronouns: str = ""

    case = CaseFile.create(tmp_path / "x.vcase", PASSPHRASE, CaseDetails(reference="X-1"))
    case.db.execute("ALTER TABLE person ADD COLUMN pronouns TEXT NOT NULL DEFAULT ''")
    monkeypatch.setitem(rows.TABLES, PersonWithPronouns, "person")
    monkeypatch.setattr(storage.snapshot, "Person", PersonWithPronouns)
    monkeypatch.setattr(storage.family_store, "Person", PersonWithPronouns)
    with case.transaction("Add Jo") as tx:
        jo = tx.add(PersonWithPronouns("Jo", "Lee", sex=Sex.FEMALE, pronouns="she/her"))
    session = CaseSession(case)
    editor = GenogramEditor(session, today=TODAY)
    qtbot.addWidget(editor)
    try:
        editor.select(jo)
        panel = editor.panel
        assert isinstance(panel.person, PersonWithPronouns)
        panel.given.setText("Joanna")
        edited = panel.edited_person()
        assert isinstance(edited, PersonWithPronouns) and edited.pronouns == "she/her"
        assert panel.edits().values == {"given_names": "Joanna"}  # only what the user changed
        qtbot.mouseClick(panel.apply_button, Qt.MouseButton.LeftButton)
        stored = case.get(PersonWithPronouns, jo)
        assert stored is not None and stored.given_names == "Joanna"
        assert stored.pronouns == "she/her"
        assert len(session.history) == 1
        qtbot.waitUntil(lambda: panel.person is not None and panel.person.given_names == "Joanna")
        assert panel.person.pronouns == "she/her"  # type: ignore[union-attr]  # reloaded as stored
    finally:
        session.close()
