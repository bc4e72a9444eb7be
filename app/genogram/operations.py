"""What the genogram editor does to the case, as plain functions on one transaction.

Each function is one user action's worth of writes; the editor runs it through
`CaseSession.perform(label, lambda tx: ...)`, so it is one transaction and one undo entry.
No Qt here, so these are tested directly against a real case file.
"""

from __future__ import annotations

import datetime as dt

from storage.casefile import Txn
from storage.dates import PartialDate
from storage.errors import InvalidValue
from storage.household import HouseholdMember
from storage.ids import PartnershipId, PersonId
from storage.people import Person, Sex
from storage.people_store import delete_person
from storage.relationships import (
    Overlay,
    OverlayKind,
    ParentKind,
    ParentLink,
    PartnerKind,
    Partnership,
    PartnerStatus,
)
from storage.rows import from_row

OPPOSITE = {Sex.MALE: Sex.FEMALE, Sex.FEMALE: Sex.MALE}


def _person(tx: Txn, pid: PersonId) -> Person:
    row = tx.row("person", pid)
    if row is None:
        raise InvalidValue(
            "That person is no longer in the case (perhaps undone); nothing was changed."
        )
    return from_row(Person, row)


def add_person(
    tx: Txn, sex: Sex = Sex.UNKNOWN, given_names: str = "", family_name: str = ""
) -> PersonId:
    return PersonId(tx.add(Person(given_names, family_name, sex=sex)))


def add_partner(
    tx: Txn, person_id: PersonId, kind: PartnerKind = PartnerKind.COHABITING
) -> PersonId:
    """A new partner of the opposite sex (unknown if the person's sex is not recorded)."""
    person = _person(tx, person_id)
    new = PersonId(tx.add(Person(sex=OPPOSITE.get(person.sex, Sex.UNKNOWN))))
    tx.add(Partnership(person_id, new, kind, PartnerStatus.CURRENT))
    return new


def add_child(tx: Txn, parents: list[PersonId], kind: ParentKind = ParentKind.BIRTH) -> PersonId:
    if not 1 <= len(parents) <= 2:
        raise InvalidValue("Choose one or two parents for the new child.")
    first = _person(tx, parents[0])
    new = PersonId(tx.add(Person(family_name=first.family_name)))
    for parent in parents:
        tx.add(ParentLink(parent, new, kind))
    return new


def add_parents(tx: Txn, child_id: PersonId) -> list[PersonId]:
    """Add the missing birth parents (a father and a mother, as a couple) of a person."""
    _person(tx, child_id)
    existing = [
        PersonId(r[0])
        for r in tx.db.execute(
            "SELECT parent_id FROM parent_link WHERE child_id = ? AND kind = 'birth'", (child_id,)
        )
    ]
    if len(existing) >= 2:
        raise InvalidValue(
            "Both birth parents are already recorded; add another kind of parent instead."
        )
    have = {_person(tx, p).sex for p in existing}
    wanted = [s for s in (Sex.MALE, Sex.FEMALE) if s not in have][: 2 - len(existing)]
    made = [PersonId(tx.add(Person(sex=sex))) for sex in wanted]
    for parent in made:
        tx.add(ParentLink(parent, child_id, ParentKind.BIRTH))
    couple = existing + made
    if len(couple) == 2 and not _partnership_between(tx, couple[0], couple[1]):
        tx.add(Partnership(couple[0], couple[1], PartnerKind.OTHER, PartnerStatus.CURRENT))
    return made


def add_parent(tx: Txn, child_id: PersonId, sex: Sex, kind: ParentKind) -> PersonId:
    _person(tx, child_id)
    new = PersonId(tx.add(Person(sex=sex)))
    tx.add(ParentLink(new, child_id, kind))
    return new


def _partnership_between(tx: Txn, a: PersonId, b: PersonId) -> int | None:
    row = tx.db.execute(
        "SELECT id FROM partnership"
        " WHERE (person_a = ? AND person_b = ?) OR (person_a = ? AND person_b = ?)",
        (a, b, b, a),
    ).fetchone()
    return None if row is None else int(row[0])


def remove_person(tx: Txn, person_id: PersonId) -> None:
    delete_person(tx, person_id)


def move_person(tx: Txn, person_id: PersonId, x: float, y: float) -> None:
    tx.update("person", person_id, {"layout_x": round(x, 1), "layout_y": round(y, 1)})


def clear_nudges(tx: Txn) -> int:
    """'Re-layout': forget every user nudge so the automatic layout applies again."""
    ids = [
        r[0]
        for r in tx.db.execute(
            "SELECT id FROM person WHERE layout_x IS NOT NULL OR layout_y IS NOT NULL"
        ).fetchall()
    ]
    for pid in ids:
        tx.update("person", pid, {"layout_x": None, "layout_y": None})
    return len(ids)


def swap_sides(tx: Txn, partnership_id: PartnershipId) -> None:
    row = tx.row("partnership", partnership_id)
    if row is None:
        raise InvalidValue("That relationship is no longer in the case; nothing was changed.")
    tx.update("partnership", partnership_id, {"swap_sides": 0 if row["swap_sides"] else 1})


def set_household(
    tx: Txn, person_id: PersonId, lives_in: bool, today: dt.date | None = None
) -> None:
    """Join the household from today, or leave it today (the history of who lived there stays)."""
    today = today or dt.date.today()
    rows = tx.db.execute(
        "SELECT id, to_date FROM household_member WHERE person_id = ?", (person_id,)
    ).fetchall()
    current = [
        r[0] for r in rows if r[1] is None or PartialDate.parse_stored(r[1]).earliest() > today
    ]
    if lives_in and not current:
        tx.add(HouseholdMember(person_id, from_date=PartialDate.from_date(today)))
    elif not lives_in:
        for row_id in current:
            tx.update(
                "household_member", row_id, {"to_date": PartialDate.from_date(today).stored()}
            )


def add_overlay(
    tx: Txn, from_person: PersonId, to_person: PersonId, kind: OverlayKind, notes: str = ""
) -> int:
    if from_person == to_person:
        raise InvalidValue("An abuse or conflict line needs two different people.")
    return tx.add(Overlay(from_person, to_person, kind, notes))

