"""Reads behind the father-inclusion audit (forms/practice.py): small, typed, no case data
beyond what the anonymous practice summary counts."""

from __future__ import annotations

import json
from typing import Any

from storage.casefile import CaseFile, Txn, now_iso

SUMMARY_NOTE = "last_practice_summary"


def chronology_span(case: CaseFile) -> tuple[str | None, str | None]:
    """Sort keys ("YYYY-MM-DD", month or day 00 when not known) of the first and last entry."""
    row = case.db.execute("SELECT min(sort_key), max(sort_key) FROM chronology_entry").fetchone()
    return (row[0], row[1]) if row else (None, None)


def information_requests(case: CaseFile) -> list[Any]:
    """Information requests about the men, when this version of the file holds any.

    The requests feature (storage/requests_store.py) adds the table; until a case has it this
    returns [] so the summary falls back on what the man's record says was asked.
    """
    try:
        from storage import requests_store  # type: ignore[attr-defined]
    except ImportError:
        return []
    tables = {r[0] for r in case.db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    if "information_request" not in tables:
        return []
    return list(requests_store.all_requests(case))


def note_summary_written(tx: Txn, path: str, men: int) -> None:
    """Leaving the case, even anonymously, is recorded in the audit trail (who, when, where)."""
    value = json.dumps({"at": now_iso(), "file": path, "men": men}, ensure_ascii=False)
    found = tx.db.execute("SELECT id FROM meta WHERE key = ?", (SUMMARY_NOTE,)).fetchone()
    if found:
        tx.update("meta", found[0], {"value": value})
    else:
        tx.insert("meta", {"key": SUMMARY_NOTE, "value": value})
