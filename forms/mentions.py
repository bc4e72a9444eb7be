"""Who an entry's sentences are about: the names each person goes by, and sentence splitting.

Both the lens and the "who knew what" matrix read entries sentence by sentence, because one
entry often describes two men ("Liam present ...; letter sent to Daniel"): a fact in a sentence
about Liam must not be pinned on Daniel.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from storage.casefile import CaseFile
from storage.chronology import ChronologyEntry
from storage.ids import PersonId
from storage.people import Person, Sex


@dataclass(slots=True)
class Names:
    """The names a person is called by in agency records, and a regex matching any of them.

    Full name, known-as, known-as + family name, "Mr/Ms <family name>", and the first given
    name when no one else in the case shares it. A family name alone is never enough: in the
    demo case "Nowak" is the mother, the baby and the grandfather.
    """

    person: Person
    terms: tuple[str, ...]
    pattern: re.Pattern[str]

    def in_text(self, text: str) -> bool:
        return bool(self.pattern.search(text))

    def fts(self) -> str:
        """An FTS5 expression matching any of the names (phrases OR-ed)."""
        return " OR ".join('"' + t.replace('"', " ") + '"' for t in self.terms)


def names_of_case(case: CaseFile) -> dict[PersonId, Names]:
    people = case.all(Person)
    first_counts: dict[str, int] = {}
    for p in people:
        if p.given_names:
            first = p.given_names.split()[0].lower()
            first_counts[first] = first_counts.get(first, 0) + 1
    found: dict[PersonId, Names] = {}
    for p in people:
        assert p.id is not None
        terms: list[str] = []
        if p.given_names and p.family_name:
            terms.append(p.full_name)
        if p.known_as:
            terms.append(p.known_as)
            if p.family_name:
                terms.append(f"{p.known_as} {p.family_name}")
        if p.given_names:
            first = p.given_names.split()[0]
            if first_counts.get(first.lower()) == 1:
                terms.append(first)
        if p.family_name:
            title = {Sex.MALE: "Mr", Sex.FEMALE: "Ms"}.get(p.sex)
            if title:
                terms.append(f"{title} {p.family_name}")
        terms = list(dict.fromkeys(t for t in terms if t.strip()))
        if not terms:
            continue
        alternatives = "|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True))
        found[p.id] = Names(p, tuple(terms), re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.I))
    return found


_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+|\n+")
PRONOUN = re.compile(r"\b(?:he|his|him|himself)\b", re.IGNORECASE)


def sentences(entry: ChronologyEntry) -> list[str]:
    out: list[str] = []
    for text in (entry.what_happened, entry.action_taken, entry.outcome):
        out.extend(s.strip() for s in _SENTENCE_END.split(text) if s.strip())
    return out


def men_in_entry(
    entry: ChronologyEntry, names: dict[PersonId, Names], men: Iterable[PersonId]
) -> set[PersonId]:
    """The men linked to the entry or named in its narrative."""
    text = " ".join((entry.what_happened, entry.action_taken, entry.outcome, entry.significance))
    return {m for m in men if m in entry.people or (m in names and names[m].in_text(text))}


def names_anyone(sentence: str, names: dict[PersonId, Names]) -> bool:
    return any(n.in_text(sentence) for n in names.values())


def male_ids(case: CaseFile) -> list[PersonId]:
    return [PersonId(r[0]) for r in case.db.execute("SELECT id FROM person WHERE sex = 'male'")]
