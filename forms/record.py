"""A man's record: the rules for his answers, each held as one or more sourced statements.

Every field of the record (forms/male_carer.py) is answered by *statements*: what one source
said, when it was learned and on what basis (self-reported, reported by another person,
verified from a record), or that nobody knows, or that it was never asked. A field can hold
several statements, so the GP's verified record of daily cannabis use and his own "only at
weekends" stand side by side and the record says "sources disagree" beside both (§7.12: a GP
"accepted the father's account" — the record must show what was only his account).

This module checks inputs, reads answers and lays them out for exports; it never writes. The
one write path is app/operations/record.py, which stores what `checked_record` returns through
storage/facts_store.py.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from forms.fields import FieldType, FormDefinition
from forms.male_carer import MALE_CARER_FORM
from forms.values import check_value, display_value
from storage.carers import CarerFact, FactBasis, FactStatus
from storage.casefile import CaseFile, default_author, now_iso
from storage.dates import PartialDate
from storage.errors import InvalidValue
from storage.facts_store import all_facts, facts_of, statements_by_field
from storage.ids import PersonId

STATUS_LABELS = {s: s.label for s in FactStatus}
BASIS_LABELS = {b: b.label for b in FactBasis}
DISAGREE = "sources disagree"


@dataclass(slots=True)
class Answer:
    """Everything recorded about one field of one man's record: its statements, in order."""

    key: str
    statements: list[CarerFact] = field(default_factory=list)

    @property
    def answered(self) -> list[CarerFact]:
        return [s for s in self.statements if s.status is FactStatus.ANSWERED]

    @property
    def status(self) -> FactStatus:
        """Answered if any source answered; else not known if anyone said so; else not asked."""
        found = {s.status for s in self.statements}
        for status in (FactStatus.ANSWERED, FactStatus.NOT_KNOWN):
            if status in found:
                return status
        return FactStatus.NOT_ASKED

    @property
    def value(self) -> Any:
        """The first answered statement's value (the one listed first on the form)."""
        answered = self.answered
        return answered[0].value if answered else None

    @property
    def values(self) -> list[Any]:
        return [s.value for s in self.answered]

    @property
    def disagree(self) -> bool:
        """Two answered statements hold different values."""
        return len({_same(v) for v in self.values}) > 1

    @property
    def self_report_only(self) -> bool:
        """Answered, and every answer rests on his own account: one verified statement (or one
        from another person) is enough to count the answer as checked."""
        answered = self.answered
        return bool(answered) and all(s.basis is FactBasis.SELF_REPORTED for s in answered)

    @property
    def verified(self) -> bool:
        return any(s.basis is FactBasis.VERIFIED_RECORD for s in self.answered)

    def first(self) -> CarerFact:
        return (self.answered or self.statements)[0]

    # The first statement's provenance: what a one-source answer reads as.
    @property
    def source(self) -> str:
        return self.first().source

    @property
    def learned_on(self) -> PartialDate | None:
        return self.first().learned_on

    @property
    def basis(self) -> FactBasis | None:
        return self.first().basis


Answers = dict[str, Answer]


def _same(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def answers_from(statements: Iterable[CarerFact]) -> Answers:
    """Statements of one man -> his answers by field key (position order kept)."""
    out: Answers = {}
    for fact in sorted(statements, key=lambda f: (f.field_key, f.position, f.id or 0)):
        out.setdefault(fact.field_key, Answer(fact.field_key)).statements.append(fact)
    return out


def load_facts(case: CaseFile, person_id: PersonId) -> Answers:
    return answers_from(facts_of(case, person_id))


def load_all_facts(case: CaseFile) -> dict[PersonId, Answers]:
    return {pid: {k: Answer(k, v) for k, v in fields.items()}
            for pid, fields in statements_by_field(all_facts(case)).items()}


@dataclass(slots=True)
class FactInput:
    """One statement a form or command wants a field to hold. status None = clear the field.

    Several inputs with the same key are that field's statements, in order.
    """

    key: str
    value: Any = None
    status: FactStatus | None = FactStatus.ANSWERED
    source: str = ""
    learned_on: PartialDate | None = None
    basis: FactBasis | None = None


def checked(item: FactInput, form: FormDefinition = MALE_CARER_FORM, n: int = 0) -> FactInput:
    """Validate one statement against the definition; returns it normalised.

    `n` is the statement's place among the field's statements (0 = first), named in messages
    from the second on so the user knows which source's line to fix.
    """
    if not form.has_field(item.key):
        raise InvalidValue(f"There is no field '{item.key}' in the {form.title.lower()}.")
    f = form.field(item.key)
    where = f"{form.section_of(item.key).title} › {f.label}"
    if n:
        where += f" (statement {n + 1})"
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


def checked_record(
    inputs: Iterable[FactInput], form: FormDefinition = MALE_CARER_FORM
) -> dict[str, list[FactInput]]:
    """All inputs checked and grouped per field: key -> its statements ([] = clear the field).

    A field named with status None is cleared and may not also be given statements; two
    statements from the same source on the same date saying the same thing are one statement.
    """
    grouped: dict[str, list[FactInput]] = {}
    for item in inputs:
        grouped.setdefault(item.key, []).append(item)
    out: dict[str, list[FactInput]] = {}
    for key, items in grouped.items():
        if any(i.status is None for i in items):
            if len(items) > 1:
                raise InvalidValue(f"'{key}' was both cleared and given statements.")
            checked(items[0], form)
            out[key] = []
            continue
        clean = [checked(i, form, n) for n, i in enumerate(items)]
        unique: list[FactInput] = []
        seen = set()
        for c in clean:
            ident = (_same(c.value), c.status, c.source, c.learned_on, c.basis)
            if ident not in seen:
                seen.add(ident)
                unique.append(c)
        out[key] = unique
    return out


def to_statements(
    person_id: PersonId, key: str, items: Iterable[FactInput], recorded_by: str = ""
) -> list[CarerFact]:
    """Checked inputs for one field -> the statements to store, in order."""
    at = now_iso()
    return [
        CarerFact(person_id, key, i.value, i.status or FactStatus.ANSWERED, i.source,
                  i.learned_on, i.basis, recorded_at=at,
                  recorded_by=recorded_by or default_author(), position=n)
        for n, i in enumerate(items)
    ]


def provenance_text(fact: CarerFact) -> str:
    """'Drug and alcohol service, 20/05/2026, verified from a record'."""
    parts = [fact.source or "source not recorded"]
    if fact.learned_on:
        parts.append(fact.learned_on.display())
    if fact.basis:
        parts.append(BASIS_LABELS[fact.basis].lower())
    return ", ".join(parts)


def statement_text(fact: CarerFact, form: FormDefinition = MALE_CARER_FORM) -> str:
    """What one statement says, as a person reads it."""
    if fact.status is not FactStatus.ANSWERED:
        return STATUS_LABELS[fact.status]
    if not form.has_field(fact.field_key):
        return str(fact.value)
    f = form.field(fact.field_key)
    if f.type is FieldType.LIST and fact.value == []:
        return f"None ({f.item_label}s: none)"
    return display_value(f, fact.value)


def answer_text(answer: Answer | CarerFact, form: FormDefinition = MALE_CARER_FORM) -> str:
    """One line for the answer; both versions, each with its source, when sources disagree."""
    if isinstance(answer, CarerFact):
        return statement_text(answer, form)
    if len(answer.statements) == 1:
        return statement_text(answer.statements[0], form)
    parts = [f"{statement_text(s, form)} ({provenance_text(s)})" for s in answer.statements]
    text = " / ".join(parts)
    return f"{text} — {DISAGREE}" if answer.disagree else text


@dataclass(slots=True)
class ExportRow:
    label: str
    answer: str
    provenance: str
    required: bool
    disagree: bool = False


@dataclass(slots=True)
class ExportSection:
    title: str
    rows: list[ExportRow]


def record_sections(
    facts: Answers, form: FormDefinition = MALE_CARER_FORM, include_empty: bool = True
) -> list[ExportSection]:
    """The record laid out by the definition, for exports and read-only views.

    One row per statement: a field with two sources has two rows, and where they disagree
    each says so, so the reader of a court bundle sees both versions and who said which.
    Unrecorded required fields appear as 'Not recorded' so a gap is visible on paper too.
    """
    out = []
    for section in form.sections:
        rows = []
        for f in section.fields:
            answer = facts.get(f.key)
            if answer is None or not answer.statements:
                if include_empty and f.required:
                    rows.append(ExportRow(f.label, "Not recorded", "", True))
                continue
            disagree = answer.disagree
            for n, fact in enumerate(answer.statements):
                text = statement_text(fact, form)
                if disagree and fact.status is FactStatus.ANSWERED:
                    text += f" ({DISAGREE})"
                label = f.label if n == 0 else f"{f.label} (another source)"
                rows.append(ExportRow(label, text, provenance_text(fact), f.required,
                                      disagree and fact.status is FactStatus.ANSWERED))
        out.append(ExportSection(section.title, rows))
    return out
