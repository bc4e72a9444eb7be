"""The words around a genogram symbol: name, age or years, male-carer roles (no Qt).

Text width is estimated from the character count (DejaVu Sans averages ~0.6 em), so layout can
reserve room for labels without a font engine; the estimate errs wide on purpose.
"""

from __future__ import annotations

import datetime as dt

from exports.genogram.data import GenogramData
from storage.carers import CarerRole
from storage.dates import age_on
from storage.people import Existence, Person

NAME_SIZE = 11.0
SMALL_SIZE = 9.5
LABEL_WIDTH = 112.0  # widest label line, in scene units; layout spaces symbols wider than this
CHAR_EM = 0.6

SHORT_ROLE = {
    CarerRole.BIRTH_FATHER: "Birth father",
    CarerRole.STEP_FATHER: "Step-father",
    CarerRole.NON_RESIDENT_FATHER: "Non-resident father",
    CarerRole.MOTHERS_PARTNER: "Mother's partner",
    CarerRole.OTHER_MALE_CARER: "Other male carer",
}

EXISTENCE_WORD = {
    Existence.PREGNANCY: "Pregnancy",
    Existence.MISCARRIAGE: "Miscarriage",
    Existence.TERMINATION: "Termination",
    Existence.STILLBIRTH: "Stillbirth",
}


def text_width(text: str, size: float) -> float:
    return len(text) * size * CHAR_EM


def fit_lines(text: str, size: float, width: float = LABEL_WIDTH, max_lines: int = 2) -> list[str]:
    """Word-wrap to the label width; the last line is elided with '…' if it still overflows."""
    per_line = max(4, int(width / (size * CHAR_EM)))
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}".strip()
        if len(candidate) <= per_line or not current:
            current = candidate
        else:
            lines.append(current)
            current = word
    if current:
        lines.append(current)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1][: per_line - 1].rstrip() + "…"
    return [line if len(line) <= per_line else line[: per_line - 1] + "…" for line in lines]


def name_lines(person: Person, name: str) -> list[str]:
    """The name under a symbol, wrapped; an unnamed pregnancy or loss says what it was."""
    if person.existence is not Existence.BORN and not (person.given_names or person.known_as):
        return [EXISTENCE_WORD[person.existence]]
    return fit_lines(name, NAME_SIZE)


def label_lines(data: GenogramData, person: Person) -> tuple[list[str], str]:
    """(name lines, years line) under a symbol; an anonymised picture shows no dates."""
    assert person.id is not None
    found = data.label_cache.get(person.id)
    if found is None:
        names = name_lines(person, data.name(person.id))
        found = names, "" if data.anonymised else years_line(person, data.today)
        data.label_cache[person.id] = found
    return found


def age_text(person: Person, today: dt.date) -> str:
    """Age shown inside the symbol: years, or months for a baby under two."""
    dob = person.date_of_birth
    if dob is None or person.existence is not Existence.BORN or person.deceased:
        return ""
    if dob.earliest() > today:
        return ""
    if dob.month is not None and (today.year - dob.year) < 3:
        months = (today.year - dob.year) * 12 + today.month - dob.month
        if dob.day is not None and today.day < dob.day:
            months -= 1
        if months < 24:
            return f"{max(months, 0)}m"
    years = age_on(dob, today)
    if years == 0:
        return "<1"  # born this year, month not known
    return "" if years is None else str(years)


def years_line(person: Person, today: dt.date) -> str:
    """Birth year (and death year) under the symbol; '?' marks an approximate date."""
    dob, dod = person.date_of_birth, person.date_of_death
    if person.existence is Existence.PREGNANCY:
        return f"due {dob.display()}" if dob else ""
    if person.existence is not Existence.BORN:
        return dob.display() if dob else ""
    born = f"{'c.' if dob and dob.approximate else ''}{dob.year}" if dob else ""
    if person.deceased:
        died = f"{dod.year}" if dod else "?"
        return f"{born or '?'}–{died}"
    return f"b. {born}" if born else ""


def role_lines(roles: list[CarerRole]) -> list[str]:
    return [SHORT_ROLE[r] for r in roles]


def label_line_count(data: GenogramData, person: Person, roles: list[CarerRole]) -> int:
    names, years = label_lines(data, person)
    return len(names) + (1 if years else 0) + len(roles)
