"""A genogram as a list of simple shapes (no Qt): one source of geometry for every renderer.

`draw_genogram(data, layout, options)` turns the case data and the layout into groups of
shapes — one group per person, per placeholder, plus the lines, the overlay, the household
boundary and the legend. The Qt painter (screen, PNG) and the SVG writer both just walk these
shapes, so the editor, the Word/PDF pictures and the SVG can never disagree.

The notation itself (symbols, line styles, marks) is in exports.genogram.notation, the key in
exports.genogram.legend, the shape vocabulary in exports.genogram.shapes.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right

from exports.genogram.data import GenogramData
from exports.genogram.labels import (
    LABEL_WIDTH,
    NAME_SIZE,
    SHORT_ROLE,
    SMALL_SIZE,
    age_text,
    label_lines,
    role_lines,
)
from exports.genogram.layout import LINE_HEIGHT, SLOT, SYMBOL, GenogramLayout, Placeholder
from exports.genogram.legend import legend_group, legend_keys
from exports.genogram.notation import (
    LINK_WORD,
    OVERLAY_INK,
    PARTNER_DASH,
    partner_marks,
    symbol_half_height,
    symbol_name,
    symbol_shapes,
    zigzag,
)
from exports.genogram.shapes import (
    GREY,
    HOUSEHOLD_FILL,
    HOUSEHOLD_INK,
    INK,
    LINE,
    PLACEHOLDER_INK,
    ROLE_INK,
    Boundary,
    Drawing,
    GenogramOptions,
    Group,
    H,
    Pen,
    Poly,
    Rect,
    Shape,
    Text,
)
from storage.people import Person, Sex, TwinKind
from storage.relationships import OverlayKind, ParentKind

__all__ = ["Drawing", "GenogramOptions", "Group", "draw_genogram", "relationship_groups"]


def person_group(
    person: Person, data: GenogramData, options: GenogramOptions, at: tuple[float, float]
) -> Group:
    assert person.id is not None
    age = age_text(person, data.today)
    shapes = symbol_shapes(person, age)
    y = max(H, symbol_half_height(person)) + 6
    names, years = label_lines(data, person)  # an anonymised picture has no years line
    for line in names:
        y += LINE_HEIGHT
        shapes.append(Text(0, y - 3, line, NAME_SIZE, bold=person.is_index_child))
    if years:
        y += LINE_HEIGHT
        shapes.append(Text(0, y - 3, years, SMALL_SIZE, color=GREY))
    if options.show_roles:
        for line in role_lines(data.roles_of(person.id)):
            y += LINE_HEIGHT
            shapes.append(Text(0, y - 3, line, SMALL_SIZE, bold=True, color=ROLE_INK))
    return Group("person", person.id, shapes, at, symbol_name(person), data.name(person.id))


def placeholder_group(ph: Placeholder, at: tuple[float, float]) -> Group:
    pen = Pen(PLACEHOLDER_INK, 1.8, "dash")
    shapes: list[Shape] = [
        Rect(-H, -H, SYMBOL, SYMBOL, pen, "#fff5f4", radius=4),
        Text(0, 8, "?", 22, bold=True, color=PLACEHOLDER_INK),
    ]
    y = H + 6
    for line in (SHORT_ROLE[ph.role], "not recorded"):
        y += LINE_HEIGHT
        shapes.append(
            Text(0, y - 3, line, SMALL_SIZE, bold=line != "not recorded", color=PLACEHOLDER_INK)
        )
    return Group(
        "placeholder",
        ph.key,
        shapes,
        at,
        "placeholder",
        f"{ph.role.label}: not recorded — click to record",
    )


def _lines(data: GenogramData, layout: GenogramLayout, half: dict[int, float]) -> list[Shape]:
    pos = layout.positions
    people: dict[int, Person] = {p.id: p for p in data.people if p.id is not None}
    shapes: list[Shape] = []
    couple_mid: dict[frozenset[int], tuple[float, float]] = {}
    right_partner: set[int] = set()
    left_partner: set[int] = set()
    row_xs: dict[int, list[float]] = {}  # symbols per row (rounded y), for "is anyone between?"
    for x, y in pos.values():
        row_xs.setdefault(round(y), []).append(x)
    for xs in row_xs.values():
        xs.sort()
    for c in data.partnerships:
        if c.person_a not in pos or c.person_b not in pos:
            continue
        (xa, ya), (xb, yb) = pos[c.person_a], pos[c.person_b]
        if xa > xb:
            (xa, ya), (xb, yb) = (xb, yb), (xa, ya)
            left_id, right_id = c.person_b, c.person_a
        else:
            left_id, right_id = c.person_a, c.person_b
        pen = Pen(INK, 1.8, PARTNER_DASH[c.kind])
        xs = row_xs.get(round(ya), [])
        between = bisect_left(xs, xb - 1) - bisect_right(xs, xa + 1) > 0
        if abs(ya - yb) < 1 and not between:
            y = ya
            shapes.append(Poly([(xa + half[left_id], y), (xb - half[right_id], y)], pen))
            right_partner.add(left_id)
            left_partner.add(right_id)
            mid = ((xa + xb) / 2, y)
            marks_x = mid[0] - min(20.0, (xb - xa) / 4)
        else:
            # Not side by side (a nudge, or a third partner): route over the top of the symbols.
            top = min(ya, yb) - H - 16
            shapes.append(
                Poly(
                    [(xa, ya - half[left_id]), (xa, top), (xb, top), (xb, yb - half[right_id])], pen
                )
            )
            mid = ((xa + xb) / 2, top)
            marks_x = mid[0] - 20
        couple_mid[frozenset((c.person_a, c.person_b))] = mid
        shapes.extend(partner_marks(c.status, marks_x, mid[1]))

    # Children hang from their primary parents: eldest left, twins from one point.
    sets: dict[tuple[int, ...], list[int]] = {}
    for child, ps in layout.primary_parents.items():
        if child in pos and all(p in pos for p in ps):
            sets.setdefault(tuple(ps), []).append(child)
    kinds: dict[tuple[int, int], ParentKind] = {
        (lk.parent_id, lk.child_id): lk.kind for lk in data.parent_links
    }
    # Sibship bars in one row that overlap horizontally go on different levels, so two
    # families' children are never joined by what looks like one bar.
    level: dict[tuple[int, ...], int] = {}
    by_row: dict[int, list[tuple[float, float, tuple[int, ...]]]] = {}
    for pset, kids in sets.items():
        xs_ = [pos[k][0] for k in kids] + [sum(pos[p][0] for p in pset) / len(pset)]
        row = round(min(pos[k][1] for k in kids))
        by_row.setdefault(row, []).append((min(xs_), max(xs_), pset))
    for spans in by_row.values():
        ends: list[float] = []
        for start, end, pset in sorted(spans):
            free = next((i for i, e in enumerate(ends) if e < start - 6), None)
            if free is None:
                ends.append(end)
                free = len(ends) - 1
            ends[free] = end
            level[pset] = free
    for pset, kids in sets.items():
        kids.sort(key=lambda k: pos[k][0])
        if len(pset) == 2:
            key = frozenset(pset)
            if key in couple_mid:
                ax, ay = couple_mid[key]
            else:
                (x1, y1), (x2, y2) = pos[pset[0]], pos[pset[1]]
                if abs(y1 - y2) < 1:
                    lo, hi = sorted((pset[0], pset[1]), key=lambda k: pos[k][0])
                    shapes.append(
                        Poly(
                            [(pos[lo][0] + half[lo], y1), (pos[hi][0] - half[hi], y1)],
                            Pen(GREY, 1.2, "dot"),
                        )
                    )
                ax, ay = (x1 + x2) / 2, max(y1, y2)
        else:
            p = pset[0]
            px, py = pos[p]
            side = -1 if p in right_partner and p not in left_partner else 1
            ax, ay = px + side * SLOT / 2, py
            shapes.append(Poly([(px + side * half[p], py), (ax, ay)], LINE))
        top_kid = min(pos[k][1] - half[k] for k in kids)
        bar_y = max(ay + 12, top_kid - 26 - 9 * min(level.get(pset, 0), 4))
        shapes.append(Poly([(ax, ay), (ax, bar_y)], LINE))
        # twins share one point on the bar
        drops: list[tuple[float, list[int]]] = []
        seen: set[str] = set()
        for k in kids:
            twin = people[k].twin_group if k in people else ""
            if twin and twin not in seen:
                seen.add(twin)
                group = [j for j in kids if people[j].twin_group == twin]
                drops.append((sum(pos[j][0] for j in group) / len(group), group))
            elif not twin:
                drops.append((pos[k][0], [k]))
        xs = [ax] + [d[0] for d in drops]
        shapes.append(Poly([(min(xs), bar_y), (max(xs), bar_y)], LINE))
        for dx, group in drops:
            tips: list[tuple[float, float]] = []  # where each child's drop line meets its symbol
            for k in group:
                kx, ky = pos[k]
                own = [kinds.get((p, k), ParentKind.BIRTH) for p in pset]
                non_birth = all(kd is not ParentKind.BIRTH for kd in own)
                pen = Pen(INK, 1.6, "dash" if non_birth else "")
                tip = (kx, ky - half[k])
                shapes.append(Poly([(dx, bar_y), tip], pen))
                tips.append(tip)
                if non_birth:
                    shapes.append(
                        Text(
                            kx + 4,
                            (bar_y + tip[1]) / 2 + 3,
                            LINK_WORD[own[0]],
                            SMALL_SIZE - 1,
                            italic=True,
                            color=GREY,
                            anchor="start",
                        )
                    )
            if len(group) >= 2 and people[group[0]].twin_kind is TwinKind.IDENTICAL:
                t = 0.5
                (x1, y1), (x2, y2) = tips[0], tips[-1]
                shapes.append(
                    Poly(
                        [
                            (dx + (x1 - dx) * t, bar_y + (y1 - bar_y) * t),
                            (dx + (x2 - dx) * t, bar_y + (y2 - bar_y) * t),
                        ],
                        LINE,
                    )
                )
    # Any other parent link (step-parent, a second set of parents): a dashed line to the child.
    for lk in data.parent_links:
        if lk.child_id not in pos or lk.parent_id not in pos:
            continue
        if lk.parent_id in layout.primary_parents.get(lk.child_id, []):
            continue
        (px, py), (kx, ky) = pos[lk.parent_id], pos[lk.child_id]
        origin = (px, py + half[lk.parent_id]) if abs(px - kx) < 1 else (px, py)
        shapes.append(Poly([origin, (kx, ky - half[lk.child_id])], Pen(GREY, 1.4, "dash")))
        shapes.append(
            Text(
                (px + kx) / 2 + 4,
                (py + ky) / 2,
                LINK_WORD.get(lk.kind, lk.kind.value),
                SMALL_SIZE - 1,
                italic=True,
                color=GREY,
                anchor="start",
            )
        )
    return shapes


def _overlay(data: GenogramData, layout: GenogramLayout, half: dict[int, float]) -> list[Shape]:
    pos = layout.positions
    shapes: list[Shape] = []
    for ov in data.overlays:
        if ov.from_person not in pos or ov.to_person not in pos:
            continue
        (x1, y1), (x2, y2) = pos[ov.from_person], pos[ov.to_person]
        color = OVERLAY_INK[ov.kind]
        length = math.hypot(x2 - x1, y2 - y1) or 1.0
        ux, uy = (x2 - x1) / length, (y2 - y1) / length
        # Start and end at the symbol edges, a little above centre so the partner line stays clear.
        lift = -11.0
        s = (x1 + ux * (half[ov.from_person] + 3), y1 + uy * (half[ov.from_person] + 3) + lift)
        e = (x2 - ux * (half[ov.to_person] + 6), y2 - uy * (half[ov.to_person] + 6) + lift)
        if ov.kind in (OverlayKind.CONFLICT, OverlayKind.VIOLENCE):
            pts = zigzag(*s, *e)
            pen = Pen(color, 1.6)
        else:
            pts = [s, e]
            pen = Pen(
                color,
                2.2 if ov.kind is OverlayKind.PHYSICAL_ABUSE else 1.8,
                "dash" if ov.kind is OverlayKind.EMOTIONAL_ABUSE else "",
            )
        shapes.append(Poly(pts, pen))
        if ov.kind is not OverlayKind.CONFLICT:
            ax, ay = e
            bx, by = ax - ux * 9, ay - uy * 9
            nx, ny = -uy * 4.5, ux * 4.5
            shapes.append(
                Poly(
                    [(ax, ay), (bx + nx, by + ny), (bx - nx, by - ny)],
                    Pen(color, 1.0),
                    color,
                    closed=True,
                )
            )
    return shapes


def _household(
    data: GenogramData, layout: GenogramLayout, label_bottom: dict[int, float]
) -> Group | None:
    pos = layout.positions
    members = sorted((k for k in data.household if k in pos), key=lambda k: (pos[k][1], pos[k][0]))
    if not members:
        return None
    # Drawn as at another day, the outline says which: a past household is never mistaken for
    # who lives there now.
    if data.as_at is None:
        word, described = "Household", "Current household"
    else:
        day = f"{data.as_at.day} {data.as_at:%B} {data.as_at.year}"
        word, described = f"Household on {day}", f"Household on {day}"
    # Just wider than a label; neighbours in one row are joined by a bridge below.
    half_w = LABEL_WIDTH / 2 + 2
    rects = [
        (pos[k][0] - half_w, pos[k][1] - H - 14, 2 * half_w, H + 14 + label_bottom[k] + 8)
        for k in members
    ]
    # Join members into one loop: nearest pairs first (a corridor between two members).
    comp: dict[int, int] = {k: i for i, k in enumerate(members)}

    def join(a: int, b: int) -> None:
        (xa, ya), (xb, yb) = pos[a], pos[b]
        w = 26.0
        if abs(ya - yb) < 1:
            height = min(H + 22 + label_bottom[a], H + 22 + label_bottom[b])
            rects.append((min(xa, xb), ya - H - 14, abs(xb - xa), height))
        else:
            # Down from the upper member's label block into the gap between the rows, across,
            # then down to the lower member: the loop stays off other people's symbols.
            upper, lower = (a, b) if ya < yb else (b, a)
            (ux, uy), (lx, ly) = pos[upper], pos[lower]
            overlap = 2 * half_w - abs(ux - lx)
            if overlap >= w:
                # The two boxes are roughly one above the other: one straight band between them
                # (as wide as they overlap) reads as one outline, not a staircase.
                top, bottom = uy + label_bottom[upper] + 8, ly - H - 14
                rects.append((max(ux, lx) - half_w, top - w, overlap, bottom - top + 2 * w))
                merge(a, b)
                return
            below = uy + label_bottom[upper] + 4
            mid_y = below + 12
            rects.append((ux - w / 2, below - w / 2, w, mid_y - below + w))
            rects.append((min(ux, lx) - w / 2, mid_y - w / 2, abs(ux - lx) + w, w))
            rects.append((lx - w / 2, mid_y - w / 2, w, (ly - H - 10) - mid_y + w / 2))
        merge(a, b)

    def merge(a: int, b: int) -> None:
        old, new = comp[b], comp[a]
        for k in comp:
            if comp[k] == old:
                comp[k] = new

    pairs = sorted(
        (
            (math.hypot(pos[a][0] - pos[b][0], (pos[a][1] - pos[b][1]) * 0.8), a, b)
            for i, a in enumerate(members)
            for b in members[i + 1 :]
        )
    )
    for _, a, b in pairs:
        if comp[a] != comp[b]:
            join(a, b)
    # The word sits on the outline's top edge, above its top-left corner.
    y0 = min(r[1] for r in rects)
    x0 = min(r[0] for r in rects if r[1] == y0)
    shapes: list[Shape] = [
        Boundary(rects, Pen(HOUSEHOLD_INK, 2.0), HOUSEHOLD_FILL),
        Text(
            x0 + 4, y0 - 6, word, SMALL_SIZE, bold=True, color=HOUSEHOLD_INK, anchor="start"
        ),
    ]
    return Group("household", 0, shapes, (0.0, 0.0), "household", described)


# Whole drawing -----------------------------------------------------------------------------
def label_bottoms(data: GenogramData, options: GenogramOptions) -> dict[int, float]:
    """Distance from a symbol's centre to the bottom of its label block."""
    out: dict[int, float] = {}
    for p in data.people:
        assert p.id is not None
        names, years = label_lines(data, p)
        n = len(names) + (1 if years else 0)
        n += len(data.roles_of(p.id)) if options.show_roles else 0
        out[p.id] = max(H, symbol_half_height(p)) + 6 + n * LINE_HEIGHT
    return out


def relationship_groups(
    data: GenogramData,
    layout: GenogramLayout,
    options: GenogramOptions,
    bottoms: dict[int, float] | None = None,
) -> list[Group]:
    """Household boundary, lines and overlay: everything that follows the symbols' positions."""
    half: dict[int, float] = {
        p.id: symbol_half_height(p) for p in data.people if p.id is not None
    }
    half.update({ph.key: H for ph in layout.placeholders})
    groups: list[Group] = []
    if options.show_household:
        hh = _household(data, layout, bottoms or label_bottoms(data, options))
        if hh:
            groups.append(hh)
    groups.append(
        Group("lines", 0, _lines(data, layout, half), (0.0, 0.0), "lines", "Relationships")
    )
    if options.show_overlays:
        groups.append(
            Group(
                "overlay",
                0,
                _overlay(data, layout, half),
                (0.0, 0.0),
                "overlay",
                "Abuse, violence and conflict",
            )
        )
    return groups


def draw_genogram(
    data: GenogramData, layout: GenogramLayout, options: GenogramOptions | None = None
) -> Drawing:
    options = options or GenogramOptions()
    pos = layout.positions
    bottoms = label_bottoms(data, options)
    groups = relationship_groups(data, layout, options, bottoms)
    for p in data.people:
        if p.id in pos:
            groups.append(person_group(p, data, options, pos[p.id]))
    if options.show_placeholders:
        for ph in layout.placeholders:
            groups.append(placeholder_group(ph, pos[ph.key]))
    xs = [x for x, _ in pos.values()] or [0.0]
    ys = [y for _, y in pos.values()] or [0.0]
    x0, x1 = min(xs) - SLOT / 2 - 8, max(xs) + SLOT / 2 + 8
    y0 = min(ys) - H - 40
    y1 = max(pos[k][1] + bottoms.get(k, H + 2 * LINE_HEIGHT + 6) for k in pos) + 16 if pos else 80.0
    keys = legend_keys(data, layout, options) if options.show_legend else []
    if keys:
        index_sex = next((p.sex for p in data.people if p.is_index_child), Sex.MALE)
        legend = legend_group(keys, x1 + 24, y0 + 10, index_sex)
        groups.append(legend)
        frame = legend.shapes[0]
        assert isinstance(frame, Rect)
        x1 = frame.x + frame.w + 16
        y1 = max(y1, frame.y + frame.h + 16)
    return Drawing(groups, (x0, y0, x1, y1), keys)
