"""The Word writer, read back with python-docx and from the raw package parts."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn

from exports.document import Paragraph, Section
from exports.docx_writer import DocxWriter
from exports.file_text import docx_text
from exports.fonts import REGULAR
from exports.output import write_document
from tests.export_support import MARKING, sample_document


def _write(document, tmp_path: Path) -> Path:
    return write_document(document, tmp_path / "out.docx", "docx")


def test_table_rows_header_repeat_and_cells_match_the_model(tmp_path: Path) -> None:
    model = sample_document(rows=150)
    out = docx.Document(str(_write(model, tmp_path)))
    table = out.tables[0]
    rows = table._tbl.tr_lst
    assert len(rows) == 151  # header + one per entry
    header_flags = [tr.find(qn("w:trPr")) is not None and
                    tr.find(qn("w:trPr")).find(qn("w:tblHeader")) is not None for tr in rows]
    assert header_flags[0] and not any(header_flags[1:])
    # Read cells from the XML (table.cell(i, j) is quadratic); compare with the model.
    model_rows = model.tables()[0].rows
    for tr, row in zip(rows[1:], model_rows, strict=True):
        cells = ["\n".join("".join(t.text for t in p.iter(qn("w:t"))) for p in tc.iter(qn("w:p")))
                 for tc in tr.iter(qn("w:tc"))]
        assert cells == row.cells
    # Agency colour on odd rows, column 4 (index 3).
    fills = [tc.find(qn("w:tcPr")).find(qn("w:shd")) for tc in rows[2].iter(qn("w:tc"))]
    assert fills[3] is not None and fills[3].get(qn("w:fill")) == "0072B2"
    assert rows[1].iter(qn("w:shd")).__next__ is not None


def test_marking_page_numbers_landscape_and_headings(tmp_path: Path) -> None:
    out = docx.Document(str(_write(sample_document(rows=20), tmp_path)))
    assert len(out.sections) == 3  # title page, summary, landscape chronology
    assert out.sections[2].orientation == WD_ORIENT.LANDSCAPE
    assert out.sections[2].page_width > out.sections[2].page_height
    assert out.sections[1].orientation == WD_ORIENT.PORTRAIT
    for section in out.sections:
        assert section.header.paragraphs[0].text == MARKING
        assert section.header.paragraphs[0].alignment == 1  # centred
        footer = section.footer
        assert footer.paragraphs[0].text == MARKING
        instructions = [f.get(qn("w:instr")) for f in footer._element.iter(qn("w:fldSimple"))]
        assert any("PAGE" in i and "NUMPAGES" not in i for i in instructions)
        assert any("NUMPAGES" in i for i in instructions)
        assert "Page" in footer.paragraphs[1].text and "of" in footer.paragraphs[1].text
    styles = [p.style.name for p in out.paragraphs if p.text in ("Summary", "Chronology", "Detail")]
    assert styles == ["Heading 1", "Heading 2", "Heading 1"]
    assert out.styles["Heading 1"].font.name == "DejaVu Sans"
    assert out.styles["Normal"].font.name == "DejaVu Sans"
    assert out.core_properties.author == "Visible"
    assert out.core_properties.title == "Sample chronology"


def _fonts(path: Path) -> tuple[str, dict[str, bytes]]:
    """The font table and each embedded font de-obfuscated, by part name."""
    with zipfile.ZipFile(path) as package:
        font_table = package.read("word/fontTable.xml").decode()
        fonts = {n: package.read(n) for n in package.namelist() if n.endswith(".odttf")}
    keys = font_table.split('w:fontKey="')[1:]
    plain = {}
    for (name, data), key in zip(sorted(fonts.items()), keys, strict=True):
        guid = bytes.fromhex(key.split('"')[0].strip("{}").replace("-", ""))[::-1]
        clear = bytearray(data)
        for i in range(32):
            clear[i] ^= guid[i % 16]
        plain[name] = bytes(clear)
    return font_table, plain


def test_common_characters_embed_no_font(tmp_path: Path) -> None:
    # Łukasz, Žofie, Øyvind, Şükrü: Latin Extended-A is in every office font.
    path = _write(sample_document(rows=2), tmp_path)
    font_table, fonts = _fonts(path)
    assert fonts == {}
    with zipfile.ZipFile(path) as package:
        assert "embedTrueTypeFonts" not in package.read("word/settings.xml").decode()
    assert 'w:name="DejaVu Sans"' in font_table and '<w:altName w:val="Verdana"/>' in font_table


def test_arabic_names_embed_a_subset_of_the_arabic_font_only(tmp_path: Path) -> None:
    from fontTools.ttLib import TTFont

    from exports.fonts import ARABIC_REGULAR

    model = sample_document(rows=2)
    model.sections[0].blocks.append(Paragraph("Mother's partner: عائشة بنت محمد"))
    font_table, fonts = _fonts(_write(model, tmp_path))
    assert len(fonts) == 2 and 'w:subsetted="1"' in font_table  # regular and bold
    assert font_table.count("embedRegular") == 1  # DejaVu Sans needs no embedding here
    regular = TTFont(io.BytesIO(fonts["word/fonts/font1.odttf"]))
    cmap = regular.getBestCmap()
    assert all(ord(c) in cmap for c in "عائشةبنتمحمد")
    assert len(fonts["word/fonts/font1.odttf"]) < ARABIC_REGULAR.stat().st_size / 3
    assert regular["name"].getDebugName(1) == "Noto Sans Arabic"  # matched to w:cs by name


def test_rarer_characters_embed_a_subset_of_dejavu_holding_all_the_text(tmp_path: Path) -> None:
    from fontTools.ttLib import TTFont

    model = sample_document(rows=2)
    model.sections[0].blocks.append(Paragraph("Nguyễn Thị Ánh (Vietnamese) ✓"))
    _table, fonts = _fonts(_write(model, tmp_path))
    cmap = TTFont(io.BytesIO(fonts["word/fonts/font1.odttf"])).getBestCmap()
    assert all(ord(c) in cmap for c in "Nguyễn ✓ Łukasz Sample chronology")
    assert len(fonts) == 2  # DejaVu Sans regular and bold; no Arabic in this document
    assert len(fonts["word/fonts/font1.odttf"]) < REGULAR.stat().st_size / 5


def test_rows_are_kept_on_one_page_unless_taller_than_a_page(tmp_path: Path) -> None:
    model = sample_document(rows=3)
    table = model.tables()[0]
    table.rows[1].cells[4] = "A very long account of the day. " * 400  # pages of text
    out = docx.Document(str(_write(model, tmp_path)))
    rows = out.tables[0]._tbl.tr_lst
    kept = [tr.find(qn("w:trPr")) is not None and tr.find(qn("w:trPr")).find(qn("w:cantSplit"))
            is not None for tr in rows]
    assert kept == [False, True, False, True]  # header, ordinary, over a page, ordinary


def test_unicode_names_survive_and_illegal_xml_characters_are_dropped(tmp_path: Path) -> None:
    model = sample_document(rows=3)
    model.sections[0].blocks.append(Paragraph("Zażółć gęślą jaźń \x07 عائشة Ørjan"))
    text = docx_text(_write(model, tmp_path).read_bytes())
    assert "Zażółć gęślą jaźń  عائشة Ørjan" in text
    assert "Łukasz Dvořák" in text


def test_writer_streams_to_any_binary_file(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    DocxWriter(embed_fonts=False).write(sample_document(rows=5), buffer)
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as package:
        assert "word/fonts/font1.odttf" not in package.namelist()
        xml = package.read("word/document.xml")
    assert xml.count(b"<w:tr ") + xml.count(b"<w:tr>") == 6
    assert Section  # the model type is what the writer consumes
