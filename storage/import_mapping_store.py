"""Column mappings remembered per agency, so the second return from the same agency imports
without re-mapping. Stored as JSON with explicit keys: {"event_date": "Date of contact", ...}."""

from __future__ import annotations

import json

from storage.casefile import CaseFile, Txn


def load_mapping(case: CaseFile, agency_id: int) -> dict[str, str] | None:
    row = case.db.execute(
        "SELECT mapping FROM import_mapping WHERE agency_id = ?", (agency_id,)
    ).fetchone()
    if row is None:
        return None
    value = json.loads(row[0])
    return {str(k): str(v) for k, v in value.items()} if isinstance(value, dict) else None


def save_mapping(tx: Txn, agency_id: int, mapping: dict[str, str]) -> None:
    text = json.dumps(mapping, ensure_ascii=False, sort_keys=True)
    row = tx.db.execute(
        "SELECT id FROM import_mapping WHERE agency_id = ?", (agency_id,)
    ).fetchone()
    if row is None:
        tx.insert("import_mapping", {"agency_id": agency_id, "mapping": text})
    else:
        tx.update("import_mapping", row[0], {"mapping": text})
