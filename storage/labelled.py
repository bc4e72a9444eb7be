"""A StrEnum whose members answer `.label` from the one table in storage/labels.py."""

from __future__ import annotations

from enum import StrEnum


class LabelledEnum(StrEnum):
    @property
    def label(self) -> str:
        # Imported here: storage.labels imports the enums that use this base.
        from storage.labels import LABELS

        return LABELS[self]
