"""The vocabulary of a form definition: field types, fields, sections.

A definition is plain data. The Qt form (app/carers/), validation (forms/values.py), the
completeness report (forms/completeness.py), the factor map (forms/factor_map.py) and the export
sections (forms/record.py) all read the same objects, so a field is spelled out exactly once.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from dataclasses import field as dc_field
from enum import StrEnum


class FieldType(StrEnum):
    TEXT = "text"  # free text, as the practitioner or the man put it
    CHOICE = "choice"  # one of `choices`
    MULTI_CHOICE = "multi_choice"  # any of `choices`, stored as a list of values
    NUMBER = "number"  # a number in the field's fixed `unit` (hours, years, call-outs)
    QUANTITY = (
        "quantity"  # a number with a unit chosen from `units`: {"amount": 7, "unit": "grams"}
    )
    MONEY_WEEK = "money_week"  # pounds per week: 300, or a range {"low": 300, "high": 400}
    DATE = "date"  # a storage.dates.PartialDate, stored as its readable text ("2026-05")
    # An age in years or a date as it is known: exactly, before, after, about or between
    # (forms/bounds.py), e.g. "since before he was 10". A bare number / date means "exactly".
    AGE = "age"
    WHEN = "when"
    YES_NO = "yes_no"  # "yes" / "no"; "not known" and "not asked" are the fact's status
    LIST = "list"  # a repeating group of `item_fields`, stored as a list of dicts


@dataclass(frozen=True, slots=True)
class Choice:
    value: str  # what is stored; never changes once files exist
    label: str  # what the user reads


@dataclass(frozen=True, slots=True)
class Field:
    key: str  # "section.name" for a top-level field; "name" inside a LIST item
    label: str
    type: FieldType
    help: str = ""
    required: bool = False  # needed for a man's record to count as complete
    choices: tuple[Choice, ...] = ()
    unit: str = ""  # NUMBER
    units: tuple[str, ...] = ()  # QUANTITY
    minimum: float | None = None
    maximum: float | None = None
    item_fields: tuple[Field, ...] = ()  # LIST
    item_label: str = "item"  # LIST: "substance", "contact"
    # Inside a LIST item: this part is needed when another part holds one of these values,
    # e.g. the reason is needed when a GP safeguarding meeting made no referral.
    required_when: tuple[str, frozenset[str]] | None = None
    # What makes this answer show its factor group as *present* in the factor map. Only
    # structured answers count: free text never switches a factor on or off.
    concern_values: frozenset[str] = frozenset()  # CHOICE / MULTI_CHOICE / YES_NO
    concern_below: float | None = None  # NUMBER / AGE: a value (for AGE, every value) under this
    concern_above: float | None = None  # NUMBER / AGE: a value over this
    concern_if_any: bool = False  # LIST: any item at all

    @property
    def name(self) -> str:
        return self.key.rsplit(".", 1)[-1]

    @property
    def is_indicator(self) -> bool:
        """Whether this field's answer can show its factor group present or absent."""
        return bool(
            self.concern_values
            or self.concern_below is not None
            or self.concern_above is not None
            or self.concern_if_any
        )

    def choice_label(self, value: str) -> str:
        for c in self.choices:
            if c.value == value:
                return c.label
        return value

    def item_field(self, name: str) -> Field:
        for f in self.item_fields:
            if f.key == name:
                return f
        raise KeyError(name)


@dataclass(frozen=True, slots=True)
class Section:
    key: str
    title: str
    help: str
    fields: tuple[Field, ...]
    # A factor group appears in the factor map (present / absent / not known). Strengths and
    # engagement are recorded for every man but are not risk factors.
    factor: bool = True


@dataclass(frozen=True, slots=True)
class FormDefinition:
    key: str
    title: str
    sections: tuple[Section, ...]
    _by_key: dict[str, Field] = dc_field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        for section in self.sections:
            for f in section.fields:
                if not f.key.startswith(section.key + "."):
                    raise ValueError(f"field {f.key} is not named under section {section.key}")
                if f.key in self._by_key:
                    raise ValueError(f"field {f.key} is defined twice")
                self._by_key[f.key] = f

    def fields(self) -> Iterator[Field]:
        for section in self.sections:
            yield from section.fields

    def field(self, key: str) -> Field:
        try:
            return self._by_key[key]
        except KeyError:
            raise KeyError(f"no field {key!r} in the {self.title} form") from None

    def has_field(self, key: str) -> bool:
        return key in self._by_key

    def section_of(self, key: str) -> Section:
        prefix = key.split(".", 1)[0]
        for section in self.sections:
            if section.key == prefix:
                return section
        raise KeyError(key)

    def required_fields(self) -> list[Field]:
        return [f for f in self.fields() if f.required]


def choices(*pairs: str) -> tuple[Choice, ...]:
    """choices("daily", "Daily", "weekends", "Weekends only") -> (Choice, Choice)."""
    if len(pairs) % 2:
        raise ValueError("choices() takes value, label pairs")
    return tuple(Choice(pairs[i], pairs[i + 1]) for i in range(0, len(pairs), 2))
