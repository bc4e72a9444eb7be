"""Reading the audit trail: pages of records newest first, filtered in SQL, and one record.

Filtering is done here, in SQL, never in a proxy model (PERFORMANCE-NOTES.md). The kind of
record is asked for by area of the case (storage/areas.py), not by table name.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from storage.areas import AREA_OF_TABLE, Area
from storage.audit import AuditEvent, ChainProblem, check_chain
from storage.casefile import CaseFile, audit_event

_COLUMNS = "seq, txn, at, author, action, table_name, row_id, op, old, new, prev_hash, hash"


@dataclass(frozen=True, slots=True)
class AuditLine:
    """One audit record as a list shows it (no old/new values: those are read on demand)."""

    seq: int
    at: str
    author: str
    action: str
    area: Area | None
    table_name: str
    row_id: int
    op: str


def _where(text: str, area: Area | None) -> tuple[str, list[Any]]:
    clauses: list[str] = []
    params: list[Any] = []
    if area is not None:
        tables = [t for t, a in AREA_OF_TABLE.items() if a is area]
        clauses.append(f"table_name IN ({','.join('?' * len(tables))})")
        params.extend(tables)
    if text.strip():
        like = f"%{text.strip()}%"
        clauses.append("(action LIKE ? OR author LIKE ? OR table_name LIKE ? OR old LIKE ? "
                       "OR new LIKE ?)")
        params.extend([like] * 5)
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def count_records(case: CaseFile, text: str = "", area: Area | None = None) -> int:
    where, params = _where(text, area)
    return int(case.db.execute(f"SELECT count(*) FROM audit{where}", params).fetchone()[0])


def newest_records(case: CaseFile, text: str = "", area: Area | None = None,
                   limit: int = 10_000) -> list[AuditLine]:
    where, params = _where(text, area)
    rows = case.db.execute(
        "SELECT seq, at, author, action, table_name, row_id, op FROM audit"
        f"{where} ORDER BY seq DESC LIMIT ?", (*params, int(limit)))
    return [AuditLine(seq, at, author, action, AREA_OF_TABLE.get(table), table, row_id, op)
            for seq, at, author, action, table, row_id, op in rows]


def record(case: CaseFile, seq: int) -> AuditEvent | None:
    row = case.db.execute(f"SELECT {_COLUMNS} FROM audit WHERE seq = ?", (seq,)).fetchone()
    return None if row is None else audit_event(row)


def audited_areas(case: CaseFile) -> list[Area]:
    """The areas the trail has records for, in Area order (for a "kind of record" filter)."""
    tables = {t for (t,) in case.db.execute("SELECT DISTINCT table_name FROM audit")}
    present = {AREA_OF_TABLE[t] for t in tables if t in AREA_OF_TABLE}
    return [a for a in Area if a in present]


def chain_problems(case: CaseFile) -> list[ChainProblem]:
    return check_chain(case.db.execute(f"SELECT {_COLUMNS} FROM audit ORDER BY seq"))

