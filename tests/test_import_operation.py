"""An import is the operation app/operations/importing.import_return: one plan, one transaction,
one undo entry, the same for the window and `visible import`; undo and redo are the generic
ones of the History."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.operations.history import History
from app.operations.importing import import_return
from forms.importers.mapping import guess_mapping
from forms.importers.plan import ImportRejected, build_plan
from forms.importers.readers import read_table
from storage.areas import Area
from storage.chronology_store import agency_by_name, count_entries

RETURN = ("Date,Event,Source\n22/05/2026,Liam Carter seen at home.,POL-1\n"
          "May 2026,Neighbour reported shouting.,POL-2\n23/05/2026,Phone call to Kasia.,POL-3\n")


def plan_of(case, path: Path):
    table = read_table(path)
    return build_plan(case, table, agency_by_name(case, "Police"), guess_mapping(table.headers))


def test_import_is_one_undoable_action_and_redo_restores_the_same_rows(demo_case, tmp_path):
    path = tmp_path / "police.csv"
    path.write_text(RETURN, encoding="utf-8")
    history = History()
    before = count_entries(demo_case)
    changes = import_return(demo_case, plan_of(demo_case, path))
    history.record(changes)
    assert changes.label == "Import 3 entries from police.csv (Police)"
    assert {Area.CHRONOLOGY, Area.IMPORTS} <= changes.areas
    assert count_entries(demo_case) == before + 3
    assert history.undo_label == "Import 3 entries from police.csv (Police)"
    history.undo(demo_case)
    assert count_entries(demo_case) == before and history.redo_label == changes.label
    history.redo(demo_case)
    assert count_entries(demo_case) == before + 3


def test_an_invalid_plan_is_refused_before_anything_is_written(demo_case, tmp_path):
    path = tmp_path / "police.csv"
    path.write_text(RETURN + "31/02/2026,Impossible date,POL-4\n", encoding="utf-8")
    plan = plan_of(demo_case, path)
    last = demo_case.last_txn()
    with pytest.raises(ImportRejected, match="row 5, column 'Date'"):
        import_return(demo_case, plan)
    assert demo_case.last_txn() == last  # no transaction at all, so nothing to undo
    changes = import_return(demo_case, plan, skip_invalid=True)
    assert changes.label == "Import 3 entries from police.csv (Police)" and changes.changed


def test_the_one_operation_returns_what_it_wrote_and_logs_the_return(demo_case, tmp_path):
    # Plain imports, asked-for returns and corrections are all this one operation: a plain
    # import is logged as a received return too, so the returns tracker lists it.
    from storage.chronology_store import entries_of_batch
    from storage.requests_store import agency_returns

    path = tmp_path / "police.csv"
    path.write_text(RETURN + "22/05/2026,Liam Carter seen at home,POL-9\n", encoding="utf-8")
    imported = import_return(demo_case, plan_of(demo_case, path))
    result = imported.result
    assert result is not None and result.skipped == 0 and result.duplicates == 1
    assert imported.first_created(Area.IMPORTS) == result.batch_id
    assert sorted(e.id for e in entries_of_batch(demo_case, result.batch_id)) == sorted(
        result.entry_ids)
    log = agency_returns(demo_case)[-1]
    assert log.batch_id == result.batch_id and log.row_count == 4 and log.requested_on is None
    History().record(imported)  # it is a Changes like any other operation's
