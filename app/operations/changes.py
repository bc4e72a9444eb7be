"""What an operation changed, in the terms views refresh by.

A view asks `Area.CHRONOLOGY in changes.areas`, never which table was written: the mapping from
tables to areas is storage's business (storage/areas.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from storage.areas import Area
from storage.casefile import Change, Txn
from storage.ids import TxnId


@dataclass(frozen=True, slots=True)
class Changes:
    """One committed transaction (or nothing at all, when txn is None)."""

    txn: TxnId | None
    label: str
    areas: frozenset[Area] = frozenset()
    rows: int = 0  # how many rows were written; 0 means the action changed nothing
    _created: tuple[tuple[Area, int], ...] = field(default=(), repr=False)

    @classmethod
    def of(cls, tx: Txn) -> Changes:
        """The changes of a finished transaction (call after its `with` block)."""
        return cls.from_change(tx.change)

    @classmethod
    def from_change(cls, change: Change) -> Changes:
        if not change.rows:
            return cls.nothing(change.action)
        created = tuple(
            (area, row_id) for area in change.areas for row_id in change.created(area)
        )
        return cls(change.txn, change.action, change.areas, len(change.rows), created)

    @classmethod
    def nothing(cls, label: str = "") -> Changes:
        return cls(None, label)

    @property
    def changed(self) -> bool:
        return self.txn is not None and self.rows > 0

    def created(self, area: Area) -> list[int]:
        """New row ids in `area` (e.g. the person an "Add partner" made), in insertion order."""
        return [row_id for a, row_id in self._created if a is area]

    def first_created(self, area: Area) -> int | None:
        made = self.created(area)
        return made[0] if made else None

    def touches(self, *areas: Area) -> bool:
        return not self.areas.isdisjoint(areas)
