"""A chronology table in a Word document, streamed from word/document.xml within the limits.

python-docx builds the whole document tree first (a 340 KB file holding a 300 MB cell needs
gigabytes) and trusts <w:gridSpan> (a span of 1,000,000,000 allocated 8 GB), so the import
reads the XML itself, a row at a time, freeing each row once its cells are taken.
"""

from __future__ import annotations

from typing import Any

from forms.importers.limits import Budget, LimitExceeded, Limits
from forms.importers.table import ImportFileError
from forms.importers.zip_parts import ZipParts, check_text, drop, main_part

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_TBL, _TR, _TC, _P, _T = W + "tbl", W + "tr", W + "tc", W + "p", W + "t"
_WRAPPERS = {W + "sdt", W + "sdtContent", W + "customXml", W + "smartTag"}
_ADVICE = "If it is password-protected, save an unprotected copy first."

Grid = list[tuple[int, list[object]]]


def read_docx_tables(parts: ZipParts, limits: Limits) -> list[Grid]:
    """Every top-level table of the document as (row number, cells) lists."""
    part = main_part(parts, "word/document.xml")
    budget = Budget(parts.name, limits)
    if parts.count_at_most(part, (b"<w:tr>", b"<w:tr "), limits.rows + 1) > limits.rows + 1:
        budget.rows = limits.rows
        budget.row("a count of the table rows before reading them")
    tables: list[Grid] = []
    depth = 0  # w:tbl nesting: a table inside a cell belongs to that cell's text
    row_chars = 0
    row_limit = limits.cell_chars * limits.columns
    for event, element in parts.iterparse(part, (_TBL, _TR, _T, _P)):
        tag = element.tag
        if tag == _T:
            if event == "end" and depth:
                size = len(check_text(parts, part, element))
                if size > limits.cell_chars:
                    budget.cell(size, f"table {len(tables)}, row {len(tables[-1]) + 1}")
                row_chars += size
                if row_chars > row_limit:
                    raise LimitExceeded(
                        f"{parts.name}: row {len(tables[-1]) + 1} of table {len(tables)} holds "
                        f"more than {row_limit:,} characters; Visible will not read it."
                    )
        elif tag == _TBL:
            if event == "start":
                depth += 1
                if depth == 1:
                    tables.append([])
            else:
                depth -= 1
                if depth == 0:
                    drop(element)
        elif tag == _TR and event == "end" and depth == 1:
            table = tables[-1]
            number = len(table) + 1
            where = f"table {len(tables)}, row {number:,}" if len(tables) > 1 else f"row {number:,}"
            budget.row(where)
            table.append((number, _cells(element, budget, limits, where)))
            row_chars = 0
            drop(element)
        elif tag == _P and event == "end" and depth == 0:
            drop(element)  # body text outside tables is not needed: keep memory flat
    return tables


def _cells(tr: Any, budget: Budget, limits: Limits, where: str) -> list[object]:
    cells: list[object] = []
    for tc in _row_cells(tr):
        span = _span(tc, limits, budget.name, where)
        paragraphs = ["".join(t.text or "" for t in p.iter(_T)) for p in tc.iter(_P)]
        text = "\n".join(paragraphs).strip()
        budget.cell(len(text), f"{where}, column {len(cells) + 1}")
        cells.append(text)
        # A cell merged across columns keeps the later cells under their own headers.
        cells.extend([""] * (span - 1))
        budget.columns(len(cells), where)
    return cells


def _row_cells(element: Any) -> list[Any]:
    """The row's own cells, also those wrapped in content controls; not nested tables' cells."""
    found: list[Any] = []
    for child in element:
        if child.tag == _TC:
            found.append(child)
        elif child.tag in _WRAPPERS:
            found.extend(_row_cells(child))
    return found


def _span(tc: Any, limits: Limits, name: str, where: str) -> int:
    properties = tc.find(W + "tcPr")
    grid = properties.find(W + "gridSpan") if properties is not None else None
    if grid is None:
        return 1
    value = grid.get(W + "val", "1")
    try:
        span = int(value)
    except ValueError:
        raise ImportFileError(
            f"{name} is damaged: at {where} a merged cell gives its width as '{value[:20]}'. "
            "Open it in Word and save it again."
        ) from None
    if not 1 <= span <= limits.columns:
        raise LimitExceeded(
            f"{name}: at {where} a merged cell claims to span {span:,} columns; a row may have "
            f"at most {limits.columns}. Open it in Word and save it again."
        )
    return span


def pick_table(tables: list[Grid]) -> int:
    """The first table whose header mentions a date; else the longest (1-based)."""
    for i, table in enumerate(tables, start=1):
        if table and "date" in " ".join(str(c) for c in table[0][1]).lower():
            return i
    return max(range(len(tables)), key=lambda i: len(tables[i])) + 1


ADVICE = _ADVICE
