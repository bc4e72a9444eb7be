"""An Excel sheet, streamed from the workbook's XML within the limits.

openpyxl's reader sizes rows from the sheet's declared <dimension> and fills every missing row
and column: a 4.9 KB file declaring A1:XFD1048576 with one cell at row 1,048,576 asked for
~137 GB. This reader checks the declared dimension first, never fills gaps (each row keeps
its own number), and stops at the first limit passed. Cell values follow openpyxl's rules
(its date-format test and serial-date conversion are reused, so a date cell reads the same).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Generator
from typing import Any

from forms.importers.limits import Budget, LimitExceeded, Limits
from forms.importers.table import ImportFileError
from forms.importers.zip_parts import ZipParts, check_text, drop, main_part, relationships

S = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_CELL_REF = re.compile(r"^([A-Z]{1,3})(\d{1,7})$")
_RANGE = re.compile(r"^([A-Z]{1,3})(\d{1,7})(?::([A-Z]{1,3})(\d{1,7}))?$")

Grid = list[tuple[int, list[object]]]


def column_number(letters: str) -> int:
    number = 0
    for ch in letters:
        number = number * 26 + (ord(ch) - 64)
    return number


class Workbook:
    """The parts of an .xlsx needed to read its sheets' values."""

    def __init__(self, parts: ZipParts, limits: Limits) -> None:
        self.parts = parts
        self.limits = limits
        self.part = main_part(parts, "xl/workbook.xml")
        self.epoch_1904 = False
        self.sheets: list[tuple[str, str]] = []  # (name, part)
        rels = relationships(parts, self.part)
        for event, element in parts.iterparse(
            self.part, (S + "sheet", S + "workbookPr"), 16 << 20
        ):
            if event != "end":
                continue
            if element.tag == S + "workbookPr":
                self.epoch_1904 = element.get("date1904", "0").lower() in ("1", "true")
            else:
                kind, target = rels.get(element.get(_R + "id", ""), ("", ""))
                if kind == "worksheet" and parts.has(target):
                    self.sheets.append((element.get("name", ""), target))
        if not self.sheets:
            raise ImportFileError(
                f"{parts.name} holds no worksheet (chart sheets and macros are not read); save "
                "the chronology as an ordinary sheet."
            )
        shared = next((t for k, t in rels.values() if k == "sharedStrings"), "")
        styles = next((t for k, t in rels.values() if k == "styles"), "")
        self.strings = self._shared_strings(shared) if shared and parts.has(shared) else []
        self.date_styles = self._date_styles(styles) if styles and parts.has(styles) else set()

    def _shared_strings(self, part: str) -> list[str]:
        strings: list[str] = []
        for event, element in self.parts.iterparse(
            part, (S + "si",), self.limits.shared_strings_bytes
        ):
            if event != "end":
                continue
            # Rich text is several runs; phonetic guides (rPh) are not part of the text.
            strings.append(
                "".join(
                    check_text(self.parts, part, t)
                    for t in element.iter(S + "t")
                    if t.getparent() is not None and t.getparent().tag != S + "rPh"
                )
            )
            drop(element)
        return strings

    def _date_styles(self, part: str) -> set[int]:
        from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format

        formats: dict[int, str] = {}
        styles: list[int] = []
        in_cell_xfs = False
        for event, element in self.parts.iterparse(
            part, (S + "numFmt", S + "cellXfs", S + "xf"), 16 << 20
        ):
            if element.tag == S + "cellXfs":
                in_cell_xfs = event == "start"
            elif event == "end" and element.tag == S + "numFmt":
                formats[_int(element.get("numFmtId"))] = element.get("formatCode", "")
            elif event == "end" and element.tag == S + "xf" and in_cell_xfs:
                styles.append(_int(element.get("numFmtId")))
        found = set()
        for index, fmt_id in enumerate(styles):
            code = formats.get(fmt_id, BUILTIN_FORMATS.get(fmt_id, ""))
            if code and is_date_format(code):
                found.add(index)
        return found

    def rows(
        self, sheet_part: str, budget: Budget
    ) -> Generator[tuple[int, list[object]], None, None]:
        """(row number, cells) of one sheet, in file order, gaps not filled."""
        limits = self.limits
        next_row = 1
        row_chars = 0
        row_limit = limits.cell_chars * limits.columns
        tags = (S + "dimension", S + "row", S + "v", S + "t")
        for event, element in self.parts.iterparse(sheet_part, tags):
            if event != "end":
                continue
            tag = element.tag
            if tag in (S + "v", S + "t"):
                # Checked as each value ends, before the row holding it is complete: one row
                # of 64 inline strings of 10 MB each must not be built first.
                size = len(element.text or "")
                if size > limits.cell_chars:
                    budget.cell(size, f"row {next_row:,}")
                row_chars += size
                if row_chars > row_limit:
                    raise LimitExceeded(
                        f"{self.parts.name}: row {next_row:,} holds more than {row_limit:,} "
                        "characters; Visible will not read it."
                    )
                continue
            if tag == S + "dimension":
                self._check_dimension(element.get("ref", ""))
                continue
            number = _int(element.get("r"), next_row)
            next_row = number + 1
            row_chars = 0
            where = f"row {number:,}"
            budget.row(where)
            cells = self._cells(element, where, budget)
            drop(element)
            yield number, cells

    def _check_dimension(self, ref: str) -> None:
        match = _RANGE.match(ref.upper())
        if not match:
            return  # a missing or odd dimension is harmless: nothing is sized from it
        last_col = column_number(match.group(3) or match.group(1))
        last_row = int(match.group(4) or match.group(2))
        if last_row > self.limits.rows + 1 or last_col > self.limits.columns:
            raise LimitExceeded(
                f"{self.parts.name}: the sheet declares its size as {ref} ({last_row:,} rows × "
                f"{last_col:,} columns); Visible reads at most {self.limits.rows:,} rows and "
                f"{self.limits.columns} columns. Delete the unused rows and columns (or copy the "
                "table into a new workbook) and save it again."
            )

    def _cells(self, row: Any, where: str, budget: Budget) -> list[object]:
        values: dict[int, object] = {}
        column = 0
        for cell in row.iter(S + "c"):
            ref = cell.get("r")
            if ref:
                match = _CELL_REF.match(ref.upper())
                if not match:
                    raise ImportFileError(
                        f"{self.parts.name} is damaged: {where} has a cell named '{ref[:20]}'. "
                        "Open it in Excel and save it again."
                    )
                column = column_number(match.group(1))
            else:
                column += 1
            if column > self.limits.columns:
                if _value_element(cell) is None:
                    continue  # formatting far to the right, no value: nothing to read
                raise LimitExceeded(
                    f"{self.parts.name}: {where} has a value in column {column:,}; Visible reads "
                    f"at most {self.limits.columns} columns. Delete the unused columns and save "
                    "it again."
                )
            value = self._value(cell, where)
            if value is None:
                continue
            if isinstance(value, str):
                budget.cell(len(value), f"{where}, column {column}")
            values[column] = value
        if not values:
            return []
        width = max(values)
        return [values.get(i) for i in range(1, width + 1)]

    def _value(self, cell: Any, where: str) -> object:
        kind = cell.get("t", "n")
        if kind == "inlineStr":
            inline = cell.find(S + "is")
            if inline is None:
                return None
            return "".join(check_text(self.parts, where, t) for t in inline.iter(S + "t"))
        element = cell.find(S + "v")
        if element is None:
            return None
        text = check_text(self.parts, where, element)
        try:
            if kind == "s":
                return self.strings[int(text)]
            if kind in ("str", "e"):
                return text
            if kind == "b":
                return text.strip() in ("1", "true")
            if kind == "d":
                return dt.datetime.fromisoformat(text.strip().rstrip("Z"))
            number: float | int = (
                float(text) if any(ch in text for ch in ".eE") else int(text)
            )
        except (ValueError, IndexError, OverflowError):
            raise ImportFileError(
                f"{self.parts.name} is damaged: the cell at {where} holds '{text[:20]}', which "
                "is not a value of its kind. Open it in Excel and save it again."
            ) from None
        if _int(cell.get("s"), 0) in self.date_styles:
            return self._date(number, where)
        return number

    def _date(self, number: float | int, where: str) -> object:
        from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel

        try:
            return from_excel(
                number, CALENDAR_MAC_1904 if self.epoch_1904 else CALENDAR_WINDOWS_1900
            )
        except (OverflowError, ValueError):
            return number  # a number formatted as a date but out of range: shown as written


def _value_element(cell: Any) -> Any:
    return cell.find(S + "v") if cell.find(S + "v") is not None else cell.find(S + "is")


def _int(text: str | None, default: int = 0) -> int:
    try:
        return int(text) if text is not None else default
    except ValueError:
        return default


def read_xlsx_grid(parts: ZipParts, limits: Limits) -> Grid:
    book = Workbook(parts, limits)
    sheet = _pick_sheet(book)
    budget = Budget(parts.name, limits)
    needles = (b"<row ", b"<row>", b"<row/>")
    if parts.count_at_most(sheet, needles, limits.rows + 1) > limits.rows + 1:
        budget.rows = limits.rows
        budget.row("a count of the sheet's rows before reading them")
    return list(book.rows(sheet, budget))


def _pick_sheet(book: Workbook) -> str:
    """The first sheet with a date column in its first rows (a cover sheet often comes first)."""
    for _name, part in book.sheets:
        peek = book.rows(part, Budget(book.parts.name, book.limits))
        try:
            for count, (_number, cells) in enumerate(peek):
                if any(isinstance(c, str) and "date" in c.lower() for c in cells):
                    return part
                if count >= 4:
                    break
        finally:
            peek.close()
    return book.sheets[0][1]

