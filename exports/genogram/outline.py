"""The outline of a union of rectangles, as closed rings with rounded corners (no Qt).

The household boundary is built from rectangles (one round each member's symbol and labels,
corridors joining them); drawn one by one they overlap in notches and seams. This turns them
into the outline of their union — one clean line, rounded at every corner, inner rings where
the corridors enclose someone who is not in the household — that every renderer strokes once.

Method: the rectangles' edges cut the plane into a grid of cells; a cell is inside when any
rectangle covers it. Every side between an inside and an outside cell is a boundary edge,
oriented with the inside on its left; edges are chained into rings (at a vertex shared by two
diagonal cells the ring turns so it never crosses itself), and runs of collinear edges merged.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence

Point = tuple[float, float]
RectTuple = tuple[float, float, float, float]  # x, y, width, height
# Path commands as (op, numbers): ("M", (x, y)), ("L", (x, y)), ("Q", (cx, cy, x, y)), ("Z", ())
Command = tuple[str, tuple[float, ...]]


def union_rings(rects: Sequence[RectTuple]) -> list[list[Point]]:
    """The union's boundary as rings of corner points (outer rings anticlockwise on screen,
    i.e. with y down, inside on the left; inner rings the other way)."""
    boxes = [(x, y, x + w, y + h) for x, y, w, h in rects if w > 0 and h > 0]
    if not boxes:
        return []
    xs = sorted({v for b in boxes for v in (b[0], b[2])})
    ys = sorted({v for b in boxes for v in (b[1], b[3])})
    inside = [[False] * (len(ys) - 1) for _ in range(len(xs) - 1)]
    for x0, y0, x1, y1 in boxes:
        for i in range(bisect_left(xs, x0), bisect_left(xs, x1)):
            column = inside[i]
            for j in range(bisect_left(ys, y0), bisect_left(ys, y1)):
                column[j] = True

    def filled(i: int, j: int) -> bool:
        return 0 <= i < len(xs) - 1 and 0 <= j < len(ys) - 1 and inside[i][j]

    # Directed edges between grid vertices (i, j), inside on the left when y points down.
    edges: dict[tuple[int, int], list[tuple[int, int]]] = {}

    def edge(a: tuple[int, int], b: tuple[int, int]) -> None:
        edges.setdefault(a, []).append(b)

    for i in range(len(xs) - 1):
        for j in range(len(ys) - 1):
            if not inside[i][j]:
                continue
            if not filled(i, j - 1):
                edge((i + 1, j), (i, j))  # top side, leftwards
            if not filled(i, j + 1):
                edge((i, j + 1), (i + 1, j + 1))  # bottom side, rightwards
            if not filled(i - 1, j):
                edge((i, j), (i, j + 1))  # left side, downwards
            if not filled(i + 1, j):
                edge((i + 1, j + 1), (i + 1, j))  # right side, upwards

    rings: list[list[Point]] = []
    while edges:
        start = next(iter(edges))
        ring: list[tuple[int, int]] = []
        here, came = start, None
        while True:
            ring.append(here)
            options = edges[here]
            nxt = options[0] if came is None or len(options) == 1 else _turn(came, here, options)
            options.remove(nxt)
            if not options:
                del edges[here]
            came, here = here, nxt
            if here == start:
                break
        rings.append(_merge_collinear([(xs[i], ys[j]) for i, j in ring]))
    return rings


def _turn(came: tuple[int, int], here: tuple[int, int],
          options: list[tuple[int, int]]) -> tuple[int, int]:
    """At a vertex two diagonal cells share, keep to the same cell (turn towards the inside)."""
    dx, dy = here[0] - came[0], here[1] - came[1]
    # With y down and the inside on the left, "left" of (dx, dy) is (dy, -dx).
    left = (here[0] + dy, here[1] - dx)
    return left if left in options else options[0]


def _merge_collinear(points: list[Point]) -> list[Point]:
    out: list[Point] = []
    n = len(points)
    for k in range(n):
        prev, cur, nxt = points[k - 1], points[k], points[(k + 1) % n]
        straight = (prev[0] == cur[0] == nxt[0]) or (prev[1] == cur[1] == nxt[1])
        if not straight:
            out.append(cur)
    return out


def rounded_path(rings: Sequence[Sequence[Point]], radius: float) -> list[Command]:
    """Path commands drawing each ring with its corners rounded (a corner's radius shrinks on
    short sides so two roundings never overlap)."""
    commands: list[Command] = []
    for ring in rings:
        n = len(ring)
        if n < 3:
            continue
        cuts: list[tuple[Point, Point]] = []
        for k in range(n):
            prev, cur, nxt = ring[k - 1], ring[k], ring[(k + 1) % n]
            r = min(radius, _length(prev, cur) / 2, _length(cur, nxt) / 2)
            cuts.append((_towards(cur, prev, r), _towards(cur, nxt, r)))
        commands.append(("M", cuts[0][1]))
        for k in range(1, n + 1):
            before, after = cuts[k % n]
            corner = ring[k % n]
            commands.append(("L", before))
            commands.append(("Q", (*corner, *after)))
        commands.append(("Z", ()))
    return commands


def _length(a: Point, b: Point) -> float:
    return abs(a[0] - b[0]) + abs(a[1] - b[1])  # sides are horizontal or vertical


def _towards(frm: Point, to: Point, dist: float) -> Point:
    length = _length(frm, to) or 1.0
    return (frm[0] + (to[0] - frm[0]) * dist / length, frm[1] + (to[1] - frm[1]) * dist / length)
