"""The genogram drawing's vocabulary (no Qt): inks, pens, shapes, groups, options, Drawing.

Every renderer (the QtGui painter for PNG, the editor's scene items, the SVG writer) walks
these and nothing else, in the stacking order Z_ORDER gives.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from exports.genogram.labels import NAME_SIZE, text_width
from exports.genogram.layout import SYMBOL
from exports.genogram.outline import Command, rounded_path, union_rings

INK = "#1a1a1a"
GREY = "#6b6b6b"
PAPER = "#ffffff"
ROLE_INK = "#0b4f9c"
PLACEHOLDER_INK = "#b3261e"
HOUSEHOLD_INK = "#2e7d32"
HOUSEHOLD_FILL = "#eef6ee"
H = SYMBOL / 2


@dataclass(slots=True, frozen=True)
class Pen:
    color: str = INK
    width: float = 1.6
    dash: str = ""  # "", "dash", "dot", "dashdot"


LINE = Pen()


@dataclass(slots=True)
class Rect:
    x: float
    y: float
    w: float
    h: float
    pen: Pen | None = LINE
    fill: str | None = PAPER
    radius: float = 0.0


@dataclass(slots=True)
class Ellipse:
    cx: float
    cy: float
    rx: float
    ry: float
    pen: Pen | None = LINE
    fill: str | None = PAPER


@dataclass(slots=True)
class Poly:
    points: list[tuple[float, float]]
    pen: Pen | None = LINE
    fill: str | None = None
    closed: bool = False


@dataclass(slots=True)
class Text:
    x: float
    y: float  # baseline
    text: str
    size: float = NAME_SIZE
    bold: bool = False
    italic: bool = False
    color: str = INK
    anchor: str = "middle"  # or "start"


@dataclass(slots=True)
class Boundary:
    """One clean outline round a union of rectangles (the household): `path` is the union's
    outline with rounded corners (exports.genogram.outline), stroked once and filled even-odd,
    so overlapping pieces leave no seams or notches."""

    rects: list[tuple[float, float, float, float]]
    pen: Pen
    fill: str
    radius: float = 14.0
    path: list[Command] = field(init=False, default_factory=list)

    def __post_init__(self) -> None:
        self.path = rounded_path(union_rings(self.rects), self.radius)


Shape = Rect | Ellipse | Poly | Text | Boundary

# Stacking order of the groups, bottom first: the boundary under the lines under the symbols.
Z_ORDER = {
    "household": -30.0,
    "lines": -20.0,
    "overlay": -10.0,
    "legend": -5.0,
    "person": 0.0,
    "placeholder": 0.0,
}


@dataclass(slots=True)
class Group:
    kind: str  # person, placeholder, lines, overlay, household, legend
    key: int = 0
    shapes: list[Shape] = field(default_factory=list)
    origin: tuple[float, float] = (0.0, 0.0)
    shape_name: str = ""  # person: square, circle, diamond, triangle, ...
    title: str = ""


@dataclass(slots=True)
class GenogramOptions:
    show_overlays: bool = True
    show_household: bool = True
    show_placeholders: bool = True
    show_roles: bool = True
    show_legend: bool = True
    # Names are the data's, not an option: an anonymised picture is drawn from
    # exports.genogram.data.with_pseudonyms(data, pseudonyms).


@dataclass(slots=True)
class Drawing:
    groups: list[Group]
    bounds: tuple[float, float, float, float]  # x0, y0, x1, y1
    legend: list[str] = field(default_factory=list)

    def of_kind(self, kind: str) -> list[Group]:
        return [g for g in self.groups if g.kind == kind]


def shapes_bounds(shapes: list[Shape], pad: float = 4.0) -> tuple[float, float, float, float]:
    """(x, y, width, height) around the shapes, text estimated wide (labels.text_width);
    (0, 0, 0, 0) for no shapes. The editor's items report this as their bounding box."""
    xs: list[float] = []
    ys: list[float] = []
    for sh in shapes:
        if isinstance(sh, Rect):
            xs += [sh.x, sh.x + sh.w]
            ys += [sh.y, sh.y + sh.h]
        elif isinstance(sh, Ellipse):
            xs += [sh.cx - sh.rx, sh.cx + sh.rx]
            ys += [sh.cy - sh.ry, sh.cy + sh.ry]
        elif isinstance(sh, Poly):
            xs += [p[0] for p in sh.points]
            ys += [p[1] for p in sh.points]
        elif isinstance(sh, Text):
            w = text_width(sh.text, sh.size)
            left = sh.x - w / 2 if sh.anchor == "middle" else sh.x
            xs += [left, left + w]
            ys += [sh.y - sh.size, sh.y + sh.size * 0.3]
        elif isinstance(sh, Boundary):
            for x, y, w, h in sh.rects:
                xs += [x, x + w]
                ys += [y, y + h]
    if not xs:
        return (0.0, 0.0, 0.0, 0.0)
    return (min(xs) - pad, min(ys) - pad, max(xs) - min(xs) + 2 * pad,
            max(ys) - min(ys) + 2 * pad)
