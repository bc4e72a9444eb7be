"""Drafts in the case file: kept, replaced, dropped; encrypted; never audited, never undone."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.operations.drafts import discard_draft, keep_draft
from app.operations.history import History
from storage import schema
from storage.case import CaseDetails
from storage.casefile import CaseFile
from storage.drafts_store import all_drafts, drop_draft_in, get_draft
from storage.errors import InvalidValue, ReadOnlyLocation
from storage.people import Person
from tests.conftest import PASSPHRASE

CANARY = "CANARY-draft-Wojciechowski-7731"


def _audit_count(case: CaseFile) -> int:
    return len(case.audit_events())


def test_keep_replace_read_and_discard(new_case: CaseFile) -> None:
    audit_before = _audit_count(new_case)
    changes = keep_draft(new_case, "record", "7", "Liam Carter", {"history.care": "yes"})
    assert not changes.changed  # not an action on the record: no undo entry, no refresh
    history = History()
    history.record(changes)
    assert not history.can_undo

    keep_draft(new_case, "record", "7", "Liam Carter", {"history.care": "no", "n": [1, 2]})
    found = get_draft(new_case, "record", "7")
    assert found is not None and found.state == {"history.care": "no", "n": [1, 2]}
    assert found.label == "Liam Carter" and found.author == "Test Author" and found.saved_at
    assert len(all_drafts(new_case)) == 1  # replaced, not added
    keep_draft(new_case, "entry", "new", "the new chronology entry", {"what": "x"})
    assert [d.form for d in all_drafts(new_case)] == ["record", "entry"]

    discard_draft(new_case, "record", "7")
    assert get_draft(new_case, "record", "7") is None
    assert _audit_count(new_case) == audit_before, "drafts never enter the audit trail"
    assert new_case.verify() == []


def test_drop_in_the_applying_transaction(new_case: CaseFile) -> None:
    keep_draft(new_case, "person", "1", "Ada Nowak", {"given": "Ada"})
    with new_case.transaction("Edit Ada") as tx:
        tx.add(Person("Ada", "Nowak"))
        drop_draft_in(tx, "person", "1")
    assert get_draft(new_case, "person", "1") is None
    keep_draft(new_case, "person", "1", "Ada Nowak", {"given": "Ad"})
    with pytest.raises(RuntimeError), new_case.transaction("Edit Ada again") as tx:
        drop_draft_in(tx, "person", "1")
        raise RuntimeError("the apply failed")
    assert get_draft(new_case, "person", "1") is not None, "a failed apply keeps the draft"


def test_bad_drafts_are_refused_in_words(new_case: CaseFile) -> None:
    with pytest.raises(InvalidValue, match="no form"):
        keep_draft(new_case, "nonsense", "1", "x", {})
    with pytest.raises(InvalidValue, match="plain text"):
        keep_draft(new_case, "record", "1", "x", {"bad": object()})


def test_read_only_case_keeps_no_draft(case_path: Path, new_case: CaseFile) -> None:
    new_case.close()
    with CaseFile.open(case_path, PASSPHRASE, read_only=True) as case, pytest.raises(
        ReadOnlyLocation
    ):
        keep_draft(case, "record", "1", "x", {"a": 1})


def test_draft_text_is_encrypted_on_disk(case_path: Path, new_case: CaseFile) -> None:
    keep_draft(new_case, "record", "3", CANARY, {"notes": CANARY * 50})
    new_case.close()
    raw = case_path.read_bytes()
    assert CANARY.encode() not in raw and CANARY.encode("utf-16-le") not in raw
    with CaseFile.open(case_path, PASSPHRASE) as case:
        assert get_draft(case, "record", "3").state["notes"] == CANARY * 50  # type: ignore[union-attr]


def test_v10_file_upgrades_to_drafts(case_path: Path) -> None:
    CaseFile.create(case_path, PASSPHRASE, CaseDetails(reference="OLD-10"),
                    schema_version=10).close()
    with CaseFile.open(case_path, PASSPHRASE) as case:
        assert case.schema_version == schema.LATEST_VERSION
        keep_draft(case, "entry", "new", "the new entry", {"what": "seen at home"})
        assert get_draft(case, "entry", "new") is not None
        assert case.details().reference == "OLD-10"
