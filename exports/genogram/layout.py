"""Automatic genogram layout by generation (no Qt): where each symbol's centre goes.

Rules (McGoldrick, Gerson & Petry, as practitioners are trained):
- one row per generation; partners share a row;
- in a couple the man is left of the woman unless the user swapped sides;
- a person with several partners sits between them (first partner on the conventional side,
  the next on the other), so no partner line has to cross a symbol;
- children hang under their birth parents' couple line, eldest on the left; a child with no birth
  parents recorded hangs under the parents of the first other kind (adoptive, foster, ...);
- unaddressed male-carer roles become "?" placeholders beside the person they belong to: the
  index child's mother (the roles are all men in her life and the child's), else the child's
  other parent, else the child; they follow that person when the user nudges her.

Method: generations by constraint relaxation; order within a row by alternating barycentre
sweeps; x coordinates by repeated isotonic regression (pool-adjacent-violators), which puts every
family unit as close as possible to where its parents/children want it while keeping a minimum
gap, so symbols never overlap. User nudges (person.layout_x/layout_y) override the result.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from exports.genogram.data import GenogramData
from exports.genogram.labels import NAME_SIZE, label_line_count
from storage.carers import CarerRole
from storage.ids import PersonId
from storage.people import Person, Sex
from storage.relationships import ParentKind, ParentLink

SYMBOL = 40.0  # symbol width/height, scene units (1 unit = 1 px at 96 dpi, 100% zoom)
SLOT = 124.0  # minimum distance between the centres of two symbols in a row
FAMILY_GAP = 28.0  # extra room between units that are not siblings
LINE_HEIGHT = NAME_SIZE * 1.3
ROW_GAP = 74.0  # below the labels: room for the sibship bar and child drop lines
SWEEPS = 4


@dataclass(slots=True)
class Placeholder:
    """An unaddressed male-carer role, drawn as a '?' symbol the user can click."""

    key: int  # negative, so it never collides with a person id
    child_id: PersonId
    role: CarerRole
    anchor: int = 0  # the person the '?' is drawn beside (see placeholder_anchor)


@dataclass(slots=True)
class GenogramLayout:
    positions: dict[int, tuple[float, float]]  # person id or placeholder key -> symbol centre
    generation: dict[int, int]
    row_y: list[float]
    placeholders: list[Placeholder] = field(default_factory=list)
    nudged: set[int] = field(default_factory=set)
    # Each row's units left to right (lists of keys): the drawing uses it to route lines.
    rows: list[list[list[int]]] = field(default_factory=list)
    # child id -> its primary parents (birth, or the first other kind), used for hanging lines
    primary_parents: dict[int, list[int]] = field(default_factory=dict)


def birth_key(person: Person | None) -> tuple[int, str, int]:
    """Eldest first; people without a date of birth go to the right, in the order entered."""
    if person is None:
        return (2, "", 0)
    dob = person.date_of_birth
    return (0 if dob else 1, dob.sort_key() if dob else "", person.id or 0)


def primary_parents(links: list[ParentLink]) -> dict[int, list[int]]:
    by_child: dict[int, list[ParentLink]] = defaultdict(list)
    for link in links:
        by_child[link.child_id].append(link)
    out: dict[int, list[int]] = {}
    for child, own in by_child.items():
        birth: list[int] = [lk.parent_id for lk in own if lk.kind is ParentKind.BIRTH]
        if birth:
            out[child] = sorted(birth)[:2]
        else:
            first = own[0].kind
            others: list[int] = sorted(lk.parent_id for lk in own if lk.kind is first)
            out[child] = others[:2]
    return out


def placeholder_anchor(child_id: int, prim: dict[int, list[int]],
                       people: dict[int, Person]) -> int:
    """Whom a child's unaddressed-role placeholders sit beside: the child's mother (every
    male-carer role is a man around her and the child), else another parent, else the child."""
    parents = [p for p in prim.get(child_id, []) if p in people]
    mother = next((p for p in parents if people[p].sex is Sex.FEMALE), None)
    if mother is not None:
        return mother
    return parents[0] if parents else child_id


def _generations(
    keys: list[int], links: list[ParentLink], couples: list[tuple[int, int]]
) -> dict[int, int]:
    gen = dict.fromkeys(keys, 0)
    has_parent = {lk.child_id for lk in links}
    children: dict[int, list[int]] = defaultdict(list)
    for lk in links:
        children[lk.parent_id].append(lk.child_id)

    def relax() -> None:
        for _ in range(len(keys) + 2):  # bounded: a cycle in bad data cannot hang the editor
            changed = False
            for lk in links:
                if gen[lk.child_id] < gen[lk.parent_id] + 1:
                    gen[lk.child_id] = gen[lk.parent_id] + 1
                    changed = True
            for a, b in couples:
                top = max(gen[a], gen[b])
                if gen[a] != top or gen[b] != top:
                    gen[a] = gen[b] = top
                    changed = True
            if not changed:
                return

    relax()
    # A parent with no recorded parents of their own sits just above their eldest generation of
    # children, not at the very top (e.g. a step-grandparent).
    for _ in range(3):
        for k in keys:
            if k not in has_parent and children[k]:
                gen[k] = max(gen[k], min(gen[c] for c in children[k]) - 1)
        relax()
    return gen


def _order_unit(
    members: list[int], couples: list[tuple[int, int, bool]], people: dict[int, Person]
) -> list[int]:
    """Left-to-right order of a chain of partners: hub in the middle, male left by default."""
    if len(members) == 1:
        return members
    partners: dict[int, list[tuple[int, bool]]] = defaultdict(list)
    for a, b, swap in couples:
        partners[a].append((b, swap))
        partners[b].append((a, swap))

    def left_of(p: int, q: int, swap: bool) -> bool:
        """Is p drawn left of q in their couple?"""
        sp, sq = (
            people[p].sex if p in people else Sex.UNKNOWN,
            people[q].sex if q in people else Sex.UNKNOWN,
        )
        if sp is Sex.MALE and sq is not Sex.MALE:
            left = True
        elif sq is Sex.MALE and sp is not Sex.MALE:
            left = False
        elif sp is Sex.FEMALE and sq is not Sex.FEMALE:
            left = False
        elif sq is Sex.FEMALE and sp is not Sex.FEMALE:
            left = True
        else:
            left = p < q
        return left != swap

    hub = max(members, key=lambda m: (len(partners[m]), -m))
    order = [hub]
    placed = {hub}
    queue = [hub]
    while queue:
        cur = queue.pop(0)
        pending = sorted(partners[cur], key=lambda ps: ps[0])
        side_pref: bool | None = None
        for other, swap in pending:
            if other in placed or other not in members:
                continue
            at = order.index(cur)
            want_left = not left_of(cur, other, swap)
            at_left_end, at_right_end = at == 0, at == len(order) - 1
            if cur == hub and side_pref is not None:
                want_left = not side_pref  # alternate sides around the hub
            if want_left and not at_left_end and at_right_end:
                want_left = False
            if not want_left and not at_right_end and at_left_end:
                want_left = True
            if want_left:
                order.insert(at, other)
            else:
                order.insert(at + 1, other)
            if cur == hub:
                side_pref = want_left
            placed.add(other)
            queue.append(other)
    order.extend(m for m in members if m not in placed)
    return order


def _pav(targets: list[float], weights: list[float], offsets: list[float]) -> list[float]:
    """Closest positions (weighted least squares) with x[i+1] - x[i] >= gap, via PAV."""
    blocks: list[list[float]] = []  # [weighted sum, total weight, count]
    for t, w, c in zip(targets, weights, offsets, strict=True):
        blocks.append([(t - c) * w, w, 1])
        while len(blocks) > 1 and blocks[-2][0] / blocks[-2][1] > blocks[-1][0] / blocks[-1][1]:
            s, wt, n = blocks.pop()
            blocks[-1][0] += s
            blocks[-1][1] += wt
            blocks[-1][2] += n
    out: list[float] = []
    for s, wt, n in blocks:
        out.extend([s / wt] * int(n))
    return [y + c for y, c in zip(out, offsets, strict=True)]


def layout_genogram(data: GenogramData, use_nudges: bool = True) -> GenogramLayout:
    # Keyed by plain int: the layout mixes person ids with negative placeholder keys.
    people: dict[int, Person] = {p.id: p for p in data.people if p.id is not None}
    keys: list[int] = list(people)
    links = [lk for lk in data.parent_links if lk.parent_id in people and lk.child_id in people]
    couples = [
        (c.person_a, c.person_b, c.swap_sides)
        for c in data.partnerships
        if c.person_a in people and c.person_b in people
    ]
    prim = primary_parents(links)
    # A child's two parents with no recorded relationship are still placed side by side (as
    # an implied couple): otherwise the mother's partner could sit between them and the child's
    # line would hang from him, drawing the wrong man as the father.
    paired: set[frozenset[int]] = {frozenset((a, b)) for a, b, _ in couples}
    for parents in prim.values():
        if len(parents) == 2 and frozenset(parents) not in paired:
            paired.add(frozenset(parents))
            couples.append((PersonId(parents[0]), PersonId(parents[1]), False))

    gen = _generations(keys, links, [(a, b) for a, b, _ in couples])
    placeholders = [
        Placeholder(-(i + 1), child, role)
        for i, (child, role) in enumerate(data.unaddressed_roles())
    ]
    for ph in placeholders:
        ph.anchor = placeholder_anchor(ph.child_id, prim, people)
        gen[ph.key] = gen.get(ph.anchor, 0)
    if gen:
        low = min(gen.values())
        for k in gen:
            gen[k] -= low
    depth = max(gen.values(), default=-1) + 1

    # Units: chains of partners within one row.
    parent_of: dict[int, int] = {k: k for k in gen}

    def find(k: int) -> int:
        while parent_of[k] != k:
            parent_of[k] = parent_of[parent_of[k]]
            k = parent_of[k]
        return k

    for a, b, _ in couples:
        if gen[a] == gen[b]:
            parent_of[find(a)] = find(b)
    grouped: dict[int, list[int]] = defaultdict(list)
    for k in sorted(gen):
        if k > 0:
            grouped[find(k)].append(k)
    couples_of_unit: dict[int, list[tuple[int, int, bool]]] = defaultdict(list)
    for a, b, swap in couples:
        if gen[a] == gen[b]:
            couples_of_unit[find(a)].append((a, b, swap))
    units: list[list[int]] = []
    for root, members in grouped.items():
        units.append(_order_unit(members, couples_of_unit[root], people))
    # One unit of '?'s per index child, in the roles' order, kept beside its anchor's unit.
    ph_anchor = {ph.key: ph.anchor for ph in placeholders}
    by_child: dict[int, list[int]] = defaultdict(list)
    for ph in sorted(placeholders, key=lambda p: -p.key):
        by_child[ph.child_id].append(ph.key)
    units.extend(by_child.values())

    def beside_anchors(row: list[list[int]]) -> None:
        """Put each placeholder unit straight after the unit of the person it belongs to."""
        marks = [u for u in row if u[0] < 0]
        if not marks:
            return
        row[:] = [u for u in row if u[0] > 0]
        for unit in marks:
            at = next((i for i, u in enumerate(row) if ph_anchor[unit[0]] in u), len(row) - 1)
            while at + 1 < len(row) and row[at + 1][0] < 0:  # after any already placed there
                at += 1
            row.insert(at + 1, unit)

    rows: list[list[list[int]]] = [[] for _ in range(depth)]
    for unit in units:
        rows[gen[unit[0]]].append(unit)
    for row in rows:
        row.sort(key=lambda u: (u[0] < 0, birth_key(people.get(u[0]))))
        beside_anchors(row)

    children_of_set: dict[tuple[int, ...], list[int]] = defaultdict(list)
    for child, ps in prim.items():
        children_of_set[tuple(ps)].append(child)
    for kids in children_of_set.values():
        kids.sort(key=lambda c: birth_key(people.get(c)))
    sib_rank = {c: (i, len(kids)) for kids in children_of_set.values() for i, c in enumerate(kids)}
    kids_of_parent: dict[int, list[tuple[int, ...]]] = defaultdict(list)
    for pset in children_of_set:
        for p in pset:
            kids_of_parent[p].append(pset)

    # Offsets of members inside their unit. In a chain of three or more partners the couples
    # are spread apart by the width of their children, so that two couples' children (who
    # share the middle parent) never have to overlap or cross.
    unit_of = {k: unit for unit in units for k in unit}
    offset: dict[int, float] = {}
    span: dict[int, float] = {}  # unit[0] -> distance from first to last member
    for unit in units:
        cursor = 0.0
        for i, k in enumerate(unit):
            if i:
                gap = SLOT
                if len(unit) > 2:
                    pset = tuple(sorted((unit[i - 1], k)))
                    need = sum(len(unit_of[c]) * SLOT for c in children_of_set.get(pset, ()))
                    gap = max(SLOT, need)
                cursor += gap
            offset[k] = cursor
        span[unit[0]] = cursor

    x: dict[int, float] = {}

    def compact(row: list[list[int]]) -> None:
        cursor = 0.0
        for unit in row:
            for k in unit:
                x[k] = cursor + offset[k]
            cursor += span[unit[0]] + SLOT + FAMILY_GAP

    for row in rows:
        compact(row)

    def anchor(pset: tuple[int, ...]) -> float:
        return sum(x[p] for p in pset) / len(pset)

    def down_target(unit: list[int]) -> float | None:
        wants = []
        for k in unit:
            if k in prim:
                rank, n = sib_rank[k]
                wants.append(anchor(tuple(prim[k])) + (rank - (n - 1) / 2) * SLOT - offset[k])
        return sum(wants) / len(wants) if wants else None

    def up_target(unit: list[int]) -> float | None:
        wants = []
        for pset in {ps for k in unit for ps in kids_of_parent[k]}:
            kids = children_of_set[pset]
            mid = (min(x[c] for c in kids) + max(x[c] for c in kids)) / 2
            wants.append(mid - (anchor(pset) - x[unit[0]]))
        return sum(wants) / len(wants) if wants else None

    def is_sib_pair(u: list[int], v: list[int]) -> bool:
        pu = {tuple(prim[k]) for k in u if k in prim}
        return any(tuple(prim[k]) in pu for k in v if k in prim)

    def close_together(u: list[int], v: list[int]) -> bool:
        """Siblings, or '?'s beside their person: no extra family gap between them."""
        return (v[0] < 0 and ph_anchor[v[0]] in u) or is_sib_pair(u, v)

    def beside_target(unit: list[int]) -> float:
        return max(x[k] for k in unit_of[ph_anchor[unit[0]]]) + SLOT

    def place(row: list[list[int]], target_fn) -> None:  # noqa: ANN001 - local helper
        if not row:
            return
        targets, weights, offsets = [], [], []
        cursor = 0.0
        for i, unit in enumerate(row):
            if i:
                prev = row[i - 1]
                gap = SLOT + (0.0 if close_together(prev, unit) else FAMILY_GAP)
                cursor += span[prev[0]] + gap
            t = beside_target(unit) if unit[0] < 0 else target_fn(unit)
            targets.append(x[unit[0]] if t is None else t)
            weights.append(0.05 if t is None else 1.0)
            offsets.append(cursor)
        lefts = _pav(targets, weights, offsets)
        for unit, left in zip(row, lefts, strict=True):
            for k in unit:
                x[k] = left + offset[k]

    def reorder(row: list[list[int]], key_fn) -> None:  # noqa: ANN001 - local helper
        keyed = []
        for pos, unit in enumerate(row):
            k = key_fn(unit)
            keyed.append((k if k is not None else x[unit[0]], unit[0] < 0, pos, unit))
        keyed.sort(key=lambda t: (t[1], t[0], t[2]))
        row[:] = [t[3] for t in keyed]
        _eldest_left(row)
        beside_anchors(row)

    def _eldest_left(row: list[list[int]]) -> None:
        """Siblings keep birth order whatever their partners pulled them towards."""
        slot_of = {}
        for i, unit in enumerate(row):
            for k in unit:
                slot_of[k] = i
        for kids in children_of_set.values():
            present = [c for c in kids if c in slot_of]
            slots = [slot_of[c] for c in present]
            if len(set(slots)) != len(present) or len(present) < 2:
                continue
            units_now = [row[s] for s in sorted(slots)]
            by_birth = [row[slot_of[c]] for c in present]
            if units_now != by_birth:
                for s, unit in zip(sorted(slots), by_birth, strict=True):
                    row[s] = unit
                for i, unit in enumerate(row):
                    for k in unit:
                        slot_of[k] = i

    def barycentre_down(unit: list[int]) -> float | None:
        # By the parents' anchor only, not the wanted slot: sibships must not interleave
        # (birth order inside a sibship is restored by _eldest_left).
        anchors = [anchor(tuple(prim[k])) for k in unit if k in prim]
        return sum(anchors) / len(anchors) if anchors else None

    def barycentre_up(unit: list[int]) -> float | None:
        kids = [c for k in unit for ps in kids_of_parent[k] for c in children_of_set[ps]]
        return sum(x[c] for c in kids) / len(kids) if kids else None

    for g in range(1, depth):
        reorder(rows[g], barycentre_down)
        compact(rows[g])
    for sweep in range(SWEEPS):
        for g in range(depth - 2, -1, -1):
            if sweep < 2:
                reorder(rows[g], barycentre_up)
            place(rows[g], up_target)
        for g in range(1, depth):
            if sweep < 2:
                reorder(rows[g], barycentre_down)
            place(rows[g], down_target)

    # Row heights follow the tallest label block in the row (names, years, role lines).
    row_y: list[float] = []
    y = 0.0
    for g in range(depth):
        lines = 2
        for unit in rows[g]:
            for k in unit:
                if k > 0:
                    person = people[k]
                    roles = data.roles_of(PersonId(k))
                    lines = max(lines, label_line_count(data, person, roles))
        row_y.append(y)
        y += SYMBOL + lines * LINE_HEIGHT + ROW_GAP

    left = min(x.values(), default=0.0)
    positions = {k: (x[k] - left, row_y[gen[k]]) for k in x}
    nudged: set[int] = set()
    if use_nudges:
        for k, person in people.items():
            if person.layout_x is not None and person.layout_y is not None:
                positions[k] = (person.layout_x, person.layout_y)
                nudged.add(k)
        for ph in placeholders:  # a '?' moves with the person it belongs to
            if ph.anchor in nudged:
                (ax, ay), (nx, ny) = positions[ph.key], positions[ph.anchor]
                auto_x, auto_y = x[ph.anchor] - left, row_y[gen[ph.anchor]]
                positions[ph.key] = (ax + nx - auto_x, ay + ny - auto_y)
    return GenogramLayout(positions, gen, row_y, placeholders, nudged, rows, dict(prim))
