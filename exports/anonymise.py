"""Anonymisation for published reviews, and the scan that proves it worked.

LCSPRs are published: every person becomes a consistent pseudonym by relationship ("Baby F",
"Mother", "Father", "Mother's partner"), practitioners become role + number ("GP1",
"Midwife 2"), dates of birth become ages, and addresses and document references go. Names typed
inside free text are replaced too: full names, given names alone, family names alone, "known as"
names, and possessives ("Kasia's" -> "Mother's", since the apostrophe is outside the match).

Matching is on the name as written (Capitalised or UPPER CASE), not case-blind, so that "the
price of cannabis" keeps its meaning when a man is called Price. The scan of the produced file
looks in the produced file's text for every name token (as written or in capitals), every part
of every address (case-blind), each date of birth in the usual written forms and every document
reference, and refuses the file on any hit.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable

from exports.document import (
    BulletList,
    Document,
    Figure,
    Heading,
    KeyValueList,
    Paragraph,
    Table,
)
from exports.errors import AnonymisationLeak
from exports.kinship import relationship_labels
from exports.rtl import has_rtl, visual
from storage.dates import MONTH_NAMES, PartialDate
from storage.ids import PersonId
from storage.snapshot import CaseSnapshot

ADDRESS_REMOVED = "[address removed]"
NAME_REMOVED = "[name removed]"
# Short tokens ("Al", "Jo") would match ordinary words; they are only replaced inside full names.
MIN_TOKEN = 3
# Staff, neighbours and others named by a title but never recorded in the case ("PC Smith",
# "Dr Okoro"): the post-export scan only knows recorded names, so remove these on sight.
_TITLED = re.compile(
    r"(?<!\w)(Dr|PC|PCSO|DC|DS|DI|DCI|Sgt|Insp|Nurse|Sister|Mr|Mrs|Ms|Miss|Mx)(\.?\s+)"
    r"([A-Z][a-z'’]+(?:-[A-Z][a-z'’]+)*(?: [A-Z][a-z'’]+(?:-[A-Z][a-z'’]+)*)?)"
)
_POSTCODE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b", re.IGNORECASE)
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


# Letters that Unicode does not decompose into a base letter plus an accent.
_UNACCENTED = str.maketrans({"Ł": "L", "ł": "l", "Ø": "O", "ø": "o", "Đ": "D", "đ": "d",
                             "Ħ": "H", "ħ": "h", "ı": "i"})


def _unaccented(token: str) -> str:
    """Agencies often type "Lukasz" or "Zoe" for Łukasz and Zoë: match those spellings too."""
    decomposed = unicodedata.normalize("NFKD", token.translate(_UNACCENTED))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _variants(token: str) -> list[str]:
    forms = [token, _unaccented(token)]
    # Word turns O'Brien into O’Brien as it is typed; agencies' text arrives with either.
    forms += [f.replace("'", "\u2019") for f in forms] + [f.replace("\u2019", "'") for f in forms]
    return list(dict.fromkeys(v for f in forms if f
                              for v in (f, f[:1].upper() + f[1:], f.upper())))


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


def _address_parts(address: str) -> list[str]:
    parts = []
    for part in re.split(r"[,\n]", address):
        part = part.strip()
        # "Flat 3", "14" say nothing alone; "88 Mill Road" -> also "Mill Road".
        street = re.sub(r"^(flat|apartment|unit)?\s*\d+[a-z]?\s*", "", part, flags=re.IGNORECASE)
        for candidate in (part, street):
            if len(candidate) >= 4 and not candidate.isdigit():
                parts.append(candidate)
    return parts


class Anonymiser:
    def __init__(self, snapshot: CaseSnapshot) -> None:
        self.snapshot = snapshot
        self.pseudonyms: dict[PersonId, str] = relationship_labels(snapshot)
        self.practitioners: dict[str, str] = {}
        counts: dict[str, int] = defaultdict(int)
        for practitioner in snapshot.practitioners:
            role = practitioner.role or "Practitioner"
            counts[role] += 1
            short = role.isupper() and len(role) <= 4
            self.practitioners[practitioner.name] = f"{role}{counts[role]}" if short \
                else f"{role} {counts[role]}"

        # name as written -> replacement; longer names first so a full name wins over its parts.
        replacements: dict[str, str] = {}
        token_owner: dict[str, set[str]] = defaultdict(set)
        self._scan_tokens: set[str] = set()
        named: list[tuple[str, str, list[str]]] = []
        for pid, person in snapshot.people.items():
            label = self.pseudonyms[pid]
            full = [person.full_name, f"{person.known_as} {person.family_name}".strip()]
            named.append((label, person.full_name, [n for n in full if n and "(" not in n]
                          + _tokens(person.given_names) + _tokens(person.family_name)
                          + _tokens(person.known_as)))
        for name, label in self.practitioners.items():
            named.append((label, name, [name] + _tokens(name)))
        for label, _full, names in named:
            for name in names:
                token_owner[name].add(label)
        for label, _full, names in named:
            for name in names:
                owners = token_owner[name]
                # A family name shared by several people cannot say which one is meant.
                replacements[name] = label if len(owners) == 1 else NAME_REMOVED
                if " " not in name:
                    self._scan_tokens.add(name)
            for name in names:
                if " " in name:
                    self._scan_tokens.update(_tokens(name))

        self._address_terms = sorted(
            {part for p in snapshot.people.values() for part in _address_parts(p.address)},
            key=len, reverse=True)
        self._dob_terms = sorted({form for p in snapshot.people.values()
                                  if p.date_of_birth for form in dob_forms(p.date_of_birth)},
                                 key=len, reverse=True)
        self._refs = sorted({e.source_ref for e in snapshot.entries if e.source_ref.strip()},
                            key=len, reverse=True)

        variants: dict[str, str] = {}
        for name, label in replacements.items():
            for v in _variants(name):
                variants.setdefault(v, label)
        ordered = sorted(variants, key=len, reverse=True)
        self._names = variants
        # "the baby's father Daniel" becomes "the baby's father Father", "Midwife Joanne
        # Whitfield" becomes "Midwife Midwife 1": drop the role word the label repeats.
        self._doubled = [
            (label, re.compile(rf"(?<!\w)(?i:{re.escape(label.split()[0])})\s+"
                               rf"(?={re.escape(label)}(?!\w))"))
            for label in sorted(set(replacements.values()), key=len, reverse=True)
            if label != NAME_REMOVED]
        self._name_re = self._alternation(ordered, 0)
        self._label_words = {w for label in set(replacements.values()) for w in label.split()}
        self._address_re = self._alternation(self._address_terms, re.IGNORECASE)
        self._dob_re = self._alternation(self._dob_terms, 0)
        self._ref_re = self._alternation(self._refs, 0)
        scan_names = {v for token in self._scan_tokens for v in _variants(token)}
        # Arabic and Urdu names are drawn in the PDF in shaped, visual order (exports/rtl.py).
        scan_names |= {visual(n) for n in list(scan_names) if has_rtl(n)}
        scan_names |= {part for n in list(scan_names) if has_rtl(n) for part in n.split()}
        self._scan_re = self._alternation(sorted(scan_names, key=len, reverse=True), 0)

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
        if self._ref_re is not None:
            text = self._ref_re.sub("[reference removed]", text)
        if self._dob_re is not None:
            text = self._dob_re.sub("[date of birth removed]", text)
        if self._address_re is not None:
            text = self._address_re.sub(ADDRESS_REMOVED, text)
        text = _POSTCODE.sub(ADDRESS_REMOVED, text)
        if self._name_re is not None:
            text = self._name_re.sub(lambda m: self._names[m.group(1)], text)
            for label, pattern in self._doubled:
                if label in text:
                    text = pattern.sub("", text)
        return _TITLED.sub(self._titled_name, text)

    def _titled_name(self, match: re.Match[str]) -> str:
        if match.group(3).split()[0] in self._label_words:  # "Mr Father": already a pseudonym
            return match.group(0)
        return f"{match.group(1)}{match.group(2)}{NAME_REMOVED}"

    def apply(self, document: Document) -> None:
        """Replace names, addresses, DOBs and references in every string of the document."""
        t = self.text
        document.title_page.title = t(document.title_page.title)
        document.title_page.subtitle = t(document.title_page.subtitle)
        document.title_page.details = [(t(a), t(b)) for a, b in document.title_page.details]
        for block in document.blocks():
            if isinstance(block, Heading | Paragraph):
                block.text = t(block.text)
            elif isinstance(block, BulletList):
                block.items = [t(i) for i in block.items]
            elif isinstance(block, KeyValueList):
                block.pairs = [(t(a), t(b)) for a, b in block.pairs]
            elif isinstance(block, Table):
                block.caption = t(block.caption)
                for row in block.rows:
                    row.cells = [t(c) for c in row.cells]
            elif isinstance(block, Figure):
                block.map_texts(t)  # caption, alt text, drawing labels, data table

    # Checking -----------------------------------------------------------------------------
    def leaks(self, text: str) -> list[str]:
        """Known names, addresses, DOBs or references still present in produced text."""
        found: list[str] = []
        for pattern in (self._scan_re, self._address_re, self._dob_re, self._ref_re):
            if pattern is not None:
                found.extend(m.group(1) for m in pattern.finditer(text))
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
