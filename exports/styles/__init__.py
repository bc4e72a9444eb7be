"""The export styles: what each one builds, which options it takes, whether it carries the
genogram, and how its options are checked.

A new style is one module in this package (defining SPEC) plus one line in STYLES below; the
export job (app/operations/export.py), `visible export --style` and the export dialog all read
this registry, so none of them needs to change.
"""

from __future__ import annotations

from exports.styles import court, review
from exports.styles.spec import StyleSpec

STYLES: dict[str, StyleSpec] = {spec.name: spec for spec in (court.SPEC, review.SPEC)}


def style_spec(name: str) -> StyleSpec:
    from exports.errors import ExportError

    try:
        return STYLES[str(name)]
    except KeyError:
        raise ExportError(f"There is no export style '{name}'; choose one of "
                          f"{', '.join(STYLES)}.") from None
