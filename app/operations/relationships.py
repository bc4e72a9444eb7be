"""Ties between people: partners, parents and children, and the abuse / conflict lines.

Adding a relative (a partner, a child, parents) makes the new person and their tie in one
action; the new person's id is `changes.first_created(Area.PEOPLE)`. Linking two people who
are already in the case (`link_partners`, `link_parent_child`) makes only the tie. The rules
(nobody their own parent, two birth parents at most, no one their own ancestor) are
forms/family.py.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from app.operations.changes import Changes
from forms.family import check_overlay, check_parent_link, check_partners, check_room_for_parent
from storage.casefile import CaseFile, Txn
from storage.errors import InvalidValue
from storage.family_store import parents_of, partnership_between, require_person, stored
from storage.ids import PartnershipId, PersonId
from storage.people import Person, Sex
from storage.relationships import (
    Overlay,
    OverlayKind,
    ParentKind,
    ParentLink,
    PartnerKind,
    Partnership,
    PartnerStatus,
)

OPPOSITE = {Sex.MALE: Sex.FEMALE, Sex.FEMALE: Sex.MALE}
Tie = Partnership | ParentLink | Overlay


def _a(word: str) -> str:
    return f"an {word}" if word[:1].lower() in "aeiou" else f"a {word}"


def _names(case: CaseFile, *ids: PersonId) -> dict[PersonId, str]:
    return {pid: require_person(case, pid).display_name for pid in ids}


# Adding relatives ----------------------------------------------------------------------------
def add_partner(case: CaseFile, person_id: PersonId,
                kind: PartnerKind = PartnerKind.COHABITING) -> Changes:
    """A new partner of the opposite sex (unknown if the person's sex is not recorded)."""
    person = require_person(case, person_id)
    with case.transaction(f"Add a partner of {person.display_name}") as tx:
        new = PersonId(tx.add(Person(sex=OPPOSITE.get(person.sex, Sex.UNKNOWN))))
        tx.add(Partnership(person_id, new, kind, PartnerStatus.CURRENT))
    return Changes.of(tx)


def add_child(case: CaseFile, parents: Sequence[PersonId],
              kind: ParentKind = ParentKind.BIRTH) -> Changes:
    if not 1 <= len(parents) <= 2:
        raise InvalidValue("Choose one or two parents for the new child.")
    known = [require_person(case, p) for p in parents]
    names = " and ".join(p.display_name for p in known)
    with case.transaction(f"Add a child of {names}") as tx:
        new = PersonId(tx.add(Person(family_name=known[0].family_name)))
        for parent in parents:
            tx.add(ParentLink(parent, new, kind))
    return Changes.of(tx)


def add_parents(case: CaseFile, child_id: PersonId) -> Changes:
    """Add the missing birth parents (a father and a mother, as a couple) of a person."""
    child = require_person(case, child_id)
    with case.transaction(f"Add parents of {child.display_name}") as tx:
        existing = [lk.parent_id for lk in parents_of(tx, child_id, ParentKind.BIRTH)]
        if len(existing) >= 2:
            raise InvalidValue(
                "Both birth parents are already recorded; add another kind of parent instead."
            )
        have = {require_person(tx, p).sex for p in existing}
        wanted = [s for s in (Sex.MALE, Sex.FEMALE) if s not in have][: 2 - len(existing)]
        made = [PersonId(tx.add(Person(sex=sex))) for sex in wanted]
        for parent in made:
            tx.add(ParentLink(parent, child_id, ParentKind.BIRTH))
        couple = existing + made
        if len(couple) == 2 and partnership_between(tx, couple[0], couple[1]) is None:
            tx.add(Partnership(couple[0], couple[1], PartnerKind.OTHER, PartnerStatus.CURRENT))
    return Changes.of(tx)


def add_parent(case: CaseFile, child_id: PersonId, kind: ParentKind,
               sex: Sex = Sex.UNKNOWN) -> Changes:
    """A new parent of another kind (step, adoptive, foster, special guardian) or a birth
    parent when fewer than two are recorded."""
    child = require_person(case, child_id)
    check_room_for_parent(kind, parents_of(case, child_id), child.display_name)
    with case.transaction(f"Add {_a(kind.label.lower())} parent of {child.display_name}") as tx:
        new = PersonId(tx.add(Person(sex=sex)))
        tx.add(ParentLink(new, child_id, kind))
    return Changes.of(tx)


# Linking two people already in the case ----------------------------------------------------
def link_partners(case: CaseFile, a: PersonId, b: PersonId,
                  kind: PartnerKind = PartnerKind.COHABITING,
                  status: PartnerStatus = PartnerStatus.CURRENT) -> Changes:
    names = _names(case, a, b)
    check_partners(a, b, case.all(Partnership), names)
    with case.transaction(f"Link {names[a]} and {names[b]} as partners") as tx:
        tx.add(Partnership(a, b, kind, status))
    return Changes.of(tx)


def link_parent_child(case: CaseFile, parent_id: PersonId, child_id: PersonId,
                      kind: ParentKind = ParentKind.BIRTH) -> Changes:
    names = _names(case, parent_id, child_id)
    check_parent_link(parent_id, child_id, kind, case.all(ParentLink), names)
    label = f"Link {names[parent_id]} as {kind.label.lower()} parent of {names[child_id]}"
    with case.transaction(label) as tx:
        tx.add(ParentLink(parent_id, child_id, kind))
    return Changes.of(tx)


def swap_sides(case: CaseFile, partnership_id: PartnershipId) -> Changes:
    """Draw the couple the other way round (the default is the man on the left)."""
    couple = case.get(Partnership, partnership_id)
    if couple is None:
        raise InvalidValue("That relationship is no longer in the case; nothing was changed.")
    names = _names(case, couple.person_a, couple.person_b)
    label = f"Swap sides of {names[couple.person_a]} and {names[couple.person_b]}"
    with case.transaction(label) as tx:
        tx.save(dataclasses.replace(couple, swap_sides=not couple.swap_sides))
    return Changes.of(tx)


def add_overlay(case: CaseFile, from_person: PersonId, to_person: PersonId, kind: OverlayKind,
                notes: str = "") -> Changes:
    """An abuse or violence line (perpetrator -> victim) or a conflict line between two people."""
    check_overlay(from_person, to_person)
    names = _names(case, from_person, to_person)
    with case.transaction(f"{kind.label}: {names[from_person]} → {names[to_person]}") as tx:
        tx.add(Overlay(from_person, to_person, kind, notes))
    return Changes.of(tx)


# Editing lines (the side panel) ------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class TieEdit:
    """One relationship line as the user left it in the side panel: fields that changed
    (e.g. {"status": PartnerStatus.SEPARATED}), or removed."""

    tie: type[Partnership] | type[ParentLink] | type[Overlay]
    row_id: int
    values: Mapping[str, object] = field(default_factory=dict)
    remove: bool = False


def edit_ties_in(tx: Txn, edits: Sequence[TieEdit]) -> None:
    """Apply side-panel edits of lines inside the caller's transaction; a line already gone
    (removed elsewhere, or undone) is skipped rather than brought back."""
    for edit in edits:
        current: Tie | None = stored(tx, edit.tie, edit.row_id)
        if current is None:
            continue
        if edit.remove:
            tx.remove(edit.tie, edit.row_id)
        elif edit.values:
            tx.save(dataclasses.replace(current, **edit.values))  # type: ignore[arg-type]


def edit_ties(case: CaseFile, edits: Sequence[TieEdit],
              label: str = "Edit relationships") -> Changes:
    with case.transaction(label) as tx:
        edit_ties_in(tx, edits)
    return Changes.of(tx)
