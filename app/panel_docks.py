"""The main window's panels (app.panels plug-ins) as dock widgets: create, arrange, find, destroy.

Each panel module gives TITLE, ORDER and create(session). A panel is wrapped in a QDockWidget
named "panel:<module>" so Qt can save and restore the layout by name; the user can move, float,
tab or hide any of them, and View lists them. One panel failing to open shows a message in its
place and never takes the others (or the case) down. Destroying the docks destroys the panel
widgets and every model they own: that is what locking relies on.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from types import ModuleType

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QFormLayout,
    QLabel,
    QMainWindow,
    QMenu,
    QWidget,
)

from app.session import CaseSession
from storage.casefile import CaseFile
from storage.errors import CaseError

log = logging.getLogger(__name__)

PanelSource = Callable[[], Sequence[ModuleType]]


def create_panel(module: ModuleType, title: str, session: CaseSession) -> QWidget:
    try:
        widget = module.create(session)
    except CaseError as exc:
        widget = QLabel(f"{title} could not be shown: {exc}")
    except Exception as exc:  # noqa: BLE001 - one broken panel must not take the case down
        log.error("panel %s failed to open: %s", module.__name__, type(exc).__name__)
        widget = QLabel(f"{title} could not be shown because of an internal error "
                        f"({type(exc).__name__}). The rest of the case is unaffected.")
    widget.setAccessibleName(widget.accessibleName() or title)
    return widget


class OverviewPage(QWidget):
    """Shown instead of panels when none are installed: what the file holds, in numbers."""

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


class PanelDocks:
    def __init__(self, window: QMainWindow, view_menu: QMenu, source: PanelSource) -> None:
        self.window = window
        self.view_menu = view_menu
        self.source = source
        self.docks: list[QDockWidget] = []
        self._toggles: list[QAction] = []

    def build(self, session: CaseSession) -> int:
        """Create a dock per panel in the default arrangement; returns how many."""
        w = self.window
        previous: QDockWidget | None = None
        bottom: QDockWidget | None = None
        for i, module in enumerate(self.source()):
            name = module.__name__.rsplit(".", 1)[-1]
            title = str(getattr(module, "TITLE", name))
            dock = QDockWidget(title, w)
            dock.setObjectName(f"panel:{name}")
            dock.setAccessibleName(title)
            dock.setWidget(create_panel(module, title, session))
            # Default: the first two side by side, the rest along the bottom as tabs.
            if i == 0:
                w.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, dock)
            elif i == 1 and previous is not None:
                w.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, dock)
                w.splitDockWidget(previous, dock, Qt.Orientation.Horizontal)
            elif bottom is None:
                w.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
                bottom = dock
            else:
                w.tabifyDockWidget(bottom, dock)
            previous = dock
            self.docks.append(dock)
            toggle = dock.toggleViewAction()
            self.view_menu.addAction(toggle)
            self._toggles.append(toggle)
        # Shown only once all are arranged: showing each as it is added makes Qt fix the
        # window's minimum size for an intermediate arrangement (1,700 px wide).
        for dock in self.docks:
            dock.show()
        return len(self.docks)

    def remove(self) -> list[QDockWidget]:
        """Take every dock out of the window and hide it; the caller deletes them (with the
        panels and models inside) — see MainWindow._dispose."""
        for action in self._toggles:
            self.view_menu.removeAction(action)
        self._toggles.clear()
        removed, self.docks = self.docks, []
        for dock in removed:
            self.window.removeDockWidget(dock)
            dock.hide()
        return removed

    def widgets(self) -> list[QWidget]:
        return [d.widget() for d in self.docks if d.widget() is not None]

    def with_hook(self, hook: str) -> QWidget | None:
        """The panel holding the keyboard focus if it offers `hook` (a method such as
        start_search / start_export), else the first visible panel that does."""
        focus = QApplication.focusWidget() or self.window.focusWidget()
        widgets = self.widgets()
        for w in widgets:
            if focus is not None and (w is focus or w.isAncestorOf(focus)) and hasattr(w, hook):
                return w
        return next((w for w in widgets if hasattr(w, hook) and w.isVisible()), None)

    def focus(self, step: int) -> QWidget | None:
        """Move the keyboard focus to the next (or previous) panel, raising it if tabbed."""
        docks = [d for d in self.docks if not d.isHidden() and d.widget() is not None]
        if not docks:
            return None
        focus = QApplication.focusWidget() or self.window.focusWidget()
        current = next((i for i, d in enumerate(docks)
                        if focus is not None and d.isAncestorOf(focus)), -1 if step > 0 else 0)
        dock = docks[(current + step) % len(docks)]
        dock.raise_()
        widget = dock.widget()
        # The panel itself if it takes focus, else its first control that does.
        target = widget
        if widget.focusPolicy() == Qt.FocusPolicy.NoFocus:
            target = next((c for c in widget.findChildren(QWidget)
                           if c.focusPolicy() & Qt.FocusPolicy.TabFocus
                           and c.isVisibleTo(widget) and c.isEnabled()), widget)
        target.setFocus(Qt.FocusReason.ShortcutFocusReason)
        return widget
