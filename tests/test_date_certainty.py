"""An event's date and its certainty: read, sorted, and printed the way courts read them.

Round trip: a CSV return with "before 3/2016", "between May and July 2016", "after 12/06/2016"
and a "Date recorded" column is imported into a real encrypted case, sorted by the chronology's
own SQL order, exported to .docx and .pdf, and read back from those files.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import docx
import pdfplumber
import pytest

from app.operations.export import export_case
from exports.document import ExportFormat, ExportOptions, ExportStyle
from forms.dates import Strictness, parse_date, parse_event_date
from forms.importers.mapping import guess_mapping
from forms.importers.plan import build_plan, write_plan
from forms.importers.readers import read_table
from storage.chronology import ChronologyEntry
from storage.chronology_query import EntryFilter, ordered_ids
from storage.chronology_store import add_entries, agency_by_name, entries, get_entry
from storage.dates import Certainty, DateQualifier, EventDate, PartialDate
from storage.errors import InvalidValue

TODAY = dt.date(2026, 11, 26)
P = PartialDate

# text as typed -> (qualifier, date, until), certainty, court wording
GRAMMAR = [
    ("22/05/2016", (DateQualifier.ON, P(2016, 5, 22), None), Certainty.EXACT, "22 May 2016"),
    ("?22/05/2016", (DateQualifier.ON, P(2016, 5, 22, True), None), Certainty.APPROXIMATE,
     "?22 May 2016"),
    ("c. 2016", (DateQualifier.ON, P(2016, approximate=True), None), Certainty.APPROXIMATE,
     "?2016"),
    ("Sept 2016", (DateQualifier.ON, P(2016, 9), None), Certainty.MONTH_ONLY, "September 2016"),
    ("2016", (DateQualifier.ON, P(2016), None), Certainty.YEAR_ONLY, "2016"),
    ("before 3/2016", (DateQualifier.BEFORE, P(2016, 3), None), Certainty.BEFORE,
     "before March 2016"),
    ("after 12/06/2016", (DateQualifier.AFTER, P(2016, 6, 12), None), Certainty.AFTER,
     "after 12 June 2016"),
    ("between May and July 2016", (DateQualifier.BETWEEN, P(2016, 5), P(2016, 7)),
     Certainty.BETWEEN, "between May and July 2016"),
    ("between 3 and 10 May 2016", (DateQualifier.BETWEEN, P(2016, 5, 3), P(2016, 5, 10)),
     Certainty.BETWEEN, "between 3 and 10 May 2016"),
    ("28/04/2016 to 03/05/2016", (DateQualifier.BETWEEN, P(2016, 4, 28), P(2016, 5, 3)),
     Certainty.BETWEEN, "between 28 April and 3 May 2016"),
    ("between Dec 2015 and Feb 2016", (DateQualifier.BETWEEN, P(2015, 12), P(2016, 2)),
     Certainty.BETWEEN, "between December 2015 and February 2016"),
]


@pytest.mark.parametrize(("text", "parts", "certainty", "court"), GRAMMAR)
def test_grammar_reads_certainty_and_prints_it_for_court(text, parts, certainty, court) -> None:
    qualifier, date, until = parts
    found = parse_event_date(text, today=TODAY)
    assert found == EventDate(date, qualifier, until)
    assert found.certainty is certainty
    assert found.court() == court
    # What the app shows and what the court reads both read back to the same date.
    assert parse_event_date(found.display(), today=TODAY) == found
    assert parse_event_date(found.court(), today=TODAY) == found


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("between July and May 2016", "the first date \\(July 2016\\) must come before"),
        ("before banana", "'banana' is not a date"),
        ("between May and Smarch 2016", "'Smarch' is not a month"),
        ("after", "not a date Visible can read"),
    ],
)
def test_bad_ranges_are_refused_with_one_line(text, message) -> None:
    with pytest.raises(InvalidValue, match=message):
        parse_event_date(text, today=TODAY)


@pytest.mark.parametrize("strictness", [Strictness.PARTIAL, Strictness.DAY])
def test_only_an_events_date_can_be_a_range(strictness) -> None:
    with pytest.raises(InvalidValue, match="only a chronology event's date can be before"):
        parse_date("between May and July 2016", strictness)


def test_sorting_places_bounds_and_ranges_sensibly(new_case) -> None:
    police = agency_by_name(new_case, "Police").id
    typed = [
        "after June 2016", "15/06/2016", "before 3/2016", "29/02/2016", "March 2016",
        "after 12/06/2016", "12/06/2016", "between May and July 2016", "01/05/2016",
        "2016", "before 2016",
    ]
    with new_case.transaction("Add") as tx:
        made = []
        for n, text in enumerate(typed):
            entry = ChronologyEntry(P(2000), police, text, f"POL-{n}")
            entry.when = parse_event_date(text, today=TODAY)
            made.append(entry)
        add_entries(tx, made)
    order = [get_entry(new_case, i).what_happened for i in ordered_ids(new_case, EntryFilter())]
    assert order == [
        "before 2016",  # before every entry dated 2016, even "2016" itself
        "2016",
        "29/02/2016",
        "before 3/2016",  # after February, before anything in March
        "March 2016",
        "between May and July 2016",  # where its range opens, with May's month-only entries
        "01/05/2016",
        "12/06/2016",
        "after 12/06/2016",  # after everything on 12 June, before 13 June
        "15/06/2016",
        "after June 2016",  # after all of June
    ]


CSV = """Date,Date recorded,Details,Source,Key event
between May and July 2016,02/08/2016,Mother said Liam stayed over most weekends.,HV-1,yes
?22 May 2016,24/05/2016,Neighbour heard a baby crying for hours.,POL-7,yes
before 3/2016,,Liam told his GP he was smoking cannabis daily.,GP-3,yes
after 12/06/2016,14/06/2016,Liam moved into the flat.,HSG-2,yes
12/06/2016,12/06/2016,Housing visit; Liam not seen.,HSG-1,yes
"""
EXPECTED_ORDER = [
    ("before March 2016", ""),
    ("between May and July 2016", "(recorded 2 August 2016)"),
    ("?22 May 2016", "(recorded 24 May 2016)"),
    ("12 June 2016", ""),  # recorded the same day: not repeated
    ("after 12 June 2016", "(recorded 14 June 2016)"),
]


@pytest.fixture
def imported(demo_case, tmp_path: Path):
    path = tmp_path / "housing.csv"
    path.write_text(CSV, encoding="utf-8")
    table = read_table(path)
    mapping = guess_mapping(table.headers)
    assert mapping["recorded_on"] == "Date recorded"
    agency = agency_by_name(demo_case, "Housing")
    plan = build_plan(demo_case, table, agency, mapping, today=TODAY)
    assert not plan.invalid_rows, plan.error_report()
    with demo_case.transaction("Import housing") as tx:
        write_plan(tx, plan)
    return demo_case


def _imported_rows(case) -> list[ChronologyEntry]:
    return [e for e in entries(case) if e.source_ref.startswith(("HV-1", "POL-7", "GP-3", "HSG"))]


def test_import_keeps_certainty_and_date_recorded(imported) -> None:
    found = _imported_rows(imported)
    assert [(e.when.court(), e.recorded_on) for e in found] == [
        ("before March 2016", None),
        ("between May and July 2016", P(2016, 8, 2)),
        ("?22 May 2016", P(2016, 5, 24)),
        ("12 June 2016", P(2016, 6, 12)),
        ("after 12 June 2016", P(2016, 6, 14)),
    ]


def _docx_date_cells(path: Path) -> list[str]:
    table = docx.Document(str(path)).tables[-1]
    return [row.cells[1].text for row in table.rows[1:]]


@pytest.mark.parametrize("style", [ExportStyle.COURT, ExportStyle.REVIEW])
def test_exports_print_dates_as_courts_read_them(imported, tmp_path: Path, style) -> None:
    out = tmp_path / f"{style}.docx"
    export_case(imported, ExportOptions(format=ExportFormat.DOCX, style=style), out)
    column = 1 if style is ExportStyle.COURT else 0
    table = docx.Document(str(out)).tables[-1]
    cells = [row.cells[column].text for row in table.rows[1:]]
    ours = [c for c in cells if "2016" in c]
    assert [c.split("\n")[0] for c in ours] == [d for d, _ in EXPECTED_ORDER]
    for cell, (_date, recorded) in zip(ours, EXPECTED_ORDER, strict=True):
        assert (recorded in cell) if recorded else ("recorded" not in cell)

    pdf = tmp_path / f"{style}.pdf"
    export_case(imported, ExportOptions(format=ExportFormat.PDF, style=style), pdf)
    with pdfplumber.open(str(pdf)) as document:
        # The chronology's own table (its header row is repeated on every page it runs
        # over), not the review's other tables (a man's contacts per quarter has dates too).
        rows = [row for page in document.pages for table in page.extract_tables()
                if len(table[0]) >= 5 and table[0][column] == "Date" for row in table[1:]]
    # A narrow column wraps "between May and July 2016" over lines; the cell is one text.
    dates = [" ".join((row[column] or "").split()) for row in rows]
    ours = [d for d in dates if "2016" in d]
    assert [d.split(" (recorded")[0] for d in ours] == [d for d, _ in EXPECTED_ORDER]
    assert "between May and July 2016 (recorded 2 August 2016)" in ours
