"""Write a genogram Drawing as SVG text (no Qt).

Each person is one `<g class="person" data-id=".." data-shape="square|circle|diamond|...">`, so
reviewers and tests can read the picture back by person.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from exports.genogram.shapes import Boundary, Drawing, Ellipse, Pen, Poly, Rect, Shape, Text

FONT = "DejaVu Sans, Verdana, sans-serif"
DASHES = {"dash": "6 4", "dot": "1.5 3", "dashdot": "8 3 1.5 3"}


def _pen(pen: Pen | None, fill: str | None) -> str:
    parts = [f'fill="{fill or "none"}"']
    if pen is None:
        parts.append('stroke="none"')
    else:
        parts.append(f'stroke="{pen.color}" stroke-width="{pen.width:g}"')
        if pen.dash:
            parts.append(f'stroke-dasharray="{DASHES[pen.dash]}"')
    return " ".join(parts)


def _n(v: float) -> str:
    return f"{v:.2f}".rstrip("0").rstrip(".")


def _shape(sh: Shape, out: list[str]) -> None:
    if isinstance(sh, Rect):
        rx = f' rx="{_n(sh.radius)}"' if sh.radius else ""
        out.append(
            f'<rect x="{_n(sh.x)}" y="{_n(sh.y)}" width="{_n(sh.w)}" height="{_n(sh.h)}"'
            f"{rx} {_pen(sh.pen, sh.fill)}/>"
        )
    elif isinstance(sh, Ellipse):
        out.append(
            f'<ellipse cx="{_n(sh.cx)}" cy="{_n(sh.cy)}" rx="{_n(sh.rx)}" ry="{_n(sh.ry)}"'
            f" {_pen(sh.pen, sh.fill)}/>"
        )
    elif isinstance(sh, Poly):
        pts = " ".join(f"{_n(x)},{_n(y)}" for x, y in sh.points)
        tag = "polygon" if sh.closed else "polyline"
        fill = sh.fill if sh.closed else None
        out.append(f'<{tag} points="{pts}" {_pen(sh.pen, fill)} stroke-linejoin="round"/>')
    elif isinstance(sh, Text):
        weight = ' font-weight="bold"' if sh.bold else ""
        style = ' font-style="italic"' if sh.italic else ""
        out.append(
            f'<text x="{_n(sh.x)}" y="{_n(sh.y)}" font-size="{_n(sh.size)}"'
            f' text-anchor="{sh.anchor}" fill="{sh.color}"{weight}{style}>'
            f"{escape(sh.text)}</text>"
        )
    elif isinstance(sh, Boundary):
        d = " ".join(op + " ".join(_n(v) for v in values) for op, values in sh.path)
        out.append(f'<path d="{d}" fill-rule="evenodd" {_pen(sh.pen, sh.fill)}'
                   ' stroke-linejoin="round"/>')


def drawing_to_svg(drawing: Drawing, title: str = "Genogram") -> str:
    x0, y0, x1, y1 = drawing.bounds
    w, h = x1 - x0, y1 - y0
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{_n(w)}" height="{_n(h)}"'
        f' viewBox="{_n(x0)} {_n(y0)} {_n(w)} {_n(h)}" font-family="{FONT}">',
        f"<title>{escape(title)}</title>",
        f'<rect x="{_n(x0)}" y="{_n(y0)}" width="{_n(w)}" height="{_n(h)}" fill="#ffffff"/>',
    ]
    for g in drawing.groups:
        ox, oy = g.origin
        attrs = f'class="{g.kind}"'
        if g.kind in ("person", "placeholder"):
            attrs += f' data-id="{g.key}" data-shape="{g.shape_name}"'
        if ox or oy:
            attrs += f' transform="translate({_n(ox)},{_n(oy)})"'
        out.append(f"<g {attrs}>")
        if g.title:
            out.append(f"<title>{escape(g.title)}</title>")
        for sh in g.shapes:
            _shape(sh, out)
        out.append("</g>")
    out.append("</svg>")
    return "\n".join(out) + "\n"
