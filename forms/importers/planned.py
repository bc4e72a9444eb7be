"""A planned import, compactly: what each row of a return will become, or why it cannot.

A plan is one small record per row (RowRecord: the entry's own values, its problems, the
duplicate it resembles), with its counts kept. The preview, the CLI and the tests read rows as
PlannedRow, each built with its ChronologyEntry when asked for; the write builds the entries a
chunk at a time. So a 200,000-row plan is ~50 MB, not ~290 MB, and setting a 20,000-row plan
into the preview walks no rows on the GUI thread.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple, overload

from storage.chronology import Agency, ChronologyEntry
from storage.dates import DateQualifier, PartialDate
from storage.errors import CaseError
from storage.ids import AgencyId, EntryId, ImportBatchId, PersonId


class ImportRejected(CaseError):  # noqa: N818 - named like storage.errors
    """Some rows are invalid and the user did not choose to skip them: nothing was imported."""


@dataclass(slots=True, frozen=True)
class RowProblem:
    row: str  # "row 12"
    column: str  # the header in the file ("Date of contact"), or the field when unmapped
    message: str

    def __str__(self) -> str:
        return f"{self.row}, column '{self.column}': {self.message}"


@dataclass(slots=True)
class PlannedRow:
    """One row of a plan as the preview, the CLI and the tests read it. Built when asked for
    from the plan's compact record (RowRecord): a plan holds no ChronologyEntry objects."""

    ref: str  # "row 12": the file's row, as the sender sees it
    entry: ChronologyEntry | None
    errors: list[RowProblem] = field(default_factory=list)
    warnings: list[RowProblem] = field(default_factory=list)
    duplicate_of: int | None = None  # an entry already in the case
    duplicate_of_row: int | None = None  # index of an earlier row of this file
    raw: dict[str, str] = field(default_factory=dict)  # cells as written, for invalid rows

    @property
    def valid(self) -> bool:
        return self.entry is not None and not self.errors

    @property
    def status(self) -> str:
        if not self.valid:
            return "error"
        if self.duplicate_of is not None or self.duplicate_of_row is not None:
            return "duplicate?"
        return "warning" if self.warnings else "ok"


class RowValues(NamedTuple):
    """A valid row's entry, as few objects as it can be: the strings are the file's own cells
    (shared with the table while it is kept), the date objects are shared between rows of the
    same day, and what every row of a file has in common (agency, batch, the row's reference
    and sequence) is added when the entry is built."""

    date: PartialDate
    qualifier: DateQualifier
    until: PartialDate | None
    recorded_on: PartialDate | None
    time: str
    category: str
    what: str
    action: str
    outcome: str
    significance: str
    source_ref: str  # "" when the file named none: "<file>, <row>" is recorded instead
    author: str
    key_event: bool
    disputed: bool
    people: tuple[PersonId, ...]


NO_PROBLEMS: tuple[RowProblem, ...] = ()


class RowRecord:
    """What planning found for one row: ~250 bytes, where a PlannedRow with its entry, lists
    and dict was ~1.4 KB (a 200,000-row return's plan took 290 MB)."""

    __slots__ = ("ref", "values", "errors", "warnings", "duplicate_of", "duplicate_of_row",
                 "raw")

    def __init__(self, ref: str, values: RowValues | None, errors: tuple[RowProblem, ...],
                 warnings: tuple[RowProblem, ...], raw: dict[str, str] | None = None) -> None:
        self.ref = ref
        self.values = values  # None: the row cannot be imported (see errors)
        self.errors = errors
        self.warnings = warnings
        self.duplicate_of: int | None = None
        self.duplicate_of_row: int | None = None
        self.raw = raw

    @property
    def status(self) -> str:
        if self.values is None:
            return "error"
        if self.duplicate_of is not None or self.duplicate_of_row is not None:
            return "duplicate?"
        return "warning" if self.warnings else "ok"


class PlanRows(Sequence[PlannedRow]):
    """plan.rows: every row of the return, each built as a PlannedRow when read."""

    __slots__ = ("_plan",)

    def __init__(self, plan: ImportPlan) -> None:
        self._plan = plan

    def __len__(self) -> int:
        return len(self._plan.planned)

    @overload
    def __getitem__(self, index: int) -> PlannedRow: ...
    @overload
    def __getitem__(self, index: slice) -> list[PlannedRow]: ...

    def __getitem__(self, index: int | slice) -> PlannedRow | list[PlannedRow]:
        if isinstance(index, slice):
            return [self._plan.row(i) for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        return self._plan.row(index)


@dataclass(slots=True)
class ImportPlan:
    """Every row of a return as planned, compactly (one RowRecord each, in file order), with
    its counts kept, so the preview's summary and the Import button never walk the rows."""

    agency: Agency
    file_name: str
    mapping: dict[str, str]
    planned: list[RowRecord]
    valid_count: int = 0
    invalid_count: int = 0
    duplicate_count: int = 0

    def __post_init__(self) -> None:
        self._count()

    def _count(self) -> None:
        statuses = [p.status for p in self.planned]
        self.invalid_count = statuses.count("error")
        self.valid_count = len(statuses) - self.invalid_count
        self.duplicate_count = statuses.count("duplicate?")

    @property
    def rows(self) -> PlanRows:
        return PlanRows(self)

    def status(self, index: int) -> str:
        """"ok", "warning", "duplicate?" or "error": the preview's colour, without the entry."""
        return self.planned[index].status

    def entry(self, index: int) -> ChronologyEntry | None:
        """The entry row `index` becomes (a new object each time), or None if it is invalid."""
        planned = self.planned[index]
        v = planned.values
        if v is None:
            return None
        return ChronologyEntry(
            event_date=v.date,
            date_qualifier=v.qualifier,
            date_until=v.until,
            recorded_on=v.recorded_on,
            agency_id=AgencyId(self.agency.id or 0),
            what_happened=v.what,
            source_ref=v.source_ref or f"{self.file_name}, {planned.ref}",
            event_time=v.time,
            sequence=index,
            category=v.category,
            action_taken=v.action,
            outcome=v.outcome,
            significance=v.significance,
            author=v.author,
            key_event=v.key_event,
            disputed=v.disputed,
            original_row_ref=f"{self.agency.prefix} {planned.ref}",
            people=list(v.people),
        )

    def row(self, index: int) -> PlannedRow:
        p = self.planned[index]
        return PlannedRow(p.ref, self.entry(index), list(p.errors), list(p.warnings),
                          p.duplicate_of, p.duplicate_of_row, dict(p.raw or {}))

    def entries(self) -> Iterator[ChronologyEntry]:
        """The valid rows' entries, in file order, built one at a time."""
        for index, planned in enumerate(self.planned):
            if planned.values is not None:
                entry = self.entry(index)
                assert entry is not None
                yield entry

    def warnings(self) -> Iterator[RowProblem]:
        for planned in self.planned:
            yield from planned.warnings

    @property
    def valid_rows(self) -> list[PlannedRow]:
        return [self.row(i) for i, p in enumerate(self.planned) if p.values is not None]

    @property
    def invalid_rows(self) -> list[PlannedRow]:
        return [self.row(i) for i, p in enumerate(self.planned) if p.values is None]

    @property
    def duplicates(self) -> list[PlannedRow]:
        return [self.row(i) for i, p in enumerate(self.planned) if p.status == "duplicate?"]

    def error_report(self) -> list[str]:
        return [str(e) for p in self.planned if p.values is None for e in p.errors]

    def summary(self) -> str:
        return (
            f"{len(self.planned)} rows read from {self.file_name}: {self.valid_count} ready, "
            f"{self.invalid_count} with errors, {self.duplicate_count} likely duplicates."
        )

    def forget_duplicates_of(self, entry_ids: frozenset[int]) -> None:
        """Rows resembling these entries are not duplicates (a corrected return replacing
        them): their marks and "already in the case" warnings go."""
        for planned in self.planned:
            if planned.duplicate_of in entry_ids:
                planned.duplicate_of = None
                planned.warnings = tuple(w for w in planned.warnings
                                         if "already in the case" not in w.message)
        self._count()


@dataclass(slots=True)
class ImportResult:
    batch_id: ImportBatchId
    entry_ids: list[EntryId]
    skipped: int
    duplicates: int
