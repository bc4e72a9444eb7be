"""The one window that holds a case: start screen, panels, menus, status bar, and the lock.

States: *start* (no case: the start screen), *open* (the workspace: a navigation rail and one
page per task, the pages being the plug-ins of app.panels — app/workspace.py; the case's one
undo history on Edit → Undo/Redo), *locked* (the case is closed, every page, model and dialog
destroyed, and the window shows only the unlock form). Unlocking reopens the file and rebuilds
the pages, returning to the page that was in front.

Services (settings, clipboard guard, idle and session-lock watchers, panel discovery) are
passed in, so tests build the window with their own and nothing reaches for a global.
"""

from __future__ import annotations

import functools
import importlib
import logging
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDesktopServices,
    QDragEnterEvent,
    QDropEvent,
    QIcon,
    QKeySequence,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QStackedWidget,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from app import widget_policy
from app.clipboard import ClipboardGuard
from app.crash import log_dir
from app.lock import IdleWatcher, SessionLockWatcher
from app.panels import available_panels, warm_panels
from app.settings import Settings, default_export_folder
from app.start_screen import StartScreen
from app.unlock_dialog import UnlockDialog, UnlockForm
from app.workers import run_in_background
from storage.errors import CaseError

# The case itself (storage.casefile and all it brings), its session, the workspace and the
# dialogs for a new case and settings are imported when first used, not at start: the unlock
# screen needs none of them, and importing them first made starting the app 0.1 s slower.
# They are warmed on a worker once the window is up (warm_case_modules), before the user has
# typed a passphrase.
if TYPE_CHECKING:
    from app.about import AboutDialog
    from app.audit_view import AuditDialog
    from app.file_guard import GuardedSession
    from app.new_case_dialog import NewCaseDialog
    from app.settings_dialog import SettingsDialog
    from app.workspace import PanelSource, Workspace
    from storage.casefile import CaseFile

log = logging.getLogger(__name__)

ICON_PATH = Path(__file__).resolve().parent.parent / "resources" / "icons" / "visible.svg"
SAVED = "All changes saved"



def open_with_author(path: Path, secret: str, read_only: bool, accept_older: bool,
                     author: str | None = None,
                     warm: Callable[[], object] | None = None) -> CaseFile:
    from storage.casefile import CaseFile

    case = CaseFile.open(path, secret, read_only=read_only, accept_rollback=accept_older,
                         author=author)
    if warm is not None:
        # Still on the unlock worker: import the panels' modules here, so building them on
        # the GUI thread does not first spend most of a second importing (a freeze).
        warm()
    return case


WARM_AFTER_MS = 300
# What opening a case needs and the unlock screen does not (see the imports at the top).
CASE_MODULES = ("storage.casefile", "app.file_guard", "app.workspace", "app.long_write")


def warm_case_modules() -> None:
    for name in CASE_MODULES:
        importlib.import_module(name)


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve() or a.samefile(b)
    except OSError:
        return False


class MainWindow(QMainWindow):
    def __init__(self, settings: Settings, clipboard: ClipboardGuard | None = None,
                 idle: IdleWatcher | None = None, session_lock: SessionLockWatcher | None = None,
                 panels: PanelSource | None = None) -> None:
        super().__init__()
        self.settings = settings
        self.clipboard = clipboard or ClipboardGuard(parent=self)
        self.idle = idle or IdleWatcher(settings.idle_timeout_minutes * 60_000, parent=self)
        self.session_lock = session_lock or SessionLockWatcher(parent=self)
        self._panel_source = panels or available_panels
        self.session: GuardedSession | None = None
        self.case_path: Path | None = None
        self.read_only_wanted = False
        self.locked = False
        self.workspace: Workspace | None = None
        self._page: str | None = None  # the page in front when the case was locked
        self._lock_form: UnlockForm | None = None
        self._overview: QWidget | None = None
        self._audit: AuditDialog | None = None
        self._review: QDialog | None = None  # the anonymisation review (issue 13)
        self._returns: QDialog | None = None
        self._pending: QDialog | None = None  # the unlock/new-case dialog being shown
        self._modal_at_teardown = False
        self._maximise_on_show = False

        self.setObjectName("mainWindow")
        self.setWindowTitle("Visible")
        if ICON_PATH.exists():
            self.setWindowIcon(QIcon(str(ICON_PATH)))  # SVG: sharp at every DPI
        self.setAcceptDrops(True)  # a .vcase dropped on the window opens it

        self.stack = QStackedWidget()
        self.start = StartScreen(settings)
        self.stack.addWidget(self.start)
        self.setCentralWidget(self.stack)
        self.start.new_requested.connect(self.new_case)
        self.start.open_requested.connect(self.open_case)
        self.start.demo_requested.connect(self.open_demo)
        self.start.recent_chosen.connect(self.unlock_path)

        self._build_status_bar()
        self._build_menus()
        self.idle.lock_requested.connect(self.lock)
        self.session_lock.lock_requested.connect(self.lock)
        widget_policy.install()  # wheel, Tab out of tables, visible focus: app/widget_policy.py
        app = QApplication.instance()
        if app is not None:
            app.applicationStateChanged.connect(self._app_state_changed)

        from app import screen_fit

        # No window or dialog of the application opens larger than its screen.
        self.screen_fit = screen_fit.install()
        from app import collector

        # Full cycle collections only where a pause is not felt (app/collector.py).
        self.collector = collector.install()
        self._place_first()
        self._update_actions()
        # The case's code, loaded lazily above, is imported on a worker once the window has had
        # time to paint: before a passphrase can have been typed, and without slowing the paint.
        QTimer.singleShot(WARM_AFTER_MS, lambda: run_in_background(
            warm_case_modules, lambda _done: None, lambda exc: log.warning(
                "warming the case modules failed: %s", type(exc).__name__)))

    def _place_first(self) -> None:
        """The window as the user left it, else maximised (restoring to a comfortable size) —
        and in either case inside the screen's available geometry: a geometry saved on a
        large monitor must not open past a laptop's edge."""
        from app.screen_fit import first_geometry, fit_to_screen

        screen = self.screen() or QApplication.primaryScreen()
        geometry = self.settings.window_geometry()
        if geometry is not None and self.restoreGeometry(geometry):
            fit_to_screen(self)
            return
        self.setGeometry(first_geometry(screen))
        # Maximised once shown: a hidden window given a maximised state takes its screen from
        # its earlier geometry, so a window meant for a second monitor would open on the first.
        self._maximise_on_show = True

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        if self._maximise_on_show and not event.spontaneous():
            self._maximise_on_show = False
            self.setWindowState(self.windowState() | Qt.WindowState.WindowMaximized)

    # Building -----------------------------------------------------------------------------
    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.reference_label = QLabel("")
        self.reference_label.setObjectName("statusReference")
        self.reference_label.setAccessibleName("Case reference")
        self.marking_label = QLabel("")
        self.marking_label.setObjectName("statusMarking")
        self.marking_label.setAccessibleName("Protective marking")
        self.marking_label.setStyleSheet("font-weight: 600")
        self.save_label = QLabel("")
        self.save_label.setObjectName("statusSave")
        self.save_label.setAccessibleName("Save state")
        bar.addWidget(self.reference_label)
        bar.addWidget(self.marking_label)
        bar.addPermanentWidget(self.save_label)

    def _action(self, menu: QMenu, text: str, slot: Callable[[], Any],
                shortcuts: Sequence[QKeySequence | QKeySequence.StandardKey | str] = (),
                name: str = "") -> QAction:
        action = QAction(text, self)
        keys = []
        for s in shortcuts:
            if isinstance(s, QKeySequence.StandardKey):
                keys.extend(QKeySequence.keyBindings(s))
            else:
                keys.append(QKeySequence(s))
        if keys:
            action.setShortcuts(keys)
            action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        if name:
            action.setObjectName(name)
        action.triggered.connect(lambda _checked=False: slot())
        menu.addAction(action)
        self.addAction(action)  # shortcuts work even with the menu bar hidden
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        self.new_action = self._action(file_menu, "&New case…", self.new_case,
                                       [QKeySequence.StandardKey.New], "newCase")
        self.open_action = self._action(file_menu, "&Open case…", self.open_case,
                                        [QKeySequence.StandardKey.Open], "openCase")
        self.demo_action = self._action(file_menu, "Open the &demo case", self.open_demo,
                                        name="openDemo")
        self.recent_menu = file_menu.addMenu("Open &recent")
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        file_menu.addSeparator()
        # Two exports, each saying what it writes: Ctrl+E is always the chronology, whatever
        # has the focus (issue 12: it used to save the genogram picture when that was shown).
        self.export_action = self._action(file_menu, "&Export chronology…", self.export,
                                          ["Ctrl+E"], "export")
        self.export_genogram_action = self._action(
            file_menu, "Export &genogram picture…", self.export_genogram,
            ["Ctrl+Shift+E"], "exportGenogram")
        self.practice_action = self._action(file_menu, "&Practice summary…",
                                            self.practice_summary, name="practiceSummary")
        file_menu.addSeparator()
        self.lock_action = self._action(file_menu, "&Lock case", self.lock, ["Ctrl+L"], "lock")
        self.close_action = self._action(file_menu, "&Close case", self.close_case,
                                         [QKeySequence.StandardKey.Close], "closeCase")
        file_menu.addSeparator()
        self._action(file_menu, "&Preferences…", self.show_settings,
                     [QKeySequence.StandardKey.Preferences], "preferences")
        self._action(file_menu, "&Quit", self.close, [QKeySequence.StandardKey.Quit], "quit")

        edit = bar.addMenu("&Edit")
        self.undo_action = self._action(edit, "&Undo", self.undo, ["Ctrl+Z"], "undo")
        self.redo_action = self._action(edit, "&Redo", self.redo, ["Ctrl+Y", "Ctrl+Shift+Z"],
                                        "redo")
        edit.addSeparator()
        self.find_action = self._action(edit, "&Find…", self.find, ["Ctrl+F"], "find")

        self.view_menu = bar.addMenu("&View")
        # One action per page (Ctrl+1…): the pages are known from the panel modules before
        # any case is open, so the menu never changes shape.
        self.page_actions: list[QAction] = []
        for i, module in enumerate(self._panel_source()):
            key = module.__name__.rsplit(".", 1)[-1]
            title = str(getattr(module, "TITLE", key))
            action = self._action(self.view_menu, f"&{i + 1} {title}" if i < 9 else title,
                                  lambda k=key: self.show_page(k),
                                  [f"Ctrl+{i + 1}"] if i < 9 else [], f"page:{key}")
            self.page_actions.append(action)
        self.view_menu.addSeparator()
        # F6 / Shift+F6 move between panes, as in Windows applications: keyboard users reach
        # every part of a page without the mouse.
        self.next_panel_action = self._action(self.view_menu, "&Next pane",
                                              lambda: self.focus_panel(+1), ["F6"], "nextPanel")
        self.previous_panel_action = self._action(self.view_menu, "&Previous pane",
                                                  lambda: self.focus_panel(-1), ["Shift+F6"],
                                                  "previousPanel")
        self.view_menu.addSeparator()
        self.audit_action = self._action(self.view_menu, "&Audit trail…", self.show_audit,
                                         ["Ctrl+Shift+A"], "auditTrail")
        self.review_action = self._action(self.view_menu, "Review &identifiers for "
                                          "publication…", self.show_anonymisation_review,
                                          ["Ctrl+Shift+I"], "anonymisationReview")
        self.returns_action = self._action(self.view_menu, "Agency &returns…",
                                           self.show_returns, name="agencyReturns")

        help_menu = bar.addMenu("&Help")
        self._action(help_menu, "&User guide", self.show_guide, ["F1"], "userGuide")
        self._action(help_menu, "&Keyboard shortcuts", self.show_shortcuts, ["Ctrl+/"],
                     "shortcuts")
        help_menu.addSeparator()
        self._action(help_menu, "&About Visible", self.show_about, name="about")
        self._action(help_menu, "About &Qt", QApplication.aboutQt, name="aboutQt")
        self._action(help_menu, "Open the &log folder", self.open_log_folder, name="logFolder")

    def _update_actions(self) -> None:
        open_ = self.session is not None
        writable = open_ and not self.session.read_only  # type: ignore[union-attr]
        for action in (self.export_action, self.export_genogram_action, self.practice_action,
                       self.close_action, self.find_action, self.audit_action,
                       self.review_action, self.returns_action, self.next_panel_action,
                       self.previous_panel_action, *self.page_actions):
            action.setEnabled(open_)
        self.lock_action.setEnabled(open_)
        history = self.session.history if self.session else None
        idle = not (self.session is not None and self.session.busy)
        self.undo_action.setEnabled(bool(writable and idle and history and history.can_undo))
        self.redo_action.setEnabled(bool(writable and idle and history and history.can_redo))
        self.undo_action.setText(f"&Undo {history.undo_label}" if history and history.can_undo
                                 else "&Undo")
        self.redo_action.setText(f"&Redo {history.redo_label}" if history and history.can_redo
                                 else "&Redo")
        if self.locked:
            self.close_action.setEnabled(True)

    # Opening and closing -----------------------------------------------------------------
    def _opener(self) -> Callable[[Path, str, bool, bool], CaseFile]:
        source = self._panel_source
        return functools.partial(open_with_author, author=self.settings.author_name or None,
                                 warm=lambda: warm_panels(source))

    def open_case(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(self, "Open a case", self._case_folder(),
                                                "Visible cases (*.vcase)")
        if chosen:
            self.unlock_path(Path(chosen))

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        files = self.settings.existing_recent()  # moved or deleted cases are dropped
        self.recent_menu.setToolTipsVisible(True)
        for i, path in enumerate(files, start=1):
            # File names, as on the start screen, numbered for the keyboard; the folder on hover.
            action = self.recent_menu.addAction(f"&{i} {path.name}" if i < 10 else path.name)
            action.setToolTip(str(path))
            action.setStatusTip(str(path))
            action.triggered.connect(lambda _c=False, p=path: self.unlock_path(p))
        if not files:
            empty = self.recent_menu.addAction("No recent cases" if self.settings.recent_enabled
                                               else "Recent cases are not remembered")
            empty.setEnabled(False)

    def _case_folder(self) -> str:
        recent = self.settings.recent_files()
        return str(recent[0].parent) if recent else str(Path.home())

    def unlock_path(self, path: Path, read_only: bool = False) -> UnlockDialog | None:
        """Ask for the passphrase of `path` (non-blocking); the case opens when it is right.

        The case already open stays open until the new one is unlocked (Cancel keeps it), unless
        it is the same file, which must be closed first to free its lock.
        """
        if path.is_dir():
            self.tell(f"{path} is a folder, not a case file. Choose the .vcase file inside it, "
                      "or use File → Open case.")
            return None
        if not path.is_file():
            # Say so before asking for a passphrase (a moved file, a stale shortcut).
            self.tell(f"There is no case file at {path}. It may have been moved, renamed or "
                      "deleted; use File → Open case to find it.")
            return None
        if self.case_path is not None and _same_file(self.case_path, path):
            self.close_case()
        dialog = UnlockDialog(path, read_only, parent=self, opener=self._opener())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(
            lambda: self.show_case(dialog.case, dialog.form.read_only_box.isChecked()))
        self._pending = dialog
        dialog.open()
        return dialog

    def new_case(self) -> NewCaseDialog:
        folder = str(self._case_folder())
        from app.new_case_dialog import NewCaseDialog

        dialog = NewCaseDialog(folder, self.settings.marking_text, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._opened_new(dialog.case))
        self._pending = dialog
        dialog.open()
        return dialog

    def _opened_new(self, case: CaseFile | None) -> None:
        self.show_case(case, False)

    def open_demo(self) -> None:
        self.close_case()
        self.statusBar().showMessage("Opening the demo case…")
        self.start.setEnabled(False)
        author = self.settings.author_name or None
        from app.demo_case import open_or_create_demo

        run_in_background(lambda: open_or_create_demo(author), self._demo_ready, self._demo_failed)

    def _demo_ready(self, case: CaseFile) -> None:
        if not shiboken6.isValid(self):
            case.close()
            return
        self.start.setEnabled(True)
        self.statusBar().clearMessage()
        self.show_case(case, False)

    def _demo_failed(self, exc: BaseException) -> None:
        if not shiboken6.isValid(self):
            return
        self.start.setEnabled(True)
        self.statusBar().clearMessage()
        text = str(exc) if isinstance(exc, CaseError) else (
            f"The demo case could not be opened ({type(exc).__name__}).")
        self.tell(text)

    def show_case(self, case: CaseFile | None, read_only: bool = False) -> None:
        """Show an unlocked case in this window (the window takes it over and closes it)."""
        if case is None:
            return
        if self.session is not None or self.locked:
            self.close_case()  # the previous case: everything in it is already saved
        self._pending = None
        self.case_path = case.path
        self.read_only_wanted = read_only or case.read_only
        self.settings.add_recent(case.path)
        self._start_session(case)

    def _start_session(self, case: CaseFile) -> None:
        from app.file_guard import GuardedSession

        session = GuardedSession(case, self)
        self.session = session
        session.changed.connect(self._on_changed)
        session.changed_on_disk.connect(self._changed_on_disk)
        session.history_changed.connect(self._update_actions)
        session.busy_changed.connect(lambda _busy: self._update_actions())
        self.locked = False
        # Pages must never push the window past a laptop screen: the window keeps its size.
        size = self.size()
        self._build_panels(session)
        if not (self.isMaximized() or self.isFullScreen()) and self.size() != size:
            self.resize(size)
        details = case.details()
        self.setWindowTitle(f"{details.reference} — Visible" + (" (read-only)" if case.read_only
                                                                  else ""))
        self.reference_label.setText(f"Case {details.reference}")
        self.marking_label.setText(details.protective_marking)
        self.save_label.setText("Read-only: changes cannot be made" if case.read_only else SAVED)
        self.idle.set_timeout_ms(self.settings.idle_timeout_minutes * 60_000)
        self.idle.start()
        self._update_actions()
        if case.damage:  # the file failed its checks on open: read-only, and the user is told why
            self.save_label.setText("Read-only: the file is damaged")
            self.tell(case.damage)
        self.offer_drafts()

    def offer_drafts(self) -> QDialog | None:
        """Answers kept as drafts when the case last closed (a lock, a quit, a crash): say so
        now, each to open (its form offers Restore / Discard) or discard (app/drafts.py)."""
        from app.drafts import DraftsNotice, open_draft_in
        from storage.drafts import Draft

        session = self.session
        if session is None or session.read_only or not session.drafts.drafts():
            return None
        def open_draft(draft: Draft) -> bool:
            workspace = self.workspace
            if workspace is None:
                return False
            before = workspace.current_key
            # The page that holds the draft's form comes to the front first (app/workspace.py).
            bring = lambda page: workspace.show_page(  # noqa: E731
                next(i for i, w in enumerate(workspace.widgets()) if w is page))
            if open_draft_in(workspace.widgets(), draft, bring):
                return True
            workspace.show_page(before)
            return False

        notice = DraftsNotice(self, session.drafts, open_draft)
        notice.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        notice.show()  # not modal: the case is usable behind it
        return notice

    def close_case(self) -> None:
        """Close the case (everything is already saved) and show the start screen."""
        if self.session is not None:
            self._remember_layout()
        self._tear_down()
        self.collector.soon()  # the case's objects have gone: the cycles among them too
        self.case_path = None
        self.locked = False
        self._drop_lock_form()
        self.start.refresh()
        self.stack.setCurrentWidget(self.start)
        self.setWindowTitle("Visible")
        self._update_actions()

    # Pages -------------------------------------------------------------------------------
    def _build_panels(self, session: GuardedSession) -> None:
        from app.workspace import OverviewPage, Workspace

        modules = list(self._panel_source())
        if modules:
            self.workspace = Workspace(session, modules)
            self.workspace.page_changed.connect(self._page_changed)
            self.stack.addWidget(self.workspace)
            self.stack.setCurrentWidget(self.workspace)
            wanted = self._page or self.settings.qsettings.value("workspace/page", "")
            if isinstance(wanted, str) and wanted:
                self.workspace.show_page(wanted)
            self._page_changed(self.workspace.current_key)
        else:
            self._overview = OverviewPage(session.case)
            self.stack.addWidget(self._overview)
            self.stack.setCurrentWidget(self._overview)

    def _page_changed(self, key: str) -> None:
        for action in self.page_actions:
            action.setCheckable(True)
            action.setChecked(action.objectName() == f"page:{key}")

    def show_page(self, key: str) -> QWidget | None:
        """Bring a page to the front (View → 1 Family…, Ctrl+1…) and give it the focus."""
        if self.workspace is None:
            return None
        already = self.workspace.current_key == key
        page = self.workspace.show_page(key)
        focus = QApplication.focusWidget() or self.focusWidget()
        # A page brought forward gets the keyboard in its first pane (the chronology's search,
        # not whatever Qt's stack picked, e.g. its tab bar); one already in front keeps it.
        if page is not None and not (already and focus is not None and page.isAncestorOf(focus)):
            self.workspace.focus_page()
        return page

    def panel_widgets(self) -> list[QWidget]:
        return self.workspace.widgets() if self.workspace is not None else []

    def focus_panel(self, step: int) -> QWidget | None:
        return self.workspace.focus(step) if self.workspace is not None else None

    def _remember_layout(self) -> None:
        if self.workspace is not None:
            self._page = self.workspace.current_key
            self.settings.qsettings.setValue("workspace/page", self._page)
        self.settings.set_window_geometry(self.saveGeometry())

    def _destroy_panels(self) -> None:
        if self.workspace is not None:
            self.stack.removeWidget(self.workspace)
            self._dispose(self.workspace)
            self.workspace = None
        if self._overview is not None:
            self.stack.removeWidget(self._overview)
            self._dispose(self._overview)
            self._overview = None
        if self._audit is not None and shiboken6.isValid(self._audit):
            self._audit.close()
            self._dispose(self._audit)
        self._audit = None
        if self._review is not None and shiboken6.isValid(self._review):
            self._review.close()
            self._dispose(self._review)
        self._review = None
        if self._returns is not None and shiboken6.isValid(self._returns):
            self._returns.close()
            self._dispose(self._returns)
        self._returns = None

    def _dispose(self, obj: QObject) -> None:
        """Delete a case-holding object now, not on the next loop turn: nothing of the case may
        survive a lock, and no panel timer may fire against a closed case.

        Only that object's own deferred delete is run (never the whole queue: a dialog whose
        signal led here may be queued for deletion and still be on the call stack). And if a
        modal dialog was running when the lock came — perhaps a panel's own, in a nested event
        loop with the panel's slot still on the stack — Qt deletes it as that stack unwinds;
        it is hidden and cut off from the case already.
        """
        obj.deleteLater()
        if not self._modal_at_teardown:
            QApplication.sendPostedEvents(obj, QEvent.Type.DeferredDelete)

    def _tear_down(self) -> None:
        """Everything that holds case data goes: dialogs, panels, models, undo stack, connection."""
        if self.session is not None:
            # A long write on a worker finishes first (seconds at most): it uses the
            # connection about to be closed, and what it saves is what the user asked for.
            self.session.settle()
        # Then, while every form still exists: what was typed is kept as drafts in the case
        # (app/drafts.py), offered back when the form opens again. If that fails (a full disk)
        # the user is told, without names: the lock screen shows no case data.
        problems = self.session.drafts.keep_all() if self.session is not None else []
        self._modal_at_teardown = QApplication.activeModalWidget() is not None
        self.idle.stop()
        self.clipboard.wipe()
        self._close_dialogs()
        self._destroy_panels()
        if self.session is not None:
            session, self.session = self.session, None
            try:
                session.close()
            finally:
                self._dispose(session)
        self.reference_label.setText("")
        self.marking_label.setText("")
        self.save_label.setText("")
        self.statusBar().clearMessage()
        if problems:
            self.tell("Some answers that were typed but not yet saved could not be kept as a "
                      f"draft: {problems[0]}")

    def _close_dialogs(self) -> None:
        QToolTip.hideText()
        popup = QApplication.activePopupWidget()
        while popup is not None:
            popup.close()
            nxt = QApplication.activePopupWidget()
            popup = None if nxt is popup else nxt
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QDialog) and widget.isVisible():
                widget.reject()
        self._pending = None

    # Locking -----------------------------------------------------------------------------
    def lock(self) -> None:
        """Close the case and show only the unlock form (Ctrl+L, idle, desktop lock)."""
        if self.session is None or self.locked:
            return
        log.info("case locked")
        path = self.session.case.path
        self._remember_layout()
        self._tear_down()
        self.collector.soon()
        self.locked = True
        self.case_path = path
        form = UnlockForm(path, self.read_only_wanted, self._opener(),
                          heading="This case is locked", cancel_text="&Close case")
        form.setObjectName("lockScreen")
        form.unlocked.connect(self._relocked_open)
        form.cancelled.connect(self.close_case)
        page = QWidget()
        page.setObjectName("lockPage")
        # A fixed width lets the wrapped error message take the height it needs.
        form.setFixedWidth(480)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(form)
        row.addStretch(1)
        outer = QVBoxLayout(page)
        outer.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(2)
        self._lock_form = form
        self._lock_page = page
        self.stack.addWidget(page)
        self.stack.setCurrentWidget(page)
        self.setWindowTitle("Locked — Visible")
        self.save_label.setText("Locked")
        self._update_actions()
        form.setFocus()

    def _relocked_open(self, case: CaseFile) -> None:
        # The window itself never moved or resized while locked; only its contents went.
        self._drop_lock_form()
        self.read_only_wanted = case.read_only
        self._start_session(case)

    def _drop_lock_form(self) -> None:
        if self._lock_form is not None:
            page = self._lock_page
            self.stack.removeWidget(page)
            page.deleteLater()
            self._lock_form = None

    @property
    def lock_form(self) -> UnlockForm | None:
        return self._lock_form

    def _app_state_changed(self, state: Qt.ApplicationState) -> None:
        if state == Qt.ApplicationState.ApplicationSuspended:
            self.lock()  # mobile-style suspend: treat like a session switch
        elif state == Qt.ApplicationState.ApplicationActive and self.session is not None:
            self.session.check_now()

    # Edit actions ------------------------------------------------------------------------
    def _guarded(self, what: Callable[[], None]) -> None:
        try:
            what()
        except CaseError as exc:
            self.tell(str(exc))
        self._update_actions()

    def tell(self, text: str) -> QMessageBox:
        """A warning the user must acknowledge, shown without blocking the event loop."""
        box = QMessageBox(QMessageBox.Icon.Warning, "Visible", text, parent=self)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        return box

    def undo(self) -> None:
        if self.session is not None and self.session.history.can_undo:
            self._replay(undo=True)

    def redo(self) -> None:
        if self.session is not None and self.session.history.can_redo:
            self._replay(undo=False)

    def _replay(self, undo: bool) -> None:
        """Undo or redo; one of thousands of rows (an import) runs on a worker with progress
        and Cancel, so the window never freezes for it."""
        from app import long_write

        session = self.session
        assert session is not None
        if session.busy:
            return
        history = session.history
        label = history.undo_label if undo else history.redo_label
        txn = history.undo_txn if undo else history.redo_txn
        if txn is None or session.case.change_size(txn) < long_write.LONG_ROWS:
            self._guarded(session.undo if undo else session.redo)
            return

        def failed(exc: BaseException) -> None:
            if isinstance(exc, CaseError):
                self.tell(str(exc))
            else:
                raise exc

        long_write.run_long(session, self, "Undo" if undo else "Redo",
                 f"{'Undoing' if undo else 'Redoing'} {label}…", None,
                 lambda _changes: None, failed, undo=undo)

    def find(self) -> None:
        panel = self.workspace.with_hook("start_search") if self.workspace else None
        if panel is None:
            self.statusBar().showMessage("Nothing to search on this page.", 4000)
            return
        panel.start_search()  # type: ignore[attr-defined]

    def export(self) -> QDialog | None:
        """File → Export chronology… (Ctrl+E, whatever has the focus)."""
        if self.session is None:
            return None
        from app.export_dialog import ExportDialog  # imports the export stack only when asked

        dialog = ExportDialog(self.session.case, self,
                              folder=Path(default_export_folder(self.settings)))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def export_genogram(self) -> object:
        """File → Export genogram picture… (its own warning, record and confirmation)."""
        if self.session is None:
            return None
        from app.genogram_export import export_genogram_picture

        family = self.workspace.page("genogram") if self.workspace is not None else None
        editor = getattr(family, "editor", None)
        # The layers the user has on screen (overlays, household, key) go into the picture.
        return export_genogram_picture(self, self.session,
                                       Path(default_export_folder(self.settings)),
                                       getattr(editor, "options", None))

    def practice_summary(self) -> None:
        """File → Practice summary…: the anonymous father-inclusion summary (app/carers)."""
        if self.session is not None:
            from app.carers.practice_summary import save_practice_summary

            save_practice_summary(self, self.session.case,
                                  Path(default_export_folder(self.settings)))

    def show_audit(self) -> AuditDialog | None:
        if self.session is None:
            return None
        if self._audit is None or not shiboken6.isValid(self._audit):
            from app.audit_view import AuditDialog  # only when asked: 0.1 s of the app's start

            self._audit = AuditDialog(self.session.case, self)
        else:
            self._audit.reload()
        self._audit.show()
        self._audit.raise_()
        return self._audit

    def show_anonymisation_review(self) -> QWidget | None:
        """View → Review identifiers for publication: its part of Review & exports, beside the
        export it clears; a window of its own only with pages that do not hold it."""
        if self.session is None:
            return None
        review = self.workspace.page("review") if self.workspace is not None else None
        part = getattr(review, "show_part", None)
        if callable(part) and part("anonymise") is not None:
            self.workspace.navigate("review", "anonymise")  # type: ignore[union-attr]
            return review.part("anonymise")  # type: ignore[union-attr]
        if self._review is None or not shiboken6.isValid(self._review):
            from app.anonymise_page import AnonymisationReview

            self._review = QDialog(self)
            self._review.setWindowTitle("Review identifiers for publication")
            page = AnonymisationReview(self.session, self._review)
            QVBoxLayout(self._review).addWidget(page)
            self._review.resize(1100, 680)
            page.reload()
        self._review.show()
        self._review.raise_()
        return self._review

    def show_returns(self) -> QWidget | None:
        """View → Agency returns: the tracker's tab on the Chronology page, or (with pages that
        do not hold it) a window of its own."""
        if self.session is None:
            return None
        chronology = self.workspace.page("chronology") if self.workspace is not None else None
        if chronology is not None and hasattr(chronology, "returns"):
            self.workspace.navigate("chronology", "returns")  # type: ignore[union-attr]
            return chronology.returns
        if self._returns is None or not shiboken6.isValid(self._returns):
            from app.requests.returns_widget import ReturnsWidget

            self._returns = QDialog(self)
            self._returns.setWindowTitle("Agency returns")
            box = QVBoxLayout(self._returns)
            box.addWidget(ReturnsWidget(self.session, self._returns))
            self._returns.resize(900, 420)
        self._returns.show()
        self._returns.raise_()
        return self._returns

    def show_settings(self) -> SettingsDialog:
        from app.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.settings, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(self._settings_saved)
        dialog.open()
        return dialog

    def _settings_saved(self) -> None:
        self.idle.set_timeout_ms(self.settings.idle_timeout_minutes * 60_000)
        self.start.refresh()

    def show_guide(self) -> QDialog:
        """Help → User guide (F1): the offline guide, with pictures of this very app."""
        from app.help import GuideDialog

        dialog = GuideDialog(self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def show_shortcuts(self) -> QDialog:
        """Help → Keyboard shortcuts: every shortcut of the window's actions, and the pages'."""
        from app.help import ShortcutsDialog

        dialog = ShortcutsDialog(self, self.actions())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def show_about(self) -> AboutDialog:
        from app.about import AboutDialog  # only when asked (it reads every licence)

        dialog = AboutDialog(self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def open_log_folder(self) -> None:
        from PySide6.QtCore import QUrl

        folder = log_dir()
        folder.mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    # Change notifications ----------------------------------------------------------------
    def _on_changed(self, _change: object) -> None:
        from datetime import datetime

        self.save_label.setText(f"{SAVED} ({datetime.now():%H:%M})")
        self._update_actions()

    def _changed_on_disk(self) -> None:
        if self.session is None:
            return
        box = QMessageBox(QMessageBox.Icon.Warning, "Case changed on disk",
                          self.session.guard.message(), parent=self)
        reload_button = box.addButton("&Reload now", QMessageBox.ButtonRole.AcceptRole)
        box.addButton("&Later", QMessageBox.ButtonRole.RejectRole)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.finished.connect(lambda _r: self.lock() if box.clickedButton() is reload_button
                             else None)
        self.save_label.setText("Changed on disk: nothing more will be saved")
        box.open()

    # Drag and drop -----------------------------------------------------------------------
    @staticmethod
    def _dropped_case(event: QDragEnterEvent | QDropEvent) -> Path | None:
        urls = event.mimeData().urls() if event.mimeData().hasUrls() else []
        paths = [Path(u.toLocalFile()) for u in urls if u.isLocalFile()]
        return paths[0] if len(paths) == 1 and paths[0].suffix == ".vcase" else None

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt override
        if self._dropped_case(event) is not None:
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt override
        path = self._dropped_case(event)
        if path is not None:
            event.acceptProposedAction()
            self.unlock_path(path)

    # Quitting ----------------------------------------------------------------------------
    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        if self.session is not None:
            self._remember_layout()
        else:
            self.settings.set_window_geometry(self.saveGeometry())
        self._tear_down()
        self._drop_lock_form()
        self.settings.sync()
        super().closeEvent(event)
