"""The entry editor: one read path (load) and one write path (entry()), checked as you type.

Errors (no date, no description, no source) disable Save. Warnings (a future date, a date
before a linked person was born) are shown and must be confirmed with a tick before saving:
warned about, never silently accepted.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from PySide6.QtCore import Qt, QTimer
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
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.chronology.disputes_editor import DisputesEditor
from app.qt_roles import USER
from forms.chronology_rules import Issue, Level, PersonDates, check_entry
from forms.dates import HINT, Strictness, parse_event_date, parse_optional_date, parse_time
from storage.casefile import CaseFile
from storage.chronology import Category, ChronologyEntry
from storage.chronology_store import agencies
from storage.dates import EventDate, PartialDate
from storage.errors import InvalidValue
from storage.ids import AgencyId, PersonId
from storage.people import Person, Sex

CHECKED = Qt.CheckState.Checked
UNCHECKED = Qt.CheckState.Unchecked


def _text_box(lines: int) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setTabChangesFocus(True)
    box.setFixedHeight(22 + 18 * lines)
    return box


class EntryEditor(QDialog):
    def __init__(
        self,
        case: CaseFile,
        entry: ChronologyEntry | None = None,
        parent: QWidget | None = None,
        today: dt.date | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Chronology entry")
        self._today = today or dt.date.today()
        self._original = entry
        self._parsed_date: EventDate | None = None
        self._people_dates: dict[PersonId, PersonDates] = {}

        self.date_edit = QLineEdit()
        self.date_edit.setPlaceholderText(HINT[Strictness.QUALIFIED])
        self.date_edit.setToolTip(
            "Exact (22/05/2026), approximate (?22/05/2026, c. 2026), month or year only "
            "(May 2026), before 3/2026, after 12/06/2026, or between May and July 2026."
        )
        self.date_read = QLabel()
        self.time_edit = QLineEdit()
        self.time_edit.setPlaceholderText("14:30 (optional)")
        self.sequence = QSpinBox()
        self.sequence.setRange(0, 999999)
        self.sequence.setToolTip("Orders events on the same day whose times are not known.")
        self.agency = QComboBox()
        for agency in agencies(case):
            self.agency.addItem(agency.name, agency.id)
        self.category = QComboBox()
        for category in Category:
            self.category.addItem(category.label, category.value)
        self.people = QListWidget()
        self.people.setFixedHeight(110)
        everyone = case.all(Person)
        for person in everyone:
            item = QListWidgetItem(person.display_name)
            item.setData(USER, person.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(UNCHECKED)
            self.people.addItem(item)
            assert person.id is not None
            self._people_dates[person.id] = PersonDates(person.display_name, person.date_of_birth)
        self.what = _text_box(4)
        self.action = _text_box(2)
        self.outcome = _text_box(2)
        self.significance = _text_box(2)
        self.source = QLineEdit()
        self.source.setPlaceholderText("Document and page, e.g. GP letter 12/05/2026 p.2")
        self.author = QLineEdit()
        self.recorded = QLineEdit()
        self.recorded.setPlaceholderText("when the agency wrote it down, if different (optional)")
        self.key_event = QCheckBox("Key event")
        self.disputed = QCheckBox("Disputed")
        self.disputes = DisputesEditor(
            [(p.display_name, p.id) for p in everyone if p.sex is Sex.MALE and p.id is not None],
            {p.id: p.display_name for p in everyone if p.id is not None},
        )
        self.disputes.setVisible(False)
        self.disputed.toggled.connect(self._disputed_toggled)
        self.issues = QLabel()
        self.issues.setWordWrap(True)
        self.issues.setObjectName("issues")
        self.confirm = QCheckBox("I have checked the warnings above; save anyway")
        self.confirm.setVisible(False)

        form = QFormLayout()
        when = QHBoxLayout()
        when.addWidget(self.date_edit, 2)
        when.addWidget(self.time_edit, 1)
        when.addWidget(QLabel("Sequence"))
        when.addWidget(self.sequence)
        form.addRow("Date / time", when)
        form.addRow("", self.date_read)
        form.addRow("Agency", self.agency)
        form.addRow("Category", self.category)
        form.addRow("People involved", self.people)
        form.addRow("What happened", self.what)
        form.addRow("Action taken", self.action)
        form.addRow("Outcome", self.outcome)
        form.addRow("Significance", self.significance)
        form.addRow("Source document", self.source)
        form.addRow("Author", self.author)
        form.addRow("Agency recorded it on", self.recorded)
        flags = QHBoxLayout()
        flags.addWidget(self.key_event)
        flags.addWidget(self.disputed)
        flags.addStretch()
        form.addRow("", flags)
        form.addRow("", self.disputes)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        # The form scrolls so the dialog fits a 1366x768 laptop even with disputing parties
        # listed; the issues and the Save button stay in view below it.
        body = QWidget()
        body.setLayout(form)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setWidget(body)
        # Not a Tab stop itself (it scrolls to the focused field): the date is the first stop,
        # where the focus starts, so typing at once types the date.
        self.scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.date_edit.setFocus(Qt.FocusReason.OtherFocusReason)
        layout = QVBoxLayout(self)
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
        for signal in (
            self.date_edit.textChanged,
            self.recorded.textChanged,
            self.time_edit.textChanged,
            self.source.textChanged,
            self.what.textChanged,
            self.people.itemChanged,
            self.disputes.changed,
            self.disputed.toggled,
            self.confirm.toggled,
            self.agency.currentIndexChanged,
        ):
            signal.connect(self.revalidate)
        self.revalidate()

    # One read path ----------------------------------------------------------------------------
    def load(self, entry: ChronologyEntry) -> None:
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

    # One write path ---------------------------------------------------------------------------
    def entry(self) -> ChronologyEntry:
        """The entry as edited. Call only when current_issues() has no errors."""
        assert self._parsed_date is not None
        people = [
            PersonId(self.people.item(i).data(USER))
            for i in range(self.people.count())
            if self.people.item(i).checkState() == CHECKED
        ]
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
            people=people,
        )
        # Edit a copy of the entry as stored, so every field this form does not show (its
        # source document, import batch, duplicate link, any field added later) is kept.
        if self._original is not None:
            return dataclasses.replace(self._original, **fields)  # type: ignore[arg-type]
        return ChronologyEntry(**fields)  # type: ignore[arg-type]

    def _disputed_toggled(self, on: bool) -> None:
        self.disputes.setVisible(on)
        if on and not self.disputes.rows:
            self.disputes.add_row()
        if on:  # bring the parties into view once the layout has made room for them
            QTimer.singleShot(0, lambda: self.scroll.ensureWidgetVisible(self.disputes, 0, 40))

    def showEvent(self, event) -> None:  # type: ignore[no-untyped-def]  # noqa: N802
        """Open as tall as the form needs, but never taller than the screen."""
        super().showEvent(event)
        wanted = self.scroll.widget().sizeHint()
        screen = self.screen().availableGeometry() if self.screen() else None
        height = wanted.height() + 140
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
            self.date_read.setText(
                f"Read as {self._parsed_date.court()} ({self._parsed_date.certainty.label})"
            )
        except InvalidValue as exc:
            self.date_read.setText("")
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

    def revalidate(self) -> None:
        issues = self.current_issues()
        errors = [i for i in issues if i.level is Level.ERROR]
        warnings = [i for i in issues if i.level is Level.WARNING]
        lines = [f"<span style='color:#a40000'>✖ {i.message}</span>" for i in errors]
        lines += [f"<span style='color:#8a5a00'>⚠ {i.message}</span>" for i in warnings]
        self.issues.setText("<br>".join(lines))
        self.confirm.setVisible(bool(warnings))
        ok = not errors and (not warnings or self.confirm.isChecked())
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(ok)
