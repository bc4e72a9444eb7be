"""Working days in England and Wales: when an agency's answer is due.

Requests are due ten working days after they are sent (the SIRS pro-forma of the source
report's §9.5 came back "within two weeks"). Weekends and the bank holidays of England and
Wales do not count. The holidays come from the `holidays` package (MIT, maintained): it
computes the rules for any year and carries the one-off days too (the 2022 Platinum Jubilee and
State Funeral, the 2023 Coronation), so a due date is right years after a shipped list would
have run out. GOV.UK's published list (OGL) was the alternative; it covers only a few years
ahead and would need a release to extend. England and Wales share one calendar today; both
subdivisions are read so a future divergence is still counted.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

DEFAULT_WORKING_DAYS = 10


@lru_cache(maxsize=64)
def _holidays_of(year: int) -> frozenset[dt.date]:
    # Imported here: the package costs ~0.2 s to import and only due dates need it.
    import holidays

    days: set[dt.date] = set()
    for subdiv in ("ENG", "WLS"):
        days.update(holidays.country_holidays("GB", subdiv=subdiv, years=year).keys())
    return frozenset(days)


def bank_holiday_name(day: dt.date) -> str | None:
    import holidays

    found = holidays.country_holidays("GB", subdiv="ENG", years=day.year).get(day)
    return str(found) if found else None


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < 5 and day not in _holidays_of(day.year)


def add_working_days(start: dt.date, days: int = DEFAULT_WORKING_DAYS) -> dt.date:
    """The date `days` working days after `start` (start itself never counts)."""
    if days < 0:
        raise ValueError("days must not be negative")
    day = start
    counted = 0
    while counted < days:
        day += dt.timedelta(days=1)
        if is_working_day(day):
            counted += 1
    return day


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Working days after `start` up to and including `end` (negative when end is earlier)."""
    if end < start:
        return -working_days_between(end, start)
    count = 0
    day = start
    while day < end:
        day += dt.timedelta(days=1)
        if is_working_day(day):
            count += 1
    return count
