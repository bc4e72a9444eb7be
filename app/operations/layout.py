"""Where symbols sit on the genogram: the user's nudges, and forgetting them (Re-layout).

A nudge is stored on the person (layout_x, layout_y: the symbol's centre in scene units) and
overrides the automatic layout (exports/genogram/layout.py) until cleared.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

from app.operations.changes import Changes
from storage.casefile import CaseFile
from storage.family_store import nudged_people, require_person
from storage.ids import PersonId


def move_people(case: CaseFile, moves: Mapping[PersonId, tuple[float, float]]) -> Changes:
    """Symbols dragged together (one drag of a selection) are one action."""
    if not moves:
        return Changes.nothing()
    people = [require_person(case, pid) for pid in moves]
    label = (f"Move {people[0].display_name}" if len(people) == 1
             else f"Move {len(people)} people on the genogram")
    with case.transaction(label) as tx:
        for person in people:
            assert person.id is not None
            x, y = moves[person.id]
            tx.save(dataclasses.replace(person, layout_x=round(x, 1), layout_y=round(y, 1)))
    return Changes.of(tx)


def clear_nudges(case: CaseFile) -> Changes:
    """'Re-layout': forget every nudge so the automatic layout applies again."""
    with case.transaction("Re-layout the genogram") as tx:
        for pid in nudged_people(tx):
            person = require_person(tx, pid)
            tx.save(dataclasses.replace(person, layout_x=None, layout_y=None))
    return Changes.of(tx)
