"""The genogram's key, generated from the symbols and lines actually in use (no Qt)."""

from __future__ import annotations

from exports.genogram.data import GenogramData
from exports.genogram.labels import NAME_SIZE, SMALL_SIZE
from exports.genogram.layout import GenogramLayout
from exports.genogram.notation import OVERLAY_INK, cross, outline, partner_marks, zigzag
from exports.genogram.shapes import (
    GREY,
    HOUSEHOLD_FILL,
    HOUSEHOLD_INK,
    INK,
    LINE,
    PAPER,
    PLACEHOLDER_INK,
    ROLE_INK,
    Ellipse,
    GenogramOptions,
    Group,
    Pen,
    Poly,
    Rect,
    Shape,
    Text,
)
from storage.people import Existence, Sex, TwinKind
from storage.relationships import OverlayKind, ParentKind, PartnerKind, PartnerStatus

LEGEND_TEXT = {
    "male": "Male",
    "female": "Female",
    "diamond": "Sex unknown / other",
    "index": "Index child",
    "deceased": "Deceased",
    "triangle": "Pregnancy",
    "miscarriage": "Miscarriage",
    "termination": "Termination",
    "stillbirth": "Stillbirth",
    "twins": "Twins",
    "identical": "Identical twins",
    "married": "Married / civil partners",
    "cohabiting": "Living together",
    "engaged": "Engaged",
    "dating": "Partners, not living together",
    "separated": "Separated",
    "divorced": "Divorced",
    "ended": "Relationship ended",
    "birth_child": "Birth child",
    "non_birth_child": "Step / adopted / foster / SGO child",
    "physical_abuse": "Physical abuse (towards arrow)",
    "emotional_abuse": "Emotional abuse",
    "sexual_abuse": "Sexual abuse",
    "violence": "Violence",
    "conflict": "Conflict",
    "household": "Current household",
    "household_as_at": "Household on the date shown",
    "placeholder": "Male-carer role not recorded",
    "role": "Male-carer role",
}


def legend_keys(data: GenogramData, layout: GenogramLayout, options: GenogramOptions) -> list[str]:
    used: list[str] = []

    def use(key: str) -> None:
        if key not in used:
            used.append(key)

    for p in data.people:
        if p.existence is Existence.BORN:
            use({Sex.MALE: "male", Sex.FEMALE: "female"}.get(p.sex, "diamond"))
    for p in data.people:
        if p.is_index_child:
            use("index")
        if p.deceased:
            use("deceased")
        if p.existence is Existence.PREGNANCY:
            use("triangle")
        elif p.existence is not Existence.BORN:
            use(p.existence.value)
        if p.twin_group:
            use("identical" if p.twin_kind is TwinKind.IDENTICAL else "twins")
    for c in data.partnerships:
        use(
            {
                PartnerKind.MARRIED: "married",
                PartnerKind.CIVIL_PARTNERSHIP: "married",
                PartnerKind.COHABITING: "cohabiting",
                PartnerKind.ENGAGED: "engaged",
            }.get(c.kind, "dating")
        )
    for c in data.partnerships:
        if c.status.value in ("separated", "divorced", "ended"):
            use(c.status.value)
    for lk in data.parent_links:
        use("birth_child" if lk.kind is ParentKind.BIRTH else "non_birth_child")
    if options.show_overlays:
        for ov in data.overlays:
            use(ov.kind.value)
    if options.show_household and data.household:
        use("household" if data.as_at is None else "household_as_at")
    if options.show_roles and any(r.person_id is not None for r in data.roles):
        use("role")
    if options.show_placeholders and layout.placeholders:
        use("placeholder")
    return used


def _legend_sample(key: str, x: float, y: float, index_sex: Sex = Sex.MALE) -> list[Shape]:
    """A small sample of the notation, centred at (x, y), 28 units wide."""
    s = 8.0
    line_pen = Pen(
        INK,
        1.6,
        {
            "cohabiting": "dash",
            "engaged": "dashdot",
            "dating": "dot",
            "non_birth_child": "dash",
        }.get(key, ""),
    )
    if key in ("male", "female", "diamond", "index", "deceased", "stillbirth"):
        sex = {"female": Sex.FEMALE, "diamond": Sex.UNKNOWN, "index": index_sex}.get(key, Sex.MALE)
        out: list[Shape] = [outline(sex, s)]
        if key == "index":
            out.insert(0, outline(sex, s + 3))
        if key in ("deceased", "stillbirth"):
            out += cross(s + 2)
        return _shift(out, x, y)
    if key == "triangle":
        return [Poly([(x, y - s), (x + s, y + s * 0.8), (x - s, y + s * 0.8)], LINE, PAPER, True)]
    if key == "miscarriage":
        return [Ellipse(x, y, 5, 5, LINE, INK)]
    if key == "termination":
        return _shift(cross(6, Pen(INK, 2.0)), x, y)
    if key in ("twins", "identical"):
        out = [Poly([(x, y - 8), (x - 9, y + 8)], LINE), Poly([(x, y - 8), (x + 9, y + 8)], LINE)]
        if key == "identical":
            out.append(Poly([(x - 4.5, y), (x + 4.5, y)], LINE))
        return out
    if key in ("married", "cohabiting", "engaged", "dating"):
        return [Poly([(x - 14, y), (x + 14, y)], Pen(INK, 1.8, line_pen.dash))]
    if key in ("separated", "divorced", "ended"):
        marks = partner_marks(PartnerStatus(key), x, y)
        return [Poly([(x - 14, y), (x + 14, y)], Pen(INK, 1.8)), *marks]
    if key in ("birth_child", "non_birth_child"):
        return [Poly([(x, y - 9), (x, y + 9)], line_pen)]
    if key in {k.value for k in OverlayKind}:
        kind = OverlayKind(key)
        color = OVERLAY_INK[kind]
        if kind in (OverlayKind.CONFLICT, OverlayKind.VIOLENCE):
            out = [Poly(zigzag(x - 14, y, x + 8, y), Pen(color, 1.6))]
        else:
            out = [
                Poly(
                    [(x - 14, y), (x + 8, y)],
                    Pen(color, 1.8, "dash" if kind is OverlayKind.EMOTIONAL_ABUSE else ""),
                )
            ]
        if kind is not OverlayKind.CONFLICT:
            out.append(
                Poly([(x + 14, y), (x + 6, y - 4), (x + 6, y + 4)], Pen(color, 1.0), color, True)
            )
        return out
    if key in ("household", "household_as_at"):
        return [Rect(x - 13, y - 8, 26, 16, Pen(HOUSEHOLD_INK, 1.6), HOUSEHOLD_FILL, 5)]
    if key == "placeholder":
        return [
            Rect(x - 8, y - 8, 16, 16, Pen(PLACEHOLDER_INK, 1.4, "dash"), "#fff5f4", 2),
            Text(x, y + 4.5, "?", 12, bold=True, color=PLACEHOLDER_INK),
        ]
    if key == "role":
        return [Text(x, y + 3.5, "Role", SMALL_SIZE, bold=True, color=ROLE_INK)]
    return []


def _shift(shapes: list[Shape], dx: float, dy: float) -> list[Shape]:
    for sh in shapes:
        if isinstance(sh, Rect):
            sh.x += dx
            sh.y += dy
        elif isinstance(sh, Ellipse):
            sh.cx += dx
            sh.cy += dy
        elif isinstance(sh, Poly):
            sh.points = [(px + dx, py + dy) for px, py in sh.points]
        elif isinstance(sh, Text):
            sh.x += dx
            sh.y += dy
    return shapes


def legend_group(keys: list[str], x: float, y: float, index_sex: Sex = Sex.MALE) -> Group:
    row = 22.0
    width = 44 + max((len(LEGEND_TEXT[k]) for k in keys), default=10) * SMALL_SIZE * 0.6 + 12
    shapes: list[Shape] = [
        Rect(x, y, width, 30 + row * len(keys), Pen(GREY, 1.0), PAPER, 4),
        Text(x + 10, y + 18, "Key", NAME_SIZE, bold=True, anchor="start"),
    ]
    for i, key in enumerate(keys):
        cy = y + 34 + i * row
        shapes.extend(_legend_sample(key, x + 24, cy, index_sex))
        shapes.append(Text(x + 44, cy + 3.5, LEGEND_TEXT[key], SMALL_SIZE, anchor="start"))
    return Group("legend", 0, shapes, (0.0, 0.0), "legend", "Key")
