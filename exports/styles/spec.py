"""What a style is: a builder plus the facts about it the job, the CLI and the dialog need."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from exports.document import Document, ExportFormat, ExportOptions
from storage.ids import PersonId
from storage.snapshot import CaseSnapshot

NameFn = Callable[[PersonId], str]
Builder = Callable[[CaseSnapshot, ExportOptions, NameFn, "bytes | None"], Document]


@dataclass(frozen=True, slots=True)
class StyleSpec:
    name: str  # as on the command line: --style court
    title: str  # as in the export dialog
    build: Builder
    # Options beyond those every style takes (format, anonymise, password, marking):
    # names of ExportOptions fields, so the CLI and dialog can refuse or grey out the rest.
    options: frozenset[str] = frozenset()
    formats: tuple[ExportFormat, ...] = tuple(ExportFormat)
    # Whether the document shows the household genogram figure (named, or with pseudonyms
    # when anonymised): the job renders the picture only when it is wanted.
    carries_genogram: Callable[[ExportOptions], bool] = lambda _options: False
    description: str = ""
