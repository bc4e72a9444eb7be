"""Ties between people: couples, parent-child links, and the abuse/conflict overlay."""

from __future__ import annotations

from dataclasses import dataclass

from storage.dates import PartialDate
from storage.ids import OverlayId, ParentLinkId, PartnershipId, PersonId
from storage.labelled import LabelledEnum


class PartnerKind(LabelledEnum):
    MARRIED = "married"
    CIVIL_PARTNERSHIP = "civil_partnership"
    COHABITING = "cohabiting"
    ENGAGED = "engaged"
    DATING = "dating"  # partner, not cohabiting
    OTHER = "other"


class PartnerStatus(LabelledEnum):
    CURRENT = "current"
    SEPARATED = "separated"  # one slash
    DIVORCED = "divorced"  # two slashes
    ENDED = "ended"
    WIDOWED = "widowed"


@dataclass(slots=True)
class Partnership:
    person_a: PersonId
    person_b: PersonId
    kind: PartnerKind = PartnerKind.COHABITING
    status: PartnerStatus = PartnerStatus.CURRENT
    start_date: PartialDate | None = None
    end_date: PartialDate | None = None
    # The user may swap sides on the genogram; default is male left of female.
    swap_sides: bool = False
    notes: str = ""
    id: PartnershipId | None = None


class ParentKind(LabelledEnum):
    BIRTH = "birth"
    STEP = "step"
    ADOPTED = "adopted"
    FOSTER = "foster"
    SPECIAL_GUARDIAN = "special_guardian"


@dataclass(slots=True)
class ParentLink:
    parent_id: PersonId
    child_id: PersonId
    kind: ParentKind = ParentKind.BIRTH
    notes: str = ""
    id: ParentLinkId | None = None


class OverlayKind(LabelledEnum):
    PHYSICAL_ABUSE = "physical_abuse"
    EMOTIONAL_ABUSE = "emotional_abuse"
    SEXUAL_ABUSE = "sexual_abuse"
    VIOLENCE = "violence"
    CONFLICT = "conflict"


@dataclass(slots=True)
class Overlay:
    """A directed line perpetrator -> victim (conflict is drawn undirected)."""

    from_person: PersonId
    to_person: PersonId
    kind: OverlayKind
    notes: str = ""
    id: OverlayId | None = None
