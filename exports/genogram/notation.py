"""Genogram notation (McGoldrick, Gerson & Petry) as shapes (no Qt): the symbols and marks.

Male square, female circle, unknown/other diamond; index child double outline; deceased X;
pregnancy triangle; miscarriage small filled circle; termination small X; stillbirth small
symbol with an X; partner line solid (married), dashed (cohabiting), dash-dot (engaged), dotted
(dating); one slash separated, two slashes divorced, a cross for a relationship that ended;
non-birth child lines dashed; abuse/violence as arrows perpetrator -> victim, conflict zigzag.
"""

from __future__ import annotations

import math

from exports.genogram.labels import NAME_SIZE
from exports.genogram.shapes import INK, LINE, PAPER, Ellipse, H, Pen, Poly, Rect, Shape, Text
from storage.people import Existence, Person, Sex
from storage.relationships import OverlayKind, ParentKind, PartnerKind, PartnerStatus

OVERLAY_INK = {
    OverlayKind.PHYSICAL_ABUSE: "#c62828",
    OverlayKind.EMOTIONAL_ABUSE: "#c62828",
    OverlayKind.SEXUAL_ABUSE: "#6a1b9a",
    OverlayKind.VIOLENCE: "#c62828",
    OverlayKind.CONFLICT: "#e65100",
}


def symbol_name(person: Person) -> str:
    if person.existence is Existence.PREGNANCY:
        return "triangle"
    if person.existence is Existence.MISCARRIAGE:
        return "miscarriage"
    if person.existence is Existence.TERMINATION:
        return "termination"
    return {Sex.MALE: "square", Sex.FEMALE: "circle"}.get(person.sex, "diamond")


def outline(sex: Sex, h: float, pen: Pen = LINE, fill: str | None = PAPER) -> Shape:
    if sex is Sex.MALE:
        return Rect(-h, -h, 2 * h, 2 * h, pen, fill)
    if sex is Sex.FEMALE:
        return Ellipse(0, 0, h, h, pen, fill)
    d = h * 1.2
    return Poly([(0, -d), (d, 0), (0, d), (-d, 0)], pen, fill, closed=True)


def cross(h: float, pen: Pen = LINE) -> list[Shape]:
    return [Poly([(-h, -h), (h, h)], pen), Poly([(h, -h), (-h, h)], pen)]


def symbol_shapes(person: Person, age: str) -> list[Shape]:
    """The symbol itself, centred on (0, 0)."""
    ex = person.existence
    if ex is Existence.PREGNANCY:
        t = H * 0.95
        return [Poly([(0, -t), (t, t * 0.8), (-t, t * 0.8)], LINE, PAPER, closed=True)]
    if ex is Existence.MISCARRIAGE:
        return [Ellipse(0, 0, 8, 8, LINE, INK)]
    if ex is Existence.TERMINATION:
        return cross(9, Pen(INK, 2.2))
    if ex is Existence.STILLBIRTH:
        return [outline(person.sex, 12), *cross(14)]
    shapes: list[Shape] = []
    if person.is_index_child:
        shapes.append(outline(person.sex, H + 5))
    shapes.append(outline(person.sex, H))
    if person.deceased:
        shapes.extend(cross(H + 4, Pen(INK, 1.8)))
    elif age:
        shapes.append(Text(0, 4.5, age, NAME_SIZE + 1, bold=True))
    return shapes


def symbol_half_height(person: Person) -> float:
    if person.existence in (Existence.MISCARRIAGE, Existence.TERMINATION):
        return 10.0
    if person.existence is Existence.STILLBIRTH:
        return 14.0
    return (
        H
        + (5 if person.is_index_child else 0)
        + (3 if person.sex not in (Sex.MALE, Sex.FEMALE) else 0)
    )


PARTNER_DASH = {
    PartnerKind.MARRIED: "",
    PartnerKind.CIVIL_PARTNERSHIP: "",
    PartnerKind.COHABITING: "dash",
    PartnerKind.ENGAGED: "dashdot",
    PartnerKind.DATING: "dot",
    PartnerKind.OTHER: "dot",
}
LINK_WORD = {
    ParentKind.STEP: "step",
    ParentKind.ADOPTED: "adopted",
    ParentKind.FOSTER: "foster",
    ParentKind.SPECIAL_GUARDIAN: "SGO",
}


def slash(cx: float, cy: float) -> Poly:
    return Poly([(cx - 5, cy + 9), (cx + 5, cy - 9)], Pen(INK, 1.8))


def partner_marks(status: PartnerStatus, cx: float, cy: float) -> list[Shape]:
    if status is PartnerStatus.SEPARATED:
        return [slash(cx, cy)]
    if status is PartnerStatus.DIVORCED:
        return [slash(cx - 4, cy), slash(cx + 4, cy)]
    if status is PartnerStatus.ENDED:
        pen = Pen(INK, 1.8)
        return [
            Poly([(cx - 6, cy - 6), (cx + 6, cy + 6)], pen),
            Poly([(cx + 6, cy - 6), (cx - 6, cy + 6)], pen),
        ]
    return []


def zigzag(
    x1: float, y1: float, x2: float, y2: float, amp: float = 4.0
) -> list[tuple[float, float]]:
    length = math.hypot(x2 - x1, y2 - y1) or 1.0
    ux, uy = (x2 - x1) / length, (y2 - y1) / length
    nx, ny = -uy, ux
    steps = max(2, int(length / 8))
    pts = []
    for i in range(steps + 1):
        t = i / steps
        off = 0 if i in (0, steps) else (amp if i % 2 else -amp)
        pts.append((x1 + (x2 - x1) * t + nx * off, y1 + (y2 - y1) * t + ny * off))
    return pts
