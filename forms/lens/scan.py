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
of those is read with the original pattern (Folded.hits does), so nothing changes for it;
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
from itertools import accumulate, compress
from operator import add, not_
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


def word_start_form(alternatives: Sequence[tuple[str, str, str]]) -> str:
    """`\\b(?:a1|a2|…)` for alternatives that all start with a word character, as
    `(?<!\\w)(?:c1(?:…)|c2(?:…)|…)`: one branch per first character, the look-behind once,
    before them (the same matches: first_letter_form's argument).

    Why not first_letter_form: when the first letters cover most of the alphabet (the
    who-knew-what keywords start with twenty), jumping to the next candidate letter stops at
    nearly every character anyway, and entering a branch there costs more than one look-behind
    per position: 0.23 -> 0.14 s over the 5.5 MB of sentences about him at 75,000 entries.
    With few first letters (names, he/his/him, seen, …) first_letter_form is the quicker.
    """
    branches: dict[str, list[str]] = {}
    for first, rest, before in alternatives:
        assert len(first) == 1 and _WORD.fullmatch(first) and before in (r"\b", r"(?<!\w)")
        branches.setdefault(first, []).append(rest)
    body = "|".join(re.escape(first) + "(?:" + "|".join(rests) + ")"
                    for first, rests in branches.items())
    return r"(?<!\w)(?:" + body + ")" if body else r"(?!x)x"


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
    original patterns. `folded`: the sentences are lower-cased already and all foldable
    (Folded's), so they are only joined.
    """

    def __init__(self, sentences: Iterable[str], folded: bool = False) -> None:
        self.sentences: list[str] = list(sentences)
        self.rest: list[str] = []
        # Where each kept sentence, and each one left out, was in the sentences given (None:
        # all were kept, in order), for callers that know sentences by their position.
        self.kept: list[int] | None = None
        self.left_out: list[int] = []
        if folded:
            self.text = SEPARATOR.join(self.sentences)
        else:
            text = SEPARATOR.join(self.sentences)
            if _IRREGULAR.search(text) is not None:  # rare: sort the sentences out one by one
                keep: list[str] = []
                kept: list[int] = []
                for n, s in enumerate(self.sentences):
                    if _IRREGULAR.search(s):
                        self.rest.append(s)
                        self.left_out.append(n)
                    else:
                        keep.append(s)
                        kept.append(n)
                self.sentences = keep
                self.kept = kept
            # Each sentence lower-cased on its own: the same text (they are foldable), and
            # ASCII ones by str.lower's fast path even when one sentence is not ASCII.
            self.text = SEPARATOR.join(map(str.lower, self.sentences))
        # Sentence i is the one after the i-th NUL: counted between matches (str.count, in C)
        # rather than looked up in a list of where each sentence starts, unless a sentence
        # holds a NUL itself.
        self._counted = self.text.count("\x00") == len(self.sentences) - 1
        self._starts: list[int] | None = None

    @property
    def starts(self) -> list[int]:
        """Where each sentence starts in the text."""
        if self._starts is None:
            # Sentence i starts after the i sentences before it and their i separators
            # (worked out in C: map and accumulate, not a Python expression per sentence).
            step = len(SEPARATOR)
            count = len(self.sentences)
            self._starts = list(map(add, accumulate(map(len, self.sentences), initial=0),
                                    range(0, count * step, step)))
        return self._starts

    def which(self, twin: re.Pattern[str]) -> set[int]:
        """The indexes of the sentences in which the twin finds a match."""
        found: set[int] = set()
        if not self.sentences:
            return found
        if not self._counted:
            return self._which_by_starts(twin)
        # One search per sentence that matches: after a match, go on from the next sentence.
        search = twin.search
        text = self.text
        count = text.count
        find = text.find
        i = 0  # the sentence that starts at pos
        pos = 0
        while True:
            m = search(text, pos)
            if m is None:
                break
            at = m.start()
            i += count("\x00", pos, at)
            if at and text[at - 1] == "\x00":  # on the separator's last ";": the one before
                found.add(i - 1)
                pos = at + 1
                continue
            found.add(i)
            end = find("\x00", at)
            if end < 0:
                break
            i += 1
            pos = end + 2
        return found

    def _which_by_starts(self, twin: re.Pattern[str]) -> set[int]:
        starts = self.starts
        found: set[int] = set()
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
        text = self.text
        counted = self._counted
        starts = None if counted else self.starts
        count = text.count
        out: dict[int, set[str]] = {}
        i = 0  # NULs before the last match
        before = 0
        for m in find.finditer(text):
            at = m.start()
            if starts is None:
                i += count("\x00", before, at)
                before = at
                # On the separator's last ";" a match is the sentence's before.
                here = i - 1 if at and text[at - 1] == "\x00" else i
            else:
                here = bisect_right(starts, at) - 1
            named = name.match(text, at)
            assert named is not None and named.end() == m.end()
            found = out.get(here)
            if found is None:
                found = out[here] = set()
            found.add(group_of[named.lastgroup or ""])
        return out


class Folded:
    """A build's sentences lower-cased once, and which of them are not foldable, for many
    scans of different subsets of them (each then only joins its sentences)."""

    def __init__(self, sentences: Sequence[str]) -> None:
        self.sentences = sentences
        self.lowered = list(map(str.lower, sentences))
        wide = compress(range(len(sentences)), map(not_, map(str.isascii, sentences)))
        self.odd = {i for i in wide if _IRREGULAR.search(sentences[i])}

    def _split(self, which: Iterable[int]) -> tuple[list[int], list[int]]:
        order = list(which)
        if not self.odd:
            return order, []
        odd = self.odd
        return [i for i in order if i not in odd], [i for i in order if i in odd]

    def hits(self, pattern: re.Pattern[str], twin: re.Pattern[str] | None,
             which: Iterable[int]) -> set[int]:
        """Which of these sentences (by index) the pattern finds something in: one pass of the
        twin over them joined; those it cannot read, and all when there is no twin, are
        searched one by one with the pattern itself."""
        if twin is None:
            sentences = self.sentences
            return {i for i in which if pattern.search(sentences[i])}
        order, odd = self._split(which)
        out: set[int] = set()
        if order:
            scan = Scan(map(self.lowered.__getitem__, order), folded=True)
            out.update(map(order.__getitem__, scan.which(twin)))
        out.update(i for i in odd if pattern.search(self.sentences[i]))
        return out

    def group_hits(self, pattern: re.Pattern[str], find: re.Pattern[str],
                   twin: re.Pattern[str], group_of: dict[str, str],
                   which: Iterable[int]) -> dict[int, frozenset[str]]:
        """For each of these sentences in which `pattern` matches, the named groups that do
        (Scan.groups: `find` and `twin` are its twins without and with the groups)."""
        order, odd = self._split(which)
        out: dict[int, frozenset[str]] = {}
        if order:
            lowered = list(map(self.lowered.__getitem__, order))
            distinct = list(dict.fromkeys(lowered))  # each distinct sentence searched once
            said = {distinct[k]: frozenset(found) for k, found in
                    Scan(distinct, folded=True).groups(find, twin, group_of).items()}
            every = self.lowered
            for i in compress(order, map(said.__contains__, lowered)):
                out[i] = said[every[i]]
        for i in odd:
            found = {m.lastgroup for m in pattern.finditer(self.sentences[i]) if m.lastgroup}
            if found:
                out[i] = frozenset(found)
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
