"""Chronology entries, the agencies they come from, and the documents that evidence them."""

from __future__ import annotations

from dataclasses import dataclass, field

from storage.dates import PartialDate
from storage.ids import AgencyId, EntryId, ImportBatchId, PersonId, PractitionerId, SourceId
from storage.labelled import LabelledEnum

DEFAULT_AGENCIES: tuple[tuple[str, str], ...] = (
    ("Midwife", "MW"),
    ("Health visitor", "HV"),
    ("GP", "GP"),
    ("Hospital / A&E", "ED"),
    ("Police", "POL"),
    ("Children's social care", "CSC"),
    ("Probation", "PRB"),
    ("Adult mental health", "AMH"),
    ("Drug and alcohol service", "DAS"),
    ("Housing", "HSG"),
    ("Early help", "EH"),
    ("Nursery / school", "EDU"),
    ("Family member", "FAM"),
)


class Category(LabelledEnum):
    INJURY = "injury"
    DOMESTIC_ABUSE = "domestic_abuse"
    SUBSTANCE_USE = "substance_use"
    MENTAL_HEALTH = "mental_health"
    MISSED_APPOINTMENT = "missed_appointment"  # includes "was not brought"
    FATHER_SEEN = "father_seen"
    FATHER_NOT_SEEN = "father_not_seen"
    MEETING = "meeting"
    ASSESSMENT = "assessment"
    REFERRAL = "referral"
    HEALTH = "health"
    OTHER = "other"




@dataclass(slots=True)
class Agency:
    name: str
    prefix: str
    colour: str = ""
    id: AgencyId | None = None


@dataclass(slots=True)
class Practitioner:
    """Agency staff are named in records but removed from published reviews ("GP1")."""

    name: str
    role: str = ""
    agency_id: AgencyId | None = None
    id: PractitionerId | None = None


@dataclass(slots=True)
class SourceDocument:
    reference: str
    agency_id: AgencyId | None = None
    title: str = ""
    id: SourceId | None = None


@dataclass(slots=True)
class ChronologyEntry:
    event_date: PartialDate
    agency_id: AgencyId
    what_happened: str
    source_ref: str  # document and page: mandatory, courts ask "where does this come from?"
    event_time: str = ""  # "HH:MM" or empty
    sequence: int = 0  # orders same-day events whose times are unknown
    category: str = Category.OTHER.value
    action_taken: str = ""
    outcome: str = ""
    significance: str = ""
    source_id: SourceId | None = None
    author: str = ""
    entered_at: str = ""
    key_event: bool = False
    disputed: bool = False
    import_batch_id: ImportBatchId | None = None
    original_row_ref: str = ""
    duplicate_of: EntryId | None = None
    people: list[PersonId] = field(default_factory=list)
    id: EntryId | None = None

    def sort_key(self) -> str:
        return f"{self.event_date.sort_key()} {self.event_time or '99:99'} {self.sequence:06d}"


@dataclass(slots=True)
class ImportBatch:
    agency_id: AgencyId
    file_name: str
    imported_at: str = ""
    row_count: int = 0
    mapping: dict[str, str] = field(default_factory=dict)
    id: ImportBatchId | None = None
