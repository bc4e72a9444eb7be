"""The male-carers view: every role for every index child, every man, and one man's record.

A banner stays on screen while any role is unaddressed (no dismiss button: §11.9, the men were
left out because nobody asked). The same rules as `visible check` (forms/completeness.py).
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.carers.models import GAP_COLOUR, OK_COLOUR, PART_COLOUR, MenModel, RolesModel
from app.carers.record_form import ManRecordForm
from app.carers.role_dialog import RoleDialog
from app.carers.screening_dialog import ScreeningDialog
from app.operations.changes import Changes
from app.requests.widget import RequestsWidget
from app.session import CaseSession
from forms.completeness import CompletenessReport, check_case
from forms.factor_map import Presence, factor_map
from forms.instruments import result_score
from forms.record import load_facts
from forms.requests_report import requests_overview
from storage.areas import Area
from storage.carers import CarerRole
from storage.drafts import Draft
from storage.errors import CaseError
from storage.ids import PersonId
from storage.people import Person
from storage.roles_store import assignments_for
from storage.screenings_store import screenings_of

WATCHED = (Area.PEOPLE, Area.ROLES, Area.RECORD, Area.SCREENINGS, Area.HOUSEHOLD,
           Area.REQUESTS)
PRESENCE_COLOUR = {
    Presence.PRESENT: GAP_COLOUR,
    Presence.ABSENT: OK_COLOUR,
    Presence.NOT_KNOWN: PART_COLOUR,
}


def banner_text(report: CompletenessReport) -> str:
    parts = []
    for child in report.children:
        if child.unaddressed:
            names = ", ".join(r.label for r in child.unaddressed)
            n = len(child.unaddressed)
            parts.append(
                f"{n} male-carer role{'s' if n != 1 else ''} not addressed for "
                f"{child.child_name}: {names}."
            )
    for man in report.unlinked_men:
        parts.append(f"{man['name']} lives in the household but is in no male-carer role.")
    if report.problems:
        parts.insert(0, report.problems[0])
    if parts:
        parts.append(
            "Record each man, or record that there is none / he is not known, with the "
            "reason and what was done to find out."
        )
    return " ".join(parts)


class ManPage(QWidget):
    """Factor map, screenings and the record form for one man."""

    def __init__(
        self, session: CaseSession, person_id: PersonId, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.session, self.person_id = session, person_id
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.factors = QTableWidget(0, 5)
        self.factors.setObjectName("factor_map")
        self.factors.setAccessibleName("Factor map")
        self.factors.setHorizontalHeaderLabels(
            ["Factor group", "Known", "Shown by", "Sources", "Latest information"]
        )
        self.factors.verticalHeader().setVisible(False)
        self.factors.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.factors.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.factors.setMaximumHeight(235)
        lay.addWidget(
            QLabel(
                "<b>Factor map</b> — present / absent / not known, never a score: "
                "risk lies in the combination (§6.20, §19.6)"
            )
        )
        lay.addWidget(self.factors)
        sbox = QHBoxLayout()
        sbox.addWidget(QLabel("<b>Screening</b>"))
        self.screenings = QLabel()
        self.screenings.setObjectName("screenings")
        self.screenings.setWordWrap(True)
        sbox.addWidget(self.screenings, 1)
        self.screen_button = QPushButton("Record a screening…")
        self.screen_button.setEnabled(not session.read_only)
        self.screen_button.clicked.connect(self.add_screening)
        sbox.addWidget(self.screen_button)
        lay.addLayout(sbox)
        # What agencies were asked about him and what is outstanding (issue 14); placed here
        # until the workspace redesign gives the man's page its final layout.
        self.requests = RequestsWidget(session, person_id)
        self.requests.table.setMaximumHeight(120)
        lay.addWidget(self.requests)
        self.form = ManRecordForm(session, person_id)
        lay.addWidget(self.form, 1)
        self.refresh()

    def refresh(self) -> None:
        facts = load_facts(self.session.case, self.person_id)
        groups = factor_map(facts)
        self.factors.setRowCount(len(groups))
        for r, g in enumerate(groups):
            known = g.presence.label
            if g.presence is Presence.NOT_KNOWN:
                known += f" ({g.answered} of {g.indicators} answered)"
            cells = (
                g.title,
                known,
                "; ".join(g.shown_by) or "—",
                ", ".join(g.sources) or "—",
                g.recency(),
            )
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c == 1:
                    item.setBackground(PRESENCE_COLOUR[g.presence])
                self.factors.setItem(r, c, item)
        results = screenings_of(self.session.case, self.person_id)
        lines = []
        for res in results:
            when = res.administered_on.strftime("%d/%m/%Y") if res.administered_on else "?"
            lines.append(f"{result_score(res).display()} · {when}, {res.administered_by}")
        self.screenings.setText("\n".join(lines) or "None recorded.")

    def add_screening(self) -> None:
        person = self.session.case.get(Person, self.person_id)
        dialog = ScreeningDialog(
            self.person_id, person.display_name if person else "", self.session.case.author, self,
            drafts=self.session.drafts,
        )
        if dialog.exec():
            self.apply_screening(dialog)

    def apply_screening(self, dialog: ScreeningDialog) -> None:
        self.session.run(dialog.action())
        dialog.keeper.applied()  # only once it is recorded: a refusal keeps the draft


class CarersView(QWidget):
    def __init__(self, session: CaseSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.report: CompletenessReport | None = None
        self.page: ManPage | None = None
        lay = QVBoxLayout(self)
        self.banner = QLabel()
        self.banner.setObjectName("banner")
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet(
            "background:#f8d7da; color:#58151c; border:1px solid #c77;"
            " padding:6px; font-weight:bold"
        )
        lay.addWidget(self.banner)
        split = QSplitter()
        left = QWidget()
        llay = QVBoxLayout(left)
        llay.setContentsMargins(0, 0, 0, 0)
        llay.addWidget(QLabel("<b>Male-carer roles</b>"))
        self.roles_model = RolesModel()
        self.roles = QTableView()
        self.roles.setObjectName("roles")
        self.roles.setAccessibleName("Male-carer roles")
        self.roles.setModel(self.roles_model)
        self.roles.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.roles.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.roles.verticalHeader().setVisible(False)
        self.roles.horizontalHeader().setStretchLastSection(True)
        self.roles.doubleClicked.connect(lambda idx: self.address_role(idx.row()))
        llay.addWidget(self.roles, 3)
        self.role_button = QPushButton("Record the man / declare none or not known…")
        self.role_button.setObjectName("address_role")
        self.role_button.clicked.connect(lambda: self.address_role(self._role_row()))
        llay.addWidget(self.role_button)
        llay.addWidget(QLabel("<b>Men</b> (completeness of each record)"))
        self.men_model = MenModel()
        self.men = QTableView()
        self.men.setObjectName("men")
        self.men.setAccessibleName("Men and the completeness of each record")
        self.men.setModel(self.men_model)
        self.men.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.men.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.men.verticalHeader().setVisible(False)
        self.men.horizontalHeader().setStretchLastSection(True)
        self.men.clicked.connect(lambda idx: self.open_man(self.men_model.men[idx.row()].person_id))
        llay.addWidget(self.men, 2)
        split.addWidget(left)
        self.stack = QStackedWidget()
        self.placeholder = QLabel("Choose a man on the left to see and edit his record.")
        self.stack.addWidget(self.placeholder)
        split.addWidget(self.stack)
        split.setSizes([560, 840])
        lay.addWidget(split, 1)
        session.changed.connect(self._changed)
        self.refresh()

    def _role_row(self) -> int:
        rows = self.roles.selectionModel().selectedRows()
        return rows[0].row() if rows else -1

    def _changed(self, change: Changes) -> None:
        if change.touches(*WATCHED):
            # Only a change to his facts reloads the open form, so linking a role elsewhere does
            # not throw away answers typed but not yet saved.
            self.refresh(reload_form=Area.RECORD in change.areas)

    def refresh(self, reload_form: bool = True) -> None:
        self.report = check_case(self.session.case)
        self.roles_model.set_children(self.report.children)
        sought = requests_overview(self.session.case)
        self.men_model.set_men(self.report.men, {
            m.person_id: (sought.summary(m.person_id),
                          bool(sought.overdue_of(m.person_id))
                          or not sought.health_asked(m.person_id))
            for m in self.report.men})
        self.roles.resizeColumnsToContents()
        self.men.resizeColumnsToContents()
        text = banner_text(self.report)
        self.banner.setText(text)
        self.banner.setVisible(bool(text))
        no_child = any(c.child_id is None for c in self.report.children)
        self.role_button.setEnabled(not no_child and not self.session.read_only)
        if self.page is not None:
            if self.session.case.get(Person, self.page.person_id) is None:
                self._drop_page()
            else:
                self.page.refresh()
                if reload_form:
                    self.page.form.load()

    def _drop_page(self) -> None:
        if self.page is not None:
            # His typing is kept as a draft before his page goes, whether or not the page was
            # on screen (the Hide that keeps it otherwise needs a page that was shown).
            self.page.form.keeper.keep()
            self.stack.removeWidget(self.page)
            self.page.deleteLater()
            self.page = None

    def open_man(self, person_id: int) -> ManPage:
        self._drop_page()
        self.page = ManPage(self.session, PersonId(person_id))
        self.stack.addWidget(self.page)
        self.stack.setCurrentWidget(self.page)
        return self.page

    def role_dialog(self, row: int) -> RoleDialog | None:
        if row < 0 or row >= len(self.roles_model.rows):
            return None
        child_roles, status = self.roles_model.rows[row]
        if child_roles.child_id is None:
            return None
        child = self.session.case.get(Person, child_roles.child_id)
        if child is None:
            return None
        current = assignments_for(self.session.case, PersonId(child.id or 0),
                                  CarerRole(status.role))
        return RoleDialog(
            child,
            CarerRole(status.role),
            self.session.case.all(Person),
            self.session.case.author,
            current,
            self,
            drafts=self.session.drafts,
        )

    def open_draft(self, draft: Draft) -> bool:
        """The drafts notice asks for a man's record, screening or role dialog."""
        if draft.form in ("record", "screening"):
            if self.session.case.get(Person, int(draft.subject)) is None:
                return False
            page = self.open_man(int(draft.subject))
            if draft.form == "screening":
                page.add_screening()
            return True
        if draft.form == "role":
            child_id, role = draft.subject.split(":", 1)
            for row, (child_roles, status) in enumerate(self.roles_model.rows):
                if str(child_roles.child_id) == child_id and str(status.role) == role:
                    self.address_role(row)
                    return True
        return False

    def address_role(self, row: int) -> None:
        dialog = self.role_dialog(row)
        if dialog is not None and dialog.exec():
            self.apply_role(dialog)

    def apply_role(self, dialog: RoleDialog) -> None:
        try:
            self.session.run(dialog.action())
        except CaseError as exc:
            self.banner.setText(str(exc))
            self.banner.setVisible(True)
            return
        dialog.keeper.applied()
