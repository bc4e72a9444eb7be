"""PDF writer: lays the document out itself and draws straight onto the reportlab canvas.

reportlab's platypus `LongTable` rebuilds a table from all remaining rows at every page split
(superlinear: 130 s and 450 MB for 20,000 rows, PERFORMANCE-NOTES). This writer wraps each cell
once with cached word widths, paginates in a first pass that keeps only the wrapped lines, and
draws in a second pass, when the page count is known, so every page says "Page X of Y" centred
under the protective marking. Cost is linear in rows.

Tables are drawn in landscape sections with the header row repeated on every page; a row taller
than the space left is split line by line across pages (one event can be longer than a page).
DejaVu Sans is embedded (subset) so Polish, Czech, Greek or Cyrillic names render; headings
become PDF outline entries, the equivalent of Word's navigation pane.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Container
from dataclasses import dataclass, field
from typing import IO

from exports.document import (
    BulletList,
    Document,
    Drawing,
    Ellipse,
    Figure,
    Heading,
    KeyValueList,
    Label,
    Line,
    Orientation,
    Paragraph,
    Rect,
    RowColour,
    Table,
    total_work,
)
from exports.fonts import ARABIC_BOLD, ARABIC_REGULAR, BOLD, REGULAR
from exports.pause_gc import paused_gc
from exports.progress import Progress
from exports.rtl import has_rtl, script_runs, visual

MM = 72 / 25.4
A4_W, A4_H = 210 * MM, 297 * MM
MARGIN = 18 * MM
FONT, FONT_BOLD = "DejaVuSans", "DejaVuSans-Bold"
FONT_ARABIC, FONT_ARABIC_BOLD = "NotoSansArabic", "NotoSansArabic-Bold"
ARABIC_FOR = {FONT: FONT_ARABIC, FONT_BOLD: FONT_ARABIC_BOLD}
SIZE, LEADING = 9.0, 11.0
CELL_PAD = 3.0
HEADER_FILL = (0.85, 0.85, 0.85)
GRID = (0.5, 0.5, 0.5)


def _register_fonts() -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    registered = pdfmetrics.getRegisteredFontNames()
    if FONT not in registered:
        pdfmetrics.registerFont(TTFont(FONT, str(REGULAR)))
    if FONT_BOLD not in registered:
        pdfmetrics.registerFont(TTFont(FONT_BOLD, str(BOLD)))
    if FONT_ARABIC not in registered:
        pdfmetrics.registerFont(TTFont(FONT_ARABIC, str(ARABIC_REGULAR)))
    if FONT_ARABIC_BOLD not in registered:
        pdfmetrics.registerFont(TTFont(FONT_ARABIC_BOLD, str(ARABIC_BOLD)))


class _Wrapper:
    """Greedy word wrap with a per-font cache of word widths (words repeat a great deal)."""

    def __init__(self, font: str, size: float) -> None:
        from reportlab.pdfbase.pdfmetrics import stringWidth

        self._measure = stringWidth
        self.font, self.size = font, size
        self._cache: dict[str, float] = {}
        self.space = stringWidth(" ", font, size)

    def width(self, word: str) -> float:
        w = self._cache.get(word)
        if w is None:
            if has_rtl(word):
                # Measured as drawn: shaped forms, Arabic runs in the Arabic font.
                arabic = ARABIC_FOR.get(self.font, FONT_ARABIC)
                w = sum(self._measure(run, arabic if is_arabic else self.font, self.size)
                        for is_arabic, run in script_runs(visual(word, _glyphs())))
            else:
                w = self._measure(word, self.font, self.size)
            if len(self._cache) < 200_000:
                self._cache[word] = w
        return w

    def spans(self, text: str, max_width: float) -> array:
        """Line breaks as (start, end) offsets into text, flattened: [s0, e0, s1, e1, ...].

        Table rows keep these offsets rather than the wrapped strings, so a laid-out 20,000-row
        chronology does not hold a second copy of its text while it waits to be drawn.
        """
        out = array("i")
        width = self.width
        space = self.space
        p_start = 0
        for paragraph in text.split("\n"):
            line_start = line_end = -1
            current_width = 0.0
            for match in _WORDS.finditer(paragraph):
                ws, we = match.start() + p_start, match.end() + p_start
                w = width(match.group())
                if w > max_width:
                    # A word wider than the column (a long reference or URL): cut by characters.
                    if line_start >= 0:
                        out.extend((line_start, line_end))
                    piece_start = ws
                    for i in range(ws + 1, we + 1):
                        if width(text[piece_start:i]) > max_width and i - 1 > piece_start:
                            out.extend((piece_start, i - 1))
                            piece_start = i - 1
                    line_start, line_end = piece_start, we
                    current_width = width(text[piece_start:we])
                    continue
                if line_start < 0:
                    line_start, line_end, current_width = ws, we, w
                elif current_width + space + w > max_width:
                    out.extend((line_start, line_end))
                    line_start, line_end, current_width = ws, we, w
                else:
                    line_end = we
                    current_width += space + w
            if line_start < 0:
                out.extend((p_start, p_start))  # an empty paragraph is an empty line
            else:
                out.extend((line_start, line_end))
            p_start += len(paragraph) + 1
        return out

    def wrap(self, text: str, max_width: float) -> list[str]:
        spans = self.spans(text, max_width)
        return [line_text(text, spans[i], spans[i + 1]) for i in range(0, len(spans), 2)]


_WORDS = re.compile(r"\S+")


def line_text(text: str, start: int, end: int) -> str:
    line = text[start:end]
    # Words inside a line were separated by any whitespace; draw exactly one space.
    if "  " in line or not line.isprintable():
        line = " ".join(line.split())
    if has_rtl(line):
        line = visual(line, _glyphs())
    return line


def _glyphs() -> Container[int]:
    """Code points the Arabic font can draw (shaped forms it lacks fall back to base letters)."""
    from reportlab.pdfbase import pdfmetrics

    return pdfmetrics.getFont(FONT_ARABIC).face.charToGlyph


def _draw_line(text, x: float, y: float, line: str, font: str, size: float) -> None:
    """One line that may mix scripts: Arabic runs in the Arabic font, the rest in font."""
    text.setTextOrigin(x, y)
    if not has_rtl(line):
        text.setFont(font, size)
        text.textOut(line)
        return
    for is_arabic, run in script_runs(line):
        text.setFont(ARABIC_FOR.get(font, FONT_ARABIC) if is_arabic else font, size)
        text.textOut(run)


@dataclass(slots=True)
class _TableGeometry:
    x: list[float]  # left edge of each column
    widths: list[float]
    header_lines: list[list[str]]
    header_height: float


@dataclass(slots=True)
class _Page:
    orientation: Orientation
    # Drawing operations as small tuples: ("text", x, y, font, size, text, rgb) etc. Table rows
    # keep their wrapped lines joined by "\n" so 20,000 rows stay small in memory.
    ops: list[tuple] = field(default_factory=list)


def _hex_rgb(value: str) -> tuple[float, float, float]:
    value = value.lstrip("#")
    red, green, blue = (int(value[i:i + 2], 16) / 255 for i in (0, 2, 4))
    return red, green, blue


class _Layout:
    """First pass: decides what goes on which page, keeping only wrapped lines."""

    def __init__(self, progress: Progress) -> None:
        self.pages: list[_Page] = []
        self.body = _Wrapper(FONT, SIZE)
        self.bold = _Wrapper(FONT_BOLD, SIZE)
        self.progress = progress
        self.page: _Page | None = None
        self.y = 0.0

    # Page geometry -----------------------------------------------------------------------
    @staticmethod
    def size(orientation: Orientation) -> tuple[float, float]:
        return (A4_H, A4_W) if orientation is Orientation.LANDSCAPE else (A4_W, A4_H)

    def new_page(self, orientation: Orientation) -> _Page:
        self.page = _Page(orientation)
        self.pages.append(self.page)
        self.y = self.size(orientation)[1] - MARGIN
        return self.page

    @property
    def bottom(self) -> float:
        return MARGIN

    @property
    def width(self) -> float:
        assert self.page is not None
        return self.size(self.page.orientation)[0] - 2 * MARGIN

    def ensure(self, height: float) -> None:
        assert self.page is not None
        if self.y - height < self.bottom:
            self.new_page(self.page.orientation)

    # Flowing text --------------------------------------------------------------------------
    def text_lines(self, lines: list[str], font: str, size: float, leading: float,
                   x: float = MARGIN, rgb: tuple[float, float, float] = (0, 0, 0)) -> None:
        for line in lines:
            self.ensure(leading)
            self.y -= leading
            assert self.page is not None
            self.page.ops.append(("text", x, self.y + 2, font, size, line, rgb))

    def title_page(self, document: Document) -> None:
        page = self.new_page(Orientation.PORTRAIT)
        title = document.title_page
        self.y -= 60 * MM
        big = _Wrapper(FONT_BOLD, 24)
        self.text_lines(big.wrap(title.title, self.width), FONT_BOLD, 24, 30)
        if title.subtitle:
            self.y -= 6
            self.text_lines(_Wrapper(FONT, 14).wrap(title.subtitle, self.width), FONT, 14, 18)
        self.y -= 14 * MM
        self.key_values(title.details, size=11, leading=15)
        page.ops.append(("bookmark", "title", title.title, 0))

    def heading(self, heading: Heading, outline_level: int) -> None:
        size = 15.0 if heading.level <= 1 else 12.0
        wrapper = _Wrapper(FONT_BOLD, size)
        lines = wrapper.wrap(heading.text, self.width)
        # Keep a heading with at least a few lines of what follows it.
        self.ensure(len(lines) * size * 1.3 + 8 + 8 * LEADING)
        self.y -= 6
        assert self.page is not None
        self.page.ops.append(("bookmark", f"h{len(self.pages)}-{self.y:.0f}", heading.text,
                              outline_level))
        self.text_lines(lines, FONT_BOLD, size, size * 1.3)
        self.y -= 4

    def paragraph(self, paragraph: Paragraph) -> None:
        font = FONT_BOLD if paragraph.bold else FONT
        wrapper = self.bold if paragraph.bold else self.body
        self.text_lines(wrapper.wrap(paragraph.text, self.width), font, SIZE, LEADING)
        self.y -= 4

    def bullets(self, bullets: BulletList) -> None:
        indent = 12.0
        for item in bullets.items:
            lines = self.body.wrap(item, self.width - indent)
            self.ensure(LEADING)
            assert self.page is not None
            self.page.ops.append(("text", MARGIN + 2, self.y - LEADING + 2, FONT, SIZE, "•",
                                  (0, 0, 0)))
            self.text_lines(lines, FONT, SIZE, LEADING, x=MARGIN + indent)
        self.y -= 4

    def key_values(self, pairs: list[tuple[str, str]], size: float = SIZE,
                   leading: float = LEADING) -> None:
        label_width = min(50 * MM, self.width / 3)
        labels = _Wrapper(FONT_BOLD, size)
        values = _Wrapper(FONT, size)
        for label, value in pairs:
            label_lines = labels.wrap(label, label_width - 6)
            value_lines = values.wrap(value, self.width - label_width)
            for i in range(max(len(label_lines), len(value_lines))):
                self.ensure(leading)
                self.y -= leading
                assert self.page is not None
                if i < len(label_lines):
                    self.page.ops.append(("text", MARGIN, self.y + 2, FONT_BOLD, size,
                                          label_lines[i], (0, 0, 0)))
                if i < len(value_lines):
                    self.page.ops.append(("text", MARGIN + label_width, self.y + 2, FONT, size,
                                          value_lines[i], (0, 0, 0)))
            self.y -= 2
        self.y -= 4

    def figure(self, figure: Figure) -> None:
        natural_w, natural_h = ((figure.drawing.width_mm, figure.drawing.height_mm)
                                if figure.drawing is not None
                                else (figure.width_mm, figure.height_mm))
        width = min(figure.width_mm * MM, self.width)
        height = natural_h * width / natural_w
        assert self.page is not None
        full = self.size(self.page.orientation)[1] - 2 * MARGIN - 3 * LEADING
        if height > full:
            width, height = width * full / height, full
        self.ensure(height + LEADING * 2)
        assert self.page is not None
        self.y -= height
        if figure.drawing is not None:
            # Vector: drawn shape by shape, so it stays sharp at any zoom and its labels are text.
            scale = width / (figure.drawing.width_mm * MM) * MM
            self.page.ops.append(("drawing", MARGIN, self.y + height, scale, figure.drawing))
        else:
            self.page.ops.append(("image", MARGIN, self.y, width, height, figure.png))
        if figure.caption:
            self.y -= 2
            self.text_lines(self.body.wrap(figure.caption, self.width), FONT, SIZE, LEADING)
        self.y -= 6
        if figure.data is not None:
            self.table(figure.data, advance_rows=False)

    # Tables ----------------------------------------------------------------------------------
    def table(self, table: Table, advance_rows: bool = True) -> None:
        total = sum(c.weight for c in table.columns)
        widths = [self.width * c.weight / total for c in table.columns]
        xs = [MARGIN]
        for w in widths[:-1]:
            xs.append(xs[-1] + w)
        header_lines = [self.bold.wrap(c.title, w - 2 * CELL_PAD)
                        for c, w in zip(table.columns, widths, strict=True)]
        header_height = max(len(h) for h in header_lines) * LEADING + 2 * CELL_PAD
        geometry = _TableGeometry(xs, widths, header_lines, header_height)

        caption = self.bold.wrap(table.caption, self.width) if table.caption else []
        # Caption, header and the first lines of the first row stay together on one page.
        self.ensure(len(caption) * LEADING + 2 + header_height + LEADING * 3 + 2 * CELL_PAD)
        if caption:
            self.text_lines(caption, FONT_BOLD, SIZE, LEADING)
            self.y -= 2
        self._table_header(geometry)
        spans = self.body.spans
        bold_spans = self.bold.spans
        inner = [w - 2 * CELL_PAD for w in widths]
        advance = self.progress.advance if advance_rows else _nothing
        for row in table.rows:
            colour = row.colour
            cells = [
                (bold_spans if colour is not None and i == colour.column else spans)(text, inner[i])
                for i, text in enumerate(row.cells)
            ]
            self._table_row(geometry, row.cells, cells, colour)
            advance()
        self.y -= 8

    def _table_header(self, geometry: _TableGeometry) -> None:
        assert self.page is not None
        self.page.ops.append(("thead", geometry, self.y))
        self.y -= geometry.header_height

    def _table_row(self, geometry: _TableGeometry, texts: list[str], cells: list[array],
                   colour: RowColour | None) -> None:
        n_lines = max(len(c) for c in cells) // 2
        start = 0
        while start < n_lines:
            assert self.page is not None
            available = int((self.y - self.bottom - 2 * CELL_PAD) // LEADING)
            remaining = n_lines - start
            fits_fresh = int((self.size(self.page.orientation)[1] - 2 * MARGIN
                              - geometry.header_height - 2 * CELL_PAD) // LEADING)
            # Move a row to a new page rather than split it, unless it could never fit one page;
            # split rows leave at least two lines behind so a fragment is readable.
            if remaining > available and (remaining <= fits_fresh or available < 2):
                self.new_page(self.page.orientation)
                self._table_header(geometry)
                continue
            take = min(remaining, available)
            height = take * LEADING + 2 * CELL_PAD
            # The op refers to the model's own strings plus line offsets: no copy of the text.
            self.page.ops.append(("trow", geometry, self.y, height, texts, cells, start, take,
                                  colour))
            self.y -= height
            start += take


def _nothing() -> None:
    return None


def _layout(document: Document, progress: Progress) -> list[_Page]:
    layout = _Layout(progress)
    layout.title_page(document)
    outline_level = 0
    for section in document.sections:
        layout.new_page(section.orientation)
        for block in section.blocks:
            if isinstance(block, Heading):
                # PDF outlines cannot skip a level.
                outline_level = min(max(block.level, 1), outline_level + 1)
                layout.heading(block, outline_level)
            elif isinstance(block, Paragraph):
                layout.paragraph(block)
            elif isinstance(block, BulletList):
                layout.bullets(block)
            elif isinstance(block, KeyValueList):
                layout.key_values(block.pairs)
            elif isinstance(block, Figure):
                layout.figure(block)
            elif isinstance(block, Table):
                layout.table(block)
                continue
            progress.advance()
    return layout.pages


def _draw(canvas, page: _Page, number: int, total: int, marking: str,
          outline_seen: set[str]) -> None:
    from reportlab.lib.utils import ImageReader

    width, height = _Layout.size(page.orientation)
    canvas.setPageSize((width, height))
    # Furniture: marking centred top and bottom, page numbers under the bottom marking.
    canvas.setFillColorRGB(0, 0, 0)
    # A long marking is drawn smaller rather than cut off at the page edges.
    natural = canvas.stringWidth(marking, FONT_BOLD, 10)
    canvas.setFont(FONT_BOLD, min(10.0, 10.0 * (width - 20 * MM) / natural) if natural else 10)
    canvas.drawCentredString(width / 2, height - 10 * MM, marking)
    canvas.drawCentredString(width / 2, 9 * MM, marking)
    canvas.setFont(FONT, 8)
    canvas.drawCentredString(width / 2, 5 * MM, f"Page {number} of {total}")

    text = canvas.beginText()
    segments: list[tuple[float, float, float, float]] = []
    for op in page.ops:
        kind = op[0]
        if kind == "text":
            _, x, y, font, size, line, rgb = op
            text.setFillColorRGB(*rgb)
            _draw_line(text, x, y, line, font, size)
        elif kind == "trow":
            _, geometry, top, row_height, texts, cells, first, count, colour = op
            bottom = top - row_height
            if colour is not None:
                x = geometry.x[colour.column]
                canvas.setFillColorRGB(*_hex_rgb(colour.fill))
                canvas.rect(x, bottom, geometry.widths[colour.column], row_height,
                            stroke=0, fill=1)
            for i, spans in enumerate(cells):
                lines = [line_text(texts[i], spans[k], spans[k + 1])
                         for k in range(2 * first, min(2 * (first + count), len(spans)), 2)]
                if not lines:
                    continue
                coloured = colour is not None and i == colour.column
                font = FONT_BOLD if coloured else FONT
                text.setFillColorRGB(*(_hex_rgb(colour.text) if coloured else (0, 0, 0)))
                x, y = geometry.x[i] + CELL_PAD, top - CELL_PAD - SIZE
                if any(has_rtl(line) for line in lines):
                    for line in lines:
                        _draw_line(text, x, y, line, font, SIZE)
                        y -= LEADING
                    continue
                text.setFont(font, SIZE)
                text.setTextOrigin(x, y)
                text.setLeading(LEADING)
                text.textLines(lines, trim=0)
            _grid(segments, geometry, top, bottom)
        elif kind == "thead":
            _, geometry, top = op
            bottom = top - geometry.header_height
            canvas.setFillColorRGB(*HEADER_FILL)
            canvas.rect(geometry.x[0], bottom, sum(geometry.widths), geometry.header_height,
                        stroke=0, fill=1)
            text.setFont(FONT_BOLD, SIZE)
            text.setFillColorRGB(0, 0, 0)
            for x, lines in zip(geometry.x, geometry.header_lines, strict=True):
                text.setTextOrigin(x + CELL_PAD, top - CELL_PAD - SIZE)
                text.setLeading(LEADING)
                text.textLines(lines, trim=0)
            _grid(segments, geometry, top, bottom)
        elif kind == "image":
            _, x, y, w, h, png = op
            import io

            canvas.drawImage(ImageReader(io.BytesIO(png)), x, y, w, h, mask="auto")
        elif kind == "drawing":
            _, x, top, scale, drawing = op
            _draw_shapes(canvas, x, top, scale, drawing)
        elif kind == "bookmark":
            _, key, title, level = op
            if key not in outline_seen:
                outline_seen.add(key)
                canvas.bookmarkPage(key)
                canvas.addOutlineEntry(title, key, level=level, closed=False)
    canvas.drawText(text)
    if segments:
        canvas.setStrokeColorRGB(*GRID)
        canvas.setLineWidth(0.4)
        canvas.lines(segments)


def _draw_shapes(canvas, left: float, top: float, scale: float, drawing: Drawing) -> None:
    """A figure's vector shapes; model millimetres from the top-left become PDF points."""

    def at(x: float, y: float) -> tuple[float, float]:
        return left + x * scale, top - y * scale

    canvas.saveState()
    for shape in drawing.shapes:
        if isinstance(shape, Label):
            canvas.setFillColorRGB(*_hex_rgb(shape.colour))
            font = FONT_BOLD if shape.bold else FONT
            canvas.setFont(font, shape.size_pt)
            x, y = at(shape.x, shape.y)
            draw = {"middle": canvas.drawCentredString,
                    "end": canvas.drawRightString}.get(shape.anchor, canvas.drawString)
            draw(x, y, shape.text)
            continue
        stroke = getattr(shape, "stroke", None) if not isinstance(shape, Line) else shape.colour
        fill = getattr(shape, "fill", None)
        canvas.setLineWidth(shape.width_pt)
        if isinstance(shape, Line) and shape.dashed:
            canvas.setDash(3, 2)
        else:
            canvas.setDash()
        if stroke:
            canvas.setStrokeColorRGB(*_hex_rgb(stroke))
        if fill:
            canvas.setFillColorRGB(*_hex_rgb(fill))
        if isinstance(shape, Line):
            canvas.line(*at(shape.x1, shape.y1), *at(shape.x2, shape.y2))
        elif isinstance(shape, Rect):
            x, y = at(shape.x, shape.y + shape.height)
            canvas.rect(x, y, shape.width * scale, shape.height * scale,
                        stroke=1 if stroke else 0, fill=1 if fill else 0)
        elif isinstance(shape, Ellipse):
            x1, y1 = at(shape.cx - shape.rx, shape.cy + shape.ry)
            x2, y2 = at(shape.cx + shape.rx, shape.cy - shape.ry)
            canvas.ellipse(x1, y1, x2, y2, stroke=1 if stroke else 0, fill=1 if fill else 0)
    canvas.restoreState()


def _compress_last_page(canvas) -> None:
    """Compress the page just finished, now rather than at save().

    reportlab keeps every page's content stream as an uncompressed string until save(), which
    at 20,000 entries (6,700 pages) is the largest single use of memory. Flate-compressing each
    page as it is finished keeps the peak under the 200 MB target. This reaches into reportlab's
    page objects (pinned <6); if they change, the except clause falls back to reportlab's own
    compression at save time, costing memory, not correctness.
    """
    import zlib

    from reportlab.pdfbase.pdfdoc import PDFArray, PDFName, PDFStream

    try:
        page = canvas._doc.Pages.pages[-1]
        stream = page.stream
        if not isinstance(stream, str) or page.Contents:
            return
        compressed = PDFStream(content=zlib.compress(stream.encode("utf8"), 6))
        compressed.dictionary["Filter"] = PDFArray([PDFName("FlateDecode")])
        compressed.__Comment__ = "page stream"
        page.Contents = compressed
        page.stream = None
    except (AttributeError, IndexError):  # pragma: no cover - depends on reportlab internals
        return


def _grid(segments: list, geometry: _TableGeometry, top: float, bottom: float) -> None:
    left = geometry.x[0]
    right = left + sum(geometry.widths)
    segments.append((left, top, right, top))
    segments.append((left, bottom, right, bottom))
    for x in geometry.x:
        segments.append((x, top, x, bottom))
    segments.append((right, top, right, bottom))


class PdfWriter:
    """DocumentWriter for PDF."""

    suffix = ".pdf"

    def write(self, document: Document, out: IO[bytes], progress: Progress | None = None) -> None:
        with paused_gc():
            self._write(document, out, progress)

    def _write(self, document: Document, out: IO[bytes], progress: Progress | None) -> None:
        from reportlab.pdfgen.canvas import Canvas

        _register_fonts()
        progress = progress or Progress()
        work = total_work(document)
        progress.total = progress.total or work * 2
        pages = _layout(document, progress)
        canvas = Canvas(out, pagesize=(A4_W, A4_H), pageCompression=1,
                        invariant=0)
        canvas.setTitle(document.title_page.title)
        canvas.setSubject(document.marking)
        canvas.setCreator("Visible")
        # reportlab writes "anonymous" when no author is set; the author is never the login
        # name (an anonymised review is published): the program, as in the .docx.
        canvas.setAuthor("Visible")
        canvas.setProducer("Visible")
        canvas.showOutline()
        seen: set[str] = set()
        total = len(pages)
        per_page = max(1, work // max(total, 1))
        for number, page in enumerate(pages, 1):
            _draw(canvas, page, number, total, document.marking, seen)
            canvas.showPage()
            _compress_last_page(canvas)
            pages[number - 1] = None  # type: ignore[call-overload]  # free as we go
            progress.advance(per_page)
        canvas.save()
        progress.finish()
