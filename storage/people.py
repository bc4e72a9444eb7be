"""A person in the baby's world, as the genogram and the male-carer records need them."""

from __future__ import annotations

from dataclasses import dataclass

from storage.dates import PartialDate
from storage.ids import PersonId
from storage.labelled import LabelledEnum


class Sex(LabelledEnum):
    MALE = "male"
    FEMALE = "female"
    UNKNOWN = "unknown"
    OTHER = "other"


class Existence(LabelledEnum):
    """Genogram notation distinguishes a born person from pregnancies and losses."""

    BORN = "born"
    PREGNANCY = "pregnancy"
    MISCARRIAGE = "miscarriage"
    TERMINATION = "termination"
    STILLBIRTH = "stillbirth"


class TwinKind(LabelledEnum):
    FRATERNAL = "fraternal"
    IDENTICAL = "identical"


@dataclass(slots=True)
class Person:
    given_names: str = ""
    family_name: str = ""
    known_as: str = ""
    sex: Sex = Sex.UNKNOWN
    gender: str = ""
    date_of_birth: PartialDate | None = None
    deceased: bool = False
    date_of_death: PartialDate | None = None
    is_index_child: bool = False
    existence: Existence = Existence.BORN
    twin_group: str = ""
    twin_kind: TwinKind | None = None
    address: str = ""
    notes: str = ""
    # Set when the user nudges a symbol; None means "place by auto-layout".
    layout_x: float | None = None
    layout_y: float | None = None
    id: PersonId | None = None

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.given_names, self.family_name) if p) or "(name not known)"

    @property
    def display_name(self) -> str:
        """The name screens show: what he is known by, else his full name."""
        return self.known_as or self.full_name

    @property
    def formal_name(self) -> str:
        """The name documents show: the full name, with the name known by when it differs
        ("Daniel Nowak (Dan)")."""
        if self.known_as and self.known_as not in self.full_name:
            return f"{self.full_name} ({self.known_as})"
        return self.full_name
