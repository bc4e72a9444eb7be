"""HTML writer: one self-contained, semantic, accessible file (GOV.UK's advice: HTML first).

Published reviews are read on phones as often as on desks, and by screen-reader users, so:
- landmarks: the marking in a <header> and <footer>, a <nav> of the sections, one <main>;
- real headings (the title is the only h1), lists as <ul>/<dl>, tables with <caption>,
  <thead> and <th scope="col">;
- figures as <figure> with alt text (a PNG inlined as a data: URL, or the drawing as inline
  SVG with role="img" and a <title>) and their data table;
- `lang="en-GB"`, a viewport and a small inline stylesheet in which, below 40em, each table
  row becomes a card whose cells are labelled by their column (data-label), so a 6-column
  chronology reads on a phone without sideways scrolling;
- nothing fetched from elsewhere (no fonts, scripts or images by URL): the file works offline
  and leaks nothing to a third party when opened.
The body is streamed a row at a time, so 20,000 entries stay flat in memory.
"""

from __future__ import annotations

import base64
from collections.abc import Iterator
from html import escape
from typing import IO

from exports.document import (
    BulletList,
    Document,
    Drawing,
    Ellipse,
    Figure,
    Heading,
    KeyValueList,
    Label,
    Line,
    Paragraph,
    Rect,
    Table,
    total_work,
)
from exports.progress import Progress

LANGUAGE = "en-GB"

_STYLE = """
:root{color-scheme:light}
body{font-family:"DejaVu Sans",Verdana,Arial,sans-serif;font-size:1rem;line-height:1.5;
margin:0 auto;max-width:75em;padding:0 1rem;color:#0b0c0c;background:#fff}
.marking{font-weight:bold;text-align:center;padding:.5rem;border:2px solid #0b0c0c;margin:1rem 0}
.skip{position:absolute;left:-999em}.skip:focus{position:static}
ul.toc{list-style:none;padding-left:0}ul.toc li{margin:.25rem 0}ul.toc li.sub{margin-left:1.5rem}
h1{font-size:2rem;line-height:1.2}h2{font-size:1.5rem;margin-top:2rem}h3{font-size:1.2rem}
dl{display:grid;grid-template-columns:minmax(8em,max-content) 1fr;gap:.25rem 1rem}
dt{font-weight:bold}dd{margin:0}
table{border-collapse:collapse;width:100%;margin:1rem 0}
caption{text-align:left;font-weight:bold;padding:.5rem 0}
th,td{border:1px solid #6f777b;padding:.4rem;vertical-align:top;text-align:left}
thead th{background:#dedede}
td.agency{font-weight:bold}
figure{margin:1rem 0}figure img,figure svg{max-width:100%;height:auto}
figcaption{font-style:italic}
a:focus{outline:3px solid #fd0;background:#fd0;color:#0b0c0c}
@media (max-width:40em){
 table,caption,thead,tbody,tr,th,td{display:block}
 thead tr{position:absolute;left:-999em}
 tbody tr{border:1px solid #6f777b;margin-bottom:1rem}
 td{border:none;border-bottom:1px solid #dedede}
 td::before{content:attr(data-label);display:block;font-weight:bold}
 td:empty{display:none}
}
@media print{nav{display:none}}
"""


def _text(value: str) -> str:
    """Escaped text with the model's line breaks kept."""
    return "<br>".join(escape(part) for part in value.split("\n"))


def _svg(drawing: Drawing, title: str, ident: str) -> str:
    """A drawing as inline SVG in millimetre user units, labelled for assistive technology."""
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="{ident}" '
           f'viewBox="0 0 {drawing.width_mm:g} {drawing.height_mm:g}" '
           f'width="{drawing.width_mm:g}mm" height="{drawing.height_mm:g}mm">'
           f'<title id="{ident}">{escape(title)}</title>']
    pt = 25.4 / 72  # one point in millimetres

    def paint(fill: str | None, stroke: str | None, width_pt: float) -> str:
        return (f' fill="{"#" + fill if fill else "none"}"'
                f' stroke="{"#" + stroke if stroke else "none"}"'
                f' stroke-width="{width_pt * pt:.3f}"')

    for shape in drawing.shapes:
        if isinstance(shape, Line):
            dash = f' stroke-dasharray="{3 * pt:.2f} {2 * pt:.2f}"' if shape.dashed else ""
            out.append(f'<line x1="{shape.x1:g}" y1="{shape.y1:g}" x2="{shape.x2:g}" '
                       f'y2="{shape.y2:g}"{paint(None, shape.colour, shape.width_pt)}{dash}/>')
        elif isinstance(shape, Rect):
            out.append(f'<rect x="{shape.x:g}" y="{shape.y:g}" width="{shape.width:g}" '
                       f'height="{shape.height:g}"'
                       f"{paint(shape.fill, shape.stroke, shape.width_pt)}/>")
        elif isinstance(shape, Ellipse):
            out.append(f'<ellipse cx="{shape.cx:g}" cy="{shape.cy:g}" rx="{shape.rx:g}" '
                       f'ry="{shape.ry:g}"{paint(shape.fill, shape.stroke, shape.width_pt)}/>')
        elif isinstance(shape, Label):
            anchor = shape.anchor if shape.anchor in ("start", "middle", "end") else "start"
            weight = ' font-weight="bold"' if shape.bold else ""
            out.append(f'<text x="{shape.x:g}" y="{shape.y:g}" font-size="{shape.size_pt * pt:.2f}"'
                       f' text-anchor="{anchor}" fill="#{shape.colour}"{weight}>'
                       f"{escape(shape.text)}</text>")
    out.append("</svg>")
    return "".join(out)


class HtmlWriter:
    """DocumentWriter for HTML."""

    suffix = ".html"

    def __init__(self) -> None:
        self._figures = 0

    def write(self, document: Document, out: IO[bytes], progress: Progress | None = None) -> None:
        progress = progress or Progress()
        progress.total = progress.total or total_work(document)
        buffer: list[str] = []
        size = 0
        for piece in self._pieces(document, progress):
            buffer.append(piece)
            size += len(piece)
            if size > 1 << 18:
                out.write("".join(buffer).encode("utf-8"))
                buffer.clear()
                size = 0
        out.write("".join(buffer).encode("utf-8"))
        progress.finish()

    def _pieces(self, document: Document, progress: Progress) -> Iterator[str]:
        title = document.title_page
        marking = escape(document.marking)
        headings = [b for b in document.blocks() if isinstance(b, Heading)]
        anchors = {id(h): f"s{i + 1}" for i, h in enumerate(headings)}
        yield (f'<!DOCTYPE html>\n<html lang="{LANGUAGE}">\n<head>\n<meta charset="utf-8">\n'
               '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
               f"<title>{escape(title.title)}</title>\n"
               f'<meta name="classification" content="{marking}">\n'
               f"<style>{_STYLE}</style>\n</head>\n<body>\n"
               '<a class="skip" href="#main">Skip to the content</a>\n'
               f'<header><p class="marking">{marking}</p></header>\n')
        yield f'<main id="main">\n<h1>{escape(title.title)}</h1>\n'
        if title.subtitle:
            yield f'<p class="subtitle">{escape(title.subtitle)}</p>\n'
        if title.details:
            yield from self._pairs(title.details)
        if headings:
            # The headings carry their own numbers ("1. Scope"): a plain list, not <ol>.
            yield '<nav aria-labelledby="contents"><h2 id="contents">Contents</h2><ul class="toc">'
            for heading in headings:
                indent = ' class="sub"' if heading.level > 1 else ""
                yield (f'<li{indent}><a href="#{anchors[id(heading)]}">{escape(heading.text)}'
                       "</a></li>")
            yield "</ul></nav>\n"
        for section in document.sections:
            yield "<section>\n"
            for block in section.blocks:
                if isinstance(block, Heading):
                    # h1 is the document title, so the model's levels start at h2.
                    level = min(max(block.level, 1), 5) + 1
                    yield (f'<h{level} id="{anchors[id(block)]}">{escape(block.text)}'
                           f"</h{level}>\n")
                elif isinstance(block, Paragraph):
                    inner = _text(block.text)
                    if block.bold:
                        inner = f"<strong>{inner}</strong>"
                    if block.italic:
                        inner = f"<em>{inner}</em>"
                    yield f"<p>{inner}</p>\n"
                elif isinstance(block, BulletList):
                    yield "<ul>" + "".join(f"<li>{_text(i)}</li>" for i in block.items) + "</ul>\n"
                elif isinstance(block, KeyValueList):
                    yield from self._pairs(block.pairs)
                elif isinstance(block, Figure):
                    yield from self._figure(block)
                elif isinstance(block, Table):
                    yield from self._table(block, progress)
                    continue
                progress.advance()
                progress.check()
            yield "</section>\n"
        yield f'</main>\n<footer><p class="marking">{marking}</p></footer>\n</body>\n</html>\n'

    @staticmethod
    def _pairs(pairs: list[tuple[str, str]]) -> Iterator[str]:
        yield "<dl>"
        for label, value in pairs:
            yield f"<dt>{_text(label)}</dt><dd>{_text(value)}</dd>"
        yield "</dl>\n"

    def _figure(self, figure: Figure) -> Iterator[str]:
        yield "<figure>"
        if figure.drawing is not None:
            self._figures += 1
            yield _svg(figure.drawing, figure.description(), f"figure{self._figures}")
        elif figure.png is not None:
            data = base64.b64encode(figure.png).decode("ascii")
            yield (f'<img src="data:image/png;base64,{data}" alt="{escape(figure.description())}"'
                   f' width="{figure.width_mm * 96 / 25.4:.0f}">')
        if figure.caption:
            yield f"<figcaption>{_text(figure.caption)}</figcaption>"
        yield "</figure>\n"
        if figure.data is not None:
            yield from self._table(figure.data, None)

    @staticmethod
    def _table(table: Table, progress: Progress | None) -> Iterator[str]:
        labels = [escape(c.title, quote=True) for c in table.columns]
        yield "<table>"
        if table.caption:
            yield f"<caption>{_text(table.caption)}</caption>"
        yield ("<thead><tr>" + "".join(f'<th scope="col">{_text(c.title)}</th>'
                                       for c in table.columns) + "</tr></thead>\n<tbody>\n")
        for row in table.rows:
            colour = row.colour
            cells = []
            for index, value in enumerate(row.cells):
                if colour is not None and index == colour.column:
                    # Colour is never the only signal: the agency's prefix is in the text.
                    cells.append(f'<td class="agency" data-label="{labels[index]}" '
                                 f'style="background:#{colour.fill};color:#{colour.text}">'
                                 f"{_text(value)}</td>")
                else:
                    cells.append(f'<td data-label="{labels[index]}">{_text(value)}</td>')
            yield "<tr>" + "".join(cells) + "</tr>\n"
            if progress is not None:
                progress.advance()
        yield "</tbody></table>\n"
