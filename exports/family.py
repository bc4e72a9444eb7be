"""Family composition, shared by court and review exports (the genogram figure is in
exports/genogram/figure.py)."""

from __future__ import annotations

from collections.abc import Callable

from exports.anonymise import age_text
from exports.document import Column, Row, Table
from exports.kinship import relationship_labels
from storage.ids import PersonId
from storage.people import Person
from storage.snapshot import CaseSnapshot


def family_composition(snapshot: CaseSnapshot, name: Callable[[PersonId], str],
                       anonymise: bool) -> Table:
    """Everyone in the case: relationship, DOB (age only when anonymised), household."""
    labels = relationship_labels(snapshot)
    rows = []

    def order_key(person: Person) -> tuple[bool, str, int]:
        if person.id is None:
            raise ValueError(f"{person.display_name} was never saved to the case file (no id).")
        return (not person.is_index_child, labels.get(person.id, ""), person.id)

    order = sorted(snapshot.people.values(), key=order_key)
    for person in order:
        pid = person.id
        assert pid is not None
        age = age_text(person.date_of_birth, snapshot.today)
        if person.deceased:
            born = "deceased"
        elif anonymise or person.date_of_birth is None:
            born = age
        else:
            born = f"{person.date_of_birth.display()} ({age})"
        home = "Yes" if snapshot.in_household(pid) else "No"
        relation = "The child" if person.is_index_child else labels[pid]
        cells = [name(pid), relation, born, home]
        if not anonymise:
            cells.append(person.address)
        rows.append(Row(cells))
    columns = [Column("Name" if not anonymise else "Pseudonym", 1.4),
               Column("Relationship to the child", 1.5), Column("Date of birth / age", 1.3),
               Column("Lives with the child", 0.9)]
    if not anonymise:
        columns.append(Column("Address", 2.0))
    return Table(columns, rows, caption="Family composition")


def genogram_alt_text(snapshot: CaseSnapshot, name: Callable[[PersonId], str]) -> str:
    """The genogram in words, for screen readers: who is in it, their ages, who lives with
    the child (pseudonyms when anonymised: `name` decides)."""
    people = []
    home = []
    for pid, person in snapshot.people.items():
        age = "deceased" if person.deceased else age_text(person.date_of_birth, snapshot.today)
        people.append(f"{name(pid)} ({age})")
        if snapshot.in_household(pid):
            home.append(name(pid))
    text = "Genogram (family tree diagram): " + "; ".join(people) + "."
    if home:
        text += " Living with the child: " + ", ".join(home) + "."
    return text + " The family composition section lists the same people in words."
