"""The audit trail in words: what a record of the trail means, as a practitioner would say it.

The trail stores rows (table, column, old and new JSON values). Read raw, that is
``carer_fact 41 changed — value: 4 → 6``; in words it is
``Liam Carter's record: Sleep › Typical hours of sleep a night: 4 → 6``. This module turns one
into the other with the labels every other screen uses (storage/labels.py for stored choices,
the form definition for a man's questions) and a lookup of names the caller provides (the
audit view reads the people and agencies once). No Qt, no writes.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from forms.male_carer import MALE_CARER_FORM
from storage.carers import CarerRole, Declaration, FactBasis, FactStatus
from storage.chronology import Category, DisputeParty
from storage.labels import LABELS
from storage.people import Existence, Sex, TwinKind
from storage.relationships import OverlayKind, ParentKind, PartnerKind, PartnerStatus

# (table, id) → a name, or None when the row is gone or unknown.
NameOf = Callable[[str, int], str | None]

TABLE_WORDS: dict[str, str] = {
    "case_details": "the case details",
    "person": "a person",
    "partnership": "a couple",
    "parent_link": "a parent and child",
    "overlay": "an abuse or conflict line",
    "household_member": "who lives in the household",
    "role_assignment": "a male-carer role",
    "carer_fact": "an answer in a man's record",
    "screening": "a screening",
    "agency": "an agency",
    "practitioner": "a practitioner",
    "source_document": "a source document",
    "import_batch": "an import",
    "import_mapping": "an import's column mapping",
    "export_record": "an export",
    "chronology_entry": "a chronology entry",
    "entry_person": "a person named in an entry",
    "entry_dispute": "a dispute about an entry",
}
OP_WORDS = {"insert": "added", "update": "changed", "delete": "removed"}

# Columns that name a row of another table: shown as that row's name.
REFERENCES: dict[str, str] = {
    "person_id": "person", "child_id": "person", "parent_id": "person",
    "person_a": "person", "person_b": "person", "from_person": "person",
    "to_person": "person", "agency_id": "agency", "entry_id": "chronology_entry",
}
COLUMN_WORDS: dict[str, str] = {
    "given_names": "Given names", "family_name": "Family name", "known_as": "Known as",
    "date_of_birth": "Date of birth", "date_of_death": "Date of death",
    "is_index_child": "Index child", "twin_group": "Twin group", "twin_kind": "Twins",
    "person_id": "Person", "child_id": "Child", "parent_id": "Parent",
    "person_a": "Partner", "person_b": "Partner", "from_person": "From",
    "to_person": "To", "agency_id": "Agency", "entry_id": "Entry",
    "field_key": "Question", "learned_on": "Date learned", "recorded_on": "Recorded on",
    "recorded_by": "Recorded by", "recorded_at": "Recorded at", "event_date": "Date",
    "event_time": "Time", "what_happened": "What happened", "action_taken": "Action taken",
    "source_ref": "Source reference", "key_event": "Key event", "entered_at": "Entered at",
    "administered_on": "Date administered", "administered_by": "Administered by",
    "start_date": "Started", "end_date": "Ended", "swap_sides": "Drawn swapped",
    "from_date": "From", "to_date": "To", "protective_marking": "Protective marking",
    "local_authority": "Local authority", "password_protected": "Password",
    "row_count": "Rows", "file_name": "File", "imported_at": "Imported at",
    "party_name": "Party's name", "version": "Their version",
}
# Bookkeeping a reader never needs: positions, sort keys, drawing coordinates.
HIDDEN = {"id", "layout_x", "layout_y", "sort_key", "sequence", "position", "import_batch_id",
          "original_row_ref", "duplicate_of", "source_id", "options"}

_ENUMS_BY_COLUMN: dict[tuple[str, str], type[StrEnum]] = {
    ("person", "sex"): Sex, ("person", "existence"): Existence,
    ("person", "twin_kind"): TwinKind, ("partnership", "kind"): PartnerKind,
    ("partnership", "status"): PartnerStatus, ("parent_link", "kind"): ParentKind,
    ("overlay", "kind"): OverlayKind, ("role_assignment", "role"): CarerRole,
    ("role_assignment", "declaration"): Declaration, ("carer_fact", "status"): FactStatus,
    ("carer_fact", "basis"): FactBasis, ("chronology_entry", "category"): Category,
    ("entry_dispute", "party"): DisputeParty,
}
_QUESTIONS = {f.key: f"{s.title} › {f.label}" for s in MALE_CARER_FORM.sections
              for f in s.fields}


def question_label(key: str) -> str:
    """"sleep.typical_hours" → "Sleep › Typical hours of sleep a night"."""
    return _QUESTIONS.get(key, key)


def column_label(column: str) -> str:
    return COLUMN_WORDS.get(column, column.replace("_", " ").capitalize())


def _plain(value: Any) -> str:
    if value is None or value == "" or value == []:
        return "(empty)"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, list):
        return "; ".join(_plain(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k.replace('_', ' ')}: {_plain(v)}" for k, v in value.items())
    return str(value)


def value_words(table: str, column: str, value: Any, name_of: NameOf | None = None) -> str:
    """One stored value as words: a label for a stored choice, a name for a reference."""
    if value is None or value == "":
        return "(empty)"
    enum = _ENUMS_BY_COLUMN.get((table, column))
    if enum is not None:
        try:
            return LABELS[enum(value)]
        except (ValueError, KeyError):
            return str(value)
    if column in REFERENCES and isinstance(value, int) and name_of is not None:
        return name_of(REFERENCES[column], value) or f"(no longer in the case, no. {value})"
    if table == "carer_fact" and column == "field_key":
        return question_label(str(value))
    if table == "carer_fact" and column == "value" and isinstance(value, str):
        try:  # answers are stored as JSON text
            return _plain(json.loads(value))
        except ValueError:
            return value
    if column in ("deceased", "is_index_child", "key_event", "disputed", "anonymised",
                  "password_protected", "swap_sides") and isinstance(value, int):
        return "yes" if value else "no"
    return _plain(value)


@dataclass(slots=True)
class AuditWords:
    summary: str  # one line, e.g. "Changed Liam Carter: Given names"
    lines: list[str] = field(default_factory=list)  # each column: "Label: old → new"


def subject(table: str, row: Mapping[str, Any], row_id: int, name_of: NameOf | None) -> str:
    """What the record is about, named: the person, the man whose answer it is, the entry."""
    if table == "person":
        known = " ".join(str(row.get(k) or "") for k in ("given_names", "family_name")).strip()
        named = name_of("person", row_id) if name_of else None
        return named or known or f"a person (no. {row_id})"
    if table == "carer_fact":
        man = row.get("person_id")
        whose = (name_of("person", man) if name_of and isinstance(man, int) else None) or "a man"
        return f"{whose}'s record: {question_label(str(row.get('field_key', '')))}"
    if table == "role_assignment":
        role = value_words(table, "role", row.get("role"))
        child = value_words(table, "child_id", row.get("child_id"), name_of)
        return f"{role} of {child}"
    if table == "agency":
        return f"agency {row.get('name') or row_id}"
    if table == "chronology_entry":
        when = row.get("event_date") or ""
        return f"chronology entry {row_id}" + (f" ({when})" if when else "")
    words = TABLE_WORDS.get(table, table.replace("_", " "))
    people = [value_words(table, c, row.get(c), name_of) for c in
              ("person_a", "person_b", "parent_id", "child_id", "from_person", "to_person",
               "person_id") if isinstance(row.get(c), int)]
    return words + (f": {' and '.join(people)}" if people else "")


def describe(table: str, op: str, row_id: int, old: Mapping[str, Any] | None,
             new: Mapping[str, Any] | None, name_of: NameOf | None = None) -> AuditWords:
    """The record in words: a summary line and one line per column that matters."""
    old, new = dict(old or {}), dict(new or {})
    about = subject(table, new or old, row_id, name_of)
    verb = OP_WORDS.get(op, op).capitalize()
    lines: list[str] = []
    for column in [c for c in (new or old) if c not in HIDDEN] + \
            [c for c in old if c not in new and c not in HIDDEN]:
        before, after = old.get(column), new.get(column)
        if op == "update" and before == after:
            continue
        label = column_label(column)
        if op == "insert":
            if after in (None, "", [], 0, False) and column not in ("value",):
                continue  # an empty column of a new row says nothing
            lines.append(f"{label}: {value_words(table, column, after, name_of)}")
        elif op == "delete":
            if before in (None, "", []):
                continue
            lines.append(f"{label}: {value_words(table, column, before, name_of)} (removed)")
        else:
            lines.append(f"{label}: {value_words(table, column, before, name_of)} → "
                         f"{value_words(table, column, after, name_of)}")
    changed = [ln.split(":", 1)[0] for ln in lines]
    summary = f"{verb} {about}"
    if op == "update" and changed and table != "carer_fact":
        summary += f" — {', '.join(changed[:3])}" + ("…" if len(changed) > 3 else "")
    return AuditWords(summary, lines)
