"""Writing the anonymous practice summary of one case, and refusing it if it identifies anyone.

The summary (forms/practice.py) is built from codes and counts only, so it should never hold a
name or a date of birth; the scan here makes that a checked fact rather than a hope. The file
is written under a temporary name, read back from disk, scanned for every name (given names,
family name, known-as, each part of a double-barrelled name, with and without accents) and
every date of birth (in the forms records write them) of every person in the case, and only
then renamed to the name asked for. A hit removes the file and says what was found.
"""

from __future__ import annotations

import json
import os
import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from exports.errors import AnonymisationLeak
from exports.output import write_bytes_temporary
from storage.dates import MONTH_NAMES, PartialDate
from storage.people import Person

MIN_NAME = 2  # a one-letter initial would match everywhere and identify no one


def _plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def name_terms(people: Iterable[Person]) -> set[str]:
    """Every recorded name and name part, lower-cased, with and without accents."""
    terms: set[str] = set()
    for p in people:
        for name in (p.given_names, p.family_name, p.known_as):
            name = name.strip()
            if not name:
                continue
            parts = [name, *re.split(r"[\s\-'’]+", name)]
            for part in parts:
                part = part.strip(".,()")
                if len(part) >= MIN_NAME:
                    terms.update({part.lower(), _plain(part).lower()})
    return terms


def dob_terms(people: Iterable[Person]) -> set[str]:
    """A date of birth as records write it: 03/02/2026, 3/2/2026, 2026-02-03, 3 February 2026,
    3 Feb 2026, 03.02.2026; month-only ones as February 2026, 02/2026, 2026-02."""
    terms: set[str] = set()
    for p in people:
        dob: PartialDate | None = p.date_of_birth
        if dob is None or dob.month is None:
            continue
        y, m = dob.year, dob.month
        month = MONTH_NAMES[m - 1]
        if dob.day is None:
            terms.update({f"{month} {y}", f"{month[:3]} {y}", f"{m:02d}/{y}", f"{y}-{m:02d}"})
            continue
        d = dob.day
        terms.update({f"{d:02d}/{m:02d}/{y}", f"{d}/{m}/{y}", f"{y}-{m:02d}-{d:02d}",
                      f"{d} {month} {y}", f"{d:02d} {month} {y}", f"{d} {month[:3]} {y}",
                      f"{d:02d}.{m:02d}.{y}", f"{y}{m:02d}{d:02d}"})
    return {t.lower() for t in terms}


def leaks(text: str, people: Iterable[Person]) -> list[str]:
    """Names and dates of birth found in `text`, as whole words, ignoring case and accents."""
    people = list(people)
    lowered = text.lower()
    haystacks = {lowered, _plain(lowered)}
    found = []
    for term in sorted(name_terms(people) | dob_terms(people), key=len, reverse=True):
        pattern = re.compile(rf"(?<![\w]){re.escape(term)}(?![\w])")
        if any(pattern.search(h) for h in haystacks):
            found.append(term)
    return found


def write_summary_temporary(summary: dict[str, Any], path: str | os.PathLike[str],
                            people: Iterable[Person]) -> Path:
    """The summary, written beside `path` under a temporary name and scanned; the caller
    records it and places it (app/operations/practice.py)."""
    people = list(people)
    data = (json.dumps(summary, indent=2, ensure_ascii=False, sort_keys=False) + "\n").encode()

    def verify(written: bytes) -> None:
        found = leaks(written.decode("utf-8", "replace"), people)
        if found:
            shown = ", ".join(f"'{t}'" for t in found[:5])
            raise AnonymisationLeak(
                f"The practice summary contained {len(found)} recorded name(s) or date(s) of "
                f"birth ({shown}); it was not kept. Check the local authority name in the "
                "case details, then try again.")

    return write_bytes_temporary(data, path, verify)
