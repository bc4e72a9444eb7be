"""The template an agency fills in with its chronology: .xlsx or .docx.

Review authors ask every agency for its chronology and then spend days mapping each agency's
own layout. A template whose headers are exactly the ones the importer reads
(forms/importers/mapping.py) imports with no column mapping at all. It carries the case
reference, the period to cover and the instructions, and — hidden in the file's properties — a
token naming the logged return, so the filled file is matched to the request it answers (and a
second, corrected file from the same agency is recognised as a correction).

.xlsx: the first sheet is the return (header in row 1, frozen and locked; every other cell open),
with date and time validation that warns rather than refuses, because agencies rightly write
"May 2016" or "?22 May 2016" and the importer keeps those as they are. A second sheet holds the
details and instructions. .docx: the same details as text and one table to fill.
"""

from __future__ import annotations

import datetime as dt
import io
import os
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from exports.errors import ExportError
from exports.output import write_bytes

# Header text → the importer's field. Each header is one of the importer's exact synonyms.
COLUMNS: tuple[tuple[str, str, float], ...] = (
    ("Date", "event_date", 13),
    ("Time", "event_time", 8),
    ("What happened", "what_happened", 60),
    ("Action taken", "action_taken", 30),
    ("Outcome", "outcome", 25),
    ("Significance", "significance", 30),
    ("Source reference", "source_ref", 22),
    ("People named", "people", 24),
)
HEADERS = tuple(c[0] for c in COLUMNS)
OPEN_ROWS = 2000  # rows left unlocked and validated below the header
TOKEN_PROPERTY = "visible_return"
CASE_PROPERTY = "visible_case_reference"


@dataclass(slots=True)
class TemplateDetails:
    case_reference: str
    agency: str
    token: str
    marking: str
    local_authority: str = ""
    requested_on: dt.date | None = None
    due_on: dt.date | None = None
    period_from: dt.date | None = None
    period_to: dt.date | None = None
    contact: str = ""

    def period(self) -> str:
        if self.period_from and self.period_to:
            return f"{self.period_from:%d/%m/%Y} to {self.period_to:%d/%m/%Y}"
        if self.period_from:
            return f"from {self.period_from:%d/%m/%Y} to the date you reply"
        if self.period_to:
            return f"everything up to {self.period_to:%d/%m/%Y}"
        return "everything your records hold"


def instructions(d: TemplateDetails, spreadsheet: bool = True) -> list[str]:
    due = f" by {d.due_on:%d/%m/%Y}" if d.due_on else ""
    # Only the .xlsx validates dates; a Word table has nothing that warns.
    warns = " The sheet warns on such dates: choose Yes to keep them." if spreadsheet else ""
    return [
        f"Please list every contact your agency had with the family in the period covered "
        f"({d.period()}), one row per contact, oldest first, and return this file{due}.",
        "Date: the day of the contact, e.g. 22/05/2016. If you know only the month or year, "
        "write May 2016 or 2016; if it is approximate, put ? or c. in front (?22/05/2016)."
        + warns,
        "Time: 14:30 if known; leave blank if not.",
        "What happened: in your record's words. Action taken and Outcome: what your agency did "
        "and what came of it. Significance: why it matters for the child.",
        "Source reference: the document and page, or your system's record number, so the entry "
        "can be traced back to your record.",
        "People named: the family members involved, by full name, separated by commas.",
        "Do not change the column headings or their order: Visible reads them as they are. "
        "Add rows as needed. If you send a corrected version later, send the whole return "
        "again in this same file.",
        f"This file is marked {d.marking}. Send it back only by secure email.",
    ]


def _details_pairs(d: TemplateDetails) -> list[tuple[str, str]]:
    pairs = [("Case reference", d.case_reference), ("Agency", d.agency),
             ("Period covered", d.period())]
    if d.requested_on:
        pairs.append(("Requested on", f"{d.requested_on:%d/%m/%Y}"))
    if d.due_on:
        pairs.append(("Please return by", f"{d.due_on:%d/%m/%Y}"))
    if d.local_authority:
        pairs.append(("Requested by", d.local_authority
                      + (f" ({d.contact})" if d.contact else "")))
    pairs.append(("Protective marking", d.marking))
    return pairs


INSTRUCTION_WIDTH = 80  # characters


def _fit_to_width(sheet: Any, landscape: bool) -> None:
    """Print every column on one page width (rows run on to further pages)."""
    sheet.page_setup.orientation = "landscape" if landscape else "portrait"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0


def write_xlsx(d: TemplateDetails, out: IO[bytes]) -> None:
    import openpyxl
    from openpyxl.packaging.custom import StringProperty
    from openpyxl.styles import Alignment, Font, PatternFill, Protection
    from openpyxl.worksheet.datavalidation import DataValidation

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Return"
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="D9D9D9")
    for col, (header, _field, width) in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=1, column=col, value=header)
        cell.font, cell.fill = bold, fill
        cell.protection = Protection(locked=True)
        sheet.column_dimensions[cell.column_letter].width = width
    wrap = Alignment(wrap_text=True, vertical="top")
    last = OPEN_ROWS + 1
    for row in sheet.iter_rows(min_row=2, max_row=last, max_col=len(COLUMNS)):
        for cell in row:
            cell.protection = Protection(locked=False)
            cell.alignment = wrap
        row[0].number_format = "DD/MM/YYYY"
        row[1].number_format = "HH:MM"
    sheet.freeze_panes = "A2"
    # Lock the header only: agencies may add, delete and format rows but not rename a column.
    protection = sheet.protection
    protection.sheet = True
    protection.formatCells = protection.formatColumns = protection.formatRows = False
    protection.insertRows = protection.deleteRows = protection.sort = False
    protection.autoFilter = False
    dates = DataValidation(
        type="date", operator="between", formula1="DATE(1900,1,1)", formula2="DATE(2200,12,31)",
        allow_blank=True, errorStyle="warning", showErrorMessage=True,
        errorTitle="Is this a date?",
        error="Write the date as 22/05/2016. A month or year only (May 2016), or an approximate "
              "date (?22/05/2016), is fine: choose Yes to keep it.",
        promptTitle="Date", prompt="The day of the contact, e.g. 22/05/2016", showInputMessage=True,
    )
    dates.add(f"A2:A{last}")
    times = DataValidation(
        type="time", operator="between", formula1="0", formula2="0.999988426",
        allow_blank=True, errorStyle="warning", showErrorMessage=True,
        errorTitle="Is this a time?", error="Write the time as 14:30, or leave it blank.",
    )
    times.add(f"B2:B{last}")
    sheet.add_data_validation(dates)
    sheet.add_data_validation(times)
    sheet.print_title_rows = "1:1"
    _fit_to_width(sheet, landscape=True)
    sheet.oddHeader.center.text = d.marking
    sheet.oddFooter.center.text = d.marking + " — page &P of &N"

    about = book.create_sheet("About this return")
    about.column_dimensions["A"].width = 22
    about.column_dimensions["B"].width = INSTRUCTION_WIDTH
    about.cell(row=1, column=1, value=f"Chronology return for case {d.case_reference}").font = \
        Font(bold=True, size=14)
    row = 3
    for label, value in _details_pairs(d):
        about.cell(row=row, column=1, value=label).font = bold
        cell = about.cell(row=row, column=2, value=value)
        # openpyxl writes any text starting with "=" as a live formula: a case reference or
        # authority typed as "=HYPERLINK(...)" became a formula in the file sent to an agency.
        cell.data_type = "s"
        row += 1
    row += 1
    label = about.cell(row=row, column=1, value="How to fill it in")
    label.font, label.alignment = bold, Alignment(vertical="top")
    for n, text in enumerate(instructions(d), start=1):
        cell = about.cell(row=row, column=2, value=f"{n}. {text}")
        cell.alignment = wrap
        # Spreadsheet programs do not grow a row for wrapped text written by a library: give
        # each instruction the height its lines need, or they print on top of each other.
        lines = -(-len(cell.value) // int(INSTRUCTION_WIDTH * 1.1))
        about.row_dimensions[row].height = 15 * lines
        row += 1
    about.oddHeader.center.text = d.marking
    _fit_to_width(about, landscape=False)
    book.custom_doc_props.append(StringProperty(name=TOKEN_PROPERTY, value=d.token))
    book.custom_doc_props.append(StringProperty(name=CASE_PROPERTY, value=d.case_reference))
    book.properties.title = f"Chronology return: {d.agency}"
    book.active = 0
    book.save(out)


def write_docx(d: TemplateDetails, out: IO[bytes]) -> None:
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm

    document = docx.Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    for margin in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, margin, Mm(15))
    section.header.paragraphs[0].text = d.marking
    section.footer.paragraphs[0].text = d.marking
    document.add_heading(f"Chronology return for case {d.case_reference}", level=1)
    for label, value in _details_pairs(d):
        p = document.add_paragraph()
        p.add_run(f"{label}: ").bold = True
        p.add_run(value)
    document.add_heading("How to fill it in", level=2)
    for text in instructions(d, spreadsheet=False):
        document.add_paragraph(text, style="List Number")
    document.add_heading("Chronology", level=2)
    table = document.add_table(rows=1 + 10, cols=len(COLUMNS))
    table.style = "Table Grid"
    header = table.rows[0]
    for cell, text in zip(header.cells, HEADERS, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(text).bold = True
    # Repeat the header row on every page.
    tr_pr = header._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    tr_pr.append(repeat)
    properties = document.core_properties
    properties.title = f"Chronology return: {d.agency}"
    properties.identifier = f"{TOKEN_PROPERTY}:{d.token}"
    properties.subject = f"{CASE_PROPERTY}:{d.case_reference}"
    document.save(out)


def write_template(d: TemplateDetails, path: str | os.PathLike[str]) -> Path:
    """Write to a temporary name beside the target, then rename (never a half-written file)."""
    target = Path(path)
    fmt = target.suffix.lower()
    if fmt not in (".xlsx", ".docx"):
        raise ExportError(f"{target.name}: a return template is written as .xlsx or .docx.")
    data = io.BytesIO()
    (write_xlsx if fmt == ".xlsx" else write_docx)(d, data)
    return write_bytes(data.getvalue(), target)


def template_token(path: str | os.PathLike[str]) -> str:
    """The return token written into a template, or '' for any other file."""
    source = Path(path)
    suffix = source.suffix.lower()
    try:
        if suffix in (".xlsx", ".xlsm"):
            import openpyxl

            book = openpyxl.load_workbook(source, read_only=True)
            try:
                for prop in book.custom_doc_props:
                    if prop.name == TOKEN_PROPERTY and isinstance(prop.value, str):
                        return prop.value
            finally:
                book.close()
        elif suffix == ".docx":
            import docx

            identifier = docx.Document(str(source)).core_properties.identifier or ""
            if identifier.startswith(f"{TOKEN_PROPERTY}:"):
                return identifier.split(":", 1)[1]
    except Exception:  # noqa: BLE001 - an unreadable file is reported by the importer itself
        return ""
    return ""
