"""A big return planned and written in bounded memory, previewed without walking its rows
(issue 18 item 4 and 5): the plan keeps a compact record a row and nothing of the table, the
write goes a chunk at a time with progress and Cancel, the preview builds only what it shows."""

from __future__ import annotations

import gc
import threading
import tracemalloc
from pathlib import Path

import pytest

from app.operations.importing import import_return
from forms.importers.mapping import guess_mapping
from forms.importers.plan import WRITE_CHUNK, build_plan
from forms.importers.readers import read_table
from storage.chronology_store import BULK_CACHE_KIB, agency_by_name, count_entries
from storage.progress import NO_PROGRESS, Cancelled, Progress

TEXTS = ("Home visit: Liam Carter seen with Freya and safe sleep discussed",
         "Call from a neighbour reporting shouting: officers attended",
         "Freya was not brought to her review and was rebooked by the clinic")


def _return(path: Path, rows: int) -> Path:
    """A police-style return: a few contacts a day, each worded on its own."""
    lines = ["Date,Time,Event,Action,Outcome,Source"]
    for i in range(rows):
        lines.append(f"{1 + i // 3 % 28:02d}/{1 + i // 84 % 12:02d}/{2000 + i // 1008},"
                     f"{9 + i % 8:02d}:15,{TEXTS[i % 3]} (contact {i}).,Advice given.,"
                     f"No further action.,POL-{i} p.{1 + i % 5}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _plan(case, path: Path):
    table = read_table(path)
    return build_plan(case, table, agency_by_name(case, "Police"), guess_mapping(table.headers))


def test_a_plan_keeps_a_compact_record_a_row_and_nothing_of_the_table(demo_case, tmp_path):
    rows = 3_000
    _plan(demo_case, _return(tmp_path / "warm.csv", 20))  # first use: imports, patterns
    path = _return(tmp_path / "police.csv", rows)
    gc.collect()
    tracemalloc.start()
    try:
        plan = _plan(demo_case, path)  # the table is let go as soon as it is planned
        gc.collect()
        kept = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    assert plan.valid_count == rows and plan.invalid_count == 0
    # A PlannedRow with its ChronologyEntry, lists and dict, and the table's row it pointed
    # at, were ~1,700 bytes a row; the record and the texts it keeps are ~600.
    assert kept / rows < 800, f"the plan keeps {kept / rows:.0f} bytes a row"
    entry = plan.rows[rows - 1].entry
    assert entry is not None and entry.what_happened.endswith(f"(contact {rows - 1}).")
    assert entry.original_row_ref == f"POL row {rows + 1}" and entry.sequence == rows - 1


def test_the_write_reports_each_chunk_and_cancel_between_chunks_writes_nothing(
        demo_case, tmp_path):
    rows = 2 * WRITE_CHUNK + 500
    plan = _plan(demo_case, _return(tmp_path / "police.csv", rows))
    before, last = count_entries(demo_case), demo_case.last_txn()
    cancel = threading.Event()
    seen: list[int] = []

    def report(done: int, total: int) -> None:
        assert total == rows
        seen.append(done)
        if done >= WRITE_CHUNK:
            cancel.set()  # pressed while the first chunk was being written

    demo_case.progress = Progress(report, cancel)
    try:
        with pytest.raises(Cancelled):
            import_return(demo_case, plan)
    finally:
        demo_case.progress = NO_PROGRESS
    assert seen == [0, WRITE_CHUNK]
    assert count_entries(demo_case) == before and demo_case.last_txn() == last

    seen.clear()
    cache_sizes: list[int] = []

    def cache_size() -> int:
        return int(demo_case.db.execute("PRAGMA cache_size").fetchone()[0])

    def watch(done: int, _total: int) -> None:
        seen.append(done)
        cache_sizes.append(cache_size())

    reading_cache = cache_size()
    demo_case.progress = Progress(watch)
    try:
        imported = import_return(demo_case, plan)
    finally:
        demo_case.progress = NO_PROGRESS
    assert seen == [0, WRITE_CHUNK, 2 * WRITE_CHUNK, rows]  # one report a chunk, to the end
    # The new pages are let go as the cache fills, not all held until COMMIT; then the
    # connection has its read cache back.
    assert set(cache_sizes[1:]) == {-BULK_CACHE_KIB} and reading_cache < -BULK_CACHE_KIB
    assert cache_size() == reading_cache
    assert imported.result is not None and len(imported.result.entry_ids) == rows
    assert count_entries(demo_case) == before + rows


def test_the_preview_builds_only_the_rows_it_shows(qtbot, demo_case, tmp_path):
    from app.chronology.import_dialog import ImportDialog
    from app.qt_roles import DISPLAY
    from app.session import CaseSession

    rows = 3_000
    session = CaseSession(demo_case)
    dialog = ImportDialog(session, _return(tmp_path / "police.csv", rows))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.agency.setCurrentIndex(dialog.agency.findText("Police"))
    qtbot.waitUntil(lambda: not dialog.planning and dialog.plan is not None, timeout=30_000)
    qtbot.wait(50)  # the table paints what it shows
    model = dialog.preview
    assert model.rowCount() == rows
    assert f"{rows} rows read from police.csv: {rows} ready" in dialog.summary.text()
    assert dialog.import_button.text() == f"&Import {rows:,} entries"
    assert 0 < len(model._built) < 100  # the rows on screen, not all 3,000
    dialog.preview_view.scrollToBottom()
    qtbot.wait(50)
    assert model.data(model.index(rows - 1, 0), DISPLAY) == f"row {rows + 1}"
    assert len(model._built) <= model._KEPT
