"""One measured figure, as benchmarks/results/latest.json stores it."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from typing import Any


def figure(
    name: str,
    value: float,
    unit: str,
    baseline: float | None,
    target: float | None,
    *,
    lower_is_better: bool = True,
    note: str = "",
    target_on: str = "ratio",
) -> dict[str, Any]:
    """target applies to the ratio (value / baseline) unless target_on == "value"."""
    ratio = (value / baseline) if baseline else None
    compared = ratio if target_on == "ratio" else value
    met = None
    if target is not None and compared is not None:
        met = compared <= target if lower_is_better else compared >= target
    return {
        "name": name,
        "value": round(value, 4),
        "unit": unit,
        "baseline": None if baseline is None else round(baseline, 4),
        "ratio": None if ratio is None else round(ratio, 3),
        "target": target,
        "target_on": target_on,
        "met": met,
        "note": note,
    }


def median_time(fn: Callable[[], Any], repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)
