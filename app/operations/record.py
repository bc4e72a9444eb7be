"""A man's record: the one write path for his answers and their sourced statements.

The rules (what a value may be, that every answer says where it came from) live in
forms/record.py; the table lives in storage/facts_store.py. This module joins them: check the
whole record first, then write it in one transaction, so one save is one undo entry and a
refused value leaves nothing half-written.
"""

from __future__ import annotations

from collections.abc import Iterable

from app.operations.changes import Changes
from forms.fields import FormDefinition
from forms.male_carer import MALE_CARER_FORM
from forms.record import FactInput, checked_record, to_statements
from storage.casefile import CaseFile, Txn
from storage.errors import InvalidValue
from storage.facts_store import replace_statements
from storage.ids import PersonId
from storage.people import Person


def write_record(
    tx: Txn,
    person_id: PersonId,
    inputs: Iterable[FactInput],
    recorded_by: str = "",
    form: FormDefinition = MALE_CARER_FORM,
) -> int:
    """Inside the caller's transaction: each field named in `inputs` gets exactly the statements
    given for it (in order; status None clears the field); fields not named are left alone.
    Returns how many statements changed (an unchanged one keeps its recorded_at/by)."""
    record = checked_record(inputs, form)
    return sum(
        replace_statements(tx, person_id, key, to_statements(person_id, key, items, recorded_by))
        for key, items in record.items()
    )


def save_record(
    case: CaseFile,
    person_id: PersonId,
    inputs: Iterable[FactInput],
    recorded_by: str = "",
    form: FormDefinition = MALE_CARER_FORM,
) -> Changes:
    """Save a man's record from the form or a command: everything is checked first (a refused
    value names the field and writes nothing), then written as one undoable action."""
    items = list(inputs)
    checked_record(items, form)
    person = case.get(Person, person_id)
    if person is None:
        raise InvalidValue("That man is no longer in the case (perhaps undone); nothing was "
                           "saved.")
    with case.transaction(f"Save record of {person.display_name}") as tx:
        write_record(tx, person_id, items, recorded_by or case.author, form)
    return Changes.of(tx)
