"""Figures in the document model: alt text, vector drawings and the data-table alternative."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from exports.document import (
    Column,
    Document,
    Drawing,
    Ellipse,
    Figure,
    Heading,
    Label,
    Line,
    Rect,
    Row,
    Section,
    Table,
    TitlePage,
)
from exports.file_text import docx_text, pdf_text
from exports.output import write_document


def _png() -> bytes:
    # A 2x1 white PNG, made by hand so the test needs no imaging library.
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    raw = b"\x00" + b"\xff\xff\xff" * 2
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 2, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def timeline_figure() -> Figure:
    drawing = Drawing(160, 40, [
        Line(10, 20, 150, 20, dashed=True), Rect(20, 15, 10, 10, fill="0072B2"),
        Ellipse(80, 20, 3, 3, fill="D55E00"), Label(10, 35, "Mar 2025", anchor="start"),
        Label(150, 35, "Nov 2026", anchor="end"), Label(80, 10, "GP saw him", anchor="middle"),
    ])
    data = Table([Column("Date"), Column("Agency"), Column("Contact")],
                 [Row(["03/2025", "GP", "seen"]), Row(["11/2026", "Police", "mentioned"])],
                 caption="Contacts shown in the timeline")
    return Figure(caption="Timeline of contacts with the father", drawing=drawing, data=data,
                  alt_text="Timeline from March 2025 to November 2026: the GP saw him once, "
                           "police mentioned him once; no agency saw him in between.")


def _document(*figures: Figure) -> Document:
    return Document(TitlePage("Figures"), [Section([Heading("Pictures"), *figures])])


def test_a_figure_needs_a_picture_or_a_drawing() -> None:
    with pytest.raises(ValueError, match="picture"):
        Figure(caption="nothing")
    assert Figure(_png(), caption="Genogram").description() == "Genogram"


def test_vector_figure_in_pdf_has_its_labels_as_text_and_its_data_table(tmp_path: Path) -> None:
    path = write_document(_document(timeline_figure()), tmp_path / "f.pdf", "pdf")
    text = pdf_text(path.read_bytes())
    for words in ("GP saw him", "Mar 2025", "Nov 2026", "Timeline of contacts with the father",
                  "Contacts shown in the timeline", "mentioned"):
        assert words in text


def test_docx_picture_carries_alt_text_and_vector_figure_its_data(tmp_path: Path) -> None:
    picture = Figure(_png(), caption="Household genogram", width_mm=40, height_mm=20,
                     alt_text="Genogram of the household: mother, father and baby.")
    path = write_document(_document(picture, timeline_figure()), tmp_path / "f.docx", "docx")
    data = path.read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        xml = package.read("word/document.xml").decode()
    assert 'descr="Genogram of the household: mother, father and baby."' in xml
    # The vector-only figure becomes a picture of its drawing, with its alt text and its data.
    assert xml.count("<pic:pic") == 2
    assert 'descr="Timeline from March 2025 to November 2026: the GP saw him once' in xml
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        pictures = [n for n in package.namelist() if n.startswith("word/media/")]
        assert len(pictures) == 2
        drawn = max((package.read(n) for n in pictures), key=len)
    from PIL import Image

    image = Image.open(io.BytesIO(drawn)).convert("RGB")
    colours = {c for _n, c in image.getcolors(maxcolors=1 << 24)}
    assert image.width > 1000 and (0x00, 0x72, 0xB2) in colours  # the blue mark
    text = docx_text(data)
    assert "Contacts shown in the timeline" in text and "mentioned" in text


def test_document_texts_and_map_texts_reach_every_figure_string() -> None:
    figure = timeline_figure()
    document = _document(figure)
    texts = set(document.texts())
    assert {"GP saw him", "Police", "Contacts shown in the timeline"} <= texts
    assert figure.alt_text in texts
    figure.map_texts(str.upper)
    assert figure.alt_text.startswith("TIMELINE FROM MARCH")
    assert "GP SAW HIM" in set(document.texts()) and "POLICE" in set(document.texts())


def test_docx_language_title_headings_and_repeated_header_rows(tmp_path: Path) -> None:
    import docx

    from tests.export_support import sample_document

    path = write_document(sample_document(rows=3), tmp_path / "s.docx", "docx")
    word = docx.Document(str(path))
    assert word.core_properties.language == "en-GB"
    assert word.core_properties.title == "Sample chronology"
    with zipfile.ZipFile(path) as package:
        styles = package.read("word/styles.xml").decode()
        body = package.read("word/document.xml").decode()
    assert '<w:lang w:val="en-GB"' in styles
    assert body.count('<w:pStyle w:val="Heading1"/>') == 2
    assert body.count('<w:pStyle w:val="Heading2"/>') == 1
    assert body.count("<w:tblHeader/>") == 1  # the header row, repeated by Word on each page
