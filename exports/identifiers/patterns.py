"""Identifiers with a shape: postcodes, phone numbers, NHS numbers, e-mail addresses, online
names, case and crime numbers, dates (of birth). Found on the skeleton text (look-alike
letters folded, case kept), so "ΕΒ4 2QT" in Greek capitals is a postcode too.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass

from storage.dates import MONTH_NAMES

POSTCODE = re.compile(r"(?<![A-Za-z0-9])([A-Za-z]{1,2}\d[A-Za-z\d]?) ?(\d[A-Za-z]{2})"
                      r"(?![A-Za-z0-9])")
EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# Written out to dodge filters: "jbloggs at hotmail dot com", "j.bloggs [at] gmail [dot] co
# [dot] uk". "at ... dot" around a one-word host is never ordinary English.
SPELT_EMAIL = re.compile(
    r"(?i)(?<![\w.+-])[\w.+-]+\s*(?:\[at\]|\(at\)|\bat\b)\s*[\w-]+"
    r"(?:\s*(?:\[dot\]|\(dot\)|\bdot\b)\s*[a-z]{2,6}\b)+")
# A social-media profile address: the path names the person.
PROFILE_URL = re.compile(
    r"(?i)(?<![\w.])(?:https?://)?(?:www\.|m\.)?(?:facebook|fb|instagram|tiktok|snapchat|"
    r"twitter|x|youtube|linkedin|threads)\.com/@?[\w.-]*\w(?:/[\w.-]*\w)*")
# An online name written without "@" after the word that introduces it ("user kaz.loves.u",
# "Snapchat username jayden_x99"): only when it has a dot, underscore or digit in it.
# The platform's own name introduces one too, in the short forms notes use ("Snap kayz_xo",
# "insta kaydee.x").
HANDLE_CUE = re.compile(
    r"(?i)\b(?:(?:user|username|user name|account|handle|profile|gamertag|snap|snapchat|"
    r"insta|instagram|ig|tiktok|tik tok|fb|facebook|twitter|discord|telegram|kik|xbox|psn)"
    r"\s*[:]?\s+(?:(?:name\s+)?(?:is|was)\s+)?)+"
    r"([A-Za-z0-9][\w.]{2,29}[A-Za-z0-9_])(?![\w@])")
# UK registration marks since 2001 (AB12 CDE), capitals only. Not the older prefix style
# (A123 BCD): the scan reads the whole written file, and "A4 PDF" has that shape.
VEHICLE = re.compile(r"(?<![\w-])[A-Z]{2}\d{2} ?[A-Z]{3}(?![\w-])")
# In lower case ("reg yx66 abc") only after a word that says it is one.
VEHICLE_CUED = re.compile(r"(?i)\b(?:reg|registration|vrm|index|vehicle|car|van|plates?)"
                          r"(?:\s+(?:no\.?|number|mark))?\s*[:.]?\s+"
                          r"([a-z]{2}\d{2} ?[a-z]{3})(?![\w-])")
# National Insurance numbers (HMRC's prefix rules, spaces optional).
NI_NUMBER = re.compile(r"(?<![\w-])[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?\d{2} ?\d{2} ?\d{2} ?"
                       r"[A-D](?![\w-])")
# In lower case too ("jg 10 37 59 b"): the shape is no English, in one case or the other.
NI_ANY_CASE = re.compile(NI_NUMBER.pattern, re.IGNORECASE)
# Postcode areas: a postcode in mixed case ("Eb4 2qt") counts only with a real area.
POSTCODE_AREAS = frozenset("""AB AL B BA BB BD BH BL BN BR BS BT CA CB CF CH CM CO CR CT CV CW
DA DD DE DG DH DL DN DT DY E EC EH EN EX FK FY G GL GU HA HD HG HP HR HS HU HX IG IP IV KA KT
KW KY L LA LD LE LL LN LS LU M ME MK ML N NE NG NN NP NR NW OL OX PA PE PH PL PO PR RG RH RM
S SA SE SG SK SL SM SN SO SP SR SS ST SW SY TA TD TF TN TQ TR TS TW UB W WA WC WD WF WN WR WS
WV YO ZE GY JE IM""".split())
# Part of a postcode: the outward code, or it and the sector digit ("the LS6 area", "postcode
# LS6", "LS6 2"), in capitals and with a real postcode area. Alone, "M1", "B12" and "CO2"
# are roads, vitamins and gases, so the outward code counts only with a word that makes it
# a place, or with its sector digit (and then only with a two-letter area: "B12 3 times").
PARTIAL_POSTCODE = re.compile(r"(?<![A-Za-z0-9])([A-Z]{1,2})\d[A-Z\d]?(?:(?P<word> +(?:area|"
                              r"postcode|district)\b)| (?P<sector>\d)(?![A-Za-z0-9])"
                              r"|(?![A-Za-z0-9]))")
_POSTCODE_BEFORE = re.compile(r"(?i)\bpost ?codes?(?: area| district)?\s*[:]?\s*$")
HANDLE = re.compile(r"(?<![\w@.])@[A-Za-z0-9_.]{2,30}(?<!\.)")
NHS = re.compile(r"(?<![\d-])(\d{3})[ -]?(\d{3})[ -]?(\d{4})(?![\d-])")
# A code with a digit in it and a letter or separator, e.g. CR/2026/004512, EB26C00123,
# INT-77120, HS/KN/2291, 14/23456/26: at least four digits in all.
CODE = re.compile(r"(?<![\w/-])(?=[\w/-]*\d)[A-Za-z0-9]+(?:[/-][A-Za-z0-9]+)+(?![\w/-])"
                  r"|(?<![\w/-])(?=[A-Za-z]*\d)(?=\w*[A-Za-z])[A-Za-z]{1,4}\d[A-Za-z0-9]{4,}(?![\w/-])")
# Words that announce a reference: the next code or number after them is one.
REFERENCE_CUE = re.compile(
    r"(?i)\b(?:crime|case|incident|custody|intelligence|int|occurrence|cad|log|urn|ref|"
    r"reference|hospital|court|police|record|file|claim|our|your)\b(?:\s+(?:no\.?|number|"
    r"ref\.?|reference|log|record|id))?\s*[:#.]?\s*"
    r"(\d{3,}(?:[/-][A-Za-z0-9]+)*(?: of \d{1,2}/\d{1,2}/\d{2,4})?"
    r"|[A-Za-z0-9]*\d[A-Za-z0-9/-]{2,})")
DOB_CUE = re.compile(r"(?i)\b(?:d\.?o\.?b\.?|date of birth|born(?: on| in)?(?: the (?:spring|"
                     r"summer|autumn|winter|start|end|middle|beginning) of)?|"
                     r"birthday(?: is)?|b\.)\s*(?:is\s+|was\s+|given as\s+|[:(]\s*)?$")

_MONTHS = "|".join(f"{m[:3]}(?:{m[3:]})?" if len(m) > 3 else m for m in MONTH_NAMES)
_MONTHS = _MONTHS.replace("Sep(?:tember)?", "Sept?(?:ember)?")
_ORD = r"(?:st|nd|rd|th)?"
DATE = re.compile(
    rf"(?i)(?<![\w/.-])(?:"
    rf"(?P<d1>\d{{1,2}}){_ORD}(?:\s+of)?[\s-]+(?P<m1>{_MONTHS})\.?,?[\s-]+(?P<y1>\d{{4}}|\d{{2}})"
    rf"|(?P<m2>{_MONTHS})\.?\s+(?P<d2>\d{{1,2}}){_ORD},?\s+(?P<y2>\d{{4}})"
    rf"|(?P<d3>\d{{1,2}})[./-](?P<m3>\d{{1,2}})[./-](?P<y3>\d{{4}}|\d{{2}})"
    rf"|(?P<y4>\d{{4}})-(?P<m4>\d{{2}})-(?P<d4>\d{{2}})"
    rf")(?![\w/-])")
# A month and year ("January 1998"): a date of birth only after a cue ("born in").
MONTH_YEAR = re.compile(rf"(?i)(?<![\w/.-])(?:{_MONTHS})\.?,?\s+(?:19|20)\d{{2}}(?![\w/-])")
# A year alone ("born 1998", "DOB 1998"): with the year of an entry it gives the age, which
# with the family's other facts narrows who it is; only after a cue, like a month and year.
BARE_YEAR = re.compile(r"(?<![\w/.-])(?:19|20)\d{2}(?![\w/-])")
# A birthday without its year ("birthday 14th Feb", "turned 22 on 2 August"): with the age
# beside it, it is the date of birth. A chronology is full of day-and-month dates, so only
# after a word that makes it a birthday.
DAY_MONTH = re.compile(rf"(?i)(?<![\w/.-])(?:\d{{1,2}}{_ORD}(?:\s+of)?[\s-]+(?:{_MONTHS})"
                       rf"|(?:{_MONTHS})\.?\s+\d{{1,2}}{_ORD})(?![\w/-])")
BIRTHDAY_CUE = re.compile(r"(?i)\b(?:d\.?o\.?b\.?|date of birth|born(?: on)?|birthday|b'?day|"
                          r"turn(?:ed|s|ing) \d{1,3}(?: years old)?(?: on)?)"
                          r"\s*(?:is\s+|was\s+|on\s+|[:(]\s*)?$")


DIGIT = re.compile(r"\d")  # most shapes need one: a search is cheaper than trying each


# A date written without separators (ddmmyyyy, ddmmyy): a date of birth only after a cue.
COMPACT_DATE = re.compile(r"(?<![\w/.-])(\d{2})(\d{2})(\d{4}|\d{2})(?![\w/-])")


def _compact_date_valid(m: re.Match[str]) -> bool:
    day, month, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
    if len(m.group(3)) == 4 and not 1900 <= year <= 2100:
        return False
    try:
        dt.date(2000 if len(m.group(3)) == 2 else year, month, day)
    except ValueError:
        return False
    return True


@dataclass(slots=True)
class Shaped:
    start: int
    end: int
    kind: str


def month_number(name: str) -> int:
    name = name.lower()[:3]
    for n, month in enumerate(MONTH_NAMES, 1):
        if month.lower().startswith(name):
            return n
    raise ValueError(name)


def parse_date(match: re.Match[str]) -> list[dt.date]:
    """The dates a written date can mean (a two-digit year can be 19xx or 20xx)."""
    g = match.groupdict()
    for n in "1234":
        if g.get(f"y{n}"):
            day, month, year = g[f"d{n}"], g[f"m{n}"], g[f"y{n}"]
            break
    else:
        return []
    m = int(month) if month.isdigit() else month_number(month)
    years = [int(year)] if len(year) == 4 else [1900 + int(year), 2000 + int(year)]
    out = []
    for y in years:
        try:
            out.append(dt.date(y, m, int(day)))
        except ValueError:
            pass
    return out


def dates(text: str) -> Iterator[tuple[int, int, list[dt.date]]]:
    for match in DATE.finditer(text):
        found = parse_date(match)
        if found:
            yield match.start(), match.end(), found


def nhs_valid(digits: str) -> bool:
    """The NHS number's modulus-11 check digit."""
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(d) * (10 - i) for i, d in enumerate(digits[:9]))
    check = 11 - total % 11
    check = 0 if check == 11 else check
    return check != 10 and check == int(digits[9])


# Up to two separators between digits: "+44 (0)7700 900987", "(0113) 496 0500".
_PHONE_LIKE = re.compile(r"(?:\+|\b0)\d(?:[\s().-]{0,2}\d){8,}")


def phones(text: str) -> Iterator[tuple[int, int]]:
    """UK and international phone numbers (libphonenumber's matcher, GB as the default)."""
    if _PHONE_LIKE.search(text) is None:
        return  # libphonenumber's matcher is the slow part: only call it where a number is
    import phonenumbers

    for match in phonenumbers.PhoneNumberMatcher(text, "GB",
                                                 leniency=phonenumbers.Leniency.POSSIBLE):
        raw = match.raw_string.lstrip("(")
        digits = sum(c.isdigit() for c in raw)
        if raw[:1] in "0+" and digits >= 10:
            yield match.start, match.end


def shaped(text: str, written_dates: list[tuple[int, int, list[dt.date]]] | None = None
           ) -> list[Shaped]:
    """Every shaped identifier in a skeleton text; overlapping ones keep the first found."""
    if written_dates is None:
        written_dates = list(dates(text))
    found: list[Shaped] = []
    taken: list[tuple[int, int]] = []

    def add(start: int, end: int, kind: str) -> None:
        if any(start < e and s < end for s, e in taken):
            return
        taken.append((start, end))
        found.append(Shaped(start, end, kind))

    for m in EMAIL.finditer(text):
        add(m.start(), m.end(), "email")
    for m in SPELT_EMAIL.finditer(text):
        add(m.start(), m.end(), "email")
    for m in PROFILE_URL.finditer(text):
        add(m.start(), m.end(), "handle")
    for m in HANDLE.finditer(text):
        add(m.start(), m.end(), "handle")
    for m in HANDLE_CUE.finditer(text):
        name = m.group(1)
        if any(c in "._" or c.isdigit() for c in name) and any(c.isalpha() for c in name):
            # not "account closed", not "user 2026"
            add(m.start(1), m.end(1), "handle")
    for start, end, _ in written_dates:
        before = text[max(0, start - 24):start]
        if DOB_CUE.search(before):
            add(start, end, "date_of_birth")
    for pattern in (MONTH_YEAR, BARE_YEAR):  # the month and year first: the longer span wins
        for m in pattern.finditer(text):
            if DOB_CUE.search(text[max(0, m.start() - 24):m.start()]):
                add(m.start(), m.end(), "date_of_birth")
    digits = bool(written_dates) or DIGIT.search(text) is not None
    for m in DAY_MONTH.finditer(text) if digits else ():
        if BIRTHDAY_CUE.search(text[max(0, m.start() - 30):m.start()]):
            add(m.start(), m.end(), "date_of_birth")
    for m in COMPACT_DATE.finditer(text) if digits else ():
        if _compact_date_valid(m) and DOB_CUE.search(text[max(0, m.start() - 24):m.start()]):
            add(m.start(), m.end(), "date_of_birth")  # "DOB 07011996", police systems
    for m in NI_NUMBER.finditer(text):
        add(m.start(), m.end(), "reference")
    for m in NI_ANY_CASE.finditer(text) if digits else ():
        letters = "".join(c for c in m.group(0) if c.isalpha())
        if letters.islower():
            add(m.start(), m.end(), "reference")
    for m in NHS.finditer(text):
        if nhs_valid("".join(m.groups())):
            add(m.start(), m.end(), "nhs_number")
    for m in POSTCODE.finditer(text):
        outward = m.group(1)
        # "EB4 2QT" or "eb4 2qt", not "at 2 am"-like accidents: the outward code has letters
        # first and the whole code is in one case.
        code = m.group(0)
        area = "".join(c for c in outward[:2] if c.isalpha()).upper()
        if outward[0].isalpha() and (code.isupper() or code.islower()
                                     or area in POSTCODE_AREAS):
            add(m.start(), m.end(), "postcode")
    for m in VEHICLE.finditer(text):
        add(m.start(), m.end(), "reference")
    for m in VEHICLE_CUED.finditer(text) if digits else ():
        add(m.start(1), m.end(1), "reference")
    for m in PARTIAL_POSTCODE.finditer(text) if digits else ():
        area = m.group(1)
        if area not in POSTCODE_AREAS:
            continue
        if m.group("word"):
            add(m.start(), m.start("word"), "postcode")  # "the LS6 area"
        elif m.group("sector") and len(area) == 2 or _POSTCODE_BEFORE.search(
                text, max(0, m.start() - 24), m.start()):
            add(m.start(), m.end(), "postcode")  # "LS6 2", "postcode LS6"
    for start, end in phones(text):
        add(start, end, "phone")
    for m in REFERENCE_CUE.finditer(text):
        add(m.start(1), m.end(1), "reference")
    date_spans = [(s, e) for s, e, _ in written_dates]
    for m in CODE.finditer(text):
        code = m.group(0)
        if sum(c.isdigit() for c in code) < 4 or (m.start(), m.end()) in date_spans:
            continue
        add(m.start(), m.end(), "reference")
    found.sort(key=lambda s: s.start)
    return found
