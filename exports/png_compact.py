"""Figures as small PNGs: a palette of at most 256 colours instead of 24-bit colour.

A genogram at 300 dpi is over 2,000 pixels wide; saved as 24-bit RGB it was 220 KB of a 360 KB
review in Word (issue 18: a 40-entry review under 200 KB). Line art has few colours — the
drawing's own plus the anti-aliased edges between them — so a picture with 256 colours or
fewer is kept exactly, and one with more (the genogram's soft edges: ~1,900) is mapped to 256
without dithering, which looks the same on screen and in print and is a third of the size.
Pillow is already installed as reportlab's imaging library; no Qt is needed here.
"""

from __future__ import annotations

import io

from PIL import Image

PALETTE = 256


def compact_png(image: Image.Image, dpi: float | None = None) -> bytes:
    """`image` (RGB) as PNG bytes with a palette of at most 256 colours."""
    rgb = image.convert("RGB")
    if rgb.getcolors(PALETTE) is not None:  # few colours: every one kept exactly
        paletted = rgb.convert("P", palette=Image.Palette.ADAPTIVE, colors=PALETTE)
    else:
        # Octree keeps the few colours that cover most pixels (white, the fills, black text)
        # exact; no dithering, which would speckle the lines and grow the file.
        paletted = rgb.quantize(colors=PALETTE, method=Image.Quantize.FASTOCTREE,
                                dither=Image.Dither.NONE)
    out = io.BytesIO()
    # optimize=True saved another 10% for three times the time (0.7 s a genogram).
    paletted.save(out, "PNG", **({"dpi": (dpi, dpi)} if dpi else {}))
    return out.getvalue()
