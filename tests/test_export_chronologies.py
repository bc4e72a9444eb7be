"""Court and review chronologies built from real encrypted case files, read back from the files."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from dataclasses import replace
from pathlib import Path

import docx
import pypdf

from app.genogram.rendering import render_png
from app.operations.export import build_document, export_case
from exports.court import select_entries
from exports.document import ExportOptions, Figure, Label, Table
from exports.file_text import file_text
from exports.male_carers import unknowns
from exports.palette import AA_NORMAL, OKABE_ITO, contrast, text_colour_for
from storage.carers import CarerFact, FactBasis, FactStatus
from storage.exports_store import last_export
from storage.people import Person, Sex
from storage.snapshot import load_snapshot
from tests.export_support import TODAY, _demo_snapshot  # noqa: F401  (fixture)


def _chronology(document) -> Table:
    return document.tables()[-1]


def test_court_lists_key_events_numbered_with_their_evidence(demo_snapshot) -> None:
    document, _ = build_document(demo_snapshot, ExportOptions(style="court",
                                                              key_events_only=True))
    table = _chronology(document)
    key = [e for e in demo_snapshot.entries if e.key_event and e.duplicate_of is None]
    assert 0 < len(key) < len(demo_snapshot.entries)
    assert len(table.rows) == len(key)
    assert [c.title for c in table.columns] == [
        "No.", "Date", "Event", "Significance for the child", "Witness / document reference"]
    assert [r.cells[0] for r in table.rows] == [str(i) for i in range(1, len(key) + 1)]
    assert [r.cells[4] for r in table.rows] == [e.source_ref for e in key]
    headings = [b.text for b in document.blocks() if type(b).__name__ == "Heading"]
    assert headings[:4] == ["1. Case summary", "2. Household genogram", "3. Family composition",
                            "4. Male carers"]


def test_default_window_is_two_years_plus_key_earlier_events(demo_snapshot) -> None:
    snapshot = demo_snapshot
    # Shift "today" so part of the demo chronology falls before the two-year window (no
    # proceedings date is recorded, so the window counts back from today).
    shifted = replace(snapshot, today=dt.date(2027, 12, 1))
    chosen = select_entries(shifted, ExportOptions())
    start = dt.date(2025, 12, 1)
    expected = [e for e in shifted.entries if e.key_event or e.event_date.earliest() >= start]
    assert chosen == expected
    assert any(e.event_date.earliest() < start for e in chosen)
    assert all(e.key_event for e in chosen if e.event_date.earliest() < start)
    assert len(chosen) < len(shifted.entries)


def test_review_merges_every_agency_in_date_order_with_colour_key(demo_snapshot) -> None:
    document, _ = build_document(demo_snapshot, ExportOptions(style="review"))
    table = _chronology(document)
    assert [c.title for c in table.columns] == [
        "Date", "Time", "Agency", "Event", "Action / outcome", "Analysis"]
    assert len(table.rows) == len(demo_snapshot.entries)
    keys = [e.sort_key() for e in demo_snapshot.entries]
    assert keys == sorted(keys)
    prefixes = {a.prefix for a in demo_snapshot.agencies.values()}
    assert all(r.cells[2].split("\n")[0] in prefixes for r in table.rows)
    agency_key = next(t for t in document.tables() if t.caption.startswith("Agencies"))
    assert len(agency_key.rows) == len({e.agency_id for e in demo_snapshot.entries})
    for row in table.rows + agency_key.rows:
        assert row.colour is not None
        assert contrast(row.colour.fill, row.colour.text) >= AA_NORMAL


def test_palette_is_aa_with_its_chosen_text_colour() -> None:
    for fill in OKABE_ITO:
        assert contrast(fill, text_colour_for(fill)) >= AA_NORMAL


def test_male_carers_section_shows_roles_factor_map_and_unknowns(demo_snapshot) -> None:
    document, _ = build_document(demo_snapshot, ExportOptions(style="court"))
    roles = next(t for t in document.tables() if t.caption.startswith("Male-carer roles"))
    texts = [" | ".join(r.cells) for r in roles.rows]
    assert any(t.startswith("Birth father | Daniel Price") for t in texts)
    assert any("Not known (declared)" in t and "helps out" in t for t in texts)
    factor_maps = [t for t in document.tables() if t.caption.startswith("Factor map")]
    assert [t.caption.split(" (")[0] for t in factor_maps] == [
        "Factor map: Daniel Price", "Factor map: Liam Carter"]
    liam = {r.cells[0]: r.cells for r in factor_maps[1].rows}
    assert liam["Substance use"][1] == "Present"
    assert "Drug and alcohol service; latest 20/05/2026" in liam["Substance use"][3]
    assert {r.cells[1] for r in factor_maps[0].rows} == {"Not known"}  # nothing scored
    record = next(t for t in document.tables() if t.caption == "What is recorded about Liam Carter")
    substances = next(r for r in record.rows if r.cells[1] == "Substances used")
    assert "a quarter ounce a day" in substances.cells[2]
    assert "verified from a record" in substances.cells[3]
    bullets = [b.items for b in document.blocks() if type(b).__name__ == "BulletList"]
    daniel, liam_unknowns = bullets[0], bullets[1]
    assert "Substance use: Substances used — not asked" in daniel
    assert "Domestic abuse: Police call-outs — not known" in liam_unknowns
    assert "Sleep: Typical hours of sleep a night — his own account only, not checked" \
        in liam_unknowns


def test_unknowns_lists_missing_unknown_and_self_reported_fields() -> None:
    from forms.completeness import man_status
    from forms.record import answers_from

    facts = answers_from([
        CarerFact(1, "sleep.typical_hours", 4, FactStatus.ANSWERED, "him", None,
                  FactBasis.SELF_REPORTED),
        CarerFact(1, "mental_health.conditions", None, FactStatus.NOT_ASKED),
    ])
    found = unknowns(man_status(Person("A", "B", sex=Sex.MALE, id=1), ["Birth father"], facts))
    assert "Sleep: Typical hours of sleep a night — his own account only, not checked" in found
    assert "Mental health: Conditions or symptoms — not asked" in found
    assert "History: Criminal history? — not recorded" in found
    assert not any(f.startswith("Sleep: Typical hours of sleep a night — not") for f in found)


def test_unaddressed_roles_are_called_out(new_case) -> None:
    with new_case.transaction("Add child") as tx:
        tx.add(Person("Amir", "Haddad", sex=Sex.MALE, is_index_child=True))
    snapshot = load_snapshot(new_case, today=TODAY)
    document, _ = build_document(snapshot, ExportOptions(style="review"))
    roles = next(t for t in document.tables() if t.caption.startswith("Male-carer roles"))
    assert len(roles.rows) == 5
    assert all("NOT ADDRESSED" in r.cells[1] for r in roles.rows)
    assert _chronology(document).rows == []


def test_docx_and_pdf_hold_the_same_chronology(demo_snapshot, tmp_path: Path) -> None:
    from exports.output import write_document

    document, _ = build_document(demo_snapshot, ExportOptions(style="review"))
    docx_path = write_document(document, tmp_path / "r.docx", "docx")
    pdf_path = write_document(document, tmp_path / "r.pdf", "pdf")
    words = lambda s: re.findall(r"\w+", s)  # noqa: E731
    model = words("\n".join(document.texts()))
    # A vector-only figure (the review's timelines) is drawn in the PDF, its alt text spoken
    # (/Alt, not page text); Word gets a picture of it: its labels are pixels there and its
    # alt text the picture's description (docPr/@descr, not body text). Both print the data.
    figures = [b for b in document.blocks() if isinstance(b, Figure)]
    drawn = {w for f in figures if f.drawing is not None
             for s in f.drawing.shapes if isinstance(s, Label) for w in words(s.text)}
    spoken = {w for f in figures for w in words(f.alt_text)}
    for path, fmt in ((docx_path, "docx"), (pdf_path, "pdf")):
        found = set(words(file_text(path.read_bytes(), fmt)))
        elsewhere = spoken if fmt == "pdf" else drawn | spoken
        missing = {w for w in model if w not in found and w not in elsewhere}
        assert not missing, (fmt, sorted(missing)[:10])
    table = docx.Document(str(docx_path)).tables[-1]
    assert len(table._tbl.tr_lst) == len(demo_snapshot.entries) + 1
    pages = pypdf.PdfReader(str(pdf_path)).pages
    assert all("OFFICIAL-SENSITIVE" in p.extract_text() for p in pages)


def test_export_case_writes_the_file_and_records_it_in_the_audit(demo_case,
                                                                 tmp_path: Path) -> None:
    before = len(demo_case.audit_events())
    out = export_case(demo_case, ExportOptions(format="pdf", style="court", anonymise=True,
                                               marking="OFFICIAL-SENSITIVE [PERSONAL]"),
                      tmp_path / "court.pdf").path
    text = file_text(out.read_bytes(), "pdf")
    assert text.count("OFFICIAL-SENSITIVE [PERSONAL]") >= 2 * len(pypdf.PdfReader(out).pages)
    events = demo_case.audit_events()
    assert len(events) == before + 1
    assert events[-1].action == "Export court chronology as pdf (anonymised) to court.pdf"
    assert events[-1].table_name == "export_record" and events[-1].new["anonymised"] == 1
    record = last_export(demo_case)
    assert record is not None and record.path == str(out) and record.anonymised
    assert record.style == "court" and record.format == "pdf" and not record.password_protected


def test_court_export_includes_the_genogram_figure(demo_case, tmp_path: Path) -> None:
    import pdfplumber

    from exports.genogram.data import load_genogram_data
    from exports.genogram.figure import png_size

    width, height = png_size(render_png(load_genogram_data(demo_case)))
    docx_path = export_case(demo_case, ExportOptions(format="docx"), tmp_path / "c.docx",
                            render_genogram=render_png).path
    pdf_path = export_case(demo_case, ExportOptions(format="pdf"), tmp_path / "c.pdf",
                           render_genogram=render_png).path
    document = docx.Document(str(docx_path))
    assert len(document.inline_shapes) == 1
    shape = document.inline_shapes[0]
    assert abs(shape.width / shape.height - width / height) < 0.01  # aspect kept
    captions = [p.text for p in document.paragraphs if p.style.name == "Caption"]
    assert "Household genogram" in captions
    with pdfplumber.open(str(pdf_path)) as pdf:
        with_images = [i for i, page in enumerate(pdf.pages) if page.images]
        assert len(with_images) == 1
        assert "Household genogram" in pdf.pages[with_images[0]].extract_text()

    anonymous = export_case(demo_case, ExportOptions(format="docx", anonymise=True),
                            tmp_path / "a.docx", render_genogram=render_png).path
    # Anonymised, the genogram is drawn from pseudonyms, and its alt text says who is in it.
    assert len(docx.Document(str(anonymous)).inline_shapes) == 1
    package = zipfile.ZipFile(anonymous).read("word/document.xml").decode()
    assert 'descr="Genogram (family tree diagram): Baby F (aged' in package
    assert "Freya" not in package
