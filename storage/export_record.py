"""An export: a file written out of the encrypted case, kept by name (where, how, by whom)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from storage.ids import ExportRecordId


@dataclass(slots=True)
class ExportRecord:
    at: str
    path: str
    format: str
    style: str
    anonymised: bool = False
    password_protected: bool = False
    marking: str = ""
    options: dict[str, Any] = field(default_factory=dict)  # the rest of the chosen options
    author: str = ""
    id: ExportRecordId | None = None
