"""The case itself: who it is about is in people; this is the file's cover sheet."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(slots=True)
class CaseDetails:
    reference: str
    local_authority: str = ""
    author: str = ""
    # Documents carry a protective marking on every page; OFFICIAL-SENSITIVE is the norm.
    protective_marking: str = "OFFICIAL-SENSITIVE"
    created_at: str = ""
    id: int = 1
