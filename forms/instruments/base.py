"""What a screening instrument is: items with scored options, a total, bands, licence terms.

A score is always shown beside its band and never folded into anything else: the source review
found no single identifier of risk (§6.20, §19.6), so Visible keeps instruments separate and
computes no overall risk score.

Missing items: no total is invented. With items unanswered the result gives the lowest and
highest totals still possible, and a band only when both ends fall in the same band.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from storage.errors import InvalidValue


@dataclass(frozen=True, slots=True)
class Option:
    label: str
    score: int


@dataclass(frozen=True, slots=True)
class Item:
    key: str  # "q1" ... stored in ScreeningResult.answers, mapped to the chosen option's score
    text: str
    options: tuple[Option, ...]

    def __post_init__(self) -> None:
        scores = [o.score for o in self.options]
        if len(set(scores)) != len(scores):
            raise ValueError(
                f"{self.key}: option scores must differ so a stored score names one answer"
            )

    @property
    def max_score(self) -> int:
        return max(o.score for o in self.options)

    def label_for(self, score: int) -> str:
        for o in self.options:
            if o.score == score:
                return o.label
        raise KeyError(score)


@dataclass(frozen=True, slots=True)
class Band:
    low: int
    high: int
    label: str
    meaning: str = ""  # what the manual says to do at this level


@dataclass(frozen=True, slots=True)
class Instrument:
    key: str  # stored in ScreeningResult.instrument
    name: str
    stem: str  # the question put before the items
    items: tuple[Item, ...]
    bands: tuple[Band, ...]
    licence: str  # the terms of use, shown in the app and cited here in code
    citation: str
    # Items that may be left blank and count as 0 because of the manual's skip rule
    # (e.g. AUDIT: a man who never drinks skips items 2-8). Given the answers so far.
    skipped: Callable[[Mapping[str, int | None]], frozenset[str]] = lambda answers: frozenset()
    # Items whose answer needs action whatever the total (PHQ-9 item 9).
    alerts: Callable[[Mapping[str, int | None]], tuple[str, ...]] = lambda answers: ()

    @property
    def max_total(self) -> int:
        return sum(i.max_score for i in self.items)

    def band_for(self, total: int) -> Band:
        for band in self.bands:
            if band.low <= total <= band.high:
                return band
        raise ValueError(f"{self.key}: no band holds {total}")

    def item(self, key: str) -> Item:
        for item in self.items:
            if item.key == key:
                return item
        raise KeyError(key)

    def score(self, answers: Mapping[str, int | None]) -> Score:
        unknown = set(answers) - {i.key for i in self.items}
        if unknown:
            raise InvalidValue(f"{self.name}: there is no item {', '.join(sorted(unknown))}.")
        skipped = self.skipped(answers)
        low = high = 0
        missing = []
        for item in self.items:
            value = answers.get(item.key)
            if value is None:
                if item.key in skipped:
                    continue
                missing.append(item.key)
                high += item.max_score
                continue
            if value not in {o.score for o in item.options}:
                options = ", ".join(f"{o.score} ({o.label})" for o in item.options)
                raise InvalidValue(
                    f"{self.name} {item.key}: {value} is not an answer; use {options}."
                )
            low += value
            high += value
        if not missing:
            return Score(self, low, self.band_for(low), (), low, low, self.alerts(answers))
        low_band, high_band = self.band_for(low), self.band_for(high)
        band = low_band if low_band == high_band else None
        return Score(self, None, band, tuple(missing), low, high, self.alerts(answers))


@dataclass(frozen=True, slots=True)
class Score:
    instrument: Instrument
    total: int | None  # None while items are missing
    band: Band | None  # None when missing items leave the band open
    missing: tuple[str, ...]
    lowest: int
    highest: int
    alerts: tuple[str, ...] = ()

    @property
    def complete(self) -> bool:
        return not self.missing

    def band_text(self) -> str:
        """What is stored as ScreeningResult.band."""
        if self.complete:
            return self.band.label if self.band else ""
        if self.band:
            return f"{self.band.label} (incomplete)"
        return "incomplete"

    def display(self) -> str:
        """The score beside its band: 'PHQ-9 14 / 27 — moderate'."""
        name, top = self.instrument.name, self.instrument.max_total
        if self.complete:
            return f"{name} {self.total} / {top} — {self.band_text()}"
        n = len(self.missing)
        gap = f"{n} item{'s' if n != 1 else ''} not answered"
        band = self.band.label if self.band else "band cannot be told"
        return f"{name} {self.lowest}–{self.highest} / {top} ({gap}) — {band}"


def scale(*labels: str, start: int = 0) -> tuple[Option, ...]:
    return tuple(Option(label, start + i) for i, label in enumerate(labels))
