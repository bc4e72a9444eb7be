"""Hold-out style attacks on the `visible` command line, each on a real encrypted case file.

Each test is a defect found by driving the CLI from outside: the input, the one line the user
must get instead, and the folder checked afterwards for leftovers (journal, lock, temp files).
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from app.cli import main
from storage import lockfile
from storage.case import CaseDetails
from storage.casefile import CaseFile
from tests.conftest import PASSPHRASE


def _one_line(err: str) -> str:
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    return lines[0]


@pytest.mark.parametrize("reference", ["", "   "])
def test_a_case_with_a_blank_reference_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
    reference: str,
) -> None:
    # Used to say "Created x.vcase (case )." and make a case whose exports name no reference.
    monkeypatch.setenv("VISIBLE_PASSPHRASE", PASSPHRASE)
    assert main(["new", str(tmp_path / "x.vcase"), "--reference", reference]) == 1
    line = _one_line(capsys.readouterr().err)
    assert "needs a reference" in line
    assert list(tmp_path.iterdir()) == []  # no case, no journal, no lock file


def test_a_full_disk_on_open_leaves_no_lock_file_and_says_the_disk_is_full(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    # On a full disk the lock file's holder text ("host pid N") cannot be written: every command
    # that opened the case for editing failed with "could not read or write: No space left on
    # device." and left an empty CASE.vcase.lock behind. The holder text is only a courtesy to
    # a second opener, so the open now goes on and the write that matters says the disk is full.
    case_path = tmp_path / "c.vcase"
    CaseFile.create(case_path, PASSPHRASE, CaseDetails(reference="QA-FULL")).close()
    real_pwrite = os.pwrite

    def full(fd: int, data: bytes, offset: int) -> int:
        if os.path.samefile(f"/proc/self/fd/{fd}", tmp_path / "c.vcase.lock"):
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_pwrite(fd, data, offset)

    monkeypatch.setattr(lockfile.os, "pwrite", full)
    monkeypatch.setenv("VISIBLE_PASSPHRASE", PASSPHRASE)
    assert main(["info", str(case_path)]) == 0
    capsys.readouterr()
    with CaseFile.open(case_path, PASSPHRASE) as case:
        assert case.details().reference == "QA-FULL"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c.vcase"]


def test_a_bare_os_error_says_what_to_do(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    # "could not read or write x: File name too long." named the problem but not what to do.
    case_path = tmp_path / "c.vcase"
    CaseFile.create(case_path, PASSPHRASE, CaseDetails(reference="QA-LONG")).close()
    monkeypatch.setenv("VISIBLE_PASSPHRASE", PASSPHRASE)
    long_name = tmp_path / ("a" * 300 + ".html")
    assert main(["export", str(case_path), "--format", "html", "--style", "review",
                 "--out", str(long_name)]) == 1
    line = _one_line(capsys.readouterr().err)
    assert "shorter" in line
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c.vcase"]


def test_changing_to_the_same_passphrase_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    # Used to re-encrypt the whole file and print "The passphrase ... has been changed." when
    # VISIBLE_NEW_PASSPHRASE was the old one (a copy-paste slip): the user believes the old
    # passphrase, perhaps shared or written down, no longer opens the case.
    case_path = tmp_path / "c.vcase"
    CaseFile.create(case_path, PASSPHRASE, CaseDetails(reference="QA-SAME")).close()
    before = case_path.read_bytes()
    monkeypatch.setenv("VISIBLE_PASSPHRASE", PASSPHRASE)
    monkeypatch.setenv("VISIBLE_NEW_PASSPHRASE", PASSPHRASE)
    assert main(["passphrase", str(case_path)]) == 1
    assert "same as the current one" in _one_line(capsys.readouterr().err)
    assert case_path.read_bytes() == before  # not even re-encrypted
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c.vcase"]


@pytest.mark.parametrize("suffix", [".xlsx", ".docx"])
def test_a_csv_named_as_a_workbook_is_named_as_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
    suffix: str,
) -> None:
    # Used to say "cannot be read as an Excel workbook (File is not a zip file). If it is
    # password-protected, save an unprotected copy first." -- advice about the wrong problem.
    case_path = tmp_path / "c.vcase"
    CaseFile.create(case_path, PASSPHRASE, CaseDetails(reference="QA-CSV")).close()
    source = tmp_path / f"return{suffix}"
    source.write_text("Date,What happened\n01/02/2026,Home visit\n", encoding="utf-8")
    monkeypatch.setenv("VISIBLE_PASSPHRASE", PASSPHRASE)
    assert main(["import", str(case_path), str(source), "--agency", "Police"]) == 1
    line = _one_line(capsys.readouterr().err)
    assert "holds plain text" in line and "rename it to end in .csv" in line
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c.vcase", source.name]


def test_a_new_case_over_a_folder_says_it_is_a_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    # Used to say "d.vcase already exists; choose another name or open it instead."
    (tmp_path / "d.vcase").mkdir()
    monkeypatch.setenv("VISIBLE_PASSPHRASE", PASSPHRASE)
    assert main(["new", str(tmp_path / "d.vcase"), "--reference", "QA-DIR"]) == 1
    assert "is a folder; give a file name" in _one_line(capsys.readouterr().err)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["d.vcase"]
    assert list((tmp_path / "d.vcase").iterdir()) == []


@pytest.mark.parametrize(("content", "said"), [
    (b"PK\x03\x04" + b"\0" * 5000, "is a zip file"),
    (b"%PDF-1.7\n" + b"\0" * 5000, "is a PDF document"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 5000, "is an Office document"),
])
def test_an_office_file_or_pdf_opened_as_a_case_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
    content: bytes, said: str,
) -> None:
    # Used to say "the passphrase is wrong, or the file is not a Visible case file or is damaged".
    path = tmp_path / "c.vcase"
    path.write_bytes(content)
    monkeypatch.setenv("VISIBLE_PASSPHRASE", PASSPHRASE)
    assert main(["info", str(path)]) == 1
    line = _one_line(capsys.readouterr().err)
    assert said in line and "passphrase" not in line
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c.vcase"]


def test_a_journal_or_a_case_cut_inside_its_first_page_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    case_path = tmp_path / "c.vcase"
    CaseFile.create(case_path, PASSPHRASE, CaseDetails(reference="QA-CUT")).close()
    monkeypatch.setenv("VISIBLE_PASSPHRASE", PASSPHRASE)
    journal = tmp_path / "c.vcase-journal"
    journal.write_bytes(case_path.read_bytes()[:8192])
    assert main(["info", str(journal)]) == 1
    assert "is the journal of a case" in _one_line(capsys.readouterr().err)
    journal.unlink()
    cut = tmp_path / "cut.vcase"
    cut.write_bytes(case_path.read_bytes()[:2000])
    assert main(["verify", str(cut)]) == 1
    line = _one_line(capsys.readouterr().err)
    assert "shorter than one page" in line and "cut short" in line and "passphrase" not in line
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c.vcase", "cut.vcase"]


def test_an_export_or_backup_inside_a_file_says_it_is_a_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    # `--out c.vcase/x.html` used to say "The folder c.vcase does not exist; create it".
    case_path = tmp_path / "c.vcase"
    CaseFile.create(case_path, PASSPHRASE, CaseDetails(reference="QA-IN")).close()
    monkeypatch.setenv("VISIBLE_PASSPHRASE", PASSPHRASE)
    assert main(["export", str(case_path), "--format", "html", "--style", "review",
                 "--out", str(case_path / "x.html")]) == 1
    assert "is a file, not a folder" in _one_line(capsys.readouterr().err)
    assert main(["backup", str(case_path), str(case_path / "b.vcase")]) == 1
    assert "is a file, not a folder" in _one_line(capsys.readouterr().err)
    assert main(["practice-summary", str(case_path), "--out", str(case_path / "s.json")]) == 1
    assert "is a file, not a folder" in _one_line(capsys.readouterr().err)
    assert main(["genogram", str(case_path), "--out", str(case_path / "g.svg")]) == 1
    assert "is a file, not a folder" in _one_line(capsys.readouterr().err)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c.vcase"]


def test_a_word_export_with_rarer_characters_prints_no_font_noise(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    # A symbol Word's own fonts lack makes the export embed a DejaVu Sans subset; fontTools
    # then printed "FFTM NOT subset; don't know how to subset; dropped" twice to the terminal
    # (FontForge's timestamp table, which nothing reads).
    case_path = tmp_path / "c.vcase"
    CaseFile.create(case_path, PASSPHRASE, CaseDetails(reference="QA-FONT")).close()
    source = tmp_path / "return.csv"
    source.write_text("Date,What happened\n01/02/2026,Call \u260e logged \u2192 visit\n",
                      encoding="utf-8")
    monkeypatch.setenv("VISIBLE_PASSPHRASE", PASSPHRASE)
    assert main(["import", str(case_path), str(source), "--agency", "Police",
                 "--mapping", '{"event_date": "Date", "what_happened": "What happened"}']) == 0
    capsys.readouterr()
    out = tmp_path / "review.docx"
    assert main(["export", str(case_path), "--format", "docx", "--style", "review",
                 "--out", str(out)]) == 0
    captured = capsys.readouterr()
    # With no logging configured (the CLI) a warning goes to stderr; pytest catches it here.
    assert "FFTM" not in captured.err + captured.out + caplog.text
    from exports.file_text import file_text
    assert "\u260e logged \u2192 visit" in file_text(out.read_bytes(), "docx")


@pytest.mark.parametrize("name", ["c.vcase-journal", "c.vcase.lock", "other.vcase-journal"])
def test_a_backup_under_a_working_file_name_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
    name: str,
) -> None:
    # `visible backup c.vcase c.vcase-journal` (or c.vcase.lock) said "Backed up"; the next
    # write to c.vcase deleted the backup without a word (SQLite takes -journal as its own,
    # the lock file is removed on close). A lost backup is found out only when it is needed.
    case_path = tmp_path / "c.vcase"
    CaseFile.create(case_path, PASSPHRASE, CaseDetails(reference="QA-BAK")).close()
    monkeypatch.setenv("VISIBLE_PASSPHRASE", PASSPHRASE)
    assert main(["backup", str(case_path), str(tmp_path / name)]) == 1
    line = _one_line(capsys.readouterr().err)
    assert "choose a name ending in .vcase" in line
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c.vcase"]
    assert main(["new", str(tmp_path / "x.vcase-journal"), "--reference", "QA-BAK2"]) == 1
    assert "ends in '-journal'" in _one_line(capsys.readouterr().err)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c.vcase"]


@pytest.mark.parametrize("out", ["letter", "letter.html", "folder.docx", "missing/letter.pdf"])
def test_a_letter_to_an_unusable_path_is_refused_before_it_is_shown(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
    out: str,
) -> None:
    # `request letter … --out letter.html` printed the whole letter and the leaves-the-case
    # warning, then failed: thirty lines for one mistake in the file name.
    from app.operations.demo import create_demo

    case_path = tmp_path / "demo.vcase"
    create_demo(str(case_path), PASSPHRASE).close()
    (tmp_path / "folder.docx").mkdir()
    monkeypatch.setenv("VISIBLE_PASSPHRASE", PASSPHRASE)
    assert main(["request", "add", str(case_path), "--person", "Liam Carter",
                 "--agency", "GP"]) == 0
    capsys.readouterr()
    assert main(["request", "letter", str(case_path), "1", "--out", str(tmp_path / out)]) == 1
    captured = capsys.readouterr()
    _one_line(captured.err)
    assert captured.out == ""
    assert sorted(p.name for p in tmp_path.iterdir()) == ["demo.vcase", "folder.docx"]


def test_a_return_template_never_turns_case_details_into_formulas(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:
    # A reference or authority beginning with "=" was written into the .xlsx sent to an
    # agency as a live formula (spreadsheet formula injection), e.g. =HYPERLINK("http://…").
    import zipfile

    import openpyxl

    case_path = tmp_path / "f.vcase"
    monkeypatch.setenv("VISIBLE_PASSPHRASE", PASSPHRASE)
    reference = '=HYPERLINK("http://example.invalid","open")'
    assert main(["new", str(case_path), "--reference", reference,
                 "--local-authority", "=1+1"]) == 0
    out = tmp_path / "t.xlsx"
    assert main(["template", str(case_path), "--agency", "Police", "--out", str(out)]) == 0
    capsys.readouterr()
    with zipfile.ZipFile(out) as z:
        assert not any("<f>" in z.read(n).decode("utf-8", "replace") for n in z.namelist())
    about = openpyxl.load_workbook(out)["About this return"]
    values = [c.value for row in about.iter_rows() for c in row if c.value is not None]
    assert reference in values


def test_an_older_page_put_back_never_leaves_verify_saying_all_ok_while_search_misses(
    tmp_path: Path,
) -> None:
    # Put back, one at a time, each page an added entry changed. Most are caught on open or by
    # the audit trail, but a page of the full-text index (FTS5 shadow tables: not audited, and
    # well-formed to integrity_check) left `verify` saying "all OK" while search no longer
    # found the new entry.
    import datetime as dt

    from storage.chronology import Agency, ChronologyEntry
    from storage.chronology_query import EntryFilter, ordered_ids
    from storage.chronology_store import add_entry
    from storage.dates import PartialDate
    from storage.errors import CaseError as Refused
    from storage.keys import derive

    path = tmp_path / "c.vcase"
    with CaseFile.create(path, PASSPHRASE, CaseDetails(reference="QA-PAGE")) as case:
        police = next(a.id for a in case.all(Agency) if a.name == "Police")
        with case.transaction("add entries") as tx:
            for n in range(40):
                add_entry(tx, ChronologyEntry(
                    event_date=PartialDate.from_date(dt.date(2025, 1, 1 + n % 28)),
                    agency_id=police, source_ref=f"POL/{n}",
                    what_happened=f"Home visit number {n} by the officer"))
    older = path.read_bytes()
    with CaseFile.open(path, PASSPHRASE) as case:
        with case.transaction("add the late entry") as tx:
            add_entry(tx, ChronologyEntry(
                event_date=PartialDate.from_date(dt.date(2025, 3, 1)), agency_id=police,
                source_ref="POL/99", what_happened="Zanzibarian sandwich left on the doorstep"))
    newer = path.read_bytes()
    key = derive(PASSPHRASE, newer[:16])
    page = 4096
    changed = [n for n in range(1, len(older) // page)
               if older[n * page:(n + 1) * page] != newer[n * page:(n + 1) * page]]
    assert changed
    silent = []
    for n in changed:
        tampered = tmp_path / f"p{n}.vcase"
        tampered.write_bytes(newer[:n * page] + older[n * page:(n + 1) * page]
                             + newer[(n + 1) * page:])
        try:
            case = CaseFile.open(tampered, PASSPHRASE, read_only=True, accept_rollback=True,
                                 key=key)
        except Refused:
            continue
        with case:
            if case.damage or case.verify():
                continue
            if len(ordered_ids(case, EntryFilter(text="zanzibarian"))) != 1:
                silent.append(n)
    assert silent == []


def test_a_tampered_case_of_an_older_version_is_not_migrated_before_it_is_found(
    tmp_path: Path,
) -> None:
    # An older page put back into a case made by the previous version: opening it for editing
    # ran the migration (writing new tables into it) and only then found the damage, so the
    # copy the user is told to keep "for investigation" had already been changed.
    import datetime as dt

    from storage import schema
    from storage.chronology import Agency, ChronologyEntry
    from storage.chronology_store import add_entry
    from storage.dates import PartialDate
    from storage.errors import CaseError as Refused
    from storage.keys import derive

    path = tmp_path / "c.vcase"
    older_version = schema.LATEST_VERSION - 1
    case = CaseFile.create(path, PASSPHRASE, CaseDetails(reference="QA-MIG"),
                           schema_version=older_version)
    with case:
        police = next(a.id for a in case.all(Agency) if a.name == "Police")
        with case.transaction("first") as tx:
            for n in range(30):
                add_entry(tx, ChronologyEntry(
                    event_date=PartialDate.from_date(dt.date(2025, 2, 1 + n % 28)),
                    agency_id=police, source_ref=f"POL/{n}", what_happened=f"Visit {n}"))
        older = path.read_bytes()
        with case.transaction("second") as tx:
            add_entry(tx, ChronologyEntry(
                event_date=PartialDate.from_date(dt.date(2025, 3, 3)), agency_id=police,
                source_ref="POL/X", what_happened="The late entry"))
    newer = path.read_bytes()
    key = derive(PASSPHRASE, newer[:16])
    page = 4096
    changed = [n for n in range(1, len(older) // page)
               if older[n * page:(n + 1) * page] != newer[n * page:(n + 1) * page]]
    found = 0
    for n in changed:
        tampered = tmp_path / f"p{n}.vcase"
        before = newer[:n * page] + older[n * page:(n + 1) * page] + newer[(n + 1) * page:]
        tampered.write_bytes(before)
        try:
            opened = CaseFile.open(tampered, PASSPHRASE, accept_rollback=True, key=key)
        except Refused:
            assert tampered.read_bytes() == before
            continue
        with opened:
            damaged = opened.damage is not None
        if damaged:
            found += 1
            assert tampered.read_bytes() == before, f"page {n} put back: the file was migrated"
    assert found
