"""Chronology speed: opening the view of a 100,000-entry case, filtering/sorting it and a
full-text query (importing and the lens: bench_imports.py, bench_lens.py).

Baselines come from shared/PERFORMANCE-NOTES.md where it measured the same thing the slow way
(QSortFilterProxyModel sort: 42.6 s at 100k; FTS query + reset + paint: 0.06 s at 20k; model
reset + show + paint: 0.10 s at 100k), or are measured here (importing row by row with
add_entry instead of the bulk path).
"""

from __future__ import annotations

import os
import time
from typing import Any

from benchmarks.figures import figure, median_time
from benchmarks.synthetic import PASSPHRASE, demo_case_path


def _view_figures(entries: int) -> list[dict[str, Any]]:
    from PySide6.QtWidgets import QApplication

    from app.chronology.model import ChronologyModel
    from app.panels.chronology import ChronologyPanel
    from app.session import CaseSession
    from storage.casefile import CaseFile
    from storage.chronology_query import EntryFilter, SortOrder

    path = demo_case_path(entries)
    # A cached case from an older schema is upgraded once, outside the timing (read-only
    # opening refuses to upgrade).
    CaseFile.open(path, PASSPHRASE).close()
    app = QApplication.instance() or QApplication([])
    started = time.perf_counter()
    case = CaseFile.open(path, PASSPHRASE, read_only=True)
    session = CaseSession(case)
    panel = ChronologyPanel(session)
    panel.resize(1400, 800)
    panel.show()
    app.processEvents()
    # A big chronology's ids are read on a worker while the window paints (issue 18 item 5):
    # the figure runs until the first page of rows is painted, which is what the user waits for.
    while panel.view.filtering:
        app.processEvents()
        time.sleep(0.001)
    app.processEvents()
    panel.grab()  # forces the first paint of the visible rows
    first_paint = time.perf_counter() - started
    rows = panel.view.model.rowCount()
    assert rows == entries
    figures = [
        figure(
            f"open chronology view of {entries:,} entries (unlock to first paint)",
            first_paint,
            "s",
            0.43,
            1.0,
            target_on="value",
            note="baseline: whole open of a 20k case in PERFORMANCE-NOTES (0.43 s)",
        )
    ]

    model: ChronologyModel = panel.view.model
    police = case.db.execute("SELECT id FROM agency WHERE name = 'Police'").fetchone()[0]

    def filter_sort() -> None:
        model.reload(EntryFilter(agency_ids=(police,), sort=SortOrder.DATE_DESC))
        panel.view.table.viewport().repaint()
        model.reload(EntryFilter(sort=SortOrder.AGENCY))
        panel.view.table.viewport().repaint()

    t = median_time(filter_sort, 3) / 2
    proxy = 42.6 if entries >= 100_000 else 7.7
    figures.append(
        figure(
            f"filter + sort {entries:,} entries in SQL, repaint",
            t,
            "s",
            proxy,
            0.5,
            target_on="value",
            note="baseline: QSortFilterProxyModel.sort (PERFORMANCE-NOTES)",
        )
    )

    def search() -> None:
        model.reload(EntryFilter(text="fractured hand"))
        panel.view.table.viewport().repaint()

    t = median_time(search, 5)
    figures.append(
        figure(
            f"full-text query over {entries:,} entries + reset + paint",
            t,
            "s",
            0.06,
            0.5,
            target_on="value",
            note=f"{model.rowCount():,} hits; baseline: 20k case in PERFORMANCE-NOTES",
        )
    )

    panel.close()
    session.close()
    return figures


def run(quick: bool) -> list[dict[str, Any]]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    entries = 20_000 if quick else 100_000
    # Importing and the lens have their own modules (bench_imports.py, bench_lens.py).
    return _view_figures(entries)


if __name__ == "__main__":
    import json
    import sys

    for fig in run("--quick" in sys.argv):
        print(json.dumps(fig))
