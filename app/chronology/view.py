"""The chronology view: filter bar, paged table, and the actions on entries.

Every change is an operation run through session.run() (one action = one transaction = one
undo entry);
the view refreshes itself from session.changed, never from the code that made the change.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.chronology.editor import EntryEditor
from app.chronology.model import COLUMNS, ChronologyModel
from app.operations import chronology as chronology_ops
from app.operations.changes import Changes
from app.session import CaseSession
from app.workers import run_in_background
from forms.dates import parse_date
from forms.importers.table import SeveralChronologies
from forms.lens.visibility import latest_day
from storage.areas import Area
from storage.chronology import Category, ChronologyEntry
from storage.chronology_query import EntryFilter, SortOrder
from storage.chronology_store import agencies, count_entries, get_entry
from storage.drafts import Draft
from storage.errors import CaseError, InvalidValue
from storage.ids import EntryId
from storage.people import Person

WATCHED = (Area.CHRONOLOGY, Area.AGENCIES, Area.PEOPLE)
# Above this many entries a change reloads the table's ids on a worker (about 20 ms of work
# on the GUI thread per 5,000 entries, more on a busy machine).
BACKGROUND_RELOAD = 5_000
_SORTS = (
    ("Date (oldest first)", SortOrder.DATE),
    ("Date (newest first)", SortOrder.DATE_DESC),
    ("Agency, then date", SortOrder.AGENCY),
    ("Category, then date", SortOrder.CATEGORY),
)
ALWAYS_SHOWN = ("date", "what_happened")
_WIDTHS = {
    "date": 110,
    "time": 50,
    "agency": 140,
    "category": 140,
    "what_happened": 380,
    "action_outcome": 220,
    "significance": 160,
    "people": 150,
    "source_ref": 110,
    "reference": 90,
    "flags": 90,
}


class ChronologyView(QWidget):
    def __init__(self, session: CaseSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._adding = False  # a new entry is being saved from the editor (apply_editor)
        case = session.case
        self._total = count_entries(case)  # entries in the case, as last counted
        # A big chronology's ids are read on a worker as its page is built (the rows come a
        # moment later; the window has painted meanwhile).
        self._filtering = self._total > BACKGROUND_RELOAD
        self.model = ChronologyModel(case, load=not self._filtering)
        self.import_dialog: QDialog | None = None
        self._batch: int | None = None  # an import's batch shown alone, after the import
        self.court_builder: QDialog | None = None

        self.date_from = QLineEdit()
        self.date_from.setPlaceholderText("e.g. 03/2026")
        self.date_from.setAccessibleName("From date")
        self.date_to = QLineEdit()
        self.date_to.setPlaceholderText("e.g. 2026")
        self.date_to.setAccessibleName("To date")
        for box in (self.date_from, self.date_to):
            box.setMaximumWidth(130)
        self.agency = QComboBox()
        self.person = QComboBox()
        self.category = QComboBox()
        self.category.addItem("All categories", None)
        for category in Category:
            self.category.addItem(category.label, category.value)
        self.key_only = QCheckBox("Key events only")
        self.disputed_only = QCheckBox("Disputed")
        self.disputed_only.setToolTip("Only entries a party disputes")
        self.search = QLineEdit()
        self.search.setPlaceholderText("what happened, actions, outcomes… (Ctrl+F)")
        self.search.setAccessibleName("Search the chronology")
        self.agency.setAccessibleName("Agency")
        self.person.setAccessibleName("Person")
        self.category.setAccessibleName("Category")
        self.search.setClearButtonEnabled(True)
        self.sort = QComboBox()
        for label, order in _SORTS:
            self.sort.addItem(label, order)
        self.count = QLabel()
        self.count.setObjectName("count")
        self.message = QLabel()
        self.message.setStyleSheet("color: #a40000")
        self._fill_choices()
        self.sort.setAccessibleName("Order")
        # The filter row must fit a 1366 px laptop with room left for the search box: the
        # combos show ~16 letters (their lists open as wide as their longest choice).
        for combo, letters in ((self.agency, 16), (self.person, 14), (self.category, 16),
                               (self.sort, 16)):
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(letters)
            combo.view().setMinimumWidth(combo.view().sizeHintForColumn(0) + 24)
        self.search.setMinimumWidth(220)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setObjectName("chronology_table")
        self.table.setAccessibleName("Chronology entries")
        self.table.setTabKeyNavigation(False)  # Tab leaves the table; arrows move in it
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        # Fixed row heights: resizeRowsToContents over 20k rows takes 15 s (PERFORMANCE-NOTES).
        vertical = self.table.verticalHeader()
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(24)
        vertical.hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for col, (attr, _title) in enumerate(COLUMNS):
            self.table.setColumnWidth(col, _WIDTHS.get(attr, 100))
        header.setStretchLastSection(True)
        # Which columns are shown is the user's (right-click the header, or the context-menu
        # key / Shift+F10 in the table): kept between sessions in the settings.
        self._apply_hidden_columns()
        for widget in (header, self.table):
            widget.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(lambda pos: self.columns_menu(
            header.mapToGlobal(pos)))
        self.table.customContextMenuRequested.connect(lambda pos: self.columns_menu(
            self.table.viewport().mapToGlobal(pos)))
        # Clicking a header sorts in SQL (Date toggles oldest/newest first, Agency, Category).
        header.setSectionsClickable(True)
        header.sectionClicked.connect(self._header_clicked)
        self.table.doubleClicked.connect(lambda _i: self.edit_selected())

        self.new_button = QPushButton("&New entry…")
        self.edit_button = QPushButton("Ed&it…")
        self.delete_button = QPushButton("&Delete")
        self.import_button = QPushButton("Im&port agency return…")
        self.agencies_button = QPushButton("A&gencies…")
        self.household_button = QPushButton("Ho&usehold on this date")
        self.household_button.setToolTip(
            "Show on the genogram who lived with the child on the selected entry's date")
        self.household_button.clicked.connect(self.show_household_of_selected)
        self.court_button = QPushButton("&Court chronology (PD12A)…")
        self.court_button.setToolTip(
            "Choose what the court chronology lists and see how many pages it will be")
        self.court_button.clicked.connect(self.open_court_builder)
        self.link_button = QPushButton("Lin&k named people…")
        self.link_button.setObjectName("link_named")
        self.link_button.setToolTip("Link each entry that names people (by the lens's name "
                                    "rules) but is linked to nobody, e.g. from an older import")
        self.link_button.clicked.connect(self.link_named_people)
        self.link_button.setEnabled(not session.read_only)
        self.new_button.clicked.connect(self.new_entry)
        self.edit_button.clicked.connect(self.edit_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.import_button.clicked.connect(self.choose_import)
        self.agencies_button.clicked.connect(self.edit_agencies)
        for button in (
            self.new_button,
            self.edit_button,
            self.delete_button,
            self.import_button,
            self.agencies_button,
        ):
            button.setEnabled(not session.read_only or button in (self.edit_button,))

        # Two rows: the search gets the width it needs at 1366 px, and a row of height is
        # cheap here (the table still shows 20+ rows on a laptop).
        filters = QHBoxLayout()
        search_label = QLabel("&Search")
        search_label.setBuddy(self.search)
        filters.addWidget(search_label)
        filters.addWidget(self.search, 1)
        for label, box in (("Fro&m", self.date_from), ("&To", self.date_to)):
            buddy = QLabel(label)
            buddy.setBuddy(box)
            filters.addWidget(buddy)
            filters.addWidget(box)
        filters.addWidget(self.sort)
        narrowing = QHBoxLayout()
        for widget in (self.agency, self.person, self.category, self.key_only,
                       self.disputed_only):
            narrowing.addWidget(widget)
        narrowing.addStretch(1)
        # Each action has its Alt+letter (none clashes with the menu bar's File, Edit, View,
        # Help): the page is worked from the keyboard alone too.
        actions = QHBoxLayout()
        for button in (
            self.new_button,
            self.edit_button,
            self.delete_button,
            self.import_button,
            self.agencies_button,
            self.household_button,
            self.court_button,
            self.link_button,
        ):
            actions.addWidget(button)
        actions.addStretch()
        actions.addWidget(self.message)
        actions.addWidget(self.count)
        # Shown after an import: the new entries alone, until "Show all entries".
        self.batch_bar = QWidget()
        self.batch_bar.setObjectName("batch_bar")
        bar = QHBoxLayout(self.batch_bar)
        bar.setContentsMargins(6, 2, 6, 2)
        self.batch_label = QLabel()
        self.batch_label.setStyleSheet("font-weight:600")
        self.show_all_button = QPushButton("Show &all entries")
        self.show_all_button.clicked.connect(lambda: self.show_batch(None))
        bar.addWidget(self.batch_label, 1)
        bar.addWidget(self.show_all_button)
        self.batch_bar.setStyleSheet("#batch_bar { background:#e7f1fb; border:1px solid #9cc3e6 }")
        self.batch_bar.setVisible(False)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addLayout(narrowing)
        layout.addWidget(self.batch_bar)
        layout.addWidget(self.table, 1)
        layout.addLayout(actions)

        # Typing in the search box re-queries after a pause, not on every key.
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(250)
        self._debounce.timeout.connect(self.apply_filters)
        for line in (self.search, self.date_from, self.date_to):
            line.textChanged.connect(self._debounce.start)
        for combo in (self.agency, self.person, self.category, self.sort):
            combo.currentIndexChanged.connect(self.apply_filters)
        self.key_only.toggled.connect(self.apply_filters)
        self.disputed_only.toggled.connect(self.apply_filters)
        session.changed.connect(self._on_changed)
        if self._filtering:
            self.count.setText(f"Reading {self._total:,} entries…")
            self._apply_filters()
        else:
            self._update_count()

    # Filters ----------------------------------------------------------------------------------
    def _fill_choices(self) -> None:
        case = self.session.case
        for combo, first, items in (
            (self.agency, "All agencies", [(a.name, a.id) for a in agencies(case)]),
            (self.person, "Anyone", [(p.display_name, p.id) for p in case.all(Person)]),
        ):
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(first, None)
            for name, item_id in items:
                combo.addItem(name, item_id)
            combo.setCurrentIndex(max(0, combo.findData(current)))
            combo.blockSignals(False)

    def _header_clicked(self, column: int) -> None:
        attr = COLUMNS[column][0]
        current = SortOrder(self.sort.currentData())  # Qt hands StrEnum data back as str
        if attr in ("date", "time"):
            wanted = SortOrder.DATE_DESC if current is SortOrder.DATE else SortOrder.DATE
        elif attr == "agency":
            wanted = SortOrder.AGENCY
        elif attr == "category":
            wanted = SortOrder.CATEGORY
        else:
            return
        self.sort.setCurrentIndex(self.sort.findData(wanted))

    def current_filter(self) -> EntryFilter:
        """The filter the widgets describe; raises InvalidValue for an unreadable date."""

        def day(box: QLineEdit, last: bool) -> dt.date | None:
            text = box.text().strip()
            if not text:
                return None
            date = parse_date(text)
            return latest_day(date) if last else date.earliest()

        agency = self.agency.currentData()
        person = self.person.currentData()
        category = self.category.currentData()
        return EntryFilter(
            import_batch_id=self._batch,
            date_from=day(self.date_from, False),
            date_to=day(self.date_to, True),
            agency_ids=(agency,) if agency is not None else (),
            person_ids=(person,) if person is not None else (),
            categories=(category,) if category is not None else (),
            key_events_only=self.key_only.isChecked(),
            disputed_only=self.disputed_only.isChecked(),
            text=self.search.text(),
            sort=SortOrder(self.sort.currentData()),
        )

    def apply_filters(self) -> None:
        self._apply_filters()

    def _apply_filters(self, then: Callable[[], None] | None = None) -> None:
        """Show the entries the filter bar describes, then call `then`.

        In a big chronology the query runs on a worker (a full-text search over 20,000
        entries took 0.1–0.4 s on the GUI thread of a loaded machine): the rows shown stay
        until the new ones are ready, and the newest filter wins."""
        self._debounce.stop()
        try:
            wanted = self.current_filter()
        except InvalidValue as exc:
            self.message.setText(str(exc))
            return
        self.message.setText("")

        def applied() -> None:
            self._filtering = False
            self._update_count()
            if then is not None:
                then()

        if self._total > BACKGROUND_RELOAD:
            self._filtering = True
            self.model.reload_in_background(wanted, on_done=applied,
                                            on_error=lambda exc: self._refused(exc))
            return
        try:
            self.model.reload(wanted)
        except CaseError as exc:
            self.message.setText(str(exc))
        applied()

    def _refused(self, exc: CaseError) -> None:
        self._filtering = False
        self.message.setText(str(exc))

    @property
    def filtering(self) -> bool:
        """Whether the entries for the filter bar as it is are still being read."""
        return self._filtering

    def _update_count(self) -> None:
        total = self._total = count_entries(self.session.case)
        shown = self.model.rowCount()
        self.count.setText(
            f"{shown:,} of {total:,} entries" if shown != total else f"{total:,} entries"
        )

    def _on_changed(self, change: Changes) -> None:
        if not change.touches(*WATCHED):
            return
        if change.touches(Area.AGENCIES, Area.PEOPLE):
            self._fill_choices()
        scroll = self.table.verticalScrollBar().value()
        selected = self.selected_id()
        # The entry the user has just saved is shown and selected, not left out of sight among
        # thousands of rows with the old selection kept (its row is the first one it inserts).
        added = change.first_created(Area.CHRONOLOGY) if self._adding else None
        self._adding = False

        def restore() -> None:
            self.table.verticalScrollBar().setValue(scroll)
            if added is not None and self.model.row_of(added) is not None:
                self.select_entry(added)
                self.table.scrollTo(self.model.index(self.model.row_of(added) or 0, 0))
            elif selected is not None:
                self.select_entry(selected)
            self._update_count()

        if self.model.rowCount() + len(change.created(Area.CHRONOLOGY)) > BACKGROUND_RELOAD:
            # A big chronology (or a big import into one): its ids are read on a worker.
            self.model.reload_in_background(on_done=restore)
            return
        self.model.reload()
        restore()

    # Columns ----------------------------------------------------------------------------------
    def _apply_hidden_columns(self, hidden: list[str] | None = None) -> None:
        from app.settings import Settings

        if hidden is None:
            hidden = Settings().hidden_chronology_columns
        for col, (attr, _title) in enumerate(COLUMNS):
            # The date and what happened are the entry: they cannot be hidden.
            self.table.setColumnHidden(col, attr in hidden and attr not in ALWAYS_SHOWN)

    def columns_menu(self, at: QPoint | None = None) -> QMenu:
        """A tick for each column; unticking hides it (for every case, on this computer)."""
        menu = QMenu(self)
        menu.setObjectName("chronology-columns")
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.addSection("Columns shown")
        for col, (attr, title) in enumerate(COLUMNS):
            action = menu.addAction(title)
            action.setObjectName(f"column:{attr}")
            action.setCheckable(True)
            action.setChecked(not self.table.isColumnHidden(col))
            action.setEnabled(attr not in ALWAYS_SHOWN)
            action.toggled.connect(lambda shown, key=attr: self.show_column(key, shown))
        menu.popup(at if at is not None else self.table.mapToGlobal(self.table.rect().center()))
        return menu

    def show_column(self, key: str, shown: bool) -> None:
        from app.settings import Settings

        settings = Settings()
        hidden = [k for k in settings.hidden_chronology_columns if k != key]
        if not shown and key not in ALWAYS_SHOWN:
            hidden.append(key)
        settings.hidden_chronology_columns = hidden
        settings.sync()
        self._apply_hidden_columns(hidden)

    # Selection --------------------------------------------------------------------------------
    def selected_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.entry_id(rows[0].row()) if rows else None

    def select_entry(self, entry_id: int) -> None:
        row = self.model.row_of(entry_id)
        if row is not None:
            self.table.selectRow(row)

    # Actions ----------------------------------------------------------------------------------
    def _run(self, op: Callable[..., Changes], *args: object) -> bool:
        try:
            self.session.run(op, *args)
        except CaseError as exc:
            QMessageBox.warning(self, "Not saved", str(exc))
            return False
        return True

    def show_household_of_selected(self) -> None:
        """Ask the genogram to draw the household as it was on the selected entry's date (the
        first day it can have been: a month-only date shows the 1st, a range its start)."""
        from forms.household import first_day

        entry_id = self.selected_id()
        entry = get_entry(self.session.case, entry_id) if entry_id is not None else None
        if entry is None:
            self.message.setText("Select an entry first.")
            return
        self.session.household_date_requested.emit(first_day(entry.when))

    def open_court_builder(self) -> None:
        from app.chronology.court_builder import CourtBuilderDialog
        from app.genogram.rendering import render_png
        from app.settings import Settings
        from exports.genogram.data import genogram_data
        from storage.snapshot import load_snapshot

        # The genogram is drawn once (Qt, so on this thread) so the page count includes it.
        picture = render_png(genogram_data(load_snapshot(self.session.case, with_entries=False)))
        dialog = CourtBuilderDialog(self.session, Settings().court_page_limit, picture, self)
        self.court_builder = dialog
        dialog.exec()
        self.court_builder = None

    def new_entry(self) -> EntryEditor:
        editor = self.entry_editor()
        if editor.exec() == QDialog.DialogCode.Accepted:
            self.apply_editor(editor)
        return editor

    def entry_editor(self, entry: ChronologyEntry | None = None) -> EntryEditor:
        """The editor for a new entry (or `entry`), keeping drafts of what is typed."""
        editor = EntryEditor(self.session.case, entry, parent=self, drafts=self.session.drafts)
        if self.session.read_only:
            editor.buttons.setEnabled(False)
        return editor

    def apply_editor(self, editor: EntryEditor) -> bool:
        """Save what the editor holds; its draft goes only once that has worked (a refused
        save keeps the answers as a draft, offered back next time)."""
        op = chronology_ops.edit_entry if editor.original is not None else \
            chronology_ops.add_entry
        self._adding = editor.original is None
        try:
            if not self._run(op, editor.entry()):
                return False
        finally:
            self._adding = False
        editor.keeper.applied()
        return True

    def open_draft(self, draft: Draft) -> bool:
        """The drafts notice asks for an entry's editor: it opens with Restore / Discard."""
        if draft.form != "entry":
            return False
        entry = None
        if draft.subject != "new":
            entry = get_entry(self.session.case, int(draft.subject))
            if entry is None:
                return False  # deleted since: the notice can still discard the draft
        editor = self.entry_editor(entry)
        if editor.exec() == QDialog.DialogCode.Accepted:
            self.apply_editor(editor)
        return True

    def edit_selected(self) -> None:
        entry_id = self.selected_id()
        if entry_id is None:
            return
        entry = get_entry(self.session.case, entry_id)
        if entry is None:
            return
        editor = self.entry_editor(entry)
        if editor.exec() == QDialog.DialogCode.Accepted:
            self.apply_editor(editor)

    def delete_selected(self) -> None:
        entry_id = self.selected_id()
        if entry_id is None:
            return
        answer = QMessageBox.question(
            self, "Delete entry", "Delete this chronology entry? (Undo brings it back.)"
        )
        if answer == QMessageBox.StandardButton.Yes:
            self._run(chronology_ops.delete_entry, EntryId(entry_id))

    def link_named_people(self, ask: bool = True) -> bool:
        """Entries linked to nobody that name people (older imports): link them, one action."""
        links = chronology_ops.named_links(self.session.case)
        entries = len({e for e, _p in links})
        if not links:
            self.message.setText("")
            self.count.setText(f"{self.count.text()} · every entry that names someone is "
                               "linked")
            return False
        if ask:
            answer = QMessageBox.question(
                self, "Link named people",
                f"{entries} entr{'y names' if entries == 1 else 'ies name'} people in the "
                f"genogram but {'is' if entries == 1 else 'are'} linked to nobody. Link "
                f"{'it' if entries == 1 else 'them'} to the people named? (Undo takes it back.)")
            if answer != QMessageBox.StandardButton.Yes:
                return False
        return self._run(chronology_ops.link_named_people)

    def choose_import(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            "Import an agency's chronology",
            "",
            "Agency returns (*.csv *.docx *.xlsx);;All files (*)",
        )
        if path:
            self.open_import(Path(path))

    def open_import(self, path: Path, sheet: str | None = None,
                    table_number: int | None = None) -> None:
        """Read the file off the GUI thread (a large .xlsx takes seconds), then show the dialog.

        `sheet` / `table_number`: the chronology chosen in a file that holds several (asked
        for with choose_part when the file turns out to)."""
        from app.chronology.import_dialog import ImportDialog
        from forms.importers.readers import EncodingProblem, read_table

        self.message.setText(f"Reading {path.name}…")

        def done(table) -> None:  # type: ignore[no-untyped-def]
            self.message.setText("")
            self.import_dialog = ImportDialog(self.session, path, parent=self, table=table)
            self._watch_import(self.import_dialog)
            self.import_dialog.open()

        def failed(exc: BaseException) -> None:
            self.message.setText("")
            if isinstance(exc, EncodingProblem):
                # Opened anyway: the dialog shows the problem and lets the encoding be changed.
                self.import_dialog = ImportDialog(self.session, path, parent=self, read_error=exc)
                self._watch_import(self.import_dialog)
                self.import_dialog.open()
                return
            if isinstance(exc, SeveralChronologies):
                self.choose_part(path, exc)
                return
            if isinstance(exc, OSError):  # unreadable file, permissions, a vanished network drive
                text = f"{path.name} could not be read: {exc.strerror or exc}."
            elif isinstance(exc, CaseError):
                text = str(exc)
            else:
                raise exc
            QMessageBox.warning(self, "Cannot import", text)

        run_in_background(lambda: read_table(path, table_number, sheet=sheet), done, failed)

    def choose_part(self, path: Path, several: SeveralChronologies) -> QInputDialog:
        """Which of the file's chronologies to import now (one a year, one a child): the
        others are imported the same way afterwards, each as a return of its own."""
        sheets = several.kind == "sheet"
        labels = [f"Sheet '{c}'" if sheets else f"Table {c}" for c in several.choices]
        chooser = QInputDialog(self)
        chooser.setObjectName("choose-part")
        chooser.setWindowTitle("Import an agency's chronology")
        chooser.setLabelText(
            f"{path.name} holds {len(labels)} {'sheets' if sheets else 'tables'} that look "
            "like chronologies. Choose the one to import now; import the others the same way "
            "afterwards.")
        chooser.setComboBoxItems(labels)
        chooser.setComboBoxEditable(False)
        chooser.setOkButtonText("Read it")
        chooser.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def chosen(label: str) -> None:
            choice = several.choices[labels.index(label)]
            if sheets:
                self.open_import(path, sheet=choice)
            else:
                self.open_import(path, table_number=int(choice))

        chooser.textValueSelected.connect(chosen)
        chooser.open()
        return chooser

    # After an import ---------------------------------------------------------------------------
    def _watch_import(self, dialog: QDialog) -> None:
        dialog.accepted.connect(lambda d=dialog: self.imported(d))

    def imported(self, dialog: QDialog) -> QMessageBox | None:
        """An import ends with its summary, and the table showing what it brought in."""
        result = getattr(dialog, "result", None)
        plan = getattr(dialog, "plan", None)
        if result is None or plan is None:
            return None
        count = len(result.entry_ids)
        left_out = result.skipped
        lines = [f"Imported {count:,} entr{'y' if count == 1 else 'ies'} from "
                 f"{plan.file_name} ({plan.agency.name})."]
        lines.append(f"Left out: {left_out:,} row{'s' if left_out != 1 else ''} with errors."
                     if left_out else "Left out: none.")
        lines.append(f"Possible duplicates: {result.duplicates:,} — each is marked "
                     "\u201cduplicate of #…?\u201d in the Flags column and shaded; check each "
                     "against the entry it may repeat." if result.duplicates
                     else "Possible duplicates: none.")
        lines.append("The table now shows only these entries; Show all entries brings the "
                     "rest back. Undo (Ctrl+Z) takes the whole import out again.")
        self.show_batch(int(result.batch_id), plan.file_name, count)
        box = QMessageBox(QMessageBox.Icon.Information, "Import finished", "\n\n".join(lines),
                          parent=self)
        box.setObjectName("import-summary")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        return box

    def show_batch(self, batch_id: int | None, file_name: str = "", count: int = 0) -> None:
        """Show one import's entries (None: every entry again)."""
        self._batch = batch_id
        self.batch_bar.setVisible(batch_id is not None)
        if batch_id is not None:
            self.batch_label.setText(f"Showing the {count:,} entries just imported from "
                                     f"{file_name}.")

        def first() -> None:
            if batch_id is not None and self.model.rowCount():
                self.table.selectRow(0)
                self.table.setFocus()

        # In a big chronology its entries (20,000 ids in order) are read on a worker: counted
        # now, so an import that made the chronology big counts.
        self._total = count_entries(self.session.case)
        self._apply_filters(then=first)

    def edit_agencies(self) -> None:
        from app.chronology.agencies import AgenciesDialog

        AgenciesDialog(self.session, parent=self).exec()
