"""Screening instruments, each in its own module with its licence terms cited in the code.

`record_result` turns answers into a storage.carers.ScreeningResult (total and band computed
here, never typed in); `result_display` shows a stored result as score beside band.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from forms.instruments.audit import AUDIT, AUDIT_C
from forms.instruments.base import Band, Instrument, Item, Option, Score
from forms.instruments.dast10 import DAST10
from forms.instruments.gad7 import GAD7
from forms.instruments.phq9 import PHQ9
from storage.carers import ScreeningResult
from storage.errors import InvalidValue
from storage.ids import PersonId

INSTRUMENTS: dict[str, Instrument] = {i.key: i for i in (PHQ9, GAD7, AUDIT_C, AUDIT, DAST10)}

__all__ = [
    "AUDIT",
    "AUDIT_C",
    "DAST10",
    "GAD7",
    "INSTRUMENTS",
    "PHQ9",
    "Band",
    "Instrument",
    "Item",
    "Option",
    "Score",
    "instrument",
    "record_result",
    "result_score",
]


def instrument(key: str) -> Instrument:
    try:
        return INSTRUMENTS[key]
    except KeyError:
        names = ", ".join(i.name for i in INSTRUMENTS.values())
        raise InvalidValue(
            f"There is no screening instrument '{key}'; Visible has {names}."
        ) from None


def record_result(
    person_id: PersonId,
    key: str,
    answers: Mapping[str, int | None],
    administered_on: dt.date | None,
    administered_by: str,
    notes: str = "",
) -> ScreeningResult:
    """A result ready to store: score and band computed from the answers."""
    inst = instrument(key)
    if administered_on is None:
        raise InvalidValue(f"{inst.name}: give the date it was administered.")
    if administered_on > dt.date.today():
        raise InvalidValue(f"{inst.name}: the date administered is in the future.")
    if not administered_by.strip():
        raise InvalidValue(f"{inst.name}: say who administered it.")
    score = inst.score(answers)
    return ScreeningResult(
        person_id,
        inst.key,
        {i.key: answers.get(i.key) for i in inst.items},
        score.total,
        score.band_text(),
        administered_on,
        administered_by.strip(),
        notes,
    )


def result_score(result: ScreeningResult) -> Score:
    return instrument(result.instrument).score(result.answers)
