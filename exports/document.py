"""The document model every export is built into once, and every writer renders.

A court chronology and a review chronology are built from the case into these plain objects;
the .docx and .pdf writers then render the same content. Keeping the model free of any writer's
types is what makes "both produce the same content" testable: tests compare the text a writer
put in the file with the text of the model.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum

DEFAULT_MARKING = "OFFICIAL-SENSITIVE"


class ExportFormat(StrEnum):
    DOCX = "docx"
    PDF = "pdf"
    HTML = "html"


class ExportStyle(StrEnum):
    COURT = "court"
    REVIEW = "review"


@dataclass(slots=True)
class ExportOptions:
    """Everything a user chooses in the export dialog or on the command line."""

    format: ExportFormat = ExportFormat.DOCX
    style: ExportStyle = ExportStyle.COURT
    anonymise: bool = False
    # Anonymised only: append the redaction log (kinds and counts removed, decisions made;
    # never the original values) as the document's last section.
    redaction_log: bool = False
    # Court chronologies (PD12A) cover the two years before proceedings were issued, and
    # everything since, with older key events and the practitioner's pins (forms/pd12a.py).
    # all_events lists every entry instead; key_events_only lists key events only.
    all_events: bool = False
    key_events_only: bool = False
    window_years: int = 2
    # Overrides the case's recorded date proceedings were issued (None: use the case's).
    proceedings_issued: dt.date | None = None
    # Review chronology: under each key event, who lived with the child that day.
    household_on_key_events: bool = False
    # None means "no password": the file is written unprotected (after the user's warning).
    password: str | None = None
    marking: str = DEFAULT_MARKING
    author: str = ""
    version: str = "1.0"
    # E-bundle-ready PDF (PD27A and the 2021 e-bundle guidance): None means the style's
    # default, which is yes for the court chronology (it is filed in a bundle) and no for the
    # review chronology (published; its wide table reads better in landscape).
    bundle: bool | None = None

    def bundle_ready(self) -> bool:
        if self.bundle is not None:
            return self.bundle
        return ExportStyle(self.style) is ExportStyle.COURT


class Orientation(StrEnum):
    PORTRAIT = "portrait"
    LANDSCAPE = "landscape"


@dataclass(slots=True)
class Heading:
    text: str
    level: int = 1  # 1 or 2: Word's navigation pane and the PDF outline show both


@dataclass(slots=True)
class Paragraph:
    text: str
    bold: bool = False
    italic: bool = False


@dataclass(slots=True)
class BulletList:
    items: list[str] = field(default_factory=list)


@dataclass(slots=True)
class KeyValueList:
    """Label: value pairs, e.g. the family composition or a man's recorded facts."""

    pairs: list[tuple[str, str]] = field(default_factory=list)


@dataclass(slots=True)
class Column:
    title: str
    # Relative width; writers scale the widths to the usable page width.
    weight: float = 1.0


@dataclass(slots=True)
class RowColour:
    """Agency colour of one row: shown as the fill of the first coloured cell.

    text is the foreground chosen for WCAG AA contrast against fill; colour is never the only
    signal (the agency prefix is printed in the cell too), so the table reads in greyscale.
    """

    fill: str  # "RRGGBB"
    text: str = "000000"
    column: int = 0


@dataclass(slots=True)
class Row:
    cells: list[str]
    colour: RowColour | None = None


@dataclass(slots=True)
class Table:
    columns: list[Column]
    rows: list[Row] = field(default_factory=list)
    caption: str = ""

    def __post_init__(self) -> None:
        for row in self.rows:
            if len(row.cells) != len(self.columns):
                raise ValueError(
                    f"A row has {len(row.cells)} cells for {len(self.columns)} columns."
                )


# Vector drawing primitives for figures (timelines, charts). Coordinates are millimetres from
# the drawing's top-left corner, the way SVG and a reader think of a picture; each writer maps
# them to its own units (PDF points from the bottom-left, SVG user units, ...). Colours are
# "RRGGBB". Kept to what a chronology figure needs so every writer can draw all of them.
@dataclass(slots=True)
class Line:
    x1: float
    y1: float
    x2: float
    y2: float
    colour: str = "000000"
    width_pt: float = 0.75
    dashed: bool = False


@dataclass(slots=True)
class Rect:
    x: float
    y: float
    width: float
    height: float
    fill: str | None = None
    stroke: str | None = "000000"
    width_pt: float = 0.75


@dataclass(slots=True)
class Ellipse:
    cx: float
    cy: float
    rx: float
    ry: float
    fill: str | None = None
    stroke: str | None = "000000"
    width_pt: float = 0.75


@dataclass(slots=True)
class Label:
    """Text in a drawing; y is the baseline. anchor: "start", "middle" or "end"."""

    x: float
    y: float
    text: str
    size_pt: float = 8.0
    colour: str = "000000"
    anchor: str = "start"
    bold: bool = False


Shape = Line | Rect | Ellipse | Label


@dataclass(slots=True)
class Drawing:
    width_mm: float
    height_mm: float
    shapes: list[Shape] = field(default_factory=list)


@dataclass(slots=True)
class Figure:
    """A picture in the document: a raster image (png) and/or a vector drawing.

    alt_text is what a screen reader says instead of the picture (PDF /Alt, Word's
    description, HTML alt): say what the figure shows, not what it is called. data is the same
    information as a table, printed after the figure in every format, so nobody needs to see
    the picture to get its content (WCAG 1.1.1; a timeline's contacts, a chart's values).
    Writers draw the vector form where they can (PDF, HTML) and the PNG otherwise; Word gets
    a picture of a drawing-only figure made when it writes (exports.drawing_png).
    """

    png: bytes | None = None
    caption: str = ""
    width_mm: float = 160.0
    height_mm: float = 100.0
    alt_text: str = ""
    drawing: Drawing | None = None
    data: Table | None = None

    def __post_init__(self) -> None:
        if self.png is None and self.drawing is None:
            raise ValueError("A figure needs a picture (png) or a drawing.")

    def description(self) -> str:
        """The alternative text a writer puts on the picture (never empty)."""
        return self.alt_text or self.caption or "Figure"

    def texts(self) -> Iterator[str]:
        yield self.caption
        yield self.alt_text
        if self.drawing is not None:
            yield from (s.text for s in self.drawing.shapes if isinstance(s, Label))
        if self.data is not None:
            yield from _table_texts(self.data)

    def map_texts(self, change: Callable[[str], str]) -> None:
        """Apply change to every string the figure carries (the anonymiser uses this)."""
        self.caption = change(self.caption)
        self.alt_text = change(self.alt_text)
        if self.drawing is not None:
            for shape in self.drawing.shapes:
                if isinstance(shape, Label):
                    shape.text = change(shape.text)
        if self.data is not None:
            self.data.caption = change(self.data.caption)
            for column in self.data.columns:
                column.title = change(column.title)
            for row in self.data.rows:
                row.cells = [change(c) for c in row.cells]


def _table_texts(table: Table) -> Iterator[str]:
    yield table.caption
    yield from (c.title for c in table.columns)
    for row in table.rows:
        yield from row.cells


Block = Heading | Paragraph | BulletList | KeyValueList | Table | Figure


@dataclass(slots=True)
class Section:
    """A run of blocks on pages of one orientation; a new section starts on a new page."""

    blocks: list[Block] = field(default_factory=list)
    orientation: Orientation = Orientation.PORTRAIT


@dataclass(slots=True)
class PageStyle:
    """How the paginated writer (PDF) sets pages; Word keeps its own styles."""

    body_pt: float = 9.0
    line_spacing: float = 11.0 / 9.0
    # A contents page after the title page whose entries link to the sections.
    contents: bool = False
    # Every page portrait, tables included (e-bundles: nothing rotated).
    portrait_only: bool = False
    # No text smaller than this anywhere, figure labels included (0: no floor).
    min_text_pt: float = 0.0


# Court bundles: text of at least 12 point with 1.5 line spacing, a linked index, A4 portrait.
BUNDLE = PageStyle(body_pt=12.0, line_spacing=1.5, contents=True, portrait_only=True,
                   min_text_pt=12.0)


@dataclass(slots=True)
class TitlePage:
    title: str
    subtitle: str = ""
    # Case reference, child initials, author, date, version: shown as a short label list.
    details: list[tuple[str, str]] = field(default_factory=list)


@dataclass(slots=True)
class Document:
    title_page: TitlePage
    sections: list[Section] = field(default_factory=list)
    marking: str = DEFAULT_MARKING
    page_style: PageStyle = field(default_factory=PageStyle)

    def blocks(self) -> Iterator[Block]:
        for section in self.sections:
            yield from section.blocks

    def tables(self) -> list[Table]:
        return [b for b in self.blocks() if isinstance(b, Table)]

    def map_texts(self, change: Callable[[str], str]) -> None:
        """Apply change to every string the writers will put on the page (the anonymiser and
        the bidirectional-override filter use it; texts() reads the same strings)."""
        t = change
        self.marking = t(self.marking)
        self.title_page.title = t(self.title_page.title)
        self.title_page.subtitle = t(self.title_page.subtitle)
        self.title_page.details = [(t(a), t(b)) for a, b in self.title_page.details]
        for block in self.blocks():
            if isinstance(block, Heading | Paragraph):
                block.text = t(block.text)
            elif isinstance(block, BulletList):
                block.items = [t(i) for i in block.items]
            elif isinstance(block, KeyValueList):
                block.pairs = [(t(a), t(b)) for a, b in block.pairs]
            elif isinstance(block, Table):
                block.caption = t(block.caption)
                # Headers too (texts() reads them): a heatmap's are agency names.
                for column in block.columns:
                    column.title = t(column.title)
                for row in block.rows:
                    row.cells = [t(c) for c in row.cells]
            elif isinstance(block, Figure):
                block.map_texts(t)  # caption, alt text, drawing labels, data table

    def texts(self) -> Iterator[str]:
        """Every piece of text the writers will put on the page (for leak scans and tests)."""
        yield self.marking
        yield self.title_page.title
        yield self.title_page.subtitle
        for label, value in self.title_page.details:
            yield label
            yield value
        for block in self.blocks():
            if isinstance(block, Heading | Paragraph):
                yield block.text
            elif isinstance(block, BulletList):
                yield from block.items
            elif isinstance(block, KeyValueList):
                for label, value in block.pairs:
                    yield label
                    yield value
            elif isinstance(block, Table):
                yield from _table_texts(block)
            elif isinstance(block, Figure):
                yield from block.texts()


def total_work(document: Document) -> int:
    """Units of progress a writer reports: one per table row plus one per other block."""
    return sum(len(b.rows) if isinstance(b, Table) else 1 for b in document.blocks())
