"""Agency colours for the review chronology: colour-blind safe, WCAG AA, never colour alone.

The eight colours are Okabe & Ito's palette, distinguishable with the common colour-vision
deficiencies. Each fill gets black or white text, whichever contrasts more, and every pair is
at least 4.5:1 (WCAG 2.x AA for normal text). The agency prefix is always printed in the
coloured cell, so the table still reads in greyscale print.
"""

from __future__ import annotations

from collections.abc import Sequence

OKABE_ITO = ("E69F00", "56B4E9", "009E73", "F0E442", "0072B2", "D55E00", "CC79A7", "000000")
AA_NORMAL = 4.5


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def luminance(hex_colour: str) -> float:
    h = hex_colour.lstrip("#")
    r, g, b = (int(h[i:i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast(a: str, b: str) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def text_colour_for(fill: str) -> str:
    """Black or white, whichever contrasts more with fill."""
    return "000000" if contrast(fill, "000000") >= contrast(fill, "FFFFFF") else "FFFFFF"


def agency_colours(agency_ids: Sequence[int]) -> dict[int, tuple[str, str]]:
    """Agency id -> (fill, text), in the order given (agencies with entries, by first entry)."""
    return {aid: (OKABE_ITO[i % len(OKABE_ITO)], text_colour_for(OKABE_ITO[i % len(OKABE_ITO)]))
            for i, aid in enumerate(agency_ids)}
