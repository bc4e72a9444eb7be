"""Who knew what about a man: agency x factor group, from the chronology and his record.

The source review (§9, §12) found that what one agency knew about a man — the GP his low
mood, the drug service his cannabis use, A&E his punched wall — never reached the others. This
matrix shows, for each factor group, which agencies hold something, and flags the groups that
only one agency holds: the information-sharing gap.

Evidence comes from (a) chronology entries involving or naming him — the category when he is
the only man in the entry, and keywords in sentences about him (see forms/lens/visibility.py
for when a sentence is "about him") — and (b) his record's answered facts
(storage.carers.CarerFact), attributed to the agency named as their source. Sources that are
not agencies (the mother, the man himself) are shown but do not count as an agency knowing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from forms.lens.scan import compile_twin, without_collector, word_start_form
from forms.lens.visibility import AboutHim, Lens, build_lens, lens_of_snapshot
from storage import lens_store
from storage.carers import CarerFact, FactStatus
from storage.casefile import CaseFile
from storage.chronology import Agency, Category
from storage.dates import DateQualifier
from storage.ids import PersonId
from storage.snapshot import CaseSnapshot

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


# Each group's words (regex sources, each starting with a plain letter).
KEYWORD_WORDS: dict[str, tuple[str, ...]] = {
    "substance_use": (
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
    "anger": (
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
    "mental_health": (
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
    "domestic_abuse": (
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
    "pressures": (
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
    "sleep": (
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
    "history": (
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


KEYWORDS: dict[str, re.Pattern[str]] = {
    group: _words(*words) for group, words in KEYWORD_WORDS.items()
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
# Its twin (forms/lens/scan.py): every word of every group, in the same order, each its own
# named alternative ("<group>__<n>"), so a match names its group as the original's does.
_GROUP_OF = {f"{group}__{n}": group
             for group, words in KEYWORD_WORDS.items() for n in range(len(words))}
# (In word_start_form: the keywords' first letters are most of the alphabet.)
_ANY_KEYWORD_TWIN = compile_twin(word_start_form(
    [(word[0], f"(?P<{group}__{n}>{word[1:]})", r"\b")
     for group, words in KEYWORD_WORDS.items() for n, word in enumerate(words)]))
_ANY_KEYWORD_FIND = compile_twin(word_start_form(
    [(word[0], word[1:], r"\b") for words in KEYWORD_WORDS.values() for word in words]))


def _groups_by_text(about: AboutHim) -> tuple[dict[int, list[str]], dict[int, list[str]]]:
    """For entries where he is not, and is, the only man: each narrative's factor groups (in
    order), from its sentences about him (naming him; or, where he is the only man, by
    he/his/him too)."""
    corpus = about.corpus
    found = corpus.folded.group_hits(_ANY_KEYWORD, _ANY_KEYWORD_FIND, _ANY_KEYWORD_TWIN,
                                     _GROUP_OF, about.about)
    text_of = corpus.text_of
    named_him = about.named_him
    out: tuple[dict[int, set[str]], dict[int, set[str]]] = ({}, {})
    for i, groups in found.items():
        t = text_of[i]
        for only in (False, True) if i in named_him else (True,):
            known = out[only].get(t)
            if known is None:
                out[only][t] = set(groups)
            else:
                known |= groups
    # Sorted once for each set of groups, not for each narrative.
    ordered: dict[frozenset[str], list[str]] = {}

    def in_order(groups: set[str]) -> list[str]:
        key = frozenset(groups)
        known = ordered.get(key)
        if known is None:
            known = ordered[key] = sorted(key)
        return known

    return ({t: in_order(g) for t, g in out[0].items()},
            {t: in_order(g) for t, g in out[1].items()})


@without_collector
def build_matrix(case: CaseFile, person_id: PersonId, lens: Lens | None = None) -> Matrix:
    """The matrix for one man; pass the lens if it is already built (it reads the entries)."""
    lens = lens if lens is not None and lens.person_id == person_id else build_lens(case, person_id)
    return _matrix(person_id, lens, lens_store.agencies_by_name(case),
                   lens_store.facts_of(case, person_id))


@without_collector
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

    about = lens.about
    by_text = _groups_by_text(about) if about is not None else ({}, {})
    me = frozenset((person_id,))
    alone = (about.alone if about is not None and len(about.alone) == len(lens.entries)
             else [item.reading.men <= me for item in lens.entries])
    shown: dict[tuple[int, DateQualifier, int], str] = {}  # each date's words, worked out once
    cells = matrix.cells
    rows = matrix.agencies
    for item, only in zip(lens.entries, alone, strict=True):
        entry = item.entry
        # The entry's groups: its narrative's, and its category's when he is the only man.
        in_order = by_text[only].get(item.reading.text_index)
        if only and entry.category in _CATEGORY_GROUP:
            in_order = sorted({*(in_order or ()), _CATEGORY_GROUP[entry.category]})
        if not in_order:
            continue
        # Dates are shared by the entries read together (storage.lens_store), so they are
        # told apart by identity: a cheaper key than their value, and the same words.
        when_key = (id(entry.event_date), entry.date_qualifier, id(entry.date_until))
        when = shown.get(when_key)
        if when is None:
            when = shown[when_key] = entry.when.display()
        # One (immutable) piece of evidence for all the entry's groups.
        evidence = Evidence("entry", f"#{entry.id} ({when})", entry.what_happened)
        row = item.agency
        if row not in rows:
            rows.append(row)
        for group in in_order:  # as add() does, without a call per cell
            cell = cells.get((row, group))
            if cell is None:
                cells[(row, group)] = [evidence]
            else:
                cell.append(evidence)
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
