"""What part of a case a table belongs to, in the words views and operations use.

Views refresh themselves after a change by asking "did people change? the chronology?", never
"was table X written?": table names stay inside storage/. Every table the migrations create
is mapped here (a test checks), so a new table cannot be written without views learning of it.
"""

from __future__ import annotations

from enum import StrEnum


class Area(StrEnum):
    CASE = "case"  # the cover sheet and file metadata
    PEOPLE = "people"
    RELATIONSHIPS = "relationships"  # couples, parent-child links, abuse/conflict overlays
    HOUSEHOLD = "household"
    ROLES = "roles"  # male-carer roles: a man linked, or none / not known declared
    RECORD = "record"  # a man's facts with their provenance
    SCREENINGS = "screenings"
    AGENCIES = "agencies"  # agencies, their staff, source documents
    CHRONOLOGY = "chronology"
    IMPORTS = "imports"  # import batches and remembered column mappings
    EXPORTS = "exports"
    REQUESTS = "requests"  # information requests and agency returns
    ANONYMISATION = "anonymisation"
    DRAFTS = "drafts"  # typed answers kept until they are applied


AREA_OF_TABLE: dict[str, Area] = {
    "meta": Area.CASE,
    "case_details": Area.CASE,
    "proceedings": Area.CASE,  # the court proceedings about the child (the PD12A window)
    "person": Area.PEOPLE,
    "partnership": Area.RELATIONSHIPS,
    "parent_link": Area.RELATIONSHIPS,
    "overlay": Area.RELATIONSHIPS,
    "household_member": Area.HOUSEHOLD,
    "role_assignment": Area.ROLES,
    "carer_fact": Area.RECORD,
    "screening": Area.SCREENINGS,
    "agency": Area.AGENCIES,
    "practitioner": Area.AGENCIES,
    "source_document": Area.AGENCIES,
    "import_batch": Area.IMPORTS,
    "import_mapping": Area.IMPORTS,
    "chronology_entry": Area.CHRONOLOGY,
    "entry_person": Area.CHRONOLOGY,
    "entry_dispute": Area.CHRONOLOGY,
    "export_record": Area.EXPORTS,
    "draft": Area.DRAFTS,
    "anonymisation_decision": Area.ANONYMISATION,
    "information_request": Area.REQUESTS,
    "request_chase": Area.REQUESTS,
    "sharing_basis": Area.REQUESTS,
    "agency_return": Area.REQUESTS,
}

# Tables kept in the file but outside the record, so outside the audit trail by design: drafts
# of answers typed and not yet applied (storage/drafts_store.py says why). `visible verify`
# does not expect the trail to account for their rows (storage/integrity.py).
OUTSIDE_AUDIT = frozenset({"draft"})

# Tables no user action writes directly (the audit trail records every write; full-text
# search follows the entries through triggers).
UNMAPPED_TABLES = frozenset({"audit"})
UNMAPPED_PREFIXES = ("chronology_fts", "sqlite_")


def area_of(table: str) -> Area:
    try:
        return AREA_OF_TABLE[table]
    except KeyError:
        raise KeyError(
            f"table {table!r} has no Area: map it in storage/areas.py so views hear of its changes"
        ) from None
