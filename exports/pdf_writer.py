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

from typing import IO

from exports import pdf_tags as tags
from exports.document import (
    Document,
    Drawing,
    Ellipse,
    Label,
    Line,
    Rect,
    total_work,
)
from exports.pause_gc import paused_gc
from exports.pdf_layout import (
    PageLayout,
    TableGeometry,
    hex_rgb,
    lay_out,
)
from exports.pdf_tags import ARTIFACT, PageMarker
from exports.pdf_text import (
    A4_H,
    A4_W,
    CELL_PAD,
    FONT,
    FONT_BOLD,
    GRID,
    HEADER_FILL,
    MARGIN,
    MM,
    draw_line,
    line_text,
    register_fonts,
)
from exports.progress import Progress
from exports.rtl import has_rtl

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


def _draw(canvas, layout: PageLayout, index: int, total: int, marking: str,
          outline_seen: set[str]) -> None:
    from reportlab.lib.utils import ImageReader

    page = layout.pages[index]
    tree = layout.tree
    number = index + 1
    width, height = PageLayout.size(page.orientation)
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
            draw_line(text, x, y, line, font, size)
        elif kind == "trow":
            _, geometry, top, row_height, texts, cells, first, count, colour, first_td = op
            size, leading = geometry.size, geometry.leading
            bottom = top - row_height
            if colour is not None:
                fills.append((geometry.x[colour.column], bottom,
                              geometry.widths[colour.column], row_height,
                              hex_rgb(colour.fill)))
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
                text.setFillColorRGB(*(hex_rgb(colour.text) if coloured else (0, 0, 0)))
                x, y = geometry.x[i] + CELL_PAD, top - CELL_PAD - size
                if any(has_rtl(line) for line in lines):
                    for line in lines:
                        draw_line(text, x, y, line, font, size)
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
            draw_line(text, x, y + size * 0.3, line + (" " if key else ""), FONT, size)
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
            canvas.setFillColorRGB(*hex_rgb(shape.colour))
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
            canvas.setStrokeColorRGB(*hex_rgb(stroke))
        if fill:
            canvas.setFillColorRGB(*hex_rgb(fill))
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


def _grid(segments: list, geometry: TableGeometry, top: float, bottom: float) -> None:
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

        register_fonts()
        progress = progress or Progress()
        work = total_work(document)
        progress.total = progress.total or work * 2
        layout = lay_out(document, progress)
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
