"""Dates as a user types them: 22/05/2026, 05/2026, May 2026, 2026, with '?' or '~' for 'about'.

Only what was typed is kept (storage.dates.PartialDate): "May 2026" never becomes 1 May.
"""

from __future__ import annotations

import re

from storage.dates import MONTH_NAMES, PartialDate
from storage.errors import InvalidValue

_MONTHS = {name.lower(): i + 1 for i, name in enumerate(MONTH_NAMES)}
_MONTHS.update({name[:3].lower(): i + 1 for i, name in enumerate(MONTH_NAMES)})
_DMY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
_MY = re.compile(r"^(\d{1,2})[/.-](\d{4})$")
_NAMED = re.compile(r"^(?:(\d{1,2})\s+)?([A-Za-z]+)\.?\s+(\d{4})$")
_Y = re.compile(r"^(\d{4})$")
HINT = "type e.g. 22/05/2026, May 2026 or 2026 (put ? in front if approximate)"


def parse_date_text(text: str) -> PartialDate | None:
    """Empty text is None; anything unreadable raises InvalidValue with a hint."""
    raw = text.strip()
    if not raw:
        return None
    approximate = raw[0] in "?~"
    body = raw.lstrip("?~ ").strip()
    try:
        return PartialDate.parse_stored(("~" if approximate else "") + body)  # 2026-05-22
    except InvalidValue:
        pass
    if m := _DMY.match(body):
        return PartialDate(int(m[3]), int(m[2]), int(m[1]), approximate)
    if m := _MY.match(body):
        return PartialDate(int(m[2]), int(m[1]), None, approximate)
    if m := _NAMED.match(body):
        month = _MONTHS.get(m[2].lower())
        if month is None:
            raise InvalidValue(f"'{raw}' is not a date: '{m[2]}' is not a month; {HINT}.")
        return PartialDate(int(m[3]), month, int(m[1]) if m[1] else None, approximate)
    if m := _Y.match(body):
        return PartialDate(int(m[1]), None, None, approximate)
    raise InvalidValue(f"'{raw}' is not a date; {HINT}.")
