"""Finding known names (recorded people, staff, names the author decided) in any form.

A name is matched on folded tokens, so case, accents, look-alike letters and invisible
characters do not matter; then on its inflected forms (English possessives with or without
the apostrophe, Polish and other Slavic case endings: Katarzyną, Kasię, Nowakową); then on the
joined forms a reader still reads as the name (Liam_Carter, LiamCarter98, Liam1998).

Rules that keep ordinary words ordinary: a name that is also an English word ("Price",
"Rose", "Will", "Hope") matches only when capitalised, and not at the start of a sentence when
the next word shows the ordinary use ("Will the father attend", "Hope this helps"). A longer
name always wins over its parts, and a double-barrelled name is matched whole or not at all:
"Smith-Kowalski" is never turned into "Social worker 1-Kowalski".
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from exports.identifiers import lexicon
from exports.identifiers.text import Folded, display_form
from exports.identifiers.tokens import Join, Token, tokens

# Endings added to a name's stem in Polish (and, mostly, Czech, Slovak, Ukrainian written in
# Latin letters), folded (ą -> a, ę -> e, ó -> o). Nouns ending in -a drop it first.
_FEMININE = ("a", "y", "i", "e", "ie", "o", "u", "om", "ami", "ach", "ek", "eczka", "usia",
             "unia", "enka", "ka", "ce", "ze")
_MASCULINE = ("a", "owi", "em", "iem", "u", "ie", "e", "y", "i", "ow", "owie", "ami", "ach",
              "om", "owa", "owej", "owna", "owny", "ownej", "owne", "ego", "emu", "ym", "im",
              "ej", "iego", "iemu")
_ENGLISH = ("s", "es")
MIN_TOKEN = 3


def inflections(key: str) -> set[str]:
    """Folded forms of one name token (the token itself included)."""
    forms = {key}
    if len(key) < MIN_TOKEN or not key.isalpha():
        return forms
    forms.update(key + s for s in _ENGLISH)
    if len(key) < 4:
        if key.endswith("a"):  # Ewa -> Ewy, Ewie, Ewo (Ewę, Ewą fold to Ewe, Ewa)
            forms.update(key[:-1] + s for s in ("y", "ie", "o", "e"))
        return forms
    if key.endswith("a"):
        stem = key[:-1]
        forms.update(stem + s for s in _FEMININE)
        if stem.endswith("i"):  # Kasia -> Kasi (genitive), Kasią, Kasię, Kasiu
            forms.update(stem + s for s in ("", "a", "e", "o", "u"))
        if stem.endswith("ow"):  # Nowakowa -> Nowakowej, Nowakową
            forms.update(stem + s for s in ("ej", "a", "e"))
    else:
        forms.update(key + s for s in _MASCULINE)
        if key.endswith("i"):  # Kowalski -> Kowalskiego, Kowalskiemu, Kowalska
            forms.update(key[:-1] + s for s in ("a", "iego", "iemu", "im", "a", "iej", "ich"))
        if key.endswith("y"):
            forms.update(key[:-1] + s for s in ("a", "ego", "emu", "ym", "ej"))
    return forms


@dataclass(slots=True)
class Match:
    first: int  # token indexes, inclusive / exclusive
    last: int
    label: str
    start: int  # skeleton offsets
    end: int


@dataclass(slots=True)
class _Entry:
    label: str
    length: int
    specific: bool  # has a part that is not an ordinary English word
    reversed: bool = False  # family name first ("CARTER Liam", "Carter, Liam")
    recorded: bool = True  # a recorded person's (not a candidate the author decided)


_VERB_CUES = frozenset("""he she they you we it i the a an this that there his her their my our
your be to not get have do make go see come take know think try""".split())


def word_use(tok: Token, following: Token | None, nouns: bool = False) -> bool:
    """At the start of a sentence, is this capitalised ordinary word used as a word?
    `nouns`: a noun after it says so too ("Grace period"; for names the author decided, not
    for recorded people: "Mason nursery place" is still the child)."""
    if following is None:
        return True
    if following.join_before is Join.BREAK:
        return False  # "Grace, the mother's advocate": a name, then a comma
    nxt = following.key
    if nxt in _VERB_CUES:
        return True
    # "Grace period", "Rose bush", "Will power": a noun after it makes a compound noun; a name
    # is followed by what the person did ("Grace said", "Rose cares").
    if nouns and not tok.possessive and following.join_before is Join.SPACE and \
            following.text[:1].islower() and nxt in lexicon.nouns_only():
        return True
    return False


# Words after a sentence-initial "Rose"/"Will" that show a person: "Rose said", "Will, the
# uncle", "Hope (aunt)".
NAME_FOLLOWERS = frozenset("""said says told attended rang called phoned visited arrived left
came went reported stated explained agreed refused cares lives stays who is was has had filmed
drove took gave sent posted shouted hit punched pushed threatened lived stayed works worked
collected brought texted messaged admitted denied disclosed""".split())


def passive(following: Token, after: Token | None) -> bool:
    """"Hope is expressed", "Grace was given": the word is the subject of a passive, no
    person ("Hope was also there", "Summer is their sister" are)."""
    return following.key in ("is", "was") and after is not None and \
        after.join_before is Join.SPACE and (after.key.endswith("ed") or after.key in (
            "given", "shown", "seen", "felt", "held", "made", "kept", "done", "taken"))


def person_follows(following: Token | None, after: Token | None) -> bool:
    """Does the word after a sentence-initial name-word show a person: "Rose said", "Will,
    the uncle", "Hope (aunt)", "Summer is their sister"? (Not "Summer holidays".)"""
    return following is None or following.join_before is Join.BREAK or \
        following.capitalised or following.key in NAME_FOLLOWERS and not passive(following,
                                                                                 after)


class NameMatcher:
    """Known names -> labels, matched longest first in tokenised text."""

    def __init__(self) -> None:
        self._phrases: dict[tuple[str, ...], _Entry] = {}
        self._starts: set[str] = set()  # first words of every phrase: most tokens are not
        self._longest = 1

    def add(self, name: str, label: str, *, inflect: bool = True, whole: bool = False,
            recorded: bool = True) -> None:
        """A name (one or more words) and what replaces it. Later additions never override.
        `recorded=False` for a candidate the author decided: an ordinary word it is ("Grace")
        stays a word before a noun at the start of a sentence ("Grace period"), where the
        author never saw it listed."""
        words = [t for t in tokens(Folded.of(display_form(name))) if t.key]
        keys = tuple(t.key for t in words)
        if not keys:
            return
        if len(keys) == 1 and len(keys[0]) < MIN_TOKEN and not whole:
            return
        specific = any(not lexicon.is_ordinary(k) for k in keys)
        variants = [keys]
        if inflect and len(keys) <= 3:
            # Inflect the last word ("Liam Carter's", "Katarzyny Nowak" is rarer than
            # "Nowakowej"): every single form, and the last word of a full name.
            last = keys[-1]
            variants += [keys[:-1] + (form,) for form in inflections(last) if form != last]
            if len(keys) > 1:
                first = keys[0]
                variants += [(form,) + keys[1:] for form in inflections(first) if form != first]
        for variant in variants:
            # An inflected form that is itself an English word ("Mina" -> "mine") is only
            # the name when capitalised, like a name that is a word.
            own = specific if variant == keys else any(not lexicon.is_ordinary(k)
                                                        for k in variant)
            self._phrases.setdefault(variant, _Entry(label, len(variant), own,
                                                     recorded=recorded))
            self._starts.add(variant[0])
        if len(keys) == 2:
            # Police and health systems write the family name first, in capitals or before a
            # comma: "CARTER Liam", "Carter, Liam". Only capitalised ("the price Daniel paid"
            # is no name).
            flipped = (keys[1], keys[0])
            self._phrases.setdefault(flipped, _Entry(label, 2, specific, reversed=True,
                                                     recorded=recorded))
            self._starts.add(flipped[0])
        self._longest = max(self._longest, len(keys))

    def __bool__(self) -> bool:
        return bool(self._phrases)

    def labels(self) -> set[str]:
        return {e.label for e in self._phrases.values()}

    def find(self, toks: list[Token]) -> list[Match]:
        """Non-overlapping matches, longest first at each position, left to right."""
        out: list[Match] = []
        i = 0
        n = len(toks)
        starts = self._starts
        while i < n:
            if toks[i].key not in starts:
                i += 1
                continue
            hit = self._at(toks, i)
            if hit is None:
                i += 1
                continue
            out.append(hit)
            i = hit.last
        return out

    def _at(self, toks: list[Token], i: int) -> Match | None:
        if toks[i].join_before is Join.HYPHEN:
            return None  # never start inside a double-barrelled name
        limit = min(self._longest, len(toks) - i)
        for length in range(limit, 0, -1):
            window = toks[i:i + length]
            broken = any(t.join_before in (Join.BREAK,) for t in window[1:])
            if broken and not (length == 2 and window[1].comma_before):
                continue
            entry = self._phrases.get(tuple(t.key for t in window))
            if entry is None or broken and not entry.reversed:
                continue
            if entry.reversed and not all(t.capitalised for t in window):
                continue
            end = i + length
            if end < len(toks) and toks[end].join_before is Join.HYPHEN:
                continue  # only part of a double-barrelled name: not this person
            if not self._cased_ok(window, entry, toks[end] if end < len(toks) else None,
                                  toks[end + 1] if end + 1 < len(toks) else None):
                continue
            # A joined form (Liam1998, LiamCarter98): the whole joined word is the name.
            first, last = i, end
            while first > 0 and toks[first].join_before is Join.JOINED:
                first -= 1
            while last < len(toks) and toks[last].join_before is Join.JOINED:
                last += 1
            return Match(first, last, entry.label, toks[first].start, toks[last - 1].end)
        return None

    @staticmethod
    def _cased_ok(window: list[Token], entry: _Entry, following: Token | None,
                  after: Token | None = None) -> bool:
        if entry.specific:
            return True
        # Every word is also an ordinary English word: only a capitalised use is the name.
        if not all(t.capitalised for t in window):
            return False
        head = window[0]
        if head.upper and len(window) == 1 and len(head.text) <= 4:
            return True
        if head.sentence_start and len(window) == 1 and word_use(head, following,
                                                                 nouns=not entry.recorded):
            return False
        if head.sentence_start and len(window) == 1 and not entry.recorded and \
                not head.possessive and not person_follows(following, after):
            # A name the author decided, at the start of a sentence: only where the
            # detector listed it (that is where the author saw it), so "Summer holidays"
            # stays when Summer the sister was decided.
            return False
        return True


def name_parts(*names: str) -> Iterable[str]:
    """The single words of names, long enough to match alone."""
    for name in names:
        for tok in tokens(Folded.of(display_form(name))):
            if len(tok.key) >= MIN_TOKEN and tok.alpha:
                yield tok.text
