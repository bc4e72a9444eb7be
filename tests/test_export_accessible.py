"""Tagged, accessible PDFs (PDF/UA-1) and the e-bundle-ready court PDF, read back.

The PDF/UA check is outloud (PyPI, Apache-2.0): veraPDF is not installable on this machine
(it comes from the veraPDF site and Maven, neither reachable; no registry package bundles it),
and outloud's conformance rules are calibrated against veraPDF's PDF/UA-1 profile. Its semantic
layer also checks what a validator cannot: text on the page that no tag announces, prose
marked as an artifact, empty header cells.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pdfplumber
import pypdf
import pytest

from exports.document import (
    BUNDLE,
    Column,
    Document,
    ExportOptions,
    ExportStyle,
    Figure,
    Heading,
    Orientation,
    Paragraph,
    Row,
    Section,
    Table,
    TitlePage,
)
from exports.output import write_document
from tests.export_support import MARKING, sample_document
from tests.test_export_figures import _png, timeline_figure


def struct_text(path: Path) -> str:
    done = subprocess.run(["pdfinfo", "-struct-text", str(path)], capture_output=True,
                          text=True, check=True)
    return done.stdout


def _tags(tree: str) -> list[str]:
    return re.findall(r"^\s*([A-Za-z0-9]+)(?: \((?:block|inline)\)|:)?$", tree, re.MULTILINE)


def pdf_ua_findings(path: Path) -> list[str]:
    from outloud import check

    result = check(str(path))
    return [f"{f.rule} p{f.page}: {f.message}" for f in result.sorted_findings()
            if f.severity in ("error", "warning")] + ([] if result.verdict == "pass"
                                                      else [result.verdict])


def _with_figures() -> Document:
    document = sample_document(rows=40)
    document.sections[0].blocks += [
        Figure(_png(), caption="Household genogram", width_mm=60, height_mm=30,
               alt_text="Genogram of the household: mother, her partner and the baby."),
        timeline_figure(),
    ]
    return document


@pytest.fixture(scope="module")
def tagged(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("tagged")
    return write_document(_with_figures(), folder / "tagged.pdf", "pdf")


def test_structure_tree_has_headings_lists_tables_and_figures(tagged: Path) -> None:
    tree = struct_text(tagged)
    tags = _tags(tree)
    assert tags[0] == "Document"
    for tag in ("Sect", "H1", "H2", "P", "L", "LI", "Lbl", "LBody", "Table", "Caption", "THead",
                "TBody", "TR", "TH", "TD", "Figure"):
        assert tag in tags, tag
    # Reading order: title, then the summary heading, its paragraph, then the table's caption.
    order = [tree.index(t) for t in ('"Sample chronology"', '"Summary"', '"Names: Łukasz',
                                     '"Table 1: entries"')]
    assert order == sorted(order)
    # Header cells say what they head; 40 rows on several pages, still one header row tagged
    # (6 columns), plus the timeline's data table (3 columns, 2 rows).
    assert tags.count("TH") == 9 and tree.count("/Scope /Column") == 9
    assert tags.count("TR") == 41 + 3
    assert tree.count('"Outcome ') == 40


def test_furniture_and_repeated_headers_are_artifacts(tagged: Path) -> None:
    tree = struct_text(tagged)
    assert MARKING not in tree and "Page 1 of" not in tree
    pages = len(pypdf.PdfReader(str(tagged)).pages)
    # The header row is printed on every table page but read once.
    assert tree.count('"Action / outcome"') == 1 < pages - 2


def test_catalog_language_title_and_pdf_ua_identifier(tagged: Path) -> None:
    reader = pypdf.PdfReader(str(tagged))
    root = reader.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"] == True  # noqa: E712 - a pypdf BooleanObject
    assert root["/Lang"] == "en-GB"
    assert root["/ViewerPreferences"]["/DisplayDocTitle"] == True  # noqa: E712
    xmp = root["/Metadata"].get_object().get_data().decode()
    assert "<pdfuaid:part>1</pdfuaid:part>" in xmp and ">Sample chronology<" in xmp
    for page in reader.pages:
        assert "/StructParents" in page


def test_figures_carry_their_alternative_text(tagged: Path) -> None:
    reader = pypdf.PdfReader(str(tagged))
    alts = []
    stack = [reader.trailer["/Root"]["/StructTreeRoot"]]
    while stack:
        node = stack.pop()
        if isinstance(node, pypdf.generic.IndirectObject):
            node = node.get_object()
        if isinstance(node, pypdf.generic.DictionaryObject):
            if node.get("/S") == "/Figure":
                alts.append(str(node["/Alt"]))
            kids = node.get("/K", [])
            stack.extend(kids if isinstance(kids, list) else [kids])
    assert sorted(alts) == sorted([
        "Genogram of the household: mother, her partner and the baby.",
        timeline_figure().alt_text])


def test_tagged_pdf_passes_the_pdf_ua_check(tagged: Path) -> None:
    assert pdf_ua_findings(tagged) == []


def test_a_broken_file_fails_the_check(tmp_path: Path, tagged: Path) -> None:
    """The check can fail: the same file with its title display switched off does."""
    writer = pypdf.PdfWriter(clone_from=str(tagged))
    writer._root_object["/ViewerPreferences"][pypdf.generic.NameObject("/DisplayDocTitle")] = \
        pypdf.generic.BooleanObject(False)
    del writer._root_object["/Lang"]
    bad = tmp_path / "bad.pdf"
    writer.write(str(bad))
    assert pdf_ua_findings(bad)


# E-bundle -------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    document = _with_figures()
    document.page_style = BUNDLE
    document.sections.append(Section([Heading("Later section"), Paragraph("End.")]))
    folder = tmp_path_factory.mktemp("bundle")
    return write_document(document, folder / "bundle.pdf", "pdf")


def test_bundle_page_labels_equal_printed_page_numbers(bundle: Path) -> None:
    reader = pypdf.PdfReader(str(bundle))
    total = len(reader.pages)
    assert total > 5
    for index, page in enumerate(reader.pages):
        printed = re.search(r"Page (\d+) of (\d+)", page.extract_text())
        assert printed is not None, index
        assert printed.group(1) == reader.page_labels[index] == str(index + 1)
        assert printed.group(2) == str(total)


def test_bundle_is_a4_portrait_nothing_rotated_and_opens_at_100_percent(bundle: Path) -> None:
    reader = pypdf.PdfReader(str(bundle))
    for page in reader.pages:
        assert [round(float(v)) for v in page.mediabox] == [0, 0, 595, 842]
        assert page.get("/Rotate", 0) == 0
    action = reader.trailer["/Root"]["/OpenAction"]
    assert action[0].get_object() == reader.pages[0].get_object()
    assert action[1] == "/XYZ" and float(action[4]) == 1.0


def test_bundle_body_text_is_at_least_12_point_with_1_5_spacing(bundle: Path) -> None:
    with pdfplumber.open(str(bundle)) as pdf:
        sizes = {round(c["size"], 1) for p in pdf.pages for c in p.chars}
        # Line spacing in a table cell: baselines 18 pt apart for 12 pt text.
        page = pdf.pages[-3]
        tops = sorted({round(c["top"], 1) for c in page.chars if round(c["size"]) == 12})
    assert min(sizes) >= 12.0
    gaps = {round(b - a, 1) for a, b in zip(tops, tops[1:], strict=False)}
    assert 18.0 in gaps


def test_bundle_outline_and_linked_contents_page(bundle: Path) -> None:
    reader = pypdf.PdfReader(str(bundle))
    outline = []
    stack = list(reader.outline)
    while stack:
        item = stack.pop(0)
        if isinstance(item, list):
            stack[:0] = item
        else:
            outline.append((item.title, reader.get_destination_page_number(item)))
    titles = [t for t, _ in outline]
    assert {"Contents", "Summary", "Detail", "Chronology", "Later section"} <= set(titles)
    pages_of = dict(outline)

    contents = reader.pages[1]
    assert "Contents" in contents.extract_text()
    links = [a.get_object() for a in contents["/Annots"]]
    assert len(links) == 4  # Summary, Detail, Chronology, Later section
    for link in links:
        assert link["/Subtype"] == "/Link"
        destination = link["/Dest"]
        target = [p.indirect_reference.idnum for p in reader.pages].index(
            destination[0].idnum)
        assert destination[1] == "/XYZ" and destination[4] == 0  # keeps the reader's zoom
        title = str(link["/Contents"]).rsplit(", page ", 1)
        assert pages_of[title[0]] == target == int(title[1]) - 1
    assert contents["/Tabs"] == "/S"
    tree = struct_text(bundle)
    assert "TOC" in _tags(tree) and "TOCI" in _tags(tree) and "Link" in _tags(tree)
    assert pdf_ua_findings(bundle) == []


def test_court_style_is_bundle_ready_by_default_and_review_is_not() -> None:
    assert ExportOptions(style=ExportStyle.COURT).bundle_ready()
    assert not ExportOptions(style=ExportStyle.REVIEW).bundle_ready()
    assert not ExportOptions(style=ExportStyle.COURT, bundle=False).bundle_ready()


def test_review_tables_stay_landscape_outside_a_bundle(tmp_path: Path) -> None:
    table = Table([Column("A"), Column("B")], [Row(["1", "2"])])
    document = Document(TitlePage("T"), [Section([table], Orientation.LANDSCAPE)])
    reader = pypdf.PdfReader(str(write_document(document, tmp_path / "r.pdf", "pdf")))
    assert reader.pages[1].mediabox.width > reader.pages[1].mediabox.height
    document.page_style = BUNDLE
    reader = pypdf.PdfReader(str(write_document(document, tmp_path / "b.pdf", "pdf")))
    assert all(p.mediabox.width < p.mediabox.height for p in reader.pages)
