"""Genogram pictures read back: SVG symbols per person, PNG size and resolution, the CLI."""

from __future__ import annotations

import datetime as dt
import os
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from app.operations import relationships as relationship_ops
from app.operations import roles as roles_ops
from exports.genogram.data import load_genogram_data, with_pseudonyms
from exports.genogram.painter import render_png
from exports.genogram.picture import build_drawing, picture_bytes, save_picture
from exports.genogram.shapes import GenogramOptions
from storage.areas import Area
from storage.carers import CarerRole
from storage.case import CaseDetails
from storage.casefile import CaseFile
from storage.errors import CaseError
from storage.people import Existence, Person, Sex, TwinKind
from storage.relationships import ParentKind, ParentLink, PartnerKind, Partnership, PartnerStatus
from tests.conftest import PASSPHRASE

SVG = "{http://www.w3.org/2000/svg}"
ROOT = Path(__file__).resolve().parent.parent
TODAY = dt.date(2026, 11, 1)


def _groups(svg_text: str, cls: str) -> list[ET.Element]:
    root = ET.fromstring(svg_text.encode("utf-8"))
    return [g for g in root.iter(f"{SVG}g") if g.get("class") == cls]


def _picture(case: CaseFile, target: str | Path, *, options: GenogramOptions | None = None,
             dpi: float = 300, today: dt.date | None = None) -> bytes | Path:
    """What `visible genogram` does: bytes for the bare word "svg" / "png", else a file."""
    data = load_genogram_data(case, today)
    if str(target) in ("svg", "png"):
        return picture_bytes(data, str(target), options=options, dpi=dpi, render_png=render_png)
    return save_picture(data, target, options=options, dpi=dpi, render_png=render_png)


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_svg_has_one_symbol_per_person_with_the_right_shape(demo_case: CaseFile) -> None:
    svg = _picture(demo_case, "svg", today=TODAY)
    assert isinstance(svg, bytes)
    people = {p.id: p for p in demo_case.all(Person)}
    groups = _groups(svg.decode(), "person")
    assert sorted(int(g.get("data-id")) for g in groups) == sorted(people)  # type: ignore[arg-type]
    for g in groups:
        person = people[int(g.get("data-id"))]  # type: ignore[arg-type]
        expected = {Sex.MALE: "square", Sex.FEMALE: "circle"}[person.sex]
        assert g.get("data-shape") == expected
        outline = "rect" if person.sex is Sex.MALE else "ellipse"
        outlines = g.findall(f"{SVG}{outline}")
        # index child: double outline; everyone else: one
        assert len(outlines) == (2 if person.is_index_child else 1), person.display_name
        crosses = g.findall(f"{SVG}polyline")
        assert len(crosses) == (2 if person.deceased else 0), person.display_name
        texts = [t.text for t in g.findall(f"{SVG}text")]
        assert any(person.family_name in (t or "") for t in texts)
    freya = next(g for g in groups if people[int(g.get("data-id"))].given_names == "Freya")  # type: ignore[arg-type]
    assert "7m" in [t.text for t in freya.findall(f"{SVG}text")]  # age under two in months
    liam = next(g for g in groups if people[int(g.get("data-id"))].given_names == "Liam")  # type: ignore[arg-type]
    liam_texts = [t.text for t in liam.findall(f"{SVG}text")]
    assert (
        "Step-father" in liam_texts and "Mother's partner" in liam_texts and "b. 1998" in liam_texts
    )
    # household boundary, overlay arrows and a legend made of what is used
    assert len(_groups(svg.decode(), "household")) == 1
    overlay = _groups(svg.decode(), "overlay")[0]
    assert (
        len(overlay.findall(f"{SVG}polygon")) == 1
    )  # one arrowhead: emotional abuse (conflict has none)
    legend = " ".join(t.text or "" for t in _groups(svg.decode(), "legend")[0].iter(f"{SVG}text"))
    for used in (
        "Male",
        "Female",
        "Index child",
        "Deceased",
        "Separated",
        "Emotional abuse",
        "Conflict",
        "Current household",
        "Living together",
    ):
        assert used in legend
    for unused in ("Pregnancy", "Divorced", "Twins", "Miscarriage"):
        assert unused not in legend


def test_other_symbols_and_lines(tmp_path: Path) -> None:
    with CaseFile.create(tmp_path / "s.vcase", PASSPHRASE, CaseDetails(reference="S")) as case:
        with case.transaction("family") as tx:
            a = tx.add(Person("Alex", sex=Sex.UNKNOWN))
            b = tx.add(Person("Bo", sex=Sex.FEMALE))
            tx.add(Partnership(a, b, PartnerKind.MARRIED, PartnerStatus.DIVORCED))
            kids = [
                tx.add(Person(n, sex=Sex.MALE, twin_group="T", twin_kind=TwinKind.IDENTICAL))
                for n in ("Tom", "Tim")
            ]
            kids.append(tx.add(Person(existence=Existence.PREGNANCY)))
            kids.append(tx.add(Person(existence=Existence.MISCARRIAGE)))
            kids.append(tx.add(Person("Sam", sex=Sex.FEMALE, existence=Existence.STILLBIRTH)))
            adopted = tx.add(Person("Ada", sex=Sex.FEMALE))
            for k in kids:
                tx.add(ParentLink(a, k))
                tx.add(ParentLink(b, k))
            tx.add(ParentLink(a, adopted, ParentKind.ADOPTED))
            tx.add(ParentLink(b, adopted, ParentKind.ADOPTED))
        svg = _picture(case, "svg", today=TODAY).decode()  # type: ignore[union-attr]
    shapes = {int(g.get("data-id")): g.get("data-shape") for g in _groups(svg, "person")}  # type: ignore[arg-type]
    assert shapes[a] == "diamond" and shapes[kids[2]] == "triangle"
    assert shapes[kids[3]] == "miscarriage"
    lines = _groups(svg, "lines")[0]
    dashed = [p for p in lines.findall(f"{SVG}polyline") if p.get("stroke-dasharray")]
    assert len(dashed) == 1  # the adopted child's line; the married couple's line is solid
    assert "adopted" in [t.text for t in lines.findall(f"{SVG}text")]
    slashes = [
        p
        for p in lines.findall(f"{SVG}polyline")
        if p.get("points", "").count(" ") == 1
        and p.get("stroke-width") == "1.8"
        and not p.get("stroke-dasharray")
    ]
    assert len(slashes) >= 3  # two divorce slashes + the couple line itself


def test_png_at_print_resolution(demo_case: CaseFile, tmp_path: Path) -> None:
    drawing = build_drawing(load_genogram_data(demo_case, TODAY))
    x0, y0, x1, y1 = drawing.bounds
    out = _picture(demo_case, tmp_path / "g.png", dpi=300, today=TODAY)
    assert out == tmp_path / "g.png"
    w, h = _png_size(out.read_bytes())  # type: ignore[union-attr]
    assert (w, h) == (round((x1 - x0) * 300 / 96), round((y1 - y0) * 300 / 96))
    assert not [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")]  # renamed into place
    # the report figure: 300 dpi by default, today's ages
    assert _png_size(render_png(load_genogram_data(demo_case)))[0] == pytest.approx(w, abs=3)
    small = _picture(demo_case, "png", dpi=96, today=TODAY)
    assert _png_size(small) == (round(x1 - x0), round(y1 - y0))
    # the image is not blank: the index child's symbol is dark ink on white
    from PySide6.QtGui import QImage

    image = QImage.fromData(small)
    dark = sum(
        1
        for yy in range(0, image.height(), 3)
        for xx in range(0, image.width(), 3)
        if image.pixelColor(xx, yy).lightness() < 80
    )
    assert dark > 200


def test_bad_output_names_are_user_errors(demo_case: CaseFile, tmp_path: Path) -> None:
    with pytest.raises(CaseError, match="must end in .svg or .png"):
        _picture(demo_case, tmp_path / "g.pdf")
    with pytest.raises(CaseError, match="does not exist"):
        _picture(demo_case, tmp_path / "missing" / "g.svg")
    with pytest.raises(CaseError, match="dpi"):
        _picture(demo_case, "png", dpi=5)


def test_anonymised_names_and_layers_off(demo_case: CaseFile) -> None:
    names = {p.id: ("Baby F" if p.is_index_child else "Adult") for p in demo_case.all(Person)}
    options = GenogramOptions(show_overlays=False, show_household=False, show_legend=False)
    data = with_pseudonyms(load_genogram_data(demo_case, TODAY), names)  # type: ignore[arg-type]
    svg = picture_bytes(data, "svg", options=options).decode()
    assert "Nowak" not in svg and "Baby F" in svg and "b. 2003" not in svg
    # tooltips (SVG titles) name people by pseudonym too
    titles = [g.findtext(f"{SVG}title") for g in _groups(svg, "person")]
    assert set(titles) == {"Baby F", "Adult"}
    assert (
        not _groups(svg, "overlay") and not _groups(svg, "household") and not _groups(svg, "legend")
    )


def test_placeholders_in_svg(tmp_path: Path) -> None:
    with CaseFile.create(tmp_path / "p.vcase", PASSPHRASE, CaseDetails(reference="P")) as case:
        with case.transaction("baby") as tx:
            baby = tx.add(Person("Baby", sex=Sex.FEMALE, is_index_child=True))
        father = relationship_ops.add_parents(case, baby).created(Area.PEOPLE)[0]
        roles_ops.link_man(case, baby, CarerRole.BIRTH_FATHER, father)
        svg = _picture(case, "svg", today=TODAY).decode()  # type: ignore[union-attr]
    ph = _groups(svg, "placeholder")
    assert len(ph) == 4 and all(g.get("data-shape") == "placeholder" for g in ph)
    assert "Birth father" not in " ".join(t.text or "" for g in ph for t in g.iter(f"{SVG}text"))


def _visible(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "VISIBLE_PASSPHRASE": PASSPHRASE,
        "PYTHONPATH": str(ROOT),
        "QT_QPA_PLATFORM": "offscreen",
    }
    return subprocess.run(
        [sys.executable, "-m", "app", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_cli_writes_svg_and_png_and_refuses_bad_names(tmp_path: Path) -> None:
    from app.operations.demo import create_demo

    create_demo(str(tmp_path / "d.vcase"), PASSPHRASE).close()
    svg = _visible("genogram", "d.vcase", "--out", "g.svg", cwd=tmp_path)
    assert svg.returncode == 0, svg.stderr
    assert len(_groups((tmp_path / "g.svg").read_text("utf-8"), "person")) == 7
    png = _visible("genogram", "d.vcase", "--out", "g.png", "--dpi", "150", cwd=tmp_path)
    assert png.returncode == 0, png.stderr
    assert _png_size((tmp_path / "g.png").read_bytes())[0] > 900
    bad = _visible("genogram", "d.vcase", "--out", "g.docx", cwd=tmp_path)
    assert bad.returncode == 1 and "Traceback" not in bad.stderr
    assert bad.stderr.strip().count("\n") == 0 and ".svg or .png" in bad.stderr


def test_the_painter_needs_the_programs_application_and_makes_none(tmp_path: Path) -> None:
    """Importing the painter and drawing SVG make no application object; painting PNG without
    one is refused with a plain message (the program owns the application)."""
    from app.operations.demo import create_demo

    create_demo(str(tmp_path / "d.vcase"), PASSPHRASE).close()
    script = (
        "import sys\n"
        "from PySide6.QtGui import QGuiApplication\n"
        "from exports.genogram.data import load_genogram_data\n"
        "from exports.genogram.painter import render_png\n"
        "from exports.genogram.picture import picture_bytes\n"
        "from storage.casefile import CaseFile\n"
        f"case = CaseFile.open({str(tmp_path / 'd.vcase')!r}, {PASSPHRASE!r}, read_only=True)\n"
        "data = load_genogram_data(case)\n"
        "assert b'<svg' in picture_bytes(data, 'svg')\n"
        "assert QGuiApplication.instance() is None\n"
        "try:\n"
        "    render_png(data)\n"
        "except RuntimeError as exc:\n"
        "    print(exc)\n"
        "    sys.exit(0)\n"
        "sys.exit(1)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "needs a QGuiApplication" in done.stdout


def test_the_export_job_draws_the_genogram_from_its_snapshot_and_pseudonyms(
    demo_case: CaseFile, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The job is handed a PngRenderer and gives it the genogram of the export's own snapshot;
    an anonymised export (for a style that carries the picture) names people by pseudonym."""
    import dataclasses

    from app.operations import export as job
    from exports.document import ExportOptions
    from exports.genogram.data import GenogramData
    from exports.styles import style_spec

    drawn: list[GenogramData] = []

    def renderer(data: GenogramData, options: GenogramOptions | None = None, *,
                 dpi: float = 300) -> bytes:
        drawn.append(data)
        return render_png(data, options, dpi=dpi)

    named = job.prepare(demo_case, ExportOptions(format="pdf"), tmp_path / "c.pdf", renderer)
    assert named.genogram is not None and named.genogram[:4] == b"\x89PNG"
    assert not drawn[0].anonymised and {p.id for p in drawn[0].people} == set(
        named.snapshot.people)
    court = style_spec("court")
    monkeypatch.setattr(job, "style_spec", lambda _style: dataclasses.replace(
        court, carries_genogram=lambda _options: True))
    job.prepare(demo_case, ExportOptions(format="pdf", anonymise=True), tmp_path / "a.pdf",
                renderer)
    anonymised = drawn[1]
    assert anonymised.anonymised
    names = {anonymised.name(p.id) for p in anonymised.people if p.id is not None}
    assert "Mother" in names and not any("Nowak" in n for n in names)
