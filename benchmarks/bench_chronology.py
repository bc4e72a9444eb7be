"""Chronology speed: importing an agency return, opening the view of a 100,000-entry case,
filtering/sorting it, a full-text query, and one man's lens.

Baselines come from shared/PERFORMANCE-NOTES.md where it measured the same thing the slow way
(QSortFilterProxyModel sort: 42.6 s at 100k; FTS query + reset + paint: 0.06 s at 20k; model
reset + show + paint: 0.10 s at 100k), or are measured here (importing row by row with
add_entry instead of the bulk path).
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.figures import figure, median_time
from benchmarks.synthetic import PASSPHRASE, cache_dir, demo_case_path

_TEXTS = (
    "Home visit. Liam Carter seen with Freya; he said he had not slept. Safe sleep discussed.",
    "Call from neighbour reporting shouting. Officers attended; no one answered the door.",
    "Freya was not brought to her review. Mother said she forgot; rebooked.",
    "GP appointment for low mood; cannabis use discussed; referral to talking therapies.",
)

_EXTRAS = (
    "Information shared with children's social care.",
    "Officer noted the flat was cold and untidy.",
    "Mother declined further support at this time.",
    "Referral made to early help for parenting support.",
    "No injuries seen; baby asleep in the Moses basket.",
)


def _write_return(path: Path, rows: int) -> None:
    """A police-style return: three contacts a day over ~18 years, a tenth of them month-only."""
    start = dt.date(2006, 1, 1)
    with path.open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(["Date", "Time", "Event", "Action", "Outcome", "Source", "Key event"])
        for i in range(rows):
            day = start + dt.timedelta(days=i // 3)
            date = day.strftime("%d/%m/%Y") if i % 10 else day.strftime("%B %Y")
            text = f"{_TEXTS[i % len(_TEXTS)]} {_EXTRAS[(i // 4) % len(_EXTRAS)]} (contact {i})"
            out.writerow(
                [
                    date,
                    f"{8 + i % 10:02d}:{i % 4 * 15:02d}" if i % 3 else "",
                    text,
                    "Advice given.",
                    "No further action.",
                    f"POL-{i} p.{1 + i % 5}",
                    "yes" if i % 17 == 0 else "",
                ]
            )


def _import_figures(rows: int) -> list[dict[str, Any]]:
    from forms.importers.mapping import guess_mapping
    from forms.importers.plan import build_plan, write_plan
    from forms.importers.readers import read_table
    from storage.case import CaseDetails
    from storage.casefile import CaseFile
    from storage.chronology_store import add_entry, agency_by_name

    folder = Path(tempfile.mkdtemp(prefix="bench-import-", dir=cache_dir()))
    source = folder / "police.csv"
    _write_return(source, rows)

    def fresh(name: str) -> Any:
        return CaseFile.create(folder / name, PASSPHRASE, CaseDetails(reference="BENCH"))

    case = fresh("bulk.vcase")
    started = time.perf_counter()
    table = read_table(source)
    police = agency_by_name(case, "Police")
    plan = build_plan(case, table, police, guess_mapping(table.headers))
    with case.transaction("Import") as tx:
        result = write_plan(tx, plan)
    bulk = time.perf_counter() - started
    assert len(result.entry_ids) == rows, plan.error_report()[:3]
    started = time.perf_counter()
    case.undo(tx.change.txn)
    undo = time.perf_counter() - started
    case.close()

    # Baseline: the same parsed rows written one add_entry() at a time, in one transaction.
    case = fresh("rowwise.vcase")
    started = time.perf_counter()
    table = read_table(source)
    police = agency_by_name(case, "Police")
    plan = build_plan(case, table, police, guess_mapping(table.headers))
    with case.transaction("Import row by row") as tx:
        for row in plan.valid_rows:
            add_entry(tx, row.entry)
    rowwise = time.perf_counter() - started
    case.close()
    for leftover in folder.iterdir():
        leftover.unlink()
    folder.rmdir()
    return [
        figure(
            f"import {rows:,}-row CSV return (read, parse, check, write)",
            bulk,
            "s",
            rowwise,
            10.0 * rows / 20_000,
            target_on="value",
            note="baseline: same rows via add_entry one by one; target 10 s per 20k rows",
        ),
        figure(
            f"undo that {rows:,}-row import (one action)",
            undo,
            "s",
            19.7 if rows == 20_000 else None,  # the old cost grew with the square of the rows
            5.0 * rows / 20_000,
            target_on="value",
            note="baseline: schema v2 (no index on duplicate_of), measured 19.7 s at 20k",
        ),
    ]


def _view_figures(entries: int) -> list[dict[str, Any]]:
    from PySide6.QtWidgets import QApplication

    from app.chronology.model import ChronologyModel
    from app.panels.chronology import ChronologyPanel
    from app.session import CaseSession
    from forms.lens import build_lens
    from forms.who_knew import build_matrix
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

    liam = case.db.execute("SELECT id FROM person WHERE given_names = 'Liam'").fetchone()[0]
    started = time.perf_counter()
    lens = build_lens(case, liam)
    build_matrix(case, liam, lens)
    t = time.perf_counter() - started
    figures.append(
        figure(
            f"one man's lens + who-knew matrix ({len(lens.entries):,} of his entries)",
            t,
            "s",
            None,
            20.0,
            target_on="value",
            note="runs off the GUI thread; the view stays responsive meanwhile",
        )
    )
    panel.close()
    session.close()
    return figures


def run(quick: bool) -> list[dict[str, Any]]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    rows = 2_000 if quick else 20_000
    entries = 20_000 if quick else 100_000
    return _import_figures(rows) + _view_figures(entries)


if __name__ == "__main__":
    import json
    import sys

    for fig in run("--quick" in sys.argv):
        print(json.dumps(fig))
