"""The Men page: every male-carer role for every index child, every man, and one page per man.

Left, a navigator: "Roles and men" (the overview), then each man and, under the man whose page
is open, his record's sections — so moving between men and between the parts of a man's record
is one list, by arrow keys or a click. Right, the overview or the man's page.

A banner stays on screen while any role is unaddressed (no dismiss button: §11.9, the men were
left out because nobody asked), and the navigation rail shows the count whatever page is open.
The same rules as `visible check` (forms/completeness.py).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.carers.models import (
    PRESENCE_COLOURS,
    FactorGridModel,
    MenModel,
    RolesModel,
)
from app.carers.record_form import ManRecordForm
from app.carers.role_dialog import RoleDialog
from app.carers.screening_dialog import ScreeningDialog
from app.operations.changes import Changes
from app.session import CaseSession
from forms.completeness import CompletenessReport, ManStatus, check_case
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
PRESENCE_COLOUR = PRESENCE_COLOURS
SUMMARY, REQUESTS = "summary", "requests"
NAV_WIDTH = 250
_KEY = Qt.ItemDataRole.UserRole  # navigator items: ("overview",) / ("man", id, section)


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


def rail_hint(report: CompletenessReport) -> str:
    """The short line under "Men" in the navigation rail."""
    open_roles = report.unaddressed_count
    if open_roles:
        return f"{open_roles} role{'s' if open_roles != 1 else ''} not addressed"
    if report.problems or report.unlinked_men:
        return "needs attention"
    todo = sum(1 for m in report.men if not m.complete)
    return f"{todo} to complete" if todo else ""


def fit_height(table: QTableView, most: int = 10_000) -> None:
    """As tall as its rows (a handful), so no empty white block sits under them."""
    height = table.horizontalHeader().height() + 2 * table.frameWidth()
    height += sum(table.rowHeight(r) for r in range(table.model().rowCount()))
    if table.horizontalScrollBar().isVisible():
        height += table.horizontalScrollBar().height()
    table.setFixedHeight(min(max(height, 60), most))


def _table(name: str, accessible: str) -> QTableView:
    table = QTableView()
    table.setObjectName(name)
    table.setAccessibleName(accessible)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setTabKeyNavigation(False)  # Tab leaves the table; arrows move inside it
    table.setWordWrap(True)
    table.setAlternatingRowColors(True)
    table.verticalHeader().setVisible(False)
    return table


class RolesOverview(QWidget):
    """Every role with who fills it (or the declaration) and every man with his record."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        heading = QLabel("<h3 style='margin:0'>Male-carer roles</h3>")
        lay.addWidget(heading)
        explain = QLabel("Each role is addressed by recording the man, or by declaring that "
                         "there is none or that he is not known — with the reason and what was "
                         "done to find out. Enter (or double-click) addresses the chosen role.")
        explain.setWordWrap(True)
        lay.addWidget(explain)
        self.roles_model = RolesModel()
        self.roles = _table("roles", "Male-carer roles")
        self.roles.setModel(self.roles_model)
        header = self.roles.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(RolesModel.WHO, QHeaderView.ResizeMode.Stretch)
        self.roles.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        lay.addWidget(self.roles)
        row = QHBoxLayout()
        self.role_button = QPushButton("&Record the man / declare none or not known…")
        self.role_button.setObjectName("address_role")
        row.addWidget(self.role_button)
        row.addStretch(1)
        lay.addLayout(row)

        lay.addWidget(QLabel("<h3 style='margin:0'>Men</h3>"))
        self.men_model = MenModel()
        self.men = _table("men", "Men and the completeness of each record")
        self.men.setModel(self.men_model)
        mheader = self.men.horizontalHeader()
        mheader.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        # The two long texts share what is left, so neither is squeezed to a sliver (with
        # larger system fonts "Still to record" was a column of "…").
        mheader.setSectionResizeMode(MenModel.ROLES, QHeaderView.ResizeMode.Stretch)
        mheader.setSectionResizeMode(MenModel.MISSING, QHeaderView.ResizeMode.Stretch)
        self.men.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        lay.addWidget(self.men)
        mrow = QHBoxLayout()
        self.open_button = QPushButton("&Open his record")
        self.open_button.setObjectName("open_man")
        mrow.addWidget(self.open_button)
        mrow.addStretch(1)
        lay.addLayout(mrow)

        lay.addWidget(QLabel("<h3 style='margin:0'>Factors across the men</h3>"
                             "present / absent / not known — never a score: risk lies in "
                             "the combination (§6.20, §19.6)"))
        self.grid_model = FactorGridModel()
        self.grid = _table("factor_grid", "Factors across the men")
        self.grid.setModel(self.grid_model)
        self.grid.verticalHeader().setVisible(True)
        self.grid.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        # Its rows share the height left: a few factor groups never leave a blank block below.
        self.grid.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.grid.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        lay.addWidget(self.grid, 1)

    def fit_tables(self) -> None:
        """Roles and men as tall as their rows (up to a share of the page); the factor grid
        takes the rest."""
        fit_height(self.roles, most=max(150, self.height() * 2 // 5))
        fit_height(self.men, most=max(110, self.height() // 4))

    def showEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        self.fit_tables()

    def resizeEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self.fit_tables()


class ManPage(QWidget):
    """One man: his summary (factor map, screenings), each record section, his requests."""

    navigate_requested = Signal(str, object)  # (page key, target), e.g. ("chronology", ...)
    section_requested = Signal(str)  # a part of his page chosen from inside it

    def __init__(
        self, session: CaseSession, person_id: PersonId, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.session, self.person_id = session, person_id
        person = session.case.get(Person, person_id)
        name = person.display_name if person else "?"
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)

        head = QHBoxLayout()
        self.heading = QLabel(f"<h2 style='margin:0'>{name}</h2>")
        self.heading.setObjectName("man_name")
        self.heading.setAccessibleName(f"Record of {name}")
        self.roles_line = QLabel()
        self.roles_line.setObjectName("man_roles")
        self.roles_line.setWordWrap(True)
        self.roles_line.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.lens_button = QPushButton("His &lens in the chronology")
        self.lens_button.setObjectName("show_lens")
        self.lens_button.setToolTip("Every entry involving or mentioning him, a timeline per "
                                    "agency and who knew what")
        self.lens_button.clicked.connect(
            lambda: self.navigate_requested.emit("chronology", ("lens", self.person_id)))
        self.screen_button = QPushButton("Record a scree&ning…")
        self.screen_button.setEnabled(not session.read_only)
        self.screen_button.clicked.connect(self.add_screening)
        head.addWidget(self.heading)
        head.addSpacing(12)
        head.addWidget(self.roles_line, 1)
        head.addWidget(self.lens_button)
        head.addWidget(self.screen_button)
        lay.addLayout(head)

        self.stack = QStackedWidget()
        # Summary: the factor map and the screenings.
        summary = QWidget()
        summary.setObjectName("summary")
        slay = QVBoxLayout(summary)
        slay.setContentsMargins(0, 0, 0, 0)
        slay.addWidget(QLabel(
            "<b>Factor map</b> — present / absent / not known, never a score: risk lies in the "
            "combination (§6.20, §19.6)"))
        self.factors = QTableWidget(0, 5)
        self.factors.setObjectName("factor_map")
        self.factors.setAccessibleName(f"Factor map of {name}")
        self.factors.setHorizontalHeaderLabels(
            ["Factor group", "Known", "Shown by", "Sources", "Latest information"]
        )
        self.factors.verticalHeader().setVisible(False)
        self.factors.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.factors.setTabKeyNavigation(False)
        self.factors.setWordWrap(True)
        header = self.factors.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.factors.verticalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents)
        slay.addWidget(self.factors)
        lists = QHBoxLayout()
        self.missing = self._gap_list("missing", "Still to record (required)")
        self.own_word = self._gap_list("self_report", "Only his own account, nothing verified")
        self.not_known = self._gap_list("not_known", "Answered \u201cnot known\u201d")
        for title, box in (("<b>Still to record</b> (required answers)", self.missing),
                           ("<b>Only his own account</b> — not yet verified", self.own_word),
                           ("<b>Not known</b> — asked, no answer yet", self.not_known)):
            column = QVBoxLayout()
            column.addWidget(QLabel(title))
            column.addWidget(box, 1)
            lists.addLayout(column, 1)
        slay.addLayout(lists, 1)
        sbox = QHBoxLayout()
        sbox.addWidget(QLabel("<b>Screening</b>"))
        self.screenings = QLabel()
        self.screenings.setObjectName("screenings")
        self.screenings.setWordWrap(True)
        self.screenings.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        sbox.addWidget(self.screenings, 1)
        slay.addLayout(sbox)
        self.stack.addWidget(summary)
        self.summary = summary

        self.form = ManRecordForm(session, person_id)
        # The navigator on the left names the sections: the form's own tab bar would repeat
        # them in a row too wide for a laptop (it scrolled at 1366 px).
        self.form.tabs.tabBar().hide()
        self.form.tabs.setDocumentMode(True)
        # No Tab stop on the hidden tab bar: Tab would stop there and go nowhere (trapped).
        self.form.tabs.tabBar().setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.form.tabs.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.stack.addWidget(self.form)

        # What agencies were asked about him and what is outstanding (issue 14): a part of
        # his page of its own, with the room a table of requests needs. Built when first
        # shown: a sixth of the time his page took to open, for a part he may not look at.
        self.requests: QWidget | None = None
        lay.addWidget(self.stack, 1)
        self.section = SUMMARY
        self.refresh()

    def _gap_list(self, name: str, accessible: str) -> QListWidget:
        box = QListWidget()
        box.setObjectName(name)
        box.setAccessibleName(accessible)
        box.setWordWrap(True)
        box.itemActivated.connect(self._go_to_gap)
        return box

    def _go_to_gap(self, item: QListWidgetItem) -> None:
        """Enter or double-click on a gap: his record at that question, the focus in it."""
        key = item.data(Qt.ItemDataRole.UserRole)
        section = key.split(".", 1)[0]
        self.section_requested.emit(section)
        row = self.form.row(key)
        if row is not None:
            scroll = self.form.tabs.currentWidget()
            if isinstance(scroll, QScrollArea):
                scroll.ensureWidgetVisible(row)
            row.editor.setFocus(Qt.FocusReason.OtherFocusReason)
            focus = row.editor.focusProxy() or next(
                (w for w in row.editor.findChildren(QWidget)
                 if w.focusPolicy() & Qt.FocusPolicy.TabFocus), None)
            if focus is not None:
                focus.setFocus(Qt.FocusReason.OtherFocusReason)

    def set_gaps(self, status: ManStatus | None) -> None:
        for box, gaps, empty in (
            (self.missing, status.missing if status else [], "Every required answer is recorded."),
            (self.own_word, status.self_report_only if status else [], "None."),
            (self.not_known, status.not_known if status else [], "None."),
        ):
            box.clear()
            for gap in gaps:
                item = QListWidgetItem(f"{gap.section} › {gap.label}"
                                       + (" (recorded as not asked)" if gap.not_asked else ""))
                item.setData(Qt.ItemDataRole.UserRole, gap.key)
                item.setToolTip("Enter or double-click to go to this question")
                box.addItem(item)
            if not gaps:
                placeholder = QListWidgetItem(empty)
                placeholder.setFlags(Qt.ItemFlag.NoItemFlags)
                box.addItem(placeholder)

    def sections(self) -> list[tuple[str, str]]:
        """(key, text) of each part of his page, in navigator order."""
        out = [(SUMMARY, "Summary and factor map")]
        for i, section in enumerate(self.form.form.sections):
            out.append((section.key, self.form.tabs.tabText(i)))
        out.append((REQUESTS, "Information requests"))
        return out

    def show_section(self, key: str) -> None:
        self.section = key
        if key == SUMMARY:
            self.stack.setCurrentWidget(self.summary)
        elif key == REQUESTS:
            if self.requests is None:
                from app.requests.widget import RequestsWidget

                self.requests = RequestsWidget(self.session, self.person_id)
                self.stack.addWidget(self.requests)
            self.stack.setCurrentWidget(self.requests)
        else:
            self.form.show_section(key)
            self.stack.setCurrentWidget(self.form)

    def set_status(self, status: ManStatus | None) -> None:
        self.set_gaps(status)
        if status is None:
            self.roles_line.setText("")
            return
        roles = "; ".join(status.roles) or "in no male-carer role"
        self.roles_line.setText(f"{roles}<br><span style='color:#555'>{status.badge()}</span>")

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
        self.factors.resizeRowsToContents()
        fit_height(self.factors)
        results = screenings_of(self.session.case, self.person_id)
        lines = []
        for res in results:
            when = res.administered_on.strftime("%d/%m/%Y") if res.administered_on else "?"
            lines.append(f"{result_score(res).display()} · {when}, {res.administered_by}")
        self.screenings.setText("\n".join(lines) or "None recorded.")

    def showEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        fit_height(self.factors)  # the header's height is known once shown

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

    def panes(self) -> list[QWidget]:
        return [self.stack.currentWidget()]


class MenNavigator(QTreeWidget):
    """Roles and men, then each man; the open man's sections under him."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("men_navigator")
        self.setAccessibleName("Men and the parts of each man's record")
        self.setHeaderHidden(True)
        self.setRootIsDecorated(True)
        self.setIndentation(14)
        self.setFixedWidth(NAV_WIDTH)
        self.setUniformRowHeights(True)
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.overview = QTreeWidgetItem(["Roles and men"])
        self.overview.setData(0, _KEY, ("overview",))
        self.addTopLevelItem(self.overview)
        self.men: dict[int, QTreeWidgetItem] = {}

    def set_men(self, men: list[ManStatus]) -> None:
        self.blockSignals(True)
        current = self.currentItem().data(0, _KEY) if self.currentItem() else None
        for item in self.men.values():
            self.takeTopLevelItem(self.indexOfTopLevelItem(item))
        self.men = {}
        for man in men:
            done = man.required - len(man.missing)
            item = QTreeWidgetItem([f"{man.name}  ({done}/{man.required})"])
            # None: his page as it was left; his sections below carry their own keys.
            item.setData(0, _KEY, ("man", man.person_id, None))
            item.setToolTip(0, f"{man.name}: {man.badge()}")
            item.setData(0, Qt.ItemDataRole.AccessibleTextRole,
                         f"{man.name}, {man.badge()}")
            if not man.complete:
                item.setForeground(0, Qt.GlobalColor.darkRed)
            self.addTopLevelItem(item)
            self.men[man.person_id] = item
        self.blockSignals(False)
        if current is not None:
            self.select(current)

    def set_sections(self, person_id: int, sections: list[tuple[str, str]]) -> None:
        self.blockSignals(True)
        for pid, item in self.men.items():
            if pid != person_id:
                item.takeChildren()
                item.setExpanded(False)
        item = self.men.get(person_id)
        if item is not None:
            existing = [item.child(i) for i in range(item.childCount())]
            if [c.data(0, _KEY)[2] for c in existing] == [k for k, _ in sections]:
                for child, (_key, text) in zip(existing, sections, strict=True):
                    child.setText(0, text)
            else:
                item.takeChildren()
                for key, text in sections:
                    child = QTreeWidgetItem([text])
                    child.setData(0, _KEY, ("man", person_id, key))
                    child.setToolTip(0, text)
                    item.addChild(child)
            item.setExpanded(True)
        self.blockSignals(False)

    def select(self, key: tuple[Any, ...]) -> None:
        items = self._items()
        # A section of his when it is listed, else the man himself.
        found = next((i for i in items if i.data(0, _KEY) == key), None)
        if found is None and key[0] == "man":
            found = next((i for i in items if i.data(0, _KEY) == ("man", key[1], None)), None)
        if found is not None:
            self.blockSignals(True)
            self.setCurrentItem(found)
            self.blockSignals(False)

    def _items(self) -> list[QTreeWidgetItem]:
        out = []
        for i in range(self.topLevelItemCount()):
            top = self.topLevelItem(i)
            out.append(top)
            out.extend(top.child(j) for j in range(top.childCount()))
        return out


class CarersView(QWidget):
    """The Men page of the workspace (app/panels/carers.py)."""

    hint_changed = Signal(str)  # the line under "Men" in the navigation rail
    navigate_requested = Signal(str, object)

    def __init__(self, session: CaseSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.report: CompletenessReport | None = None
        self.page: ManPage | None = None
        self._hint = ""
        lay = QVBoxLayout(self)
        self.banner = QLabel()
        self.banner.setObjectName("banner")
        self.banner.setWordWrap(True)
        self.banner.setAccessibleName("Roles not addressed")
        self.banner.setStyleSheet(
            "background:#f8d7da; color:#58151c; border:1px solid #c77;"
            " padding:6px; font-weight:bold"
        )
        lay.addWidget(self.banner)
        body = QHBoxLayout()
        self.navigator = MenNavigator()
        body.addWidget(self.navigator)
        self.stack = QStackedWidget()
        self.overview = RolesOverview()
        self.stack.addWidget(self.overview)
        body.addWidget(self.stack, 1)
        lay.addLayout(body, 1)

        # The overview's parts under the names the tests and older callers use.
        self.roles_model, self.roles = self.overview.roles_model, self.overview.roles
        self.men_model, self.men = self.overview.men_model, self.overview.men
        self.role_button = self.overview.role_button
        self.roles.activated.connect(lambda idx: self.address_role(idx.row()))
        self.role_button.clicked.connect(lambda: self.address_role(self._role_row()))
        self.men.activated.connect(lambda idx: self.open_man(self.men_model.men[idx.row()]
                                                              .person_id))
        self.overview.open_button.clicked.connect(self._open_selected_man)
        self.navigator.currentItemChanged.connect(self._navigated)
        session.changed.connect(self._changed)
        self.refresh()
        self.navigator.select(("overview",))

    # Navigation ---------------------------------------------------------------------------
    def hint(self) -> str:
        return self._hint

    def _navigated(self, item: QTreeWidgetItem | None, _previous: object = None) -> None:
        if item is None:
            return
        key = item.data(0, _KEY)
        if key[0] == "overview":
            self.show_overview()
        else:
            self.open_man(key[1], key[2])

    def show_overview(self) -> None:
        self.stack.setCurrentWidget(self.overview)
        self.navigator.select(("overview",))

    def _open_selected_man(self) -> None:
        rows = self.men.selectionModel().selectedRows()
        if rows:
            self.open_man(self.men_model.men[rows[0].row()].person_id)
        elif self.men_model.men:
            self.open_man(self.men_model.men[0].person_id)

    def open_man(self, person_id: int, section: str | None = None) -> ManPage:
        if self.page is None or self.page.person_id != person_id:
            self._drop_page()
            self.page = ManPage(self.session, PersonId(person_id))
            self.page.navigate_requested.connect(self.navigate_requested)
            self.page.section_requested.connect(
                lambda key, pid=person_id: self.open_man(pid, key))
            self.page.form.loaded.connect(self._sections_changed)
            self.stack.addWidget(self.page)
            self._set_man_status()
        page = self.page
        page.show_section(section or page.section)
        self.stack.setCurrentWidget(page)
        self._sections_changed()
        self.navigator.select(("man", person_id, page.section))
        return page

    def open_target(self, target: object) -> None:
        """Another page asks for a man (e.g. the genogram's "his record")."""
        if isinstance(target, tuple) and target and target[0] == "man":
            self.open_man(int(target[1]), target[2] if len(target) > 2 else None)

    def _sections_changed(self) -> None:
        if self.page is not None:
            self.navigator.set_sections(self.page.person_id, self.page.sections())

    def _set_man_status(self) -> None:
        if self.page is None or self.report is None:
            return
        status = next((m for m in self.report.men if m.person_id == self.page.person_id), None)
        self.page.set_status(status)

    def panes(self) -> list[QWidget]:
        current = self.stack.currentWidget()
        inner = self.page.panes() if current is self.page and self.page else [self.roles,
                                                                               self.men]
        return [self.navigator, *inner]

    # Refresh ------------------------------------------------------------------------------
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
        self.roles.resizeRowsToContents()  # a handful of rows: cheap, and declarations wrap
        self.men.resizeRowsToContents()
        self.overview.fit_tables()
        self.overview.grid_model.set_maps([
            (m.name, factor_map(load_facts(self.session.case, PersonId(m.person_id))))
            for m in self.report.men])
        self.navigator.set_men(self.report.men)
        text = banner_text(self.report)
        self.banner.setText(text)
        self.banner.setVisible(bool(text))
        hint = rail_hint(self.report)
        if hint != self._hint:
            self._hint = hint
            self.hint_changed.emit(hint)
        no_child = any(c.child_id is None for c in self.report.children)
        self.role_button.setEnabled(not no_child and not self.session.read_only)
        if self.page is not None:
            if self.session.case.get(Person, self.page.person_id) is None:
                self._drop_page()
                self.show_overview()
            else:
                self.page.refresh()
                self._set_man_status()
                if reload_form:
                    self.page.form.load()
                self._sections_changed()
                self.navigator.select(("man", self.page.person_id, self.page.section))

    def _drop_page(self) -> None:
        if self.page is not None:
            # His typing is kept as a draft before his page goes, whether or not the page was
            # on screen (the Hide that keeps it otherwise needs a page that was shown).
            self.page.form.keeper.keep()
            self.stack.removeWidget(self.page)
            self.page.deleteLater()
            self.page = None

    # Roles --------------------------------------------------------------------------------
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
