"""The male carers: role assignments, explicit declarations, and facts with provenance.

The source review (The Myth of Invisible Men, §11.9) found that questions about men were
"often just not asked". So every role is either linked to a person or explicitly declared
"none" / "not known" with a reason and the efforts made, and every fact about a man says where
it came from and whether it was checked (§7.12: a GP "accepted the father's account").
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from storage.dates import PartialDate
from storage.ids import FactId, PersonId, RoleAssignmentId, ScreeningId
from storage.labelled import LabelledEnum


class CarerRole(LabelledEnum):
    BIRTH_FATHER = "birth_father"
    STEP_FATHER = "step_father"  # step-father / mother's partner living in the household
    NON_RESIDENT_FATHER = "non_resident_father"
    MOTHERS_PARTNER = "mothers_partner"  # new partner(s), including non-cohabiting, short-term
    OTHER_MALE_CARER = "other_male_carer"  # grandfather, lodger, uncle caring or living there




class Declaration(LabelledEnum):
    NONE = "none"
    NOT_KNOWN = "not_known"


@dataclass(slots=True)
class RoleAssignment:
    """Either person_id or declaration is set, never both (enforced by a CHECK in the schema)."""

    child_id: PersonId
    role: CarerRole
    person_id: PersonId | None = None
    declaration: Declaration | None = None
    reason: str = ""
    efforts: str = ""
    recorded_on: PartialDate | None = None
    recorded_by: str = ""
    id: RoleAssignmentId | None = None


class FactStatus(LabelledEnum):
    """'Not asked' and 'not known' are different answers from 'no'."""

    ANSWERED = "answered"
    NOT_KNOWN = "not_known"
    NOT_ASKED = "not_asked"


class FactBasis(LabelledEnum):
    SELF_REPORTED = "self_reported"
    REPORTED_BY_OTHER = "reported_by_other"
    VERIFIED_RECORD = "verified_record"


@dataclass(slots=True)
class CarerFact:
    """One statement about one field of a man's record: what a source said, or that nobody
    knows, or that it was never asked.

    A field can hold several statements (position 0, 1, ...), each with its own source, date
    and basis, so the GP's verified record and his own account can stand side by side and a
    disagreement between them shows (forms/record.py).
    field_key names a field of the form definitions in forms/ (e.g. "anger.incidents");
    value is JSON-compatible (a substance list is a list of dicts with explicit keys).
    """

    person_id: PersonId
    field_key: str
    value: Any = None
    status: FactStatus = FactStatus.ANSWERED
    source: str = ""
    learned_on: PartialDate | None = None
    basis: FactBasis | None = None
    recorded_at: str = ""
    recorded_by: str = ""
    id: FactId | None = None
    position: int = 0  # order among the field's statements; last so older callers keep working


@dataclass(slots=True)
class ScreeningResult:
    """A completed screening instrument (PHQ-9, GAD-7, AUDIT-C, AUDIT, DAST-10)."""

    person_id: PersonId
    instrument: str
    answers: dict[str, int | None] = field(default_factory=dict)
    total: int | None = None
    band: str = ""
    administered_on: dt.date | None = None
    administered_by: str = ""
    notes: str = ""
    id: ScreeningId | None = None
