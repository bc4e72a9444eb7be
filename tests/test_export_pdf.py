"""The PDF writer, read back with pypdf and pdfplumber."""

from __future__ import annotations

import re
from pathlib import Path

import pdfplumber
import pypdf

from exports.document import Column, Document, Orientation, Row, Section, Table, TitlePage
from exports.file_text import pdf_text
from exports.output import write_document
from tests.export_support import MARKING, sample_document


def _pages(path: Path) -> list[str]:
    reader = pypdf.PdfReader(str(path))
    return [page.extract_text() for page in reader.pages]


def test_marking_and_page_x_of_y_on_every_page(tmp_path: Path) -> None:
    path = write_document(sample_document(rows=60), tmp_path / "out.pdf", "pdf")
    pages = _pages(path)
    assert len(pages) > 10
    for number, text in enumerate(pages, 1):
        assert text.count(MARKING) == 2, number
        assert f"Page {number} of {len(pages)}" in text


def test_every_row_present_in_order_with_the_header_repeated(tmp_path: Path) -> None:
    rows = 80
    path = write_document(sample_document(rows=rows), tmp_path / "out.pdf", "pdf")
    pages = _pages(path)
    table_pages = [t for t in pages if "Outcome " in t]
    assert len(table_pages) > 5
    for text in table_pages:
        assert "Action / outcome" in text and "Agency" in text  # header on each page
    outcomes = [int(n) for t in table_pages for n in re.findall(r"Outcome (\d+)", t)]
    assert outcomes == list(range(1, rows + 1))


def test_table_pages_are_landscape_and_text_pages_portrait(tmp_path: Path) -> None:
    path = write_document(sample_document(rows=10), tmp_path / "out.pdf", "pdf")
    with pdfplumber.open(str(path)) as pdf:
        shapes = [(p.width > p.height, "Outcome" in (p.extract_text() or "")) for p in pdf.pages]
        fonts = {c["fontname"].split("+")[-1] for c in pdf.pages[1].chars}
    assert shapes[0] == (False, False)
    assert all(landscape for landscape, has_rows in shapes if has_rows)
    assert {"DejaVuSans", "DejaVuSans-Bold"} <= fonts


def test_a_row_taller_than_a_page_is_split_without_losing_words(tmp_path: Path) -> None:
    words = [f"w{i}" for i in range(2500)]
    table = Table([Column("No.", 0.5), Column("Event", 6)], [Row(["1", " ".join(words)]),
                                                              Row(["2", "short"])])
    document = Document(TitlePage("Tall"), [Section([table], Orientation.LANDSCAPE)])
    path = write_document(document, tmp_path / "tall.pdf", "pdf")
    pages = _pages(path)
    assert len(pages) >= 4
    found = re.findall(r"\bw(\d+)\b", "\n".join(pages))
    assert [int(n) for n in found] == list(range(2500))
    assert "short" in pages[-1]


def test_polish_czech_names_are_extractable_and_outline_lists_headings(tmp_path: Path) -> None:
    path = write_document(sample_document(rows=4), tmp_path / "out.pdf", "pdf")
    text = pdf_text(path.read_bytes())
    assert "Łukasz Dvořák" in text and "Zofia Wójcik" in text and "Şükrü" in text
    outline = pypdf.PdfReader(str(path)).outline
    titles = [item.title for item in _flatten(outline)]
    assert {"Summary", "Detail", "Chronology"} <= set(titles)


def _flatten(items):
    for item in items:
        if isinstance(item, list):
            yield from _flatten(item)
        else:
            yield item
