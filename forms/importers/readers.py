"""Reading the table out of an agency's return, whatever it came as: CSV, a table in a Word
document (the usual form), or an Excel sheet. Every reader gives the same SourceTable; row
numbers are the ones the sender sees (header = row 1), so an error report can name them."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from storage.errors import CaseError

if TYPE_CHECKING:  # python-docx is imported lazily at run time (start-up cost)
    from docx.table import Table as DocxTable


class ImportFileError(CaseError):
    """The file cannot be read as a table."""


@dataclass(slots=True)
class SourceRow:
    number: int  # row number as shown in the sender's program (header row = 1)
    ref: str  # "row 12" or "table 2, row 12": how the error report and the entry name it
    cells: list[object] = field(default_factory=list)

    def get(self, column: int) -> object:
        return self.cells[column] if column < len(self.cells) else None


@dataclass(slots=True)
class SourceTable:
    file_name: str
    headers: list[str]
    rows: list[SourceRow]


SUPPORTED = (".csv", ".txt", ".docx", ".xlsx", ".xlsm")


def read_table(path: str | Path, table_number: int | None = None) -> SourceTable:
    """Read the chronology table from `path`. table_number (1-based) picks a .docx table."""
    path = Path(path)
    if not path.is_file():
        raise ImportFileError(f"{path} does not exist or is not a file.")
    suffix = path.suffix.lower()
    if suffix in (".csv", ".txt"):
        return read_csv(path)
    if suffix == ".docx":
        return read_docx(path, table_number)
    if suffix in (".xlsx", ".xlsm"):
        return read_xlsx(path)
    raise ImportFileError(
        f"{path.name} is a '{suffix or 'no extension'}' file; Visible imports chronologies from "
        ".csv, .docx (a table) and .xlsx. Save the return in one of those formats."
    )


def _clean(value: object) -> object:
    if isinstance(value, str):
        # Windows line breaks inside a cell become plain ones, as typed in Visible.
        return value.replace("\r\n", "\n").replace("\r", "\n").strip()
    return value


def _is_blank(cells: Sequence[object]) -> bool:
    return all(c is None or (isinstance(c, str) and not c.strip()) for c in cells)


def _from_grid(
    file_name: str, grid: Sequence[tuple[int, Sequence[object]]], prefix: str = ""
) -> SourceTable:
    """grid: (row number, cells) pairs; the first non-blank row is the header."""
    rows = [(n, [_clean(c) for c in cells]) for n, cells in grid if not _is_blank(cells)]
    if not rows:
        raise ImportFileError(f"{file_name} holds no table rows.")
    header_number, header = rows[0]
    headers = [str(h or "").strip() for h in header]
    while headers and not headers[-1]:
        headers.pop()
    if not any(headers):
        raise ImportFileError(
            f"{file_name}: the first row should name the columns (Date, Event, ...)."
        )
    headers = [h or f"Column {i + 1}" for i, h in enumerate(headers)]
    body = [SourceRow(n, f"{prefix}row {n}", cells) for n, cells in rows[1:]]
    return SourceTable(file_name, headers, body)


def read_csv(path: Path) -> SourceTable:
    raw = path.read_bytes()
    if raw[:4] == b"PK\x03\x04":
        raise ImportFileError(
            f"{path.name} is a spreadsheet or Word file, not CSV text; rename it to .xlsx or .docx."
        )
    try:
        if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):  # Excel's "Unicode text" is UTF-16
            text = raw.decode("utf-16")
        else:
            text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")  # Excel's "CSV" on Windows
    try:
        delimiter = csv.Sniffer().sniff(text[:8192], ",;\t|").delimiter
    except csv.Error:
        delimiter = ","
    # Only the separator is guessed: the Sniffer misreads doubled quotes ("said ""no""") inside
    # a quoted cell and then splits the row, so quoting follows Excel's (RFC 4180) rules.
    reader = csv.reader(io.StringIO(text, newline=""), csv.excel, delimiter=delimiter)
    try:
        grid = [(number, list(cells)) for number, cells in enumerate(reader, start=1)]
    except csv.Error as exc:
        raise ImportFileError(f"{path.name} is not well-formed CSV ({exc}).") from None
    return _from_grid(path.name, grid)


def read_xlsx(path: Path) -> SourceTable:
    import openpyxl  # imported here: only imports need it, and it costs start-up time

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise ImportFileError(
            f"{path.name} cannot be read as an Excel workbook ({exc}). If it is "
            "password-protected, "
            "save an unprotected copy first."
        ) from None
    try:
        sheet = _pick_sheet(book.worksheets)
        grid = [
            (number, list(cells))
            for number, cells in enumerate(sheet.iter_rows(values_only=True), start=1)
        ]
    finally:
        book.close()
    return _from_grid(path.name, grid)


def _pick_sheet(sheets: list[Any]) -> Any:
    """The first sheet with a date column in its first rows (a cover sheet often comes first)."""
    for sheet in sheets:
        for cells in sheet.iter_rows(max_row=5, values_only=True):
            if any(isinstance(c, str) and "date" in c.lower() for c in cells):
                return sheet
    return sheets[0]


def read_docx(path: Path, table_number: int | None = None) -> SourceTable:
    import docx  # python-docx, imported lazily (start-up time)
    from docx.opc.exceptions import PackageNotFoundError
    from docx.oxml.ns import qn

    try:
        document = docx.Document(str(path))
    except (zipfile.BadZipFile, KeyError, ValueError, PackageNotFoundError) as exc:
        raise ImportFileError(
            f"{path.name} cannot be read as a Word document ({exc}). If it is password-protected, "
            "save an unprotected copy first."
        ) from None
    tables = document.tables
    if not tables:
        raise ImportFileError(f"{path.name} holds no table; agency returns are read from a table.")
    if table_number is None:
        table_number = _pick_table(tables, qn)
    if not 1 <= table_number <= len(tables):
        raise ImportFileError(
            f"{path.name} has {len(tables)} table(s); there is no table {table_number}."
        )
    tbl = tables[table_number - 1]._tbl
    # Walk the XML directly: python-docx's table.cell(i, j) is O(n^2) (PERFORMANCE-NOTES).
    grid: list[tuple[int, list[object]]] = []
    for number, tr in enumerate(tbl.tr_lst, start=1):
        cells: list[object] = []
        for tc in tr.tc_lst:
            paragraphs = [
                "".join(t.text or "" for t in p.iter(qn("w:t"))) for p in tc.iter(qn("w:p"))
            ]
            cells.append("\n".join(paragraphs).strip())
            # A cell merged across columns keeps the later cells under their own headers.
            cells.extend([""] * (tc.grid_span - 1))
        grid.append((number, cells))
    prefix = f"table {table_number}, " if len(tables) > 1 else ""
    return _from_grid(path.name, grid, prefix)


def _pick_table(tables: Sequence[DocxTable], qn: Callable[[str], str]) -> int:
    """The first table whose header mentions a date; else the longest."""
    for i, table in enumerate(tables, start=1):
        rows = table._tbl.tr_lst
        if rows:
            header = " ".join(t.text or "" for t in rows[0].iter(qn("w:t"))).lower()
            if "date" in header:
                return i
    return max(range(len(tables)), key=lambda i: len(tables[i]._tbl.tr_lst)) + 1
