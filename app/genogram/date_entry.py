"""Reading a date as a practitioner types it: 22/05/2016, 05/2016, May 2016, 2016, ?2016, c.1971."""

from __future__ import annotations

import re

from storage.dates import MONTH_NAMES, PartialDate
from storage.errors import InvalidValue

_DMY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
_MY = re.compile(r"^(\d{1,2})[/.-](\d{4})$")
_Y = re.compile(r"^(\d{4})$")
_NAMED = re.compile(r"^([a-z]+)\s+(\d{4})$")


def parse_date_entry(text: str) -> PartialDate | None:
    """None for an empty field; InvalidValue (a one-line message) for anything unreadable."""
    raw = text.strip()
    if not raw:
        return None
    approx = False
    lowered = raw.lower()
    for prefix in ("?", "~", "c.", "c ", "circa ", "about "):
        if lowered.startswith(prefix):
            approx = True
            lowered = lowered[len(prefix) :].strip()
            break
    if m := _DMY.match(lowered):
        return PartialDate(int(m[3]), int(m[2]), int(m[1]), approx)
    if m := _MY.match(lowered):
        return PartialDate(int(m[2]), int(m[1]), None, approx)
    if m := _Y.match(lowered):
        return PartialDate(int(m[1]), None, None, approx)
    if m := _NAMED.match(lowered):
        for i, name in enumerate(MONTH_NAMES):
            if name.lower().startswith(m[1][:3]) and len(m[1]) >= 3:
                return PartialDate(int(m[2]), i + 1, None, approx)
    raise InvalidValue(
        f"'{raw}' is not a date Visible can read. Type 22/05/2016, 05/2016, May 2016 or 2016 "
        "(put ? in front if approximate)."
    )
