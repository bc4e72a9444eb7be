"""The lens's patterns written so Python's re can skip ahead, and one scan over a build's sentences.

Why: a lens over 75,000 entries searches about 13 MB of sentences with each of its patterns.
Written the natural way — `\\b(?:cannabis|skunk|…)` with IGNORECASE — re tries every
alternative at every position of the text and cannot jump ahead to a likely first letter: the
keyword pattern read about 1 MB a second, the name pattern 20. re's search does jump when a
pattern starts with a plain literal, or with a branch whose every alternative starts with one
(its "charset prefix": a tight loop in C to the next candidate letter). So each pattern here is
its original's twin with one alternative per first letter, that letter first and the `\\b`
before it checked after it by a look-behind; on the same text it gives the same matches
(tests/test_lens_scan.py checks every twin against its original on random text).

Case: the twins match lower-cased text without IGNORECASE. For a character X and a pattern's
ASCII letter c, "X matches c ignoring case" is "X.lower() == c" — except for the few characters
whose case rules in re are irregular (IRREGULAR: "ſ" matches "s", "ı" matches "i", "İ"
lower-cases to two characters, Greek "Σ" to "σ" or "ς" by context, ...). A sentence holding one
of those is read with the original pattern (SentenceMemo's own path), so nothing changes for it;
tests/test_lens_scan.py checks the rule above over every Unicode character.
"""

from __future__ import annotations

import gc
import re
import threading
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from functools import wraps
from itertools import accumulate
from typing import ParamSpec, TypeVar

# Characters for which lower() is not how re compares ignoring case (see the module docstring).
# tests/test_lens_scan.py recomputes this set over all of Unicode with re itself.
IRREGULAR = (
    "µİıſͅΐΒΕΘΙΚΜΠΡΣΦΰβεθικμπρςσφϐϑϕϖϰϱϴϵВДОСТЪвдостъѢѣᲀᲁᲂᲃᲄᲅᲆᲇᲈṠṡẛιΐΰꙊꙋﬅﬆ"
)
_IRREGULAR = re.compile("[" + re.escape(IRREGULAR) + "]")
_WORD = re.compile(r"\w")

# Between sentences in the one string a scan reads: no pattern can match across it (none
# matches a NUL, and the one that crosses other punctuation, "not … seen", stops at ";"), and
# on either side it is not a word character, as the start and end of a sentence are not.
SEPARATOR = ";\x00;"


def foldable(text: str) -> bool:
    """Whether lower-casing this text and matching without IGNORECASE is exact."""
    return text.isascii() or _IRREGULAR.search(text) is None


def first_letter_form(alternatives: Sequence[tuple[str, str, str]], after: str = "") -> str:
    """`(?:b1 a1|b2 a2|…)after` rewritten with one branch per first character.

    Each alternative is (its first character, the regex for the rest, what stands before it:
    "\\b" or "(?<!\\w)"). That check is made after the first character, by a two-character
    look-behind, so each branch starts with a literal. The alternatives keep their order within
    a branch, and two branches never match at the same place (their first characters differ),
    so the alternative that matches first is the same one as in the original.
    """
    branches: dict[str, list[tuple[str, str]]] = {}
    for first, rest, before in alternatives:
        assert len(first) == 1 and before in (r"\b", r"(?<!\w)")
        if before == r"(?<!\w)" or _WORD.fullmatch(first):
            check = r"(?<!\w.)"  # nothing of a word just before the first character
        else:
            check = r"(?<=\w.)"  # \b before a non-word character: a word just before it
        branches.setdefault(first, []).append((check, rest + after))
    out = []
    for first, rests in branches.items():
        checks = {check for check, _rest in rests}
        if len(checks) == 1:  # checked once for the branch: re is twice as fast so
            body = checks.pop() + "(?:" + "|".join(rest for _check, rest in rests) + ")"
        else:
            body = "(?:" + "|".join(check + rest for check, rest in rests) + ")"
        out.append(re.escape(first) + body)
    return "(?:" + "|".join(out) + ")" if out else r"(?!x)x"


def compile_twin(source: str) -> re.Pattern[str]:
    # DOTALL: the look-behinds' "." must also step over a first character that is a newline.
    return re.compile(source, re.DOTALL)


def words_twin(words: Iterable[str], after: str = r"\b") -> str:
    """The twin of `\\b(?:w1|w2|…)after` for regex sources w that start with a plain letter."""
    return first_letter_form([(w[0], w[1:], r"\b") for w in words], after)


def literal_terms(terms: Iterable[str], before: str, after: str) -> list[tuple[str, str, str]]:
    """The alternatives of `before(?:t1|t2|…)after` for literal terms, in the order given."""
    return [(t[0], re.escape(t[1:]) + after, before) for t in terms]


class Scan:
    """Distinct sentences joined once, lower-cased, for the twins to run over in one pass each.

    Sentences that are not foldable are left out (`rest`): the caller reads them with the
    original patterns.
    """

    def __init__(self, sentences: Iterable[str]) -> None:
        self.sentences: list[str] = list(sentences)
        self.rest: list[str] = []
        text = SEPARATOR.join(self.sentences)
        if _IRREGULAR.search(text) is not None:  # rare: sort the sentences out one by one
            keep: list[str] = []
            for s in self.sentences:
                (self.rest if _IRREGULAR.search(s) else keep).append(s)
            self.sentences = keep
            text = SEPARATOR.join(keep)
        self.text = text.lower()
        step = len(SEPARATOR)
        self.starts: list[int] = list(accumulate((len(s) + step for s in self.sentences),
                                                 initial=0))[:-1]

    def which(self, twin: re.Pattern[str]) -> set[int]:
        """The indexes of the sentences in which the twin finds a match."""
        starts = self.starts
        found: set[int] = set()
        if not starts:
            return found
        # One search per sentence that matches: after a match, go on from the next sentence.
        search = twin.search
        text = self.text
        end = len(text)
        count = len(starts)
        pos = 0
        while pos < end:
            m = search(text, pos)
            if m is None:
                break
            i = bisect_right(starts, m.start()) - 1
            found.add(i)
            if i + 1 >= count:
                break
            pos = starts[i + 1]
        return found

    def groups(self, find: re.Pattern[str], name: re.Pattern[str],
               group_of: dict[str, str]) -> dict[int, set[str]]:
        """Sentence index -> the groups of the matches in it.

        `find` is the twin without its named groups (re is twice as fast without them) and
        finds the same matches; at each, `name`, the same twin with them, says which
        alternative matched (group_of[its lastgroup])."""
        starts = self.starts
        text = self.text
        out: dict[int, set[str]] = {}
        for m in find.finditer(text):
            at = m.start()
            i = bisect_right(starts, at) - 1
            named = name.match(text, at)
            assert named is not None and named.end() == m.end()
            found = out.get(i)
            if found is None:
                found = out[i] = set()
            found.add(group_of[named.lastgroup or ""])
        return out


_P = ParamSpec("_P")
_R = TypeVar("_R")
_collector = threading.Lock()
_builds = [0, False]  # builds running, and whether the collector was on when the first began


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cycle collector off while a lens is built.

    A build makes hundreds of thousands of small objects (entries, readings, sets, evidence)
    and none of them form cycles, so the collector finds nothing — but on Python 3.11 every
    full collection it triggers walks every object made so far, and at 75,000 entries that was
    most of the build (reading the entries: 3.9 s with it, 0.24 s without). Counted, so two
    builds on two threads leave it as they found it.
    """
    with _collector:
        if _builds[0] == 0:
            _builds[1] = gc.isenabled()
            gc.disable()
        _builds[0] += 1
    try:
        yield
    finally:
        with _collector:
            _builds[0] -= 1
            if _builds[0] == 0 and _builds[1]:
                # Re-enabled plainly, the collector's next young collection would walk every
                # object the build made (a quarter of a second at 75,000 entries) only to find
                # them alive. Frozen and unfrozen they join the oldest generation directly,
                # to be looked at in its next full collection as if they had aged there.
                gc.freeze()
                gc.enable()
                gc.unfreeze()


def without_collector(build: Callable[_P, _R]) -> Callable[_P, _R]:
    @wraps(build)
    def paused(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        with collector_paused():
            return build(*args, **kwargs)
    return paused
