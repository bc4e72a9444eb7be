"""The household boundary as one clean outline: the union of its pieces, rounded (no Qt)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from exports.genogram.outline import rounded_path, union_rings
from exports.genogram.shapes import Boundary, Drawing, Group, Pen
from exports.genogram.svg import drawing_to_svg

SVG = "{http://www.w3.org/2000/svg}"


def _area(ring: list[tuple[float, float]]) -> float:
    """Shoelace area; negative for rings wound with the inside on the left (y down)."""
    pairs = zip(ring, ring[1:] + ring[:1], strict=True)
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in pairs) / 2


def test_overlapping_rectangles_make_one_ring_without_seams() -> None:
    # An L: a wide box and a band hanging from its left half.
    rings = union_rings([(0, 0, 100, 40), (0, 30, 40, 70)])
    assert len(rings) == 1
    assert sorted(rings[0]) == sorted([(0, 0), (100, 0), (100, 40), (40, 40), (40, 100), (0, 100)])
    assert abs(_area(rings[0])) == 100 * 40 + 40 * 60


def test_apart_pieces_stay_apart_and_an_enclosed_gap_is_a_hole() -> None:
    assert len(union_rings([(0, 0, 10, 10), (20, 0, 10, 10)])) == 2
    frame = [(0, 0, 90, 10), (0, 80, 90, 10), (0, 0, 10, 90), (80, 0, 10, 90)]
    rings = union_rings(frame)
    assert len(rings) == 2
    outer, inner = sorted(rings, key=lambda r: -abs(_area(r)))
    assert abs(_area(outer)) == 90 * 90 and abs(_area(inner)) == 70 * 70
    assert (_area(outer) > 0) != (_area(inner) > 0)  # wound the other way: drawn as a hole
    # two pieces touching only at a corner are two rings, not one that crosses itself
    assert len(union_rings([(0, 0, 10, 10), (10, 10, 10, 10)])) == 2


def test_corners_are_rounded_but_never_past_half_a_side() -> None:
    commands = rounded_path(union_rings([(0, 0, 100, 40), (0, 30, 40, 70)]), radius=14)
    ops = [op for op, _ in commands]
    assert ops[0] == "M" and ops[-1] == "Z" and ops.count("Q") == 6  # one curve per corner
    short = rounded_path(union_rings([(0, 0, 10, 100)]), radius=14)
    for op, values in short:
        if op == "L":
            assert 0 <= values[0] <= 10  # a corner on a 10-wide side rounds by at most 5


def test_the_household_is_one_svg_path() -> None:
    pieces = [(0, 0, 116, 120), (30, 100, 60, 80), (0, 160, 116, 120)]
    group = Group("household", 0, [Boundary(pieces, Pen("#2e7d32", 2.0), "#eef6ee")])
    svg = drawing_to_svg(Drawing([group], (-10, -10, 130, 300)))
    household = next(g for g in ET.fromstring(svg).iter(f"{SVG}g")
                     if g.get("class") == "household")
    paths = household.findall(f"{SVG}path")
    assert len(paths) == 1 and not household.findall(f"{SVG}rect")
    assert paths[0].get("fill-rule") == "evenodd" and paths[0].get("d", "").count("M") == 1
