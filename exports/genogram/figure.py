"""The genogram as a figure of a Word or PDF document (no Qt: the picture arrives as PNG bytes).

The PNG is painted by whoever has Qt (the export job is handed exports.genogram.painter's
render_png by the CLI or the window); this module only places it, keeping its aspect ratio.
"""

from __future__ import annotations

from exports.document import Block, Figure, Heading, Paragraph


def genogram_blocks(png: bytes | None, heading: str, alt_text: str = "") -> list[Block]:
    """alt_text: what the picture shows in words (the anonymised review names everyone by
    pseudonym with an age: exports.family.genogram_alt_text); a general one otherwise."""
    if png is None:
        return [Heading(heading, 1),
                Paragraph("The genogram figure is not available in this export.", italic=True)]
    width, height = png_size(png)
    return [Heading(heading, 1), Figure(
        png, caption="Household genogram", width_mm=160.0,
        height_mm=160.0 * height / max(width, 1),
        # What a screen reader says instead of the picture; the family composition section
        # gives the same people and relationships in words.
        alt_text=alt_text or (
            "Genogram (family tree diagram) of the child's household: each person with "
            "their relationship lines, the household boundary and each man's male-carer "
            "role. The family composition section lists the same people in words."))]


def png_size(png: bytes) -> tuple[int, int]:
    """Pixel width and height from the PNG header (IHDR), to keep the figure's aspect."""
    if png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) >= 24:
        return int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    return 16, 10
