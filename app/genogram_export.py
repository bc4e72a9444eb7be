"""File → Export genogram picture…: the family picture as PNG or SVG, treated as an export.

It used to be saved straight from the genogram's toolbar with no warning and no record (issue
12). Now it asks where (starting in the folder of this case's last picture), warns once that
the file leaves the encrypted case — it holds names and years of birth —, is recorded in the
case like every export (app/operations/genogram_export.py) and ends with the path and Open
file / Open folder.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from app.export_done import confirm_file_leaving, show_exported
from app.operations.genogram_export import STYLE, export_picture, picture_target
from app.session import CaseSession
from exports import leaving
from exports.genogram.shapes import GenogramOptions
from storage.errors import CaseError
from storage.exports_store import export_records


def last_picture_folder(session: CaseSession) -> Path | None:
    last = next((r for r in export_records(session.case) if r.style == STYLE), None)
    folder = Path(last.path).parent if last is not None else None
    return folder if folder is not None and folder.is_dir() else None


def choose_path(parent: QWidget | None, session: CaseSession, folder: Path) -> Path | None:
    reference = session.case.details().reference
    safe = "".join(c if c.isalnum() or c in "-_" else "-" for c in reference)
    start = (last_picture_folder(session) or folder) / f"{safe}-genogram.png"
    chosen, selected = QFileDialog.getSaveFileName(
        parent, "Export the genogram picture", str(start),
        "PNG picture, 300 dpi (*.png);;SVG drawing (*.svg)")
    if not chosen:
        return None
    path = Path(chosen)
    if not path.suffix:
        path = path.with_suffix(".svg" if "svg" in selected.lower() else ".png")
    return path


def export_genogram_picture(parent: QWidget | None, session: CaseSession, folder: Path,
                            options: GenogramOptions | None = None,
                            path: Path | None = None) -> Path | None:
    """Ask, warn, draw, record, place, tell. `path` skips the file dialog (tests, scripts)."""
    from app.genogram.rendering import render_png
    from exports.genogram.data import load_genogram_data
    from exports.genogram.picture import picture_bytes

    try:
        if path is None:
            path = choose_path(parent, session, folder)
            if path is None:
                return None
        target, fmt = picture_target(path)
        what = f"The genogram picture ({fmt.upper()}, with names and years of birth)"
        if not confirm_file_leaving(parent, what, target, leaving.PICTURE):
            return None
        case = session.case
        payload = picture_bytes(load_genogram_data(case), fmt,
                                options=options or GenogramOptions(), dpi=300,
                                render_png=render_png,
                                title=f"Genogram — {case.details().reference}")
        result = export_picture(session.case, payload, target)
    except CaseError as exc:
        QMessageBox.warning(parent, "Genogram picture not exported", str(exc))
        return None
    show_exported(parent, result.path, what)
    return result.path
