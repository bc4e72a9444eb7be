"""Every table belongs to an area of the case, so views hear of every change (issue 11)."""

from __future__ import annotations

import pytest

from app.operations import people
from app.operations.changes import Changes
from storage.areas import AREA_OF_TABLE, UNMAPPED_PREFIXES, UNMAPPED_TABLES, Area, area_of
from storage.casefile import CaseFile


def test_every_table_the_migrations_create_has_an_area(new_case: CaseFile) -> None:
    tables = [name for (name,) in new_case.db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table'")]
    unmapped = [t for t in tables if t not in AREA_OF_TABLE and t not in UNMAPPED_TABLES
                and not t.startswith(UNMAPPED_PREFIXES)]
    assert unmapped == []
    assert "person" in tables and "chronology_entry" in tables


def test_an_unknown_table_is_a_clear_error() -> None:
    with pytest.raises(KeyError, match="map it in storage/areas.py"):
        area_of("no_such_table")


def test_changes_speak_in_areas_and_name_new_rows(new_case: CaseFile) -> None:
    changes = people.add_person(new_case, given_names="Liam", family_name="Carter")
    assert changes.changed and changes.label == "Add Liam Carter"
    assert changes.areas == frozenset({Area.PEOPLE})
    made = changes.created(Area.PEOPLE)
    assert len(made) == 1 and new_case.get(people.Person, made[0]).given_names == "Liam"
    assert changes.created(Area.CHRONOLOGY) == []
    assert changes.touches(Area.PEOPLE, Area.ROLES) and not changes.touches(Area.CHRONOLOGY)
    nothing = people.edit_person(new_case, made[0], given_names="Liam")  # same value
    assert nothing == Changes.nothing("Edit Liam Carter") and not nothing.changed
