"""Context menus of the genogram editor: what can be done to a symbol, a '?' or the canvas.

The menus only arrange actions; every action calls back into the editor through `MenuHost`,
a protocol the editor satisfies. So this module never imports the editor (no import cycle),
and a test can build a menu against any host.
"""

from __future__ import annotations

from typing import Protocol

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QWidget

from app.genogram.items import PersonItem, PlaceholderItem
from app.genogram.person_panel import OVERLAY_TEXT
from exports.genogram.data import GenogramData
from storage.carers import CarerRole
from storage.relationships import OverlayKind, ParentKind


class MenuHost(Protocol):
    """What the menus need from the editor."""

    data: GenogramData | None
    actions_by_name: dict[str, QAction]

    @property
    def editable(self) -> bool: ...
    def name_of(self, pid: int) -> str: ...
    def open_role_dialog(self, key: int) -> object: ...
    def add_child(self, parents: list[int] | None = None) -> object: ...
    def add_other_parent(self, person_id: int, kind: ParentKind) -> object: ...
    def set_household(self, person_id: int, lives_in: bool) -> object: ...
    def toggle_role(self, pid: int, child_id: int, role: CarerRole, on: bool) -> object: ...
    def add_overlay(self, from_id: int, to_id: int, kind: OverlayKind) -> object: ...
    def link_partners(self, a: int, b: int) -> object: ...
    def link_parent_child(self, parent_id: int, child_id: int) -> object: ...


def build_context_menu(editor: MenuHost, item: object, parent: QWidget) -> QMenu | None:
    """The right-click menu for a symbol, a '?' placeholder or the background."""
    menu = QMenu(parent)
    editable = editor.editable
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
        # Drawn as at another day: history is edited in Household periods, not by this tick.
        household.setEnabled(editor.data.as_at is None)
        household.toggled.connect(lambda on: editor.set_household(pid, on))
        _link_menu(editor, menu, pid)
        _role_menu(editor, menu, pid)
        _overlay_menu(editor, menu, pid)
        menu.addSeparator()
        menu.addAction(editor.actions_by_name["delete"])
    return menu


def _link_menu(editor: MenuHost, menu: QMenu, pid: int) -> None:
    """Link this person to someone already in the case (issue 12: 'Add partner' always made
    a new person). Shift+drag from one symbol to another offers the same (link_choices)."""
    assert editor.data is not None
    others = [p for p in editor.data.people if p.id is not None and p.id != pid][:60]
    if not others:
        return
    sub = menu.addMenu("Link to someone in the case")
    for title, make in (
        ("As partner of", lambda o: (lambda: editor.link_partners(pid, o))),
        ("As parent of", lambda o: (lambda: editor.link_parent_child(pid, o))),
        ("As child of", lambda o: (lambda: editor.link_parent_child(o, pid))),
    ):
        target = sub.addMenu(title)
        for other in others:
            target.addAction(editor.name_of(other.id or 0), make(other.id))


def link_choices(editor: MenuHost, a: int, b: int, parent: QWidget) -> QMenu:
    """After Shift+drag from a to b: how are they linked?"""
    first, second = editor.name_of(a), editor.name_of(b)
    menu = QMenu(parent)
    menu.setTitle(f"Link {first} and {second}")
    menu.addAction(f"{first} and {second} are partners", lambda: editor.link_partners(a, b))
    menu.addAction(f"{first} is a parent of {second}", lambda: editor.link_parent_child(a, b))
    menu.addAction(f"{second} is a parent of {first}", lambda: editor.link_parent_child(b, a))
    menu.addSeparator()
    menu.addAction("Cancel")
    return menu


def _role_menu(editor: MenuHost, menu: QMenu, pid: int) -> None:
    assert editor.data is not None
    for child in editor.data.index_children:
        if child.id == pid:
            continue
        sub = menu.addMenu(f"Male-carer role for {editor.name_of(child.id or 0)}")
        held = {r.role for r in editor.data.roles if r.person_id == pid and r.child_id == child.id}
        for role in CarerRole:
            act = sub.addAction(role.label)
            act.setCheckable(True)
            act.setChecked(role in held)
            act.toggled.connect(lambda on, r=role, c=child.id: editor.toggle_role(pid, c, r, on))


def _overlay_menu(editor: MenuHost, menu: QMenu, pid: int) -> None:
    assert editor.data is not None
    sub = menu.addMenu("Add abuse / conflict line")
    others = [p for p in editor.data.people if p.id != pid][:60]
    for kind, text in OVERLAY_TEXT.items():
        kind_menu = sub.addMenu(text + (" with" if kind is OverlayKind.CONFLICT else " towards"))
        for other in others:
            kind_menu.addAction(
                editor.name_of(other.id or 0),
                lambda k=kind, o=other.id: editor.add_overlay(pid, o, k),
            )
