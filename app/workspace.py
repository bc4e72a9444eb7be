"""The workspace of an open case: a navigation rail on the left, one page per task on the right.

Why pages and not docks: on a 1366×768 laptop four docks shared the screen, so each task got a
quarter of it (1.5 chronology rows, a thumbnail genogram, men's names clipped). A page gives
one task the whole window and the rail costs only ~120 px of width, never height — the scarce
dimension on a laptop. The pages are the plug-ins of app.panels (TITLE, ORDER, create(session)),
built from the case alone when the case opens and destroyed with the workspace on lock.

A page may also offer, by duck typing (no base class to inherit):
- ``hint_changed = Signal(str)``: a short second line under its name in the rail, e.g.
  "2 roles not addressed" (so a gap shows whatever page is open);
- ``panes() -> list[QWidget]``: the areas F6 moves between inside the page;
- ``page_shown()``: called each time the page comes to the front (fit a drawing, load lazily);
- ``navigate_requested = Signal(str, object)``: bring another page to the front and hand it a
  target (a man's page asks for ("chronology", ("lens", his id))); the page that receives it
  answers ``open_target(target)``. Pages never hold references to each other;
- ``start_search()`` / ``start_export()``: Edit → Find and export hooks, as before.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable, Sequence
from types import ModuleType

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QStackedWidget,
    QWidget,
)

from app.session import CaseSession
from storage.casefile import CaseFile
from storage.errors import CaseError

log = logging.getLogger(__name__)

PanelSource = Callable[[], Sequence[ModuleType]]
RAIL_WIDTH = 128
_HINT_ROLE = Qt.ItemDataRole.UserRole + 1


def create_panel(module: ModuleType, title: str, session: CaseSession) -> QWidget:
    """The page a panel module makes; one that fails says so in its place and never takes the
    other pages (or the case) down."""
    try:
        widget = module.create(session)
    except CaseError as exc:
        widget = QLabel(f"{title} could not be shown: {exc}")
        widget.setWordWrap(True)
    except Exception as exc:  # noqa: BLE001 - one broken page must not take the case down
        # Where it failed (files, lines, code), never the message: it may quote the case.
        where = "".join(traceback.format_list(traceback.extract_tb(exc.__traceback__)[-6:]))
        log.error("panel %s failed to open: %s, at\n%s", module.__name__,
                  type(exc).__name__, where)
        widget = QLabel(f"{title} could not be shown because of an internal error "
                        f"({type(exc).__name__}). The rest of the case is unaffected.")
        widget.setWordWrap(True)
    widget.setAccessibleName(widget.accessibleName() or title)
    return widget


def takes_tab_focus(widget: QWidget) -> bool:
    """What Tab would stop at (Qt's own rule: a widget with a focus proxy is skipped; the proxy
    is in the chain itself — a tab widget whose tab bar is hidden is not a stop)."""
    return (bool(widget.focusPolicy() & Qt.FocusPolicy.TabFocus) and widget.isVisible()
            and widget.isEnabled() and widget.focusProxy() is None)


def first_focusable(pane: QWidget) -> QWidget | None:
    """The control Tab would reach first inside `pane` (in the window's focus chain)."""
    if takes_tab_focus(pane):
        return pane
    widget = pane.nextInFocusChain()
    for _ in range(5000):  # the chain is a ring; a window has far fewer widgets than this
        if widget is pane:
            return None
        if pane.isAncestorOf(widget) and takes_tab_focus(widget):
            return widget
        widget = widget.nextInFocusChain()
    return None


class OverviewPage(QWidget):
    """Shown instead of pages when none are installed: what the file holds, in numbers."""

    def __init__(self, case: CaseFile) -> None:
        super().__init__()
        from storage.counts_store import case_counts

        counts = case_counts(case)
        form = QFormLayout(self)
        for key, title in (("reference", "Case reference"), ("people", "People"),
                           ("male_carers", "Male carers recorded"),
                           ("chronology_entries", "Chronology entries"),
                           ("audit_records", "Changes in the audit trail")):
            label = QLabel(str(counts[key]))
            label.setObjectName(key)
            label.setAccessibleName(title)
            form.addRow(title, label)


class Page:
    """One page: its rail item now, its widget when first needed (see Workspace)."""

    def __init__(self, key: str, title: str, item: QListWidgetItem,
                 build: Callable[[], QWidget]) -> None:
        self.key = key  # the panel module's name: "genogram", "carers", ...
        self.title = title
        self.item = item
        self._build = build
        self._widget: QWidget | None = None

    @property
    def built(self) -> bool:
        return self._widget is not None

    @property
    def widget(self) -> QWidget:
        """The page's widget, built now if it was not yet."""
        if self._widget is None:
            self._widget = self._build()
        return self._widget


class NavigationRail(QListWidget):
    """The pages by name, one under the other; arrows move, the page follows the selection."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("navigation")
        self.setAccessibleName("Pages of the case")
        self.setAccessibleDescription("Choose a page with the arrow keys; Ctrl+1 to Ctrl+4 "
                                      "go straight to a page.")
        self.setFixedWidth(RAIL_WIDTH)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setWordWrap(True)
        self.setSpacing(2)
        self.setUniformItemSizes(False)
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() + 1)
        self.setFont(font)
        # Focus must be visible (issue 12 item 3): a frame around the current item, not only
        # the selection colour, which looks the same with or without focus.
        # Focus must be visible (issue 12 item 3): with the focus in the rail its edge and the
        # current item's outline turn the highlight colour; the selection alone does not.
        self.setStyleSheet(
            "QListWidget#navigation { background: palette(window); border: none;"
            " border-right: 1px solid palette(mid); }"
            "QListWidget#navigation:focus { border-right: 3px solid palette(highlight); }"
            "QListWidget#navigation::item { padding: 6px 8px; border-radius: 4px;"
            " border: 2px solid transparent; }"
            "QListWidget#navigation::item:selected { background: palette(highlight);"
            " color: palette(highlighted-text); }"
            "QListWidget#navigation::item:focus { border: 2px solid palette(window-text); }")

    def wrapped(self, title: str) -> str:
        """The title on two lines if it is wider than the rail ("Review &" / "exports")."""
        room = RAIL_WIDTH - 28
        metrics = self.fontMetrics()
        if metrics.horizontalAdvance(title) <= room or " " not in title:
            return title
        words = title.split(" ")
        for cut in range(len(words) - 1, 0, -1):
            first = " ".join(words[:cut])
            if metrics.horizontalAdvance(first) <= room:
                return f"{first}\n{' '.join(words[cut:])}"
        return title

    def add(self, title: str, shortcut: str) -> QListWidgetItem:
        item = QListWidgetItem(self.wrapped(title))
        item.setData(Qt.ItemDataRole.AccessibleTextRole, title)
        item.setData(_HINT_ROLE, "")
        item.setToolTip(f"{title} ({shortcut})" if shortcut else title)
        item.setSizeHint(QSize(RAIL_WIDTH - 8, 64 if "\n" in item.text() else 46))
        self.addItem(item)
        return item

    def set_hint(self, item: QListWidgetItem, title: str, hint: str) -> None:
        item.setData(_HINT_ROLE, hint)
        item.setText(f"{self.wrapped(title)}\n{hint}" if hint else self.wrapped(title))
        lines = item.text().count("\n") + 1
        item.setSizeHint(QSize(RAIL_WIDTH - 8, 28 + 18 * lines))
        # Screen readers read the text; keep the hint in the accessible text as words.
        item.setData(Qt.ItemDataRole.AccessibleTextRole, f"{title}: {hint}" if hint else title)


class Workspace(QWidget):
    """The rail and the pages of one open case. Destroying it destroys every page."""

    page_changed = Signal(str)  # the key of the page now in front

    def __init__(self, session: CaseSession, modules: Sequence[ModuleType],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("workspace")
        self.session = session
        self.rail = NavigationRail()
        self.stack = QStackedWidget()
        self.stack.setObjectName("pages")
        self.pages: list[Page] = []
        # Only the page in front is built as the case opens; the others follow, one a turn of
        # the event loop, after the window has painted (building all four at once froze the
        # window for 0.3-0.8 s on a 20,000-entry case, issue 18 item 5). Whoever asks for a
        # page (Ctrl+2, a menu, widgets()) gets it built at once.
        for i, module in enumerate(modules):
            key = module.__name__.rsplit(".", 1)[-1]
            title = str(getattr(module, "TITLE", key))
            shortcut = f"Ctrl+{i + 1}" if i < 9 else ""
            item = self.rail.add(title, shortcut)
            self.stack.addWidget(QWidget())  # its place, until it is built
            self.pages.append(Page(key, title, item,
                                   lambda i=i, m=module, t=title: self._build(i, m, t)))
        self._more = QTimer(self)
        self._more.setSingleShot(True)
        self._more.setInterval(0)
        self._more.timeout.connect(self._build_next)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.rail)
        layout.addWidget(self.stack, 1)
        self.rail.currentRowChanged.connect(self._row_changed)
        if self.pages:
            self.rail.setCurrentRow(0)
            self._more.start()

    def _build(self, index: int, module: ModuleType, title: str) -> QWidget:
        widget = create_panel(module, title, self.session)
        page = self.pages[index]
        widget.setObjectName(widget.objectName() or f"page:{page.key}")
        placeholder = self.stack.widget(index)
        in_front = self.stack.currentWidget() is placeholder
        self.stack.insertWidget(index, widget)
        if in_front:
            self.stack.setCurrentWidget(widget)
        self.stack.removeWidget(placeholder)
        placeholder.deleteLater()
        navigate = getattr(widget, "navigate_requested", None)
        if navigate is not None:
            navigate.connect(self.navigate)
        hint = getattr(widget, "hint_changed", None)
        if hint is not None:
            hint.connect(lambda text, p=page: self.rail.set_hint(p.item, p.title, text))
            current = getattr(widget, "hint", None)
            if callable(current):
                self.rail.set_hint(page.item, title, current())
        return widget

    def _build_next(self) -> None:
        """The next page not built yet (one a turn: the window answers in between)."""
        waiting = next((p for p in self.pages if not p.built), None)
        if waiting is not None:
            waiting.widget  # noqa: B018 - built on first use
            self._more.start()

    # Pages ------------------------------------------------------------------------------
    def widgets(self) -> list[QWidget]:
        return [p.widget for p in self.pages]

    def page(self, key: str) -> QWidget | None:
        return next((p.widget for p in self.pages if p.key == key), None)

    @property
    def current_key(self) -> str:
        i = self.stack.currentIndex()
        return self.pages[i].key if 0 <= i < len(self.pages) else ""

    def current_widget(self) -> QWidget | None:
        i = self.stack.currentIndex()
        return self.pages[i].widget if 0 <= i < len(self.pages) else None

    def show_page(self, key_or_index: str | int) -> QWidget | None:
        if isinstance(key_or_index, int):
            index = key_or_index
        else:
            index = next((i for i, p in enumerate(self.pages) if p.key == key_or_index), -1)
        if not 0 <= index < len(self.pages):
            return None
        self.rail.setCurrentRow(index)
        return self.pages[index].widget

    def navigate(self, key: str, target: object = None) -> QWidget | None:
        """Bring page `key` to the front and hand it `target` (see the module docstring)."""
        page = self.show_page(key)
        opener = getattr(page, "open_target", None)
        if page is not None and target is not None and callable(opener):
            opener(target)
        return page

    def _row_changed(self, row: int) -> None:
        if not 0 <= row < len(self.pages):
            return
        page = self.pages[row]
        self.stack.setCurrentWidget(page.widget)
        shown = getattr(page.widget, "page_shown", None)
        if callable(shown):
            shown()
        self.page_changed.emit(page.key)

    # Hooks and focus --------------------------------------------------------------------
    def with_hook(self, hook: str) -> QWidget | None:
        """The page in front if it offers `hook` (start_search, start_export), else None:
        a shortcut acts on what the user is looking at, never on a hidden page."""
        current = self.current_widget()
        return current if current is not None and hasattr(current, hook) else None

    def panes(self) -> list[QWidget]:
        """The rail, then the areas of the page in front (its own panes(), or the page)."""
        current = self.current_widget()
        inner: list[QWidget] = []
        if current is not None:
            offered = getattr(current, "panes", None)
            inner = [w for w in (offered() if callable(offered) else [current])
                     if w.isVisibleTo(self)] or [current]
        return [self.rail, *inner]

    def focus_page(self) -> QWidget | None:
        """The keyboard focus into the page in front (its first pane), as Ctrl+1… leave it."""
        panes = self.panes()
        if len(panes) < 2:
            return None
        self.rail.setFocus(Qt.FocusReason.ShortcutFocusReason)
        return self.focus(+1)

    def focus(self, step: int) -> QWidget | None:
        """F6 / Shift+F6: move the keyboard focus to the next (previous) pane."""
        panes = self.panes()
        # The window's focus widget, whether or not the window is the active one.
        focus = QApplication.focusWidget() or self.window().focusWidget()
        current = next((i for i, w in enumerate(panes)
                        if focus is not None and (w is focus or w.isAncestorOf(focus))),
                       -1 if step > 0 else 0)
        pane = panes[(current + step) % len(panes)]
        (first_focusable(pane) or pane).setFocus(Qt.FocusReason.ShortcutFocusReason)
        return pane
