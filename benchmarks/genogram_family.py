"""A generated extended family of any size, for genogram benchmarks and layout tests.

Founding couples (a new one whenever a family line runs out); every couple has one to four
children (eldest first, some twins); most children find a partner from outside the family,
some a second one after a divorce or separation, so there are step-families, half-siblings
and several partners per person.
Deterministic for a given (size, seed).
"""

from __future__ import annotations

import datetime as dt
import random

from exports.genogram.data import GenogramData
from storage.carers import CarerRole, RoleAssignment
from storage.casefile import CaseFile
from storage.dates import PartialDate
from storage.ids import PersonId
from storage.people import Existence, Person, Sex, TwinKind
from storage.relationships import (
    Overlay,
    OverlayKind,
    ParentKind,
    ParentLink,
    PartnerKind,
    Partnership,
    PartnerStatus,
)

GIVEN = {
    Sex.MALE: ["Adam", "Ben", "Callum", "Dawid", "Ethan", "Femi", "Gary", "Harry", "Imran"],
    Sex.FEMALE: ["Amy", "Beata", "Chloe", "Dana", "Emma", "Farah", "Grace", "Holly", "Iga"],
}
FAMILY = ["Smith", "Jones", "Kowalski", "Okoro", "Patel", "Hughes", "Walsh", "Ahmed", "Lewis"]


def family_data(size: int, seed: int = 7, today: dt.date = dt.date(2026, 11, 1)) -> GenogramData:
    rng = random.Random(seed)
    people: list[Person] = []
    couples: list[Partnership] = []
    links: list[ParentLink] = []

    def new(sex: Sex, year: int, family: str) -> Person:
        p = Person(
            rng.choice(GIVEN[sex]),
            family,
            sex=sex,
            date_of_birth=PartialDate(year, rng.randint(1, 12), rng.randint(1, 28)),
            id=PersonId(len(people) + 1),
        )
        if year < 1960 and rng.random() < 0.4:
            p.deceased = True
            p.date_of_death = PartialDate(min(2025, year + rng.randint(50, 80)))
        people.append(p)
        return p

    def couple(a: Person, b: Person, status: PartnerStatus = PartnerStatus.CURRENT) -> Partnership:
        kind = rng.choice(
            [PartnerKind.MARRIED, PartnerKind.COHABITING, PartnerKind.DATING, PartnerKind.ENGAGED]
        )
        c = Partnership(a.id, b.id, kind, status)  # type: ignore[arg-type]
        couples.append(c)
        return c

    founders = 0
    generation: list[tuple[Person, Person, int]] = []
    while len(people) < size:
        if not generation:
            fam = FAMILY[founders % len(FAMILY)]
            man, woman = (
                new(Sex.MALE, 1938 + founders % 7, fam),
                new(Sex.FEMALE, 1940 + founders % 7, fam),
            )
            couple(man, woman)
            generation.append((man, woman, 1940 + founders % 7))
            founders += 1
            continue
        if True:
            next_gen: list[tuple[Person, Person, int]] = []
            for a, b, year in generation:
                kids = rng.randint(1, 4)
                twins_at = rng.randrange(kids) if rng.random() < 0.12 else -1
                twin_group = ""
                for k in range(kids):
                    if len(people) >= size:
                        break
                    sex = rng.choice([Sex.MALE, Sex.FEMALE])
                    child = new(sex, year + 24 + 2 * k, a.family_name)
                    if k == twins_at:
                        twin_group = f"T{child.id}"
                        child.twin_group, child.twin_kind = twin_group, TwinKind.FRATERNAL
                        twin = Person(
                            child.given_names + " (twin)",
                            child.family_name,
                            sex=sex,
                            date_of_birth=child.date_of_birth,
                            twin_group=twin_group,
                            twin_kind=TwinKind.FRATERNAL,
                            id=PersonId(len(people) + 1),
                        )
                        people.append(twin)
                        for parent in (a, b):
                            links.append(ParentLink(parent.id, twin.id))  # type: ignore[arg-type]
                    for parent in (a, b):
                        links.append(ParentLink(parent.id, child.id))  # type: ignore[arg-type]
                    if len(people) >= size or child.date_of_birth.year > 2004:  # type: ignore[union-attr]
                        continue
                    if rng.random() < 0.75:
                        other = Sex.FEMALE if sex is Sex.MALE else Sex.MALE
                        partner = new(
                            other,
                            child.date_of_birth.year + rng.randint(-3, 3),  # type: ignore[union-attr]
                            rng.choice(FAMILY),
                        )
                        first = couple(child, partner)
                        next_gen.append((child, partner, child.date_of_birth.year))  # type: ignore[union-attr]
                        if rng.random() < 0.25 and len(people) < size:
                            first.status = rng.choice(
                                [PartnerStatus.DIVORCED, PartnerStatus.SEPARATED]
                            )
                            second = new(
                                other,
                                child.date_of_birth.year + rng.randint(-6, 2),  # type: ignore[union-attr]
                                rng.choice(FAMILY),
                            )
                            couple(child, second)
                            next_gen.append((child, second, child.date_of_birth.year + 6))  # type: ignore[union-attr]
            generation = next_gen
    people = people[:size]
    ids = {p.id for p in people}
    links = [lk for lk in links if lk.parent_id in ids and lk.child_id in ids]
    couples = [c for c in couples if c.person_a in ids and c.person_b in ids]
    for i, lk in enumerate(links):
        lk.id = i + 1  # type: ignore[assignment]
        if rng.random() < 0.04:
            lk.kind = rng.choice([ParentKind.ADOPTED, ParentKind.FOSTER, ParentKind.STEP])
    for i, c in enumerate(couples):
        c.id = i + 1  # type: ignore[assignment]
    youngest = max(people, key=lambda p: p.date_of_birth.sort_key() if p.date_of_birth else "")
    youngest.is_index_child = True
    if len(people) > 10:
        people[-1].existence = (
            Existence.PREGNANCY if people[-1] is not youngest else people[-1].existence
        )
    parents = [lk.parent_id for lk in links if lk.child_id == youngest.id]
    household = {youngest.id, *parents}  # type: ignore[misc]
    # Abuse and conflict between partners, as in most families that come to attention.
    kinds = [
        OverlayKind.VIOLENCE,
        OverlayKind.CONFLICT,
        OverlayKind.EMOTIONAL_ABUSE,
        OverlayKind.PHYSICAL_ABUSE,
    ]
    step = max(1, len(couples) // 6)
    overlays = [
        Overlay(c.person_a, c.person_b, kinds[n % len(kinds)])
        for n, c in enumerate(couples[::step])
    ]
    roles = [
        RoleAssignment(youngest.id, CarerRole.BIRTH_FATHER, person_id=p)  # type: ignore[arg-type]
        for p in parents
        if any(q.id == p and q.sex is Sex.MALE for q in people)
    ]
    return GenogramData(people, couples, links, overlays, household, roles, today)  # type: ignore[arg-type]


def write_family(case: CaseFile, size: int, seed: int = 7) -> GenogramData:
    """Store the generated family in an (empty) case, as one transaction."""
    from storage.household import HouseholdMember

    data = family_data(size, seed)
    with case.transaction(f"Add a generated family of {size}") as tx:
        new_id: dict[int, PersonId] = {}
        for p in data.people:
            old = p.id
            p.id = None
            new_id[old] = PersonId(tx.add(p))  # type: ignore[index]
        for c in data.partnerships:
            c.id, c.person_a, c.person_b = None, new_id[c.person_a], new_id[c.person_b]
            tx.add(c)
        for lk in data.parent_links:
            lk.id, lk.parent_id, lk.child_id = None, new_id[lk.parent_id], new_id[lk.child_id]
            tx.add(lk)
        for ov in data.overlays:
            ov.from_person, ov.to_person = new_id[ov.from_person], new_id[ov.to_person]
            tx.add(ov)
        for r in data.roles:
            r.child_id = new_id[r.child_id]
            r.person_id = new_id[r.person_id] if r.person_id else None  # type: ignore[index]
            tx.add(r)
        for pid in data.household:
            tx.add(HouseholdMember(new_id[pid]))
        data.household = {new_id[p] for p in data.household}
    return data
