"""The lens reads all of a build's narratives joined (forms/lens/corpus.py): each must get the
sentences, sentence starts and names it gets read alone (tests/helpers/lens_before.py reads
them alone, as the lens did before), whatever the narratives hold — the separator character
itself, blank lines, names at the very start or spanning a sentence end, and characters whose
lower case is longer ("İ") or depends on their neighbours ("Σ")."""

from __future__ import annotations

import random

import pytest

from forms.lens import corpus
from forms.lens.mentions import NameIndex, names_of_people
from storage.ids import PersonId
from storage.people import Person, Sex
from tests.helpers import lens_before

PEOPLE = [Person("Liam", "Carter", sex=Sex.MALE), Person("James", "O'Brien", "Jim"),
          Person("Ann", "Lee", "A.J."), Person("Zoë", "Smith-Jones", "(Zo)"),
          Person("İlker", "Şahin", sex=Sex.MALE), Person("Σωκράτης", "Παππάς", sex=Sex.MALE)]
PIECES = ["Liam", "LIAM", "Liam Carter", "Jim", "A.J.", "A.J. Lee", "(Zo)", "Zoë", "İlker",
          "Σωκράτης", "ΟΔΟΣ", "he", "seen", "not", "£20", "the", "visit", "x", "\x00", "\x01",
          "\ue000", "é"]
JOINERS = [" ", " ", ". ", "; ", "! ", "?", ".\n", "\n", "\n\n", " \n ", ".", ";\t", "\xa0",
           "\x00", "\x01"]


def _texts(seed: int, count: int) -> list[str]:
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        parts = [rng.choice(["", "", " ", "\n", ". "])]
        for _ in range(rng.randint(0, 7)):
            parts.append(rng.choice(PIECES))
            parts.append(rng.choice(JOINERS))
        out.append("".join(parts))
    return out


def _indexes() -> tuple[NameIndex, lens_before.NameIndex]:
    people = [Person(p.given_names, p.family_name, p.known_as, sex=p.sex, id=PersonId(n))
              for n, p in enumerate(PEOPLE, 1)]
    return (NameIndex.of_names(names_of_people(people)),
            lens_before.NameIndex.of_names(lens_before.names_of_people(people)))


def _same_as_alone(texts: list[str]) -> None:
    index, before = _indexes()
    read = corpus.read_texts(texts, index)
    assert read.texts == texts
    for t, text in enumerate(texts):
        reading = corpus.Reading(read, t, frozenset())
        sentences, named, starts = lens_before._read_text(text, before)
        assert (reading.sentences, reading.named, reading.starts) == (sentences, named, starts)
        assert read.text_named.get(t, set()) == set().union(*named), text
    for person, where in read.naming.items():
        assert where == {i for i, who in read.named.items() if person in who}


@pytest.mark.parametrize("seed", range(4))
def test_joined_narratives_read_as_each_alone(seed: int) -> None:
    _same_as_alone(_texts(seed, 300))


def test_only_plain_narratives_take_the_quick_placing() -> None:
    """Without "İ" (and with none starting in a blank stretch) names are placed in C."""
    texts = [t.replace("İ", "I") for t in _texts(9, 300)]
    _same_as_alone(texts)


def test_narratives_holding_every_separator_are_read_one_by_one(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(corpus, "_SEPARATORS", "\x00\x01")
    texts = _texts(5, 200)
    assert any("\x00" in t for t in texts) and any("\x01" in t for t in texts)
    _same_as_alone(texts)


def test_no_narratives_and_one() -> None:
    _same_as_alone([])
    _same_as_alone(["Liam seen. Jim not"])
