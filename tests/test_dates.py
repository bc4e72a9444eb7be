"""The one date grammar (forms/dates.py), table-driven over every place that reads a date.

"c. 2016", "22/05/16" and "Sept 2016" used to be accepted in the chronology and refused in a
man's record (two grammars). Each row below says what one text means at each strictness, and
the tests check that the chronology import, a man's record and the screening/household style
"whole day" fields all read it that way.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest

from forms.dates import (
    Strictness,
    parse_date,
    parse_date_and_time,
    parse_day,
    parse_optional_date,
    parse_time,
)
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
    assert parse_date(text, today=TODAY) == expected


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
    ("22 Foo 2016", "'Foo' is not a month; expected a date"),
    ("1700", "not a plausible"),
    ("22/05", "expected a date"),
    ("N/A", "expected a date"),
]


@pytest.mark.parametrize(("text", "message"), JUNK)
def test_junk_is_refused_with_a_reason(text: str, message: str) -> None:
    with pytest.raises(InvalidValue, match=message):
        parse_date(text, today=TODAY)


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


# text, read at PARTIAL (the default), and at DAY: the same date or the start of the refusal.
BOTH = [
    ("22/05/2016", PartialDate(2016, 5, 22), PartialDate(2016, 5, 22)),
    ("22/05/16", PartialDate(2016, 5, 22), PartialDate(2016, 5, 22)),
    ("22nd May 2016", PartialDate(2016, 5, 22), PartialDate(2016, 5, 22)),
    ("2016-05-22", PartialDate(2016, 5, 22), PartialDate(2016, 5, 22)),
    ("Sept 2016", PartialDate(2016, 9), "'Sept 2016' gives no day"),
    ("09/2016", PartialDate(2016, 9), "'09/2016' gives no day"),
    ("c. 2016", PartialDate(2016, approximate=True), "'c. 2016' gives no day"),
    ("?22 May 2016", PartialDate(2016, 5, 22, True), "'?22 May 2016' is approximate"),
    ("~2016-05", PartialDate(2016, 5, approximate=True), "'~2016-05' gives no day"),
]


@pytest.mark.parametrize(("text", "partial", "day"), BOTH)
def test_one_grammar_two_strictnesses(text, partial, day) -> None:
    assert parse_date(text, today=TODAY) == partial
    assert parse_date(text, Strictness.PARTIAL, today=TODAY) == partial
    if isinstance(day, PartialDate):
        assert parse_date(text, Strictness.DAY, today=TODAY) == day
        assert parse_day(text, today=TODAY) == day.earliest()
    else:
        with pytest.raises(InvalidValue, match="^" + re.escape(day)):
            parse_date(text, Strictness.DAY, today=TODAY)


@pytest.mark.parametrize(("text", "partial", "_day"), BOTH)
def test_a_mans_record_reads_dates_as_the_chronology_does(text, partial, _day) -> None:
    from forms.male_carer import MALE_CARER_FORM
    from forms.values import check_value

    field = MALE_CARER_FORM.field("engagement.gp_info_sought_on")
    assert check_value(field, text) == partial.stored()


def test_an_import_reads_dates_as_the_record_does(demo_case, tmp_path) -> None:
    from forms.importers.mapping import guess_mapping
    from forms.importers.plan import build_plan
    from forms.importers.readers import read_table
    from storage.chronology_store import agency_by_name

    lines = ["Date,Details,Source"] + [
        f'"{t}",Seen at home.,POL-{i}' for i, (t, *_r) in enumerate(BOTH)
    ]
    path = tmp_path / "police.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    table = read_table(path)
    plan = build_plan(
        demo_case,
        table,
        agency_by_name(demo_case, "Police"),
        guess_mapping(table.headers),
        today=TODAY,
    )
    assert [r.entry.event_date for r in plan.rows if r.entry] == [p for _t, p, _d in BOTH]


def test_blank_is_no_date_only_where_a_date_may_be_left_out() -> None:
    assert parse_optional_date("  ") is None
    assert parse_optional_date(None) is None
    with pytest.raises(InvalidValue, match="empty"):
        parse_date("  ")
