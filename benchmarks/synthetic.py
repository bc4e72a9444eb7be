"""Synthetic cases for benchmarks, cached across runs (generation is not what we measure)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

PASSPHRASE = "benchmark passphrase 2026"


def cache_dir() -> Path:
    folder = Path(
        os.environ.get("VISIBLE_BENCH_CACHE", Path(tempfile.gettempdir()) / "visible-bench")
    )
    folder.mkdir(parents=True, exist_ok=True)
    # Benchmarks must not disturb the user's own record of case heads.
    os.environ.setdefault("VISIBLE_CONFIG_DIR", str(folder / "config"))
    return folder


def demo_case_path(entries: int) -> Path:
    """A demo family with `entries` chronology entries (realistic text lengths), made once."""
    from app.operations.demo import create_demo
    from storage.schema import LATEST_VERSION

    # Named by schema version: a cached case from an older build would need upgrading first.
    path = cache_dir() / f"demo-{entries}-v{LATEST_VERSION}.vcase"
    if not path.exists():
        tmp = path.with_suffix(".partial")
        for leftover in (tmp, tmp.with_name(tmp.name + ".lock")):
            leftover.unlink(missing_ok=True)
        create_demo(str(tmp), PASSPHRASE, entries=entries).close()
        tmp.rename(path)
        tmp.with_name(tmp.name + ".lock").unlink(missing_ok=True)
    return path
