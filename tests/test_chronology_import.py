"""Importing agency returns: CSV, .docx, .xlsx; per-row errors; one undoable transaction."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from forms.importers.mapping import MappingError, guess_mapping
from forms.importers.plan import ImportRejected, build_plan, write_plan
from forms.importers.readers import ImportFileError, read_table
from storage.chronology_store import agency_by_name, count_entries, entries
from storage.dates import PartialDate
from storage.import_mapping_store import load_mapping

ROOT = Path(__file__).resolve().parents[1]

CSV_OK = """Date of contact,Time,Details,Action,Outcome,Source,People involved,Key event
22/05/2026,14:30,Liam Carter seen at home by PC Lloyd.,Advice,NFA,POL-1 p.2,Liam Carter,yes
May 2026,,Neighbour reported shouting at Larch Close.,,,POL-2,Kasia; Bob Smith,no
?03/06/2026,2.30pm,Call from Kasia about Daniel Price's messages.,DASH,Medium,POL-3,Daniel,
"""
CSV_BAD = CSV_OK + "31/02/2026,,An impossible date,,,POL-4,,\n"


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def police(case):
    return agency_by_name(case, "Police")


def test_csv_with_one_bad_row_imports_nothing_and_names_the_row(demo_case, tmp_path):
    table = read_table(write(tmp_path, "police.csv", CSV_BAD))
    plan = build_plan(demo_case, table, police(demo_case), guess_mapping(table.headers))
    assert len(plan.rows) == 4 and len(plan.invalid_rows) == 1
    assert plan.error_report() == [
        "row 5, column 'Date of contact': '31/02/2026': 31/02/2026 is not a real date."
    ]
    before = count_entries(demo_case)
    with pytest.raises(ImportRejected, match="row 5, column 'Date of contact'"):
        with demo_case.transaction("Import") as tx:
            write_plan(tx, plan)
    assert count_entries(demo_case) == before
    assert demo_case.db.execute("SELECT count(*) FROM import_batch").fetchone()[0] == 0


def test_import_keeps_prefix_row_ref_people_and_undoes_as_a_whole(demo_case, tmp_path):
    table = read_table(write(tmp_path, "police.csv", CSV_OK))
    plan = build_plan(demo_case, table, police(demo_case), guess_mapping(table.headers))
    assert not plan.invalid_rows
    # Warnings are shown, not fatal: an unknown name in the People column.
    assert any("Bob Smith not found" in str(w) for r in plan.rows for w in r.warnings)
    before = count_entries(demo_case)
    with demo_case.transaction("Import police return") as tx:
        result = write_plan(tx, plan)
    txn = tx.change.txn
    assert count_entries(demo_case) == before + 3
    got = entries(demo_case, "import_batch_id = ?", (result.batch_id,))
    assert [e.original_row_ref for e in got] == [
        "POL row 3",
        "POL row 2",
        "POL row 4",
    ]  # date order
    first = next(e for e in got if e.original_row_ref == "POL row 2")
    assert first.event_date == PartialDate(2026, 5, 22) and first.event_time == "14:30"
    assert first.key_event and first.source_ref == "POL-1 p.2"
    liam = demo_case.db.execute("SELECT id FROM person WHERE given_names = 'Liam'").fetchone()[0]
    assert first.people == [liam]
    month_only = next(e for e in got if e.original_row_ref == "POL row 3")
    assert month_only.event_date == PartialDate(2026, 5)
    approx = next(e for e in got if e.original_row_ref == "POL row 4")
    assert approx.event_date.approximate and approx.event_time == "14:30"
    # The mapping is remembered for Police.
    assert load_mapping(demo_case, police(demo_case).id)["event_date"] == "Date of contact"
    demo_case.undo(txn)
    assert count_entries(demo_case) == before
    assert demo_case.db.execute("SELECT count(*) FROM import_batch").fetchone()[0] == 0


def test_likely_duplicates_are_flagged_not_dropped(demo_case, tmp_path):
    path = write(tmp_path, "police.csv", CSV_OK)
    for _ in range(2):
        table = read_table(path)
        plan = build_plan(demo_case, table, police(demo_case), guess_mapping(table.headers))
        with demo_case.transaction("Import") as tx:
            result = write_plan(tx, plan)
    assert result.duplicates == 3 and len(result.entry_ids) == 3
    rows = demo_case.db.execute(
        "SELECT duplicate_of FROM chronology_entry WHERE import_batch_id = ?", (result.batch_id,)
    ).fetchall()
    assert all(r[0] is not None for r in rows)
    # Near-identical (punctuation, case) within one file is caught too.
    text = CSV_OK + "22/05/2026,,liam carter seen at hom by PC Lloyd,,,POL-9,,\n"
    table = read_table(write(tmp_path, "again.csv", text))
    plan = build_plan(demo_case, table, police(demo_case), guess_mapping(table.headers))
    assert plan.rows[-1].status == "duplicate?"


def test_docx_and_xlsx_returns(demo_case, tmp_path):
    import docx
    import openpyxl

    document = docx.Document()
    document.add_paragraph("Health visiting chronology")
    table = document.add_table(rows=1, cols=4)
    for cell, text in zip(table.rows[0].cells, ("Date", "Event", "Outcome", "Ref"), strict=True):
        cell.text = text
    for values in (
        ("22 May 2026", "New birth visit; Liam Carter not seen.", "ICON given", "HV-1"),
        ("June 2026", "Eight-week review.", "", "HV-2"),
    ):
        for cell, text in zip(table.add_row().cells, values, strict=True):
            cell.text = text
    docx_path = tmp_path / "hv.docx"
    document.save(docx_path)
    read = read_table(docx_path)
    assert read.headers == ["Date", "Event", "Outcome", "Ref"]
    assert [r.ref for r in read.rows] == ["row 2", "row 3"]

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Date", "Event", "Source"])
    sheet.append(
        [__import__("datetime").datetime(2026, 5, 22, 9, 15), "Seen at GP surgery.", "GP-1"]
    )
    sheet.append(["c. 2025", "Registered with practice.", "GP-2"])
    xlsx_path = tmp_path / "gp.xlsx"
    book.save(xlsx_path)
    read_x = read_table(xlsx_path)
    gp = agency_by_name(demo_case, "GP")
    plan = build_plan(demo_case, read_x, gp, guess_mapping(read_x.headers))
    assert [r.entry.event_date for r in plan.rows] == [
        PartialDate(2026, 5, 22),
        PartialDate(2025, approximate=True),
    ]
    assert plan.rows[0].entry.event_time == "09:15"


def test_unreadable_files_and_bad_mappings_give_clear_errors(demo_case, tmp_path):
    with pytest.raises(ImportFileError, match="imports chronologies from .csv, .docx"):
        read_table(write(tmp_path, "x.pdf", "%PDF"))
    with pytest.raises(ImportFileError, match="x.docx holds plain text, not a Word document"):
        read_table(write(tmp_path, "x.docx", "not a zip"))
    table = read_table(write(tmp_path, "p.csv", CSV_OK))
    with pytest.raises(MappingError, match="No column is mapped to Date"):
        build_plan(demo_case, table, police(demo_case), {"what_happened": "Details"})
    with pytest.raises(MappingError, match="no column"):
        build_plan(
            demo_case, table, police(demo_case), {"event_date": "When", "what_happened": "Details"}
        )


def run_cli(*args: str, env_extra: dict[str, str]) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), **env_extra}
    return subprocess.run(
        [sys.executable, "-m", "app", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=60,
    )


def test_cli_import_refuses_then_skips_invalid(tmp_path, passphrase):
    case_path = tmp_path / "demo.vcase"
    env = {"VISIBLE_PASSPHRASE": passphrase}
    assert run_cli("demo", str(case_path), env_extra=env).returncode == 0
    bad = write(tmp_path, "police.csv", CSV_BAD)
    refused = run_cli("import", str(case_path), str(bad), "--agency", "police", env_extra=env)
    assert refused.returncode == 1
    assert "row 5, column 'Date of contact'" in refused.stderr
    assert "nothing imported" in refused.stderr and "Traceback" not in refused.stderr
    unknown = run_cli("import", str(case_path), str(bad), "--agency", "Polise", env_extra=env)
    assert unknown.returncode == 1 and "no agency called 'Polise'" in unknown.stderr
    ok = run_cli(
        "import",
        str(case_path),
        str(bad),
        "--agency",
        "Police",
        "--skip-invalid",
        "--mapping",
        '{"event_date": "Date of contact", "what_happened": "Details"}',
        env_extra=env,
    )
    assert ok.returncode == 0, ok.stderr
    assert "Imported 3 entries" in ok.stdout and "1 invalid row(s) left out" in ok.stdout
