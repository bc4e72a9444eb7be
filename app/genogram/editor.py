"""The genogram editor: canvas, toolbar, context menus, keyboard and the side panel.

The picture is always rebuilt from the case (the data is the truth): every user action runs an
operation (app/operations: people, relationships, household, layout, roles) through
`session.run()` as one transaction and one undo entry, and the editor redraws when the
session's Changes touch people, relationships, the household or roles — whether the change
came from here, from undo/redo, or from another view (e.g. the male-carers panel).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QPointF, Qt, QTimer
from PySide6.QtGui import QAccessible, QAccessibleEvent, QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDockWidget,
    QFileDialog,
    QGraphicsScene,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QSplitter,
    QToolBar,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.carers.role_dialog import RoleDialog
from app.genogram.as_at import AsAtBar
from app.genogram.items import PersonItem, PlaceholderItem, ShapesItem
from app.genogram.menus import build_context_menu, link_choices
from app.genogram.person_panel import PersonPanel
from app.genogram.view import GenogramView
from app.operations import household as household_ops
from app.operations import layout as layout_ops
from app.operations import people as people_ops
from app.operations import relationships as relationship_ops
from app.operations import roles as roles_ops
from app.operations.changes import Changes
from app.session import CaseSession
from exports.genogram.data import GenogramData, load_genogram_data
from exports.genogram.describe import (
    PersonWords,
    describe_person,
    describe_placeholder,
    summary,
    text_alternative,
)
from exports.genogram.drawing import draw_genogram, relationship_groups
from exports.genogram.layout import GenogramLayout, layout_genogram
from exports.genogram.painter import render_png
from exports.genogram.picture import save_picture
from exports.genogram.shapes import Drawing, GenogramOptions
from storage.areas import Area
from storage.carers import CarerRole
from storage.drafts import Draft
from storage.errors import CaseError
from storage.ids import PersonId
from storage.relationships import OverlayKind, ParentKind, PartnerStatus
from storage.roles_store import assignments_for

GENOGRAM_AREAS = (Area.PEOPLE, Area.RELATIONSHIPS, Area.HOUSEHOLD, Area.ROLES)


class GenogramEditor(QWidget):
    def __init__(
        self, session: CaseSession, today: dt.date | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.today = today
        self.as_at_day: dt.date | None = None  # the household drawn as at this day (None: now)
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
        self.panel = PersonPanel(drafts=session.drafts)
        self.toolbar = QToolBar("Genogram")
        self.as_at = AsAtBar()
        self.as_at.day_chosen.connect(self.show_household_on)
        self.actions_by_name: dict[str, QAction] = {}
        self._build_actions()

        # The genogram in words (issue 12 item 3): everyone and how they are related, for the
        # keyboard and screen readers; choosing someone here chooses them on the picture.
        self.words = QTreeWidget()
        self.words.setObjectName("genogram_words")
        self.words.setHeaderHidden(True)
        self.words.setAccessibleName("Everyone on the genogram, in words")
        self.words.setAccessibleDescription("Each person with their sex, age, roles, household "
                                            "and relationships; expand a person for each line.")
        self.words.currentItemChanged.connect(self._word_chosen)
        words_label = QLabel("Everyone, in &words")
        words_label.setBuddy(self.words)
        words_box = QWidget()
        words_lay = QVBoxLayout(words_box)
        words_lay.setContentsMargins(0, 0, 0, 0)
        words_lay.addWidget(words_label)
        words_lay.addWidget(self.words)
        side = QSplitter(Qt.Orientation.Vertical)
        side.setObjectName("genogram_side")
        side.addWidget(self.panel)
        side.addWidget(words_box)
        side.setStretchFactor(0, 3)
        side.setStretchFactor(1, 2)
        side.setChildrenCollapsible(False)
        self.words.setMinimumHeight(120)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.view)
        splitter.addWidget(side)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.toolbar)
        outer.addWidget(self.as_at)
        outer.addWidget(splitter, 1)

        self.scene.selectionChanged.connect(self._on_selection)
        self.view.context_requested.connect(self._context_menu)
        self.view.step_requested.connect(self.step_selection)
        self.view.open_requested.connect(self._edit_selected)
        self.view.link_requested.connect(self._link_dropped)
        self.view.linking = not session.read_only
        self.panel.apply_requested.connect(self._apply_panel)
        self.panel.delete_requested.connect(lambda: self.delete_selected())
        self.panel.periods_requested.connect(self.edit_household_periods)
        session.changed.connect(self._on_changed)
        session.household_date_requested.connect(self._household_date_requested)
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
        self.find_box.setAccessibleName("Find a person on the genogram")
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

    # The household over time --------------------------------------------------------------
    def show_household_on(self, day: dt.date | None) -> None:
        """Draw the genogram as it stood on `day` (None: today): the household boundary from
        the household periods, and everyone's age on that day."""
        self.as_at_day = day
        self.as_at.show_day(day)
        self.refresh()

    def _household_date_requested(self, day: dt.date) -> None:
        self.show_household_on(day)
        # Bring the genogram's dock forward if it is tabbed behind another panel.
        holder = self.parentWidget()
        while holder is not None and not isinstance(holder, QDockWidget):
            holder = holder.parentWidget()
        if holder is not None:
            holder.show()
            holder.raise_()

    def edit_household_periods(self) -> None:
        from app.genogram.household_periods import HouseholdPeriodsDialog
        from storage.family_store import household_rows

        person = self.panel.person
        if person is None or person.id is None or self.data is None:
            return
        dialog = HouseholdPeriodsDialog(person.id, self.data.name(person.id),
                                        household_rows(self.session.case, person.id), self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        try:
            self.session.run(household_ops.set_household_periods, person.id, dialog.periods())
        except CaseError as exc:
            self.panel.show_error(str(exc))

    # Building the scene ----------------------------------------------------------------------
    def refresh(self) -> None:
        """Re-read the case and redraw everything (under 100 ms for 200 people)."""
        self._refresh_pending = False
        keep = self._select_after if self._select_after is not None else self.selected_ids()
        self._select_after = None
        self.data = load_genogram_data(self.session.case, self.today, as_at=self.as_at_day)
        day = self.as_at_day or self.today or dt.date.today()
        unborn = [self.data.name(c.id) for c in self.data.index_children
                  if c.id is not None and c.date_of_birth is not None
                  and c.date_of_birth.earliest() > day]
        self.as_at.describe([self.data.name(p.id) for p in self.data.people
                             if p.id is not None and p.id in self.data.household], unborn)
        # On another day the tick would start or end a period on that day: history is edited
        # in Household periods instead, never by accident from a past view.
        self.panel.set_as_at(self.as_at_day)
        self.layout = layout_genogram(self.data)
        self.drawing = draw_genogram(self.data, self.layout, self.options)
        editable = not self.session.read_only
        self.scene.blockSignals(True)
        self.scene.clear()
        self.person_items, self.placeholder_items, self.line_items = {}, {}, {}
        self.words_of: dict[int, PersonWords] = {}
        for group in self.drawing.groups:
            item: ShapesItem
            if group.kind == "person":
                item = PersonItem(group, self._moving, self._moved, editable)
                words = describe_person(self.data, PersonId(group.key))
                self.words_of[group.key] = words
                item.accessible_name, item.accessible_description = words.name, words.description
                item.setToolTip(f"{words.name}\n{words.description}")
                self.person_items[group.key] = item
            elif group.kind == "placeholder":
                item = PlaceholderItem(group, self._placeholder_clicked)
                ph = next((p for p in self.layout.placeholders if p.key == group.key), None)
                if ph is not None:
                    item.accessible_name = f"Not addressed: {ph.role.label}"
                    item.accessible_description = describe_placeholder(self.data, ph.child_id,
                                                                       ph.role)
                    item.setToolTip(item.accessible_description)
                self.placeholder_items[group.key] = item
            else:
                item = ShapesItem(group)
                self.line_items[group.kind] = item
            self.scene.addItem(item)
        x0, y0, x1, y1 = self.drawing.bounds
        self.scene.setSceneRect(x0 - 400, y0 - 300, (x1 - x0) + 800, (y1 - y0) + 600)
        for key in keep:
            if key in self.person_items:
                self.person_items[key].setSelected(True)
        self.scene.blockSignals(False)
        self.view.setAccessibleDescription(summary(self.data))
        self._fill_words()
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

    def _fill_words(self) -> None:
        self.words.blockSignals(True)
        try:
            self.words.clear()
            for words in text_alternative(self.data) if self.data is not None else []:
                top = QTreeWidgetItem([f"{words.name} — {words.description.split('. ')[0]}"])
                top.setData(0, Qt.ItemDataRole.UserRole, int(words.person_id))
                top.setData(0, Qt.ItemDataRole.AccessibleTextRole,
                            f"{words.name}. {words.description}")
                top.setToolTip(0, words.description)
                facts = [f for f in words.description.rstrip(".").split(". ")[1:]
                         if f not in words.relationships]
                for line in facts + words.relationships:
                    top.addChild(QTreeWidgetItem([line]))
                self.words.addTopLevelItem(top)
        finally:
            self.words.blockSignals(False)

    def _word_chosen(self, item: QTreeWidgetItem | None, _previous: object = None) -> None:
        while item is not None and item.parent() is not None:
            item = item.parent()
        if item is None:
            return
        pid = item.data(0, Qt.ItemDataRole.UserRole)
        if pid is not None and pid not in self.selected_ids():
            self.select(int(pid))

    def _announce(self, pid: int | None) -> None:
        """Tell a screen reader who is chosen on the picture (symbols are not widgets)."""
        words = self.words_of.get(pid) if pid is not None else None
        text = f"{words.name}: {words.description}" if words else (
            self.view.accessibleDescription() if self.data is None else summary(self.data))
        self.view.setAccessibleDescription(text)
        QAccessible.updateAccessibility(
            QAccessibleEvent(self.view, QAccessible.Event.DescriptionChanged))
        if pid is None:
            return
        for i in range(self.words.topLevelItemCount()):
            top = self.words.topLevelItem(i)
            if top.data(0, Qt.ItemDataRole.UserRole) == pid and self.words.currentItem() is not top:
                self.words.blockSignals(True)
                self.words.setCurrentItem(top)
                self.words.blockSignals(False)

    def _on_selection(self) -> None:
        ids = self.selected_ids()
        self._announce(ids[0] if len(ids) == 1 else None)
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
        if person is None or person.id is None:
            return
        try:
            edit = self.panel.edits()
            self.session.run(people_ops.edit_person_details, person.id, edit.values,
                             ties=edit.ties, lives_in=edit.lives_in,
                             today=self.data.today if self.data else None)
            self.panel.dirty = False  # saved: the redraw may now reload the form
            self.panel.keeper.applied()  # ... and its draft is in the case now
        except CaseError as exc:
            self.panel.show_error(str(exc))

    # Performing actions ----------------------------------------------------------------------
    def run(self, op: Callable[..., Changes], *args: Any, **kwargs: Any) -> Changes | None:
        """Run an operation (app/operations) as one undoable action; a CaseError is shown."""
        try:
            return self.session.run(op, *args, **kwargs)
        except CaseError as exc:
            QMessageBox.warning(self, "Genogram", str(exc))
            return None

    @property
    def editable(self) -> bool:
        return not self.session.read_only

    def name_of(self, pid: int) -> str:
        return self.data.name(PersonId(pid)) if self.data else "person"

    def _then_select(self, changes: Changes | None) -> int | None:
        """Select the person an action added and put the cursor in their name, ready to type."""
        new = changes.first_created(Area.PEOPLE) if changes is not None else None
        if new is not None:
            self._select_after = [new]
            self._focus_name = True
        return new

    def _selected_or(self, person_id: int | None) -> int | None:
        return person_id or (self.selected_ids() or [None])[0]

    def add_person(self) -> int | None:
        return self._then_select(self.run(people_ops.add_person, label="Add person"))

    def add_partner(self, person_id: int | None = None) -> int | None:
        pid = self._selected_or(person_id)
        if pid is None:
            return None
        return self._then_select(self.run(relationship_ops.add_partner, PersonId(pid)))

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
        made = self.run(relationship_ops.add_child, [PersonId(p) for p in parents])
        return self._then_select(made)

    def add_parents(self, person_id: int | None = None) -> int | None:
        pid = self._selected_or(person_id)
        if pid is None:
            return None
        return self._then_select(self.run(relationship_ops.add_parents, PersonId(pid)))

    def add_other_parent(self, person_id: int, kind: ParentKind) -> int | None:
        return self._then_select(self.run(relationship_ops.add_parent, PersonId(person_id), kind))

    def link_partners(self, a: int, b: int) -> Changes | None:
        """Two people already in the case become a couple (a menu or a drag, issue 12)."""
        return self.run(relationship_ops.link_partners, PersonId(a), PersonId(b))

    def link_parent_child(self, parent_id: int, child_id: int,
                          kind: ParentKind = ParentKind.BIRTH) -> Changes | None:
        return self.run(relationship_ops.link_parent_child, PersonId(parent_id),
                        PersonId(child_id), kind)

    def open_draft(self, draft: Draft) -> bool:
        """The drafts notice asks for a person's details: select them (Restore / Discard)."""
        if draft.form != "person" or not draft.subject.isdigit():
            return False
        if int(draft.subject) not in self.person_items:
            return False
        self.select(int(draft.subject))
        return True

    def link_menu(self, a: int, b: int) -> QMenu:
        return link_choices(self, a, b, self)

    def _link_dropped(self, a: int, b: int, global_pos: Any) -> None:
        """Shift+drag from one symbol to another: partners, or which is the parent?"""
        self.link_menu(a, b).exec(global_pos)

    def set_household(self, person_id: int, lives_in: bool) -> None:
        self.run(household_ops.set_household, PersonId(person_id), lives_in,
                 self.data.today if self.data else None)

    def add_overlay(self, from_id: int, to_id: int, kind: OverlayKind) -> None:
        self.run(relationship_ops.add_overlay, PersonId(from_id), PersonId(to_id), kind)

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
            "record, male-carer roles, facts and information requests? You can undo this."
        ):
            return False
        self.run(people_ops.remove_people, [PersonId(p) for p in ids])
        return True

    def relayout(self) -> None:
        self.run(layout_ops.clear_nudges)
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
        moved = {PersonId(pid): (pos.x(), pos.y())}
        for item in self.scene.selectedItems():
            if isinstance(item, PersonItem) and item.pos() != QPointF(*item.shape_group.origin):
                moved[PersonId(item.person_id)] = (item.pos().x(), item.pos().y())
        self.run(layout_ops.move_people, moved)

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
                            current, self, drafts=self.session.drafts)
        self.role_dialog = dialog

        def done(result: int) -> None:
            self.role_dialog = None
            if result != RoleDialog.DialogCode.Accepted:
                return
            if self.run(dialog.action()) is not None:
                dialog.keeper.applied()  # a refused change keeps the draft

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
        return build_context_menu(self, item, self)

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
        case = self.session.case
        try:
            # Read afresh (not self.data): a redraw may still be pending after the last change.
            save_picture(load_genogram_data(case, self.today), path, options=self.options,
                         dpi=300, render_png=render_png,
                         title=f"Genogram — {case.details().reference}")
        except (CaseError, OSError) as exc:
            QMessageBox.warning(self, "Genogram", f"The picture was not saved: {exc}")
            return None
        return path
