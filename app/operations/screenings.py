"""Recording a completed screening instrument for a man (PHQ-9, GAD-7, AUDIT-C, AUDIT, DAST-10).

The score and band come from the instrument's own scoring (forms/instruments); a partial set of
answers keeps a range, never an invented total.
"""

from __future__ import annotations

import datetime as dt

from app.operations.changes import Changes
from forms.instruments import INSTRUMENTS, record_result
from storage.casefile import CaseFile
from storage.errors import InvalidValue
from storage.ids import PersonId
from storage.people import Person


def record_screening(case: CaseFile, person_id: PersonId, instrument: str,
                     answers: dict[str, int | None], administered_on: dt.date,
                     administered_by: str) -> Changes:
    if instrument not in INSTRUMENTS:
        raise InvalidValue(f"There is no screening instrument '{instrument}'; choose one of "
                           f"{', '.join(INSTRUMENTS)}.")
    if administered_on > dt.date.today():
        raise InvalidValue("The date administered is in the future; give the date it was done.")
    person = case.get(Person, person_id)
    if person is None:
        raise InvalidValue("That man is no longer in the case; nothing was recorded.")
    result = record_result(person_id, instrument, answers, administered_on, administered_by)
    with case.transaction(f"Record {INSTRUMENTS[instrument].name} for "
                          f"{person.display_name}") as tx:
        tx.add(result)
    return Changes.of(tx)
