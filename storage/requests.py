"""Information requests about a man, and agency returns asked for and received.

An information request asks one agency about one person (men first, §9.5, §9.7): what was
asked (prompts and free questions), on what basis it may be shared, how and when it was sent,
when it is due, when it was chased, and what came back. An agency return is the review-side
task: an agency's chronology asked for on a template, due by a date, received as an import
batch — and replaced by the agency's corrected version when one arrives.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum

from storage.ids import (
    AgencyId,
    AgencyReturnId,
    ImportBatchId,
    PersonId,
    RequestChaseId,
    RequestId,
    SharingBasisId,
)


class AgencyKind(StrEnum):
    """Which letter template and prompt set a request uses (forms/requests.py)."""

    GP = "gp"
    POLICE = "police"
    PROBATION = "probation"
    MENTAL_HEALTH = "mental_health"
    DRUG_ALCOHOL = "drug_alcohol"
    PREVIOUS_LA = "previous_la"
    HEALTH = "health"  # midwife, health visitor, hospital: health records other than his GP's
    OTHER = "other"


class RequestStatus(StrEnum):
    DRAFT = "draft"
    SENT = "sent"
    CHASED = "chased"
    ANSWERED = "answered"
    NOTHING_HELD = "nothing_held"
    REFUSED = "refused"
    WITHDRAWN = "withdrawn"


@dataclass(slots=True)
class InformationRequest:
    person_id: PersonId
    agency_id: AgencyId
    kind: AgencyKind = AgencyKind.OTHER
    prompts: list[str] = field(default_factory=list)  # prompt keys (forms/requests.py)
    questions: list[str] = field(default_factory=list)  # free questions, as typed
    # Other people the user ticked to be named in the letter; nobody else is.
    include_people: list[int] = field(default_factory=list)
    basis: str = ""  # the basis for sharing as chosen (its label is copied: the list may change)
    basis_detail: str = ""  # why consent was refused; what "other" is
    nhs_number: str = ""
    status: RequestStatus = RequestStatus.DRAFT
    sent_how: str = ""
    sent_on: dt.date | None = None
    due_on: dt.date | None = None
    answered_on: dt.date | None = None
    answer_summary: str = ""
    facts_written: list[str] = field(default_factory=list)  # record field keys the answer filled
    letter_written_on: dt.date | None = None  # the letter left the case (as .docx or .pdf)
    letter_file: str = ""
    notes: str = ""
    created_at: str = ""
    created_by: str = ""
    id: RequestId | None = None


@dataclass(slots=True)
class RequestChase:
    request_id: RequestId
    chased_on: dt.date
    how: str = ""
    notes: str = ""
    id: RequestChaseId | None = None


@dataclass(slots=True)
class SharingBasis:
    """One entry of the case's editable list of bases for sharing."""

    label: str
    needs_detail: bool = False
    detail_prompt: str = ""
    position: int = 0
    archived: bool = False
    id: SharingBasisId | None = None


@dataclass(slots=True)
class AgencyReturn:
    """An agency's chronology return: asked for (a template sent), due, received, corrected."""

    agency_id: AgencyId
    requested_on: dt.date | None = None
    due_on: dt.date | None = None
    period_from: dt.date | None = None
    period_to: dt.date | None = None
    template_file: str = ""
    token: str = ""  # written into the template, so a filled one is matched to this row
    received_on: dt.date | None = None
    batch_id: ImportBatchId | None = None
    row_count: int = 0
    corrections: int = 0
    notes: str = ""
    id: AgencyReturnId | None = None
