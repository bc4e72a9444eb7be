"""Anonymisation for published reviews, and the scan that proves it worked.

LCSPRs are published: every person becomes a consistent pseudonym by relationship ("Baby F",
"Mother", "Father", "Mother's partner"), practitioners become role + number ("GP1",
"Midwife 2"), dates of birth become ages, addresses and document references go. Free text is
read by the identifier detector (exports/identifiers): recorded names in any written form
(case, accents, look-alike letters, invisible characters, inflections, joined forms), every
shaped identifier (postcode, phone, NHS number, e-mail, case and crime numbers), and the
candidates the author has decided about (`visible anonymise`, the review page): each replaced
by its pseudonym, removed, or kept. A longer name is replaced whole before its parts, a title
goes with its name, and a label never repeats the words before it ("her partner Liam" ->
"her partner"). The scan of the produced file looks for all of the same, and for any
bidirectional control character, and refuses the file on any hit. docs/anonymisation.md
explains the choices and the measurements.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence

from exports.document import (
    Column,
    Document,
    Heading,
    Paragraph,
    Row,
    Section,
    Table,
)
from exports.errors import AnonymisationLeak
from exports.identifiers import RECORDED, REVIEWED_KINDS, SHAPED_KINDS, Detector, NameMatcher
from exports.identifiers.text import display_form, fold, has_bidi_controls
from exports.kinship import relationship_labels
from exports.rtl import has_rtl, visual
from storage.anonymisation import AnonymisationDecision, Decision
from storage.dates import MONTH_NAMES, PartialDate
from storage.ids import PersonId
from storage.snapshot import CaseSnapshot

ADDRESS_REMOVED = "[address removed]"
NAME_REMOVED = "[name removed]"
# Short tokens ("Al", "Jo") would match ordinary words; they are only replaced inside full names.
MIN_TOKEN = 3
_TITLES = {"dr", "mr", "mrs", "ms", "miss", "pc", "ds", "dc", "sgt", "nurse", "prof"}


def trie_pattern(terms: Iterable[str]) -> str:
    """One regex for many literal terms, as a trie: "POL-1001|POL-1002" -> "POL\\-100(?:1|2)".

    A plain alternation of thousands of document references is tried term by term at every
    position of every text (seconds per export); a trie shares prefixes, so it is not. Longer
    terms win, as in a longest-first alternation, because every branch is greedy.
    """
    trie: dict[str, dict] = {}
    for term in terms:
        node = trie
        for ch in term:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict[str, dict]) -> str:
        branches = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return build(trie)


def _tokens(name: str) -> list[str]:
    return [t for t in re.split(r"[\s\-]+", name) if len(t) >= MIN_TOKEN
            and t.lower().strip(".") not in _TITLES]



def dob_forms(dob: PartialDate) -> list[str]:
    """The ways a full date of birth is written in records."""
    if dob.day is None or dob.month is None:
        return []
    d, m, y = dob.day, dob.month, dob.year
    month = MONTH_NAMES[m - 1]
    return [f"{d:02d}/{m:02d}/{y}", f"{d}/{m}/{y}", f"{y}-{m:02d}-{d:02d}",
            f"{d} {month} {y}", f"{d:02d} {month} {y}", f"{d} {month[:3]} {y}",
            f"{d:02d}.{m:02d}.{y}"]


def age_text(dob: PartialDate | None, on: object) -> str:
    import datetime as dt

    from storage.dates import age_on

    if dob is None:
        return "age not known"
    assert isinstance(on, dt.date)
    years = age_on(dob, on)
    if years is None:
        return "age not known"
    if years < 2 and dob.month is not None:
        months = (on.year - dob.year) * 12 + on.month - dob.month - (
            1 if dob.day and on.day < dob.day else 0)
        return f"aged {max(months, 0)} months" if months != 1 else "aged 1 month"
    return ("aged about " if dob.approximate or dob.month is None else "aged ") + str(years)


# Street words as Royal Mail and agency systems abbreviate them: a recorded "14 Larch Close"
# is written "14 Larch Cl." in a housing e-mail, and "Mill Rd" is "Mill Road".
_STREET_ABBREVIATIONS = {
    "street": ("st",), "road": ("rd",), "lane": ("ln",), "avenue": ("ave", "av"),
    "close": ("cl",), "drive": ("dr",), "crescent": ("cres", "cresc"), "gardens": ("gdns",),
    "terrace": ("terr", "ter"), "place": ("pl",), "court": ("ct",), "square": ("sq",),
    "grove": ("gr", "gro"), "park": ("pk",), "mews": ("ms",),
}
_STREET_FULL = {short: full for full, shorts in _STREET_ABBREVIATIONS.items()
                for short in shorts}


def _street_variants(street: str) -> list[str]:
    """The street with its last word written out or abbreviated: "Larch Close" -> "Larch
    Cl"; "Mill Rd" -> "Mill Road", "Mill Rd"."""
    words = street.split()
    if len(words) < 2:
        return []
    last = words[-1].rstrip(".").lower()
    full = _STREET_FULL.get(last, last)
    forms = [full, *_STREET_ABBREVIATIONS.get(full, ())]
    head = " ".join(words[:-1])
    return [f"{head} {form.capitalize()}" for form in forms if form != words[-1].lower()]


def _address_parts(address: str) -> list[str]:
    parts = []
    for part in re.split(r"[,\n]", address):
        part = part.strip()
        # "Flat 3", "14" say nothing alone; "88 Mill Road" -> also "Mill Road".
        street = re.sub(r"^(flat|apartment|unit)?\s*\d+[a-z]?\s*", "", part, flags=re.IGNORECASE)
        for candidate in (part, street, *_street_variants(street)):
            if len(candidate) >= 4 and not candidate.isdigit():
                parts.append(candidate)
    return parts



REMOVED = {
    "person": NAME_REMOVED, "recorded": NAME_REMOVED, "place": "[place removed]",
    "organisation": "[organisation removed]", "date_of_birth": "[date of birth removed]",
    "postcode": ADDRESS_REMOVED, "phone": "[phone number removed]",
    "nhs_number": "[NHS number removed]", "email": "[e-mail address removed]",
    "reference": "[reference removed]", "handle": "[online name removed]",
}
_HOUSE_NUMBER_BEFORE = re.compile(r"(?i)(?<![\w/.-])(?:(?:flat|apartment|unit)\s*\d{1,3}[a-z]?,?"
                                  r"\s+)?(?:(?:flat|apartment|unit)\s*)?\d{1,3}[a-z]?,?\s+$")
_NUMBER_BEFORE = re.compile(r"(?<![\w/.-])\d{1,3}[a-z]?,?\s+$", re.IGNORECASE)
# "Flat 3, 12 Larch Close" is one address: its removed parts read as one.
_REMOVED_RUN = re.compile(rf"{re.escape(ADDRESS_REMOVED)}(?:,? {re.escape(ADDRESS_REMOVED)})+")
_TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2}T\d")
_INDEXED = re.compile(r"^(.*?)\s*(\d+|[A-Z])$")


def _head(label: str) -> tuple[str, bool]:
    """A label's role words and whether it carries an index: "Neighbour 1" -> (neighbour,
    True), "GP1" -> (gp, True), "Mother's partner" -> (mother's partner, False)."""
    m = _INDEXED.match(label)
    if m and m.group(1) and (m.group(2).isdigit() or " " in label):
        return m.group(1).strip().lower(), True
    return label.lower(), False


def practitioner_labels(snapshot: CaseSnapshot) -> dict[str, str]:
    """Recorded staff by role and number ("GP1", "Police officer 1"): the labels a pseudonym
    suggested for someone else must not take (app/operations/anonymisation.taken_labels)."""
    labels: dict[str, str] = {}
    counts: dict[str, int] = defaultdict(int)
    for practitioner in snapshot.practitioners:
        role = practitioner.role or "Practitioner"
        counts[role] += 1
        short = role.isupper() and len(role) <= 4
        labels[practitioner.name] = f"{role}{counts[role]}" if short \
            else f"{role} {counts[role]}"
    return labels


class Anonymiser:
    """Pseudonyms for recorded people and staff, the author's decisions for everything else
    the detector finds (exports.identifiers), removal of every shaped identifier."""

    def __init__(self, snapshot: CaseSnapshot,
                 decisions: Sequence[AnonymisationDecision] = ()) -> None:
        self.snapshot = snapshot
        self.pseudonyms: dict[PersonId, str] = relationship_labels(snapshot)
        self.practitioners: dict[str, str] = practitioner_labels(snapshot)
        self.decisions = {d.key: d for d in decisions}
        self.counts: Counter[str] = Counter()

        # Whole names first, so "Liam Carter" is replaced whole before "Liam" or "Carter".
        named: list[tuple[str, list[str], list[str]]] = []  # label, whole names, parts
        for pid, person in snapshot.people.items():
            whole = [person.full_name]
            if person.known_as:
                whole += [f"{person.known_as} {person.family_name}".strip(), person.known_as]
            whole += _nicknamed(person.given_names, person.family_name)
            named.append((self.pseudonyms[pid], [n for n in whole if n and "(" not in n],
                          [*_tokens(person.given_names), *_tokens(person.family_name),
                           *_tokens(person.known_as)]))
        for name, label in self.practitioners.items():
            plain = _untitled(name).split()
            nicknamed = _nicknamed(" ".join(plain[:-1]), plain[-1]) if len(plain) > 1 else []
            named.append((label, [_untitled(name), *nicknamed], _tokens(name)))
        owners: dict[str, set[str]] = defaultdict(set)
        for label, _whole, parts in named:
            for part in parts:
                owners[fold(part)].add(label)
        self.known = NameMatcher()
        for label, whole, _parts in named:
            for name in whole:
                self.known.add(name, label, whole=True)
        for decision in self.decisions.values():
            if decision.decision.identifying and " " in decision.key:
                self.known.add(decision.key, self._decided_label(decision), recorded=False)
        for label, _whole, parts in named:
            for part in parts:
                # A family name shared by several people cannot say which one is meant.
                shared = len(owners[fold(part)]) > 1
                self.known.add(part, NAME_REMOVED if shared else label)
        for decision in self.decisions.values():
            if decision.decision.identifying and " " not in decision.key:
                self.known.add(decision.key, self._decided_label(decision), recorded=False)
        self._scan_known = NameMatcher()
        for label, whole, parts in named:
            for name in [*whole, *parts]:
                self._scan_known.add(name, label)
                if has_rtl(name):  # drawn in visual order in the PDF (exports/rtl.py)
                    self._scan_known.add(visual(name), label)
                    for word in visual(name).split():
                        self._scan_known.add(word, label)
        for decision in self.decisions.values():
            if decision.decision.identifying:
                self._scan_known.add(decision.key, self._decided_label(decision),
                                      recorded=False)
        self.known_dates = {
            dt.date(p.date_of_birth.year, p.date_of_birth.month, p.date_of_birth.day):
                self.pseudonyms[pid]
            for pid, p in snapshot.people.items()
            if p.date_of_birth and p.date_of_birth.month and p.date_of_birth.day}
        self.detector = Detector(self.known, self.known_dates)
        self._scanner = Detector(self._scan_known, self.known_dates)
        # The local authority publishes the review: its name stays, wherever it is written.
        self.public_keys = {f.key for f in self.detector.scan(
            snapshot.details.local_authority).findings if f.kind in REVIEWED_KINDS}
        for key in self.public_keys:
            self.decisions.setdefault(key, AnonymisationDecision(key, "organisation",
                                                                 Decision.KEEP))

        self._address_terms = sorted(
            {part for p in snapshot.people.values() for part in _address_parts(p.address)},
            key=len, reverse=True)
        self._dob_terms = sorted({form for p in snapshot.people.values()
                                  if p.date_of_birth for form in dob_forms(p.date_of_birth)},
                                 key=len, reverse=True)
        self._refs = sorted({e.source_ref for e in snapshot.entries if e.source_ref.strip()},
                            key=len, reverse=True)
        self._address_re = self._alternation(self._address_terms, re.IGNORECASE)
        self._dob_re = self._alternation(self._dob_terms, 0)
        self._ref_re = self._alternation(self._refs, 0)
        self._labels = sorted({lab for lab in [*self.pseudonyms.values(),
                                               *self.practitioners.values(),
                                               *(self._decided_label(d)
                                                 for d in self.decisions.values())]
                               if lab and lab != NAME_REMOVED}, key=len, reverse=True)

    def is_recorded_address(self, text: str) -> bool:
        if self._address_re is None:
            return False
        m = self._address_re.fullmatch(display_form(text).strip())
        return m is not None

    def _decided_label(self, decision: AnonymisationDecision) -> str:
        if decision.decision is Decision.SAME_AS and decision.person_id is not None:
            return self.pseudonyms.get(decision.person_id, NAME_REMOVED)
        if decision.decision is Decision.PSEUDONYM and decision.label:
            return decision.label
        return REMOVED.get(decision.kind, NAME_REMOVED)

    @staticmethod
    def _alternation(terms: Iterable[str], flags: int) -> re.Pattern[str] | None:
        if flags & re.IGNORECASE:
            terms = {t.lower() for t in terms}
        terms = [t for t in terms if t]
        if not terms:
            return None
        return re.compile(r"(?<!\w)(" + trie_pattern(terms) + r")(?!\w)", flags)

    # Replacing ----------------------------------------------------------------------------
    def name(self, person_id: PersonId) -> str:
        return self.pseudonyms.get(person_id, NAME_REMOVED)

    def text(self, text: str) -> str:
        if not text:
            return text
        text = display_form(text)
        spans: list[tuple[int, int, str, str]] = []  # start, end, replacement, kind

        def free(start: int, end: int) -> bool:
            return not any(start < e and s < end for s, e, _, _ in spans)

        for pattern, replacement, kind in ((self._ref_re, "[reference removed]", "reference"),
                                           (self._dob_re, "[date of birth removed]",
                                            "date_of_birth"),
                                           (self._address_re, ADDRESS_REMOVED, "place")):
            if pattern is not None:
                for m in pattern.finditer(text):
                    start = m.start()
                    if kind == "place":  # "12 Larch Close": the house number goes too
                        for shape in (_HOUSE_NUMBER_BEFORE, _NUMBER_BEFORE):
                            number = shape.search(text, 0, start)
                            if number is not None and free(number.start(), m.end()):
                                start = number.start()
                                break
                    if free(start, m.end()):
                        spans.append((start, m.end(), replacement, kind))
        for f in self.detector.scan(text).findings:
            if not free(f.start, f.end):
                continue
            start = f.start
            if f.kind == RECORDED or f.kind == "date_of_birth" and f.label:
                replacement = f.label if f.kind == RECORDED else "[date of birth removed]"
                kind = "person" if f.kind == RECORDED else f.kind
            elif f.kind in REVIEWED_KINDS:
                decision = self.decisions.get(f.key)
                if decision is not None and decision.decision is Decision.KEEP:
                    continue
                # Undecided (a direct build, not an export: exports refuse until decided):
                # removed, the safe choice.
                replacement = self._decided_label(decision) if decision is not None \
                    else REMOVED[f.kind]
                kind = f.kind
            else:
                replacement, kind = REMOVED.get(f.kind, NAME_REMOVED), f.kind
            if f.title_start is not None and replacement not in REMOVED.values() and \
                    free(f.title_start, f.end):
                start = f.title_start  # "Dr Okoro" -> "GP 2", not "Dr GP 2"
            spans.append((start, f.end, replacement, kind))
        spans.sort()
        out: list[str] = []
        position = 0
        for start, end, replacement, kind in spans:
            before = text[position:start]
            before, replacement = _undouble("".join(out) + before, replacement)
            out = [before]
            out.append(replacement)
            self.counts[kind] += 1
            position = end
        out.append(text[position:])
        result = _REMOVED_RUN.sub(ADDRESS_REMOVED, "".join(out))
        for label in self._labels:
            if label in result:
                head, _ = _head(label)
                result = re.sub(rf"{re.escape(label)} \((?:the )?{re.escape(head)}\)", label,
                                result, flags=re.IGNORECASE)
        return result

    def apply(self, document: Document) -> None:
        """Replace identifiers in every string of the document."""
        document.map_texts(self.text)

    # Checking -----------------------------------------------------------------------------
    def leaks(self, text: str) -> list[str]:
        """Known names, identifying candidates, addresses, DOBs, references or any shaped
        identifier (postcode, phone, NHS number, e-mail ...) still present in produced text.
        """
        found: list[str] = []
        shown = display_form(text)
        if has_bidi_controls(text):
            found.append("a bidirectional control character")
        for pattern in (self._address_re, self._dob_re, self._ref_re):
            if pattern is not None:
                found.extend(m.group(1) for m in pattern.finditer(shown))
        for f in self._scanner.scan(shown).findings:
            if f.kind == "reference" and (_TIMESTAMP.match(f.text) or f.text.isdigit()):
                # The file's own created/modified time (docx core properties), or a bare
                # number after a cue word in the document's own text ("Case or crime number
                # 14" in the redaction log): the text's own references were removed before.
                continue
            if f.kind == RECORDED or f.kind in SHAPED_KINDS:
                found.append(f.text)
        return sorted(set(found))

    def check(self, text: str) -> None:
        leaks = self.leaks(text)
        if leaks:
            shown = ", ".join(f"'{x}'" for x in leaks[:5])
            raise AnonymisationLeak(
                f"The anonymised export still contained {len(leaks)} identifying term(s) "
                f"({shown}); no file was written. Edit the wording of those entries and export "
                "again."
            )


def _nicknamed(given_names: str, family_name: str) -> list[str]:
    """A recorded person's nicknames with the family name: "Danny Price", "Dan Price" for
    Daniel Price, "Jo Whitfield" for Joanne Whitfield, "Tomek Nowak" for Tomasz Nowak. The
    family name beside the nickname makes it that person (a nickname alone may be anyone
    else's name: it is offered to the author, exports/anonymise_review._suggest_same_as)."""
    from exports.identifiers import lexicon

    if not family_name.strip():
        return []
    nicknames = lexicon.nicknames_of()
    return [f"{nick} {family_name}" for given in given_names.split()
            for nick in sorted(nicknames.get(fold(given), ()))]


def _untitled(name: str) -> str:
    words = name.split()
    while words and words[0].lower().strip(".") in _TITLES:
        words = words[1:]
    return " ".join(words)


def _undouble(before: str, label: str) -> tuple[str, str]:
    """No doubled labels: "her partner Mother's partner" -> "her partner"; "neighbour
    Neighbour 1" -> "Neighbour 1"; "Midwife Midwife 1" -> "Midwife 1"."""
    head, indexed = _head(label)
    if not head:
        return before, label
    tail = before.rstrip(" ")
    if len(tail) == len(before):
        return before, label  # not preceded by a space: nothing doubled
    lowered = tail.lower()
    words = head.split()
    for n in range(len(words), 0, -1):
        phrase = " ".join(words[-n:])
        if lowered.endswith(phrase) and (len(lowered) == len(phrase)
                                         or not lowered[-len(phrase) - 1].isalnum()):
            if indexed:
                # The label says it better (it has the number): drop the role words.
                return tail[:len(tail) - len(phrase)], label
            if n == len(words) or n >= 1 and words[-1] == phrase.split()[-1]:
                return tail, ""  # "her partner Liam" -> "her partner"
    return before, label


def redaction_summary(counts: Counter[str],
                      decisions: Sequence[AnonymisationDecision]) -> dict[str, object]:
    """Kinds and counts removed, and the decisions (how many, of which kind, who, when):
    never the original values. Kept in the export's audit record."""
    dates = sorted(d.decided_at for d in decisions if d.decided_at)
    return {"removed": {k: counts[k] for k in sorted(counts)},
            "decisions": len(decisions),
            "decisions_by_kind": dict(sorted(Counter(d.decision.value for d in decisions)
                                             .items())),
            "decided_by": sorted({d.decided_by for d in decisions if d.decided_by}),
            "first_decided": dates[0] if dates else "", "last_decided": dates[-1] if dates else ""}


def redaction_section(counts: Counter[str],
                      decisions: Sequence[AnonymisationDecision]) -> Section:
    """The redaction log appended to a document: kinds and counts, no names of anyone."""
    from exports.identifiers import KIND_LABELS

    words = dict(KIND_LABELS, recorded="recorded person", person="person named in the text")
    rows = [Row([words.get(kind, kind).capitalize(), str(n)]) for kind, n in
            sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
    last = max((d.decided_at for d in decisions if d.decided_at), default="")[:10]
    text = (f"Identifiers replaced or removed in this document, by kind. The review author made "
            f"{len(decisions)} decision(s) about names, places and organisations found in the "
            f"case's text" + (f", the last on {last}" if last else "") + "; the original values "
            "are kept only in the encrypted case file.")
    return Section([Heading("Redaction log", 1), Paragraph(text),
                    Table([Column("Kind", 2.0), Column("Replaced or removed", 1.0)],
                          rows or [Row(["None", "0"])], caption="Redaction log")])
