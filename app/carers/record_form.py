"""A man's record as a form generated from forms.male_carer, with provenance on every field.

One read path (`load`) and one write path (`inputs` -> forms.record.save_record inside
session.perform). Each field row has: the answer, its status (answered / not known / not asked —
distinct from "no"), the source, the date learned and the basis (self-reported, reported by
someone else, verified from a record). A field left without its own provenance takes the
"this update" provenance at the top, so a practitioner writing up one visit types it once.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.carers.editors import FieldEditor, make_editor
from app.session import CaseSession
from forms.dates import parse_optional_date
from forms.fields import Field, FormDefinition
from forms.male_carer import MALE_CARER_FORM
from forms.record import BASIS_LABELS, STATUS_LABELS, FactInput, checked, load_facts, save_record
from storage.carers import CarerFact, FactBasis, FactStatus
from storage.errors import CaseError, InvalidValue
from storage.ids import PersonId
from storage.people import Person


def _basis_combo(name: str) -> QComboBox:
    combo = QComboBox()
    combo.setObjectName(name)
    combo.addItem("— basis —", None)
    for basis, label in BASIS_LABELS.items():
        combo.addItem(label, basis.value)
    return combo


# Qt hands combo data back as plain str (StrEnum subclass lost), so convert on the way out.
def _status(combo: QComboBox) -> FactStatus | None:
    data = combo.currentData()
    return FactStatus(data) if data else None


def _basis(combo: QComboBox) -> FactBasis | None:
    data = combo.currentData()
    return FactBasis(data) if data else None


class Provenance(QWidget):
    """Source, date learned and basis: one row of small inputs."""

    def __init__(self, prefix: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.source = QLineEdit()
        self.source.setObjectName(f"{prefix}:source")
        self.source.setPlaceholderText("source (agency or person)")
        self.learned = QLineEdit()
        self.learned.setObjectName(f"{prefix}:learned")
        self.learned.setPlaceholderText("date learned")
        self.learned.setMaximumWidth(120)
        self.basis = _basis_combo(f"{prefix}:basis")
        lay.addWidget(self.source, 2)
        lay.addWidget(self.learned, 1)
        lay.addWidget(self.basis, 1)

    def set(self, source: str, learned: str, basis: FactBasis | None) -> None:
        self.source.setText(source)
        self.learned.setText(learned)
        self.basis.setCurrentIndex(max(self.basis.findData(basis.value if basis else None), 0))


class FieldRow(QWidget):
    """Label, answer, status and provenance for one field of the definition."""

    def __init__(self, field: Field, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.field = field
        self.loaded: CarerFact | None = None
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 4, 0, 8)
        title = QLabel(
            f"<b>{field.label}</b>"
            + (" <span style='color:#b00'>*</span>" if field.required else "")
        )
        title.setToolTip(field.help)
        lay.addWidget(title)
        if field.help:
            help_label = QLabel(field.help)
            help_label.setWordWrap(True)
            help_label.setStyleSheet("color:#555; font-size:11px")
            lay.addWidget(help_label)
        self.editor: FieldEditor = make_editor(field)
        lay.addWidget(self.editor)
        line = QHBoxLayout()
        self.status = QComboBox()
        self.status.setObjectName(f"{field.key}:status")
        self.status.addItem("Not recorded", None)
        for status, label in STATUS_LABELS.items():
            self.status.addItem(label, status.value)
        self.provenance = Provenance(field.key)
        line.addWidget(self.status)
        line.addWidget(self.provenance, 1)
        lay.addLayout(line)
        self.editor.edited.connect(self._answer_edited)
        self.status.currentIndexChanged.connect(self._status_changed)
        self.status.activated.connect(lambda _i: self._forget_old_provenance())

    def _answer_edited(self) -> None:
        # Typing an answer means it is answered; saves a click and avoids "answer but no status".
        if _status(self.status) is None:
            self.status.setCurrentIndex(self.status.findData(FactStatus.ANSWERED.value))
        self._forget_old_provenance()

    def _forget_old_provenance(self) -> None:
        """A changed answer must not keep the old answer's source: clear it (unless the user
        already typed new provenance) so 'this update' or freshly typed provenance applies."""
        fact = self.loaded
        if fact is None:
            return
        p = self.provenance
        learned = fact.learned_on.display() if fact.learned_on else ""
        basis = fact.basis.value if fact.basis else None
        if (p.source.text(), p.learned.text(), p.basis.currentData()) == (
            fact.source,
            learned,
            basis,
        ):
            p.set("", "", None)

    def _status_changed(self) -> None:
        self.editor.setEnabled(_status(self.status) in (None, FactStatus.ANSWERED))

    def load(self, fact: CarerFact | None) -> None:
        self.loaded = fact
        self.editor.set_value(fact.value if fact else None)
        self.status.setCurrentIndex(self.status.findData(fact.status.value) if fact else 0)
        if fact:
            self.provenance.set(
                fact.source, fact.learned_on.display() if fact.learned_on else "", fact.basis
            )
        else:
            self.provenance.set("", "", None)
        self._status_changed()

    def input(self, default: tuple[str, str, FactBasis | None]) -> FactInput | None:
        status = _status(self.status)
        if status is None:
            return FactInput(self.field.key, status=None) if self.loaded else None
        source = self.provenance.source.text().strip() or default[0]
        learned_text = self.provenance.learned.text().strip() or default[1]
        basis = _basis(self.provenance.basis) or default[2]
        try:
            learned = parse_optional_date(learned_text)
        except InvalidValue as exc:
            raise InvalidValue(f"{self.field.label}, date learned: {exc}") from None
        value: Any = self.editor.value() if status is FactStatus.ANSWERED else None
        return FactInput(self.field.key, value, status, source, learned, basis)


class ManRecordForm(QWidget):
    saved = Signal()

    def __init__(
        self,
        session: CaseSession,
        person_id: PersonId,
        form: FormDefinition = MALE_CARER_FORM,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.person_id = person_id
        self.form = form
        self.rows: dict[str, FieldRow] = {}
        lay = QVBoxLayout(self)
        person = session.case.get(Person, person_id)
        self.heading = QLabel(f"<h3>{person.display_name if person else '?'}</h3>")
        lay.addWidget(self.heading)

        update = QGroupBox("This update (used for any answer without its own source)")
        ulay = QFormLayout(update)
        self.default = Provenance("default")
        self.default.learned.setText(dt.date.today().strftime("%d/%m/%Y"))
        ulay.addRow("Source, date learned, basis", self.default)
        lay.addWidget(update)

        self.tabs = QTabWidget()
        self.tabs.setObjectName("sections")
        for section in form.sections:
            page = QWidget()
            play = QVBoxLayout(page)
            intro = QLabel(section.help)
            intro.setWordWrap(True)
            play.addWidget(intro)
            for f in section.fields:
                row = FieldRow(f)
                self.rows[f.key] = row
                play.addWidget(row)
            play.addStretch(1)
            scroll = QScrollArea()
            scroll.setWidgetResizable(True)
            scroll.setWidget(page)
            self.tabs.addTab(scroll, section.title)
        lay.addWidget(self.tabs, 1)

        bottom = QHBoxLayout()
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color:#a00000; font-weight:bold")
        self.save_button = QPushButton("Save record")
        self.save_button.setObjectName("save")
        self.save_button.setEnabled(not session.read_only)
        self.save_button.clicked.connect(self.save)
        bottom.addWidget(self.error, 1)
        bottom.addWidget(self.save_button, 0, Qt.AlignmentFlag.AlignRight)
        lay.addLayout(bottom)
        self.load()

    def show_section(self, key: str) -> None:
        for i, section in enumerate(self.form.sections):
            if section.key == key:
                self.tabs.setCurrentIndex(i)

    def load(self) -> None:
        facts = load_facts(self.session.case, self.person_id)
        for key, row in self.rows.items():
            row.load(facts.get(key))
        self.error.clear()
        # Each tab says how many required answers it still lacks (not recorded or "not asked").
        for i, section in enumerate(self.form.sections):
            todo = sum(
                1
                for f in section.fields
                if f.required
                and (f.key not in facts or facts[f.key].status is FactStatus.NOT_ASKED)
            )
            self.tabs.setTabText(i, f"{section.title} ({todo} to do)" if todo else section.title)

    def inputs(self) -> list[FactInput]:
        d = self.default
        default = (d.source.text().strip(), d.learned.text().strip(), _basis(d.basis))
        out = []
        for row in self.rows.values():
            item = row.input(default)
            if item is not None:
                out.append(checked(item, self.form))
        return out

    def save(self) -> bool:
        """Check everything first, then write it as one undoable action."""
        try:
            inputs = self.inputs()
            person = self.session.case.get(Person, self.person_id)
            name = person.display_name if person else "a man"
            self.session.perform(
                f"Save record of {name}",
                lambda tx: save_record(
                    tx, self.person_id, inputs, recorded_by=self.session.case.author
                ),
            )
        except CaseError as exc:
            self.error.setText(str(exc))
            return False
        self.load()
        self.error.setText("")
        self.saved.emit()
        return True
