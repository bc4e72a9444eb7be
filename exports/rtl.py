"""Arabic and Urdu names in PDFs: contextual letter forms and right-to-left order.

reportlab draws characters one after another, left to right, in their isolated forms, so an
Arabic name would come out unjoined and backwards. Word shapes text itself, so only the PDF
writer needs this: each drawn line that contains right-to-left characters is reshaped to
presentation forms (arabic-reshaper) and put in visual order (python-bidi, left-to-right base
direction, as the surrounding English is). A shaped form missing from the font falls back to
its base letter rather than an empty box. The anonymisation scan looks for the same visual form.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Container

_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")


# Arabic script, base letters and presentation forms: drawn with the Arabic font.
ARABIC_RUN = re.compile(
    "[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufefc]+"
    "(?:\\s+[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufefc]+)*")


def script_runs(line: str) -> list[tuple[bool, str]]:
    """(is_arabic, text) pieces of a line, in order."""
    runs: list[tuple[bool, str]] = []
    position = 0
    for match in ARABIC_RUN.finditer(line):
        if match.start() > position:
            runs.append((False, line[position:match.start()]))
        runs.append((True, match.group()))
        position = match.end()
    if position < len(line):
        runs.append((False, line[position:]))
    return runs


def has_rtl(text: str) -> bool:
    return _RTL.search(text) is not None


def visual(line: str, glyphs: Container[int] | None = None) -> str:
    """The line as it must be drawn left to right; unchanged if it has no RTL characters."""
    if _RTL.search(line) is None:
        return line
    import arabic_reshaper
    from bidi import get_display

    out = get_display(arabic_reshaper.reshape(line), base_dir="L")
    if glyphs is not None:
        out = "".join(c if ord(c) in glyphs or c.isspace()
                      else unicodedata.normalize("NFKC", c) for c in out)
    return out
