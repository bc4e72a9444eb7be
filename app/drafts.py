"""Never lose typing: each editable form keeps its unsaved answers as a draft in the case file.

A form (a man's record, the person panel, the entry editor, the role and screening dialogs)
gives a `DraftKeeper` two functions — `capture() -> dict` (its answers, by name, as typed) and
`restore(dict)` — and tells it what it is showing (`bind(subject, label)`, right after loading
it). The keeper then:

- **keeps** a draft whenever the answers differ from what was loaded: when a field is left,
  every second or so while the focus is in the form (so a crash loses at most that second),
  when the form is hidden (another man or page chosen) and when the case is about to close
  (lock by Ctrl+L, idle or the desktop; quit; another case): the window asks the case's
  `DraftBook` to keep every draft before it destroys a single widget;
- **drops** the draft when the answers are applied, or when the user puts them back as they
  were, or chooses Discard;
- **offers** a draft back when the form opens on the same subject: a bar at the top of the
  form — "You have unsaved answers for Liam Carter from 14:02 — Restore / Discard" — with the
  form's inputs disabled until she chooses, so the draft can never be overwritten by accident.

The writes are operations (app/operations/drafts.py): encrypted in the case file, outside the
audit trail and the undo history (storage/drafts_store.py says why).
"""

from __future__ import annotations

import datetime as dt
import logging
import weakref
from collections.abc import Callable, Iterable
from typing import Any

import shiboken6
from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QWidget,
)

from app.operations.drafts import FORMS, discard_draft, keep_draft
from storage.casefile import CaseFile
from storage.drafts import Draft
from storage.drafts_store import all_drafts, get_draft
from storage.errors import CaseError

log = logging.getLogger(__name__)

Capture = Callable[[], dict[str, Any]]
Restore = Callable[[dict[str, Any]], None]

POLL_MS = 1000  # while the focus is in the form: at most a second of typing lost to a crash
_HIDE = QEvent.Type.Hide

BAR_STYLE = ("QFrame#draftBar { background:#fff3cd; border:1px solid #d9b44a; }"
             " QFrame#draftBar QLabel { color:#3d2c00; }")


def when_text(saved_at: str, now: dt.datetime | None = None) -> str:
    """'14:02' today, '14:02 yesterday', else '14:02 on 28/11/2026' (local time)."""
    try:
        at = dt.datetime.fromisoformat(saved_at).astimezone()
    except ValueError:
        return "earlier"
    now = now or dt.datetime.now().astimezone()
    clock = at.strftime("%H:%M")
    if at.date() == now.date():
        return clock
    if at.date() == now.date() - dt.timedelta(days=1):
        return f"{clock} yesterday"
    return f"{clock} on {at:%d/%m/%Y}"


def offer_text(draft: Draft) -> str:
    return f"You have unsaved answers for {draft.label} from {when_text(draft.saved_at)}."


class DraftBook(QObject):
    """The open case's keepers: keeps every draft at once before the case closes."""

    def __init__(self, case: CaseFile, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.case = case
        self._keepers: weakref.WeakSet[DraftKeeper] = weakref.WeakSet()
        self.closing = False

    def register(self, keeper: DraftKeeper) -> None:
        self._keepers.add(keeper)

    def keepers(self) -> list[DraftKeeper]:
        return [k for k in list(self._keepers) if k.alive]

    def keep_all(self) -> list[str]:
        """Keep every form's unsaved answers now (before a lock, quit or case switch).

        Returns one line per form whose answers could not be kept (a full disk, a file
        changed on disk): the window tells the user, so even that loss is never silent.
        """
        self.closing = True
        problems = []
        for keeper in self.keepers():
            problem = keeper.keep()
            if problem:
                problems.append(problem)
        return problems

    def drafts(self) -> list[Draft]:
        return [] if self.case.closed else all_drafts(self.case)


class DraftBar(QFrame):
    """'You have unsaved answers for … from 14:02' with Restore and Discard."""

    restore_clicked = Signal()
    discard_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("draftBar")
        self.setStyleSheet(BAR_STYLE)
        self.setAccessibleName("Unsaved answers")
        lay = QHBoxLayout(self)
        lay.setContentsMargins(8, 4, 8, 4)
        self.text = QLabel()
        self.text.setObjectName("draftText")
        self.text.setWordWrap(True)
        self.restore_button = QPushButton("&Restore")
        self.restore_button.setObjectName("restoreDraft")
        self.discard_button = QPushButton("&Discard")
        self.discard_button.setObjectName("discardDraft")
        lay.addWidget(self.text, 1)
        lay.addWidget(self.restore_button)
        lay.addWidget(self.discard_button)
        self.restore_button.clicked.connect(self.restore_clicked)
        self.discard_button.clicked.connect(self.discard_clicked)
        self.hide()

    def show_offer(self, draft: Draft) -> None:
        text = offer_text(draft)
        self.text.setText(text)
        self.restore_button.setAccessibleDescription(f"{text} Put them back into the form.")
        self.discard_button.setAccessibleDescription(f"{text} Throw them away.")
        self.show()


class DraftKeeper(QObject):
    """Keeps one form's unsaved answers as a draft, and offers them back."""

    offered = Signal(object)  # the Draft on offer
    restored = Signal()

    def __init__(self, form: QWidget, book: DraftBook | None, kind: str, capture: Capture,
                 restore: Restore, inputs: Iterable[QWidget] = (), bar: DraftBar | None = None,
                 poll_ms: int = POLL_MS) -> None:
        super().__init__(form)
        assert kind in FORMS, kind
        self.form = form
        self.book = book
        self.kind = kind
        self._capture = capture
        self._restore = restore
        self.inputs = list(inputs)  # disabled while a draft is on offer (never the bar)
        self._disabled: list[tuple[QWidget, bool]] = []
        self.bar = bar or DraftBar()
        self.bar.restore_clicked.connect(self.restore_offer)
        self.bar.discard_clicked.connect(self.discard_offer)
        self.subject = ""
        self.label = ""
        self.offer: Draft | None = None
        self._baseline: dict[str, Any] | None = None
        self._kept: dict[str, Any] | None = None  # what the stored draft holds now
        self.last_problem = ""
        self._timer = QTimer(self)
        self._timer.setInterval(poll_ms)
        self._timer.timeout.connect(self.keep)
        form.installEventFilter(self)
        app = QApplication.instance()
        if app is not None:
            app.focusChanged.connect(self._focus_changed)
        if book is not None:
            book.register(self)

    # State -----------------------------------------------------------------------------------
    @property
    def alive(self) -> bool:
        return shiboken6.isValid(self) and shiboken6.isValid(self.form)

    @property
    def enabled(self) -> bool:
        book = self.book
        return (book is not None and not book.case.closed and not book.case.read_only
                and bool(self.subject))

    def capture(self) -> dict[str, Any]:
        return self._capture()

    def dirty(self) -> bool:
        """The form holds answers that differ from what it loaded (and are not yet applied)."""
        if not self.subject or self.offer is not None or self._baseline is None:
            return False
        try:
            return self.capture() != self._baseline
        except RuntimeError:  # a widget went already
            return False

    # Binding ---------------------------------------------------------------------------------
    def bind(self, subject: str, label: str) -> Draft | None:
        """The form now shows `subject` as loaded from the case: remember that as the
        baseline and offer a draft kept for it before, if there is one.

        A form that reloads its widgets (another person chosen, a change from elsewhere)
        calls `keep()` *before* it overwrites them, so what was typed is kept under the
        subject it was typed for."""
        self.subject, self.label = subject, label
        self._set_offer(None)
        self._baseline = self._safe_capture()
        self._kept = None
        if not self.enabled:
            return None
        try:
            draft = get_draft(self.book.case, self.kind, subject)  # type: ignore[union-attr]
        except CaseError:
            return None
        if draft is None:
            return None
        if draft.state == self._baseline:
            # The draft says what the case already says (its answers were applied just before
            # a crash): nothing would be restored, so nothing is lost by dropping it.
            self._drop()
            return None
        self._set_offer(draft)
        return draft

    def unbind(self) -> None:
        """The form shows nothing now (no person selected); keep() first, as for bind."""
        self.subject, self.label = "", ""
        self._baseline = None
        self._set_offer(None)

    def rebase(self) -> None:
        """The form reloaded its subject from the case (after its own save): that is now
        what 'unchanged' means."""
        self._baseline = self._safe_capture()

    def _safe_capture(self) -> dict[str, Any] | None:
        try:
            return self.capture()
        except RuntimeError:
            return None

    # Keeping ---------------------------------------------------------------------------------
    def keep(self) -> str:
        """Keep the answers now if they differ from the stored draft.

        Returns '' or, when they could not be kept, the reason (without any name in it;
        `last_problem` says whose answers they were)."""
        if not self.alive or not self.enabled or self.offer is not None:
            return ""
        state = self._safe_capture()
        if state is None or state == self._kept:
            return ""
        try:
            if state == self._baseline:
                if self._kept is not None:
                    discard_draft(self.book.case, self.kind, self.subject)  # type: ignore[union-attr]
                self._kept = None
            else:
                keep_draft(self.book.case, self.kind, self.subject, self.label, state)  # type: ignore[union-attr]
                self._kept = state
        except CaseError as exc:
            self.last_problem = (f"Your unsaved answers for {self.label} could not be kept: "
                                 f"{exc}")
            log.warning("a draft could not be kept (%s)", type(exc).__name__)
            return str(exc)  # no name in it: the window may show it on the lock screen
        self.last_problem = ""
        return ""

    def applied(self) -> None:
        """The answers were applied by the form's operation: the draft goes, and what the
        form now shows (reloaded from the case) is the new baseline."""
        self._drop()
        self.rebase()

    def discard(self) -> None:
        """The user chose to throw the answers away."""
        self._drop()
        self.rebase()

    def _drop(self) -> None:
        self._kept = None
        if self.enabled:
            try:
                discard_draft(self.book.case, self.kind, self.subject)  # type: ignore[union-attr]
            except CaseError as exc:
                log.warning("a draft could not be dropped (%s)", type(exc).__name__)

    # Offering --------------------------------------------------------------------------------
    def _set_offer(self, draft: Draft | None) -> None:
        self.offer = draft
        if draft is None:
            # Back as the form had them (it may keep some disabled for reasons of its own).
            for widget, was in self._disabled:
                if shiboken6.isValid(widget):
                    widget.setEnabled(was)
            self._disabled = []
            self.bar.hide()
            return
        if not self._disabled:
            self._disabled = [(w, w.isEnabled()) for w in self.inputs if shiboken6.isValid(w)]
            for widget, _was in self._disabled:
                widget.setEnabled(False)
        self.bar.show_offer(draft)
        self.offered.emit(draft)
        if self.form.isVisible():
            self.bar.restore_button.setFocus()

    def restore_offer(self) -> None:
        draft = self.offer
        if draft is None:
            return
        self._set_offer(None)
        self._restore(draft.state)
        self._kept = self._safe_capture()  # the stored draft is what the form now shows
        self.restored.emit()

    def discard_offer(self) -> None:
        if self.offer is None:
            return
        self._set_offer(None)
        self._drop()

    # When to keep ----------------------------------------------------------------------------
    def _inside(self, widget: QWidget | None) -> bool:
        return widget is not None and shiboken6.isValid(widget) and (
            widget is self.form or self.form.isAncestorOf(widget))

    def _focus_changed(self, old: QWidget | None, new: QWidget | None) -> None:
        if not self.alive:
            return
        was, now = self._inside(old), self._inside(new)
        if was:
            self.keep()  # an answer completed: a field left
        if now and not self._timer.isActive():
            self._timer.start()
        elif not now and self._timer.isActive():
            self._timer.stop()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        # getattr: Qt may still deliver events while the keeper's Python side is going away.
        if obj is getattr(self, "form", None) and event.type() == _HIDE:
            self.keep()  # another man, person or page chosen; the dialog closing
        return False


def ask_before_closing(dialog: QDialog, keeper: DraftKeeper) -> bool:
    """A dialog's Cancel / Escape / close with answers typed: never a silent discard.

    Returns True when the dialog may close. While the case is closing (lock, quit) the draft
    is already kept and nothing is asked.
    """
    if keeper.book is not None and keeper.book.closing:
        return True
    if not keeper.dirty():
        return True
    box = QMessageBox(QMessageBox.Icon.Question, dialog.windowTitle() or "Visible",
                      f"You have typed answers for {keeper.label} that are not saved.",
                      parent=dialog)
    box.setInformativeText("Keep them as a draft (offered back the next time you open this), "
                           "or discard them?")
    keep = box.addButton("&Keep as draft", QMessageBox.ButtonRole.AcceptRole)
    discard = box.addButton("&Discard answers", QMessageBox.ButtonRole.DestructiveRole)
    back = box.addButton("&Go back", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(keep)
    box.setEscapeButton(back)
    box.exec()
    if keeper.book is not None and keeper.book.closing:
        return True  # the case closed meanwhile (idle lock): the draft is kept already
    chosen = box.clickedButton()
    if chosen is keep:
        if keeper.keep():
            QMessageBox.warning(dialog, "Visible", keeper.last_problem)
            return False
        return True
    if chosen is discard:
        keeper.discard()
        return True
    return False


def restore_on_show(keeper: DraftKeeper) -> None:
    """For callers that open a form in order to restore its draft (from the drafts notice)."""
    QTimer.singleShot(0, keeper.restore_offer)


# Where each kind of draft is offered back, in words for the notice.
WHERE = {
    "record": "{label}: his record (Men)",
    "person": "{label}: details on the genogram (Family)",
    "entry": "{label} (Chronology)",
    "role": "{label} (Men)",
    "screening": "{label} (Men)",
}


def describe(draft: Draft) -> str:
    where = WHERE.get(draft.form, "{label}").format(label=draft.label)
    return f"{where[:1].upper()}{where[1:]} — from {when_text(draft.saved_at)}"


class DraftsNotice(QDialog):
    """When a case opens (after a lock, a quit, a crash): the answers kept from before.

    Each can be opened — its form comes up with the Restore / Discard bar — or discarded here;
    "Later" leaves them all, and each form still offers its own when it next opens. Not
    modal: the case is usable behind it.
    """

    def __init__(self, parent: QWidget, book: DraftBook,
                 open_draft: Callable[[Draft], bool]) -> None:
        super().__init__(parent)
        from PySide6.QtWidgets import QDialogButtonBox, QListWidget, QListWidgetItem, QVBoxLayout

        self.setObjectName("draftsNotice")
        self.setWindowTitle("Unsaved answers")
        self.book = book
        self._open = open_draft
        lay = QVBoxLayout(self)
        heading = QLabel("Answers typed before the case was last closed were kept, not saved. "
                         "Open each to restore it (or discard it there), or discard it here.")
        heading.setWordWrap(True)
        lay.addWidget(heading)
        self.list = QListWidget()
        self.list.setObjectName("drafts")
        self.list.setAccessibleName("Unsaved answers kept")
        heading.setBuddy(self.list)
        for draft in book.drafts():
            item = QListWidgetItem(describe(draft))
            item.setData(0x0100, (draft.form, draft.subject))  # Qt.UserRole
            self.list.addItem(item)
        self.list.setCurrentRow(0)
        lay.addWidget(self.list)
        self.buttons = QDialogButtonBox()
        self.open_button = self.buttons.addButton("&Open", QDialogButtonBox.ButtonRole.AcceptRole)
        self.discard_button = self.buttons.addButton("&Discard",
                                                     QDialogButtonBox.ButtonRole.DestructiveRole)
        later = self.buttons.addButton("&Later", QDialogButtonBox.ButtonRole.RejectRole)
        self.open_button.clicked.connect(self.open_current)
        self.discard_button.clicked.connect(self.discard_current)
        later.clicked.connect(self.reject)
        self.list.itemActivated.connect(lambda _item: self.open_current())
        lay.addWidget(self.buttons)
        self.open_button.setDefault(True)
        self.list.setWordWrap(True)
        self.resize(600, 320)

    def current(self) -> Draft | None:
        item = self.list.currentItem()
        if item is None:
            return None
        form, subject = item.data(0x0100)
        return None if self.book.case.closed else get_draft(self.book.case, form, subject)

    def _take_current(self) -> None:
        self.list.takeItem(self.list.currentRow())
        if self.list.count() == 0:
            self.accept()

    def open_current(self) -> bool:
        draft = self.current()
        if draft is None:
            return False
        if not self._open(draft):
            self.open_button.setToolTip("This form cannot be opened now.")
            return False
        self._take_current()
        return True

    def discard_current(self) -> None:
        draft = self.current()
        if draft is None:
            return
        answer = QMessageBox.question(
            self, "Discard unsaved answers", f"Discard the unsaved answers for {draft.label}? "
            "They cannot be brought back.",
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel)
        if answer != QMessageBox.StandardButton.Discard:
            return
        try:
            discard_draft(self.book.case, draft.form, draft.subject)
        except CaseError as exc:
            QMessageBox.warning(self, "Visible", str(exc))
            return
        self._take_current()


def open_draft_in(widgets: Iterable[QWidget], draft: Draft,
                  bring_forward: Callable[[QWidget], object] | None = None) -> bool:
    """Ask the pages (and anything inside them) that can open a draft's form to do so:
    a view offers `open_draft(draft) -> bool` (duck-typed, like the workspace's hooks).
    `bring_forward(page)` is called before each try, so the page is in front when its form
    opens (a role or screening dialog is modal: after it returns would be too late)."""
    for top in widgets:
        for widget in (top, *top.findChildren(QWidget)):
            opener = getattr(widget, "open_draft", None)
            if not callable(opener):
                continue
            if bring_forward is not None:
                bring_forward(top)
            if opener(draft):
                return True
    return False
