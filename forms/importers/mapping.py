"""Which column of an agency's return feeds which field of a chronology entry.

A mapping is a dict from entry field name to the header text in the file, e.g.
{"event_date": "Date of contact", "what_happened": "Details"}. It is remembered per agency
(storage.import_mapping_store) because each agency sends the same layout every time.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from storage.errors import CaseError


class MappingError(CaseError):
    """The column mapping does not fit the file."""


@dataclass(slots=True, frozen=True)
class Target:
    field: str
    label: str
    required: bool
    synonyms: tuple[str, ...]


TARGETS: tuple[Target, ...] = (
    Target(
        "event_date",
        "Date",
        True,
        (
            "date",
            "event date",
            "date of event",
            "date of contact",
            "contact date",
            "incident date",
            "when",
        ),
    ),
    Target("event_time", "Time", False, ("time", "time of event", "time of contact")),
    Target(
        "recorded_on",
        "Date recorded",
        False,
        (
            "date recorded",
            "recorded on",
            "recorded date",
            "date entered",
            "entry date",
            "date of entry",
            "date of record",
            "date written",
        ),
    ),
    Target(
        "what_happened",
        "What happened",
        True,
        (
            "event",
            "what happened",
            "details",
            "description",
            "summary",
            "incident",
            "contact",
            "event details",
            "details of event",
            "details of contact",
            "narrative",
            "notes",
        ),
    ),
    Target(
        "action_taken",
        "Action taken",
        False,
        ("action", "action taken", "actions", "action / outcome", "action/outcome"),
    ),
    Target("outcome", "Outcome", False, ("outcome", "result")),
    Target(
        "significance",
        "Significance",
        False,
        (
            "significance",
            "analysis",
            "comment",
            "comments",
            "significance for the child",
            "relevance",
            "impact",
        ),
    ),
    Target(
        "source_ref",
        "Source document",
        False,
        (
            "source",
            "source document",
            "reference",
            "ref",
            "document",
            "source reference",
            "record",
            "evidence",
        ),
    ),
    Target("category", "Category", False, ("category", "type", "event type", "contact type")),
    Target(
        "people",
        "People involved",
        False,
        ("people", "people involved", "persons", "subject", "who", "family members"),
    ),
    Target("key_event", "Key event", False, ("key event", "key", "key?", "significant event")),
    Target("disputed", "Disputed", False, ("disputed", "dispute", "contested")),
    Target(
        "author",
        "Author",
        False,
        ("author", "practitioner", "recorded by", "worker", "staff member"),
    ),
)
TARGETS_BY_FIELD = {t.field: t for t in TARGETS}


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9/?]+", " ", text.lower()).split())


def guess_mapping(headers: list[str]) -> dict[str, str]:
    """Map headers by their usual names; each header feeds at most one field."""
    mapping: dict[str, str] = {}
    used: set[str] = set()
    normalised = {h: _norm(h) for h in headers}
    for exact in (True, False):
        for target in TARGETS:
            if target.field in mapping:
                continue
            for header, norm in normalised.items():
                if header in used:
                    continue
                hit = (
                    norm in target.synonyms
                    if exact
                    else any(norm.startswith(s) for s in target.synonyms if len(s) > 3)
                )
                if hit:
                    mapping[target.field] = header
                    used.add(header)
                    break
    return mapping


def check_mapping(mapping: dict[str, str], headers: list[str]) -> None:
    unknown_fields = [f for f in mapping if f not in TARGETS_BY_FIELD]
    if unknown_fields:
        raise MappingError(
            f"The mapping names unknown field(s) {', '.join(unknown_fields)}; use "
            f"{', '.join(TARGETS_BY_FIELD)}."
        )
    missing_headers = [h for h in mapping.values() if h not in headers]
    if missing_headers:
        raise MappingError(
            f"The file has no column(s) {', '.join(repr(h) for h in missing_headers)}; its columns "
            f"are {', '.join(repr(h) for h in headers)}."
        )
    missing = [t.label for t in TARGETS if t.required and t.field not in mapping]
    if missing:
        raise MappingError(
            f"No column is mapped to {' and '.join(missing)}; give one with --mapping, e.g. "
            '\'{"event_date": "Date", "what_happened": "Event"}\'.'
        )


def mapping_from_argument(text: str) -> dict[str, str]:
    """--mapping takes JSON text or the path of a .json file: {"field": "Header", ...}."""
    source = text
    candidate = Path(text)
    if not text.lstrip().startswith("{") and candidate.is_file():
        source = candidate.read_text(encoding="utf-8")
    try:
        value = json.loads(source)
    except json.JSONDecodeError as exc:
        raise MappingError(
            f"--mapping is not valid JSON ({exc.msg} at character {exc.pos})."
        ) from None
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        raise MappingError(
            '--mapping must be a JSON object of field to column, e.g. {"event_date": "Date"}.'
        )
    return {str(k): v for k, v in value.items()}
