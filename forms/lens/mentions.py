"""Who an entry's sentences are about: the names each person goes by, and sentence splitting.

Both the lens and the "who knew what" matrix read entries sentence by sentence, because one
entry often describes two men ("Liam present ...; letter sent to Daniel"): a fact in a sentence
about Liam must not be pinned on Daniel.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from forms.lens.scan import compile_twin, first_letter_form, literal_terms, words_twin
from storage.casefile import CaseFile
from storage.ids import PersonId
from storage.lens_store import male_ids as _male_ids
from storage.lens_store import people as _people
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
    return names_of_people(_people(case))


def names_of_people(people: Iterable[Person]) -> dict[PersonId, Names]:
    """The names of these people (a case's, or an export snapshot's: the same rules)."""
    people = list(people)
    first_counts: dict[str, int] = {}
    titled: dict[tuple[str, str], int] = {}
    for p in people:
        if p.given_names:
            first = p.given_names.split()[0].lower()
            first_counts[first] = first_counts.get(first, 0) + 1
        if p.family_name:
            key = (p.sex.value, p.family_name.lower())
            titled[key] = titled.get(key, 0) + 1
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
        title = {Sex.MALE: "Mr", Sex.FEMALE: "Ms"}.get(p.sex)
        # "Ms Nowak" names no one when mother, baby and grandmother are all Nowak.
        if title and p.family_name and titled.get((p.sex.value, p.family_name.lower())) == 1:
            terms.append(f"{title} {p.family_name}")
        terms = list(dict.fromkeys(t for t in terms if t.strip()))
        if not terms:
            continue
        found[p.id] = Names(p, tuple(terms), _alternation(terms))
    return found


def _alternation(terms: Iterable[str]) -> re.Pattern[str]:
    ordered = sorted(set(terms), key=len, reverse=True)  # longest first: "Liam Carter" over "Liam"
    body = "|".join(re.escape(t) for t in ordered)
    return re.compile(rf"(?<!\w)(?:{body})(?!\w)", re.IGNORECASE)


@dataclass(slots=True)
class NameIndex:
    """Every person's names in one regex, so a sentence is scanned once, not once per person."""

    names: dict[PersonId, Names]
    pattern: re.Pattern[str] | None
    owners: dict[str, PersonId]

    @classmethod
    def of_case(cls, case: CaseFile) -> NameIndex:
        return cls.of_names(names_of_case(case))

    @classmethod
    def of_names(cls, names: dict[PersonId, Names]) -> NameIndex:
        owners = {t.lower(): pid for pid, n in names.items() for t in n.terms}
        if not owners:
            return cls(names, None, owners)
        # Matched against lower-cased text with plain \b: about a third faster than a
        # case-insensitive pattern with look-arounds, and a lens runs it over every narrative
        # about him (forms/lens/corpus.py). The
        # pattern is `\b(?:longest|…|shortest)\b` in its first-letter form (forms/lens/scan.py:
        # the same matches, found by jumping from one candidate first letter to the next).
        ordered = sorted(owners, key=len, reverse=True)
        return cls(names, compile_twin(first_letter_form(literal_terms(ordered, r"\b", r"\b"))),
                   owners)

    def named_in(self, text: str) -> set[PersonId]:
        if self.pattern is None:
            return set()
        return {self.owners[m.group(0)] for m in self.pattern.finditer(text.lower())}


_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+|\n+")
# Its twin, which re can search by jumping to the next punctuation mark or newline: a match
# starts at the mark (one character before the original's) and ends where the original's does.
_SENTENCE_END_TWIN = re.compile(r"[.!?;\n](?:(?<=[.!?;])\s+|(?<=\n)\n*)")
PRONOUN_WORDS = ("he", "his", "him", "himself")
PRONOUN = re.compile(r"\b(?:" + "|".join(PRONOUN_WORDS) + r")\b", re.IGNORECASE)
PRONOUN_TWIN = compile_twin(words_twin(PRONOUN_WORDS))


def male_ids(case: CaseFile) -> set[PersonId]:
    return _male_ids(case)
