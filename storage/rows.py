"""Mapping between the domain dataclasses and named table columns.

Column names equal field names. Dates with precision are stored as readable text, enums as
their values, lists and dicts as JSON with explicit keys: a file can always be read by name.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import json
import types
import typing
from collections.abc import Sequence
from typing import Any, TypeVar

from storage.anonymisation import AnonymisationDecision
from storage.carers import CarerFact, RoleAssignment, ScreeningResult
from storage.case import CaseDetails, Proceedings
from storage.chronology import Agency, ImportBatch, Practitioner, SourceDocument
from storage.dates import PartialDate
from storage.drafts import Draft
from storage.export_record import ExportRecord
from storage.household import HouseholdMember
from storage.people import Person
from storage.relationships import Overlay, ParentLink, Partnership
from storage.requests import AgencyReturn, InformationRequest, RequestChase, SharingBasis

T = TypeVar("T")

TABLES: dict[type, str] = {
    CaseDetails: "case_details",
    Proceedings: "proceedings",
    Person: "person",
    Partnership: "partnership",
    ParentLink: "parent_link",
    Overlay: "overlay",
    HouseholdMember: "household_member",
    RoleAssignment: "role_assignment",
    CarerFact: "carer_fact",
    ScreeningResult: "screening",
    Agency: "agency",
    Practitioner: "practitioner",
    SourceDocument: "source_document",
    ImportBatch: "import_batch",
    InformationRequest: "information_request",
    RequestChase: "request_chase",
    SharingBasis: "sharing_basis",
    AgencyReturn: "agency_return",
    ExportRecord: "export_record",
    Draft: "draft",
    AnonymisationDecision: "anonymisation_decision",
}

# Fields whose JSON is stored whatever their declared type (e.g. a fact's value may be a str).
_JSON_FIELDS = {(CarerFact, "value")}


# Resolved field types per dataclass. A plain dict rather than functools.cache: mypy checks
# cache's arguments against Hashable and wrongly rejects class objects.
_FIELD_TYPES: dict[type, dict[str, Any]] = {}


def _field_types(cls: type) -> dict[str, Any]:
    found = _FIELD_TYPES.get(cls)
    if found is None:
        hints = typing.get_type_hints(cls)
        found = _FIELD_TYPES[cls] = {f.name: hints[f.name] for f in dataclasses.fields(cls)}
    return found


def _base(tp: Any) -> Any:
    """Strip Optional[...] / X | None down to X."""
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        return args[0] if len(args) == 1 else tp
    return tp


def to_column(value: Any, tp: Any, as_json: bool = False) -> Any:
    if as_json:
        return None if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)
    if value is None:
        return None
    base = _base(tp)
    if isinstance(value, PartialDate):
        return value.stored()
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if typing.get_origin(base) in (list, dict) or base in (list, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return value


def from_column(value: Any, tp: Any, as_json: bool = False) -> Any:
    if as_json:
        return None if value is None else json.loads(value)
    if value is None:
        return None
    base = _base(tp)
    origin = typing.get_origin(base)
    if base is PartialDate:
        return PartialDate.parse_stored(value)
    if base is bool:
        return bool(value)
    if base is dt.date:
        return dt.date.fromisoformat(value)
    if isinstance(base, type) and issubclass(base, enum.Enum):
        return base(value)
    if origin in (list, dict) or base in (list, dict):
        return json.loads(value)
    return value


def to_row(obj: Any) -> dict[str, Any]:
    cls = type(obj)
    return {
        name: to_column(getattr(obj, name), tp, (cls, name) in _JSON_FIELDS)
        for name, tp in _field_types(cls).items()
    }


def from_row(cls: type[T], row: dict[str, Any]) -> T:
    kwargs = {
        name: from_column(row[name], tp, (cls, name) in _JSON_FIELDS)
        for name, tp in _field_types(cls).items()
        if name in row
    }
    return cls(**kwargs)


def changed_fields(before: Any, after: Any) -> dict[str, Any]:
    """The fields of `after` that differ from `before` (two instances of one dataclass): what
    an edit really changed, so only that is written over the record as the file has it."""
    return {f.name: getattr(after, f.name) for f in dataclasses.fields(after)
            if getattr(after, f.name) != getattr(before, f.name)}


def select(source: Any, cls: type[T], where: str = "", params: Sequence[Any] = (),
           order: str = "id") -> list[T]:
    """Records of one class read through `source` (a case, its reader or a transaction).

    Only the `storage/*_store.py` modules call this with a WHERE or ORDER BY fragment: the
    fragments are SQL, so they stay inside storage (the CaseFile's own `all` takes none).
    """
    sql = f"SELECT * FROM {TABLES[cls]}"
    if where:
        sql += f" WHERE {where}"
    cur = source.db.execute(f"{sql} ORDER BY {order}", tuple(params))
    names = [d[0] for d in cur.description]
    return [from_row(cls, dict(zip(names, r, strict=True))) for r in cur]
