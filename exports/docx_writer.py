"""Word (.docx) writer: a python-docx skeleton plus a streamed `word/document.xml`.

python-docx's own table API is quadratic (`table.cell(i, j)`, PERFORMANCE-NOTES) and its
`run.text` setter walks text one character at a time, so it is used only for what it does well:
the styles, header and footer parts, and picture parts of a small skeleton document. The body is
then streamed with `lxml.etree.xmlfile`, one element per paragraph or table row, into a new zip
that copies every other part of the skeleton. Memory stays flat however many rows there are.

Word features a court or review reader relies on:
- real "Heading 1"/"Heading 2" styles, so the navigation pane lists the sections;
- one section per orientation (tables in landscape), each pointing at the same header and footer;
- the protective marking centred in the header and the footer, and "Page X of Y" from PAGE and
  NUMPAGES fields;
- table header rows marked `w:tblHeader`, so Word repeats them on every page; a row is kept on
  one page (`w:cantSplit`: the date never on one page and its event on the next) unless it is
  estimated to be taller than a page, which must be allowed to split;
- DejaVu Sans everywhere; fonts embedded only when the text needs glyphs common fonts lack, and
  then as subsets (exports/docx_fonts.py), obfuscated as ECMA-376 requires.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import uuid
import zipfile
from typing import IO

from lxml import etree

from exports.document import (
    BulletList,
    Document,
    Figure,
    Heading,
    KeyValueList,
    Orientation,
    Paragraph,
    Section,
    Table,
    total_work,
)
from exports.fonts import (
    ARABIC_BOLD,
    ARABIC_FAMILY,
    ARABIC_REGULAR,
    BOLD,
    FONT_FAMILY,
    REGULAR,
)
from exports.pause_gc import paused_gc
from exports.progress import Progress

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PR_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
FONT_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/font"
W = f"{{{W_NS}}}"

# A4 in twentieths of a point; 18 mm margins leave room for the marking in header and footer.
A4_SHORT, A4_LONG = 11906, 16838
MARGIN = 1020
HEADER_DISTANCE = 454
BODY_FONT_HALF_POINTS = 18  # 9 pt: a chronology is dense; courts accept 9-10 pt in tables
HEADER_FILL = "D9D9D9"
LANGUAGE = "en-GB"
# For keeping rows whole: a 9 pt character is at most ~95 twips wide on average in DejaVu Sans,
# a line ~11 pt; a landscape A4 body holds ~38 such lines, and a row of 30 is kept whole.
_CHAR_TWIPS = 95
_ROW_LINES_PER_PAGE = 30

# Characters XML 1.0 cannot hold (pasted from other systems): dropped rather than failing.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

# Pre-built qualified names: this module builds hundreds of thousands of elements.
_P, _PPR, _R, _RPR, _T, _B, _I = W + "p", W + "pPr", W + "r", W + "rPr", W + "t", W + "b", W + "i"
_TR, _TRPR, _TC, _TCPR = W + "tr", W + "trPr", W + "tc", W + "tcPr"
_TCW, _SHD = W + "tcW", W + "shd"
_COLOR, _VAL, _WW, _TYPE, _FILL = W + "color", W + "val", W + "w", W + "type", W + "fill"
_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_PSTYLE, _SPACING, _AFTER = W + "pStyle", W + "spacing", W + "after"


# Every element is created with the "w" prefix mapped, so streamed rows serialise as <w:tr>
# rather than <ns0:tr> (valid XML, but not what Word and other readers expect to see).
_NSMAP = {"w": W_NS}


def _element(tag: str) -> etree._Element:
    return etree.Element(tag, nsmap=_NSMAP)


def _clean(text: str) -> str:
    return _XML_ILLEGAL.sub("", text)


def _run(parent: etree._Element, text: str, bold: bool = False, italic: bool = False,
         colour: str | None = None) -> None:
    r = etree.SubElement(parent, _R)
    if bold or italic or colour:
        rpr = etree.SubElement(r, _RPR)
        if bold:
            etree.SubElement(rpr, _B)
        if italic:
            etree.SubElement(rpr, _I)
        if colour:
            etree.SubElement(rpr, _COLOR).set(_VAL, colour)
    t = etree.SubElement(r, _T)
    t.text = _clean(text)
    t.set(_SPACE, "preserve")


def _paragraph(text: str = "", style: str | None = None, bold: bool = False,
               italic: bool = False, compact: bool = False) -> etree._Element:
    p = _element(_P)
    if style or compact:
        ppr = etree.SubElement(p, _PPR)
        if style:
            etree.SubElement(ppr, _PSTYLE).set(_VAL, style)
        if compact:
            etree.SubElement(ppr, _SPACING).set(_AFTER, "0")
    if text:
        _run(p, text, bold, italic)
    return p


_APP_XML = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"'
    ' xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    "<Application>Visible</Application><DocSecurity>0</DocSecurity></Properties>")


def _plain_metadata(parts: dict[str, bytes]) -> dict[str, bytes]:
    """No template leftovers: application "Visible" (not "Microsoft Macintosh Word"), no
    stock thumbnail picture, no template statistics."""
    parts = dict(parts)
    parts["docProps/app.xml"] = _APP_XML.encode()
    thumbnails = [name for name in parts if name.startswith("docProps/thumbnail")]
    for name in thumbnails:
        del parts[name]
    if thumbnails and "_rels/.rels" in parts:
        rels = etree.fromstring(parts["_rels/.rels"])
        for rel in list(rels):
            if rel.get("Target", "").lstrip("/").startswith("docProps/thumbnail"):
                rels.remove(rel)
        parts["_rels/.rels"] = etree.tostring(rels, xml_declaration=True, encoding="UTF-8",
                                              standalone=True)
    return parts


class _Skeleton:
    """What python-docx built for us: parts to copy, the header/footer references, pictures."""

    def __init__(self, document: Document) -> None:
        import docx
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.oxml.ns import qn
        from docx.shared import Mm, Pt

        doc = docx.Document()
        # python-docx's template says "python-docx"; say what made the file, and nothing else.
        properties = doc.core_properties
        properties.author = properties.last_modified_by = "Visible"
        # The template's dates are 2013's; say when this file was made (and nothing of who).
        now = dt.datetime.now(dt.UTC).replace(microsecond=0, tzinfo=None)
        properties.created = properties.modified = now
        properties.revision = 1
        properties.title = document.title_page.title
        properties.comments = properties.keywords = properties.subject = ""
        properties.category = document.marking
        # The language a screen reader speaks the text in, and Word's proofing language.
        properties.language = LANGUAGE
        defaults = doc.styles.element.find(qn("w:docDefaults"))
        run_defaults = defaults.find(qn("w:rPrDefault")) if defaults is not None else None
        if run_defaults is not None:
            lang = run_defaults.find(qn("w:rPr")).find(qn("w:lang"))
            if lang is not None:
                lang.set(qn("w:val"), LANGUAGE)
        for name in ("Normal", "Heading 1", "Heading 2", "Title", "Subtitle", "Caption",
                     "List Bullet", "Header", "Footer"):
            style = doc.styles[name]
            style.font.name = FONT_FAMILY
            # python-docx's font.name sets ascii/hAnsi only; complex scripts and East Asian text
            # would otherwise fall back to a theme font the reader may not have.
            rfonts = style.element.get_or_add_rPr().get_or_add_rFonts()
            for attr in ("w:eastAsia", "w:ascii", "w:hAnsi"):
                rfonts.set(qn(attr), FONT_FAMILY)
            rfonts.set(qn("w:cs"), ARABIC_FAMILY)
            for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
                rfonts.attrib.pop(qn(attr), None)
        doc.styles["Normal"].font.size = Pt(BODY_FONT_HALF_POINTS / 2)
        doc.styles["Heading 1"].font.size = Pt(15)
        doc.styles["Heading 2"].font.size = Pt(12)

        section = doc.sections[0]
        section.header.is_linked_to_previous = False
        section.footer.is_linked_to_previous = False
        header_p = section.header.paragraphs[0]
        header_p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        header_p.add_run(document.marking).bold = True
        footer = section.footer
        marking_p = footer.paragraphs[0]
        marking_p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        marking_p.add_run(document.marking).bold = True
        page_p = footer.add_paragraph()
        page_p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        page_p.add_run("Page ")
        page_p._p.append(_field("PAGE", "1"))
        page_p.add_run(" of ")
        page_p._p.append(_field("NUMPAGES", "1"))

        # Pictures need parts and relationships; let python-docx make them, keep the XML.
        self.figures: dict[int, etree._Element] = {}
        body = doc.element.body
        for block in document.blocks():
            if not isinstance(block, Figure):
                continue
            png = block.png
            if png is None and block.drawing is not None:
                # Word cannot take the vector shapes: it gets a picture of the same drawing,
                # made now, after anonymisation has changed the drawing's labels.
                from exports.drawing_png import drawing_png

                png = drawing_png(block.drawing)
            if png is not None:
                shape = doc.add_picture(io.BytesIO(png), width=Mm(block.width_mm))
                # Word reads docPr/@descr as the picture's alt text ("Edit Alt Text"), and a
                # screen reader speaks it in place of the picture.
                doc_pr = shape._inline.docPr
                doc_pr.set("descr", _clean(block.description()))
                doc_pr.set("title", _clean(block.caption))
                para = body.findall(_P)[-1]
                body.remove(para)
                self.figures[id(block)] = para

        sect = body.find(W + "sectPr")
        self.references = [
            el for el in sect if el.tag in (W + "headerReference", W + "footerReference")
        ]
        buffer = io.BytesIO()
        doc.save(buffer)
        self.package = buffer.getvalue()


def _field(instruction: str, placeholder: str) -> etree._Element:
    fld = _element(W + "fldSimple")
    fld.set(W + "instr", f" {instruction} \\* MERGEFORMAT ")
    _run(fld, placeholder)
    return fld


def _section_properties(skeleton: _Skeleton, orientation: Orientation) -> etree._Element:
    sect = _element(W + "sectPr")
    for ref in skeleton.references:
        sect.append(etree.fromstring(etree.tostring(ref)))
    size = etree.SubElement(sect, W + "pgSz")
    if orientation is Orientation.LANDSCAPE:
        size.set(_WW, str(A4_LONG))
        size.set(W + "h", str(A4_SHORT))
        size.set(W + "orient", "landscape")
    else:
        size.set(_WW, str(A4_SHORT))
        size.set(W + "h", str(A4_LONG))
    margins = etree.SubElement(sect, W + "pgMar")
    for side in ("top", "right", "bottom", "left"):
        margins.set(W + side, str(MARGIN))
    margins.set(W + "header", str(HEADER_DISTANCE))
    margins.set(W + "footer", str(HEADER_DISTANCE))
    margins.set(W + "gutter", "0")
    return sect


def usable_width(orientation: Orientation) -> int:
    page = A4_LONG if orientation is Orientation.LANDSCAPE else A4_SHORT
    return page - 2 * MARGIN


class _TableWriter:
    """Streams one table, a row element at a time."""

    def __init__(self, table: Table, orientation: Orientation) -> None:
        self.table = table
        total = sum(c.weight for c in table.columns)
        width = usable_width(orientation)
        self.widths = [str(int(width * c.weight / total)) for c in table.columns]

    def properties(self) -> list[etree._Element]:
        tbl_pr = _element(W + "tblPr")
        etree.SubElement(tbl_pr, W + "tblW").attrib.update({_WW: "0", _TYPE: "auto"})
        borders = etree.SubElement(tbl_pr, W + "tblBorders")
        for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
            etree.SubElement(borders, W + side).attrib.update(
                {_VAL: "single", W + "sz": "4", W + "space": "0", _COLOR: "808080"}
            )
        etree.SubElement(tbl_pr, W + "tblLayout").set(_TYPE, "fixed")
        margins = etree.SubElement(tbl_pr, W + "tblCellMar")
        for side in ("left", "right"):
            etree.SubElement(margins, W + side).attrib.update({_WW: "70", _TYPE: "dxa"})
        grid = _element(W + "tblGrid")
        for width in self.widths:
            etree.SubElement(grid, W + "gridCol").set(_WW, width)
        return [tbl_pr, grid]

    def _fits_on_a_page(self, cells: list[str]) -> bool:
        """Whether the row's tallest cell, estimated from its text, fits well within a page.

        An over-estimate on purpose (a wide average character, every paragraph a new line):
        a row Word cannot fit on a page with w:cantSplit set is cut off at the page's foot.
        """
        tallest = 0
        for width, text in zip(self.widths, cells, strict=True):
            per_line = max(1, (int(width) - 140) // _CHAR_TWIPS)
            lines = sum(1 + len(part) // per_line for part in (text or "").split("\n"))
            tallest = max(tallest, lines)
        return tallest <= _ROW_LINES_PER_PAGE

    def header_row(self) -> etree._Element:
        tr = _element(_TR)
        etree.SubElement(etree.SubElement(tr, _TRPR), W + "tblHeader")
        for width, column in zip(self.widths, self.table.columns, strict=True):
            tc = etree.SubElement(tr, _TC)
            self._cell_properties(tc, width, HEADER_FILL)
            p = etree.SubElement(tc, _P)
            etree.SubElement(etree.SubElement(p, _PPR), _SPACING).set(_AFTER, "0")
            _run(p, column.title, bold=True)
        return tr

    @staticmethod
    def _cell_properties(tc: etree._Element, width: str, fill: str | None) -> None:
        tc_pr = etree.SubElement(tc, _TCPR)
        tcw = etree.SubElement(tc_pr, _TCW)
        tcw.set(_WW, width)
        tcw.set(_TYPE, "dxa")
        if fill:
            shd = etree.SubElement(tc_pr, _SHD)
            shd.set(_VAL, "clear")
            shd.set(_COLOR, "auto")
            shd.set(_FILL, fill)

    def row(self, cells: list[str], colour_index: int, fill: str | None,
            text_colour: str | None) -> etree._Element:
        tr = _element(_TR)
        if self._fits_on_a_page(cells):
            etree.SubElement(etree.SubElement(tr, _TRPR), W + "cantSplit")
        for index, (width, text) in enumerate(zip(self.widths, cells, strict=True)):
            coloured = index == colour_index
            tc = etree.SubElement(tr, _TC)
            self._cell_properties(tc, width, fill if coloured else None)
            # A cell must hold at least one paragraph; line breaks become paragraphs.
            for line in (text.split("\n") if text else [""]):
                p = etree.SubElement(tc, _P)
                etree.SubElement(etree.SubElement(p, _PPR), _SPACING).set(_AFTER, "0")
                if line:
                    _run(p, line, bold=coloured, colour=text_colour if coloured else None)
        return tr


def _write_block(xf: etree.xmlfile, block: object, section: Section, skeleton: _Skeleton,
                 progress: Progress) -> None:
    if isinstance(block, Heading):
        xf.write(_paragraph(block.text, style=f"Heading{min(max(block.level, 1), 2)}"))
    elif isinstance(block, Paragraph):
        xf.write(_paragraph(block.text, bold=block.bold, italic=block.italic))
    elif isinstance(block, BulletList):
        for item in block.items:
            xf.write(_paragraph(item, style="ListBullet"))
    elif isinstance(block, KeyValueList):
        for label, value in block.pairs:
            p = _paragraph(compact=True)
            _run(p, f"{label}: ", bold=True)
            _run(p, value)
            xf.write(p)
        xf.write(_paragraph())
    elif isinstance(block, Figure):
        picture = skeleton.figures.get(id(block))
        if picture is not None:  # every figure has one (its PNG or its drawing's)
            xf.write(picture)
        if block.caption:
            xf.write(_paragraph(block.caption, style="Caption"))
        if block.data is not None:
            _write_table(xf, block.data, section, progress, advance=False)
    elif isinstance(block, Table):
        _write_table(xf, block, section, progress)
        return
    progress.advance()


def _write_table(xf: etree.xmlfile, table: Table, section: Section, progress: Progress,
                 advance: bool = True) -> None:
    if table.caption:
        xf.write(_paragraph(table.caption, style="Caption"))
    writer = _TableWriter(table, section.orientation)
    with xf.element(W + "tbl"):
        for element in writer.properties():
            xf.write(element)
        xf.write(writer.header_row())
        for row in table.rows:
            colour = row.colour
            if colour is None:
                xf.write(writer.row(row.cells, -1, None, None))
            else:
                xf.write(writer.row(row.cells, colour.column, colour.fill, colour.text))
            if advance:
                progress.advance()
    # Word needs a paragraph between a table and a following table or section break.
    xf.write(_paragraph())


def _title_blocks(document: Document) -> list[etree._Element]:
    page = document.title_page
    out = [_paragraph(page.title, style="Title")]
    if page.subtitle:
        out.append(_paragraph(page.subtitle, style="Subtitle"))
    for label, value in page.details:
        p = _paragraph()
        _run(p, f"{label}: ", bold=True)
        _run(p, value)
        out.append(p)
    return out


def _section_break(skeleton: _Skeleton, orientation: Orientation) -> etree._Element:
    p = _element(_P)
    etree.SubElement(p, _PPR).append(_section_properties(skeleton, orientation))
    return p


def _obfuscated_font(font: bytes, key: str) -> bytes:
    """ECMA-376 Part 1 §17.8.1: XOR the first 32 bytes with the reversed GUID bytes."""
    data = bytearray(font)
    guid = bytes.fromhex(key.strip("{}").replace("-", ""))[::-1]
    for i in range(32):
        data[i] ^= guid[i % 16]
    return bytes(data)


def _embed_fonts(parts: dict[str, bytes], chars: set[str] | None = None) -> dict[str, bytes]:
    """Add the fonts the text needs to the package so Word shows them without installing them.

    DejaVu Sans for text, Noto Sans Arabic for complex scripts (the `w:cs` font of the styles),
    each only when `chars` (the document's characters) need it, as a subset of those
    characters; chars None embeds both whole.
    """
    from exports.docx_fonts import font_need, subset

    need = font_need(chars) if chars is not None else None
    font_table = etree.fromstring(parts["word/fontTable.xml"])
    rels = etree.Element(f"{{{PR_NS}}}Relationships", nsmap={None: PR_NS})
    index = 0
    families = ((FONT_FAMILY, REGULAR, BOLD, need.latin if need else None, "Verdana"),
                (ARABIC_FAMILY, ARABIC_REGULAR, ARABIC_BOLD, need.arabic if need else None,
                 "Arial"))
    for family, regular, bold, wanted, alternative in families:
        for existing in font_table.findall(W + "font"):
            if existing.get(W + "name") == family:
                font_table.remove(existing)
        font = etree.SubElement(font_table, W + "font")
        font.set(W + "name", family)
        # CT_Font is a sequence: altName first, then charset, family, pitch, the embeds.
        etree.SubElement(font, W + "altName").set(_VAL, alternative)
        etree.SubElement(font, W + "charset").set(_VAL, "00")
        etree.SubElement(font, W + "family").set(_VAL, "swiss")
        etree.SubElement(font, W + "pitch").set(_VAL, "variable")
        if wanted is not None and not wanted:
            continue  # nothing in the document needs this family embedded
        for kind, path in (("embedRegular", regular), ("embedBold", bold)):
            index += 1
            key = "{" + str(uuid.uuid4()).upper() + "}"
            name = f"fonts/font{index}.odttf"
            data = subset(path, wanted) if wanted else open(path, "rb").read()
            parts[f"word/{name}"] = _obfuscated_font(data, key)
            rel = etree.SubElement(rels, f"{{{PR_NS}}}Relationship")
            rel.attrib.update({"Id": f"rIdFont{index}", "Type": FONT_REL, "Target": name})
            embed = etree.SubElement(font, W + kind)
            embed.set(f"{{{R_NS}}}id", f"rIdFont{index}")
            embed.set(W + "fontKey", key)
            if wanted:
                embed.set(W + "subsetted", "1")
    parts["word/fontTable.xml"] = etree.tostring(font_table, xml_declaration=True,
                                                 encoding="UTF-8", standalone=True)
    if index == 0:
        return parts  # no font embedded: no relationships, no embedding setting
    parts["word/_rels/fontTable.xml.rels"] = etree.tostring(
        rels, xml_declaration=True, encoding="UTF-8", standalone=True)

    types = etree.fromstring(parts["[Content_Types].xml"])
    if not any(d.get("Extension") == "odttf" for d in types):
        default = etree.Element(f"{{{CT_NS}}}Default")
        default.attrib.update({
            "Extension": "odttf",
            "ContentType": "application/vnd.openxmlformats-officedocument.obfuscatedFont",
        })
        types.insert(0, default)
    parts["[Content_Types].xml"] = etree.tostring(types, xml_declaration=True,
                                                  encoding="UTF-8", standalone=True)

    settings = etree.fromstring(parts["word/settings.xml"])
    if settings.find(W + "embedTrueTypeFonts") is None:
        # CT_Settings is a sequence: embedTrueTypeFonts follows these elements when present.
        before = {"writeProtection", "view", "zoom", "removePersonalInformation",
                  "removeDateAndTime", "doNotDisplayPageBoundaries", "displayBackgroundShape",
                  "printPostScriptOverText", "printFractionalCharacterWidth", "printFormsData"}
        position = 0
        for index, child in enumerate(settings):
            if etree.QName(child).localname in before:
                position = index + 1
        settings.insert(position, etree.Element(W + "embedTrueTypeFonts"))
    parts["word/settings.xml"] = etree.tostring(settings, xml_declaration=True,
                                                encoding="UTF-8", standalone=True)
    return parts


class DocxWriter:
    """DocumentWriter for Word."""

    suffix = ".docx"

    def __init__(self, embed_fonts: bool = True) -> None:
        self.embed_fonts = embed_fonts

    def write(self, document: Document, out: IO[bytes], progress: Progress | None = None) -> None:
        with paused_gc():
            self._write(document, out, progress)

    def _write(self, document: Document, out: IO[bytes], progress: Progress | None) -> None:
        progress = progress or Progress()
        progress.total = progress.total or total_work(document)
        skeleton = _Skeleton(document)
        with zipfile.ZipFile(io.BytesIO(skeleton.package)) as source:
            parts = {name: source.read(name) for name in source.namelist()}
        parts = _plain_metadata(parts)
        if self.embed_fonts:
            from exports.docx_fonts import document_characters

            parts = _embed_fonts(parts, document_characters(document))
        with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED,
                             compresslevel=1) as package:
            for name, data in parts.items():
                if name != "word/document.xml":
                    package.writestr(name, data)
            with package.open("word/document.xml", "w") as stream:
                self._write_body(stream, document, skeleton, progress)
        progress.finish()

    @staticmethod
    def _write_body(stream: IO[bytes], document: Document, skeleton: _Skeleton,
                    progress: Progress) -> None:
        nsmap = {"w": W_NS, "r": R_NS,
                 "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
                 "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
                 "pic": "http://schemas.openxmlformats.org/drawingml/2006/picture"}
        with etree.xmlfile(stream, encoding="UTF-8") as xf:
            xf.write_declaration(standalone=True)
            with xf.element(W + "document", nsmap=nsmap), xf.element(W + "body"):
                for element in _title_blocks(document):
                    xf.write(element)
                previous = Orientation.PORTRAIT
                for section in document.sections:
                    # Every section starts on a new page: close the previous one.
                    xf.write(_section_break(skeleton, previous))
                    for block in section.blocks:
                        _write_block(xf, block, section, skeleton, progress)
                        progress.check()
                    previous = section.orientation
                xf.write(_section_properties(skeleton, previous))
