"""`visible export` as a script drives it: real processes, real encrypted case files."""

from __future__ import annotations

import io
import re
from pathlib import Path

import docx
import msoffcrypto
import pypdf
import pytest

from exports.file_text import pdf_text
from tests.test_cli_foundation import assert_user_error, visible


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("export-cli")
    cfg = folder / "cfg"
    result = visible("demo", str(folder / "demo.vcase"), VISIBLE_CONFIG_DIR=str(cfg))
    assert result.returncode == 0, result.stderr
    return folder / "demo.vcase", cfg


def test_court_docx_and_review_pdf(demo_file, tmp_path: Path) -> None:
    case, cfg = demo_file
    out = tmp_path / "court.docx"
    # A page limit of 2 set in Preferences: the count is printed and the warning follows.
    settings = cfg / "settings.ini"
    settings.write_text("[documents]\ncourt_page_limit=2\n")
    try:
        result = visible("export", str(case), "--format", "docx", "--style", "court",
                         "--out", str(out), VISIBLE_CONFIG_DIR=str(cfg))
    finally:
        settings.unlink()
    assert result.returncode == 0, result.stderr
    assert "NOT password-protected" in result.stdout
    assert docx.Document(str(out)).tables[-1].rows[0].cells[0].text == "No."
    assert "Court chronology: " in result.stdout and "as laid out in the PDF" in result.stdout
    assert re.search(r"The chronology runs to \d+ pages, more than the 2-page limit set in "
                     r"Preferences; .* The court's directions on length prevail", result.stderr)


def test_court_pdf_prints_its_own_page_count(demo_file, tmp_path: Path) -> None:
    case, cfg = demo_file
    out = tmp_path / "court.pdf"
    result = visible("export", str(case), "--proceedings-issued", "03/03/2026", "--out",
                     str(out), VISIBLE_CONFIG_DIR=str(cfg))
    assert result.returncode == 0, result.stderr
    pages = len(pypdf.PdfReader(str(out)).pages)
    found = re.search(rf"Court chronology: (\d+) pages of chronology, {pages} pages in all\.$",
                      result.stdout, re.M)
    assert found, result.stdout
    # The default limit is 10 pages: warned about exactly when the chronology is longer.
    assert ("more than the 10-page limit" in result.stderr) == (int(found[1]) > 10)
    assert "proceedings were issued on 3 March 2026" in " ".join(pdf_text(out.read_bytes()).split())

    out = tmp_path / "review.pdf"
    result = visible("anonymise", str(case), "--all-identifying", VISIBLE_CONFIG_DIR=str(cfg))
    assert result.returncode == 0, result.stderr
    result = visible("export", str(case), "--style", "review", "--anonymise", "--marking",
                     "OFFICIAL", "--out", str(out), VISIBLE_CONFIG_DIR=str(cfg))
    assert result.returncode == 0, result.stderr
    text = pdf_text(out.read_bytes())
    assert "OFFICIAL" in text and "OFFICIAL-SENSITIVE" not in text
    assert "Liam" not in text and "Baby F" in text


def test_password_from_environment(demo_file, tmp_path: Path) -> None:
    case, cfg = demo_file
    out = tmp_path / "p.pdf"
    result = visible("export", str(case), "--format", "pdf", "--password-env", "EXPORT_PW",
                     "--out", str(out), VISIBLE_CONFIG_DIR=str(cfg), EXPORT_PW="seagull-lantern-7")
    assert result.returncode == 0, result.stderr
    assert pypdf.PdfReader(str(out)).is_encrypted
    assert pypdf.PdfReader(str(out), password="seagull-lantern-7").pages

    out = tmp_path / "p.docx"
    result = visible("export", str(case), "--password-env", "EXPORT_PW", "--out", str(out),
                     VISIBLE_CONFIG_DIR=str(cfg), EXPORT_PW="seagull-lantern-7")
    assert result.returncode == 0, result.stderr
    office = msoffcrypto.OfficeFile(out.open("rb"))
    office.load_key(password="seagull-lantern-7")
    plain = io.BytesIO()
    office.decrypt(plain)
    assert docx.Document(plain).tables


def test_user_errors_are_one_line(demo_file, tmp_path: Path) -> None:
    case, cfg = demo_file
    env = {"VISIBLE_CONFIG_DIR": str(cfg)}
    assert_user_error(visible("export", str(case), "--password-env", "NOT_SET_ANYWHERE",
                              "--out", str(tmp_path / "a.pdf"), **env), "NOT_SET_ANYWHERE")
    assert_user_error(visible("export", str(case), "--format", "pdf", "--out",
                              str(tmp_path / "a.docx"), **env), "change one so they agree")
    assert_user_error(visible("export", str(case), "--out", str(tmp_path / "a.txt"), **env),
                      "end the file name with .docx, .pdf or .html")
    assert_user_error(visible("export", str(case), "--style", "review", "--all-events", "--out",
                              str(tmp_path / "a.pdf"), **env),
                      "review style does not take all events")
    assert_user_error(visible("export", str(case), "--proceedings-issued", "c. 2026", "--out",
                              str(tmp_path / "a.pdf"), **env),
                      "--proceedings-issued: 'c. 2026' gives no day")
    assert_user_error(visible("export", str(case), "--style", "review", "--key-events-only",
                              "--out", str(tmp_path / "a.pdf"), **env),
                      "review style does not take key events only")
    assert_user_error(visible("export", str(case), "--household-on-key-events", "--out",
                              str(tmp_path / "a.pdf"), **env),
                      "court style does not take the household on each key event's date")
    assert_user_error(visible("export", str(case), "--out", str(tmp_path / "no" / "a.pdf"),
                              **env), "does not exist")
    assert_user_error(visible("export", str(tmp_path / "missing.vcase"), "--out",
                              str(tmp_path / "a.pdf"), **env), "no case file")
    assert list(tmp_path.iterdir()) == []


def test_an_existing_file_is_replaced_only_with_overwrite(demo_file, tmp_path: Path) -> None:
    case, cfg = demo_file
    out = tmp_path / "sent to court.pdf"
    out.write_bytes(b"%PDF- the version filed last week")
    refused = visible("export", str(case), "--out", str(out), VISIBLE_CONFIG_DIR=str(cfg))
    assert_user_error(refused, "already exists")
    assert "--overwrite" in refused.stderr
    assert out.read_bytes() == b"%PDF- the version filed last week"
    done = visible("export", str(case), "--out", str(out), "--overwrite",
                   VISIBLE_CONFIG_DIR=str(cfg))
    assert done.returncode == 0, done.stderr
    assert len(pypdf.PdfReader(str(out)).pages) > 1
