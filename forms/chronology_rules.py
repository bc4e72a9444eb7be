"""Checks on a chronology entry before it is saved, and spotting likely duplicates.

Errors stop a save (no date, nothing said about what happened, no source document). Warnings
are things a practitioner must look at and confirm, never silently accepted: a date in the
future, or a date before a person involved was born.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from difflib import SequenceMatcher
from enum import StrEnum

from storage.chronology import ChronologyEntry
from storage.dates import DateQualifier, PartialDate
from storage.ids import PersonId


class Level(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(slots=True, frozen=True)
class Issue:
    level: Level
    field: str  # a ChronologyEntry field name ("event_date", "source_ref", ...)
    message: str


@dataclass(slots=True, frozen=True)
class PersonDates:
    """What the rules need to know about a person: a name for messages and the birth date."""

    name: str
    date_of_birth: PartialDate | None


def check_entry(
    entry: ChronologyEntry, people: Mapping[PersonId, PersonDates], today: dt.date | None = None
) -> list[Issue]:
    today = today or dt.date.today()
    issues: list[Issue] = []
    if not entry.what_happened.strip():
        issues.append(Issue(Level.ERROR, "what_happened", "Say what happened."))
    if not entry.source_ref.strip():
        issues.append(
            Issue(
                Level.ERROR,
                "source_ref",
                "Give the source document and page (courts ask where it comes from).",
            )
        )
    if entry.event_time and not re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d", entry.event_time):
        issues.append(
            Issue(
                Level.ERROR, "event_time", f"'{entry.event_time}' is not a time; write it as 14:30."
            )
        )
    when = entry.when
    if when.earliest() > today:
        issues.append(
            Issue(
                Level.WARNING,
                "event_date",
                f"{when.display()} is in the future (today is {today:%d/%m/%Y}).",
            )
        )
    # The latest the event can have been: "before March 2016" and "between May and July" are
    # before a birth only if their bound is; "after ..." never is.
    bound = {
        DateQualifier.ON: entry.event_date,
        DateQualifier.BEFORE: entry.event_date,
        DateQualifier.BETWEEN: entry.date_until,
        DateQualifier.AFTER: None,
    }[entry.date_qualifier]
    for pid in entry.people:
        person = people.get(pid)
        if person is None or person.date_of_birth is None or bound is None:
            continue
        if before_birth(bound, person.date_of_birth):
            issues.append(
                Issue(
                    Level.WARNING,
                    "event_date",
                    f"{when.display()} is before {person.name} was born "
                    f"({person.date_of_birth.display()}).",
                )
            )
    return issues


def before_birth(date: PartialDate, birth: PartialDate) -> bool:
    """True only when the whole of `date` lies before the earliest the birth could have been.

    Vague dates are compared at the precision both share, so "2016" is not "before" a birth on
    3 March 2016; an approximate birth year gives a year's grace either way.
    """
    if birth.approximate or date.approximate:
        return date.year < birth.year - (1 if birth.approximate else 0)
    shared = min(_rank(date), _rank(birth))
    return _truncate(date, shared) < _truncate(birth, shared)


def _rank(d: PartialDate) -> int:
    return 3 if d.day is not None else 2 if d.month is not None else 1


def _truncate(d: PartialDate, rank: int) -> tuple[int, ...]:
    return (d.year, d.month or 0, d.day or 0)[:rank]


def has_errors(issues: Iterable[Issue]) -> bool:
    return any(i.level is Level.ERROR for i in issues)


# Duplicates -----------------------------------------------------------------------------------

SIMILAR_ENOUGH = 0.9  # SequenceMatcher ratio on normalised text: re-typed or re-exported entries
_NON_WORD = re.compile(r"[^\w£]+")


def normalise(text: str) -> str:
    """Lower case, punctuation and spacing removed: 'Seen at home.' == 'seen at  home'."""
    return " ".join(_NON_WORD.sub(" ", text.lower()).split())


def near_identical(a: str, b: str) -> bool:
    """Same words, or almost (a typo, a trailing remark), after normalising both."""
    if a == b:
        return True
    if not a or not b:
        return False
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    return (
        matcher.real_quick_ratio() >= SIMILAR_ENOUGH
        and matcher.quick_ratio() >= SIMILAR_ENOUGH
        and matcher.ratio() >= SIMILAR_ENOUGH
    )


@dataclass(slots=True)
class DuplicateFinder:
    """Likely duplicates: same date, same agency and near-identical text.

    Holds the existing entries bucketed by (stored date, agency id) so each new entry is
    compared with a handful of candidates, not the whole chronology.
    """

    buckets: dict[tuple[str, int], list[tuple[int, str]]]

    @classmethod
    def from_rows(cls, rows: Iterable[tuple[int, str, int, str]]) -> DuplicateFinder:
        """rows: (entry id, stored date, agency id, what happened)."""
        buckets: dict[tuple[str, int], list[tuple[int, str]]] = {}
        for entry_id, stored_date, agency_id, text in rows:
            buckets.setdefault((stored_date, agency_id), []).append((entry_id, normalise(text)))
        return cls(buckets)

    def find(self, date: PartialDate, agency_id: int, text: str) -> int | None:
        wanted = normalise(text)
        for entry_id, other in self.buckets.get((date.stored(), agency_id), ()):
            if near_identical(wanted, other):
                return entry_id
        return None

    def add(self, entry_id: int, date: PartialDate, agency_id: int, text: str) -> None:
        self.buckets.setdefault((date.stored(), agency_id), []).append((entry_id, normalise(text)))
