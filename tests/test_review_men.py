"""The review export's male-carers section: each man's timeline and heatmap of contacts, what
each agency knew about him (with sleep) and his screening results, read back from real files.

The lens is computed twice: from the case (the lens page) and from the export's snapshot (the
review is built on a worker from plain objects). Both must find the same entries and gaps, or
the document would tell a different story from the screen.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import docx
import pypdf

from app.operations.export import build_document, export_case
from app.operations.screenings import record_screening
from exports.document import ExportOptions, Figure, Table
from exports.file_text import docx_text, pdf_text
from forms.lens.visibility import build_lens, lens_of_snapshot
from forms.lens.who_knew import GROUPS, build_matrix, matrix_of_snapshot
from forms.men import men_to_account_for
from storage.snapshot import load_snapshot

TODAY = dt.date(2026, 11, 26)


def _person(case, given: str):
    return case.db.execute("SELECT id FROM person WHERE given_names = ?", (given,)).fetchone()[0]


def _figures(document) -> list[Figure]:
    return [b for b in document.blocks() if isinstance(b, Figure)]


def _table(document, caption: str) -> Table:
    return next(t for t in document.tables() if t.caption == caption)


def test_the_snapshot_lens_is_the_case_lens(demo_case) -> None:
    snapshot = load_snapshot(demo_case, TODAY)
    men = men_to_account_for(snapshot)
    assert len(men) >= 3
    for man in men:
        ours, theirs = lens_of_snapshot(snapshot, man.id), build_lens(demo_case, man.id)
        assert [(e.entry.id, e.contact, e.agency) for e in ours.entries] == \
            [(e.entry.id, e.contact, e.agency) for e in theirs.entries], man.display_name
        assert ours.span == theirs.span and ours.lanes == theirs.lanes
        assert [g.text for g in ours.gaps] == [g.text for g in theirs.gaps]
        a, b = matrix_of_snapshot(snapshot, man.id, ours), build_matrix(demo_case, man.id)
        assert a.agencies == b.agencies
        assert {k: len(v) for k, v in a.cells.items()} == {k: len(v) for k, v in b.cells.items()}


def test_each_man_has_a_timeline_and_a_heatmap_with_alt_text_and_their_data(demo_case) -> None:
    snapshot = load_snapshot(demo_case, TODAY)
    document, _ = build_document(snapshot, ExportOptions(style="review"))
    figures = {f.caption: f for f in _figures(document)}
    liam = figures["Contacts with Liam Carter over time, by agency"]
    assert liam.drawing is not None and liam.data is not None
    assert liam.alt_text.startswith("Timeline of Liam Carter's contacts with 8 agencies from "
                                    "2 September 2025 to 20 November 2026: 9 seen, 6 spoken to")
    assert "Recorded him without seeing or speaking to him: Health visitor, Housing, Drug and " \
           "alcohol service." in liam.alt_text
    # The same data as a table: one row a contact (27 entries name or involve him), then gaps.
    contacts = [r for r in liam.data.rows if r.cells[0] != "All agencies"]
    assert len(contacts) == 27
    assert ["GP", "12 February 2026", "Seen", "#3"] in [r.cells for r in contacts]
    gaps = [r for r in liam.data.rows if r.cells[0] == "All agencies"]
    assert [r.cells[1:3] for r in gaps] == [["2 September 2025 to 12 February 2026",
                                            "Gap: 163 days"]]
    # The heatmap counts contacts (seen or spoken to) by agency and quarter; its table is the
    # picture's numbers: the GP saw him three times in Q1 2026.
    heat = figures["Contacts with Liam Carter by agency and quarter"]
    assert heat.data is not None
    quarter = {r.cells[0]: r.cells[1:] for r in heat.data.rows}
    gp = [c.title for c in heat.data.columns].index("GP") - 1
    assert quarter["Q1 2026"][gp] == "3" and quarter["Q3 2025"][gp] == "0"
    total = sum(int(c) for cells in quarter.values() for c in cells)
    assert total == 15  # 9 seen + 6 spoken to
    assert "15 contacts in all" in heat.alt_text
    # Daniel was never seen or spoken to: the gap spans the chronology, the heatmap is empty.
    daniel = figures["Contacts with Daniel Price over time, by agency"]
    assert "No agency saw or spoke to him." in daniel.alt_text
    assert "0 contacts in all" in figures["Contacts with Daniel Price by agency and quarter"] \
        .alt_text


def test_what_each_agency_knew_has_sleep_and_names_what_only_one_agency_knew(demo_case) -> None:
    snapshot = load_snapshot(demo_case, TODAY)
    document, _ = build_document(snapshot, ExportOptions(style="review"))
    table = _table(document, "What each agency knew about Liam Carter: entries and record "
                             "answers in each area (— none)")
    assert [c.title for c in table.columns] == ["Agency or source"] + [lbl for _g, lbl in GROUPS]
    assert "Sleep" in [c.title for c in table.columns]
    rows = {r.cells[0]: r.cells[1:] for r in table.rows}
    sleep = [lbl for _g, lbl in GROUPS].index("Sleep")
    assert rows["GP"][sleep] != "—"  # "low mood and poor sleep (about four hours a night)"
    assert rows["Housing"][sleep] == "—"
    texts = list(document.texts())
    assert "Sleep: known only to GP" in texts


def test_screening_results_are_listed_one_by_one_never_combined(demo_case,
                                                                tmp_path: Path) -> None:
    liam = _person(demo_case, "Liam")
    record_screening(demo_case, liam, "phq9", {f"q{n}": 1 for n in range(1, 10)},
                     dt.date(2026, 6, 3), "Dr A. Shah (GP)")
    record_screening(demo_case, liam, "gad7", {f"q{n}": 2 for n in range(1, 8)},
                     dt.date(2026, 6, 3), "Dr A. Shah (GP)")
    snapshot = load_snapshot(demo_case, TODAY)
    document, _ = build_document(snapshot, ExportOptions(style="review"))
    table = _table(document, "Screening results: Liam Carter (each instrument on its own; "
                             "scores are never added together)")
    assert [c.title for c in table.columns] == ["Instrument", "Score", "Band", "Date", "By whom"]
    cells = [r.cells for r in table.rows]
    assert [c[0] for c in cells] == ["GAD-7", "PHQ-9"]
    assert cells[1][1] == "9 / 27" and cells[0][1] == "14 / 21"
    assert all(c[2] not in ("", "—") for c in cells)  # each carries its own band
    assert all(c[3:] == ["3 June 2026", "Dr A. Shah (GP)"] for c in cells)
    # Nothing adds the two together (9 + 14) or gives an overall level.
    texts = "\n".join(document.texts())
    assert "23 / 48" not in texts and "overall" not in texts.lower()
    # In the files, and the anonymised one does not say who administered them.
    out = export_case(demo_case, ExportOptions(format="docx", style="review"),
                      tmp_path / "review.docx").path
    word = docx.Document(str(out))
    found = [t for t in word.tables if t.rows[0].cells[0].text == "Instrument"]
    assert [c.text for c in found[0].rows[1].cells] == cells[0]
    anon = export_case(demo_case, ExportOptions(format="pdf", style="review", anonymise=True),
                       tmp_path / "anon.pdf").path
    text = pdf_text(anon.read_bytes())
    assert "PHQ-9" in text and "9 / 27" in text and "Shah" not in text


def test_the_timeline_figure_is_in_the_pdf_with_its_alt_text(demo_case, tmp_path: Path) -> None:
    out = export_case(demo_case, ExportOptions(format="pdf", style="review"),
                      tmp_path / "review.pdf").path
    reader = pypdf.PdfReader(str(out))
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
    assert any(a.startswith("Timeline of Liam Carter's contacts with 8 agencies") for a in alts)
    assert any(a.startswith("Heatmap of Liam Carter's contacts") for a in alts)
    text = pdf_text(out.read_bytes())
    # The drawing's own labels are text (a reader can search and copy them), with its table.
    assert "No agency saw or spoke to him" in text and "Asked about" in text
    assert "The timeline's data: Liam Carter's contacts by agency" in text
    # Word gets a picture of each drawing, described by its alt text, and the same tables.
    word = export_case(demo_case, ExportOptions(format="docx", style="review"),
                       tmp_path / "review.docx").path
    with zipfile.ZipFile(word) as package:
        xml = package.read("word/document.xml").decode()
    assert 'descr="Timeline of Liam Carter&apos;s contacts with 8 agencies' in xml \
        or 'descr="Timeline of Liam Carter\'s contacts with 8 agencies' in xml
    assert xml.count("<pic:pic") == 4  # two men in a role, two figures each
    words = docx_text(word.read_bytes())
    assert "The heatmap's data: contacts with Liam Carter by agency and quarter" in words


def test_a_man_no_entry_names_gets_a_sentence_not_an_empty_figure(new_case) -> None:
    from app.operations.roles import link_in
    from storage.carers import CarerRole
    from storage.people import Person, Sex

    with new_case.transaction("Add people") as tx:
        child = Person("Freya", "Nowak", sex=Sex.FEMALE, is_index_child=True,
                       date_of_birth=dt.date(2026, 1, 1))
        father = Person("Piotr", "Nowak", sex=Sex.MALE)
        tx.add(child)
        tx.add(father)
        link_in(tx, child.id, CarerRole.BIRTH_FATHER, father.id, "Test Author")
    snapshot = load_snapshot(new_case, TODAY)
    document, _ = build_document(snapshot, ExportOptions(style="review"))
    texts = list(document.texts())
    assert "No chronology entry involves or names Piotr Nowak." in texts
    assert "No screening instrument has been completed with Piotr Nowak." in texts
    assert not _figures(document)


def test_the_lens_page_paints_the_documents_timeline_and_heatmap(qtbot, demo_case,
                                                                  tmp_path: Path) -> None:
    from PySide6.QtGui import QColor

    from app.chronology.lens_view import LensView
    from app.session import CaseSession

    view = LensView(CaseSession(demo_case))
    qtbot.addWidget(view)
    view.resize(1200, 900)
    view.show()
    view.man.setCurrentIndex(view.man.findText("Liam Carter"))
    qtbot.waitUntil(lambda: not view.busy and view.figures is not None
                    and "Liam" in view.figures[0].caption, timeout=10000)
    timeline, heatmap = view.figures
    # The same figures the review prints (its alt text is the widgets' description).
    assert view.timeline.accessibleDescription() == timeline.alt_text
    assert timeline.alt_text.startswith("Timeline of Liam Carter's contacts with 8 agencies")
    assert view.heatmap.accessibleDescription().startswith(
        "Heatmap of Liam Carter's contacts (seen or spoken to) by agency and quarter")
    qtbot.waitUntil(lambda: view.timeline.height() > 100, timeout=2000)
    qtbot.wait(50)  # let the layout place the figure at its new height

    def colours() -> set[str]:
        image = view.grab().toImage()
        image.save(str(tmp_path / f"lens-{view.figure_tabs.currentIndex()}.png"))
        return {image.pixelColor(x, y).name() for x in range(0, image.width(), 3)
                for y in range(0, image.height(), 3)}

    # The gap band (pale yellow) is painted; the GP's Q1 2026 heatmap cell (three contacts:
    # the darkest blue but one) is on the second tab.
    assert QColor("#fbe9a6").name() in colours()
    view.figure_tabs.setCurrentIndex(1)
    qtbot.waitUntil(lambda: view.heatmap.height() > 60, timeout=2000)
    qtbot.wait(50)
    assert QColor("#4e9bd1").name() in colours()
    # Daniel: never seen or spoken to; the timeline shows it across the chronology.
    view.man.setCurrentIndex(view.man.findText("Daniel Price"))
    qtbot.waitUntil(lambda: not view.busy and view.figures is not None
                    and "Daniel" in view.figures[0].caption, timeout=10000)
    assert "No agency saw or spoke to him." in view.timeline.accessibleDescription()
    assert "No agency saw or spoke to Daniel Price at any point" in view.gaps.text()


def test_a_long_chronology_keeps_the_axis_readable_and_the_heatmap_in_pages() -> None:
    from exports.document import Label
    from exports.timeline import (
        GapBand,
        Mark,
        TimelineData,
        heatmap_figure,
        heatmap_figures,
        timeline_drawing,
    )

    span = (dt.date(2009, 5, 1), dt.date(2026, 11, 20))  # 71 quarters
    data = TimelineData("Liam Carter", span, [
        ("GP", [Mark(dt.date(2010, 2, 1), "seen"), Mark(dt.date(2026, 10, 1), "seen")]),
        ("Police", [Mark(dt.date(2018, 7, 9), "spoken_to")])],
        [GapBand(dt.date(2010, 2, 1), dt.date(2018, 7, 9), "No agency saw or spoke to ...")])
    drawing = timeline_drawing(data)
    axis = sorted((s for s in drawing.shapes if isinstance(s, Label) and s.y < 13.0),
                  key=lambda s: s.x)
    # Years only (a quarter is ~2 mm wide here), far enough apart not to overprint.
    assert axis and all(s.text.isdigit() for s in axis)
    assert all(b.x - a.x >= 7.0 for a, b in zip(axis, axis[1:], strict=False))
    # The document's heatmap: one figure per four years, each with its own table and alt text.
    figures = heatmap_figures(data)
    assert len(figures) == 5
    assert [f.caption.rsplit(", ", 1)[1] for f in figures] == [
        "2009 to 2012", "2013 to 2016", "2017 to 2020", "2021 to 2024", "2025 to 2026"]
    assert all(f.drawing is not None and f.drawing.height_mm < 60 for f in figures)
    assert sum(len(f.data.rows) for f in figures) == 71
    assert "Q2 2009 to Q4 2012, 15 quarters: 1 contact in all" in figures[0].alt_text
    cells = [s for s in figures[0].drawing.shapes if type(s).__name__ == "Rect"]
    assert all(r.width >= 7.5 for r in cells)  # room for a count and "Q1"
    # The lens page's one figure stacks the same bands.
    whole = heatmap_figure(data)
    assert len(whole.data.rows) == 71 and whole.drawing.height_mm > 4 * figures[0].drawing.height_mm


def test_the_anonymised_review_keeps_the_mens_sections_readable(demo_case, tmp_path: Path) -> None:
    out = export_case(demo_case, ExportOptions(format="pdf", style="review", anonymise=True),
                      tmp_path / "anon.pdf").path
    text = " ".join(pdf_text(out.read_bytes()).split())
    assert "Liam" not in text and "Daniel" not in text
    # Pseudonyms in the figures' labels, captions and tables; no caption word mistaken for
    # a name (an ordinary word like "per" once was).
    assert "Contacts with Mother's partner over time, by agency" in text
    assert "The heatmap's data: contacts with Father by agency and quarter" in text
    assert ("What each agency knew about Mother's partner: entries and record answers in each "
            "area (— none)") in text
