"""Agency date formats, table-driven, and junk that must be refused with a clear message."""

from __future__ import annotations

import datetime as dt

import pytest

from forms.dates_parse import parse_date, parse_date_and_time, parse_time
from storage.dates import PartialDate
from storage.errors import InvalidValue

TODAY = dt.date(2026, 11, 26)

GOOD = [
    ("22/05/2016", PartialDate(2016, 5, 22)),
    ("22/5/16", PartialDate(2016, 5, 22)),
    ("22.05.2016", PartialDate(2016, 5, 22)),
    ("22-05-2016", PartialDate(2016, 5, 22)),
    ("22 May 2016", PartialDate(2016, 5, 22)),
    ("22nd May 2016", PartialDate(2016, 5, 22)),
    ("22-May-16", PartialDate(2016, 5, 22)),
    ("May 22, 2016", PartialDate(2016, 5, 22)),
    ("2016-05-22", PartialDate(2016, 5, 22)),
    ("2016-05-22T10:00:00", PartialDate(2016, 5, 22)),
    ("May 2016", PartialDate(2016, 5)),
    ("Sept 2016", PartialDate(2016, 9)),
    ("05/2016", PartialDate(2016, 5)),
    ("2016-05", PartialDate(2016, 5)),
    ("2016", PartialDate(2016)),
    ("?22 May 2016", PartialDate(2016, 5, 22, approximate=True)),
    ("c. 2016", PartialDate(2016, approximate=True)),
    ("c2016", PartialDate(2016, approximate=True)),
    ("circa May 2016", PartialDate(2016, 5, approximate=True)),
    ("approximately 2016", PartialDate(2016, approximate=True)),
    ("2016?", PartialDate(2016, approximate=True)),
    ("~2016-05", PartialDate(2016, 5, approximate=True)),
    ("  22 /05/2016 ".replace(" /", "/"), PartialDate(2016, 5, 22)),
    ("01/02/98", PartialDate(1998, 2, 1)),
]


@pytest.mark.parametrize(("text", "expected"), GOOD)
def test_agency_date_formats(text: str, expected: PartialDate) -> None:
    assert parse_date(text, TODAY) == expected


def test_spreadsheet_date_cells() -> None:
    assert parse_date(dt.datetime(2016, 5, 22, 0, 0)) == PartialDate(2016, 5, 22)
    assert parse_date_and_time(dt.datetime(2016, 5, 22, 14, 30)) == (
        PartialDate(2016, 5, 22),
        "14:30",
    )
    assert parse_date_and_time("22/05/2016 09:05") == (PartialDate(2016, 5, 22), "09:05")


JUNK = [
    ("", "empty"),
    ("banana", "expected a date"),
    ("13/13/2016", "no month 13"),
    ("05/22/2016", "no month 22"),  # American order is refused, not silently swapped
    ("31/02/2016", "not a real date"),
    ("22 Foo 2016", "expected a date"),
    ("1700", "not a plausible"),
    ("22/05", "expected a date"),
    ("N/A", "expected a date"),
]


@pytest.mark.parametrize(("text", "message"), JUNK)
def test_junk_is_refused_with_a_reason(text: str, message: str) -> None:
    with pytest.raises(InvalidValue, match=message):
        parse_date(text, TODAY)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("14:30", "14:30"),
        ("14.30", "14:30"),
        ("2.30pm", "14:30"),
        ("12am", "00:00"),
        ("1430hrs", "14:30"),
        ("", ""),
        ("not known", ""),
    ],
)
def test_times(text: str, expected: str) -> None:
    assert parse_time(text) == expected


@pytest.mark.parametrize("text", ["25:00", "14", "teatime", "13pm"])
def test_bad_times(text: str) -> None:
    with pytest.raises(InvalidValue):
        parse_time(text)
