"""Dates as practitioners record them: exact, month only, year only, or approximate.

Agency records say "May 2016" or "?22 May 2016" as often as "22/05/2016"; forcing a day would
invent evidence. A PartialDate keeps what is known and nothing more, stores as readable text
("~2016-05-22", "2016-05", "2016") and sorts with month-only dates before the days of that month.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum

from storage.errors import InvalidValue


class Precision(StrEnum):
    DAY = "day"
    MONTH = "month"
    YEAR = "year"


_STORED = re.compile(r"^(~)?(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")

MONTH_NAMES = (
    "January February March April May June July August September October November December"
).split()


@dataclass(frozen=True, slots=True)
class PartialDate:
    year: int
    month: int | None = None
    day: int | None = None
    approximate: bool = False

    def __post_init__(self) -> None:
        if not 1800 <= self.year <= 2200:
            raise InvalidValue(f"The year {self.year} is not a plausible date.")
        if self.day is not None and self.month is None:
            raise InvalidValue("A day was given without a month.")
        if self.month is not None and not 1 <= self.month <= 12:
            raise InvalidValue(f"There is no month {self.month}.")
        if self.day is not None:
            try:
                dt.date(self.year, self.month or 1, self.day)
            except ValueError:
                raise InvalidValue(
                    f"{self.day:02d}/{self.month:02d}/{self.year} is not a real date."
                ) from None

    @property
    def precision(self) -> Precision:
        if self.day is not None:
            return Precision.DAY
        if self.month is not None:
            return Precision.MONTH
        return Precision.YEAR

    @classmethod
    def from_date(cls, value: dt.date, approximate: bool = False) -> PartialDate:
        return cls(value.year, value.month, value.day, approximate)

    @classmethod
    def parse_stored(cls, text: str) -> PartialDate:
        m = _STORED.match(text.strip())
        if not m:
            raise InvalidValue(
                f"'{text}' is not a stored date (expected YYYY, YYYY-MM or YYYY-MM-DD)."
            )
        approx, y, mo, d = m.groups()
        return cls(int(y), int(mo) if mo else None, int(d) if d else None, bool(approx))

    def stored(self) -> str:
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
        if self.day is not None:
            text += f"-{self.day:02d}"
        return ("~" if self.approximate else "") + text

    def sort_key(self) -> str:
        """Month-only sorts before day 1 of that month, year-only before January."""
        return f"{self.year:04d}-{self.month or 0:02d}-{self.day or 0:02d}"

    def earliest(self) -> dt.date:
        return dt.date(self.year, self.month or 1, self.day or 1)

    def latest(self) -> dt.date:
        """The last day the date could be: 31 May for "May 2016", 31 December for "2016"."""
        if self.day is not None:
            return self.earliest()
        if self.month is None:
            return dt.date(self.year, 12, 31)
        following = dt.date(self.year + self.month // 12, self.month % 12 + 1, 1)
        return following - dt.timedelta(days=1)

    def end_sort_key(self) -> str:
        """Sorts after every date inside this one ("after June 2016" follows all of June)."""
        return f"{self.year:04d}-{self.month or 99:02d}-{self.day or 99:02d}"

    def court(self) -> str:
        """As a court reads it: 22 May 2016, May 2016, 2016; '?' in front when approximate."""
        if self.month is None:
            text = f"{self.year}"
        elif self.day is None:
            text = f"{MONTH_NAMES[self.month - 1]} {self.year}"
        else:
            text = f"{self.day} {MONTH_NAMES[self.month - 1]} {self.year}"
        return ("?" if self.approximate else "") + text

    def display(self) -> str:
        """British order as courts write it: 22/05/2016, May 2016, 2016; '?' when approximate."""
        if self.day is not None:
            text = f"{self.day:02d}/{self.month:02d}/{self.year:04d}"
        elif self.month is not None:
            text = f"{MONTH_NAMES[self.month - 1]} {self.year}"
        else:
            text = f"{self.year}"
        return ("?" if self.approximate else "") + text

    def __str__(self) -> str:
        return self.display()

    def is_future(self, today: dt.date | None = None) -> bool:
        return self.earliest() > (today or dt.date.today())


class DateQualifier(StrEnum):
    """How an event's date is bounded: on it (exact or approximate), before, after, between."""

    ON = "on"
    BEFORE = "before"
    AFTER = "after"
    BETWEEN = "between"


class Certainty(StrEnum):
    """What a practitioner can say about an event's date (derived, never stored on its own)."""

    EXACT = "exact"
    APPROXIMATE = "approximate"
    MONTH_ONLY = "month_only"
    YEAR_ONLY = "year_only"
    BEFORE = "before"
    AFTER = "after"
    BETWEEN = "between"

    @property
    def label(self) -> str:
        return _CERTAINTY_LABELS[self]


_CERTAINTY_LABELS = {
    Certainty.EXACT: "exact day",
    Certainty.APPROXIMATE: "approximate",
    Certainty.MONTH_ONLY: "month only",
    Certainty.YEAR_ONLY: "year only",
    Certainty.BEFORE: "before a date",
    Certainty.AFTER: "after a date",
    Certainty.BETWEEN: "between two dates",
}


@dataclass(frozen=True, slots=True)
class EventDate:
    """When a chronology event happened, as far as anyone knows.

    `date` is the date itself, or the bound for before/after, or the start of a between range
    whose end is `until`. Agencies write "before 3/2016" or "between May and July 2016" when
    that is all the record says; a single invented date would be false evidence in court.
    """

    date: PartialDate
    qualifier: DateQualifier = DateQualifier.ON
    until: PartialDate | None = None

    def __post_init__(self) -> None:
        if (self.qualifier is DateQualifier.BETWEEN) != (self.until is not None):
            raise InvalidValue("A date between two others needs both dates (and only then two).")
        if self.until is not None and self.until.latest() <= self.date.earliest():
            raise InvalidValue(
                f"the first date ({self.date.display()}) must come before the second "
                f"({self.until.display()})."
            )

    @property
    def certainty(self) -> Certainty:
        if self.qualifier is not DateQualifier.ON:
            return Certainty(self.qualifier.value)
        if self.date.approximate:
            return Certainty.APPROXIMATE
        return {
            Precision.DAY: Certainty.EXACT,
            Precision.MONTH: Certainty.MONTH_ONLY,
            Precision.YEAR: Certainty.YEAR_ONLY,
        }[self.date.precision]

    @property
    def approximate(self) -> bool:
        """Anything short of a known day or period: drawn hollow on timelines."""
        return self.date.approximate or self.qualifier is not DateQualifier.ON

    def earliest(self) -> dt.date:
        """Where the event is placed on a time axis: its date, or the start of its range."""
        return self.date.earliest()

    def latest_possible(self) -> dt.date | None:
        """The last day it can have happened on; None when only a lower bound is known."""
        if self.qualifier is DateQualifier.AFTER:
            return None
        if self.qualifier is DateQualifier.BEFORE:
            return self.date.earliest() - dt.timedelta(days=1)
        return (self.until or self.date).latest()

    def sort_key(self, time: str = "", sequence: int = 0) -> str:
        """The chronology's order: "before March 2016" just before March's entries, "after 12
        June 2016" just after that day's entries, "between May and July" where May starts.

        Plain dates keep the key they always had (date, time or 99:99, sequence), so files
        written before qualifiers existed sort exactly as before. '!' sorts below every digit
        and '~' above, which is what puts a bound just outside the period it names.
        """
        if self.qualifier is DateQualifier.BEFORE:
            return f"{self.date.sort_key()} !!:!! {sequence:06d}"
        if self.qualifier is DateQualifier.AFTER:
            return f"{self.date.end_sort_key()} ~~:~~ {sequence:06d}"
        return f"{self.date.sort_key()} {time or '99:99'} {sequence:06d}"

    def display(self) -> str:
        """For the app's tables and edit boxes; reads back through the date grammar."""
        if self.qualifier is DateQualifier.BETWEEN:
            assert self.until is not None
            return f"between {self.date.display()} and {self.until.display()}"
        if self.qualifier is DateQualifier.ON:
            return self.date.display()
        return f"{self.qualifier.value} {self.date.display()}"

    def court(self) -> str:
        """As courts read it: "?22 May 2016", "before March 2016", "between May and July 2016"."""
        if self.qualifier is DateQualifier.ON:
            return self.date.court()
        if self.qualifier is not DateQualifier.BETWEEN:
            return f"{self.qualifier.value} {self.date.court()}"
        start, end = self.date, self.until
        assert end is not None
        # The year (and month) is said once when both ends share it, as people write it.
        if (
            start.year == end.year
            and not start.approximate
            and start.month is not None
            and end.month is not None
        ):
            if start.month == end.month and start.day is not None and end.day is not None:
                return f"between {start.day} and {end.court()}"
            head = MONTH_NAMES[start.month - 1]
            if start.day is not None:
                head = f"{start.day} {head}"
            return f"between {head} and {end.court()}"
        return f"between {start.court()} and {end.court()}"

    def __str__(self) -> str:
        return self.display()


def age_on(birth: PartialDate, on: dt.date) -> int | None:
    """Whole years of age, or None when the birth date is too vague to say."""
    if birth.month is None:
        return on.year - birth.year
    years = on.year - birth.year
    if (on.month, on.day) < (birth.month, birth.day or 1):
        years -= 1
    return years
