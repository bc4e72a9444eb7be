"""Checking export options once, for the command line and the export dialog alike.

Each front end gathers the user's choices into an ExportOptions and a target path, then calls
`checked()`: the same wrong choice gets the same one-line message wherever it was made.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from exports.document import ExportFormat, ExportOptions
from exports.errors import ExportError
from exports.output import check_password
from exports.styles import style_spec

SUFFIXES = {f".{fmt.value}": fmt for fmt in ExportFormat}
OPTION_WORDS = {"all_events": "all events (not only the two years before proceedings)",
                "key_events_only": "key events only",
                "proceedings_issued": "the date proceedings were issued",
                "window_years": "the number of years covered",
                "household_on_key_events": "the household on each key event's date"}


def format_of(path: Path) -> ExportFormat | None:
    return SUFFIXES.get(path.suffix.lower())


def resolve_target(path: Path, fmt: ExportFormat | str | None) -> tuple[Path, ExportFormat]:
    """The file to write and its format: the format from the name when none is chosen; a
    name ending in another format's suffix is refused (a Word file named .pdf will not open for
    whoever receives it); a missing suffix is added."""
    path = Path(str(path).strip()).expanduser()
    if not str(path) or str(path) == ".":
        raise ExportError("Choose where to save the export.")
    named = format_of(path)
    if fmt is None:
        if named is None:
            *rest, last = SUFFIXES
            choices = f"{', '.join(rest)} or {last}"
            raise ExportError(f"Say which format to write, or end the file name with {choices}.")
        return path, named
    fmt = ExportFormat(fmt)
    if named is not None and named is not fmt:
        raise ExportError(f"The file name ends in {path.suffix} but the format chosen is "
                          f"{fmt.value}; change one so they agree.")
    if named is None:
        path = path.with_name(f"{path.name}.{fmt.value}")
    return path, fmt


def checked(options: ExportOptions) -> ExportOptions:
    """The options as they will be used, or ExportError naming what is wrong."""
    spec = style_spec(options.style)
    if ExportFormat(options.format) not in spec.formats:
        raise ExportError(f"The {spec.name} style cannot be written as {options.format}; choose "
                          + " or ".join(f.value for f in spec.formats) + ".")
    defaults = ExportOptions()
    for name, words in OPTION_WORDS.items():
        if name not in spec.options and getattr(options, name) != getattr(defaults, name):
            raise ExportError(f"The {spec.name} style does not take {words}.")
    marking = options.marking.strip()
    if not marking:
        raise ExportError("The protective marking cannot be empty.")
    if options.redaction_log and not options.anonymise:
        raise ExportError("The redaction log belongs to an anonymised export: add --anonymise.")
    if options.password is not None:
        check_password(options.password)
    return dataclasses.replace(options, marking=marking)
