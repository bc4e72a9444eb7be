"""Each person's relationship to the index child, in the words reviews use.

These labels head the family composition and are the pseudonyms of an anonymised review
("Mother", "Father", "Mother's partner", "Maternal grandfather"), so they must be stable and
unique within one case: a second man in the same relation becomes "Mother's partner 2".
"""

from __future__ import annotations

from collections import Counter

from storage.carers import CarerRole
from storage.ids import PersonId
from storage.people import Person, Sex
from storage.relationships import ParentKind
from storage.snapshot import CaseSnapshot


def _gendered(person: Person, male: str, female: str, other: str) -> str:
    if person.sex is Sex.MALE:
        return male
    if person.sex is Sex.FEMALE:
        return female
    return other


def baby_label(child: Person) -> str:
    initial = (child.known_as or child.given_names or "X")[:1].upper()
    return f"Baby {initial}"


def relationship_labels(snapshot: CaseSnapshot) -> dict[PersonId, str]:
    """Person id -> relationship to the index child (unique, numbered when repeated)."""
    child = snapshot.index_child
    people = snapshot.people
    labels: dict[PersonId, str] = {}
    if child is None or child.id is None:
        return _numbered({pid: "Person" for pid in people})
    labels[child.id] = baby_label(child)

    parents = {link.parent_id: link.kind for link in snapshot.parent_links
               if link.child_id == child.id}
    mother = next((pid for pid, kind in parents.items()
                   if kind is ParentKind.BIRTH and people[pid].sex is Sex.FEMALE), None)
    father = next((pid for pid, kind in parents.items()
                   if kind is ParentKind.BIRTH and people[pid].sex is not Sex.FEMALE), None)
    for role in snapshot.roles:
        if role.child_id == child.id and role.role is CarerRole.BIRTH_FATHER and role.person_id:
            father = father or role.person_id
    if mother is not None:
        labels[mother] = "Mother"
    if father is not None:
        labels[father] = "Father"

    def partners_of(pid: PersonId | None) -> list[PersonId]:
        out = []
        for p in snapshot.partnerships:
            if pid in (p.person_a, p.person_b):
                out.append(p.person_b if p.person_a == pid else p.person_a)
        return out

    for pid in partners_of(mother):
        labels.setdefault(pid, "Mother's partner")
    for role in snapshot.roles:
        if role.person_id is None or role.child_id != child.id:
            continue
        if role.role in (CarerRole.STEP_FATHER, CarerRole.MOTHERS_PARTNER):
            labels.setdefault(role.person_id, "Mother's partner")
        elif role.role is CarerRole.NON_RESIDENT_FATHER:
            labels.setdefault(role.person_id, "Father")
    for pid in partners_of(father):
        labels.setdefault(pid, "Father's partner")

    for parent_id, side in ((mother, "Maternal"), (father, "Paternal")):
        for link in snapshot.parent_links:
            if link.child_id == parent_id and link.parent_id in people:
                person = people[link.parent_id]
                labels.setdefault(link.parent_id, _gendered(
                    person, f"{side} grandfather", f"{side} grandmother", f"{side} grandparent"))

    # Other children of the child's parents and of the mother's partners.
    for link in snapshot.parent_links:
        if link.child_id == child.id or link.child_id in labels:
            continue
        kid = people.get(link.child_id)
        if kid is None:
            continue
        owner = labels.get(link.parent_id, "")
        if link.parent_id in (mother, father):
            shared = {other.parent_id for other in snapshot.parent_links
                      if other.child_id == link.child_id}
            full = mother in shared and father in shared
            labels[link.child_id] = "Sibling" if full else "Half-sibling"
        elif owner:
            labels[link.child_id] = f"{owner}'s " + _gendered(kid, "son", "daughter", "child")

    for role in snapshot.roles:
        if role.person_id is not None and role.person_id not in labels:
            labels[role.person_id] = "Male carer"
    for pid, person in people.items():
        labels.setdefault(pid, _gendered(person, "Male relative", "Female relative", "Relative"))
    return _numbered(labels)


def _numbered(labels: dict[PersonId, str]) -> dict[PersonId, str]:
    counts = Counter(labels.values())
    seen: Counter[str] = Counter()
    out: dict[PersonId, str] = {}
    for pid in sorted(labels):
        label = labels[pid]
        if counts[label] > 1:
            seen[label] += 1
            label = f"{label} {seen[label]}" if seen[label] > 1 else label
        out[pid] = label
    return out
