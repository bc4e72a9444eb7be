"""Reading a man's screening results (newest first)."""

from __future__ import annotations

from storage.carers import ScreeningResult
from storage.casefile import CaseFile
from storage.ids import PersonId
from storage.rows import from_row


def screenings_of(case: CaseFile, person_id: PersonId) -> list[ScreeningResult]:
    cur = case.db.execute(
        "SELECT * FROM screening WHERE person_id = ? ORDER BY administered_on DESC, id DESC",
        (person_id,))
    names = [d[0] for d in cur.description]
    return [from_row(ScreeningResult, dict(zip(names, r, strict=True))) for r in cur]
