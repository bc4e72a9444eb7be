"""Reading the XML parts of a .docx/.xlsx (zip) file within limits, and one-line errors.

A zip part's declared size is checked before it is read (the zip reader never returns more
than it declares: a part that lies fails its CRC check), and its XML is parsed with lxml as a
stream, never whole: a 36 KB file can hold a 300 MB part. Entities are not expanded and a DTD
(which Word and Excel never write) is refused, so an "XML bomb" has nothing to expand.
"""

from __future__ import annotations

import codecs
import re
import struct
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from lxml import etree

from forms.importers.limits import LimitExceeded, Limits
from forms.importers.table import ImportFileError


def _looks_like_text(path: Path) -> bool:
    """The start of the file is text in UTF-8, UTF-16 (with a byte-order mark) or Windows-1252."""
    try:
        with path.open("rb") as f:
            head = f.read(4096)
    except OSError:
        return False
    if not head:
        return False
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    if b"\x00" in head:
        return False
    for codec in ("utf-8", "cp1252"):
        try:
            text = head.decode(codec)
        except UnicodeDecodeError:
            continue  # a cut in the middle of a character, or not this codec
        return all(c.isprintable() or c in "\r\n\t" for c in text)
    return False


def _check_entries(path: Path, limits: Limits) -> None:
    """Refuse a zip of too many parts before zipfile reads its directory: it makes an object
    for every entry (400,000 empty ones, a 35 MB file, took 6 s and 230 MB; a million would
    pass the file-size limit and need 600 MB). The count is in the end record, read first."""
    try:
        with path.open("rb") as f:
            # zipfile's own reader of the end record (also Zip64); private, so guarded.
            end = zipfile._EndRecData(f)  # type: ignore[attr-defined]
        count = int(end[zipfile._ECD_ENTRIES_TOTAL]) if end else 0  # type: ignore[attr-defined]
    except (OSError, AttributeError, IndexError, TypeError, ValueError, struct.error):
        return  # not readable as a zip: ZipFile says so below, as before
    if count > limits.zip_entries:
        raise LimitExceeded(
            f"{path.name} holds {count:,} parts; a Word document or Excel workbook has a few "
            f"dozen (Visible reads at most {limits.zip_entries:,}). Is it really a chronology "
            "return?"
        )


def _is_compound_file(path: Path) -> bool:
    try:
        with path.open("rb") as f:
            return f.read(8) == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    except OSError:
        return False


def _compound_file(path: Path, kind: str) -> ImportFileError:
    """What an OLE compound file given a .docx/.xlsx name holds, by its streams' names (read
    with olefile, msoffcrypto-tool's own reader): a password-protected new-style file keeps
    its package in EncryptedPackage; an old .xls its Workbook (or Book); an old .doc its
    WordDocument. Unreadable or other: both are named, as before."""
    program = "Word" if "Word" in kind else "Excel"
    new = ".docx" if program == "Word" else ".xlsx"
    streams: set[str] = set()
    try:
        import olefile

        with olefile.OleFileIO(str(path)) as ole:
            streams = {"/".join(entry) for entry in ole.listdir()}
    except Exception:  # noqa: BLE001 - any damage: fall back to naming both possibilities
        streams = set()
    if "EncryptedPackage" in streams or "EncryptionInfo" in streams:
        return ImportFileError(
            f"{path.name} is password-protected; open it in {program}, remove the password "
            f"(File → Info → Protect), save it, and import it again."
        )
    old = {"WordDocument": ("Word", ".doc"), "Workbook": ("Excel", ".xls"),
           "Book": ("Excel", ".xls"), "PowerPoint Document": ("PowerPoint", ".ppt")}
    found = next((old[name] for name in old if name in streams), None)
    if found is not None:
        maker, suffix = found
        advice = (f"open it in {maker} and save it as {new}" if maker == program else
                  f"it is not {_a(kind)}; open it in {maker} and save the chronology as "
                  ".docx, .xlsx or .csv")
        return ImportFileError(
            f"{path.name} is an old-style {maker} file ({suffix}) with a new name; {advice}, "
            "then import that."
        )
    return ImportFileError(
        f"{path.name} is password-protected, or is an old-style {program} file "
        f"(.{'doc' if program == 'Word' else 'xls'}) with a new name; open it in "
        f"{program}, remove any password (File → Info → Protect) and save it as {new}."
    )


class ZipParts:
    """An open .docx/.xlsx file whose parts are read through the limits."""

    def __init__(self, path: Path, limits: Limits, kind: str, advice: str) -> None:
        self.name = path.name
        self.limits = limits
        self.kind = kind  # "Word document", "Excel workbook"
        self.unzipped = 0
        _check_entries(path, limits)
        try:
            self.zip = zipfile.ZipFile(path)
        # NotImplementedError: a central directory asking for a zip version Python lacks
        # ("zip file version 14.9", found by the fuzz test) was a traceback.
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as exc:
            if _is_compound_file(path):
                # A password-protected .docx/.xlsx is not a zip but an OLE compound file (as
                # are the old .doc/.xls): say which, not "File is not a zip file".
                raise _compound_file(path, kind) from None
            if _looks_like_text(path):
                # A CSV saved under a .xlsx/.docx name used to be refused as "not a zip file"
                # with advice about passwords. It is named, never read as CSV behind the
                # user's back: the name is what they chose.
                raise ImportFileError(
                    f"{path.name} holds plain text, not {_a(kind)}; if it is a CSV file, "
                    "rename it to end in .csv and import it again."
                ) from None
            raise ImportFileError(
                f"{path.name} cannot be read as {_a(kind)} ({exc}). {advice}"
            ) from None
        self._no_twin_parts()

    def _no_twin_parts(self) -> None:
        """Refuse two parts of one name. zipfile finds the last of them; Word or Excel may show
        the first (or repair the file): a second word/document.xml appended to a return was
        imported in place of the one the sender saw. Part names ignore case (OPC), so
        WORD/DOCUMENT.XML beside word/document.xml is the same part twice."""
        names = self.zip.namelist()
        if len({n.casefold() for n in names}) == len(names):
            return
        seen: set[str] = set()
        for name in names:
            key = name.casefold()
            if key in seen:
                self.zip.close()
                raise ImportFileError(
                    f"{self.name} holds two parts named {name[:80]}, so which one is the "
                    f"{self.kind} the sender saw is not known; open it in "
                    f"{'Word' if 'Word' in self.kind else 'Excel'} and save it again."
                )
            seen.add(key)

    def close(self) -> None:
        self.zip.close()

    def __enter__(self) -> ZipParts:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def has(self, part: str) -> bool:
        try:
            self.zip.getinfo(part)
        except KeyError:
            return False
        return True

    def open(self, part: str, limit: int | None = None) -> IO[bytes]:
        try:
            info = self.zip.getinfo(part)
        except KeyError:
            raise ImportFileError(
                f"{self.name} is not a complete {self.kind}: it has no {part}. Open it in "
                "Word or Excel and save it again."
            ) from None
        limit = limit or self.limits.part_bytes
        if info.file_size > limit:
            raise LimitExceeded(
                f"{self.name}: its part {part} unpacks to {self.limits.mb(info.file_size)}; "
                f"Visible reads at most {self.limits.mb(limit)} per part. Is it really a "
                "chronology return?"
            )
        self.unzipped += info.file_size
        if self.unzipped > self.limits.total_unzipped_bytes:
            raise LimitExceeded(
                f"{self.name} unpacks to more than "
                f"{self.limits.mb(self.limits.total_unzipped_bytes)}; Visible will not read it."
            )
        try:
            return self.zip.open(info)
        except (zipfile.BadZipFile, zlib.error, NotImplementedError, RuntimeError,
                ValueError) as exc:
            raise self.damaged(part, exc) from None

    def count_at_most(self, part: str, needles: tuple[bytes, ...], most: int,
                      gap: int = 32 << 20) -> int:
        """Occurrences of the needles (row tags) in the unpacked part, counted in C a megabyte
        at a time, stopping as soon as there are more than `most`: refusing 20 million rows
        must not take the time of parsing a quarter of a million first. It also stops early
        after `gap` bytes with no needle: that row is larger than any limit allows, and the
        parser, reaching it in order, refuses it faster than the rest could be counted."""
        overlap = max(len(n) for n in needles) - 1
        found = 0
        carry = b""
        since = 0
        with self.open(part) as raw:
            try:
                while chunk := raw.read(1 << 20):
                    data = carry + chunk
                    found += sum(data.count(n) for n in needles)
                    last = max(data.rfind(n) for n in needles)
                    since = len(data) - last if last >= 0 else since + len(chunk)
                    # A needle cut by the chunk boundary is counted once, in the next chunk.
                    carry = data[-overlap:]
                    found -= sum(carry.count(n) for n in needles)
                    if found > most or since > gap:
                        return found
            except (zipfile.BadZipFile, zlib.error, EOFError, OSError,
                    ValueError) as exc:
                raise self.damaged(part, exc) from None
        return found

    def damaged(self, part: str, exc: BaseException) -> ImportFileError:
        if isinstance(exc, etree.XMLSyntaxError):
            line = f"line {exc.lineno}: " if exc.lineno else ""
            detail = f"{line}{exc.msg or exc}"
        else:
            detail = str(exc) or type(exc).__name__
        detail = " ".join(detail.split())  # libxml2's messages may hold line breaks
        return ImportFileError(
            f"{self.name} is damaged: its part {part} cannot be read ({detail}). Open it in "
            f"{'Word' if 'Word' in self.kind else 'Excel'} and save it again."
        )

    def iterparse(
        self, part: str, tags: tuple[str, ...], limit: int | None = None
    ) -> Iterator[tuple[str, Any]]:
        """Stream (event, element) for the given tags; the caller clears what it has read."""
        with self.open(part, limit) as raw:
            stream = _NoDoctype(raw, self, part)
            parser = etree.iterparse(
                stream,
                events=("start", "end"),
                tag=tags,
                resolve_entities=False,
                no_network=True,
                load_dtd=False,
                huge_tree=False,
                remove_comments=True,
                remove_pis=True,
            )
            try:
                yield from parser
            except etree.XMLSyntaxError as exc:
                raise self.damaged(part, exc) from None
            except (zipfile.BadZipFile, zlib.error, EOFError, OSError,
                    ValueError) as exc:
                raise self.damaged(part, exc) from None


# Encodings a part may declare whose bytes show "<!DOCTYPE" as ASCII (Word and Excel write
# UTF-8; others are accepted as before). UTF-7, EBCDIC and the like are not: in them a DTD is
# not visible to a byte search, and libxml2 would still read it.
_ASCII_LIKE = {"utf-8", "utf8", "us-ascii", "ascii", "iso-8859-1", "latin1", "iso-8859-15",
               "windows-1252", "cp1252"}
_PROLOG_MOST = 1 << 20
_DECLARED = re.compile(r"""^<\?xml[^>]*?\sencoding\s*=\s*["']([A-Za-z0-9._\-]+)["']""")


class _NoDoctype:
    """A file-like wrapper refusing a DTD before lxml sees it (entities are defined there).

    A DTD can only stand before the root element, so the whole of that prolog is read, however
    long: a comment padding it past the first 4 KB, or the part written in UTF-16, used to hide
    a DTD from a look at its first bytes (libxml2 then refused only its entity amplification,
    as "damaged"). An encoding in which "<!DOCTYPE" is not plain bytes is refused too."""

    def __init__(self, raw: IO[bytes], parts: ZipParts, part: str) -> None:
        self.raw = raw
        self.parts = parts
        self.part = part
        self.pending = b""
        self.checked = False

    def read(self, size: int = -1) -> bytes:
        if not self.checked:
            self.checked = True
            self.pending = self._prolog()
        if self.pending:
            if size is None or size < 0:
                data, self.pending = self.pending, b""
            else:
                data, self.pending = self.pending[:size], self.pending[size:]
            return data
        return self.raw.read(size if size and size > 0 else 1 << 16)

    def _prolog(self) -> bytes:
        """Every byte read up to the root element's start, checked; returned for the parser."""
        data = self.raw.read(1 << 16)
        codec = _codec(data)
        if codec is None:
            raise self._refuse("is written in an encoding Word and Excel never use")
        decoder = codecs.getincrementaldecoder(codec)("replace")
        text = decoder.decode(data)
        at = 0
        while True:
            state, at = _skip_prolog(text, at)
            if state == "dtd":
                raise self._refuse("declares a DTD, which Word and Excel never write")
            if state == "root":
                break
            more = self.raw.read(1 << 16)
            if not more:
                break  # the parser says what is wrong with a part that ends here
            data += more
            if len(data) > _PROLOG_MOST:
                raise self._refuse("has more than 1 MB before its content (Word and Excel "
                                   "write a line)")
            text += decoder.decode(more)
        declared = _DECLARED.match(text.lstrip("\ufeff"))
        if declared and codec == "latin-1" and declared.group(1).lower() not in _ASCII_LIKE:
            raise self._refuse(f"declares the encoding {declared.group(1)[:20]}, which Word "
                               "and Excel never use")
        return data

    def _refuse(self, why: str) -> ImportFileError:
        return ImportFileError(
            f"{self.parts.name}: its part {self.part} {why}; Visible will not read it."
        )


def _codec(head: bytes) -> str | None:
    """How to read the prolog's markup (XML 1.0 appendix F): UTF-16 by its mark or its NULs,
    else bytes where ASCII is ASCII (read as Latin-1: only the markup matters); None for
    anything else (UTF-32, EBCDIC)."""
    if head.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE, b"\x00\x00")):
        return None
    if head.startswith((codecs.BOM_UTF16_LE, b"<\x00")):
        return "utf-16-le"
    if head.startswith((codecs.BOM_UTF16_BE, b"\x00<")):
        return "utf-16-be"
    if not head or head.startswith(codecs.BOM_UTF8) or head[:1] in b"< \t\r\n":
        return "latin-1"
    return None


def _skip_prolog(text: str, at: int) -> tuple[str, int]:
    """("root", where it starts) | ("dtd", where) | ("more", where to go on from)."""
    if at == 0 and text.startswith("\ufeff"):
        at = 1
    while True:
        while at < len(text) and text[at] in " \t\r\n":
            at += 1
        if at >= len(text):
            return "more", at
        head = text[at:at + 4]
        if len(head) < 4 and "<!--".startswith(head):
            return "more", at  # "<", "<!" or "<!-" at the end of what was read
        if head.startswith("<?"):
            end = text.find("?>", at + 2)
        elif head == "<!--":
            end = text.find("-->", at + 4)
        elif head.startswith("<!"):
            return "dtd", at
        else:
            return "root", at
        if end < 0:
            return "more", at
        at = end + 2 if text[end] == "?" else end + 3


def strict_ooxml(parts: ZipParts, part: str) -> ImportFileError | None:
    """The refusal for a part in Strict Open XML (Office's "Strict Open XML" save-as option:
    other names for every element, none of which the readers know), else None. Without it
    such a file was said to hold no worksheet, or no table."""
    if not parts.has(part):
        return None
    with parts.open(part, 1 << 30) as raw:
        head = raw.read(4096)
    if b"purl.oclc.org/ooxml/" not in head:
        return None
    program = "Word" if "Word" in parts.kind else "Excel"
    saved = "Word Document (.docx)" if program == "Word" else "Excel Workbook (.xlsx)"
    return ImportFileError(
        f"{parts.name} is saved as Strict Open XML, which Visible does not read; open it in "
        f"{program} and save it as {saved} (File → Save As), then import that."
    )


def _a(kind: str) -> str:
    return ("an " if kind[0].lower() in "aeiou" else "a ") + kind


def check_text(parts: ZipParts, part: str, element: Any) -> str:
    """An element's own text, refusing an entity reference (its text would silently stop)."""
    for child in element:
        if isinstance(child, etree._Entity):
            raise ImportFileError(
                f"{parts.name}: its part {part} uses an undefined entity ({child.text}); the "
                "text after it would be lost. Open the file in Word or Excel and save it again."
            )
    return element.text or ""


def drop(element: Any) -> None:
    """Free a streamed element and the siblings already read before it."""
    element.clear()
    parent = element.getparent()
    if parent is not None:
        while element.getprevious() is not None:
            del parent[0]


def main_part(parts: ZipParts, default: str) -> str:
    """The package's main part (word/document.xml, xl/workbook.xml) as its relationships name it."""
    if not parts.has("_rels/.rels"):
        return default
    for event, rel in parts.iterparse("_rels/.rels", (f"{_RELS}Relationship",), 1 << 20):
        if event == "end" and rel.get("Type", "").endswith("/officeDocument"):
            return resolve("", rel.get("Target", default))
    return default


def relationships(parts: ZipParts, part: str) -> dict[str, tuple[str, str]]:
    """Relationship id -> (type suffix, resolved part name) for one part's .rels file."""
    folder, _, name = part.rpartition("/")
    rels = f"{folder}/_rels/{name}.rels" if folder else f"_rels/{name}.rels"
    found: dict[str, tuple[str, str]] = {}
    if not parts.has(rels):
        return found
    for event, rel in parts.iterparse(rels, (f"{_RELS}Relationship",), 4 << 20):
        if event == "end":
            kind = rel.get("Type", "").rsplit("/", 1)[-1]
            found[rel.get("Id", "")] = (kind, resolve(folder, rel.get("Target", "")))
    return found


def resolve(folder: str, target: str) -> str:
    if target.startswith("/"):
        return target.lstrip("/")
    parts = [p for p in (folder.split("/") if folder else [])] + target.split("/")
    out: list[str] = []
    for piece in parts:
        if piece == "..":
            if out:
                out.pop()
        elif piece and piece != ".":
            out.append(piece)
    return "/".join(out)


_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
