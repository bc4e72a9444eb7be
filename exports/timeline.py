"""A man's contacts with each agency over time, as figures a reader can look at and a screen
reader can read: a timeline (one lane per agency, the gaps in which no agency saw or spoke to
him shaded across every lane) and an agency × quarter heatmap of contacts.

Both are vector drawings (exports.document.Drawing) with alt text saying what they show and
the same data as a table, so the review (published, WCAG 2.1 AA) never relies on the picture.
Marks differ by shape as well as colour (Okabe–Ito palette), so the figure reads in greyscale
and to people who do not see colour.

Built from plain data (timeline_data reads it off a forms.lens Lens): nothing here reads
the case.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field

from exports.document import Column, Drawing, Ellipse, Figure, Label, Line, Rect, Row, Shape, Table
from forms.lens.visibility import Lens

# What each kind of contact looks like. The order is the legend's.
KINDS: tuple[tuple[str, str], ...] = (
    ("seen", "Seen"),
    ("spoken_to", "Spoken to"),
    ("asked_about", "Asked about"),
    ("mentioned", "Mentioned"),
    ("not_seen", "Not seen"),
)
KIND_LABELS = dict(KINDS)
_COLOUR = {
    "seen": "0072B2",  # blue
    "spoken_to": "009E73",  # bluish green
    "asked_about": "CC79A7",  # reddish purple
    "mentioned": "777777",  # grey
    "not_seen": "D55E00",  # vermilion
}
CONTACT_KINDS = ("seen", "spoken_to")  # what ends a gap, and what the heatmap counts
_GAP_FILL = "FBE9A6"  # a pale yellow band behind every lane
_GRID = "BBBBBB"
_TEXT = "222222"
_LABEL_PT = 8.0

WIDTH_MM = 170.0
LABEL_MM = 38.0  # the agency names on the left
LANE_MM = 8.0
AXIS_MM = 13.0  # a row of years and a row of quarters above the lanes
LEGEND_MM = 14.0


@dataclass(frozen=True, slots=True)
class Mark:
    day: dt.date
    kind: str  # one of KINDS
    approximate: bool = False  # the entry's date is approximate, a bound or a range
    ref: str = ""  # entry reference, for the data table


@dataclass(frozen=True, slots=True)
class GapBand:
    start: dt.date
    end: dt.date
    text: str  # the gap in words ("No agency saw or spoke to Liam between ...")


@dataclass(slots=True)
class TimelineData:
    name: str  # the man (his pseudonym in an anonymised export)
    span: tuple[dt.date, dt.date]  # the whole chronology's first and last days
    lanes: list[tuple[str, list[Mark]]] = field(default_factory=list)  # agency -> marks
    gaps: list[GapBand] = field(default_factory=list)


def _x(day: dt.date, span: tuple[dt.date, dt.date]) -> float:
    start, end = span
    total = max((end - start).days, 1)
    offset = min(max((day - start).days, 0), total)
    return LABEL_MM + (WIDTH_MM - LABEL_MM - 4.0) * offset / total


def quarter_of(day: dt.date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def quarters(span: tuple[dt.date, dt.date]) -> list[tuple[int, int]]:
    start, end = span
    found = []
    year, q = quarter_of(start)
    while (year, q) <= quarter_of(end):
        found.append((year, q))
        year, q = _next_quarter(year, q)
    return found


def _next_quarter(year: int, q: int) -> tuple[int, int]:
    return (year + 1, 1) if q == 4 else (year, q + 1)


def _quarter_start(year: int, q: int) -> dt.date:
    return dt.date(year, 3 * (q - 1) + 1, 1)


def _mark_shapes(kind: str, x: float, y: float, approximate: bool) -> list[Shape]:
    colour = _COLOUR.get(kind, _TEXT)
    r = 1.4
    # An approximate date is drawn hollow: where it sits is less certain.
    fill = None if approximate else colour
    if kind == "seen":
        return [Ellipse(x, y, r, r, fill=fill, stroke=colour)]
    if kind == "spoken_to":
        return [Rect(x - r, y - r, 2 * r, 2 * r, fill=fill, stroke=colour)]
    if kind == "asked_about":  # a diamond, drawn as two crossing lines in a hollow square
        return [Rect(x - r, y - r, 2 * r, 2 * r, fill=None, stroke=colour),
                Line(x - r, y, x + r, y, colour), Line(x, y - r, x, y + r, colour)]
    if kind == "not_seen":  # a cross
        return [Line(x - r, y - r, x + r, y + r, colour, 1.2),
                Line(x - r, y + r, x + r, y - r, colour, 1.2)]
    return [Ellipse(x, y, r * 0.8, r * 0.8, fill=None, stroke=colour)]  # mentioned


def _axis(span: tuple[dt.date, dt.date], top: float, bottom: float) -> list[Shape]:
    """Ticks and labels above the lanes. A tick at each quarter (solid at each January),
    "Q1".."Q4" after it and the year above the first quarter shown and each January, so the
    reader never counts ticks. Over a long chronology a quarter is too narrow for its label
    ("Q1" needs ~4 mm at 8 pt): then only years are ticked and named, every n-th year when
    even a year is too narrow for "2016"."""
    shapes: list[Shape] = []
    # The axis's width per quarter (not _x(end) - LABEL_MM: that is 0 for a one-day span, a
    # man seen once, and the year spacing below divided by it).
    quarter_mm = (WIDTH_MM - LABEL_MM - 4.0) * 91.3 / max((span[1] - span[0]).days, 1)
    if quarter_mm >= 5.0:
        first = True
        for year, q in quarters(span):
            day = _quarter_start(year, q)
            if day < span[0]:
                # The chronology starts inside this quarter: name it at the left edge when
                # there is room before the next tick, so the reader knows where it begins.
                room = _x(_quarter_start(*_next_quarter(year, q)), span) - LABEL_MM
                if room >= 7.0:
                    shapes.append(Label(LABEL_MM + 0.8, top - 1.5, f"Q{q}", _LABEL_PT, _TEXT))
                    shapes.append(Label(LABEL_MM + 0.8, top - 6.5, str(year), _LABEL_PT,
                                        _TEXT, bold=True))
                    first = False
                continue
            x = _x(day, span)
            shapes.append(Line(x, top - 5.0, x, bottom, _GRID, 0.4, dashed=q != 1))
            shapes.append(Label(x + 0.8, top - 1.5, f"Q{q}", _LABEL_PT, _TEXT))
            if q == 1 or first:
                shapes.append(Label(x + 0.8, top - 6.5, str(year), _LABEL_PT, _TEXT,
                                    bold=True))
            first = False
        return shapes
    every = max(1, math.ceil(8.0 / (quarter_mm * 4)))  # "2016" needs ~7 mm at 8 pt
    for year in range(span[0].year + 1, span[1].year + 1):
        x = _x(dt.date(year, 1, 1), span)
        shapes.append(Line(x, top - 2.0, x, bottom, _GRID, 0.4))
        if year % every == 0:
            shapes.append(Label(x, top - 3.0, str(year), _LABEL_PT, _TEXT, anchor="middle",
                                bold=True))
    return shapes


def timeline_drawing(data: TimelineData) -> Drawing:
    lanes = data.lanes or [("(no agency recorded him)", [])]
    top = AXIS_MM
    bottom = top + LANE_MM * len(lanes)
    shapes: list[Shape] = []
    # Gaps behind everything, across every lane.
    for gap in data.gaps:
        x1, x2 = _x(gap.start, data.span), _x(gap.end, data.span)
        shapes.append(Rect(x1, top, max(x2 - x1, 0.6), bottom - top, fill=_GAP_FILL,
                           stroke=None))
    shapes.extend(_axis(data.span, top, bottom))
    for i, (agency, marks) in enumerate(lanes):
        y = top + LANE_MM * i + LANE_MM / 2
        shapes.append(Line(LABEL_MM, y, WIDTH_MM - 4.0, y, _GRID, 0.5))
        shapes.append(Label(LABEL_MM - 2.0, y + 1.2, _fit(agency, 24), _LABEL_PT, _TEXT,
                            anchor="end"))
        for mark in marks:
            shapes.extend(_mark_shapes(mark.kind, _x(mark.day, data.span), y, mark.approximate))
    shapes.append(Rect(LABEL_MM, top, WIDTH_MM - 4.0 - LABEL_MM, bottom - top, fill=None,
                       stroke=_GRID, width_pt=0.5))
    # Legend: every mark, the hollow (approximate) form, and the gap band.
    y = bottom + 6.0
    x = LABEL_MM
    for kind, label in KINDS:
        shapes.extend(_mark_shapes(kind, x, y - 1.0, False))
        shapes.append(Label(x + 2.6, y, label, _LABEL_PT, _TEXT))
        x += 5.0 + 1.9 * len(label)
    y += 5.5
    x = LABEL_MM
    shapes.extend(_mark_shapes("seen", x, y - 1.0, True))
    shapes.append(Label(x + 2.6, y, "Hollow: date approximate or a range", _LABEL_PT, _TEXT))
    x += 62.0
    shapes.append(Rect(x - 1.5, y - 3.0, 6.0, 3.6, fill=_GAP_FILL, stroke=None))
    shapes.append(Label(x + 6.0, y, "No agency saw or spoke to him", _LABEL_PT, _TEXT))
    return Drawing(WIDTH_MM, bottom + LEGEND_MM, shapes)


def _fit(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _words(day: dt.date) -> str:
    return f"{day.day} {day:%B} {day.year}"


def timeline_figure(data: TimelineData) -> Figure:
    counts = {kind: 0 for kind, _l in KINDS}
    for _agency, marks in data.lanes:
        for mark in marks:
            counts[mark.kind] = counts.get(mark.kind, 0) + 1
    seen_by = [agency for agency, marks in data.lanes
               if any(m.kind in CONTACT_KINDS for m in marks)]
    never = [agency for agency, marks in data.lanes
             if not any(m.kind in CONTACT_KINDS for m in marks)]
    start, end = data.span
    parts = [
        f"Timeline of {data.name}'s contacts with {len(data.lanes)} "
        f"agenc{'y' if len(data.lanes) == 1 else 'ies'} from {_words(start)} to {_words(end)}: "
        + ", ".join(f"{counts[k]} {KIND_LABELS[k].lower()}" for k, _l in KINDS) + "."]
    parts.append(("Seen or spoken to by " + ", ".join(seen_by) + ".") if seen_by
                 else "No agency saw or spoke to him.")
    if never:
        parts.append("Recorded him without seeing or speaking to him: " + ", ".join(never) + ".")
    parts.extend(gap.text for gap in data.gaps)
    rows = []
    for agency, marks in data.lanes:
        for mark in sorted(marks, key=lambda m: m.day):
            rows.append(Row([agency, _words(mark.day) + (" (approx.)" if mark.approximate
                                                         else ""),
                             KIND_LABELS.get(mark.kind, mark.kind), mark.ref]))
    for gap in data.gaps:
        rows.append(Row(["All agencies", f"{_words(gap.start)} to {_words(gap.end)}",
                         f"Gap: {(gap.end - gap.start).days} days", ""]))
    table = Table([Column("Agency", 1.6), Column("Date", 1.4), Column("Contact", 1.2),
                   Column("Entry", 0.9)], rows,
                  caption=f"The timeline's data: {data.name}'s contacts by agency")
    drawing = timeline_drawing(data)
    return Figure(caption=f"Contacts with {data.name} over time, by agency",
                  width_mm=drawing.width_mm, height_mm=drawing.height_mm,
                  alt_text=" ".join(parts), drawing=drawing, data=table)


def heatmap_counts(data: TimelineData) -> dict[tuple[str, tuple[int, int]], int]:
    """(agency, (year, quarter)) -> contacts (seen or spoken to) in that quarter."""
    counts: dict[tuple[str, tuple[int, int]], int] = {}
    for agency, marks in data.lanes:
        for mark in marks:
            if mark.kind in CONTACT_KINDS:
                key = (agency, quarter_of(mark.day))
                counts[key] = counts.get(key, 0) + 1
    return counts


_SHADES = ("FFFFFF", "DCEBF5", "9CC8E6", "4E9BD1", "0072B2")  # 0, 1, 2, 3-4, 5+


def _shade(count: int) -> tuple[str, str]:
    index = 0 if count == 0 else 1 if count == 1 else 2 if count == 2 else 3 if count <= 4 else 4
    return _SHADES[index], ("FFFFFF" if index >= 3 else _TEXT)


QUARTERS_PER_BAND = 16  # four years: 8 mm cells, room for a count and "Q1" in each


def _bands(periods: list[tuple[int, int]]) -> list[list[tuple[int, int]]]:
    """Whole calendar years, four to a band (a reader finds "2013" at a band's start)."""
    bands: dict[int, list[tuple[int, int]]] = {}
    for year, q in periods:
        bands.setdefault((year - periods[0][0]) // (QUARTERS_PER_BAND // 4), []).append((year, q))
    return list(bands.values())


def _heatmap_band(shapes: list[Shape], top: float, periods: list[tuple[int, int]],
                  agencies: list[str], counts: dict[tuple[str, tuple[int, int]], int],
                  cell_w: float) -> float:
    """One band of quarters drawn from `top` (the years and quarters above the cells);
    returns where the next band may start."""
    cell_h = 6.0
    top += 15.0  # a row of years, then a row of quarters, above the cells
    for j, (year, q) in enumerate(periods):
        x = LABEL_MM + j * cell_w
        shapes.append(Label(x + cell_w / 2, top - 2.0, f"Q{q}", _LABEL_PT, _TEXT,
                            anchor="middle"))
        if q == 1 or j == 0:
            shapes.append(Label(x + 0.5, top - 8.0, str(year), _LABEL_PT, _TEXT, bold=True))
    for i, agency in enumerate(agencies):
        y = top + i * cell_h
        shapes.append(Label(LABEL_MM - 2.0, y + cell_h / 2 + 1.2, _fit(agency, 24), _LABEL_PT,
                            _TEXT, anchor="end"))
        for j, period in enumerate(periods):
            count = counts.get((agency, period), 0)
            fill, ink = _shade(count)
            x = LABEL_MM + j * cell_w
            shapes.append(Rect(x, y, cell_w, cell_h, fill=fill, stroke=_GRID, width_pt=0.4))
            if count:
                shapes.append(Label(x + cell_w / 2, y + cell_h / 2 + 1.2, str(count),
                                    _LABEL_PT, ink, anchor="middle", bold=True))
    return top + cell_h * len(agencies) + 4.0


def _heatmap(data: TimelineData, periods: list[tuple[int, int]], caption: str) -> Figure:
    counts = heatmap_counts(data)
    agencies = [agency for agency, _m in data.lanes] or ["(no agency recorded him)"]
    cell_w = min(12.0, (WIDTH_MM - LABEL_MM - 4.0) / max(min(len(periods),
                                                             QUARTERS_PER_BAND), 1))
    shapes: list[Shape] = []
    height = 0.0
    for band in _bands(periods):  # a long chronology: bands of four years, one under another
        height = _heatmap_band(shapes, height, band, agencies, counts, cell_w)
    drawing = Drawing(WIDTH_MM, height, shapes)
    shown = set(periods)
    total = sum(n for (_a, period), n in counts.items() if period in shown)
    empty = [f"Q{q} {y}" for (y, q) in periods
             if not any(counts.get((a, (y, q)), 0) for a in agencies)]
    (y0, q0), (y1, q1) = periods[0], periods[-1]
    alt = (f"Heatmap of {data.name}'s contacts (seen or spoken to) by agency and quarter, "
           f"Q{q0} {y0} to Q{q1} {y1}, {len(periods)} quarters: {total} "
           f"contact{'' if total == 1 else 's'} in all. "
           f"Quarters with no contact from any agency: {', '.join(empty) if empty else 'none'}.")
    # One row a quarter (a case spans many quarters but few agencies see one man), so the
    # table stays narrow enough for a portrait page.
    header = [Column("Quarter", 1.0)] + [Column(agency, 1.0) for agency in agencies]
    rows = [Row([f"Q{q} {y}"] + [str(counts.get((agency, (y, q)), 0)) for agency in agencies])
            for (y, q) in periods]
    table = Table(header, rows,
                  caption=f"The heatmap's data: contacts with {data.name} by agency and quarter"
                          + caption)
    return Figure(caption=f"Contacts with {data.name} by agency and quarter{caption}",
                  width_mm=WIDTH_MM, height_mm=height, alt_text=alt, drawing=drawing,
                  data=table)


def heatmap_figure(data: TimelineData) -> Figure:
    """The whole chronology's heatmap as one figure (the lens page), in bands of four years."""
    return _heatmap(data, quarters(data.span), "")


def heatmap_figures(data: TimelineData) -> list[Figure]:
    """The heatmap for a document: a figure for each four years, so no figure is taller than
    a page and each keeps its own alt text and data table next to it."""
    bands = _bands(quarters(data.span))
    if len(bands) == 1:
        return [heatmap_figure(data)]
    return [_heatmap(data, band, f", {band[0][0]} to {band[-1][0]}") for band in bands]


def timeline_data(lens: Lens, name: str) -> TimelineData:
    """What the figures draw, from one man's lens (forms.lens): his name as the document
    prints it (a pseudonym when anonymised), each agency's marks, the gaps in words."""
    lanes: dict[str, list[Mark]] = {agency: [] for agency in lens.lanes}
    for item in lens.entries:
        entry = item.entry
        lanes.setdefault(item.agency, []).append(Mark(
            entry.when.earliest(), item.contact.value, entry.when.approximate,
            entry.original_row_ref or (f"#{entry.id}" if entry.id is not None else "")))
    span = lens.span or (dt.date.today(), dt.date.today())
    gaps = [GapBand(g.start, g.end, g.text.replace(lens.name, name)) for g in lens.gaps]
    return TimelineData(name, span, list(lanes.items()), gaps)
