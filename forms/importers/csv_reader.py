"""CSV and tab-separated text returns, streamed: decoded strictly, bounded, quotes checked."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from forms.importers.encodings import TextLines, codec_for, detect, label
from forms.importers.limits import Budget, Limits
from forms.importers.table import ImportFileError, SourceRow, clean_cell


def read_csv_grid(
    path: Path, limits: Limits, encoding: str | None = None, fallback: bool = False
) -> tuple[list[SourceRow], str, str]:
    """(rows numbered as the sender sees them, codec used, how it was chosen)."""
    with path.open("rb") as handle:
        if handle.read(4) == b"PK\x03\x04":
            raise ImportFileError(
                f"{path.name} is a spreadsheet or Word file, not CSV text; rename it to .xlsx or "
                ".docx."
            )
        handle.seek(0)
        if encoding:
            codec, how = codec_for(encoding), "chosen"
        else:
            found = detect(handle)
            codec, how = found.codec, found.how
        _count_rows_first(handle, codec, limits, path.name)
        lines = TextLines(handle, codec, fallback, limits.line_bytes, path.name)
        sample = _sample(lines)
        hint = _SEP_HINT.match(sample[0]) if sample else None
        skipped = 0
        if hint:
            # Excel's "sep=;" first line names the separator; it is not a row (Excel hides
            # it), so the header is still row 1. It was read as a one-column header.
            delimiter = hint.group(1)
            sample, skipped = sample[1:], 1
        else:
            delimiter = _delimiter(sample)
        rows = _parse(path.name, _chain(sample, lines), lines, delimiter, limits, skipped)
        if lines.replaced:
            how += f"; {lines.replaced:,} byte(s) not valid {label(codec)} read as Windows-1252"
    return rows, codec, how


def _count_rows_first(handle: BinaryIO, codec: str, limits: Limits, name: str) -> None:
    """Refuse too many rows before parsing any, when that can be known in C: a file with no
    quote character has exactly one row per line (only quoted cells hold line breaks)."""
    if codec.startswith(("utf-16", "utf-32")):
        return
    lines = quotes = 0
    cr = 0
    while chunk := handle.read(1 << 22):
        lines += chunk.count(b"\n")
        cr += chunk.count(b"\r")
        quotes += chunk.count(b'"')
        if quotes:
            break
    handle.seek(0)
    if not quotes and max(lines, cr if not lines else 0) > limits.rows + 1:
        budget = Budget(name, limits)
        budget.rows = limits.rows
        budget.row("a count of its lines before reading them")


def _sample(lines: TextLines) -> list[str]:
    """The first lines (up to ~8 KB), decoded, for guessing the separator."""
    taken: list[str] = []
    size = 0
    for line in lines:
        taken.append(line)
        size += len(line)
        if size >= 8192:
            break
    return taken


def _chain(first: list[str], rest: TextLines) -> Iterator[str]:
    yield from first
    yield from rest


_SEP_HINT = re.compile(r"^sep=([^\r\n\"])\r?\n?$", re.IGNORECASE)
_SNIFF_CHARS = 8192


_CANDIDATES = ",;\t|"
_QUOTED = re.compile(r'"[^"]*(?:"|$)')


def _delimiter(sample: list[str]) -> str:
    """The separator: the Sniffer's, unless the header row does not use it and does use
    another. A semicolon file (European Excel) whose narratives hold commas in varying number
    defeats the Sniffer; the comma it fell back on split every narrative at its commas, and the
    refusal blamed an unnamed column. Column names seldom hold a separator, so the header says
    which one the file uses."""
    # At most 8 KB: the sample's last line may be a whole 16 MB line, and the Sniffer's
    # counting over it took 2.5 s before a long-cell refusal.
    text = "".join(sample)[:_SNIFF_CHARS]
    try:
        found = csv.Sniffer().sniff(text, _CANDIDATES).delimiter
    except csv.Error:
        found = ""
    header = next((line for line in sample if line.strip()), "")[:_SNIFF_CHARS]
    header = _QUOTED.sub("", header)  # a quoted name may hold any character
    counts = {c: header.count(c) for c in _CANDIDATES}
    most = max(counts.values())
    named = [c for c, n in counts.items() if n == most] if most else []
    if len(named) == 1 and (not found or not counts.get(found)):
        return named[0]
    return found or ","


def _parse(
    name: str, source: Iterator[str], lines: TextLines, delimiter: str, limits: Limits,
    skipped: int = 0,
) -> list[SourceRow]:
    """skipped: lines before the source (a "sep=" line), so line numbers stay the file's."""
    # Only the separator is guessed: the Sniffer misreads doubled quotes ("said ""no""") inside
    # a quoted cell and then splits the row, so quoting follows Excel's (RFC 4180) rules.
    quotes = [0]  # quote characters in the lines read so far
    reader = csv.reader(_counting(source, quotes), csv.excel, delimiter=delimiter)
    row_quotes = 0
    budget = Budget(name, limits)
    rows: list[SourceRow] = []
    header_width = 0
    number = 0
    first_line = 1 + skipped
    row_start = last_line = 0
    max_columns, max_cell = limits.columns, limits.cell_chars
    old_limit = csv.field_size_limit()
    # Cells are bounded below, with a message naming the cell, rather than by csv's own limit
    # (which says only "field larger than field limit"); a line is bounded by TextLines.
    csv.field_size_limit(limits.line_bytes)
    try:
        while True:
            try:
                cells = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                raise ImportFileError(
                    f"{name}, line {reader.line_num + skipped:,}: not well-formed CSV ({exc})."
                ) from None
            number += 1
            last_line = reader.line_num + skipped
            lines.rows_done, lines.rows_line = number, last_line
            if number > limits.rows:
                budget.rows = number - 1
                budget.row(f"row {number:,} (line {first_line:,})")
            if len(cells) > max_columns:
                # Trailing empty cells (Excel pads rows with separators) do not count.
                while len(cells) > header_width and not cells[-1].strip():
                    cells.pop()
                budget.columns(len(cells), f"row {number:,} (line {first_line:,})")
            # Checked per row in C (max/sum of lengths); the Budget names the cell only when a
            # limit is passed.
            lengths = list(map(len, cells))
            if lengths and max(lengths) > max_cell:
                column = lengths.index(max(lengths)) + 1
                budget.cell(lengths[column - 1], f"row {number:,} (line {first_line:,}), "
                            f"column {column}")
            budget.text += sum(lengths)
            if budget.text > limits.text_chars:
                budget.cell(0, f"row {number:,}")
            suspicious = ""
            if last_line > first_line:
                suspicious = _merged(cells, delimiter, header_width, first_line, last_line)
            # Cleaned as read, so a repeated cell's copy is let go at once, not after the
            # whole file is in memory.
            row = SourceRow(number, f"row {number}", [clean_cell(c) for c in cells], suspicious)
            if not header_width and any(c.strip() for c in cells):
                header_width = len(cells)
            rows.append(row)
            row_start = first_line
            first_line = last_line + 1
            row_quotes, quotes[0] = quotes[0], 0
    finally:
        csv.field_size_limit(old_limit)
    # csv.reader (as Excel) ends a quote left open at the end of the file quietly: everything
    # after it became one cell of the last row. An odd count of quotes in a last row of
    # several lines means it was never closed (in a row that ends normally they pair up).
    if rows and row_quotes % 2 and last_line > row_start and not rows[-1].suspicious:
        rows[-1].suspicious = (
            f"a quote (\") opened on line {row_start} is never closed, so lines "
            f"{row_start}–{last_line} (to the end of the file) were read as this one row. Check "
            "the quotes in the file."
        )
    return rows


def _counting(lines: Iterator[str], quotes: list[int]) -> Iterator[str]:
    for line in lines:
        quotes[0] += line.count('"')
        yield line


def _merged(cells: list[str], delimiter: str, width: int, first: int, last: int) -> str:
    """Why a row read over several lines looks like rows swallowed by an unclosed quote.

    A quoted cell may hold line breaks (a long narrative), so several lines alone are fine; but
    when a line inside a cell has as many separators as a whole row, or the quote runs to the
    end of the file, the quote was almost certainly never closed.
    """
    for cell in cells:
        if "\n" not in cell and "\r" not in cell:
            continue
        inner = cell.replace("\r\n", "\n").replace("\r", "\n").split("\n")[1:]
        if width > 1 and any(line.count(delimiter) >= width - 1 for line in inner):
            return (
                f"lines {first}–{last} were read as this one row because a quote (\") opened on "
                f"line {first} is not closed until line {last}; the lines inside look like rows "
                "of their own. Check the quotes in the file."
            )
    return ""

