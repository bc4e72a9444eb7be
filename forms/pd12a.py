"""Which entries a court chronology (PD12A) lists, and why each one is in or out.

Local PD12A practice asks for "mainly the last two years": every event from two years before
proceedings were issued onwards, with older history summarised. Older *key* events are pinned
in, because a court must see them (an earlier child's removal, a conviction for violence). The
practitioner can pin any other entry in, or leave one out; that choice is kept on the entry
(ChronologyEntry.court_choice) so the app, the CLI and every later export agree.

A vague date counts as inside the window when it *may* fall inside it: "2024" and "between
January and March 2024" are listed for a window opening on 3 March 2024, "after June 2023" is
always listed, "before 2020" only if it is key or pinned.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from storage.chronology import ChronologyEntry, CourtChoice


class Reason(StrEnum):
    IN_WINDOW = "in_window"
    KEY_EARLIER = "key_earlier"
    PINNED = "pinned"
    EXCLUDED = "excluded"
    BEFORE_WINDOW = "before_window"
    DUPLICATE = "duplicate"

    @property
    def label(self) -> str:
        return _REASON_LABELS[self]


_REASON_LABELS = {
    Reason.IN_WINDOW: "in the two years",
    Reason.KEY_EARLIER: "key event, earlier",
    Reason.PINNED: "pinned in by you",
    Reason.EXCLUDED: "left out by you",
    Reason.BEFORE_WINDOW: "earlier, not key",
    Reason.DUPLICATE: "duplicate of another entry",
}


@dataclass(frozen=True, slots=True)
class Scope:
    """The period a court chronology covers."""

    issued_on: dt.date | None  # when proceedings were issued; None: not yet recorded
    today: dt.date
    window_years: int = 2

    @property
    def anchor(self) -> dt.date:
        """The date the window is counted back from: issue of proceedings, else today."""
        return self.issued_on or self.today

    @property
    def start(self) -> dt.date:
        anchor = self.anchor
        try:
            return anchor.replace(year=anchor.year - self.window_years)
        except ValueError:  # 29 February
            return anchor.replace(year=anchor.year - self.window_years, day=28)

    def describe(self) -> str:
        """For the document: what period it covers and counted from what."""
        years = "two years" if self.window_years == 2 else f"{self.window_years} years"
        if self.issued_on is not None:
            return (f"the {years} before proceedings were issued on {_words(self.issued_on)} "
                    f"(from {_words(self.start)}) and everything since")
        return (f"the last {years} (from {_words(self.start)}; the date proceedings were "
                "issued has not been recorded)")


def _words(day: dt.date) -> str:
    return f"{day.day} {day:%B} {day.year}"


@dataclass(frozen=True, slots=True)
class Candidate:
    entry: ChronologyEntry
    reason: Reason
    by_rule: bool  # whether the rule alone (no pin, no exclusion) would list it

    @property
    def included(self) -> bool:
        return self.reason in (Reason.IN_WINDOW, Reason.KEY_EARLIER, Reason.PINNED)

    def choice_for(self, listed: bool) -> CourtChoice | None:
        """The choice to store when the practitioner wants it listed (or not): None whenever
        the rule alone does that, so a pin is kept only where it changes something."""
        if listed == self.by_rule:
            return None
        return CourtChoice.INCLUDE if listed else CourtChoice.EXCLUDE


def may_fall_on_or_after(entry: ChronologyEntry, start: dt.date) -> bool:
    latest = entry.when.latest_possible()
    return latest is None or latest >= start


def candidates(entries: Iterable[ChronologyEntry], scope: Scope) -> list[Candidate]:
    """Every entry with the reason it is in or out of the court chronology, in order."""
    found = []
    for entry in entries:
        in_window = may_fall_on_or_after(entry, scope.start)
        by_rule = entry.duplicate_of is None and (in_window or entry.key_event)
        if entry.duplicate_of is not None:
            reason = Reason.DUPLICATE
        elif entry.court_choice is CourtChoice.EXCLUDE:
            reason = Reason.EXCLUDED
        elif in_window:
            reason = Reason.IN_WINDOW
        elif entry.key_event:
            reason = Reason.KEY_EARLIER
        elif entry.court_choice is CourtChoice.INCLUDE:
            reason = Reason.PINNED
        else:
            reason = Reason.BEFORE_WINDOW
        found.append(Candidate(entry, reason, by_rule))
    return found


def selection(entries: Iterable[ChronologyEntry], scope: Scope) -> list[ChronologyEntry]:
    return [c.entry for c in candidates(entries, scope) if c.included]
