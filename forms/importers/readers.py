"""Reading the table out of an agency's return, whatever it came as: CSV, a table in a Word
document (the usual form), or an Excel sheet. Every reader gives the same SourceTable; row
numbers are the ones the sender sees (header = row 1), so an error report can name them.

Every reader is bounded (forms/importers/limits.py) and turns every way a file can be broken
into one ImportFileError line: a hostile or damaged return is refused, never a traceback.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from collections.abc import Sequence
from pathlib import Path

from forms.dates import visible
from forms.importers.encodings import EncodingProblem, label
from forms.importers.limits import DEFAULT_LIMITS, LimitExceeded, Limits
from forms.importers.table import (
    ImportFileError,
    SeveralChronologies,
    SourceRow,
    SourceTable,
    clean_cell,
)
from forms.lens.scan import without_collector

__all__ = [
    "SUPPORTED",
    "EncodingProblem",
    "ImportFileError",
    "LimitExceeded",
    "SourceRow",
    "SourceTable",
    "read_table",
]

SUPPORTED = (".csv", ".txt", ".docx", ".xlsx", ".xlsm")
TEXT_SUFFIXES = (".csv", ".txt")


@without_collector  # a row is a few objects, none in a cycle (see forms/importers/plan.py)
def read_table(
    path: str | Path,
    table_number: int | None = None,
    *,
    encoding: str | None = None,
    fallback: bool = False,
    sheet: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> SourceTable:
    """Read the chronology table from `path`.

    table_number (1-based) picks a .docx table; sheet (a name, or a 1-based number) an Excel
    sheet. encoding (CSV/text only) overrides detection; fallback reads bytes that are invalid
    in that encoding as Windows-1252 instead of refusing.
    """
    path = Path(path)
    if not path.is_file():
        raise ImportFileError(f"{path} does not exist or is not a file.")
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        raise ImportFileError(
            f"{path.name} is a '{suffix or 'no extension'}' file; Visible imports chronologies "
            "from .csv, .docx (a table) and .xlsx. Save the return in one of those formats."
        )
    # A choice that cannot apply is said, not ignored: the user meant some table or sheet.
    if sheet is not None and suffix not in (".xlsx", ".xlsm"):
        raise ImportFileError(f"{path.name} is not an Excel workbook: a sheet is chosen only in "
                              "a .xlsx (use --table N for a Word document's table).")
    if table_number is not None and suffix != ".docx":
        raise ImportFileError(f"{path.name} is not a Word document: a table is chosen only in "
                              "a .docx (use --sheet NAME for an Excel sheet).")
    size = path.stat().st_size
    if size > limits.file_bytes:
        raise LimitExceeded(
            f"{path.name} is {limits.mb(size)}; Visible reads returns of at most "
            f"{limits.mb(limits.file_bytes)}. Split it into smaller files."
        )
    try:
        if suffix in TEXT_SUFFIXES:
            return _read_text(path, limits, encoding, fallback)
        if suffix == ".docx":
            return _read_docx(path, table_number, limits)
        return _read_xlsx(path, limits, sheet)
    except MemoryError:
        # The limits keep every reader far below this; if the machine is short of memory
        # anyway, say so in one line rather than crash.
        raise ImportFileError(
            f"{path.name} could not be read: the computer ran out of memory. Close other "
            "programs, or split the return into smaller files."
        ) from None
    except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
        raise ImportFileError(f"{path.name} is damaged ({exc}); save it again.") from None
    except OSError as exc:
        raise ImportFileError(f"{path.name} could not be read: {exc.strerror or exc}.") from None


def _read_text(path: Path, limits: Limits, encoding: str | None, fallback: bool) -> SourceTable:
    from forms.importers.csv_reader import read_csv_grid

    rows, codec, how = read_csv_grid(path, limits, encoding, fallback)
    table = _from_rows(path.name, rows)
    table.encoding = label(codec).split(" (")[0]  # "Windows-1252", "UTF-16"
    table.encoding_note = how
    return table


def _read_docx(path: Path, table_number: int | None, limits: Limits) -> SourceTable:
    from forms.importers.docx_reader import ADVICE, pick_table, read_docx_tables
    from forms.importers.zip_parts import ZipParts, main_part, strict_ooxml

    with ZipParts(path, limits, "Word document", ADVICE) as parts:
        tables = read_docx_tables(parts, limits)
        if not tables and (strict := strict_ooxml(parts, main_part(parts,
                                                                   "word/document.xml"))):
            raise strict
    if not tables:
        raise ImportFileError(f"{path.name} holds no table; agency returns are read from a table.")
    if table_number is None:
        _one_chronology(path.name, [t for t in tables], "tables", "table")
        table_number = pick_table(tables)
        _no_continuation(path.name, tables, table_number)
    if not 1 <= table_number <= len(tables):
        raise ImportFileError(
            f"{path.name} has {len(tables)} table(s); there is no table {table_number}."
        )
    prefix = f"table {table_number}, " if len(tables) > 1 else ""
    return _from_grid(path.name, tables[table_number - 1], prefix)


def _read_xlsx(path: Path, limits: Limits, sheet: str | None) -> SourceTable:
    from forms.importers.xlsx_reader import read_xlsx_grid
    from forms.importers.zip_parts import ZipParts

    advice = "If it is password-protected, save an unprotected copy first."
    with ZipParts(path, limits, "Excel workbook", advice) as parts:
        grid = read_xlsx_grid(parts, limits, sheet)
    return _from_grid(path.name, grid)


def _is_blank(cells: Sequence[object]) -> bool:
    return all(c is None or (isinstance(c, str) and not c.strip()) for c in cells)


def _from_grid(
    file_name: str, grid: Sequence[tuple[int, Sequence[object], str]], prefix: str = ""
) -> SourceTable:
    """grid: (row number, cells, why the row is doubtful) triples; the first non-blank row is
    the header."""
    rows = [SourceRow(n, f"{prefix}row {n}", list(cells), _doubt(note))
            for n, cells, note in grid]
    return _from_rows(file_name, rows)


def _doubt(note: str) -> str:
    return f"this row was not read: {note}." if note else ""


def looks_like_chronology(cells: Sequence[object]) -> bool:
    """A header row from which both a date and what happened can be mapped."""
    from forms.importers.mapping import guess_mapping

    headers = [str(c).strip() for c in cells if isinstance(c, str) and c.strip()]
    found = guess_mapping(headers)
    return "event_date" in found and "what_happened" in found


def _one_chronology(file_name: str, tables: Sequence[Sequence[tuple[int, Sequence[object],
                                                                    str]]],
                    kinds: str, kind: str) -> None:
    """Refuse a file holding more than one chronology (a table a year, a sheet a child) when
    none was chosen: reading the first one only lost the others without a word."""
    found = [number for number, table in enumerate(tables, start=1)
             if (header := next((cells for _n, cells, _note in table if not _is_blank(cells)),
                                None)) is not None and looks_like_chronology(header)]
    if len(found) > 1:
        listed = ", ".join(str(n) for n in found[:-1]) + f" and {found[-1]}"
        raise SeveralChronologies(
            f"{file_name} holds {len(found)} {kinds} that look like chronologies ({kinds} "
            f"{listed}); Visible imports one at a time. Put them in one {kind}, or choose one "
            "(CLI: --table N).", kind, [str(n) for n in found],
        )


def _no_continuation(file_name: str, tables: Sequence[Sequence[tuple[int, Sequence[object],
                                                                      str]]],
                     chosen: int) -> None:
    """Refuse a chronology followed by a table of the same columns with no header and a date
    where the chronology's is: a table Word split in two (a blank line typed inside it, a
    pasted page). Only the part with the header was imported; the rest was lost unsaid."""
    table = tables[chosen - 1]
    header = next((cells for _n, cells, _note in table if not _is_blank(cells)), None)
    if header is None:
        return
    width = len(header)
    date_column = next((i for i, c in enumerate(header)
                        if isinstance(c, str) and "date" in c.lower()), 0)
    for number, other in enumerate(tables, start=1):
        first = next((cells for _n, cells, _note in other if not _is_blank(cells)), None)
        if number == chosen or first is None or len(first) != width \
                or looks_like_chronology(first) or not _a_date(first[date_column]):
            continue
        raise ImportFileError(
            f"{file_name}: table {number} has the same {width} columns as the chronology "
            f"(table {chosen}) and no header, and starts with a date: is it the rest of the "
            "chronology, split off? Join the tables in Word (delete the blank line between "
            f"them) and import again; or, to import table {chosen} alone, choose it (CLI: "
            f"--table {chosen})."
        )


def _a_date(value: object) -> bool:
    from forms.dates import parse_event_date
    from storage.errors import InvalidValue

    if not isinstance(value, str) or not value.strip():
        return False
    try:
        parse_event_date(value)
    except InvalidValue:
        return False
    return True


# A title or a few "Child: Freya" lines may stand above the header (in the table or the CSV);
# the header is looked for among this many rows.
_TITLE_ROWS = 5


def _header_at(kept: list[SourceRow]) -> int:
    """Where the header is: the first row, unless it is not a chronology's header and one of
    the next few rows is, each row above that one having fewer filled cells (a title merged
    across the table, "Child: Freya"). Those rows were read as the header, and the refusal
    said the real header's second column had no name."""
    first = kept[0].cells
    if looks_like_chronology(first):
        return 0
    for at in range(1, min(len(kept), _TITLE_ROWS + 1)):
        cells = kept[at].cells
        if looks_like_chronology(cells):
            filled = sum(1 for c in cells if _filled(c))
            above = kept[:at]
            if all(sum(1 for c in r.cells if _filled(c)) < filled for r in above):
                return at
            return 0
    return 0


def _from_rows(file_name: str, rows: list[SourceRow]) -> SourceTable:
    kept = []
    for row in rows:
        if not _is_blank(row.cells):
            row.cells = [clean_cell(c) for c in row.cells]
            kept.append(row)
    if not kept:
        raise ImportFileError(f"{file_name} holds no table rows.")
    at = _header_at(kept)
    titles = [(row.ref, _short(" ".join(str(c) for c in row.cells if _filled(c))))
              for row in kept[:at]]
    kept = kept[at:]
    header_row, body = kept[0], kept[1:]
    # Invisible characters in a name (pasted from a web page) kept "Da<ZWSP>te" from being
    # recognised as the date column; the name is kept as it is seen.
    headers = [visible(str(h if h is not None else "")).strip() for h in header_row.cells]
    while headers and not headers[-1]:
        headers.pop()
    if not any(headers):
        raise ImportFileError(
            f"{file_name}: the first row should name the columns (Date, Event, ...)."
        )
    if not body:
        # Refused here, not only when writing: a dry run said all was well.
        raise ImportFileError(
            f"{file_name} has a header row ({header_row.ref}) but no entries below it; is it "
            "the right file?"
        )
    where = f"{header_row.ref} (the header)"
    width = len(headers)
    for row in body:
        # A value right of the last named column (a note typed in column F) was dropped
        # without a word; it is named like a value under a blank header.
        if len(row.cells) > width:
            extra = next((i for i in range(width, len(row.cells)) if _filled(row.cells[i])), -1)
            if extra >= 0:
                raise ImportFileError(
                    f"{file_name}, {row.ref}: column {extra + 1} has no name in the header "
                    f"({header_row.ref}) but holds '{_short(row.cells[extra])}'; name the "
                    "column (Date, Event, ...) or delete it."
                )
        if not row.suspicious:
            row.suspicious = _not_text(row.cells)
        if not row.suspicious and row.cells[:width] == header_row.cells[:width]:
            row.suspicious = ("it repeats the header row (two returns joined into one file?); "
                              "delete it, and check the rows after it.")
    seen: dict[str, int] = {}
    for column, header in enumerate(headers, start=1):
        if not header:
            if any(_filled(row.get(column - 1)) for row in body):
                raise ImportFileError(
                    f"{file_name}, {where}: column {column} has no name but holds values; name "
                    "it (Date, Event, ...) or delete the column."
                )
            continue
        key = " ".join(header.lower().split())
        if key in seen:
            raise ImportFileError(
                f"{file_name}, {where}: columns {seen[key]} and {column} are both called "
                f"'{header}'; rename one so each column can be mapped."
            )
        seen[key] = column
    _month_first(headers, body)
    # An unnamed column with nothing in it (a spacer) is harmless: it is simply not mapped.
    headers = [h or f"Column {i + 1}" for i, h in enumerate(headers)]
    table = SourceTable(file_name, headers, body)
    table.above_header = titles
    return table


def _short(value: object) -> str:
    text = " ".join(str(value).split())
    return text if len(text) <= 40 else text[:39] + "…"


# Direction overrides make letters display in the reverse of their stored order: "did
# \u202eton\u202c hit" shows as "did not hit", and the exports wrote out what was shown.
# Right-to-left names need no override (the marks and isolates U+200E/F, U+2066–9 stay).
# Control characters (an escape sequence, a bell) are not text: a damaged file, or codes
# copied from another program; the HTML export wrote them out as they were.
_NOT_TEXT = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\u202d\u202e]")
_OVERRIDES = {"\u202e": "U+202E RIGHT-TO-LEFT", "\u202d": "U+202D LEFT-TO-RIGHT"}


def _not_text(cells: list[object]) -> str:
    """Why a row holds characters that are not text ("" if none); a vertical tab or form feed
    (a line break in text from Word or older Excel) is made a line break."""
    for column, cell in enumerate(cells, start=1):
        # isprintable() is one C pass and true for almost every cell: the rest are looked at.
        if cell.__class__ is not str or str(cell).isprintable():
            continue
        text = str(cell)
        if "\x0b" in text or "\x0c" in text:
            text = cells[column - 1] = text.replace("\x0b", "\n").replace("\x0c", "\n")
        found = _NOT_TEXT.search(text)
        if found is None:
            continue
        char = found.group()
        if char in _OVERRIDES:
            return (
                f"column {column} holds an invisible {_OVERRIDES[char]} OVERRIDE character, "
                "which makes the text show in a different order from the one it is written in; "
                "delete it (it can be pasted in by accident, or used to disguise text) and save "
                "the file again."
            )
        return (
            f"column {column} holds the control character U+{ord(char):04X}, which is not text: "
            "the file is damaged, holds codes copied from another program, or is read in the "
            "wrong encoding (choose its encoding); correct it and import it again."
        )
    return ""


_NUMERIC_DATE = re.compile(r"\s*(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4}|\d{2})\b")
# A date only month-first order reads (04/13/2025): one regex match a cell, nothing else,
# for the columns of a return that shows none (nearly all).
_ONLY_MONTH_FIRST = re.compile(
    r"\s*(?:0?[1-9]|1[0-2])[/.\-](?:1[3-9]|2\d|3[01])[/.\-](?:\d{4}|\d{2})\b")
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")


def _month_first(headers: list[str], body: list[SourceRow]) -> None:
    """Doubt the day-first reading of a date column that shows month-first (US) order.

    Dates are read day first (05/06/2016 is 5 June). When one date of a column can only be
    month first (04/13/2025), the others that read either way (03/04/2025) were imported as 3
    April without a word, though the file says they are 4 March: those rows are refused.
    """
    for column, header in enumerate(headers):
        name = header.lower()
        if "date" not in name and name != "when":
            continue
        match = _ONLY_MONTH_FIRST.match
        evidence = next((row for row in body if (cell := row.get(column)).__class__ is str
                         and match(str(cell))), None)
        if evidence is None:
            continue
        shown = str(evidence.get(column)).strip()
        for row in body:
            cell = row.get(column)
            found = _NUMERIC_DATE.match(cell) if isinstance(cell, str) else None
            if found is None or row.suspicious:
                continue
            day, month = int(found.group(1)), int(found.group(2))
            if 1 <= day <= 12 and 1 <= month <= 12 and day != month:
                row.suspicious = (
                    f"column {column + 1} ('{header}') has {found.group(0).strip()}, read day "
                    f"first as {day} {_MONTHS[month - 1]}; but {evidence.ref} has {shown}, which "
                    f"only month-first (US) order can read, so this may be {month} "
                    f"{_MONTHS[day - 1]}. Write the dates as 22 May 2016 or 2016-05-22 and "
                    "import the file again."
                )


def _filled(value: object) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())
