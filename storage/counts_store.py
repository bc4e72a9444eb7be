"""What a case holds, in numbers (visible info, the window's overview page)."""

from __future__ import annotations

from storage.casefile import CaseFile


def case_counts(case: CaseFile) -> dict[str, object]:
    db = case.db
    by_agency = dict(db.execute(
        "SELECT a.name, count(e.id) FROM chronology_entry e JOIN agency a ON a.id = e.agency_id "
        "GROUP BY a.name ORDER BY a.name"
    ).fetchall())
    men = db.execute(
        "SELECT count(DISTINCT person_id) FROM role_assignment WHERE person_id IS NOT NULL"
    ).fetchone()[0]
    details = case.details()
    return {
        "reference": details.reference,
        "local_authority": details.local_authority,
        "schema_version": case.schema_version,
        "people": db.execute("SELECT count(*) FROM person").fetchone()[0],
        "index_children": db.execute(
            "SELECT count(*) FROM person WHERE is_index_child").fetchone()[0],
        "male_carers": men,
        "chronology_entries": sum(by_agency.values()),
        "chronology_by_agency": by_agency,
        "audit_records": db.execute("SELECT count(*) FROM audit").fetchone()[0],
    }
