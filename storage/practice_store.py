"""Reads behind the father-inclusion audit (forms/practice.py): small, typed, no case data
beyond what the anonymous practice summary counts."""

from __future__ import annotations

from typing import Any

from storage.casefile import CaseFile
from storage.people import Person


def chronology_span(case: CaseFile) -> tuple[str | None, str | None]:
    """Sort keys ("YYYY-MM-DD", month or day 00 when not known) of the first and last entry."""
    row = case.db.execute("SELECT min(sort_key), max(sort_key) FROM chronology_entry").fetchone()
    return (row[0], row[1]) if row else (None, None)


def information_requests(case: CaseFile) -> list[Any]:
    """Information requests about the men, when this version of the file holds any.

    The requests feature (storage/requests_store.py) adds the table; until a case has it this
    returns [] so the summary falls back on what the man's record says was asked.
    """
    from storage import requests_store
    tables = {r[0] for r in case.db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    if "information_request" not in tables:
        return []
    return list(requests_store.all_requests(case))


def snapshot_people(case: CaseFile) -> list[Person]:
    """Everyone recorded in the case: the names and dates of birth a summary is scanned for."""
    return case.all(Person)
