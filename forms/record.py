"""A man's record: his facts read and written field by field, each with its provenance.

One CarerFact row per (man, field key). Writing goes through `save_record` inside the caller's
transaction (one user action = one transaction = one undo entry); every value passes
forms.values.check_value first, and every answered fact must say where it came from (§7.12: a GP
"accepted the father's account" — the record must show what was only his account).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from forms.fields import FieldType, FormDefinition
from forms.male_carer import MALE_CARER_FORM
from forms.values import check_value, display_value
from storage.carers import CarerFact, FactBasis, FactStatus
from storage.casefile import CaseFile, Txn, default_author, now_iso
from storage.dates import PartialDate
from storage.errors import InvalidValue
from storage.ids import PersonId
from storage.rows import to_row

STATUS_LABELS = {s: s.label for s in FactStatus}
BASIS_LABELS = {b: b.label for b in FactBasis}


@dataclass(slots=True)
class FactInput:
    """What a form or command wants a field to hold. status None = clear the field."""

    key: str
    value: Any = None
    status: FactStatus | None = FactStatus.ANSWERED
    source: str = ""
    learned_on: PartialDate | None = None
    basis: FactBasis | None = None


def load_facts(case: CaseFile, person_id: PersonId) -> dict[str, CarerFact]:
    return {f.field_key: f for f in case.all(CarerFact, where="person_id = ?", params=(person_id,))}


def load_all_facts(case: CaseFile) -> dict[PersonId, dict[str, CarerFact]]:
    out: dict[PersonId, dict[str, CarerFact]] = {}
    for f in case.all(CarerFact):
        out.setdefault(f.person_id, {})[f.field_key] = f
    return out


def checked(item: FactInput, form: FormDefinition = MALE_CARER_FORM) -> FactInput:
    """Validate one input against the definition; returns it normalised."""
    if not form.has_field(item.key):
        raise InvalidValue(f"There is no field '{item.key}' in the {form.title.lower()}.")
    f = form.field(item.key)
    where = f"{form.section_of(item.key).title} › {f.label}"
    if item.status is None:
        return item
    if item.learned_on is not None and item.learned_on.is_future():
        # Probably a mistyped year; a court will ask how it was known before it happened.
        raise InvalidValue(f"{where}: the date learned, {item.learned_on.display()}, is in the "
                           "future. Give the date this was learned.")
    if item.status is FactStatus.ANSWERED:
        value = check_value(f, item.value, where)
        if value is None:
            raise InvalidValue(
                f"{where}: no answer given. Enter one, or mark it 'not known' or 'not asked'."
            )
        if not item.source.strip():
            raise InvalidValue(
                f"{where}: say where this came from (the source: a person or agency)."
            )
        if item.basis is None:
            raise InvalidValue(
                f"{where}: say whether it was self-reported, reported by someone "
                "else, or verified from a record."
            )
        if item.learned_on is None:
            raise InvalidValue(f"{where}: give the date this was learned.")
        return FactInput(
            item.key, value, item.status, item.source.strip(), item.learned_on, item.basis
        )
    # Not known / not asked carry no value; who said so and when is still kept if given.
    return FactInput(item.key, None, item.status, item.source.strip(), item.learned_on, item.basis)


def save_record(
    tx: Txn, person_id: PersonId, inputs: Iterable[FactInput], recorded_by: str = ""
) -> int:
    """Write the inputs for one man; returns how many facts changed (unchanged ones are left)."""
    clean = [checked(i) for i in inputs]
    existing = {
        row[1]: row[0]
        for row in tx.db.execute(
            "SELECT id, field_key FROM carer_fact WHERE person_id = ?", (person_id,)
        )
    }
    changed = 0
    for item in clean:
        fact_id = existing.get(item.key)
        if item.status is None:
            if fact_id is not None:
                tx.delete("carer_fact", fact_id)
                changed += 1
            continue
        fact = CarerFact(
            person_id,
            item.key,
            item.value,
            item.status,
            item.source,
            item.learned_on,
            item.basis,
            recorded_at=now_iso(),
            recorded_by=recorded_by or default_author(),
        )
        if fact_id is None:
            tx.add(fact)
            changed += 1
            continue
        old = tx.row("carer_fact", fact_id) or {}
        fact.id = fact_id
        # recorded_at/by move only when the fact itself changes, so the audit stays meaningful.
        if not _same_fact(old, fact):
            tx.save(fact)
            changed += 1
    return changed


def _same_fact(old: dict[str, Any], new: CarerFact) -> bool:
    row = to_row(new)
    return all(row[k] == old.get(k) for k in ("value", "status", "source", "learned_on", "basis"))


def provenance_text(fact: CarerFact) -> str:
    """'Drug and alcohol service, 20/05/2026, verified from a record'."""
    parts = [fact.source or "source not recorded"]
    if fact.learned_on:
        parts.append(fact.learned_on.display())
    if fact.basis:
        parts.append(BASIS_LABELS[fact.basis].lower())
    return ", ".join(parts)


def answer_text(fact: CarerFact, form: FormDefinition = MALE_CARER_FORM) -> str:
    if fact.status is not FactStatus.ANSWERED:
        return STATUS_LABELS[fact.status]
    if not form.has_field(fact.field_key):
        return str(fact.value)
    f = form.field(fact.field_key)
    if f.type is FieldType.LIST and fact.value == []:
        return f"None ({f.item_label}s: none)"
    return display_value(f, fact.value)


@dataclass(slots=True)
class ExportRow:
    label: str
    answer: str
    provenance: str
    required: bool


@dataclass(slots=True)
class ExportSection:
    title: str
    rows: list[ExportRow]


def record_sections(
    facts: dict[str, CarerFact], form: FormDefinition = MALE_CARER_FORM, include_empty: bool = True
) -> list[ExportSection]:
    """The record laid out by the definition, for exports and read-only views.

    Unrecorded required fields appear as 'Not recorded' so a gap is visible on paper too.
    """
    out = []
    for section in form.sections:
        rows = []
        for f in section.fields:
            fact = facts.get(f.key)
            if fact is None:
                if include_empty and f.required:
                    rows.append(ExportRow(f.label, "Not recorded", "", True))
                continue
            rows.append(
                ExportRow(f.label, answer_text(fact, form), provenance_text(fact), f.required)
            )
        out.append(ExportSection(section.title, rows))
    return out
