"""Keeping, reading and dropping drafts (storage/drafts.py) in the case file.

Drafts are written **outside the audit trail and the undo history**, on purpose:

- A draft is not part of the record. It is rewritten every time a form pauses (a field left, a
  second without typing), so auditing it would bury the changes that matter under hundreds of
  "draft" records per form, and undo would step back through pauses in typing instead of
  through actions.
- The audit keeps old and new values for ever. Auditing drafts would keep every half-typed
  answer, including those the practitioner chose to discard (a history typed into the wrong
  man's record), which is what data minimisation asks us not to keep.
- What the practitioner applies enters the record through the form's own operation and is
  audited then, with its author and time, like any other change. A draft that is discarded was
  never part of the record.

They are still written in a transaction of the case (`case.transaction`), so the disk guard
checks the file first, a read-only case refuses, the commit is synced like every other, and
the guard knows the change was ours. The transaction simply writes no audited rows, so it is
not an undo entry and views are not told of it (the Changes it yields are empty).
"""

from __future__ import annotations

import json
from typing import Any

from storage.casefile import CaseFile, Txn, now_iso
from storage.drafts import Draft
from storage.ids import DraftId

_COLUMNS = "id, form, subject, label, state, saved_at, author"
KEEP_LABEL = "Keep unsaved answers"


def _draft(row: tuple[Any, ...]) -> Draft:
    draft_id, form, subject, label, state, saved_at, author = row
    return Draft(form, subject, label, json.loads(state or "{}"), saved_at, author,
                 DraftId(draft_id))


def put_draft(case: CaseFile, draft: Draft) -> Draft:
    """Keep (or replace) the draft for its form and subject; returns it as stored."""
    saved_at = draft.saved_at or now_iso()
    state = json.dumps(draft.state, ensure_ascii=False, sort_keys=True)
    with case.transaction(KEEP_LABEL) as tx:
        tx.db.execute(
            "INSERT INTO draft (form, subject, label, state, saved_at, author)"
            " VALUES (?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (form, subject) DO UPDATE SET label = excluded.label,"
            " state = excluded.state, saved_at = excluded.saved_at, author = excluded.author",
            (draft.form, draft.subject, draft.label, state, saved_at,
             draft.author or case.author),
        )
    found = get_draft(case, draft.form, draft.subject)
    assert found is not None
    return found


def get_draft(case: CaseFile, form: str, subject: str) -> Draft | None:
    row = case.db.execute(f"SELECT {_COLUMNS} FROM draft WHERE form = ? AND subject = ?",
                          (form, subject)).fetchone()
    return _draft(row) if row else None


def all_drafts(case: CaseFile) -> list[Draft]:
    """Every draft in the case, oldest first."""
    return [_draft(r) for r in case.db.execute(
        f"SELECT {_COLUMNS} FROM draft ORDER BY saved_at, id")]


def drop_draft(case: CaseFile, form: str, subject: str) -> bool:
    """Remove a draft (applied or discarded); True if there was one."""
    if get_draft(case, form, subject) is None:
        return False
    with case.transaction("Drop unsaved answers") as tx:
        drop_draft_in(tx, form, subject)
    return True


def drop_draft_in(tx: Txn, form: str, subject: str) -> None:
    """Inside an operation's own transaction: the draft goes exactly when its answers are
    applied (a crash between the two cannot leave a stale draft behind)."""
    tx.db.execute("DELETE FROM draft WHERE form = ? AND subject = ?", (form, subject))
