"""Help → User guide and Help → Keyboard shortcuts.

The guide is a short HTML page shipped in resources/guide/ with pictures of this very app:
`make screenshots` (app/screenshots.py) drives the real window on the fictional demo case and
writes them, so the pictures never drift from what a user sees. It is read offline in a text
browser inside the app — no browser, no network, nothing of a case in it.

The shortcuts list is built from the window's own actions (so it cannot miss one that exists
or list one that does not), plus the keys each page handles itself.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

GUIDE_DIR = Path(__file__).resolve().parent.parent / "resources" / "guide"
GUIDE = GUIDE_DIR / "guide.html"

# Keys a page or a control handles itself (not window actions), where and what they do.
PAGE_KEYS: tuple[tuple[str, str, str], ...] = (
    ("Everywhere", "F6 / Shift+F6", "Move to the next / previous pane (the page list, then "
     "the parts of the page)"),
    ("Everywhere", "Tab / Shift+Tab", "Move to the next / previous control; Tab leaves a "
     "table, the arrow keys move inside it"),
    ("Everywhere", "Alt + underlined letter", "Press that button or go to that field"),
    ("Page list", "Up / Down", "Choose a page"),
    ("Family", "Ins", "Add a person"),
    ("Family", "P / C / A", "Add a partner / child / parents of the selected person"),
    ("Family", "Del", "Delete the selected person (asks first)"),
    ("Family", "Arrow keys", "Select the nearest person in that direction"),
    ("Family", "Enter", "Edit the selected person in the details panel"),
    ("Family", "Menu / Shift+F10", "The selected person's menu: add relatives, link to "
     "someone already in the case (partner, parent, child), roles, lines"),
    ("Family", "Shift+drag", "Drag from one person to another to link them (as partners, or "
     "which is the parent)"),
    ("Family", "Wheel / Shift+wheel", "Zoom / scroll the drawing"),
    ("Family", "F", "Fit the drawing to the window"),
    ("Family", "Ctrl++ / Ctrl+-", "Zoom in / out"),
    ("Men", "Up / Down, Enter", "Choose a man or a part of his record; Enter on a role "
     "addresses it, on a man opens his record"),
    ("A man's record", "Ctrl+S", "Save every answer on his page as one action"),
    ("Chronology", "Enter", "Edit the selected entry"),
    ("Identifiers for publication", "P / S / R / K",
     "Pseudonym / same as a recorded person / remove / keep (not identifying)"),
    ("Dialogs", "Enter / Escape", "The default button / Cancel (with answers typed, it "
     "asks: keep them as a draft, discard them, or go back)"),
    ("Any form", "Alt+R / Alt+D", "Restore / Discard the unsaved answers a form offers back "
     "at its top"),
    ("Any form", "Wheel", "Scrolls the page; a drop-down or number box changes only once it "
     "has the focus (click it or Tab to it first)"),
)


def shortcut_rows(actions: Iterable[QAction]) -> list[tuple[str, str, str]]:
    """(where, keys, what) for every window action that has a shortcut, in menu order."""
    rows: list[tuple[str, str, str]] = []
    seen: set[str] = set()
    for action in actions:
        keys = [k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts()]
        keys = [k for k in keys if k]
        text = action.text().replace("&&", "\0").replace("&", "").replace("\0", "&")
        text = text.rstrip("…").strip()
        if not keys or action.objectName() in seen:
            continue
        seen.add(action.objectName())
        if action.objectName().startswith("page:"):
            text = f"Go to the {text.split(' ', 1)[-1]} page"
        elif action.objectName() in ("undo", "redo"):
            text = text.split(" ", 1)[0] + " the last action"
        rows.append(("Menus", " or ".join(keys), text))
    return rows


class ShortcutsDialog(QDialog):
    def __init__(self, parent: QWidget | None = None,
                 actions: Iterable[QAction] = ()) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts — Visible")
        self.rows = [*shortcut_rows(actions), *PAGE_KEYS]
        self.table = QTableWidget(len(self.rows), 3)
        self.table.setObjectName("shortcuts")
        self.table.setAccessibleName("Keyboard shortcuts")
        self.table.setHorizontalHeaderLabels(["Where", "Keys", "What it does"])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.setWordWrap(True)
        for r, row in enumerate(self.rows):
            for c, text in enumerate(row):
                self.table.setItem(r, c, QTableWidgetItem(text))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.resizeRowsToContents()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel("Every action in the menus has a key, and every control is "
                             "reachable with Tab."))
        lay.addWidget(self.table, 1)
        lay.addWidget(buttons)
        self.resize(820, 640)


class GuideDialog(QDialog):
    """The user guide, offline, in a window of its own (non-modal: read it while working)."""

    def __init__(self, parent: QWidget | None = None, page: Path = GUIDE) -> None:
        super().__init__(parent)
        self.setWindowTitle("User guide — Visible")
        self.setModal(False)
        self.browser = QTextBrowser()
        self.browser.setObjectName("guide")
        self.browser.setAccessibleName("User guide")
        self.browser.setOpenExternalLinks(False)  # offline: nothing leaves the machine
        self.browser.setSearchPaths([str(page.parent)])
        if page.is_file():
            self.browser.setSource(QUrl.fromLocalFile(str(page)))
        else:
            self.browser.setHtml("<h1>User guide</h1><p>The guide is not installed with this "
                                 "copy of Visible.</p>")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(self.browser, 1)
        lay.addWidget(buttons)
        self.resize(980, 720)
