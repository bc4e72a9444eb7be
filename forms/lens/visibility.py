"""One man's lens on the chronology: what involved or mentioned him, and when no one saw him.

The source review (The Myth of Invisible Men, §9, §11) found men "invisible" to services: the
record mentions him, but no practitioner sees or speaks to him for months. The lens lists every
entry linked to him or naming him, reads from each entry's wording whether an agency saw him,
spoke to him, asked about him, or recorded that he was *not* seen, and states the gaps in words.

The reading is deliberately simple and explainable (a practitioner can check each mark against
the entry): a sentence counts as evidence about him when it names him, or uses he/his/him and
he is the only man in the entry. A sentence naming nobody can only record that he was *not*
seen ("Did not attend"), never that he was seen.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from enum import StrEnum
from itertools import chain

from forms.lens.corpus import Corpus, Reading, read_entries
from forms.lens.mentions import (
    PRONOUN,
    PRONOUN_TWIN,
    NameIndex,
    Names,
    male_ids,
    names_of_case,
    names_of_people,
)
from forms.lens.scan import (
    compile_twin,
    first_letter_form,
    foldable,
    literal_terms,
    without_collector,
    words_twin,
)
from storage import lens_store
from storage.casefile import CaseFile
from storage.chronology import Category, ChronologyEntry
from storage.chronology_query import EntryFilter
from storage.dates import MONTH_NAMES, PartialDate
from storage.ids import PersonId
from storage.people import Sex
from storage.snapshot import CaseSnapshot


class Contact(StrEnum):
    SEEN = "seen"
    SPOKEN_TO = "spoken_to"
    ASKED_ABOUT = "asked_about"
    NOT_SEEN = "not_seen"
    MENTIONED = "mentioned"

    @property
    def label(self) -> str:
        return {
            "seen": "Seen",
            "spoken_to": "Spoken to",
            "asked_about": "Asked about",
            "not_seen": "Not seen",
            "mentioned": "Mentioned",
        }[self.value]


VISIBLE = (Contact.SEEN, Contact.SPOKEN_TO)  # the contacts that end a gap

_NOT_WORDS = ("not", "never", "no", "without", "n't")
_NOT_WHAT = (r"\b[^.;]{0,30}?\b(?:seen|see|attend\w*|invited|present|spoken|spoke|reply|replied|"
             r"respond\w*|engag\w*)\b")
_NEGATED = re.compile(
    r"\b(?:" + "|".join(_NOT_WORDS) + ")" + _NOT_WHAT + r"|\bDNA\b|\bwas not available\b",
    re.IGNORECASE,
)
_SEEN_WORDS = ("seen", "saw", "met", "attended", "present", "visited", "home visit", "face to face",
               "in person", "examined", "interviewed")
_SEEN = re.compile(r"\b(?:" + "|".join(_SEEN_WORDS) + r")\b", re.IGNORECASE)
_SPOKE_WORDS = ("spoke (?:to|with)", "spoken (?:to|with)", "telephoned", "phoned", "rang")
_SPOKE = re.compile(r"\b(?:" + "|".join(_SPOKE_WORDS) + r")\b", re.IGNORECASE)
_ASKED_WORDS = (r"asked about", r"asked (?:him|whether|if)", r"enquir\w*",
                r"information (?:was )?(?:sought|requested)", r"checks? (?:on|with|about)",
                r"invited")
_ASKED = re.compile(r"\b(?:" + "|".join(_ASKED_WORDS) + r")\b", re.IGNORECASE)
_SAYS = r"\s+(?:said|says|told|explained|reported|stated|disclosed|agreed|denied)\b"

# Their twins for lower-cased text (forms/lens/scan.py): the same matches, found faster.
TWINS: dict[re.Pattern[str], re.Pattern[str]] = {
    PRONOUN: PRONOUN_TWIN,
    _NEGATED: compile_twin(first_letter_form(
        [(w[0], w[1:] + r"\b" + _NOT_WHAT, r"\b") for w in _NOT_WORDS]
        + [("d", r"na\b", r"\b"), ("w", r"as not available\b", r"\b")])),
    _SEEN: compile_twin(words_twin(_SEEN_WORDS)),
    _SPOKE: compile_twin(words_twin(_SPOKE_WORDS)),
    _ASKED: compile_twin(words_twin(_ASKED_WORDS)),
}


def speaker_pattern(names: Names | None) -> re.Pattern[str]:
    """'Liam said …', 'he told …': he was spoken to."""
    own = names.pattern.pattern if names is not None else r"(?!x)x"
    return re.compile(rf"(?:{own}|\bhe){_SAYS}", re.IGNORECASE)


def speaker_twin(names: Names | None) -> re.Pattern[str] | None:
    """speaker_pattern's twin for lower-cased text, or None when one of his names holds a
    character whose case rules make lower-casing inexact (then the original is used)."""
    terms = sorted(set(names.terms), key=len, reverse=True) if names is not None else []
    if any(not foldable(t) or "\x00" in t or len(t.lower()) != len(t) for t in terms):
        return None
    own = literal_terms([t.lower() for t in terms], r"(?<!\w)", r"(?!\w)")
    return compile_twin(first_letter_form(own + [("h", "e", r"\b")]) + _SAYS)


@dataclass(slots=True)
class LensEntry:
    entry: ChronologyEntry
    agency: str
    contact: Contact
    linked: bool  # linked in the record (entry_person), not only named in the text
    reading: Reading


@dataclass(slots=True)
class Gap:
    start: dt.date  # last day he was seen (or the chronology's start)
    end: dt.date  # next day he was seen (or the chronology's end)
    text: str

    @property
    def days(self) -> int:
        return (self.end - self.start).days


@dataclass(slots=True)
class Lens:
    person_id: PersonId
    name: str
    entries: list[LensEntry]
    lanes: list[str]  # agencies with at least one entry about him, in order of first entry
    span: tuple[dt.date, dt.date] | None  # the whole chronology's first and last dates
    gaps: list[Gap]
    never_seen_by: list[str] = field(
        default_factory=list
    )  # agencies recording him, never seeing him
    about: AboutHim | None = None  # the build's sentences about him, for who_knew

    def counts(self) -> dict[Contact, int]:
        out = dict.fromkeys(Contact, 0)
        for e in self.entries:
            out[e.contact] += 1
        return out


def lens_filter(
    case: CaseFile, person_id: PersonId, names: dict[PersonId, Names] | None = None
) -> EntryFilter:
    """The EntryFilter (for the paged view) selecting the entries involving or naming him."""
    names = names if names is not None else names_of_case(case)
    own = names.get(person_id)
    return EntryFilter(lens_person_id=person_id, mention_query=own.fts() if own else "")


@without_collector
def build_lens(case: CaseFile, person_id: PersonId, min_gap_days: int = 90) -> Lens:
    index = NameIndex.of_case(case)
    own = index.names.get(person_id)
    found = lens_store.entries_about(case, person_id, own.fts() if own else "")
    return _lens(person_id, index, male_ids(case) | {person_id}, found,
                 lens_store.agency_names(case), chronology_span(case), min_gap_days)


@without_collector
def lens_of_snapshot(snapshot: CaseSnapshot, person_id: PersonId,
                     min_gap_days: int = 90) -> Lens:
    """The same lens from an export's snapshot (no case connection: the review is built on a
    worker from plain objects). "Naming him" is his names' pattern over the narrative columns
    the case's full-text search covers, so both find the same entries (the index also folds
    accents, which the pattern does not: "Zoë" and "Zoe" are one there)."""
    people = list(snapshot.people.values())
    index = NameIndex.of_names(names_of_people(people))
    own = index.names.get(person_id)
    men = {p.id for p in people if p.sex is Sex.MALE and p.id is not None} | {person_id}

    def about_him(entry: ChronologyEntry) -> bool:
        if person_id in entry.people:
            return True
        return own is not None and any(
            own.pattern.search(text) for text in (entry.what_happened, entry.action_taken,
                                                  entry.outcome, entry.significance) if text)

    found = [e for e in snapshot.entries if about_him(e)]
    span = None
    if snapshot.entries:
        ordered = sorted(snapshot.entries, key=lambda e: (e.sort_key(), e.id or 0))
        span = (ordered[0].event_date.earliest(), latest_day(ordered[-1].event_date))
    agencies: dict[int, str] = {int(aid): a.name for aid, a in snapshot.agencies.items()}
    return _lens(person_id, index, men, found, agencies, span, min_gap_days)


def _lens(person_id: PersonId, index: NameIndex, men: set[PersonId],
          found: list[ChronologyEntry], agencies: dict[int, str],
          span: tuple[dt.date, dt.date] | None, min_gap_days: int) -> Lens:
    own = index.names.get(person_id)
    corpus, readings = read_entries(found, index, men)
    me = frozenset((person_id,))
    alone = [reading.men <= me for reading in readings]
    about = sentences_about(corpus, person_id, {r.text_index for r, only in zip(readings, alone,
                                                                          strict=True) if only},
                      speaker_pattern(own), speaker_twin(own))
    about.alone = alone
    contact = about.contact
    entries = [LensEntry(entry, agencies.get(entry.agency_id, "?"),
                         contact(reading.text_index, only, entry.category),
                         person_id in entry.people, reading)
               for entry, reading, only in zip(found, readings, alone, strict=True)]
    lanes = list(dict.fromkeys(e.agency for e in entries))
    name = own.person.display_name if own else f"person {person_id}"
    seen_by = {e.agency for e in entries if e.contact in VISIBLE}
    return Lens(
        person_id,
        name,
        entries,
        lanes,
        span,
        find_gaps(
            name, [e.entry.event_date for e in entries if e.contact in VISIBLE], span, min_gap_days
        ),
        [a for a in lanes if a not in seen_by],
        about,
    )


@dataclass(slots=True)
class AboutHim:
    """Which of a build's sentences are about him and what they say, as sets of sentence
    indexes (into its Corpus), and from them, per narrative, what its sentences say.

    Why sets: asked entry by entry and sentence by sentence, the questions (880,000 look-ups
    at 75,000 entries) cost more than the searches. Each pattern is put once, to exactly the
    sentences the rules ask it about, by one pass of its twin over them (scan.hits).

    The rules, as they always were. A sentence is about him when it names him, or when he is
    the only man in the entry and it says he/his/him. "Not seen" is read in every sentence
    about him and, where he is the only man, in sentences naming no one ("Did not attend");
    a sentence naming no one cannot show that he *was* seen. In a sentence about him not
    saying "not seen": seen; else spoken to (or "<his name>/he said"); else asked about. An
    entry is seen if any sentence is; else spoken to; else not seen (any sentence, or the
    category "father not seen" when he is the only man); else seen by the category "father
    seen" when he is the only man; else asked about; else mentioned.
    """

    corpus: Corpus
    man: PersonId
    named_him: set[int]
    about: set[int]  # naming him, or by pronoun in the narratives where he is the only man
    # For entries where he is not, and is, the only man: the narratives with a sentence about
    # him that says seen, spoke, not seen, asked (in that order).
    said: tuple[tuple[set[int], set[int], set[int], set[int]],
                tuple[set[int], set[int], set[int], set[int]]]
    alone: list[bool] = field(default_factory=list)  # for each lens entry: he is the only man

    def contact(self, text_index: int, only_man: bool, category: str) -> Contact:
        seen, spoke, negated, asked = self.said[only_man]
        if text_index in seen:
            return Contact.SEEN
        if text_index in spoke:
            return Contact.SPOKEN_TO
        if text_index in negated or (category == Category.FATHER_NOT_SEEN.value and only_man):
            return Contact.NOT_SEEN
        if category == Category.FATHER_SEEN.value and only_man:
            return Contact.SEEN
        if text_index in asked:
            return Contact.ASKED_ABOUT
        return Contact.MENTIONED


def sentences_about(corpus: Corpus, man: PersonId, alone: set[int],
                    speaker: re.Pattern[str], speaker_fast: re.Pattern[str] | None) -> AboutHim:
    """Ask each sentence what AboutHim's rules ask of it; `alone`: the narratives of the
    entries in which he is the only man."""
    folded = corpus.folded
    first = corpus.first
    named_him = corpus.naming.get(man, set())
    in_alone = set(chain.from_iterable(range(first[t], first[t + 1]) for t in alone))
    pronoun = folded.hits(PRONOUN, TWINS[PRONOUN], in_alone - named_him)
    about = named_him | pronoun
    nameless = in_alone.difference(corpus.hit_in) - pronoun
    negated = folded.hits(_NEGATED, TWINS[_NEGATED], about | nameless)
    left = about - negated
    seen = folded.hits(_SEEN, TWINS[_SEEN], left)
    left -= seen
    spoke = folded.hits(_SPOKE, TWINS[_SPOKE], left)
    left -= spoke
    spoke |= folded.hits(speaker, speaker_fast, left)
    left -= spoke
    asked = folded.hits(_ASKED, TWINS[_ASKED], left)
    text_of = corpus.text_of.__getitem__

    def texts(found: set[int]) -> set[int]:
        return set(map(text_of, found))

    # Where he is not the only man only the sentences naming him count; where he is, all
    # those asked (the pronoun's and the nameless ones are only in his narratives).
    said = ((texts(seen & named_him), texts(spoke & named_him), texts(negated & named_him),
             texts(asked & named_him)),
            (texts(seen), texts(spoke), texts(negated), texts(asked)))
    return AboutHim(corpus, man, named_him, about, said)


def chronology_span(case: CaseFile) -> tuple[dt.date, dt.date] | None:
    stored = lens_store.chronology_span(case)
    if stored is None:
        return None
    return stored[0].earliest(), latest_day(stored[1])


def latest_day(d: PartialDate) -> dt.date:
    if d.month is None:
        return dt.date(d.year, 12, 31)
    if d.day is None:
        following = dt.date(d.year + d.month // 12, d.month % 12 + 1, 1)
        return following - dt.timedelta(days=1)
    return d.earliest()


def words(day: dt.date) -> str:
    return f"{day.day} {MONTH_NAMES[day.month - 1]} {day.year}"


def find_gaps(
    name: str, seen: list[PartialDate], span: tuple[dt.date, dt.date] | None, min_gap_days: int
) -> list[Gap]:
    """Stretches of at least min_gap_days in which no agency saw or spoke to him, in words."""
    if span is None:
        return []
    start, end = span
    days = sorted({d.earliest() for d in seen})
    if not days:
        return [
            Gap(
                start,
                end,
                f"No agency saw or spoke to {name} at any point in the chronology "
                f"({words(start)} to {words(end)}).",
            )
        ]
    gaps = []
    if (days[0] - start).days >= min_gap_days:
        gaps.append(
            Gap(
                start,
                days[0],
                f"No agency saw or spoke to {name} from the start of the "
                f"chronology ({words(start)}) until {words(days[0])} "
                f"({(days[0] - start).days} days).",
            )
        )
    for before, after in zip(days, days[1:], strict=False):
        if (after - before).days >= min_gap_days:
            gaps.append(
                Gap(
                    before,
                    after,
                    f"No agency saw or spoke to {name} between "
                    f"{words(before)} and {words(after)} "
                    f"({(after - before).days} days).",
                )
            )
    if (end - days[-1]).days >= min_gap_days:
        gaps.append(
            Gap(
                days[-1],
                end,
                f"No agency saw or spoke to {name} after {words(days[-1])}"
                f" (the chronology runs to {words(end)}, "
                f"{(end - days[-1]).days} days later).",
            )
        )
    return gaps
