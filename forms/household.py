"""The household over time: periods as practitioners type them, and who lived with the baby
on a given day (or through a vague date's whole span).

The rule itself is storage.household.HouseholdMember.lives_there_on (through the snapshot's
household_on): from the start date up to the day before the end date. Here: reading periods
typed with the one date grammar, refusing periods that contradict each other, and saying in
words who was in the household when an event happened.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from forms.dates import parse_optional_date
from storage.dates import DateQualifier, EventDate
from storage.errors import InvalidValue
from storage.household import HouseholdMember
from storage.ids import HouseholdMemberId, PersonId
from storage.snapshot import CaseSnapshot


@dataclass(frozen=True, slots=True)
class TypedPeriod:
    """One period as typed in the household editor (dates as text)."""

    from_text: str
    to_text: str
    notes: str = ""
    id: HouseholdMemberId | None = None


def read_periods(person_id: PersonId, typed: Sequence[TypedPeriod],
                 today: dt.date | None = None) -> list[HouseholdMember]:
    """Typed periods as HouseholdMember rows, or InvalidValue naming the period and problem."""
    periods = []
    for n, period in enumerate(typed, start=1):
        where = f"Household period {n}"
        try:
            start = parse_optional_date(period.from_text, today=today)
        except InvalidValue as exc:
            raise InvalidValue(f"{where}, from: {exc}") from None
        try:
            end = parse_optional_date(period.to_text, today=today)
        except InvalidValue as exc:
            raise InvalidValue(f"{where}, until: {exc}") from None
        periods.append(HouseholdMember(person_id, start, end, period.notes.strip(), period.id))
    check_periods(periods)
    return periods


def check_periods(periods: Sequence[HouseholdMember]) -> None:
    """One person's periods: each ends after it starts, and no two overlap."""
    for n, period in enumerate(periods, start=1):
        if period.from_date and period.to_date and (
                period.to_date.earliest() <= period.from_date.earliest()):
            raise InvalidValue(f"Household period {n} ends ({period.to_date.display()}) before "
                               f"it starts ({period.from_date.display()}).")
    ordered = sorted(periods, key=lambda p: p.from_date.earliest() if p.from_date
                     else dt.date.min)
    for before, after in zip(ordered, ordered[1:], strict=False):
        start = after.from_date.earliest() if after.from_date else dt.date.min
        if before.to_date is None or before.to_date.earliest() > start:
            raise InvalidValue(
                "Two household periods overlap"
                f" ({_span(before)} and {_span(after)}); end the first before the second starts.")


def _span(period: HouseholdMember) -> str:
    start = period.from_date.display() if period.from_date else "an unknown date"
    end = period.to_date.display() if period.to_date else "now"
    return f"from {start} until {end}"


def members_on(snapshot: CaseSnapshot, day: dt.date) -> list[PersonId]:
    """Who lived with the baby on `day`, in the snapshot's order of people (stable output)."""
    present = snapshot.household_on(day)
    return [pid for pid in snapshot.people if pid in present]


@dataclass(frozen=True, slots=True)
class HouseholdThen:
    """The household when an event happened: the same all through its date, or changing."""

    start: dt.date
    end: dt.date
    at_start: list[PersonId]
    at_end: list[PersonId]

    @property
    def changed(self) -> bool:
        return self.at_start != self.at_end


def first_day(when: EventDate) -> dt.date:
    """The first day an event can have happened on, for "the household on this date": the day
    itself, the 1st of a month-only date, a range's start, the day before a "before" bound."""
    if when.qualifier is DateQualifier.BEFORE:
        return when.earliest() - dt.timedelta(days=1)
    return when.earliest()


def household_then(snapshot: CaseSnapshot, when: EventDate) -> HouseholdThen:
    """Who lived with the baby over an event's date: a day, or the span a vague date covers
    ("May 2026", "between May and July"); an open bound is read at the bound itself."""
    start = first_day(when)
    if when.qualifier is DateQualifier.BEFORE:
        end = start
    else:
        end = when.latest_possible() or start
    return HouseholdThen(start, end, members_on(snapshot, start), members_on(snapshot, end))


def household_text(then: HouseholdThen, name: Callable[[PersonId], str],
                   exact_day: bool) -> str:
    def names(ids: Iterable[PersonId]) -> str:
        listed = [name(pid) for pid in ids]
        return ", ".join(listed) if listed else "no one recorded"

    if not then.changed:
        return f"In the household {'that day' if exact_day else 'then'}: {names(then.at_start)}."
    return (f"In the household on {_words(then.start)}: {names(then.at_start)}; "
            f"on {_words(then.end)}: {names(then.at_end)}.")


def _words(day: dt.date) -> str:
    return f"{day.day} {day:%B} {day.year}"
