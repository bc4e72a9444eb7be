"""The entry editor: one read path (load) and one write path (entry()), and a layout that stays
still while you type.

Issue 12 found the old dialog moving under the pointer: validation text appeared above the
buttons and pushed fields down (clicks landed in the wrong field), and errors showed before
anything was typed. Now:

- every checked field has **its own note line, reserved** under it (one line high whether it
  holds a message or not), so nothing ever moves when a message comes or goes; the full text
  is in the note's tooltip and in the field's accessible description, for a screen reader;
- a field's problems show **when the field is left or on Save**, never before; once shown
  they follow the typing, so a mistake disappears the moment it is corrected;
- Save is always offered (unless the case is read-only): pressing it with a problem left
  shows every problem and puts the focus on the first, instead of a disabled button that
  does not say why.

Errors (no date, no description, no source, no agency) stop the save. Warnings (a future date,
a date before a linked person was born) are shown and must be confirmed with a tick, which
sits in its own reserved place: warned about, never silently accepted.

The people an entry names are linked as they are typed (the lens's name rules,
forms/lens/mentions.py): each shows "named in the text" in the people list and can be unticked;
a name already in the text when the editor opened and not linked was unlinked on purpose and
stays so.

Unsaved answers are kept as a draft (app/drafts.py) whenever a field is left or the dialog
loses the case (lock, quit); Cancel with answers typed asks first.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.chronology.disputes_editor import DisputesEditor
from app.drafts import DraftBook, DraftKeeper, ask_before_closing
from app.qt_roles import USER
from forms.chronology_rules import Issue, Level, PersonDates, check_entry
from forms.dates import HINT, Strictness, parse_event_date, parse_optional_date, parse_time
from forms.lens.mentions import NameIndex
from storage.casefile import CaseFile
from storage.chronology import Category, ChronologyEntry, Dispute, DisputeParty
from storage.chronology_store import agencies
from storage.dates import EventDate, PartialDate
from storage.errors import InvalidValue
from storage.ids import AgencyId, PersonId
from storage.people import Person, Sex

CHECKED = Qt.CheckState.Checked
UNCHECKED = Qt.CheckState.Unchecked
_FOCUS_OUT = QEvent.Type.FocusOut
ERROR_COLOUR = "#a40000"
WARNING_COLOUR = "#7a4d00"
NAMED = "named in the text"

# The fields with their own note, in the order Save puts the focus on the first problem.
NOTED = ("event_date", "agency_id", "what_happened", "source_ref", "recorded_on", "disputes")
_FIELD_OF = {"event_time": "event_date", "people": "event_date"}  # notes shared with a row


def _text_box(lines: int) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setTabChangesFocus(True)
    box.setFixedHeight(22 + 18 * lines)
    return box


class FieldNote(QLabel):
    """One reserved line under a field: its problems, or what the date was read as.

    Always the same height, so a message arriving never moves a field; a long message is
    shortened with "…" and given whole in the tooltip (and by the field to a screen reader).
    """

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"note:{name}")
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setFixedHeight(self.fontMetrics().height() + 4)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.full = ""
        self.level: Level | None = None

    def say(self, text: str, level: Level | None) -> None:
        self.full, self.level = text, level
        colour = {Level.ERROR: ERROR_COLOUR, Level.WARNING: WARNING_COLOUR}.get(
            level, "#3b3b3b")  # type: ignore[arg-type]
        self.setStyleSheet(f"color:{colour}")
        self.setToolTip(text)
        self._elide()

    def _elide(self) -> None:
        width = max(self.width() - 4, 40)
        self.setText(self.fontMetrics().elidedText(self.full, Qt.TextElideMode.ElideRight, width))

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self._elide()


def _issue_text(issues: list[Issue]) -> tuple[str, Level | None]:
    errors = [i.message for i in issues if i.level is Level.ERROR]
    warnings = [i.message for i in issues if i.level is Level.WARNING]
    if errors:
        return "✖ " + " · ".join(errors + warnings), Level.ERROR
    if warnings:
        return "⚠ " + " · ".join(warnings), Level.WARNING
    return "", None


class EntryEditor(QDialog):
    def __init__(
        self,
        case: CaseFile,
        entry: ChronologyEntry | None = None,
        parent: QWidget | None = None,
        today: dt.date | None = None,
        drafts: DraftBook | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Chronology entry")
        self._today = today or dt.date.today()
        self._original = entry
        self._parsed_date: EventDate | None = None
        self._people_dates: dict[PersonId, PersonDates] = {}
        self._touched: set[str] = set()  # fields whose problems are on show
        self._manual: dict[PersonId, bool] = {}  # people the user ticked or unticked herself
        self._named: set[PersonId] = set()
        self._named_at_load: set[PersonId] = set()
        self._loading = False

        self.date_edit = QLineEdit()
        self.date_edit.setObjectName("event_date")
        self.date_edit.setPlaceholderText(HINT[Strictness.QUALIFIED])
        self.date_edit.setToolTip(
            "Exact (22/05/2026), approximate (?22/05/2026, c. 2026), month or year only "
            "(May 2026), before 3/2026, after 12/06/2026, or between May and July 2026."
        )
        self.time_edit = QLineEdit()
        self.time_edit.setObjectName("event_time")
        self.time_edit.setAccessibleName("Time")
        self.time_edit.setPlaceholderText("14:30 (optional)")
        self.sequence = QSpinBox()
        self.sequence.setObjectName("sequence")
        self.sequence.setRange(0, 999999)
        self.sequence.setToolTip("Orders events on the same day whose times are not known.")
        self.agency = QComboBox()
        self.agency.setObjectName("agency")
        for agency in agencies(case):
            self.agency.addItem(agency.name, agency.id)
        self.category = QComboBox()
        self.category.setObjectName("category")
        for category in Category:
            self.category.addItem(category.label, category.value)
        self.people = QListWidget()
        self.people.setObjectName("people")
        self.people.setFixedHeight(110)
        everyone = case.all(Person)
        self._names = {p.id: p.display_name for p in everyone if p.id is not None}
        for person in everyone:
            item = QListWidgetItem(person.display_name)
            item.setData(USER, person.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(UNCHECKED)
            self.people.addItem(item)
            assert person.id is not None
            self._people_dates[person.id] = PersonDates(person.display_name, person.date_of_birth)
        self.name_index = NameIndex.of_case(case)
        self.what = _text_box(4)
        self.what.setObjectName("what_happened")
        self.action = _text_box(2)
        self.action.setObjectName("action_taken")
        self.outcome = _text_box(2)
        self.outcome.setObjectName("outcome")
        self.significance = _text_box(2)
        self.significance.setObjectName("significance")
        self.source = QLineEdit()
        self.source.setObjectName("source_ref")
        self.source.setPlaceholderText("Document and page, e.g. GP letter 12/05/2026 p.2")
        self.author = QLineEdit()
        self.author.setObjectName("author")
        self.recorded = QLineEdit()
        self.recorded.setObjectName("recorded_on")
        self.recorded.setPlaceholderText("when the agency wrote it down, if different (optional)")
        self.key_event = QCheckBox("Key event")
        self.key_event.setObjectName("key_event")
        self.disputed = QCheckBox("Disputed")
        self.disputed.setObjectName("disputed")
        self.disputes = DisputesEditor(
            [(p.display_name, p.id) for p in everyone if p.sex is Sex.MALE and p.id is not None],
            self._names,
        )
        self.disputes.setVisible(False)
        self.disputed.toggled.connect(self._disputed_toggled)
        self.notes = {name: FieldNote(name) for name in NOTED}

        form = QFormLayout()
        when = QHBoxLayout()
        when.addWidget(self.date_edit, 2)
        when.addWidget(self.time_edit, 1)
        sequence_label = QLabel("&Sequence")
        sequence_label.setBuddy(self.sequence)
        when.addWidget(sequence_label)
        when.addWidget(self.sequence)
        self._row(form, "&Date / time", when, self.date_edit)
        form.addRow("", self.notes["event_date"])
        self._row(form, "&Agency", self.agency)
        form.addRow("", self.notes["agency_id"])
        self._row(form, "Cate&gory", self.category)
        self._row(form, "&People involved", self.people)
        self._row(form, "&What happened", self.what)
        form.addRow("", self.notes["what_happened"])
        self._row(form, "A&ction taken", self.action)
        self._row(form, "&Outcome", self.outcome)
        self._row(form, "Sig&nificance", self.significance)
        self._row(form, "Sou&rce document", self.source)
        form.addRow("", self.notes["source_ref"])
        self._row(form, "A&uthor", self.author)
        self._row(form, "Agency recorded it o&n", self.recorded)
        form.addRow("", self.notes["recorded_on"])
        flags = QHBoxLayout()
        flags.addWidget(self.key_event)
        flags.addWidget(self.disputed)
        flags.addStretch()
        form.addRow("", flags)
        form.addRow("", self.disputes)
        form.addRow("", self.notes["disputes"])
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        # The form scrolls so the dialog fits a 1366x768 laptop even with disputing parties
        # listed; the summary, the warning tick and the buttons stay in view below it, each in
        # space of its own that is there whether or not it has anything to say.
        body = QWidget()
        body.setLayout(form)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setWidget(body)
        self.issues = QLabel()
        self.issues.setObjectName("issues")
        self.issues.setTextFormat(Qt.TextFormat.PlainText)
        self.issues.setFixedHeight(self.issues.fontMetrics().height() + 4)
        self.issues.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.confirm = QCheckBox("I have checked the warnings above; save anyway")
        self.confirm.setObjectName("confirm")
        policy = self.confirm.sizePolicy()
        policy.setRetainSizeWhenHidden(True)  # its place is kept while there is no warning
        self.confirm.setSizePolicy(policy)
        self.confirm.setVisible(False)
        # Not a Tab stop itself (it scrolls to the focused field): the date is the first stop,
        # where the focus starts, so typing at once types the date.
        self.scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.date_edit.setFocus(Qt.FocusReason.OtherFocusReason)
        layout = QVBoxLayout(self)
        save = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.keeper = DraftKeeper(self, drafts, "entry", self.draft_state, self.restore_draft,
                                  inputs=[self.scroll, save, self.confirm])
        layout.addWidget(self.keeper.bar)
        layout.addWidget(self.scroll, 1)
        layout.addWidget(self.issues)
        layout.addWidget(self.confirm)
        layout.addWidget(self.buttons)

        if entry is not None:
            self.load(entry)
        else:
            # A new entry: the agency must be chosen, never defaulted to the first in the list.
            self.agency.setCurrentIndex(-1)
            self.category.setCurrentIndex(self.category.findData(Category.OTHER.value))
        for widget, field in ((self.date_edit, "event_date"), (self.time_edit, "event_time"),
                              (self.agency, "agency_id"), (self.what, "what_happened"),
                              (self.source, "source_ref"), (self.recorded, "recorded_on")):
            widget.setProperty("field", field)
            widget.installEventFilter(self)
        for signal in (
            self.date_edit.textChanged,
            self.recorded.textChanged,
            self.time_edit.textChanged,
            self.source.textChanged,
            self.what.textChanged,
            self.disputes.changed,
            self.disputed.toggled,
            self.confirm.toggled,
            self.agency.currentIndexChanged,
        ):
            signal.connect(self.revalidate)
        for box in (self.what, self.action, self.outcome, self.significance):
            box.textChanged.connect(self._link_named)
        self.people.itemChanged.connect(self._person_ticked)
        self._named_at_load = self._named_in_text()
        self._named = set(self._named_at_load)
        self._mark_named()
        self.revalidate()
        self.keeper.bind(self._subject(), self._draft_label())

    @property
    def original(self) -> ChronologyEntry | None:
        """The entry as stored when the editor opened (None for a new entry)."""
        return self._original

    @staticmethod
    def _row(form: QFormLayout, text: str, field: Any, buddy: QWidget | None = None) -> None:
        label = QLabel(text)
        label.setBuddy(buddy or field)
        form.addRow(label, field)

    # One read path ----------------------------------------------------------------------------
    def load(self, entry: ChronologyEntry) -> None:
        self._loading = True
        try:
            self.date_edit.setText(entry.when.display())
            self.recorded.setText(entry.recorded_on.display() if entry.recorded_on else "")
            self.time_edit.setText(entry.event_time)
            self.sequence.setValue(entry.sequence)
            self.agency.setCurrentIndex(max(0, self.agency.findData(entry.agency_id)))
            self.category.setCurrentIndex(max(0, self.category.findData(entry.category)))
            for i in range(self.people.count()):
                item = self.people.item(i)
                item.setCheckState(CHECKED if item.data(USER) in entry.people else UNCHECKED)
            self.what.setPlainText(entry.what_happened)
            self.action.setPlainText(entry.action_taken)
            self.outcome.setPlainText(entry.outcome)
            self.significance.setPlainText(entry.significance)
            self.source.setText(entry.source_ref)
            self.author.setText(entry.author)
            self.key_event.setChecked(entry.key_event)
            self.disputed.setChecked(entry.disputed)
            self.disputes.load(entry.disputes)
        finally:
            self._loading = False

    # One write path ---------------------------------------------------------------------------
    def entry(self) -> ChronologyEntry:
        """The entry as edited. Call only when can_save() (no errors)."""
        assert self._parsed_date is not None
        fields = dict(
            event_date=self._parsed_date.date,
            date_qualifier=self._parsed_date.qualifier,
            date_until=self._parsed_date.until,
            recorded_on=self._recorded(),
            agency_id=AgencyId(self.agency.currentData()),
            what_happened=self.what.toPlainText().strip(),
            source_ref=self.source.text().strip(),
            event_time=self._time(),
            sequence=self.sequence.value(),
            category=self.category.currentData(),
            action_taken=self.action.toPlainText().strip(),
            outcome=self.outcome.toPlainText().strip(),
            significance=self.significance.toPlainText().strip(),
            author=self.author.text().strip(),
            key_event=self.key_event.isChecked(),
            disputed=self.disputed.isChecked(),
            disputes=self.disputes.disputes() if self.disputed.isChecked() else [],
            people=self.linked(),
        )
        # Edit a copy of the entry as stored, so every field this form does not show (its
        # source document, import batch, duplicate link, any field added later) is kept.
        if self._original is not None:
            return dataclasses.replace(self._original, **fields)  # type: ignore[arg-type]
        return ChronologyEntry(**fields)  # type: ignore[arg-type]

    def linked(self) -> list[PersonId]:
        return [
            PersonId(self.people.item(i).data(USER))
            for i in range(self.people.count())
            if self.people.item(i).checkState() == CHECKED
        ]

    # The people it names ----------------------------------------------------------------------
    def _named_in_text(self) -> set[PersonId]:
        text = "\n".join(box.toPlainText() for box in
                         (self.what, self.action, self.outcome, self.significance))
        return {PersonId(p) for p in self.name_index.named_in(text)}

    def _link_named(self) -> None:
        """Tick the people the text now names (and untick those it no longer names), except
        where the user decided herself, or the person was named but unlinked at opening."""
        if self._loading:
            return
        named = self._named_in_text()
        self.people.blockSignals(True)
        try:
            for i in range(self.people.count()):
                item = self.people.item(i)
                pid = PersonId(item.data(USER))
                if pid in self._manual or pid in self._named_at_load:
                    continue
                if pid in named and pid not in self._named:
                    item.setCheckState(CHECKED)
                elif pid not in named and pid in self._named:
                    item.setCheckState(UNCHECKED)
        finally:
            self.people.blockSignals(False)
        self._named = named
        self._mark_named()
        self.revalidate()

    def _mark_named(self) -> None:
        self.people.blockSignals(True)
        try:
            for i in range(self.people.count()):
                item = self.people.item(i)
                pid = PersonId(item.data(USER))
                name = self._names.get(pid, "?")
                item.setText(f"{name} — {NAMED}" if pid in self._named else name)
        finally:
            self.people.blockSignals(False)

    def _person_ticked(self, item: QListWidgetItem) -> None:
        if self._loading:
            return
        self._manual[PersonId(item.data(USER))] = item.checkState() == CHECKED
        self._touched.add("people")
        self.revalidate()

    # Drafts -----------------------------------------------------------------------------------
    def _subject(self) -> str:
        return str(self._original.id) if self._original is not None and self._original.id \
            else "new"

    def _draft_label(self) -> str:
        if self._original is None:
            return "a new chronology entry"
        return f"the chronology entry of {self._original.when.display()}"

    def draft_state(self) -> dict[str, Any]:
        return {
            "date": self.date_edit.text(), "time": self.time_edit.text(),
            "sequence": self.sequence.value(), "agency": self.agency.currentData(),
            "category": self.category.currentData(), "people": sorted(self.linked()),
            "what": self.what.toPlainText(), "action": self.action.toPlainText(),
            "outcome": self.outcome.toPlainText(),
            "significance": self.significance.toPlainText(), "source": self.source.text(),
            "author": self.author.text(), "recorded": self.recorded.text(),
            "key_event": self.key_event.isChecked(), "disputed": self.disputed.isChecked(),
            "disputes": [
                {"party": d.party.value, "version": d.version, "person": d.person_id,
                 "name": d.party_name} for d in self.disputes.disputes()
            ] if self.disputed.isChecked() else [],
            "manual": {str(k): v for k, v in self._manual.items()},
        }

    def restore_draft(self, state: dict[str, Any]) -> None:
        self._loading = True
        try:
            self.date_edit.setText(state.get("date", ""))
            self.time_edit.setText(state.get("time", ""))
            self.sequence.setValue(int(state.get("sequence", 0)))
            self.agency.setCurrentIndex(self.agency.findData(state.get("agency")))
            category = self.category.findData(state.get("category"))
            if category >= 0:
                self.category.setCurrentIndex(category)
            people = set(state.get("people", []))
            for i in range(self.people.count()):
                item = self.people.item(i)
                item.setCheckState(CHECKED if item.data(USER) in people else UNCHECKED)
            self.what.setPlainText(state.get("what", ""))
            self.action.setPlainText(state.get("action", ""))
            self.outcome.setPlainText(state.get("outcome", ""))
            self.significance.setPlainText(state.get("significance", ""))
            self.source.setText(state.get("source", ""))
            self.author.setText(state.get("author", ""))
            self.recorded.setText(state.get("recorded", ""))
            self.key_event.setChecked(bool(state.get("key_event")))
            self.disputed.setChecked(bool(state.get("disputed")))
            self.disputes.load([
                Dispute(DisputeParty(d["party"]), d.get("version", ""), d.get("person"),
                        d.get("name", "")) for d in state.get("disputes", [])
            ])
            self._manual = {PersonId(int(k)): bool(v)
                            for k, v in state.get("manual", {}).items()}
        finally:
            self._loading = False
        self._named = self._named_in_text()
        self._mark_named()
        self._touched.update(NOTED)  # restored answers are shown with their problems
        self.revalidate()

    def reject(self) -> None:  # Cancel, Escape, the window's close button
        if ask_before_closing(self, self.keeper):
            super().reject()

    # Validation -------------------------------------------------------------------------------
    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == _FOCUS_OUT:
            field = obj.property("field")
            if field:
                # A field left: its problems may show now (and after that they follow typing).
                self._touched.add(_FIELD_OF.get(field, field))
                QTimer.singleShot(0, self, self.revalidate)  # dropped if the dialog goes
        return False

    def _disputed_toggled(self, on: bool) -> None:
        self.disputes.setVisible(on)
        if on and not self.disputes.rows:
            self.disputes.add_row()
        if on:  # bring the parties into view once the layout has made room for them
            QTimer.singleShot(
                0, self, lambda: self.scroll.ensureWidgetVisible(self.disputes, 0, 40))

    def showEvent(self, event) -> None:  # type: ignore[no-untyped-def]  # noqa: N802
        """Open as tall as the form needs, but never taller than the screen."""
        super().showEvent(event)
        wanted = self.scroll.widget().sizeHint()
        screen = self.screen().availableGeometry() if self.screen() else None
        height = wanted.height() + 160
        width = max(self.width(), wanted.width() + 40, 860)
        if screen is not None:
            height = min(height, screen.height() - 60)
            width = min(width, screen.width() - 40)
        self.resize(width, height)

    def _recorded(self) -> PartialDate | None:
        try:
            return parse_optional_date(self.recorded.text(), today=self._today)
        except InvalidValue:
            return None  # reported by current_issues()

    def _time(self) -> str:
        try:
            return parse_time(self.time_edit.text())
        except InvalidValue:
            return ""  # reported by current_issues()

    def current_issues(self) -> list[Issue]:
        issues: list[Issue] = []
        self._parsed_date = None
        try:
            self._parsed_date = parse_event_date(self.date_edit.text(), today=self._today)
        except InvalidValue as exc:
            issues.append(Issue(Level.ERROR, "event_date", str(exc)))
        try:
            parse_optional_date(self.recorded.text(), today=self._today)
        except InvalidValue as exc:
            issues.append(Issue(Level.ERROR, "recorded_on", f"Date recorded: {exc}"))
        try:
            time = parse_time(self.time_edit.text())
        except InvalidValue as exc:
            time = ""
            issues.append(Issue(Level.ERROR, "event_time", str(exc)))
        if self.agency.currentData() is None:
            issues.append(Issue(Level.ERROR, "agency_id", "Choose the agency."))
        if self.disputed.isChecked():
            issues.extend(Issue(Level.ERROR, "disputes", p) for p in self.disputes.issues())
        self.disputes.set_allegation(self.what.toPlainText())
        if self._parsed_date is not None and self.agency.currentData() is not None:
            draft = self.entry()
            draft.event_time = time
            issues.extend(check_entry(draft, self._people_dates, self._today))
        else:
            if not self.what.toPlainText().strip():
                issues.append(Issue(Level.ERROR, "what_happened", "Say what happened."))
            if not self.source.text().strip():
                issues.append(
                    Issue(Level.ERROR, "source_ref", "Give the source document and page.")
                )
        return issues

    def messages(self) -> str:
        """Every current problem, shown or not yet (for tests and the summary)."""
        return "\n".join(i.message for i in self.current_issues())

    def can_save(self) -> bool:
        issues = self.current_issues()
        errors = [i for i in issues if i.level is Level.ERROR]
        warnings = [i for i in issues if i.level is Level.WARNING]
        return not errors and (not warnings or self.confirm.isChecked())

    def revalidate(self) -> None:
        issues = self.current_issues()
        by_note: dict[str, list[Issue]] = {name: [] for name in NOTED}
        for issue in issues:
            by_note[_FIELD_OF.get(issue.field, issue.field)].append(issue)
        for name, note in self.notes.items():
            shown = by_note[name] if name in self._touched else []
            # Warnings about the date (future, before a birth) follow the people too.
            if name == "event_date" and "people" in self._touched:
                shown = by_note[name]
            text, level = _issue_text(shown)
            if not text and name == "event_date" and self._parsed_date is not None:
                text = f"Read as {self._parsed_date.court()} ({self._parsed_date.certainty.label})"
            note.say(text, level)
            self._describe(name, text)
        warnings = [i for i in issues if i.level is Level.WARNING]
        shown_warnings = [w for w in warnings
                          if _FIELD_OF.get(w.field, w.field) in self._touched
                          or "people" in self._touched]
        self.confirm.setVisible(bool(shown_warnings))
        errors = [i for i in issues if i.level is Level.ERROR]
        shown_errors = [e for e in errors if _FIELD_OF.get(e.field, e.field) in self._touched]
        if shown_errors:
            n = len(shown_errors)
            self.issues.setText(f"✖ {n} problem{'s' if n != 1 else ''} to put right before "
                                "saving (shown under each field).")
            self.issues.setStyleSheet(f"color:{ERROR_COLOUR}")
        elif shown_warnings and not self.confirm.isChecked():
            self.issues.setText("⚠ Check the warning and tick the box below to save anyway.")
            self.issues.setStyleSheet(f"color:{WARNING_COLOUR}")
        else:
            self.issues.setText("")

    @property
    def date_read(self) -> FieldNote:
        """The date's note line: "Read as …" once the date is understood."""
        return self.notes["event_date"]

    def _describe(self, name: str, text: str) -> None:
        widget = {"event_date": self.date_edit, "agency_id": self.agency,
                  "what_happened": self.what, "source_ref": self.source,
                  "recorded_on": self.recorded, "disputes": self.disputes}[name]
        widget.setAccessibleDescription(text)

    def reveal(self) -> None:
        """What Save does first: every field's problems are shown."""
        self._touched.update(NOTED)
        self._touched.add("people")
        self.revalidate()

    def accept(self) -> None:  # Save, Enter, every way of accepting is checked
        self.reveal()
        if self.can_save():
            super().accept()
            return
        issues = self.current_issues()
        errors = [i for i in issues if i.level is Level.ERROR]
        if errors:
            widget = {"event_date": self.date_edit, "event_time": self.time_edit,
                      "agency_id": self.agency, "what_happened": self.what,
                      "source_ref": self.source, "recorded_on": self.recorded,
                      "disputes": self.disputes}.get(errors[0].field, self.date_edit)
            self.scroll.ensureWidgetVisible(widget)
            widget.setFocus()
        else:
            self.confirm.setFocus()
