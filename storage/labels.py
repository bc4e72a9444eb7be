"""The words a user sees for every stored choice, defined once.

Each stored enum (Sex, PartnerKind, CarerRole, Category...) answers `.label` from this table,
so the person panel, the record form, completeness messages, the CLI and every export say the
same thing for the same value. A test checks every member of every enum has a label.
"""

from __future__ import annotations

from enum import StrEnum

from storage.carers import CarerRole, Declaration, FactBasis, FactStatus
from storage.chronology import Category, CourtChoice, DisputeParty
from storage.people import Existence, Sex, TwinKind
from storage.relationships import OverlayKind, ParentKind, PartnerKind, PartnerStatus

LABELS: dict[StrEnum, str] = {
    Sex.MALE: "Male",
    Sex.FEMALE: "Female",
    Sex.UNKNOWN: "Not known",
    Sex.OTHER: "Other",
    Existence.BORN: "Born",
    Existence.PREGNANCY: "Pregnancy",
    Existence.MISCARRIAGE: "Miscarriage",
    Existence.TERMINATION: "Termination",
    Existence.STILLBIRTH: "Stillbirth",
    TwinKind.FRATERNAL: "Fraternal twins",
    TwinKind.IDENTICAL: "Identical twins",
    PartnerKind.MARRIED: "Married",
    PartnerKind.CIVIL_PARTNERSHIP: "Civil partnership",
    PartnerKind.COHABITING: "Living together",
    PartnerKind.ENGAGED: "Engaged",
    PartnerKind.DATING: "Partners, not living together",
    PartnerKind.OTHER: "Other / not known",
    PartnerStatus.CURRENT: "Current",
    PartnerStatus.SEPARATED: "Separated",
    PartnerStatus.DIVORCED: "Divorced",
    PartnerStatus.ENDED: "Ended",
    PartnerStatus.WIDOWED: "Widowed",
    ParentKind.BIRTH: "Birth",
    ParentKind.STEP: "Step",
    ParentKind.ADOPTED: "Adoptive",
    ParentKind.FOSTER: "Foster",
    ParentKind.SPECIAL_GUARDIAN: "Special guardian",
    OverlayKind.PHYSICAL_ABUSE: "Physical abuse",
    OverlayKind.EMOTIONAL_ABUSE: "Emotional abuse",
    OverlayKind.SEXUAL_ABUSE: "Sexual abuse",
    OverlayKind.VIOLENCE: "Violence",
    OverlayKind.CONFLICT: "Conflict",
    CarerRole.BIRTH_FATHER: "Birth father",
    CarerRole.STEP_FATHER: "Step-father / mother's partner in the household",
    CarerRole.NON_RESIDENT_FATHER: "Non-resident father",
    CarerRole.MOTHERS_PARTNER: "Mother's new partner",
    CarerRole.OTHER_MALE_CARER: "Other male carer or man in the household",
    Declaration.NONE: "None",
    Declaration.NOT_KNOWN: "Not known",
    FactStatus.ANSWERED: "Answered",
    FactStatus.NOT_KNOWN: "Not known",
    FactStatus.NOT_ASKED: "Not asked",
    FactBasis.SELF_REPORTED: "Self-reported",
    FactBasis.REPORTED_BY_OTHER: "Reported by another person",
    FactBasis.VERIFIED_RECORD: "Verified from a record",
    Category.INJURY: "Injury / bruising",
    Category.DOMESTIC_ABUSE: "Domestic abuse incident",
    Category.SUBSTANCE_USE: "Substance use",
    Category.MENTAL_HEALTH: "Mental health",
    Category.MISSED_APPOINTMENT: "Missed appointment / was not brought",
    Category.FATHER_SEEN: "Father seen",
    Category.FATHER_NOT_SEEN: "Father not seen",
    Category.MEETING: "Meeting",
    Category.ASSESSMENT: "Assessment",
    Category.REFERRAL: "Referral",
    Category.HEALTH: "Health contact",
    Category.OTHER: "Other",
    DisputeParty.MOTHER: "The mother",
    DisputeParty.FATHER: "The father",
    DisputeParty.NAMED_MAN: "A named man",
    DisputeParty.LOCAL_AUTHORITY: "The local authority",
    DisputeParty.OTHER: "Other",
    CourtChoice.INCLUDE: "Pinned into the court chronology",
    CourtChoice.EXCLUDE: "Left out of the court chronology",
}

LABELLED_ENUMS: tuple[type[StrEnum], ...] = (
    Sex, Existence, TwinKind, PartnerKind, PartnerStatus, ParentKind, OverlayKind, CarerRole,
    Declaration, FactStatus, FactBasis, Category, DisputeParty, CourtChoice,
)


def label_of(value: StrEnum) -> str:
    return LABELS[value]


def choices(enum: type[StrEnum]) -> list[tuple[str, StrEnum]]:
    """(label, member) pairs in the enum's order, for drop-downs and CLI help."""
    return [(LABELS[member], member) for member in enum]
