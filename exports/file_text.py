"""The text a produced file actually holds, for the anonymisation scan and for tests.

The scan reads the written bytes, not the document model, so anything a writer adds (headers,
footers, metadata titles) is checked too.
"""

from __future__ import annotations

import io
import re
import zipfile

from lxml import etree

from exports.document import ExportFormat

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_DOCX_DESCRIBED = {
    "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr",
    "{http://schemas.openxmlformats.org/drawingml/2006/picture}cNvPr",
}
_DOCX_PARTS = ("word/document.xml", "word/header", "word/footer", "docProps/core.xml",
               "word/footnotes.xml", "word/comments.xml")


def docx_text(data: bytes) -> str:
    out: list[str] = []
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        for name in package.namelist():
            if not name.startswith(_DOCX_PARTS) or not name.endswith(".xml"):
                continue
            with package.open(name) as part:
                line: list[str] = []
                for _event, element in etree.iterparse(part, events=("end",)):
                    if name.startswith("docProps"):
                        if element.text and element.text.strip():
                            out.append(element.text)  # one property a line, never run together
                    elif element.tag == _W + "t":
                        if element.text:
                            line.append(element.text)
                    elif element.tag in _DOCX_DESCRIBED:
                        # A picture's alt text and title: read aloud, so scanned too.
                        out.extend(v for k in ("descr", "title", "name")
                                   if (v := element.get(k)))
                    elif element.tag == _W + "p":
                        out.append("".join(line))
                        line = []
                        element.clear()
                out.append("".join(line))
    return "\n".join(out)


def pdf_text(data: bytes) -> str:
    # pdfium extracts ~700 pages a second; pypdf is about ten times slower on these files.
    import pypdfium2

    pdf = pypdfium2.PdfDocument(data)
    out: list[str] = []
    try:
        title = pdf.get_metadata_dict().values()
        out.extend(str(v) for v in title)
        for index in range(len(pdf)):
            page = pdf[index]
            textpage = page.get_textpage()
            out.append(textpage.get_text_range())
            textpage.close()
            page.close()
    finally:
        pdf.close()
    out.extend(_pdf_hidden_text(data))
    return "\n".join(out)


_XMP = re.compile(rb"<x:xmpmeta.*?</x:xmpmeta>", re.DOTALL)
_TAG = re.compile(r"<[^>]+>")
_SPOKEN_STRING = re.compile(rb"/(?:Alt|ActualText|E|TU)\s*(<[0-9A-Fa-f\s]*>|\((?:\\.|[^\\)])*\))")


def _pdf_hidden_text(data: bytes) -> list[str]:
    """Text a PDF carries off the page: the XMP packet (title, author) and the structure
    tree's alternative texts (a figure's /Alt is read aloud): the leak scan must see them."""
    out = [_TAG.sub(" ", m.group().decode("utf-8", "replace")) for m in _XMP.finditer(data)]
    for m in _SPOKEN_STRING.finditer(data):
        raw = m.group(1)
        if raw.startswith(b"<"):
            digits = re.sub(rb"\s", b"", raw[1:-1])
            try:
                value = bytes.fromhex(digits.decode())
            except ValueError:
                continue
            text = value[2:].decode("utf-16-be", "replace") if value[:2] == b"\xfe\xff" \
                else value.decode("latin-1")
        else:
            text = raw[1:-1].decode("latin-1")
        out.append(text)
    return out


# Attributes whose values a reader is shown or read aloud (alt text, tooltips, labels).
_HTML_SPOKEN = ("alt", "title", "aria-label", "content", "data-label")


def html_text(data: bytes) -> str:
    """Every text node and every spoken attribute of an HTML export (SVG labels included)."""
    from lxml import html

    root = html.fromstring(data)
    for element in root.xpath("//style|//script"):
        element.drop_tree()  # the page's own CSS ("@media") is not text a reader sees
    # One text node a line: cells run together ("2026MWMidwifeFollow-up") would read as one
    # word to the leak scan (a reference), and are not what a reader sees.
    out = ["\n".join(root.itertext())]
    for element in root.iter():
        attributes = getattr(element, "attrib", {})
        out.extend(attributes[name] for name in _HTML_SPOKEN if name in attributes)
    return "\n".join(out)


def file_text(data: bytes, fmt: ExportFormat | str) -> str:
    """The one place that reads text back from a written export, whatever its format."""
    fmt = ExportFormat(fmt)
    if fmt is ExportFormat.PDF:
        return pdf_text(data)
    if fmt is ExportFormat.HTML:
        return html_text(data)
    return docx_text(data)
