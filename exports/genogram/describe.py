"""The genogram in words: each person's name and description, and the whole as a list (no Qt).

A picture is not accessible to someone who cannot see it. Each symbol on screen carries an
accessible name (the person's name) and description — sex, age, male-carer roles, whether they
live in the child's household, and every relationship — and the editor offers the same as a
text alternative: everyone and how they are related, as a list read by keyboard and screen
reader (issue 12 item 3). Words come from the same places the picture's do: names from
`GenogramData.name` (so an anonymised genogram describes itself by pseudonyms), stored
choices from storage/labels.py, ages from the symbol's own age rule.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from exports.genogram.data import GenogramData
from exports.genogram.labels import age_text
from storage.carers import CarerRole
from storage.ids import PersonId
from storage.people import Existence, Person, Sex
from storage.relationships import OverlayKind, ParentKind, ParentLink, PartnerStatus

SEX_WORD = {Sex.MALE: "male", Sex.FEMALE: "female", Sex.OTHER: "another gender",
            Sex.UNKNOWN: "sex not recorded"}
PARENT_WORD = {Sex.MALE: "father", Sex.FEMALE: "mother"}
CHILD_WORD = {Sex.MALE: "son", Sex.FEMALE: "daughter"}


@dataclass(slots=True)
class PersonWords:
    """One person, as the list and a screen reader give them."""

    person_id: PersonId
    name: str
    description: str  # "Male, 27. Mother's partner … Lives in the household."
    relationships: list[str] = field(default_factory=list)  # "Partner of Kasia (…)"


def _age(person: Person, data: GenogramData) -> str:
    if person.existence is not Existence.BORN:
        return person.existence.label
    if person.deceased:
        return "deceased"
    shown = age_text(person, data.today)
    if not shown:
        return "age not known"
    if shown.endswith("m"):
        months = int(shown[:-1])
        return f"{months} month{'s' if months != 1 else ''} old"
    if shown == "<1":
        return "under a year old"
    return f"{shown} years old"


def _link_line(data: GenogramData, label: str, link: ParentLink, other: PersonId,
               words: dict[Sex, str], fallback: str) -> str:
    person = data.person(other)
    word = words.get(person.sex, fallback) if person else fallback
    kind = "" if link.kind is ParentKind.BIRTH else f"{link.kind.label.lower()} "
    return f"{label} {data.name(other)} ({kind}{word})"


def relationships(data: GenogramData, pid: PersonId) -> list[str]:
    """Every line from this person on the genogram, in words."""
    out: list[str] = []
    for c in data.partnerships:
        if pid not in (c.person_a, c.person_b):
            continue
        other = c.person_b if c.person_a == pid else c.person_a
        status = "" if c.status is PartnerStatus.CURRENT else f", {c.status.label.lower()}"
        out.append(f"Partner of {data.name(other)} ({c.kind.label.lower()}{status})")
    # Parents first, then children: the order a reader of the list expects.
    out += [_link_line(data, "Child of", link, link.parent_id, PARENT_WORD, "parent")
            for link in data.parent_links if link.child_id == pid]
    out += [_link_line(data, "Parent of", link, link.child_id, CHILD_WORD, "child")
            for link in data.parent_links if link.parent_id == pid]
    for ov in data.overlays:
        if pid not in (ov.from_person, ov.to_person):
            continue
        other = ov.to_person if ov.from_person == pid else ov.from_person
        if ov.kind is OverlayKind.CONFLICT:  # drawn without a direction
            out.append(f"Conflict with {data.name(other)}")
        elif ov.from_person == pid:
            out.append(f"{ov.kind.label} towards {data.name(other)}")
        else:
            out.append(f"{ov.kind.label} from {data.name(other)}")
    return out


def _roles(data: GenogramData, pid: PersonId) -> list[str]:
    children = {c.id: data.name(c.id) for c in data.index_children if c.id is not None}
    held = []
    for r in data.roles:
        if r.person_id == pid:
            held.append(f"{r.role.label} of {children.get(r.child_id, 'the child')}")
    return held


def describe_person(data: GenogramData, pid: PersonId) -> PersonWords:
    person = data.person(pid)
    if person is None:
        return PersonWords(pid, "person", "no longer in the case")
    name = data.name(pid)
    facts = [f"{SEX_WORD[person.sex].capitalize()}, {_age(person, data)}"]
    if person.is_index_child:
        facts.append("The child this case is about")
    facts.extend(_roles(data, pid))
    facts.append("Lives in the child's household" if pid in data.household
                 else "Does not live in the child's household")
    links = relationships(data, pid)
    description = ". ".join(facts + links) + "."
    return PersonWords(pid, name, description, links)


def describe_placeholder(data: GenogramData, child_id: PersonId, role: CarerRole) -> str:
    """A '?' symbol: a male-carer role nobody has addressed yet."""
    return (f"Not yet addressed: {role.label} of {data.name(child_id)}. Record the man, or "
            "that there is none or he is not known, with the reason and what was done.")


def text_alternative(data: GenogramData) -> list[PersonWords]:
    """Everyone on the genogram, the index children first, then by generation as drawn
    (people with no parents recorded before their children), each with their lines."""
    people = [p for p in data.people if p.id is not None]
    order = sorted(people, key=lambda p: (not p.is_index_child, p.id))
    return [describe_person(data, PersonId(p.id)) for p in order]  # type: ignore[arg-type]


def summary(data: GenogramData) -> str:
    """One sentence for the canvas as a whole."""
    people = len(data.people)
    home = len(data.household)
    gaps = len(data.unaddressed_roles())
    text = (f"Genogram of {people} {'person' if people == 1 else 'people'}, {home} living in "
            "the child's household.")
    if gaps:
        text += f" {gaps} male-carer role{'s' if gaps != 1 else ''} not yet addressed."
    return text + " Arrow keys move between people; the list beside it gives everyone in words."
