"""The genogram editor: canvas, toolbar, context menus, keyboard and the side panel.

The picture is always rebuilt from the case (the data is the truth): every user action goes
through `session.perform()` as one transaction and one undo entry, and the editor redraws when
the session reports that a genogram table changed — whether the change came from here, from
undo/redo, or from another view (e.g. the male-carers panel recording a role).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QPointF, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QGraphicsScene,
    QLineEdit,
    QMenu,
    QMessageBox,
    QSplitter,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from app.carers.role_dialog import RoleDialog
from app.genogram import operations as ops
from app.genogram.menus import build_context_menu
from app.genogram.person_panel import PersonPanel
from app.genogram.view import GenogramView, PersonItem, PlaceholderItem
from app.operations import roles as roles_ops
from app.operations.changes import Changes
from app.session import CaseSession
from exports.genogram_data import GenogramData, load_genogram_data
from exports.genogram_drawing import draw_genogram, relationship_groups
from exports.genogram_layout import GenogramLayout, layout_genogram
from exports.genogram_picture import Z_ORDER, ShapesItem, render_genogram
from exports.genogram_shapes import Drawing, GenogramOptions
from storage.areas import Area
from storage.carers import CarerRole
from storage.casefile import Txn
from storage.errors import CaseError
from storage.ids import PersonId
from storage.people import Sex
from storage.relationships import ParentKind, PartnerStatus
from storage.roles_store import assignments_for

GENOGRAM_AREAS = (Area.PEOPLE, Area.RELATIONSHIPS, Area.HOUSEHOLD, Area.ROLES)


class GenogramEditor(QWidget):
    def __init__(
        self, session: CaseSession, today: dt.date | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.today = today
        self.options = GenogramOptions()
        self.data: GenogramData | None = None
        self.layout: GenogramLayout | None = None
        self.drawing: Drawing | None = None
        self.person_items: dict[int, PersonItem] = {}
        self.placeholder_items: dict[int, PlaceholderItem] = {}
        self.line_items: dict[str, ShapesItem] = {}
        self.role_dialog: RoleDialog | None = None
        self._refresh_pending = False
        self._select_after: list[int] | None = None
        self._focus_name = False

        self.scene = QGraphicsScene(self)
        self.view = GenogramView()
        self.view.setScene(self.scene)
        self.panel = PersonPanel()
        self.toolbar = QToolBar("Genogram")
        self.actions_by_name: dict[str, QAction] = {}
        self._build_actions()

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.view)
        splitter.addWidget(self.panel)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.toolbar)
        outer.addWidget(splitter, 1)

        self.scene.selectionChanged.connect(self._on_selection)
        self.view.context_requested.connect(self._context_menu)
        self.view.step_requested.connect(self.step_selection)
        self.view.open_requested.connect(self._edit_selected)
        self.panel.apply_requested.connect(self._apply_panel)
        self.panel.delete_requested.connect(lambda: self.delete_selected())
        session.changed.connect(self._on_changed)
        self.refresh()
        QTimer.singleShot(0, self.view, self.view.fit)  # dropped if the view is gone

    # Actions ---------------------------------------------------------------------------------
    def _action(
        self,
        name: str,
        text: str,
        slot: Callable[[], Any],
        shortcut: str | QKeySequence = "",
        toolbar: bool = True,
        checkable: bool = False,
    ) -> QAction:
        act = QAction(text, self)
        act.setObjectName(name)
        if shortcut:
            act.setShortcut(QKeySequence(shortcut))
            act.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            keys = act.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            act.setToolTip(f"{text.replace('&&', '&')} ({keys})")
        act.setCheckable(checkable)
        if checkable:
            act.setChecked(True)
            act.toggled.connect(lambda _checked: slot())
        else:
            act.triggered.connect(lambda _checked=False: slot())
        self.view.addAction(act)
        if toolbar:
            self.toolbar.addAction(act)
        self.actions_by_name[name] = act
        return act

    def _build_actions(self) -> None:
        read_only = self.session.read_only
        self._action("add_person", "Add person", self.add_person, "Ins")
        self._action("add_partner", "Add partner", self.add_partner, "P")
        self._action("add_child", "Add child", self.add_child, "C")
        self._action("add_parents", "Add parents", self.add_parents, "A")
        self._action("delete", "Delete…", self.delete_selected, QKeySequence.StandardKey.Delete)
        for name in ("add_person", "add_partner", "add_child", "add_parents", "delete"):
            self.actions_by_name[name].setEnabled(not read_only)
        self.toolbar.addSeparator()
        # No shortcuts here: the main window's Edit menu owns Ctrl+Z / Ctrl+Y for the same stack,
        # and two actions on one key would make Qt fire neither.
        self._action("undo", "Undo", lambda: self._undo_redo("undo"))
        self._action("redo", "Redo", lambda: self._undo_redo("redo"))
        # A bound method of this widget (not a lambda): the session outlives the panel, and Qt
        # drops the connection when the panel is destroyed on lock.
        self.session.history_changed.connect(self._sync_undo_actions)
        self._sync_undo_actions()
        self.toolbar.addSeparator()
        self._action("relayout", "Re-layout", self.relayout).setEnabled(not read_only)
        self._action(
            "zoom_in", "Zoom in", lambda: self.view.zoom_by(1.25), QKeySequence.StandardKey.ZoomIn
        )
        self._action(
            "zoom_out", "Zoom out", lambda: self.view.zoom_by(0.8), QKeySequence.StandardKey.ZoomOut
        )
        self._action("fit", "Fit", self.view.fit, "F")
        self.toolbar.addSeparator()
        self._action("show_overlays", "Abuse && conflict", self._toggle_layers, checkable=True)
        self._action("show_household", "Household", self._toggle_layers, checkable=True)
        self._action("show_legend", "Key", self._toggle_layers, checkable=True)
        self.toolbar.addSeparator()
        self._action("export", "Save picture…", self.export_picture)
        self.find_box = QLineEdit()
        self.find_box.setObjectName("find_person")
        self.find_box.setPlaceholderText("Find a person…")
        self.find_box.setClearButtonEnabled(True)
        self.find_box.setMaximumWidth(200)
        self.find_box.textChanged.connect(self.find_person)
        self.find_box.returnPressed.connect(lambda: self.find_person(self.find_box.text(), True))
        self.toolbar.addWidget(self.find_box)

    def _sync_undo_actions(self, *_args: object) -> None:
        history = self.session.history
        states = (
            ("undo", history.can_undo, history.undo_label),
            ("redo", history.can_redo, history.redo_label),
        )
        for name, can, text in states:
            act = self.actions_by_name[name]
            act.setEnabled(can)
            act.setToolTip(f"{name.capitalize()} {text}" if can else name.capitalize())

    def _undo_redo(self, which: str) -> None:
        fn = self.session.undo if which == "undo" else self.session.redo
        try:
            fn()
        except CaseError as exc:
            QMessageBox.warning(self, "Genogram", str(exc))

    # Main-window hooks (Edit → Find, File → Export) ------------------------------------------
    def start_search(self) -> None:
        self.find_box.setFocus()
        self.find_box.selectAll()

    def start_export(self) -> None:
        self.export_picture()

    def find_person(self, text: str, next_match: bool = False) -> int | None:
        """Select and show the first person whose name contains the text (Enter: the next)."""
        needle = text.strip().lower()
        if not needle or self.data is None:
            return None
        matches = [
            p.id
            for p in self.data.people
            if p.id in self.person_items and needle in f"{p.full_name} {p.known_as}".lower()
        ]
        if not matches:
            return None
        current = self.selected_ids()
        pick = matches[0]
        if next_match and current and current[0] in matches:
            pick = matches[(matches.index(current[0]) + 1) % len(matches)]
        self.select(pick)
        self.view.centerOn(self.person_items[pick])
        return pick

    # Building the scene ----------------------------------------------------------------------
    def refresh(self) -> None:
        """Re-read the case and redraw everything (under 100 ms for 200 people)."""
        self._refresh_pending = False
        keep = self._select_after if self._select_after is not None else self.selected_ids()
        self._select_after = None
        self.data = load_genogram_data(self.session.case, self.today)
        self.layout = layout_genogram(self.data)
        self.drawing = draw_genogram(self.data, self.layout, self.options)
        editable = not self.session.read_only
        self.scene.blockSignals(True)
        self.scene.clear()
        self.person_items, self.placeholder_items, self.line_items = {}, {}, {}
        for group in self.drawing.groups:
            item: ShapesItem
            if group.kind == "person":
                item = PersonItem(group, self._moving, self._moved, editable)
                self.person_items[group.key] = item
            elif group.kind == "placeholder":
                item = PlaceholderItem(group, self._placeholder_clicked)
                self.placeholder_items[group.key] = item
            else:
                item = ShapesItem(group)
                self.line_items[group.kind] = item
            item.setZValue(Z_ORDER.get(group.kind, 0.0))
            self.scene.addItem(item)
        x0, y0, x1, y1 = self.drawing.bounds
        self.scene.setSceneRect(x0 - 400, y0 - 300, (x1 - x0) + 800, (y1 - y0) + 600)
        for key in keep:
            if key in self.person_items:
                self.person_items[key].setSelected(True)
        self.scene.blockSignals(False)
        self._on_selection()
        if self._focus_name and self.panel.person is not None:
            self._focus_name = False
            self.panel.given.setFocus()
            self.panel.given.selectAll()

    def _schedule_refresh(self) -> None:
        # Deferred: the change may come from inside an item's own mouse handler, and clearing
        # the scene there would delete the item under Qt's feet.
        if not self._refresh_pending:
            self._refresh_pending = True
            QTimer.singleShot(0, self, self._refresh_if_pending)

    def _refresh_if_pending(self) -> None:
        if self._refresh_pending:
            self.refresh()

    def _on_changed(self, change: Changes) -> None:
        if change.touches(*GENOGRAM_AREAS):
            self._schedule_refresh()

    def _toggle_layers(self) -> None:
        self.options.show_overlays = self.actions_by_name["show_overlays"].isChecked()
        self.options.show_household = self.actions_by_name["show_household"].isChecked()
        self.options.show_legend = self.actions_by_name["show_legend"].isChecked()
        self.refresh()

    # Selection and panel ---------------------------------------------------------------------
    def selected_ids(self) -> list[int]:
        return [i.person_id for i in self.scene.selectedItems() if isinstance(i, PersonItem)]

    def select(self, person_id: int) -> None:
        self.scene.clearSelection()
        item = self.person_items.get(person_id)
        if item is not None:
            item.setSelected(True)
            self.view.ensureVisible(item)

    def step_selection(self, dx: int, dy: int) -> int | None:
        """Arrow keys move the selection to the nearest symbol that way (keyboard-only use)."""
        if not self.person_items:
            return None
        ids = self.selected_ids()
        if not ids:
            index = next(
                (
                    p.id
                    for p in (self.data.index_children if self.data else [])
                    if p.id in self.person_items
                ),
                None,
            )
            start = index if index is not None else next(iter(self.person_items))
            self.select(start)
            return start
        here = self.person_items[ids[0]].pos()
        best: tuple[float, int] | None = None
        for pid, item in self.person_items.items():
            ox, oy = item.pos().x() - here.x(), item.pos().y() - here.y()
            along = ox * dx + oy * dy
            across = abs(ox * dy) + abs(oy * dx)
            if along <= 1 or across > along * 2:  # only what lies roughly that way
                continue
            score = along + 2 * across
            if best is None or score < best[0]:
                best = (score, pid)
        if best is None:
            return None
        self.select(best[1])
        return best[1]

    def _edit_selected(self) -> None:
        if self.panel.person is not None:
            self.panel.given.setFocus()
            self.panel.given.selectAll()

    def _on_selection(self) -> None:
        ids = self.selected_ids()
        person = self.data.person(PersonId(ids[0])) if self.data and len(ids) == 1 else None
        if not self.panel.keep_editing(person, self.data):
            self.panel.load(person, self.data)
        editable = not self.session.read_only
        self.panel.apply_button.setEnabled(editable and person is not None)
        self.panel.delete_button.setEnabled(editable and person is not None)
        for name in ("add_partner", "add_child", "add_parents", "delete"):
            self.actions_by_name[name].setEnabled(editable and bool(ids))

    def _apply_panel(self) -> None:
        person = self.panel.person
        if person is None:
            return
        try:
            write = self.panel.edits()
            self.perform(f"Edit {person.display_name}", write, raise_errors=True)
            self.panel.dirty = False  # saved: the redraw may now reload the form
        except CaseError as exc:
            self.panel.show_error(str(exc))

    # Performing actions ----------------------------------------------------------------------
    def perform(self, label: str, fn: Callable[[Txn], Any], raise_errors: bool = False) -> Any:
        try:
            return self.session.perform(label, fn)
        except CaseError as exc:
            if raise_errors:
                raise
            QMessageBox.warning(self, "Genogram", str(exc))
            return None

    def run(self, op: Callable[..., Changes], *args: Any, **kwargs: Any) -> Changes | None:
        """Run an operation (app/operations) as one undoable action; a CaseError is shown."""
        try:
            return self.session.run(op, *args, **kwargs)
        except CaseError as exc:
            QMessageBox.warning(self, "Genogram", str(exc))
            return None

    def name_of(self, pid: int) -> str:
        p = self.data.person(PersonId(pid)) if self.data else None
        return p.display_name if p else "person"

    def _then_select(self, new: Any) -> None:
        """Select a person just added and put the cursor in their name, ready to type."""
        if isinstance(new, int):
            self._select_after = [new]
        elif isinstance(new, list) and new:
            self._select_after = [new[0]]
        else:
            return
        self._focus_name = True

    def add_person(self) -> int | None:
        new = self.perform("Add person", lambda tx: ops.add_person(tx))
        self._then_select(new)
        return new

    def add_partner(self, person_id: int | None = None) -> int | None:
        pid = person_id or (self.selected_ids() or [None])[0]
        if pid is None:
            return None
        new = self.perform(
            f"Add a partner of {self.name_of(pid)}", lambda tx: ops.add_partner(tx, PersonId(pid))
        )
        self._then_select(new)
        return new

    def default_other_parent(self, pid: int) -> int | None:
        """The partner a new child is most likely with: current first, then the latest."""
        if self.data is None:
            return None
        mine = [c for c in self.data.partnerships if pid in (c.person_a, c.person_b)]
        mine.sort(key=lambda c: (c.status is PartnerStatus.CURRENT, c.id or 0))
        if not mine:
            return None
        c = mine[-1]
        return c.person_b if c.person_a == pid else c.person_a

    def add_child(self, parents: list[int] | None = None) -> int | None:
        if parents is None:
            chosen = self.selected_ids()[:2]
            if len(chosen) == 1:
                other = self.default_other_parent(chosen[0])
                if other is not None:
                    chosen.append(other)
            parents = chosen
        if not parents:
            return None
        names = " and ".join(self.name_of(p) for p in parents)
        new = self.perform(
            f"Add a child of {names}", lambda tx: ops.add_child(tx, [PersonId(p) for p in parents])
        )
        self._then_select(new)
        return new

    def add_parents(self, person_id: int | None = None) -> list[int] | None:
        pid = person_id or (self.selected_ids() or [None])[0]
        if pid is None:
            return None
        new = self.perform(
            f"Add parents of {self.name_of(pid)}", lambda tx: ops.add_parents(tx, PersonId(pid))
        )
        self._then_select(new)
        return new

    def add_other_parent(self, person_id: int, kind: ParentKind) -> int | None:
        new = self.perform(
            f"Add a {kind.value.replace('_', ' ')} parent of {self.name_of(person_id)}",
            lambda tx: ops.add_parent(tx, PersonId(person_id), Sex.UNKNOWN, kind),
        )
        self._then_select(new)
        return new

    def confirm(self, text: str) -> bool:
        """Asks the user; tests replace this."""
        answer = QMessageBox.question(
            self,
            "Delete from the genogram",
            text,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def delete_selected(self) -> bool:
        ids = self.selected_ids()
        if not ids or self.session.read_only:
            return False
        names = ", ".join(self.name_of(p) for p in ids)
        if not self.confirm(
            f"Delete {names} from the case, with their relationships, household "
            "record, male-carer roles and facts? You can undo this."
        ):
            return False

        def write(tx: Txn) -> None:
            for p in ids:
                ops.remove_person(tx, PersonId(p))

        self.perform(f"Delete {names}", write)
        return True

    def relayout(self) -> None:
        self.perform("Re-layout the genogram", ops.clear_nudges)
        QTimer.singleShot(0, self.view, self.view.fit)  # dropped if the view is gone

    def _moving(self, pid: int, pos: QPointF) -> None:
        """While symbols are dragged, their lines follow them (nothing is saved yet)."""
        if self.layout is None or self.data is None:
            return
        self.layout.positions[pid] = (pos.x(), pos.y())
        for item in self.scene.selectedItems():  # Qt drags every selected symbol together
            if isinstance(item, PersonItem):
                self.layout.positions[item.person_id] = (item.pos().x(), item.pos().y())
        for group in relationship_groups(self.data, self.layout, self.options):
            item = self.line_items.get(group.kind)
            if item is not None:
                item.set_group(group)

    def _moved(self, pid: int, pos: QPointF) -> None:
        """Store every symbol the drag moved, as one action."""
        moved = {pid: (pos.x(), pos.y())}
        for item in self.scene.selectedItems():
            if isinstance(item, PersonItem) and item.pos() != QPointF(*item.shape_group.origin):
                moved[item.person_id] = (item.pos().x(), item.pos().y())
        label = (
            f"Move {self.name_of(pid)}"
            if len(moved) == 1
            else f"Move {len(moved)} people on the genogram"
        )

        def write(tx: Txn) -> None:
            for person_id, (x, y) in moved.items():
                ops.move_person(tx, PersonId(person_id), x, y)

        self.perform(label, write)

    # Male-carer roles ------------------------------------------------------------------------
    def _placeholder_clicked(self, key: int) -> None:
        QTimer.singleShot(0, self, lambda: self.open_role_dialog(key))  # dropped if closed

    def open_role_dialog(self, key: int) -> RoleDialog | None:
        if self.layout is None or self.data is None or self.session.read_only:
            return None
        ph = next((p for p in self.layout.placeholders if p.key == key), None)
        child = self.data.person(ph.child_id) if ph else None
        if ph is None or child is None:
            return None
        current = assignments_for(self.session.case, ph.child_id, ph.role)
        dialog = RoleDialog(child, ph.role, list(self.data.people), self.session.case.author,
                            current, self)
        self.role_dialog = dialog

        def done(result: int) -> None:
            self.role_dialog = None
            if result != RoleDialog.DialogCode.Accepted:
                return
            self.run(dialog.action())

        dialog.finished.connect(done)
        dialog.open()
        return dialog

    def toggle_role(self, pid: int, child_id: int, role: CarerRole, on: bool) -> None:
        if on:
            self.run(roles_ops.link_man, PersonId(child_id), role, PersonId(pid),
                     self.session.case.author)
        else:
            self.run(roles_ops.remove_man_from_role, PersonId(child_id), role, PersonId(pid))

    # Menus -----------------------------------------------------------------------------------
    def _context_menu(self, item: object, global_pos: Any) -> None:
        menu = self.build_context_menu(item)
        if menu is not None:
            menu.exec(global_pos)

    def build_context_menu(self, item: object) -> QMenu | None:
        return build_context_menu(self, item)

    # Export ----------------------------------------------------------------------------------
    def export_picture(self, path: str | None = None) -> str | None:
        """Save what is on screen (same layers) as a 300 dpi PNG or an SVG; returns the path."""
        chosen_filter = ""
        if path is None:
            path, chosen_filter = QFileDialog.getSaveFileName(
                self,
                "Save the genogram picture",
                "genogram.png",
                "PNG picture (*.png);;SVG drawing (*.svg)",
            )
        if not path:
            return None
        if not path.lower().endswith((".png", ".svg")):
            path += ".svg" if "svg" in chosen_filter.lower() else ".png"
        try:
            render_genogram(
                self.session.case, path, options=self.options, dpi=300, today=self.today
            )
        except (CaseError, OSError) as exc:
            QMessageBox.warning(self, "Genogram", f"The picture was not saved: {exc}")
            return None
        return path
