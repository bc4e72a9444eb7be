"""Drafts of unsaved answers: kept while a form is open, offered back, applied or discarded.

Every editable form keeps what the practitioner has typed as a draft in the case file
(storage/drafts_store.py, which says why drafts stay out of the audit trail and the undo
history). These are the writes; the GUI's keeper (app/drafts.py) decides when to call them.
They return empty Changes: a draft is not an action on the record, so it is never an undo
entry and no view refreshes for it.
"""

from __future__ import annotations

import json
from typing import Any

from app.operations.changes import Changes
from storage.casefile import CaseFile
from storage.drafts import Draft
from storage.drafts_store import KEEP_LABEL, drop_draft, put_draft
from storage.errors import InvalidValue

# The forms that keep drafts, and what each is called in a sentence.
FORMS = {
    "record": "record",
    "person": "details",
    "entry": "chronology entry",
    "role": "male-carer role",
    "screening": "screening",
}
# A draft is what one person typed into one form; anything larger is not typing.
MAX_STATE_CHARS = 2_000_000


def keep_draft(case: CaseFile, form: str, subject: str, label: str,
               state: dict[str, Any]) -> Changes:
    """Keep (replace) the draft of `form` for `subject`."""
    if form not in FORMS:
        raise InvalidValue(f"There is no form '{form}' that keeps drafts.")
    if not subject:
        raise InvalidValue("A draft must say what it is about.")
    try:
        size = len(json.dumps(state, ensure_ascii=False))
    except (TypeError, ValueError):
        raise InvalidValue("The answers could not be kept as a draft (not plain text).") from None
    if size > MAX_STATE_CHARS:
        raise InvalidValue("The answers are too long to keep as a draft; apply them instead.")
    put_draft(case, Draft(form, subject, label, state, author=case.author))
    return Changes.nothing(KEEP_LABEL)


def discard_draft(case: CaseFile, form: str, subject: str) -> Changes:
    """The practitioner chose to discard the answers (or they were applied)."""
    drop_draft(case, form, subject)
    return Changes.nothing("Discard unsaved answers")
