"""Integrity costs (issue 17): key derivation once, open beyond it, readers, full verify.

Target: opening a case (schema fingerprint, length check, last transaction against the audit
trail, rollback head) stays within 0.2 s beyond key derivation at 20,000 entries.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from benchmarks.figures import figure, median_time
from benchmarks.synthetic import PASSPHRASE, demo_case_path


def _measure(n: int, path: Path) -> list[dict[str, Any]]:
    from storage import keys
    from storage.casefile import CaseFile

    # Anchor the cached case in this run's head store once (the first open writes the head).
    CaseFile.open(path, PASSPHRASE, accept_rollback=True).close()
    key = keys.derive(PASSPHRASE, path.read_bytes()[:16])
    target = 0.2 if n == 20000 else None
    out = [
        figure(f"open read-only beyond key derivation ({n:,} entries)",
               median_time(lambda: CaseFile.open(path, PASSPHRASE, read_only=True,
                                                 key=key).close(), repeat=7),
               "s", None, target, target_on="value",
               note="schema fingerprint, length, last change vs audit, rollback head"),
        figure(f"open for editing beyond key derivation ({n:,} entries)",
               median_time(lambda: CaseFile.open(path, PASSPHRASE, key=key).close(), repeat=7),
               "s", None, target, target_on="value",
               note="as read-only, plus the case lock and the head store"),
    ]
    with CaseFile.open(path, PASSPHRASE, read_only=True, key=key) as case:
        out.append(figure(f"case.reader() on an open case ({n:,} entries)",
                          median_time(lambda: case.reader().close(), repeat=7), "s", None, None,
                          note="no key derivation"))
        start = time.perf_counter()
        problems = case.verify()
        took = time.perf_counter() - start
        assert problems == [], problems[:3]
        out.append(figure(f"verify: pages, structure, schema, audit chain, every row vs trail "
                          f"({n:,} entries)", took, "s", None, None))
    return out


def run(quick: bool) -> list[dict[str, Any]]:
    from storage import keys

    sizes = (20000,) if quick else (20000, 100000)
    first = demo_case_path(sizes[0])
    salt = first.read_bytes()[:16]
    out = [figure("key derivation, once per unlock (PBKDF2-SHA512, 256,000 iterations)",
                  median_time(lambda: keys.derive(PASSPHRASE, salt), repeat=5), "s", None, None)]
    for n in sizes:
        out.extend(_measure(n, demo_case_path(n)))
    return out
