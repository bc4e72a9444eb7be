"""PDF text: the page geometry, the embedded fonts and how a line is measured, wrapped and drawn.

Word widths are cached per font and size (a 20,000-row chronology measures the same words over
and over); Arabic-script runs are drawn in Noto Sans Arabic and the rest in DejaVu Sans, so
names in any script the case holds render without fonts installed on the reader's machine.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Container

from exports.fonts import ARABIC_BOLD, ARABIC_REGULAR, BOLD, REGULAR
from exports.rtl import has_rtl, script_runs, visual

MM = 72 / 25.4
A4_W, A4_H = 210 * MM, 297 * MM
MARGIN = 18 * MM
FONT, FONT_BOLD = "DejaVuSans", "DejaVuSans-Bold"
FONT_ARABIC, FONT_ARABIC_BOLD = "NotoSansArabic", "NotoSansArabic-Bold"
ARABIC_FOR = {FONT: FONT_ARABIC, FONT_BOLD: FONT_ARABIC_BOLD}
SIZE, LEADING = 9.0, 11.0
CELL_PAD = 3.0
HEADER_FILL = (0.85, 0.85, 0.85)
GRID = (0.5, 0.5, 0.5)


def register_fonts() -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    registered = pdfmetrics.getRegisteredFontNames()
    if FONT not in registered:
        pdfmetrics.registerFont(TTFont(FONT, str(REGULAR)))
    if FONT_BOLD not in registered:
        pdfmetrics.registerFont(TTFont(FONT_BOLD, str(BOLD)))
    if FONT_ARABIC not in registered:
        pdfmetrics.registerFont(TTFont(FONT_ARABIC, str(ARABIC_REGULAR)))
    if FONT_ARABIC_BOLD not in registered:
        pdfmetrics.registerFont(TTFont(FONT_ARABIC_BOLD, str(ARABIC_BOLD)))


class Wrapper:
    """Greedy word wrap with a per-font cache of word widths (words repeat a great deal)."""

    def __init__(self, font: str, size: float) -> None:
        from reportlab.pdfbase.pdfmetrics import stringWidth

        self._measure = stringWidth
        self.font, self.size = font, size
        self._cache: dict[str, float] = {}
        self.space = stringWidth(" ", font, size)

    def width(self, word: str) -> float:
        w = self._cache.get(word)
        if w is None:
            if has_rtl(word):
                # Measured as drawn: shaped forms, Arabic runs in the Arabic font.
                arabic = ARABIC_FOR.get(self.font, FONT_ARABIC)
                w = sum(self._measure(run, arabic if is_arabic else self.font, self.size)
                        for is_arabic, run in script_runs(visual(word, glyphs())))
            else:
                w = self._measure(word, self.font, self.size)
            if len(self._cache) < 200_000:
                self._cache[word] = w
        return w

    def spans(self, text: str, max_width: float) -> array:
        """Line breaks as (start, end) offsets into text, flattened: [s0, e0, s1, e1, ...].

        Table rows keep these offsets rather than the wrapped strings, so a laid-out 20,000-row
        chronology does not hold a second copy of its text while it waits to be drawn.
        """
        out = array("i")
        width = self.width
        space = self.space
        p_start = 0
        for paragraph in text.split("\n"):
            line_start = line_end = -1
            current_width = 0.0
            for match in _WORDS.finditer(paragraph):
                ws, we = match.start() + p_start, match.end() + p_start
                w = width(match.group())
                if w > max_width:
                    # A word wider than the column (a long reference or URL): cut by characters.
                    if line_start >= 0:
                        out.extend((line_start, line_end))
                    piece_start = ws
                    for i in range(ws + 1, we + 1):
                        if width(text[piece_start:i]) > max_width and i - 1 > piece_start:
                            # Prefer to break after a hyphen ("HOSPITAL-" / "1003").
                            cut = text.rfind("-", piece_start + 1, i - 1) + 1 or i - 1
                            out.extend((piece_start, cut))
                            piece_start = cut
                    line_start, line_end = piece_start, we
                    current_width = width(text[piece_start:we])
                    continue
                if line_start < 0:
                    line_start, line_end, current_width = ws, we, w
                elif current_width + space + w > max_width:
                    out.extend((line_start, line_end))
                    line_start, line_end, current_width = ws, we, w
                else:
                    line_end = we
                    current_width += space + w
            if line_start < 0:
                out.extend((p_start, p_start))  # an empty paragraph is an empty line
            else:
                out.extend((line_start, line_end))
            p_start += len(paragraph) + 1
        return out

    def wrap(self, text: str, max_width: float) -> list[str]:
        spans = self.spans(text, max_width)
        return [line_text(text, spans[i], spans[i + 1]) for i in range(0, len(spans), 2)]


_WORDS = re.compile(r"\S+")
WORD_BREAKS = re.compile(r"\s+|(?<=-)")  # where a long word may break (spaces, after hyphens)


def line_text(text: str, start: int, end: int) -> str:
    line = text[start:end]
    # Words inside a line were separated by any whitespace; draw exactly one space.
    if "  " in line or not line.isprintable():
        line = " ".join(line.split())
    if has_rtl(line):
        line = visual(line, glyphs())
    return line


def glyphs() -> Container[int]:
    """Code points the Arabic font can draw (shaped forms it lacks fall back to base letters)."""
    from reportlab.pdfbase import pdfmetrics

    return pdfmetrics.getFont(FONT_ARABIC).face.charToGlyph


def draw_line(text, x: float, y: float, line: str, font: str, size: float) -> None:
    """One line that may mix scripts: Arabic runs in the Arabic font, the rest in font."""
    text.setTextOrigin(x, y)
    if not has_rtl(line):
        text.setFont(font, size)
        text.textOut(line)
        return
    for is_arabic, run in script_runs(line):
        text.setFont(ARABIC_FOR.get(font, FONT_ARABIC) if is_arabic else font, size)
        text.textOut(run)


