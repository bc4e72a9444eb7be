"""The file's state bound to its audit trail, and its schema bound to the migrations.

SQLCipher's page HMACs prove a page was written with the key, not that it is the *newest*
page: an older copy of one page put back is accepted, and anyone with the key can add a
trigger. So we check two things SQLCipher cannot:

- **State**: every audited row change records the whole row it left (`audit.new`, covered by
  the hash chain). Replaying the trail gives exactly what every table must hold; `verify`
  compares each row with it and names the table and row that differ (full check, O(rows)).
  On open, a cheap check compares only the rows the last transaction left (bounded), which
  catches the common attack — one page of the latest edit put back from an older copy.
- **Schema**: the tables, indexes, triggers and views must be exactly those the migrations
  create for the file's version. The expected schema is computed by running the migration
  steps (storage/schema.py) on an in-memory database, so a new migration is picked up with no
  list to maintain. A hidden trigger, view or index is refused on open and named by verify.

Rows written outside `Txn` (and so outside the audit) are reported as not in the trail: a
migration that writes rows must write them through an audited transaction.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from storage import schema
from storage.areas import OUTSIDE_AUDIT

Connection = Any
SchemaItem = tuple[str, str, str, str]  # (type, name, tbl_name, sql)
# Planner statistics are not part of any migration but may appear (ANALYZE) and change nothing.
_HARMLESS = {"sqlite_stat1", "sqlite_stat4"}
OPEN_CHECK_LIMIT = 1000  # audit records of the last transaction compared on open
MAX_LISTED = 20  # per kind of problem; the rest are counted

_expected: dict[int, frozenset[SchemaItem]] = {}
# Rows the migrations themselves write (e.g. the seeded sharing bases): (table, id) -> row text.
_seeded: dict[int, dict[tuple[str, int], str]] = {}


def _normal(sql: str | None) -> str:
    return " ".join((sql or "").split())


# sqlite_master as read -> its items normalised. Every open compares the schema, and the
# file's text is the same open after open: normalising its SQL again was a tenth of the open's
# own time. Keyed by the exact text read, so any change to the schema is normalised afresh.
_items_of: dict[tuple[tuple[str, str, str, str | None], ...], frozenset[SchemaItem]] = {}


def schema_items(db: Connection) -> frozenset[SchemaItem]:
    raw = tuple(db.execute("SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall())
    found = _items_of.get(raw)
    if found is None:
        found = frozenset((t, n, tbl, _normal(sql)) for t, n, tbl, sql in raw
                          if n not in _HARMLESS)
        if len(_items_of) > 16:  # a handful of versions and tampered variants at most
            _items_of.clear()
        _items_of[raw] = found
    return found


def expected_schema(version: int) -> frozenset[SchemaItem]:
    """What migrations 1..version create, from running them on an in-memory database."""
    found = _expected.get(version)
    if found is None:
        import sqlcipher3

        mem = sqlcipher3.connect(":memory:", isolation_level=None)
        try:
            for step in schema.UPGRADES[:version]:
                step(mem)
            found = _expected[version] = schema_items(mem)
            _seeded[version] = {
                (table, row["id"]): row_text(row)
                for table in audited_tables(mem)
                for row in _rows(mem, table)
                if isinstance(row.get("id"), int)
            }
        finally:
            mem.close()
    return found


def seeded_rows(version: int) -> dict[tuple[str, int], str]:
    """Rows the migrations 1..version write themselves, found by running them (not audited:
    they are part of every file at that version, like its tables)."""
    expected_schema(version)
    return _seeded[version]


def schema_problems(db: Connection, version: int) -> list[str]:
    """Differences between the file's schema and what the migrations make, in words."""
    if version < 0 or version > schema.LATEST_VERSION:
        return [f"schema version {version} is not one this version of Visible knows"]
    actual, expected = schema_items(db), expected_schema(version)
    problems = []
    exp_by_name = {(t, n): (tbl, sql) for t, n, tbl, sql in expected}
    act_by_name = {(t, n): (tbl, sql) for t, n, tbl, sql in actual}
    for kind, name in sorted(act_by_name.keys() - exp_by_name.keys()):
        on = act_by_name[(kind, name)][0]
        where = f" on {on}" if on and on != name else ""
        problems.append(f"unexpected {kind} {name}{where} (not made by Visible)")
    for kind, name in sorted(exp_by_name.keys() - act_by_name.keys()):
        problems.append(f"{kind} {name} is missing")
    for key in sorted(act_by_name.keys() & exp_by_name.keys()):
        if act_by_name[key] != exp_by_name[key]:
            problems.append(f"{key[0]} {key[1]} has been changed from what Visible made")
    return problems


def row_text(row: dict[str, Any]) -> str:
    """A row exactly as the audit trail stores it (Txn._audit uses the same serialisation)."""
    return json.dumps(row, ensure_ascii=False, sort_keys=True)


def _digest(text: str) -> bytes:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).digest()


def audited_tables(db: Connection) -> list[str]:
    """Tables whose rows the audit trail accounts for: all but the trail itself, SQLite's own
    tables, the full-text index (derived from the entries by triggers) and the tables kept
    outside the record on purpose (drafts, storage/areas.OUTSIDE_AUDIT)."""
    rows = db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table'").fetchall()
    virtual = [n for n, sql in rows if (sql or "").upper().startswith("CREATE VIRTUAL TABLE")]
    return sorted(
        n
        for n, _ in rows
        if n != "audit"
        and n not in OUTSIDE_AUDIT
        and not n.startswith("sqlite_")
        and n not in virtual
        and not any(n.startswith(v + "_") for v in virtual)
    )


@dataclass(slots=True)
class _Defaults:
    """Column defaults, for rows audited before a later migration added a column."""

    db: Connection
    cache: dict[str, dict[str, Any]] = field(default_factory=dict)

    def of(self, table: str) -> dict[str, Any]:
        found = self.cache.get(table)
        if found is None:
            found = {}
            for _, name, _, _, dflt, _ in self.db.execute(f"PRAGMA table_info({table})"):
                found[name] = (
                    None if dflt is None else self.db.execute(f"SELECT {dflt}").fetchone()[0]
                )
            self.cache[table] = found
        return found


def _same(recorded: str, actual: dict[str, Any], table: str, defaults: _Defaults) -> list[str]:
    """Field names that differ ([] when equal, allowing columns added after the record)."""
    old = json.loads(recorded)
    columns = defaults.of(table)
    keys = sorted(set(old) | set(actual))
    return [k for k in keys if old.get(k, columns.get(k)) != actual.get(k)]


def _rows(
    db: Connection, table: str, ids: Iterable[int] | None = None
) -> Iterable[dict[str, Any]]:
    if ids is None:
        cur = db.execute(f"SELECT * FROM {table}")
    else:
        wanted = list(ids)
        if not wanted:
            return []
        marks = ",".join("?" * len(wanted))
        cur = db.execute(f"SELECT * FROM {table} WHERE id IN ({marks})", wanted)
    names = [d[0] for d in cur.description]
    return (dict(zip(names, r, strict=True)) for r in cur)


def _rendered(db: Connection, table: str, alias: str) -> str:
    """SQL writing a row of `table` (as `alias`) as minified JSON with sorted keys, the way
    `json(audit.new)` reads back what Txn._audit recorded; NULL for no row.

    Only integers, text and NULL are written: each has exactly one JSON spelling, so equal text
    means equal values. A REAL's spelling depends on the SQLite version (older ones write 15
    significant digits, so two doubles could share one) and a BLOB cannot be written at all:
    such a row gets NULL too, which never equals a recorded row, so Python compares it exactly.
    """
    columns = sorted(r[1] for r in db.execute(f"PRAGMA table_info({table})"))
    risky = " OR ".join(f"typeof({alias}.\"{c}\") IN ('real', 'blob')" for c in columns)
    pairs = ", ".join(f"'{c}', {alias}.\"{c}\"" for c in columns)
    return (f"CASE WHEN {alias}.id IS NULL OR {risky} THEN NULL "
            f"ELSE json_object({pairs}) END")


@dataclass(slots=True)
class _Expected:
    seq: int
    txn: int
    action: str
    digest: bytes | None  # None: the trail says the row was deleted
    text: str | None = None  # for rows a migration wrote (seq 0): what it wrote


def _compare(
    db: Connection, expected: dict[tuple[str, int], _Expected], tables: list[str],
    full: bool, fetch_new: Any,
) -> list[str]:
    differ: list[str] = []
    unknown: list[str] = []
    missing: list[str] = []
    defaults = _Defaults(db)
    by_table: dict[str, list[int]] = {}
    for table, row_id in expected:
        by_table.setdefault(table, []).append(row_id)
    for table in tables if full else sorted(by_table):
        if table not in tables:
            continue
        seen: set[int] = set()
        ids = None if full else by_table.get(table, [])
        for row in _rows(db, table, ids):
            found = row.get("id")
            if not isinstance(found, int):
                unknown.append(f"table {table}: a row without an id is not in the audit trail")
                continue
            row_id = found
            seen.add(row_id)
            exp = expected.get((table, row_id))
            if exp is None or exp.digest is None:
                what = "is not in the audit trail" if exp is None else (
                    f"should have been removed by change {exp.txn} (\u201c{exp.action}\u201d)")
                unknown.append(f"table {table}, row {row_id}: {what} — written outside Visible")
                continue
            if _digest(row_text(row)) != exp.digest:
                recorded = exp.text if exp.text is not None else fetch_new(exp.seq)
                fields = _same(recorded, row, table, defaults)
                if fields:
                    differ.append(
                        f"table {table}, row {row_id}: differs from the audit trail (last "
                        f"changed by change {exp.txn}, \u201c{exp.action}\u201d) in "
                        f"{', '.join(fields)}"
                    )
        for row_id in by_table.get(table, []):
            exp = expected[(table, row_id)]
            if exp.digest is not None and row_id not in seen:
                missing.append(
                    f"table {table}, row {row_id}: missing, but change {exp.txn} "
                    f"(\u201c{exp.action}\u201d) left it"
                )
    out: list[str] = []
    for group in (differ, missing, unknown):
        out.extend(group[:MAX_LISTED])
        if len(group) > MAX_LISTED:
            out.append(f"... and {len(group) - MAX_LISTED} more rows like the one above")
    return out


def _new_fetcher(db: Connection) -> Any:
    def fetch(seq: int) -> str:
        return db.execute("SELECT new FROM audit WHERE seq = ?", (seq,)).fetchone()[0]

    return fetch


def expected_from(
    events: Iterable[tuple[Any, ...]], version: int | None = None
) -> dict[tuple[str, int], _Expected]:
    """Replay (seq, txn, action, table_name, row_id, op, new) rows, oldest first, over the
    rows the migrations up to `version` seed."""
    expected: dict[tuple[str, int], _Expected] = {}
    if version is not None and 0 <= version <= schema.LATEST_VERSION:
        for key, text in seeded_rows(version).items():
            expected[key] = _Expected(0, 0, "the schema upgrade", _digest(text), text)
    for seq, txn, action, table, row_id, op, new in events:
        digest = None if op == "delete" or new is None else _digest(new)
        expected[(table, row_id)] = _Expected(seq, txn, action, digest)
    return expected


def state_problems(db: Connection, expected: dict[tuple[str, int], _Expected]) -> list[str]:
    """Full check: every row of every audited table against the replayed trail."""
    return _compare(db, expected, audited_tables(db), True, _new_fetcher(db))


def latest_state_problems(db: Connection) -> list[str]:
    """Cheap check on open: the rows the last transaction left are what it recorded.

    SQLite compares them first, each row written as JSON against the record read back as JSON
    (see _rendered), so Python only looks at the rows that do not match at once — none, in a
    file nobody has touched — and names what differs exactly as `verify` would.
    """
    row = db.execute("SELECT max(txn) FROM audit").fetchone()
    if not row or row[0] is None:
        return []
    # The last change's newest records (at most OPEN_CHECK_LIMIT), and for each row the one
    # that wrote it last: found and compared by SQLite, so no per-row Python runs at all.
    last = ("SELECT seq, table_name, row_id FROM audit WHERE txn = :txn "
            "ORDER BY seq DESC LIMIT :limit")
    args = {"txn": row[0], "limit": OPEN_CHECK_LIMIT}
    tables = audited_tables(db)
    named = {r[0] for r in db.execute(f"SELECT DISTINCT table_name FROM ({last})", args)}
    flagged: list[int] = []
    for table in sorted(named & set(tables)):
        flagged.extend(r[0] for r in db.execute(
            f"WITH latest AS (SELECT row_id, max(seq) AS seq FROM ({last}) "
            f"WHERE table_name = :table GROUP BY row_id) "
            f"SELECT latest.seq FROM latest JOIN audit AS a ON a.seq = latest.seq "
            f"LEFT JOIN {table} AS t ON t.id = latest.row_id "
            f"WHERE {_rendered(db, table, 't')} IS NOT json(a.new)",
            {**args, "table": table},
        ))
    if not flagged:
        return []
    marks = ",".join("?" * len(flagged))
    events = db.execute(
        f"SELECT seq, txn, action, table_name, row_id, op, new FROM audit WHERE seq IN ({marks}) "
        "ORDER BY seq",
        flagged,
    ).fetchall()
    # Only the rows SQLite flagged reach Python (none, in a file nobody has touched).
    return _compare(db, expected_from(events), tables, False, _new_fetcher(db))


_SEARCHED = ("what_happened", "action_taken", "outcome", "significance", "source_ref")


def search_index_problems(db: Connection) -> list[str]:
    """The chronology's full-text index holds exactly the entries (verify only).

    The index lives in FTS5's own shadow tables, which the audit trail does not cover and
    SQLite's integrity_check accepts as long as they are well-formed: an older page of the index
    put back left `verify` saying "all OK" while search silently no longer found an entry.
    Read-only: the index's documents are listed through a temporary fts5vocab table.
    """
    if not db.execute("SELECT 1 FROM sqlite_master WHERE name = 'chronology_fts'").fetchone():
        return []  # a version before the index (verify reads any version it can open)
    db.execute("CREATE VIRTUAL TABLE temp.verify_fts_docs "
               "USING fts5vocab(main, 'chronology_fts', 'instance')")
    try:
        indexed = {r[0] for r in db.execute("SELECT DISTINCT doc FROM temp.verify_fts_docs")}
    finally:
        db.execute("DROP TABLE temp.verify_fts_docs")
    sized = {r[0] for r in db.execute("SELECT id FROM chronology_fts_docsize")}
    columns = ", ".join(_SEARCHED)
    missing: list[int] = []
    unsized: list[int] = []
    entries: set[int] = set()
    for row in db.execute(f"SELECT id, {columns} FROM chronology_entry ORDER BY id"):
        entries.add(row[0])
        if row[0] not in sized:
            unsized.append(row[0])
        # An entry with no letters or digits has no words to index.
        if row[0] not in indexed and any(ch.isalnum() for text in row[1:] if text
                                         for ch in str(text)):
            missing.append(row[0])
    extra = sorted((indexed | sized) - entries)
    problems: list[str] = []
    for what, ids in (("is missing from the search index, so search will not find it", missing),
                      ("is missing from the search index's sizes", unsized),
                      ("is in the search index but not in the chronology", extra)):
        problems.extend(f"chronology entry {i} {what}" for i in ids[:MAX_LISTED])
        if len(ids) > MAX_LISTED:
            problems.append(f"... and {len(ids) - MAX_LISTED} more entries that {what}")
    return problems
