"""From a read table to entries: every row parsed, checked and shown before anything is written.

build_plan() touches nothing: it returns each row's parsed entry, its errors (row, column,
what is wrong) and warnings, and any likely duplicate. write_plan() then writes the accepted
rows in the caller's one transaction (one import = one undo entry), with an ImportBatch row
naming the file and the mapping used, and remembers the mapping for the agency.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from forms.chronology_rules import DuplicateFinder, Level, PersonDates, check_entry, normalise
from forms.dates import parse_event_date_and_time, parse_optional_date, parse_time
from forms.importers.mapping import TARGETS_BY_FIELD, check_mapping
from forms.importers.readers import SourceRow, SourceTable
from forms.lens.mentions import NameIndex
from storage.casefile import CaseFile, Txn, now_iso
from storage.chronology import Agency, Category, ChronologyEntry, ImportBatch
from storage.chronology_store import add_entries
from storage.dates import EventDate, PartialDate
from storage.errors import CaseError, InvalidValue
from storage.ids import AgencyId, EntryId, ImportBatchId, PersonId
from storage.import_mapping_store import save_mapping
from storage.import_store import entry_texts_of_agency, mark_duplicates
from storage.people import Person


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
    source: SourceRow
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


@dataclass(slots=True)
class ImportPlan:
    agency: Agency
    file_name: str
    mapping: dict[str, str]
    rows: list[PlannedRow]

    @property
    def valid_rows(self) -> list[PlannedRow]:
        return [r for r in self.rows if r.valid]

    @property
    def invalid_rows(self) -> list[PlannedRow]:
        return [r for r in self.rows if not r.valid]

    @property
    def duplicates(self) -> list[PlannedRow]:
        return [r for r in self.rows if r.valid and r.status == "duplicate?"]

    def error_report(self) -> list[str]:
        return [str(p) for r in self.invalid_rows for p in r.errors]

    def summary(self) -> str:
        return (
            f"{len(self.rows)} rows read from {self.file_name}: {len(self.valid_rows)} ready, "
            f"{len(self.invalid_rows)} with errors, {len(self.duplicates)} likely duplicates."
        )


@dataclass(slots=True)
class ImportResult:
    batch_id: ImportBatchId
    entry_ids: list[EntryId]
    skipped: int
    duplicates: int


_YES = {"yes", "y", "true", "1", "x", "key", "✓", "✔"}
_NO = {"", "no", "n", "false", "0", "-"}

# Free-text categories agencies use, mapped to ours by the first keyword found.
_CATEGORY_WORDS: tuple[tuple[str, Category], ...] = (
    ("injur", Category.INJURY),
    ("bruis", Category.INJURY),
    ("domestic", Category.DOMESTIC_ABUSE),
    ("substance", Category.SUBSTANCE_USE),
    ("drug", Category.SUBSTANCE_USE),
    ("alcohol", Category.SUBSTANCE_USE),
    ("mental", Category.MENTAL_HEALTH),
    ("not brought", Category.MISSED_APPOINTMENT),
    ("missed", Category.MISSED_APPOINTMENT),
    ("dna", Category.MISSED_APPOINTMENT),
    ("wnb", Category.MISSED_APPOINTMENT),
    ("father not seen", Category.FATHER_NOT_SEEN),
    ("father seen", Category.FATHER_SEEN),
    ("meeting", Category.MEETING),
    ("conference", Category.MEETING),
    ("strategy", Category.MEETING),
    ("assessment", Category.ASSESSMENT),
    ("referral", Category.REFERRAL),
    ("health", Category.HEALTH),
    ("visit", Category.HEALTH),
    ("appointment", Category.HEALTH),
)


def parse_category(text: str) -> Category | None:
    """Our category for an agency's wording, or None when it is not recognised."""
    norm = " ".join(re.sub(r"[^a-z ]+", " ", text.lower()).split())
    if not norm:
        return Category.OTHER
    for category in Category:
        if norm in (category.value.replace("_", " "), category.label.lower()):
            return category
    for word, category in _CATEGORY_WORDS:
        if word in norm:
            return category
    return None


@dataclass(slots=True)
class PeopleIndex:
    """Names a return may use for people in the genogram: full name, known-as, unique first name."""

    by_name: dict[str, PersonId]
    dates: dict[PersonId, PersonDates]
    # Who a row's narrative names, by the lens's rules (forms/lens/mentions.py): an imported
    # entry is linked to the people it names, so the person filter finds it (issue 12).
    names: NameIndex | None = None

    @classmethod
    def of_case(cls, case: CaseFile) -> PeopleIndex:
        people = case.all(Person)
        first_names: dict[str, list[PersonId]] = {}
        by_name: dict[str, PersonId] = {}
        dates: dict[PersonId, PersonDates] = {}
        for p in people:
            assert p.id is not None
            dates[p.id] = PersonDates(p.display_name, p.date_of_birth)
            for name in (p.full_name, p.known_as, f"{p.known_as} {p.family_name}"):
                if name.strip():
                    by_name[name.strip().lower()] = p.id
            if p.given_names:
                first_names.setdefault(p.given_names.split()[0].lower(), []).append(p.id)
        for first, ids in first_names.items():
            if len(ids) == 1:
                by_name.setdefault(first, ids[0])
        return cls(by_name, dates, NameIndex.of_case(case))

    def named_in(self, text: str) -> list[PersonId]:
        return sorted(self.names.named_in(text)) if self.names is not None and text else []

    def find(self, text: str) -> tuple[list[PersonId], list[str]]:
        found: list[PersonId] = []
        unknown: list[str] = []
        for part in re.split(r"[;,/\n]|\band\b|&", text):
            name = " ".join(part.split())
            if not name:
                continue
            pid = self.by_name.get(name.lower())
            if pid is None:
                unknown.append(name)
            elif pid not in found:
                found.append(pid)
        return found, unknown


def build_plan(
    case: CaseFile,
    table: SourceTable,
    agency: Agency,
    mapping: dict[str, str],
    today: dt.date | None = None,
) -> ImportPlan:
    check_mapping(mapping, table.headers)
    assert agency.id is not None
    today = today or dt.date.today()
    columns = {fld: table.headers.index(header) for fld, header in mapping.items()}
    people = PeopleIndex.of_case(case)
    finder = DuplicateFinder.from_rows(entry_texts_of_agency(case, agency.id))
    in_file = DuplicateFinder()
    planned = []
    for index, row in enumerate(table.rows):
        item = _plan_row(row, index, table.file_name, agency, mapping, columns, people, today)
        entry = item.entry
        if entry is not None and item.valid:
            # Normalised once: it is compared with the case's entries and the file's own rows.
            day, key = entry.event_date.stored(), normalise(entry.what_happened)
            item.duplicate_of = finder.find_normalised(day, agency.id, key)
            if item.duplicate_of is None:
                item.duplicate_of_row = in_file.find_normalised(day, agency.id, key)
            in_file.add_normalised(index, day, agency.id, key)
            if item.duplicate_of is not None:
                item.warnings.append(
                    RowProblem(
                        row.ref,
                        mapping["what_happened"],
                        f"looks like entry #{item.duplicate_of} already in the case (same date and "
                        "agency, near-identical text); it will be imported and flagged.",
                    )
                )
            elif item.duplicate_of_row is not None:
                item.warnings.append(
                    RowProblem(
                        row.ref,
                        mapping["what_happened"],
                        f"looks like {table.rows[item.duplicate_of_row].ref} of this file; it "
                        "will be "
                        "imported and flagged.",
                    )
                )
        planned.append(item)
    return ImportPlan(agency, table.file_name, dict(mapping), planned)


def _plan_row(
    row: SourceRow,
    index: int,
    file_name: str,
    agency: Agency,
    mapping: dict[str, str],
    columns: dict[str, int],
    people: PeopleIndex,
    today: dt.date,
) -> PlannedRow:
    errors: list[RowProblem] = []
    warnings: list[RowProblem] = []

    def cell(fld: str) -> object:
        return row.get(columns[fld]) if fld in columns else None

    def text(fld: str) -> str:
        value = cell(fld)
        if value is None:
            return ""
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return str(value).strip()

    def problem(target: list[RowProblem], fld: str, message: str) -> None:
        target.append(RowProblem(row.ref, mapping.get(fld, TARGETS_BY_FIELD[fld].label), message))

    if row.suspicious:
        errors.append(RowProblem(row.ref, "(whole row)", row.suspicious))
    date: EventDate | None = None
    time = ""
    try:
        date, time = parse_event_date_and_time(cell("event_date"), today=today)
    except InvalidValue as exc:
        problem(errors, "event_date", str(exc))
    recorded_on: PartialDate | None = None
    if "recorded_on" in columns:
        try:
            recorded_on = parse_optional_date(cell("recorded_on"), today=today)
        except InvalidValue as exc:
            problem(errors, "recorded_on", str(exc))
    if "event_time" in columns:
        try:
            time = parse_time(cell("event_time")) or time
        except InvalidValue as exc:
            problem(errors, "event_time", str(exc))
    what = text("what_happened")
    if not what:
        problem(errors, "what_happened", "no description of what happened.")
    category = Category.OTHER
    if "category" in columns:
        found = parse_category(text("category"))
        if found is None:
            problem(
                warnings,
                "category",
                f"'{text('category')}' is not a known category; it will be recorded as Other.",
            )
        else:
            category = found
    flags = {}
    for fld in ("key_event", "disputed"):
        value = text(fld).lower()
        flags[fld] = value in _YES
        if value not in _YES and value not in _NO:
            problem(errors, fld, f"'{text(fld)}' should be yes or no.")
    linked: list[PersonId] = []
    if "people" in columns:
        linked, unknown = people.find(text("people"))
        if unknown:
            problem(
                warnings,
                "people",
                f"{', '.join(unknown)} not found in the genogram; "
                "not linked (add them to the genogram and link later).",
            )
    source_ref = text("source_ref")
    if not source_ref:
        if "source_ref" in columns:
            problem(
                warnings,
                "source_ref",
                "no source document given; the return itself "
                f"({file_name}, {row.ref}) is recorded as the source.",
            )
        source_ref = f"{file_name}, {row.ref}"
    # What the file said, so the preview can show an invalid row as written.
    raw = {fld: text(fld) for fld in ("event_date", "event_time", "what_happened")}
    if date is None or errors:
        return PlannedRow(row, None, errors, warnings, raw=raw)
    entry = ChronologyEntry(
        event_date=date.date,
        date_qualifier=date.qualifier,
        date_until=date.until,
        recorded_on=recorded_on,
        agency_id=AgencyId(agency.id or 0),
        what_happened=what,
        source_ref=source_ref,
        event_time=time,
        sequence=index,
        category=category.value,
        action_taken=text("action_taken"),
        outcome=text("outcome"),
        significance=text("significance"),
        author=text("author"),
        key_event=flags["key_event"],
        disputed=flags["disputed"],
        original_row_ref=f"{agency.prefix} {row.ref}",
        people=linked,
    )
    named = people.named_in("\n".join(
        t for t in (what, entry.action_taken, entry.outcome, entry.significance) if t))
    # The date checks look at the people the return linked itself; a name in the text (a
    # history mentioning a baby born later) is a link, not a reason to warn.
    for issue in check_entry(entry, people.dates, today):
        column = {"event_date": "event_date", "source_ref": "source_ref"}.get(
            issue.field, issue.field
        )
        target = errors if issue.level is Level.ERROR else warnings
        target.append(RowProblem(row.ref, mapping.get(column, column), issue.message))
    if errors:
        return PlannedRow(row, None, errors, warnings, raw=raw)
    entry.people = list(dict.fromkeys([*linked, *named]))
    return PlannedRow(row, entry, errors, warnings)


def check_writable(plan: ImportPlan, skip_invalid: bool = False) -> None:
    """Refuse (ImportRejected, one line) a plan with invalid rows unless they are to be left
    out, or one with no valid row: checked before any transaction opens."""
    invalid = plan.invalid_rows
    if invalid and not skip_invalid:
        report = "; ".join(plan.error_report()[:5])
        more = len(plan.error_report()) - 5
        raise ImportRejected(
            f"Nothing imported: {len(invalid)} row(s) of {plan.file_name} have errors ({report}"
            + (f"; and {more} more" if more > 0 else "")
            + "). Correct them, or skip invalid rows."
        )
    if not plan.valid_rows:
        raise ImportRejected(f"Nothing imported: {plan.file_name} has no valid rows.")


def write_plan(tx: Txn, plan: ImportPlan, skip_invalid: bool = False,
               replacing: frozenset[int] = frozenset()) -> ImportResult:
    """Write the plan's valid rows in `tx`. Refuses (nothing written) if any row is invalid,
    unless skip_invalid; then invalid rows are left out and counted. The import operation
    (app/operations/importing.import_return) is the caller: one plan, one transaction, one undo
    entry. `replacing`: ids of entries this same action removes (a corrected return's earlier
    batch); a row resembling one of them is its correction, not a duplicate."""
    check_writable(plan, skip_invalid)
    invalid = plan.invalid_rows
    valid = plan.valid_rows
    assert plan.agency.id is not None
    batch = ImportBatch(
        agency_id=plan.agency.id,
        file_name=plan.file_name,
        imported_at=now_iso(),
        row_count=len(valid),
        mapping=dict(plan.mapping),
    )
    batch_id = ImportBatchId(tx.add(batch))
    tx.progress.expect(len(valid))

    def duplicate_of(row: PlannedRow) -> EntryId | None:
        found = row.duplicate_of
        return EntryId(found) if found is not None and found not in replacing else None

    entries: list[ChronologyEntry] = []
    for row in valid:
        assert row.entry is not None
        row.entry.import_batch_id = batch_id
        row.entry.duplicate_of = duplicate_of(row)
        entries.append(row.entry)
    ids = add_entries(tx, entries)
    # A duplicate of an earlier row of the same file can only point at it once it has an id.
    id_of_row = {id(r): entry_id for r, entry_id in zip(valid, ids, strict=True)}
    pairs = []
    for row, entry_id in zip(valid, ids, strict=True):
        if row.duplicate_of_row is not None:
            earlier = id_of_row.get(id(plan.rows[row.duplicate_of_row]))
            if earlier is not None:
                pairs.append((entry_id, earlier))
    mark_duplicates(tx, pairs)
    save_mapping(tx, plan.agency.id, plan.mapping)
    duplicates = sum(
        1 for r in valid if duplicate_of(r) is not None or r.duplicate_of_row is not None
    )
    return ImportResult(batch_id, ids, len(invalid), duplicates)
