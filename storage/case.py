"""The case itself: who it is about is in people; this is the file's cover sheet."""

from __future__ import annotations

from dataclasses import dataclass

from storage.dates import PartialDate


@dataclass(slots=True)
class CaseDetails:
    reference: str
    local_authority: str = ""
    author: str = ""
    # Documents carry a protective marking on every page; OFFICIAL-SENSITIVE is the norm.
    protective_marking: str = "OFFICIAL-SENSITIVE"
    created_at: str = ""
    id: int = 1


@dataclass(slots=True)
class Proceedings:
    """Care proceedings about the child: the court chronology covers the two years before the
    date they were issued (PD12A local practice), so the date is kept with the case."""

    issued_on: PartialDate | None = None
    id: int = 1
