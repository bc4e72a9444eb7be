"""Which fonts a Word export must carry, and only the glyphs it uses.

Embedding DejaVu Sans and Noto Sans Arabic whole (regular and bold) made a 40-entry review
about 1 MB. Most chronologies use only characters every office machine's fonts have (Latin
with the accents of Western and Central European names, Greek, Cyrillic, common punctuation):
those embed nothing and Word or LibreOffice substitutes its own sans (Verdana, which DejaVu is
drawn from, is named as the alternative). A document that needs more (Arabic or Urdu names,
rarer scripts and symbols) embeds subsets made with fontTools: DejaVu Sans for every
non-Arabic character the document uses, Noto Sans Arabic for the Arabic-script ones with the
glyphs their joined forms need (fontTools follows the font's substitution tables).
"""

from __future__ import annotations

import dataclasses
import io
from collections.abc import Iterable
from pathlib import Path
from typing import Any

# Characters in Arial, Calibri, Times New Roman, Verdana, Liberation Sans and DejaVu alike:
# WGL4-ish Latin (incl. Latin Extended-A: Polish, Czech, Turkish, Hungarian names), Greek and
# Cyrillic, and the punctuation, currency and symbols offices type.
_COMMON_RANGES = (
    (0x0020, 0x007E),
    (0x00A0, 0x017F),
    (0x0192, 0x0192),
    (0x0218, 0x021B),
    (0x02C6, 0x02C7),
    (0x02D8, 0x02DD),
    (0x0384, 0x03CE),
    (0x0400, 0x045F),
    (0x0490, 0x0491),
    (0x2013, 0x2015),
    (0x2018, 0x201E),
    (0x2020, 0x2022),
    (0x2026, 0x2026),
    (0x2030, 0x2030),
    (0x2039, 0x203A),
    (0x20AC, 0x20AC),
    (0x2116, 0x2116),
    (0x2122, 0x2122),
)
_ARABIC_RANGES = ((0x0600, 0x06FF), (0x0750, 0x077F), (0x08A0, 0x08FF), (0xFB50, 0xFDFF),
                  (0xFE70, 0xFEFF))
_IGNORED = {0x0009, 0x000A, 0x000D, 0x200C, 0x200D, 0x200E, 0x200F, 0xFEFF}


def _in(code: int, ranges: Iterable[tuple[int, int]]) -> bool:
    return any(a <= code <= b for a, b in ranges)


def is_common(char: str) -> bool:
    return ord(char) in _IGNORED or _in(ord(char), _COMMON_RANGES)


def is_arabic(char: str) -> bool:
    return _in(ord(char), _ARABIC_RANGES)


def document_characters(model: Any) -> set[str]:
    """Every character in the strings of a document model (dataclasses, lists, tuples)."""
    # Gathered string by string, not as set("".join(all of them)): at 20,000 entries that one
    # call held the interpreter lock for half a second, and the window (whose export this
    # runs for, on a worker) could not repaint meanwhile (issue 18 item 5).
    chars: set[str] = set()
    stack = [model]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            chars.update(item)
        elif isinstance(item, (list, tuple)):
            stack.extend(item)
        elif dataclasses.is_dataclass(item) and not isinstance(item, type):
            stack.extend(getattr(item, f.name) for f in dataclasses.fields(item))
        elif isinstance(item, dict):
            stack.extend(item.values())
    return chars


@dataclasses.dataclass(slots=True, frozen=True)
class FontNeed:
    latin: set[str]  # characters for the main family (empty: embed it not at all)
    arabic: set[str]  # Arabic-script characters for the complex-script family

    @property
    def any(self) -> bool:
        return bool(self.latin or self.arabic)


def font_need(chars: set[str]) -> FontNeed:
    """What must be embedded for these characters to render without the fonts installed."""
    arabic = {c for c in chars if is_arabic(c)}
    rest = chars - arabic
    beyond = {c for c in rest if not is_common(c)}
    # Once the main family is embedded at all, it carries every character it draws: a subset
    # missing "e" would leave Word to guess for each run.
    latin = rest if beyond else set()
    if arabic:
        arabic |= {" ", "0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "\u060C"}
    return FontNeed({c for c in latin if ord(c) not in _IGNORED}, arabic)


def subset(path: Path, chars: set[str]) -> bytes:
    """A TrueType subset of the font at `path` holding these characters (and what their
    shaping needs), with the font's names kept so Word matches it to the family."""
    from fontTools import subset as ft_subset
    from fontTools.ttLib import TTFont

    options = ft_subset.Options()
    options.layout_features = ["*"]  # joined Arabic forms, ligatures, marks
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.recalc_bounds = True
    # FFTM (FontForge's timestamp, in DejaVu Sans) is read by nothing; unlisted, fontTools
    # warned "FFTM NOT subset; don't know how to subset; dropped" on the user's terminal.
    options.drop_tables += ["DSIG", "FFTM"]
    font = TTFont(str(path), lazy=False)
    subsetter = ft_subset.Subsetter(options)
    subsetter.populate(unicodes={ord(c) for c in chars})
    subsetter.subset(font)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()
