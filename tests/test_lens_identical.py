"""The fast lens gives exactly today's results (issue 18 item 6: "results identical to today's").

tests/helpers/lens_before.py is the lens as it was before it was made fast, frozen. Every
person's lens and who-knew-what matrix is built both ways, from the case and from an export's
snapshot, and compared field by field — the entries (all their fields), each entry's reading
(sentences, who each names, the men involved), its contact, the lanes, span, gaps, and every
matrix cell's evidence. Three real encrypted cases: the demo family, a longer generated demo,
and a case written to trip the fast paths (names sharing first names, known-as, Mr/Ms,
punctuation and non-ASCII names; sentences mixing pronouns, negations, keywords, capitals,
characters whose case rules are irregular — "ſ", "ı", "İ", "K", "Σ" — smart quotes, tabs and
newlines; repeated wording so the per-build memo is exercised, and unique wording so it is not).
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest

from forms.lens import visibility, who_knew
from storage.casefile import CaseFile
from storage.chronology import Category, ChronologyEntry
from storage.chronology_store import add_entries, agencies
from storage.dates import PartialDate
from storage.ids import AgencyId, PersonId
from storage.lens_store import people
from storage.people import Person, Sex
from storage.snapshot import load_snapshot
from tests.conftest import PASSPHRASE
from tests.helpers import lens_before


def _lens_facts(lens: Any) -> tuple:
    return (
        lens.person_id, lens.name, lens.lanes, lens.span,
        [(g.start, g.end, g.text) for g in lens.gaps], lens.never_seen_by,
        [(e.entry, e.agency, e.contact.value, e.linked, e.reading.sentences, e.reading.named,
          e.reading.men, e.reading.text, e.reading.starts) for e in lens.entries],
    )


def _matrix_facts(matrix: Any) -> tuple:
    return (matrix.person_id, matrix.name, matrix.agencies, matrix.non_agency,
            {key: [(e.kind, e.ref, e.text) for e in cell] for key, cell in matrix.cells.items()})


def _same_everywhere(case: CaseFile) -> int:
    """Compare old and new for every person, from the case and from a snapshot; return how
    many lens entries were compared (so a test can insist the comparison had something in it)."""
    compared = 0
    snapshot = load_snapshot(case)
    for person in people(case):
        pid = PersonId(person.id or 0)
        new_lens = visibility.build_lens(case, pid)
        old_lens = lens_before.build_lens(case, pid)
        assert _lens_facts(new_lens) == _lens_facts(old_lens), person.display_name
        assert _matrix_facts(who_knew.build_matrix(case, pid, new_lens)) == _matrix_facts(
            lens_before.build_matrix(case, pid, old_lens)), person.display_name
        new_snap = visibility.lens_of_snapshot(snapshot, pid)
        old_snap = lens_before.lens_of_snapshot(snapshot, pid)
        assert _lens_facts(new_snap) == _lens_facts(old_snap), person.display_name
        assert _matrix_facts(who_knew.matrix_of_snapshot(snapshot, pid, new_snap)) == (
            _matrix_facts(lens_before.matrix_of_snapshot(snapshot, pid, old_snap)))
        compared += len(new_lens.entries)
    return compared


def test_demo_case_identical(demo_case: CaseFile) -> None:
    assert _same_everywhere(demo_case) > 50


def test_generated_demo_identical(tmp_path: Path) -> None:
    from app.operations.demo import create_demo

    with create_demo(str(tmp_path / "demo.vcase"), PASSPHRASE, entries=400, seed=7) as case:
        assert _same_everywhere(case) > 400


# People whose names make the name rules work: two Jameses (so "James" names no one), known-as
# forms, two Mr Walshes, punctuation, non-ASCII letters (and one whose lower case is longer).
TRICKY_PEOPLE = [
    Person("Liam", "Carter", sex=Sex.MALE),
    Person("James", "O'Brien", "Jim", sex=Sex.MALE),
    Person("James", "Walsh", sex=Sex.MALE),
    Person("Patrick", "Walsh", "Paddy", sex=Sex.MALE),
    Person("Łukasz", "Wiśniewski", "Łukas", sex=Sex.MALE),
    Person("İlker", "Şahin", sex=Sex.MALE),
    Person("Kasia", "Nowak", sex=Sex.FEMALE),
    Person("Zoë", "Smith-Jones", "Zo", sex=Sex.FEMALE),
    Person("Ann", "Lee", "A.J.", sex=Sex.FEMALE),
    Person("Freya", "Nowak", sex=Sex.UNKNOWN),
    Person("Σωκράτης", "Παππάς", sex=Sex.MALE),
]

NAMES = ["Liam Carter", "Liam", "LIAM", "liam", "Mr Carter", "Jim", "Jim O'Brien", "James",
         "James Walsh", "Mr Walsh", "Paddy", "Paddy Walsh", "Łukasz", "ŁUKASZ", "Łukas",
         "İlker", "ilker", "İlker Şahin", "Kasia", "Ms Nowak", "Zoë", "ZOË", "Zoe", "Zo",
         "A.J.", "A.J. Lee", "Ann Lee", "Freya", "Σωκράτης", "ΣΩΚΡΆΤΗΣ", "Mr Παππάς", "William",
         "Liam's", "(Liam)", "Liam-Carter", "Liamx"]
WORDS = ["he", "He", "HE", "his", "him", "himself", "hiS", "she", "her", "they", "not", "never",
         "no", "without", "n't", "didn't", "DNA", "was not available", "seen", "SEEN", "saw",
         "met", "attended", "present", "visited", "home visit", "face to face", "in person",
         "examined", "interviewed", "spoke to", "spoken with", "telephoned", "phoned", "rang",
         "said", "says", "told", "explained", "reported", "denied", "asked about", "asked him",
         "asked whether", "enquired", "enquiry", "information was sought", "information requested",
         "checks with", "check on", "invited", "attend", "reply", "responded", "engagement",
         "cannabis", "Cannabis", "CRACK", "crackdown", "drugs", "drug", "weed", "alcohol",
         "punched", "temper", "anger", "rage", "kicked", "low mood", "mood", "moody", "ADHD",
         "self-harm", "overdose", "domestic", "DASH", "MARAC", "Clare's Law", "clare’s law",
         "assault", "violence", "arrears", "debt", "debts", "rent", "parent", "current", "tenancy",
         "universal credit", "food bank", "isolated", "sleep", "insomnia", "night feeds",
         "up at night", "tired", "in care", "foster", "prison", "probation", "childhood",
         "criminal", "care proceedings", "ſeen", "ſleep", "hıs", "hım", "Kicked", "ſaid",
         "café", "naïve", "Straße", "ΟΔΟΣ", "the", "and", "a", "of", "at", "with", "to",
         "about", "home", "visit", "letter", "sent", "GP", "A&E", "£20", "—", "“quoted”"]
JOINERS = [" ", " ", " ", " ", ", ", "; ", ". ", "! ", "? ", ".\n", "\n", "\n\n", ";\t",
           " — ", "...", ".  ", "\xa0", ";", "."]


def _sentence(rng: random.Random) -> str:
    pieces = []
    for _ in range(rng.randint(1, 9)):
        pieces.append(rng.choice(NAMES) if rng.random() < 0.25 else rng.choice(WORDS))
        pieces.append(rng.choice(JOINERS))
    return "".join(pieces).strip()


def _tricky_case(path: Path, entries: int, seed: int = 18) -> CaseFile:
    from app.operations.demo import create_demo

    case = create_demo(str(path), PASSPHRASE, entries=0)
    rng = random.Random(seed)
    with case.transaction("Tricky people") as tx:
        ids = [PersonId(tx.add(p)) for p in TRICKY_PEOPLE]
    agency_ids = [AgencyId(a.id or 0) for a in agencies(case)]
    categories = [c.value for c in Category]
    repeated = [_sentence(rng) for _ in range(25)]
    rows = []
    for i in range(entries):
        # Half the narratives repeat (boilerplate, re-sent returns), half are new.
        what = rng.choice(repeated) if i % 2 else _sentence(rng)
        rows.append(ChronologyEntry(
            event_date=PartialDate(2020 + i % 6, 1 + i % 12, 1 + i % 28),
            agency_id=rng.choice(agency_ids),
            what_happened=what,
            source_ref=f"T-{i}",
            action_taken=_sentence(rng) if rng.random() < 0.5 else "",
            outcome=_sentence(rng) if rng.random() < 0.3 else "",
            significance=rng.choice(NAMES) if rng.random() < 0.2 else "",
            category=rng.choice(categories),
            sequence=i,
            people=rng.sample(ids, rng.choice([0, 0, 1, 1, 2])),
        ))
    with case.transaction("Tricky entries") as tx:
        add_entries(tx, rows)
    return case


def test_tricky_case_identical(tmp_path: Path) -> None:
    with _tricky_case(tmp_path / "tricky.vcase", 1500) as case:
        assert _same_everywhere(case) > 1500


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_sentences_identical(tmp_path: Path, seed: int) -> None:
    """Other random wordings of the same kind, each seed its own case."""
    with _tricky_case(tmp_path / f"tricky{seed}.vcase", 400, seed) as case:
        assert _same_everywhere(case) > 300
