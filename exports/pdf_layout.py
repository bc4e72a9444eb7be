"""PDF layout, the first pass: what goes on which page, keeping only wrapped lines.

Split from the drawing (exports/pdf_writer.py) so the page count can be known before anything
is drawn ("Page X of Y", the court builder's page estimate) and each pass stays linear in rows.
"""

from __future__ import annotations

from array import array
from dataclasses import dataclass, field

from exports.document import (
    BulletList,
    Document,
    Figure,
    Heading,
    KeyValueList,
    Orientation,
    PageStyle,
    Paragraph,
    RowColour,
    Table,
)
from exports.pdf_tags import ARTIFACT, StructTree, pdf_text_string
from exports.pdf_text import (
    A4_H,
    A4_W,
    CELL_PAD,
    FONT,
    FONT_BOLD,
    MARGIN,
    MM,
    WORD_BREAKS,
    Wrapper,
    register_fonts,
)
from exports.progress import Progress


@dataclass(slots=True)
class TableGeometry:
    x: list[float]  # left edge of each column
    widths: list[float]
    header_lines: list[list[str]]
    header_height: float
    size: float
    leading: float


@dataclass(slots=True)
class Page:
    orientation: Orientation
    # Drawing operations as small tuples: ("text", x, y, font, size, text, rgb, elem) etc.
    # The last field is the structure element the drawn content belongs to (ARTIFACT for
    # furniture). Table rows keep line offsets into the model's strings, not copies.
    ops: list[tuple] = field(default_factory=list)
    has_links: bool = False


def hex_rgb(value: str) -> tuple[float, float, float]:
    value = value.lstrip("#")
    red, green, blue = (int(value[i:i + 2], 16) / 255 for i in (0, 2, 4))
    return red, green, blue


class PageLayout:
    """First pass: decides what goes on which page, keeping only wrapped lines.

    It also builds the structure tree in reading order (tags.StructTree): each block becomes
    its element(s) and every drawing operation names the element it belongs to.
    """

    def __init__(self, progress: Progress, style: PageStyle) -> None:
        self.pages: list[Page] = []
        self.style = style
        self.size_pt = max(style.body_pt, 6.0)
        self.leading = self.size_pt * style.line_spacing
        self.body = Wrapper(FONT, self.size_pt)
        self.bold = Wrapper(FONT_BOLD, self.size_pt)
        self.progress = progress
        self.page: Page | None = None
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

    def new_page(self, orientation: Orientation) -> Page:
        self.page = Page(self.orientation(orientation))
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
        big = Wrapper(FONT_BOLD, 24)
        self.text_lines(big.wrap(title.title, self.width), FONT_BOLD, 24, 30,
                        self.tree.add("H1", self.sect))
        if title.subtitle:
            self.y -= 6
            sub = max(14.0, self.size_pt)
            self.text_lines(Wrapper(FONT, sub).wrap(title.subtitle, self.width), FONT, sub,
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
        wrapper = Wrapper(FONT_BOLD, size)
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
        labels = Wrapper(FONT_BOLD, size)
        values = Wrapper(FONT, size)
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
        geometry = TableGeometry(xs, widths, header_lines, header_height, size, leading)

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
            per_row = sorted(max((self.body.width(w) for w in WORD_BREAKS.split(row.cells[index])),
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

    def _table_header(self, geometry: TableGeometry, first_th: int) -> None:
        """The header row; first_th is ARTIFACT when it is repeated on a later page."""
        assert self.page is not None
        self.page.ops.append(("thead", geometry, self.y, first_th))
        self.y -= geometry.header_height

    def _table_row(self, geometry: TableGeometry, texts: list[str], cells: list[array],
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


def lay_out(document: Document, progress: Progress) -> PageLayout:
    layout = PageLayout(progress, document.page_style)
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
    register_fonts()
    return len(lay_out(document, Progress()).pages)


