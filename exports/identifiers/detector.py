"""Find the identifiers in free text: known ones (recorded people, staff, decided names) and
candidates the author has to decide about.

Order matters, and each step only looks at text the earlier ones left:
1. shaped identifiers (e-mail, online name, date of birth after a cue, NHS number with a valid
   check digit, postcode, phone, case and crime numbers);
2. known names (exports.identifiers.names.NameMatcher) and known dates of birth in any
   written form;
3. places and organisations: capitalised words ending in a street, estate, school, nursery,
   surgery, hospital ... word, with a house number or "Flat 6," in front;
4. people: a title or rank and the capitalised words after it (PC 4471 Williams, Dr Okoro,
   mr hughes); a listed given or family name that is not an ordinary word, in any case
   ("sarah"); a name that is an ordinary word (Rose, Will, Hope, Pat) when capitalised and
   not used as the word; a rare capitalised word (wordfreq) that is no English word; any
   word in a non-Latin script. Neighbouring name words join into one name, and a
   double-barrelled name is one name.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from exports.identifiers import lexicon
from exports.identifiers.names import NAME_FOLLOWERS, NameMatcher, passive, word_use
from exports.identifiers.patterns import DIGIT, dates, shaped
from exports.identifiers.text import Folded, display_form
from exports.identifiers.tokens import Join, Token, tokens

PERSON, PLACE, ORGANISATION = "person", "place", "organisation"
RECORDED = "recorded"
# Kinds the author reviews (a name needs judgement); the shaped kinds are always identifying
# and are removed without asking.
REVIEWED_KINDS = (PERSON, PLACE, ORGANISATION)
SHAPED_KINDS = ("date_of_birth", "postcode", "phone", "nhs_number", "email", "reference",
                "handle")
KIND_LABELS = {PERSON: "person", PLACE: "place", ORGANISATION: "organisation",
               "date_of_birth": "date of birth", "postcode": "postcode", "phone": "phone number",
               "nhs_number": "NHS number", "email": "e-mail address",
               "reference": "case or crime number", "handle": "online name",
               RECORDED: "recorded person"}

TITLES = {
    "dr": "Doctor", "doctor": "Doctor", "pc": "Police officer", "pcso": "Police officer",
    "dc": "Police officer", "ds": "Police officer", "di": "Police officer",
    "dci": "Police officer", "dsupt": "Police officer", "supt": "Police officer",
    "sgt": "Police officer", "sergeant": "Police officer", "insp": "Police officer",
    "inspector": "Police officer", "constable": "Police officer", "cllr": "Councillor",
    "councillor": "Councillor", "nurse": "Nurse", "sister": "Nurse", "matron": "Nurse",
    "mr": "", "mrs": "", "ms": "", "miss": "", "mx": "", "master": "", "prof": "Doctor",
    "professor": "Doctor", "rev": "Minister", "reverend": "Minister", "judge": "Judge",
    "hhj": "Judge", "officer": "", "nan": "Relative", "nanna": "Relative", "nana": "Relative",
    "auntie": "Relative", "aunty": "Relative", "uncle": "Relative", "grandad": "Relative",
    "big": "", "little": "", "det": "Police officer", "detective": "Police officer",
    "wpc": "Police officer", "dsu": "Police officer", "fr": "Minister", "imam": "Minister",
    "pastor": "Minister", "rabbi": "Minister", "ps": "Police officer", "dcs": "Police officer",
    "pani": "",  # Polish "Mrs" ("Pani Kowalska")
}
# Titles that are ordinary words must be capitalised to count (Nurse Ann, not "a nurse").
_CASED_TITLES = {"ps", "sister", "nurse", "officer", "master", "judge", "doctor", "big", "little",
                 "detective", "pastor", "rabbi", "imam",
                 "constable", "sergeant", "inspector", "matron", "nan", "uncle", "auntie"}
# Words in front of a name that say who the person is: used for the suggested pseudonym.
ROLE_WORDS = {
    "neighbour": "Neighbour", "neighbours": "Neighbour", "cousin": "Relative",
    "uncle": "Relative", "aunt": "Relative", "auntie": "Relative", "nan": "Relative",
    "grandmother": "Relative", "grandfather": "Relative", "grandad": "Relative",
    "nanny": "Relative", "nana": "Relative", "nanna": "Relative", "grandma": "Relative",
    "grandpa": "Relative", "gran": "Relative", "granny": "Relative",
    "brother": "Relative", "sister": "Relative", "niece": "Relative", "nephew": "Relative",
    "in-law": "Relative", "great-grandmother": "Relative", "friend": "Friend",
    "partner": "Partner", "boyfriend": "Partner", "girlfriend": "Partner",
    "ex-partner": "Partner", "paramedic": "Paramedic", "teacher": "Teacher",
    "assistant": "Teacher", "worker": "Worker", "person": "Worker", "keyworker": "Worker",
    "officer": "Officer", "manager": "Manager", "caretaker": "Caretaker",
    "facilitator": "Worker", "advocate": "Advocate", "solicitor": "Solicitor",
    "midwife": "Midwife", "interpreter": "Interpreter", "chair": "Chair", "gp": "Doctor",
    "staff": "Worker", "dsl": "Teacher", "caller": "Caller", "witness": "Witness",
    "victim": "Victim", "son": "Relative", "daughter": "Relative", "wife": "Partner",
    "husband": "Partner", "called": "", "named": "", "name": "",
}
STREET_WORDS = frozenset("""street st road rd lane ln avenue ave close drive way crescent
court place grove gardens terrace row walk mews square hill park rise view parade vale estate
house towers lodge heights wharf quay yard mansions buildings cottages flats cottage farm
farmhouse manor rectory vicarage bungalow croft chase cl cres gdns terr ct sq""".split())
# A street word in lower case after a capitalised word is a street only when it is no verb
# or common noun there: "Mill road", but not "his mum Leanne walk him home".
_LOWER_STREET = frozenset("street st road rd lane ln avenue ave crescent terrace gardens "
                          "grove mews estate".split())
# Street words that name a thoroughfare: "Church Lane", "School Road" are addresses although
# every word before the street word is an organisation's ("Family Court" is not).
_THOROUGHFARES = frozenset("""street st road rd lane ln avenue ave close drive way crescent
grove gardens terrace row walk mews rise vale parade""".split())
ORG_WORDS = {
    "school": "School", "primary": "School", "juniors": "School", "infants": "School",
    "academy": "School", "college": "School",
    "nursery": "Nursery", "preschool": "Nursery", "surgery": "Surgery", "practice": "Surgery",
    "centre": "Centre", "center": "Centre", "hospital": "Hospital", "infirmary": "Hospital",
    "unit": "Health service", "ward": "Health service", "clinic": "Health service",
    "solicitors": "Solicitors", "project": "Service", "service": "Service",
    "services": "Service", "motors": "Business", "pub": "Pub", "hotel": "Business",
    "church": "Place of worship", "mosque": "Place of worship", "temple": "Place of worship",
    "gurdwara": "Place of worship", "club": "Club", "trust": "Organisation",
    "aid": "Service", "library": "Organisation", "council": "Organisation",
    "partnership": "Organisation", "board": "Organisation",
}
# Words that, alone before a keyword, name no place ("the Children's Centre", "High School").
_GENERIC = frozenset("""children community health medical day general primary secondary high
junior infant infants police social family local care mental city county new old main the
a this that his her their our my maternity baby sure start special""".split())
_CONNECTORS = frozenset({"of", "the", "and", "st", "c", "e", "de", "on", "upon", "in", "le"})
_ORG_PREFIX_WORDS = frozenset({"royal", "st", "saint"})
# A capitalised word that is neither a listed name nor an English word is listed when rarer
# than this inside a sentence ("Doyle" 3.7, "Okoro" 1.7; "Facebook" 4.9 and "Poland" 4.2 are
# public), and at the start of a sentence only when very rare (medical words such as
# "Antenatal", 2.5, start sentences; "Kowalczyk" is 1.9).
MIN_RARE_ZIPF = 4.0
MIN_RARE_ZIPF_AT_START = 2.3
# A listed family name this common ("Poland" 4.2, "London" 5.2) is a name only next to a
# given name, a title or a role word.
COMMON_PROPER_ZIPF = 4.2


@dataclass(slots=True)
class Finding:
    start: int  # display-form offsets
    end: int
    kind: str
    text: str
    key: str  # folded, for grouping and for matching later
    hint: str = ""  # suggested pseudonym word ("Neighbour", "Nursery", "Police officer")
    label: str = ""  # for known names: the pseudonym that replaces them
    title_start: int | None = None  # where a title in front of the name starts (display)


@dataclass(slots=True)
class Scan:
    """One text's findings, and the folded form they were found in."""

    text: str  # display form
    findings: list[Finding] = field(default_factory=list)


class Detector:
    def __init__(self, known: NameMatcher | None = None,
                 known_dates: dict[dt.date, str] | None = None) -> None:
        self.known = known or NameMatcher()
        self.known_dates = known_dates or {}

    def scan(self, raw: str) -> Scan:
        text = display_form(raw)
        out = Scan(text)
        if not text.strip():
            return out
        folded = Folded.of(text)
        skel = folded.skeleton
        toks = tokens(folded)
        _join_dotted_titles(toks, skel)
        used = [False] * len(toks)
        _skip_joined_words(toks, used)

        def cover(start: int, end: int) -> None:
            for t in toks:
                if t.start < end and start < t.end:
                    used[t.index] = True

        def add(start: int, end: int, kind: str, key: str | None = None, hint: str = "",
                label: str = "", title_start: int | None = None) -> None:
            if kind in (RECORDED, PERSON):
                start, end = _with_initials(skel, start, end)
                if title_start is None:
                    bare = _TITLE_AND_INITIAL.search(skel, max(0, start - 12), start)
                    if bare is not None:
                        title_start, start = bare.start(), bare.start("initial")
            s, e = folded.span(start, end)
            ts = folded.span(title_start, title_start + 1)[0] if title_start is not None \
                else None
            out.findings.append(Finding(s, e, kind, text[s:e],
                                        key if key is not None else " ".join(
                                            t.key for t in toks
                                            if start <= t.start and t.end <= end),
                                        hint, label, ts))
            cover(start, end)

        # 1. shaped identifiers, and dates that are a known person's date of birth
        written_dates = list(dates(skel)) if DIGIT.search(skel) is not None else []
        for found in shaped(skel, written_dates):
            add(found.start, found.end, found.kind)
        if self.known_dates:
            for start, end, meanings in written_dates:
                if any(used[t.index] for t in toks if t.start < end and start < t.end):
                    continue
                for day in meanings:
                    if day in self.known_dates:
                        add(start, end, "date_of_birth", label=self.known_dates[day])
                        break
        # 2. known names
        if self.known:
            free = [t for t in toks if not used[t.index]]
            matches = self.known.find(_renumbered(free))
            matched = {free[k].index for m in matches for k in range(m.first, m.last)}
            for match in matches:
                first, last = free[match.first], free[match.last - 1]
                given = _given_before(toks, first, match.last - match.first, used, matched)
                if given is not None:
                    # "Sarah Price", "Danny Price": someone with a recorded family name but a
                    # given name no recorded person has (the father's sister, or the father by
                    # a nickname). Labelled by the family name alone it read "Relative 3
                    # Father"; the author decides who it is.
                    add(given.start, last.end, PERSON, hint=_cue(toks, given.index),
                        title_start=_title_before(toks, given.index, used))
                    continue
                add(first.start, last.end, RECORDED, label=match.label,
                    title_start=_title_before(toks, first.index, used))
        # 3. places and organisations, 4. people
        for p_start, p_end, p_kind, p_key, p_hint in _places(toks, used):
            add(p_start, p_end, p_kind, p_key, p_hint)
        for start, end, kind, key, hint, _label, title in _people(toks, used, skel):
            add(start, end, kind, key, hint, title_start=title)
        out.findings.sort(key=lambda f: f.start)
        return out


_INITIAL_BEFORE = re.compile(r"(?<![\w.'])(?:[A-Z]\. ?)+$")
# "Mr L Carter": a capital alone after a title is an initial even without its full stop.
_TITLE_AND_INITIAL = re.compile(r"(?<![\w.'])(?i:mr|mrs|ms|miss|mx|dr|prof)\.? "
                                r"(?P<initial>(?:[A-Z] ){1,2})$")
_INITIAL_AFTER = re.compile(r"^ (?!I\.)[A-Z]\.(?!\w)")


def _with_initials(skel: str, start: int, end: int) -> tuple[int, int]:
    """A name with its initials: "L. Carter", "J. R. Smith", "Kasia N." (an initial left
    beside a pseudonym still points at the person, and reads "L. Mother's partner")."""
    before = _INITIAL_BEFORE.search(skel, max(0, start - 12), start)
    if before is not None and skel[start - 1:start] == " " or before is not None and \
            before.end() == start and skel[before.start():start].endswith(". "):
        start = before.start()
    after = _INITIAL_AFTER.match(skel[end:end + 3])
    if after is not None:
        end += after.end()
    if skel[start:end].isupper() and end - start > 2:
        # Police systems: "S BRENNAN", "BRENNAN S": a bare initial beside a name in capitals.
        if start >= 2 and skel[start - 1] == " " and skel[start - 2].isupper() and \
                skel[start - 2] not in "AI" and (
                start == 2 or not skel[start - 3].isalnum() and skel[start - 3] not in ".'"):
            start -= 2
        if len(skel) >= end + 2 and skel[end] == " " and skel[end + 1].isupper() and \
                skel[end + 1] not in "AI" and (
                len(skel) == end + 2 or not skel[end + 2].isalnum()):
            end += 2
    return start, end


def _skip_joined_words(toks: list[Token], used: list[bool]) -> None:
    """A camel-case word that is a stop word whole ("TikTok" splits into Tik|Tok) is no name."""
    i = 0
    while i < len(toks):
        k = i
        while k + 1 < len(toks) and toks[k + 1].join_before is Join.JOINED:
            k += 1
        if k > i and "".join(t.key for t in toks[i:k + 1]) in lexicon.STOP_WORDS:
            for m in range(i, k + 1):
                used[m] = True
        i = k + 1


def _join_dotted_titles(toks: list[Token], skel: str) -> None:
    """"Dr. Adebayo", "Sgt. Bhatt": the full stop after a title does not end the sentence
    (unless a pronoun or function word follows: "seen by the Dr. She said")."""
    for a, b in zip(toks, toks[1:], strict=False):
        if b.join_before is Join.BREAK and skel[a.end:b.start] == ". " and _is_title(a) and \
                b.key not in lexicon.STOP_WORDS:
            b.join_before = Join.SPACE
            b.sentence_start = False


def _given_before(toks: list[Token], first: Token, length: int, used: list[bool],
                  matched: set[int]) -> Token | None:
    """A listed given name, matched to no one, just before a recorded family name matched
    alone."""
    if length != 1 or first.index == 0 or first.join_before is not Join.SPACE or \
            first.key not in lexicon.family_names():
        return None
    prev = toks[first.index - 1]
    if used[prev.index] or prev.index in matched or not prev.capitalised or not prev.alpha \
            or prev.possessive or prev.key in lexicon.STOP_WORDS or _is_title(prev) or \
            prev.key not in lexicon.given_names() or lexicon.is_ordinary(prev.key):
        return None
    return prev


def _renumbered(toks: list[Token]) -> list[Token]:
    """Tokens with gaps where earlier findings took words: the matcher sees a break there."""
    out: list[Token] = []
    previous = None
    for t in toks:
        copy = Token(t.start, t.end, t.text, t.key, t.join_before, t.sentence_start, len(out),
                     t.possessive, t.comma_before)
        if previous is not None and previous.index + 1 != t.index:
            copy.join_before = Join.BREAK
            copy.comma_before = False
        out.append(copy)
        previous = t
    return out


def _title_before(toks: list[Token], i: int, used: list[bool]) -> int | None:
    j = i - 1
    while j >= 0 and toks[j].text.isdigit() and toks[j + 1].join_before is Join.SPACE:
        j -= 1  # PC 4471 Williams
    if j >= 0 and not used[j] and _is_title(toks[j]) and toks[j + 1].join_before in (
            Join.SPACE, Join.JOINED) and j != i:
        while j > 0 and not used[j - 1] and _is_title(toks[j - 1]) and \
                toks[j].join_before is Join.SPACE:
            j -= 1  # "Det Sgt Ward": every title goes with the name
        return toks[j].start
    return None


def _is_title(tok: Token) -> bool:
    key = tok.key
    if key not in TITLES:
        return False
    if key in _CASED_TITLES and not tok.capitalised:
        return False
    return True


def _places(toks: list[Token],
            used: list[bool]) -> Iterable[tuple[int, int, str, str | None, str]]:
    n = len(toks)
    i = 0
    while i < n:
        tok = toks[i]
        keyword = tok.key in STREET_WORDS or tok.key in ORG_WORDS
        if used[i] or not keyword or (i > 0 and toks[i].join_before is Join.BREAK):
            i += 1
            continue
        # Walk back over the capitalised words of the name.
        j = i
        while j > 0 and not used[j - 1] and toks[j].join_before in (Join.SPACE, Join.HYPHEN):
            prev = toks[j - 1]
            if prev.possessive and j - 1 != i - 1 and not prev.capitalised:
                break
            if prev.capitalised or (prev.key in _CONNECTORS and j - 1 > 0
                                    and toks[j - 2].capitalised):
                if prev.key in lexicon.STOP_WORDS and prev.key not in _CONNECTORS:
                    break
                j -= 1
                continue
            break
        while j < i and toks[j].key in _CONNECTORS and toks[j].key not in ("st",) and not (
                toks[j].key == "the" and toks[j].capitalised and not toks[j].sentence_start):
            j += 1  # "at The Elms Surgery": a capitalised The is part of the name
        words = toks[j:i + 1]
        names = [w for w in words if w.key not in STREET_WORDS and w.key not in ORG_WORDS
                 and w.key not in _CONNECTORS]
        specific = [w for w in names if w.key not in _GENERIC]
        lower_keyword = not tok.capitalised
        possessed = lower_keyword and len(words) > 1 and words[-2].possessive
        street_of_org = tok.capitalised and tok.key in _THOROUGHFARES and any(
            w.key in ORG_WORDS and w.capitalised for w in words[:-1])
        if lower_keyword and tok.key not in _LOWER_STREET and tok.key not in ORG_WORDS:
            i += 1
            continue
        if not (specific or street_of_org) or possessed or (lower_keyword and not names
                                                            and not street_of_org):
            i += 1
            continue
        # Keywords after this one belong to the same name: "Day Nursery", "Medical Centre".
        k = i
        while k + 1 < n and not used[k + 1] and toks[k + 1].join_before is Join.SPACE and (
                toks[k + 1].key in STREET_WORDS or toks[k + 1].key in ORG_WORDS) and \
                toks[k + 1].capitalised == tok.capitalised:
            k += 1
        # "Holloway Road Medical Centre": a street name can begin an organisation's name.
        ahead = k
        while ahead + 1 < n and ahead - k < 3 and not used[ahead + 1] and \
                toks[ahead + 1].join_before is Join.SPACE and toks[ahead + 1].capitalised and (
                    toks[ahead + 1].key in _GENERIC or toks[ahead + 1].key in ORG_WORDS):
            ahead += 1
            if toks[ahead].key in ORG_WORDS:
                k = ahead
        start = j
        # A house number ("14", "3b", "14A"), and "Flat 6, " before a building's name.
        number = _house_number_before(toks, start, used)
        flat = number < start and number > 0 and toks[number - 1].key in _FLAT_WORDS and \
            not used[number - 1]
        if number < start and (toks[start].join_before is Join.SPACE or flat):
            start = number - 1 if flat else number
        # "Flat 2, 41 Victoria Terrace": a flat number before the house number.
        number = _house_number_before(toks, start, used)
        if not flat and 0 < number < start and toks[number - 1].key in _FLAT_WORDS and \
                not used[number - 1]:
            start = number - 1
        last = toks[k]
        kind = PLACE if last.key in STREET_WORDS else ORGANISATION
        hint = "Address" if kind == PLACE else ORG_WORDS.get(last.key, "Organisation")
        if last.key == "estate":
            hint = "Estate"
        yield (toks[start].start, last.end, kind, None, hint)
        for m in range(start, k + 1):
            used[m] = True
        i = k + 1
    # "The Crown", "The Bridge": a capitalised "The" inside a sentence starts a name.
    for i, tok in enumerate(toks):
        if used[i] or tok.key != "the" or not tok.capitalised or tok.sentence_start:
            continue
        k = i
        while k + 1 < n and not used[k + 1] and toks[k + 1].capitalised and \
                toks[k + 1].join_before is Join.SPACE and toks[k + 1].alpha:
            k += 1
        if k > i:
            number = _house_number_before(toks, i, used)
            if number < i:  # "42 The Green": an address
                yield (toks[number].start, toks[k].end, PLACE, None, "Address")
            else:
                yield (tok.start, toks[k].end, ORGANISATION, None, "Organisation")
            for m in range(min(number, i), k + 1):
                used[m] = True


_FLAT_WORDS = ("flat", "apartment", "unit", "room")
_PLACE_CUES = frozenset({"in", "near", "around"})
# Titles that are no English word: "dr smith" in lower case is still Dr Smith ("miss green"
# is not in the list: "they miss green vegetables").
_LOWER_TITLE_ZIPF = 5.5  # "dr smith" (4.9), "dr brown" (5.0); not "dr said" (6.0), "dr came"
_LOWER_TITLES = frozenset({"dr", "mr", "mrs", "ms", "mx", "pc", "dc", "ds", "di", "dci", "sgt",
                           "cllr", "pcso", "insp", "supt"})


def _house_number_before(toks: list[Token], start: int, used: list[bool]) -> int:
    """The first token of a house number just before toks[start] ("14", "3b": the tokenizer
    splits a number from its letter), or start when there is none."""
    k = start - 1
    if k > 0 and len(toks[k].text) == 1 and toks[k].alpha and \
            toks[k].join_before is Join.JOINED and toks[k - 1].text.isdigit():
        k -= 1
    if k >= 0 and toks[k].text.isdigit() and not used[k] and not used[k + 1]:
        return k
    return start


def _wordish(tok: Token) -> bool:
    """Letters, with an apostrophe inside (O'Brien) allowed."""
    return tok.text.replace("'", "").isalpha()


def _name_like(tok: Token, previous_is_name: bool, cued: bool, following: Token | None,
               after: Token | None = None) -> bool:
    """Is this word (alone) a person's name? (`after`: the word after `following`.)"""
    key = tok.key
    if not _wordish(tok):
        return False
    if not tok.latin:
        return True  # a word in another script in an English return: a name
    if len(key) < 2 or key in lexicon.STOP_WORDS and not (cued and tok.capitalised):
        return False
    given = key in lexicon.given_names()
    family = key in lexicon.family_names()
    ordinary = lexicon.is_ordinary(key)
    next_name = following is not None and following.upper and following.join_before is \
        Join.SPACE and lexicon.is_name(following.key)
    if tok.upper and not previous_is_name and (not (given or family)
                                               or len(key) <= 4 and not (cued or next_name)):
        return False  # acronyms: MASH, DASH, CPS; agency prefixes POL, EDU (also names)
    if not ordinary:
        if family and not given and not (previous_is_name or cued) and \
                lexicon.zipf(key) >= COMMON_PROPER_ZIPF:
            return False  # Poland, London, Jordan-as-country are family names in the lists
        if given or family:
            return len(key) >= 3 or tok.capitalised
        if tok.capitalised and (len(key) >= 3 or previous_is_name and not tok.upper):
            if previous_is_name or cued:
                return True  # "Li Na": a short word after a name is part of it
            if tok.sentence_start and following is not None and \
                    following.join_before is Join.SPACE and following.key in NAME_FOLLOWERS \
                    and not passive(following, after):
                return True  # "Oakley filmed it": a rare word doing what people do
            limit = MIN_RARE_ZIPF_AT_START if tok.sentence_start else MIN_RARE_ZIPF
            return lexicon.zipf(key) < limit
        return False
    # An ordinary word: a name only when capitalised and used as a name.
    if not tok.capitalised:
        return False
    if previous_is_name and family:
        return True  # Linda Price, Rose Kelly, Amy Shaw
    if not given:
        return False
    if tok.sentence_start and not cued:
        # "Grace's mother said": a possessive is someone's.
        return tok.possessive or following is not None and not word_use(tok, following) and (
            following.key in NAME_FOLLOWERS and not passive(following, after)
            or following.capitalised or following.join_before is Join.BREAK)
    return True



# Words that introduce a nickname: any capitalised word after them is a name ("known as
# 'Smudge'", "goes by Tank", "nicknamed Tiny"), though it is an ordinary word.
_NICKNAME_CUES = {("aka",), ("a.k.a",), ("nicknamed",), ("nickname",), ("known", "as"),
                  ("goes", "by"), ("go", "by"), ("went", "by"), ("calls", "himself"),
                  ("calls", "herself"), ("called", "himself"), ("called", "herself")}


PersonSpan = tuple[int, int, str, str, str, str, int | None]


def _people(toks: list[Token], used: list[bool], skel: str) -> Iterable[PersonSpan]:
    n = len(toks)
    i = 0
    while i < n:
        tok = toks[i]
        if used[i]:
            i += 1
            continue
        title = _is_title(tok) and i + 1 < n and not used[i + 1] and (
            toks[i + 1].join_before is Join.SPACE or  # "PC5520": a collar number joined
            toks[i + 1].join_before is Join.JOINED and toks[i + 1].text.isdigit())
        cue_word = _cue(toks, i)
        start = i
        j = i
        hint = ""
        number: int | None = None
        last_title = ""
        if title:
            j = i + 1
            while j + 1 < n and not used[j] and _is_title(toks[j]) and \
                    toks[j].join_before is Join.SPACE and toks[j + 1].join_before is Join.SPACE:
                j += 1  # "Det Sgt Ward", "Senior Nurse": the last title says who it is
            last_title = toks[j - 1].key
            while j < n and toks[j].text.isdigit() and (toks[j].join_before is Join.SPACE or
                                                        j == i + 1):
                number = j if number is None else number
                j += 1  # PC 4471 Williams: the collar number identifies the officer too
            # "PS" is also a postscript ("PS Call me"): a sergeant only before a collar
            # number or a name.
            postscript = tok.key == "ps" and number is None and j < n and \
                lexicon.is_ordinary(toks[j].key) and not lexicon.is_name(toks[j].key)
            # Not across a full stop: "PC5520. Subject S BRENNAN" is two people.
            if j < n and not used[j] and not postscript and \
                    toks[j].join_before is not Join.BREAK and (
                    toks[j].capitalised or not toks[j].latin or (
                    not tok.capitalised and _name_like(toks[j], False, True, None)) or (
                    tok.key in _LOWER_TITLES and toks[j].key in lexicon.family_names()
                    and toks[j].key not in lexicon.STOP_WORDS
                    and lexicon.zipf(toks[j].key) < _LOWER_TITLE_ZIPF)) and \
                    _wordish(toks[j]):
                hint = TITLES[last_title] or TITLES[tok.key]
                k = j
                while k + 1 < n and not used[k + 1] and toks[k + 1].join_before in (
                        Join.SPACE, Join.HYPHEN) and _wordish(toks[k + 1]) and (
                        toks[k + 1].capitalised or not tok.capitalised and
                        _name_like(toks[k + 1], True, True, None)) and \
                        toks[k + 1].key not in lexicon.STOP_WORDS and not (
                            # In capitals every word is capitalised: "MR JOHN SMITH
                            # ATTENDED" ends at SMITH.
                            toks[k + 1].upper and lexicon.is_ordinary(toks[k + 1].key)
                            and not lexicon.is_name(toks[k + 1].key)):
                    k += 1
                yield _person(toks, j if number is None else number, k,
                              hint or cue_word or "Person", title_tok=start)
                for m in range(start, k + 1):
                    used[m] = True
                i = k + 1
                continue
        if title and number is not None and TITLES.get(last_title) == "Police officer" and \
                len(toks[number].text) >= 3 and (j >= n or not used[j]):
            # "Attended by PC 4471": the collar number alone names the officer.
            if toks[number].join_before is Join.JOINED:  # "PC5520" is one word
                yield _person(toks, start, j - 1, "Police officer")
            else:
                yield _person(toks, number, j - 1, "Police officer", title_tok=start)
            for m in range(start, j):
                used[m] = True
            i = j
            continue
        if title or _is_title(tok):
            i += 1  # a title with no name after it ("Det" before a recorded "Sgt Lloyd")
            continue
        # A word already taken (a registration mark after "Van") says nothing about this one.
        following = toks[i + 1] if i + 1 < n and not used[i + 1] else None
        # "J. R. Smith": initials before a capitalised word make it a name.
        initialled = tok.capitalised and i > 0 and len(toks[i - 1].text) == 1 and \
            toks[i - 1].text.isupper() and toks[i - 1].end + 2 == tok.start and \
            skel[toks[i - 1].end] == "." and \
            tok.alpha and len(tok.key) > 1 and not tok.upper and \
            tok.key not in lexicon.STOP_WORDS and lexicon.is_name(tok.key)
        nicknamed = tok.capitalised and tok.alpha and len(tok.key) > 1 and \
            tok.key not in lexicon.STOP_WORDS and (_after_nickname_cue(toks, i)
                                                   or _family_plural(toks, i))
        after = toks[i + 2] if following is not None and i + 2 < n else None
        if not (initialled or nicknamed) and not _name_like(tok, False, bool(cue_word),
                                                           following, after) or \
                _named_law(toks, i) or _acronym(toks, i):
            i += 1
            continue
        k = i
        while k + 1 < n and not used[k + 1] and toks[k + 1].join_before in (
                Join.SPACE, Join.HYPHEN, Join.JOINED):
            nxt = toks[k + 1]
            if (nxt.key in _PARTICLES and not nxt.capitalised or nxt.key in _GAELIC) and \
                    k + 2 < n and \
                    not used[k + 2] and toks[k + 2].join_before in (Join.SPACE, Join.HYPHEN) \
                    and toks[k + 2].capitalised and _wordish(toks[k + 2]):
                k += 2  # "Maria de Souza", "Ahmed el-Sayed": one name
                continue
            joined = nxt.join_before in (Join.HYPHEN, Join.JOINED)
            if joined or (_name_like(nxt, True, True, toks[k + 2] if k + 2 < n else None)
                          and (nxt.capitalised == tok.capitalised or not nxt.latin)):
                k += 1
                continue
            break
        # A double-barrelled name is one name even when only one half looked like a name.
        while start > 0 and toks[start].join_before in (Join.HYPHEN, Join.JOINED) and \
                not used[start - 1]:
            start -= 1
        found = _person(toks, start, k, cue_word)
        if not cue_word and start > 0 and toks[start - 1].key in _PLACE_CUES and \
                toks[start].join_before is Join.SPACE and toks[start].capitalised:
            # "arrested in Hounslow": a place, so its pseudonym reads "Place 1", not a person.
            found = found[:2] + (PLACE, found[3], "Place") + found[5:]
        yield found
        for m in range(start, k + 1):
            used[m] = True
        i = k + 1


# Small words inside a family name (Maria de Souza, Ruud van Nistelrooy, Ahmed el-Sayed).
_PARTICLES = frozenset("de da del della di du dos das van von der den la le el al bin ibn "
                       "ben ter ten ap ab".split())
# Irish and Scottish Gaelic ones, written with a capital: Seán Ó Briain, Aoife Ní Bhriain.
_GAELIC = frozenset("o ni nic ui mhic".split())


def _family_plural(toks: list[Token], i: int) -> bool:
    """"the Bishops opposite", "the Youngs": a family by its name, though the name is a word
    (a capitalised plural inside a sentence, after a small "the")."""
    tok = toks[i]
    return i > 0 and not tok.sentence_start and not tok.upper and tok.key.endswith("s") and \
        len(tok.key) > 4 and toks[i - 1].text == "the" and \
        tok.join_before is Join.SPACE and tok.key[:-1] in lexicon.family_names()


def _after_nickname_cue(toks: list[Token], i: int) -> bool:
    if i == 0 or toks[i].join_before is not Join.SPACE:
        return False
    one = (toks[i - 1].key,)
    two = (toks[i - 2].key, toks[i - 1].key) if i > 1 and \
        toks[i - 1].join_before is Join.SPACE else ()
    return one in _NICKNAME_CUES or two in _NICKNAME_CUES


def _named_law(toks: list[Token], i: int) -> bool:
    """Clare's Law, Sarah's Law: schemes named after someone, public and not identifying."""
    nxt = toks[i + 1] if i + 1 < len(toks) else None
    return toks[i].possessive and nxt is not None and nxt.key in ("law", "act", "scheme")


def _acronym(toks: list[Token], i: int) -> bool:
    """OASys, MyChildcare: one written word with several capitals is a system's name."""
    first = i
    while first > 0 and toks[first].join_before is Join.JOINED:
        first -= 1
    last = i
    while last + 1 < len(toks) and toks[last + 1].join_before is Join.JOINED:
        last += 1
    word = "".join(t.text for t in toks[first:last + 1])
    return first != last and word.isalpha() and sum(c.isupper() for c in word) >= 3


def _cue(toks: list[Token], i: int) -> str:
    """A role word just before a name ("neighbour Pat", "uncle Will", "a man called Gaz")."""
    j = i - 1
    while j >= 0 and i - j <= 2:
        if toks[j + 1].join_before is Join.BREAK:
            return ""
        role = ROLE_WORDS.get(toks[j].key)
        if role is not None and (role or j == i - 1):  # "called Gaz", not "name on Facebook"
            return role or "Person"
        j -= 1
    return ""


def _person(toks: list[Token], first: int, last: int, hint: str,
            title_tok: int | None = None) -> PersonSpan:
    key = " ".join(t.key for t in toks[first:last + 1])
    title_start = toks[title_tok].start if title_tok is not None else None
    return (toks[first].start, toks[last].end, PERSON, key, hint, "", title_start)
