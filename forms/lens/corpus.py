"""Every narrative of one lens build read at once: its sentences, and whom each one names.

Why: read entry by entry (a sentence split, a name scan, and lists and sets for each entry), a
lens over 75,000 entries spent more than three seconds in Python. Here the build's distinct
narratives are joined into one string, cut into sentences by one pass of the sentence-end
pattern and searched for names by one pass of the name pattern; a sentence is an index into
flat lists, and an entry's Reading is a window on them whose lists are made only when asked.

Joined, every narrative gets exactly the sentences and names it gets alone. The separator is a
character no narrative and no name holds; it ends no sentence but the narrative's last, joins
no sentence end or name, is not a word character (\\b and the look-behinds see it as the start
or end of a string) and is neither cased nor case-ignorable, so lower() treats its neighbours as
it does at the ends of a string (Greek final sigma). Names are matched in the lower-cased
narrative and placed by where they are in it, as mentions.NameIndex always has: where lower()
lengthens a narrative ("İ"), a name after that point is placed as it was before, further on.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from itertools import accumulate, chain, compress, repeat
from operator import eq, ge, sub
from re import Match

from forms.lens.mentions import _SENTENCE_END_TWIN, NameIndex
from forms.lens.scan import Folded
from storage.chronology import ChronologyEntry
from storage.ids import PersonId

# Control characters that are not white space, then the private-use block: the first one that
# no narrative and no name holds separates the narratives.
_SEPARATORS = "".join(map(chr, chain(range(0x00, 0x09), range(0x0E, 0x1C), range(0x7F, 0x80),
                                     range(0xE000, 0xF900))))


@cache
def _splitter(separator: str) -> re.Pattern[str]:
    # mentions._SENTENCE_END_TWIN, and the separator as an end of its own (an empty match).
    sep = re.escape(separator)
    return re.compile(rf"[.!?;\n{sep}](?:(?<=[.!?;])\s+|(?<=\n)\n*|(?<={sep}))")


@dataclass(slots=True)
class Corpus:
    texts: list[str]  # the distinct narratives
    first: list[int]  # narrative t's sentences are first[t] to first[t + 1] - 1
    sentences: list[str]
    at: list[int]  # where each sentence starts in the joined narratives
    text_at: list[int]  # where each narrative starts there
    text_of: list[int]  # each sentence's narrative
    # Each name found: the sentence it is in, and whose it is (in the order found).
    hit_in: list[int] = field(default_factory=list)
    hit_who: list[PersonId] = field(default_factory=list)
    naming: dict[PersonId, set[int]] = field(default_factory=dict)  # who: the sentences
    text_named: dict[int, set[PersonId]] = field(default_factory=dict)  # narrative: whom
    _named: dict[int, set[PersonId]] | None = None
    _folded: Folded | None = None

    @property
    def named(self) -> dict[int, set[PersonId]]:
        """The sentences that name someone: whom (made when first asked for)."""
        if self._named is None:
            named: dict[int, set[PersonId]] = {}
            for i, who in zip(self.hit_in, self.hit_who, strict=True):
                named.setdefault(i, set()).add(who)
            self._named = named
        return self._named

    @property
    def folded(self) -> Folded:
        """The sentences lower-cased once for every scan of the build (forms/lens/scan.py)."""
        if self._folded is None:
            self._folded = Folded(self.sentences)
        return self._folded


def read_texts(texts: list[str], index: NameIndex) -> Corpus:
    """The narratives' sentences (as mentions.py cuts them) and who each sentence names."""
    if not texts:
        return Corpus([], [0], [], [], [], [])
    joined, separator = _joined(texts, index)
    if separator is None:  # every candidate is used somewhere (never seen): read one by one
        return _concatenated([read_texts([t], index) for t in texts])
    return _read(texts, joined, separator, index)


def _joined(texts: list[str], index: NameIndex) -> tuple[str, str | None]:
    if len(texts) == 1:
        return texts[0], ""
    for separator in _SEPARATORS:
        joined = separator.join(texts)
        if joined.count(separator) == len(texts) - 1 and not any(
                separator in term for term in index.owners):
            return joined, separator
    return "", None


def _read(texts: list[str], joined: str, separator: str, index: NameIndex) -> Corpus:
    sentences: list[str] = []
    at: list[int] = []
    first = [0]
    text_at = [0]
    keep = sentences.append
    mark = at.append
    start = 0
    if separator:
        ends = _splitter(separator).finditer(joined)
    else:  # one narrative: nothing to separate
        ends = _SENTENCE_END_TWIN.finditer(joined)
    for m in ends:
        end, after = m.span()
        c = joined[end]
        if c == separator:
            part = joined[start:end].strip()
            if part:
                keep(part)
                mark(start)
            first.append(len(sentences))
            start = after
            text_at.append(start)
            continue
        part = joined[start:end if c == "\n" else end + 1].strip()
        if part:  # blank stretches between sentence ends are not sentences
            keep(part)
            mark(start)
        start = after
    part = joined[start:].strip()
    if part:
        keep(part)
        mark(start)
    first.append(len(sentences))
    counts = map(sub, first[1:], first)
    text_of = list(chain.from_iterable(map(repeat, range(len(texts)), counts)))
    corpus = Corpus(texts, first, sentences, at, text_at, text_of)
    if index.pattern is not None:
        _place_names(corpus, joined, separator, index)
    return corpus


def _place_names(corpus: Corpus, joined: str, separator: str, index: NameIndex) -> None:
    # Each narrative lower-cased on its own: the same text as lower-casing them joined, and
    # quicker when one of them is not ASCII (the rest keep str.lower's ASCII path).
    low = separator.join(map(str.lower, corpus.texts))
    matches = list(index.pattern.finditer(low))  # type: ignore[union-attr]
    if not matches:
        return
    positions = list(map(Match.start, matches))
    # The sentence each name is in: the last one starting at or before it, found for all of
    # them in C. Right when the name is in its narrative's sentences, as it always is but
    # where lower() lengthened the text or a name starts before the narrative's first
    # sentence: then each name is placed as mentions.py always did, one by one.
    lengthened = len(low) != len(joined)
    hit_in = list(map(sub, map(bisect_right, repeat(corpus.at), positions), repeat(1)))
    if lengthened or hit_in[0] < 0:
        hit_in, texts = _placed_one_by_one(corpus, lengthened, positions)
    else:
        texts = list(map(corpus.text_of.__getitem__, hit_in))
        ends = corpus.text_at[1:]  # where each narrative ends (its separator)
        ends.append(len(joined))
        if any(map(ge, positions, map(ends.__getitem__, texts))):  # before its first sentence
            hit_in, texts = _placed_one_by_one(corpus, lengthened, positions)
    owners = index.owners
    who = list(map(owners.__getitem__, map(Match.group, matches)))
    keep = list(map(ge, hit_in, repeat(0)))  # -1: a name in a narrative with no sentences
    if not all(keep):
        hit_in = list(compress(hit_in, keep))
        texts = list(compress(texts, keep))
        who = list(compress(who, keep))
    corpus.hit_in = hit_in
    corpus.hit_who = who
    for person in set(who):
        corpus.naming[person] = set(compress(hit_in, map(eq, who, repeat(person))))
    text_named = corpus.text_named
    # In the order found, not as a set of pairs: each narrative's names come together.
    for t, person in zip(texts, who, strict=True):
        found = text_named.get(t)
        if found is None:
            text_named[t] = {person}
        else:
            found.add(person)


def _placed_one_by_one(corpus: Corpus, lengthened: bool, positions: list[int]
                       ) -> tuple[list[int], list[int]]:
    """Each name's sentence (-1: its narrative has none) and narrative, as mentions.py placed
    them: by its place in the lower-cased narrative, among that narrative's sentences."""
    text_at = corpus.text_at
    low_at = text_at
    if lengthened:  # where each narrative starts in the lower-cased ones joined
        low_at = list(accumulate((len(t.lower()) + 1 for t in corpus.texts), initial=0))
    first = corpus.first
    at = corpus.at
    hit_in: list[int] = []
    texts: list[int] = []
    for position in positions:
        t = bisect_right(low_at, position) - 1
        lo = first[t]
        hi = first[t + 1]
        texts.append(t)
        if lo == hi:
            hit_in.append(-1)
            continue
        i = bisect_right(at, position + text_at[t] - low_at[t], lo, hi) - 1
        hit_in.append(max(i, lo))
    return hit_in, texts


def _concatenated(parts: Sequence[Corpus]) -> Corpus:
    """One corpus from corpora read apart (their indexes shifted to follow one another)."""
    out = Corpus([], [0], [], [], [], [])
    offset = 0  # where the part's joined narratives would start
    for part in parts:
        t0 = len(out.texts)
        s0 = len(out.sentences)
        out.texts.extend(part.texts)
        out.first.extend(f + s0 for f in part.first[1:])
        out.sentences.extend(part.sentences)
        out.at.extend(a + offset for a in part.at)
        out.text_at.extend(a + offset for a in part.text_at)
        out.text_of.extend(t + t0 for t in part.text_of)
        out.hit_in.extend(i + s0 for i in part.hit_in)
        out.hit_who.extend(part.hit_who)
        for person, where in part.naming.items():
            out.naming.setdefault(person, set()).update(i + s0 for i in where)
        for t, who in part.text_named.items():
            out.text_named[t + t0] = who
        offset += sum(len(t) + 1 for t in part.texts)
    return out


class Reading:
    """An entry split into sentences, with who each sentence names and which men it involves:
    a window on the build's Corpus (its lists are made when asked for: a lens reads its
    entries through the corpus, not through these)."""

    __slots__ = ("corpus", "text_index", "men")

    def __init__(self, corpus: Corpus, text_index: int, men: frozenset[PersonId]) -> None:
        self.corpus = corpus
        self.text_index = text_index
        self.men = men  # men linked to the entry or named anywhere in its narrative

    @property
    def text(self) -> str:  # the narrative the sentences were cut from
        return self.corpus.texts[self.text_index]

    def _span(self) -> range:
        first = self.corpus.first
        return range(first[self.text_index], first[self.text_index + 1])

    @property
    def sentences(self) -> list[str]:
        span = self._span()
        return self.corpus.sentences[span.start:span.stop]

    @property
    def named(self) -> list[set[PersonId]]:
        named = self.corpus.named
        return [set(named.get(i, ())) for i in self._span()]

    @property
    def starts(self) -> list[int]:  # where each sentence starts in text
        span = self._span()
        base = self.corpus.text_at[self.text_index]
        return [a - base for a in self.corpus.at[span.start:span.stop]]

    def sentence_at(self, position: int) -> int:
        return max(0, bisect_right(self.starts, position) - 1)


def read_entries(entries: Iterable[ChronologyEntry], index: NameIndex, men: Iterable[PersonId]
                 ) -> tuple[Corpus, list[Reading]]:
    """Each entry's Reading (its narrative: what happened, action, outcome, one per line)."""
    men = frozenset(men)
    ids: dict[str, int] = {}
    texts: list[str] = []
    which: list[int] = []
    entries = list(entries)
    for entry in entries:
        text = "\n".join(filter(None, (entry.what_happened, entry.action_taken, entry.outcome)))
        t = ids.get(text)
        if t is None:
            t = ids[text] = len(texts)
            texts.append(text)
        which.append(t)
    corpus = read_texts(texts, index)
    text_named = corpus.text_named
    empty: frozenset[PersonId] = frozenset()
    # An entry's men are its narrative's, its links' and its significance's: each part worked
    # out once for each narrative, list of links and significance (they repeat: most entries
    # link the same one or two people), then joined.
    text_men: dict[int, frozenset[PersonId]] = {}
    linked_men: dict[tuple[PersonId, ...], frozenset[PersonId]] = {}
    significance_men: dict[str, frozenset[PersonId]] = {}
    readings: list[Reading] = []
    for entry, t in zip(entries, which, strict=True):
        found = text_men.get(t)
        if found is None:
            found = text_men[t] = frozenset(text_named.get(t, empty)) & men
        if entry.people:
            key = tuple(entry.people)
            linked = linked_men.get(key)
            if linked is None:
                linked = linked_men[key] = frozenset(key) & men
            if linked:
                found = found | linked if found else linked
        said = entry.significance
        if said:
            named = significance_men.get(said)
            if named is None:
                named = significance_men[said] = frozenset(index.named_in(said)) & men
            if named:
                found = found | named if found else named
        readings.append(Reading(corpus, t, found))
    return corpus, readings
