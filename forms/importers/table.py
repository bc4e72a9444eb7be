"""What every reader of an agency's return produces: a header and numbered rows of cells."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field

from storage.errors import CaseError


class ImportFileError(CaseError):
    """The file cannot be read as a table (one line saying why and what to do)."""


class SeveralChronologies(ImportFileError):
    """The file holds more than one chronology (a sheet or a table a year) and none was chosen:
    reading the first alone would lose the others without a word. The window offers `choices`
    (what read_table takes as `sheet`, or as `table_number` for a Word table); the command
    line says which option to use."""

    def __init__(self, message: str, kind: str, choices: list[str]) -> None:
        super().__init__(message)
        self.kind = kind  # "sheet" or "table"
        self.choices = choices


@dataclass(slots=True)
class SourceRow:
    number: int  # row number as shown in the sender's program (header row = 1)
    ref: str  # "row 12" or "table 2, row 12": how the error report and the entry name it
    cells: list[object] = field(default_factory=list)
    # Set by a reader that doubts the row was read as the sender meant it (a CSV quote left
    # open merges the following lines into this row): the plan refuses the row with this text.
    suspicious: str = ""

    def get(self, column: int) -> object:
        return self.cells[column] if column < len(self.cells) else None


@dataclass(slots=True)
class SourceTable:
    file_name: str
    headers: list[str]
    rows: list[SourceRow]
    encoding: str = ""  # how a text file was decoded ("UTF-8", "Windows-1252"); "" for .docx/.xlsx
    encoding_note: str = ""  # e.g. "detected", "chosen", "2 bytes read as Windows-1252"
    # Rows above the header (a title, "Child: Freya"), not imported: (row, its text).
    above_header: list[tuple[str, str]] = field(default_factory=list)


# A short cell is shared with every equal one: a return repeats its dates, times, "yes", "No
# further action" and the worker's name row after row, and a 200,000-row table held every
# copy (~60 bytes apiece; the table was ~800 bytes a row).
_SHARED_UP_TO = 40


def clean_cell(value: object) -> object:
    """A cell as Visible keeps it: Windows line breaks made plain (as typed in Visible), the
    ends trimmed, byte-order marks removed, and a short text shared with its equals."""
    if isinstance(value, str):
        value = value.replace("\r\n", "\n").replace("\r", "\n").strip()
        if "\ufeff" in value:
            # A byte-order mark inside the text (two exports joined into one file; a cell
            # pasted from one) is invisible and made "\ufeffDate" unreadable as a date.
            value = value.replace("\ufeff", "").strip()
        if len(value) <= _SHARED_UP_TO and type(value) is str:
            return sys.intern(value)
    return value
