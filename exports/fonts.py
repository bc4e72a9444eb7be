"""The Unicode font shipped with Visible (DejaVu Sans, free licence in resources/fonts/).

Names in Polish, Czech, Turkish, Greek, Cyrillic, Arabic and Urdu must render on a locked-down
laptop that may not have the fonts installed, so the writers use (and embed) these.
"""

from __future__ import annotations

from pathlib import Path

import resources

FONT_FAMILY = "DejaVu Sans"
FONT_DIR = Path(resources.__file__).resolve().parent / "fonts"
REGULAR = FONT_DIR / "DejaVuSans.ttf"
BOLD = FONT_DIR / "DejaVuSans-Bold.ttf"
# DejaVu Sans lacks Urdu's heh goal and yeh barree (ہ ے) and many joined Arabic forms; the PDF
# writer draws Arabic-script runs in Noto Sans Arabic (SIL OFL 1.1, licence alongside).
ARABIC_FAMILY = "Noto Sans Arabic"
ARABIC_REGULAR = FONT_DIR / "NotoSansArabic-Regular.ttf"
ARABIC_BOLD = FONT_DIR / "NotoSansArabic-Bold.ttf"
