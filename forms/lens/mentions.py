"""Who an entry's sentences are about: the names each person goes by, and sentence splitting.

Both the lens and the "who knew what" matrix read entries sentence by sentence, because one
entry often describes two men ("Liam present ...; letter sent to Daniel"): a fact in a sentence
about Liam must not be pinned on Daniel.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field

from forms.lens.scan import Scan, compile_twin, first_letter_form, literal_terms, words_twin
from storage.casefile import CaseFile
from storage.chronology import ChronologyEntry
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
    # One build reads each distinct narrative once: chronologies repeat wording (re-exported
    # returns, follow-ups, boilerplate), and the reading depends only on the text and names.
    readings: dict[str, tuple[list[str], list[set[PersonId]], list[int]]] = field(
        default_factory=dict
    )
    significance: dict[str, set[PersonId]] = field(default_factory=dict)
    texts: dict[tuple[str, str, str], str] = field(default_factory=dict)
    shared: dict[tuple[tuple[str, str, str], str, tuple[PersonId, ...], int], Reading] = field(
        default_factory=dict
    )

    @classmethod
    def of_case(cls, case: CaseFile) -> NameIndex:
        return cls.of_names(names_of_case(case))

    @classmethod
    def of_names(cls, names: dict[PersonId, Names]) -> NameIndex:
        owners = {t.lower(): pid for pid, n in names.items() for t in n.terms}
        if not owners:
            return cls(names, None, owners)
        # Matched against lower-cased text with plain \b: about a third faster than a
        # case-insensitive pattern with look-arounds, and this runs once per narrative. The
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


@dataclass(slots=True)
class Reading:
    """An entry split into sentences, with who each sentence names and which men it involves."""

    sentences: list[str]
    named: list[set[PersonId]]
    men: set[PersonId]  # men linked to the entry or named anywhere in its narrative
    text: str = ""  # the narrative the sentences were cut from
    starts: list[int] = field(default_factory=list)  # where each sentence starts in text

    def sentence_at(self, position: int) -> int:
        return max(0, bisect_right(self.starts, position) - 1)


def read_entry(entry: ChronologyEntry, index: NameIndex, men: set[PersonId]) -> Reading:
    # Entries with the same narrative, significance and links (follow-ups, re-sent returns)
    # get one Reading, built once: nothing changes a Reading once it is made. The men are
    # told apart by identity: one build passes one set, alive for the whole build.
    parts_key = (entry.what_happened, entry.action_taken, entry.outcome)
    shared_key = (parts_key, entry.significance, tuple(entry.people), id(men))
    reading = index.shared.get(shared_key)
    if reading is not None:
        return reading
    text = index.texts.get(parts_key)
    if text is None:
        text = index.texts[parts_key] = "\n".join(t for t in parts_key if t)
    known = index.readings.get(text)
    if known is None:
        known = index.readings[text] = _read_text(text, index)
    parts, named, starts = known
    reading = Reading(parts, named, set(), text, starts)
    significance = index.significance.get(entry.significance)
    if significance is None:
        significance = index.significance[entry.significance] = index.named_in(entry.significance)
    reading.men = set(entry.people).union(*named, significance) & men
    index.shared[shared_key] = reading
    return reading


def _read_text(text: str, index: NameIndex) -> tuple[list[str], list[set[PersonId]], list[int]]:
    # One pass for sentence ends and one for names over the whole narrative (a lens over
    # 75,000 entries runs this 75,000 times), then each name is placed in its sentence.
    parts: list[str] = []
    sentence_starts: list[int] = []
    start = 0
    for m in _SENTENCE_END_TWIN.finditer(text):
        at = m.start()
        part = text[start:at if text[at] == "\n" else at + 1].strip()
        if part:  # blank stretches between sentence ends are not sentences
            parts.append(part)
            sentence_starts.append(start)
        start = m.end()
    part = text[start:].strip()
    if part:
        parts.append(part)
        sentence_starts.append(start)
    named: list[set[PersonId]] = [set() for _ in parts]
    if index.pattern is not None and parts:
        owners = index.owners
        for m in index.pattern.finditer(text.lower()):
            at = max(0, bisect_right(sentence_starts, m.start()) - 1)
            named[at].add(owners[m.group(0)])
    return parts, named, sentence_starts


def male_ids(case: CaseFile) -> set[PersonId]:
    return _male_ids(case)


class SentenceMemo:
    """Whether a pattern occurs in a sentence, remembered for the length of one build.

    Agency wording repeats (boilerplate such as "Information shared with CSC.", re-exported
    returns, follow-ups quoting the original contact), and a sentence's answer depends only on
    its text, so each distinct sentence is searched once per pattern.
    """

    def __init__(self) -> None:
        self._found: dict[re.Pattern[str], dict[str, bool]] = {}
        # The same answers by Reading object (entries that share one, forms.lens.mentions.
        # read_entry): (what asked, id of the reading, category, man) -> answer. The readings
        # live as long as the lens, and so as long as this memo.
        self.by_reading: dict[tuple[str, int, str, PersonId], object] = {}
        self._groups: dict[str, frozenset[str]] = {}
        # Whole-entry answers: (what asked, narrative, men involved, category) -> answer. The
        # answer depends on nothing else, and follow-ups repeat an entry's narrative verbatim.
        self.entries: dict[tuple[str, str, frozenset[PersonId], str, PersonId], object] = {}
        # The sentences about the man (by name, or by pronoun when he is the only man): the
        # ones whose factor words the matrix reads (set by the lens that filled this memo).
        self.about: list[str] = []

    def answer(self, patterns: dict[re.Pattern[str], re.Pattern[str] | None],
               sentences: Iterable[str]) -> None:
        """Answer `has(pattern, s)` for all these sentences at once, for each pattern.

        Each pattern's twin (forms/lens/scan.py) runs once over the foldable sentences joined,
        instead of once per sentence; the other sentences, and a pattern without a twin, are
        searched one by one with the original pattern — the same answers either way.
        """
        todo = list(dict.fromkeys(sentences))
        if not todo:
            return
        scan = Scan(todo)
        for pattern, twin in patterns.items():
            known = self._found.setdefault(pattern, {})
            if twin is None:
                for sentence in todo:
                    known[sentence] = pattern.search(sentence) is not None
                continue
            known.update(dict.fromkeys(scan.sentences, False))
            sentences_ = scan.sentences
            for i in scan.which(twin):
                known[sentences_[i]] = True
            for sentence in scan.rest:
                known[sentence] = pattern.search(sentence) is not None

    def answer_groups(self, pattern: re.Pattern[str], find: re.Pattern[str],
                      twin: re.Pattern[str], group_of: dict[str, str],
                      sentences: Iterable[str]) -> None:
        """Answer `groups(pattern, s)` for all these sentences at once (the twin of the groups'
        pattern without and with its named alternatives, and which group each of those belongs
        to: forms.lens.scan.Scan.groups)."""
        todo = [s for s in dict.fromkeys(sentences) if s not in self._groups]
        if not todo:
            return
        scan = Scan(todo)
        empty: frozenset[str] = frozenset()
        self._groups.update(dict.fromkeys(scan.sentences, empty))
        sentences_ = scan.sentences
        for i, found in scan.groups(find, twin, group_of).items():
            self._groups[sentences_[i]] = frozenset(found)
        for sentence in scan.rest:
            self.groups(pattern, sentence)

    def has(self, pattern: re.Pattern[str], sentence: str) -> bool:
        try:  # answered already (by answer(), or earlier): the common case, kept quick
            return self._found[pattern][sentence]
        except KeyError:
            pass
        known = self._found.get(pattern)
        if known is None:
            known = self._found[pattern] = {}
        found = known.get(sentence)
        if found is None:
            found = known[sentence] = pattern.search(sentence) is not None
        return found

    def groups(self, pattern: re.Pattern[str], sentence: str) -> frozenset[str]:
        """The named groups of `pattern` that match somewhere in the sentence."""
        try:
            return self._groups[sentence]
        except KeyError:
            pass
        found = self._groups.get(sentence)
        if found is None:
            found = self._groups[sentence] = frozenset(
                m.lastgroup for m in pattern.finditer(sentence) if m.lastgroup
            )
        return found
