"""Export speed: the .docx and .pdf writers against simple writers of the same table.

Targets (issue 6):
- .docx within 1.5x of a raw-lxml row writer (rows built with lxml and appended to a
  python-docx table) per byte of word/document.xml, and linear in entries; naive python-docx
  (`add_row()` + `cell.text`) is shown at 1,000 rows for scale.
- .pdf within 2x of a direct-canvas writer (pre-wrapped text, no layout) per page, linear, and
  under 200 MB peak at 20,000 entries (measured in a child process of its own).
The table is 6 columns with ~100-word events, as in PERFORMANCE-NOTES.
"""

from __future__ import annotations

import io
import json
import random
import subprocess
import sys
import time
import zipfile
from pathlib import Path
from typing import Any

from benchmarks.figures import figure

HERE = Path(__file__).resolve().parent
COLUMNS = (("Date", 1.0), ("Time", 0.55), ("Agency", 1.2), ("Event", 4.6),
           ("Action / outcome", 2.2), ("Analysis", 2.0))


def _vocabulary(rng: random.Random) -> list[str]:
    common = ("the a to of and was with his her baby father mother visit seen not said home "
              "health visitor police GP referral assessment plan cannabis sleep crying").split()
    made = ["".join(rng.choice("abcdefghijklmnoprstuwyzłóęą") for _ in range(rng.randint(3, 10)))
            for _ in range(3000)]
    return common * 40 + made


def rows(n: int, seed: int = 6) -> list[list[str]]:
    rng = random.Random(seed)
    vocab = _vocabulary(rng)
    out = []
    for i in range(n):
        out.append([f"{1 + i % 28:02d}/{1 + i % 12:02d}/2026", f"{8 + i % 10:02d}:30",
                    f"HV\nHealth visitor {i % 7}",
                    " ".join(rng.choice(vocab) for _ in range(100)),
                    " ".join(rng.choice(vocab) for _ in range(18)),
                    " ".join(rng.choice(vocab) for _ in range(12))])
    return out


def document_for(data: list[list[str]]):
    from exports.document import (
        Column,
        Document,
        Heading,
        Orientation,
        Row,
        RowColour,
        Section,
        Table,
        TitlePage,
    )

    table = Table([Column(t, w) for t, w in COLUMNS],
                  [Row(list(r), RowColour("0072B2", "FFFFFF", 2)) for r in data])
    return Document(TitlePage("Benchmark"), [Section([Heading("Chronology"), table],
                                                     Orientation.LANDSCAPE)])


# .docx -------------------------------------------------------------------------------------
def _document_xml_size(data: bytes) -> int:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return z.getinfo("word/document.xml").file_size


def ours_docx(data: list[list[str]]) -> tuple[float, int]:
    from exports.docx_writer import DocxWriter

    document = document_for(data)
    out = io.BytesIO()
    start = time.perf_counter()
    DocxWriter().write(document, out)
    return time.perf_counter() - start, _document_xml_size(out.getvalue())


def lxml_rows_docx(data: list[list[str]]) -> tuple[float, int]:
    """The reference: python-docx document, rows built as lxml elements and appended."""
    import docx
    from docx.oxml.ns import qn
    from lxml import etree

    start = time.perf_counter()
    doc = docx.Document()
    table = doc.add_table(rows=1, cols=len(COLUMNS))
    for cell, (title, _) in zip(table.rows[0].cells, COLUMNS, strict=True):
        cell.text = title
    tbl = table._tbl
    tr_tag, tc_tag, p_tag, r_tag, t_tag = (qn("w:tr"), qn("w:tc"), qn("w:p"), qn("w:r"),
                                           qn("w:t"))
    for values in data:
        tr = etree.SubElement(tbl, tr_tag)
        for value in values:
            tc = etree.SubElement(tr, tc_tag)
            for line in value.split("\n"):
                t = etree.SubElement(etree.SubElement(etree.SubElement(tc, p_tag), r_tag), t_tag)
                t.text = line
    out = io.BytesIO()
    doc.save(out)
    return time.perf_counter() - start, _document_xml_size(out.getvalue())


def naive_docx(data: list[list[str]]) -> float:
    import docx

    start = time.perf_counter()
    doc = docx.Document()
    table = doc.add_table(rows=1, cols=len(COLUMNS))
    for cell, (title, _) in zip(table.rows[0].cells, COLUMNS, strict=True):
        cell.text = title
    for values in data:
        cells = table.add_row().cells
        for cell, value in zip(cells, values, strict=True):
            cell.text = value
    doc.save(io.BytesIO())
    return time.perf_counter() - start


# .pdf ---------------------------------------------------------------------------------------
def ours_pdf(data: list[list[str]]) -> tuple[float, int]:
    import pypdf

    from exports.pdf_writer import PdfWriter

    document = document_for(data)
    out = io.BytesIO()
    start = time.perf_counter()
    PdfWriter().write(document, out)
    elapsed = time.perf_counter() - start
    return elapsed, len(pypdf.PdfReader(io.BytesIO(out.getvalue())).pages)


def canvas_pdf(data: list[list[str]]) -> tuple[float, int]:
    """The floor: the same table drawn straight on the canvas with simpleSplit, no furniture."""
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.utils import simpleSplit
    from reportlab.pdfgen.canvas import Canvas

    from exports.pdf_text import FONT, register_fonts

    register_fonts()
    width, height = landscape(A4)
    margin, leading, size = 51.0, 11.0, 9.0
    total = sum(w for _, w in COLUMNS)
    widths = [(width - 2 * margin) * w / total for _, w in COLUMNS]
    xs = [margin + sum(widths[:i]) for i in range(len(widths))]
    out = io.BytesIO()
    start = time.perf_counter()
    c = Canvas(out, pagesize=(width, height), pageCompression=1)
    y = height - margin
    pages = 1
    for values in data:
        cells = [simpleSplit(v, FONT, size, w - 6) for v, w in zip(values, widths, strict=True)]
        need = max(len(x) for x in cells) * leading + 6
        if y - need < margin:
            c.showPage()
            pages += 1
            y = height - margin
        for x, lines in zip(xs, cells, strict=True):
            t = c.beginText(x + 3, y - 3 - size)
            t.setFont(FONT, size)
            t.setLeading(leading)
            t.textLines(lines)
            c.drawText(t)
        c.rect(margin, y - need, width - 2 * margin, need)
        y -= need
    c.showPage()
    c.save()
    return time.perf_counter() - start, pages


def _child_peak(n: int) -> float:
    """Peak RSS of a fresh process that writes an n-entry PDF (imports included)."""
    code = ("import io, json\n"
            "from benchmarks.bench_exports import rows, document_for\n"
            "from exports.pdf_writer import PdfWriter\n"
            f"d = document_for(rows({n}))\n"
            "PdfWriter().write(d, io.BytesIO())\n"
            # VmHWM, not ru_maxrss: Linux carries the parent's peak into ru_maxrss across exec.
            "hwm = [l for l in open('/proc/self/status') if l.startswith('VmHWM')][0]\n"
            "print(json.dumps(int(hwm.split()[1]) / 1024))\n")
    proc = subprocess.run([sys.executable, "-c", code], cwd=HERE.parent, capture_output=True,
                          text=True, env={"PYTHONPATH": str(HERE.parent), "PATH": ""})
    return float(json.loads(proc.stdout.strip().splitlines()[-1]))


def run(quick: bool) -> list[dict[str, Any]]:
    figures: list[dict[str, Any]] = []
    sizes = (1000, 5000) if quick else (1000, 5000, 20000)

    per_row: dict[int, float] = {}
    for n in sizes:
        data = rows(n)
        repeat = 3 if n <= 5000 else 2
        ours, ours_bytes = min((ours_docx(data) for _ in range(repeat)), key=lambda r: r[0])
        base, base_bytes = min((lxml_rows_docx(data) for _ in range(repeat)),
                               key=lambda r: r[0])
        per_row[n] = ours / n
        ours_per_mb = ours / (ours_bytes / 1e6)
        base_per_mb = base / (base_bytes / 1e6)
        figures.append(figure(f"docx {n:,} entries, s per MB of document.xml", ours_per_mb,
                              "s/MB", base_per_mb, 1.5,
                              note=f"ours {ours:.2f} s / {ours_bytes / 1e6:.1f} MB; "
                                   f"lxml rows {base:.2f} s / {base_bytes / 1e6:.1f} MB"))
    data = rows(1000)
    naive = naive_docx(data)
    ours, _ = ours_docx(data)
    figures.append(figure("docx 1,000 entries vs naive python-docx", ours, "s", naive, 1.0,
                          note="naive = add_row() + cell.text"))
    big = sizes[-1]
    figures.append(figure(f"docx growth: s per entry at {big:,} vs 1,000", per_row[big] * 1000,
                          "ms/entry", per_row[1000] * 1000, 1.3, note="linear if ratio ≈ 1"))

    per_page: dict[int, float] = {}
    for n in sizes:
        data = rows(n)
        ours, pages = ours_pdf(data)
        base, base_pages = canvas_pdf(data)
        per_page[n] = ours / n
        figures.append(figure(f"pdf {n:,} entries, s per 1,000 entries", ours / n * 1000,
                              "s", None, None, note=f"{pages} pages, {ours:.1f} s"))
        figures.append(figure(f"pdf {n:,} entries, ms per page vs direct canvas",
                              ours / pages * 1000, "ms/page", base / base_pages * 1000, 2.0,
                              note=f"canvas floor {base:.1f} s for {base_pages} pages"))
    figures.append(figure(f"pdf growth: s per entry at {big:,} vs 1,000", per_page[big] * 1000,
                          "ms/entry", per_page[1000] * 1000, 1.3, note="linear if ratio ≈ 1"))
    peak = _child_peak(big)
    memory = figure(f"pdf {big:,} entries peak memory (own process)", peak, "MB", None, 200,
                    target_on="value")
    memory["peak_mb"] = round(peak, 1)  # the writer's own process, not this module's
    figures.append(memory)
    return figures


if __name__ == "__main__":
    for f in run("--quick" in sys.argv):
        print(f)
