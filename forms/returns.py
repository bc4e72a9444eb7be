"""Agency returns: the tracker (asked, returned, overdue) and what a corrected return changes.

When an agency sends a corrected chronology, the author must see what changed before the old
batch is replaced: rows added, rows removed, rows edited (same event, different words or
details). Rows are matched on content, not position: a corrected return often inserts rows.
"""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass, field

from storage.chronology import ChronologyEntry
from storage.requests import AgencyReturn

# Two rows on the same date whose descriptions are at least this similar are the same event,
# edited. Measured on the demo's agency wording: a reworded sentence scores 0.6-0.9, two
# different events on one day score under 0.4.
SAME_EVENT = 0.55
_COMPARED = ("event_time", "what_happened", "action_taken", "outcome", "significance",
             "source_ref", "category", "people")
_LABELS = {"event_time": "time", "what_happened": "what happened", "action_taken": "action",
           "outcome": "outcome", "significance": "significance", "source_ref": "source",
           "category": "category", "people": "people named"}


def _date(e: ChronologyEntry) -> str:
    return e.event_date.stored()


def _own_row(source_ref: str, file_name: str) -> bool:
    """A row with no source reference gets "<file>, row N" (forms/importers/plan.py)."""
    return bool(file_name) and source_ref.startswith(f"{file_name}, ")


@dataclass(slots=True)
class EditedRow:
    old: ChronologyEntry
    new: ChronologyEntry
    fields: list[str]  # what changed, in words

    def describe(self) -> str:
        old, new = _from_change(self.old.what_happened, self.new.what_happened)
        return (f"{self.new.event_date.display()}: {', '.join(self.fields)} changed — "
                f"'{old}' → '{new}'"
                if "what happened" in self.fields else
                f"{self.new.event_date.display()} '{_short(self.new.what_happened)}': "
                f"{', '.join(self.fields)} changed")


def _short(text: str, width: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _from_change(old: str, new: str, width: int = 60) -> tuple[str, str]:
    """Both texts shortened around where they first differ: two edits of one long sentence
    used to print as the same 60-character beginning twice."""
    old, new = " ".join(old.split()), " ".join(new.split())
    first = next((i for i, (a, b) in enumerate(zip(old, new, strict=False)) if a != b),
                 min(len(old), len(new)))
    if max(len(old), len(new)) <= width or first < width - 20:
        return _short(old, width), _short(new, width)
    start = old.rfind(" ", 0, max(0, first - 20)) + 1
    return "…" + _short(old[start:], width - 1), "…" + _short(new[start:], width - 1)


@dataclass(slots=True)
class ReturnDiff:
    added: list[ChronologyEntry] = field(default_factory=list)
    removed: list[ChronologyEntry] = field(default_factory=list)
    edited: list[EditedRow] = field(default_factory=list)
    unchanged: int = 0

    def summary(self) -> str:
        return (f"{len(self.added)} added, {len(self.removed)} removed, {len(self.edited)} "
                f"edited, {self.unchanged} unchanged")

    def lines(self) -> list[str]:
        out = [f"+ {e.event_date.display()}: {_short(e.what_happened)}" for e in self.added]
        out += [f"- {e.event_date.display()}: {_short(e.what_happened)}" for e in self.removed]
        out += [f"~ {row.describe()}" for row in self.edited]
        return out


def _changed(old: ChronologyEntry, new: ChronologyEntry,
             files: tuple[str, str] = ("", "")) -> list[str]:
    out = []
    for name in _COMPARED:
        a, b = getattr(old, name), getattr(new, name)
        if name == "source_ref" and _own_row(a, files[0]) and _own_row(b, files[1]):
            continue  # neither return gave a source: the stand-in naming the file differs
        if name == "people":
            a, b = sorted(a), sorted(b)
        elif isinstance(a, str):
            a, b = " ".join(a.split()), " ".join(str(b).split())
        if a != b:
            out.append(_LABELS[name])
    return out


def diff_return(old: list[ChronologyEntry], new: list[ChronologyEntry],
                files: tuple[str, str] = ("", "")) -> ReturnDiff:
    """files: the earlier and the corrected return's file names (their stand-in sources)."""
    diff = ReturnDiff()
    remaining = list(old)
    pending: list[ChronologyEntry] = []
    # First pass: identical date and description (edited or not in their other fields).
    for entry in new:
        words = " ".join(entry.what_happened.split())
        match = next((o for o in remaining if _date(o) == _date(entry)
                      and " ".join(o.what_happened.split()) == words), None)
        if match is None:
            pending.append(entry)
            continue
        remaining.remove(match)
        changed = _changed(match, entry, files)
        if changed:
            diff.edited.append(EditedRow(match, entry, changed))
        else:
            diff.unchanged += 1
    # Second pass: same date and a similar description (reworded) is the same event, edited.
    for entry in pending:
        scored = [(difflib.SequenceMatcher(None, o.what_happened, entry.what_happened).ratio(), o)
                  for o in remaining if _date(o) == _date(entry)]
        best = max(scored, key=lambda pair: pair[0], default=None)
        if best is not None and best[0] >= SAME_EVENT:
            remaining.remove(best[1])
            diff.edited.append(EditedRow(best[1], entry, _changed(best[1], entry, files)))
        else:
            diff.added.append(entry)
    diff.removed = remaining
    return diff


def return_state(item: AgencyReturn, today: dt.date) -> str:
    if item.received_on is not None:
        return "corrected" if item.corrections else "returned"
    if item.due_on is not None and item.due_on < today:
        return "overdue"
    return "asked"
