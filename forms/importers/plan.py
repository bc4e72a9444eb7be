"""From a read table to entries: every row parsed, checked and shown before anything is written.

build_plan() touches nothing: it returns each row's parsed entry, its errors (row, column,
what is wrong) and warnings, and any likely duplicate, as a compact ImportPlan
(forms/importers/planned.py). write_plan() then writes the accepted rows in the caller's one
transaction (one import = one undo entry), a chunk at a time, with an ImportBatch row naming
the file and the mapping used, and remembers the mapping for the agency.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from array import array
from dataclasses import dataclass

from forms.chronology_rules import DuplicateFinder, Level, PersonDates, check_entry, normalise
from forms.dates import (
    parse_event_date_and_time,
    parse_optional_date,
    parse_time,
    uk_time,
)
from forms.importers.mapping import TARGETS_BY_FIELD, check_mapping
from forms.importers.planned import (
    NO_PROBLEMS,
    ImportPlan,
    ImportRejected,
    ImportResult,
    PlannedRow,
    RowProblem,
    RowRecord,
    RowValues,
)
from forms.importers.readers import SourceRow, SourceTable
from forms.lens.mentions import NameIndex
from forms.lens.scan import without_collector
from storage.casefile import CaseFile, Txn, now_iso
from storage.chronology import Agency, Category, ChronologyEntry, ImportBatch
from storage.chronology_store import add_entries, bulk_cache
from storage.dates import EventDate, PartialDate
from storage.errors import InvalidValue
from storage.ids import AgencyId, EntryId, ImportBatchId, PersonId
from storage.import_mapping_store import save_mapping
from storage.import_store import entry_texts_of_agency, mark_duplicates
from storage.people import Person

# Rows written per chunk: each chunk's entries, their row dicts, the rows read back for the audit
# and its JSON exist only while it is written (~5 KB a row); 5,000 at a time was 25 MB of
# them at once, 2,000 is a tenth of a 200,000-row import's memory and as fast.
WRITE_CHUNK = 2000

__all__ = [
    "ImportPlan",
    "ImportRejected",
    "ImportResult",
    "PeopleIndex",
    "PlannedRow",
    "RowProblem",
    "build_plan",
    "check_writable",
    "parse_category",
    "write_plan",
]

_YES = {"yes", "y", "true", "1", "x", "key", "✓", "✔", "☑", "☒"}
_NO = {"", "no", "n", "false", "0", "-", "✗", "✘", "☐"}

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


# Planning and writing make a few objects for every row, none in a cycle: with the cycle
# collector on, each full collection walked every row made so far (7 % of a 200,000-row
# import, 4 % of a 20,000-row one: the import grew faster than its rows).
@without_collector
def build_plan(
    case: CaseFile,
    table: SourceTable,
    agency: Agency,
    mapping: dict[str, str],
    today: dt.date | None = None,
) -> ImportPlan:
    """Plan every row of `table`. The plan keeps nothing of the table (the caller may let it
    go): what it needs of each row is in its compact record."""
    check_mapping(mapping, table.headers)
    assert agency.id is not None
    today = today or dt.date.today()
    columns = {fld: table.headers.index(header) for fld, header in mapping.items()}
    people = PeopleIndex.of_case(case)
    shared: dict[PartialDate, PartialDate] = {}  # one date object per day, for all its rows
    planned = [_plan_row(row, table.file_name, mapping, columns, people, today, shared)
               for row in table.rows]
    if table.above_header and planned:
        # Said with the first row, so the preview and the command line both show it.
        first = planned[0]
        first.warnings = (*first.warnings, *(RowProblem(
            ref, "(above the header)", f"'{text}' stands above the header row and is read as "
            "a title, not as an entry.") for ref, text in table.above_header))
    _find_duplicates(case, agency, mapping, planned)
    return ImportPlan(agency, table.file_name, dict(mapping), planned)


def _find_duplicates(case: CaseFile, agency: Agency, mapping: dict[str, str],
                     planned: list[RowRecord]) -> None:
    """Mark each valid row that looks like an entry already in the case, or else like an
    earlier row of the file (same date and agency, near-identical text).

    Only rows of the same day are ever compared, so the file is taken a day at a time: the
    normalised texts of one day are held, never the whole file's (200,000 of them were ~70 MB
    with their index), and only the case's entries on the file's days are loaded."""
    assert agency.id is not None
    days: dict[str, list[int]] = {}  # stored date -> the file's valid rows on it, in order
    stored: dict[PartialDate, str] = {}
    for index, item in enumerate(planned):
        if item.values is not None:
            date = item.values.date
            day = stored.get(date)
            if day is None:
                day = stored[date] = date.stored()
            days.setdefault(day, []).append(index)
    finder = DuplicateFinder.from_rows(
        row for row in entry_texts_of_agency(case, agency.id) if row[1] in days)
    column = mapping["what_happened"]
    for day, indices in days.items():
        in_file = DuplicateFinder()
        for index in indices:
            item = planned[index]
            assert item.values is not None
            # Normalised once: compared with the case's entries and the day's earlier rows.
            key = normalise(item.values.what)
            item.duplicate_of = finder.find_normalised(day, agency.id, key)
            if item.duplicate_of is None:
                item.duplicate_of_row = in_file.find_normalised(day, agency.id, key)
            in_file.add_normalised(index, day, agency.id, key)
            if item.duplicate_of is not None:
                item.warnings = (*item.warnings, RowProblem(
                    item.ref, column,
                    f"looks like entry #{item.duplicate_of} already in the case (same date and "
                    "agency, near-identical text); it will be imported and flagged.",
                ))
            elif item.duplicate_of_row is not None:
                item.warnings = (*item.warnings, RowProblem(
                    item.ref, column,
                    f"looks like {planned[item.duplicate_of_row].ref} of this file; it will be "
                    "imported and flagged.",
                ))


def _plan_row(
    row: SourceRow,
    file_name: str,
    mapping: dict[str, str],
    columns: dict[str, int],
    people: PeopleIndex,
    today: dt.date,
    shared: dict[PartialDate, PartialDate],
) -> RowRecord:
    errors: list[RowProblem] = []
    warnings: list[RowProblem] = []

    def cell(fld: str) -> object:
        return row.get(columns[fld]) if fld in columns else None

    def text(fld: str) -> str:
        value = cell(fld)
        if value is None:
            return ""
        if value.__class__ is float or value.__class__ is int:
            return _number(value, fld)
        return str(value).strip()

    def _number(value: float, fld: str) -> str:
        """A spreadsheet number as Excel shows it: 15 significant digits (0.1 + 0.2 is 0.3,
        not 0.30000000000000004). A longer one (a crime or case number typed as a number)
        lost its last digits when it was typed, and its float's digits were imported as if
        they were the reference's: refused."""
        if abs(value) >= 1e15:
            problem(errors, fld, f"{value:.15g} is a number longer than the 15 digits Excel "
                    "keeps, so its last digits were lost when it was typed (a reference typed "
                    "as a number?); format the column as Text in Excel, type the values "
                    "again and save it.")
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return format(value, ".15g") if isinstance(value, float) else str(value)

    def problem(target: list[RowProblem], fld: str, message: str) -> None:
        target.append(RowProblem(row.ref, mapping.get(fld, TARGETS_BY_FIELD[fld].label), message))

    def refused() -> RowRecord:
        # What the file said, so the preview can show an invalid row as written.
        raw = {fld: text(fld) for fld in ("event_date", "event_time", "what_happened")}
        return RowRecord(row.ref, None, tuple(errors), tuple(warnings) or NO_PROBLEMS, raw)

    if row.suspicious:
        errors.append(RowProblem(row.ref, "(whole row)", row.suspicious))
    date: EventDate | None = None
    time = ""
    try:
        written = cell("event_date")
        date, time = parse_event_date_and_time(written, today=today)
        if written.__class__ is str and len(str(written)) > 16 and str(written)[:1].isdigit() \
                and uk_time(str(written)) is not None:
            # Said, so the preview's day and time differing from the file's is not a surprise.
            problem(warnings, "event_date", f"'{str(written).strip()}' is written with its "
                    f"time zone; recorded in UK time, as {date.date} {time}.")
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
    if not source_ref and "source_ref" in columns:
        problem(
            warnings,
            "source_ref",
            "no source document given; the return itself "
            f"({file_name}, {row.ref}) is recorded as the source.",
        )
    if date is None or errors:
        return refused()
    # Checked as the entry it will be written as; kept as RowValues, not as this object.
    entry = ChronologyEntry(
        event_date=date.date,
        date_qualifier=date.qualifier,
        date_until=date.until,
        recorded_on=recorded_on,
        agency_id=AgencyId(0),
        what_happened=what,
        source_ref=source_ref or f"{file_name}, {row.ref}",
        event_time=time,
        category=category.value,
        action_taken=text("action_taken"),
        outcome=text("outcome"),
        significance=text("significance"),
        author=text("author"),
        key_event=flags["key_event"],
        disputed=flags["disputed"],
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
        return refused()
    values = RowValues(
        shared.setdefault(date.date, date.date),
        date.qualifier,
        date.until,
        recorded_on,
        sys.intern(time),  # "09:15" as parsed: one string per time of day, not per row
        entry.category,
        what,
        entry.action_taken,
        entry.outcome,
        entry.significance,
        source_ref,
        entry.author,
        entry.key_event,
        entry.disputed,
        tuple(dict.fromkeys([*linked, *named])),
    )
    return RowRecord(row.ref, values, NO_PROBLEMS, tuple(warnings) or NO_PROBLEMS)


def check_writable(plan: ImportPlan, skip_invalid: bool = False) -> None:
    """Refuse (ImportRejected, one line) a plan with invalid rows unless they are to be left
    out, or one with no valid row: checked before any transaction opens."""
    if plan.invalid_count and not skip_invalid:
        report = plan.error_report()
        more = len(report) - 5
        raise ImportRejected(
            f"Nothing imported: {plan.invalid_count} row(s) of {plan.file_name} have errors "
            f"({'; '.join(report[:5])}"
            + (f"; and {more} more" if more > 0 else "")
            + "). Correct them, or skip invalid rows."
        )
    if not plan.valid_count:
        raise ImportRejected(f"Nothing imported: {plan.file_name} has no valid rows.")


@without_collector
def write_plan(tx: Txn, plan: ImportPlan, skip_invalid: bool = False,
               replacing: frozenset[int] = frozenset()) -> ImportResult:
    """Write the plan's valid rows in `tx`. Refuses (nothing written) if any row is invalid,
    unless skip_invalid; then invalid rows are left out and counted. The import operation
    (app/operations/importing.import_return) is the caller: one plan, one transaction, one undo
    entry. `replacing`: ids of entries this same action removes (a corrected return's earlier
    batch); a row resembling one of them is its correction, not a duplicate.

    Written WRITE_CHUNK rows at a time, each chunk's entries built from the plan just before
    and let go after, so the write holds one chunk of entries whatever the size of the
    return; progress is reported (and Cancel checked) per chunk."""
    check_writable(plan, skip_invalid)
    assert plan.agency.id is not None
    batch = ImportBatch(
        agency_id=plan.agency.id,
        file_name=plan.file_name,
        imported_at=now_iso(),
        row_count=plan.valid_count,
        mapping=dict(plan.mapping),
    )
    batch_id = ImportBatchId(tx.add(batch))
    tx.progress.expect(plan.valid_count)
    # The entry id each row of the file got (0: not written), so a duplicate of an earlier
    # row of the same file can point at it: 8 bytes a row.
    id_of_row = array("q", bytes(8 * len(plan.planned)))
    ids: list[EntryId] = []
    duplicates = 0
    chunk: list[tuple[int, ChronologyEntry]] = []

    def flush() -> None:
        written = add_entries(tx, [entry for _index, entry in chunk])
        for (index, _entry), entry_id in zip(chunk, written, strict=True):
            id_of_row[index] = entry_id
        ids.extend(written)
        tx.progress.advance(len(chunk))
        chunk.clear()

    with bulk_cache(tx):  # the duplicate marks too: they touch pages all over the table
        for index, planned in enumerate(plan.planned):
            entry = plan.entry(index)
            if entry is None:
                continue
            found = planned.duplicate_of
            entry.import_batch_id = batch_id
            if found is not None and found not in replacing:
                entry.duplicate_of = EntryId(found)
            if entry.duplicate_of is not None or planned.duplicate_of_row is not None:
                duplicates += 1
            chunk.append((index, entry))
            if len(chunk) >= WRITE_CHUNK:
                flush()
        if chunk:
            flush()
        pairs = [
            (EntryId(id_of_row[index]), EntryId(id_of_row[planned.duplicate_of_row]))
            for index, planned in enumerate(plan.planned)
            if planned.values is not None and planned.duplicate_of_row is not None
            and id_of_row[planned.duplicate_of_row]
        ]
        mark_duplicates(tx, pairs)
    save_mapping(tx, plan.agency.id, plan.mapping)
    return ImportResult(batch_id, ids, plan.invalid_count, duplicates)
