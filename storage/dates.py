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


def age_on(birth: PartialDate, on: dt.date) -> int | None:
    """Whole years of age, or None when the birth date is too vague to say."""
    if birth.month is None:
        return on.year - birth.year
    years = on.year - birth.year
    if (on.month, on.day) < (birth.month, birth.day or 1):
        years -= 1
    return years
