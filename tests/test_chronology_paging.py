"""A 100,000-entry chronology: the model pages from the database and memory stays bounded.

The case is generated once for the module through the storage API (one bulk transaction,
short texts: ~7 s, where the full demo generator takes ~25 s).
"""

from __future__ import annotations

import datetime as dt
import tracemalloc

import pytest
from PySide6.QtCore import Qt

from app.chronology.model import BLOCK, MAX_BLOCKS, ChronologyModel
from storage.case import CaseDetails
from storage.casefile import CaseFile
from storage.chronology import Agency, ChronologyEntry
from storage.chronology_query import EntryFilter, SortOrder
from storage.chronology_store import add_entries
from storage.dates import PartialDate

DISPLAY = Qt.ItemDataRole.DisplayRole
N = 100_000
_WORDS = (
    "seen at home",
    "fractured hand after punching a wall",
    "missed appointment",
    "rent arrears",
    "cannabis use discussed",
    "home visit, father not seen",
)


@pytest.fixture(scope="module")
def big_case(tmp_path_factory):
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("VISIBLE_CONFIG_DIR", str(tmp_path_factory.mktemp("bigconfig")))
        case = CaseFile.create(
            tmp_path_factory.mktemp("big") / "big.vcase",
            "correct horse battery staple",
            CaseDetails(reference="BIG-1"),
        )
        agencies = [a.id for a in case.all(Agency)]
        start = dt.date(2016, 1, 1)
        made = [
            ChronologyEntry(
                PartialDate.from_date(start + dt.timedelta(days=i % 3650))
                if i % 20
                else PartialDate(2016 + i % 10, 1 + i % 12),  # some month-only dates
                agencies[i % len(agencies)],
                f"Entry {i}: {_WORDS[i % len(_WORDS)]}.",
                f"DOC-{i}",
                sequence=i % 7,
            )
            for i in range(N)
        ]
        with case.transaction("Generate a large chronology") as tx:
            add_entries(tx, made)
        yield case
        case.close()


def test_paging_keeps_memory_bounded(big_case):
    tracemalloc.start()
    try:
        model = ChronologyModel(big_case)
        assert model.rowCount() == N
        # Touch rows all over the chronology, as scrolling and jumping would.
        for row in range(0, N, 1_250):
            assert model.data(model.index(row, 0), DISPLAY)
            assert model.data(model.index(row, 4), DISPLAY)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert model.cached_rows() <= BLOCK * MAX_BLOCKS  # never the whole chronology
    assert model.fetches == N // 1_250  # one block read per jump, not per cell
    assert peak < 25 * 1024 * 1024, f"peak {peak / 1e6:.1f} MB"
    # Dates come out in order across block boundaries.
    ids = [model.entry_id(r) for r in (0, BLOCK - 1, BLOCK, N - 1)]
    keys = [
        big_case.db.execute("SELECT sort_key FROM chronology_entry WHERE id=?", (i,)).fetchone()[0]
        for i in ids
    ]
    assert keys == sorted(keys)


def test_filter_sort_and_search_at_scale(big_case):
    model = ChronologyModel(big_case)
    police = big_case.db.execute("SELECT id FROM agency WHERE name='Police'").fetchone()[0]
    # How fast this is belongs to the benchmarks (benchmarks/bench_chronology.py), measured
    # against a baseline in the same run; here: filtering and sorting happen in SQL and read
    # only the rows shown.
    fetched = model.fetches
    model.reload(EntryFilter(agency_ids=(police,), sort=SortOrder.DATE_DESC))
    expected = big_case.db.execute(
        "SELECT count(*) FROM chronology_entry WHERE agency_id=?", (police,)
    ).fetchone()[0]
    assert model.rowCount() == expected > 0
    assert model.data(model.index(0, 2), DISPLAY) == "Police"
    model.reload(EntryFilter(text="fractured hand"))
    assert (
        model.rowCount()
        == big_case.db.execute(
            "SELECT count(*) FROM chronology_entry WHERE what_happened LIKE '%fractured hand%'"
        ).fetchone()[0]
    )
    assert model.cached_rows() <= BLOCK * MAX_BLOCKS and model.fetches - fetched <= 3
