"""The man's requests: what has been asked about him, of whom, and what is outstanding.

A self-contained widget taking the session and the man, so the workspace can place it wherever
the redesigned window wants it. Every action goes through app/operations/requests.py, the same
functions `visible request …` uses; each is one undo entry.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.leaving import confirm_leaving
from app.operations import requests as ops
from app.operations.changes import Changes
from exports import leaving
from forms.fields import FieldType
from forms.male_carer import MALE_CARER_FORM
from forms.requests import (
    KIND_LABELS,
    PROMPTS,
    SEND_METHODS,
    answer_fields,
    default_prompts,
    kind_of_agency,
    status_label,
)
from forms.requests_report import RequestLine, requests_overview
from storage.areas import Area
from storage.carers import FactStatus
from storage.chronology import Agency
from storage.errors import CaseError
from storage.ids import AgencyId, PersonId, RequestId
from storage.people import Person
from storage.requests import AgencyKind, InformationRequest, RequestStatus
from storage.requests_store import sharing_bases

OVERDUE_COLOUR = QColor("#f8d7da")
OPEN_COLOUR = QColor("#fff3cd")
DONE_COLOUR = QColor("#d1e7dd")
COLUMNS = ("#", "Agency", "Status", "Sent", "Due", "Chased", "Answered", "Asks", "Answer")


def _day(d: dt.date | None) -> str:
    return f"{d:%d/%m/%Y}" if d else ""


def _qdate(d: dt.date) -> QDate:
    return QDate(d.year, d.month, d.day)


def _date_edit(value: dt.date | None = None) -> QDateEdit:
    edit = QDateEdit(_qdate(value or dt.date.today()))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("dd/MM/yyyy")
    return edit


def _pydate(edit: QDateEdit) -> dt.date:
    q = edit.date()
    return dt.date(q.year(), q.month(), q.day())


class RequestsWidget(QWidget):
    def __init__(self, session: Any, person_id: PersonId, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session, self.person_id = session, person_id
        self.lines: list[RequestLine] = []
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        self.title = QLabel()
        self.title.setObjectName("requests_title")
        top.addWidget(self.title, 1)
        lay.addLayout(top)
        self.summary = QLabel()
        self.summary.setObjectName("requests_summary")
        self.summary.setWordWrap(True)
        lay.addWidget(self.summary)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setAccessibleName("Information requests")
        self.table.setObjectName("requests")
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(7, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(8, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._enable)
        lay.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        for key, text, slot in (
            ("new", "Ask an agency…", self.new_request),
            ("edit", "Edit draft…", self.edit_request),
            ("letter", "Letter…", self.write_letter),
            ("sent", "Sent…", self.mark_sent),
            ("chased", "Chased…", self.chase),
            ("answered", "Answer…", self.answer),
            ("withdrawn", "Withdraw", self.withdraw),
        ):
            button = QPushButton(text)
            button.setObjectName(f"request_{key}")
            button.clicked.connect(slot)
            buttons.addWidget(button)
            self.buttons[key] = button
        buttons.addStretch(1)
        lay.addLayout(buttons)
        self.message = QLabel()
        self.message.setObjectName("requests_message")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color:#842029")
        lay.addWidget(self.message)
        session.changed.connect(self._changed)
        self.refresh()

    # Reading ------------------------------------------------------------------------------
    def _changed(self, changes: Changes) -> None:
        if changes.touches(Area.REQUESTS, Area.PEOPLE, Area.AGENCIES):
            self.refresh()

    def refresh(self) -> None:
        case = self.session.case
        person = case.get(Person, self.person_id)
        name = person.display_name if person else f"person {self.person_id}"
        overview = requests_overview(case)
        self.lines = overview.of_person(self.person_id)
        self.title.setText(f"<b>Information sought about {name}</b> — what agencies were "
                           "asked, and what came back (§9.5, §9.7)")
        text = overview.summary(self.person_id)
        if not overview.health_asked(self.person_id):
            text += ". No health agency has been asked about him yet."
        self.summary.setText(text[:1].upper() + text[1:])
        selected = self.selected_id()
        self.table.setRowCount(len(self.lines))
        for r, line in enumerate(self.lines):
            req = line.request
            cells = (str(line.id), line.agency, line.status, _day(req.sent_on), _day(req.due_on),
                     ", ".join(_day(c.chased_on) for c in line.chases), _day(req.answered_on),
                     "; ".join(line.asked_briefly()), req.answer_summary)
            colour = (OVERDUE_COLOUR if line.overdue else
                      OPEN_COLOUR if req.status in (RequestStatus.SENT, RequestStatus.CHASED)
                      else DONE_COLOUR if req.status is RequestStatus.ANSWERED else None)
            for c, value in enumerate(cells):
                item = QTableWidgetItem(value)
                if colour is not None and c == 2:
                    item.setBackground(colour)
                if c == 7:
                    item.setToolTip("\n".join(line.asked()))
                self.table.setItem(r, c, item)
            if line.id == selected:
                self.table.selectRow(r)
        self._enable()

    def selected_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows or rows[0].row() >= len(self.lines):
            return None
        return self.lines[rows[0].row()].id

    def selected_line(self) -> RequestLine | None:
        rid = self.selected_id()
        return next((line for line in self.lines if line.id == rid), None)

    def select(self, request_id: int) -> None:
        for r, line in enumerate(self.lines):
            if line.id == request_id:
                self.table.selectRow(r)

    def _enable(self) -> None:
        line = self.selected_line()
        status = line.request.status if line else None
        writable = not self.session.read_only
        self.buttons["new"].setEnabled(writable)
        self.buttons["edit"].setEnabled(writable and status is RequestStatus.DRAFT)
        self.buttons["letter"].setEnabled(line is not None and status is not
                                          RequestStatus.WITHDRAWN)
        self.buttons["sent"].setEnabled(writable and status is RequestStatus.DRAFT)
        open_ = status in (RequestStatus.SENT, RequestStatus.CHASED)
        self.buttons["chased"].setEnabled(writable and open_)
        self.buttons["answered"].setEnabled(writable and open_)
        self.buttons["withdrawn"].setEnabled(
            writable and status in (RequestStatus.DRAFT, RequestStatus.SENT,
                                    RequestStatus.CHASED))

    # Writing ------------------------------------------------------------------------------
    def run(self, op: Callable[..., Any], *args: Any) -> bool:
        """One action through the session: one transaction, one undo entry; errors shown."""
        self.message.clear()
        try:
            self.session.run(op, *args)
        except CaseError as exc:
            self.message.setText(str(exc))
            return False
        return True

    def _refusal(self, done: bool) -> str:
        """What a dialog shows when its action was refused ('' when it was done)."""
        return "" if done else (self.message.text() or "Nothing was recorded.")

    def new_request(self) -> None:
        dialog = NewRequestDialog(self.session.case, self.person_id, self)
        dialog.submit = lambda: self._refusal(self.apply_new(dialog))
        dialog.exec()

    def apply_new(self, dialog: NewRequestDialog) -> bool:
        try:
            draft = dialog.draft()
        except CaseError as exc:
            self.message.setText(str(exc))
            return False
        return self.run(ops.add_information_request, draft)

    def edit_request(self) -> None:
        """Change a draft: its basis for sharing (needed before it is sent), prompts, questions,
        who is named, NHS number — what the letter preview showed was wrong."""
        line = self.selected_line()
        if line is None or line.request.status is not RequestStatus.DRAFT:
            return
        dialog = NewRequestDialog(self.session.case, self.person_id, self, line.request)
        dialog.submit = lambda: self._refusal(self.apply_edit(line.id, dialog))
        dialog.exec()

    def apply_edit(self, request_id: int, dialog: NewRequestDialog) -> bool:
        try:
            draft = dialog.draft()
        except CaseError as exc:
            self.message.setText(str(exc))
            return False
        return self.run(ops.edit_request, RequestId(request_id), draft)

    def mark_sent(self) -> None:
        line = self.selected_line()
        if line is None:
            return
        dialog = SentDialog(line, self)
        dialog.submit = lambda: self._refusal(self.apply_sent(line.id, dialog))
        dialog.exec()

    def apply_sent(self, request_id: int, dialog: SentDialog) -> bool:
        due = _pydate(dialog.due) if dialog.due_given.isChecked() else None
        return self.run(ops.mark_sent, RequestId(request_id), _pydate(dialog.on),
                        dialog.how.currentText(), due)

    def chase(self) -> None:
        line = self.selected_line()
        if line is None:
            return
        dialog = ChaseDialog(self)
        dialog.submit = lambda: self._refusal(self.apply_chase(line.id, dialog))
        dialog.exec()

    def apply_chase(self, request_id: int, dialog: ChaseDialog) -> bool:
        return self.run(ops.chase, RequestId(request_id), _pydate(dialog.on),
                        dialog.how.currentText(), dialog.notes.text())

    def answer(self) -> None:
        line = self.selected_line()
        if line is None:
            return
        dialog = AnswerDialog(line, self)
        dialog.submit = lambda: self._refusal(self.apply_answer(line.id, dialog))
        dialog.exec()

    def apply_answer(self, request_id: int, dialog: AnswerDialog) -> bool:
        return self.run(ops.record_reply, RequestId(request_id), _pydate(dialog.on),
                        dialog.outcome(), dialog.summary.toPlainText(), dialog.facts())

    def withdraw(self) -> None:
        line = self.selected_line()
        if line is not None:
            self.run(ops.withdraw, RequestId(line.id), "")

    def write_letter(self) -> None:
        line = self.selected_line()
        if line is None:
            return
        dialog = LetterDialog(self.session.case, line.id, self)
        if dialog.exec() and dialog.confirm_leaving():
            path = dialog.target()
            if path is not None:
                self.apply_letter(line.id, path)

    def apply_letter(self, request_id: int, path: Path) -> bool:
        self.message.clear()
        written: list[Path] = []

        def letter(case: Any, rid: RequestId, target: Path) -> Changes:
            out, changes = ops.write_letter(case, rid, target)
            written.append(out)
            return changes

        try:
            self.session.run(letter, RequestId(request_id), path)
        except CaseError as exc:
            self.message.setText(str(exc))
            return False
        self.message.setStyleSheet("color:#0f5132")
        self.message.setText(f"Wrote {written[0]} — it is outside the encrypted case file.")
        return True


class ActionDialog(QDialog):
    """A dialog whose OK runs its action through `submit`; when the action is refused the
    dialog stays open, with everything typed in it, and says why (it used to close and throw
    an agency's whole answer away over one mistyped value)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.submit: Callable[[], str] | None = None  # '' when done, else why it was refused
        self.error = QLabel()
        self.error.setObjectName("dialog_error")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color:#842029; font-weight:bold")
        self.error.hide()

    def ok_cancel(self) -> QDialogButtonBox:
        """OK (which runs `submit` first) and Cancel, for the foot of the dialog."""
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                               | QDialogButtonBox.StandardButton.Cancel)
        box.accepted.connect(self.accept)
        box.rejected.connect(self.reject)
        return box

    def accept(self) -> None:
        refused = self.submit() if self.submit is not None else ""
        if refused:
            self.error.setText(refused)
            self.error.show()
            return
        super().accept()


class NewRequestDialog(ActionDialog):
    """Who is asked, what, and on what basis. Nobody else is named unless ticked here.

    Given a draft (`request`), the same dialog edits it: the agency stays as it is."""

    def __init__(self, case: Any, person_id: PersonId, parent: QWidget | None = None,
                 request: InformationRequest | None = None) -> None:
        super().__init__(parent)
        self.case, self.person_id, self.editing = case, person_id, request
        person = case.get(Person, person_id)
        name = person.display_name if person else ""
        self.setWindowTitle(f"Edit request {request.id} about {name}" if request
                            else f"Ask an agency about {name}")
        form = QFormLayout(self)
        self.agency = QComboBox()
        self.agency.setObjectName("agency")
        for agency in sorted(case.all(Agency), key=lambda a: a.name):
            self.agency.addItem(agency.name, agency.id)
        form.addRow("Agency", self.agency)
        self.kind = QComboBox()
        self.kind.setObjectName("kind")
        for kind, label in KIND_LABELS.items():
            self.kind.addItem(label, kind.value)
        form.addRow("Kind of agency (prompts, letter)", self.kind)
        self.prompts = QListWidget()
        self.prompts.setObjectName("prompts")
        form.addRow("Ask about", self.prompts)
        self.questions = QPlainTextEdit()
        self.questions.setObjectName("questions")
        self.questions.setPlaceholderText("Free questions, one per line")
        self.questions.setMaximumHeight(70)
        form.addRow("Other questions", self.questions)
        self.basis = QComboBox()
        self.basis.setObjectName("basis")
        self.basis.addItem("(choose before sending)", "")
        for basis in sharing_bases(case):
            self.basis.addItem(basis.label, basis.label)
        form.addRow("Basis for sharing", self.basis)
        self.basis_detail = QLineEdit()
        self.basis_detail.setObjectName("basis_detail")
        self.basis_detail.setPlaceholderText("Why consent was refused; what 'other' is")
        form.addRow("", self.basis_detail)
        self.nhs = QLineEdit()
        self.nhs.setObjectName("nhs_number")
        self.nhs.setPlaceholderText("If known (health services only)")
        form.addRow("NHS number", self.nhs)
        self.include = QListWidget()
        self.include.setObjectName("include_people")
        self.include.setMaximumHeight(90)
        for other in case.all(Person):
            if other.id == person_id:
                continue
            item = QListWidgetItem(other.display_name)
            item.setData(Qt.ItemDataRole.UserRole, other.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.include.addItem(item)
        form.addRow("Also name in the letter\n(nobody else is named)", self.include)
        form.addRow(self.error)
        form.addRow(self.ok_cancel())
        self.agency.currentIndexChanged.connect(self._agency_changed)
        self.kind.currentIndexChanged.connect(self._fill_prompts)
        self._agency_changed()
        if request is not None:
            self._load(request)

    def _load(self, request: InformationRequest) -> None:
        self.agency.setCurrentIndex(self.agency.findData(request.agency_id))
        self.agency.setEnabled(False)  # a request's agency cannot change: make a new one
        self.kind.setCurrentIndex(self.kind.findData(request.kind.value))
        self.set_checked(self.prompts, set(request.prompts))
        self.questions.setPlainText("\n".join(request.questions))
        found = self.basis.findData(request.basis)
        if found < 0 and request.basis:  # an archived basis keeps the words it used
            self.basis.addItem(request.basis, request.basis)
            found = self.basis.count() - 1
        self.basis.setCurrentIndex(max(0, found))
        self.basis_detail.setText(request.basis_detail)
        self.nhs.setText(request.nhs_number)
        self.set_checked(self.include, set(request.include_people))

    def _agency_changed(self) -> None:
        kind = kind_of_agency(self.agency.currentText())
        self.kind.setCurrentIndex(self.kind.findData(kind.value))
        self._fill_prompts()

    def _fill_prompts(self) -> None:
        kind = AgencyKind(self.kind.currentData())
        ticked = set(default_prompts(kind))
        self.prompts.clear()
        for p in PROMPTS[kind]:
            item = QListWidgetItem(p.text)
            item.setData(Qt.ItemDataRole.UserRole, p.key)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if p.key in ticked
                               else Qt.CheckState.Unchecked)
            self.prompts.addItem(item)

    def _checked(self, widget: QListWidget) -> list[Any]:
        return [widget.item(i).data(Qt.ItemDataRole.UserRole) for i in range(widget.count())
                if widget.item(i).checkState() == Qt.CheckState.Checked]

    def set_checked(self, widget: QListWidget, values: set[Any]) -> None:
        for i in range(widget.count()):
            item = widget.item(i)
            item.setCheckState(Qt.CheckState.Checked if item.data(Qt.ItemDataRole.UserRole)
                               in values else Qt.CheckState.Unchecked)

    def draft(self) -> ops.RequestDraft:
        return ops.RequestDraft(
            self.person_id, AgencyId(self.agency.currentData()),
            kind=AgencyKind(self.kind.currentData()), prompts=self._checked(self.prompts),
            questions=self.questions.toPlainText().splitlines(),
            include_people=self._checked(self.include), basis=self.basis.currentData() or "",
            basis_detail=self.basis_detail.text(), nhs_number=self.nhs.text(),
            # What this dialog does not show is kept as the draft has it.
            due_on=self.editing.due_on if self.editing else None,
            notes=self.editing.notes if self.editing else "",
        )


class SentDialog(ActionDialog):
    def __init__(self, line: RequestLine, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Sent: request {line.id} to {line.agency}")
        form = QFormLayout(self)
        self.on = _date_edit()
        form.addRow("Sent on", self.on)
        self.how = QComboBox()
        self.how.setEditable(True)
        self.how.addItems(SEND_METHODS)
        form.addRow("How", self.how)
        self.due_given = QCheckBox("Set the due date myself")
        self.due = _date_edit(ops.default_due(dt.date.today()))
        self.due.setEnabled(False)
        self.due_given.toggled.connect(self.due.setEnabled)
        self.on.dateChanged.connect(
            lambda _d: None if self.due_given.isChecked()
            else self.due.setDate(_qdate(ops.default_due(_pydate(self.on)))))
        form.addRow(self.due_given)
        form.addRow("Due (ten working days,\nbank holidays not counted)", self.due)
        form.addRow(self.error)
        form.addRow(self.ok_cancel())


class ChaseDialog(ActionDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Chased")
        form = QFormLayout(self)
        self.on = _date_edit()
        form.addRow("Chased on", self.on)
        self.how = QComboBox()
        self.how.setEditable(True)
        self.how.addItems(SEND_METHODS)
        form.addRow("How", self.how)
        self.notes = QLineEdit()
        form.addRow("Notes", self.notes)
        form.addRow(self.error)
        form.addRow(self.ok_cancel())


class AnswerDialog(ActionDialog):
    """The agency's reply; what it says per field becomes a verified fact on his record."""

    def __init__(self, line: RequestLine, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Answer from {line.agency} (request {line.id})")
        lay = QVBoxLayout(self)
        form = QFormLayout()
        self.outcome_box = QComboBox()
        self.outcome_box.setObjectName("outcome")
        for status in (RequestStatus.ANSWERED, RequestStatus.NOTHING_HELD,
                       RequestStatus.REFUSED):
            self.outcome_box.addItem(status_label(status), status.value)
        form.addRow("Reply", self.outcome_box)
        self.on = _date_edit()
        form.addRow("Answered on", self.on)
        self.summary = QPlainTextEdit()
        self.summary.setObjectName("summary")
        self.summary.setMaximumHeight(60)
        self.summary.setPlaceholderText("The answer in brief (for a refusal: the reason given)")
        form.addRow("Summary", self.summary)
        lay.addLayout(form)
        lay.addWidget(QLabel(f"What the record says — each becomes a fact on his record, "
                             f"verified from a record, {line.agency}, on the date answered:"))
        self.fields = QTableWidget(0, 3)
        self.fields.setObjectName("answer_fields")
        self.fields.setHorizontalHeaderLabels(["Field of his record", "What it holds",
                                               "Holds nothing"])
        self.fields.verticalHeader().setVisible(False)
        self.fields.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.
                                                            ResizeToContents)
        self.fields.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.keys: list[str] = []
        self.editors: list[QLineEdit | QComboBox] = []
        self.nothing: list[QCheckBox] = []
        for key in answer_fields(line.request.prompts):
            f = MALE_CARER_FORM.field(key)
            if f.type in (FieldType.LIST, FieldType.QUANTITY):
                continue  # several parts per item: entered in his record form
            row = self.fields.rowCount()
            self.fields.insertRow(row)
            self.fields.setItem(row, 0, QTableWidgetItem(
                f"{MALE_CARER_FORM.section_of(key).title} › {f.label}"))
            editor: QLineEdit | QComboBox
            if f.type in (FieldType.YES_NO, FieldType.CHOICE):
                editor = QComboBox()
                editor.addItem("", None)
                if f.type is FieldType.YES_NO:
                    editor.addItem("Yes", "yes")
                    editor.addItem("No", "no")
                else:
                    for choice in f.choices:
                        editor.addItem(choice.label, choice.value)
            else:
                editor = QLineEdit()
                if f.type is FieldType.MULTI_CHOICE:
                    editor.setPlaceholderText(", ".join(c.label for c in f.choices))
            self.fields.setCellWidget(row, 1, editor)
            nothing = QCheckBox()
            self.fields.setCellWidget(row, 2, nothing)
            self.keys.append(key)
            self.editors.append(editor)
            self.nothing.append(nothing)
        lay.addWidget(self.fields, 1)
        lay.addWidget(self.error)
        lay.addWidget(self.ok_cancel())
        self.resize(820, 560)

    def outcome(self) -> RequestStatus:
        return RequestStatus(self.outcome_box.currentData())

    def facts(self) -> list[ops.AgencyFact]:
        if self.outcome() is not RequestStatus.ANSWERED:
            return []
        out = []
        for key, editor, nothing in zip(self.keys, self.editors, self.nothing, strict=True):
            if nothing.isChecked():
                out.append(ops.AgencyFact(key, None, FactStatus.NOT_KNOWN))
                continue
            value = editor.currentData() if isinstance(editor, QComboBox) else editor.text()
            if value not in (None, ""):
                out.append(ops.AgencyFact(key, value))
        return out


class LetterDialog(QDialog):
    """The letter as it will be written, shown before anything leaves the case."""

    def __init__(self, case: Any, request_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from exports.request_letter import letter_from_case, letter_text

        self.setWindowTitle(f"Letter for request {request_id}")
        lay = QVBoxLayout(self)
        warning = QLabel(leaving.LETTER)
        warning.setWordWrap(True)
        warning.setStyleSheet("background:#fff3cd; padding:6px; font-weight:bold")
        lay.addWidget(warning)
        self.preview = QPlainTextEdit(letter_text(letter_from_case(case, request_id)))
        self.preview.setObjectName("letter_preview")
        self.preview.setReadOnly(True)
        lay.addWidget(self.preview, 1)
        row = QHBoxLayout()
        self.format = QComboBox()
        self.format.addItem("PDF", "pdf")
        self.format.addItem("Word (.docx)", "docx")
        row.addWidget(QLabel("Write as"))
        row.addWidget(self.format)
        row.addStretch(1)
        lay.addLayout(row)
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.write_button = box.addButton("Write the letter…",
                                          QDialogButtonBox.ButtonRole.AcceptRole)
        box.accepted.connect(self.accept)
        box.rejected.connect(self.reject)
        lay.addWidget(box)
        self.chosen: Path | None = None
        self.resize(760, 620)

    def confirm_leaving(self) -> bool:
        return confirm_leaving(self, "The letter leaves the encrypted case", leaving.LETTER,
                               "Write")

    def target(self) -> Path | None:
        if self.chosen is not None:
            return self.chosen
        fmt = self.format.currentData()
        name, _ = QFileDialog.getSaveFileName(self, "Write the letter", f"request.{fmt}",
                                              f"{self.format.currentText()} (*.{fmt})")
        if not name:
            return None
        path = Path(name)
        return path if path.suffix.lower() == f".{fmt}" else path.with_name(f"{path.name}.{fmt}")
