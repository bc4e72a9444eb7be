"""Genogram layout rules, checked without any view: on small families built through the storage
API, on the demo case, and on a generated 200-person family."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from app.operations import layout as layout_ops
from app.operations import relationships as relationship_ops
from app.operations import roles as roles_ops
from benchmarks.genogram_family import family_data
from exports.genogram.data import GenogramData, load_genogram_data
from exports.genogram.drawing import label_bottoms
from exports.genogram.labels import LABEL_WIDTH
from exports.genogram.layout import SLOT, SYMBOL, GenogramLayout, layout_genogram
from exports.genogram.shapes import GenogramOptions
from storage.areas import Area
from storage.carers import CarerRole, Declaration
from storage.case import CaseDetails
from storage.casefile import CaseFile
from storage.dates import PartialDate
from storage.people import Person, Sex
from storage.relationships import ParentKind, ParentLink, Partnership, PartnerStatus

TODAY = dt.date(2026, 11, 1)


def _case(tmp_path: Path, passphrase: str) -> CaseFile:
    return CaseFile.create(tmp_path / "g.vcase", passphrase, CaseDetails(reference="G-1"))


def assert_no_overlaps(data: GenogramData, layout: GenogramLayout) -> None:
    """No two symbols (with their label blocks) share any space."""
    bottoms = label_bottoms(data, GenogramOptions())
    boxes = []
    for key, (x, y) in layout.positions.items():
        below = bottoms.get(key, SYMBOL / 2 + 40)
        half = max(LABEL_WIDTH, SYMBOL + 10) / 2
        boxes.append((x - half, y - SYMBOL / 2 - 5, x + half, y + below, key))
    boxes.sort()
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            if b[0] >= a[2]:
                break
            overlap = a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]
            assert not overlap, f"symbols {a[4]} and {b[4]} overlap"


def test_eldest_child_is_left_whatever_the_order_of_entry(tmp_path: Path, passphrase: str) -> None:
    with _case(tmp_path, passphrase) as case, case.transaction("family") as tx:
        dad = tx.add(Person("Dad", sex=Sex.MALE))
        mum = tx.add(Person("Mum", sex=Sex.FEMALE))
        tx.add(Partnership(dad, mum))
        born = {
            "middle": PartialDate(2012, 5),
            "youngest": PartialDate(2019),
            "eldest": PartialDate(2008, 2, 1),
            "unknown": None,
        }
        kids = {}
        for name, dob in born.items():  # entered out of birth order on purpose
            kids[name] = tx.add(Person(name, sex=Sex.FEMALE, date_of_birth=dob))
            tx.add(ParentLink(dad, kids[name]))
            tx.add(ParentLink(mum, kids[name]))
    with CaseFile.open(tmp_path / "g.vcase", passphrase) as case:
        layout = layout_genogram(load_genogram_data(case, TODAY))
    xs = [layout.positions[kids[n]][0] for n in ("eldest", "middle", "youngest", "unknown")]
    assert xs == sorted(xs) and len(set(xs)) == 4
    # the children hang centred under their parents' couple line
    couple_mid = (layout.positions[dad][0] + layout.positions[mum][0]) / 2
    assert (xs[0] + xs[-1]) / 2 == pytest.approx(couple_mid, abs=1)
    assert {layout.positions[k][1] for k in kids.values()} == {layout.row_y[1]}


def test_male_left_of_female_unless_swapped(tmp_path: Path, passphrase: str) -> None:
    with _case(tmp_path, passphrase) as case:
        with case.transaction("couple") as tx:
            her = tx.add(Person("Her", sex=Sex.FEMALE))  # entered first, as person_a
            him = tx.add(Person("Him", sex=Sex.MALE))
            couple = tx.add(Partnership(her, him))
        pos = layout_genogram(load_genogram_data(case, TODAY)).positions
        assert pos[him][0] < pos[her][0]
        assert pos[him][1] == pos[her][1]
        relationship_ops.swap_sides(case, couple)
        pos = layout_genogram(load_genogram_data(case, TODAY)).positions
        assert pos[her][0] < pos[him][0]


def test_several_partners_without_crossings(tmp_path: Path, passphrase: str) -> None:
    """A mother with an ex-partner and a new partner sits between them; each couple's
    children hang under that couple, a step-child link does not move anyone."""
    with _case(tmp_path, passphrase) as case:
        with case.transaction("step-family") as tx:
            mum = tx.add(Person("Mum", sex=Sex.FEMALE))
            ex = tx.add(Person("Ex", sex=Sex.MALE))
            new = tx.add(Person("New", sex=Sex.MALE))
            tx.add(Partnership(ex, mum, status=PartnerStatus.DIVORCED))
            tx.add(Partnership(new, mum))
            older = tx.add(Person("Older", date_of_birth=PartialDate(2015)))
            baby = tx.add(Person("Baby", date_of_birth=PartialDate(2026), is_index_child=True))
            for p, c in ((mum, older), (ex, older), (mum, baby), (new, baby)):
                tx.add(ParentLink(p, c))
            tx.add(ParentLink(new, older, ParentKind.STEP))
        data = load_genogram_data(case, TODAY)
    layout = layout_genogram(data)
    x = {k: v[0] for k, v in layout.positions.items()}
    assert min(x[ex], x[new]) < x[mum] < max(x[ex], x[new])
    for other, child in ((ex, older), (new, baby)):
        lo, hi = sorted((x[mum], x[other]))
        assert lo < x[child] < hi, "a child hangs between its own two parents"
    assert layout.primary_parents[older] == sorted([mum, ex])
    assert_no_overlaps(data, layout)


def test_two_sets_of_parents_child_in_care(tmp_path: Path, passphrase: str) -> None:
    with _case(tmp_path, passphrase) as case:
        with case.transaction("child") as tx:
            child = tx.add(Person("Child", is_index_child=True))
        made = relationship_ops.add_parents(case, child).created(Area.PEOPLE)
        f1, f2 = (relationship_ops.add_parent(case, child, ParentKind.FOSTER, sex)
                  .created(Area.PEOPLE)[0] for sex in (Sex.MALE, Sex.FEMALE))
        relationship_ops.link_partners(case, f1, f2)
        data = load_genogram_data(case, TODAY)
    layout = layout_genogram(data)
    assert sorted(layout.primary_parents[child]) == sorted(made)
    assert {layout.generation[p] for p in (*made, f1, f2)} == {layout.generation[child] - 1}
    assert_no_overlaps(data, layout)


def test_no_overlaps_on_the_demo_case(demo_case: CaseFile) -> None:
    data = load_genogram_data(demo_case, TODAY)
    layout = layout_genogram(data)
    assert len(layout.positions) == 7
    assert_no_overlaps(data, layout)
    gen = layout.generation
    names = {p.given_names: p.id for p in data.people}
    assert gen[names["Tomasz"]] == 0 and gen[names["Katarzyna"]] == 1 and gen[names["Freya"]] == 2
    assert gen[names["Liam"]] == gen[names["Katarzyna"]] == gen[names["Daniel"]]
    # Kasia sits between her ex-partner Daniel and her new partner Liam
    x = {k: v[0] for k, v in layout.positions.items()}
    assert x[names["Daniel"]] < x[names["Katarzyna"]] < x[names["Liam"]]


@pytest.mark.parametrize("size", [50, 200])
def test_no_overlaps_and_rules_on_a_generated_family(size: int) -> None:
    data = family_data(size)
    layout = layout_genogram(data)
    assert len(data.people) == size
    assert_no_overlaps(data, layout)
    people = {p.id: p for p in data.people}
    x = {k: v[0] for k, v in layout.positions.items()}
    # eldest left within every sibship (same primary parents)
    sibships: dict[tuple[int, ...], list[int]] = {}
    for child, ps in layout.primary_parents.items():
        sibships.setdefault(tuple(ps), []).append(child)
    checked = 0
    for kids in sibships.values():
        dated = [k for k in kids if people[k].date_of_birth and not people[k].twin_group]
        by_x = sorted(dated, key=lambda k: x[k])
        dobs = [people[k].date_of_birth.sort_key() for k in by_x]  # type: ignore[union-attr]
        assert dobs == sorted(dobs)
        checked += len(dated) > 1
    assert checked > 5
    # male left of female in every current couple that is side by side
    for c in data.partnerships:
        a, b = people[c.person_a], people[c.person_b]
        if {a.sex, b.sex} == {Sex.MALE, Sex.FEMALE} and abs(x[a.id] - x[b.id]) <= SLOT + 1:  # type: ignore[index]
            man, woman = (a, b) if a.sex is Sex.MALE else (b, a)
            others = [
                d
                for d in data.partnerships
                if d is not c and {d.person_a, d.person_b} & {a.id, b.id}
            ]
            if not others:  # several partners arrange around the hub instead
                assert x[man.id] < x[woman.id]  # type: ignore[index]
    # children are always a row below their primary parents
    for child, ps in layout.primary_parents.items():
        assert all(layout.positions[child][1] > layout.positions[p][1] for p in ps)


def test_nudges_override_and_relayout_restores(tmp_path: Path, passphrase: str) -> None:
    with _case(tmp_path, passphrase) as case:
        with case.transaction("one") as tx:
            a = tx.add(Person("A", sex=Sex.MALE))
        auto = layout_genogram(load_genogram_data(case, TODAY)).positions[a]
        changes = layout_ops.move_people(case, {a: (500.0, 260.0)})
        assert changes.label == "Move A" and changes.areas == {Area.PEOPLE}
        moved = layout_genogram(load_genogram_data(case, TODAY))
        assert moved.positions[a] == (500.0, 260.0) and a in moved.nudged
        assert layout_ops.clear_nudges(case).rows == 1
        assert layout_genogram(load_genogram_data(case, TODAY)).positions[a] == auto


def test_unaddressed_roles_become_placeholders(tmp_path: Path, passphrase: str) -> None:
    with _case(tmp_path, passphrase) as case:
        with case.transaction("baby") as tx:
            baby = tx.add(Person("Baby", sex=Sex.FEMALE, is_index_child=True))
        mum = relationship_ops.add_parents(case, baby).created(Area.PEOPLE)[1]
        layout = layout_genogram(load_genogram_data(case, TODAY))
        assert [p.role for p in layout.placeholders] == list(CarerRole)
        # placeholders sit in the parents' row, to the right of everyone there
        row = layout.positions[mum][1]
        assert all(layout.positions[p.key][1] == row for p in layout.placeholders)
        assert (
            min(layout.positions[p.key][0] for p in layout.placeholders) > layout.positions[mum][0]
        )
        roles_ops.record_role(
            case,
            baby,
            CarerRole.MOTHERS_PARTNER,
            declaration=Declaration.NONE,
            reason="Mother says she has no partner",
            efforts="Asked at visit",
        )
        layout = layout_genogram(load_genogram_data(case, TODAY))
        assert CarerRole.MOTHERS_PARTNER not in [p.role for p in layout.placeholders]
        assert len(layout.placeholders) == 4


def test_declaration_needs_reason_and_efforts(tmp_path: Path, passphrase: str) -> None:
    from storage.errors import InvalidValue

    with _case(tmp_path, passphrase) as case:
        with case.transaction("baby") as tx:
            baby = tx.add(Person("Baby", is_index_child=True))
        with pytest.raises(InvalidValue, match="what was done to find out"):
            roles_ops.record_role(
                case,
                baby,
                CarerRole.BIRTH_FATHER,
                declaration=Declaration.NOT_KNOWN,
                reason="not said",
                efforts="  ",
            )
        assert (
            case.all(Person)
            and not case.db.execute("SELECT count(*) FROM role_assignment").fetchone()[0]
        )


def test_a_declaration_without_efforts_still_shows_a_placeholder(
    tmp_path: Path, passphrase: str
) -> None:
    """Same rule as the male-carers view: a bare 'not known' does not address the role."""
    from storage.carers import RoleAssignment

    with _case(tmp_path, passphrase) as case:
        with case.transaction("imported") as tx:
            baby = tx.add(Person("Baby", is_index_child=True))
            tx.add(
                RoleAssignment(
                    baby,
                    CarerRole.BIRTH_FATHER,
                    declaration=Declaration.NOT_KNOWN,
                    reason="Not asked",
                )
            )
        layout = layout_genogram(load_genogram_data(case, TODAY))
    assert CarerRole.BIRTH_FATHER in [p.role for p in layout.placeholders]


def test_placeholders_sit_beside_the_mother_and_follow_her(tmp_path: Path, passphrase: str) -> None:
    """Issue 12: the '?' symbols belong to the person they are about — beside the index
    child's mother even when her sister's family shares the row — and move with her nudge."""
    with _case(tmp_path, passphrase) as case:
        with case.transaction("family") as tx:
            gran = tx.add(Person("Gran", sex=Sex.FEMALE, date_of_birth=PartialDate(1970)))
            aunt = tx.add(Person("Aunt", sex=Sex.FEMALE, date_of_birth=PartialDate(2001)))
            mum = tx.add(Person("Mum", sex=Sex.FEMALE, date_of_birth=PartialDate(1996)))
            uncle = tx.add(Person("Uncle", sex=Sex.MALE))
            tx.add(Partnership(uncle, aunt))
            for kid in (aunt, mum):
                tx.add(ParentLink(gran, kid))
            cousin = tx.add(Person("Cousin"))
            tx.add(ParentLink(aunt, cousin))
            tx.add(ParentLink(uncle, cousin))
            baby = tx.add(Person("Baby", is_index_child=True, date_of_birth=PartialDate(2026)))
            tx.add(ParentLink(mum, baby))
        data = load_genogram_data(case, TODAY)
        layout = layout_genogram(data)
        pos = layout.positions
        marks = sorted(layout.placeholders, key=lambda p: pos[p.key][0])
        assert [p.anchor for p in marks] == [mum] * 5
        assert all(pos[p.key][1] == pos[mum][1] for p in marks)
        row_xs = sorted(x for k, (x, y) in pos.items() if y == pos[mum][1])
        first = row_xs.index(pos[mum][0])
        assert row_xs[first + 1] == pos[marks[0].key][0]  # the next symbol right of her is a '?'
        assert pos[marks[0].key][0] - pos[mum][0] == pytest.approx(SLOT)
        assert_no_overlaps(data, layout)

        layout_ops.move_people(case, {mum: (pos[mum][0] + 400, pos[mum][1] + 50)})
        moved = layout_genogram(load_genogram_data(case, TODAY)).positions
        for p in marks:
            assert moved[p.key] == pytest.approx((pos[p.key][0] + 400, pos[p.key][1] + 50))
