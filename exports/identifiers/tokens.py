"""Words of a folded text, split where a name can hide inside a joined form.

"Liam_Carter", "@LiamCarter98", "Liam1998" and "LIAM.CARTER" are split into the name parts a
reader sees (Liam | Carter | 98), remembering how each part was joined to the next: a space,
a hyphen (a double-barrelled name is one name), or joined without a space (camel case, digits,
underscores, dots). McDonald, MacLeod and O'Brien stay whole; a trailing possessive ('s, s')
is split off so "Okoro's" is the name "Okoro".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

from exports.identifiers.text import Folded


class Join(Enum):
    SPACE = "space"    # ordinary gap between words (spaces, or one comma-free separator)
    HYPHEN = "hyphen"  # Patel-Green: one double-barrelled name
    JOINED = "joined"  # LiamCarter, Liam1998, Liam_Carter, liam.carter: one joined form
    BREAK = "break"    # punctuation that ends a name (comma, bracket, full stop, new line)


@dataclass(slots=True)
class Token:
    start: int  # offsets in the skeleton / folded text
    end: int
    text: str   # skeleton (case kept)
    key: str    # folded
    join_before: Join
    sentence_start: bool
    index: int = 0
    possessive: bool = False  # followed by 's or s'
    comma_before: bool = False  # the gap before is a comma ("Carter, Liam")

    @property
    def capitalised(self) -> bool:
        return self.text[:1].isupper()

    @property
    def upper(self) -> bool:
        return len(self.text) > 1 and self.text.isupper()

    @property
    def alpha(self) -> bool:
        return self.text.isalpha()

    @property
    def latin(self) -> bool:
        return self.text.isascii()


_WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)*")
# Parts of an ASCII word: Mc/Mac/O' names whole, then camel-case pieces, capitals runs, digits.
_PART = re.compile(r"(?:Ma?c|O'|D'|Fitz)[A-Z][a-z]+|[A-Z][a-z]+(?:'[a-z]+)*|[a-z]+(?:'[a-z]+)*"
                   r"|[A-Z]+(?:'[A-Z]+)*(?![a-z])|\d+")
_SENTENCE_END = re.compile(r"[.!?:;\n\"\u201c\u201d(\[]\s*$|^\s*$")


def _possessive(word: str) -> int:
    """Characters of a trailing possessive to split off: 's (2) or s' handled by the gap."""
    if len(word) > 3 and word[-2:] in ("'s", "'S"):
        return 2
    return 0


def tokens(folded: Folded) -> list[Token]:
    skel = folded.skeleton
    low = folded.folded
    out: list[Token] = []
    previous_end = 0
    for match in _WORD.finditer(skel):
        word_start, word_end = match.span()
        word = match.group()
        cut = _possessive(word)
        word_end -= cut
        word = word[:len(word) - cut]
        gap = skel[previous_end:word_start]
        join = _join_of(gap, first=not out)
        sentence_start = not out or (gap != " " and bool(_SENTENCE_END.search(
            skel[max(0, previous_end - 3):word_start])))
        if out and join is Join.JOINED and gap in (".",):
            sentence_start = False
        parts = _split(word, word_start)
        comma = "," in gap and gap.strip(" ") == ","
        for n, (start, end) in enumerate(parts):
            out.append(Token(start, end, skel[start:end], low[start:end],
                             join if n == 0 else Join.JOINED,
                             sentence_start if n == 0 else False, len(out), False,
                             comma and n == 0))
        after = skel[match.end():match.end() + 1]
        if out and (cut or (after == "'" and word.endswith(("s", "S")))):
            out[-1].possessive = True
        previous_end = match.end()
    return out


def _split(word: str, offset: int) -> list[tuple[int, int]]:
    if word.isalpha() and (word.islower() or word[1:].islower() or word.isupper()):
        return [(offset, offset + len(word))]  # the common case: one plain word
    if not word.isascii():
        # Another script (or a mixed-script word folded to Latin only in part): one token.
        return [(offset, offset + len(word))]
    spans = [(offset + m.start(), offset + m.end()) for m in _PART.finditer(word)]
    covered = sum(e - s for s, e in spans)
    if not spans or covered != len(word.replace("'", "")) and covered != len(word):
        return [(offset, offset + len(word))]
    return spans


def _join_of(gap: str, first: bool) -> Join:
    if first:
        return Join.BREAK
    if gap == "" or gap in ("_", ".", "@"):
        return Join.JOINED if gap != "." else Join.JOINED
    if gap == "-":
        return Join.HYPHEN
    stripped = gap.strip(" \t")
    if stripped == "" and "\n" not in gap:
        return Join.SPACE
    if stripped in ("'", "'s", "s'") and "\n" not in gap:
        return Join.SPACE
    return Join.BREAK
