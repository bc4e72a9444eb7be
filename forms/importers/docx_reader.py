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
_TC_PR = W + "tcPr"
_WRAPPERS = {W + "sdt", W + "sdtContent", W + "customXml", W + "smartTag"}
_ADVICE = "If it is password-protected, save an unprotected copy first."
# A content control showing its prompt ("Click or tap to enter a date.", grey): nothing was
# entered, but the prompt was imported as the entry's date or text.
_PLACEHOLDER = W + "showingPlcHdr"
_SDT, _SDT_PR = W + "sdt", W + "sdtPr"
# Fields whose result is a date the document gives itself (today's when it is opened or
# printed; when it was made or saved), never the event's: a DATE field typed in a chronology
# cell imported the day the return was last opened as the day things happened.
_INSTR, _FLD_SIMPLE = W + "instrText", W + "fldSimple"
_DATE_FIELDS = {"DATE", "TIME", "PRINTDATE", "SAVEDATE", "CREATEDATE", "EDITTIME"}
# Symbol fonts show a picture for each letter: Wingdings' "ü" is a tick, Wingdings 2's "O" a
# cross. A tick in a Key event column was read as "ü" (or, as a w:sym, as nothing at all).
# The ticks and crosses offices type are read as the marks they show; any other symbol-font
# text refuses its row.
_SYM, _RFONTS = W + "sym", W + "rFonts"
_SYMBOLS = {
    "wingdings": {0xFC: "✔", 0xFB: "✗", 0xFE: "☑", 0xFD: "☒"},
    "wingdings 2": {0x50: "✔", 0x4F: "✗"},
}
_SYMBOL_FONTS = ("wingdings", "webdings", "symbol", "zapf dingbats", "marlett")

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
    # A row inside a content control showing its prompt (a repeating section's empty item):
    # the row's own pass below cannot see the control's properties, which stand before it.
    parent = tr.getparent()
    while parent is not None and parent.tag != _TBL:
        if parent.tag == _SDT and parent.find(f"{_SDT_PR}/{_PLACEHOLDER}") is not None:
            for text in tr.iter(_T):
                text.text = ""
        parent = parent.getparent()
    # One pass over the row (filtered in C): tracked changes, text boxes' copies, prompts of
    # empty content controls, date fields and symbol fonts.
    tracked = False
    for element in list(tr.iter(_FALLBACK, _PLACEHOLDER, _INSTR, _FLD_SIMPLE, _RFONTS,
                                *_TRACKED)):
        tag = element.tag
        if tag == _FALLBACK:
            element.getparent().remove(element)
        elif tag == _PLACEHOLDER:
            _blank_prompt(element)
        elif tag == _INSTR or tag == _FLD_SIMPLE:
            code = (element.text if tag == _INSTR else element.get(W + "instr")) or ""
            field = code.split()[0].upper() if code.split() else ""
            if field in _DATE_FIELDS:
                _note(notes, f"it holds a Word {field} field, which shows the date the "
                      "document gives itself (when it is opened, printed or saved), not the "
                      "date of the event; type the date in its place (or select the field and "
                      "press Ctrl+Shift+F9) and save it again")
        elif tag == _RFONTS:
            _note(notes, _symbol_run(element))
        else:
            tracked = True
    if tracked:
        notes.append("it holds tracked changes not yet accepted or rejected, so which text the "
                     "agency means is not known; accept or reject them in Word (Review) and "
                     "save it again")
    for tc in _row_cells(tr):
        properties = tc.find(_TC_PR)
        span = _span(properties, limits, budget.name, where)
        text, note = _cell_text(tc)
        column = len(cells)
        merge = _merge(properties)
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


def _note(notes: list[str], note: str) -> None:
    if note and note not in notes:
        notes.append(note)


def _blank_prompt(placeholder: Any) -> None:
    """Empty the content control whose properties hold `placeholder` (its shown prompt)."""
    properties = placeholder.getparent()
    control = properties.getparent() if properties is not None else None
    content = control.find(W + "sdtContent") if control is not None else None
    if content is not None:
        for text in content.iter(_T):
            text.text = ""


def _font_of(element: Any) -> str:
    return (element.get(W + "font") or element.get(W + "ascii") or element.get(W + "hAnsi")
            or "").strip().lower()


def _symbol_run(fonts: Any) -> str:
    """Read a run in a symbol font as the marks it shows, or say why its row is refused."""
    font = _font_of(fonts)
    if not font.startswith(_SYMBOL_FONTS):
        return ""
    properties = fonts.getparent()
    run = properties.getparent() if properties is not None else None
    if run is None or run.tag != _R:
        return ""  # a paragraph mark's font: no text
    marks = _SYMBOLS.get(font, {})
    for text in run.iter(_T):
        value = text.text or ""
        shown = [marks.get(ord(ch)) for ch in value]
        if value.strip() and None in shown:
            return _symbol_note(fonts.get(W + "ascii") or font)
        text.text = "".join(m or "" for m in shown)
    return ""


def _symbol_note(font: str) -> str:
    return (f"it holds text in the symbol font {font[:30]}, which shows pictures in place of "
            "letters, so what the sender sees is not known; type the words (or a tick as ✓) "
            "in an ordinary font and save it again")


def _symbol(sym: Any) -> tuple[str, str]:
    """A w:sym character (Insert → Symbol): the mark it shows, or why its row is refused."""
    font = _font_of(sym)
    try:
        code = int(sym.get(W + "char", ""), 16)
    except ValueError:
        code = -1
    if code >= 0xF000:
        code -= 0xF000  # symbol fonts' characters are kept in the private-use area
    mark = _SYMBOLS.get(font, {}).get(code)
    if mark:
        return mark, ""
    return "", _symbol_note(sym.get(W + "font") or "of a w:sym character")


def _cell_text(tc: Any) -> tuple[str, str]:
    """The cell's text as Word shows it (paragraphs, line breaks, tabs), and why it is doubtful.
    Text boxes' mc:Fallback copies are already removed (_cells)."""
    pieces: list[str] = []
    note = ""
    started = False
    for element in tc.iter(_T, _P, *_BREAKS, _VANISH, *_NOTES, _SYM):  # filtered in C
        tag = element.tag
        if tag == _T:
            pieces.append(element.text or "")
        elif tag == _SYM:
            mark, why = _symbol(element)
            pieces.append(mark)
            note = note or why
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


def _merge(properties: Any) -> str:
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


def _span(properties: Any, limits: Limits, name: str, where: str) -> int:
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
