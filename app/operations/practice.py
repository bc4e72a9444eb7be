"""The father-inclusion audit's write paths: a case's anonymous practice summary, and the
partnership report aggregated from many of them.

Writing a summary does not change the case, but the summary leaves the encrypted file, so it is
recorded in the audit trail (who wrote one, when, where) as an export is.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from pathlib import Path

from exports.practice_report import (
    Loaded,
    load_summaries,
    report_format,
    summary_files,
    write_report,
)
from exports.practice_summary import write_summary
from forms.practice import build_summary
from storage.casefile import CaseFile
from storage.people import Person
from storage.practice_store import note_summary_written


def write_practice_summary(case: CaseFile, path: str | os.PathLike[str],
                           today: dt.date | None = None) -> Path:
    """Build, write, scan for names and dates of birth, rename; then note it in the audit."""
    summary = build_summary(case, today)
    written = write_summary(summary, path, case.all(Person))
    if not case.read_only:
        with case.transaction(f"Write practice summary {written.name}") as tx:
            note_summary_written(tx, str(written), len(summary["men"]))
    return written


def write_practice_report(inputs: Sequence[str | os.PathLike[str]], out: str | os.PathLike[str],
                          skip_invalid: bool = False,
                          today: dt.date | None = None) -> tuple[Path, Loaded]:
    report_format(Path(out))  # a wrong suffix is refused before any summary is read
    loaded = load_summaries(summary_files(inputs), skip_invalid)
    return write_report(loaded, out, today), loaded
