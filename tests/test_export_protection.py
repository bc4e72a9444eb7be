"""Passwords, temporary names, cancellation: nothing half-written or unprotected is left."""

from __future__ import annotations

import io
import threading
import zipfile
from pathlib import Path

import docx
import msoffcrypto
import pypdf
import pytest
from docx.opc.exceptions import PackageNotFoundError
from msoffcrypto.exceptions import InvalidKeyError

from exports.errors import ExportCancelled, ExportError
from exports.output import write_document
from exports.progress import Progress
from tests.export_support import MARKING, sample_document

PASSWORD = "tulip-harbour-93"


def test_pdf_is_aes_256_and_needs_the_password(tmp_path: Path) -> None:
    path = write_document(sample_document(rows=10), tmp_path / "p.pdf", "pdf", password=PASSWORD)
    reader = pypdf.PdfReader(str(path))
    assert reader.is_encrypted
    encrypt = reader.trailer["/Encrypt"]
    assert encrypt["/V"] == 5 and encrypt["/R"] == 6  # AES-256, not 40-bit RC4
    with pytest.raises(pypdf.errors.FileNotDecryptedError):
        reader.pages[0].extract_text()
    assert pypdf.PdfReader(str(path)).decrypt("wrong-password") == 0
    opened = pypdf.PdfReader(str(path), password=PASSWORD)
    assert MARKING in opened.pages[1].extract_text()
    assert b"Zofia" not in path.read_bytes()


def test_docx_is_agile_encrypted_and_opens_with_the_password(tmp_path: Path) -> None:
    path = write_document(sample_document(rows=10), tmp_path / "p.docx", "docx",
                          password=PASSWORD)
    assert not zipfile.is_zipfile(path)
    with pytest.raises(PackageNotFoundError):
        docx.Document(str(path))
    office = msoffcrypto.OfficeFile(path.open("rb"))
    assert office.is_encrypted()
    assert office.type == "agile"
    with pytest.raises(InvalidKeyError):
        office.load_key(password="wrong-password", verify_password=True)
        office.decrypt(io.BytesIO())
    plain = io.BytesIO()
    office = msoffcrypto.OfficeFile(path.open("rb"))
    office.load_key(password=PASSWORD)
    office.decrypt(plain)
    assert len(docx.Document(plain).tables[0].rows) == 11


def test_a_failed_check_leaves_no_file_and_keeps_the_old_one(tmp_path: Path) -> None:
    target = tmp_path / "out.docx"
    target.write_bytes(b"previous export")

    def reject(_: bytes) -> None:
        raise ExportError("rejected")

    with pytest.raises(ExportError, match="rejected"):
        write_document(sample_document(rows=5), target, "docx", verify=reject)
    assert target.read_bytes() == b"previous export"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.docx"]


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_cancel_stops_the_export_and_removes_the_temporary_file(tmp_path: Path, fmt: str) -> None:
    cancel = threading.Event()
    seen: list[int] = []

    def report(done: int, total: int) -> None:
        seen.append(done)
        if done >= 100:
            cancel.set()

    with pytest.raises(ExportCancelled):
        write_document(sample_document(rows=2000, words=20), tmp_path / f"c.{fmt}", fmt,
                       progress=Progress(report=report, cancel=cancel))
    assert seen and max(seen) < 400
    assert list(tmp_path.iterdir()) == []


def test_user_errors_are_clear(tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="too short"):
        write_document(sample_document(rows=1), tmp_path / "a.pdf", "pdf", password="short")
    with pytest.raises(ExportError, match="does not exist"):
        write_document(sample_document(rows=1), tmp_path / "nope" / "a.pdf", "pdf")
    with pytest.raises(ExportError, match="is a folder"):
        write_document(sample_document(rows=1), tmp_path, "pdf")
    assert list(tmp_path.iterdir()) == []
