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

from exports import pdf_tags as tags
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
    PageStyle,
    Paragraph,
    Rect,
    RowColour,
    Table,
    total_work,
)
from exports.fonts import ARABIC_BOLD, ARABIC_REGULAR, BOLD, REGULAR
from exports.pause_gc import paused_gc
from exports.pdf_tags import ARTIFACT, PageMarker, StructTree, pdf_text_string
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
                            # Prefer to break after a hyphen ("HOSPITAL-" / "1003").
                            cut = text.rfind("-", piece_start + 1, i - 1) + 1 or i - 1
                            out.extend((piece_start, cut))
                            piece_start = cut
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
_HYPHEN = re.compile(r"\s+|(?<=-)")  # where a long word may break (spaces, after hyphens)


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
    size: float
    leading: float


@dataclass(slots=True)
class _Page:
    orientation: Orientation
    # Drawing operations as small tuples: ("text", x, y, font, size, text, rgb, elem) etc.
    # The last field is the structure element the drawn content belongs to (ARTIFACT for
    # furniture). Table rows keep line offsets into the model's strings, not copies.
    ops: list[tuple] = field(default_factory=list)
    has_links: bool = False


def _hex_rgb(value: str) -> tuple[float, float, float]:
    value = value.lstrip("#")
    red, green, blue = (int(value[i:i + 2], 16) / 255 for i in (0, 2, 4))
    return red, green, blue


class _Layout:
    """First pass: decides what goes on which page, keeping only wrapped lines.

    It also builds the structure tree in reading order (tags.StructTree): each block becomes
    its element(s) and every drawing operation names the element it belongs to.
    """

    def __init__(self, progress: Progress, style: PageStyle) -> None:
        self.pages: list[_Page] = []
        self.style = style
        self.size_pt = max(style.body_pt, 6.0)
        self.leading = self.size_pt * style.line_spacing
        self.body = _Wrapper(FONT, self.size_pt)
        self.bold = _Wrapper(FONT_BOLD, self.size_pt)
        self.progress = progress
        self.page: _Page | None = None
        self.y = 0.0
        self.tree = StructTree()
        self.root = self.tree.add("Document", -1)
        self.sect = self.root
        # Heading key -> index of the page it is on (for the contents page and bookmarks).
        self.targets: dict[str, int] = {}
        self.headings = 0

    # Page geometry -----------------------------------------------------------------------
    def orientation(self, wanted: Orientation) -> Orientation:
        return Orientation.PORTRAIT if self.style.portrait_only else wanted

    @staticmethod
    def size(orientation: Orientation) -> tuple[float, float]:
        return (A4_H, A4_W) if orientation is Orientation.LANDSCAPE else (A4_W, A4_H)

    def new_page(self, orientation: Orientation) -> _Page:
        self.page = _Page(self.orientation(orientation))
        self.pages.append(self.page)
        self.y = self.size(self.page.orientation)[1] - MARGIN
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
    def text_lines(self, lines: list[str], font: str, size: float, leading: float, elem: int,
                   x: float = MARGIN, rgb: tuple[float, float, float] = (0, 0, 0)) -> None:
        last = len(lines) - 1
        for n, line in enumerate(lines):
            self.ensure(leading)
            self.y -= leading
            assert self.page is not None
            if n < last:
                line += " "  # the word break a screen reader needs (see _draw)
            # The baseline sits a descent above the line's bottom, whatever the spacing.
            self.page.ops.append(("text", x, self.y + size * 0.25 + (leading - size * 1.2) / 2,
                                  font, size, line, rgb, elem))

    def title_page(self, document: Document) -> None:
        page = self.new_page(Orientation.PORTRAIT)
        title = document.title_page
        self.sect = self.tree.add("Sect", self.root)
        self.y -= 60 * MM
        big = _Wrapper(FONT_BOLD, 24)
        self.text_lines(big.wrap(title.title, self.width), FONT_BOLD, 24, 30,
                        self.tree.add("H1", self.sect))
        if title.subtitle:
            self.y -= 6
            sub = max(14.0, self.size_pt)
            self.text_lines(_Wrapper(FONT, sub).wrap(title.subtitle, self.width), FONT, sub,
                            sub * 1.3, self.tree.add("P", self.sect))
        self.y -= 14 * MM
        size = max(11.0, self.size_pt)
        self.key_values(title.details, size=size, leading=size * max(self.style.line_spacing,
                                                                     15 / 11))
        page.ops.append(("bookmark", "title", title.title, 0, 0.0))

    def contents(self, document: Document) -> None:
        """The linked index: one entry per heading; page numbers are filled in when drawn."""
        self.new_page(Orientation.PORTRAIT)
        self.sect = self.tree.add("Sect", self.root)
        size = max(15.0, self.size_pt + 3)
        self._heading_lines(["Contents"], size, "contents", "Contents", 0)
        toc = self.tree.add("TOC", self.sect)
        index = 0
        for block in document.blocks():
            if not isinstance(block, Heading):
                continue
            indent = 0.0 if block.level <= 1 else 8 * MM
            entry = self.tree.add("TOCI", toc)
            link = self.tree.add("Link", entry)
            lines = self.body.wrap(block.text, self.width - indent - 18 * MM)
            for number, line in enumerate(lines):
                self.ensure(self.leading)
                self.y -= self.leading
                assert self.page is not None
                last = number == len(lines) - 1
                self.page.ops.append(("toc", MARGIN + indent, self.y, self.size_pt, line,
                                      f"h{index}" if last else "", block.text, link))
                self.page.has_links = True
            index += 1
        self.y -= 4

    def _heading_lines(self, lines: list[str], size: float, key: str, title: str,
                       level: int, tag: str = "H1") -> None:
        assert self.page is not None
        self.targets[key] = len(self.pages) - 1
        self.page.ops.append(("bookmark", key, title, level, self.y + 6))
        self.text_lines(lines, FONT_BOLD, size, size * 1.3, self.tree.add(tag, self.sect))

    def heading(self, heading: Heading, outline_level: int) -> None:
        size = 15.0 if heading.level <= 1 else 12.0
        size = max(size, self.size_pt + (3 if heading.level <= 1 else 1))
        wrapper = _Wrapper(FONT_BOLD, size)
        lines = wrapper.wrap(heading.text, self.width)
        # Keep a heading with at least a few lines of what follows it.
        self.ensure(len(lines) * size * 1.3 + 8 + 8 * self.leading)
        self.y -= 6
        key = f"h{self.headings}"
        self.headings += 1
        self._heading_lines(lines, size, key, heading.text, outline_level,
                            f"H{min(max(heading.level, 1), 6)}")
        self.y -= 4

    def paragraph(self, paragraph: Paragraph) -> None:
        font = FONT_BOLD if paragraph.bold else FONT
        wrapper = self.bold if paragraph.bold else self.body
        self.text_lines(wrapper.wrap(paragraph.text, self.width), font, self.size_pt,
                        self.leading, self.tree.add("P", self.sect))
        self.y -= 4

    def bullets(self, bullets: BulletList) -> None:
        indent = self.size_pt * 1.4
        tree = self.tree
        listing = tree.add("L", self.sect)
        for item in bullets.items:
            lines = self.body.wrap(item, self.width - indent)
            self.ensure(self.leading)
            assert self.page is not None
            li = tree.add("LI", listing)
            label = tree.add("Lbl", li)
            body = tree.add("LBody", li)
            y = self.y - self.leading + self.size_pt * 0.25 + (self.leading
                                                              - self.size_pt * 1.2) / 2
            self.page.ops.append(("text", MARGIN + 2, y, FONT, self.size_pt, "•", (0, 0, 0),
                                  label))
            self.text_lines(lines, FONT, self.size_pt, self.leading, body, x=MARGIN + indent)
        self.y -= 4

    def key_values(self, pairs: list[tuple[str, str]], size: float | None = None,
                   leading: float | None = None) -> None:
        """Label: value pairs, tagged as a list whose items have a label and a body."""
        size = size or self.size_pt
        leading = leading or self.leading
        label_width = min(50 * MM, self.width / 3)
        labels = _Wrapper(FONT_BOLD, size)
        values = _Wrapper(FONT, size)
        tree = self.tree
        listing = tree.add("L", self.sect)
        for label, value in pairs:
            li = tree.add("LI", listing)
            label_elem, value_elem = tree.add("Lbl", li), tree.add("LBody", li)
            label_lines = labels.wrap(label, label_width - 6)
            value_lines = values.wrap(value, self.width - label_width)
            baseline = size * 0.25 + (leading - size * 1.2) / 2
            for i in range(max(len(label_lines), len(value_lines))):
                self.ensure(leading)
                self.y -= leading
                assert self.page is not None
                if i < len(label_lines):
                    self.page.ops.append(("text", MARGIN, self.y + baseline, FONT_BOLD, size,
                                          label_lines[i], (0, 0, 0), label_elem))
                if i < len(value_lines):
                    self.page.ops.append(("text", MARGIN + label_width, self.y + baseline, FONT,
                                          size, value_lines[i], (0, 0, 0), value_elem))
            self.y -= 2
        self.y -= 4

    def figure(self, figure: Figure) -> None:
        natural_w, natural_h = ((figure.drawing.width_mm, figure.drawing.height_mm)
                                if figure.drawing is not None
                                else (figure.width_mm, figure.height_mm))
        width = min(figure.width_mm * MM, self.width)
        height = natural_h * width / natural_w
        assert self.page is not None
        full = self.size(self.page.orientation)[1] - 2 * MARGIN - 3 * self.leading
        if height > full:
            width, height = width * full / height, full
        self.ensure(height + self.leading * 2)
        assert self.page is not None
        self.y -= height
        # /Alt is what a screen reader says; /BBox lets a reflowing reader place the picture.
        bbox = f"[{MARGIN:.1f} {self.y:.1f} {MARGIN + width:.1f} {self.y + height:.1f}]"
        elem = self.tree.add("Figure", self.sect,
                             f"/Alt {pdf_text_string(figure.description())}"
                             f"/A <</O/Layout/Placement/Block/BBox {bbox}>>")
        if figure.drawing is not None:
            # Vector: drawn shape by shape, so it stays sharp at any zoom and its labels are text.
            scale = width / (figure.drawing.width_mm * MM) * MM
            self.page.ops.append(("drawing", MARGIN, self.y + height, scale, figure.drawing,
                                  elem))
        else:
            self.page.ops.append(("image", MARGIN, self.y, width, height, figure.png, elem))
        if figure.caption:
            self.y -= 2
            self.text_lines(self.body.wrap(figure.caption, self.width), FONT, self.size_pt,
                            self.leading, self.tree.add("P", self.sect))
        self.y -= 6
        if figure.data is not None:
            self.table(figure.data, advance_rows=False)

    # Tables ----------------------------------------------------------------------------------
    def table(self, table: Table, advance_rows: bool = True) -> None:
        widths = self.column_widths(table)
        xs = [MARGIN]
        for w in widths[:-1]:
            xs.append(xs[-1] + w)
        size, leading = self.size_pt, self.leading
        header_lines = [self.bold.wrap(c.title, w - 2 * CELL_PAD)
                        for c, w in zip(table.columns, widths, strict=True)]
        header_height = max(len(h) for h in header_lines) * leading + 2 * CELL_PAD
        geometry = _TableGeometry(xs, widths, header_lines, header_height, size, leading)

        tree = self.tree
        table_elem = tree.add("Table", self.sect)
        caption = self.bold.wrap(table.caption, self.width) if table.caption else []
        # Caption, header and the first lines of the first row stay together on one page.
        self.ensure(len(caption) * leading + 2 + header_height + leading * 3 + 2 * CELL_PAD)
        if caption:
            self.text_lines(caption, FONT_BOLD, size, leading, tree.add("Caption", table_elem))
            self.y -= 2
        head_row = tree.add("TR", tree.add("THead", table_elem))
        first_th = len(tree.tags)
        for _ in table.columns:
            # Scope tells a screen reader which cells each header names (PDF/UA 7.5).
            tree.add("TH", head_row, "/A <</O/Table/Scope/Column>>")
        self._table_header(geometry, first_th)
        body = tree.add("TBody", table_elem)
        ncols = len(table.columns)
        spans = self.body.spans
        bold_spans = self.bold.spans
        inner = [w - 2 * CELL_PAD for w in widths]
        advance = self.progress.advance if advance_rows else _nothing
        add = tree.add
        for row in table.rows:
            colour = row.colour
            cells = [
                (bold_spans if colour is not None and i == colour.column else spans)(text, inner[i])
                for i, text in enumerate(row.cells)
            ]
            tr = add("TR", body)
            first_td = len(tree.tags)
            for _ in range(ncols):
                add("TD", tr)
            self._table_row(geometry, row.cells, cells, colour, first_td)
            advance()
        self.y -= 8

    def column_widths(self, table: Table) -> list[float]:
        """Widths from the columns' weights, but never narrower than the longest word.

        At 12 pt on a portrait page (e-bundles) a weighted "Date" column is narrower than
        "02/03/2026" and a "No." header would break inside the word. The longest word is taken
        from the header and the first rows (a sample keeps 20,000-row tables fast), capped at a
        third of the table so long references cannot squeeze the event text.
        """
        total_width = self.width
        cap = total_width / 3
        needs = []
        for index, column in enumerate(table.columns):
            header = max((self.bold.width(w) for w in column.title.split()), default=0.0)
            per_row = sorted(max((self.body.width(w) for w in _HYPHEN.split(row.cells[index])),
                                 default=0.0) for row in table.rows[:_WIDTH_SAMPLE])
            # The longest word of nine rows in ten: a rare long token (a URL, a reference)
            # is cut rather than widening the column for every row.
            typical = per_row[int(len(per_row) * 0.9)] if per_row else 0.0
            needs.append(min(cap, max(header, typical) + 2 * CELL_PAD + 0.5))
        weights = [c.weight for c in table.columns]
        fixed: dict[int, float] = {}
        while True:
            free = total_width - sum(fixed.values())
            share = sum(w for i, w in enumerate(weights) if i not in fixed)
            if free <= 0 or not share:
                # Even the longest words do not fit: shrink them all alike.
                needed = [fixed.get(i, needs[i]) for i in range(len(weights))]
                scale = total_width / sum(needed)
                return [w * scale for w in needed]
            widths = [fixed.get(i, free * w / share) for i, w in enumerate(weights)]
            short = [i for i, w in enumerate(widths) if i not in fixed and w < needs[i]]
            if not short:
                return widths
            for i in short:
                fixed[i] = needs[i]

    def _table_header(self, geometry: _TableGeometry, first_th: int) -> None:
        """The header row; first_th is ARTIFACT when it is repeated on a later page."""
        assert self.page is not None
        self.page.ops.append(("thead", geometry, self.y, first_th))
        self.y -= geometry.header_height

    def _table_row(self, geometry: _TableGeometry, texts: list[str], cells: list[array],
                   colour: RowColour | None, first_td: int) -> None:
        n_lines = max(len(c) for c in cells) // 2
        leading = geometry.leading
        start = 0
        while start < n_lines:
            assert self.page is not None
            available = int((self.y - self.bottom - 2 * CELL_PAD) // leading)
            remaining = n_lines - start
            fits_fresh = int((self.size(self.page.orientation)[1] - 2 * MARGIN
                              - geometry.header_height - 2 * CELL_PAD) // leading)
            # Move a row to a new page rather than split it, unless it could never fit one page;
            # split rows leave at least two lines behind so a fragment is readable.
            if remaining > available and (remaining <= fits_fresh or available < 2):
                self.new_page(self.page.orientation)
                self._table_header(geometry, ARTIFACT)
                continue
            take = min(remaining, available)
            height = take * leading + 2 * CELL_PAD
            # The op refers to the model's own strings plus line offsets: no copy of the text.
            self.page.ops.append(("trow", geometry, self.y, height, texts, cells, start, take,
                                  colour, first_td))
            self.y -= height
            start += take


_WIDTH_SAMPLE = 400


def _nothing() -> None:
    return None


def _layout(document: Document, progress: Progress) -> _Layout:
    layout = _Layout(progress, document.page_style)
    layout.title_page(document)
    if document.page_style.contents:
        layout.contents(document)
    outline_level = 0
    for section in document.sections:
        layout.new_page(section.orientation)
        layout.sect = layout.tree.add("Sect", layout.root)
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
    return layout


def count_pages(document: Document) -> int:
    """How many pages the PDF of this document has, from the layout alone (nothing drawn):
    fast enough to recount as a practitioner picks a court chronology's entries."""
    _register_fonts()
    return len(_layout(document, Progress()).pages)


_HEADER = "<</Type/Pagination/Subtype/Header>>"
_FOOTER = "<</Type/Pagination/Subtype/Footer>>"


def _furniture(canvas, marker: PageMarker, width: float, height: float, number: int,
               total: int, marking: str, size: float) -> None:
    """Marking centred top and bottom, page number under the bottom one: artifacts."""
    canvas.setFillColorRGB(0, 0, 0)
    # A long marking is drawn smaller rather than cut off at the page edges.
    natural = canvas.stringWidth(marking, FONT_BOLD, size)
    fitted = min(size, size * (width - 20 * MM) / natural) if natural else size
    marker.to(ARTIFACT, _HEADER)
    canvas.setFont(FONT_BOLD, fitted)
    canvas.drawCentredString(width / 2, height - 10 * MM, marking)
    marker.to(ARTIFACT, _FOOTER)
    canvas.drawCentredString(width / 2, 5 * MM + size * 1.15, marking)
    canvas.setFont(FONT, max(8.0, size * 0.8) if size < 12 else size)
    canvas.drawCentredString(width / 2, 5 * MM, f"Page {number} of {total}")
    marker.close()


def _draw(canvas, layout: _Layout, index: int, total: int, marking: str,
          outline_seen: set[str]) -> None:
    from reportlab.lib.utils import ImageReader

    page = layout.pages[index]
    tree = layout.tree
    number = index + 1
    width, height = _Layout.size(page.orientation)
    canvas.setPageSize((width, height))
    counter = [0]  # MCIDs are numbered per page, shared by both streams of the page
    graphics = PageMarker(tree, index, counter, canvas._code)
    furniture_size = 12.0 if layout.style.body_pt >= 12 else 10.0
    _furniture(canvas, graphics, width, height, number, total, marking, furniture_size)

    text = canvas.beginText()
    marker = PageMarker(tree, index, counter, text._code)
    segments: list[tuple[float, float, float, float]] = []
    fills: list[tuple[float, float, float, float, tuple[float, float, float]]] = []
    for op in page.ops:
        kind = op[0]
        if kind == "text":
            _, x, y, font, size, line, rgb, elem = op
            marker.to(elem)
            text.setFillColorRGB(*rgb)
            _draw_line(text, x, y, line, font, size)
        elif kind == "trow":
            _, geometry, top, row_height, texts, cells, first, count, colour, first_td = op
            size, leading = geometry.size, geometry.leading
            bottom = top - row_height
            if colour is not None:
                fills.append((geometry.x[colour.column], bottom,
                              geometry.widths[colour.column], row_height,
                              _hex_rgb(colour.fill)))
            for i, spans in enumerate(cells):
                end = len(spans) - 2
                # A space ends each wrapped line, so text read from the tags (a screen reader,
                # copy and paste) keeps the word break that the line break stood for.
                lines = [line_text(texts[i], spans[k], spans[k + 1]) + (" " if k < end else "")
                         for k in range(2 * first, min(2 * (first + count), len(spans)), 2)]
                if not lines or not any(lines):
                    continue
                marker.to(first_td + i)
                coloured = colour is not None and i == colour.column
                font = FONT_BOLD if coloured else FONT
                text.setFillColorRGB(*(_hex_rgb(colour.text) if coloured else (0, 0, 0)))
                x, y = geometry.x[i] + CELL_PAD, top - CELL_PAD - size
                if any(has_rtl(line) for line in lines):
                    for line in lines:
                        _draw_line(text, x, y, line, font, size)
                        y -= leading
                    continue
                text.setFont(font, size)
                text.setTextOrigin(x, y)
                text.setLeading(leading)
                text.textLines(lines, trim=0)
            _grid(segments, geometry, top, bottom)
        elif kind == "thead":
            _, geometry, top, first_th = op
            size, leading = geometry.size, geometry.leading
            bottom = top - geometry.header_height
            fills.append((geometry.x[0], bottom, sum(geometry.widths), geometry.header_height,
                          HEADER_FILL))
            text.setFont(FONT_BOLD, size)
            text.setFillColorRGB(0, 0, 0)
            for i, (x, lines) in enumerate(zip(geometry.x, geometry.header_lines, strict=True)):
                # A header repeated on a later page is pagination furniture (PDF/UA 7.8).
                marker.to(ARTIFACT if first_th == ARTIFACT else first_th + i)
                text.setTextOrigin(x + CELL_PAD, top - CELL_PAD - size)
                text.setLeading(leading)
                text.textLines(lines, trim=0)
            _grid(segments, geometry, top, bottom)
        elif kind == "toc":
            _, x, y, size, line, key, title, link = op
            marker.to(link)
            text.setFillColorRGB(0, 0, 0)
            # The space keeps title and page number apart when the tags are read aloud.
            _draw_line(text, x, y + size * 0.3, line + (" " if key else ""), FONT, size)
            right = width - MARGIN
            if key:
                target = str(layout.targets.get(key, 0) + 1)
                text.setTextOrigin(right - canvas.stringWidth(target, FONT, size), y + size * 0.3)
                text.textOut(target)
                tags.add_link(canvas, tree, link, index, total + len(tree.links),
                              (x, y, right, y + size * 1.3), key,
                              f"{title}, page {target}")
        elif kind == "image":
            _, x, y, w, h, png, elem = op
            import io

            graphics.to(elem)
            canvas.drawImage(ImageReader(io.BytesIO(png)), x, y, w, h, mask="auto")
            graphics.close()
        elif kind == "drawing":
            _, x, top, scale, drawing, elem = op
            graphics.to(elem)
            _draw_shapes(canvas, x, top, scale, drawing, layout.style.min_text_pt)
            graphics.close()
        elif kind == "bookmark":
            _, key, title, level, top = op
            if key not in outline_seen:
                outline_seen.add(key)
                # Open at the heading, keeping the reader's zoom (null) rather than "fit page".
                canvas.bookmarkPage(key, fit="XYZ", left=0, top=top or height, zoom=0)
                canvas.addOutlineEntry(title, key, level=level, closed=False)
    marker.close()
    if fills:
        # Cell fills under the text: decoration, the agency is also printed in the cell.
        graphics.to(ARTIFACT)
        for x, y, w, h, rgb in fills:
            canvas.setFillColorRGB(*rgb)
            canvas.rect(x, y, w, h, stroke=0, fill=1)
        graphics.close()
    canvas.drawText(text)
    if segments:
        graphics.to(ARTIFACT)
        canvas.setStrokeColorRGB(*GRID)
        canvas.setLineWidth(0.4)
        canvas.lines(segments)
        graphics.close()


def _draw_shapes(canvas, left: float, top: float, scale: float, drawing: Drawing,
                 min_text: float = 0.0) -> None:
    """A figure's vector shapes; model millimetres from the top-left become PDF points."""

    def at(x: float, y: float) -> tuple[float, float]:
        return left + x * scale, top - y * scale

    canvas.saveState()
    for shape in drawing.shapes:
        if isinstance(shape, Label):
            canvas.setFillColorRGB(*_hex_rgb(shape.colour))
            font = FONT_BOLD if shape.bold else FONT
            canvas.setFont(font, max(shape.size_pt, min_text))
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
    """DocumentWriter for PDF: tagged (PDF/UA-1), with an outline and page labels."""

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
        layout = _layout(document, progress)
        pages = layout.pages
        canvas = Canvas(None, pagesize=(A4_W, A4_H), pageCompression=1, invariant=0)
        canvas.setTitle(document.title_page.title)
        canvas.setSubject(document.marking)
        canvas.setCreator("Visible")
        # reportlab writes "anonymous" when no author is set; the author is never the login
        # name (an anonymised review is published): the program, as in the .docx.
        canvas.setAuthor("Visible")
        canvas.setProducer("Visible")
        canvas.showOutline()
        placeholder = tags.prepare_catalog(canvas, document.title_page.title)
        seen: set[str] = set()
        total = len(pages)
        per_page = max(1, work // max(total, 1))
        for index in range(total):
            _draw(canvas, layout, index, total, document.marking, seen)
            has_links = pages[index].has_links
            canvas.showPage()
            tags.finish_page(canvas, index, has_links)
            _compress_last_page(canvas)
            pages[index] = None  # type: ignore[call-overload]  # free as we go
            progress.advance(per_page)
        data = canvas.getpdfdata()
        root, page_numbers, annots = tags.object_numbers(canvas, placeholder)
        del canvas  # reportlab's objects go before the structure tree is written
        out.write(data)
        position, tail = len(data), data[-4096:]
        del data  # the file's bytes are in out now: one copy, not two, while the tree is added
        tags.write_update(tail, position, out, layout.tree, root, page_numbers, annots)
        progress.finish()
