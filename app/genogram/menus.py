"""Context menus of the genogram editor: what can be done to a symbol, a '?' or the canvas."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMenu

from app.genogram import operations as ops
from app.genogram.person_panel import OVERLAY_TEXT
from app.genogram.view import PersonItem, PlaceholderItem
from storage.carers import CarerRole
from storage.ids import PersonId
from storage.relationships import OverlayKind, ParentKind

if TYPE_CHECKING:
    from app.genogram.editor import GenogramEditor


def build_context_menu(editor: GenogramEditor, item: object) -> QMenu | None:
    """The right-click menu for a symbol, a '?' placeholder or the background."""
    menu = QMenu(editor)
    editable = not editor.session.read_only
    if isinstance(item, PlaceholderItem):
        menu.addAction("Record who holds this role…", lambda: editor.open_role_dialog(item.key))
        return menu
    if not isinstance(item, PersonItem) or editor.data is None:
        if editable:
            menu.addAction(editor.actions_by_name["add_person"])
            menu.addAction(editor.actions_by_name["relayout"])
        menu.addAction(editor.actions_by_name["fit"])
        return menu
    pid = item.person_id
    if editable:
        menu.addAction(editor.actions_by_name["add_partner"])
        child_menu = menu.addMenu("Add child")
        for c in editor.data.partnerships:
            if pid in (c.person_a, c.person_b):
                other = c.person_b if c.person_a == pid else c.person_a
                child_menu.addAction(
                    f"with {editor.name_of(other)}", lambda o=other: editor.add_child([pid, o])
                )
        child_menu.addAction("with no other parent recorded", lambda: editor.add_child([pid]))
        menu.addAction(editor.actions_by_name["add_parents"])
        other_parent = menu.addMenu("Add another parent")
        for kind in (
            ParentKind.STEP,
            ParentKind.ADOPTED,
            ParentKind.FOSTER,
            ParentKind.SPECIAL_GUARDIAN,
        ):
            other_parent.addAction(
                kind.value.replace("_", " ").capitalize(),
                lambda k=kind: editor.add_other_parent(pid, k),
            )
        household = menu.addAction("Lives in the child's household")
        household.setCheckable(True)
        household.setChecked(pid in editor.data.household)
        household.toggled.connect(
            lambda on: editor.perform(
                f"{editor.name_of(pid)} {'joins' if on else 'leaves'} the household",
                lambda tx: ops.set_household(
                    tx, PersonId(pid), on, editor.data.today if editor.data else None
                ),
            )
        )
        _role_menu(editor, menu, pid)
        _overlay_menu(editor, menu, pid)
        menu.addSeparator()
        menu.addAction(editor.actions_by_name["delete"])
    return menu


def _role_menu(editor: GenogramEditor, menu: QMenu, pid: int) -> None:
    assert editor.data is not None
    for child in editor.data.index_children:
        if child.id == pid:
            continue
        sub = menu.addMenu(f"Male-carer role for {child.display_name}")
        held = {r.role for r in editor.data.roles if r.person_id == pid and r.child_id == child.id}
        for role in CarerRole:
            act = sub.addAction(role.label)
            act.setCheckable(True)
            act.setChecked(role in held)
            act.toggled.connect(lambda on, r=role, c=child.id: editor.toggle_role(pid, c, r, on))


def _overlay_menu(editor: GenogramEditor, menu: QMenu, pid: int) -> None:
    assert editor.data is not None
    sub = menu.addMenu("Add abuse / conflict line")
    others = [p for p in editor.data.people if p.id != pid][:60]
    for kind, text in OVERLAY_TEXT.items():
        kind_menu = sub.addMenu(text + (" with" if kind is OverlayKind.CONFLICT else " towards"))
        for other in others:
            kind_menu.addAction(
                other.display_name,
                lambda k=kind, o=other.id: editor.perform(
                    f"{OVERLAY_TEXT[k]}: {editor.name_of(pid)} → {editor.name_of(o)}",
                    lambda tx: ops.add_overlay(tx, PersonId(pid), PersonId(o), k),
                ),
            )
