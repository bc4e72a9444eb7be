"""The genogram, from case data to picture, without Qt (except painter.py, which uses QtGui).

    data      GenogramData: what the picture is drawn from (people, ties, household, roles),
              made from the one snapshot (storage.snapshot); names through one function
    layout    where each symbol goes (generations, partner order, eldest left, nudges)
    labels    the words under a symbol (name, years, roles) and their estimated widths
    notation  the McGoldrick-Gerson-Petry symbols and line marks as shapes
    legend    the key, made from the notation actually used
    drawing   data + layout -> Drawing: groups of shapes (one per person, the lines, ...)
    shapes    the shape vocabulary every renderer walks (Rect, Ellipse, Poly, Text, ...)
    svg       Drawing -> SVG text
    picture   files and bytes (SVG here; PNG through a painter passed in), dpi and size checks
    figure    the genogram as a Word/PDF document figure
    painter   Drawing -> QImage / PNG with QtGui (the one Qt module of exports/)

The editor's scene items (QtWidgets) live in app/genogram/items.py and paint through
painter.paint_shapes, so the screen, the PNG and the SVG are one picture.
"""
