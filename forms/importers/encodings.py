"""Which character encoding a CSV/text return is in, and decoding it without inventing text.

Agencies send CSV from Excel on Windows (Windows-1252), older Mac Excel (Mac Roman), Excel's
"Unicode text" (UTF-16, usually with a byte-order mark) and everything newer (UTF-8, often
with a BOM). Guessing wrong turns "café" into "cafÃ©" or "StratŽgie", and decoding with
replacement characters hides the damage; both used to reach the case silently.

So: a byte-order mark decides; a file that is valid UTF-8 is UTF-8; a file with the NUL pattern
of UTF-16 is UTF-16; a file that is UTF-8 apart from a few stray bytes (a £ pasted from
another program) is UTF-8 and those bytes are *refused*, row and byte named; anything else is
given to charset-normalizer (a maintained detector, MIT) restricted to the 8-bit encodings UK
agencies actually use, Windows-1252 first when it cannot tell them apart. Decoding is always
strict; the user may choose another encoding, or choose to read bytes that are not valid in it
as Windows-1252 (the "fallback"), and the preview shows which was used.
"""

from __future__ import annotations

import codecs
import io
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

from forms.importers.table import ImportFileError

# The encodings offered to the user (preview and --encoding), by Python codec name.
LABELS: dict[str, str] = {
    "utf-8": "UTF-8",
    "utf-8-sig": "UTF-8 (with BOM)",
    "utf-16": "UTF-16 (with BOM)",
    "utf-16-le": "UTF-16 little-endian",
    "utf-16-be": "UTF-16 big-endian",
    "cp1252": "Windows-1252 (Western European)",
    "mac_roman": "Mac Roman",
    "iso-8859-1": "ISO-8859-1 (Latin-1)",
    "iso-8859-15": "ISO-8859-15 (Latin-9)",
    "cp1250": "Windows-1250 (Central European)",
}
CHOICES = ("utf-8", "cp1252", "mac_roman", "utf-16", "utf-16-le", "utf-16-be", "iso-8859-1",
           "iso-8859-15", "cp1250")
FALLBACK = "cp1252"
# Tried by the detector when the file is neither UTF-8 nor UTF-16, most likely first: short
# samples often decode equally well in several, and Windows-1252 is what UK offices send.
_EIGHT_BIT = ("cp1252", "mac_roman", "cp1250")
_SAMPLE = 256 * 1024

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


class EncodingProblem(ImportFileError):
    """Bytes that are not valid in the encoding used; names the line, row and byte."""

    def __init__(self, message: str, codec: str) -> None:
        super().__init__(message)
        self.codec = codec


def codec_for(name: str) -> str:
    """The codec for a name the user typed ("Windows-1252", "macroman", "UTF8", "latin-1")."""
    wanted = name.strip()
    for codec, text in LABELS.items():
        if wanted.lower() in (text.lower(), text.split(" (")[0].lower()):
            return codec
    try:
        info = codecs.lookup(wanted)
        # rot13, base64, hex, zlib are codecs too, but not of text: opening the file with
        # one was a LookupError traceback. CodecInfo marks them (what str.decode checks).
        if not getattr(info, "_is_text_encoding", True):
            raise LookupError(wanted)
        found = info.name
    except LookupError:
        raise ImportFileError(
            f"'{name}' is not an encoding Visible knows; use one of "
            f"{', '.join(LABELS[c].split(' (')[0] for c in CHOICES)}."
        ) from None
    for codec in LABELS:
        if codecs.lookup(codec).name == found:
            return codec
    return found


def label(codec: str) -> str:
    return LABELS.get(codec, codec)


@dataclass(slots=True, frozen=True)
class Detected:
    codec: str
    how: str  # shown in the preview: "byte-order mark", "valid UTF-8", "detected (...)"


def detect(handle: BinaryIO) -> Detected:
    """Decide the encoding of the open binary file (position restored to 0 afterwards)."""
    head = handle.read(_SAMPLE)
    try:
        for bom, codec in _BOMS:
            if head.startswith(bom):
                return Detected(codec, "byte-order mark")
        utf16 = _utf16_without_bom(head)
        if utf16:
            return Detected(utf16, "UTF-16 pattern (no byte-order mark)")
        handle.seek(0)
        valid, multibyte = _utf8_status(handle)
        if valid:
            return Detected("utf-8", "valid UTF-8" if multibyte else "plain ASCII")
        if multibyte:
            # Mostly UTF-8 with a stray byte: decoding as Windows-1252 would garble every
            # accented letter ("WiÅ›niewska"), so the stray bytes are refused instead.
            return Detected("utf-8", "UTF-8 with invalid bytes")
        return Detected(_eight_bit(head), "detected (charset-normalizer)")
    finally:
        handle.seek(0)


def _utf16_without_bom(head: bytes) -> str:
    """Mostly-ASCII UTF-16 has a NUL in every other byte; which half says the byte order."""
    sample = head[: 8192 - (min(len(head), 8192) % 2)]
    if len(sample) < 8:
        return ""
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    half = len(sample) // 2
    if odd > 0.6 * half and even < 0.1 * half:
        return "utf-16-le"
    if even > 0.6 * half and odd < 0.1 * half:
        return "utf-16-be"
    return ""


def _utf8_status(handle: BinaryIO) -> tuple[bool, bool]:
    """(whole file is valid UTF-8, it holds at least one valid multi-byte sequence)."""
    decoder = codecs.getincrementaldecoder("utf-8")("strict")
    multibyte = False
    while chunk := handle.read(1 << 20):
        try:
            text = decoder.decode(chunk)
        except UnicodeDecodeError as exc:
            text = exc.object[: exc.start].decode("utf-8", "ignore")
            return False, multibyte or not text.isascii()
        multibyte = multibyte or not text.isascii()
    try:
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False, multibyte
    return True, multibyte


def _eight_bit(head: bytes) -> str:
    from charset_normalizer import from_bytes  # imported here: only CSV imports need it

    results = from_bytes(head, cp_isolation=list(_EIGHT_BIT))
    scored = {match.encoding: match.chaos for match in results}
    if not scored:
        return FALLBACK
    best = min(scored.values())
    # Near-ties are common on short returns; prefer the encoding UK offices use most.
    for codec in _EIGHT_BIT:
        if codec in scored and scored[codec] <= best + 0.02:
            return codec
    return min(scored, key=lambda c: scored[c])


# Decoding -------------------------------------------------------------------------------------


class _Fallback:
    """A codecs error handler reading a byte that is invalid in the chosen encoding as
    Windows-1252 (or Latin-1 for the five bytes 1252 leaves undefined), counting them."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, exc: UnicodeError) -> tuple[str, int]:
        assert isinstance(exc, UnicodeDecodeError)
        bad = exc.object[exc.start : exc.end]
        self.count += len(bad)
        try:
            return bad.decode(FALLBACK), exc.end
        except UnicodeDecodeError:
            return bad.decode("latin-1"), exc.end


class TextLines:
    """Decoded lines of a text file, for csv.reader, never longer than line_limit characters.

    io.TextIOWrapper does the decoding and the \r / \n / \r\n splitting in C (Excel on a Mac
    ends lines with \r alone). Decoding is strict unless the fallback was chosen; a decoding
    error is then located exactly by a second pass over the bytes (it is rare, and the wrapper
    decodes ahead of the line it hands out, so its own position would name the wrong line).
    """

    def __init__(self, handle: BinaryIO, codec: str, fallback: bool, line_limit: int,
                 name: str) -> None:
        self.handle = handle
        self.codec = codec
        self.name = name
        self.line_limit = line_limit
        self.line = 0  # physical lines handed out so far
        self.rows_done = 0  # set by the CSV reader: rows complete, for messages
        self.rows_line = 0  # ... and the line the last of them ended on
        self._fallback = _Fallback() if fallback else None
        errors = "strict"
        if self._fallback is not None:
            errors = f"visible-fallback-{id(self._fallback)}"
            codecs.register_error(errors, self._fallback)
        self._text = io.TextIOWrapper(handle, encoding=codec, errors=errors, newline="")

    @property
    def replaced(self) -> int:
        return self._fallback.count if self._fallback is not None else 0

    def __iter__(self) -> Iterator[str]:
        readline = self._text.readline
        limit = self.line_limit
        while True:
            try:
                line = readline(limit)
            except UnicodeDecodeError:
                raise self._locate() from None
            if not line:
                return
            self.line += 1
            if len(line) >= limit and not line.endswith(("\n", "\r")):
                raise self._too_long()
            if self.line == 1 and line.startswith("\ufeff"):
                line = line[1:]
            if "\x00" in line:
                raise ImportFileError(
                    f"{self.name}, line {self.line:,}: holds NUL characters, so it is not text "
                    f"in {label(self.codec)}; choose its encoding (UTF-16?) or export it again "
                    "as CSV."
                )
            yield line

    def _locate(self) -> EncodingProblem:
        """Find the first character the codec refuses: its line and column, its byte, its row."""
        self.handle.seek(0)
        decoder = codecs.getincrementaldecoder(self.codec)("strict")
        line, tail = 1, ""
        while True:
            chunk = self.handle.read(1 << 20)
            try:
                text = decoder.decode(chunk, final=not chunk)
            except UnicodeDecodeError as exc:
                text = exc.object[: exc.start].decode(self.codec, "ignore")
                line, tail = _advance(line, tail, text)
                return self._problem(line, len(tail) + 1, exc.object[exc.start])
            if not chunk:
                break
            line, tail = _advance(line, tail, text)
        return EncodingProblem(
            f"{self.name}: the file ends part-way through a character in {label(self.codec)}. "
            "Choose the file's encoding (CLI: --encoding NAME).",
            self.codec,
        )

    def _problem(self, line: int, column: int, byte: int) -> EncodingProblem:
        # Rows so far end at rows_line; lines after it are one row each as far as is known.
        row = self.rows_done + max(1, line - self.rows_line)
        return EncodingProblem(
            f"{self.name}, line {line:,} (row {row:,}): byte 0x{byte:02X} (character {column:,} "
            f"of the line) is not valid {label(self.codec)}. Choose the file's encoding, or read "
            "such bytes as Windows-1252 (CLI: --encoding NAME or --fallback cp1252).",
            self.codec,
        )

    def _too_long(self) -> ImportFileError:
        from forms.importers.limits import LimitExceeded

        return LimitExceeded(
            f"{self.name}: line {self.line:,} is longer than "
            f"{self.line_limit // (1024 * 1024)} MB (the limit for one line); is it really a "
            "CSV file?"
        )


def _advance(line: int, tail: str, text: str) -> tuple[int, str]:
    """Line number and text of the current line after reading `text` (\r\n counts once)."""
    breaks = text.count("\n") + text.count("\r") - text.count("\r\n")
    if not breaks:
        return line, tail + text
    last = max(text.rfind("\n"), text.rfind("\r"))
    return line + breaks, text[last + 1 :]
