"""visible info CASE [--json]"""

from __future__ import annotations

import argparse
import json

from app.commands._common import add_case_argument, open_case
from storage.casefile import CaseFile


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("info", help="counts and schema version of a case")
    add_case_argument(p)
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.add_argument("--accept-older", action="store_true", help=argparse.SUPPRESS)
    p.set_defaults(handler=run)


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


def run(args: argparse.Namespace) -> int:
    with open_case(args, read_only=True) as case:
        counts = case_counts(case)
    if args.json:
        print(json.dumps(counts, indent=2, ensure_ascii=False))
    else:
        for key, value in counts.items():
            if isinstance(value, dict):
                print(f"{key}:")
                for k, v in value.items():
                    print(f"  {k}: {v}")
            else:
                print(f"{key}: {value}")
    return 0
