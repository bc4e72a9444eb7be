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
# A text box is written twice, as the drawing (mc:Choice) and as an old-style VML copy
# (mc:Fallback) for older Word: reading both doubled its text and its tables.
_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
# Line breaks, tabs and hyphens Word keeps as elements, not characters: without them "Seen at
# home<w:br/>Mother present" was imported as "Seen at homeMother present".
_BREAKS = {W + "br": "\n", W + "cr": "\n", W + "tab": "\t", W + "noBreakHyphen": "-"}
# Tracked changes not yet accepted or rejected: which version the agency means is not known
# (the deleted text is still in the file, a moved text is there twice), so the row is refused.
_TRACKED = (W + "ins", W + "del", W + "moveFrom", W + "moveTo")
_NOTES = (W + "footnoteReference", W + "endnoteReference")
_VANISH, _R = W + "vanish", W + "r"
_ALT_CHUNK = W + "altChunk"
_WRAPPERS = {W + "sdt", W + "sdtContent", W + "customXml", W + "smartTag"}
_ADVICE = "If it is password-protected, save an unprotected copy first."

# (row number, cells, why the row is doubtful or ""): a doubtful row is refused by the plan.
Grid = list[tuple[int, list[object], str]]


def read_docx_tables(parts: ZipParts, limits: Limits) -> list[Grid]:
    """Every top-level table of the document as (row number, cells) lists."""
    part = main_part(parts, "word/document.xml")
    budget = Budget(parts.name, limits)
    if parts.count_at_most(part, (b"<w:tr>", b"<w:tr "), limits.rows + 1) > limits.rows + 1:
        budget.rows = limits.rows
        budget.row("a count of the table rows before reading them")
    tables: list[Grid] = []
    depth = 0  # w:tbl nesting: a table inside a cell belongs to that cell's text
    fallback = 0  # inside an mc:Fallback: a second copy of what came before it
    above: dict[int, str] = {}  # grid column -> the text a vertically merged cell continues
    row_chars = 0
    row_limit = limits.cell_chars * limits.columns
    embedded = False
    for event, element in parts.iterparse(part, (_TBL, _TR, _T, _P, _FALLBACK, _ALT_CHUNK)):
        tag = element.tag
        if tag == _ALT_CHUNK:
            embedded = True
            continue
        if tag == _FALLBACK:
            fallback += 1 if event == "start" else -1
            continue
        if fallback and tag != _P:
            continue
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
                    above = {}
            else:
                depth -= 1
                if depth == 0:
                    drop(element)
        elif tag == _TR and event == "end" and depth == 1:
            table = tables[-1]
            number = len(table) + 1
            where = f"table {len(tables)}, row {number:,}" if len(tables) > 1 else f"row {number:,}"
            budget.row(where)
            cells, note = _cells(element, budget, limits, where, above)
            table.append((number, cells, note))
            row_chars = 0
            drop(element)
        elif tag == _P and event == "end" and depth == 0:
            drop(element)  # body text outside tables is not needed: keep memory flat
    if not tables and embedded:
        # Content pasted in from another file (w:altChunk) is kept as that file until Word
        # opens and saves the document; "holds no table" sent the user looking for one.
        raise ImportFileError(
            f"{parts.name} holds its content as a document embedded by another program, not "
            "yet merged into it; open it in Word, save it, and import it again."
        )
    return tables


def _cells(tr: Any, budget: Budget, limits: Limits, where: str,
           above: dict[int, str]) -> tuple[list[object], str]:
    cells: list[object] = []
    notes: list[str] = []
    # Cells skipped at the start of a row (w:gridBefore): without them the row's cells moved
    # left, under the wrong headers.
    properties = tr.find(W + "trPr")
    before = properties.find(W + "gridBefore") if properties is not None else None
    if before is not None:
        cells.extend([""] * (_width(before, limits, budget.name, where) or 0))
    if any(True for _ in tr.iter(*_TRACKED)):
        notes.append("it holds tracked changes not yet accepted or rejected, so which text the "
                     "agency means is not known; accept or reject them in Word (Review) and "
                     "save it again")
    for tc in _row_cells(tr):
        span = _span(tc, limits, budget.name, where)
        text, note = _cell_text(tc)
        column = len(cells)
        merge = _merge(tc)
        if merge == "continue":
            # A cell merged down from the row above shows that row's text (a date written
            # once for several events of the same day).
            text = above.get(column, "")
        else:
            above[column] = text
        budget.cell(len(text), f"{where}, column {column + 1}")
        if note and note not in notes:
            notes.append(note)
        cells.append(text)
        # A cell merged across columns keeps the later cells under their own headers.
        cells.extend([""] * (span - 1))
        budget.columns(len(cells), where)
    return cells, "; ".join(notes)


def _cell_text(tc: Any) -> tuple[str, str]:
    """The cell's text as Word shows it (paragraphs, line breaks, tabs), and why it is doubtful."""
    for copy in list(tc.iter(_FALLBACK)):
        copy.getparent().remove(copy)
    pieces: list[str] = []
    note = ""
    started = False
    for element in tc.iter():
        tag = element.tag
        if tag == _T:
            pieces.append(element.text or "")
        elif tag == _P:
            if started:
                pieces.append("\n")
            started = True
        elif tag in _BREAKS:
            pieces.append(_BREAKS[tag])
        elif tag == _VANISH and _on(element) and element.getparent().getparent().tag == _R:
            note = ("it holds text formatted as hidden, which the agency's reader does not see; "
                    "show or delete it in Word and save it again")
        elif tag in _NOTES and not note:
            note = ("it refers to a footnote, which Visible does not read (its text would be "
                    "lost); copy the footnote's text into the cell and save it again")
    return "".join(pieces).strip(), note


def _on(element: Any) -> bool:
    return element.get(W + "val", "true").lower() not in ("0", "false", "off")


def _merge(tc: Any) -> str:
    properties = tc.find(W + "tcPr")
    merge = properties.find(W + "vMerge") if properties is not None else None
    if merge is None:
        return ""
    return "restart" if merge.get(W + "val", "continue") == "restart" else "continue"


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
    span = _width(grid, limits, name, where)
    if span < 1:
        raise LimitExceeded(
            f"{name}: at {where} a merged cell claims to span {span:,} columns; a row may have "
            f"at most {limits.columns}. Open it in Word and save it again."
        )
    return span


def _width(element: Any, limits: Limits, name: str, where: str) -> int:
    """A count of grid columns (w:gridSpan, w:gridBefore), checked before any is made."""
    value = element.get(W + "val", "1")
    try:
        span = int(value)
    except ValueError:
        raise ImportFileError(
            f"{name} is damaged: at {where} a merged cell gives its width as '{value[:20]}'. "
            "Open it in Word and save it again."
        ) from None
    if span > limits.columns or span < 0:
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
