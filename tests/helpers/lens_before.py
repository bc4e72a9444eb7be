"""Today's lens, frozen (forms/lens/{mentions,visibility,who_knew}.py and the lens's queries in
storage/lens_store.py as they were at b407fb7, before issue 18 item 6 made them fast).

tests/test_lens_identical.py builds every lens and matrix both ways and compares them field by
field: "results identical to today's" is checked on real cases, not assumed. Only the names
this module needs from storage are imported; nothing here is used by the program.

One change since it was frozen: entries_about names the fields it fills. Written by position,
it had been put one field off by the court chronology's new `court_choice` (merged the same
evening), so the lens read each entry's action as its category, its outcome as its action and
its significance as its outcome, in the program and here alike. The rules are what is frozen
here, not that slip (tests/test_lens_store.py now checks the entries against the case's own).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from bisect import bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from storage.carers import CarerFact, FactStatus
from storage.casefile import CaseFile
from storage.chronology import Agency, Category, ChronologyEntry
from storage.chronology_query import NARRATIVE_COLUMNS, EntryFilter
from storage.dates import MONTH_NAMES, DateQualifier, PartialDate
from storage.ids import PersonId
from storage.people import Person, Sex
from storage.rows import select
from storage.snapshot import CaseSnapshot


class lens_store:  # noqa: N801 - stands in for the module storage.lens_store was
    @staticmethod
    def people(case: CaseFile) -> list[Person]:
        return case.all(Person)


    @staticmethod
    def male_ids(case: CaseFile) -> set[PersonId]:
        return {PersonId(r[0]) for r in case.db.execute("SELECT id FROM person WHERE sex = 'male'")}


    @staticmethod
    def agency_names(case: CaseFile) -> dict[int, str]:
        return dict(case.db.execute("SELECT id, name FROM agency").fetchall())


    @staticmethod
    def agencies_by_name(case: CaseFile) -> list[Agency]:
        return select(case, Agency, order="name")


    @staticmethod
    def facts_of(case: CaseFile, person_id: PersonId) -> list[CarerFact]:
        return select(case, CarerFact, "person_id = ?", (person_id,))


    @staticmethod
    def entries_about(case: CaseFile, person_id: PersonId,
                      mention_query: str) -> list[ChronologyEntry]:
        """Entries linked to the person or whose narrative matches the FTS5 expression, in the
        chronology's order (date, time, sequence), each with the people linked to it.

        Built for the lens: the fields it reads (dates and their certainty, agency, category, the
        narrative, source, flags, people) are filled; the bookkeeping ones (author, entered_at,
        import batch, duplicate_of, recorded_on, disputes) keep their defaults. At 75,000 entries
        building full entries with storage.chronology_store.entries() took longer than reading
        them; equal dates are parsed once.
        """
        db = case.db
        ids = {r[0] for r in db.execute(
            "SELECT entry_id FROM entry_person WHERE person_id = ?", (person_id,))}
        if mention_query:
            ids.update(r[0] for r in db.execute(
                "SELECT rowid FROM chronology_fts WHERE chronology_fts MATCH ?",
                (f"{NARRATIVE_COLUMNS} : ({mention_query})",)))
        if not ids:
            return []
        wanted = json.dumps(sorted(ids))
        linked: dict[int, list[PersonId]] = {}
        for entry_id, pid in db.execute(
            "SELECT entry_id, person_id FROM entry_person WHERE entry_id IN "
            "(SELECT value FROM json_each(?)) ORDER BY id", (wanted,)):
            linked.setdefault(entry_id, []).append(PersonId(pid))
        dates: dict[str, PartialDate] = {}

        def day(stored: str) -> PartialDate:
            found = dates.get(stored)
            if found is None:
                found = dates[stored] = PartialDate.parse_stored(stored)
            return found

        qualifiers = {q.value: q for q in DateQualifier}
        out = []
        for (entry_id, event_date, event_time, sequence, agency_id, category, what, action, outcome,
             significance, source_ref, key_event, disputed, qualifier, until) in db.execute(
            "SELECT id, event_date, event_time, sequence, agency_id, category, what_happened,"
            " action_taken, outcome, significance, source_ref, key_event, disputed, date_qualifier,"
            " date_until FROM chronology_entry WHERE id IN (SELECT value FROM json_each(?))"
            " ORDER BY sort_key, id", (wanted,)):
            out.append(ChronologyEntry(
                event_date=day(event_date), agency_id=agency_id, what_happened=what,
                source_ref=source_ref, event_time=event_time, sequence=sequence,
                date_qualifier=qualifiers[qualifier], date_until=day(until) if until else None,
                category=category, action_taken=action, outcome=outcome, significance=significance,
                key_event=bool(key_event), disputed=bool(disputed),
                people=linked.get(entry_id, []), id=entry_id,
            ))
        return out


    @staticmethod
    def chronology_span(case: CaseFile) -> tuple[PartialDate, PartialDate] | None:
        """The stored dates of the chronology's first and last entries (by sort order)."""
        first = case.db.execute(
            "SELECT event_date FROM chronology_entry ORDER BY sort_key LIMIT 1"
        ).fetchone()
        last = case.db.execute(
            "SELECT event_date FROM chronology_entry ORDER BY sort_key DESC LIMIT 1"
        ).fetchone()
        if first is None or last is None:
            return None
        return PartialDate.parse_stored(first[0]), PartialDate.parse_stored(last[0])



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
    return names_of_people(lens_store.people(case))


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

    @classmethod
    def of_case(cls, case: CaseFile) -> NameIndex:
        return cls.of_names(names_of_case(case))

    @classmethod
    def of_names(cls, names: dict[PersonId, Names]) -> NameIndex:
        owners = {t.lower(): pid for pid, n in names.items() for t in n.terms}
        if not owners:
            return cls(names, None, owners)
        # Matched against lower-cased text with plain \b: about a third faster than a
        # case-insensitive pattern with look-arounds, and this runs once per sentence.
        body = "|".join(re.escape(t) for t in sorted(owners, key=len, reverse=True))
        return cls(names, re.compile(rf"\b(?:{body})\b"), owners)

    def named_in(self, text: str) -> set[PersonId]:
        if self.pattern is None:
            return set()
        return {self.owners[m.group(0)] for m in self.pattern.finditer(text.lower())}


_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+|\n+")
PRONOUN = re.compile(r"\b(?:he|his|him|himself)\b", re.IGNORECASE)


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
    text = "\n".join(t for t in (entry.what_happened, entry.action_taken, entry.outcome) if t)
    known = index.readings.get(text)
    if known is None:
        known = index.readings[text] = _read_text(text, index)
    parts, named, starts = known
    reading = Reading(parts, named, set(), text, starts)
    significance = index.significance.get(entry.significance)
    if significance is None:
        significance = index.significance[entry.significance] = index.named_in(entry.significance)
    reading.men = set(entry.people).union(*named, significance) & men
    return reading


def _read_text(text: str, index: NameIndex) -> tuple[list[str], list[set[PersonId]], list[int]]:
    # One pass for sentence ends and one for names over the whole narrative (a lens over
    # 75,000 entries runs this 75,000 times), then each name is placed in its sentence.
    starts = [0]
    ends = []
    for m in _SENTENCE_END.finditer(text):
        ends.append(m.start())
        starts.append(m.end())
    ends.append(len(text))
    spans = [(a, b) for a, b in zip(starts, ends, strict=True) if text[a:b].strip()]
    parts = [text[a:b].strip() for a, b in spans]
    named: list[set[PersonId]] = [set() for _ in spans]
    sentence_starts = [a for a, _b in spans]
    if index.pattern is not None and spans:
        for m in index.pattern.finditer(text.lower()):
            at = max(0, bisect_right(sentence_starts, m.start()) - 1)
            named[at].add(index.owners[m.group(0)])
    return parts, named, sentence_starts


def male_ids(case: CaseFile) -> set[PersonId]:
    return lens_store.male_ids(case)


class SentenceMemo:
    """Whether a pattern occurs in a sentence, remembered for the length of one build.

    Agency wording repeats (boilerplate such as "Information shared with CSC.", re-exported
    returns, follow-ups quoting the original contact), and a sentence's answer depends only on
    its text, so each distinct sentence is searched once per pattern.
    """

    def __init__(self) -> None:
        self._found: dict[re.Pattern[str], dict[str, bool]] = {}
        self._groups: dict[str, frozenset[str]] = {}
        # Whole-entry answers: (what asked, narrative, men involved, category) -> answer. The
        # answer depends on nothing else, and follow-ups repeat an entry's narrative verbatim.
        self.entries: dict[tuple[str, str, frozenset[PersonId], str, PersonId], object] = {}

    def has(self, pattern: re.Pattern[str], sentence: str) -> bool:
        known = self._found.get(pattern)
        if known is None:
            known = self._found[pattern] = {}
        found = known.get(sentence)
        if found is None:
            found = known[sentence] = pattern.search(sentence) is not None
        return found

    def groups(self, pattern: re.Pattern[str], sentence: str) -> frozenset[str]:
        """The named groups of `pattern` that match somewhere in the sentence."""
        found = self._groups.get(sentence)
        if found is None:
            found = self._groups[sentence] = frozenset(
                m.lastgroup for m in pattern.finditer(sentence) if m.lastgroup
            )
        return found



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

_NEGATED = re.compile(
    r"\b(?:not|never|no|without|n't)\b[^.;]{0,30}?\b(?:seen|see|attend\w*|invited|present|"
    r"spoken|spoke|reply|replied|respond\w*|engag\w*)\b|\bDNA\b|\bwas not available\b",
    re.IGNORECASE,
)
_SEEN = re.compile(
    r"\b(?:seen|saw|met|attended|present|visited|home visit|face to face|in person|examined|"
    r"interviewed)\b",
    re.IGNORECASE,
)
_SPOKE = re.compile(
    r"\b(?:spoke (?:to|with)|spoken (?:to|with)|telephoned|phoned|rang)\b", re.IGNORECASE
)
_ASKED = re.compile(
    r"\b(?:asked about|asked (?:him|whether|if)|enquir\w*|"
    r"information (?:was )?(?:sought|requested)|"
    r"checks? (?:on|with|about)|invited)\b",
    re.IGNORECASE,
)
_SAYS = r"\s+(?:said|says|told|explained|reported|stated|disclosed|agreed|denied)\b"


def classify(
    reading: Reading,
    category: str,
    man: PersonId,
    speaker: re.Pattern[str],
    memo: SentenceMemo | None = None,
) -> Contact:
    """What this entry (already read into sentences) records about this man's contact."""
    memo = memo or SentenceMemo()
    key = ("contact", reading.text, frozenset(reading.men), category, man)
    known = memo.entries.get(key)
    if known is None:
        known = memo.entries[key] = _classify(reading, category, man, speaker, memo.has)
    assert isinstance(known, Contact)
    return known


def _classify(
    reading: Reading,
    category: str,
    man: PersonId,
    speaker: re.Pattern[str],
    has: Callable[[re.Pattern[str], str], bool],
) -> Contact:
    only_man = reading.men <= {man}
    seen = spoke = negated = asked = False
    for sentence, named in zip(reading.sentences, reading.named, strict=True):
        by_pronoun = only_man and has(PRONOUN, sentence)
        nameless = only_man and not named
        if not (man in named or by_pronoun or nameless):
            continue
        if has(_NEGATED, sentence):
            negated = True
            continue
        if nameless and not by_pronoun:
            continue  # a sentence naming no one cannot show that *he* was seen
        if has(_SEEN, sentence):
            seen = True
        elif has(_SPOKE, sentence) or has(speaker, sentence):
            spoke = True
        elif has(_ASKED, sentence):
            asked = True
    if seen:
        return Contact.SEEN
    if spoke:
        return Contact.SPOKEN_TO
    if negated or (category == Category.FATHER_NOT_SEEN.value and only_man):
        return Contact.NOT_SEEN
    if category == Category.FATHER_SEEN.value and only_man:
        return Contact.SEEN
    if asked:
        return Contact.ASKED_ABOUT
    return Contact.MENTIONED


def speaker_pattern(names: Names | None) -> re.Pattern[str]:
    """'Liam said …', 'he told …': he was spoken to."""
    own = names.pattern.pattern if names is not None else r"(?!x)x"
    return re.compile(rf"(?:{own}|\bhe){_SAYS}", re.IGNORECASE)


@dataclass(slots=True)
class LensEntry:
    entry: ChronologyEntry
    agency: str
    contact: Contact
    linked: bool  # linked in the record (entry_person), not only named in the text
    reading: Reading
    memo: SentenceMemo | None = None  # the build's sentence answers, shared with who_knew


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


def build_lens(case: CaseFile, person_id: PersonId, min_gap_days: int = 90) -> Lens:
    index = NameIndex.of_case(case)
    own = index.names.get(person_id)
    found = lens_store.entries_about(case, person_id, own.fts() if own else "")
    return _lens(person_id, index, male_ids(case) | {person_id}, found,
                 lens_store.agency_names(case), chronology_span(case), min_gap_days)


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
    speaker = speaker_pattern(own)
    memo = SentenceMemo()
    entries: list[LensEntry] = []
    for entry in found:
        reading = read_entry(entry, index, men)
        entries.append(
            LensEntry(
                entry,
                agencies.get(entry.agency_id, "?"),
                classify(reading, entry.category, person_id, speaker, memo),
                person_id in entry.people,
                reading,
                memo,
            )
        )
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
    )


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



GROUPS: tuple[tuple[str, str], ...] = (
    ("substance_use", "Substance use"),
    ("anger", "Anger"),
    ("mental_health", "Mental health"),
    ("sleep", "Sleep"),
    ("domestic_abuse", "Domestic abuse"),
    ("pressures", "Pressures"),
    ("history", "History"),
)
GROUP_LABELS = dict(GROUPS)

_CATEGORY_GROUP = {
    Category.SUBSTANCE_USE.value: "substance_use",
    Category.MENTAL_HEALTH.value: "mental_health",
    Category.DOMESTIC_ABUSE.value: "domestic_abuse",
}


def _words(*patterns: str) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(patterns) + r")", re.IGNORECASE)


KEYWORDS: dict[str, re.Pattern[str]] = {
    "substance_use": _words(
        r"cannabis",
        r"skunk",
        r"cocaine",
        r"crack\b",
        r"heroin",
        r"alcohol",
        r"drunk",
        r"drink",
        r"lager",
        r"drugs?\b",
        r"substance",
        r"weed\b",
        r"spice\b",
        r"ketamine",
        r"methadone",
        r"opiate",
    ),
    "anger": _words(
        r"anger",
        r"angry",
        r"punch",
        r"temper\b",
        r"aggress",
        r"threw\b",
        r"throwing",
        r"smash",
        r"frustrat",
        r"rage\b",
        r"lashed out",
        r"kicked",
    ),
    "mental_health": _words(
        r"mental health",
        r"low mood",
        r"mood\b",
        r"depress",
        r"anxi",
        r"adhd\b",
        r"ptsd\b",
        r"psychos",
        r"psychotic",
        r"hearing voices",
        r"suicid",
        r"self-harm",
        r"sertraline",
        r"antidepressant",
        r"talking therap",
        r"overdose",
    ),
    "domestic_abuse": _words(
        r"domestic",
        r"dash\b",
        r"marac\b",
        r"controlling",
        r"coerci",
        r"clare's law",
        r"assault",
        r"strangl",
        r"violen",
    ),
    "pressures": _words(
        r"arrears",
        r"debts?\b",
        r"rent\b",
        r"tenancy",
        r"evict",
        r"unemploy",
        r"out of work",
        r"benefits?\b",
        r"universal credit",
        r"poverty",
        r"food bank",
        r"homeless",
        r"isolat",
        r"racis",
    ),
    # Sleep (§6.14, §6.16): poor or broken sleep, who is up with the baby at night.
    "sleep": _words(
        r"sleep",
        r"insomnia",
        r"night feeds?",
        r"up at night",
        r"up all night",
        r"awake at night",
        r"exhausted",
        r"tired",
        r"night shifts?",
        r"nightmares?",
    ),
    "history": _words(
        r"in care\b",
        r"care leaver",
        r"looked after",
        r"foster",
        r"convict",
        r"prison",
        r"custody",
        r"probation",
        r"previous children",
        r"childhood",
        r"criminal",
        r"offend",
        r"care proceedings",
    ),
}


@dataclass(slots=True, frozen=True)
class Evidence:
    kind: str  # "entry" or "record"
    ref: str  # "#12 (22/05/2026)" or the field key
    text: str


@dataclass(slots=True)
class Matrix:
    person_id: PersonId
    name: str
    agencies: list[str]  # rows: agencies, then non-agency sources (marked in non_agency)
    non_agency: set[str]
    cells: dict[tuple[str, str], list[Evidence]] = field(default_factory=dict)  # (row, group)

    def holders(self, group: str) -> list[str]:
        """Agencies (not family or self-report) holding anything in this group."""
        return [a for a in self.agencies if a not in self.non_agency and self.cells.get((a, group))]

    def single_agency_groups(self) -> dict[str, str]:
        """Groups held by exactly one agency: group -> that agency."""
        out = {}
        for group, _label in GROUPS:
            holders = self.holders(group)
            if len(holders) == 1:
                out[group] = holders[0]
        return out


# All groups in one regex with a named group each: a sentence is scanned once.
_ANY_KEYWORD = re.compile(
    "|".join(f"(?P<{group}>{pattern.pattern})" for group, pattern in KEYWORDS.items()),
    re.IGNORECASE,
)


def groups_in_entry(
    reading: Reading, category: str, man: PersonId, memo: SentenceMemo | None = None
) -> set[str]:
    """Factor groups this entry says something about *for this man*."""
    memo = memo or SentenceMemo()
    key = ("groups", reading.text, frozenset(reading.men), category, man)
    known = memo.entries.get(key)
    if known is None:
        known = memo.entries[key] = frozenset(_groups(reading, category, man, memo))
    assert isinstance(known, frozenset)
    return set(known)


def _groups(reading: Reading, category: str, man: PersonId, memo: SentenceMemo) -> set[str]:
    only_man = reading.men <= {man}
    found: set[str] = set()
    if only_man and category in _CATEGORY_GROUP:
        found.add(_CATEGORY_GROUP[category])
    for sentence, named in zip(reading.sentences, reading.named, strict=True):
        if man in named or (only_man and memo.has(PRONOUN, sentence)):
            found.update(memo.groups(_ANY_KEYWORD, sentence))
    return found


def build_matrix(case: CaseFile, person_id: PersonId, lens: Lens | None = None) -> Matrix:
    """The matrix for one man; pass the lens if it is already built (it reads the entries)."""
    lens = lens if lens is not None and lens.person_id == person_id else build_lens(case, person_id)
    return _matrix(person_id, lens, lens_store.agencies_by_name(case),
                   lens_store.facts_of(case, person_id))


def matrix_of_snapshot(snapshot: CaseSnapshot, person_id: PersonId,
                       lens: Lens | None = None) -> Matrix:
    """The same matrix from an export's snapshot (forms.lens.visibility.lens_of_snapshot)."""
    if lens is None or lens.person_id != person_id:
        lens = lens_of_snapshot(snapshot, person_id)
    agency_list = sorted(snapshot.agencies.values(), key=lambda a: a.name)
    return _matrix(person_id, lens, agency_list, snapshot.statements_of(person_id))


def _matrix(person_id: PersonId, lens: Lens, agency_list: list[Agency],
            facts: list[CarerFact]) -> Matrix:
    by_key = {a.name.lower(): a.name for a in agency_list}
    by_key.update({a.prefix.lower(): a.name for a in agency_list})
    matrix = Matrix(person_id, lens.name, [], set())

    def add(row: str, group: str, evidence: Evidence, non_agency: bool = False) -> None:
        if row not in matrix.agencies:
            matrix.agencies.append(row)
        if non_agency:
            matrix.non_agency.add(row)
        matrix.cells.setdefault((row, group), []).append(evidence)

    for item in lens.entries:
        entry = item.entry
        for group in sorted(groups_in_entry(item.reading, entry.category, person_id, item.memo)):
            add(
                item.agency,
                group,
                Evidence(
                    "entry", f"#{entry.id} ({entry.when.display()})", entry.what_happened
                ),
            )
    for fact in facts:
        group = fact.field_key.split(".", 1)[0]
        if group not in GROUP_LABELS or fact.status is not FactStatus.ANSWERED:
            continue
        source = fact.source.strip()
        agency = by_key.get(source.lower())
        row = agency or (f"Not an agency: {source}" if source else "Source not recorded")
        add(row, group, Evidence("record", fact.field_key, _fact_text(fact)), agency is None)
    # Agencies first (alphabetical), then family/self-report sources.
    matrix.agencies.sort(key=lambda a: (a in matrix.non_agency, a))
    return matrix


def _fact_text(fact: CarerFact) -> str:
    value = fact.value
    if isinstance(value, list):
        parts = [
            ", ".join(f"{k}: {v}" for k, v in item.items()) if isinstance(item, dict) else str(item)
            for item in value
        ]
        return "; ".join(parts)
    return str(value)

