"""Helpers for the application-shell tests (tests/test_shell_*.py); fixtures are in shell_support.

A small test panel stands in for the real ones (genogram, carers, chronology): it shows the
people of the case in a table and the case reference in a label — real case text in real
widgets, so the lock tests can prove it is gone.
"""

from __future__ import annotations

import types
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTableView,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from storage.people import Person

DISPLAY = Qt.ItemDataRole.DisplayRole


class PeopleModel(QAbstractTableModel):
    def __init__(self, session: Any, parent: Any = None) -> None:
        super().__init__(parent)
        self.session = session
        self.rows: list[str] = []
        self.reload()

    def reload(self) -> None:
        self.beginResetModel()
        self.rows = [f"{p.given_names} {p.family_name}".strip()
                     for p in self.session.case.all(Person)]
        self.endResetModel()

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008,N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008,N802
        return 0 if parent.isValid() else 1

    def data(self, index: QModelIndex, role: int = DISPLAY) -> Any:
        return self.rows[index.row()] if role == DISPLAY else None


class PeoplePanel(QWidget):
    def __init__(self, session: Any) -> None:
        super().__init__()
        self.session = session
        self.model = PeopleModel(session, self)  # owned by the panel: dies with it
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.reference = QLabel(session.case.details().reference)
        self.search = QLineEdit()
        self.search.setAccessibleName("Search people")
        self.searched = 0
        layout = QVBoxLayout(self)
        for w in (self.reference, self.search, self.view):
            layout.addWidget(w)
        session.changed.connect(lambda _c: self.model.reload())

    def start_search(self) -> None:
        self.searched += 1
        self.search.setFocus()


def make_panel_module(name: str = "people", title: str = "People", order: int = 10,
                      factory: Any = PeoplePanel) -> types.ModuleType:
    module = types.ModuleType(f"tests.panels.{name}")
    module.TITLE = title  # type: ignore[attr-defined]
    module.ORDER = order  # type: ignore[attr-defined]
    module.create = factory  # type: ignore[attr-defined]
    return module


def visible_text(widgets: list[QWidget] | None = None) -> str:
    """Every piece of text a user could see in the application's visible windows."""
    parts: list[str] = []
    tops = widgets if widgets is not None else QApplication.topLevelWidgets()
    for top in tops:
        if not top.isVisible():
            continue
        parts.append(top.windowTitle())
        for w in [top, *top.findChildren(QWidget)]:
            if not w.isVisible():
                continue
            if isinstance(w, QLabel):
                parts.append(w.text())
            elif isinstance(w, QLineEdit):
                parts.append(w.text())
            elif isinstance(w, (QTextEdit, QPlainTextEdit)):
                parts.append(w.toPlainText())
            elif isinstance(w, QAbstractItemView) and w.model() is not None:
                parts.extend(_model_text(w.model()))
            parts.append(w.windowTitle())
            parts.append(w.toolTip())
            parts.append(w.accessibleName())
    return "\n".join(parts)


def _model_text(model: Any, parent: QModelIndex | None = None, depth: int = 0) -> list[str]:
    """Every cell of a table, list or tree model (two levels deep, 500 rows a level)."""
    parent = parent if parent is not None else QModelIndex()
    out: list[str] = []
    try:
        columns = model.columnCount(parent)
        tree = True
    except TypeError:  # a QAbstractListModel keeps these private: one column, no children
        columns, tree = 1, False
    for r in range(min(model.rowCount(parent), 500)):
        for c in range(columns):
            index = model.index(r, c, parent)
            out.append(str(model.data(index) or ""))
            if tree and depth < 2 and c == 0 and model.rowCount(index):
                out.extend(_model_text(model, index, depth + 1))
    return out
