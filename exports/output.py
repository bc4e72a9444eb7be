"""Writing an export file safely: temporary name, optional password, verify, then rename.

A half-written or unprotected file must never appear under the name the user chose: the
document is written to a temporary file in the target folder (so the final rename is atomic on
the same file system), checked (the anonymisation scan), encrypted if a password was given, and
only then renamed over the target. On any error or cancellation the temporary files are removed.
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable
from pathlib import Path
from typing import IO, Protocol

from exports.document import Document, ExportFormat
from exports.errors import ExportError
from exports.progress import Progress
from storage.strength import MIN_EXPORT_PASSWORD, export_password_problem
from storage.tempfiles import create_private, remove_leftovers, sync_folder

MIN_PASSWORD = MIN_EXPORT_PASSWORD


class DocumentWriter(Protocol):
    """A backend that renders the document model into one file format."""

    suffix: str

    def write(self, document: Document, out: IO[bytes], progress: Progress | None = None) -> None:
        ...


def writer_for(fmt: ExportFormat | str) -> DocumentWriter:
    fmt = ExportFormat(fmt)
    if fmt is ExportFormat.DOCX:
        from exports.docx_writer import DocxWriter

        return DocxWriter()
    if fmt is ExportFormat.HTML:
        from exports.html_writer import HtmlWriter

        return HtmlWriter()
    from exports.pdf_writer import PdfWriter

    return PdfWriter()


def check_password(password: str) -> None:
    """Refuse an export password that is short, guessable (zxcvbn) or the demo passphrase."""
    problem = export_password_problem(password)
    if problem:
        raise ExportError(
            f"The export password is not safe enough: {problem} Send it to the recipient "
            "separately from the file."
        )


def encrypt_pdf(data: IO[bytes], out: IO[bytes], password: str) -> None:
    """AES-256 (PDF 2.0 / R6), not reportlab's 40-bit RC4."""
    from pypdf import PdfReader
    from pypdf import PdfWriter as PyPdfWriter

    writer = PyPdfWriter(clone_from=PdfReader(data))
    writer.encrypt(user_password=password, owner_password=None, algorithm="AES-256")
    writer.write(out)


def encrypt_docx(data: IO[bytes], out: IO[bytes], password: str) -> None:
    """ECMA-376 agile encryption (AES-256, SHA-512), which Word opens with the password."""
    from msoffcrypto.format.ooxml import OOXMLFile

    OOXMLFile(data).encrypt(password, out)


def check_target(path: Path) -> None:
    """Refuse, in one line, a target that cannot be written (a folder, a missing or read-only
    folder) — before anything is drawn or written (the genogram picture export uses it too)."""
    if path.is_dir():
        raise ExportError(f"{path} is a folder; give a file name for the export.")
    if path.parent.exists() and not path.parent.is_dir():
        # `--out case.vcase/x.pdf` used to be told "the folder case.vcase does not exist".
        raise ExportError(f"{path.parent} is a file, not a folder; choose a folder for the export.")
    if not path.parent.is_dir():
        raise ExportError(f"The folder {path.parent} does not exist; create it or choose another.")
    if not os.access(path.parent, os.W_OK):
        raise ExportError(f"Cannot write to the folder {path.parent}; choose another folder.")


def write_temporary(
    document: Document,
    path: str | os.PathLike[str],
    fmt: ExportFormat | str,
    password: str | None = None,
    progress: Progress | None = None,
    verify: Callable[[bytes], None] | None = None,
) -> Path:
    """Render, verify (on the unencrypted bytes) and protect the export into a temporary file
    beside `path`; returns that file, which the caller places (or removes). On any error or
    cancellation nothing is left behind.

    verify receives the plain file's bytes and raises to reject it (the anonymisation scan).
    """
    path = Path(path)
    check_target(path)
    if password is not None:
        if ExportFormat(fmt) is ExportFormat.HTML:
            raise ExportError("An HTML file cannot be password-protected; export as PDF or Word "
                              "to protect it, or leave out the password.")
        check_password(password)
    writer = writer_for(fmt)

    def fill(out: IO[bytes]) -> None:
        if password is None and verify is None:
            writer.write(document, out, progress)
            return
        # Verify and encrypt from memory so no plain copy of a protected export ever touches
        # the disk.
        plain = io.BytesIO()
        writer.write(document, plain, progress)
        if verify is not None:
            verify(plain.getvalue())
        plain.seek(0)
        if password is None:
            out.write(plain.getbuffer())
        elif ExportFormat(fmt) is ExportFormat.PDF:
            encrypt_pdf(plain, out, password)
        else:
            encrypt_docx(plain, out, password)

    return _write_private(path, fill)


def write_bytes_temporary(data: bytes, path: str | os.PathLike[str],
                          verify: Callable[[bytes], None] | None = None) -> Path:
    """Bytes made elsewhere (a picture, a summary, a template) into a temporary file beside
    `path`, read back from the disk and verified there; the caller places it (place_file) —
    after recording it, for a recorded export — or removes it."""
    path = Path(path)
    check_target(path)
    tmp = _write_private(path, lambda out: out.write(data))
    if verify is not None:
        try:
            verify(tmp.read_bytes())  # what is on the disk, not what we meant to write
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
    return tmp


def write_bytes(data: bytes, path: str | os.PathLike[str],
                verify: Callable[[bytes], None] | None = None) -> Path:
    """Write, verify and place bytes that are not recorded in a case (pictures, templates)."""
    path = Path(path)
    tmp = write_bytes_temporary(data, path, verify)
    try:
        place_file(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return path


def _write_private(path: Path, fill: Callable[[IO[bytes]], object]) -> Path:
    """The one way a file is written before it is placed: private, synced, nothing left on
    failure. A killed run's leftover (plaintext, for an unprotected export) goes first; ours is
    private (0600, exclusive, never through a link) and named so the next run can tell."""
    remove_leftovers(path.parent)
    fd, tmp = create_private(path)
    try:
        with os.fdopen(fd, "wb") as out:
            fill(out)
            out.flush()
            os.fsync(out.fileno())
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise ExportError(
            f"Could not write {path.name}: {exc.strerror or exc}. Check the disk and folder, "
            "then try again."
        ) from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return tmp


def place_file(tmp: Path, path: Path) -> None:
    """Rename the finished temporary file over the target (atomic on one file system)."""
    try:
        os.replace(tmp, path)
        sync_folder(path.parent)
    except OSError as exc:
        raise ExportError(
            f"Could not write {path.name}: {exc.strerror or exc}. Check the disk and folder, "
            "then export again."
        ) from None


def write_document(
    document: Document,
    path: str | os.PathLike[str],
    fmt: ExportFormat | str,
    password: str | None = None,
    progress: Progress | None = None,
    verify: Callable[[bytes], None] | None = None,
) -> Path:
    """Write and place an export that is not recorded in a case (previews, tests)."""
    path = Path(path)
    tmp = write_temporary(document, path, fmt, password, progress, verify)
    try:
        place_file(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return path
