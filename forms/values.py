"""Checking, reading and showing the value of a field, driven by its definition.

`check_value` is the one gate every stored value passes (GUI, CLI, import): it returns the
normalised JSON-compatible value or raises storage.errors.InvalidValue with a message naming the
field and saying what to type instead.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from forms.bounds import check_age, check_when, display_age, display_when, when_stored
from forms.dates import parse_optional_date
from forms.fields import Field, FieldType
from storage.dates import DateQualifier, PartialDate
from storage.errors import InvalidValue

T = FieldType
_MONEY = re.compile(r"^£?\s*(\d+(?:\.\d{1,2})?)\s*(?:(?:-|–|to)\s*£?\s*(\d+(?:\.\d{1,2})?))?$")


def _number(value: Any) -> float | int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return value
    if isinstance(value, str):
        text = value.strip().replace(",", "")
        try:
            number = float(text)
        except ValueError:
            return None
        return int(number) if number.is_integer() else number
    return None


def _in_range(f: Field, number: float, where: str) -> None:
    if f.minimum is not None and number < f.minimum:
        raise InvalidValue(
            f"{where}: {number:g} is below the lowest plausible value ({f.minimum:g})."
        )
    if f.maximum is not None and number > f.maximum:
        raise InvalidValue(
            f"{where}: {number:g} is above the highest plausible value ({f.maximum:g})."
        )


def parse_money(text: str) -> int | float | dict[str, float] | None:
    """'£300', '300-400', '£300–£400' -> 300 or {"low": 300, "high": 400}; '' -> None."""
    raw = text.strip().replace(",", "")
    if not raw:
        return None
    m = _MONEY.match(raw)
    if not m:
        return None  # the caller names the field in its message
    low = float(m[1])
    low_v: int | float = int(low) if low.is_integer() else low
    if m[2] is None:
        return low_v
    high = float(m[2])
    return {"low": low_v, "high": int(high) if high.is_integer() else high}


def _not_yet(where: str, said: str) -> None:
    # Probably a mistyped year (the date a fact was learned is refused the same way).
    raise InvalidValue(f"{where}: {said} is in the future; give the date it happened.")


def check_value(f: Field, value: Any, where: str | None = None) -> Any:
    """Normalise `value` for field `f`; None means 'no value'."""
    where = where or f.label
    if value is None or value == "" or value == []:
        if f.type is T.LIST and value == []:
            return []  # an answered empty list: "he uses none"
        if f.type is T.MULTI_CHOICE and value == []:
            return []
        return None
    match f.type:
        case T.TEXT:
            if not isinstance(value, str):
                raise InvalidValue(f"{where}: expected text.")
            return value.strip() or None
        case T.CHOICE:
            allowed = {c.value: c.value for c in f.choices}
            allowed.update({c.label.lower(): c.value for c in f.choices})
            found = allowed.get(value) if isinstance(value, str) else None
            found = found or (allowed.get(value.lower()) if isinstance(value, str) else None)
            if found is None:
                options = ", ".join(c.label for c in f.choices)
                raise InvalidValue(f"{where}: '{value}' is not one of the choices ({options}).")
            return found
        case T.MULTI_CHOICE:
            if isinstance(value, str):
                value = [v.strip() for v in value.split(",") if v.strip()]
            if not isinstance(value, list | tuple):
                raise InvalidValue(f"{where}: expected a list of choices.")
            single = Field(f.key, f.label, T.CHOICE, choices=f.choices)
            out = [check_value(single, v, where) for v in value]
            order = [c.value for c in f.choices]
            return sorted(set(out), key=order.index)
        case T.NUMBER:
            number = _number(value)
            if number is None:
                unit = f" of {f.unit}" if f.unit else ""
                raise InvalidValue(
                    f"{where}: '{value}' is not a number{unit}; type digits, e.g. 4."
                )
            _in_range(f, number, where)
            return number
        case T.QUANTITY:
            if not isinstance(value, dict) or "amount" not in value:
                raise InvalidValue(f"{where}: expected an amount and a unit.")
            number = _number(value.get("amount"))
            if number is None:
                raise InvalidValue(f"{where}: '{value.get('amount')}' is not a number.")
            _in_range(f, number, where)
            chosen = value.get("unit")
            if chosen not in f.units:
                raise InvalidValue(f"{where}: choose a unit ({', '.join(f.units)}).")
            return {"amount": number, "unit": chosen}
        case T.MONEY_WEEK:
            money = parse_money(value) if isinstance(value, str) else value
            if isinstance(money, dict):
                low, high = _number(money.get("low")), _number(money.get("high"))
                if low is None or high is None or low > high:
                    raise InvalidValue(
                        f"{where}: a range needs a lower and a higher amount, e.g. 300-400."
                    )
                _in_range(f, low, where)
                return {"low": low, "high": high}
            number = _number(money)
            if number is None:
                raise InvalidValue(
                    f"{where}: '{value}' is not an amount of money; "
                    "type pounds a week, e.g. 300 or 300-400."
                )
            _in_range(f, number, where)
            return number
        case T.DATE:
            if isinstance(value, PartialDate):
                return value.stored()
            if not isinstance(value, str):
                raise InvalidValue(f"{where}: expected a date.")
            # The stored form ("~2016-05") is one of the forms the grammar reads.
            date = parse_optional_date(value)
            if date is not None and date.is_future():
                _not_yet(where, date.display())
            return None if date is None else date.stored()
        case T.AGE:
            found_age = check_age(value, where, f.minimum, f.maximum)
            return None if found_age is None else found_age.stored()
        case T.WHEN:
            found_when = check_when(value, where)
            # Every date in a man's record is of something that happened. "before 2030" still
            # reaches into the past; "2099" or "after 2098" cannot have happened yet.
            if (found_when is not None and found_when.qualifier is not DateQualifier.BEFORE
                    and found_when.earliest() > dt.date.today()):
                _not_yet(where, found_when.display())
            return None if found_when is None else when_stored(found_when)
        case T.YES_NO:
            text = str(value).strip().lower()
            if text in ("yes", "y", "true"):
                return "yes"
            if text in ("no", "n", "false"):
                return "no"
            raise InvalidValue(
                f"{where}: '{value}' is not yes or no. If nobody knows, record 'not known'; if it "
                "was never asked, record 'not asked'."
            )
        case T.LIST:
            if not isinstance(value, list):
                raise InvalidValue(f"{where}: expected a list of {f.item_label}s.")
            items = []
            for n, item in enumerate(value, start=1):
                if not isinstance(item, dict):
                    raise InvalidValue(f"{where}: {f.item_label} {n} is not a set of answers.")
                unknown = set(item) - {s.key for s in f.item_fields}
                if unknown:
                    raise InvalidValue(
                        f"{where}: {f.item_label} {n} has unknown parts: "
                        f"{', '.join(sorted(unknown))}."
                    )
                clean: dict[str, Any] = {}
                for sub in f.item_fields:
                    sub_where = f"{where}, {f.item_label} {n}, {sub.label}"
                    v = check_value(sub, item.get(sub.key), sub_where)
                    if v is None and sub.required:
                        raise InvalidValue(f"{sub_where}: this is needed for every {f.item_label}.")
                    if v is None and sub.required_when is not None:
                        other, values = sub.required_when
                        if str(clean.get(other)) in values or str(item.get(other)) in values:
                            said = f.item_field(other)
                            raise InvalidValue(
                                f"{sub_where}: this is needed when {said.label.lower()} is "
                                f"'{said.choice_label(str(clean.get(other, item.get(other))))}'."
                            )
                    if v is not None:
                        clean[sub.key] = v
                items.append(clean)
            return items
    raise AssertionError(f"unhandled field type {f.type}")


def display_value(f: Field, value: Any) -> str:
    """The value as a person reads it, in British style (dates, £)."""
    if value is None:
        return ""
    match f.type:
        case T.CHOICE:
            return f.choice_label(value)
        case T.MULTI_CHOICE:
            return ", ".join(f.choice_label(v) for v in value) or "none"
        case T.NUMBER:
            return f"{value:g} {f.unit}".strip() if isinstance(value, int | float) else str(value)
        case T.QUANTITY:
            return f"{value['amount']:g} {value['unit']}"
        case T.MONEY_WEEK:
            if isinstance(value, dict):
                return f"£{value['low']:,g}–£{value['high']:,g} a week"
            return f"£{value:,g} a week"
        case T.DATE:
            return PartialDate.parse_stored(value).display()
        case T.AGE:
            return display_age(value, unit=f.unit)
        case T.WHEN:
            return display_when(value)
        case T.YES_NO:
            return {"yes": "Yes", "no": "No"}.get(value, str(value))
        case T.LIST:
            if not value:
                return f"none ({f.item_label}s: none)"
            return "; ".join(display_item(f, item) for item in value)
    return str(value)


def display_item(f: Field, item: dict[str, Any]) -> str:
    """One list item in a line: the first sub-field plain, the rest as 'label: value'."""
    parts = []
    for sub in f.item_fields:
        if sub.key in item and item[sub.key] is not None:
            text = display_value(sub, item[sub.key])
            if sub is f.item_fields[0]:
                parts.append(text)
            else:
                parts.append(f"{sub.label.rstrip('?').lower()}: {text}")
    return ", ".join(parts)
