"""Checks on a chronology entry before it is saved, and spotting likely duplicates.

Errors stop a save (no date, nothing said about what happened, no source document). Warnings
are things a practitioner must look at and confirm, never silently accepted: a date in the
future, or a date before a person involved was born.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
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

SIMILAR_ENOUGH = 0.9  # similarity of the normalised texts: re-typed or re-exported entries
_NON_WORD = re.compile(r"[^\w£]+")
# A (date, agency) bucket larger than this is searched through a word index first: 1,000 rows
# sharing one date compared pairwise took 4 min 40 s with difflib (issue 18).
_INDEXED_BUCKET = 64
_KEY_WORDS = 4  # the rarest words of a text that a near-identical text is looked up by
_EXACT_BUCKET = 8  # a bucket this big looks its exact repeats up in a dict


def normalise(text: str) -> str:
    """Lower case, punctuation and spacing removed: 'Seen at home.' == 'seen at  home'."""
    return " ".join(_NON_WORD.sub(" ", text.lower()).split())


def near_identical(a: str, b: str) -> bool:
    """Same words, or almost (a typo, a trailing remark), after normalising both.

    rapidfuzz's normalised Indel similarity (2·LCS / total length, computed bit-parallel in C)
    is the measure difflib's ratio approximates from below, so anything difflib called
    near-identical still is; score_cutoff lets it stop as soon as the answer is known.
    """
    if a == b:
        return True
    if not a or not b:
        return False
    from rapidfuzz.distance import Indel

    return Indel.normalized_similarity(a, b, score_cutoff=SIMILAR_ENOUGH) >= SIMILAR_ENOUGH


@dataclass(slots=True)
class _Bucket:
    ids: list[int]
    texts: list[str]
    # text -> first id, once the bucket holds more than a few: most days hold one to three
    # entries, and a dict for each of a 200,000-row return's 66,000 days was 15 MB.
    exact: dict[str, int] | None = None
    words: dict[str, list[int]] | None = None  # word -> positions, once the bucket is large

    def add(self, entry_id: int, text: str) -> None:
        position = len(self.ids)
        self.ids.append(entry_id)
        self.texts.append(text)
        if self.exact is not None:
            self.exact.setdefault(text, entry_id)
        elif position >= _EXACT_BUCKET:
            self.exact = {}
            for known, other in zip(self.ids, self.texts, strict=True):
                self.exact.setdefault(other, known)
        if self.words is not None:
            for word in set(text.split()):
                self.words.setdefault(word, []).append(position)
        elif len(self.ids) > _INDEXED_BUCKET:
            self.words = {}
            for i, other in enumerate(self.texts):
                for word in set(other.split()):
                    self.words.setdefault(word, []).append(i)

    def _exact(self, text: str) -> int | None:
        if self.exact is not None:
            return self.exact.get(text)
        # A few texts: compared in C, the first one equal wins (as the dict keeps the first).
        return self.ids[self.texts.index(text)] if text in self.texts else None

    def find(self, text: str) -> int | None:
        found = self._exact(text)
        if found is not None:
            return found
        if not text:
            return None
        from rapidfuzz import process
        from rapidfuzz.distance import Indel

        choices: list[str] = self.texts
        positions: list[int] | None = None
        words_index = self.words
        if words_index is not None:
            # Blocking inside a big bucket: a near-identical text shares some of this text's
            # rarest words (a typo or an added remark changes few words), so only texts
            # holding one of them are compared. Common words ("seen", "home") would
            # select everything and are skipped by taking the rarest.
            words = sorted(set(text.split()), key=lambda w: len(words_index.get(w, ())))
            chosen: set[int] = set()
            for word in words[:_KEY_WORDS]:
                chosen.update(words_index.get(word, ()))
            positions = sorted(chosen)
            choices = [self.texts[i] for i in positions]
        best = process.extractOne(
            text, choices, scorer=Indel.normalized_similarity, score_cutoff=SIMILAR_ENOUGH
        )
        if best is None:
            return None
        at = best[2] if positions is None else positions[best[2]]
        return self.ids[at]


@dataclass(slots=True)
class DuplicateFinder:
    """Likely duplicates: same date, same agency and near-identical text.

    Entries are bucketed by (stored date, agency id), so each new entry is compared with the
    few on its day; exact repeats are a dictionary look-up; a crowded day is searched through
    an index of its words, so even 1,000 rows sharing one date are not compared pairwise.
    """

    buckets: dict[tuple[str, int], _Bucket] = field(default_factory=dict)

    @classmethod
    def from_rows(cls, rows: Iterable[tuple[int, str, int, str]]) -> DuplicateFinder:
        """rows: (entry id, stored date, agency id, what happened)."""
        finder = cls()
        for entry_id, stored_date, agency_id, text in rows:
            finder._add(entry_id, stored_date, agency_id, normalise(text))
        return finder

    def _add(self, entry_id: int, stored: str, agency_id: int, text: str) -> None:
        bucket = self.buckets.get((stored, agency_id))
        if bucket is None:
            bucket = self.buckets[(stored, agency_id)] = _Bucket([], [])
        bucket.add(entry_id, text)

    def find(self, date: PartialDate, agency_id: int, text: str) -> int | None:
        return self.find_normalised(date.stored(), agency_id, normalise(text))

    def find_normalised(self, stored_date: str, agency_id: int, text: str) -> int | None:
        """find() for a text already normalise()d and a date already stored()."""
        bucket = self.buckets.get((stored_date, agency_id))
        return bucket.find(text) if bucket is not None else None

    def add(self, entry_id: int, date: PartialDate, agency_id: int, text: str) -> None:
        self._add(entry_id, date.stored(), agency_id, normalise(text))

    def add_normalised(self, entry_id: int, stored_date: str, agency_id: int, text: str) -> None:
        self._add(entry_id, stored_date, agency_id, text)
