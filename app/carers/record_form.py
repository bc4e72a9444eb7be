"""A man's record as a form generated from forms.male_carer, with provenance on every statement.

One read path (`load`) and one write path (`inputs` -> app/operations/record.save_record,
run through the session: one save, one undo entry). Each field holds
one or more *statements*: an answer, its status (answered / not known / not asked — distinct
from "no"), the source, the date learned and the basis (self-reported, reported by someone
else, verified from a record). "Add another source" adds a statement, so the GP's verified
record and his own account stand side by side; where they say different things each one shows
"sources disagree". A statement left without its own provenance takes the "this update"
provenance at the top, so a practitioner writing up one visit types it once.
"""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.carers.columns import ColumnsPage
from app.carers.editors import FieldEditor, make_editor, name_inputs
from app.drafts import DraftKeeper
from app.focus_order import chain, stops
from app.operations.record import save_record
from app.session import CaseSession
from forms.dates import parse_optional_date
from forms.fields import Field, FieldType, FormDefinition
from forms.male_carer import MALE_CARER_FORM
from forms.record import (
    BASIS_LABELS,
    DISAGREE,
    STATUS_LABELS,
    Answer,
    FactInput,
    load_facts,
)
from forms.values import check_value
from storage.carers import CarerFact, FactBasis, FactStatus
from storage.errors import CaseError, InvalidValue
from storage.ids import PersonId
from storage.people import Person

# How long one turn of the event loop may spend building a section's questions (0.1 s is when
# a user notices the window stop; one question takes 5–25 ms to build on a loaded machine).
BUILD_BUDGET_S = 0.005

DISAGREE_STYLE = "color:#7a4d00; background:#fff3cd; border:1px solid #d9b44a; padding:1px 4px"


def _narrow(combo: QComboBox, letters: int) -> QComboBox:
    """A combo as wide as `letters` characters, its list as wide as its longest choice: the
    provenance line then fits a 470 px column (app/carers/columns.py) without clipping."""
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(letters)
    combo.view().setMinimumWidth(combo.view().sizeHintForColumn(0) + 24)
    return combo


def _basis_combo(name: str) -> QComboBox:
    combo = QComboBox()
    combo.setObjectName(name)
    combo.addItem("— basis —", None)
    for basis, label in BASIS_LABELS.items():
        combo.addItem(label, basis.value)
    return _narrow(combo, 10)


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
        self.source.setMinimumWidth(90)
        self.learned = QLineEdit()
        self.learned.setObjectName(f"{prefix}:learned")
        self.learned.setPlaceholderText("date learned")
        # Wide enough for "22/05/2026" and its placeholder, whatever else is squeezed.
        width = self.learned.fontMetrics().horizontalAdvance("date learned__")
        self.learned.setMinimumWidth(width)
        self.learned.setMaximumWidth(width + 20)
        self.basis = _basis_combo(f"{prefix}:basis")
        lay.addWidget(self.source, 2)
        lay.addWidget(self.learned, 1)
        lay.addWidget(self.basis, 0)

    def set(self, source: str, learned: str, basis: FactBasis | None) -> None:
        self.source.setText(source)
        self.learned.setText(learned)
        self.basis.setCurrentIndex(max(self.basis.findData(basis.value if basis else None), 0))


class StatementRow(QFrame):
    """One statement about a field: answer, status and provenance, and whether it disagrees."""

    edited = Signal()
    remove_requested = Signal(object)

    def __init__(self, field: Field, index: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.field = field
        self.name = field.key if index == 0 else f"{field.key}#{index}"
        self.setObjectName(f"{self.name}:statement")
        self.loaded: CarerFact | None = None
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 1, 0, 1)
        lay.setSpacing(2)
        if index:
            caption = QLabel("Another source about the same question:")
            caption.setStyleSheet("color:#555")
            lay.addWidget(caption)
        self.editor: FieldEditor = make_editor(field, name=self.name)
        # Answer and its status on one line, where it came from on the next: the source then
        # keeps a useful width in a 460 px column of the record (app/carers/columns.py).
        answer = QHBoxLayout()
        answer.setSpacing(6)
        answer.addWidget(self.editor, 1)
        lay.addLayout(answer)
        line = QHBoxLayout()
        line.setSpacing(6)
        self.status = QComboBox()
        self.status.setObjectName(f"{self.name}:status")
        self.status.addItem("Not recorded", None)
        for status, label in STATUS_LABELS.items():
            self.status.addItem(label, status.value)
        _narrow(self.status, 10)
        self.provenance = Provenance(self.name)
        self.disagree = QLabel(f"⚠ {DISAGREE}")
        self.disagree.setObjectName(f"{self.name}:disagree")
        self.disagree.setStyleSheet(DISAGREE_STYLE)
        self.disagree.setToolTip("Another statement about this question says something else. "
                                 "Both are kept, each with its source; do not pick one silently.")
        self.disagree.setVisible(False)
        if field.type in (FieldType.MULTI_CHOICE, FieldType.LIST):
            line.addWidget(self.status)  # beside a block of ticks it would widen the row
        else:
            answer.addWidget(self.status, 0, Qt.AlignmentFlag.AlignTop)
        line.addWidget(self.provenance, 1)
        line.addWidget(self.disagree)
        if index:
            remove = QPushButton("Remove")
            remove.setObjectName(f"{self.name}:remove")
            remove.setToolTip("Remove this statement (the other sources stay)")
            remove.clicked.connect(lambda: self.remove_requested.emit(self))
            line.addWidget(remove)
        lay.addLayout(line)
        name_inputs(self, field.label if not index else f"{field.label} (source {index + 1})")
        self.editor.edited.connect(self._answer_edited)
        self.status.currentIndexChanged.connect(self._status_changed)
        self.status.activated.connect(lambda _i: self._forget_old_provenance())
        self.status.activated.connect(lambda _i: self.edited.emit())

    def tab_stops(self) -> list[QWidget]:
        """This statement's controls in the order they are on screen."""
        own = getattr(self.editor, "tab_stops", None)
        answer = own() if callable(own) else stops(self.editor)
        p = self.provenance
        extra = self.findChildren(QPushButton, f"{self.name}:remove")
        return [*answer, self.status, p.source, p.learned, p.basis, *extra]

    def _answer_edited(self) -> None:
        # Typing an answer means it is answered; saves a click and avoids "answer but no status".
        if _status(self.status) is None:
            self.status.setCurrentIndex(self.status.findData(FactStatus.ANSWERED.value))
        self._forget_old_provenance()
        self.edited.emit()

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

    def raw(self) -> dict[str, Any]:
        """This statement as typed (for a draft, app/drafts.py)."""
        p = self.provenance
        return {"value": self.editor.raw(), "status": self.status.currentData(),
                "source": p.source.text(), "learned": p.learned.text(),
                "basis": p.basis.currentData()}

    def set_raw(self, raw: dict[str, Any]) -> None:
        self.editor.set_raw(raw.get("value"))
        self.status.setCurrentIndex(max(self.status.findData(raw.get("status")), 0))
        p = self.provenance
        p.source.setText(raw.get("source", ""))
        p.learned.setText(raw.get("learned", ""))
        p.basis.setCurrentIndex(max(p.basis.findData(raw.get("basis")), 0))
        self._status_changed()

    def comparable(self) -> str | None:
        """The answer as it would be stored, for spotting disagreement while typing."""
        if _status(self.status) is not FactStatus.ANSWERED:
            return None
        try:
            value = check_value(self.field, self.editor.value())
        except InvalidValue:
            return None
        return None if value is None else repr(value)

    def input(self, default: tuple[str, str, FactBasis | None]) -> FactInput | None:
        status = _status(self.status)
        if status is None:
            return None
        source = self.provenance.source.text().strip() or default[0]
        learned_text = self.provenance.learned.text().strip() or default[1]
        basis = _basis(self.provenance.basis) or default[2]
        try:
            learned = parse_optional_date(learned_text)
        except InvalidValue as exc:
            raise InvalidValue(f"{self.field.label}, date learned: {exc}") from None
        value: Any = self.editor.value() if status is FactStatus.ANSWERED else None
        return FactInput(self.field.key, value, status, source, learned, basis)


class FieldRow(QWidget):
    """Label and help for one field of the definition, and its statements."""

    def __init__(self, field: Field, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.field = field
        self.loaded: Answer | None = None
        self.statements: list[StatementRow] = []
        self._next = 0
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 2, 0, 6)  # dense: ten questions fit a laptop (columns.py)
        lay.setSpacing(2)
        title = QLabel(
            f"<b>{field.label}</b>"
            + (" <span style='color:#b00'>*</span>" if field.required else "")
        )
        title.setToolTip(field.help)
        title.setWordWrap(True)  # a long question must not set the column's width
        head = QHBoxLayout()
        head.addWidget(title, 1)
        self.add_button = QPushButton("+ Another source")
        self.add_button.setObjectName(f"{field.key}:add_statement")
        self.add_button.setToolTip("Record what another source says about this, with its own "
                                   "source, date and basis (e.g. the GP's record beside his "
                                   "own account).")
        self.add_button.setFlat(True)
        self.add_button.setStyleSheet("color:#0b5394; text-decoration: underline")
        self.add_button.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        self.add_button.clicked.connect(lambda: self.add_statement())
        head.addWidget(self.add_button)
        lay.addLayout(head)
        if field.help:
            help_label = QLabel(field.help)
            help_label.setWordWrap(True)
            help_label.setStyleSheet("color:#555; font-size:11px")
            lay.addWidget(help_label)
        self.box = QVBoxLayout()
        self.box.setSpacing(2)
        lay.addLayout(self.box)
        self.add_statement()
        self._fresh = True  # statement 0 as built, never loaded nor edited

    # Statement 0's widgets keep the plain field-key names (e.g. "sleep.typical_hours:text").
    @property
    def editor(self) -> FieldEditor:
        return self.statements[0].editor

    @property
    def status(self) -> QComboBox:
        return self.statements[0].status

    @property
    def provenance(self) -> Provenance:
        return self.statements[0].provenance

    def add_statement(self, fact: CarerFact | None = None) -> StatementRow:
        row = StatementRow(self.field, self._next if self.statements else 0)
        self._next = (self._next if self.statements else 0) + 1
        row.edited.connect(self.update_disagreement)
        row.remove_requested.connect(self._remove)
        items_changed = getattr(row.editor, "items_changed", None)
        if items_changed is not None:
            items_changed.connect(self.fix_tab_order)
        self.box.addWidget(row)
        self.statements.append(row)
        row.load(fact)
        self.fix_tab_order()
        return row

    def tab_stops(self) -> list[QWidget]:
        """This question's controls in the order they are on screen."""
        return [self.add_button, *(w for r in self.statements for w in r.tab_stops())]

    def fix_tab_order(self) -> None:
        """Tab goes through this question top to bottom, whenever its statements or list
        items were (re)made (app/focus_order.py)."""
        chain(self.tab_stops())

    def _remove(self, row: StatementRow) -> None:
        if row is self.statements[0]:
            return
        # Names are not reused ("key#2" may follow "key#0"), so no widget is ever renamed.
        self.statements.remove(row)
        row.setParent(None)
        row.deleteLater()
        self.update_disagreement()

    def load(self, answer: Answer | None) -> None:
        self.loaded = answer
        facts = answer.statements if answer else []
        if self._fresh:
            # The first load of a new form: statement 0 as just built is what a new one would
            # be, so it is filled in rather than thrown away and built again (a man's page
            # built every editor twice: over a second with the window frozen).
            self._fresh = False
            first, *rest = facts or [None]
            self.statements[0].load(first)
            for fact in rest:
                self.add_statement(fact)
            self.update_disagreement()
            return
        for r in self.statements:
            r.setParent(None)
            r.deleteLater()
        self.statements = []
        for fact in facts or [None]:
            self.add_statement(fact)
        self.update_disagreement()

    def raw(self) -> list[dict[str, Any]]:
        return [r.raw() for r in self.statements]

    def set_raw(self, raws: list[dict[str, Any]]) -> None:
        """Put typed statements back; what was loaded from the case stays the reference (a
        restored answer that clears a stored one still clears it on save)."""
        for extra in self.statements[len(raws) or 1:]:
            self._remove(extra)
        for i, raw in enumerate(raws):
            row = self.statements[i] if i < len(self.statements) else self.add_statement()
            row.set_raw(raw)
        self.update_disagreement()

    def update_disagreement(self) -> None:
        values = [(r, r.comparable()) for r in self.statements]
        answered = [(r, v) for r, v in values if v is not None]
        disagree = len({v for _, v in answered}) > 1
        for r, v in values:
            r.disagree.setVisible(disagree and v is not None)

    @property
    def disagrees(self) -> bool:
        return any(r.disagree.isVisibleTo(self) for r in self.statements)

    def inputs(self, default: tuple[str, str, FactBasis | None]) -> list[FactInput]:
        out = [i for r in self.statements if (i := r.input(default)) is not None]
        if not out and self.loaded is not None and self.loaded.statements:
            return [FactInput(self.field.key, status=None)]  # cleared: back to "not recorded"
        return out


class ManRecordForm(QWidget):
    saved = Signal()
    loaded = Signal()  # answers (re)read and each section's "n to do" recounted

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
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        person = session.case.get(Person, person_id)
        self.heading = QLabel(f"<h3>{person.display_name if person else '?'}</h3>")

        # One line for "this update" beside Save, at the foot of every section: it costs no
        # height above the questions (at 1366×768 every row of them counts).
        # Parented now, so in the Tab order "this update" comes before the questions (a widget
        # joins the focus chain where it is parented, not where it is laid out).
        update = QWidget(self)
        update.setObjectName("this_update")
        ulay = QHBoxLayout(update)
        ulay.setContentsMargins(0, 0, 0, 0)
        update_label = QLabel("<b>This update</b> (for answers without their own source):")
        update_label.setToolTip("The source, date learned and basis used for every answer "
                                "below that has none of its own, so a visit is typed once.")
        self.default = Provenance("default")
        name_inputs(self.default, "This update")
        self.default.learned.setText(dt.date.today().strftime("%d/%m/%Y"))
        self.default.setAccessibleName("This update: source, date learned and basis")
        ulay.addWidget(update_label)
        ulay.addWidget(self.default, 1)
        self.heading.setVisible(False)  # the page around the form names the man
        lay.addWidget(self.heading)

        self.tabs = QTabWidget()
        self.tabs.setObjectName("sections")
        self.tabs.setUsesScrollButtons(True)
        # A section's questions are built when it is first shown, not all at once: the nine
        # sections are ~80 questions and ~900 widgets, over a second of the window frozen on
        # a loaded 2-core machine when his page opened (issue 18 item 5) although his page
        # opens at its summary and one section shows at a time. Until then a section is an
        # empty scroll area; its tab text (the "n to do" count) is worked out from the facts,
        # not from widgets, so it is right before the section is built.
        self._facts: dict[str, Answer] = {}
        self._rows: dict[str, FieldRow] = {}  # the questions built so far
        self._pristine: dict[str, list[dict[str, Any]]] = {}  # each built row, as loaded
        self._scrolls: list[QScrollArea] = []
        self._pending: dict[int, list[Field]] = {}  # sections begun: the questions still to build
        self._more = QTimer(self)  # builds the next turn's worth of questions
        self._more.setSingleShot(True)
        self._more.setInterval(0)
        self._more.timeout.connect(self._build_more)
        for section in form.sections:
            scroll = QScrollArea()
            scroll.setObjectName(f"section:{section.key}")
            # Not a Tab stop of its own: it scrolls to whichever question has the focus.
            scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            scroll.setWidgetResizable(True)
            scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            scroll.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
            self._scrolls.append(scroll)
            self.tabs.addTab(scroll, section.title)
        self.tabs.currentChanged.connect(self._section_changed)
        lay.addWidget(self.tabs, 1)

        bottom = QHBoxLayout()
        bottom.addWidget(update, 1)
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color:#a00000; font-weight:bold")
        self.save_button = QPushButton("&Save record")
        self.save_button.setToolTip("Save every answer on this man's page as one action "
                                    "(Ctrl+S); Undo takes it back")
        save_key = QShortcut(QKeySequence("Ctrl+S"), self)
        save_key.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        save_key.activated.connect(lambda: self.save() if self.save_button.isEnabled() else None)
        self.save_button.setObjectName("save")
        self.save_button.setEnabled(not session.read_only)
        self.save_button.clicked.connect(self.save)
        bottom.addWidget(self.error, 2)
        bottom.addWidget(self.save_button, 0, Qt.AlignmentFlag.AlignRight)
        lay.addLayout(bottom)
        # Typing is never lost: answers not yet saved are kept as a draft in the case
        # (app/drafts.py) and offered back when his record opens again.
        self._saving = False
        self.keeper = DraftKeeper(self, session.drafts, "record", self.draft_state,
                                  self.restore_draft,
                                  inputs=[self.tabs, self.default, self.save_button])
        lay.insertWidget(0, self.keeper.bar)
        self._name = person.display_name if person else "this man"
        self.load()

    # Sections built when first shown ---------------------------------------------------------
    def showEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        # Begun before this first paint of the section: no flash of an empty page.
        self.build_section(self.tabs.currentIndex())
        super().showEvent(event)

    def _section_changed(self, index: int) -> None:
        if self.isVisible():
            self.build_section(index)

    def build_section(self, index: int, now: bool = False) -> None:
        """Build section `index`'s questions, filled in from the facts last loaded: at once
        (`now`), or a turn of the event loop's worth at a time.

        Even one section is 3–17 questions, ~12 widgets each: 0.1–0.6 s to build and show on
        this kind of machine under load. Built BUILD_BUDGET_S at a time, the window keeps
        painting and answering between turns; the first questions show at once and the rest
        follow within a fraction of a second (in the order of the form, so Tab, reading and
        screen-reader order are unchanged)."""
        if not 0 <= index < len(self._scrolls):
            return
        if index not in self._pending:
            if self._scrolls[index].widget() is not None:
                return  # built already
            section = self.form.sections[index]
            intro = QLabel(section.help)
            intro.setWordWrap(True)
            # As many columns as the width allows (app/carers/columns.py), never sideways.
            page = ColumnsPage([], header=intro)
            self._scrolls[index].setWidget(page)
            page.show()  # a scroll area already on screen does not show a widget given later
            self._pending[index] = list(section.fields)
        self._build_some(index, None if now else BUILD_BUDGET_S)

    def _build_some(self, index: int, budget: float | None) -> None:
        fields = self._pending.get(index)
        if fields is None:
            return
        began = time.perf_counter()
        rows: list[FieldRow] = []
        while fields and (budget is None or not rows or time.perf_counter() - began < budget):
            f = fields.pop(0)
            row = FieldRow(f)
            row.load(self._facts.get(f.key))
            self._rows[f.key] = row
            self._pristine[f.key] = row.raw()
            rows.append(row)
        page = self._scrolls[index].widget()
        assert isinstance(page, ColumnsPage)
        page.add_rows(rows)
        self._chain_in(rows)
        if not fields:
            del self._pending[index]
        if self._pending and not self._more.isActive():
            self._more.start()

    def _build_more(self) -> None:
        """The next turn's worth of questions: the section on screen first."""
        if not self._pending:
            return
        current = self.tabs.currentIndex()
        self._build_some(current if current in self._pending else min(self._pending),
                         BUILD_BUDGET_S)

    def _chain_in(self, rows: list[FieldRow]) -> None:
        """Widgets made after their window joined Qt's Tab order at its end, after Save
        (app/focus_order.py): put these questions' controls where they are in the form,
        between the questions built before and after them (or "this update" and Save)."""
        if not rows:
            return
        keys = [f.key for f in self.form.fields()]
        first, last = keys.index(rows[0].field.key), keys.index(rows[-1].field.key)
        # Qt ignores a widget that takes no focus here: the page hides the tab bar and takes
        # its focus (app/carers/view.py), then the questions follow "this update" itself.
        bar = self.tabs.tabBar()
        top = bar if bar.focusPolicy() != Qt.FocusPolicy.NoFocus else self.default.basis
        before = next((r.tab_stops()[-1] for k in reversed(keys[:first])
                       if (r := self._rows.get(k)) is not None), top)
        after = next((r.add_button for k in keys[last + 1:]
                      if (r := self._rows.get(k)) is not None), self.save_button)
        chain([before, *(w for row in rows for w in row.tab_stops()), after])

    @property
    def building(self) -> bool:
        """Whether a section shown is still being built (its last questions to come)."""
        return bool(self._pending)

    def build_all(self) -> None:
        """Build every section now (for whoever needs every question's widgets at once)."""
        for index in range(len(self._scrolls)):
            self.build_section(index, now=True)

    @property
    def rows(self) -> dict[str, FieldRow]:
        """Every question's row by field key, in the form's order (builds every section)."""
        self.build_all()
        return {f.key: self._rows[f.key] for f in self.form.fields()}

    def row(self, key: str) -> FieldRow | None:
        """One question's row, its section built now if it was not yet."""
        for index, section in enumerate(self.form.sections):
            if any(f.key == key for f in section.fields):
                self.build_section(index, now=True)
        return self._rows.get(key)

    # Looking up a question's widget by its name (tests, tools) must find it whether or not its
    # section has been shown yet.
    def findChild(self, *args: Any, **kwargs: Any) -> Any:  # noqa: N802 - Qt's name
        self.build_all()
        return super().findChild(*args, **kwargs)

    def findChildren(self, *args: Any, **kwargs: Any) -> Any:  # noqa: N802 - Qt's name
        self.build_all()
        return super().findChildren(*args, **kwargs)

    def show_section(self, key: str) -> None:
        for i, section in enumerate(self.form.sections):
            if section.key == key:
                self.tabs.setCurrentIndex(i)

    def load(self) -> None:
        keeper = getattr(self, "keeper", None)
        if keeper is not None and not self._saving:
            keeper.keep()  # a reload (an undo, a change elsewhere) must not eat his typing
        facts = load_facts(self.session.case, self.person_id)
        self._facts = facts
        for key, row in self._rows.items():
            row.load(facts.get(key))
            self._pristine[key] = row.raw()
        self.error.clear()
        # Each tab says how many required answers it still lacks (not recorded or "not asked"),
        # and where sources disagree, so neither hides behind a tab.
        for i, section in enumerate(self.form.sections):
            todo = sum(
                1
                for f in section.fields
                if f.required
                and (f.key not in facts or facts[f.key].status is FactStatus.NOT_ASKED)
            )
            clashes = sum(1 for f in section.fields if f.key in facts and facts[f.key].disagree)
            notes = [f"{todo} to do"] if todo else []
            if clashes:
                notes.append(f"{clashes} disagree")
            self.tabs.setTabText(i, f"{section.title} ({', '.join(notes)})" if notes
                                 else section.title)
        if keeper is not None:
            if self._saving:
                keeper.applied()  # what was typed is in the record now
            else:
                keeper.bind(str(self.person_id), self._name)
        self.loaded.emit()

    def draft_state(self) -> dict[str, Any]:
        # Only the questions typed into: a section built later (first shown) must not make
        # the form look changed, and one not built cannot have been typed into.
        d = self.default
        return {"default": [d.source.text(), d.learned.text(), d.basis.currentData()],
                "fields": {key: raw for key, row in self._rows.items()
                           if (raw := row.raw()) != self._pristine.get(key)}}

    def restore_draft(self, state: dict[str, Any]) -> None:
        source, learned, basis = (state.get("default") or ["", "", None])[:3]
        self.default.source.setText(source)
        self.default.learned.setText(learned)
        self.default.basis.setCurrentIndex(max(self.default.basis.findData(basis), 0))
        for key, raws in state.get("fields", {}).items():
            row = self.row(key)
            if row is not None:
                row.set_raw(raws)

    def inputs(self) -> list[FactInput]:
        d = self.default
        default = (d.source.text().strip(), d.learned.text().strip(), _basis(d.basis))
        out: list[FactInput] = []
        # A question whose section was never built was not touched: not named, it is left as
        # it is (app/operations/record.write_record).
        for row in self._rows.values():
            out.extend(row.inputs(default))
        return out

    def save(self) -> bool:
        """Check everything first, then write it as one undoable action."""
        self._saving = True
        try:
            self.session.run(save_record, self.person_id, self.inputs(),
                             self.session.case.author, self.form)
            self.load()
        except CaseError as exc:
            self.error.setText(str(exc))
            return False
        finally:
            self._saving = False
        self.error.setText("")
        self.saved.emit()
        return True
