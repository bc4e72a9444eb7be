"""Thin table models over the completeness report (forms/completeness.py).

Tested without a view.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from app.qt_roles import BACKGROUND, DISPLAY, HORIZONTAL, TOOLTIP
from forms.completeness import ChildRoles, ManStatus, RoleStatus
from forms.factor_map import FactorGroup, Presence

# Looking up Qt enum members costs microseconds each in PySide6; data() runs constantly.
OK_COLOUR = QColor("#dff0d8")
GAP_COLOUR = QColor("#f8d7da")
PART_COLOUR = QColor("#fff3cd")
# A factor present is a concern (red), absent is reassuring (green), not known is a gap (amber).
PRESENCE_COLOURS = {Presence.PRESENT: GAP_COLOUR, Presence.ABSENT: OK_COLOUR,
                    Presence.NOT_KNOWN: PART_COLOUR}

Index = QModelIndex | QPersistentModelIndex
NO_PARENT = QModelIndex()


def who(status: RoleStatus) -> str:
    """The man's name, or the declaration in full words: what fills the role, readable."""
    if status.men:
        return ", ".join(m["name"] for m in status.men)
    if status.declaration:
        text = status.summary()
        text = (text[0].upper() + text[1:]).rstrip(".")
        return f"{text}. Efforts: {status.efforts}" if status.efforts else text
    return status.problem or "Not addressed yet"


class RolesModel(QAbstractTableModel):
    # The man (or declaration) comes before the status: a role is read by who fills it.
    HEADERS = ("Role", "Child", "Man, or what was declared", "Status")
    ROLE, CHILD, WHO, STATUS = range(4)

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
            if col == self.ROLE:
                return status.label
            if col == self.CHILD:
                return child.child_name
            if col == self.WHO:
                return who(status)
            return "Addressed" if status.addressed else "NOT ADDRESSED"
        if role == BACKGROUND and col == self.STATUS:
            return OK_COLOUR if status.addressed else GAP_COLOUR
        if role == TOOLTIP and status.declaration:
            return f"Reason: {status.reason}\nEfforts: {status.efforts}"
        return None


class MenModel(QAbstractTableModel):
    HEADERS = ("Man", "Roles", "Record", "Information sought", "Still to record")
    NAME, ROLES, RECORD, SOUGHT, MISSING = range(5)

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
            if col == self.MISSING:
                return missing_text(man)
            if col == self.SOUGHT:
                return self.sought.get(man.person_id, ("", False))[0]
            return (man.name, "; ".join(man.roles), man.badge())[col]
        if role == BACKGROUND and col == self.SOUGHT \
                and self.sought.get(man.person_id, ("", False))[1]:
            return GAP_COLOUR
        if role == BACKGROUND and col == self.RECORD:
            if man.complete:
                return PART_COLOUR if man.self_report_only else OK_COLOUR
            return GAP_COLOUR
        if role == TOOLTIP and col in (self.RECORD, self.MISSING) and man.missing:
            return "Still to record:\n" + "\n".join(
                f"• {g.section} › {g.label}" for g in man.missing
            )
        return None


def missing_text(man: ManStatus, most: int = 4) -> str:
    """The sections still to do, e.g. "History (3), Sleep (1), …" — the tooltip lists all."""
    if not man.missing:
        return "Nothing required is missing"
    counts: dict[str, int] = {}
    for gap in man.missing:
        counts[gap.section] = counts.get(gap.section, 0) + 1
    parts = [f"{section} ({n})" for section, n in counts.items()]
    return ", ".join(parts[:most]) + (f", and {len(parts) - most} more" if len(parts) > most
                                      else "")


class FactorGridModel(QAbstractTableModel):
    """Factor groups down, men across: present / absent / not known for each, never a score —
    the combinations across the men in a baby's life at a glance (§6.20, §19.6)."""

    def __init__(self) -> None:
        super().__init__()
        self.groups: list[str] = []
        self.men: list[str] = []
        self.cells: dict[tuple[int, int], FactorGroup] = {}

    def set_maps(self, maps: list[tuple[str, list[FactorGroup]]]) -> None:
        self.beginResetModel()
        self.men = [name for name, _ in maps]
        self.groups = [g.title for g in maps[0][1]] if maps else []
        self.cells = {}
        for col, (_name, groups) in enumerate(maps):
            for row, group in enumerate(groups):
                self.cells[(row, col)] = group
        self.endResetModel()

    def rowCount(self, parent: Index = NO_PARENT) -> int:  # noqa: N802 - Qt API
        return 0 if parent.isValid() else len(self.groups)

    def columnCount(self, parent: Index = NO_PARENT) -> int:  # noqa: N802 - Qt API
        return 0 if parent.isValid() else len(self.men)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = DISPLAY) -> Any:  # noqa: N802
        if role == DISPLAY:
            return self.men[section] if orientation == HORIZONTAL else self.groups[section]
        return None

    def data(self, index: Index, role: int = DISPLAY) -> Any:
        group = self.cells.get((index.row(), index.column()))
        if group is None:
            return None
        if role == DISPLAY:
            if group.presence is Presence.NOT_KNOWN and group.indicators:
                return f"{group.presence.label} ({group.answered} of {group.indicators})"
            return group.presence.label
        if role == BACKGROUND:
            return PRESENCE_COLOURS[group.presence]
        if role == TOOLTIP:
            shown = "; ".join(group.shown_by) or "nothing recorded shows a concern"
            return f"{group.title}: {group.presence.label}. Shown by: {shown}."
        return None
