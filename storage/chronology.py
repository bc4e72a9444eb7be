"""Chronology entries, the agencies they come from, and the documents that evidence them."""

from __future__ import annotations

from dataclasses import dataclass, field

from storage.dates import DateQualifier, EventDate, PartialDate
from storage.ids import (
    AgencyId,
    DisputeId,
    EntryId,
    ImportBatchId,
    PersonId,
    PractitionerId,
    SourceId,
)
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


class DisputeParty(LabelledEnum):
    """Who disputes an event. A named man is linked to his person (his name, or his pseudonym
    in an anonymised export); "other" carries a description ("the maternal grandmother")."""

    MOTHER = "mother"
    FATHER = "father"
    NAMED_MAN = "named_man"
    LOCAL_AUTHORITY = "local_authority"
    OTHER = "other"


class CourtChoice(LabelledEnum):
    """The practitioner's choice for the court chronology, over the two-year rule."""

    INCLUDE = "include"  # pinned in, e.g. an older event the court must see
    EXCLUDE = "exclude"  # left out although the rule would list it


@dataclass(slots=True)
class Dispute:
    """One party's disagreement with what an entry records, and their version in brief."""

    party: DisputeParty
    version: str = ""  # what they say happened instead ("he fell against the door")
    person_id: PersonId | None = None  # required for a named man
    party_name: str = ""  # required for "other": how the document names them
    id: DisputeId | None = None


@dataclass(slots=True)
class ChronologyEntry:
    event_date: PartialDate
    agency_id: AgencyId
    what_happened: str
    source_ref: str  # document and page: mandatory, courts ask "where does this come from?"
    event_time: str = ""  # "HH:MM" or empty
    sequence: int = 0  # orders same-day events whose times are unknown
    # event_date is the bound of "before"/"after" and the start of "between ... and date_until".
    date_qualifier: DateQualifier = DateQualifier.ON
    date_until: PartialDate | None = None
    recorded_on: PartialDate | None = None  # when the agency wrote it down (often days later)
    court_choice: CourtChoice | None = None  # None: the court chronology's rule decides
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
    # Each party disputing this entry; `disputed` is also set when an agency's return only
    # said "disputed" without saying by whom.
    disputes: list[Dispute] = field(default_factory=list)
    id: EntryId | None = None

    @property
    def when(self) -> EventDate:
        """The event's date with its certainty, as one value (display, sort, court wording)."""
        return EventDate(self.event_date, self.date_qualifier, self.date_until)

    @when.setter
    def when(self, value: EventDate) -> None:
        self.event_date, self.date_qualifier, self.date_until = (
            value.date,
            value.qualifier,
            value.until,
        )

    def sort_key(self) -> str:
        return self.when.sort_key(self.event_time, self.sequence)


@dataclass(slots=True)
class ImportBatch:
    agency_id: AgencyId
    file_name: str
    imported_at: str = ""
    row_count: int = 0
    mapping: dict[str, str] = field(default_factory=dict)
    id: ImportBatchId | None = None
