"""Figures are small palette PNGs (exports/png_compact.py), so a review with its genogram and
the men's timelines stays under 200 KB in Word (issue 18 item 7), and nothing is lost."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from PIL import Image

from app.genogram.rendering import render_png
from app.operations.export import export_case
from exports.document import ExportFormat, ExportOptions
from exports.png_compact import compact_png
from storage.casefile import CaseFile
from storage.chronology_store import count_entries


def test_few_colours_are_kept_exactly_and_many_become_a_palette() -> None:
    few = Image.new("RGB", (300, 120), "white")
    for i in range(200):  # 200 colours, each a stripe
        few.paste((i, 255 - i, (i * 7) % 256), (i, 0, i + 1, 120))
    back = Image.open(io.BytesIO(compact_png(few)))
    assert back.mode == "P"
    assert back.convert("RGB").tobytes() == few.tobytes()

    many = Image.radial_gradient("L").convert("RGB").resize((400, 400))
    many.paste((0xEE, 0xF5, 0xEC), (0, 0, 200, 200))  # a household fill must survive as is
    out = Image.open(io.BytesIO(compact_png(many)))
    assert out.mode == "P" and len(out.getcolors(1 << 24) or []) <= 256
    assert out.convert("RGB").getpixel((50, 50)) == (0xEE, 0xF5, 0xEC)


def test_the_demo_review_in_word_is_under_200_kb_with_its_figures(
        demo_case: CaseFile, tmp_path: Path) -> None:
    out = tmp_path / "review.docx"
    export_case(demo_case, ExportOptions(format=ExportFormat.DOCX, style="review"), out,
                render_genogram=render_png)
    assert count_entries(demo_case) >= 30
    with zipfile.ZipFile(out) as package:
        pictures = [n for n in package.namelist() if n.startswith("word/media/")]
        genogram = Image.open(io.BytesIO(package.read(pictures[0])))
    assert len(pictures) >= 3  # the genogram and the men's timelines
    assert genogram.mode == "P" and genogram.width > 2000  # still print resolution
    assert out.stat().st_size < 200_000, out.stat().st_size
