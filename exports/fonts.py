"""The Unicode font shipped with Visible (DejaVu Sans, free licence in resources/fonts/).

Names in Polish, Czech, Turkish, Greek, Cyrillic and more must render on a locked-down laptop
that may not have them installed, so both writers use (and embed) this font.
"""

from __future__ import annotations

from pathlib import Path

import resources

FONT_FAMILY = "DejaVu Sans"
FONT_DIR = Path(resources.__file__).resolve().parent / "fonts"
REGULAR = FONT_DIR / "DejaVuSans.ttf"
BOLD = FONT_DIR / "DejaVuSans-Bold.ttf"
