"""The agencies a case's chronology comes from: add and rename, names unique."""

from __future__ import annotations

from app.operations.changes import Changes
from storage.casefile import CaseFile
from storage.chronology import Agency
from storage.chronology_store import agency_by_name
from storage.errors import InvalidValue
from storage.ids import AgencyId


def _checked(case: CaseFile, name: str, prefix: str, agency_id: AgencyId | None) -> tuple[str,
                                                                                          str]:
    name, prefix = " ".join(name.split()), prefix.strip().upper()
    if not name or not prefix:
        raise InvalidValue("Give both a name and a short prefix for the agency.")
    same = agency_by_name(case, name)
    if same is not None and same.id != agency_id:
        raise InvalidValue(f"There is already an agency called {same.name}.")
    return name, prefix


def add_agency(case: CaseFile, name: str, prefix: str) -> Changes:
    name, prefix = _checked(case, name, prefix, None)
    with case.transaction(f"Add agency {name}") as tx:
        tx.add(Agency(name, prefix))
    return Changes.of(tx)


def rename_agency(case: CaseFile, agency_id: AgencyId, name: str, prefix: str) -> Changes:
    agency = case.get(Agency, agency_id)
    if agency is None:
        raise InvalidValue("That agency is no longer in the case; nothing was changed.")
    name, prefix = _checked(case, name, prefix, agency_id)
    with case.transaction(f"Rename agency {agency.name} to {name}") as tx:
        agency.name, agency.prefix = name, prefix
        tx.save(agency)
    return Changes.of(tx)
