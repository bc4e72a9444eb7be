"""Identifier detection for publication-safe exports (no Qt, no writes).

`Detector(known).scan(text)` finds every identifier in one text; `collect_candidates` groups
what was found across a case's free texts into the candidates the author decides about
(`visible anonymise`, the review page). exports.anonymise applies the decisions.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from exports.identifiers.detector import (
    KIND_LABELS,
    RECORDED,
    REVIEWED_KINDS,
    SHAPED_KINDS,
    Detector,
    Finding,
    Scan,
)
from exports.identifiers.names import NameMatcher
from exports.identifiers.text import display_form, fold

__all__ = ["KIND_LABELS", "RECORDED", "REVIEWED_KINDS", "SHAPED_KINDS", "Candidate",
           "Detector", "Finding", "NameMatcher", "Scan", "Source", "collect_candidates",
           "display_form", "fold"]


@dataclass(slots=True)
class Source:
    """One free text of the case: where it is (shown to the author) and what it says."""

    where: str  # "Entry 14/03/2026 (Police), event"
    text: str
    entry_id: int | None = None


@dataclass(slots=True)
class Occurrence:
    where: str
    sentence: str  # the sentence the candidate stands in, for the review page
    start: int     # offsets of the candidate inside `sentence`
    end: int
    entry_id: int | None = None


@dataclass(slots=True)
class Candidate:
    key: str  # folded text: what a decision is stored against
    text: str  # as first written
    kind: str
    count: int = 0
    hint: str = ""  # suggested pseudonym word
    # A recorded person this may be, by a nickname ("Danny", "Danny Price" for Daniel Price):
    # offered to the author as "same as", never decided alone (the paramedic Dan is not him).
    same_as: int | None = None
    same_as_label: str = ""
    occurrences: list[Occurrence] = field(default_factory=list)
    _kinds: Counter[str] = field(default_factory=Counter)
    _hints: Counter[str] = field(default_factory=Counter)

    MAX_OCCURRENCES = 5

    def as_json(self) -> dict[str, object]:
        return {"text": self.text, "key": self.key, "kind": self.kind, "count": self.count,
                "suggested": self.hint, "perhaps_same_as": self.same_as_label,
                "entries": [{"where": o.where, "sentence": o.sentence}
                            for o in self.occurrences]}


LONG_SENTENCE = 240  # characters; a longer sentence is shown from its clause (at "; ")


def sentence_around(text: str, start: int, end: int) -> tuple[str, int, int]:
    """The sentence holding text[start:end], and the span's offsets inside it: the whole
    sentence (the author needs its context), or the clause when the sentence is long."""
    stops: tuple[str, ...] = (". ", "\n")
    for _ in range(2):
        left = max(text.rfind(stop, 0, start) for stop in stops)
        left = 0 if left < 0 else left + 1
        right_candidates = [i for i in (text.find(stop, end) for stop in stops) if i >= 0]
        right = min(right_candidates) + 1 if right_candidates else len(text)
        if right - left <= LONG_SENTENCE:
            break
        stops = (". ", "\n", "; ")
    raw = text[left:right]
    stripped = raw.lstrip()
    shift = left + len(raw) - len(stripped)
    sentence = stripped.rstrip()
    return sentence, start - shift, end - shift


def collect_candidates(sources: Iterable[Source], detector: Detector,
                       kinds: tuple[str, ...] = REVIEWED_KINDS) -> list[Candidate]:
    """Every candidate of the given kinds, most frequent first, each with its first places."""
    found: dict[str, Candidate] = {}
    for source in sources:
        if not source.text or not source.text.strip():
            continue
        scan = detector.scan(source.text)
        for f in scan.findings:
            if f.kind not in kinds or not f.key:
                continue
            cand = found.get(f.key)
            if cand is None:
                cand = found[f.key] = Candidate(f.key, f.text, f.kind)
            cand.count += 1
            cand._kinds[f.kind] += 1
            if f.hint:
                cand._hints[f.hint] += 1
            if len(cand.occurrences) < Candidate.MAX_OCCURRENCES:
                sentence, s, e = sentence_around(scan.text, f.start, f.end)
                cand.occurrences.append(Occurrence(source.where, sentence, s, e,
                                                   source.entry_id))
    for cand in found.values():
        cand.kind = cand._kinds.most_common(1)[0][0]
        if cand._hints:
            cand.hint = cand._hints.most_common(1)[0][0]
    return sorted(found.values(), key=lambda c: (-c.count, c.key))
