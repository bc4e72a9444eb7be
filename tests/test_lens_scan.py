"""The lens's fast patterns (forms/lens/scan.py) say exactly what the originals say.

Each twin is checked against its original on thousands of random sentences built from the
patterns' own words, names, capitals, punctuation and odd characters; the rule that lets the
twins read lower-cased text instead of ignoring case is checked over every Unicode character;
and the one-pass scan over joined sentences is checked against searching them one by one.
"""

from __future__ import annotations

import gc
import random
import re
import sys
from bisect import bisect_right

import pytest

from forms.lens import mentions, scan, visibility, who_knew
from forms.lens.mentions import NameIndex, names_of_people
from forms.lens.scan import IRREGULAR, Scan, collector_paused, foldable
from storage.ids import PersonId
from storage.people import Person, Sex

ALL = "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF)
REGULAR = "".join(c for c in ALL if c not in IRREGULAR)

PIECES = [
    "he", "He", "HE", "his", "him", "himself", "hiS", "the", "she", "not", "NOT", "never", "no",
    "without", "n't", "didn't", "DNA", "dna", "was not available", "seen", "Seen", "saw", "met",
    "attended", "present", "visited", "home visit", "face to face", "in person", "examined",
    "interviewed", "spoke to", "SPOKE WITH", "spoken to", "telephoned", "phoned", "rang",
    "said", "says", "told", "explained", "reported", "stated", "disclosed", "agreed", "denied",
    "asked about", "asked him", "asked if", "enquired", "information was sought",
    "information requested", "checks on", "check with", "invited", "attend", "replied",
    "respond", "engaged", "cannabis", "skunk", "CRACK", "crackdown", "drugs", "drug", "druggy",
    "lager", "punch", "temper", "tempers", "smash", "rage", "outrage", "lashed out", "kicked",
    "mental health", "low mood", "mood", "moody", "adhd", "ADHDx", "self-harm", "overdose",
    "domestic", "dash", "marac", "Clare's law", "assault", "violent", "arrears", "debt",
    "debts", "rent", "parent", "tenancy", "evicted", "universal credit", "food bank",
    "isolated", "racism", "sleep", "insomnia", "night feed", "up at night", "awake at night",
    "exhausted", "tired", "night shifts", "nightmare", "in care", "care leaver", "looked after",
    "foster", "prison", "custody", "previous children", "childhood", "criminal", "offending",
    "care proceedings", "Liam", "liam", "LIAM", "Liam Carter", "Mr Carter", "Jim", "O'Brien",
    "A.J.", "Zoë", "ZOË", "Łukasz", "İlker", "ſeen", "hıs", "Kicked", "Σ", "ΟΔΟΣ", "café",
    "Straße", "“", "’", "—", "£", "x", "5", "_", "a", "of",
]
JOINERS = [" ", " ", " ", "  ", ", ", "; ", ";", ". ", ".", "! ", "? ", ".\n", "\n", "\n\n",
           "\t", "\xa0", "-", "'", " — ", "..."]


def sentences(seed: int, count: int) -> list[str]:
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        parts = []
        for _ in range(rng.randint(1, 8)):
            parts.append(rng.choice(PIECES))
            parts.append(rng.choice(JOINERS))
        if rng.random() < 0.2:
            parts.insert(rng.randrange(len(parts)), rng.choice(ALL))
        out.append("".join(parts))
    return out


def test_lower_is_ignoring_case_for_every_regular_character() -> None:
    """For each character outside IRREGULAR: lower() is one character, keeps whether it is a
    word character, and matches an ASCII letter ignoring case exactly when it lower-cases to
    it. IRREGULAR holds nothing that is regular (so it is the smallest such set)."""
    lowered = [c.lower() for c in REGULAR]
    assert all(len(c) == 1 for c in lowered)
    lower = "".join(lowered)
    words = [m.start() for m in re.finditer(r"\w", REGULAR)]
    assert words == [m.start() for m in re.finditer(r"\w", lower)]
    for letter in "abcdefghijklmnopqrstuvwxyz":
        ignoring = {m.start() for m in re.finditer(letter, REGULAR, re.IGNORECASE)}
        assert ignoring == {i for i, c in enumerate(lowered) if c == letter}, letter
    for c in IRREGULAR:  # each one breaks the rule somewhere
        lo = c.lower()
        partners = set(re.findall(re.escape(c), ALL, re.IGNORECASE))
        breaks = len(lo) != 1 or any(x.lower() != lo for x in partners)
        assert breaks or c == "Σ", repr(c)  # Σ lower-cases to σ or ς by its neighbours


def test_non_ascii_letters_match_ignoring_case_as_they_lower_case() -> None:
    """The speaker twin lower-cases his names: for name letters of the scripts names are
    written in (Latin, Greek, Cyrillic), matching ignoring case is equal lower case. (The same
    was checked once over every cased character of Unicode while writing forms/lens/scan.py.)"""
    target = "".join(c for c in REGULAR if ord(c) < 0x2000)
    for letter in (c for c in target if c.lower() != c.upper()):
        ignoring = {m.group() for m in re.finditer(re.escape(letter), target, re.IGNORECASE)}
        assert ignoring == {c for c in target if c.lower() == letter.lower()}, repr(letter)


@pytest.mark.parametrize("seed", range(4))
def test_twins_answer_as_the_originals(seed: int) -> None:
    own = names_of_people([Person("Liam", "Carter", sex=Sex.MALE, id=PersonId(1)),
                           Person("Zoë", "O'Brien", "Zo", sex=Sex.MALE, id=PersonId(2))])
    pairs = dict(visibility.TWINS)
    for names in own.values():
        twin = visibility.speaker_twin(names)
        assert twin is not None
        pairs[visibility.speaker_pattern(names)] = twin
    checked = 0
    for sentence in sentences(seed, 3000):
        if not foldable(sentence):
            continue
        checked += 1
        low = sentence.lower()
        for original, twin in pairs.items():
            assert bool(original.search(sentence)) == bool(twin.search(low)), (
                original.pattern[:40], sentence)
        assert ({m.lastgroup for m in who_knew._ANY_KEYWORD.finditer(sentence)}
                == {who_knew._GROUP_OF[m.lastgroup or ""]
                    for m in who_knew._ANY_KEYWORD_TWIN.finditer(low)}), sentence
    assert checked > 2000


def test_a_name_with_irregular_letters_has_no_speaker_twin() -> None:
    names = names_of_people([Person("Σωκράτης", "Παππάς", sex=Sex.MALE, id=PersonId(1))])
    assert visibility.speaker_twin(names[PersonId(1)]) is None


@pytest.mark.parametrize("seed", range(3))
def test_name_and_sentence_twins_find_the_same_places(seed: int) -> None:
    """These two run on any text (not only foldable): the same matches, at the same places."""
    people = [Person("Liam", "Carter", sex=Sex.MALE), Person("James", "O'Brien", "Jim"),
              Person("Ann", "Lee", "A.J."), Person("Zoë", "Smith-Jones", "(Zo)"),
              Person("İlker", "Şahin", sex=Sex.MALE), Person("Ewa", "Nowak", sex=Sex.FEMALE)]
    for n, p in enumerate(people, 1):
        p.id = PersonId(n)
    index = NameIndex.of_names(names_of_people(people))
    owners = sorted(index.owners, key=len, reverse=True)
    original = re.compile(r"\b(?:" + "|".join(re.escape(t) for t in owners) + r")\b")
    for text in sentences(100 + seed, 2000):
        text = "".join(text for _ in range(2))
        low = text.lower()
        assert ([m.span() for m in original.finditer(low)]
                == [m.span() for m in index.pattern.finditer(low)]), text
        old = [(m.start(), m.end()) for m in mentions._SENTENCE_END.finditer(text)]
        new = [(m.start() + (text[m.start()] != "\n"), m.end())
               for m in mentions._SENTENCE_END_TWIN.finditer(text)]
        assert old == new, text


def test_one_scan_over_joined_sentences_is_a_search_of_each() -> None:
    all_sentences = list(dict.fromkeys(s.strip() for s in sentences(7, 4000)))
    scanned = Scan(all_sentences)
    assert scanned.rest and all(not foldable(s) for s in scanned.rest)
    for original, twin in visibility.TWINS.items():
        found = {scanned.sentences[i] for i in scanned.which(twin)}
        assert found == {s for s in scanned.sentences if original.search(s)}, original.pattern
    groups = scanned.groups(who_knew._ANY_KEYWORD_FIND, who_knew._ANY_KEYWORD_TWIN,
                            who_knew._GROUP_OF)
    for i, sentence in enumerate(scanned.sentences):
        expected = {m.lastgroup for m in who_knew._ANY_KEYWORD.finditer(sentence)}
        assert groups.get(i, set()) == expected, sentence


def test_the_collector_is_left_as_it_was() -> None:
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
    assert scan._builds[0] == 0


@pytest.mark.parametrize("seed", range(3))
def test_counting_separators_finds_the_sentences_the_starts_do(seed: int) -> None:
    """Scan places a match by counting the NULs before it; a scan whose sentences hold a NUL
    looks each match up among the sentences' starts instead. Both give the same sentence,
    also for a pattern that can begin on a separator's own ";"."""
    rng = random.Random(seed)
    words = ["liam", "he", "seen", "x", ";", ";x", "\x00", " ", ".", "not seen"]
    patterns = [re.compile(p) for p in (r"liam", r"\bhe\b", r";x", r";", r"x|;", r"not \w+")]
    for _ in range(200):
        said = ["".join(rng.choice(words) for _ in range(rng.randint(0, 4)))
                for _ in range(rng.randint(1, 8))]
        plain = [s.replace("\x00", "") for s in said]
        for sentences in (said, plain):
            scan = Scan(sentences, folded=True)
            for pattern in patterns:
                assert scan.which(pattern) == scan._which_by_starts(pattern), (sentences, pattern)
        scan = Scan(plain, folded=True)
        assert scan._counted
        found = scan.groups(re.compile(r"(?:;x|liam|he)"), re.compile(r"(?P<a>;x)|(?P<b>liam|he)"),
                            {"a": "A", "b": "B"})
        starts = scan.starts
        expected: dict[int, set[str]] = {}
        for m in re.finditer(r"(?P<a>;x)|(?P<b>liam|he)", scan.text):
            expected.setdefault(bisect_right(starts, m.start()) - 1, set()).add(
                {"a": "A", "b": "B"}[m.lastgroup or ""])
        assert found == expected, plain
