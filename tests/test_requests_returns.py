"""Agency returns through real encrypted cases: a template written, filled in by the agency
(openpyxl / python-docx, as Excel or Word would), imported with no column mapping, logged;
a corrected return replacing its batch after showing what changed, and its undo."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest
from docx import Document as Docx

from app.operations.importing import import_return, match_return
from app.operations.returns import ask_for_return
from exports.return_template import HEADERS, template_token
from forms.importers.mapping import guess_mapping
from forms.importers.plan import build_plan
from forms.importers.readers import read_table
from forms.returns import return_state
from storage.chronology_store import agency_by_name, count_entries, entries
from storage.errors import CaseError
from storage.ids import AgencyId
from storage.requests_store import agency_returns

ROWS = [
    (dt.datetime(2025, 3, 14), "23:40", "Call-out to 14 Larch Close: shouting, a neighbour "
     "called. Liam Carter had punched a door.", "DASH completed", "Standard risk", "",
     "Storm log 0423", "Liam Carter, Katarzyna Nowak"),
    ("May 2025", "", "Liam Carter arrested for possession of cannabis.", "Cautioned", "", "",
     "Custody record 77", "Liam Carter"),
    ("?02/09/2025", "", "Neighbour reported a baby crying for a long time at night.",
     "Officers attended", "No answer at the door", "Crying at night (§6.16)", "Log 1188", ""),
]


def fill_xlsx(path, rows) -> None:
    book = openpyxl.load_workbook(path)
    sheet = book["Return"]
    for r, row in enumerate(rows, start=2):
        for c, value in enumerate(row, start=1):
            sheet.cell(row=r, column=c, value=value)
    book.save(path)


def police(case) -> AgencyId:
    return AgencyId(agency_by_name(case, "Police").id)


def plan_for(case, path):
    table = read_table(path)
    mapping = guess_mapping(table.headers)
    return build_plan(case, table, agency_by_name(case, "Police"), mapping), mapping


def test_xlsx_template_has_details_validation_and_a_locked_header(demo_case, tmp_path):
    out, _ = ask_for_return(demo_case, police(demo_case), tmp_path / "police.xlsx",
                            period_from=dt.date(2024, 1, 1), today=dt.date(2026, 5, 1))
    book = openpyxl.load_workbook(out)
    sheet = book.worksheets[0]
    assert sheet.title == "Return"
    assert tuple(c.value for c in sheet[1]) == HEADERS
    assert sheet.freeze_panes == "A2" and sheet.protection.sheet
    assert sheet["A1"].protection.locked and not sheet["A2"].protection.locked
    validations = {str(v.sqref): v.type for v in sheet.data_validations.dataValidation}
    assert validations["A2:A2001"] == "date" and validations["B2:B2001"] == "time"
    about = "\n".join(str(c.value) for row in book["About this return"].iter_rows()
                      for c in row if c.value)
    assert "DEMO-2026-0147" in about and "01/01/2024 to the date you reply" in about
    assert "18/05/2026" in about  # ten working days after Fri 1 May 2026 (4 May bank holiday)
    log = agency_returns(demo_case)[-1]
    assert log.agency_id == police(demo_case) and log.due_on == dt.date(2026, 5, 18)
    assert template_token(out) == log.token and log.token


def test_filled_xlsx_imports_with_no_mapping_and_is_logged(demo_case, tmp_path):
    out, _ = ask_for_return(demo_case, police(demo_case), tmp_path / "police.xlsx")
    fill_xlsx(out, ROWS)
    plan, mapping = plan_for(demo_case, out)
    assert set(mapping) == {"event_date", "event_time", "what_happened", "action_taken",
                            "outcome", "significance", "source_ref", "people"}
    assert len(plan.valid_rows) == 3 and not plan.invalid_rows
    match = match_return(demo_case, plan, template_token(out))
    assert match.log is not None and match.replaces is None
    before = count_entries(demo_case)
    result = import_return(demo_case, plan, match, today=dt.date(2026, 5, 10)).result
    assert count_entries(demo_case) == before + 3
    log = agency_returns(demo_case)[-1]
    assert log.received_on == dt.date(2026, 5, 10) and log.row_count == 3
    assert log.batch_id == result.batch_id
    assert return_state(log, dt.date(2026, 6, 1)) == "returned"
    imported = entries(demo_case, "import_batch_id = ?", (result.batch_id,))
    assert imported[0].event_time == "23:40" and imported[0].source_ref == "Storm log 0423"
    assert len(imported[0].people) == 2  # Liam and Katarzyna linked by name
    assert imported[1].event_date.display() == "May 2025"


def test_filled_docx_template_imports_with_no_mapping(demo_case, tmp_path):
    out, _ = ask_for_return(demo_case, police(demo_case), tmp_path / "police.docx")
    doc = Docx(str(out))
    table = doc.tables[0]
    assert tuple(c.text for c in table.rows[0].cells) == HEADERS
    for row, values in zip(table.rows[1:], ROWS, strict=False):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value.strftime("%d/%m/%Y") if isinstance(value, dt.datetime) else value
    doc.save(str(out))
    plan, _ = plan_for(demo_case, out)
    assert len(plan.valid_rows) == 3, plan.error_report()
    assert template_token(out) == agency_returns(demo_case)[-1].token


def test_corrected_return_replaces_its_batch_and_undo_restores_it(demo_case, tmp_path):
    case = demo_case
    out, _ = ask_for_return(case, police(case), tmp_path / "police.xlsx")
    fill_xlsx(out, ROWS)
    plan, _ = plan_for(case, out)
    first = import_return(case, plan, match_return(case, plan, template_token(out))).result
    first_entries = entries(case, "import_batch_id = ?", (first.batch_id,))
    total = count_entries(case)
    # The agency corrects its return: one row reworded, one removed, one added, one detail fixed.
    corrected = [
        ROWS[0][:5] + ("", "Storm log 0423/A", "Liam Carter, Katarzyna Nowak"),
        ("?02/09/2025", "", "Neighbour reported a baby crying for a long time at night; "
         "officers spoke to the mother.", "Officers attended", "No answer at the door",
         "Crying at night (§6.16)", "Log 1188", ""),
        ("03/10/2025", "10:05", "Clare's Law disclosure to Katarzyna Nowak about Liam Carter.",
         "Disclosure made", "", "", "DVDS 55", "Katarzyna Nowak, Liam Carter"),
    ]
    fixed = tmp_path / "police-corrected.xlsx"
    fixed.write_bytes(out.read_bytes())
    book = openpyxl.load_workbook(fixed)
    book["Return"].delete_rows(2, 10)
    book.save(fixed)
    fill_xlsx(fixed, corrected)
    plan2, _ = plan_for(case, fixed)
    match = match_return(case, plan2, template_token(fixed))
    assert match.replaces == first.batch_id
    assert match.diff.summary() == "1 added, 1 removed, 2 edited, 0 unchanged"
    assert [e.what_happened for e in match.diff.removed] == [ROWS[1][2]]
    edited = {tuple(row.fields) for row in match.diff.edited}
    assert ("source",) in edited and ("what happened",) in edited
    change = import_return(case, plan2, match)
    second = change.result
    assert count_entries(case) == total
    assert entries(case, "import_batch_id = ?", (first.batch_id,)) == []
    log = agency_returns(case)[-1]
    assert log.batch_id == second.batch_id and log.corrections == 1 and log.row_count == 3
    # One undo brings the first return back exactly.
    case.undo(change.txn)
    assert entries(case, "import_batch_id = ?", (first.batch_id,)) == first_entries
    assert entries(case, "import_batch_id = ?", (second.batch_id,)) == []
    log = agency_returns(case)[-1]
    assert log.batch_id == first.batch_id and log.corrections == 0
    assert case.verify() == []


def test_another_agencys_template_is_refused(demo_case, tmp_path):
    out, _ = ask_for_return(demo_case, AgencyId(agency_by_name(demo_case, "GP").id),
                            tmp_path / "gp.xlsx")
    fill_xlsx(out, ROWS)
    plan, _ = plan_for(demo_case, out)
    with pytest.raises(CaseError, match="sent to GP, not to Police"):
        match_return(demo_case, plan, template_token(out))
