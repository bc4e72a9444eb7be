"""Side panel: the selected person's properties and their relationships, saved as one action.

One read path (`load`) and one write path (`edits` -> a PersonEdit that the editor hands to
app.operations.people.edit_person_details, one transaction), so "Apply" is one undo entry
however many fields changed. The edit carries only what the user changed: the person is
edited with dataclasses.replace and compared with what was loaded, never rebuilt field by
field, so a field the panel does not show (or one added to Person later) is never lost.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.drafts import DraftBook, DraftKeeper
from app.operations.relationships import TieEdit
from exports.genogram.data import GenogramData
from forms.dates import parse_optional_date
from forms.family import check_person
from storage.errors import CaseError
from storage.people import Existence, Person, Sex, TwinKind
from storage.relationships import (
    Overlay,
    OverlayKind,
    ParentKind,
    ParentLink,
    PartnerKind,
    Partnership,
    PartnerStatus,
)
from storage.rows import changed_fields

Tie = Partnership | ParentLink | Overlay
TIE_NAME = {Partnership: "partnership", ParentLink: "parent_link", Overlay: "overlay"}
KIND_ENUM = {Partnership: PartnerKind, ParentLink: ParentKind, Overlay: OverlayKind}


@dataclass(slots=True)
class RelationRow:
    """One relationship line of the selected person, as edited in the panel."""

    tie: Tie  # the line as loaded
    kind: QComboBox
    status: QComboBox | None
    swap: QCheckBox | None
    remove: QCheckBox

    def edit(self) -> TieEdit | None:
        """What the user changed on this line, or None when nothing."""
        assert self.tie.id is not None
        cls = type(self.tie)
        if self.remove.isChecked():
            return TieEdit(cls, self.tie.id, remove=True)
        # Qt hands StrEnum data back as plain str: turn it back into the enum.
        edited = dataclasses.replace(self.tie, kind=KIND_ENUM[cls](self.kind.currentData()))
        if isinstance(edited, Partnership) and self.status is not None and self.swap is not None:
            edited = dataclasses.replace(edited, status=PartnerStatus(self.status.currentData()),
                                         swap_sides=self.swap.isChecked())
        values = changed_fields(self.tie, edited)
        return TieEdit(cls, self.tie.id, values) if values else None


@dataclass(frozen=True, slots=True)
class PersonEdit:
    """The side panel's Apply: only what the user changed."""

    values: dict[str, object] = field(default_factory=dict)  # Person field -> new value
    ties: list[TieEdit] = field(default_factory=list)
    lives_in: bool | None = None  # None: the household tick was not changed


# Labels come from storage/labels.py (one table for every stored choice).
OVERLAY_TEXT = {k: k.label for k in OverlayKind}
SEX_TEXT = {k: k.label for k in Sex}
EXISTENCE_TEXT = {k: k.label for k in Existence}
KIND_TEXT = {k: k.label for k in PartnerKind}
STATUS_TEXT = {k: k.label for k in PartnerStatus}
PARENT_TEXT = {k: k.label for k in ParentKind}


def _combo(texts: dict, name: str) -> QComboBox:  # type: ignore[type-arg]
    box = QComboBox()
    box.setObjectName(name)
    for value, text in texts.items():
        box.addItem(text, value)
    return box


def _select(box: QComboBox, value: object) -> None:
    i = box.findData(value)
    box.setCurrentIndex(max(i, 0))


class PersonPanel(QWidget):
    apply_requested = Signal()
    delete_requested = Signal()
    periods_requested = Signal()  # "Household periods…": the whole history of living there

    def __init__(self, parent: QWidget | None = None, drafts: DraftBook | None = None) -> None:
        super().__init__(parent)
        self.person: Person | None = None
        self.setMinimumWidth(360)
        outer = QVBoxLayout(self)
        # Unapplied typing is kept as a draft for the person it was typed for (app/drafts.py),
        # whatever takes the panel away (another person chosen, a lock, a quit).
        self.keeper = DraftKeeper(self, drafts, "person", self.draft_state, self.restore_draft)
        outer.addWidget(self.keeper.bar)
        self.heading = QLabel("Select a person to see and edit their details.")
        self.heading.setWordWrap(True)
        outer.addWidget(self.heading)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        body = QWidget()
        self.body = body
        self.form = QFormLayout(body)
        scroll.setWidget(body)
        outer.addWidget(scroll, 1)

        self.given = QLineEdit(objectName="given_names")
        self.family = QLineEdit(objectName="family_name")
        self.known_as = QLineEdit(objectName="known_as")
        self.sex = _combo(SEX_TEXT, "sex")
        self.dob = QLineEdit(objectName="date_of_birth")
        self.dob.setPlaceholderText("22/05/2016, May 2016, 2016, ?2016")
        self.deceased = QCheckBox("Deceased", objectName="deceased")
        self.dod = QLineEdit(objectName="date_of_death")
        self.existence = _combo(EXISTENCE_TEXT, "existence")
        self.index = QCheckBox("Index child", objectName="index")
        self.index.setToolTip("The child this case is about (double outline on the genogram)")
        self.twin_group = QLineEdit(objectName="twin_group")
        self.twin_group.setPlaceholderText("same text for each twin, e.g. T1")
        self.twin_kind = _combo(
            {None: "—", TwinKind.FRATERNAL: "Fraternal", TwinKind.IDENTICAL: "Identical"},
            "twin_kind",
        )
        self.household = QCheckBox("Lives in the child's household now", objectName="household")
        self.periods_button = QPushButton("Household periods…", objectName="household_periods")
        self.periods_button.setToolTip("When this person lived with the child: moved in, moved "
                                       "out, moved back (drives the genogram's 'as at' date)")
        self.periods_button.clicked.connect(self.periods_requested.emit)
        self.notes = QPlainTextEdit(objectName="notes")
        self.notes.setFixedHeight(60)
        for label, w in (
            ("Given names", self.given),
            ("Family name", self.family),
            ("Known as", self.known_as),
            ("Sex", self.sex),
            ("Date of birth", self.dob),
            ("", self.deceased),
            ("Date of death", self.dod),
            ("Existence", self.existence),
            ("", self.index),
            ("Twin group", self.twin_group),
            ("Twin kind", self.twin_kind),
            ("", self.household),
            ("", self.periods_button),
            ("Notes", self.notes),
        ):
            self.form.addRow(label, w)
        self.relations = QGroupBox("Relationships")
        self.relations_form = QFormLayout(self.relations)
        # Names can be long: put each label above its controls rather than cutting it off.
        self.relations_form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        self.form.addRow(self.relations)
        self._relation_rows: list[RelationRow] = []
        self._loading = False
        self.dirty = False

        self.error = QLabel("", objectName="error")
        self.error.setStyleSheet("color: #b3261e")
        self.error.setWordWrap(True)
        outer.addWidget(self.error)
        buttons = QHBoxLayout()
        self.apply_button = QPushButton("Apply", objectName="apply")
        self.apply_button.setDefault(True)
        self.revert_button = QPushButton("Revert", objectName="revert")
        self.delete_button = QPushButton("Delete person…", objectName="delete")
        buttons.addWidget(self.apply_button)
        buttons.addWidget(self.revert_button)
        buttons.addStretch(1)
        buttons.addWidget(self.delete_button)
        outer.addLayout(buttons)
        self._watch(
            self.given,
            self.family,
            self.known_as,
            self.sex,
            self.dob,
            self.deceased,
            self.dod,
            self.existence,
            self.index,
            self.twin_group,
            self.twin_kind,
            self.household,
            self.notes,
        )
        self.apply_button.clicked.connect(self.apply_requested.emit)
        self.revert_button.clicked.connect(self.revert)
        self.delete_button.clicked.connect(self.delete_requested.emit)
        self._data: GenogramData | None = None
        self.keeper.inputs = [self.body, self.apply_button, self.revert_button]
        self.load(None, None)

    def set_as_at(self, day: dt.date | None) -> None:
        """Showing another day's household: say so on the tick and leave history to the
        Household periods dialog."""
        if day is None:
            self.household.setText("Lives in the child's household now")
        else:
            self.household.setText(f"In the household on {day:%d/%m/%Y}")
        self.household.setEnabled(day is None)  # the panel disables it too with no person

    def _watch(self, *widgets: QWidget) -> None:
        """Any change the user makes marks the form dirty (programmatic loads do not)."""
        for w in widgets:
            if isinstance(w, QLineEdit):
                w.textChanged.connect(self._touched)
            elif isinstance(w, QComboBox):
                w.currentIndexChanged.connect(self._touched)
            elif isinstance(w, QCheckBox):
                w.toggled.connect(self._touched)
            elif isinstance(w, QPlainTextEdit):
                w.textChanged.connect(self._touched)

    def _touched(self, *_args: object) -> None:
        if not self._loading:
            self.dirty = True

    def load(self, person: Person | None, data: GenogramData | None) -> None:
        self.keeper.keep()  # what was typed for the person shown until now, before it goes
        self._loading = True
        try:
            self._load(person, data)
        finally:
            self._loading = False
            self.dirty = False
        if person is not None and person.id is not None and data is not None:
            self.keeper.bind(str(person.id), data.name(person.id))
        else:
            self.keeper.unbind()

    def revert(self) -> None:
        """Back to what the case holds now (it may have changed while the user typed)."""
        if self.person is not None and self._data is not None:
            self.keeper.discard()  # Revert is the user throwing the typing away
            self.load(self._data.person(self.person.id), self._data)  # type: ignore[arg-type]

    # Drafts (app/drafts.py) -------------------------------------------------------------------
    _FIELDS = ("given", "family", "known_as", "dob", "dod", "twin_group")
    _CHOICES = ("sex", "existence", "twin_kind")
    _TICKS = ("deceased", "index", "household")

    def draft_state(self) -> dict[str, Any]:
        state: dict[str, Any] = {name: getattr(self, name).text() for name in self._FIELDS}
        state.update({name: getattr(self, name).currentData() for name in self._CHOICES})
        state.update({name: getattr(self, name).isChecked() for name in self._TICKS})
        state["notes"] = self.notes.toPlainText()
        state["ties"] = {
            f"{TIE_NAME[type(r.tie)]}:{r.tie.id}": {
                "kind": r.kind.currentData(),
                "status": r.status.currentData() if r.status is not None else None,
                "swap": r.swap.isChecked() if r.swap is not None else None,
                "remove": r.remove.isChecked()}
            for r in self._relation_rows}
        return state

    def restore_draft(self, state: dict[str, Any]) -> None:
        for name in self._FIELDS:
            getattr(self, name).setText(state.get(name, ""))
        for name in self._CHOICES:
            _select(getattr(self, name), state.get(name))
        for name in self._TICKS:
            getattr(self, name).setChecked(bool(state.get(name)))
        self.notes.setPlainText(state.get("notes", ""))
        ties = state.get("ties", {})
        for r in self._relation_rows:
            saved = ties.get(f"{TIE_NAME[type(r.tie)]}:{r.tie.id}")
            if saved is None:
                continue  # a line added since: as it is now
            _select(r.kind, saved.get("kind"))
            if r.status is not None:
                _select(r.status, saved.get("status"))
            if r.swap is not None:
                r.swap.setChecked(bool(saved.get("swap")))
            r.remove.setChecked(bool(saved.get("remove")))
        self.dirty = True

    def keep_editing(self, person: Person | None, data: GenogramData | None) -> bool:
        """After a change elsewhere: keep the user's unsaved typing for the same person."""
        if person is None or self.person is None or person.id != self.person.id or not self.dirty:
            return False
        self._data = data
        return True

    def _load(self, person: Person | None, data: GenogramData | None) -> None:
        self.person, self._data = person, data
        self.error.setText("")
        enabled = person is not None
        for w in (self.apply_button, self.revert_button, self.delete_button, self.body):
            w.setEnabled(enabled)
        if person is None or data is None:
            self.heading.setText("Select a person to see and edit their details.")
            for edit in (
                self.given,
                self.family,
                self.known_as,
                self.dob,
                self.dod,
                self.twin_group,
            ):
                edit.clear()
            _select(self.sex, Sex.UNKNOWN)
            self.notes.clear()
            self.deceased.setChecked(False)
            self.index.setChecked(False)
            self.household.setChecked(False)
            self._clear_relations()
            return
        assert person.id is not None
        self.heading.setText(f"<b>{html.escape(data.name(person.id))}</b>")
        self.given.setText(person.given_names)
        self.family.setText(person.family_name)
        self.known_as.setText(person.known_as)
        _select(self.sex, person.sex)
        self.dob.setText(person.date_of_birth.display() if person.date_of_birth else "")
        self.deceased.setChecked(person.deceased)
        self.dod.setText(person.date_of_death.display() if person.date_of_death else "")
        _select(self.existence, person.existence)
        self.index.setChecked(person.is_index_child)
        self.twin_group.setText(person.twin_group)
        _select(self.twin_kind, person.twin_kind)
        self.household.setChecked(person.id in data.household)
        self.notes.setPlainText(person.notes)
        self._load_relations(person, data)

    def _clear_relations(self) -> None:
        while self.relations_form.rowCount():
            self.relations_form.removeRow(0)
        self._relation_rows = []

    def _relation_row(
        self,
        tie: Tie,
        label: str,
        kind: QComboBox,
        status: QComboBox | None = None,
        swap: QCheckBox | None = None,
    ) -> None:
        remove = QCheckBox("Remove this line")
        remove.setObjectName(f"remove_{TIE_NAME[type(tie)]}")
        row = QWidget()
        lay = QVBoxLayout(row)
        lay.setContentsMargins(0, 0, 0, 0)
        for w in (kind, status, swap, remove):
            if w is not None:
                lay.addWidget(w)
        self.relations_form.addRow(label, row)
        self._relation_rows.append(RelationRow(tie, kind, status, swap, remove))
        self._watch(*(w for w in (kind, status, swap, remove) if w is not None))

    def _load_relations(self, person: Person, data: GenogramData) -> None:
        self._clear_relations()
        names = {p.id: data.name(p.id) for p in data.people if p.id is not None}
        for c in data.partnerships:
            if person.id not in (c.person_a, c.person_b):
                continue
            other = c.person_b if c.person_a == person.id else c.person_a
            kind, status = _combo(KIND_TEXT, "partner_kind"), _combo(STATUS_TEXT, "partner_status")
            _select(kind, c.kind)
            _select(status, c.status)
            swap = QCheckBox("Swap sides")
            swap.setChecked(c.swap_sides)
            self._relation_row(c, f"Partner: {names.get(other, '?')}", kind, status, swap)
        for lk in data.parent_links:
            if person.id in (lk.child_id, lk.parent_id):
                kind = _combo(PARENT_TEXT, "parent_kind")
                _select(kind, lk.kind)
                label = (
                    f"Parent: {names.get(lk.parent_id, '?')}"
                    if lk.child_id == person.id
                    else f"Child: {names.get(lk.child_id, '?')}"
                )
                self._relation_row(lk, label, kind)
        for ov in data.overlays:
            if person.id in (ov.from_person, ov.to_person):
                kind = _combo(OVERLAY_TEXT, "overlay_kind")
                _select(kind, ov.kind)
                label = f"{names.get(ov.from_person, '?')} → {names.get(ov.to_person, '?')}"
                self._relation_row(ov, label, kind)
        if not self._relation_rows:
            self.relations_form.addRow(QLabel("No partners, parents or children recorded."))

    def edited_person(self) -> Person:
        """The loaded person with the form's values (dataclasses.replace: nothing else lost);
        raises CaseError with a message for a date that cannot be read or does not fit."""
        person = self.person
        if person is None:
            raise CaseError("Select a person first.")
        dob = parse_optional_date(self.dob.text())
        dod = parse_optional_date(self.dod.text())
        twin_group = self.twin_group.text().strip()
        edited = dataclasses.replace(
            person,
            given_names=self.given.text().strip(),
            family_name=self.family.text().strip(),
            known_as=self.known_as.text().strip(),
            sex=Sex(self.sex.currentData()),
            date_of_birth=dob,
            deceased=self.deceased.isChecked() or dod is not None,
            date_of_death=dod,
            is_index_child=self.index.isChecked(),
            existence=Existence(self.existence.currentData()),
            twin_group=twin_group,
            twin_kind=(
                TwinKind(self.twin_kind.currentData())
                if twin_group and self.twin_kind.currentData()
                else None
            ),
            notes=self.notes.toPlainText(),
        )
        check_person(edited)  # said here at once; the operation checks it again
        return edited

    def edits(self) -> PersonEdit:
        """Validate the form and return what the user changed; raises CaseError."""
        person = self.person
        if person is None or self._data is None:
            raise CaseError("Select a person first.")
        values = changed_fields(person, self.edited_person())
        ties = [e for e in (r.edit() for r in self._relation_rows) if e is not None]
        lives_in = self.household.isChecked()
        changed_home = lives_in != (person.id in self._data.household)
        return PersonEdit(values, ties, lives_in if changed_home else None)

    def show_error(self, message: str) -> None:
        self.error.setText(message)
