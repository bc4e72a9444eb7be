"""The one date grammar: every date Visible reads from a person or a file goes through here.

Agency returns and practitioners write "22/05/2016", "22 May 2016", "2016-05-22", "May 2016",
"Sept 2016", "22/05/16", "?22 May 2016", "c. 2016" and spreadsheet date cells. Each becomes a
storage.dates.PartialDate that keeps exactly what was known: a month-only date is never given an
invented day, and any hedge ("?", "~", "c.", "circa", "approx", "about", "early") makes it
approximate. British order only (day before month): 05/06/2016 is 5 June, and 05/22/2016 is
refused rather than silently swapped.

The grammar is the same everywhere; what differs between fields is how much of a date they
need, the *strictness*:

- Strictness.PARTIAL (the default): month or year only and approximate dates are accepted — a
  chronology entry, a man's "date learned", a date of birth, a household period, an import cell.
- Strictness.QUALIFIED (parse_event_date, a chronology event's date): also "before 3/2016",
  "after 12/06/2016", "between May and July 2016" (storage.dates.EventDate). Elsewhere such a
  text is refused with a line saying only an event's date can be a range.
- Strictness.DAY: a whole, certain day — a screening's date, the date proceedings were issued,
  the "as at" date of a household. "c. 2016" and "Sept 2016" are *read* the same way and then
  refused with a line saying a whole day is needed, never misread as something else.

Two-digit years ("22/05/16") are the most recent year not more than a year ahead of today.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from enum import StrEnum

from storage.dates import MONTH_NAMES, DateQualifier, EventDate, PartialDate
from storage.errors import InvalidValue


class Strictness(StrEnum):
    QUALIFIED = "qualified"  # parse_event_date only: also before / after / between
    PARTIAL = "partial"
    DAY = "day"


_MONTHS: dict[str, int] = {}
for _number, _name in enumerate(MONTH_NAMES, start=1):
    _MONTHS[_name.lower()] = _number
    _MONTHS[_name[:3].lower()] = _number
_MONTHS["sept"] = 9

# Hedges that make a date approximate, longest alternatives first so "approx." wins over "ap".
_HEDGE = re.compile(
    r"^(?:\?|~|c\.|ca\.|c(?=\s*\d)|circa|approximately|approx\.?|about|around|early|mid|late|est\.?)\s*",
    re.IGNORECASE,
)
_TRAILING_HEDGE = re.compile(r"\s*(?:\?|\(approx(?:imate)?\.?\)|approx\.?)$", re.IGNORECASE)
_ORDINAL = re.compile(r"(\d{1,2})(?:st|nd|rd|th)\b", re.IGNORECASE)
_TIME_TAIL = re.compile(
    r"[\sT,]+(\d{1,2})[:.](\d{2})(?::\d{2}(?:\.\d+)?)?\s*(am|pm)?\s*(?:hrs|hours)?$", re.IGNORECASE
)

_SERIAL = re.compile(r"^\d{5}(?:\.\d+)?$")  # 45000, 45000.75: a spreadsheet's day number
_NUMERIC = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})$")  # 22/05/2016, 22.5.16
_ISO = re.compile(r"^(\d{4})-(\d{1,2})(?:-(\d{1,2}))?$")  # 2016-05-22, 2016-05
_MONTH_YEAR_NUM = re.compile(r"^(\d{1,2})[/.\-](\d{4})$")  # 05/2016
_YEAR = re.compile(r"^(\d{4})$")
_WORDS = re.compile(  # 22 May 2016, May 2016, May 22 2016, 22-May-16
    r"^(?:(\d{1,2})[\s\-/]+)?([A-Za-z]+)\.?(?:[\s\-/]+(\d{1,2}))?,?[\s\-/]+(\d{2}|\d{4})$"
)

EXPECTED = {
    Strictness.QUALIFIED: (
        "a date such as 22/05/2016, May 2016, ?22 May 2016, before 3/2016, after 12/06/2016 "
        "or between May and July 2016"
    ),
    Strictness.PARTIAL: (
        "a date such as 22/05/2016, 22 May 2016, 2016-05-22, May 2016, 2016 or ?22 May 2016"
    ),
    Strictness.DAY: "a whole date such as 22/05/2016 or 22 May 2016",
}
# Shown beside date boxes before anything is typed.
HINT = {
    Strictness.QUALIFIED: (
        "e.g. 22/05/2016, May 2016, ?22/05/2016, before 3/2016, between May and July 2016"
    ),
    Strictness.PARTIAL: "e.g. 22/05/2016, May 2016 or 2016; put ? or c. in front if approximate",
    Strictness.DAY: "e.g. 22/05/2016",
}


def _year(text: str, today: dt.date) -> int:
    """Two-digit years: the most recent year not more than a year ahead (16 -> 2016, 98 -> 1998)."""
    value = int(text)
    if len(text) == 4:
        return value
    century = today.year // 100 * 100
    year = century + value
    return year if year <= today.year + 1 else year - 100


# An ISO date-time with a time zone, as case systems export it: "2025-05-22T23:30:00Z" is
# 00:30 on 23 May in the UK. Reading its date as written put the event on another day.
_ZONED = re.compile(
    r"^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)\s*(Z|[+-]\d{2}(?::?\d{2})?)$",
    re.IGNORECASE,
)


def uk_time(text: str) -> dt.datetime | None:
    """A zoned ISO date-time as the UK clock showed it (naive); None if `text` is not one."""
    text = text.strip() if isinstance(text, str) else ""
    if len(text) < 17 or text[4] != "-":  # most dates: no regex
        return None
    found = _ZONED.match(text)
    if found is None:
        return None
    zone = found.group(3).upper()
    if zone != "Z" and ":" not in zone and len(zone) == 5:
        zone = f"{zone[:3]}:{zone[3:]}"  # +0100 -> +01:00 for fromisoformat
    try:
        moment = dt.datetime.fromisoformat(f"{found.group(1)}T{found.group(2)}"
                                           f"{'+00:00' if zone == 'Z' else zone}")
    except ValueError as exc:
        raise InvalidValue(f"'{text.strip()}' is not a real date and time: {exc}.") from None
    return to_uk(moment, text.strip())


def to_uk(moment: dt.datetime, shown: str) -> dt.datetime:
    """A datetime with a time zone as a naive UK local one (chronologies keep UK time)."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        london = ZoneInfo("Europe/London")
    except ZoneInfoNotFoundError:
        raise InvalidValue(
            f"'{shown}' is a time in another time zone, and this computer has no time-zone "
            "table to turn it into UK time; write it as the UK date and time (22/05/2025 "
            "14:30)."
        ) from None
    try:
        return moment.astimezone(london).replace(tzinfo=None)
    except (OverflowError, ValueError):  # year 1 or 9999 moved out of the calendar
        raise InvalidValue(f"'{shown}' is not a plausible date.") from None


def visible(text: str) -> str:
    """`text` without invisible format characters (zero-width space and joiners, word joiner,
    soft hyphen, direction marks, byte-order mark: Unicode's Cf). Pasted from a web page or
    another system, they made "22/05/2025" unreadable, and the refusal showed a date that
    looked right; a column named "Da<ZWSP>te" was not recognised as the date."""
    if text.isascii():
        return text
    return "".join(ch for ch in text if unicodedata.category(ch) != "Cf")


def parse_date(
    value: object,
    strictness: Strictness = Strictness.PARTIAL,
    *,
    today: dt.date | None = None,
) -> PartialDate:
    """Read one date (text, or a datetime.date / datetime from a spreadsheet cell).

    Raises InvalidValue with one line saying what was expected; empty text is refused too
    (use parse_optional_date where a date may be left blank).
    """
    if isinstance(value, str):
        value = visible(value)
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = to_uk(value, value.isoformat())
        return PartialDate.from_date(value.date())
    if isinstance(value, dt.date):
        return PartialDate.from_date(value)
    if isinstance(value, PartialDate):
        return _enforce(value, str(value), strictness)
    number = (value.__class__ is int or value.__class__ is float) and not (
        value.__class__ is int and 1000 <= value <= 9999)
    today = today or dt.date.today()
    text = " ".join(str(value if value is not None else "").split())
    if not text:
        raise InvalidValue("The date is empty.")
    if number or (5 <= len(text) <= 20 and text[5:6] in ("", ".") and _SERIAL.match(text)):
        # A spreadsheet's day number (45000) in a cell not formatted as a date, or a date
        # column saved to CSV as "General": which day it is depends on the workbook's
        # calendar (1900 or 1904), so it is not guessed.
        raise InvalidValue(
            f"'{text}' is a number, not a date (a spreadsheet date cell not formatted as a "
            "date?); format the column as a date in Excel (Home → Number → Short Date), check "
            "the dates it shows, and save it again."
        )
    if text[:1].isdigit() and (zoned := uk_time(text)) is not None:
        return _enforce(PartialDate.from_date(zoned.date()), text, strictness)
    if strictness is not Strictness.QUALIFIED and _qualified(text) is not None:
        raise InvalidValue(
            f"'{text}' is a range; only a chronology event's date can be before, after or "
            f"between dates. Give one date, {HINT[strictness]}."
        )
    original = text
    weekday = _WEEKDAY.match(text) if text[:1].isalpha() else None
    if weekday:
        # "Thursday 22 May 2025", as police systems write it: the day's name is checked
        # against the date, never ignored: when they disagree, one of them is wrong.
        text = text[weekday.end():]
    approximate = False
    while True:  # "?c. 2016" has two hedges; strip them all
        hedge = _HEDGE.match(text)
        if not hedge or not hedge.group(0):
            break
        approximate = True
        text = text[hedge.end() :]
    trailing = _TRAILING_HEDGE.search(text)
    if trailing:
        approximate = True
        text = text[: trailing.start()]
    text, _time = split_time(text)
    text = _ORDINAL.sub(r"\1", text).strip().rstrip(",")
    try:
        found = _match(text, today)
    except _NotAMonth as exc:
        season = _SEASONS.get(exc.word.lower())
        if season:
            raise InvalidValue(
                f"'{original}' names a season, not a date; write the months it covers, such as "
                f"between {season}{_year_in(text)}, or a date."
            ) from None
        raise InvalidValue(
            f"'{original}' is not a date: {exc}; expected {EXPECTED[strictness]}."
        ) from None
    except InvalidValue as exc:
        raise InvalidValue(f"'{original}' is not a real date: {exc}") from None
    if found is None:
        raise InvalidValue(
            f"'{original}' is not a date Visible can read; expected {EXPECTED[strictness]}."
        )
    year, month, day = found
    try:
        date = PartialDate(year, month, day, approximate)
    except InvalidValue as exc:
        raise InvalidValue(f"'{original}': {exc}") from None
    if weekday:
        _check_weekday(date, weekday.group(1), original)
    return _enforce(date, original, strictness)


_DAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAY = re.compile(
    r"^(monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tues|tue|wed|thurs|thur|"
    r"thu|fri|sat|sun)\.?,?\s+(?=\d|[a-z])",
    re.IGNORECASE | re.ASCII,  # ASCII: "ſun" (a long s) matched "sun", named no day: a crash
)
_SEASONS = {"spring": "March and May", "summer": "June and August",
            "autumn": "September and November", "fall": "September and November",
            "winter": "December and February"}


def _year_in(text: str) -> str:
    years = re.findall(r"\d{4}", text)
    return f" {years[-1]}" if years else ""


def _check_weekday(date: PartialDate, written: str, original: str) -> None:
    name = next(n for n in _DAY_NAMES if n.startswith(written.lower()[:3]))
    if date.day is None:
        raise InvalidValue(
            f"'{original}' names a {name.title()} but no day of the month; give the whole date, "
            "such as 22/05/2016."
        )
    actual = _DAY_NAMES[date.earliest().weekday()]
    if actual != name:
        raise InvalidValue(
            f"'{original}': {date} was a {actual.title()}, not a {name.title()}; one of them "
            "is wrong. Check the record and correct the date."
        )


_BEFORE = re.compile(r"^(?:before|bef\b\.?|prior to|earlier than|<)\s*(.+)$", re.IGNORECASE)
_AFTER = re.compile(r"^(?:after|aft\b\.?|later than|>)\s*(.+)$", re.IGNORECASE)
_BETWEEN = re.compile(
    r"^(?:between|btw\.?|from)\s+(.+?)\s+(?:and|to|until|-|–|—)\s+(.+)$"
    r"|^(.+?)\s+(?:to|until|–|—|-)\s+(.+)$"
    r"|^(.+?)\.\.(.+)$",  # 2016-05..2016-07
    re.IGNORECASE,
)


# "w/c 19/05/2025": some day of the week commencing that Monday, as social care writes a
# date it knows only to the week. Read as the week it names (between 19 and 25 May 2025).
_WEEK = re.compile(
    r"^(?:w/c|w/b|w\.c\.|wc|wb|week\s+(?:commencing|beginning|starting|of))\s*:?\s*(.+)$",
    re.IGNORECASE,
)


def _week(text: str) -> tuple[DateQualifier, str, str] | None:
    found = _WEEK.match(text)
    if found is None:
        return None
    try:
        start = parse_date(found.group(1), Strictness.DAY).earliest()
    except InvalidValue:
        return None  # said as "not a date Visible can read", with the text as written
    try:
        end = start + dt.timedelta(days=6)
    except OverflowError:
        return None
    return DateQualifier.BETWEEN, start.strftime("%d/%m/%Y"), end.strftime("%d/%m/%Y")


def _qualified(text: str) -> tuple[DateQualifier, str, str] | None:
    """Split "before X" / "after X" / "between A and B" (also "A to B", "A – B", and the week
    of "w/c X"); else None."""
    if text[:1] in "wW" and (week := _week(text)) is not None:
        return week
    if m := _BEFORE.match(text):
        return DateQualifier.BEFORE, m.group(1), ""
    if m := _AFTER.match(text):
        return DateQualifier.AFTER, m.group(1), ""
    if m := _BETWEEN.match(text):
        parts = [g for g in m.groups() if g is not None]
        return DateQualifier.BETWEEN, parts[0], parts[1]
    return None


def parse_event_date(value: object, *, today: dt.date | None = None) -> EventDate:
    """A chronology event's date, which may also be before, after or between dates.

    The start of a range may leave out what it shares with the end, as people write it:
    "between May and July 2016", "between 3 and 10 May 2016", "28 April to 3 May 2016".
    """
    if isinstance(value, str):
        value = visible(value)
    if isinstance(value, EventDate):
        return value
    if not isinstance(value, str):
        return EventDate(parse_date(value, today=today))
    text = " ".join(value.split())
    found = _qualified(text)
    if found is None:
        return EventDate(parse_date(text, Strictness.QUALIFIED, today=today))
    qualifier, first, second = found
    if qualifier is not DateQualifier.BETWEEN:
        bound = _part(first, text, today)
        return EventDate(bound, qualifier)
    end = _part(second, text, today)
    start = _range_start(first, end, text, today)
    try:
        return EventDate(start, DateQualifier.BETWEEN, end)
    except InvalidValue as exc:
        raise InvalidValue(f"'{text}': {exc}") from None


def _part(part: str, whole: str, today: dt.date | None) -> PartialDate:
    try:
        return parse_date(part, Strictness.QUALIFIED, today=today)
    except InvalidValue as exc:
        raise InvalidValue(f"'{whole}': {exc}") from None


def _range_start(part: str, end: PartialDate, whole: str, today: dt.date | None) -> PartialDate:
    """The first date of a range, borrowing the end's month and year when it leaves them out."""
    candidates = [part]
    words = part.strip()
    if end.month is not None and re.fullmatch(r"\d{1,2}(?:st|nd|rd|th)?", words):
        candidates.append(f"{words} {MONTH_NAMES[end.month - 1]} {end.year}")  # "3" and 10 May
    if not re.search(r"\d{4}$", words):
        candidates.append(f"{words} {end.year}")  # "May" and July 2016; "28 April" and 3 May
    for candidate in candidates:
        try:
            return parse_date(candidate, Strictness.QUALIFIED, today=today)
        except InvalidValue:
            continue
    return _part(part, whole, today)  # says what is wrong with the text as typed


def parse_optional_event_date(
    value: object, *, today: dt.date | None = None
) -> EventDate | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return parse_event_date(value, today=today)


def parse_optional_date(
    value: object,
    strictness: Strictness = Strictness.PARTIAL,
    *,
    today: dt.date | None = None,
) -> PartialDate | None:
    """As parse_date, but a blank value (None, '', spaces) is None: the date was left out."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return parse_date(value, strictness, today=today)


def parse_day(value: object, *, today: dt.date | None = None) -> dt.date:
    """A whole, certain day as a datetime.date (proceedings issued, household as at ...)."""
    return parse_date(value, Strictness.DAY, today=today).earliest()


def _enforce(date: PartialDate, original: str, strictness: Strictness) -> PartialDate:
    if strictness is Strictness.DAY:
        if date.day is None:
            raise InvalidValue(f"'{original}' gives no day; this needs {EXPECTED[Strictness.DAY]}.")
        if date.approximate:
            raise InvalidValue(
                f"'{original}' is approximate; this needs a certain day such as 22/05/2016."
            )
    return date


class _NotAMonth(InvalidValue):
    """A word where the month should be ("Smarch 2026"): said plainly, not as 'unreadable'."""

    def __init__(self, message: str, word: str = "") -> None:
        super().__init__(message)
        self.word = word


def _match(text: str, today: dt.date) -> tuple[int, int | None, int | None] | None:
    if m := _NUMERIC.match(text):
        return _year(m.group(3), today), _month_number(m.group(2)), int(m.group(1))
    if m := _ISO.match(text):
        return int(m.group(1)), _month_number(m.group(2)), int(m.group(3)) if m.group(3) else None
    if m := _MONTH_YEAR_NUM.match(text):
        return int(m.group(2)), _month_number(m.group(1)), None
    if m := _YEAR.match(text):
        return int(m.group(1)), None, None
    if m := _WORDS.match(text):
        day_before, month_word, day_after, year = m.groups()
        month = _MONTHS.get(month_word.lower())
        if month is None:
            raise _NotAMonth(f"'{month_word}' is not a month", month_word)
        if day_before and day_after:
            return None
        day = day_before or day_after
        return _year(year, today), month, int(day) if day else None
    return None


def _month_number(text: str) -> int:
    month = int(text)
    if not 1 <= month <= 12:
        raise InvalidValue(f"there is no month {month} (dates are read day first, as 22/05/2016)")
    return month


# As police and health logs write a time with the date: "22/05/2016 1430hrs" and
# "14:30 22/05/2016" (a colon only: "12.05 2016" may be a date).
_HOURS_TAIL = re.compile(r"[\s,]+(\d{2})(\d{2})\s*(?:hrs|hours)$", re.IGNORECASE | re.ASCII)
_TIME_HEAD = re.compile(r"^(\d{1,2}):(\d{2})\s*(am|pm)?\s*(?:hrs|hours)?,?\s+(?=\S)",
                        re.IGNORECASE | re.ASCII)


def split_time(text: str) -> tuple[str, str]:
    """'22/05/2016 14:30' -> ('22/05/2016', '14:30'); no time -> (text, '')."""
    m = _TIME_TAIL.search(text)
    if not m or m.start() == 0:
        if ":" in text[:3] and (head := _TIME_HEAD.match(text)):
            return text[head.end():].strip(), _format_time(head.group(1), head.group(2),
                                                           head.group(3))
        if text[-1:] in ("s", "S"):  # "hrs", "hours": most dates end in a digit
            tail = _HOURS_TAIL.search(text)
            if tail and tail.start() > 0:
                return text[: tail.start()].strip(), _format_time(tail.group(1), tail.group(2),
                                                                  None)
        return text, ""
    return text[: m.start()].strip(), _format_time(m.group(1), m.group(2), m.group(3))


_TIME = re.compile(
    r"^(\d{1,2})(?:[:.](\d{2}))?(?::\d{2})?\s*(am|pm)?\s*(?:hrs|hours)?$", re.IGNORECASE
)
_MILITARY = re.compile(r"^(\d{2})(\d{2})\s*(?:hrs|hours)?$", re.IGNORECASE)


def parse_time(value: object) -> str:
    """A time cell as 'HH:MM', or '' when empty. Accepts 14:30, 14.30, 2.30pm, 1430hrs."""
    if value is None:
        return ""
    if isinstance(value, dt.time):
        return f"{value.hour:02d}:{value.minute:02d}"
    if isinstance(value, dt.datetime):
        return f"{value.hour:02d}:{value.minute:02d}"
    if isinstance(value, str):
        value = visible(value)
    text = str(value).strip()
    if not text or text.lower() in {"-", "n/a", "unknown", "not known"}:
        return ""
    if m := _MILITARY.match(text):
        return _format_time(m.group(1), m.group(2), None)
    if m := _TIME.match(text):
        if m.group(2) is None and m.group(3) is None:
            raise InvalidValue(f"'{text}' is not a time; write it as 14:30 or 2.30pm.")
        return _format_time(m.group(1), m.group(2) or "00", m.group(3))
    raise InvalidValue(f"'{text}' is not a time; write it as 14:30 or 2.30pm.")


def _format_time(hours: str, minutes: str, meridiem: str | None) -> str:
    h, m = int(hours), int(minutes)
    if meridiem:
        if not 1 <= h <= 12:
            raise InvalidValue(f"{hours}{meridiem} is not a time.")
        h = h % 12 + (12 if meridiem.lower() == "pm" else 0)
    if not (0 <= h <= 23 and 0 <= m <= 59):
        raise InvalidValue(f"{hours}:{minutes} is not a time of day.")
    return f"{h:02d}:{m:02d}"


def parse_event_date_and_time(
    value: object, *, today: dt.date | None = None
) -> tuple[EventDate, str]:
    """An import's date cell: the event's date (possibly a range) and any time written in it."""
    if isinstance(value, str):
        value = visible(value)
    if isinstance(value, str) and _qualified(" ".join(value.split())) is not None:
        return parse_event_date(value, today=today), ""
    date, time = parse_date_and_time(value, today=today)
    return EventDate(date), time


def parse_date_and_time(value: object, *, today: dt.date | None = None) -> tuple[PartialDate, str]:
    """A date cell that may carry a time ("22/05/2016 14:30"): both parts, time '' if absent."""
    if isinstance(value, str):
        value = visible(value)
    if isinstance(value, str) and value[:1].isdigit() and (zoned := uk_time(value)) is not None:
        # A zoned time is a moment, midnight included: its UK time is kept whatever it is.
        return PartialDate.from_date(zoned.date()), f"{zoned.hour:02d}:{zoned.minute:02d}"
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = to_uk(value, value.isoformat())
        time = (
            "" if (value.hour, value.minute) == (0, 0) else f"{value.hour:02d}:{value.minute:02d}"
        )
        return PartialDate.from_date(value.date()), time
    text = " ".join(str(value if value is not None else "").split())
    _rest, time = split_time(text)
    return parse_date(value, today=today), time
