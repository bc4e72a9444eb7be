"""Text as a reader sees it, and a folded copy for matching, with offsets back to the original.

Agency returns reach us with characters that hide a name from a plain search while a reader
still sees it: a soft hyphen or zero-width space inside "Li\u00adam", Cyrillic or Greek
look-alike letters, full-width letters, accents left off or added, and runs reversed by a
right-to-left override that Word displays the right way round. Two steps:

1. `display_form` is the text a reader sees: right-to-left-override runs put in the order they
   are displayed and every invisible or bidirectional control removed. The anonymiser writes
   this form to the export, so no export carries a bidirectional override.
2. `Folded` maps the display form one character at a time to a skeleton for matching:
   compatibility decomposition (NFKD: full-width, ligatures, accents split off), accents
   dropped, letters with no decomposition mapped (Ł, ø), look-alikes folded to the Latin letter
   they imitate (Unicode's confusables table, from the maintained confusable_homoglyphs
   package), case kept in `skeleton` and folded in `folded`. Both have the same length and
   `origin[i]` is the index in the display form each character came from, so a match found in
   the folded text replaces exactly the characters a reader saw.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

RLO, LRO, PDF = "\u202e", "\u202d", "\u202c"
# Bidirectional embeddings, overrides, isolates and marks; zero-width characters; soft hyphen;
# word joiner; BOM; invisible operators. Kept: ZWJ/ZWNJ inside Arabic-script words, where they
# are spelling (Persian and Urdu use ZWNJ), but never in Latin words (see _strip_joiners).
_CONTROLS = re.compile("[\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\u061c"
                       "\u00ad\ufeff\u180e\u034f\u115f\u1160\u3164\uffa0]")
_JOINERS = re.compile(r"(?<![\u0600-\u06ff\u0750-\u077f])[\u200c\u200d]"
                      r"|[\u200c\u200d](?![\u0600-\u06ff\u0750-\u077f])")
_OVERRIDE_RUN = re.compile(f"{RLO}([^{PDF}\n]*)(?:{PDF}|(?=\n)|$)")
BIDI_CONTROLS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069\u061c]")

# Letters Unicode does not decompose into a base letter plus an accent.
_UNACCENTED = {"Ł": "L", "ł": "l", "Ø": "O", "ø": "o", "Đ": "D", "đ": "d", "Ħ": "H",
               "ħ": "h", "ı": "i", "ß": "ss", "Æ": "AE", "æ": "ae", "Œ": "OE", "œ": "oe",
               "Þ": "Th", "þ": "th", "ð": "d", "Ð": "D"}
_APOSTROPHES = {"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'", "\u00b4": "'",
                "\u2032": "'"}
_DASHES = {"\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-",
           "\u2212": "-"}


_EMBEDDINGS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def without_overrides(text: str) -> str:
    """Every export's text (named or anonymised): no bidirectional embedding, override or
    isolate survives into a court or review document, where a hostile return could make a
    sentence read differently from what is stored ("Trojan source"). An override run is
    written in the order the reader saw it; direction marks (LRM, RLM) and joiners, which
    mixed-script names need, stay."""
    if not _EMBEDDINGS.search(text):
        return text
    if RLO in text:
        text = _OVERRIDE_RUN.sub(lambda m: m.group(1)[::-1], text)
    return _EMBEDDINGS.sub("", text)


# C0 controls but tab and line feed, DEL and the C1 controls: nothing a reader can see, pasted
# in from other systems (a terminal's escape, a bell, a form feed, NEL from an EBCDIC export).
# XML 1.0 cannot hold most of them (the Word writer used to drop them quietly on its own), an
# HTML parser reports each as an error, and a PDF shows a box; a carriage return is a line end.
_C0_C1 = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def for_documents(text: str) -> str:
    """The text every export writes (named or anonymised): no bidirectional override
    (without_overrides) and no control character, a carriage return read as a line end."""
    text = without_overrides(text)
    if not _C0_C1.search(text):
        return text
    return _C0_C1.sub(lambda m: "\n" if m.group(0) == "\r" else "",
                         text.replace("\r\n", "\n"))


def display_form(text: str) -> str:
    """What a reader sees: override runs in display order, no invisible or bidi controls."""
    if RLO in text:
        # Word shows the characters of an RLO run right to left: "retraC maiL" reads
        # "Liam Carter". Write them in that order, so the export says what the reader saw.
        text = _OVERRIDE_RUN.sub(lambda m: m.group(1)[::-1], text)
    text = _CONTROLS.sub("", text)
    if "\u200c" in text or "\u200d" in text:
        text = _JOINERS.sub("", text)
    return text


@functools.cache
def _confusable_map() -> dict[str, str]:
    """Non-ASCII character -> the ASCII letter it imitates (Cyrillic а -> a, Greek ο -> o)."""
    from confusable_homoglyphs import confusables

    out: dict[str, str] = {}
    for char, glyphs in confusables.confusables_data.items():
        if len(char) != 1 or char.isascii():
            continue
        for glyph in glyphs:
            target = glyph["c"]
            if len(target) == 1 and target.isascii() and target.isalpha():
                out[char] = target
                break
    # The skeleton maps capital I-like letters to "l" (what they look like in sans serif);
    # a reader of a name takes Cyrillic І or Greek Ι for I, so fold capitals by their small
    # letter when that has a mapping of its own.
    for char in list(out):
        small = char.lower()
        if small != char and len(small) == 1 and small in out:
            out[char] = out[small].upper()
        elif small != char and len(small) == 1 and not small.isascii() and out[char] == "l":
            out[char] = "I"
    return out


@functools.cache
def _fold_char(char: str) -> str:
    if char in _APOSTROPHES:
        return _APOSTROPHES[char]
    if char in _DASHES:
        return _DASHES[char]
    if char in _UNACCENTED:
        return _UNACCENTED[char]
    decomposed = unicodedata.normalize("NFKD", char)
    out = []
    for part in decomposed:
        if unicodedata.combining(part):
            continue
        if part in _UNACCENTED:
            out.append(_UNACCENTED[part])
        elif not part.isascii():
            out.append(_confusable_map().get(part, part))
        else:
            out.append(part)
    return "".join(out)


# A hyphen and a line end between two letters, the second small: a word broken across lines.
_LINE_END_HYPHEN = re.compile(r"(?<=[^\W\d_])-[ \t]*\r?\n[ \t]*(?=[^\W\d_A-Z])")


@dataclass(slots=True)
class Folded:
    """A display-form text, its skeleton (case kept) and folded skeleton, same lengths."""

    text: str
    skeleton: str
    folded: str
    origin: list[int] | None  # None: skeleton[i] came from text[i] (pure ASCII text)

    @classmethod
    def of(cls, text: str) -> Folded:
        broken = "-" in text and "\n" in text and _LINE_END_HYPHEN.search(text) is not None
        if text.isascii() and not broken:
            return cls(text, text, text.lower(), None)
        # A word hyphenated at the end of a line (pasted from a PDF or a scanned letter:
        # "Kowal-\nczyk") is matched whole; the reader sees one word.
        dropped = {i for m in _LINE_END_HYPHEN.finditer(text)
                   for i in range(m.start(), m.end())} if broken else set()
        skeleton: list[str] = []
        origin: list[int] = []
        for index, char in enumerate(text):
            if index in dropped:
                continue
            folded = char if char.isascii() else _fold_char(char)
            skeleton.append(folded)
            origin.extend([index] * len(folded))
        skel = "".join(skeleton)
        # lower() of one character can grow ("İ" -> "i̇"): keep one character per position.
        lowered = "".join(c.lower()[:1] or c for c in skel)
        return cls(text, skel, lowered, origin)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The display-form span a skeleton span came from."""
        if self.origin is None:
            return start, end
        if start >= len(self.origin):
            return len(self.text), len(self.text)
        return self.origin[start], self.origin[end - 1] + 1 if end > start else self.origin[start]


def fold(text: str) -> str:
    """The folded skeleton of a short string (a name, a candidate's text)."""
    return Folded.of(display_form(text)).folded


def has_bidi_controls(text: str) -> bool:
    return BIDI_CONTROLS.search(text) is not None
