"""Thin table models over the completeness report (forms/completeness.py).

Tested without a view.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from app.qt_roles import BACKGROUND, DISPLAY, HORIZONTAL, TOOLTIP
from forms.completeness import ChildRoles, ManStatus, RoleStatus

# Looking up Qt enum members costs microseconds each in PySide6; data() runs constantly.
OK_COLOUR = QColor("#dff0d8")
GAP_COLOUR = QColor("#f8d7da")
PART_COLOUR = QColor("#fff3cd")

Index = QModelIndex | QPersistentModelIndex
NO_PARENT = QModelIndex()


class RolesModel(QAbstractTableModel):
    HEADERS = ("Status", "Role", "Addressed by", "Child")

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[tuple[ChildRoles, RoleStatus]] = []

    def set_children(self, children: list[ChildRoles]) -> None:
        self.beginResetModel()
        self.rows = [(c, r) for c in children for r in c.roles]
        self.endResetModel()

    def rowCount(self, parent: Index = NO_PARENT) -> int:  # noqa: N802 - Qt API
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = NO_PARENT) -> int:  # noqa: N802 - Qt API
        return len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = DISPLAY) -> Any:  # noqa: N802
        if role == DISPLAY and orientation == HORIZONTAL:
            return self.HEADERS[section]
        return None

    def data(self, index: Index, role: int = DISPLAY) -> Any:
        child, status = self.rows[index.row()]
        col = index.column()
        if role == DISPLAY:
            if col == 0:
                return "Addressed" if status.addressed else "NOT ADDRESSED"
            if col == 1:
                return status.label
            if col == 2:
                return status.summary()
            return child.child_name
        if role == BACKGROUND and col == 0:
            return OK_COLOUR if status.addressed else GAP_COLOUR
        if role == TOOLTIP and status.declaration:
            return f"Reason: {status.reason}\nEfforts: {status.efforts}"
        return None


class MenModel(QAbstractTableModel):
    HEADERS = ("Record", "Man", "Information sought", "Roles")

    def __init__(self) -> None:
        super().__init__()
        self.men: list[ManStatus] = []
        # Per man: "asked GP · Police, 1 overdue" (forms/requests_report.py) and whether it
        # needs attention (overdue, or no health agency asked).
        self.sought: dict[int, tuple[str, bool]] = {}

    def set_men(self, men: list[ManStatus],
                sought: dict[int, tuple[str, bool]] | None = None) -> None:
        self.beginResetModel()
        self.men = list(men)
        self.sought = dict(sought or {})
        self.endResetModel()

    def rowCount(self, parent: Index = NO_PARENT) -> int:  # noqa: N802 - Qt API
        return 0 if parent.isValid() else len(self.men)

    def columnCount(self, parent: Index = NO_PARENT) -> int:  # noqa: N802 - Qt API
        return len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = DISPLAY) -> Any:  # noqa: N802
        if role == DISPLAY and orientation == HORIZONTAL:
            return self.HEADERS[section]
        return None

    def data(self, index: Index, role: int = DISPLAY) -> Any:
        man = self.men[index.row()]
        col = index.column()
        if role == DISPLAY:
            if col == 2:
                return self.sought.get(man.person_id, ("", False))[0]
            return (man.badge(), man.name, "", "; ".join(man.roles))[col]
        if role == BACKGROUND and col == 2 and self.sought.get(man.person_id, ("", False))[1]:
            return GAP_COLOUR
        if role == BACKGROUND and col == 0:
            if man.complete:
                return PART_COLOUR if man.self_report_only else OK_COLOUR
            return GAP_COLOUR
        if role == TOOLTIP and col == 0 and man.missing:
            return "Still to record:\n" + "\n".join(
                f"• {g.section} › {g.label}" for g in man.missing
            )
        return None
