"""Pieces shared by the request, requests, template and returns commands."""

from __future__ import annotations

import datetime as dt

from forms.requests import find_person, parse_exact_date
from storage.casefile import CaseFile
from storage.chronology import Agency
from storage.chronology_store import agencies, agency_by_name
from storage.errors import CaseError
from storage.people import Person


def person_named(case: CaseFile, text: str) -> Person:
    found = find_person(case.all(Person), text)
    assert isinstance(found, Person)
    return found


def agency_named(case: CaseFile, text: str) -> Agency:
    found = agency_by_name(case, text)
    if found is None:
        names = ", ".join(a.name for a in agencies(case))
        raise CaseError(f"There is no agency called '{text}' in this case ({names}).")
    return found


def date_arg(text: str | None, what: str, default_today: bool = True) -> dt.date | None:
    if text is None:
        return dt.date.today() if default_today else None
    return parse_exact_date(text, what)
