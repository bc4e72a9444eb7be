"""Export the genogram picture: the bytes written beside the target, recorded, then placed.

The same discipline as the chronology export job (app/operations/export.py): the file is never
in place without its `export_record` row (and so its audit record), nor the record without the
file. The picture itself is drawn by the caller (Qt paints it; operations never import Qt).
"""

from __future__ import annotations

import os
from pathlib import Path

from app.operations.changes import Changes
from app.operations.export import ExportResult
from exports import output
from storage.casefile import CaseFile, now_iso
from storage.errors import CaseError, ReadOnlyLocation
from storage.export_record import ExportRecord

PICTURE_FORMATS = ("png", "svg")
STYLE = "genogram"


def picture_target(path: Path) -> tuple[Path, str]:
    """The file to write and its format, from the name (a name without .png/.svg gets .png)."""
    suffix = path.suffix.lower().lstrip(".")
    if suffix in PICTURE_FORMATS:
        return path, suffix
    if suffix:
        raise CaseError(f"A genogram picture is a .png or an .svg file, not .{suffix}; change "
                        "the name's ending.")
    return path.with_name(path.name + ".png"), "png"


def export_picture(case: CaseFile, payload: bytes, path: str | os.PathLike[str],
                   marking: str = "") -> ExportResult:
    """Write the picture to a temporary file beside `path`, record the export and place it."""
    if case.read_only:
        raise ReadOnlyLocation(
            f"{case.path.name} is open read-only, and an export must be recorded in the case's "
            "audit trail. Close it elsewhere and open it for editing to export.")
    target, fmt = picture_target(Path(path))
    tmp = output.write_bytes_temporary(payload, target)
    try:
        record = ExportRecord(at=now_iso(), path=str(target), format=fmt, style=STYLE,
                              marking=marking or case.details().protective_marking,
                              author=case.author)
        placed = False
        try:
            with case.transaction(f"Export genogram picture as {fmt} to {target.name}") as tx:
                tx.add(record)
                output.place_file(tmp, target)  # the last step before COMMIT
                placed = True
        except BaseException:
            if placed:  # renamed, but the record did not commit: take the file back out
                target.unlink(missing_ok=True)
            raise
    finally:
        tmp.unlink(missing_ok=True)
    return ExportResult(target, Changes.of(tx))
