"""Ages and dates as people actually know them: exactly, before, after, about, or between.

"Using cannabis since before he was 10" (the father in §9.7 of the source review) has no exact
age; forcing a number would invent evidence. A bound keeps what was said and nothing more.

Ages, stored as JSON with explicit keys: exactly is a bare number of years (14), which is also
what files written before bounds existed hold, so old answers read unchanged; otherwise
{"bound": "before" | "after" | "about" | "between", "value": 10, "to": 12} ("to" only for
between). Text is read the same way by the form, the CLI and imports: "before 10", "under 10",
"<10", "after 16", "over 16", "about 14", "c. 14", "~14", "10-12", "between 10 and 12", "14".

Dates are read by the one date grammar (forms/dates.py parse_event_date: "before 2013",
"after 12/03/2018", "?2015", "between 2013 and 2018") into a storage.dates.EventDate, so a man's
"since when" and a chronology event's date mean the same thing. "About 2015" is an approximate
date ("?2015"), as everywhere else in Visible. Stored: an exact or approximate date as its
stored PartialDate ("2018-03", "~2015"); a bound as {"bound": "before" | "after" | "between",
"value": "2013", "to": "2018"}.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from forms.dates import parse_event_date
from storage.dates import DateQualifier, EventDate, PartialDate
from storage.errors import InvalidValue


class Bound(StrEnum):
    EXACTLY = "exactly"
    BEFORE = "before"
    AFTER = "after"
    ABOUT = "about"
    BETWEEN = "between"

    @property
    def label(self) -> str:
        return BOUND_LABELS[self]


BOUND_LABELS = {
    Bound.EXACTLY: "exactly",
    Bound.BEFORE: "before",
    Bound.AFTER: "after",
    Bound.ABOUT: "about",
    Bound.BETWEEN: "between",
}

_WORDS = {
    Bound.BEFORE: ("before", "under", "below", "younger than", "less than", "<", "pre"),
    Bound.AFTER: ("after", "over", "older than", "more than", ">"),
    Bound.ABOUT: ("about", "around", "approximately", "approx.", "approx", "circa", "c.", "~"),
}
_BETWEEN = re.compile(r"^(?:between|from)\s+(.+?)\s+(?:and|to|-|–)\s+(.+)$", re.IGNORECASE)
_RANGE = re.compile(r"^(\d+(?:\.\d+)?)\s*(?:-|–|to)\s*(\d+(?:\.\d+)?)$", re.IGNORECASE)
# Dates: only two whole years make a range ("2013-2018"); "2016-05" is a month.
_YEAR_RANGE = re.compile(r"^(\d{4})\s*(?:-|–|to)\s*(\d{4})$", re.IGNORECASE)
_AGE_WORDS = re.compile(r"\b(?:aged|age|years?\s+old|years?|yrs?|he\s+was)\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Bounded:
    """One checked bound: `value` and `to` are numbers (ages) or PartialDates (dates)."""

    bound: Bound
    value: Any
    to: Any = None

    def stored(self) -> Any:
        def one(v: Any) -> Any:
            return v.stored() if isinstance(v, PartialDate) else v

        if self.bound is Bound.EXACTLY:
            return one(self.value)
        out: dict[str, Any] = {"bound": self.bound.value, "value": one(self.value)}
        if self.bound is Bound.BETWEEN:
            out["to"] = one(self.to)
        return out


def _split_words(text: str) -> tuple[Bound, str]:
    """'since before he was 10' -> (BEFORE, '10'); 'between 8 and 10' -> (BETWEEN, '8|10')."""
    raw = " ".join(text.strip().split())
    lowered = raw.lower()
    # The field asks "since when" or "age started": "since May 2018" is May 2018 itself, and
    # "since before he was 10" is before 10.
    if lowered.startswith("since "):
        raw, lowered = raw[6:].strip(), lowered[6:].strip()
    if m := _BETWEEN.match(raw):
        return Bound.BETWEEN, f"{m[1]}|{m[2]}"
    for bound, words in _WORDS.items():
        for w in words:
            if lowered.startswith(w) and (not w[-1].isalpha() or lowered[len(w) : len(w) + 1]
                                          in ("", " ")):
                return bound, raw[len(w) :].strip()
    return Bound.EXACTLY, raw


def _age_number(text: Any, where: str, minimum: float | None, maximum: float | None) -> float:
    if isinstance(text, bool):
        raise InvalidValue(f"{where}: expected an age in years.")
    if isinstance(text, int | float):
        number = float(text)
    else:
        cleaned = _AGE_WORDS.sub(" ", str(text)).strip()
        try:
            number = float(cleaned)
        except ValueError:
            raise InvalidValue(
                f"{where}: '{text}' is not an age; type e.g. 14, before 10, about 14 or 10-12."
            ) from None
    if minimum is not None and number < minimum:
        raise InvalidValue(f"{where}: {number:g} is below the lowest plausible age ({minimum:g}).")
    if maximum is not None and number > maximum:
        raise InvalidValue(
            f"{where}: {number:g} is above the highest plausible age ({maximum:g})."
        )
    return number


def _whole(number: float) -> int | float:
    return int(number) if number.is_integer() else number


def _parts(value: Any, is_date: bool) -> tuple[Bound, Any, Any]:
    """Raw input (text, number, or a {"bound", "value", "to"} dict) -> (bound, value, to)."""
    if isinstance(value, dict):
        try:
            bound = Bound(str(value.get("bound") or "exactly"))
        except ValueError:
            raise InvalidValue(
                f"'{value.get('bound')}' is not a bound (exactly, before, after, about, between)."
            ) from None
        inner = value.get("value")
        if isinstance(inner, str) and bound is Bound.EXACTLY:
            # The combo says "exactly" but the words typed may say otherwise ("before 10").
            return _parts(inner, is_date)
        return bound, inner, value.get("to")
    if isinstance(value, str):
        bound, rest = _split_words(value)
        if bound is Bound.BETWEEN:
            low, high = rest.split("|", 1)
            return bound, low, high
        if bound is Bound.EXACTLY and (m := (_YEAR_RANGE if is_date else _RANGE).match(rest)):
            return Bound.BETWEEN, m[1], m[2]
        return bound, rest, None
    return Bound.EXACTLY, value, None


def check_age(
    value: Any, where: str, minimum: float | None = None, maximum: float | None = None
) -> Bounded | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    bound, first, second = _parts(value, is_date=False)
    if first in (None, ""):
        raise InvalidValue(f"{where}: give the age for '{bound.label}', e.g. {bound.label} 10.")
    low = _whole(_age_number(first, where, minimum, maximum))
    if bound is not Bound.BETWEEN:
        return Bounded(bound, low)
    if second in (None, ""):
        raise InvalidValue(f"{where}: 'between' needs two ages, e.g. between 8 and 10.")
    high = _whole(_age_number(second, where, minimum, maximum))
    if high < low:
        raise InvalidValue(f"{where}: the first age ({low:g}) is after the second ({high:g}).")
    return Bounded(bound, low, high)


def check_when(value: Any, where: str) -> EventDate | None:
    """A date as known, from the editor's {"bound", "value", "to"} or from typed text."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, EventDate):
        return value
    bound, first, second = _parts(value, is_date=True)
    first = str(first or "").strip()
    if not first:
        raise InvalidValue(f"{where}: give the date for '{bound.label}', e.g. {bound.label} 2018.")
    if bound is Bound.BETWEEN:
        if not str(second or "").strip():
            raise InvalidValue(f"{where}: 'between' needs two dates, e.g. between 2013 and 2018.")
        text = f"between {first} and {second}"
    elif bound is Bound.ABOUT:
        text = first if first[:1] in "?~" else f"?{first}"
    elif bound is Bound.EXACTLY:
        text = first
    else:
        text = f"{bound.value} {first}"
    try:
        return parse_event_date(text)
    except InvalidValue as exc:
        raise InvalidValue(f"{where}: {exc}") from None


def when_stored(found: EventDate) -> Any:
    if found.qualifier is DateQualifier.ON:
        return found.date.stored()
    out: dict[str, Any] = {"bound": found.qualifier.value, "value": found.date.stored()}
    if found.until is not None:
        out["to"] = found.until.stored()
    return out


def read_when(value: Any) -> EventDate | None:
    """The stored JSON back as an EventDate (no checks: it was checked when written)."""
    if value is None:
        return None
    if isinstance(value, dict):
        until = value.get("to")
        return EventDate(PartialDate.parse_stored(value["value"]),
                         DateQualifier(value.get("bound", "on")),
                         PartialDate.parse_stored(until) if until else None)
    return EventDate(PartialDate.parse_stored(str(value)))


def when_parts(value: Any) -> tuple[Bound, str, str]:
    """For an editor: the bound to show and the date text(s) without the bound's words."""
    found = read_when(value)
    if found is None:
        return Bound.EXACTLY, "", ""
    if found.qualifier is DateQualifier.ON:
        date = found.date
        if date.approximate:
            plain = PartialDate(date.year, date.month, date.day)
            return Bound.ABOUT, plain.display(), ""
        return Bound.EXACTLY, date.display(), ""
    to = found.until.display() if found.until else ""
    return Bound(found.qualifier.value), found.date.display(), to


def read_stored(value: Any) -> Bounded | None:
    """A stored age back as a Bounded (no checks: it was checked when it was written)."""
    if value is None:
        return None
    if isinstance(value, dict):
        return Bounded(Bound(value.get("bound", "exactly")), value.get("value"), value.get("to"))
    return Bounded(Bound.EXACTLY, value)


def display_when(value: Any) -> str:
    """'before 2013', 'between 2013 and 2018', 'May 2018', '?2015' (as the chronology shows)."""
    found = read_when(value)
    return "" if found is None else found.display()


def display_age(value: Any, unit: str = "") -> str:
    """'before age 10', 'about 14 years', 'between 8 and 10 years', '14 years'."""
    found = read_stored(value)
    if found is None:
        return ""

    def one(v: Any) -> str:
        return f"{v:g}" if isinstance(v, int | float) else str(v)

    suffix = f" {unit}" if unit else ""
    if found.bound is Bound.EXACTLY:
        return one(found.value) + suffix
    if found.bound is Bound.BETWEEN:
        return f"between {one(found.value)} and {one(found.to)}{suffix}"
    if found.bound in (Bound.BEFORE, Bound.AFTER):
        return f"{found.bound.label} age {one(found.value)}"  # "before age 10"
    return f"{found.bound.label} {one(found.value)}{suffix}"


def age_upper(value: Any) -> float | None:
    """The highest age the answer allows (None when it has no upper limit: 'after 16')."""
    found = read_stored(value)
    if found is None or found.bound is Bound.AFTER:
        return None
    if found.bound is Bound.BETWEEN:
        return float(found.to)
    if found.bound is Bound.BEFORE:
        # "before 20" means under 20: anything strictly below the number.
        return float(found.value) - 1e-9
    return float(found.value)


def age_lower(value: Any) -> float | None:
    found = read_stored(value)
    if found is None or found.bound is Bound.BEFORE:
        return None
    if found.bound is Bound.AFTER:
        return float(found.value) + 1e-9
    return float(found.value)
