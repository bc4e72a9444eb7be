"""Opening a case: the opening queries on the encrypted file against an unencrypted copy.

Shown for what encryption costs, without a target: the old one (within 1.3x of a stdlib
sqlite3 copy) sat below SQLCipher's own floor, a decrypt and HMAC-SHA512 check per page read.
The target for opening is now against an encrypted floor measured in the same run
(benchmarks/bench_open.py, issue 18 item 8).
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path
from typing import Any

import sqlcipher3

from benchmarks.figures import figure, median_time
from benchmarks.synthetic import PASSPHRASE, demo_case_path
from storage import schema
from storage.casefile import CACHE_KIB


def _opening_queries(db: Any) -> None:
    """What opening a case and showing its first screen asks of the database."""
    db.execute("SELECT name FROM sqlite_master WHERE type='table'").fetchall()
    db.execute("SELECT key, value FROM meta").fetchall()
    db.execute("PRAGMA user_version").fetchone()
    db.execute("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
    db.execute("SELECT * FROM case_details").fetchall()
    db.execute("SELECT * FROM person").fetchall()
    db.execute("SELECT * FROM role_assignment").fetchall()
    db.execute(
        "SELECT a.name, count(e.id) FROM chronology_entry e JOIN agency a "
        "ON a.id = e.agency_id GROUP BY a.name"
    ).fetchall()
    db.execute("SELECT id FROM chronology_entry ORDER BY sort_key, id").fetchall()
    db.execute("SELECT * FROM chronology_entry ORDER BY sort_key, id LIMIT 200").fetchall()
    db.execute(
        "SELECT rowid FROM chronology_fts WHERE chronology_fts MATCH 'cannabis' LIMIT 200"
    ).fetchall()


def _plain_copy(encrypted: Path) -> Path:
    """The same rows in an unencrypted stdlib sqlite3 file, built through the same schema steps."""
    plain = encrypted.with_suffix(".plain.sqlite")
    if plain.exists():
        return plain
    src = sqlcipher3.connect(str(encrypted))
    src.execute(f"PRAGMA key = '{PASSPHRASE}'")
    dst = sqlite3.connect(str(plain), isolation_level=None)
    for step in schema.UPGRADES:
        step(dst)
    dst.execute("BEGIN")
    tables = [
        r[0]
        for r in src.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'chronology_fts%'"
        )
    ]
    for table in tables:
        cur = src.execute(f"SELECT * FROM {table}")
        cols = [d[0] for d in cur.description]
        dst.executemany(
            f"INSERT INTO {table} ({','.join(cols)}) VALUES ({','.join('?' * len(cols))})",
            cur.fetchall(),
        )
    dst.execute("INSERT INTO chronology_fts(chronology_fts) VALUES ('rebuild')")
    dst.execute("COMMIT")
    dst.close()
    src.close()
    return plain


def _encrypted_open(path: Path) -> tuple[float, float]:
    """(key derivation seconds, opening-query seconds) on a fresh connection."""
    db = sqlcipher3.connect(str(path), isolation_level=None)
    db.execute(f"PRAGMA key = '{PASSPHRASE}'")
    db.execute("PRAGMA cipher_compatibility = 4")
    start = time.perf_counter()
    db.execute("SELECT count(*) FROM sqlite_master").fetchone()
    kdf = time.perf_counter() - start
    db.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
    start = time.perf_counter()
    _opening_queries(db)
    work = time.perf_counter() - start
    db.close()
    return kdf, work


def _plain_open(path: Path) -> float:
    db = sqlite3.connect(str(path), isolation_level=None)
    db.execute("SELECT count(*) FROM sqlite_master").fetchone()
    db.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
    start = time.perf_counter()
    _opening_queries(db)
    work = time.perf_counter() - start
    db.close()
    return work


def _end_to_end_open(path: Path) -> float:
    from storage.casefile import CaseFile
    from storage.chronology_store import entries

    def once() -> None:
        with CaseFile.open(path, PASSPHRASE, read_only=True) as case:
            entries(case, limit=200)

    return median_time(once, repeat=3)


def run(quick: bool) -> list[dict[str, Any]]:
    sizes = (1000, 5000) if quick else (1000, 5000, 20000)
    out: list[dict[str, Any]] = []
    for n in sizes:
        path = demo_case_path(n)
        plain = _plain_copy(path)
        runs = [_encrypted_open(path) for _ in range(9)]
        kdf = sorted(r[0] for r in runs)[4]
        work = sorted(r[1] for r in runs)[4]
        base = sorted(_plain_open(plain) for _ in range(9))[4]
        out.append(
            figure(
                f"open case, queries after key derivation ({n:,} entries)",
                work,
                "s",
                base,
                None,
                note="baseline: same queries on an unencrypted sqlite3 copy (no target: the "
                "encrypted floor is in bench_open)",
            )
        )
        if n == sizes[0]:
            out.append(
                figure(
                    "key derivation (PBKDF2-SHA512, 256,000 iterations)",
                    kdf,
                    "s",
                    None,
                    None,
                    note="paid once per unlock; a wrong passphrase costs the same",
                )
            )
        out.append(
            figure(
                f"open case end to end, first 200 entries ({n:,} entries)",
                _end_to_end_open(path),
                "s",
                None,
                None,
            )
        )
    return out
