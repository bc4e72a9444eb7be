"""An Excel sheet, streamed from the workbook's XML within the limits.

openpyxl's reader sizes rows from the sheet's declared <dimension> and fills every missing row
and column: a 4.9 KB file declaring A1:XFD1048576 with one cell at row 1,048,576 asked for
~137 GB. This reader checks the declared dimension first, never fills gaps (each row keeps
its own number), and stops at the first limit passed. Cell values follow openpyxl's rules
(its date-format test and serial-date conversion are reused, so a date cell reads the same).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Generator
from typing import Any, NoReturn

from forms.importers.limits import Budget, LimitExceeded, Limits
from forms.importers.table import ImportFileError, SeveralChronologies
from forms.importers.zip_parts import (
    ZipParts,
    check_text,
    drop,
    main_part,
    relationships,
    strict_ooxml,
)

S = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_CELL_REF = re.compile(r"^([A-Z]{1,3})(\d{1,7})$")
_RANGE = re.compile(r"^([A-Z]{1,3})(\d{1,7})(?::([A-Z]{1,3})(\d{1,7}))?$")

# (row number, cells, why the row is doubtful or ""): a doubtful row is refused by the plan.
Grid = list[tuple[int, list[object], str]]


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
        self.sheets: list[tuple[str, str]] = []  # (name, part), visible sheets only
        self.hidden: list[str] = []
        self.merges: list[tuple[int, int, int]] = []  # (column, first row, last row) of a sheet
        rels = relationships(parts, self.part)
        missing: list[str] = []  # sheets whose part is not in the file
        for event, element in parts.iterparse(
            self.part, (S + "sheet", S + "workbookPr"), 16 << 20
        ):
            if event != "end":
                continue
            if element.tag == S + "workbookPr":
                self.epoch_1904 = element.get("date1904", "0").lower() in ("1", "true")
            else:
                kind, target = rels.get(element.get(_R + "id", ""), ("", ""))
                if kind == "worksheet" and not parts.has(target):
                    missing.append(element.get("name", ""))
                if kind == "worksheet" and parts.has(target):
                    # A hidden sheet (an old year, a working copy) was picked before the
                    # visible one when it came first; the sender never sees it.
                    if element.get("state", "visible") in ("hidden", "veryHidden"):
                        self.hidden.append(element.get("name", ""))
                    else:
                        self.sheets.append((element.get("name", ""), target))
        if not self.sheets and self.hidden:
            raise ImportFileError(
                f"{parts.name}: every sheet is hidden ({', '.join(self.hidden[:3])}); show the "
                "chronology sheet in Excel (Format → Hide & Unhide) and save it again."
            )
        if not self.sheets and (strict := strict_ooxml(parts, self.part)) is not None:
            raise strict
        if missing:
            # A sheet pointing outside the file (../../etc/passwd, /etc/passwd, a web address)
            # or at a part that is not there: nothing is read from outside the file.
            raise ImportFileError(
                f"{parts.name} is damaged: its sheet '{missing[0][:40]}' points to a part that "
                "is not in the file. Open it in Excel and save it again."
            )
        if not self.sheets:
            raise ImportFileError(
                f"{parts.name} holds no worksheet (chart sheets and macros are not read); save "
                "the chronology as an ordinary sheet."
            )
        shared = next((t for k, t in rels.values() if k == "sharedStrings"), "")
        styles = next((t for k, t in rels.values() if k == "styles"), "")
        self.strings = self._shared_strings(shared) if shared and parts.has(shared) else []
        self.blank_styles: dict[int, int] = {}  # style -> sections, of formats showing nothing
        self.date_styles = self._date_styles(styles) if styles and parts.has(styles) else set()

    def _shared_strings(self, part: str) -> list[str]:
        # Counted in C first: a 13 MB workbook of 5,000,000 tiny strings took 65 s and 400 MB
        # to parse into a list before any cell was read; a prefixed <x:si> escapes the count,
        # not the check as they are kept.
        most = self.limits.shared_strings
        if self.parts.count_at_most(part, (b"<si>", b"<si "), most) > most:
            self._too_many_strings()
        strings: list[str] = []
        for event, element in self.parts.iterparse(
            part, (S + "si",), self.limits.shared_strings_bytes
        ):
            if event != "end":
                continue
            if len(strings) >= most:
                self._too_many_strings()
            # Rich text is several runs; phonetic guides (rPh) are not part of the text.
            strings.append(_unescape(
                "".join(
                    check_text(self.parts, part, t)
                    for t in element.iter(S + "t")
                    if t.getparent() is not None and t.getparent().tag != S + "rPh"
                )
            ))
            drop(element)
        return strings

    def _too_many_strings(self) -> NoReturn:
        raise LimitExceeded(
            f"{self.parts.name} holds more than {self.limits.shared_strings:,} different texts "
            "(its shared strings); Visible will not read it. Is it really a chronology return? "
            "If it is, split it into smaller files."
        )

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
            elif ";" in code and not code.replace(";", "").strip():
                # ";;;" shows nothing whatever the value: a way to hide a cell in plain sight.
                # Its sections are positive;negative;zero;text: a text shows unless there is
                # a fourth, empty one.
                self.blank_styles[index] = code.count(";") + 1
        return found

    def rows(
        self, sheet_part: str, budget: Budget
    ) -> Generator[tuple[int, list[object], str], None, None]:
        """(row number, cells) of one sheet, in file order, gaps not filled."""
        limits = self.limits
        next_row = 1
        row_chars = 0
        row_limit = limits.cell_chars * limits.columns
        tags = (S + "dimension", S + "row", S + "v", S + "t", S + "mergeCell", S + "col")
        self.merges = []
        hidden: set[int] = set()  # hidden columns, of those Visible reads (<cols> comes first)
        last = 0
        for event, element in self.parts.iterparse(sheet_part, tags):
            if event != "end":
                continue
            tag = element.tag
            if tag == S + "col":
                # A column dragged to no width is as hidden as one marked hidden.
                if element.get("hidden", "0").lower() in ("1", "true") or _zero(
                        element.get("width")):
                    first = max(1, _int(element.get("min"), 1))
                    hidden.update(range(first, min(_int(element.get("max"), first),
                                                   limits.columns) + 1))
                drop(element)
                continue
            if tag == S + "mergeCell":
                self._merge(element.get("ref", ""))
                drop(element)
                continue
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
            where = f"row {number:,}"
            if number <= last:
                # Excel writes rows once each, in order; two row 5s would both be "row 5" in
                # every message, and one would silently stand for the other.
                raise ImportFileError(
                    f"{self.parts.name} is damaged: {where} comes after row {last:,}. Open it "
                    "in Excel and save it again."
                )
            last = number
            next_row = number + 1
            row_chars = 0
            budget.row(where)
            notes: list[str] = []
            cells = self._cells(element, where, budget, notes)
            shown = next((c for c in sorted(hidden) if c <= len(cells)
                          and cells[c - 1] not in (None, "")), 0) if hidden else 0
            if shown:
                # A hidden column (working notes, another child's details) is in the file but
                # not on the sender's screen: its values are not imported as if seen.
                notes.append(f"column {shown} is hidden in the workbook and this row has a value "
                             "in it; show or delete the column in Excel and save it again")
            if (element.get("hidden", "0").lower() in ("1", "true")
                    or _zero(element.get("ht"))) and cells:
                # A filtered-out or hidden row may be another child's: the sender did not see
                # it, so it is not imported as if they had.
                notes.insert(0, "it is hidden in the workbook (filtered out or hidden), so "
                             "the sender may not have meant it; show or delete it in Excel "
                             "and save it again")
            drop(element)
            yield number, cells, "; ".join(notes)

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

    def _merge(self, ref: str) -> None:
        match = _RANGE.match(ref)
        if not match or not match.group(3):
            return
        first, last = int(match.group(2)), int(match.group(4))
        if last > first:
            if len(self.merges) >= self.limits.merged_cells:
                raise LimitExceeded(
                    f"{self.parts.name} has more than {self.limits.merged_cells:,} merged "
                    "cells; unmerge them in Excel and save it again."
                )
            self.merges.append((column_number(match.group(1)), first, last))

    def _cells(self, row: Any, where: str, budget: Budget, notes: list[str]) -> list[object]:
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
            if column in values:
                raise ImportFileError(
                    f"{self.parts.name} is damaged: {where} has two cells in column {column} "
                    "(one would silently replace the other). Open it in Excel and save it again."
                )
            value = self._value(cell, where)
            if value is None:
                if cell.find(S + "f") is not None:
                    # A formula whose result the file does not hold (written by a program that
                    # does not work formulas out): Excel shows its result, Visible had nothing.
                    notes.append(f"column {column} holds a formula whose result is not saved in "
                                 "the file (it was made by a program that does not work "
                                 "formulas out); open it in Excel, save it, and import it again")
                continue
            if self.blank_styles and self.blank_styles.get(_int(cell.get("s"), -1), 0) >= (
                    4 if isinstance(value, str) else 2) and value != "":
                notes.append(f"column {column} has a number format (;;;) that shows nothing, so "
                             "the sender does not see its value; give the cell an ordinary "
                             "format (or clear it) in Excel and save it again")
            if isinstance(value, str):
                budget.cell(len(value), f"{where}, column {column}")
                if cell.get("t") == "e":
                    notes.append(f"column {column} holds the Excel error {value[:20]} (a "
                                 "formula that could not be worked out), not a value; correct "
                                 "it in Excel and save it again")
            elif isinstance(value, _NotADate):
                notes.append(f"column {column} holds {value.serial}, an Excel date before 1 "
                             "March 1900 (Excel counts a 29 February 1900 that never was); "
                             "type the date out in full in Excel and save it again")
                value = value.serial
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
            # As in shared strings, a phonetic guide (rPh) is not part of the text.
            return _unescape("".join(
                check_text(self.parts, where, t) for t in inline.iter(S + "t")
                if t.getparent() is not None and t.getparent().tag != S + "rPh"))
        element = cell.find(S + "v")
        if element is None:
            return None
        text = check_text(self.parts, where, element)
        try:
            if kind == "s":
                index = int(text)
                if index < 0:  # Python would read strings[-1], the last string, silently
                    raise IndexError(index)
                if index >= len(self.strings):
                    raise ImportFileError(
                        f"{self.parts.name} is damaged: the cell at {where} refers to its text "
                        f"number {index + 1:,}, but the workbook holds {len(self.strings):,}. "
                        "Open it in Excel and save it again.")
                return self.strings[index]
            if kind in ("str", "e"):
                return _unescape(text)
            if kind == "b":
                # As Excel shows it ("True" was Python's spelling).
                return "TRUE" if text.strip() in ("1", "true") else "FALSE"
            if kind == "d":
                # With a time zone ("...Z"), the moment as the UK clock showed it: the zone
                # was dropped, so 23:30Z on 22 May was imported as 22 May, not 00:30 on 23 May.
                moment = dt.datetime.fromisoformat(text.strip())
                return moment if moment.tzinfo is None else _uk(moment, text.strip())
            number: float | int = (
                float(text) if any(ch in text for ch in ".eE") else int(text)
            )
            if number.__class__ is float and not math.isfinite(number):
                # "1E+999" is infinity to Python, and was imported as "inf"; Excel has no
                # such number (its largest is about 1.8E+308).
                raise ValueError(text)
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

        if not self.epoch_1904 and number < 61 and not 0 <= number < 1:
            # Excel's serials 1-60 include its 29 February 1900, a day that never was (60
            # and 59 both became 28/02/1900), and it shows no date at all for a negative one.
            # 0 <= n < 1 is a time of day (a Time column), which from_excel reads as such.
            return _NotADate(number)
        try:
            return from_excel(
                number, CALENDAR_MAC_1904 if self.epoch_1904 else CALENDAR_WINDOWS_1900
            )
        except (OverflowError, ValueError):
            return number  # a number formatted as a date but out of range: shown as written


def _uk(moment: dt.datetime, text: str) -> object:
    from forms.dates import to_uk
    from storage.errors import InvalidValue

    try:
        return to_uk(moment, text)
    except InvalidValue:
        return text  # no time-zone table: left as written, and the date column refuses it


class _NotADate:
    """A number formatted as a date for which Excel's own date is not to be trusted."""

    __slots__ = ("serial",)

    def __init__(self, serial: float | int) -> None:
        self.serial = serial


def _unescape(text: str) -> str:
    """Excel writes characters XML cannot hold as _xHHHH_ (a Windows line break in a cell is
    "_x000D_"), and a literal "_x" as "_x005F_x": they were imported as written."""
    if "_x" not in text:
        return text
    from openpyxl.utils.escape import unescape

    return str(unescape(text))


def _value_element(cell: Any) -> Any:
    return cell.find(S + "v") if cell.find(S + "v") is not None else cell.find(S + "is")


def _zero(size: str | None) -> bool:
    """A row height or column width of 0: the row or column cannot be seen."""
    if size is None:
        return False
    try:
        return float(size) <= 0
    except ValueError:
        return False


def _int(text: str | None, default: int = 0) -> int:
    try:
        return int(text) if text is not None else default
    except ValueError:
        return default


def read_xlsx_grid(parts: ZipParts, limits: Limits, sheet_name: str | None = None) -> Grid:
    """The chosen sheet's rows (`sheet_name`: a sheet's name or its 1-based number among the
    visible sheets), else the one sheet that looks like a chronology (_pick_sheet)."""
    book = Workbook(parts, limits)
    sheet = _pick_sheet(book) if sheet_name is None else _named_sheet(book, sheet_name)
    budget = Budget(parts.name, limits)
    needles = (b"<row ", b"<row>", b"<row/>")
    if parts.count_at_most(sheet, needles, limits.rows + 1) > limits.rows + 1:
        budget.rows = limits.rows
        budget.row("a count of the sheet's rows before reading them")
    grid = list(book.rows(sheet, budget))
    _fill_merged(book, grid, parts.name, limits)
    return grid


def _fill_merged(book: Workbook, grid: Grid, name: str, limits: Limits) -> None:
    """A cell merged down over several rows (a date written once for a day's events) shows
    its value on each of them, as the sender sees it; Excel stores it in the first row only."""
    if not book.merges:
        return
    import bisect

    numbers = [number for number, _cells, _note in grid]
    filled = 0
    for column, first, last in book.merges:
        at = bisect.bisect_left(numbers, first)
        if at == len(numbers) or numbers[at] != first:
            continue
        top = grid[at][1]
        value = top[column - 1] if column <= len(top) else None
        if value is None:
            continue
        for index in range(at + 1, bisect.bisect_right(numbers, last)):
            cells = grid[index][1]
            if len(cells) < column:
                cells.extend([None] * (column - len(cells)))
            if cells[column - 1] in (None, ""):
                cells[column - 1] = value
            filled += 1
            if filled > 4 * limits.rows:
                raise LimitExceeded(
                    f"{name}: its merged cells cover more than {4 * limits.rows:,} cells; "
                    "unmerge them in Excel and save it again."
                )


def _named_sheet(book: Workbook, wanted: str) -> str:
    """The sheet the user chose, by name (as Excel shows it on its tab, case aside) or number."""
    wanted = wanted.strip()
    for name, part in book.sheets:
        if name.strip().casefold() == wanted.casefold():
            return part
    if wanted.isdigit() and 1 <= int(wanted) <= len(book.sheets):
        return book.sheets[int(wanted) - 1][1]
    if any(name.strip().casefold() == wanted.casefold() for name in book.hidden):
        raise ImportFileError(
            f"{book.parts.name}: the sheet '{wanted}' is hidden; show it in Excel (Format → "
            "Hide & Unhide) and save the workbook again."
        )
    raise ImportFileError(
        f"{book.parts.name} has no sheet '{wanted}'; its sheets are {sheet_list(book)}."
    )


def sheet_list(book: Workbook) -> str:
    """The visible sheets, numbered as --sheet counts them: "1 'Cover', 2 '2023', 3 '2024'"."""
    return ", ".join(f"{n} '{name}'" for n, (name, _part) in enumerate(book.sheets, start=1))


def _pick_sheet(book: Workbook) -> str:
    """The one sheet that looks like a chronology; else the first with a date column in its
    first rows (a cover sheet often comes first). Two chronologies are refused: reading only
    the first lost the other (a sheet a year) without a word."""
    from forms.importers.readers import looks_like_chronology

    chronologies: list[tuple[str, str]] = []
    dated = ""
    for name, part in book.sheets:
        peek = book.rows(part, Budget(book.parts.name, book.limits))
        try:
            for count, (_number, cells, _note) in enumerate(peek):
                if any(isinstance(c, str) and c.strip() for c in cells):
                    if looks_like_chronology(cells):
                        chronologies.append((name, part))
                    elif not dated and any(isinstance(c, str) and "date" in c.lower()
                                           for c in cells):
                        dated = part
                    break
                if count >= 4:
                    break
        finally:
            peek.close()
    if len(chronologies) > 1:
        names = ", ".join(f"'{n}'" for n, _p in chronologies[:-1])
        raise SeveralChronologies(
            f"{book.parts.name} has {len(chronologies)} sheets that look like chronologies "
            f"({names} and '{chronologies[-1][0]}'); Visible imports one sheet at a time. "
            "Choose one (CLI: --sheet NAME), then import the others the same way.",
            "sheet", [name for name, _part in chronologies],
        )
    if chronologies:
        return chronologies[0][1]
    return dated or book.sheets[0][1]
