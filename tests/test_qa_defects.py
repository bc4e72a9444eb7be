"""Defects found in whole-product QA, each reproduced on a real encrypted case file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from app.cli import main
from app.operations.export import build_document
from exports.document import ExportOptions
from exports.file_text import file_text
from exports.output import write_document
from storage.case import CaseDetails
from storage.casefile import CaseFile
from storage.chronology import Agency, ChronologyEntry
from storage.chronology_store import add_entry
from storage.dates import PartialDate
from storage.people import Person, Sex
from storage.snapshot import load_snapshot
from tests.conftest import PASSPHRASE


@pytest.fixture(autouse=True)
def _qt_application(qapp):  # noqa: ANN001, ANN202
    # Court exports and the genogram command draw with Qt and make a bare QGuiApplication when
    # none exists; a later pytest-qt test in the same process would then abort. Make the full
    # QApplication first, as the desktop app does.
    return qapp


def _unicode_case(path: Path) -> None:
    with CaseFile.create(path, PASSPHRASE, CaseDetails(reference="QA-U1")) as case:
        police = next(a.id for a in case.all(Agency) if a.name == "Police")
        with case.transaction("add family") as tx:
            tx.add(Person(given_names="Amélie", family_name="O'Brien", sex=Sex.FEMALE,
                          is_index_child=True,
                          date_of_birth=PartialDate.from_date(dt.date(2026, 3, 1))))
            mother = tx.add(Person(given_names="Zoë", family_name="Kowalczyk", sex=Sex.FEMALE))
            father = tx.add(Person(given_names="Łukasz", family_name="Nowak", sex=Sex.MALE))
            add_entry(tx, ChronologyEntry(
                event_date=PartialDate.from_date(dt.date(2026, 4, 1)), agency_id=police,
                what_happened="LUKASZ shouted at Zoe; Lukasz left before officers arrived. "
                              "The O’Brien baby was asleep.",
                source_ref="POL/1 p2", key_event=True, people=[father, mother]))


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_anonymised_export_removes_names_written_without_their_accents(
        tmp_path: Path, fmt: str) -> None:
    # Agencies often type "Lukasz" or "Zoe" for Łukasz and Zoë; a published review must not
    # carry them.
    path = tmp_path / "u.vcase"
    _unicode_case(path)
    with CaseFile.open(path, PASSPHRASE) as case:
        snapshot = load_snapshot(case)
    document, anonymiser = build_document(
        snapshot, ExportOptions(format=fmt, style="review", anonymise=True))
    out = write_document(document, tmp_path / f"anon.{fmt}", fmt,
                         verify=lambda data: anonymiser.check(file_text(data, fmt)))
    text = file_text(out.read_bytes(), fmt)
    assert "shouted at" in text
    assert "The Baby A baby was asleep" in " ".join(text.split())
    for leaked in ("LUKASZ", "Lukasz", "Zoe", "Łukasz", "Zoë", "O’Brien", "O'Brien"):
        assert leaked not in text, leaked


def test_export_accepts_an_older_copy_when_told_to(tmp_path: Path, monkeypatch, capsys) -> None:
    # The refusal tells the user to use --accept-older; export must then accept that flag.
    monkeypatch.setenv("VISIBLE_PASSPHRASE", PASSPHRASE)
    case_path = tmp_path / "c.vcase"
    copy = tmp_path / "copy.vcase"
    assert main(["new", str(case_path), "--reference", "QA-2"]) == 0
    copy.write_bytes(case_path.read_bytes())
    with CaseFile.open(case_path, PASSPHRASE) as case, case.transaction("edit") as tx:
        tx.add(Person(given_names="Sam", sex=Sex.MALE))
    case_path.unlink()
    copy.rename(case_path)
    out = tmp_path / "c.pdf"
    assert main(["export", str(case_path), "--style", "court", "--out", str(out)]) == 1
    assert "--accept-older" in capsys.readouterr().err
    assert not out.exists()
    assert main(["export", str(case_path), "--accept-older", "--style", "court",
                 "--out", str(out)]) == 0
    assert out.read_bytes().startswith(b"%PDF")
    assert main(["backup", str(case_path), str(tmp_path / "b.vcase"), "--accept-older"]) == 0



def _small_disk() -> None:
    # Files may grow to 48 KiB only: writes past that fail as they would on a full disk (the
    # test's genogram at 600 dpi is ~74 KB as a palette PNG).
    import resource
    import signal

    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (48 * 1024, resource.RLIM_INFINITY))


def test_a_full_disk_while_creating_a_case_is_reported_as_a_full_disk(tmp_path: Path) -> None:
    # SQLite rolls a transaction back itself when the disk fills; the schema upgrade's own
    # ROLLBACK then failed with "cannot rollback - no transaction is active", hiding the cause.
    import os
    import subprocess
    import sys

    env = {**os.environ, "VISIBLE_PASSPHRASE": PASSPHRASE,
           "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    done = subprocess.run([sys.executable, "-m", "app", "new", str(tmp_path / "c.vcase"),
                           "--reference", "QA-3"], env=env, capture_output=True, text=True,
                          preexec_fn=_small_disk, timeout=60)
    assert done.returncode == 1
    # (On a real full tmpfs the message is "The disk holding c.vcase is full; ... Free some
    # space"; a file-size limit surfaces as SQLite's own I/O error instead.)
    assert "cannot rollback" not in done.stderr, done.stderr
    assert done.stderr.startswith("visible: c.vcase ") and done.stderr.count("\n") == 1
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "c.vcase").exists()


def test_backup_and_genogram_name_a_missing_folder_or_a_folder_target(
        tmp_path: Path, monkeypatch, capsys) -> None:
    # Both used to report "could not read or write .../.b.vcase.x1y2.tmp: ..." (a temporary
    # name the user never chose) or a bare OS error, with nothing to do about it.
    monkeypatch.setenv("VISIBLE_PASSPHRASE", PASSPHRASE)
    case_path = tmp_path / "c.vcase"
    _unicode_case(case_path)
    missing = tmp_path / "no such folder"
    assert main(["backup", str(case_path), str(missing / "b.vcase")]) == 1
    err = capsys.readouterr().err
    assert f"The folder {missing} does not exist" in err and ".tmp" not in err
    folder = tmp_path / "pic.png"
    folder.mkdir()
    assert main(["genogram", str(case_path), "--out", str(folder)]) == 1
    err = capsys.readouterr().err
    assert "is a folder; give a file name" in err and ".tmp" not in err
    assert folder.is_dir() and list(folder.iterdir()) == []
    assert list(tmp_path.glob(".*.tmp")) == []


def test_a_genogram_that_does_not_fit_on_the_disk_is_named_and_cleaned_up(
        tmp_path: Path) -> None:
    # Used to print "could not read or write: No space left on device." (no file, no advice).
    import os
    import subprocess
    import sys

    case_path = tmp_path / "c.vcase"
    _unicode_case(case_path)
    env = {**os.environ, "VISIBLE_PASSPHRASE": PASSPHRASE, "QT_QPA_PLATFORM": "offscreen",
           "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    out_dir = tmp_path / "pictures"
    out_dir.mkdir()
    done = subprocess.run([sys.executable, "-m", "app", "genogram", str(case_path),
                           "--out", str(out_dir / "g.png"), "--dpi", "600"],
                          env=env, capture_output=True, text=True, preexec_fn=_small_disk,
                          timeout=60)
    assert done.returncode == 1, done.stderr
    assert done.stderr.startswith("visible: Could not write g.png: "), done.stderr
    assert "try again" in done.stderr and done.stderr.count("\n") == 1
    assert list(out_dir.iterdir()) == []


def test_a_long_protective_marking_fits_on_every_pdf_page(tmp_path: Path, monkeypatch) -> None:
    # A marking longer than the page is wide was cut off at both edges.
    import pdfplumber

    monkeypatch.setenv("VISIBLE_PASSPHRASE", PASSPHRASE)
    case_path = tmp_path / "c.vcase"
    _unicode_case(case_path)
    marking = ("OFFICIAL-SENSITIVE: PERSONAL — FAMILY COURT PROCEEDINGS — NOT TO BE DISCLOSED "
               "WITHOUT THE PERMISSION OF THE COURT (FPR 2010 r.12.73)")
    out = tmp_path / "c.pdf"
    assert main(["export", str(case_path), "--style", "court", "--marking", marking,
                 "--out", str(out)]) == 0
    with pdfplumber.open(out) as pdf:
        for page in pdf.pages:
            top = [c for c in page.chars if c["top"] < 40]
            assert "".join(c["text"] for c in top).replace(" ", "") == marking.replace(" ", "")
            assert min(c["x0"] for c in top) >= 0 and max(c["x1"] for c in top) <= page.width


def _imported(case_path: Path) -> list[tuple[str, str]]:
    from storage.chronology_store import entries

    with CaseFile.open(case_path, PASSPHRASE) as case:
        return [(e.event_date.display(), e.what_happened) for e in entries(case)]


def test_csv_cells_with_doubled_quotes_and_line_breaks_stay_one_row(
        tmp_path: Path, monkeypatch) -> None:
    # The CSV sniffer decided quotes were not doubled, so this one row became two and the
    # second "row" failed with "'second line\\"' is not a date".
    monkeypatch.setenv("VISIBLE_PASSPHRASE", PASSPHRASE)
    case_path = tmp_path / "c.vcase"
    _unicode_case(case_path)
    before = _imported(case_path)
    csv_file = tmp_path / "gp.csv"
    csv_file.write_bytes('Date,Event,Source\r\n22/05/2016,"Zoë paid £300, said ""fine""\r\n'
                         'second line",GP notes p4\r\n'.encode("utf-8-sig"))
    assert main(["import", str(case_path), str(csv_file), "--agency", "GP"]) == 0
    added = [e for e in _imported(case_path) if e not in before]
    assert added == [("22/05/2016", 'Zoë paid £300, said "fine"\nsecond line')]


def test_excel_unicode_text_export_utf16_imports(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("VISIBLE_PASSPHRASE", PASSPHRASE)
    case_path = tmp_path / "c.vcase"
    _unicode_case(case_path)
    before = _imported(case_path)
    txt = tmp_path / "police.csv"
    txt.write_bytes("Date\tEvent\tSource\r\nMay 2016\tمحمد seen by PC\tPOL p1\r\n"
                    .encode("utf-16"))
    assert main(["import", str(case_path), str(txt), "--agency", "Police"]) == 0
    added = [e for e in _imported(case_path) if e not in before]
    assert added == [("May 2016", "محمد seen by PC")]


def test_word_table_cell_merged_across_columns_does_not_shift_later_columns(
        tmp_path: Path, monkeypatch) -> None:
    # The reader tested the <w:gridSpan> element's truth (always False: it has no children), so
    # a merged cell counted as one column and every cell after it moved one column left.
    import warnings

    import docx

    monkeypatch.setenv("VISIBLE_PASSPHRASE", PASSPHRASE)
    case_path = tmp_path / "c.vcase"
    _unicode_case(case_path)
    before = _imported(case_path)
    document = docx.Document()
    table = document.add_table(rows=2, cols=5)
    for cell, text in zip(table.rows[0].cells, ["Date", "Event", "Action", "Source", "Time"],
                          strict=True):
        cell.text = text
    row = table.rows[1].cells
    row[0].text, row[1].text, row[3].text, row[4].text = "22/05/2016", "Seen", "POL p7", "09:15"
    row[1].merge(row[2])  # the event runs into the (empty) action column
    path = tmp_path / "police.docx"
    document.save(str(path))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert main(["import", str(case_path), str(path), "--agency", "Police"]) == 0
    from storage.chronology_store import entries

    with CaseFile.open(case_path, PASSPHRASE) as case:
        new = [e for e in entries(case)
               if (e.event_date.display(), e.what_happened) not in before]
    assert [(e.what_happened, e.source_ref, e.event_time) for e in new] == [
        ("Seen", "POL p7", "09:15")]


def test_excel_return_with_a_cover_sheet_first_reads_the_chronology_sheet(
        tmp_path: Path, monkeypatch) -> None:
    # Only the first sheet was read, so a workbook opening on a cover sheet was refused with
    # "No column is mapped to Date and What happened".
    import openpyxl

    monkeypatch.setenv("VISIBLE_PASSPHRASE", PASSPHRASE)
    case_path = tmp_path / "c.vcase"
    _unicode_case(case_path)
    before = _imported(case_path)
    book = openpyxl.Workbook()
    book.active.title = "Cover"
    book.active.append(["Health visiting return for the review panel"])
    sheet = book.create_sheet("Chronology")
    sheet.append(["Date", "Event", "Source"])
    sheet.append([dt.datetime(2016, 5, 22), "New birth visit", "HV notes p2"])
    path = tmp_path / "hv.xlsx"
    book.save(path)
    assert main(["import", str(case_path), str(path), "--agency", "Health visitor"]) == 0
    added = [e for e in _imported(case_path) if e not in before]
    assert added == [("22/05/2016", "New birth visit")]


def test_an_empty_passphrase_is_reported_as_missing_not_wrong(tmp_path: Path) -> None:
    # Pressing Enter at the prompt (or piping an empty line) said "the passphrase is wrong, or
    # the file is not a Visible case file or is damaged", which sends people hunting for damage.
    import os
    import subprocess
    import sys

    case_path = tmp_path / "c.vcase"
    _unicode_case(case_path)
    env = {k: v for k, v in os.environ.items() if k != "VISIBLE_PASSPHRASE"}
    env["PYTHONPATH"] = str(Path(__file__).resolve().parents[1])
    done = subprocess.run([sys.executable, "-m", "app", "info", str(case_path)], env=env,
                          input="\n", capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert "visible: No passphrase given" in done.stderr, done.stderr
    assert "damaged" not in done.stderr


def test_a_childs_unpartnered_parents_sit_together_so_the_partner_is_not_drawn_as_father(
        tmp_path: Path) -> None:
    # Birth father and mother with no recorded relationship, mother living with a new partner:
    # the partner was placed between them and the baby's line hung from under his symbol.
    from exports.genogram.data import load_genogram_data
    from exports.genogram.layout import layout_genogram
    from storage.relationships import ParentLink, Partnership

    with CaseFile.create(tmp_path / "g.vcase", PASSPHRASE, CaseDetails(reference="G")) as case:
        with case.transaction("family") as tx:
            baby = tx.add(Person("Zoë", "Ł", sex=Sex.FEMALE, is_index_child=True))
            mother = tx.add(Person("Aisha", "R", sex=Sex.FEMALE))
            father = tx.add(Person("Łukasz", "N", sex=Sex.MALE))
            partner = tx.add(Person("Jean", "O'C", sex=Sex.MALE))
            tx.add(ParentLink(mother, baby))
            tx.add(ParentLink(father, baby))
            tx.add(Partnership(mother, partner))
        layout = layout_genogram(load_genogram_data(case))
    x = {k: layout.positions[k][0] for k in (mother, father, partner, baby)}
    low, high = sorted((x[mother], x[father]))
    assert not low < x[partner] < high, x  # nobody stands between the baby's two parents
    assert low <= x[baby] <= high
