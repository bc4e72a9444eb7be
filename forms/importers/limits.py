"""How much of a return Visible will read, so a small hostile file cannot exhaust memory or time.

Every reader checks these *before* it allocates: the declared size of each part inside a .docx
or .xlsx (zip) file, an Excel sheet's declared dimensions, a merged cell's span, and then rows,
columns, cell size and total text as it streams. Each refusal is one line naming the limit.
The figures are far above any real chronology return (the largest seen are ~20,000 rows of ~10
columns) and keep the reader of any input well under 300 MB (tests/test_import_hostile.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from forms.importers.table import ImportFileError


class LimitExceeded(ImportFileError):
    """The file is larger, in one of the limits below, than Visible will read."""


@dataclass(slots=True, frozen=True)
class Limits:
    file_bytes: int = 256 * 1024 * 1024  # the file on disk
    rows: int = 250_000
    columns: int = 64
    # Cells merged down over several rows (a date written once for a day's events): one a
    # day is ~20,000 in the largest returns; reading each costs time before any is used.
    merged_cells: int = 50_000
    cell_chars: int = 128 * 1024  # csv's own default field limit, now for every format
    text_chars: int = 64 * 1024 * 1024  # all cells together
    line_bytes: int = 16 * 1024 * 1024  # one CSV line (a row may hold line breaks of its own)
    zip_entries: int = 10_000  # parts in a .docx/.xlsx: a few dozen, hundreds with pictures
    part_bytes: int = 512 * 1024 * 1024  # one XML part of a .docx/.xlsx, decompressed
    shared_strings_bytes: int = 128 * 1024 * 1024  # an .xlsx's string table, decompressed
    # ... and its entries: each is a Python object before any cell uses it (~70 bytes for a
    # short one); 20,000 rows of a few text columns have tens of thousands.
    shared_strings: int = 600_000
    total_unzipped_bytes: int = 768 * 1024 * 1024  # all parts read, decompressed

    def mb(self, value: int) -> str:
        return f"{value // (1024 * 1024):,} MB"


DEFAULT_LIMITS = Limits()


class Budget:
    """Counts what a reader has kept so far and refuses, naming the limit, once one is passed."""

    def __init__(self, file_name: str, limits: Limits) -> None:
        self.name = file_name
        self.limits = limits
        self.rows = 0
        self.text = 0

    def row(self, where: str) -> None:
        self.rows += 1
        if self.rows > self.limits.rows:
            raise LimitExceeded(
                f"{self.name} has more than {self.limits.rows:,} rows (the limit for one return, "
                f"passed at {where}); split it into smaller files."
            )

    def columns(self, count: int, where: str) -> None:
        if count > self.limits.columns:
            raise LimitExceeded(
                f"{self.name}: {where} has {count:,} columns; Visible reads at most "
                f"{self.limits.columns} columns. Delete the unused columns and save it again."
            )

    def cell(self, length: int, where: str) -> None:
        if length > self.limits.cell_chars:
            raise LimitExceeded(
                f"{self.name}: the cell at {where} holds {length:,} characters; one cell may hold "
                f"at most {self.limits.cell_chars:,} (128 KB). Shorten it or split the entry."
            )
        self.text += length
        if self.text > self.limits.text_chars:
            raise LimitExceeded(
                f"{self.name} holds more than {self.limits.text_chars:,} characters of text "
                f"(the limit for one return, passed at {where}); split it into smaller files."
            )
