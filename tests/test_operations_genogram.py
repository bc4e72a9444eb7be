"""The genogram's writes as operations (people, relationships, household, layout), without Qt,
on real encrypted case files: one action each, with its undo label and areas, and the rules."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from app.operations import household as household_ops
from app.operations import layout as layout_ops
from app.operations import people as people_ops
from app.operations import relationships as relationship_ops
from app.operations.history import History
from app.operations.relationships import TieEdit
from storage.areas import Area
from storage.case import CaseDetails
from storage.casefile import CaseFile
from storage.dates import PartialDate
from storage.errors import InvalidValue
from storage.household import HouseholdMember
from storage.ids import PersonId
from storage.people import Person, Sex
from storage.relationships import (
    Overlay,
    OverlayKind,
    ParentKind,
    ParentLink,
    Partnership,
    PartnerStatus,
)
from tests.conftest import PASSPHRASE

TODAY = dt.date(2026, 11, 1)


@pytest.fixture
def family(tmp_path: Path):  # noqa: ANN201
    """Jo (mother), Sam (her partner, not yet linked) and baby Ava (Jo's child)."""
    case = CaseFile.create(tmp_path / "f.vcase", PASSPHRASE, CaseDetails(reference="F-1"))
    with case.transaction("family") as tx:
        jo = PersonId(tx.add(Person("Jo", "Lee", sex=Sex.FEMALE)))
        sam = PersonId(tx.add(Person("Sam", "Hart", sex=Sex.MALE)))
        ava = PersonId(tx.add(Person("Ava", "Lee", sex=Sex.FEMALE, is_index_child=True)))
        tx.add(ParentLink(jo, ava))
    yield case, jo, sam, ava
    case.close()


def test_adding_relatives_reports_the_new_person_and_undoes_as_one(family) -> None:  # noqa: ANN001
    case, jo, _sam, ava = family
    history = History()
    changes = relationship_ops.add_partner(case, jo)
    assert changes.label == "Add a partner of Jo Lee"
    assert changes.areas == {Area.PEOPLE, Area.RELATIONSHIPS}
    partner = changes.first_created(Area.PEOPLE)
    assert partner is not None and case.get(Person, partner).sex is Sex.MALE  # type: ignore[union-attr]

    parents = relationship_ops.add_parents(case, ava)  # one birth parent (Jo) is already there
    assert parents.label == "Add parents of Ava Lee"
    made = parents.created(Area.PEOPLE)
    assert [case.get(Person, p).sex for p in made] == [Sex.MALE]  # type: ignore[union-attr]
    couple = [p for p in case.all(Partnership) if {p.person_a, p.person_b} == {jo, made[0]}]
    assert len(couple) == 1  # the two birth parents are drawn as a couple

    child = relationship_ops.add_child(case, [jo, PersonId(partner)])
    assert child.label == "Add a child of Jo Lee and (name not known)"
    kid = PersonId(child.first_created(Area.PEOPLE) or 0)
    assert case.get(Person, kid).family_name == "Lee"  # type: ignore[union-attr]
    assert {lk.parent_id for lk in case.all(ParentLink) if lk.child_id == kid} == {jo, partner}

    adoptive = relationship_ops.add_parent(case, ava, ParentKind.ADOPTED)
    assert adoptive.label == "Add an adoptive parent of Ava Lee"
    history.record(adoptive)
    new_parent = adoptive.first_created(Area.PEOPLE)
    history.undo(case)  # the new person and their link go together, nothing else
    assert case.get(Person, new_parent or 0) is None
    assert not [lk for lk in case.all(ParentLink) if lk.kind is ParentKind.ADOPTED]
    assert case.get(Person, kid) is not None


def test_linking_two_people_already_in_the_case(family) -> None:  # noqa: ANN001
    case, jo, sam, ava = family
    changes = relationship_ops.link_partners(case, sam, jo)
    assert changes.label == "Link Sam Hart and Jo Lee as partners"
    assert changes.areas == {Area.RELATIONSHIPS} and not changes.created(Area.PEOPLE)
    with pytest.raises(InvalidValue, match="already recorded as partners"):
        relationship_ops.link_partners(case, jo, sam)
    with pytest.raises(InvalidValue, match="own partner"):
        relationship_ops.link_partners(case, jo, jo)

    linked = relationship_ops.link_parent_child(case, sam, ava, ParentKind.STEP)
    assert linked.label == "Link Sam Hart as step parent of Ava Lee"
    assert (sam, ava, ParentKind.STEP) in {(lk.parent_id, lk.child_id, lk.kind)
                                           for lk in case.all(ParentLink)}
    with pytest.raises(InvalidValue, match="already recorded as a parent"):
        relationship_ops.link_parent_child(case, sam, ava)
    with pytest.raises(InvalidValue, match="own parent"):
        relationship_ops.link_parent_child(case, ava, ava)
    with pytest.raises(InvalidValue, match="descendant"):  # Ava cannot be her mother's parent
        relationship_ops.link_parent_child(case, ava, jo)
    other_dad = relationship_ops.add_parent(case, ava, ParentKind.BIRTH, Sex.MALE)
    assert other_dad.changed
    with pytest.raises(InvalidValue, match="two birth parents"):
        relationship_ops.add_parent(case, ava, ParentKind.BIRTH)
    kai = PersonId(people_ops.add_person(case, Sex.MALE, "Kai").first_created(Area.PEOPLE) or 0)
    links_before = len(case.all(ParentLink))
    with pytest.raises(InvalidValue, match="two birth parents"):
        relationship_ops.link_parent_child(case, kai, ava, ParentKind.BIRTH)
    assert len(case.all(ParentLink)) == links_before  # refused before anything was written


def test_overlay_swap_and_side_panel_line_edits(family) -> None:  # noqa: ANN001
    case, jo, sam, _ava = family
    relationship_ops.link_partners(case, sam, jo)
    couple = case.all(Partnership)[0]
    assert couple.id is not None
    swapped = relationship_ops.swap_sides(case, couple.id)
    assert swapped.label == "Swap sides of Sam Hart and Jo Lee"
    assert case.get(Partnership, couple.id).swap_sides  # type: ignore[union-attr]
    line = relationship_ops.add_overlay(case, sam, jo, OverlayKind.VIOLENCE)
    assert line.label == "Violence: Sam Hart → Jo Lee" and line.areas == {Area.RELATIONSHIPS}
    with pytest.raises(InvalidValue, match="two different people"):
        relationship_ops.add_overlay(case, jo, jo, OverlayKind.CONFLICT)
    overlay = case.all(Overlay)[0]
    assert overlay.id is not None
    edits = [TieEdit(Partnership, couple.id, {"status": PartnerStatus.SEPARATED}),
             TieEdit(Overlay, overlay.id, remove=True),
             TieEdit(Overlay, 9999, remove=True)]  # already gone: skipped, not an error
    changes = relationship_ops.edit_ties(case, edits)
    assert changes.rows == 2 and case.all(Overlay) == []
    kept = case.get(Partnership, couple.id)
    assert kept is not None and kept.status is PartnerStatus.SEPARATED and kept.swap_sides


def test_household_join_and_leave_keep_the_history(family) -> None:  # noqa: ANN001
    case, _jo, sam, _ava = family
    joins = household_ops.set_household(case, sam, True, today=dt.date(2026, 5, 1))
    assert joins.label == "Sam Hart joins the household" and joins.areas == {Area.HOUSEHOLD}
    again = household_ops.set_household(case, sam, True, today=dt.date(2026, 6, 1))
    assert not again.changed  # already lives there: nothing written, nothing to undo
    leaves = household_ops.set_household(case, sam, False, today=TODAY)
    assert leaves.label == "Sam Hart leaves the household"
    (period,) = case.all(HouseholdMember)
    assert period.from_date == PartialDate(2026, 5, 1)
    assert period.to_date == PartialDate(2026, 11, 1)
    assert not period.lives_there_on(TODAY) and period.lives_there_on(dt.date(2026, 10, 31))
    household_ops.set_household(case, sam, True, today=dt.date(2026, 12, 1))
    assert len(case.all(HouseholdMember)) == 2  # a second period; the first is kept


def test_moves_are_one_action_and_relayout_forgets_them(family) -> None:  # noqa: ANN001
    case, jo, sam, _ava = family
    moved = layout_ops.move_people(case, {jo: (10.04, 20.0), sam: (140.0, 20.0)})
    assert moved.label == "Move 2 people on the genogram" and moved.rows == 2
    assert case.get(Person, jo).layout_x == 10.0  # type: ignore[union-attr]
    assert layout_ops.move_people(case, {jo: (30.0, 20.0)}).label == "Move Jo Lee"
    cleared = layout_ops.clear_nudges(case)
    assert cleared.label == "Re-layout the genogram" and cleared.rows == 2
    assert all(p.layout_x is None and p.layout_y is None for p in case.all(Person))
    assert not layout_ops.clear_nudges(case).changed


def test_editing_details_writes_only_what_changed(family) -> None:  # noqa: ANN001
    """The side panel's Apply: the user's changes on top of the record as the file has it now,
    so a nudge made while the panel was open is not put back."""
    case, jo, sam, _ava = family
    layout_ops.move_people(case, {jo: (300.0, 0.0)})  # while the panel still shows no nudge
    changes = people_ops.edit_person_details(
        case, jo, {"known_as": "Joey"}, lives_in=True, today=TODAY)
    assert changes.label == "Edit Joey" and changes.areas == {Area.PEOPLE, Area.HOUSEHOLD}
    after = case.get(Person, jo)
    assert after is not None and after.known_as == "Joey" and after.layout_x == 300.0
    update = next(e for e in reversed(case.audit_events()) if e.table_name == "person")
    assert {k for k in update.new if update.new[k] != update.old[k]} == {"known_as"}
    with pytest.raises(InvalidValue, match="date of death is before the date of birth"):
        people_ops.edit_person_details(case, sam, {"date_of_birth": PartialDate(1990),
                                                   "date_of_death": PartialDate(1980)})
    assert case.get(Person, sam).date_of_birth is None  # type: ignore[union-attr]


def test_removing_people_is_one_action_and_a_vanished_person_is_one_line(family) -> None:  # noqa: ANN001
    case, jo, sam, ava = family
    history = History()
    gone = people_ops.remove_people(case, [jo, sam])
    history.record(gone)
    assert gone.label == "Delete Jo Lee, Sam Hart"
    assert case.get(Person, jo) is None and case.all(ParentLink) == []
    with pytest.raises(InvalidValue, match="no longer in the case"):
        relationship_ops.add_partner(case, jo)
    with pytest.raises(InvalidValue, match="no longer in the case"):
        household_ops.set_household(case, sam, True)
    history.undo(case)
    assert case.get(Person, jo) is not None and len(case.all(ParentLink)) == 1
    assert case.get(Person, ava) is not None
